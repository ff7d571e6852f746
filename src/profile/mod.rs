//! A person's health profile: the precautions they have, from a fixed vocabulary, and the
//! areas of a recent surgery. Every routine is fitted to it before it is shown or run
//! (`fit`), and it is kept in a small TOML file of its own (`file`).

pub mod file;
pub mod fit;

use crate::routine::{Area, Precaution};

pub use file::{ProfileError, load, parse_profile, write};
pub use fit::{Adjustment, Change, Fitted, Hidden, Reason, fit_library};

/// What a person has recorded. Kept in the vocabularies' order, each once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    /// Every precaution but `recent-surgery`, which is recorded by its areas.
    precautions: Vec<Precaution>,
    /// The areas of a recent surgery or injury: every step on them is left out.
    surgery_areas: Vec<Area>,
    /// Whether the full-screen view has offered its short form, so it is offered once.
    pub form_offered: bool,
}

impl Profile {
    pub fn new(precautions: &[Precaution], surgery_areas: &[Area]) -> Self {
        let mut profile = Profile::default();
        for &p in precautions {
            profile.add(p);
        }
        for &area in surgery_areas {
            profile.add_surgery(area);
        }
        profile
    }

    /// Adds a precaution; `recent-surgery` needs an area, see [`Profile::add_surgery`].
    pub fn add(&mut self, precaution: Precaution) {
        if precaution != Precaution::RecentSurgery && !self.precautions.contains(&precaution) {
            self.precautions.push(precaution);
            self.precautions.sort();
        }
    }

    pub fn add_surgery(&mut self, area: Area) {
        if !self.surgery_areas.contains(&area) {
            self.surgery_areas.push(area);
            self.surgery_areas.sort();
        }
    }

    /// Removes a precaution; `recent-surgery` removes every area of it.
    pub fn remove(&mut self, precaution: Precaution) {
        if precaution == Precaution::RecentSurgery {
            self.surgery_areas.clear();
        }
        self.precautions.retain(|p| *p != precaution);
    }

    pub fn remove_surgery(&mut self, area: Area) {
        self.surgery_areas.retain(|a| *a != area);
    }

    /// Every precaution held, `recent-surgery` included when an area is recorded.
    pub fn precautions(&self) -> Vec<Precaution> {
        let mut all = self.precautions.clone();
        if !self.surgery_areas.is_empty() {
            all.push(Precaution::RecentSurgery);
            all.sort();
        }
        all
    }

    pub fn has(&self, precaution: Precaution) -> bool {
        match precaution {
            Precaution::RecentSurgery => !self.surgery_areas.is_empty(),
            p => self.precautions.contains(&p),
        }
    }

    pub fn surgery_areas(&self) -> &[Area] {
        &self.surgery_areas
    }

    /// Nothing recorded: every routine runs as written.
    pub fn is_empty(&self) -> bool {
        self.precautions.is_empty() && self.surgery_areas.is_empty()
    }

    /// "blood thinners, recent surgery on the neck", or "nothing recorded".
    pub fn phrase(&self) -> String {
        if self.is_empty() {
            return "nothing recorded".to_string();
        }
        let mut parts: Vec<String> = self.precautions.iter().map(|p| p.phrase().to_string()).collect();
        parts.extend(self.surgery_areas.iter().map(|&a| Reason::Surgery(a).to_string()));
        parts.join(", ")
    }
}
