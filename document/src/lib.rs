//! The `roundtrip-document` crate, a lesson and the course as data: the
//! document model the app renders, and (with the `compile` feature) the
//! build-time compiler from Markdown to that model and the course file. The
//! components that render it are the app's, in `src/lesson/`.

pub mod model;
pub mod slug;

/// The lesson the build compiles unless `ROUNDTRIP_LESSON` names another,
/// relative to the workspace root.
#[cfg(feature = "compile")]
pub const DEFAULT_LESSON: &str = "content/what-is-back-end.md";

#[cfg(feature = "compile")]
pub mod codegen;
#[cfg(feature = "compile")]
pub mod compile;
#[cfg(feature = "compile")]
pub mod course;

pub use model::*;
