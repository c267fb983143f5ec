//! The lesson's score, 0 to 100, overall and per goal: every check counts the
//! same, and one not answered (or whose answer no longer fits) counts 0.
//!
//! Feedback shows which parts of an answer are right, so trying again until
//! right is learning, and must not be a way to full marks (choose everything,
//! read the marks, keep the right ones): each extra try takes a quarter of the
//! check's credit, down to half.

use super::grade::{grade, Grade};
use crate::lesson::{Check, Document};
use crate::progress::Progress;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Score {
    pub overall: u8,
    /// Goal 1 first.
    pub goals: Vec<GoalScore>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalScore {
    pub answered: usize,
    pub total: usize,
    pub score: u8,
}

impl Score {
    /// Checks with an answer that still fits.
    pub fn answered(&self) -> usize {
        self.goals.iter().map(|goal| goal.answered).sum()
    }

    pub fn total(&self) -> usize {
        self.goals.iter().map(|goal| goal.total).sum()
    }
}

impl GoalScore {
    pub fn is_done(&self) -> bool {
        self.total > 0 && self.answered == self.total
    }
}

/// The grade of a check's saved answer, if it has one that still fits.
pub fn saved_grade(check: &Check, progress: &Progress) -> Option<Grade> {
    grade(check, &progress.record(&check.id)?.answer).ok()
}

/// What an answer's credit counts for after `attempts` tries.
pub fn after_tries(credit: u8, attempts: u8) -> u8 {
    let kept: u16 = match attempts {
        0 | 1 => 4,
        2 => 3,
        _ => 2,
    };
    u8::try_from(u16::from(credit) * kept / 4).unwrap_or(100)
}

/// A check's credit toward the score, if it has an answer that still fits.
pub fn counted(check: &Check, progress: &Progress) -> Option<u8> {
    let record = progress.record(&check.id)?;
    let grade = grade(check, &record.answer).ok()?;
    Some(after_tries(grade.credit, record.attempts))
}

fn mean(credits: &[u8]) -> u8 {
    if credits.is_empty() {
        return 0;
    }
    let sum: usize = credits.iter().map(|&c| usize::from(c)).sum();
    // Floored: 100 means every check is fully right.
    u8::try_from(sum / credits.len()).unwrap_or(100)
}

pub fn score(checks: &[&Check], goals: usize, progress: &Progress) -> Score {
    let credits: Vec<(u8, Option<u8>)> =
        checks.iter().map(|check| (check.goal, counted(check, progress))).collect();
    let overall = mean(&credits.iter().map(|(_, c)| c.unwrap_or(0)).collect::<Vec<_>>());
    let goals = (1..=goals)
        .map(|goal| {
            let of_goal: Vec<Option<u8>> =
                credits.iter().filter(|(g, _)| usize::from(*g) == goal).map(|(_, c)| *c).collect();
            GoalScore {
                answered: of_goal.iter().filter(|c| c.is_some()).count(),
                total: of_goal.len(),
                score: mean(&of_goal.iter().map(|c| c.unwrap_or(0)).collect::<Vec<_>>()),
            }
        })
        .collect();
    Score { overall, goals }
}

/// The score of every check in a lesson, by the goals its summary lists.
pub fn of_lesson(document: &Document, progress: &Progress) -> Score {
    let goals = document.summary().map_or(0, |summary| summary.goals.len());
    score(&document.checks(), goals, progress)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{key, Answer};
    use crate::lesson::fixtures::{EVERY_WIDGET, NESTED};

    /// The fixture's checks: `in-order` and `pick-one` under goal 1,
    /// `pick-all` and `in-groups` under goal 2.
    fn checks() -> Vec<&'static Check> {
        EVERY_WIDGET.checks()
    }

    #[test]
    fn the_summary_and_checks_count_wherever_they_stand() {
        // The check is in a list item, the summary in a quote.
        let mut p = Progress::default();
        p.record_answer("in-a-list", key(NESTED.checks()[0]));
        let s = of_lesson(&NESTED, &p);
        assert_eq!((s.answered(), s.total(), s.goals.len(), s.overall), (1, 1, 1, 100));
    }

    #[test]
    fn a_lesson_counts_every_check_under_its_summarys_goals() {
        let mut p = Progress::default();
        p.record_answer("pick-one", key(checks()[1]));
        let s = of_lesson(&EVERY_WIDGET, &p);
        assert_eq!((s.answered(), s.total(), s.goals.len(), s.overall), (1, 4, 2, 25));
    }

    #[test]
    fn nothing_answered_is_zero_and_every_goal_to_do() {
        let s = score(&checks(), 2, &Progress::default());
        assert_eq!(s.overall, 0);
        let totals: Vec<(usize, usize)> = s.goals.iter().map(|g| (g.answered, g.total)).collect();
        assert_eq!(totals, [(0, 2), (0, 2)]);
        assert!(s.goals.iter().all(|g| !g.is_done()));
    }

    #[test]
    fn every_check_right_is_a_hundred() {
        let mut p = Progress::default();
        for check in checks() {
            p.record_answer(&check.id, key(check));
        }
        let s = score(&checks(), 2, &p);
        assert_eq!(s.overall, 100);
        assert!(s.goals.iter().all(|g| g.is_done() && g.score == 100));
    }

    #[test]
    fn partial_credit_counts_and_each_check_weighs_the_same() {
        let mut p = Progress::default();
        // Goal 2: the sort with one item in the wrong group (66), the other right.
        let Answer::Sort(mut groups) = key(checks()[3]) else { panic!() };
        groups[0] = Some(1);
        p.record_answer("in-groups", Answer::Sort(groups));
        p.record_answer("pick-all", key(checks()[2]));
        // One of goal 1's two checks right.
        p.record_answer("pick-one", Answer::Choose(vec![1]));
        let s = score(&checks(), 2, &p);
        assert_eq!((s.goals[1].score, s.goals[1].is_done()), ((66 + 100) / 2, true));
        assert_eq!((s.goals[0].score, s.goals[0].answered, s.goals[0].is_done()), (50, 1, false));
        assert_eq!(s.overall, 66, "(66 + 100 + 100) / 4");
    }

    #[test]
    fn choosing_everything_then_keeping_the_right_ones_is_not_full_marks() {
        let all = checks()[2];
        let mut p = Progress::default();
        p.record_answer("pick-all", Answer::Choose(vec![0, 1, 2, 3, 4]));
        assert_eq!(counted(all, &p), Some(0));
        p.record_answer("pick-all", key(all));
        assert_eq!(counted(all, &p), Some(75), "right on the second try");
        p.record_answer("pick-all", key(all));
        assert_eq!(counted(all, &p), Some(50));
        for _ in 0..300 {
            p.record_answer("pick-all", key(all));
        }
        assert_eq!(counted(all, &p), Some(50), "never less than half");
        assert_eq!((after_tries(66, 1), after_tries(66, 2), after_tries(0, 5)), (66, 49, 0));
    }

    #[test]
    fn an_answer_that_no_longer_fits_counts_as_not_answered() {
        let mut p = Progress::default();
        p.record_answer("in-order", Answer::Order(vec![0, 1, 2]));
        let s = score(&checks(), 2, &p);
        assert_eq!((s.goals[0].answered, s.overall), (0, 0));
    }
}
