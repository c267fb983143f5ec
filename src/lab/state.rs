//! The lab's state and every move it makes: editing the request, choosing a
//! preset, sending, settling, the history, and whether the practice back end
//! is there.

use super::outcome::Outcome;
use crate::lesson::{Lab, Method, Preset};

/// The most requests the history keeps.
pub const HISTORY_CAP: usize = 20;

/// The request as the learner is composing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub url: String,
    pub method: Method,
    pub body: String,
    pub content_type: String,
    /// As typed; read with [`Draft::timeout_seconds`].
    pub timeout: String,
}

impl Draft {
    pub fn from_preset(preset: &Preset, timeout: String) -> Draft {
        let body = match preset.pad_body_to {
            Some(size) => padded_body(&preset.body, size as usize),
            None => preset.body.to_string(),
        };
        Draft {
            url: preset.url.to_string(),
            method: preset.method,
            body,
            content_type: preset.content_type.to_string(),
            timeout,
        }
    }

    /// The time limit in seconds: what was typed, kept to 1–120, or `default`.
    pub fn timeout_seconds(&self, default: u32) -> u32 {
        // Whole seconds; a fraction rounds up (2.5 → 3). No float parsing.
        let typed = self.timeout.trim();
        let (whole, fraction) = typed.split_once('.').unwrap_or((typed, ""));
        if !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return default;
        }
        let up = u32::from(fraction.bytes().any(|b| b != b'0'));
        match whole.parse::<u64>() {
            Ok(n) if n > 0 || up > 0 => (n.min(120) as u32 + up).clamp(1, 120),
            _ => default,
        }
    }
}

/// `body` with its `"padding": ""` text filled until the body has `size`
/// bytes (or unchanged, if it has no such text or is already that big).
pub fn padded_body(body: &str, size: usize) -> String {
    let Some(key) = body.find("\"padding\"") else { return body.to_owned() };
    let after_key = key + "\"padding\"".len();
    let Some(open) = body[after_key..].find('"').map(|i| after_key + i + 1) else { return body.to_owned() };
    let missing = size.saturating_sub(body.len());
    format!("{}{}{}", &body[..open], "x".repeat(missing), &body[open..])
}

/// Whether the practice back end answers on this site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Practice {
    Unknown,
    Here,
    Absent,
}

/// One request in the history.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub id: u64,
    pub method: Method,
    /// How the request is named: the path on this site, or the whole address.
    pub shown: String,
    /// Whether CORS applied (for the explanation of a failure).
    pub cross_origin: bool,
    /// `None` while in flight.
    pub outcome: Option<Outcome>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LabState {
    lab: &'static Lab,
    pub draft: Draft,
    /// The preset the draft came from, if it is unchanged since.
    pub preset: Option<usize>,
    pub practice: Practice,
    /// Newest first, at most [`HISTORY_CAP`].
    pub history: Vec<Entry>,
    /// The entry whose response is on show.
    pub shown: Option<u64>,
}

pub enum LabAction {
    SetUrl(String),
    SetMethod(Method),
    SetBody(String),
    SetContentType(String),
    SetTimeout(String),
    /// `None`: the learner's own address.
    ChoosePreset(Option<usize>),
    PracticeFound(bool),
    /// A request was sent, or refused (then it comes with its outcome).
    Sent(Entry),
    Settled {
        id: u64,
        outcome: Outcome,
    },
    Show(u64),
    ClearHistory,
}

impl LabState {
    pub fn new(lab: &'static Lab) -> LabState {
        let timeout = lab.timeout_seconds.to_string();
        let (draft, preset) = match lab.presets.iter().position(|p| !p.practice) {
            Some(i) => (Draft::from_preset(&lab.presets[i], timeout), Some(i)),
            None => (
                Draft {
                    url: String::new(),
                    method: Method::Get,
                    body: String::new(),
                    content_type: "application/json".into(),
                    timeout,
                },
                None,
            ),
        };
        LabState { lab, draft, preset, practice: Practice::Unknown, history: Vec::new(), shown: None }
    }

    /// The presets the learner may choose now, with their index.
    pub fn presets(&self) -> impl Iterator<Item = (usize, &'static Preset)> {
        let practice = self.practice == Practice::Here;
        self.lab.presets.iter().enumerate().filter(move |(_, p)| practice || !p.practice)
    }

    /// The request in flight, if any (at most one at a time).
    pub fn in_flight(&self) -> Option<&Entry> {
        self.history.iter().find(|e| e.outcome.is_none())
    }

    pub fn shown_entry(&self) -> Option<&Entry> {
        self.shown.and_then(|id| self.history.iter().find(|e| e.id == id))
    }

    pub fn apply(&self, action: LabAction) -> LabState {
        let mut next = self.clone();
        match action {
            LabAction::SetUrl(url) => {
                next.draft.url = url;
                next.preset = None;
            }
            LabAction::SetMethod(method) => {
                next.draft.method = method;
                next.preset = None;
            }
            LabAction::SetBody(body) => {
                next.draft.body = body;
                next.preset = None;
            }
            LabAction::SetContentType(content_type) => {
                next.draft.content_type = content_type;
                next.preset = None;
            }
            LabAction::SetTimeout(timeout) => next.draft.timeout = timeout,
            LabAction::ChoosePreset(None) => next.preset = None,
            LabAction::ChoosePreset(Some(i)) => {
                if let Some(preset) = self.lab.presets.get(i) {
                    next.draft = Draft::from_preset(preset, self.draft.timeout.clone());
                    next.preset = Some(i);
                }
            }
            LabAction::PracticeFound(found) => {
                next.practice = if found { Practice::Here } else { Practice::Absent };
            }
            LabAction::Sent(entry) => {
                next.shown = Some(entry.id);
                next.history.insert(0, entry);
                next.history.truncate(HISTORY_CAP);
            }
            LabAction::Settled { id, outcome } => {
                if let Some(entry) = next.history.iter_mut().find(|e| e.id == id && e.outcome.is_none()) {
                    entry.outcome = Some(outcome);
                }
            }
            LabAction::Show(id) => {
                if self.history.iter().any(|e| e.id == id) {
                    next.shown = Some(id);
                }
            }
            LabAction::ClearHistory => {
                // A request still in flight stays, so its answer has somewhere to land.
                next.history.retain(|e| e.outcome.is_none());
                next.shown = next.shown.filter(|id| next.history.iter().any(|e| e.id == *id));
            }
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::address::Refusal;
    use crate::lab::outcome::Failure;
    use crate::lab::tests::lab;

    fn entry(id: u64, outcome: Option<Outcome>) -> Entry {
        Entry { id, method: Method::Get, shown: format!("/{id}"), cross_origin: false, outcome }
    }

    fn cancelled() -> Outcome {
        Outcome::Failed { failure: Failure::Cancelled, elapsed_ms: 1 }
    }

    #[test]
    fn it_starts_on_the_first_preset_that_works_anywhere() {
        let state = LabState::new(lab());
        assert_eq!(state.preset, Some(0));
        assert_eq!(state.draft.url, "help");
        assert_eq!(state.draft.timeout, "10");
        assert_eq!(state.practice, Practice::Unknown);
    }

    #[test]
    fn practice_presets_appear_only_when_the_practice_back_end_answers() {
        let state = LabState::new(lab());
        assert!(state.presets().all(|(_, p)| !p.practice));
        let absent = state.apply(LabAction::PracticeFound(false));
        assert!(absent.presets().all(|(_, p)| !p.practice));
        let here = state.apply(LabAction::PracticeFound(true));
        assert_eq!(here.presets().count(), lab().presets.len());
    }

    #[test]
    fn a_preset_fills_the_draft_and_editing_leaves_it() {
        let state = LabState::new(lab()).apply(LabAction::SetTimeout("2".into()));
        let post = lab().presets.iter().position(|p| p.body.contains("Hello")).unwrap();
        let state = state.apply(LabAction::ChoosePreset(Some(post)));
        assert_eq!(state.draft.method, Method::Post);
        assert_eq!(state.draft.timeout, "2", "the time limit is the learner's");
        let state = state.apply(LabAction::SetUrl("api/echo?x".into()));
        assert_eq!(state.preset, None);
        assert_eq!(state.draft.method, Method::Post);
        assert_eq!(LabState::new(lab()).apply(LabAction::ChoosePreset(Some(999))).preset, Some(0));
    }

    #[test]
    fn the_padded_preset_is_as_big_as_it_says() {
        let i = lab().presets.iter().position(|p| p.pad_body_to.is_some()).unwrap();
        let state = LabState::new(lab()).apply(LabAction::ChoosePreset(Some(i)));
        assert_eq!(state.draft.body.len(), 20_000);
        assert!(state.draft.body.starts_with("{ \"message\": \"big\", \"padding\": \"xxx"));
        assert!(state.draft.body.ends_with("x\" }"));
        assert_eq!(padded_body("{}", 100), "{}");
        assert_eq!(padded_body(r#"{"padding":""}"#, 3), r#"{"padding":""}"#);
    }

    #[test]
    fn the_time_limit_is_read_forgivingly() {
        let mut draft = LabState::new(lab()).draft;
        for (typed, seconds) in [
            ("3", 3),
            (" 2.5 ", 3),
            ("0", 10),
            ("-4", 10),
            ("abc", 10),
            ("", 10),
            ("9999", 120),
            ("NaN", 10),
            ("inf", 10),
        ] {
            draft.timeout = typed.into();
            assert_eq!(draft.timeout_seconds(10), seconds, "{typed:?}");
        }
    }

    #[test]
    fn the_history_is_newest_first_capped_and_reopenable() {
        let mut state = LabState::new(lab());
        for id in 1..=(HISTORY_CAP as u64 + 5) {
            state = state.apply(LabAction::Sent(entry(id, Some(cancelled()))));
        }
        assert_eq!(state.history.len(), HISTORY_CAP);
        assert_eq!(state.history[0].id, HISTORY_CAP as u64 + 5);
        assert_eq!(state.shown, Some(HISTORY_CAP as u64 + 5));
        let state = state.apply(LabAction::Show(10));
        assert_eq!(state.shown_entry().unwrap().id, 10);
        assert_eq!(state.apply(LabAction::Show(1)).shown, Some(10), "dropped entries can't be shown");
    }

    #[test]
    fn a_request_settles_once_and_clearing_keeps_the_one_in_flight() {
        let state = LabState::new(lab())
            .apply(LabAction::Sent(entry(1, Some(Outcome::Refused(Refusal::Empty)))))
            .apply(LabAction::Sent(entry(2, None)));
        assert_eq!(state.in_flight().unwrap().id, 2);
        let cleared = state.apply(LabAction::ClearHistory);
        assert_eq!(cleared.history.len(), 1);
        assert_eq!(cleared.shown, Some(2));
        let settled = cleared.apply(LabAction::Settled { id: 2, outcome: cancelled() });
        assert!(settled.in_flight().is_none());
        let again = settled.apply(LabAction::Settled {
            id: 2,
            outcome: Outcome::Failed { failure: Failure::Network, elapsed_ms: 5 },
        });
        assert_eq!(again.history[0].outcome, Some(cancelled()));
        let empty = again.apply(LabAction::ClearHistory);
        assert!(empty.history.is_empty());
        assert_eq!(empty.shown, None);
    }
}
