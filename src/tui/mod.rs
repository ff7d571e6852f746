//! The full-screen terminal front end: a thin shell that turns key presses, signals and ticks
//! into events for the core, and draws its state.

pub mod app;
pub mod area_map;
pub mod bigtext;
pub mod body_map;
// Point lists read best a row of points to a line, as written.
#[rustfmt::skip]
pub mod body_outline;
pub mod events;
pub mod history_view;
pub mod keys;
pub mod overview_view;
pub mod picker;
pub mod picker_view;
pub mod profile_form;
pub mod session_app;
pub mod session_view;
pub mod step_screen;
pub mod stroke_figure;
pub mod tension;
pub mod terminal;
pub mod theme;
pub mod widgets;
