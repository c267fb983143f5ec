//! What the lab shows of a response body: at most [`MAX_BODY_BYTES`] of it,
//! always as inert text. JSON is pretty-printed, HTML is shown as its source,
//! and binary data is described, never dumped.

/// The most of a body the lab downloads; the rest is never read.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The bytes of a body read so far, up to a cap.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BodyCap {
    pub bytes: Vec<u8>,
    /// More arrived than the cap: the rest was not read.
    pub truncated: bool,
}

impl BodyCap {
    /// How many bytes of a `len`-byte chunk to keep.
    pub fn room(&self, len: usize) -> usize {
        len.min(MAX_BODY_BYTES - self.bytes.len())
    }

    /// Keeps what fits of a chunk; `false` once the cap is reached and reading
    /// should stop.
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        let keep = self.room(chunk.len());
        self.bytes.extend_from_slice(&chunk[..keep]);
        if keep < chunk.len() {
            self.truncated = true;
        }
        !self.truncated && self.bytes.len() < MAX_BODY_BYTES
    }

    /// Reading stopped at the cap with the body not yet finished.
    pub fn stop_early(&mut self) {
        self.truncated = true;
    }
}

/// A body, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Preview {
    /// No body was sent (HEAD, 204, 304).
    Empty,
    /// JSON, pretty-printed.
    Json(String),
    /// HTML, as its source text: never rendered.
    Html(String),
    Text(String),
    /// Not text: described by kind.
    Binary {
        kind: String,
    },
}

/// Turns what was read into something safe to show.
pub fn preview(content_type: &str, bytes: &[u8], truncated: bool) -> Preview {
    if bytes.is_empty() {
        return Preview::Empty;
    }
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let sniffed = sniff(bytes);
    if sniffed.is_some() || is_binary_type(&essence) {
        let kind = match (sniffed, essence.as_str()) {
            (Some(kind), _) => kind.to_owned(),
            (None, "") => UNKNOWN.to_owned(),
            (None, essence) => sanitize(essence),
        };
        return Preview::Binary { kind };
    }
    let Some(text) = decode(bytes, truncated) else {
        let kind = if essence.is_empty() { UNKNOWN.to_owned() } else { sanitize(&essence) };
        return Preview::Binary { kind };
    };
    let is_json = essence == "application/json" || essence.ends_with("+json");
    if is_json || (essence.is_empty() || essence == "text/plain") && looks_like_json(&text) {
        if let Some(pretty) = pretty_json(&text) {
            return Preview::Json(sanitize(&pretty));
        }
    }
    if essence == "text/html" || essence == "application/xhtml+xml" {
        return Preview::Html(sanitize(&text));
    }
    Preview::Text(sanitize(&text))
}

fn is_binary_type(essence: &str) -> bool {
    ["image/", "audio/", "video/", "font/"].iter().any(|p| essence.starts_with(p))
        && essence != "image/svg+xml"
        || matches!(
            essence,
            "application/octet-stream"
                | "application/pdf"
                | "application/zip"
                | "application/gzip"
                | "application/wasm"
        )
}

/// What binary data of no known kind is, in HTTP's own words.
const UNKNOWN: &str = "application/octet-stream";

/// Recognises common binary formats by their first bytes, and names each by
/// its media type: HTTP's name for it, the same in every language.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"%PDF-", "application/pdf"),
        (b"PK\x03\x04", "application/zip"),
        (b"\x1f\x8b", "application/gzip"),
        (b"\0asm", "application/wasm"),
        (b"wOF2", "font/woff2"),
    ];
    MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|(_, kind)| *kind)
}

/// UTF-8 text, or `None` for data that is not text. A body cut at the cap may
/// end inside a character: that partial character is dropped.
fn decode(bytes: &[u8], truncated: bool) -> Option<String> {
    let bytes = match std::str::from_utf8(bytes) {
        Err(e) if truncated && e.error_len().is_none() => &bytes[..e.valid_up_to()],
        _ => bytes,
    };
    if bytes.contains(&0) {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    let broken = text.chars().filter(|&c| c == char::REPLACEMENT_CHARACTER).count();
    // A few bad bytes in text are shown as �; mostly bad bytes is not text.
    (broken * 10 <= text.chars().count().max(1)).then(|| text.into_owned())
}

fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('{' | '['))
}

/// Re-indents JSON, two spaces a level. `None` if it is not JSON (a body cut
/// short is not: it is then shown as plain text).
pub fn pretty_json(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut stack: Vec<char> = Vec::new();
    let mut chars = text.trim().chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    // A value just ended: only `,`, `:` or a closing bracket may follow.
    let mut after_value = false;
    let mut values = 0;
    while let Some(c) = chars.next() {
        let starts_value = !matches!(c, '}' | ']' | ',' | ':') && !c.is_whitespace();
        if starts_value && after_value {
            return None;
        }
        match c {
            '"' => {
                out.push('"');
                loop {
                    match chars.next()? {
                        '\\' => {
                            out.push('\\');
                            out.push(chars.next()?);
                        }
                        '"' => break,
                        c if (c as u32) < 0x20 => return None,
                        c => out.push(c),
                    }
                }
                out.push('"');
                after_value = true;
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                out.push(c);
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(close);
                    after_value = true;
                } else {
                    stack.push(close);
                    newline(&mut out, stack.len());
                    after_value = false;
                }
            }
            '}' | ']' => {
                if stack.pop() != Some(c) || !after_value {
                    return None;
                }
                newline(&mut out, stack.len());
                out.push(c);
                after_value = true;
            }
            ',' | ':' => {
                if stack.is_empty() || !after_value {
                    return None;
                }
                if c == ',' {
                    out.push(',');
                    newline(&mut out, stack.len());
                } else {
                    out.push_str(": ");
                }
                after_value = false;
            }
            c if c.is_whitespace() => {}
            c => {
                let mut word = String::from(c);
                while chars.peek().is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.'))
                {
                    word.extend(chars.next());
                }
                let literal = matches!(word.as_str(), "true" | "false" | "null") || is_json_number(&word);
                if !literal {
                    return None;
                }
                out.push_str(&word);
                after_value = true;
            }
        }
        if after_value && stack.is_empty() {
            values += 1;
        }
    }
    (stack.is_empty() && values == 1).then_some(out)
}

/// `-12.5e3` and the like, by JSON's grammar (no float parsing needed).
fn is_json_number(word: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let word = word.strip_prefix('-').unwrap_or(word);
    let (mantissa, exponent) = match word.find(['e', 'E']) {
        Some(at) => (&word[..at], Some(&word[at + 1..])),
        None => (word, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (mantissa, None),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    digits(int) && (int == "0" || !int.starts_with('0')) && frac.is_none_or(digits) && exponent_ok
}

/// Control characters (other than newline and tab) and the characters that
/// reorder text are made visible as `\u{…}`, so a body cannot disguise itself
/// or scramble the page's text.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.replace("\r\n", "\n").chars() {
        let invisible = (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if invisible {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_keeps_64_kib_and_says_the_rest_was_cut() {
        let mut cap = BodyCap::default();
        assert!(cap.push(&[b'a'; 60_000]));
        assert!(!cap.push(&[b'b'; 60_000]), "stop reading");
        assert_eq!(cap.bytes.len(), MAX_BODY_BYTES);
        assert!(cap.truncated);
        assert_eq!(cap.room(10), 0);

        let mut exact = BodyCap::default();
        assert!(!exact.push(&vec![b'a'; MAX_BODY_BYTES]), "full: no need to read on");
        assert!(!exact.truncated, "nothing was cut yet");
        exact.stop_early();
        assert!(exact.truncated);

        let mut small = BodyCap::default();
        assert!(small.push(b"hello"));
        assert!(!small.truncated);
    }

    #[test]
    fn json_is_pretty_printed() {
        let body = br#"{"zip":"80202","stores":[{"id":1,"open":true},{"id":2}],"empty":{},"none":[],"s":"a,b:{c}\"d"}"#;
        let Preview::Json(text) = preview("application/json", body, false) else { panic!() };
        assert_eq!(
            text,
            "{\n  \"zip\": \"80202\",\n  \"stores\": [\n    {\n      \"id\": 1,\n      \"open\": true\n    },\n    {\n      \"id\": 2\n    }\n  ],\n  \"empty\": {},\n  \"none\": [],\n  \"s\": \"a,b:{c}\\\"d\"\n}"
        );
        assert!(matches!(preview("text/plain", b"[1, 2]", false), Preview::Json(_)));
        assert!(matches!(preview("application/problem+json", b"{\"a\":1}", false), Preview::Json(_)));
    }

    #[test]
    fn broken_or_cut_json_is_shown_as_text() {
        assert_eq!(
            preview("application/json", b"{\"a\": [1, 2", true),
            Preview::Text("{\"a\": [1, 2".into())
        );
        assert!(matches!(preview("application/json", b"{\"a\"}}", false), Preview::Text(_)));
        assert!(matches!(preview("application/json", b"not json", false), Preview::Text(_)));
        assert_eq!(pretty_json("]"), None);
        assert_eq!(pretty_json("\"unterminated"), None);
        assert_eq!(pretty_json("{\"a\" 1}"), None);
        assert_eq!(pretty_json("[1,]"), None);
        assert_eq!(pretty_json("{} {}"), None);
        assert_eq!(pretty_json("[inf]"), None);
        for bad in ["[01]", "[1.]", "[.5]", "[1e]", "[--1]", "[+1]", "[1.2.3]"] {
            assert_eq!(pretty_json(bad), None, "{bad}");
        }
        for good in ["[0]", "[-0.5]", "[10E+2]", "[1e-7]"] {
            assert!(pretty_json(good).is_some(), "{good}");
        }
        assert_eq!(pretty_json("[-1.5e3, null]").as_deref(), Some("[\n  -1.5e3,\n  null\n]"));
    }

    #[test]
    fn html_is_its_source_never_markup() {
        let body = b"<script>document.body.dataset.pwned=1</script><img src=x onerror=alert(1)>";
        let Preview::Html(text) = preview("text/html; charset=utf-8", body, false) else { panic!() };
        assert!(text.starts_with("<script>"));
    }

    #[test]
    fn binary_is_described_not_dumped() {
        assert_eq!(
            preview("image/png", b"\x89PNG\r\n\x1a\n....", false),
            Preview::Binary { kind: "image/png".into() }
        );
        assert_eq!(preview("", b"%PDF-1.7 ...", false), Preview::Binary { kind: "application/pdf".into() });
        assert_eq!(
            preview("application/octet-stream", b"abc", false),
            Preview::Binary { kind: "application/octet-stream".into() }
        );
        assert_eq!(preview("text/plain", b"a\0b", false), Preview::Binary { kind: "text/plain".into() });
        assert_eq!(
            preview("", &[0xff, 0xfe, 0xfd, 0x80, 0x81], false),
            Preview::Binary { kind: "application/octet-stream".into() }
        );
        assert!(matches!(preview("image/svg+xml", b"<svg/>", false), Preview::Text(_)));
    }

    #[test]
    fn a_character_cut_by_the_cap_is_dropped_not_garbled() {
        let mut body = "é".repeat(3).into_bytes();
        body.pop();
        assert_eq!(preview("text/plain", &body, true), Preview::Text("éé".into()));
        assert_eq!(preview("text/plain", b"", false), Preview::Empty);
    }

    #[test]
    fn invisible_and_reordering_characters_are_made_visible() {
        assert_eq!(sanitize("a\u{202e}b\u{7}c\r\nd\te"), "a\\u{202e}b\\u{7}c\nd\te");
        let Preview::Text(text) = preview("text/plain", "x\u{1b}[31m".as_bytes(), false) else { panic!() };
        assert_eq!(text, "x\\u{1b}[31m");
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(52_428_800), "52,428,800");
    }
}
