//! Text shown to the learner: authored templates filled in, long text cut
//! or broken into lines to fit, and the pieces of a sentence that must not
//! part at a line's end. Used by every widget.

/// Fills `{name}` placeholders in authored text. Unknown placeholders stay
/// as written, so a typo shows instead of vanishing.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if values.iter().any(|(key, _)| *key == name) => {
                let value = values.iter().find(|(key, _)| *key == name).map_or("", |(_, v)| v);
                out.push_str(value);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A long text cut to `max` characters, with an ellipsis after them.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((at, _)) => format!("{}…", &text[..at]),
    }
}

/// A long text cut so that, ellipsis included, it is at most `width`
/// characters: for a place of fixed size, such as a label in a picture.
pub fn clip_to_width(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        clip(text, width.saturating_sub(1))
    }
}

/// A text broken into lines of at most `width` characters, for a place of
/// fixed size such as an address bar in a picture: at spaces (dropped), after
/// a hyphen, or before `/ . ? & # =` (where an address reads best broken),
/// the latest that fits; a word with nowhere to break is cut at `width`.
/// Only what takes more than `max_lines` is cut short, with an ellipsis.
/// Always at least one line.
pub fn wrap_to_width(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(1);
    let max_lines = max_lines.max(1);
    let chars: Vec<char> = text.trim().chars().collect();
    let mut lines = Vec::new();
    let mut start = 0;
    while chars.len() - start > width && lines.len() + 1 < max_lines {
        // The line is chars[start..end]; the next starts at `next`.
        let mut cut = None;
        for at in (start + 1..=start + width).rev() {
            let (before, here) = (chars[at - 1], chars[at]);
            // A mark standing alone between spaces (`·`, `–`) stays with
            // the word before it: no line starts with it.
            let lone_mark_next = chars.get(at + 1).is_some_and(|c| !c.is_alphanumeric() && *c != ' ')
                && chars.get(at + 2).is_none_or(|c| *c == ' ');
            if here == ' ' && !lone_mark_next {
                cut = Some((at, at + 1));
            } else if before == '-' || (matches!(here, '/' | '.' | '?' | '&' | '#' | '=') && before != ' ') {
                cut = Some((at, at));
            }
            if cut.is_some() {
                break;
            }
        }
        let (end, mut next) = cut.unwrap_or((start + width, start + width));
        lines.push(chars[start..end].iter().collect::<String>().trim_end().to_owned());
        while chars.get(next) == Some(&' ') {
            next += 1;
        }
        start = next;
    }
    let rest: String = chars[start..].iter().collect();
    lines.push(clip_to_width(&rest, width));
    lines
}

/// Marks that may not begin a line: what closes or ends a phrase.
fn is_closing_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '\''
            | '"'
            | '\u{2019}'
            | '\u{201D}'
            | '\u{00BB}'
            | '\u{2026}'
            | '%'
    )
}

/// The closing punctuation a text begins with, and the rest: `"? You can"`
/// gives `("?", " You can")`. What follows a link and must stay on its line.
pub fn split_leading_punctuation(text: &str) -> (&str, &str) {
    let end = text.char_indices().find(|&(_, c)| !is_closing_punctuation(c)).map_or(text.len(), |(at, _)| at);
    text.split_at(end)
}

/// A text's last word and what comes before it (with its space):
/// `"a diagram from Mozilla.org"` gives `("a diagram from ", "Mozilla.org")`.
pub fn split_last_word(text: &str) -> (&str, &str) {
    let words = text.trim_end();
    match words.char_indices().rev().find(|&(_, c)| c.is_whitespace()) {
        Some((at, c)) => text.split_at(at + c.len_utf8()),
        None => ("", text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_known_placeholders_only() {
        let values = [("method", "GET"), ("path", "/x"), ("ms", "12")];
        assert_eq!(fill("{method} {path} in {ms} ms", &values), "GET /x in 12 ms");
        assert_eq!(fill("{nope} and {method}", &values), "{nope} and GET");
        assert_eq!(fill("unclosed {method", &values), "unclosed {method");
        assert_eq!(fill("{}{{method}}", &values), "{}{GET}");
        assert_eq!(fill("", &values), "");
    }

    #[test]
    fn long_text_is_clipped_with_an_ellipsis() {
        assert_eq!(clip("abcdef", 3), "abc…");
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("ééé", 2), "éé…");
    }

    #[test]
    fn clipped_to_a_width_the_ellipsis_counts() {
        assert_eq!(clip_to_width("abcdef", 4), "abc…");
        assert_eq!(clip_to_width("abcd", 4), "abcd");
        assert_eq!(clip_to_width("éééé", 3), "éé…");
        assert_eq!(clip_to_width("GET /data/stores/80202.json", 21), "GET /data/stores/802…");
    }

    #[test]
    fn addresses_wrap_before_a_slash_and_fit_their_width() {
        assert_eq!(wrap_to_width("target.com/store-locator", 16, 2), ["target.com", "/store-locator"]);
        assert_eq!(wrap_to_width("try.turing.edu/help", 16, 2), ["try.turing.edu", "/help"]);
        assert_eq!(wrap_to_width("target.com/store-locator", 25, 2), ["target.com/store-locator"]);
        assert_eq!(wrap_to_width("/data/stores/80202.json", 16, 2), ["/data/stores", "/80202.json"]);
        assert_eq!(wrap_to_width("GET /store-locator", 27, 2), ["GET /store-locator"]);
        // A space is dropped at the break; a hyphen stays with its line.
        assert_eq!(
            wrap_to_width("500 Internal Server Error · 1234 ms", 27, 2),
            ["500 Internal Server Error ·", "1234 ms"]
        );
        assert_eq!(wrap_to_width("a-very-long-word", 8, 2), ["a-very-", "long-wo…"]);
        assert_eq!(wrap_to_width("", 10, 2), [""]);
        assert_eq!(wrap_to_width("  x  ", 10, 2), ["x"]);
    }

    #[test]
    fn a_lone_mark_never_starts_a_line() {
        assert_eq!(
            wrap_to_width("500 Internal Server Error · 23 ms", 26, 2),
            ["500 Internal Server", "Error · 23 ms"]
        );
        assert_eq!(wrap_to_width("404 Not Found · 37 ms", 13, 2), ["404 Not", "Found · 37 ms"]);
    }

    #[test]
    fn a_word_with_nowhere_to_break_is_cut_and_too_much_is_clipped() {
        assert_eq!(wrap_to_width("abcdefghij", 4, 3), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap_to_width("abcdefghijklm", 4, 3), ["abcd", "efgh", "ijk…"]);
        assert_eq!(wrap_to_width("abcdefghij", 4, 1), ["abc…"]);
        assert_eq!(wrap_to_width("éééééé", 3, 2), ["ééé", "ééé"]);
        // Never more lines than asked, none longer than the width.
        let long = "https://example.com/a/very/long/path?with=a&query=string#and-a-fragment";
        for width in 1..30 {
            for max in 1..5 {
                let lines = wrap_to_width(long, width, max);
                assert!(!lines.is_empty() && lines.len() <= max, "{width} {max}: {lines:?}");
                assert!(lines.iter().all(|l| l.chars().count() <= width), "{width} {max}: {lines:?}");
            }
        }
        // With lines enough, nothing is lost: the lines are the text, in order.
        assert_eq!(wrap_to_width(long, 16, 9).concat(), long);
    }

    #[test]
    fn punctuation_after_a_link_is_split_off_its_text() {
        assert_eq!(split_leading_punctuation("? You can see"), ("?", " You can see"));
        assert_eq!(split_leading_punctuation("), and then"), ("),", " and then"));
        assert_eq!(split_leading_punctuation("\u{201D}."), ("\u{201D}.", ""));
        assert_eq!(split_leading_punctuation(" for example"), ("", " for example"));
        assert_eq!(split_leading_punctuation("s and more"), ("", "s and more"));
        assert_eq!(split_leading_punctuation(""), ("", ""));
    }

    #[test]
    fn the_last_word_is_split_off_with_its_space_before() {
        assert_eq!(
            split_last_word("Based on a diagram from Mozilla.org"),
            ("Based on a diagram from ", "Mozilla.org")
        );
        assert_eq!(split_last_word("try.turing.edu/help"), ("", "try.turing.edu/help"));
        assert_eq!(split_last_word("two\u{a0}words"), ("two\u{a0}", "words"));
        assert_eq!(split_last_word("trailing "), ("", "trailing "));
        assert_eq!(split_last_word(""), ("", ""));
    }
}
