//! The picker: needs (goals) and body areas on the left, the chosen one's routines in the
//! middle, the chosen routine's details on the right. State and key handling here; drawing in
//! `picker_view`.
//!
//! Every list is ordered for the person by the ranking the composer uses (src/suggest/ranking.rs),
//! once their log is read; until then, and for a first-time user, it is the plain list.

use std::collections::HashMap;

use chrono::{DateTime, TimeZone};
use ratatui::crossterm::event::KeyEvent;

use super::keys::{self, Action, Screen};
use crate::log::RoutineHistory;
use crate::profile::Hidden;
use crate::routine::{Area, Complaint, Goal, Library, Routine};
use crate::suggest::ranking::{Ranked, Standing};

/// How far PgUp and PgDn move the details.
const DETAILS_PAGE: u16 = 10;

/// The longest filter kept: enough for any routine's name, and a paste of a whole file stays
/// one short string.
pub const FILTER_MAX_CHARS: usize = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Categories,
    Routines,
}

/// One entry of the left column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    All,
    Goal(Goal),
    /// What the person arrives with: the routines that name it in `helps`.
    Complaint(Complaint),
    Area(Area),
}

impl Category {
    pub fn includes(self, routine: &Routine) -> bool {
        match self {
            Category::All => true,
            Category::Goal(goal) => routine.has_goal(goal),
            Category::Complaint(complaint) => routine.helps.contains(&complaint),
            Category::Area(area) => routine.has_area(area),
        }
    }

    /// The areas it asks for, which the ranking prefers focused routines for.
    fn asked(self) -> Vec<Area> {
        match self {
            Category::Area(area) => vec![area],
            _ => Vec::new(),
        }
    }
}

/// What the picker asks of the program after a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickerAction {
    Start(String),
    /// Open the history screen.
    History,
    Leave,
}

/// Today's session of the plan the person follows, when it is one routine: shown first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanPick {
    pub routine: String,
    /// "today's plan · day 4 of 14".
    pub label: String,
}

#[derive(Debug)]
pub struct Picker {
    /// "All", then the goals, then the areas, each with how many routines it holds; those
    /// with none are left out.
    pub categories: Vec<(Category, usize)>,
    pub category_index: usize,
    pub routine_index: usize,
    pub focus: Focus,
    /// `Some` while the person is typing a filter after `/`.
    pub filter: Option<String>,
    /// The log was read and holds no session: the plain list, and a hint about ratings.
    pub first_time: bool,
    /// The chosen routine's details fill the window, scrolled this many rows.
    pub details: Option<u16>,
    /// "Leave knead?" is asked: Esc had no level left to go back to.
    pub leaving: bool,
    /// The picker's keys are shown over it.
    pub help: bool,
    /// How the last session ended, kept in sight when the picker comes back after it.
    pub status: Option<String>,
    routines: Vec<Routine>,
    /// What each routine is searched by, lower-cased once: name, id, summary and areas.
    haystacks: Vec<String>,
    /// What the log says of each routine, in the order of `routines`; `None` for the plain
    /// list (the log not read yet, or empty).
    standings: Option<Vec<Standing>>,
    /// The middle column: indices into `routines`, in order.
    shown: Vec<usize>,
    /// Today's plan session, first in every list it belongs to (not while filtering).
    plan: Option<PlanPick>,
    /// The routines the health profile leaves no step of, with why.
    hidden: Vec<Hidden>,
}

impl Picker {
    /// The picker over `library`, on `area`'s routines when one is given.
    pub fn new(library: &Library, area: Option<Area>) -> Self {
        let routines = library.routines().to_vec();
        let mut categories = vec![(Category::All, routines.len())];
        let goals = Goal::ALL.iter().map(|&g| Category::Goal(g));
        let complaints = Complaint::ALL.iter().map(|&c| Category::Complaint(c));
        let areas = Area::ALL.iter().map(|&a| Category::Area(a));
        categories.extend(
            goals
                .chain(complaints)
                .chain(areas)
                .map(|c| (c, routines.iter().filter(|r| c.includes(r)).count()))
                .filter(|(_, count)| *count > 0),
        );
        let category_index = area
            .and_then(|a| categories.iter().position(|(c, _)| *c == Category::Area(a)))
            .unwrap_or(0);
        let haystacks = routines
            .iter()
            .map(|r| {
                let areas: Vec<&str> = r.areas.iter().map(|a| a.as_str()).collect();
                format!("{}\n{}\n{}\n{}", r.name, r.id, r.summary, areas.join("\n")).to_lowercase()
            })
            .collect();
        let mut picker = Picker {
            categories,
            category_index,
            routine_index: 0,
            focus: if area.is_some() {
                Focus::Routines
            } else {
                Focus::Categories
            },
            filter: None,
            first_time: false,
            details: None,
            leaving: false,
            help: false,
            status: None,
            routines,
            haystacks,
            standings: None,
            shown: Vec::new(),
            plan: None,
            hidden: Vec::new(),
        };
        picker.refresh();
        picker
    }

    /// Tells the picker which routines the health profile hid, to say why under the lists
    /// they would have been in.
    pub fn set_hidden(&mut self, hidden: &[Hidden]) {
        self.hidden = hidden.to_vec();
    }

    /// The hidden routines the chosen category (or the filter) would have listed.
    pub fn hidden_here(&self) -> Vec<&Hidden> {
        if self.filter.is_some() {
            return Vec::new();
        }
        let category = self.category();
        self.hidden
            .iter()
            .filter(|h| category.includes(&h.routine))
            .collect()
    }

    /// Orders and marks the routines by what the log says of them. An empty log keeps the
    /// plain list and shows the hint about ratings instead.
    pub fn set_history<Tz: TimeZone>(
        &mut self,
        history: &HashMap<String, RoutineHistory>,
        now: &DateTime<Tz>,
        log_is_empty: bool,
    ) {
        self.first_time = log_is_empty;
        self.standings = (!log_is_empty).then(|| {
            self.routines
                .iter()
                .map(|r| Standing::new(history.get(&r.id), now))
                .collect()
        });
        // The log may arrive after the person moved down the list: stay on their routine.
        // Still at the top, they see the new top.
        let chosen = (self.routine_index > 0)
            .then(|| self.selected().map(|r| r.id.clone()))
            .flatten();
        self.refresh();
        if let Some(at) = chosen.and_then(|id| self.shown.iter().position(|&i| self.routines[i].id == id)) {
            self.routine_index = at;
        }
    }

    /// Puts today's plan session first in the lists that hold it.
    pub fn set_plan(&mut self, plan: Option<PlanPick>) {
        self.plan = plan;
        self.refresh();
    }

    /// The label of `routine` when it is today's plan session.
    pub fn plan_label(&self, routine: &Routine) -> Option<&str> {
        self.plan
            .as_ref()
            .filter(|p| p.routine == routine.id)
            .map(|p| p.label.as_str())
    }

    /// Chooses the left column's entry at `index` (clamped), as moving to it would.
    pub fn set_category(&mut self, index: usize) {
        self.category_index = index.min(self.categories.len() - 1);
        self.refresh();
    }

    pub fn category(&self) -> Category {
        self.categories[self.category_index].0
    }

    /// The routines in the middle column: the chosen category's, or while filtering, every
    /// routine whose name, id, summary or areas hold the typed text; best first for this
    /// person once the log is read.
    pub fn visible(&self) -> Vec<&Routine> {
        self.shown.iter().map(|&i| &self.routines[i]).collect()
    }

    /// The middle column with what the log says of each routine (once read, and not empty).
    pub fn visible_marked(&self) -> Vec<(&Routine, Option<&Standing>)> {
        self.shown
            .iter()
            .map(|&i| (&self.routines[i], self.standings.as_ref().map(|s| &s[i])))
            .collect()
    }

    /// Whether the middle column is the opening list, whose first row is the suggestion: every
    /// routine, not filtered.
    pub fn suggesting(&self) -> bool {
        self.filter.is_none() && self.category() == Category::All
    }

    /// What the log says of `routine`, once read (and not empty).
    pub fn standing(&self, routine: &Routine) -> Option<&Standing> {
        let standings = self.standings.as_ref()?;
        let i = self.routines.iter().position(|r| r.id == routine.id)?;
        standings.get(i)
    }

    pub fn selected(&self) -> Option<&Routine> {
        self.shown.get(self.routine_index).map(|&i| &self.routines[i])
    }

    /// Which keys apply now.
    pub fn key_screen(&self) -> Screen {
        if self.help {
            Screen::Help
        } else {
            self.screen_beneath_help()
        }
    }

    /// Which keys apply with the help closed: those the help lists.
    pub fn screen_beneath_help(&self) -> Screen {
        if self.leaving {
            Screen::PickerLeave
        } else if self.details.is_some() {
            Screen::PickerDetails
        } else if self.filter.is_some() {
            Screen::PickerFilter
        } else {
            Screen::Picker
        }
    }

    /// What `key` does here, through the key table.
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<PickerAction> {
        keys::action(self.key_screen(), key).and_then(|action| self.act(action))
    }

    /// Does what a key asked for, on the picker as it is now.
    pub fn act(&mut self, action: Action) -> Option<PickerAction> {
        match self.key_screen() {
            Screen::Help => self.help = action != Action::CloseHelp,
            Screen::PickerLeave => match action {
                Action::Yes | Action::Quit => return Some(PickerAction::Leave),
                _ => self.leaving = false,
            },
            Screen::PickerDetails => return self.details_action(action),
            Screen::PickerFilter => return self.filter_action(action),
            _ => return self.list_action(action),
        }
        None
    }

    fn list_action(&mut self, action: Action) -> Option<PickerAction> {
        match action {
            Action::Quit | Action::Leave => return Some(PickerAction::Leave),
            Action::History => return Some(PickerAction::History),
            Action::Help => self.help = true,
            Action::Filter => self.start_filter(),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::First => self.move_by(-1000),
            Action::Last => self.move_by(1000),
            Action::Categories => self.focus = Focus::Categories,
            Action::Routines => self.focus = Focus::Routines,
            Action::Details if self.selected().is_some() => self.details = Some(0),
            // One level back: from the routines to the left column; there, ask.
            Action::Back => match self.focus {
                Focus::Routines => self.focus = Focus::Categories,
                Focus::Categories => self.leaving = true,
            },
            Action::Open => match self.focus {
                Focus::Categories => self.focus = Focus::Routines,
                Focus::Routines => return self.selected().map(|r| PickerAction::Start(r.id.clone())),
            },
            _ => {}
        }
        None
    }

    fn details_action(&mut self, action: Action) -> Option<PickerAction> {
        let scroll = self.details.get_or_insert(0);
        match action {
            Action::Quit => return Some(PickerAction::Leave),
            Action::Help => self.help = true,
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll = scroll.saturating_add(1),
            Action::PageUp => *scroll = scroll.saturating_sub(DETAILS_PAGE),
            Action::PageDown => *scroll = scroll.saturating_add(DETAILS_PAGE),
            Action::Back => self.details = None,
            Action::Open => return self.selected().map(|r| PickerAction::Start(r.id.clone())),
            _ => {}
        }
        None
    }

    /// The picker as a session leaves it: on the routine just run, in the list (a filter
    /// that led to it is closed, so keys are keys again).
    pub fn come_back_to(&mut self, id: &str) {
        self.details = None;
        self.help = false;
        self.leaving = false;
        if self.filter.take().is_some() {
            self.refresh();
        }
        if let Some(at) = self.shown.iter().position(|&i| self.routines[i].id == id) {
            self.routine_index = at;
            self.focus = Focus::Routines;
        }
    }

    /// Keeps the details' scroll within what there is to see (`most` rows past the top).
    pub fn clamp_details(&mut self, most: u16) {
        if let Some(scroll) = &mut self.details {
            *scroll = (*scroll).min(most);
        }
    }

    /// Pasted text goes into the filter (opening it), as typed text would, but in one step:
    /// control characters (line breaks among them) are dropped and whatever goes past
    /// [`FILTER_MAX_CHARS`] is never looked at.
    pub fn handle_paste(&mut self, text: &str) {
        if self.filter.is_none() {
            self.start_filter();
        }
        let typed = self.filter.get_or_insert_with(String::new);
        let room = FILTER_MAX_CHARS.saturating_sub(typed.chars().count());
        typed.extend(text.chars().filter(|c| !c.is_control()).take(room));
        self.refresh();
    }

    fn start_filter(&mut self) {
        self.filter = Some(String::new());
        self.focus = Focus::Routines;
        self.refresh();
    }

    fn filter_action(&mut self, action: Action) -> Option<PickerAction> {
        let typed = self.filter.get_or_insert_with(String::new);
        match action {
            Action::Back => self.filter = None,
            Action::Quit => return Some(PickerAction::Leave),
            Action::Open => return self.selected().map(|r| PickerAction::Start(r.id.clone())),
            Action::Erase => {
                typed.pop();
            }
            Action::Up => {
                self.move_by(-1);
                return None;
            }
            Action::Down => {
                self.move_by(1);
                return None;
            }
            Action::Type(c) if typed.chars().count() < FILTER_MAX_CHARS => typed.push(c),
            _ => return None,
        }
        self.refresh();
        None
    }

    /// Works out the middle column again after the category, the filter or the history
    /// changed; the first routine is the chosen one.
    fn refresh(&mut self) {
        let category = self.category();
        let needle = self.filter.as_deref().map(str::to_lowercase);
        let mut shown: Vec<usize> = (0..self.routines.len())
            .filter(|&i| match needle.as_deref() {
                Some(typed) if !typed.is_empty() => self.haystacks[i].contains(typed),
                Some(_) => true,
                None => category.includes(&self.routines[i]),
            })
            .collect();
        // Ranked even before the log is read (or when it is empty): the ranking then puts a
        // short, focused first try first, never the alphabet.
        let asked = if self.filter.is_some() {
            Vec::new()
        } else {
            category.asked()
        };
        let ranked = |i: usize| Ranked {
            routine: &self.routines[i],
            standing: self.standings.as_ref().map_or_else(Standing::default, |s| s[i]),
        };
        shown.sort_by(|&a, &b| ranked(a).cmp(&ranked(b), &asked));
        if let Some(plan) = self.plan.as_ref().filter(|_| self.filter.is_none())
            && let Some(at) = shown.iter().position(|&i| self.routines[i].id == plan.routine)
        {
            let first = shown.remove(at);
            shown.insert(0, first);
        }
        self.routine_index = 0;
        self.shown = shown;
    }

    fn move_by(&mut self, delta: isize) {
        let (index, len) = match self.focus {
            Focus::Categories => (&mut self.category_index, self.categories.len()),
            Focus::Routines => (&mut self.routine_index, self.shown.len()),
        };
        if len == 0 {
            return;
        }
        *index = index.saturating_add_signed(delta).min(len - 1);
        if self.focus == Focus::Categories {
            self.refresh();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn picker() -> Picker {
        Picker::new(&Library::built_in().library, None)
    }

    #[test]
    fn complaints_are_a_third_way_to_choose() {
        let mut library = Library::built_in().library;
        let mut eyes = crate::routine::testing::routine("eyes", &[Area::Temples], 60);
        eyes.helps = vec![Complaint::EyeStrain];
        library.insert(eyes);
        let picker = Picker::new(&library, None);
        let at = picker
            .categories
            .iter()
            .position(|(c, _)| *c == Category::Complaint(Complaint::EyeStrain))
            .expect("eye strain is offered");
        // Screen eyes, built in, and this one.
        assert_eq!(picker.categories[at].1, 2);
        let first_area = picker
            .categories
            .iter()
            .position(|(c, _)| matches!(c, Category::Area(_)));
        let last_goal = picker
            .categories
            .iter()
            .rposition(|(c, _)| matches!(c, Category::Goal(_)));
        assert!(
            last_goal < Some(at) && Some(at) < first_area,
            "between the needs and the areas"
        );
        let mut picker = picker;
        picker.set_category(at);
        let ids: Vec<&str> = picker.visible().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["eyes", "screen-eyes"]);
    }

    #[test]
    fn a_routine_hidden_by_the_profile_is_named_under_its_categories_lists() {
        use crate::profile::{Profile, fit_library};
        let profile = Profile::new(&[], &[Area::Neck]);
        let (fitted, hidden) = fit_library(&profile, &Library::built_in().library);
        let mut picker = Picker::new(&fitted, Some(Area::Neck));
        picker.set_hidden(&hidden);
        assert!(picker.visible().iter().all(|r| r.id != "neck-release"));
        let here: Vec<String> = picker.hidden_here().iter().map(|h| h.line()).collect();
        assert!(
            here.contains(
                &"Hidden for you: Neck release leaves out every step (recent surgery on the neck)"
                    .to_string()
            ),
            "{here:?}"
        );
        picker.set_category(0);
        let feet = picker
            .categories
            .iter()
            .position(|(c, _)| *c == Category::Area(Area::Feet))
            .unwrap();
        picker.set_category(feet);
        assert!(picker.hidden_here().is_empty(), "not under the feet");
    }

    fn choose(p: &mut Picker, category: Category) {
        let at = p.categories.iter().position(|(c, _)| *c == category).unwrap();
        while p.category_index < at {
            p.handle_key(key(KeyCode::Down));
        }
    }

    fn ids(p: &Picker) -> Vec<&str> {
        p.visible().iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn choosing_an_area_narrows_the_routines() {
        let mut p = picker();
        let all = p.visible().len();
        choose(&mut p, Category::Area(Area::Neck));
        assert_eq!(p.category(), Category::Area(Area::Neck));
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
    fn goals_come_first_and_narrow_the_routines_too() {
        let mut p = picker();
        let goals: Vec<Category> = p.categories[1..7].iter().map(|(c, _)| *c).collect();
        assert_eq!(
            goals,
            Goal::ALL.iter().map(|&g| Category::Goal(g)).collect::<Vec<_>>()
        );
        choose(&mut p, Category::Goal(Goal::Sleep));
        assert!(!p.visible().is_empty());
        assert!(p.visible().iter().all(|r| r.has_goal(Goal::Sleep)));
        let count = p.categories[p.category_index].1;
        assert_eq!(p.visible().len(), count);
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
    fn a_long_paste_is_one_update_cut_to_length_without_control_characters() {
        let mut p = picker();
        p.handle_key(key(KeyCode::Char('/')));
        let paste = format!("te\u{1b}[2Jmple\n{}", "x".repeat(200 * 1024));
        p.handle_paste(&paste);
        let typed = p.filter.clone().unwrap();
        assert_eq!(typed.chars().count(), FILTER_MAX_CHARS);
        assert!(typed.starts_with("te[2Jmplexxx"), "{typed:?}");
        assert!(p.visible().is_empty());
        // A paste with the filter closed opens it.
        let mut p = picker();
        p.handle_paste("neck release\r\n");
        assert_eq!(p.filter.as_deref(), Some("neck release"));
        assert_eq!(ids(&p), ["neck-release"]);
        // Typing stops at the same length.
        for _ in 0..100 {
            p.handle_key(key(KeyCode::Char('y')));
        }
        assert_eq!(p.filter.unwrap().chars().count(), FILTER_MAX_CHARS);
    }

    #[test]
    fn moving_stays_in_range() {
        let mut p = picker();
        p.handle_key(key(KeyCode::Up));
        assert_eq!(p.category_index, 0);
        for _ in 0..100 {
            p.handle_key(key(KeyCode::Down));
        }
        assert_eq!(p.category_index, p.categories.len() - 1);
    }

    #[test]
    fn todays_plan_session_comes_first_in_the_lists_that_hold_it() {
        let mut p = picker();
        let last = ids(&p).last().unwrap().to_string();
        p.set_plan(Some(PlanPick {
            routine: last.clone(),
            label: "today's plan · day 2 of 7".into(),
        }));
        assert_eq!(ids(&p)[0], last);
        assert_eq!(p.selected().map(|r| r.id.as_str()), Some(last.as_str()));
        assert_eq!(
            p.plan_label(p.selected().unwrap()),
            Some("today's plan · day 2 of 7")
        );
        // Typing a filter is a search: no routine is put first.
        p.handle_key(key(KeyCode::Char('/')));
        assert_ne!(ids(&p)[0], last);
    }

    #[test]
    fn the_history_orders_each_list_and_keeps_the_chosen_routine() {
        let now: DateTime<FixedOffset> = "2026-11-25T20:00:00+01:00".parse().unwrap();
        let mut p = picker();
        choose(&mut p, Category::Area(Area::Neck));
        p.handle_key(key(KeyCode::Enter));
        p.handle_key(key(KeyCode::Down));
        let chosen = p.selected().unwrap().id.clone();
        let plain = ids(&p).join(" ");
        let mut ratings = crate::log::effect::Ratings::default();
        for _ in 0..5 {
            ratings.add(6, 4);
        }
        let history = HashMap::from([(
            "neck-release".to_string(),
            RoutineHistory {
                last: "2026-11-10T08:00:00+01:00".parse().unwrap(),
                sessions: 5,
                effect: ratings.effect(),
                versus_rest: None,
            },
        )]);
        p.set_history(&history, &now, false);
        assert_eq!(ids(&p)[0], "neck-release");
        assert_eq!(
            p.selected().unwrap().id,
            chosen,
            "the cursor stays on its routine"
        );
        let mark = p.standing(p.visible()[0]).unwrap();
        assert_eq!((mark.effect.median, mark.effect.rated), (Some(-2.0), 5));
        // An empty log: the plain list, and the hint.
        p.set_history(&HashMap::new(), &now, true);
        assert_eq!(ids(&p).join(" "), plain);
        assert!(p.first_time);
        assert_eq!(p.standing(p.visible()[0]), None);
    }

    #[test]
    fn esc_goes_back_one_level_and_asks_at_the_last() {
        let mut p = picker();
        p.handle_key(key(KeyCode::Right));
        p.handle_key(key(KeyCode::Char('/')));
        p.handle_key(key(KeyCode::Char('n')));
        assert_eq!(p.handle_key(key(KeyCode::Esc)), None);
        assert_eq!((p.filter.as_deref(), p.focus), (None, Focus::Routines));
        assert_eq!(p.handle_key(key(KeyCode::Esc)), None);
        assert_eq!(p.focus, Focus::Categories);
        assert_eq!(p.handle_key(key(KeyCode::Esc)), None, "Esc never quits by itself");
        assert_eq!(p.key_screen(), Screen::PickerLeave);
        p.handle_key(key(KeyCode::Char('n')));
        assert_eq!(p.key_screen(), Screen::Picker);
        p.handle_key(key(KeyCode::Esc));
        assert_eq!(p.handle_key(key(KeyCode::Char('y'))), Some(PickerAction::Leave));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(picker().handle_key(ctrl_c), Some(PickerAction::Leave));
    }

    #[test]
    fn i_opens_the_details_which_scroll_and_start_the_routine() {
        let mut p = picker();
        p.handle_key(key(KeyCode::Right));
        p.handle_key(key(KeyCode::Char('i')));
        assert_eq!(p.details, Some(0));
        p.handle_key(key(KeyCode::Down));
        p.handle_key(key(KeyCode::PageDown));
        assert_eq!(p.details, Some(11));
        p.clamp_details(4);
        assert_eq!(p.details, Some(4));
        let chosen = p.selected().unwrap().id.clone();
        assert_eq!(
            p.handle_key(key(KeyCode::Enter)),
            Some(PickerAction::Start(chosen))
        );
        p.handle_key(key(KeyCode::Esc));
        assert_eq!((p.details, p.key_screen()), (None, Screen::Picker));
    }

    #[test]
    fn question_mark_shows_the_pickers_keys_over_it() {
        let mut p = picker();
        p.handle_key(key(KeyCode::Char('?')));
        assert_eq!(p.key_screen(), Screen::Help);
        assert_eq!(p.screen_beneath_help(), Screen::Picker);
        assert_eq!(
            p.handle_key(key(KeyCode::Char('q'))),
            None,
            "q closes the help first"
        );
        assert_eq!(p.key_screen(), Screen::Picker);
    }

    #[test]
    fn after_a_session_the_picker_is_on_its_routine_with_the_filter_closed() {
        let mut p = picker();
        p.handle_paste("jaw ease");
        p.come_back_to("jaw-ease");
        assert_eq!(p.filter, None);
        assert_eq!(p.selected().unwrap().id, "jaw-ease");
        assert_eq!(p.handle_key(key(KeyCode::Char('q'))), Some(PickerAction::Leave));
    }
}
