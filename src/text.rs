//! Text shown to the learner: authored templates filled in, and long text
//! cut to fit. Used by every widget.

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
}
