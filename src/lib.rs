//! Roundtrip: a lesson ("What is Back End Engineering?", and the others of
//! its course) as an interactive page.

pub mod app;
pub mod checks;
pub mod course;
pub mod diagram;
pub mod frame;
pub mod host;
pub mod lab;
pub mod lesson;
pub mod lrs;
pub mod platform;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod progress;
mod reducer;
pub mod report;
pub mod statements;
pub mod status;
pub mod store;
pub mod text;
pub mod widget;

#[cfg(target_arch = "wasm32")]
pub use app::start;
