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
            // A breath or a stretch has no pressure to lower.
            if let Some(pressure) = step.pressure.filter(|p| *p > Pressure::Light)
                && !softened.is_empty()
            {
                for_you.push(Adjustment {
                    step: step.name.clone(),
                    change: Change::Lighter(pressure),
                    because: softened,
                });
                step.pressure = Some(Pressure::Light);
            }
            fitted.steps.push(step);
        }
        // Hidden only for what was left out: a routine of breaths alone stays one.
        let left_out = for_you.iter().any(|a| a.change == Change::LeftOut);
        if left_out && fitted.steps.iter().all(|s| s.stroke == Stroke::Breathing) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::testing;
    use crate::routine::{Side, Spot};

    fn step(name: &str, pressure: Pressure, stroke: Stroke) -> Step {
        let mut step = testing::routine("x", &[Area::Neck], 30).steps.remove(0);
        step.name = SafeText::sanitized(name);
        step.pressure = Some(pressure);
        step.stroke = stroke;
        step.side = Side::Both;
        step
    }

    fn shoulders() -> Routine {
        let mut routine = testing::routine("shoulders", &[Area::Shoulders, Area::Neck], 30);
        let breathe = step("Breathe", Pressure::Light, Stroke::Breathing);
        let mut ball = step("Rest on the ball", Pressure::Firm, Stroke::Holding);
        ball.avoid_with = vec![Precaution::BloodThinners, Precaution::Osteoporosis];
        ball.spot = Some(Spot::TopOfShoulder);
        let mut knead = step("Knead the shoulder", Pressure::Medium, Stroke::Kneading);
        knead.gentle_with = vec![Precaution::FragileSkin];
        knead.spot = Some(Spot::TopOfShoulder);
        let mut neck = step("Squeeze the neck", Pressure::Medium, Stroke::Squeezing);
        neck.spot = Some(Spot::BackOfNeck);
        routine.steps = vec![breathe, ball, knead, neck];
        routine
    }

    fn kept(fitted: Fitted) -> Routine {
        match fitted {
            Fitted::Kept(routine) => routine,
            Fitted::Hidden(hidden) => panic!("hidden: {}", hidden.line()),
        }
    }

    fn names(routine: &Routine) -> Vec<&str> {
        routine.steps.iter().map(|s| s.name.as_str()).collect()
    }

    #[test]
    fn an_empty_profile_changes_nothing() {
        assert_eq!(kept(Profile::default().fit(&shoulders())), shoulders());
        let mut breaths = shoulders();
        breaths.steps.truncate(1);
        assert_eq!(
            kept(Profile::new(&[Precaution::BloodThinners], &[Area::Neck]).fit(&breaths)),
            breaths,
            "a routine of breaths alone is not hidden"
        );
    }

    #[test]
    fn a_step_avoided_for_a_precaution_is_left_out_with_its_reason() {
        let profile = Profile::new(&[Precaution::BloodThinners, Precaution::Osteoporosis], &[]);
        let fitted = kept(profile.fit(&shoulders()));
        assert_eq!(
            names(&fitted),
            ["Breathe", "Knead the shoulder", "Squeeze the neck"]
        );
        let lines: Vec<String> = fitted.for_you.iter().map(Adjustment::line).collect();
        assert_eq!(
            lines,
            ["Skipped for you (blood thinners and osteoporosis): Rest on the ball"]
        );
    }

    #[test]
    fn a_softened_step_is_capped_at_light_pressure() {
        let fitted = kept(Profile::new(&[Precaution::FragileSkin], &[]).fit(&shoulders()));
        assert_eq!(fitted.steps[2].pressure, Some(Pressure::Light));
        assert_eq!(
            fitted.steps[1].pressure,
            Some(Pressure::Firm),
            "the others keep theirs"
        );
        assert_eq!(
            fitted.for_you[0].line(),
            "Lighter for you (fragile skin): Knead the shoulder"
        );
        assert_eq!(fitted.for_you[0].change, Change::Lighter(Pressure::Medium));
    }

    #[test]
    fn recent_surgery_leaves_out_the_steps_on_its_area_but_not_the_breaths() {
        let fitted = kept(Profile::new(&[], &[Area::Shoulders]).fit(&shoulders()));
        assert_eq!(names(&fitted), ["Breathe", "Squeeze the neck"]);
        assert_eq!(
            fitted.for_you[0].line(),
            "Skipped for you (recent surgery on the shoulders): Rest on the ball"
        );
        // A step without a spot may be on any of the routine's areas.
        let mut routine = shoulders();
        routine.steps[3].spot = None;
        let fitted = kept(Profile::new(&[], &[Area::Neck]).fit(&routine));
        assert_eq!(
            names(&fitted),
            ["Breathe", "Rest on the ball", "Knead the shoulder"]
        );
    }

    #[test]
    fn a_routine_left_with_nothing_but_breathing_is_hidden_with_every_reason() {
        let profile = Profile::new(&[Precaution::BloodThinners], &[Area::Shoulders, Area::Neck]);
        let Fitted::Hidden(hidden) = profile.fit(&shoulders()) else {
            panic!("kept");
        };
        assert_eq!(
            hidden.line(),
            "Hidden for you: shoulders leaves out every step (blood thinners, recent surgery on \
             the shoulders and recent surgery on the neck)"
        );
        let mut library = Library::default();
        library.insert(shoulders());
        library.insert(testing::routine("other", &[Area::Feet], 30));
        let (fitted, hidden) = fit_library(&profile, &library);
        assert_eq!(fitted.routines().len(), 1);
        assert_eq!(hidden[0].routine.id, "shoulders");
    }
}
