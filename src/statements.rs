//! What the learner did as xAPI statements: the lesson completed, passed or
//! failed, and each check answered, with the same interaction types and
//! response patterns as the SCORM records (`crate::platform::interactions`).
//! The framing page gets them in our envelope ([`statement`], [`answered`]);
//! a learning record store gets their fields made whole (`crate::lrs`).

use std::borrow::Cow;

use crate::frame::messages::{ours, Value};
use crate::lesson::{Check, Task};
use crate::platform::completion::Completion;
use crate::platform::interactions::{self, correct_pattern, part_id, response, Answered, Kind};
use crate::platform::scorm::{timespan, Edition};

/// Where xAPI's verbs live: ADL's own vocabulary.
const VERBS: &str = "http://adlnet.gov/expapi/verbs/";

/// An ADL verb as xAPI writes it: its IRI, and ADL's English name for it.
pub(crate) fn verb(name: &'static str) -> Value {
    Value::object(vec![
        ("id", Value::text(format!("{VERBS}{name}"))),
        ("display", Value::object(vec![("en", Value::text(name))])),
    ])
}

/// A language map (`{"en": "…"}`): the lesson's text, in the lesson's
/// language ("und", undetermined, should a lesson not say).
fn in_language(lang: &'static str, text: Cow<'static, str>) -> Value {
    let lang = if lang.is_empty() { "und" } else { lang };
    Value::object(vec![(lang, Value::Text(text))])
}

/// A score of 0 to 100, as xAPI's `result.score`.
pub(crate) fn score(points: u8) -> Value {
    Value::object(vec![
        ("scaled", Value::Number(f64::from(points) / 100.0)),
        ("raw", Value::Number(f64::from(points))),
        ("min", Value::Number(0.0)),
        ("max", Value::Number(100.0)),
    ])
}

/// The IRI a statement names the lesson (or one of its checks) by: the
/// page's address without its query (a platform's launch address may carry
/// the learner's session) and fragment, and `#check-<id>` for a check, which
/// links to it. A page with no web address (`about:srcdoc`, a `blob:`) is
/// named by the URN its SCORM 2004 records use.
pub fn activity_id(address: &str, title: &str, check: Option<&Check>) -> String {
    let page = address.split(['?', '#']).next().unwrap_or_default();
    let on_the_web = page.starts_with("https://") || page.starts_with("http://");
    match (on_the_web, check) {
        (true, Some(check)) => format!("{page}#{}", check.anchor()),
        (true, None) => page.to_owned(),
        (false, check) => interactions::urn(title, check),
    }
}

/// The lesson as an xAPI activity, named `id`.
pub(crate) fn lesson_activity(id: String, title: &'static str, lang: &'static str) -> Value {
    Value::object(vec![
        ("id", Value::text(id)),
        (
            "definition",
            Value::object(vec![
                ("name", in_language(lang, Cow::Borrowed(title))),
                ("type", Value::text("http://adlnet.gov/expapi/activities/lesson")),
            ]),
        ),
    ])
}

/// The lesson's result, as an xAPI statement for hosts that record it (and
/// may forward it to a learning record store): `verb` is ADL's `completed`,
/// `passed` or `failed`; `object` is the lesson, `object.id` the page's
/// address (see [`activity_id`]); `result.score` has `scaled` (0 to 1) and
/// `raw` (0 to 100). `lang` is the lesson's language, `address` the page's.
pub fn statement(
    completion: Completion,
    title: &'static str,
    lang: &'static str,
    address: &str,
) -> Option<Value> {
    let fields = result_fields(completion, title, lang, activity_id(address, title, None))?;
    Some(ours("statement", fields))
}

/// The verb, object and result of [`statement`], the lesson named `lesson`.
pub(crate) fn result_fields(
    completion: Completion,
    title: &'static str,
    lang: &'static str,
    lesson: String,
) -> Option<Vec<(&'static str, Value)>> {
    let name = match completion {
        Completion::NotYet => return None,
        Completion::Completed => "completed",
        Completion::Passed { .. } => "passed",
        Completion::Failed { .. } => "failed",
    };
    let mut result = vec![("completion", Value::Bool(true))];
    if let Some(points) = completion.score() {
        result.push(("success", Value::Bool(matches!(completion, Completion::Passed { .. }))));
        result.push(("score", score(points)));
    }
    Some(vec![
        ("verb", verb(name)),
        ("object", lesson_activity(lesson, title, lang)),
        ("result", Value::object(result)),
    ])
}

/// A check's steps, items, options or groups as xAPI's interaction
/// components: each one's id (as in the responses) and its text.
fn components(lang: &'static str, texts: impl Iterator<Item = Cow<'static, str>>) -> Value {
    Value::List(
        texts
            .enumerate()
            .filter_map(|(i, text)| {
                let id = part_id(Edition::Scorm2004, i, &text)?;
                Some(Value::object(vec![("id", Value::text(id)), ("description", in_language(lang, text))]))
            })
            .collect(),
    )
}

/// One answer to a check, as an xAPI `answered` statement: `object` is the
/// check (a `cmi.interaction`, with its kind, correct response and the
/// components its ids stand for), `result.response` the learner's answer in
/// xAPI's notation (SCORM 2004's), `result.success` whether it was right,
/// `result.score` the credit it earned, `result.duration` the time it took;
/// `context` names the lesson it is part of. `None` for an answer that does
/// not fit the check.
pub fn answered(answered: &Answered, address: &str) -> Option<Value> {
    let (title, check) = (answered.title, answered.check);
    let fields = answered_fields(
        answered,
        activity_id(address, title, None),
        activity_id(address, title, Some(check)),
    )?;
    Some(ours("statement", fields))
}

/// The fields of [`answered`]: the lesson named `lesson`, the check `check_id`.
pub(crate) fn answered_fields(
    answered: &Answered,
    lesson: String,
    check_id: String,
) -> Option<Vec<(&'static str, Value)>> {
    let (check, lang) = (answered.check, answered.lang);
    let kind = Kind::of(check);
    let response = response(Edition::Scorm2004, check, answered.answer)?;
    let pattern = correct_pattern(Edition::Scorm2004, check)?;
    let mut definition = vec![
        ("name", in_language(lang, check.prompt.clone())),
        ("type", Value::text("http://adlnet.gov/expapi/activities/cmi.interaction")),
        ("interactionType", Value::text(kind.name())),
        ("correctResponsesPattern", Value::List(vec![Value::text(pattern)])),
    ];
    match &check.task {
        Task::Order(order) => {
            definition.push(("choices", components(lang, order.steps.iter().map(|s| s.text.clone()))))
        }
        Task::Sort(sort) => {
            definition.push(("source", components(lang, sort.items.iter().map(|i| i.text.clone()))));
            definition.push(("target", components(lang, sort.groups.iter().cloned())));
        }
        Task::Choose(choose) => {
            definition.push(("choices", components(lang, choose.options.iter().map(|o| o.text.clone()))))
        }
    }
    let mut result = vec![
        ("response", Value::text(response)),
        ("success", Value::Bool(answered.grade.verdict() == crate::checks::Verdict::Right)),
        ("score", score(answered.grade.credit)),
    ];
    if let Some(ms) = answered.latency_ms {
        result.push(("duration", Value::text(timespan(Edition::Scorm2004, ms))));
    }
    let at = interactions::Moment::from_unix_ms(answered.at_ms);
    Some(vec![
        ("verb", verb("answered")),
        (
            "object",
            Value::object(vec![("id", Value::text(check_id)), ("definition", Value::object(definition))]),
        ),
        ("result", Value::object(result)),
        (
            "context",
            Value::object(vec![(
                "contextActivities",
                Value::object(vec![(
                    "parent",
                    Value::List(vec![Value::object(vec![("id", Value::text(lesson))])]),
                )]),
            )]),
        ),
        ("timestamp", Value::text(interactions::time(Edition::Scorm2004, at))),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use crate::frame::messages::tests::json;

    #[test]
    fn statements_carry_the_verb_and_score() {
        let address = "https://lessons.example.edu/back-end/?launch=abc#goals";
        assert_eq!(statement(Completion::NotYet, "T", "en", address), None);
        let done = statement(Completion::Completed, "T", "en", address).unwrap();
        assert_eq!(done.get("roundtrip"), Some(&Value::Number(1.0)));
        assert_eq!(done.get("event"), Some(&Value::text("statement")));
        let verb = done.get("verb").unwrap();
        assert_eq!(verb.get("id"), Some(&Value::text("http://adlnet.gov/expapi/verbs/completed")));
        assert_eq!(verb.get("display").unwrap().get("en"), Some(&Value::text("completed")));
        let result = done.get("result").unwrap();
        assert_eq!(result.get("completion"), Some(&Value::Bool(true)));
        assert_eq!(result.get("score"), None);

        let passed = statement(Completion::Passed { score: 85 }, "T", "fr", address).unwrap();
        let id = |s: &Value| s.get("verb").and_then(|v| v.get("id")).cloned();
        assert_eq!(id(&passed), Some(Value::text("http://adlnet.gov/expapi/verbs/passed")));
        let result = passed.get("result").unwrap();
        assert_eq!(result.get("success"), Some(&Value::Bool(true)));
        let score = result.get("score").unwrap();
        assert_eq!(score.get("scaled"), Some(&Value::Number(0.85)));
        assert_eq!(score.get("raw"), Some(&Value::Number(85.0)));
        let failed = statement(Completion::Failed { score: 10 }, "T", "en", address).unwrap();
        assert_eq!(id(&failed), Some(Value::text("http://adlnet.gov/expapi/verbs/failed")));
        assert_eq!(failed.get("result").unwrap().get("success"), Some(&Value::Bool(false)));
        // The lesson is named by its address (no query, no fragment), in its language.
        let object = passed.get("object").unwrap();
        assert_eq!(object.get("id"), Some(&Value::text("https://lessons.example.edu/back-end/")));
        let definition = object.get("definition").unwrap();
        assert_eq!(definition.get("name").unwrap().get("fr"), Some(&Value::text("T")));
        assert_eq!(definition.get("type"), Some(&Value::text("http://adlnet.gov/expapi/activities/lesson")));
    }

    /// The shape the README documents for hosts, whole.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn statements_are_shaped_as_documented() {
        use serde_json::json as j;
        let address = "https://example.edu/lessons/what-is-back-end/";
        let passed =
            statement(Completion::Passed { score: 85 }, "What is Back End Engineering?", "en", address);
        assert_eq!(
            passed.as_ref().map(json),
            Some(j!({
                "roundtrip": 1, "event": "statement",
                "verb": { "id": "http://adlnet.gov/expapi/verbs/passed", "display": { "en": "passed" } },
                "object": { "id": "https://example.edu/lessons/what-is-back-end/",
                    "definition": { "name": { "en": "What is Back End Engineering?" },
                        "type": "http://adlnet.gov/expapi/activities/lesson" } },
                "result": { "completion": true, "success": true,
                    "score": { "scaled": 0.85, "raw": 85, "min": 0, "max": 100 } }
            }))
        );
    }

    #[test]
    fn a_page_without_a_web_address_is_named_by_a_urn() {
        assert_eq!(activity_id("about:srcdoc", "My Lesson", None), "urn:roundtrip:my-lesson");
        assert_eq!(activity_id("http://127.0.0.1:8080/", "My Lesson", None), "http://127.0.0.1:8080/");
        assert_eq!(activity_id("", "My Lesson", None), "urn:roundtrip:my-lesson");
    }

    mod answered {
        use super::super::*;
        use crate::checks::{grade, Answer};
        use crate::lesson::{Check, Sort, SortItem, Task};
        use crate::platform::interactions::Answered;

        fn sort() -> Check {
            let item = |text: &'static str, group: &'static str| SortItem {
                text: text.into(),
                group: group.into(),
                feedback: "".into(),
            };
            Check {
                id: "which-end".into(),
                goal: 1,
                prompt: "Front or back?".into(),
                section: "s".into(),
                explanation: "E.".into(),
                task: Task::Sort(Sort {
                    groups: vec!["Front End".into(), "Back End".into()].into(),
                    items: vec![item("Colours", "Front End"), item("Storing data", "Back End")].into(),
                }),
            }
        }

        fn statement_for(answer: Answer, latency_ms: Option<u64>) -> Option<Value> {
            let check = sort();
            let Ok(grade) = grade(&check, &answer) else { return None };
            let answered = Answered {
                title: "T",
                lang: "en",
                check: &check,
                answer: &answer,
                grade: &grade,
                at_ms: 1_709_214_307_891,
                latency_ms,
            };
            super::super::answered(&answered, "https://example.edu/lesson/index.html?x=1")
        }

        #[test]
        fn a_right_answer_is_answered_with_success() {
            let s = statement_for(Answer::Sort(vec![Some(0), Some(1)]), Some(12_340)).unwrap();
            assert_eq!(s.get("roundtrip"), Some(&Value::Number(1.0)));
            assert_eq!(s.get("event"), Some(&Value::text("statement")));
            let verb = s.get("verb").unwrap();
            assert_eq!(verb.get("id"), Some(&Value::text("http://adlnet.gov/expapi/verbs/answered")));
            assert_eq!(verb.get("display").unwrap().get("en"), Some(&Value::text("answered")));
            let object = s.get("object").unwrap();
            assert_eq!(
                object.get("id"),
                Some(&Value::text("https://example.edu/lesson/index.html#check-which-end"))
            );
            let definition = object.get("definition").unwrap();
            assert_eq!(definition.get("name").unwrap().get("en"), Some(&Value::text("Front or back?")));
            assert_eq!(
                definition.get("type"),
                Some(&Value::text("http://adlnet.gov/expapi/activities/cmi.interaction"))
            );
            assert_eq!(definition.get("interactionType"), Some(&Value::text("matching")));
            let pattern = "a-colours[.]a-front-end[,]b-storing-data[.]b-back-end";
            assert_eq!(
                definition.get("correctResponsesPattern"),
                Some(&Value::List(vec![Value::text(pattern)]))
            );
            let Some(Value::List(source)) = definition.get("source") else { panic!("{definition:?}") };
            assert_eq!(source[1].get("id"), Some(&Value::text("b-storing-data")));
            assert_eq!(source[1].get("description").unwrap().get("en"), Some(&Value::text("Storing data")));
            let Some(Value::List(target)) = definition.get("target") else { panic!("{definition:?}") };
            assert_eq!(target.len(), 2);
            let result = s.get("result").unwrap();
            assert_eq!(result.get("response"), Some(&Value::text(pattern)));
            assert_eq!(result.get("success"), Some(&Value::Bool(true)));
            assert_eq!(result.get("score").unwrap().get("scaled"), Some(&Value::Number(1.0)));
            assert_eq!(result.get("duration"), Some(&Value::text("PT0H0M12.34S")));
            let parent = s.get("context").unwrap().get("contextActivities").unwrap().get("parent");
            assert_eq!(
                parent,
                Some(&Value::List(vec![Value::object(vec![(
                    "id",
                    Value::text("https://example.edu/lesson/index.html")
                )])]))
            );
            assert_eq!(s.get("timestamp"), Some(&Value::text("2024-02-29T13:45:07.89Z")));
        }

        #[test]
        fn a_wrong_answer_is_answered_without_success() {
            let s = statement_for(Answer::Sort(vec![Some(1), Some(1)]), None).unwrap();
            let result = s.get("result").unwrap();
            assert_eq!(
                result.get("response"),
                Some(&Value::text("a-colours[.]b-back-end[,]b-storing-data[.]b-back-end"))
            );
            assert_eq!(result.get("success"), Some(&Value::Bool(false)));
            assert_eq!(result.get("score").unwrap().get("raw"), Some(&Value::Number(0.0)));
            assert_eq!(result.get("duration"), None, "no latency known: no duration");
        }
    }
}
