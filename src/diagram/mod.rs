//! The client-server diagram: a pure step machine ([`machine`]), the input
//! real requests feed it ([`live`]), the lines its words take in each of
//! its two arrangements ([`arrangement`]), and its SVG view, which also hands
//! the walkthrough and the live feed to Yew.

pub mod arrangement;
pub mod live;
pub mod machine;
mod view;

pub use view::{DiagramView, DiagramViewProps, LiveFeedHandle};
