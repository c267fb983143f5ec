//! Start over, as the summary walks the learner through it: offered, asked
//! ("are you sure?"), and once done, said. Its own state, apart from the
//! learner's progress: progress is saved again at once after clearing (the
//! section being read), so "nothing saved" cannot tell that it was cleared.

/// Where the learner is with Start over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StartOver {
    /// The button, nothing more.
    #[default]
    Offered,
    /// The question and its two answers are shown.
    Asking,
    /// Everything was cleared; the summary says so until the learner acts.
    Cleared,
}

/// What the learner did about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartOverChoice {
    /// Pressed Start over: ask first.
    Ask,
    /// "No, keep my progress".
    Keep,
    /// "Yes, start over".
    Confirm,
}

impl StartOver {
    pub fn after(self, choice: StartOverChoice) -> StartOver {
        match (self, choice) {
            (_, StartOverChoice::Ask) => StartOver::Asking,
            (StartOver::Asking, StartOverChoice::Keep) => StartOver::Offered,
            (StartOver::Asking, StartOverChoice::Confirm) => StartOver::Cleared,
            // A stale press (an answer to a question no longer asked) changes nothing.
            (state, StartOverChoice::Keep | StartOverChoice::Confirm) => state,
        }
    }

    /// Whether to say that everything was cleared. It stays said through
    /// what the page saves by itself (where the learner is reading, the
    /// diagram's first step), and goes once the learner answers a check
    /// again: then "the checks are ready for a fresh start" is old news.
    pub fn says_cleared(self, checks_answered: usize) -> bool {
        self == StartOver::Cleared && checks_answered == 0
    }
}

#[cfg(test)]
mod tests {
    use super::StartOverChoice::*;
    use super::*;

    #[test]
    fn start_over_asks_before_clearing() {
        let asking = StartOver::default().after(Ask);
        assert_eq!(asking, StartOver::Asking);
        assert_eq!(asking.after(Keep), StartOver::Offered);
        assert_eq!(asking.after(Confirm), StartOver::Cleared);
        assert_eq!(StartOver::Offered.after(Confirm), StartOver::Offered, "never clears unasked");
    }

    #[test]
    fn cleared_is_said_until_the_learner_answers_again() {
        let cleared = StartOver::Asking.after(Confirm);
        // What the page saves by itself is no answer: still said.
        assert!(cleared.says_cleared(0));
        assert!(!cleared.says_cleared(1), "an answer since: old news");
        assert!(!StartOver::Offered.says_cleared(0));
        assert!(!StartOver::Asking.says_cleared(0));
        // Start over again from there asks again.
        assert_eq!(cleared.after(Ask), StartOver::Asking);
        assert_eq!(cleared.after(Keep), StartOver::Cleared);
    }
}
