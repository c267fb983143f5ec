//! The learner's progress: what they have seen, done and answered, and where
//! they were. Pure, and small enough to save anywhere a string fits: the
//! browser's storage, or a learning platform's `suspend_data` (at most 4,096
//! characters). [`state`] is what the page's widgets share of it (the reducer's
//! state), `codec` writes it as a string and reads it back, and `hooks` hands
//! it to them through Yew.

mod codec;
mod hooks;
pub mod standing;
pub mod state;

use crate::checks::Answer;
use crate::lesson::Document;

pub use codec::DecodeError;
pub use hooks::{record_step_seen, ProgressHandle};
pub use standing::Standing;
pub use state::{stored, Notice, ProgressAction, ProgressState, Stored};

/// The format [`Progress::encode`] writes. Data of any other version is refused
/// (and the lesson starts fresh) rather than misread.
pub const VERSION: u32 = 1;

/// SCORM 1.2 keeps at most this many characters of `cmi.suspend_data`.
pub const MOST_CHARS: usize = 4096;

/// Request kinds are names the request lab chooses; these caps keep a lab that
/// records too much from crowding the rest out.
pub const MOST_REQUEST_KINDS: usize = 24;
/// In bytes of UTF-8.
pub const LONGEST_NAME: usize = 40;

/// Steps beyond this in a scenario are not recorded (a bit each in a `u64`).
pub const MOST_STEPS: usize = 64;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// For each diagram scenario (by id), the steps seen: bit `n` is step `n`.
    seen: Named<u64>,
    /// The kinds of request the learner has sent from the request lab.
    requests: Named<()>,
    /// The last answer to each check, by check id.
    answers: Named<Record>,
    /// The id of the section the learner was last reading.
    last_section: Option<String>,
}

/// A check's last submitted answer, and how many times the learner answered it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub answer: Answer,
    pub attempts: u8,
}

impl Progress {
    /// Returns whether anything changed (so callers can skip a re-render).
    pub fn record_step_seen(&mut self, scenario: &str, step: usize) -> bool {
        if step >= MOST_STEPS || !fits(scenario) {
            return false;
        }
        let bits = self.seen.entry(scenario);
        let before = *bits;
        *bits |= 1 << step;
        before != *bits
    }

    pub fn steps_seen(&self, scenario: &str) -> u64 {
        self.seen.get(scenario).copied().unwrap_or(0)
    }

    pub fn has_seen(&self, scenario: &str, step: usize) -> bool {
        step < MOST_STEPS && self.steps_seen(scenario) & (1 << step) != 0
    }

    /// Returns whether anything changed.
    pub fn record_request(&mut self, kind: &str) -> bool {
        if !fits(kind) || self.requests.get(kind).is_some() || self.requests.0.len() >= MOST_REQUEST_KINDS {
            return false;
        }
        self.requests.insert(kind.to_owned(), ()).is_none()
    }

    pub fn requests(&self) -> impl Iterator<Item = &str> {
        self.requests.iter().map(|(kind, _)| kind)
    }

    /// A submitted answer replaces the last one and counts as one more attempt.
    pub fn record_answer(&mut self, check: &str, answer: Answer) {
        if !fits(check) {
            return;
        }
        let attempts = self.answers.get(check).map_or(0, |r| r.attempts).saturating_add(1);
        self.answers.insert(check.to_owned(), Record { answer, attempts });
    }

    pub fn record(&self, check: &str) -> Option<&Record> {
        self.answers.get(check)
    }

    pub fn answered(&self) -> impl Iterator<Item = (&str, &Record)> {
        self.answers.iter()
    }

    /// Returns whether anything changed.
    pub fn visit_section(&mut self, id: &str) -> bool {
        if !fits(id) || self.last_section.as_deref() == Some(id) {
            return false;
        }
        self.last_section = Some(id.to_owned());
        true
    }

    pub fn last_section(&self) -> Option<&str> {
        self.last_section.as_deref()
    }

    pub fn is_empty(&self) -> bool {
        *self == Progress::default()
    }

    /// Progress saved earlier, with what happened on this page before it was
    /// read (the diagram records its first step at once) taking precedence.
    pub fn merged(saved: Progress, now: &Progress) -> Progress {
        let mut out = saved;
        for (scenario, bits) in now.seen.iter() {
            *out.seen.entry(scenario) |= bits;
        }
        for (kind, _) in now.requests.iter() {
            out.record_request(kind);
        }
        for (id, record) in now.answers.iter() {
            out.answers.insert(id.to_owned(), record.clone());
        }
        if now.last_section.is_some() {
            out.last_section.clone_from(&now.last_section);
        }
        out
    }

    pub fn encode(&self) -> String {
        codec::encode(self)
    }

    /// Reads what [`Progress::encode`] wrote. Never panics: anything else is an error.
    pub fn decode(text: &str) -> Result<Progress, DecodeError> {
        codec::decode(text)
    }
}

/// A few values by name, sorted, so the same progress always saves as the
/// same string. A sorted `Vec`, not a `BTreeMap`: it holds a handful of
/// entries, and costs the wasm a fraction of the code.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Named<T>(Vec<(String, T)>);

impl<T> Default for Named<T> {
    fn default() -> Self {
        Named(Vec::new())
    }
}

impl<T> Named<T> {
    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(n, _)| n.as_str().cmp(name))
    }

    fn get(&self, name: &str) -> Option<&T> {
        self.find(name).ok().map(|i| &self.0[i].1)
    }

    /// Returns the value it replaced, if any.
    fn insert(&mut self, name: String, value: T) -> Option<T> {
        match self.find(&name) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (name, value));
                None
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.0.iter().map(|(name, value)| (name.as_str(), value))
    }
}

impl<T: Default> Named<T> {
    fn entry(&mut self, name: &str) -> &mut T {
        let i = match self.find(name) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (name.to_owned(), T::default()));
                i
            }
        };
        &mut self.0[i].1
    }
}

/// Where a lesson's progress is stored: one key per lesson, so lessons on the
/// same site keep theirs apart.
pub fn storage_key(document: &Document) -> String {
    // The build names it (`roundtrip:` and the title as a slug): the page
    // needs no Unicode tables to make a slug.
    document.key.to_string()
}

/// Names are kept only if short (in bytes, which bounds their escaped size
/// too): storage is small and shared.
fn fits(name: &str) -> bool {
    !name.is_empty() && name.len() <= LONGEST_NAME
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::checks::key;
    use crate::lesson::{fixtures, Document};

    #[test]
    fn steps_are_a_bit_each() {
        let mut p = Progress::default();
        assert!(p.record_step_seen("found", 0));
        assert!(p.record_step_seen("found", 5));
        assert!(!p.record_step_seen("found", 5), "seeing it again changes nothing");
        assert!(!p.record_step_seen("found", 64), "out of range is ignored");
        assert_eq!(p.steps_seen("found"), 0b100001);
        assert!(p.has_seen("found", 5) && !p.has_seen("found", 1) && !p.has_seen("missing", 0));
    }

    #[test]
    fn requests_are_a_small_set() {
        let mut p = Progress::default();
        assert!(p.record_request("get"));
        assert!(!p.record_request("get"));
        assert!(!p.record_request(""));
        assert!(!p.record_request(&"x".repeat(LONGEST_NAME + 1)));
        assert!(p.record_request(&"é".repeat(LONGEST_NAME / 2)), "40 bytes");
        assert!(!p.record_request(&"é".repeat(LONGEST_NAME / 2 + 1)));
        for i in 0..100 {
            p.record_request(&format!("kind-{i}"));
        }
        assert_eq!(p.requests().count(), MOST_REQUEST_KINDS);
    }

    #[test]
    fn answering_again_counts_attempts() {
        let mut p = Progress::default();
        p.record_answer("q", Answer::Choose(vec![1]));
        p.record_answer("q", Answer::Choose(vec![2]));
        assert_eq!(p.record("q"), Some(&Record { answer: Answer::Choose(vec![2]), attempts: 2 }));
        assert_eq!(p.record("other"), None);
    }

    #[test]
    fn what_happened_before_loading_wins_over_what_was_saved() {
        let mut saved = Progress::default();
        saved.record_step_seen("found", 3);
        saved.record_answer("q", Answer::Choose(vec![0]));
        saved.record_answer("r", Answer::Choose(vec![0]));
        saved.visit_section("goals");
        saved.record_request("get");
        let mut now = Progress::default();
        now.record_step_seen("found", 0);
        now.record_answer("q", Answer::Choose(vec![1]));
        now.record_request("post");
        let merged = Progress::merged(saved, &now);
        assert_eq!(merged.steps_seen("found"), 0b1001);
        assert_eq!(merged.record("q").map(|r| &r.answer), Some(&Answer::Choose(vec![1])));
        assert!(merged.record("r").is_some());
        assert_eq!(merged.last_section(), Some("goals"));
        assert_eq!(merged.requests().collect::<Vec<_>>(), ["get", "post"]);
    }

    #[test]
    fn everything_a_lesson_can_record_fits_in_suspend_data() {
        assert_the_most_fits(&fixtures::EVERY_WIDGET);
    }

    /// The most `lesson` can ever save fits in SCORM's suspend data: every
    /// step of every scenario seen, every check answered (with the longest
    /// answers), as many request kinds as allowed at the longest names, and a
    /// long section id.
    pub(crate) fn assert_the_most_fits(lesson: &Document) {
        let mut p = Progress::default();
        for diagram in lesson.diagrams() {
            for scenario in diagram.scenarios.iter() {
                for step in 0..MOST_STEPS {
                    p.record_step_seen(&scenario.id, step);
                }
            }
        }
        for check in lesson.checks() {
            for _ in 0..300 {
                p.record_answer(&check.id, key(check));
            }
        }
        // Names that need escaping take the most room.
        for i in 0..MOST_REQUEST_KINDS {
            p.record_request(&format!("{i:0>2}{}", "é".repeat(LONGEST_NAME / 2 - 1)));
        }
        assert_eq!(p.requests().count(), MOST_REQUEST_KINDS);
        p.visit_section(&"é".repeat(LONGEST_NAME / 2));
        let text = p.encode();
        assert!(text.len() < MOST_CHARS, "{} characters: {text}", text.len());
        println!("the largest progress {} can save: {} characters", lesson.title, text.len());
        assert_eq!(Progress::decode(&text), Ok(p));
    }
}
