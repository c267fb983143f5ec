//! Heading ids: readable, stable, and unique within one document.

use std::collections::HashMap;

/// `What Technologies are used on the Back End?` → `what-technologies-are-used-on-the-back-end`.
/// Letters and digits are kept (lower-cased); every other run of characters
/// becomes one hyphen; no hyphen leads or trails.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // "don't" reads as one word: `dont`, not `don-t`.
        } else {
            pending_hyphen = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Hands out unique slugs: the second "Goals" becomes `goals-2`.
#[derive(Default)]
pub struct Slugger {
    seen: HashMap<String, usize>,
}

impl Slugger {
    pub fn unique(&mut self, text: &str) -> String {
        let base = slug(text);
        let mut candidate = base.clone();
        let mut n = 1;
        while self.seen.contains_key(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.seen.insert(candidate.clone(), 1);
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_read_like_the_heading() {
        assert_eq!(
            slug("What Technologies are used on the Back End?"),
            "what-technologies-are-used-on-the-back-end"
        );
        assert_eq!(slug("Back End & Front End"), "back-end-front-end");
        assert_eq!(slug("How Does the Web Even Work?"), "how-does-the-web-even-work");
        assert_eq!(slug("  Go   Back "), "go-back");
        assert_eq!(slug("Don’t panic"), "dont-panic");
        assert_eq!(slug("Étapes 1–2"), "étapes-1-2");
    }

    #[test]
    fn a_heading_of_symbols_still_gets_an_id() {
        assert_eq!(slug("???"), "section");
        assert_eq!(slug(""), "section");
    }

    #[test]
    fn repeated_headings_get_distinct_ids() {
        let mut s = Slugger::default();
        assert_eq!(s.unique("Goals"), "goals");
        assert_eq!(s.unique("Goals"), "goals-2");
        assert_eq!(s.unique("Goals"), "goals-3");
        // A heading literally named like a generated id does not collide.
        assert_eq!(s.unique("Goals 2"), "goals-2-2");
    }
}
