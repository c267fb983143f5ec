//! Everything about the page's host: the document the lesson lives in, the
//! page that frames it, the learning platform it reports to, and the storage
//! that keeps progress. Components reach the browser only through here, from
//! effects and callbacks.

pub mod fetch;
pub mod frame;
pub mod page;
pub mod scorm;
pub mod storage;
