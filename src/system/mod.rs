//! What knead asks of the operating system: where its files live (`paths`), files that must be
//! regular files (`regular_file`), the signals it handles (`signals`), work on a thread of its
//! own (`background`), the person's text editor (`editor`) and the start of the process
//! (`start`).

pub mod background;
pub mod editor;
pub mod paths;
pub(crate) mod regular_file;
pub mod signals;
// Only where knead starts from C's `main` (src/main.rs).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub mod start;
