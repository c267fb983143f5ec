//! Roundtrip: the lesson "What is Back End Engineering?" as an interactive page.

mod app;
pub mod host;
pub mod lesson;

pub use app::App;
