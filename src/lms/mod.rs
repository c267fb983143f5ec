//! Living in a learning platform, as pure decisions: when the lesson is
//! complete, what SCORM is told and when (each answer to a check included),
//! how the LMS's API is found, and which messages pass between the lesson and
//! the page that frames it.
//! `crate::host` carries these decisions out in the browser; [`view`] holds
//! the controls a framed lesson shows.

pub mod completion;
pub mod discovery;
pub mod interactions;
pub mod messages;
pub mod scorm;
mod view;

pub use view::{FrameControls, FrameControlsProps};
