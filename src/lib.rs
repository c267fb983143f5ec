//! Roundtrip: a lesson ("What is Back End Engineering?", and the others of
//! its course) as an interactive page.

// The compiled lesson (`lesson::LESSON`, written by the build script) names
// `alloc::borrow::Cow`, as `databake` writes it.
extern crate alloc;

mod app;
pub mod checks;
pub mod diagram;
pub mod frame;
pub mod host;
pub mod lab;
pub mod lesson;
pub mod platform;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod progress;
mod reducer;
pub mod status;
pub mod text;
pub mod widget;

pub use app::{App, AppProps};
