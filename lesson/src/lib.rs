//! A lesson as a document: the model the app renders, and (with the `compile`
//! feature) the build-time compiler from Markdown to that model.

pub mod model;
pub mod slug;

#[cfg(feature = "compile")]
pub mod codegen;
#[cfg(feature = "compile")]
pub mod compile;

pub use model::*;
