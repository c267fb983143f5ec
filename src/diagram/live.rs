//! The diagram's input from real requests: the request lab reports each fetch
//! as `Started`, then `Settled` with its outcome, and the diagram plays it.

use super::machine::Scene;
use crate::lesson::{LiveWords, Stage};
use crate::status::StatusClass;
use crate::text::fill;

/// What the request lab tells the diagram.
#[derive(Clone, Debug, PartialEq)]
pub enum LiveEvent {
    /// A fetch has just been sent.
    Started { id: u64, method: String, path: String },
    /// That fetch is over: answered with a status code, or failed without one.
    Settled { id: u64, outcome: LiveOutcome },
}

#[derive(Clone, Debug, PartialEq)]
pub enum LiveOutcome {
    /// The server answered. `status` is the real code the browser received.
    Answered { status: u16, reason: String, elapsed_ms: u32 },
    /// No status code came back (network, CORS, timeout, cancel); `why` says
    /// which, in the learner's words.
    Failed { why: String, elapsed_ms: u32 },
}

/// The latest real request, as far as it has got.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveRequest {
    pub id: u64,
    pub method: String,
    pub path: String,
    /// `None` while the request is in flight.
    pub outcome: Option<LiveOutcome>,
}

impl LiveRequest {
    /// What kind of request this was, for the learner's progress: its method
    /// and the class of its status (`GET 4xx`), never its address or body.
    /// `None` until an answer came back.
    pub fn kind(&self) -> Option<String> {
        match &self.outcome {
            Some(LiveOutcome::Answered { status, .. }) => {
                let method: String = self.method.chars().filter(char::is_ascii_alphabetic).take(8).collect();
                Some(format!("{} {}xx", method.to_ascii_uppercase(), status / 100))
            }
            _ => None,
        }
    }

    /// The picture of this request: on its way out until an answer comes
    /// back, then the answer on its way back; crossed out if none came.
    pub fn scene(&self) -> Scene {
        let (stage, response, failed) = match &self.outcome {
            None => (Stage::Request, None, false),
            Some(LiveOutcome::Answered { status, reason, elapsed_ms }) => (
                Stage::Respond,
                Some((format!("{status} {reason} · {elapsed_ms} ms"), StatusClass::of(*status))),
                false,
            ),
            Some(LiveOutcome::Failed { .. }) => (Stage::Request, None, true),
        };
        Scene {
            stage,
            address: self.path.clone(),
            method: self.method.clone(),
            path: self.path.clone(),
            response,
            page: String::new(),
            failed,
            live: true,
        }
    }

    /// What the narration says of this request, in the lesson's words, and
    /// the class of its status (`None` until one came back).
    pub fn narration(&self, words: &LiveWords) -> (String, Option<StatusClass>) {
        match &self.outcome {
            None => (fill(&words.started, &[("method", &self.method), ("path", &self.path)]), None),
            Some(LiveOutcome::Answered { status, reason, elapsed_ms }) => {
                let class = StatusClass::of(*status);
                let values = [
                    ("method", self.method.as_str()),
                    ("path", self.path.as_str()),
                    ("status", &status.to_string()),
                    ("reason", reason.as_str()),
                    ("class", class.map_or("unknown", StatusClass::name)),
                    ("ms", &elapsed_ms.to_string()),
                ];
                (fill(&words.answered, &values), class)
            }
            Some(LiveOutcome::Failed { why, elapsed_ms }) => {
                let values = [
                    ("method", self.method.as_str()),
                    ("path", self.path.as_str()),
                    ("why", why.as_str()),
                    ("ms", &elapsed_ms.to_string()),
                ];
                (fill(&words.failed, &values), None)
            }
        }
    }
}

/// What the lab has told the diagram, shared between them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiveFeed {
    pub latest: Option<LiveRequest>,
}

impl LiveFeed {
    pub fn apply(&self, event: LiveEvent) -> LiveFeed {
        match event {
            LiveEvent::Started { id, method, path } => {
                LiveFeed { latest: Some(LiveRequest { id, method, path, outcome: None }) }
            }
            // Only the request on show settles; a late answer to an older one
            // must not overwrite it.
            LiveEvent::Settled { id, outcome } => match &self.latest {
                Some(latest) if latest.id == id && latest.outcome.is_none() => {
                    LiveFeed { latest: Some(LiveRequest { outcome: Some(outcome), ..latest.clone() }) }
                }
                _ => self.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn started(id: u64) -> LiveEvent {
        LiveEvent::Started { id, method: "GET".into(), path: "/data/stores/80202.json".into() }
    }

    fn answered(id: u64, status: u16) -> LiveEvent {
        LiveEvent::Settled {
            id,
            outcome: LiveOutcome::Answered { status, reason: "OK".into(), elapsed_ms: 12 },
        }
    }

    #[test]
    fn a_request_starts_then_settles() {
        let feed = LiveFeed::default().apply(started(1));
        assert_eq!(feed.latest.as_ref().unwrap().outcome, None);
        let feed = feed.apply(answered(1, 200));
        assert!(matches!(
            feed.latest.unwrap().outcome,
            Some(LiveOutcome::Answered { status: 200, elapsed_ms: 12, .. })
        ));
    }

    #[test]
    fn a_late_answer_to_an_older_request_is_ignored() {
        let feed = LiveFeed::default().apply(started(1)).apply(started(2)).apply(answered(1, 500));
        let latest = feed.latest.unwrap();
        assert_eq!((latest.id, latest.outcome), (2, None));
    }

    #[test]
    fn a_request_settles_once() {
        let feed = LiveFeed::default().apply(started(1)).apply(answered(1, 200)).apply(answered(1, 404));
        assert!(matches!(feed.latest.unwrap().outcome, Some(LiveOutcome::Answered { status: 200, .. })));
    }

    #[test]
    fn a_request_has_a_kind_once_answered() {
        let feed = LiveFeed::default().apply(started(1));
        assert_eq!(feed.latest.as_ref().unwrap().kind(), None);
        let feed = feed.apply(answered(1, 404));
        assert_eq!(feed.latest.unwrap().kind().as_deref(), Some("GET 4xx"));
        let failed =
            LiveEvent::Settled { id: 2, outcome: LiveOutcome::Failed { why: "cors".into(), elapsed_ms: 3 } };
        let feed = LiveFeed::default().apply(started(2)).apply(failed);
        assert_eq!(feed.latest.unwrap().kind(), None, "no answer, no kind");
        let odd = LiveEvent::Started { id: 3, method: "pa;tch\n".into(), path: "/".into() };
        let feed = LiveFeed::default().apply(odd).apply(answered(3, 200));
        assert_eq!(feed.latest.unwrap().kind().as_deref(), Some("PATCH 2xx"), "only letters of the method");
    }

    fn request(outcome: Option<LiveOutcome>) -> LiveRequest {
        LiveRequest { id: 1, method: "GET".into(), path: "/found".into(), outcome }
    }

    #[test]
    fn the_picture_follows_the_request_out_and_back() {
        let going = request(None).scene();
        assert_eq!(
            (going.stage, going.response, going.failed, going.live),
            (Stage::Request, None, false, true)
        );
        assert_eq!((going.method.as_str(), going.path.as_str()), ("GET", "/found"));
        let answered = request(Some(LiveOutcome::Answered {
            status: 503,
            reason: "Service Unavailable".into(),
            elapsed_ms: 40,
        }));
        let back = answered.scene();
        assert_eq!(back.stage, Stage::Respond);
        assert_eq!(
            back.response,
            Some(("503 Service Unavailable · 40 ms".into(), Some(StatusClass::ServerError)))
        );
        assert!(!back.failed);
        let failed = request(Some(LiveOutcome::Failed { why: "CORS".into(), elapsed_ms: 3 })).scene();
        assert_eq!((failed.stage, failed.response, failed.failed), (Stage::Request, None, true));
    }

    #[test]
    fn the_narration_fills_in_the_request_in_the_lessons_words() {
        let words = &crate::lesson::fixtures::EVERY_WIDGET.diagrams()[0].live;
        let (text, class) = request(None).narration(words);
        assert_eq!(
            text,
            "Your browser just sent a real request: GET /found. It is travelling to the server now."
        );
        assert_eq!(class, None);
        let answered =
            request(Some(LiveOutcome::Answered { status: 404, reason: "Not Found".into(), elapsed_ms: 12 }));
        let (text, class) = answered.narration(words);
        assert_eq!(text, "The server answered 404 Not Found (client error) after 12 ms.");
        assert_eq!(class, Some(StatusClass::ClientError));
        let odd = request(Some(LiveOutcome::Answered { status: 999, reason: "Odd".into(), elapsed_ms: 1 }));
        assert_eq!(odd.narration(words), ("The server answered 999 Odd (unknown) after 1 ms.".into(), None));
        let failed =
            request(Some(LiveOutcome::Failed { why: "the server did not allow it.".into(), elapsed_ms: 7 }));
        let (text, class) = failed.narration(words);
        assert_eq!(text, "No response came back after 7 ms: the server did not allow it.");
        assert_eq!(class, None);
    }

    #[test]
    fn settling_with_nothing_started_changes_nothing() {
        assert_eq!(LiveFeed::default().apply(answered(7, 200)), LiveFeed::default());
    }
}
