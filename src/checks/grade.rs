//! Whether an answer is right, how much credit it earns, and what to say about
//! each part of it; and the shuffled order a check is first shown in.
//!
//! Credit is corrected for guessing, so that no answer a learner can give
//! without thinking (leaving the order as shown, choosing every option, putting
//! everything in one group) earns much.

use crate::lesson::{Check, Choose, Order, Sort, Task};

/// What a learner submitted, by the check's authored indices, so it means the
/// same after a reload however the check was shuffled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Step indices, in the order the learner put them.
    Order(Vec<u8>),
    /// For each item, the index of the group the learner put it in.
    Sort(Vec<Option<u8>>),
    /// The indices of the chosen options, ascending.
    Choose(Vec<u8>),
}

/// Why an answer cannot be graded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// Something is still to do: an item in no group, no option chosen.
    #[error("the answer is not finished")]
    Incomplete,
    /// Not an answer to this check: e.g. saved before the check was edited.
    #[error("the answer does not fit this check")]
    DoesNotFit,
}

/// What to show beside one step, item or option, by authored index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// In its place, in its group, or a right option chosen.
    Right,
    /// Out of place, in the wrong group, or a wrong option chosen.
    Wrong,
    /// An option not chosen: nothing is said, so a retry still asks for thought.
    Unmarked,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Right,
    Partly,
    Wrong,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grade {
    /// 0 to 100.
    pub credit: u8,
    /// One per step, item or option, by authored index.
    pub marks: Vec<Mark>,
    /// A multiple-answer question left a right option unchosen.
    pub missed: bool,
}

impl Grade {
    pub fn verdict(&self) -> Verdict {
        match self.credit {
            100 => Verdict::Right,
            0 => Verdict::Wrong,
            _ => Verdict::Partly,
        }
    }

    /// How many steps, items or options are marked wrong.
    pub fn wrong(&self) -> usize {
        self.marks.iter().filter(|m| **m == Mark::Wrong).count()
    }
}

/// After this many tries the explanation shows even if the answer is still
/// wrong, so nobody is left stuck.
pub const EXPLAIN_AFTER_ATTEMPTS: u8 = 2;

/// Whether the explanation shows: once the answer is right, or once the
/// learner has tried enough times.
pub fn explains(grade: &Grade, attempts: u8) -> bool {
    grade.verdict() == Verdict::Right || attempts >= EXPLAIN_AFTER_ATTEMPTS
}

pub fn grade(check: &Check, answer: &Answer) -> Result<Grade, AnswerError> {
    match (&check.task, answer) {
        (Task::Order(order), Answer::Order(steps)) => grade_order(order, steps),
        (Task::Sort(sort), Answer::Sort(groups)) => grade_sort(sort, groups),
        (Task::Choose(choose), Answer::Choose(chosen)) => grade_choose(choose, chosen),
        _ => Err(AnswerError::DoesNotFit),
    }
}

/// `a * 100 / b`, floored and clamped to 0..=100; 0 when `b` is 0.
fn percent(a: i64, b: i64) -> u8 {
    if b <= 0 || a <= 0 {
        return 0;
    }
    u8::try_from((a * 100 / b).min(100)).unwrap_or(100)
}

fn is_permutation(order: &[u8], n: usize) -> bool {
    let mut seen = vec![false; n];
    order.len() == n
        && order.iter().all(|&i| match seen.get_mut(usize::from(i)) {
            Some(slot) if !*slot => {
                *slot = true;
                true
            }
            _ => false,
        })
}

/// Credit for an order: of every pair of steps, how many more are in the right
/// order than the wrong one (so a random or reversed order earns nothing, and
/// one swap of neighbours still earns most). Marks: the steps outside a
/// longest run already in the right order are the ones to move; the rest are
/// right where they stand in their own place.
fn grade_order(order: &Order, steps: &[u8]) -> Result<Grade, AnswerError> {
    let n = order.steps.len();
    if !is_permutation(steps, n) {
        return Err(AnswerError::DoesNotFit);
    }
    // Steps in the longest run go unmarked unless they are exactly where they
    // belong: "right" beside a step in the wrong place would mislead.
    let in_order = longest_in_order(steps);
    let mut marks = vec![Mark::Wrong; n];
    for (position, &step) in steps.iter().enumerate() {
        if in_order.contains(&step) {
            marks[usize::from(step)] =
                if usize::from(step) == position { Mark::Right } else { Mark::Unmarked };
        }
    }
    Ok(Grade { credit: order_credit(steps), marks, missed: false })
}

/// Pairs in the right order minus pairs in the wrong order, over all pairs.
pub fn order_credit(steps: &[u8]) -> u8 {
    let (mut right, mut wrong) = (0i64, 0i64);
    for (i, a) in steps.iter().enumerate() {
        for b in &steps[i + 1..] {
            if a < b {
                right += 1;
            } else {
                wrong += 1;
            }
        }
    }
    percent(right - wrong, right + wrong)
}

/// The steps of a longest subsequence already in the right order; ties go to
/// the one found first, so the same answer always gets the same marks.
fn longest_in_order(steps: &[u8]) -> Vec<u8> {
    let n = steps.len();
    let mut length = vec![1usize; n];
    let mut before = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if steps[j] < steps[i] && length[j] + 1 > length[i] {
                length[i] = length[j] + 1;
                before[i] = j;
            }
        }
    }
    let Some(mut at) = (0..n).max_by_key(|&i| (length[i], std::cmp::Reverse(i))) else {
        return Vec::new();
    };
    let mut run = vec![steps[at]];
    while before[at] != usize::MAX {
        at = before[at];
        run.push(steps[at]);
    }
    run
}

/// Credit for sorting: items in the right group, minus a guess's worth for
/// each in a wrong one (one wrong cancels one right with two groups).
fn grade_sort(sort: &Sort, groups: &[Option<u8>]) -> Result<Grade, AnswerError> {
    let k = sort.groups.len();
    if groups.len() != sort.items.len() || groups.iter().flatten().any(|&g| usize::from(g) >= k) {
        return Err(AnswerError::DoesNotFit);
    }
    if groups.iter().any(Option::is_none) {
        return Err(AnswerError::Incomplete);
    }
    let marks: Vec<Mark> = sort
        .items
        .iter()
        .zip(groups)
        .map(|(item, placed)| {
            let right = sort.groups.iter().position(|g| *g == item.group);
            if right.is_some() && right == placed.map(usize::from) {
                Mark::Right
            } else {
                Mark::Wrong
            }
        })
        .collect();
    let right = marks.iter().filter(|m| **m == Mark::Right).count() as i64;
    let wrong = marks.len() as i64 - right;
    let k = k as i64 - 1;
    let credit = percent(right * k - wrong, marks.len() as i64 * k);
    Ok(Grade { credit, marks, missed: false })
}

/// Single answer: all or nothing. Multiple answers: the share of right options
/// chosen minus the share of wrong options chosen, so choosing everything
/// (or nothing) earns nothing.
fn grade_choose(choose: &Choose, chosen: &[u8]) -> Result<Grade, AnswerError> {
    let n = choose.options.len();
    let ascending = chosen.windows(2).all(|w| w[0] < w[1]);
    if !ascending || chosen.iter().any(|&i| usize::from(i) >= n) || (!choose.multiple && chosen.len() > 1) {
        return Err(AnswerError::DoesNotFit);
    }
    if chosen.is_empty() {
        return Err(AnswerError::Incomplete);
    }
    let is_chosen = |i: usize| chosen.iter().any(|&c| usize::from(c) == i);
    let marks: Vec<Mark> = choose
        .options
        .iter()
        .enumerate()
        .map(|(i, option)| match (is_chosen(i), option.right) {
            (true, true) => Mark::Right,
            (true, false) => Mark::Wrong,
            (false, _) => Mark::Unmarked,
        })
        .collect();
    let rights = choose.options.iter().filter(|o| o.right).count() as i64;
    let wrongs = n as i64 - rights;
    let right_chosen = marks.iter().filter(|m| **m == Mark::Right).count() as i64;
    let wrong_chosen = marks.iter().filter(|m| **m == Mark::Wrong).count() as i64;
    let missed = right_chosen < rights;
    let credit = if choose.multiple {
        percent(right_chosen * wrongs - wrong_chosen * rights, rights * wrongs)
    } else if wrong_chosen == 0 {
        100
    } else {
        0
    };
    Ok(Grade { credit, marks, missed: choose.multiple && missed })
}

/// A small, seedable random sequence (SplitMix64): the same check is always
/// shuffled the same way, on every device and in every test.
struct Shuffler(u64);

impl Shuffler {
    fn for_check(check: &Check) -> Self {
        // FNV-1a of the id: a stable seed that differs from check to check.
        let seed = check
            .id
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3));
        Shuffler(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Fisher-Yates.
    fn shuffled(&mut self, n: usize) -> Vec<u8> {
        let mut order: Vec<u8> = (0..n).map(|i| i as u8).collect();
        for i in (1..n).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        order
    }
}

/// The order the check's steps, items or options are first shown in, by
/// authored index. An order check is never shown already in order, nor in
/// an order that would earn credit as it stands.
pub fn presented(check: &Check) -> Vec<u8> {
    let mut shuffler = Shuffler::for_check(check);
    match &check.task {
        Task::Order(order) => {
            let n = order.steps.len();
            (0..64)
                .map(|_| shuffler.shuffled(n))
                .find(|steps| order_credit(steps) == 0)
                // Reversed always earns nothing; a fallback that never runs in practice.
                .unwrap_or_else(|| (0..n).rev().map(|i| i as u8).collect())
        }
        Task::Sort(sort) => shuffler.shuffled(sort.items.len()),
        Task::Choose(choose) if choose.shuffle => shuffler.shuffled(choose.options.len()),
        Task::Choose(choose) => (0..choose.options.len()).map(|i| i as u8).collect(),
    }
}

/// What the learner starts from: the shuffled order, no groups, no choice.
pub fn blank(check: &Check) -> Answer {
    match &check.task {
        Task::Order(_) => Answer::Order(presented(check)),
        Task::Sort(sort) => Answer::Sort(vec![None; sort.items.len()]),
        Task::Choose(_) => Answer::Choose(Vec::new()),
    }
}

/// The right answer: for tests, and for checking the lesson's own checks.
pub fn key(check: &Check) -> Answer {
    match &check.task {
        Task::Order(order) => Answer::Order((0..order.steps.len()).map(|i| i as u8).collect()),
        Task::Sort(sort) => Answer::Sort(
            sort.items
                .iter()
                .map(|item| sort.groups.iter().position(|g| *g == item.group).map(|g| g as u8))
                .collect(),
        ),
        Task::Choose(choose) => Answer::Choose(
            choose.options.iter().enumerate().filter(|(_, o)| o.right).map(|(i, _)| i as u8).collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::fixtures::EVERY_WIDGET;

    /// A check of the fixture lesson: `in-order` (six steps), `pick-one`
    /// (the second of four, not shuffled), `pick-all` (the first three of
    /// five), `in-groups` (six items; the first and third in the first group).
    fn check(id: &str) -> &'static Check {
        EVERY_WIDGET.checks().into_iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no check {id}"))
    }

    fn all_permutations(n: u8) -> Vec<Vec<u8>> {
        if n == 0 {
            return vec![Vec::new()];
        }
        let mut out = Vec::new();
        for shorter in all_permutations(n - 1) {
            for at in 0..=shorter.len() {
                let mut p = shorter.clone();
                p.insert(at, n - 1);
                out.push(p);
            }
        }
        out
    }

    #[test]
    fn every_check_is_right_with_its_key_and_not_as_shown() {
        let checks = EVERY_WIDGET.checks();
        assert_eq!(checks.len(), 4, "one of every kind");
        for check in checks {
            let grade = grade(check, &key(check)).unwrap();
            assert_eq!((grade.credit, grade.verdict()), (100, Verdict::Right), "{}", check.id);
            assert!(grade.marks.iter().all(|m| *m == Mark::Right || *m == Mark::Unmarked), "{}", check.id);
            match grade_of_blank(check) {
                Ok(g) => assert_eq!(g.credit, 0, "{} earns nothing as shown", check.id),
                Err(e) => assert_eq!(e, AnswerError::Incomplete, "{}", check.id),
            }
        }
    }

    fn grade_of_blank(check: &Check) -> Result<Grade, AnswerError> {
        grade(check, &blank(check))
    }

    #[test]
    fn an_order_is_never_shown_in_order_and_always_shuffled_the_same_way() {
        let order = check("in-order");
        let shown = presented(order);
        assert_ne!(shown, [0, 1, 2, 3, 4, 5]);
        assert_eq!(order_credit(&shown), 0);
        assert_eq!(presented(order), shown, "deterministic");
        assert!(is_permutation(&shown, 6));
        // Every other check is a permutation too, and shuffles differ between checks.
        let sort = presented(check("in-groups"));
        assert!(is_permutation(&sort, 6));
        assert_ne!(sort, (0..6).collect::<Vec<u8>>(), "the items are shuffled");
        assert_eq!(presented(check("pick-one")), [0, 1, 2, 3], "shuffle = false keeps the order");
    }

    #[test]
    fn order_credit_rewards_nearly_right_and_nothing_for_chance() {
        assert_eq!(order_credit(&[0, 1, 2, 3, 4, 5]), 100);
        assert_eq!(order_credit(&[5, 4, 3, 2, 1, 0]), 0);
        assert_eq!(order_credit(&[1, 0, 2, 3, 4, 5]), 86, "one swap of neighbours: (14 - 1) / 15");
        assert_eq!(order_credit(&[5, 0, 1, 2, 3, 4]), 33, "the last step first: (10 - 5) / 15");
        // Over every possible order, the average is no better than nothing.
        let all = all_permutations(6);
        assert_eq!(all.len(), 720);
        let right = all.iter().filter(|p| order_credit(p) == 100).count();
        assert_eq!(right, 1, "only the right order earns full credit");
        let mean = all.iter().map(|p| u32::from(order_credit(p))).sum::<u32>() / 720;
        assert!(mean < 25, "guessing earns little on average: {mean}");
    }

    #[test]
    fn out_of_place_steps_are_the_ones_to_move() {
        let order = check("in-order");
        let g = grade(order, &Answer::Order(vec![0, 1, 2, 3, 5, 4])).unwrap();
        assert_eq!(g.wrong(), 1, "{:?}", g.marks);
        assert_eq!(g.verdict(), Verdict::Partly);
        // Rendering first: only that step is out of place, though no step is
        // where it belongs, so none is called right.
        let g = grade(order, &Answer::Order(vec![5, 0, 1, 2, 3, 4])).unwrap();
        let u = Mark::Unmarked;
        assert_eq!(g.marks, [u, u, u, u, u, Mark::Wrong]);
        // Two neighbours swapped: the other four are right where they are.
        let g = grade(order, &Answer::Order(vec![0, 2, 1, 3, 4, 5])).unwrap();
        assert_eq!(g.marks.iter().filter(|m| **m == Mark::Right).count(), 4);
        assert_eq!(g.wrong(), 1);
        // Every order marks exactly as many steps wrong as the fewest moves to fix it.
        for p in all_permutations(6) {
            let g = grade(order, &Answer::Order(p.clone())).unwrap();
            assert_eq!(g.wrong(), 6 - longest_in_order(&p).len());
            assert_eq!(g.wrong() == 0, g.verdict() == Verdict::Right, "{p:?}");
            for (position, &step) in p.iter().enumerate() {
                if g.marks[usize::from(step)] == Mark::Right {
                    assert_eq!(usize::from(step), position, "right only in its own place: {p:?}");
                }
            }
        }
    }

    #[test]
    fn sorting_everything_into_one_group_is_not_worth_much() {
        let sort = check("in-groups");
        let Task::Sort(s) = &sort.task else { panic!() };
        assert_eq!(s.items.len(), 6);
        // Two in the first group, four in the second.
        let all_back = grade(sort, &Answer::Sort(vec![Some(1); 6])).unwrap();
        assert_eq!((all_back.wrong(), all_back.credit), (2, 33));
        let all_front = grade(sort, &Answer::Sort(vec![Some(0); 6])).unwrap();
        assert_eq!(all_front.credit, 0);
        let Answer::Sort(mut nearly) = key(sort) else { panic!() };
        nearly[0] = Some(1);
        let g = grade(sort, &Answer::Sort(nearly)).unwrap();
        assert_eq!((g.wrong(), g.credit, g.marks[0]), (1, 66, Mark::Wrong));
        assert_eq!(g.verdict(), Verdict::Partly);
    }

    #[test]
    fn a_sort_with_an_item_in_no_group_is_not_finished() {
        let sort = check("in-groups");
        let mut groups = vec![Some(0); 6];
        groups[3] = None;
        assert_eq!(grade(sort, &Answer::Sort(groups)), Err(AnswerError::Incomplete));
        assert_eq!(grade(sort, &Answer::Sort(vec![Some(2); 6])), Err(AnswerError::DoesNotFit));
        assert_eq!(grade(sort, &Answer::Sort(vec![Some(0); 5])), Err(AnswerError::DoesNotFit));
    }

    #[test]
    fn choosing_every_option_scores_nothing() {
        let all = check("pick-all");
        let Task::Choose(c) = &all.task else { panic!() };
        assert!(c.multiple);
        let everything: Vec<u8> = (0..c.options.len() as u8).collect();
        let g = grade(all, &Answer::Choose(everything)).unwrap();
        assert_eq!((g.credit, g.verdict()), (0, Verdict::Wrong));
        assert!(!g.missed);
        // Three right of five: two right chosen and nothing wrong is 66.
        let g = grade(all, &Answer::Choose(vec![0, 1])).unwrap();
        assert_eq!((g.credit, g.missed, g.wrong()), (66, true, 0));
        assert_eq!(g.marks[2], Mark::Unmarked, "a missed option is not given away");
        // All three right plus one wrong: 1 - 1/2.
        let g = grade(all, &Answer::Choose(vec![0, 1, 2, 3])).unwrap();
        assert_eq!((g.credit, g.wrong()), (50, 1));
        assert_eq!(grade(all, &Answer::Choose(vec![])), Err(AnswerError::Incomplete));
    }

    #[test]
    fn a_single_answer_is_all_or_nothing() {
        let one = check("pick-one");
        assert_eq!(grade(one, &Answer::Choose(vec![1])).unwrap().credit, 100);
        let g = grade(one, &Answer::Choose(vec![0])).unwrap();
        assert_eq!((g.credit, g.marks[0]), (0, Mark::Wrong));
        assert_eq!(grade(one, &Answer::Choose(vec![0, 1])), Err(AnswerError::DoesNotFit));
    }

    #[test]
    fn answers_that_do_not_fit_are_refused_not_graded() {
        let order = check("in-order");
        for steps in [vec![0, 1, 2, 3, 4], vec![0, 1, 2, 3, 4, 4], vec![0, 1, 2, 3, 4, 9], vec![]] {
            assert_eq!(grade(order, &Answer::Order(steps)), Err(AnswerError::DoesNotFit));
        }
        assert_eq!(grade(order, &Answer::Choose(vec![0])), Err(AnswerError::DoesNotFit));
        let one = check("pick-one");
        for chosen in [vec![9], vec![1, 1], vec![2, 1]] {
            assert_eq!(grade(one, &Answer::Choose(chosen)), Err(AnswerError::DoesNotFit));
        }
    }

    #[test]
    fn the_explanation_waits_for_a_right_answer_or_a_second_try() {
        let one = check("pick-one");
        let right = grade(one, &Answer::Choose(vec![1])).unwrap();
        let wrong = grade(one, &Answer::Choose(vec![2])).unwrap();
        assert!(explains(&right, 1));
        assert!(!explains(&wrong, 1));
        assert!(explains(&wrong, 2));
    }
}
