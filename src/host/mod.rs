//! Everything about the page's host: the document the lesson lives in, the
//! page that frames it, the learning platform, the network and storage. No
//! other module names a browser API: components call in here from effects
//! and callbacks only, and otherwise touch just the events Yew hands them.

pub mod fetch;
pub mod frame;
pub mod lrs;
pub mod page;
pub mod platform;
pub mod storage;
