//! The lesson's completion rule, applied to what the learner has done.

use roundtrip_lesson::{Amount, CompletionRule, Document};

use crate::checks::score;
use crate::progress::Progress;

/// What the learner has done so far: the only input the rule needs. Whoever
/// keeps the learner's progress fills it in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CompletionFacts {
    pub diagram_steps_seen: usize,
    pub diagram_steps_total: usize,
    /// Real requests that came back from the server.
    pub requests_made: usize,
    pub checks_answered: usize,
    pub checks_total: usize,
    /// The knowledge checks' score, 0 to 100, once there is one.
    pub score: Option<u8>,
}

/// Where the learner stands against the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completion {
    NotYet,
    /// Everything required is done, and no score decides.
    Completed,
    /// Done, and the score reached the pass mark.
    Passed {
        score: u8,
    },
    /// Done, and the score fell short of it.
    Failed {
        score: u8,
    },
}

impl Completion {
    pub fn is_done(self) -> bool {
        self != Completion::NotYet
    }

    pub fn score(self) -> Option<u8> {
        match self {
            Completion::Passed { score } | Completion::Failed { score } => Some(score),
            Completion::NotYet | Completion::Completed => None,
        }
    }
}

/// How many steps the lesson's diagrams tell, over all their scenarios.
pub fn diagram_steps_total(document: &Document) -> usize {
    document.diagrams().iter().flat_map(|d| d.scenarios.iter()).map(|s| s.steps.len()).sum()
}

/// The facts the rule weighs, from what the learner's progress records: the
/// one record of what they did, saved between visits.
pub fn facts(document: &Document, progress: &Progress) -> CompletionFacts {
    let diagram_steps_seen = document
        .diagrams()
        .iter()
        .flat_map(|d| d.scenarios.iter())
        .map(|s| (0..s.steps.len()).filter(|&step| progress.has_seen(&s.id, step)).count())
        .sum();
    let score = score::of_lesson(document, progress);
    CompletionFacts {
        diagram_steps_seen,
        diagram_steps_total: diagram_steps_total(document),
        requests_made: progress.requests().count(),
        checks_answered: score.answered(),
        checks_total: score.total(),
        score: (score.answered() > 0).then_some(score.overall),
    }
}

fn met(amount: Option<Amount>, done: usize, total: usize) -> bool {
    match amount {
        None => true,
        // "All" of nothing is met: a lesson without checks has none to answer.
        Some(Amount::All) => done >= total,
        Some(Amount::AtLeast(n)) => done >= n as usize,
    }
}

/// Applies the rule. A score counts only once the checks the rule requires
/// are answered; with no checks in the lesson, there is nothing to pass or fail.
pub fn evaluate(rule: &CompletionRule, facts: &CompletionFacts) -> Completion {
    let done = met(rule.diagram_steps, facts.diagram_steps_seen, facts.diagram_steps_total)
        && met(rule.requests.map(Amount::AtLeast), facts.requests_made, usize::MAX)
        && met(rule.checks, facts.checks_answered, facts.checks_total);
    if !done {
        return Completion::NotYet;
    }
    match (facts.score.map(|s| s.min(100)), rule.pass_score, facts.checks_total) {
        (Some(score), Some(pass), total) if total > 0 => {
            if score >= pass {
                Completion::Passed { score }
            } else {
                Completion::Failed { score }
            }
        }
        // A score without a pass mark is reported, and passes.
        (Some(score), None, total) if total > 0 => Completion::Passed { score },
        _ => Completion::Completed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(
        steps: Option<Amount>,
        requests: Option<u32>,
        checks: Option<Amount>,
        pass: Option<u8>,
    ) -> CompletionRule {
        CompletionRule { diagram_steps: steps, requests, checks, pass_score: pass }
    }

    fn facts(
        steps: (usize, usize),
        requests: usize,
        checks: (usize, usize),
        score: Option<u8>,
    ) -> CompletionFacts {
        CompletionFacts {
            diagram_steps_seen: steps.0,
            diagram_steps_total: steps.1,
            requests_made: requests,
            checks_answered: checks.0,
            checks_total: checks.1,
            score,
        }
    }

    #[test]
    fn the_lessons_diagram_has_twelve_steps() {
        assert_eq!(diagram_steps_total(&crate::lesson::LESSON), 12);
    }

    #[test]
    fn facts_come_from_the_learners_progress() {
        let lesson = &crate::lesson::LESSON;
        let mut progress = Progress::default();
        assert_eq!(
            super::facts(lesson, &progress),
            CompletionFacts {
                diagram_steps_total: 12,
                checks_total: super::facts(lesson, &progress).checks_total,
                ..CompletionFacts::default()
            }
        );
        progress.record_step_seen("found", 0);
        progress.record_step_seen("found", 0);
        progress.record_step_seen("missing", 5);
        // A scenario or step the lesson doesn't have isn't counted.
        progress.record_step_seen("elsewhere", 1);
        progress.record_request("GET 4xx");
        progress.record_request("GET 4xx");
        progress.record_request("HEAD 2xx");
        let now = super::facts(lesson, &progress);
        assert_eq!((now.diagram_steps_seen, now.requests_made), (2, 2));
        assert!(now.checks_total > 0, "the lesson has checks");
        assert_eq!((now.checks_answered, now.score), (0, None));
    }

    #[test]
    fn nothing_required_is_complete_on_opening() {
        assert_eq!(evaluate(&CompletionRule::default(), &CompletionFacts::default()), Completion::Completed);
    }

    #[test]
    fn every_step_of_the_diagram() {
        let r = rule(Some(Amount::All), None, None, None);
        assert_eq!(evaluate(&r, &facts((11, 12), 0, (0, 0), None)), Completion::NotYet);
        assert_eq!(evaluate(&r, &facts((12, 12), 0, (0, 0), None)), Completion::Completed);
        let r = rule(Some(Amount::AtLeast(6)), None, None, None);
        assert_eq!(evaluate(&r, &facts((5, 12), 0, (0, 0), None)), Completion::NotYet);
        assert_eq!(evaluate(&r, &facts((6, 12), 0, (0, 0), None)), Completion::Completed);
    }

    #[test]
    fn requests_count_up_to_the_number_asked() {
        let r = rule(None, Some(2), None, None);
        assert_eq!(evaluate(&r, &facts((0, 12), 1, (0, 0), None)), Completion::NotYet);
        assert_eq!(evaluate(&r, &facts((0, 12), 2, (0, 0), None)), Completion::Completed);
    }

    #[test]
    fn the_score_decides_pass_or_fail_once_every_check_is_answered() {
        let r = rule(Some(Amount::All), Some(1), Some(Amount::All), Some(80));
        let walked = |checks, score| facts((12, 12), 1, checks, score);
        assert_eq!(evaluate(&r, &walked((2, 3), Some(100))), Completion::NotYet);
        assert_eq!(evaluate(&r, &walked((3, 3), Some(80))), Completion::Passed { score: 80 });
        assert_eq!(evaluate(&r, &walked((3, 3), Some(79))), Completion::Failed { score: 79 });
        assert_eq!(evaluate(&r, &facts((11, 12), 1, (3, 3), Some(100))), Completion::NotYet);
        assert_eq!(evaluate(&r, &facts((12, 12), 0, (3, 3), Some(100))), Completion::NotYet);
    }

    #[test]
    fn without_checks_in_the_lesson_there_is_nothing_to_pass() {
        let r = rule(Some(Amount::All), None, Some(Amount::All), Some(80));
        assert_eq!(evaluate(&r, &facts((12, 12), 0, (0, 0), None)), Completion::Completed);
        assert_eq!(evaluate(&r, &facts((12, 12), 0, (0, 0), Some(0))), Completion::Completed);
    }

    #[test]
    fn a_score_without_a_pass_mark_passes_and_scores_are_capped() {
        let r = rule(None, None, Some(Amount::All), None);
        assert_eq!(evaluate(&r, &facts((0, 0), 0, (3, 3), Some(40))), Completion::Passed { score: 40 });
        let r = rule(None, None, Some(Amount::All), Some(80));
        assert_eq!(evaluate(&r, &facts((0, 0), 0, (3, 3), Some(250))), Completion::Passed { score: 100 });
        assert_eq!(Completion::Failed { score: 3 }.score(), Some(3));
        assert!(!Completion::NotYet.is_done());
    }
}
