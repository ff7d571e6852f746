//! Two things made at build time, so the binary carries them and a package can ship them:
//!
//! - every routine in `routines/`, embedded into the binary, so knead works on a machine with
//!   no files of its own; adding a routine is adding a file, with no list to keep in step.
//!   Each is checked here by the real parser (`src/routine/parse.rs`, compiled here as well):
//!   an invalid one fails the build with the message `knead check` would print, so it can
//!   never ship. The checked routines are written out as Rust code that builds them, so knead
//!   starts without parsing any TOML or checking their text again; the text is embedded too, for `show --format toml`,
//!   `edit` and `check`; every plan in `plans/` is embedded as text the same way;
//! - the manual pages and the shell completion scripts, written from the command line's own
//!   definition (`src/cli.rs`, compiled here as well), so they cannot drift from the parser
//!   and no copy of them is kept in the repository. `knead man` and `knead completions` print
//!   the copies embedded in the binary; `cargo deb` packages the ones written beside it.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

use clap::{CommandFactory, ValueEnum};

// The command line, the routine parser and the modules they use, as the binary compiles them,
// at the same paths in the crate. Only part of what they hold is used here.
#[allow(dead_code, reason = "the build script uses only what the command line needs")]
#[path = "src/cli.rs"]
mod cli;
#[allow(dead_code, reason = "the build script uses only what the parsers need")]
#[path = "src/text.rs"]
mod text;
#[path = "src/log"]
mod log {
    #[allow(dead_code, reason = "the build script uses only what the command line needs")]
    mod date_arg;
    pub use date_arg::DateArg;
}
#[path = "src/system"]
mod system {
    #[allow(dead_code, reason = "the build script reads routine files, never the log")]
    pub mod regular_file;
}
#[allow(
    dead_code,
    unused_imports,
    // clippy spares a library's public API (`as_warning(self)`) a rename that would break
    // it, but not the same code in a build script.
    clippy::wrong_self_convention,
    reason = "the build script uses only what the routine parser needs, as the library has it"
)]
#[path = "src/toml_check/mod.rs"]
mod toml_check;
/// The routine model holds the health profile's changes to a routine; a routine as its file
/// gives it has none, so the build script needs only the name.
mod profile {
    #[derive(Clone, Debug, PartialEq, serde::Serialize)]
    pub struct Adjustment;
}
#[allow(dead_code, reason = "the build script uses only the parser and the model")]
#[path = "src/routine"]
mod routine {
    pub mod model;
    pub mod parse;
    pub mod vocab;
}

/// The source files the manual pages and completions are made from.
const COMMAND_LINE_SOURCES: &[&str] = &["src/cli.rs", "src/text.rs", "src/log/date_arg.rs"];

/// The source files the routines are checked and rebuilt with.
const ROUTINE_SOURCES: &[&str] = &[
    "src/routine/model.rs",
    "src/routine/parse.rs",
    "src/routine/vocab.rs",
    "src/toml_check",
];

fn main() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    embed_routines(manifest_dir, &out_dir);
    embed_plans(manifest_dir, &out_dir);
    for source in COMMAND_LINE_SOURCES {
        println!("cargo:rerun-if-changed={}", manifest_dir.join(source).display());
    }
    let package_dir = package_assets_dir(&out_dir);
    let mut code = String::new();
    write_man_pages(&out_dir, &package_dir, &mut code);
    write_completions(&out_dir, &package_dir, &mut code);
    fs::write(out_dir.join("shell_files.rs"), code).expect("OUT_DIR is writable");
}

/// Writes `built_in_routines.rs`: `BUILT_IN`, each routine's file name and text, `BUILT_IN_IDS`,
/// the id each defines, and `built_in_routines()`, the routines themselves as code. Exits with
/// the parser's messages when any routine is invalid.
fn embed_routines(manifest_dir: &Path, out_dir: &Path) {
    let dir = manifest_dir.join("routines");
    println!("cargo:rerun-if-changed={}", dir.display());
    for source in ROUTINE_SOURCES {
        println!("cargo:rerun-if-changed={}", manifest_dir.join(source).display());
    }
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("routines/ is readable: {e}"))
        .map(|entry| entry.expect("the folder's entries are readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let mut texts = String::from("pub static BUILT_IN: &[(&str, &str)] = &[\n");
    let mut ids = String::from("pub static BUILT_IN_IDS: &[&str] = &[\n");
    let mut routines =
        String::from("pub fn built_in_routines() -> Vec<crate::routine::Routine> {\n    vec![\n");
    let mut invalid = 0;
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("routine file names are UTF-8");
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        match routine::parse::parse_routine(&text, stem, routine::model::Source::BuiltIn) {
            Ok(parsed) => {
                writeln!(ids, "    {:?},", parsed.id).unwrap();
                routine_code(&parsed, &mut routines);
            }
            Err(problems) => {
                let file = toml_check::FileProblems {
                    path: format!("routines/{stem}.toml"),
                    source: text,
                    problems,
                };
                eprint!("{}", file.render(false));
                invalid += 1;
            }
        }
        writeln!(
            texts,
            "    ({stem:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    if invalid > 0 {
        eprintln!(
            "error: {invalid} built-in routine(s) in routines/ are invalid; knead cannot be built with them"
        );
        std::process::exit(1);
    }
    texts.push_str("];\n");
    ids.push_str("];\n");
    routines.push_str("    ]\n}\n");
    let code = format!("{texts}\n{ids}\n{routines}");
    fs::write(out_dir.join("built_in_routines.rs"), code).expect("OUT_DIR is writable");
}

/// Rust code that builds `routine` as the parser did: a struct literal, its text through
/// `SafeText::checked_at_build`, which borrows the text from the binary as it is. The parser
/// has just accepted that text, so knead neither scans it again nor copies it at start-up
/// (rescanning the built-ins' text, which is not all ASCII, was a third of `knead list`).
fn routine_code(routine: &routine::model::Routine, code: &mut String) {
    let text = |t: &text::SafeText| format!("SafeText::checked_at_build({:?})", t.as_str());
    let list = |items: Vec<String>| items.join(", ");
    let option = |value: Option<String>| value.map_or("None".to_string(), |v| format!("Some({v})"));
    let steps: Vec<String> = routine
        .steps
        .iter()
        .map(|step| {
            format!(
                "            crate::routine::Step {{ name: {}, cue: {}, seconds: {}, pressure: {}, \
                 stroke: crate::routine::Stroke::{:?}, tempo: {:?}, side: crate::routine::Side::{:?}, spot: {}, group: {}, avoid_with: vec![{}], gentle_with: vec![{}] }},\n",
                text(&step.name),
                text(&step.cue),
                step.seconds,
                option(step.pressure.map(|pressure| format!("crate::routine::Pressure::{pressure:?}"))),
                step.stroke,
                step.tempo,
                step.side,
                option(step.spot.map(|spot| format!("crate::routine::Spot::{spot:?}"))),
                option(step.group.as_ref().map(|group| format!("{group:?}.to_string()"))),
                list(step.avoid_with.iter().map(|p| format!("crate::routine::Precaution::{p:?}")).collect()),
                list(step.gentle_with.iter().map(|p| format!("crate::routine::Precaution::{p:?}")).collect()),
            )
        })
        .collect();
    writeln!(
        code,
        "        {{ use crate::text::SafeText; crate::routine::Routine {{ id: {:?}.to_string(), name: {}, summary: {}, \
         areas: vec![{}], goals: vec![{}], helps: vec![{}], cautions: vec![{}], equipment: vec![{}], steps: vec![\n{}        ], \
         for_you: Vec::new(), first_try: {}, source: crate::routine::Source::BuiltIn }} }},",
        routine.id,
        text(&routine.name),
        text(&routine.summary),
        list(routine.areas.iter().map(|a| format!("crate::routine::Area::{a:?}")).collect()),
        list(routine.goals.iter().map(|g| format!("crate::routine::Goal::{g:?}")).collect()),
        list(routine.helps.iter().map(|c| format!("crate::routine::Complaint::{c:?}")).collect()),
        list(routine.cautions.iter().map(text).collect()),
        list(routine.equipment.iter().map(text).collect()),
        steps.concat(),
        routine.first_try,
    )
    .unwrap();
}

/// Where `cargo deb` picks up the generated files: `target/<profile>/assets/`, beside the
/// binary (Cargo.toml's `[package.metadata.deb]` names them as `target/release/assets/...`).
/// Cargo gives a build script no path to the profile's folder, so it is found from OUT_DIR,
/// which is `target/<profile>/build/knead-<hash>/out`: the way cargo-deb's own example does.
fn package_assets_dir(out_dir: &Path) -> PathBuf {
    let profile_dir = out_dir
        .ancestors()
        .nth(3)
        .expect("OUT_DIR is target/<profile>/build/<package>/out");
    profile_dir.join("assets")
}

/// A folder emptied first, so a page or script of a command that is gone is not packaged.
fn fresh_folder(dir: PathBuf) -> PathBuf {
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("emptying {}: {e}", dir.display()));
    }
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
    dir
}

/// `knead.1` and one page per command (`knead-run.1`, ...): plain roff in OUT_DIR for the
/// binary, gzipped (as Debian installs man pages, with no name or time in the header, so
/// builds are reproducible) for the package.
fn write_man_pages(out_dir: &Path, package_dir: &Path, code: &mut String) {
    // `help` is a clap built-in with nothing to say in a manual; without it, the main page
    // lists only pages that exist.
    let mut command = cli::Cli::command().disable_help_subcommand(true);
    command.build();
    let embedded = fresh_folder(out_dir.join("man"));
    let packaged = fresh_folder(package_dir.join("man"));
    code.push_str("/// `knead.1` and a page per command: file name and roff.\n");
    code.push_str("pub static MAN_PAGES: &[(&str, &[u8])] = &[\n");
    let pages = std::iter::once(command.clone()).chain(command.get_subcommands().cloned());
    for page in pages {
        let page = clap_mangen::Man::new(page);
        let name = page.get_filename();
        let mut roff = Vec::new();
        page.render(&mut roff).expect("rendering into memory");
        let path = embedded.join(&name);
        fs::write(&path, &roff).expect("OUT_DIR is writable");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&roff).expect("compressing into memory");
        let gz = gz.finish().expect("compressing into memory");
        let gz_path = packaged.join(format!("{name}.gz"));
        fs::write(&gz_path, gz).unwrap_or_else(|e| panic!("writing {}: {e}", gz_path.display()));
        writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
}

/// A script for every shell `knead completions` offers, under the file name that shell looks
/// for (`knead.bash`, `_knead`, `knead.fish`, ...), and a function that picks one.
fn write_completions(out_dir: &Path, package_dir: &Path, code: &mut String) {
    let embedded = fresh_folder(out_dir.join("completions"));
    let packaged = fresh_folder(package_dir.join("completions"));
    code.push_str("/// The completion script for `shell`.\n");
    code.push_str("pub fn completion_script(shell: Shell) -> &'static [u8] {\n    match shell {\n");
    for &shell in cli::Shell::value_variants() {
        let generator = match shell {
            cli::Shell::Bash => clap_complete::Shell::Bash,
            cli::Shell::Elvish => clap_complete::Shell::Elvish,
            cli::Shell::Fish => clap_complete::Shell::Fish,
            cli::Shell::Powershell => clap_complete::Shell::PowerShell,
            cli::Shell::Zsh => clap_complete::Shell::Zsh,
        };
        let mut script = Vec::new();
        clap_complete::generate(generator, &mut cli::Cli::command(), "knead", &mut script);
        let name = clap_complete::Generator::file_name(&generator, "knead");
        let path = embedded.join(&name);
        fs::write(&path, &script).expect("OUT_DIR is writable");
        let package_path = packaged.join(&name);
        fs::write(&package_path, &script)
            .unwrap_or_else(|e| panic!("writing {}: {e}", package_path.display()));
        writeln!(
            code,
            "        Shell::{shell:?} => include_bytes!({:?}),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("    }\n}\n");
}

/// Writes `built_in_plans.rs`: `BUILT_IN`, each plan's file name and text. Plans are parsed
/// when a command needs them (they name routines, which the library checks).
fn embed_plans(manifest_dir: &Path, out_dir: &Path) {
    let dir = manifest_dir.join("plans");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("plans/ is readable: {e}"))
        .map(|entry| entry.expect("the folder's entries are readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let mut code = String::from("pub static BUILT_IN: &[(&str, &str)] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("file names are UTF-8");
        writeln!(
            code,
            "    ({stem:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    fs::write(out_dir.join("built_in_plans.rs"), code).expect("OUT_DIR is writable");
}
