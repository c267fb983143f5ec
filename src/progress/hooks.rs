//! How widgets reach the shared progress through Yew: the app holds it in a
//! reducer and hands its handle down as a context.

use std::rc::Rc;

use yew::Reducible;

use super::{ProgressAction, ProgressState};

impl Reducible for ProgressState {
    type Action = ProgressAction;

    fn reduce(self: Rc<Self>, action: ProgressAction) -> Rc<Self> {
        match self.apply(action) {
            Some(next) => Rc::new(next),
            None => self,
        }
    }
}

/// What widgets use to record what the learner did.
pub type ProgressHandle = crate::store::Shared<ProgressState>;

/// The diagram calls this for each step shown.
pub fn record_step_seen(progress: Option<&ProgressHandle>, scenario: &str, step: usize) {
    if let Some(progress) = progress {
        progress.dispatch(ProgressAction::StepSeen { scenario: scenario.to_owned(), step });
    }
}
