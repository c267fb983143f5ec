//! Everything about the page's host: the document the lesson lives in, and
//! the storage that keeps progress. Components reach the browser only through
//! here, from effects and callbacks.

pub mod page;
pub mod storage;
