//! The frame: the page that frames the lesson, if any, as pure decisions:
//! which messages pass between the lesson and that page (the H5P resizer's,
//! Canvas's and our own, which `embed/embed.js` reads), and the controls a
//! framed lesson shows ([`view`]). `crate::host::frame` carries them out.

pub mod messages;
mod view;

pub use view::{FrameControlsView, FrameControlsViewProps};
