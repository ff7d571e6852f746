//! The short form that offers a first-time user the health profile: the precautions as a
//! list to mark, saved with Enter or skipped with Esc. It is offered once; either way the
//! profile remembers it was (`form_offered`), and `knead profile` changes it later.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::theme::Theme;
use super::widgets::{footer, too_small};
use crate::profile::Profile;
use crate::routine::Precaution;

/// The precautions the form lists: all but a recent surgery, which needs its area and is
/// added on the command line.
const OFFERED: &[Precaution] = &[
    Precaution::Pregnancy,
    Precaution::BloodThinners,
    Precaution::ClotHistory,
    Precaution::Implant,
    Precaution::Osteoporosis,
    Precaution::HighBloodPressure,
    Precaution::HandArthritis,
    Precaution::FragileSkin,
];

/// How each precaution is named in the form, in full.
fn label(precaution: Precaution) -> &'static str {
    match precaution {
        Precaution::Pregnancy => "pregnancy",
        Precaution::BloodThinners => "blood thinners or a clotting disorder",
        Precaution::ClotHistory => "a past clot, or varicose veins",
        Precaution::Implant => "a pacemaker, defibrillator, port or other implant",
        Precaution::Osteoporosis => "osteoporosis",
        Precaution::HighBloodPressure => "high blood pressure",
        Precaution::HandArthritis => "arthritis of the hands",
        Precaution::FragileSkin => "fragile skin (older age, steroid use)",
        Precaution::RecentSurgery => "recent surgery or injury",
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormAction {
    /// Keep the profile as marked.
    Save(Profile),
    /// Leave the profile as it was.
    Skip,
}

#[derive(Clone, Debug)]
pub struct ProfileForm {
    profile: Profile,
    row: usize,
}

impl ProfileForm {
    pub fn new(profile: Profile) -> Self {
        ProfileForm { profile, row: 0 }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<FormAction> {
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.row = self.row.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => self.row = (self.row + 1).min(OFFERED.len() - 1),
            KeyCode::Char(' ') | KeyCode::Char('x') => {
                let precaution = OFFERED[self.row];
                if self.profile.has(precaution) {
                    self.profile.remove(precaution);
                } else {
                    self.profile.add(precaution);
                }
            }
            KeyCode::Enter => return Some(FormAction::Save(self.profile.clone())),
            KeyCode::Esc | KeyCode::Char('q') => return Some(FormAction::Skip),
            _ => {}
        }
        None
    }
}

pub struct ProfileFormView<'a> {
    pub form: &'a ProfileForm,
    pub theme: &'a Theme,
}

impl Widget for &ProfileFormView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if too_small(area, buf, self.theme) {
            return;
        }
        let theme = self.theme;
        let [title, body, keys] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1)]).areas(area);
        Line::from(vec![
            Span::styled(" knead ", theme.title),
            Span::styled("· your health profile, if you like", theme.dim),
        ])
        .render(title, buf);
        footer(
            &[
                ("↑↓", "move"),
                ("Space", "mark"),
                ("Enter", "save"),
                ("Esc", "skip"),
            ],
            theme,
        )
        .render(keys, buf);
        let mut lines = vec![
            Line::raw(""),
            Line::raw(
                "Some steps do not suit everyone. Mark what applies to you, and every routine \
                 leaves out or softens those steps, saying so. This is asked once; \
                 `knead profile` changes it any time. It replaces no clinician's advice: ask \
                 one first with any of these.",
            ),
            Line::raw(""),
        ];
        for (i, &precaution) in OFFERED.iter().enumerate() {
            let mark = if self.form.profile.has(precaution) {
                "[x]"
            } else {
                "[ ]"
            };
            let pointer = if i == self.form.row { "› " } else { "  " };
            let style = if i == self.form.row {
                theme.selected
            } else {
                theme.text
            };
            lines.push(Line::from(vec![
                Span::styled(pointer, theme.accent),
                Span::styled(format!("{mark} {}", label(precaution)), style),
            ]));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "A recent surgery or injury: `knead profile add recent-surgery --area AREA`.",
            theme.dim,
        ));
        let inner = body.inner(ratatui::layout::Margin {
            horizontal: 1,
            vertical: 0,
        });
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::KeyModifiers;

    fn press(form: &mut ProfileForm, code: KeyCode) -> Option<FormAction> {
        form.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn marked_precautions_are_saved_and_esc_skips() {
        let mut form = ProfileForm::new(Profile::default());
        press(&mut form, KeyCode::Down);
        press(&mut form, KeyCode::Char(' '));
        for _ in 0..10 {
            press(&mut form, KeyCode::Down);
        }
        press(&mut form, KeyCode::Char(' '));
        press(&mut form, KeyCode::Up);
        press(&mut form, KeyCode::Char(' '));
        press(&mut form, KeyCode::Char(' '));
        let Some(FormAction::Save(profile)) = press(&mut form, KeyCode::Enter) else {
            panic!("not saved");
        };
        assert_eq!(
            profile.precautions(),
            [Precaution::BloodThinners, Precaution::FragileSkin]
        );
        assert_eq!(press(&mut form, KeyCode::Esc), Some(FormAction::Skip));
    }

    #[test]
    fn the_form_lists_every_precaution_and_how_to_leave() {
        let mut form = ProfileForm::new(Profile::new(&[Precaution::Implant], &[]));
        press(&mut form, KeyCode::Down);
        let theme = Theme::choose(true, false);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|frame| {
                frame.render_widget(
                    &ProfileFormView {
                        form: &form,
                        theme: &theme,
                    },
                    frame.area(),
                )
            })
            .unwrap();
        let screen: String = terminal
            .backend()
            .buffer()
            .content()
            .chunks(80)
            .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
            .collect();
        assert!(
            screen.contains("› [ ] blood thinners or a clotting disorder"),
            "{screen}"
        );
        assert!(
            screen.contains("[x] a pacemaker, defibrillator, port or other implant"),
            "{screen}"
        );
        assert!(screen.contains("[ ] fragile skin"), "{screen}");
        assert!(screen.contains("replaces no clinician's advice"), "{screen}");
        assert!(screen.contains("Enter save  Esc skip"), "{screen}");
    }
}
