//! Every key of every screen, in one table: a key is bound, shown in the footer and explained
//! in the help from the same entry (as gitui's `keys/key_list.rs`). [`action`] turns a key
//! press into what it means on a screen; it is a plain function, tested without a terminal.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Where a key is pressed: a screen, or a state of one that reads keys differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The picker's columns.
    Picker,
    /// Typing the picker's filter.
    PickerFilter,
    /// The chosen routine's details, the full width of the window.
    PickerDetails,
    /// "Leave knead?", asked when Esc has no level left to go back to.
    PickerLeave,
    History,
    /// A session's overview, before it begins; `rating` when it asks how tense the person is.
    Overview {
        rating: bool,
    },
    /// A session's timer runs.
    Session,
    Paused,
    /// "End the session?"
    ConfirmEnd,
    /// "How tense do you feel now?"
    AskAfter,
    /// The end screen.
    End,
    /// The keys of the screen beneath, over it.
    Help,
}

/// What a key asks for. The screen's owner decides what it does there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Ctrl-C: leave knead at once, from anywhere.
    Quit,
    /// Ctrl-Z: hand the terminal back to the shell.
    Suspend,
    Help,
    CloseHelp,
    /// Esc: one level back (the filter, the details, the routines, then the question).
    Back,
    /// `q` in the picker: leave knead.
    Leave,
    Up,
    Down,
    First,
    Last,
    PageUp,
    PageDown,
    /// To the picker's left column.
    Categories,
    /// To the picker's routines.
    Routines,
    /// Enter in the picker: open the need or area, start the routine.
    Open,
    Details,
    Filter,
    History,
    /// A character typed into the filter.
    Type(char),
    /// A digit of a tension rating.
    Rate(char),
    Erase,
    Yes,
    No,
    Begin,
    TogglePause,
    Next,
    Previous,
    Extend,
    /// Ask to end the session.
    End,
    /// Leave the end screen (or the after-question, answered or not).
    Done,
}

/// A key as the table names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Code(KeyCode),
    Ctrl(char),
    /// Any digit, 0 to 9.
    Digit,
    /// Any printable character.
    Text,
}

impl Key {
    fn matches(self, key: &KeyEvent) -> bool {
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SUPER);
        match (self, key.code) {
            (Key::Char(c), KeyCode::Char(k)) => plain && c == k,
            (Key::Code(code), k) => plain && code == k,
            (Key::Ctrl(c), KeyCode::Char(k)) => {
                key.modifiers.contains(KeyModifiers::CONTROL) && c == k.to_ascii_lowercase()
            }
            (Key::Digit, KeyCode::Char(k)) => plain && k.is_ascii_digit(),
            (Key::Text, KeyCode::Char(k)) => plain && !k.is_control(),
            _ => false,
        }
    }

    /// How the footer and the help write the key.
    pub fn name(self) -> String {
        match self {
            Key::Char(' ') => "Space".to_string(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Digit => "0-9".to_string(),
            Key::Text => "type".to_string(),
            Key::Code(code) => match code {
                KeyCode::Up => "↑".to_string(),
                KeyCode::Down => "↓".to_string(),
                KeyCode::Left => "←".to_string(),
                KeyCode::Right => "→".to_string(),
                KeyCode::Enter => "Enter".to_string(),
                KeyCode::Esc => "Esc".to_string(),
                KeyCode::Tab => "Tab".to_string(),
                KeyCode::BackTab => "Shift-Tab".to_string(),
                KeyCode::Backspace => "Backspace".to_string(),
                KeyCode::PageUp => "PgUp".to_string(),
                KeyCode::PageDown => "PgDn".to_string(),
                KeyCode::Home => "Home".to_string(),
                KeyCode::End => "End".to_string(),
                other => other.to_string(),
            },
        }
    }
}

/// One entry of the table.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// The keys the footer and the help name.
    pub keys: &'static [Key],
    /// More keys that do the same, named only in the help.
    pub aliases: &'static [Key],
    /// What the key means there. `Type` and `Rate` take the character pressed.
    pub action: Action,
    /// Its word in the footer; `None` keeps it to the help. Next entries with the same word
    /// share one hint ("↑↓ move").
    pub footer: Option<&'static str>,
    /// What the help says it does.
    pub help: &'static str,
}

impl Binding {
    /// The help table's left column: every key, aliases too ("→ n").
    pub fn all_names(&self) -> String {
        let names: Vec<String> = self.keys.iter().chain(self.aliases).map(|k| k.name()).collect();
        names.join(" ")
    }
}

use Key::{Char, Code, Ctrl, Digit, Text};

const fn bind(
    keys: &'static [Key],
    aliases: &'static [Key],
    action: Action,
    footer: Option<&'static str>,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        aliases,
        action,
        footer,
        help,
    }
}

/// Keys that mean the same on every screen; the help lists them last.
const EVERYWHERE: &[Binding] = &[
    bind(&[Ctrl('c')], &[], Action::Quit, None, "quit knead at once"),
    bind(&[Ctrl('z')], &[], Action::Suspend, None, "suspend (fg to return)"),
];

const HELP_KEY: Binding = bind(&[Char('?')], &[], Action::Help, Some("help"), "show these keys");

const PICKER: &[Binding] = &[
    bind(
        &[Code(KeyCode::Up)],
        &[Char('k')],
        Action::Up,
        Some("move"),
        "move up",
    ),
    bind(
        &[Code(KeyCode::Down)],
        &[Char('j')],
        Action::Down,
        Some("move"),
        "move down",
    ),
    bind(
        &[Code(KeyCode::Home)],
        &[Char('g')],
        Action::First,
        None,
        "to the first",
    ),
    bind(
        &[Code(KeyCode::End)],
        &[Char('G')],
        Action::Last,
        None,
        "to the last",
    ),
    bind(
        &[Code(KeyCode::Left)],
        &[Char('h'), Code(KeyCode::BackTab)],
        Action::Categories,
        Some("column"),
        "to the needs and areas",
    ),
    bind(
        &[Code(KeyCode::Right)],
        &[Char('l'), Code(KeyCode::Tab)],
        Action::Routines,
        Some("column"),
        "to the routines",
    ),
    bind(
        &[Code(KeyCode::Enter)],
        &[],
        Action::Open,
        Some("start"),
        "open the need or area; start the routine",
    ),
    bind(
        &[Char('i')],
        &[],
        Action::Details,
        Some("details"),
        "the routine's details, full width",
    ),
    bind(
        &[Char('/')],
        &[],
        Action::Filter,
        Some("filter"),
        "filter by typing",
    ),
    bind(
        &[Char('s')],
        &[],
        Action::History,
        Some("history"),
        "your history",
    ),
    HELP_KEY,
    bind(&[Code(KeyCode::Esc)], &[], Action::Back, None, "back one level"),
    bind(&[Char('q')], &[], Action::Leave, Some("quit"), "quit knead"),
];

const PICKER_FILTER: &[Binding] = &[
    bind(
        &[Text],
        &[],
        Action::Type(' '),
        Some("filter"),
        "filter by name, id, summary or area",
    ),
    bind(
        &[Code(KeyCode::Backspace)],
        &[],
        Action::Erase,
        None,
        "erase a character",
    ),
    bind(&[Code(KeyCode::Up)], &[], Action::Up, None, "move up"),
    bind(&[Code(KeyCode::Down)], &[], Action::Down, None, "move down"),
    bind(
        &[Code(KeyCode::Enter)],
        &[],
        Action::Open,
        Some("start"),
        "start the routine",
    ),
    bind(
        &[Code(KeyCode::Esc)],
        &[],
        Action::Back,
        Some("clear"),
        "clear the filter",
    ),
];

const PICKER_DETAILS: &[Binding] = &[
    bind(
        &[Code(KeyCode::Up)],
        &[Char('k')],
        Action::Up,
        Some("scroll"),
        "scroll up",
    ),
    bind(
        &[Code(KeyCode::Down)],
        &[Char('j')],
        Action::Down,
        Some("scroll"),
        "scroll down",
    ),
    bind(&[Code(KeyCode::PageUp)], &[], Action::PageUp, None, "a page up"),
    bind(
        &[Code(KeyCode::PageDown)],
        &[Char(' ')],
        Action::PageDown,
        None,
        "a page down",
    ),
    bind(
        &[Code(KeyCode::Enter)],
        &[],
        Action::Open,
        Some("start"),
        "start the routine",
    ),
    HELP_KEY,
    bind(
        &[Code(KeyCode::Esc)],
        &[Char('i'), Char('q')],
        Action::Back,
        Some("back"),
        "back to the list",
    ),
];

const PICKER_LEAVE: &[Binding] = &[
    bind(
        &[Char('y')],
        &[Char('q'), Code(KeyCode::Enter)],
        Action::Yes,
        Some("quit"),
        "quit knead",
    ),
    bind(
        &[Char('n')],
        &[Code(KeyCode::Esc)],
        Action::No,
        Some("stay"),
        "stay in the picker",
    ),
];

const HISTORY: &[Binding] = &[
    bind(
        &[Code(KeyCode::Esc)],
        &[Char('q'), Char('s')],
        Action::Back,
        Some("back to the routines"),
        "back to the routines",
    ),
    HELP_KEY,
];

const SCROLL: [Binding; 6] = [
    bind(
        &[Code(KeyCode::Up)],
        &[Char('k')],
        Action::Up,
        Some("scroll"),
        "scroll up",
    ),
    bind(
        &[Code(KeyCode::Down)],
        &[Char('j')],
        Action::Down,
        Some("scroll"),
        "scroll down",
    ),
    bind(&[Code(KeyCode::PageUp)], &[], Action::PageUp, None, "a page up"),
    bind(
        &[Code(KeyCode::PageDown)],
        &[],
        Action::PageDown,
        None,
        "a page down",
    ),
    bind(
        &[Code(KeyCode::Home)],
        &[Char('g')],
        Action::First,
        None,
        "to the top",
    ),
    bind(
        &[Code(KeyCode::End)],
        &[Char('G')],
        Action::Last,
        None,
        "to the end",
    ),
];

const BEGIN: Binding = bind(
    &[Code(KeyCode::Enter)],
    &[],
    Action::Begin,
    Some("begin"),
    "begin the session",
);
const LEAVE_OVERVIEW: Binding = bind(
    &[Char('q')],
    &[Code(KeyCode::Esc)],
    Action::Back,
    Some("back"),
    "back to the routines (or out, when there is no picker)",
);

const OVERVIEW: &[Binding] = &[
    SCROLL[0],
    SCROLL[1],
    SCROLL[2],
    SCROLL[3],
    SCROLL[4],
    SCROLL[5],
    BEGIN,
    HELP_KEY,
    LEAVE_OVERVIEW,
];

const OVERVIEW_RATING: &[Binding] = &[
    bind(
        &[Digit],
        &[],
        Action::Rate(' '),
        Some("tension"),
        "how tense you feel, 0 to 10",
    ),
    bind(
        &[Code(KeyCode::Backspace)],
        &[],
        Action::Erase,
        None,
        "erase a digit",
    ),
    SCROLL[0],
    SCROLL[1],
    SCROLL[2],
    SCROLL[3],
    SCROLL[4],
    SCROLL[5],
    BEGIN,
    HELP_KEY,
    LEAVE_OVERVIEW,
];

const PAUSE: Binding = bind(
    &[Char(' ')],
    &[],
    Action::TogglePause,
    Some("pause"),
    "pause or resume",
);
const RESUME: Binding = bind(
    &[Char(' ')],
    &[],
    Action::TogglePause,
    Some("resume"),
    "resume or pause",
);
const TIMING: [Binding; 5] = [
    bind(
        &[Code(KeyCode::Right)],
        &[Char('n')],
        Action::Next,
        Some("next"),
        "next step",
    ),
    bind(
        &[Code(KeyCode::Left)],
        &[Char('p')],
        Action::Previous,
        Some("back"),
        "back a step",
    ),
    bind(
        &[Char('+')],
        &[Char('=')],
        Action::Extend,
        Some("more time"),
        "15 seconds more for this step",
    ),
    bind(
        &[Char('q')],
        &[Code(KeyCode::Esc)],
        Action::End,
        Some("end"),
        "end the session (asks first)",
    ),
    HELP_KEY,
];

const SESSION: &[Binding] = &[PAUSE, TIMING[0], TIMING[1], TIMING[2], TIMING[3], TIMING[4]];
const PAUSED: &[Binding] = &[RESUME, TIMING[0], TIMING[1], TIMING[2], TIMING[3], TIMING[4]];

const CONFIRM_END: &[Binding] = &[
    bind(
        &[Char('y')],
        &[Char('q'), Code(KeyCode::Enter)],
        Action::Yes,
        Some("end"),
        "end the session now",
    ),
    bind(
        &[Char('n')],
        &[Code(KeyCode::Esc)],
        Action::No,
        Some("carry on"),
        "carry on",
    ),
];

const ASK_AFTER: &[Binding] = &[
    bind(
        &[Digit],
        &[],
        Action::Rate(' '),
        Some("tension"),
        "how tense you feel now, 0 to 10",
    ),
    bind(
        &[Code(KeyCode::Backspace)],
        &[],
        Action::Erase,
        None,
        "erase a digit",
    ),
    bind(
        &[Code(KeyCode::Enter)],
        &[],
        Action::Yes,
        Some("save"),
        "save the rating (none if empty)",
    ),
    bind(
        &[Code(KeyCode::Esc)],
        &[Char('q')],
        Action::Done,
        Some("skip"),
        "leave without a rating",
    ),
];

const END: &[Binding] = &[bind(
    &[Code(KeyCode::Enter)],
    &[Char('q'), Code(KeyCode::Esc)],
    Action::Done,
    Some("done"),
    "back to the routines (or out, when there is no picker)",
)];

const HELP: &[Binding] = &[bind(
    &[Char('?')],
    &[Code(KeyCode::Esc), Char('q'), Code(KeyCode::Enter)],
    Action::CloseHelp,
    Some("close"),
    "close the help",
)];

/// The keys of `screen`, in the order the footer and the help show them; the keys that work
/// everywhere are not among them (see [`everywhere`]).
pub fn bindings(screen: Screen) -> &'static [Binding] {
    match screen {
        Screen::Picker => PICKER,
        Screen::PickerFilter => PICKER_FILTER,
        Screen::PickerDetails => PICKER_DETAILS,
        Screen::PickerLeave => PICKER_LEAVE,
        Screen::History => HISTORY,
        Screen::Overview { rating: false } => OVERVIEW,
        Screen::Overview { rating: true } => OVERVIEW_RATING,
        Screen::Session => SESSION,
        Screen::Paused => PAUSED,
        Screen::ConfirmEnd => CONFIRM_END,
        Screen::AskAfter => ASK_AFTER,
        Screen::End => END,
        Screen::Help => HELP,
    }
}

/// Ctrl-C and Ctrl-Z, the same on every screen.
pub fn everywhere() -> &'static [Binding] {
    EVERYWHERE
}

/// What `key` means on `screen`; `None` when nothing. Only presses count: a terminal that
/// reports releases and repeats (Windows, the kitty protocol) does not act twice.
pub fn action(screen: Screen, key: KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let binding = EVERYWHERE
        .iter()
        .chain(bindings(screen))
        .find(|b| b.keys.iter().chain(b.aliases).any(|k| k.matches(&key)))?;
    Some(match (binding.action, key.code) {
        (Action::Type(_), KeyCode::Char(c)) => Action::Type(c),
        (Action::Rate(_), KeyCode::Char(c)) => Action::Rate(c),
        (action, _) => action,
    })
}

/// The footer's hints for `screen`: each key with its word, entries that share a word in one
/// hint ("↑↓ move", "Esc/q back").
pub fn hints(screen: Screen) -> Vec<(String, &'static str)> {
    let mut hints: Vec<(String, &'static str)> = Vec::new();
    for binding in bindings(screen) {
        let Some(word) = binding.footer else { continue };
        let names: Vec<String> = binding.keys.iter().map(|k| k.name()).collect();
        let names = names.join("/");
        match hints.last_mut() {
            Some((keys, last)) if *last == word => {
                // Two arrows read as a pair without a slash: "↑↓ move".
                let arrows = |s: &str| s.chars().all(|c| "↑↓←→".contains(c));
                if !(arrows(keys) && arrows(&names)) {
                    keys.push('/');
                }
                keys.push_str(&names);
            }
            _ => hints.push((names, word)),
        }
    }
    hints
}

/// The help's rows for `screen`: the keys, aligned, and what they do; the keys that work
/// everywhere last.
pub fn help_rows(screen: Screen) -> Vec<(String, &'static str)> {
    bindings(screen)
        .iter()
        .chain(EVERYWHERE)
        .map(|b| (b.all_names(), b.help))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ch(c: char) -> KeyEvent {
        press(KeyCode::Char(c))
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    const EVERY_SCREEN: [Screen; 13] = [
        Screen::Picker,
        Screen::PickerFilter,
        Screen::PickerDetails,
        Screen::PickerLeave,
        Screen::History,
        Screen::Overview { rating: false },
        Screen::Overview { rating: true },
        Screen::Session,
        Screen::Paused,
        Screen::ConfirmEnd,
        Screen::AskAfter,
        Screen::End,
        Screen::Help,
    ];

    #[test]
    fn ctrl_c_quits_and_ctrl_z_suspends_on_every_screen() {
        for screen in EVERY_SCREEN {
            assert_eq!(action(screen, ctrl('c')), Some(Action::Quit), "{screen:?}");
            assert_eq!(action(screen, ctrl('z')), Some(Action::Suspend), "{screen:?}");
        }
    }

    #[test]
    fn only_presses_act() {
        let mut release = ch('q');
        release.kind = KeyEventKind::Release;
        assert_eq!(action(Screen::Picker, release), None);
        let mut repeat = press(KeyCode::Right);
        repeat.kind = KeyEventKind::Repeat;
        assert_eq!(action(Screen::Session, repeat), None);
        assert_eq!(action(Screen::Session, press(KeyCode::Right)), Some(Action::Next));
    }

    #[test]
    fn q_and_esc_on_the_overview_go_back_and_q_in_the_picker_quits() {
        for rating in [false, true] {
            let overview = Screen::Overview { rating };
            assert_eq!(action(overview, ch('q')), Some(Action::Back));
            assert_eq!(action(overview, press(KeyCode::Esc)), Some(Action::Back));
        }
        assert_eq!(action(Screen::Picker, ch('q')), Some(Action::Leave));
        // Esc never quits by itself: it goes back a level, and the picker asks at the last.
        assert_eq!(action(Screen::Picker, press(KeyCode::Esc)), Some(Action::Back));
        assert_eq!(
            action(Screen::PickerFilter, press(KeyCode::Esc)),
            Some(Action::Back)
        );
        assert_eq!(action(Screen::PickerLeave, press(KeyCode::Esc)), Some(Action::No));
        assert_eq!(action(Screen::PickerLeave, ch('y')), Some(Action::Yes));
        for screen in EVERY_SCREEN {
            assert_ne!(
                action(screen, press(KeyCode::Esc)),
                Some(Action::Quit),
                "{screen:?}"
            );
            assert_ne!(
                action(screen, press(KeyCode::Esc)),
                Some(Action::Leave),
                "{screen:?}"
            );
        }
    }

    #[test]
    fn digits_rate_only_where_a_rating_is_asked_and_enter_begins_apart_from_them() {
        let rating = Screen::Overview { rating: true };
        assert_eq!(action(rating, ch('7')), Some(Action::Rate('7')));
        assert_eq!(action(rating, press(KeyCode::Enter)), Some(Action::Begin));
        assert_eq!(action(rating, press(KeyCode::Backspace)), Some(Action::Erase));
        assert_eq!(action(Screen::Overview { rating: false }, ch('7')), None);
        assert_eq!(action(Screen::AskAfter, ch('3')), Some(Action::Rate('3')));
        assert_eq!(action(Screen::Session, ch('3')), None);
    }

    #[test]
    fn the_session_keys() {
        let s = Screen::Session;
        assert_eq!(action(s, ch(' ')), Some(Action::TogglePause));
        assert_eq!(action(s, ch('n')), Some(Action::Next));
        assert_eq!(action(s, press(KeyCode::Left)), Some(Action::Previous));
        assert_eq!(action(s, ch('p')), Some(Action::Previous));
        assert_eq!(action(s, ch('=')), Some(Action::Extend));
        // `+` comes with Shift on most keyboards.
        let plus = KeyEvent::new(KeyCode::Char('+'), KeyModifiers::SHIFT);
        assert_eq!(action(s, plus), Some(Action::Extend));
        assert_eq!(action(s, press(KeyCode::Esc)), Some(Action::End));
        assert_eq!(action(s, ch('?')), Some(Action::Help));
        assert_eq!(action(Screen::Paused, ch(' ')), Some(Action::TogglePause));
        assert_eq!(action(Screen::ConfirmEnd, ch('y')), Some(Action::Yes));
        assert_eq!(action(Screen::ConfirmEnd, press(KeyCode::Esc)), Some(Action::No));
        assert_eq!(action(Screen::ConfirmEnd, ch(' ')), None);
        assert_eq!(action(Screen::Help, ch('?')), Some(Action::CloseHelp));
        assert_eq!(action(Screen::Help, ch(' ')), None, "help is closed first");
        assert_eq!(action(Screen::End, press(KeyCode::Enter)), Some(Action::Done));
    }

    #[test]
    fn the_filter_takes_every_printable_key_as_text() {
        let f = Screen::PickerFilter;
        for c in ['q', 'j', '?', '/', ' ', 'é'] {
            assert_eq!(action(f, ch(c)), Some(Action::Type(c)));
        }
        assert_eq!(action(f, ctrl('c')), Some(Action::Quit));
        assert_eq!(action(f, press(KeyCode::Enter)), Some(Action::Open));
        let alt = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT);
        assert_eq!(action(f, alt), None);
    }

    #[test]
    fn a_control_key_is_not_its_letter() {
        assert_eq!(action(Screen::Picker, ctrl('s')), None);
        assert_eq!(action(Screen::Session, ctrl('n')), None);
    }

    #[test]
    fn the_picker_keys() {
        let p = Screen::Picker;
        assert_eq!(action(p, ch('i')), Some(Action::Details));
        assert_eq!(action(p, ch('?')), Some(Action::Help));
        assert_eq!(action(p, press(KeyCode::Tab)), Some(Action::Routines));
        assert_eq!(action(p, press(KeyCode::BackTab)), Some(Action::Categories));
        let big_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action(p, big_g), Some(Action::Last));
        assert_eq!(
            action(Screen::PickerDetails, press(KeyCode::Esc)),
            Some(Action::Back)
        );
        assert_eq!(action(Screen::PickerDetails, ch('i')), Some(Action::Back));
        assert_eq!(action(Screen::History, press(KeyCode::Esc)), Some(Action::Back));
    }

    #[test]
    fn no_key_means_two_things_on_one_screen() {
        for screen in EVERY_SCREEN {
            let keys: Vec<Key> = bindings(screen)
                .iter()
                .chain(EVERYWHERE)
                .flat_map(|b| b.keys.iter().chain(b.aliases))
                .copied()
                .filter(|k| !matches!(k, Key::Text | Key::Digit))
                .collect();
            for (i, key) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(key), "{key:?} twice on {screen:?}");
            }
        }
    }

    #[test]
    fn every_binding_is_explained_and_every_screen_has_a_footer() {
        for screen in EVERY_SCREEN {
            assert!(!hints(screen).is_empty(), "{screen:?}");
            for (keys, help) in help_rows(screen) {
                assert!(!keys.is_empty() && !help.is_empty(), "{screen:?}");
            }
        }
    }

    #[test]
    fn the_footer_joins_entries_that_share_a_word() {
        let hints = hints(Screen::Picker);
        assert_eq!(hints[0], ("↑↓".to_string(), "move"));
        assert_eq!(hints[1], ("←→".to_string(), "column"));
        assert!(hints.contains(&("?".to_string(), "help")));
        assert_eq!(hints.last(), Some(&("q".to_string(), "quit")));
        let paused = super::hints(Screen::Paused);
        assert_eq!(paused[0], ("Space".to_string(), "resume"));
        assert_eq!(super::hints(Screen::Session)[0], ("Space".to_string(), "pause"));
    }

    #[test]
    fn the_help_names_aliases_too() {
        let rows = help_rows(Screen::Session);
        assert!(rows.contains(&("→ n".to_string(), "next step")), "{rows:?}");
        assert!(
            rows.contains(&("Ctrl-C".to_string(), "quit knead at once")),
            "{rows:?}"
        );
    }
}
