//! `knead show ROUTINE`.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use super::context::ForYou;
use super::list::join;
use super::write_err;
use crate::cli::{ShowArgs, ShowFormat};
use crate::error::{Error, Result};
use crate::routine::library::built_in_text;
use crate::routine::{Library, Routine, Side, Source, format_length};
use crate::text::{SafeText, sanitize, sanitize_file_text};
use crate::toml_check::{SourceError, read_source};

#[derive(Serialize)]
struct ShownRoutine<'a> {
    #[serde(flatten)]
    routine: &'a Routine,
    seconds: u32,
    source: String,
    /// Why the health profile hides the routine, which is then shown as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    hidden_for_you: Option<String>,
}

/// Finds a routine by id, or says which ids come close.
pub fn find<'a>(library: &'a Library, id: &str) -> Result<&'a Routine> {
    library.get(id).ok_or_else(|| {
        let near = library.closest_ids(id);
        let hint = if near.is_empty() {
            "`knead list` shows every routine".to_string()
        } else {
            format!(
                "did you mean {}?",
                near.iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )
        };
        Error::Usage(format!("no routine with the id {:?}; {hint}", sanitize(id)))
    })
}

pub fn run(args: &ShowArgs, for_you: &ForYou, out: &mut dyn Write) -> Result<ExitCode> {
    // A routine hidden for the person is shown as written, under the line that says why.
    let hidden = for_you.hidden(&args.routine);
    let library = if hidden.is_some() {
        &for_you.as_written
    } else {
        &for_you.library
    };
    let routine = find(library, &args.routine)?;
    if let (Some(hidden), ShowFormat::Text) = (hidden, args.format) {
        writeln!(out, "{}", hidden.line()).map_err(write_err("writing the routine"))?;
    }
    match args.format {
        ShowFormat::Json => {
            let shown = ShownRoutine {
                routine,
                seconds: routine.planned_seconds(),
                source: routine.source.to_string(),
                hidden_for_you: hidden.map(|h| h.line()),
            };
            serde_json::to_writer_pretty(&mut *out, &shown)
                .map_err(std::io::Error::from)
                .map_err(write_err("writing JSON"))?;
            writeln!(out).map_err(write_err("writing the routine"))?;
        }
        ShowFormat::Text => write_text(routine, out).map_err(write_err("writing the routine"))?,
        ShowFormat::Toml => {
            let mut text = sanitize_file_text(&file_text(routine)?);
            if !text.ends_with('\n') {
                text.push('\n');
            }
            out.write_all(text.as_bytes())
                .map_err(write_err("writing the routine"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The routine as a file. A person's own file is printed as they wrote it, comments and
/// layout and all, rather than re-serialized; a built-in prints the source it was built from.
pub fn file_text(routine: &Routine) -> Result<String> {
    match &routine.source {
        Source::File(path) => match read_source(path, "a routine file") {
            Ok(text) => Ok(text),
            Err(SourceError::Io(e)) => Err(Error::io(format!(
                "reading {}",
                sanitize(&path.display().to_string())
            ))(e)),
            // It loaded a moment ago; it has been replaced since.
            Err(SourceError::Refused(problems)) => {
                super::report_problems(&[problems], "");
                Err(Error::Reported(
                    "the routine's file has changed since it was loaded".into(),
                ))
            }
        },
        Source::BuiltIn => built_in_text(&routine.id)
            .map(str::to_string)
            .ok_or_else(|| Error::Usage(format!("no built-in routine {:?}", routine.id))),
    }
}

fn write_text(r: &Routine, out: &mut dyn Write) -> std::io::Result<()> {
    let wrap = |text: &SafeText, indent: &str| {
        let options = textwrap::Options::new(78)
            .initial_indent(indent)
            .subsequent_indent(indent);
        textwrap::fill(text, options)
    };
    writeln!(out, "{} ({})", r.name, r.id)?;
    writeln!(out, "{}", wrap(&r.summary, ""))?;
    writeln!(out)?;
    writeln!(out, "Areas:   {}", join(&r.areas))?;
    writeln!(out, "Goals:   {}", join(&r.goals))?;
    let seconds = r.planned_seconds();
    writeln!(
        out,
        "Length:  {} ({seconds} s), {}",
        format_length(seconds),
        crate::session::words::steps(r.steps.len())
    )?;
    if !r.equipment.is_empty() {
        let items: Vec<&str> = r.equipment.iter().map(|e| e.as_str()).collect();
        let options = textwrap::Options::new(78).subsequent_indent("         ");
        writeln!(
            out,
            "{}",
            textwrap::fill(&format!("At hand: {}", items.join(", ")), options)
        )?;
    }
    writeln!(out, "Source:  {}", sanitize(&r.source.to_string()))?;
    if !r.cautions.is_empty() {
        writeln!(out, "\nCautions:")?;
        for caution in &r.cautions {
            let text = wrap(caution, "    ");
            writeln!(out, "  ! {}", text.trim_start())?;
        }
    }
    if !r.for_you.is_empty() {
        writeln!(out, "\nFitted to your health profile (`knead profile`):")?;
        for adjustment in &r.for_you {
            writeln!(
                out,
                "  {}",
                wrap(&SafeText::sanitized(&adjustment.line()), "    ").trim_start()
            )?;
        }
    }
    writeln!(out, "\nSteps:")?;
    for (i, step) in r.steps.iter().enumerate() {
        // A side block is announced once, above its first step; its steps then need no
        // side of their own.
        let block = r.side_block(i);
        let in_block = block.len() > 1;
        if in_block && block.start == i {
            writeln!(
                out,
                "   Steps {}-{} on the left side, then the right:",
                block.start + 1,
                block.end
            )?;
        }
        // A lone `each` step says its order with its time, so the place need not repeat it.
        let mut facts = vec![
            match step.side {
                Side::Each if in_block => format!("{} s each side", step.seconds),
                Side::Each => format!("{} s, left then right", step.seconds),
                _ => format!("{} s", step.seconds),
            },
            step.stroke.to_string(),
        ];
        if let Some(pressure) = step.pressure {
            facts.insert(1, format!("{pressure} pressure"));
        }
        if let Some(tempo) = step.tempo {
            facts.push(format!("{tempo}/min"));
        }
        // In a side block the heading above says the order of the sides.
        let place = match (step.spot, step.side) {
            (Some(spot), side) => Some(spot.phrase(side)),
            (None, Side::Each) => None,
            (None, Side::Both) => Some("both sides".to_string()),
            (None, side) => Some(format!("{side} side")),
        };
        facts.extend(place);
        writeln!(out, "{:>4}. {}", i + 1, step.name)?;
        writeln!(
            out,
            "{}",
            wrap(&SafeText::sanitized(&facts.join(" · ")), "      ")
        )?;
        writeln!(out, "{}", wrap(&step.cue, "      "))?;
    }
    writeln!(
        out,
        "\nA comfort aid, not a substitute for care. Stop if you feel sharp pain, numbness, tingling or dizziness."
    )
}
