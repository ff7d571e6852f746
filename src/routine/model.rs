//! A validated routine. Everything here has passed the checks in `parse`, so the rest of the
//! program can trust lengths, ranges and the absence of control characters; the text fields
//! are [`SafeText`], so the last is a matter of type.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

use super::vocab::{Area, Complaint, Goal, Precaution, Pressure, Side, Spot, Stroke};
use crate::text::SafeText;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Routine {
    pub id: String,
    pub name: SafeText,
    pub summary: SafeText,
    pub areas: Vec<Area>,
    pub goals: Vec<Goal>,
    /// The complaints the routine is for: a way to choose it besides areas and goals.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub helps: Vec<Complaint>,
    pub cautions: Vec<SafeText>,
    /// What to have at hand ("a tennis ball in a sock", "a table"); empty when nothing.
    pub equipment: Vec<SafeText>,
    pub steps: Vec<Step>,
    /// How the steps were fitted to the person's health profile: the steps left out or made
    /// lighter, and why. Empty as loaded; see [`crate::profile::Profile::fit`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub for_you: Vec<crate::profile::Adjustment>,
    /// The file says it makes a good first session: gentle, short and for a common complaint.
    /// The ranking offers such routines first to someone who has not tried them.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub first_try: bool,
    #[serde(skip)]
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    pub name: SafeText,
    pub cue: SafeText,
    /// Seconds per side when `side` is `Each`.
    pub seconds: u32,
    /// How hard the hands press: always there for a stroke that presses, never for one that
    /// does not (breathing, stretching; see [`Stroke::presses`]), whatever the file said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pressure: Option<Pressure>,
    pub stroke: Stroke,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tempo: Option<u32>,
    pub side: Side,
    /// Where on the body; without one, the screen shows the routine's areas.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spot: Option<Spot>,
    /// The side block this `each` step runs in: see [`Routine::side_block`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Left out for a person whose profile holds one of these.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub avoid_with: Vec<Precaution>,
    /// Done at light pressure at most for a person whose profile holds one of these.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gentle_with: Vec<Precaution>,
}

/// Where a routine was loaded from; shown by `list` so a person can tell which copy won.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Source {
    #[default]
    BuiltIn,
    File(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::BuiltIn => f.write_str("built-in"),
            Source::File(path) => write!(f, "{}", path.display()),
        }
    }
}

impl Step {
    /// How many timed passes the step takes: two for `each`, one otherwise.
    pub fn passes(&self) -> u32 {
        if self.side == Side::Each { 2 } else { 1 }
    }

    pub fn planned_seconds(&self) -> u32 {
        self.seconds * self.passes()
    }
}

impl Routine {
    /// The routine's length, the one every listing shows: its steps, with both sides of
    /// `each` steps counted (the session's `Plan::length` of this routine alone, unscaled).
    pub fn planned_seconds(&self) -> u32 {
        self.steps.iter().map(Step::planned_seconds).sum()
    }

    /// The steps that run as one side block with step `index`: all of them on the left in
    /// order, one switch, then all of them on the right. A block is a run of consecutive
    /// `each` steps with the same `group`; any other step is a block of its own, which is
    /// what an `each` step without a group always was (left, switch, right).
    pub fn side_block(&self, index: usize) -> Range<usize> {
        let joins = |i: usize, group: &str| {
            self.steps
                .get(i)
                .is_some_and(|s| s.side == Side::Each && s.group.as_deref() == Some(group))
        };
        let Some(group) = self.steps.get(index).and_then(|s| match s.side {
            Side::Each => s.group.as_deref(),
            _ => None,
        }) else {
            return index..index + 1;
        };
        let mut start = index;
        while start > 0 && joins(start - 1, group) {
            start -= 1;
        }
        let mut end = index + 1;
        while joins(end, group) {
            end += 1;
        }
        start..end
    }

    pub fn has_goal(&self, goal: Goal) -> bool {
        self.goals.contains(&goal)
    }

    pub fn has_area(&self, area: Area) -> bool {
        self.areas.contains(&area)
    }

    /// Sleep routines are run quietly and in the night palette.
    pub fn is_for_sleep(&self) -> bool {
        self.has_goal(Goal::Sleep)
    }
}

/// `m:ss`, the length format used in every listing.
pub fn format_length(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}
