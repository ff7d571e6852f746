//! Fitting a routine to a profile: the steps a person's precautions rule out are left out,
//! the ones they soften are lowered to light pressure, and each change is kept with its
//! reason, so every front end can say in one line what changed and why. A routine left with
//! nothing but breathing is hidden, with its reason.

use std::fmt;

use serde::{Serialize, Serializer};

use super::Profile;
use crate::routine::{Area, Library, Precaution, Pressure, Routine, Step, Stroke};
use crate::text::SafeText;

/// Why a step was changed for the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    Precaution(Precaution),
    /// A recent surgery on this area.
    Surgery(Area),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Precaution(p) => f.write_str(p.phrase()),
            Reason::Surgery(area) => write!(f, "recent surgery on the {}", area.as_str().replace('-', " ")),
        }
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    LeftOut,
    /// Lowered from this pressure to light.
    Lighter(Pressure),
}

/// One step changed for the person, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Adjustment {
    pub step: SafeText,
    pub change: Change,
    pub because: Vec<Reason>,
}

impl Adjustment {
    /// "Skipped for you (blood thinners): Rest on the ball".
    pub fn line(&self) -> String {
        let what = match self.change {
            Change::LeftOut => "Skipped for you",
            Change::Lighter(_) => "Lighter for you",
        };
        format!("{what} ({}): {}", reasons(&self.because), self.step)
    }
}

/// "blood thinners and osteoporosis".
pub fn reasons(because: &[Reason]) -> String {
    let words: Vec<String> = because.iter().map(Reason::to_string).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A routine that keeps nothing for the person but breathing.
#[derive(Clone, Debug, PartialEq)]
pub struct Hidden {
    /// As written.
    pub routine: Routine,
    pub because: Vec<Reason>,
}

impl Hidden {
    /// "Hidden for you: Upper back ball leaves out every step (blood thinners)".
    pub fn line(&self) -> String {
        format!(
            "Hidden for you: {} leaves out every step ({})",
            self.routine.name,
            reasons(&self.because)
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Fitted {
    /// The routine as the person does it, its changes in `for_you`.
    Kept(Routine),
    Hidden(Hidden),
}

impl Profile {
    /// The routine fitted to this profile.
    pub fn fit(&self, routine: &Routine) -> Fitted {
        let mut fitted = routine.clone();
        fitted.steps.clear();
        let mut for_you = Vec::new();
        for step in &routine.steps {
            let left_out = self.rules_out(routine, step);
            if !left_out.is_empty() {
                for_you.push(Adjustment {
                    step: step.name.clone(),
                    change: Change::LeftOut,
                    because: left_out,
                });
                continue;
            }
            let mut step = step.clone();
            let softened = self.softens(&step);
            if !softened.is_empty() && step.pressure > Pressure::Light {
                for_you.push(Adjustment {
                    step: step.name.clone(),
                    change: Change::Lighter(step.pressure),
                    because: softened,
                });
                step.pressure = Pressure::Light;
            }
            fitted.steps.push(step);
        }
        if fitted.steps.iter().all(|s| s.stroke == Stroke::Breathing) {
            let mut because: Vec<Reason> = Vec::new();
            for adjustment in &for_you {
                for reason in &adjustment.because {
                    if !because.contains(reason) {
                        because.push(*reason);
                    }
                }
            }
            return Fitted::Hidden(Hidden {
                routine: routine.clone(),
                because,
            });
        }
        fitted.for_you = for_you;
        Fitted::Kept(fitted)
    }

    /// The reasons the step is left out for this person; empty when it stays.
    fn rules_out(&self, routine: &Routine, step: &Step) -> Vec<Reason> {
        let mut because: Vec<Reason> = step
            .avoid_with
            .iter()
            .filter(|p| self.has(**p))
            .map(|p| Reason::Precaution(*p))
            .collect();
        // A step names the area it works by its spot; one without a spot may work any of the
        // routine's areas. A breath works none, whatever spot it names.
        let areas: Vec<Area> = match step.spot {
            _ if step.stroke == Stroke::Breathing => Vec::new(),
            Some(spot) => vec![spot.area()],
            None => routine.areas.clone(),
        };
        because.extend(
            self.surgery_areas()
                .iter()
                .filter(|a| areas.contains(a))
                .map(|a| Reason::Surgery(*a)),
        );
        because
    }

    fn softens(&self, step: &Step) -> Vec<Reason> {
        step.gentle_with
            .iter()
            .filter(|p| self.has(**p))
            .map(|p| Reason::Precaution(*p))
            .collect()
    }
}

/// The library fitted to `profile`: each routine as the person does it, and the routines
/// hidden from them, by id.
pub fn fit_library(profile: &Profile, library: &Library) -> (Library, Vec<Hidden>) {
    let mut fitted = Library::default();
    let mut hidden = Vec::new();
    for routine in library.routines() {
        match profile.fit(routine) {
            Fitted::Kept(routine) => fitted.insert(routine),
            Fitted::Hidden(h) => hidden.push(h),
        }
    }
    (fitted, hidden)
}
