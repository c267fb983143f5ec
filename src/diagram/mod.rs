//! The client-server diagram: a pure step machine ([`machine`]), the input
//! real requests feed it ([`live`]), and its SVG view.

pub mod live;
pub mod machine;
mod view;

pub use view::{DiagramView, DiagramViewProps};
