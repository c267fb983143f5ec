//! Status codes: their standard reason phrases, and what each means for the
//! request just sent, in the words authored in `content/`.

use crate::lesson::Lab;
use crate::status::StatusClass;
use crate::text::fill;

/// The reason phrase HTTP gives a code (RFC 9110 and the IANA registry).
pub fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// `404 Not Found`. A code without a standard phrase is named by the phrase
/// the server sent, if any.
pub fn status_line(code: u16, server_text: &str) -> String {
    match reason_phrase(code) {
        Some(reason) => format!("{code} {reason}"),
        None if !server_text.trim().is_empty() => format!("{code} {}", server_text.trim()),
        None => code.to_string(),
    }
}

/// The server's own reason phrase, when it says something other than the
/// standard one (HTTP/2 sends none; Python's server says "File not found").
pub fn server_wording(code: u16, server_text: &str) -> Option<String> {
    let text = server_text.trim();
    let standard = reason_phrase(code)?;
    (!text.is_empty() && !text.eq_ignore_ascii_case(standard)).then(|| text.to_owned())
}

/// One or two sentences on what `code` means for `method path`.
pub fn meaning(lab: &Lab, code: u16, method: &str, path: &str) -> String {
    let template = match lab.codes.iter().find(|c| c.status == code) {
        Some(code) => code.meaning.as_ref(),
        None => {
            let classes = &lab.classes;
            match StatusClass::of(code) {
                Some(StatusClass::Informational) => classes.informational.as_ref(),
                Some(StatusClass::Success) => classes.success.as_ref(),
                Some(StatusClass::Redirection) => classes.redirection.as_ref(),
                Some(StatusClass::ClientError) => classes.client_error.as_ref(),
                Some(StatusClass::ServerError) => classes.server_error.as_ref(),
                None => "",
            }
        }
    };
    fill(template, &[("method", method), ("path", path)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::tests::lab;

    #[test]
    fn every_standard_code_has_its_phrase() {
        assert_eq!(reason_phrase(404), Some("Not Found"));
        assert_eq!(reason_phrase(418), Some("I'm a teapot"));
        assert_eq!(reason_phrase(299), None);
        for code in (100..=599).filter_map(|c| reason_phrase(c).map(|_| c)) {
            assert!(StatusClass::of(code).is_some(), "{code}");
        }
        assert_eq!((100..=599).filter(|&c| reason_phrase(c).is_some()).count(), 62);
    }

    #[test]
    fn the_status_line_names_code_and_reason() {
        assert_eq!(status_line(404, ""), "404 Not Found");
        assert_eq!(status_line(404, "File not found"), "404 Not Found");
        assert_eq!(status_line(299, "Fine"), "299 Fine");
        assert_eq!(status_line(299, " "), "299");
    }

    #[test]
    fn the_servers_own_wording_is_mentioned_only_when_it_differs() {
        assert_eq!(server_wording(404, "File not found"), Some("File not found".into()));
        assert_eq!(server_wording(404, "Not Found"), None);
        assert_eq!(server_wording(404, "not found"), None);
        assert_eq!(server_wording(200, ""), None);
    }

    #[test]
    fn a_meaning_speaks_of_this_request() {
        let lab = lab();
        let text = meaning(lab, 404, "GET", "/help");
        assert!(text.contains("GET /help"), "{text}");
        assert!(!text.contains('{'), "every placeholder filled: {text}");
    }

    #[test]
    fn every_code_has_a_meaning_from_its_own_words_or_its_class() {
        let lab = lab();
        for code in 100..=599 {
            let text = meaning(lab, code, "GET", "/x");
            assert!(
                !text.is_empty() && !text.contains("{method}") && !text.contains("{path}"),
                "{code}: {text}"
            );
        }
        assert_ne!(meaning(lab, 299, "GET", "/x"), meaning(lab, 599, "GET", "/x"));
    }
}
