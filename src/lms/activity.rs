//! What the learner has done that the completion rule counts, kept while the
//! page is open. The learner's saved progress feeds the same
//! [`CompletionFacts`] once it exists; this is the minimal record until then.

use std::rc::Rc;

use yew::Reducible;

use super::completion::CompletionFacts;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Activity {
    /// `(scenario, step)` of every diagram step shown, each once. (A list:
    /// a dozen entries need no set, and a set's code would cost the wasm more.)
    steps_seen: Vec<(usize, usize)>,
    /// Ids of the real requests that came back, each once.
    requests_answered: Vec<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivityEvent {
    StepSeen { scenario: usize, step: usize },
    RequestAnswered { id: u64 },
}

impl Activity {
    pub fn apply(&self, event: ActivityEvent) -> Activity {
        let mut next = self.clone();
        match event {
            ActivityEvent::StepSeen { scenario, step } => {
                if !self.steps_seen.contains(&(scenario, step)) {
                    next.steps_seen.push((scenario, step));
                }
            }
            ActivityEvent::RequestAnswered { id } => {
                if !self.requests_answered.contains(&id) {
                    next.requests_answered.push(id);
                }
            }
        }
        next
    }

    /// A short record for the platform's `suspend_data` until the learner's
    /// progress has its own format: `steps=5;requests=1`.
    pub fn summary(&self) -> String {
        format!("steps={};requests={}", self.steps_seen.len(), self.requests_answered.len())
    }

    /// The facts for the completion rule; totals come from the lesson.
    pub fn facts(&self, diagram_steps_total: usize) -> CompletionFacts {
        CompletionFacts {
            diagram_steps_seen: self.steps_seen.len(),
            diagram_steps_total,
            requests_made: self.requests_answered.len(),
            ..CompletionFacts::default()
        }
    }
}

impl Reducible for Activity {
    type Action = ActivityEvent;

    fn reduce(self: Rc<Self>, event: ActivityEvent) -> Rc<Self> {
        let next = self.apply(event);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// What the diagram (and later the lab) report to.
pub type ActivityHandle = yew::UseReducerHandle<Activity>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_and_request_counts_once() {
        let activity = Activity::default()
            .apply(ActivityEvent::StepSeen { scenario: 0, step: 0 })
            .apply(ActivityEvent::StepSeen { scenario: 0, step: 1 })
            .apply(ActivityEvent::StepSeen { scenario: 0, step: 0 })
            .apply(ActivityEvent::StepSeen { scenario: 1, step: 0 })
            .apply(ActivityEvent::RequestAnswered { id: 4 })
            .apply(ActivityEvent::RequestAnswered { id: 4 });
        let facts = activity.facts(12);
        assert_eq!((facts.diagram_steps_seen, facts.diagram_steps_total, facts.requests_made), (3, 12, 1));
        assert_eq!((facts.checks_answered, facts.checks_total, facts.score), (0, 0, None));
        assert_eq!(activity.summary(), "steps=3;requests=1");
    }
}
