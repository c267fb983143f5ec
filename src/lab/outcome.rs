//! What became of a request: refused before sending, answered with a status
//! code, or failed without one, and why.

use super::address::Refusal;
use super::preview::Preview;
use crate::lesson::Lab;
use crate::text::fill;

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Not sent: the address could not or should not be fetched.
    Refused(Refusal),
    /// A status code came back.
    Answered(Reply),
    /// No status code came back.
    Failed { failure: Failure, elapsed_ms: u32 },
}

/// A response, as much of it as the browser let the page see.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub status: u16,
    /// The reason phrase the server sent (none over HTTP/2).
    pub status_text: String,
    /// Where the response came from, after any redirect.
    pub url: String,
    pub redirected: bool,
    /// The headers the browser exposes, in its order (lower-case names).
    pub headers: Vec<(String, String)>,
    pub body: Preview,
    /// Bytes of the body read (at most the cap).
    pub body_bytes: usize,
    /// More arrived than the cap; the rest was not read.
    pub truncated: bool,
    /// The body stopped arriving before it was complete.
    pub body_stopped: Option<Failure>,
    /// From sending to the last byte read, by the page's clock.
    pub elapsed_ms: u32,
}

impl Reply {
    /// A header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Why no status code came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Another origin, and the browser will not say more: the server was
    /// unreachable, or it answered without allowing this page to read it.
    NetworkOrCors,
    /// This page's own server could not be reached (CORS does not apply).
    Network,
    /// The lab gave up after this many seconds.
    Timeout { seconds: u32 },
    /// The learner cancelled.
    Cancelled,
    /// The device is offline: the request never left it.
    Offline,
    /// Something else the browser reported, in its words.
    Other(String),
}

/// Who stopped a request, if the lab did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Abort {
    Timeout,
    Cancel,
}

/// What `fetch()` rejected with: the error's name and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchError {
    pub name: String,
    pub message: String,
}

/// Names the cause of a failed fetch as precisely as the browser allows: it
/// reports a network failure and a CORS refusal with the same `TypeError`,
/// but it does know when the device is offline (`online`).
pub fn classify(
    error: &FetchError,
    aborted: Option<Abort>,
    cross_origin: bool,
    timeout_seconds: u32,
    online: bool,
) -> Failure {
    match aborted {
        Some(Abort::Timeout) => Failure::Timeout { seconds: timeout_seconds },
        Some(Abort::Cancel) => Failure::Cancelled,
        None if error.name == "TypeError" && !online => Failure::Offline,
        None if error.name == "TypeError" && cross_origin => Failure::NetworkOrCors,
        None if error.name == "TypeError" => Failure::Network,
        None => Failure::Other(format!("{}: {}", error.name, error.message)),
    }
}

/// The full explanation of a refusal, from the lesson's words.
pub fn explain_refusal(lab: &Lab, refusal: &Refusal) -> String {
    let f = &lab.failures;
    match refusal {
        Refusal::Empty => f.empty.to_string(),
        Refusal::Invalid => f.invalid.to_string(),
        Refusal::Scheme(scheme) => match lab.schemes.iter().find(|s| s.scheme == scheme.as_str()) {
            Some(reason) => reason.why.to_string(),
            None => fill(&f.other_scheme, &[("scheme", scheme)]),
        },
        Refusal::Credentials => f.credentials.to_string(),
        Refusal::BadPort(port) => fill(&f.bad_port, &[("port", &port.to_string())]),
        Refusal::MixedContent(url) => fill(&f.mixed_content, &[("url", url)]),
    }
}

/// The full explanation of a failure; paragraphs are separated by a blank line.
pub fn explain_failure(lab: &Lab, failure: &Failure) -> String {
    let f = &lab.failures;
    match failure {
        Failure::NetworkOrCors => f.network_or_cors.to_string(),
        Failure::Network => f.network.to_string(),
        Failure::Timeout { seconds } => fill(&f.timeout, &[("seconds", &seconds.to_string())]),
        Failure::Cancelled => f.cancelled.to_string(),
        Failure::Offline => f.offline.to_string(),
        Failure::Other(why) => fill(&f.other, &[("why", why)]),
    }
}

/// The header a server would have to send for this page (`origin`) to read
/// its answers, when CORS may be why there is no status code.
pub fn cors_header(lab: &Lab, failure: &Failure, origin: &str) -> Option<String> {
    (*failure == Failure::NetworkOrCors).then(|| fill(&lab.failures.cors_header, &[("origin", origin)]))
}

/// A failure in a few words, for the history and the diagram.
pub fn name_failure(lab: &Lab, failure: &Failure) -> String {
    let short = &lab.failures.short;
    match failure {
        Failure::NetworkOrCors => short.network_or_cors.to_string(),
        Failure::Network => short.network.to_string(),
        Failure::Timeout { .. } => short.timeout.to_string(),
        Failure::Cancelled => short.cancelled.to_string(),
        Failure::Offline => short.offline.to_string(),
        Failure::Other(_) => short.other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::tests::lab;

    fn type_error() -> FetchError {
        FetchError { name: "TypeError".into(), message: "Failed to fetch".into() }
    }

    fn abort_error() -> FetchError {
        FetchError { name: "AbortError".into(), message: "signal is aborted without reason".into() }
    }

    #[test]
    fn a_type_error_is_cors_or_network_only_for_another_origin() {
        assert_eq!(classify(&type_error(), None, true, 10, true), Failure::NetworkOrCors);
        assert_eq!(classify(&type_error(), None, false, 10, true), Failure::Network);
    }

    #[test]
    fn offline_is_named_for_what_it_is_and_never_gets_a_status_code() {
        for cross_origin in [true, false] {
            assert_eq!(classify(&type_error(), None, cross_origin, 10, false), Failure::Offline);
        }
        // The lab's own stop still says who stopped it.
        assert_eq!(classify(&abort_error(), Some(Abort::Cancel), false, 3, false), Failure::Cancelled);
        let text = explain_failure(lab(), &Failure::Offline);
        assert!(text.contains("offline") && text.contains("\n\n"), "two paragraphs: {text}");
        assert_eq!(name_failure(lab(), &Failure::Offline), "offline");
        assert_eq!(cors_header(lab(), &Failure::Offline, "http://a"), None);
    }

    #[test]
    fn the_lab_knows_when_it_stopped_a_request_itself() {
        assert_eq!(
            classify(&abort_error(), Some(Abort::Timeout), true, 3, true),
            Failure::Timeout { seconds: 3 }
        );
        assert_eq!(classify(&abort_error(), Some(Abort::Cancel), false, 3, true), Failure::Cancelled);
    }

    #[test]
    fn anything_else_keeps_the_browsers_words() {
        let e = FetchError { name: "SyntaxError".into(), message: "bad".into() };
        assert_eq!(classify(&e, None, false, 10, true), Failure::Other("SyntaxError: bad".into()));
    }

    #[test]
    fn cors_is_explained_with_the_header_the_server_would_send() {
        let text = explain_failure(lab(), &Failure::NetworkOrCors);
        assert!(text.contains("CORS"), "{text}");
        assert_eq!(
            cors_header(lab(), &Failure::NetworkOrCors, "http://127.0.0.1:8080").as_deref(),
            Some("Access-Control-Allow-Origin: http://127.0.0.1:8080")
        );
        assert_eq!(
            cors_header(lab(), &Failure::Network, "http://127.0.0.1:8080"),
            None,
            "same origin: no CORS"
        );
        let text = explain_failure(lab(), &Failure::Timeout { seconds: 2 });
        assert!(text.contains("(2 s)"), "{text}");
    }

    #[test]
    fn every_refusal_has_its_own_explanation() {
        let lab = lab();
        let refusals = [
            Refusal::Empty,
            Refusal::Invalid,
            Refusal::Scheme("javascript".into()),
            Refusal::Scheme("data".into()),
            Refusal::Scheme("file".into()),
            Refusal::Scheme("ftp".into()),
            Refusal::Scheme("gopher".into()),
            Refusal::Credentials,
            Refusal::BadPort(25),
            Refusal::MixedContent("http://example.com/".into()),
        ];
        let texts: Vec<String> = refusals.iter().map(|r| explain_refusal(lab, r)).collect();
        for (refusal, text) in refusals.iter().zip(&texts) {
            assert!(!text.is_empty() && !text.contains('{'), "{refusal:?}: {text}");
        }
        let mut unique = texts.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), texts.len(), "no two causes share an explanation");
        assert!(texts[6].contains("gopher:"));
        assert!(texts[8].contains("25"));
    }
}
