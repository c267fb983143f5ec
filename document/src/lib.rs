//! The `roundtrip-document` crate, a lesson and the course as data: the
//! document model the app renders, the form it travels in to the page
//! (`wire`), the policy every built page declares (`policy`), what the lesson
//! and a learning platform agree on (`platform`: the SCORM edition, scaled scores), and (with the
//! `compile` feature) the build-time compiler from
//! Markdown to that model, with the widgets' words (`compile::words`), and the
//! course file. The components that render it are the app's, in `src/lesson/`.

pub mod model;
pub mod platform;
pub mod policy;
pub mod slug;
pub mod wire;

#[cfg(feature = "compile")]
pub mod compile;
#[cfg(feature = "compile")]
pub mod course;

pub use model::*;
