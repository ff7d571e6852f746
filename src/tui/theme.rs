//! Colours and text styles. A sleep routine gets a dim night palette; `NO_COLOR` gets none at
//! all, and then every cue must still read as text (labels, not colours, carry the meaning).

use ratatui::style::{Color, Modifier, Style};

use crate::routine::Side;
/// Whether the environment allows colour: `NO_COLOR` unset or empty (https://no-color.org),
/// and `TERM` not a terminal known to lack it (see [`term_lacks_colour`]).
pub fn colour_allowed() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let term = std::env::var("TERM").unwrap_or_default();
    !no_color && !term_lacks_colour(&term)
}

/// Terminals that show no colour, by their `TERM`: `dumb`, the DEC terminals `vt52`, `vt100`,
/// `vt102` and `vt220`, and the monochrome entries of terminfo, whose names end in `-m` or
/// `-mono` (`xterm-mono`, `vt100-m`, `linux-m`). A short list rather than a terminfo lookup:
/// knead reads no terminfo database.
pub fn term_lacks_colour(term: &str) -> bool {
    matches!(term, "dumb" | "vt52" | "vt100" | "vt102" | "vt220")
        || term.ends_with("-m")
        || term.ends_with("-mono")
}

/// The calendar's shades by level, as 256-colour indexes: grey for none, then greens from
/// dim to bright by day; warm and dim at night. `knead stats` paints with the day's.
pub const HEAT_MAP_DAY: [u8; 5] = [240, 22, 28, 34, 46];
pub const HEAT_MAP_NIGHT: [u8; 5] = [59, 94, 95, 137, 173];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Palette {
    Day,
    Night,
    NoColor,
}

#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub palette: Palette,
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub accent: Style,
    pub border: Style,
    pub selected: Style,
    pub warning: Style,
    pub gauge: Style,
    pub key: Style,
}

impl Theme {
    pub fn new(palette: Palette) -> Self {
        let plain = Style::default();
        match palette {
            Palette::Day => Theme {
                palette,
                text: plain,
                dim: Style::new().fg(Color::DarkGray),
                title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                accent: Style::new().fg(Color::LightCyan).add_modifier(Modifier::BOLD),
                border: Style::new().fg(Color::Cyan),
                selected: Style::new()
                    .bg(Color::Cyan)
                    .fg(Color::Black)
                    .add_modifier(Modifier::BOLD),
                warning: Style::new().fg(Color::Yellow),
                gauge: Style::new().fg(Color::Cyan),
                key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            },
            // Low-contrast, warm and dark: nothing bright at bedtime.
            Palette::Night => Theme {
                palette,
                text: Style::new().fg(Color::Indexed(138)),
                dim: Style::new().fg(Color::Indexed(95)),
                title: Style::new().fg(Color::Indexed(137)),
                accent: Style::new().fg(Color::Indexed(173)),
                border: Style::new().fg(Color::Indexed(59)),
                selected: Style::new().bg(Color::Indexed(58)).fg(Color::Indexed(180)),
                warning: Style::new().fg(Color::Indexed(137)),
                gauge: Style::new().fg(Color::Indexed(95)),
                key: Style::new().fg(Color::Indexed(137)),
            },
            Palette::NoColor => Theme {
                palette,
                text: plain,
                dim: plain,
                title: Style::new().add_modifier(Modifier::BOLD),
                accent: Style::new().add_modifier(Modifier::BOLD),
                border: plain,
                selected: Style::new().add_modifier(Modifier::REVERSED),
                warning: plain,
                gauge: plain,
                key: Style::new().add_modifier(Modifier::BOLD),
            },
        }
    }

    /// The palette for a screen: no colour when asked, night for sleep routines.
    pub fn choose(no_color: bool, night: bool) -> Self {
        Theme::new(match (no_color, night) {
            (true, _) => Palette::NoColor,
            (false, true) => Palette::Night,
            (false, false) => Palette::Day,
        })
    }

    /// The shade of a calendar level; none without colour, where the characters alone tell
    /// the levels apart.
    pub fn heat_level(&self, level: u8) -> Style {
        let level = usize::from(level).min(HEAT_MAP_DAY.len() - 1);
        match self.palette {
            Palette::NoColor => Style::new(),
            Palette::Day => Style::new().fg(Color::Indexed(HEAT_MAP_DAY[level])),
            Palette::Night => Style::new().fg(Color::Indexed(HEAT_MAP_NIGHT[level])),
        }
    }

    /// The full-width band that names the side being worked: each side in its own colour, in
    /// reverse video without colour.
    pub fn side_band(&self, side: Side) -> Style {
        let (left, right, both) = match self.palette {
            Palette::NoColor => return Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            Palette::Day => (Color::Cyan, Color::Magenta, Color::Gray),
            // Dark, warm grounds: a band, not a light.
            Palette::Night => (Color::Indexed(58), Color::Indexed(53), Color::Indexed(237)),
        };
        let ground = match side {
            Side::Left => left,
            Side::Right => right,
            Side::Both | Side::Each => both,
        };
        let ink = match self.palette {
            Palette::Night => Color::Indexed(180),
            _ => Color::Black,
        };
        Style::new().bg(ground).fg(ink).add_modifier(Modifier::BOLD)
    }

    /// The large L or R beside the body figure, in its side's colour.
    pub fn side_letter(&self, side: Side) -> Style {
        match (self.palette, side) {
            (Palette::NoColor, _) => Style::new().add_modifier(Modifier::BOLD),
            (Palette::Day, Side::Right) => Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            (Palette::Day, _) => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            (Palette::Night, _) => self.accent,
        }
    }

    /// The colour of a pressure level (1 to 3) on the meter.
    pub fn pressure(&self, level: u8) -> Style {
        match self.palette {
            Palette::NoColor => Style::new().add_modifier(Modifier::BOLD),
            Palette::Night => self.accent,
            Palette::Day => Style::new()
                .fg(match level {
                    1 => Color::Green,
                    2 => Color::Yellow,
                    _ => Color::LightRed,
                })
                .add_modifier(Modifier::BOLD),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminals_without_colour_are_known_by_their_term() {
        for term in ["dumb", "vt100", "vt220", "xterm-mono", "vt100-m", "linux-m"] {
            assert!(term_lacks_colour(term), "{term}");
        }
        for term in ["xterm", "xterm-256color", "screen", "tmux-256color", "linux", ""] {
            assert!(!term_lacks_colour(term), "{term}");
        }
    }
}
