//! A plan: a named run of days, each a session (routines by id, or areas for the composer)
//! or a rest, with a short note.

use std::fmt::Write as _;

use crate::routine::{Area, Goal, Library, Source};
use crate::text::SafeText;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub id: String,
    pub name: SafeText,
    pub goal: Goal,
    pub summary: SafeText,
    pub days: Vec<PlanDay>,
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanDay {
    /// `None` on a rest day.
    pub session: Option<PlanSession>,
    pub note: SafeText,
}

/// What one day of a plan asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanSession {
    /// These routines back to back, fitted into `minutes` when it is given.
    Routines { ids: Vec<String>, minutes: Option<u32> },
    /// A session the composer puts together for these areas in `minutes`.
    Areas { areas: Vec<Area>, minutes: u32 },
}

impl Plan {
    pub fn session_days(&self) -> usize {
        self.days.iter().filter(|d| d.session.is_some()).count()
    }

    pub fn rest_days(&self) -> usize {
        self.days.len() - self.session_days()
    }
}

impl PlanSession {
    /// The command that runs it, as a person would type it.
    pub fn command(&self) -> String {
        let mut command = String::from("knead run");
        match self {
            PlanSession::Routines { ids, minutes } => {
                for id in ids {
                    let _ = write!(command, " {id}");
                }
                if let Some(m) = minutes {
                    let _ = write!(command, " --minutes {m}");
                }
            }
            PlanSession::Areas { areas, minutes } => {
                for area in areas {
                    let _ = write!(command, " --area {area}");
                }
                let _ = write!(command, " --minutes {minutes}");
            }
        }
        command
    }

    /// The arguments of `knead run` for it (the command without `knead run`).
    pub fn run_args(&self) -> Vec<String> {
        self.command().split(' ').skip(2).map(str::to_string).collect()
    }

    /// "Neck release (8 min)", "Neck and shoulders (8 min)": the routines' names as the
    /// library has them (the id of one it lacks), and the length.
    pub fn title(&self, library: &Library) -> String {
        match self {
            PlanSession::Routines { ids, minutes } => {
                let names: Vec<String> = ids
                    .iter()
                    .map(|id| {
                        library
                            .get(id)
                            .map_or_else(|| id.clone(), |r| r.name.as_str().to_string())
                    })
                    .collect();
                let seconds: u32 = ids
                    .iter()
                    .filter_map(|id| library.get(id))
                    .map(|r| r.planned_seconds())
                    .sum();
                let minutes = minutes.unwrap_or_else(|| seconds.div_ceil(60).max(1));
                format!("{} ({minutes} min)", names.join(" + "))
            }
            PlanSession::Areas { areas, minutes } => {
                let names: Vec<&str> = areas.iter().map(|a| a.as_str()).collect();
                let joined = match names.split_last() {
                    Some((last, [])) => (*last).to_string(),
                    Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                    None => String::new(),
                };
                let mut title = joined.replace('-', " ");
                if let Some(first) = title.get(..1) {
                    title = first.to_uppercase() + &title[1..];
                }
                format!("{title} ({minutes} min)")
            }
        }
    }

    /// Whether a completed session of `routines` (the log's `a+b` joined ids) working
    /// `areas` is this day's session: every routine asked for was in it, or for an areas day,
    /// it worked at least one of them.
    pub fn fits(&self, routines: &str, areas: &[Area]) -> bool {
        match self {
            PlanSession::Routines { ids, .. } => {
                ids.iter().all(|id| routines.split('+').any(|done| done == id))
            }
            PlanSession::Areas { areas: wanted, .. } => wanted.iter().any(|a| areas.contains(a)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::testing::routine;

    #[test]
    fn the_command_and_title_of_each_kind_of_day() {
        let mut library = Library::default();
        library.insert(routine("neck-release", &[Area::Neck], 450));
        let routines = PlanSession::Routines {
            ids: vec!["neck-release".into()],
            minutes: None,
        };
        assert_eq!(routines.command(), "knead run neck-release");
        assert_eq!(routines.title(&library), "neck-release (8 min)");
        let fitted = PlanSession::Routines {
            ids: vec!["neck-release".into(), "jaw-ease".into()],
            minutes: Some(10),
        };
        assert_eq!(fitted.command(), "knead run neck-release jaw-ease --minutes 10");
        assert_eq!(fitted.run_args(), ["neck-release", "jaw-ease", "--minutes", "10"]);
        let areas = PlanSession::Areas {
            areas: vec![Area::Neck, Area::Shoulders, Area::UpperBack],
            minutes: 8,
        };
        assert_eq!(
            areas.command(),
            "knead run --area neck --area shoulders --area upper-back --minutes 8"
        );
        assert_eq!(areas.title(&library), "Neck, shoulders and upper back (8 min)");
    }

    #[test]
    fn a_session_fits_a_day_by_its_routines_or_one_of_its_areas() {
        let routines = PlanSession::Routines {
            ids: vec!["neck-release".into(), "jaw-ease".into()],
            minutes: None,
        };
        assert!(routines.fits("jaw-ease+neck-release", &[]));
        assert!(!routines.fits("neck-release", &[Area::Neck]));
        let areas = PlanSession::Areas {
            areas: vec![Area::Neck, Area::Shoulders],
            minutes: 8,
        };
        assert!(areas.fits("anything", &[Area::Shoulders, Area::Jaw]));
        assert!(!areas.fits("anything", &[Area::Jaw]));
    }
}
