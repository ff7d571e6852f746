//! `knead run --dry-run`: the session as it would run, segment by segment, without running it.

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Duration;

use super::choose::{Chosen, minutes_text};
use super::run_options::RunOptions;
use crate::error::{Error, Result};
use crate::routine::format_length;
use crate::session::words::{self, SegmentWords, whole_seconds};
use crate::session::{Plan, SegmentKind, Session};
use crate::text::sanitize;

/// Prints the plan of the chosen routines, with why they are these, how they were scaled and
/// whether the bell rings at `hour`.
pub fn run(chosen: Chosen, options: &RunOptions, hour: u32) -> Result<ExitCode> {
    let Some(routines) = chosen.routines() else {
        return Err(Error::Usage(
            "--dry-run needs routines to plan: name them (`knead run neck-release --dry-run`), or give --minutes with --area".into(),
        ));
    };
    let mut notes = chosen.notes.clone();
    let natural = Plan::new(routines, &options.timing, None).length();
    let natural = format_length(whole_seconds(natural));
    if let Some(minutes) = options.minutes {
        notes.push(format!(
            "Scaled to {} (--minutes), from {natural}.",
            minutes_text(minutes)
        ));
    } else if options.scale != 1.0 {
        notes.push(format!(
            "Scaled ×{} (default_minutes_scale, {}), from {natural}.",
            options.scale, options.scale_origin
        ));
    }
    if options.bell && !options.presentation(routines, hour).bell {
        notes.push("Bell: off (a routine for sleep is always quiet).".to_string());
    } else {
        notes.push(format!("Bell: {}.", options.bell_reason));
    }
    let mut out = io::stdout().lock();
    write_plan(&options.session(routines), &notes, &mut out)
        .and_then(|()| out.flush())
        .map_err(Error::io("writing the plan"))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the plan of `session`: a heading, the `notes` (why these routines, how they were
/// scaled, whether the bell rings), then one line per timed segment with its start and its
/// length as scaled, and the total.
pub fn write_plan(session: &Session, notes: &[String], out: &mut dyn Write) -> io::Result<()> {
    let plan = session.plan();
    let routines = session.routines();
    let steps: usize = routines.iter().map(|r| r.steps.len()).sum();
    writeln!(
        out,
        "{} · {} · {steps} step{}",
        words::title(routines),
        format_length(whole_seconds(plan.length())),
        if steps == 1 { "" } else { "s" }
    )?;
    for note in notes.iter().cloned().chain(words::for_you(routines)) {
        writeln!(out, "{}", sanitize(&note))?;
    }
    writeln!(out)?;
    let mut heading_done: Option<usize> = None;
    for (i, segment) in plan.segments().iter().enumerate() {
        let Some(what) = SegmentWords::of(routines, segment.kind) else {
            continue;
        };
        if let SegmentKind::Step { routine, .. } = segment.kind
            && heading_done != Some(routine)
            && let Some(r) = routines.get(routine)
        {
            writeln!(out, "{} ({})", r.name, r.id)?;
            heading_done = Some(routine);
        }
        let what = what.plan_line();
        writeln!(
            out,
            "{:>6}  {:>7}  {what}",
            format_length(whole_seconds(plan.start_of(i))),
            seconds(segment.length)
        )?;
    }
    writeln!(
        out,
        "{:>6}           End: {} of massage in {}.",
        format_length(whole_seconds(plan.total())),
        format_length(whole_seconds(plan.length())),
        format_length(whole_seconds(plan.total()))
    )
}

/// "30 s", to the nearest second, also when scaling left a fraction.
fn seconds(length: Duration) -> String {
    format!("{} s", whole_seconds(length))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_whole() {
        assert_eq!(seconds(Duration::from_secs(30)), "30 s");
        assert_eq!(seconds(Duration::from_millis(17_449)), "17 s");
        assert_eq!(seconds(Duration::from_millis(17_600)), "18 s");
        assert_eq!(seconds(Duration::from_millis(250)), "0 s");
        assert_eq!(whole_seconds(Duration::from_millis(479_500)), 480);
    }
}
