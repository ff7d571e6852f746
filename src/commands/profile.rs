//! `knead profile`: the health profile on the command line.

use std::io::Write;
use std::process::ExitCode;

use super::context::Context;
use super::write_err;
use crate::cli::{ProfileAction, ProfileArgs, ProfileChange};
use crate::error::{Error, Result};
use crate::profile::{self, Profile};
use crate::routine::{Area, Precaution};

pub fn run(args: &ProfileArgs, context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    let path = context.profile_file()?;
    match &args.action {
        None | Some(ProfileAction::Show) => return show(context, out),
        Some(ProfileAction::Clear) => {
            // Written without reading: this is the way out of a damaged file too.
            let mut cleared = Profile::default();
            cleared.form_offered = true;
            profile::write(path, &cleared)?;
        }
        Some(ProfileAction::Add(change)) => {
            let (precautions, areas) = parse_change(change, true)?;
            let mut profile = context.profile()?;
            for p in precautions {
                profile.add(p);
            }
            for area in areas {
                profile.add_surgery(area);
            }
            profile.form_offered = true;
            profile::write(path, &profile)?;
        }
        Some(ProfileAction::Remove(change)) => {
            let (precautions, areas) = parse_change(change, false)?;
            let mut profile = context.profile()?;
            for p in precautions {
                // `remove recent-surgery --area neck` removes that area alone.
                if p != Precaution::RecentSurgery || areas.is_empty() {
                    profile.remove(p);
                }
            }
            for area in areas {
                profile.remove_surgery(area);
            }
            profile::write(path, &profile)?;
        }
    }
    show(context, out)
}

/// The precautions named and the areas given; `--area` goes with `recent-surgery` only,
/// and adding it needs one.
fn parse_change(change: &ProfileChange, adding: bool) -> Result<(Vec<Precaution>, Vec<Area>)> {
    let precautions: Vec<Precaution> = change
        .names
        .iter()
        .map(|name| name.parse::<Precaution>())
        .collect::<Result<_, _>>()?;
    let areas: Vec<Area> = change
        .areas
        .iter()
        .map(|area| area.parse::<Area>())
        .collect::<Result<_, _>>()?;
    let surgery = precautions.contains(&Precaution::RecentSurgery);
    if !areas.is_empty() && !surgery {
        return Err(Error::Usage(
            "--area goes with recent-surgery: `knead profile add recent-surgery --area neck`".into(),
        ));
    }
    if adding && surgery && areas.is_empty() {
        return Err(Error::Usage(
            "recent-surgery needs the area it was on: `knead profile add recent-surgery --area neck` \
             (`knead areas` lists them)"
                .into(),
        ));
    }
    Ok((precautions, areas))
}

fn show(context: &Context, out: &mut dyn Write) -> Result<ExitCode> {
    let for_you = context.for_you()?;
    let profile = &for_you.profile;
    let path = context.profile_file()?;
    let mut lines = vec![format!(
        "Your health profile ({}): {}.",
        crate::text::sanitize(&path.display().to_string()),
        profile.phrase()
    )];
    if profile.is_empty() {
        lines.push(
            "Add what applies to you, e.g. `knead profile add blood-thinners`, and every routine leaves \
             out or softens the steps that do not suit it."
                .into(),
        );
    } else {
        let changed = for_you
            .library
            .routines()
            .iter()
            .filter(|r| !r.for_you.is_empty())
            .count();
        lines.push(format!(
            "{changed} routines change for you; {} hidden.",
            for_you.hidden.len()
        ));
        lines.extend(for_you.hidden.iter().map(|h| h.line()));
    }
    lines.push(
        "knead fits its routines to this; it replaces no clinician's advice. Ask one first with \
         any of these."
            .into(),
    );
    for line in lines {
        writeln!(out, "{line}").map_err(write_err("writing the profile"))?;
    }
    Ok(ExitCode::SUCCESS)
}
