//! The lesson's completion rule, applied to what the learner has done: what
//! the platform is told, and what the summary and the framing page hear.

use roundtrip_document::{Amount, CompletionRule, CompletionWords, Document};

use crate::checks::score;
use crate::progress::Progress;
use crate::text::fill;

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
    document.diagram_steps()
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

/// What the rule still asks of the learner, counted as they would count it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Missing {
    pub diagram_steps: usize,
    pub requests: usize,
    pub checks: usize,
}

impl Missing {
    pub fn is_nothing(self) -> bool {
        self == Missing::default()
    }
}

fn short_of(amount: Option<Amount>, done: usize, total: usize) -> usize {
    match amount {
        None => 0,
        // "All" of nothing is met: a lesson without checks has none to answer.
        Some(Amount::All) => total.saturating_sub(done),
        Some(Amount::AtLeast(n)) => (n as usize).saturating_sub(done),
    }
}

/// How far the learner is from what the rule requires; nothing once it is met.
pub fn missing(rule: &CompletionRule, facts: &CompletionFacts) -> Missing {
    Missing {
        diagram_steps: short_of(rule.diagram_steps, facts.diagram_steps_seen, facts.diagram_steps_total),
        requests: short_of(rule.requests.map(Amount::AtLeast), facts.requests_made, usize::MAX),
        checks: short_of(rule.checks, facts.checks_answered, facts.checks_total),
    }
}

/// Applies the rule. A score counts only once the checks the rule requires
/// are answered; with no checks in the lesson, there is nothing to pass or fail.
pub fn evaluate(rule: &CompletionRule, facts: &CompletionFacts) -> Completion {
    // One reckoning for "done" and for "what is missing", so the summary's
    // list is empty exactly when the lesson is complete.
    if !missing(rule, facts).is_nothing() {
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

/// The summary's line on the rule: complete (with the score, passing or
/// not), or what is still to do, in the author's words.
pub fn summary_line(words: &CompletionWords, rule: &CompletionRule, facts: &CompletionFacts) -> String {
    let pass = rule.pass_score.map(|p| p.to_string()).unwrap_or_default();
    let scored =
        |template: &str, score: u8| fill(template, &[("score", &score.to_string()), ("pass", &pass)]);
    match evaluate(rule, facts) {
        Completion::Completed => words.complete.to_string(),
        Completion::Passed { score } => scored(&words.passed, score),
        Completion::Failed { score } => scored(&words.failed, score),
        Completion::NotYet => {
            let missing = missing(rule, facts);
            let parts = [
                (missing.diagram_steps, &words.diagram_steps),
                (missing.requests, &words.requests),
                (missing.checks, &words.checks),
            ];
            let listed: Vec<String> = parts
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, count)| {
                    let template = if *n == 1 { &count.one } else { &count.other };
                    fill(template, &[("n", &n.to_string())])
                })
                .collect();
            fill(&words.still_to_do, &[("missing", &listed.join(&words.separator))])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use roundtrip_document::CountWords;

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
    fn a_diagram_in_a_list_counts() {
        let nested = &crate::lesson::fixtures::NESTED;
        let mut progress = Progress::default();
        progress.record_step_seen("found", 2);
        let facts = super::facts(nested, &progress);
        assert_eq!((facts.diagram_steps_seen, facts.diagram_steps_total, facts.checks_total), (1, 3, 1));
    }

    #[test]
    fn facts_come_from_the_learners_progress() {
        // Two diagrams (6 + 6 steps, then 2) and four checks.
        let lesson = &crate::lesson::fixtures::EVERY_WIDGET;
        let mut progress = Progress::default();
        assert_eq!(
            super::facts(lesson, &progress),
            CompletionFacts { diagram_steps_total: 14, checks_total: 4, ..CompletionFacts::default() }
        );
        progress.record_step_seen("found", 0);
        progress.record_step_seen("found", 0);
        progress.record_step_seen("missing", 1);
        progress.record_step_seen("slow", 1);
        // A scenario or step the lesson doesn't have isn't counted.
        progress.record_step_seen("elsewhere", 1);
        progress.record_step_seen("missing", 6);
        progress.record_request("GET 4xx");
        progress.record_request("GET 4xx");
        progress.record_request("HEAD 2xx");
        progress.record_answer("pick-one", crate::checks::key(lesson.checks()[1]));
        let now = super::facts(lesson, &progress);
        assert_eq!((now.diagram_steps_seen, now.requests_made), (3, 2));
        assert_eq!((now.checks_answered, now.checks_total, now.score), (1, 4, Some(25)));
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
    fn what_is_missing_is_counted_as_the_rule_asks() {
        let r = rule(Some(Amount::All), Some(2), Some(Amount::AtLeast(3)), None);
        assert_eq!(
            missing(&r, &facts((4, 6), 0, (1, 5), None)),
            Missing { diagram_steps: 2, requests: 2, checks: 2 }
        );
        // More than asked is not "negative missing".
        assert_eq!(missing(&r, &facts((6, 6), 5, (5, 5), None)), Missing::default());
        // What the rule leaves out is never missing.
        assert_eq!(missing(&CompletionRule::default(), &facts((0, 6), 0, (0, 5), None)), Missing::default());
    }

    #[test]
    fn nothing_is_missing_exactly_when_the_rule_is_met() {
        let rules = [
            rule(Some(Amount::All), Some(1), Some(Amount::All), Some(80)),
            rule(Some(Amount::AtLeast(2)), None, Some(Amount::AtLeast(1)), None),
            rule(None, Some(3), None, None),
            CompletionRule::default(),
        ];
        for r in &rules {
            for steps in 0..=3 {
                for requests in 0..=3 {
                    for answered in 0..=2 {
                        let f = facts((steps, 3), requests, (answered, 2), Some(90));
                        assert_eq!(missing(r, &f).is_nothing(), evaluate(r, &f).is_done(), "{r:?} {f:?}");
                    }
                }
            }
        }
    }

    fn words() -> CompletionWords {
        let count =
            |one: &'static str, other: &'static str| CountWords { one: one.into(), other: other.into() };
        CompletionWords {
            complete: "Complete.".into(),
            passed: "Passed with {score} ({pass} passes).".into(),
            failed: "Done; {score} is under {pass}.".into(),
            still_to_do: "To do: {missing}.".into(),
            separator: "; ".into(),
            diagram_steps: count("a step", "{n} steps"),
            requests: count("a request", "{n} requests"),
            checks: count("a check", "{n} checks"),
        }
    }

    #[test]
    fn the_summary_lists_what_is_left_in_the_authors_words() {
        let r = rule(Some(Amount::All), Some(1), Some(Amount::All), Some(80));
        let w = words();
        assert_eq!(
            summary_line(&w, &r, &facts((1, 4), 0, (1, 3), None)),
            "To do: 3 steps; a request; 2 checks."
        );
        assert_eq!(summary_line(&w, &r, &facts((4, 4), 1, (2, 3), None)), "To do: a check.");
        assert_eq!(summary_line(&w, &r, &facts((3, 4), 1, (3, 3), Some(90))), "To do: a step.");
    }

    #[test]
    fn the_summary_says_when_the_lesson_is_complete() {
        let w = words();
        let r = rule(Some(Amount::All), None, Some(Amount::All), Some(80));
        assert_eq!(summary_line(&w, &r, &facts((2, 2), 0, (3, 3), Some(85))), "Passed with 85 (80 passes).");
        assert_eq!(summary_line(&w, &r, &facts((2, 2), 0, (3, 3), Some(79))), "Done; 79 is under 80.");
        let r = rule(Some(Amount::All), None, None, None);
        assert_eq!(summary_line(&w, &r, &facts((2, 2), 0, (0, 3), None)), "Complete.");
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
