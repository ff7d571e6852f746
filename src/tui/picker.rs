//! The picker: body areas on the left, that area's routines in the middle, the chosen
//! routine's details on the right. State and key handling here; drawing in `picker_view`.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::routine::{Area, Library, Routine};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Areas,
    Routines,
}

/// What the picker asks of the program after a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickerAction {
    Start(String),
    Leave,
}

#[derive(Debug)]
pub struct Picker {
    /// `None` is "all routines", first in the list.
    pub areas: Vec<(Option<Area>, usize)>,
    pub area_index: usize,
    pub routine_index: usize,
    pub focus: Focus,
    /// `Some` while the person is typing a filter after `/`.
    pub filter: Option<String>,
    pub last_done: HashMap<String, DateTime<FixedOffset>>,
    routines: Vec<Routine>,
}

impl Picker {
    pub fn new(
        library: &Library,
        area: Option<Area>,
        last_done: HashMap<String, DateTime<FixedOffset>>,
    ) -> Self {
        let mut areas = vec![(None, library.routines().len())];
        areas.extend(
            Area::ALL
                .iter()
                .map(|&a| (Some(a), library.in_area(a).count()))
                .filter(|(_, count)| *count > 0),
        );
        let area_index = area
            .and_then(|a| areas.iter().position(|(x, _)| *x == Some(a)))
            .unwrap_or(0);
        Picker {
            areas,
            area_index,
            routine_index: 0,
            focus: if area.is_some() {
                Focus::Routines
            } else {
                Focus::Areas
            },
            filter: None,
            last_done,
            routines: library.routines().to_vec(),
        }
    }

    pub fn area(&self) -> Option<Area> {
        self.areas[self.area_index].0
    }

    /// The routines in the middle column: the chosen area's, or while filtering, every
    /// routine whose name, id or summary holds the typed text.
    pub fn visible(&self) -> Vec<&Routine> {
        match self.filter.as_deref() {
            Some(typed) if !typed.is_empty() => {
                let needle = typed.to_lowercase();
                self.routines
                    .iter()
                    .filter(|r| {
                        r.name.to_lowercase().contains(&needle)
                            || r.id.contains(&needle)
                            || r.summary.to_lowercase().contains(&needle)
                            || r.areas.iter().any(|a| a.as_str().contains(&needle))
                    })
                    .collect()
            }
            _ => {
                let area = self.area();
                self.routines
                    .iter()
                    .filter(|r| area.is_none_or(|a| r.has_area(a)))
                    .collect()
            }
        }
    }

    pub fn selected(&self) -> Option<&Routine> {
        self.visible().get(self.routine_index).copied()
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<PickerAction> {
        if self.filter.is_some() {
            return self.filter_key(key);
        }
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => return Some(PickerAction::Leave),
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return Some(PickerAction::Leave);
            }
            KeyCode::Char('/') => {
                self.filter = Some(String::new());
                self.focus = Focus::Routines;
                self.routine_index = 0;
            }
            KeyCode::Up | KeyCode::Char('k') => self.move_by(-1),
            KeyCode::Down | KeyCode::Char('j') => self.move_by(1),
            KeyCode::Home | KeyCode::Char('g') => self.move_by(-1000),
            KeyCode::End | KeyCode::Char('G') => self.move_by(1000),
            KeyCode::Left | KeyCode::Char('h') | KeyCode::BackTab => self.focus = Focus::Areas,
            KeyCode::Right | KeyCode::Char('l') | KeyCode::Tab => self.focus = Focus::Routines,
            KeyCode::Enter => match self.focus {
                Focus::Areas => self.focus = Focus::Routines,
                Focus::Routines => return self.selected().map(|r| PickerAction::Start(r.id.clone())),
            },
            _ => {}
        }
        None
    }

    fn filter_key(&mut self, key: KeyEvent) -> Option<PickerAction> {
        let typed = self.filter.get_or_insert_with(String::new);
        match key.code {
            KeyCode::Esc => self.filter = None,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return Some(PickerAction::Leave);
            }
            KeyCode::Enter => return self.selected().map(|r| PickerAction::Start(r.id.clone())),
            KeyCode::Backspace => {
                typed.pop();
            }
            KeyCode::Up => self.move_by(-1),
            KeyCode::Down => self.move_by(1),
            KeyCode::Char(c) if !c.is_control() && typed.chars().count() < 40 => typed.push(c),
            _ => {}
        }
        let count = self.visible().len();
        self.routine_index = self.routine_index.min(count.saturating_sub(1));
        None
    }

    fn move_by(&mut self, delta: isize) {
        let (index, len) = match self.focus {
            Focus::Areas => (&mut self.area_index, self.areas.len()),
            Focus::Routines => {
                let len = self.visible().len();
                (&mut self.routine_index, len)
            }
        };
        if len == 0 {
            return;
        }
        *index = index.saturating_add_signed(delta).min(len - 1);
        if self.focus == Focus::Areas {
            self.routine_index = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn picker() -> Picker {
        Picker::new(&Library::built_in().library, None, HashMap::new())
    }

    #[test]
    fn choosing_an_area_narrows_the_routines() {
        let mut p = picker();
        let all = p.visible().len();
        let neck = p.areas.iter().position(|(a, _)| *a == Some(Area::Neck)).unwrap();
        for _ in 0..neck {
            p.handle_key(key(KeyCode::Down));
        }
        assert_eq!(p.area(), Some(Area::Neck));
        assert!(p.visible().len() < all);
        assert!(p.visible().iter().all(|r| r.has_area(Area::Neck)));
        p.handle_key(key(KeyCode::Enter));
        assert_eq!(p.focus, Focus::Routines);
        let chosen = p.selected().unwrap().id.clone();
        assert_eq!(
            p.handle_key(key(KeyCode::Enter)),
            Some(PickerAction::Start(chosen))
        );
    }

    #[test]
    fn typing_a_filter_searches_every_area() {
        let mut p = picker();
        p.handle_key(key(KeyCode::Char('/')));
        for c in "temple t".chars() {
            p.handle_key(key(KeyCode::Char(c)));
        }
        assert_eq!(p.selected().unwrap().id, "temple-tension");
        p.handle_key(key(KeyCode::Esc));
        assert_eq!(p.filter, None);
        assert_eq!(p.handle_key(key(KeyCode::Char('q'))), Some(PickerAction::Leave));
    }

    #[test]
    fn moving_stays_in_range() {
        let mut p = picker();
        p.handle_key(key(KeyCode::Up));
        assert_eq!(p.area_index, 0);
        for _ in 0..100 {
            p.handle_key(key(KeyCode::Down));
        }
        assert_eq!(p.area_index, p.areas.len() - 1);
    }
}
