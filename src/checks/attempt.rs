//! One check as the learner works on it: the answer so far, the grade while
//! one is shown, what was just said to a screen reader, and where focus goes.

use super::grade::{self, blank, presented, Answer, AnswerError, Grade, Verdict};
use crate::lesson::{Check, Task};

#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    check: &'static Check,
    /// Items and options in the order they are shown (steps show in `draft`'s order).
    pub presented: Vec<u8>,
    pub draft: Answer,
    /// `Some` while the result of the last answer shows.
    pub grade: Option<Grade>,
    pub said: Said,
    pub focus: Option<Focus>,
    /// Counts what was said and where focus was sent, so saying the same
    /// thing twice is heard twice, and focus moves each time.
    pub seq: u32,
}

/// What the check's live region says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Said {
    Nothing,
    /// A step moved; `position` counts from 0.
    Moved {
        step: u8,
        position: usize,
    },
    Incomplete,
    Graded,
}

/// Where focus goes after a move, so a keyboard user never loses their place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The same button on the step that just moved.
    Step { step: u8, up: bool },
    /// After a wrong answer: the way to fix it.
    Retry,
    /// After a right answer: why it is right.
    Explanation,
    /// After Try again: back to the start of the check.
    FirstControl,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Move {
    /// Move the step at this position one up (earlier).
    Up(usize),
    Down(usize),
    /// Put an item (authored index) in a group.
    Place {
        item: usize,
        group: u8,
    },
    /// Choose this option (single answer).
    Pick(usize),
    /// Choose or unchoose this option (multiple answers).
    Toggle(usize),
    Submit,
    Retry,
    /// The saved answer, after a reload or Start over (`None`: start afresh).
    Restore(Option<Answer>),
}

impl Attempt {
    pub fn new(check: &'static Check) -> Self {
        Attempt {
            check,
            presented: presented(check),
            draft: blank(check),
            grade: None,
            said: Said::Nothing,
            focus: None,
            seq: 0,
        }
    }

    pub fn check(&self) -> &'static Check {
        self.check
    }

    /// The answer to save if the learner submits now: `None` while it is unfinished.
    pub fn submission(&self) -> Option<Answer> {
        if self.grade.is_some() {
            return None;
        }
        grade::grade(self.check, &self.draft).ok().map(|_| self.draft.clone())
    }

    /// Authored indices in the order they show: the learner's order for steps.
    pub fn shown(&self) -> &[u8] {
        match &self.draft {
            Answer::Order(steps) => steps,
            _ => &self.presented,
        }
    }

    fn say(&mut self, said: Said, focus: Option<Focus>) {
        self.said = said;
        self.focus = focus;
        self.seq = self.seq.wrapping_add(1);
    }

    pub fn apply(&self, action: Move) -> Attempt {
        let mut next = self.clone();
        // A graded answer only changes by Try again, or from storage.
        if self.grade.is_some() && !matches!(action, Move::Retry | Move::Restore(_)) {
            return next;
        }
        match action {
            Move::Up(position) | Move::Down(position) => {
                let up = matches!(action, Move::Up(_));
                if let Answer::Order(steps) = &mut next.draft {
                    let Some(&step) = steps.get(position) else { return next };
                    let to = if up { position.checked_sub(1) } else { Some(position + 1) };
                    let to = to.filter(|&to| to < steps.len()).unwrap_or(position);
                    steps.swap(position, to);
                    next.say(Said::Moved { step, position: to }, Some(Focus::Step { step, up }));
                }
            }
            Move::Place { item, group } => {
                if let (Answer::Sort(groups), Task::Sort(sort)) = (&mut next.draft, &self.check.task) {
                    if let Some(slot) =
                        groups.get_mut(item).filter(|_| usize::from(group) < sort.groups.len())
                    {
                        *slot = Some(group);
                    }
                }
            }
            Move::Pick(option) | Move::Toggle(option) => {
                if let (Answer::Choose(chosen), Task::Choose(choose)) = (&mut next.draft, &self.check.task) {
                    let Ok(option) = u8::try_from(option) else { return next };
                    if usize::from(option) >= choose.options.len() {
                        return next;
                    }
                    if !choose.multiple {
                        *chosen = vec![option];
                    } else if let Some(at) = chosen.iter().position(|&c| c == option) {
                        chosen.remove(at);
                    } else {
                        // Kept ascending, as an answer is saved.
                        let at = chosen.iter().position(|&c| c > option).unwrap_or(chosen.len());
                        chosen.insert(at, option);
                    }
                }
            }
            Move::Submit => match grade::grade(self.check, &self.draft) {
                Ok(grade) => {
                    let focus =
                        if grade.verdict() == Verdict::Right { Focus::Explanation } else { Focus::Retry };
                    next.grade = Some(grade);
                    next.say(Said::Graded, Some(focus));
                }
                Err(AnswerError::Incomplete | AnswerError::DoesNotFit) => next.say(Said::Incomplete, None),
            },
            Move::Retry => {
                next.grade = None;
                next.say(Said::Nothing, Some(Focus::FirstControl));
            }
            Move::Restore(saved) => {
                let graded =
                    saved.and_then(|answer| grade::grade(self.check, &answer).ok().map(|g| (answer, g)));
                match graded {
                    Some((answer, grade)) => {
                        next.draft = answer;
                        next.grade = Some(grade);
                    }
                    None => {
                        next.draft = blank(self.check);
                        next.grade = None;
                        next.said = Said::Nothing;
                    }
                }
            }
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::grade::key;
    use crate::lesson::fixtures::EVERY_WIDGET;

    fn check(id: &str) -> &'static Check {
        EVERY_WIDGET.checks().into_iter().find(|c| c.id == id).unwrap()
    }

    /// Moves each step up until the order is right, as a keyboard user would.
    fn sort_by_moving_up(mut attempt: Attempt) -> Attempt {
        for target in 0..6u8 {
            let at = attempt.shown().iter().position(|&s| s == target).unwrap();
            for position in (target as usize + 1..=at).rev() {
                attempt = attempt.apply(Move::Up(position));
                assert_eq!(attempt.focus, Some(Focus::Step { step: target, up: true }));
            }
        }
        attempt
    }

    #[test]
    fn steps_move_one_place_and_focus_follows_them() {
        let a = Attempt::new(check("in-order"));
        let first = a.shown()[0];
        let second = a.shown()[1];
        let moved = a.apply(Move::Down(0));
        assert_eq!(&moved.shown()[..2], [second, first]);
        assert_eq!(moved.said, Said::Moved { step: first, position: 1 });
        assert_eq!(moved.focus, Some(Focus::Step { step: first, up: false }));
        // At the edges nothing moves, but it is said again (so it is heard).
        let top = a.apply(Move::Up(0));
        assert_eq!(top.shown(), a.shown());
        assert_eq!((top.said, top.seq), (Said::Moved { step: first, position: 0 }, 1));
        let bottom = a.apply(Move::Down(5));
        assert_eq!(bottom.shown(), a.shown());
        assert_eq!(a.apply(Move::Up(99)), a, "no such position");
    }

    #[test]
    fn an_order_can_be_put_right_with_move_up_alone() {
        let a = sort_by_moving_up(Attempt::new(check("in-order")));
        assert_eq!(a.draft, key(check("in-order")));
        assert_eq!(a.submission(), Some(a.draft.clone()));
        let graded = a.apply(Move::Submit);
        assert_eq!(graded.grade.as_ref().map(Grade::verdict), Some(Verdict::Right));
        assert_eq!((graded.said, graded.focus), (Said::Graded, Some(Focus::Explanation)));
    }

    #[test]
    fn an_unfinished_sort_is_not_graded_and_says_why() {
        let a = Attempt::new(check("in-groups"));
        assert_eq!(a.submission(), None);
        let a = a.apply(Move::Place { item: 0, group: 0 }).apply(Move::Submit);
        assert_eq!((a.said, a.grade.is_none(), a.focus), (Said::Incomplete, true, None));
        let again = a.apply(Move::Submit);
        assert_eq!(again.seq, a.seq + 1, "said again, so it is heard again");
        assert_eq!(a.apply(Move::Place { item: 0, group: 7 }), a, "no such group");
        assert_eq!(a.apply(Move::Place { item: 70, group: 0 }), a, "no such item");
    }

    #[test]
    fn a_wrong_answer_sends_focus_to_try_again_which_keeps_the_answer() {
        let mut a = Attempt::new(check("in-groups"));
        for item in 0..6 {
            a = a.apply(Move::Place { item, group: 1 });
        }
        let graded = a.apply(Move::Submit);
        assert_eq!(graded.grade.as_ref().map(Grade::verdict), Some(Verdict::Partly));
        assert_eq!(graded.focus, Some(Focus::Retry));
        assert_eq!(graded.apply(Move::Place { item: 0, group: 0 }), graded, "locked while graded");
        assert_eq!(graded.submission(), None, "already submitted");
        let retry = graded.apply(Move::Retry);
        assert_eq!((retry.grade.is_none(), retry.focus), (true, Some(Focus::FirstControl)));
        assert_eq!(retry.draft, a.draft, "the learner fixes their answer, not a blank one");
    }

    #[test]
    fn choosing_one_replaces_and_choosing_many_toggles() {
        let one = Attempt::new(check("pick-one"));
        let one = one.apply(Move::Pick(2)).apply(Move::Pick(0));
        assert_eq!(one.draft, Answer::Choose(vec![0]));
        let many = Attempt::new(check("pick-all"));
        let many = many.apply(Move::Toggle(3)).apply(Move::Toggle(1)).apply(Move::Toggle(3));
        assert_eq!(many.draft, Answer::Choose(vec![1]));
        assert_eq!(many.apply(Move::Toggle(42)), many);
    }

    #[test]
    fn a_saved_answer_is_shown_graded_and_start_over_clears_it() {
        let a = Attempt::new(check("pick-one"));
        let restored = a.apply(Move::Restore(Some(Answer::Choose(vec![2]))));
        assert_eq!(restored.grade.as_ref().map(Grade::verdict), Some(Verdict::Wrong));
        assert_eq!((restored.focus, restored.seq), (None, 0), "a reload moves no focus");
        assert_eq!(restored.apply(Move::Restore(None)), a, "Start over: as new");
        let stale = a.apply(Move::Restore(Some(Answer::Order(vec![0, 1]))));
        assert_eq!(stale, a, "an answer that no longer fits is dropped");
    }
}
