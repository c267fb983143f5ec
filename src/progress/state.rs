//! Progress shared by the page's widgets: what the learner did moves it on,
//! what storage held is read into it, and it says when it can't be kept.

use super::{DecodeError, Progress};
use crate::checks::Answer;

/// What storage held when the page opened.
#[derive(Clone, Debug, PartialEq)]
pub enum Stored {
    /// Nothing yet: a first visit, or after Start over.
    Nothing,
    Found(Progress),
    /// Something that is not progress this lesson can read.
    Unreadable(DecodeError),
    /// The browser refused storage (e.g. a sandboxed frame).
    Unavailable,
}

/// Why the page tells the learner about their progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Progress lives in memory only and is lost on leaving.
    NotKept,
    /// Saved progress could not be read; the lesson started fresh.
    Unreadable,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProgressState {
    pub progress: Progress,
    /// Saved progress has been read. Nothing is written before, so an early
    /// write can never overwrite what a learner saved last time.
    pub loaded: bool,
    /// Whether to write to storage at all (not when it refused to be read).
    pub saving: bool,
    pub notice: Option<Notice>,
    /// Where the learner was last time, offered as a way back.
    pub resume: Option<String>,
    /// Counts Start overs, so what shows "cleared" can tell a new one.
    pub started_over: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ProgressAction {
    Loaded(Stored),
    /// A write to storage failed (full, or refused): progress is kept in memory.
    SaveFailed,
    SaveWorked,
    StepSeen {
        scenario: String,
        step: usize,
    },
    RequestMade(String),
    Answered {
        check: String,
        answer: Answer,
    },
    Visited(String),
    StartOver,
}

impl ProgressState {
    /// `None` when nothing changes, so no widget renders again for nothing.
    pub fn apply(&self, action: ProgressAction) -> Option<ProgressState> {
        let mut next = self.clone();
        match action {
            ProgressAction::Loaded(_) if self.loaded => return None,
            ProgressAction::Loaded(stored) => {
                next.loaded = true;
                next.saving = true;
                match stored {
                    Stored::Nothing => {}
                    Stored::Found(saved) => {
                        next.resume = saved.last_section().map(str::to_owned);
                        next.progress = Progress::merged(saved, &self.progress);
                    }
                    Stored::Unreadable(_) => next.notice = Some(Notice::Unreadable),
                    Stored::Unavailable => {
                        next.saving = false;
                        next.notice = Some(Notice::NotKept);
                    }
                }
            }
            ProgressAction::SaveFailed => next.notice = Some(Notice::NotKept),
            ProgressAction::SaveWorked => {
                if self.notice == Some(Notice::NotKept) {
                    next.notice = None;
                }
            }
            ProgressAction::StepSeen { scenario, step } => {
                if !next.progress.record_step_seen(&scenario, step) {
                    return None;
                }
            }
            ProgressAction::RequestMade(kind) => {
                if !next.progress.record_request(&kind) {
                    return None;
                }
            }
            ProgressAction::Answered { check, answer } => next.progress.record_answer(&check, answer),
            ProgressAction::Visited(section) => {
                if !next.progress.visit_section(&section) {
                    return None;
                }
            }
            ProgressAction::StartOver => {
                next.progress = Progress::default();
                next.resume = None;
                next.started_over += 1;
            }
        }
        (next != *self).then_some(next)
    }

    /// Where to offer to take the learner back to: where they were last time,
    /// until they go somewhere else.
    pub fn resume_to(&self) -> Option<&str> {
        self.resume.as_deref().filter(|at| self.progress.last_section() == Some(at))
    }

    /// What storage should hold now: `None` to hold nothing, `Some(text)` to
    /// write; not called before loading or when storage refused.
    pub fn to_store(&self) -> Option<String> {
        (!self.progress.is_empty()).then(|| self.progress.encode())
    }
}

/// How a read from storage turns into what the page knows.
pub fn stored<E>(read: Result<Option<String>, E>) -> Stored {
    match read {
        Err(_) => Stored::Unavailable,
        Ok(None) => Stored::Nothing,
        Ok(Some(text)) => match Progress::decode(&text) {
            Ok(progress) => Stored::Found(progress),
            Err(e) => Stored::Unreadable(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(stored: Stored) -> ProgressState {
        ProgressState::default().apply(ProgressAction::Loaded(stored)).unwrap()
    }

    fn saved_answer() -> Progress {
        let mut p = Progress::default();
        p.record_answer("q", Answer::Choose(vec![1]));
        p.visit_section("goals");
        p
    }

    #[test]
    fn saved_progress_is_restored_with_a_way_back() {
        let state = loaded(Stored::Found(saved_answer()));
        assert!(state.loaded && state.saving);
        assert_eq!(state.notice, None);
        assert_eq!(state.resume.as_deref(), Some("goals"));
        assert!(state.progress.record("q").is_some());
        assert_eq!(state.to_store(), Some(saved_answer().encode()));
    }

    #[test]
    fn the_way_back_goes_once_the_learner_moves_on() {
        let state = loaded(Stored::Found(saved_answer()));
        assert_eq!(state.resume_to(), Some("goals"));
        let moved = state.apply(ProgressAction::Visited("up-next".into())).unwrap();
        assert_eq!(moved.resume_to(), None);
        assert_eq!(loaded(Stored::Nothing).resume_to(), None);
    }

    #[test]
    fn unreadable_data_starts_fresh_and_says_so() {
        let state = loaded(stored::<()>(Ok(Some("garbage".into()))));
        assert_eq!(state.notice, Some(Notice::Unreadable));
        assert!(state.saving, "the next answer replaces the unreadable data");
        assert!(state.progress.is_empty());
        let state = loaded(stored::<()>(Ok(Some("2|||||00000000".into()))));
        assert_eq!(state.notice, Some(Notice::Unreadable));
    }

    #[test]
    fn refused_storage_keeps_progress_in_memory_and_says_so() {
        let state = loaded(stored::<()>(Err(())));
        assert_eq!(state.notice, Some(Notice::NotKept));
        assert!(!state.saving);
        let state = state
            .apply(ProgressAction::Answered { check: "q".into(), answer: Answer::Choose(vec![0]) })
            .unwrap();
        assert!(state.progress.record("q").is_some(), "the lesson goes on");
    }

    #[test]
    fn a_full_storage_says_so_until_a_save_works() {
        let state = loaded(Stored::Nothing).apply(ProgressAction::SaveFailed).unwrap();
        assert_eq!(state.notice, Some(Notice::NotKept));
        let state = state.apply(ProgressAction::SaveWorked).unwrap();
        assert_eq!(state.notice, None);
        assert_eq!(state.apply(ProgressAction::SaveWorked), None);
    }

    #[test]
    fn what_the_learner_did_before_loading_is_kept() {
        let early = ProgressState::default()
            .apply(ProgressAction::StepSeen { scenario: "found".into(), step: 0 })
            .unwrap();
        let state = early.apply(ProgressAction::Loaded(Stored::Found(saved_answer()))).unwrap();
        assert!(state.progress.has_seen("found", 0) && state.progress.record("q").is_some());
        assert_eq!(state.apply(ProgressAction::Loaded(Stored::Nothing)), None, "loads once");
    }

    #[test]
    fn repeats_change_nothing() {
        let state = loaded(Stored::Nothing);
        let seen = state.apply(ProgressAction::StepSeen { scenario: "found".into(), step: 2 }).unwrap();
        assert_eq!(seen.apply(ProgressAction::StepSeen { scenario: "found".into(), step: 2 }), None);
        let visited = seen.apply(ProgressAction::Visited("goals".into())).unwrap();
        assert_eq!(visited.apply(ProgressAction::Visited("goals".into())), None);
        let made = visited.apply(ProgressAction::RequestMade("get".into())).unwrap();
        assert_eq!(made.apply(ProgressAction::RequestMade("get".into())), None);
    }

    #[test]
    fn start_over_clears_everything_and_storage_with_it() {
        let state = loaded(Stored::Found(saved_answer())).apply(ProgressAction::StartOver).unwrap();
        assert!(state.progress.is_empty());
        assert_eq!((state.resume.as_deref(), state.started_over), (None, 1));
        assert_eq!(state.to_store(), None, "storage is cleared, not filled with an empty record");
    }
}
