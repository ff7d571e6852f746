//! Embeds every routine in `routines/` and every plan in `plans/` into the binary, so knead
//! works on a machine with no files of its own; adding one is adding a file, with no list to
//! keep in step.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    embed("routines", "built_in_routines.rs");
    embed("plans", "built_in_plans.rs");
}

/// Writes `pub static BUILT_IN: &[(stem, text)]` for the `.toml` files of `folder` to `out`.
fn embed(folder: &str, out: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{folder}/ is readable: {e}"))
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
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(out);
    fs::write(out, code).expect("OUT_DIR is writable");
}
