//! The learning platform (an LMS that runs the lesson's SCORM package), as
//! pure decisions: when the lesson is complete, what SCORM is told and when
//! (each answer to a check included), and how the platform's API is found.
//! `crate::host::platform` carries these decisions out in the browser.

pub mod completion;
pub mod discovery;
pub mod interactions;
pub mod scorm;
