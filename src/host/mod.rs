//! Everything about the page's host: the document the lesson lives in, the
//! page that frames it, and the learning platform it reports to.
//! Components reach the browser only through here, from effects and callbacks.

pub mod fetch;
pub mod frame;
pub mod page;
pub mod scorm;
