//! The diagram's input from real requests: the request lab reports each fetch
//! as `Started`, then `Settled` with its outcome, and the diagram plays it.

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

    #[test]
    fn settling_with_nothing_started_changes_nothing() {
        assert_eq!(LiveFeed::default().apply(answered(7, 200)), LiveFeed::default());
    }
}
