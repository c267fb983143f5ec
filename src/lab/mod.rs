//! The request lab: the learner sends real requests and reads what came back.
//! Every decision is pure and tested natively ([`address`], [`outcome`],
//! [`preview`], [`catalogue`], [`state`], [`practice`]); the network is in
//! `host::fetch`.

pub mod address;
pub mod catalogue;
pub mod outcome;
pub mod practice;
pub mod preview;
pub mod state;
mod view;

pub use view::{LabView, LabViewProps};

#[cfg(test)]
pub(crate) mod tests {
    use crate::lesson::{fixtures::EVERY_WIDGET, Lab};

    /// The first lab of the fixture lesson.
    pub fn lab() -> &'static Lab {
        EVERY_WIDGET.labs()[0]
    }
}
