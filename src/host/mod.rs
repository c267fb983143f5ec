//! Everything about the page's host: the document the lesson lives in.
//! Components reach the browser only through here, from effects and callbacks.

pub mod fetch;
pub mod page;
