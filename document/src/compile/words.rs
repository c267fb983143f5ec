//! The widgets' words: English ones built in (`words.toml` beside this
//! file), a course's own words over them (the file `course.toml` names), a
//! lesson's over those (its front matter's `[words]`, or `[checks]`,
//! `[progress]` and `[frame]` at its top), and a widget block's own over all.
//! A lesson that writes none of them shows the course's.
//!
//! Words stay TOML tables until a widget is read: the block's own table is
//! filled with every word it does not set, then read as the widget, so a
//! mistake in the block still names its own line.

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The built-in words, in English.
pub const ENGLISH: &str = include_str!("words.toml");

/// Lists that words add to rather than replace, by the key that names an
/// entry: a lesson's `[[codes]]` explains a status code besides the others,
/// or explains one of them in its own way.
const KEYED_LISTS: &[(&str, &str)] = &[("codes", "status"), ("schemes", "scheme")];

/// A course's own words: the file `course.toml` names, read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordsFile {
    /// For messages: the file, as the author would find it.
    pub path: String,
    pub text: String,
}

/// Every word (every text value) of a words file, as written: to check
/// that a page in another language shows none of the English ones.
pub fn texts(words: &str) -> Vec<String> {
    fn collect(value: &DeValue<'_>, out: &mut Vec<String>) {
        match value {
            DeValue::String(text) => out.push(text.to_string()),
            DeValue::Array(items) => items.iter().for_each(|item| collect(item.get_ref(), out)),
            DeValue::Table(table) => table.iter().for_each(|(_, value)| collect(value.get_ref(), out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(table) = parse(words) {
        table.iter().for_each(|(_, value)| collect(value.get_ref(), &mut out));
    }
    out
}

/// A table of words (or a block's own table) ready to be filled in.
pub(super) fn parse(text: &str) -> Result<DeTable<'_>, toml::de::Error> {
    DeTable::parse(text).map(Spanned::into_inner)
}

/// The built-in words, parsed.
pub(super) fn english() -> DeTable<'static> {
    // A unit test reads the file; a mistake in it never reaches a build.
    parse(ENGLISH).unwrap_or_default()
}

/// Fills into `table` every word of `defaults` it does not set, table by
/// table; a keyed list (see [`KEYED_LISTS`]) gets the entries it does not name.
pub(super) fn fill<'i>(table: &mut DeTable<'i>, defaults: &DeTable<'i>) {
    for (key, default) in defaults.iter() {
        let name: &str = key.get_ref();
        let Some(value) = table.get_mut(name) else {
            table.insert(key.clone(), default.clone());
            continue;
        };
        match (value.get_mut(), default.get_ref()) {
            (DeValue::Table(own), DeValue::Table(defaults)) => fill(own, defaults),
            (DeValue::Array(own), DeValue::Array(defaults)) => {
                let Some(&(_, by)) = KEYED_LISTS.iter().find(|(list, _)| *list == name) else { continue };
                let named: Vec<String> = own.iter().filter_map(|entry| entry_name(entry, by)).collect();
                for entry in defaults.iter() {
                    if entry_name(entry, by).is_some_and(|name| !named.contains(&name)) {
                        own.push(entry.clone());
                    }
                }
            }
            // The author's own word stands.
            _ => {}
        }
    }
}

/// What names an entry of a keyed list: its `by` value, as written.
fn entry_name(entry: &Spanned<DeValue<'_>>, by: &str) -> Option<String> {
    let value = entry.get_ref().as_table()?.get(by)?;
    match value.get_ref() {
        DeValue::String(text) => Some(text.to_string()),
        DeValue::Integer(n) => Some(n.as_str().to_owned()),
        _ => None,
    }
}

/// A word `words` sets that `known` (the built-in words, or a part of them)
/// does not have, or one of another kind (text for a table, say): where it
/// stands in its file, and what is wrong, naming it as `at.key`.
pub(super) fn unknown(words: &DeTable<'_>, known: &DeTable<'_>, at: &str) -> Option<(Range<usize>, String)> {
    for (key, value) in words.iter() {
        let name: &str = key.get_ref();
        let path = if at.is_empty() { name.to_owned() } else { format!("{at}.{name}") };
        let Some(expected) = known.get(name) else {
            let mut names: Vec<&str> = known.keys().map(|k| k.get_ref().as_ref()).collect();
            names.sort_unstable();
            return Some((
                key.span(),
                format!("`{path}` is not a word the widgets have; here: {}", names.join(", ")),
            ));
        };
        match (value.get_ref(), expected.get_ref()) {
            (DeValue::Table(own), DeValue::Table(known)) => {
                if let Some(found) = unknown(own, known, &path) {
                    return Some(found);
                }
            }
            (DeValue::Array(own), DeValue::Array(known)) => {
                // Every entry has the keys of the built-in ones.
                let Some(first) = known.iter().find_map(|entry| entry.get_ref().as_table()) else { continue };
                for entry in own.iter() {
                    let Some(table) = entry.get_ref().as_table() else {
                        return Some((entry.span(), format!("each entry of `{path}` is a table")));
                    };
                    if let Some(found) = unknown(table, first, &path) {
                        return Some(found);
                    }
                }
            }
            (own, expected) if !own.same_type(expected) => {
                return Some((
                    value.span(),
                    format!("`{path}` should be {}, not {}", kind(expected), kind(own)),
                ));
            }
            _ => {}
        }
    }
    None
}

/// A value's kind, as an author would name it.
fn kind(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "text in quotes",
        DeValue::Integer(_) | DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// The table under `key`, if `table` has one there.
pub(super) fn table<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t DeTable<'i>> {
    table.get(key).and_then(|value| value.get_ref().as_table())
}

/// `table` as the value it describes (a widget, the front matter, a set of
/// words), with `span` for the whole.
pub(super) fn read<T: serde::de::DeserializeOwned>(
    table: DeTable<'_>,
    span: Range<usize>,
) -> Result<T, toml::de::Error> {
    T::deserialize(toml::Deserializer::from(Spanned::new(span, table)))
}

/// The line of `offset` in `text`, counting from `first` (the line `text`
/// starts on in its file). An offset beyond the text (a word that came from
/// elsewhere) is the first line.
pub(super) fn line_in(text: &str, first: usize, offset: usize) -> usize {
    text.get(..offset).map_or(first, |before| first + before.matches('\n').count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CheckWords, CourseWords, FrameWords, ProgressWords};

    #[test]
    fn the_built_in_words_read_as_every_widget_needs_them() {
        let english = parse(ENGLISH).expect("words.toml is TOML");
        for (key, _) in english.iter() {
            assert!(
                ["frame", "checks", "progress", "links", "contents", "diagram", "lab", "summary", "course"]
                    .contains(&key.get_ref().as_ref()),
                "{key}"
            );
        }
        let part = |key| table(&english, key).expect(key).clone();
        let _: FrameWords = read(part("frame"), 0..0).unwrap();
        let _: CheckWords = read(part("checks"), 0..0).unwrap();
        let _: ProgressWords = read(part("progress"), 0..0).unwrap();
        let _: CourseWords = read(part("course"), 0..0).unwrap();
    }

    #[test]
    fn own_words_stand_and_the_rest_are_filled_in() {
        let english = english();
        let mut own = parse("[diagram.labels]\nclient = \"Cliente\"\n[[lab.codes]]\nstatus = 404\nmeaning = \"No está.\"\n[[lab.codes]]\nstatus = 299\nmeaning = \"Nuevo.\"\n").unwrap();
        fill(&mut own, &english);
        let labels = table(table(&own, "diagram").unwrap(), "labels").unwrap();
        assert_eq!(labels.get("client").unwrap().get_ref().as_str(), Some("Cliente"));
        assert_eq!(labels.get("server").unwrap().get_ref().as_str(), Some("Server"));
        let codes = table(&own, "lab").unwrap().get("codes").unwrap().get_ref().as_array().unwrap();
        let named: Vec<String> = codes.iter().filter_map(|c| entry_name(c, "status")).collect();
        assert_eq!(
            named.iter().filter(|n| *n == "404").count(),
            1,
            "the lesson's 404 replaces the built-in one"
        );
        assert!(named.contains(&"299".to_owned()) && named.contains(&"200".to_owned()));
        let meaning = codes
            .iter()
            .find(|c| entry_name(c, "status").as_deref() == Some("404"))
            .and_then(|c| c.get_ref().as_table()?.get("meaning")?.get_ref().as_str().map(str::to_owned));
        assert_eq!(meaning.as_deref(), Some("No está."));
    }

    #[test]
    fn an_unknown_word_or_one_of_another_kind_is_named_where_it_stands() {
        let english = english();
        let text = "[checks]\nright = \"¡Bien!\"\n\n[diagram.labels]\nclent = \"Cliente\"\n";
        let own = parse(text).unwrap();
        let (span, message) = unknown(&own, &english, "").unwrap();
        assert_eq!(line_in(text, 1, span.start), 5);
        assert!(message.starts_with("`diagram.labels.clent` is not a word"), "{message}");
        assert!(message.contains("client"), "{message}");
        let text = "[lab]\ntimeout_seconds = \"ten\"\n";
        let (span, message) = unknown(&parse(text).unwrap(), &english, "").unwrap();
        assert_eq!(line_in(text, 1, span.start), 2);
        assert_eq!(message, "`lab.timeout_seconds` should be a number, not text in quotes");
        let text = "[[lab.codes]]\nstatus = 200\nmeening = \"x\"\n";
        let (_, message) = unknown(&parse(text).unwrap(), &english, "").unwrap();
        assert!(message.starts_with("`lab.codes.meening`"), "{message}");
        assert!(unknown(&english, &english, "").is_none());
    }
}
