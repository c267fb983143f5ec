//! The statements a record store is sent: the learner's statements (see
//! `crate::statements`) made whole (an id, the learner, a timestamp, a
//! context), and, for cmi5, its own statements and the rules for when each
//! is due (cmi5 §9.3, §9.5, §9.6, §10.2).

use crate::frame::messages::Value;
use crate::platform::completion::Completion;
use crate::platform::interactions::{self, Answered};
use crate::platform::scorm::{timespan, Edition};
use crate::statements;

/// cmi5's category activities and context extensions (§9.6.2, §9.6.3).
pub const CMI5_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
pub const MOVEON_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";
pub const SESSION_ID: &str = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
pub const MASTERY_SCORE: &str = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";

/// The id a check's activity has: the lesson's id, and the check's anchor.
pub fn check_id(lesson: &str, anchor: &str) -> String {
    let sep = if lesson.contains('#') { '-' } else { '#' };
    format!("{lesson}{sep}{anchor}")
}

/// Merges `extra` into `template`: objects key by key, lists by adding what
/// they lack; where both have a plain value, the template's stands (cmi5
/// §10.2.1: the AU must not overwrite what the context template gives).
pub fn merge(template: Value, extra: Value) -> Value {
    match (template, extra) {
        (Value::Object(mut fields), Value::Object(more)) => {
            for (key, value) in more {
                match fields.iter().position(|(k, _)| *k == key) {
                    Some(i) => {
                        let (k, old) = fields.remove(i);
                        fields.insert(i, (k, merge(old, value)));
                    }
                    None => fields.push((key, value)),
                }
            }
            Value::Object(fields)
        }
        (Value::List(mut items), Value::List(more)) => {
            for item in more {
                if !items.contains(&item) {
                    items.push(item);
                }
            }
            Value::List(items)
        }
        (template, _) => template,
    }
}

/// What makes a statement whole.
pub struct Stamp<'a> {
    pub id: &'a str,
    pub at_ms: u64,
    pub actor: &'a Value,
    pub registration: Option<&'a str>,
    /// The context every statement starts from (cmi5's `contextTemplate`).
    pub template: Option<&'a Value>,
}

/// A statement with `fields` (verb, object, result, context), made whole.
pub fn stamped(fields: Vec<(&'static str, Value)>, stamp: &Stamp) -> Value {
    let mut context = stamp.template.cloned().unwrap_or(Value::Object(Vec::new()));
    let mut rest = Vec::new();
    for (key, value) in fields {
        match key {
            "context" => context = merge(context, value),
            // The time it was made: a platform's own statement has it already.
            "timestamp" => {}
            _ => rest.push((key, value)),
        }
    }
    if let Some(registration) = stamp.registration {
        context = merge(context, Value::object([("registration", Value::text(registration.to_owned()))]));
    }
    let mut statement = vec![("id", Value::text(stamp.id.to_owned())), ("actor", stamp.actor.clone())];
    statement.extend(rest);
    if !matches!(&context, Value::Object(f) if f.is_empty()) {
        statement.push(("context", context));
    }
    statement.push(("timestamp", Value::text(time(stamp.at_ms))));
    Value::object(statement)
}

/// A timestamp in UTC (cmi5 §9.7) to the millisecond: statements made in
/// one moment (an answer, then the completion it brings) keep their order.
pub fn time(at_ms: u64) -> String {
    let seconds = interactions::time(Edition::Scorm2004, interactions::Moment::from_unix_ms(at_ms));
    format!("{}.{:03}Z", seconds.split('.').next().unwrap_or_default(), at_ms % 1000)
}

/// An answer, for the record store; `lesson` is the lesson's activity id.
pub fn answered(answered: &Answered, lesson: &str) -> Option<Vec<(&'static str, Value)>> {
    let check = check_id(lesson, &answered.check.anchor());
    statements::answered_fields(answered, lesson.to_owned(), check)
}

/// The launch's own words on how the learner moves on (cmi5 §10.2).
#[derive(Clone, Debug, PartialEq)]
pub struct LaunchData {
    pub mode: Mode,
    /// 0 to 1; decides passed or failed when given (§10.2.4).
    pub mastery_score: Option<f64>,
    pub return_url: Option<String>,
    pub context_template: Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Browse,
    Review,
}

impl LaunchData {
    /// Reads `LMS.LaunchData`; `None` when it lacks what §10.2 requires.
    pub fn read(data: &Value) -> Option<LaunchData> {
        let text = |key: &str| match data.get(key) {
            Some(Value::Text(t)) => Some(t.to_string()),
            _ => None,
        };
        let mode = match text("launchMode")?.as_str() {
            "Normal" => Mode::Normal,
            "Browse" => Mode::Browse,
            "Review" => Mode::Review,
            _ => return None,
        };
        let context_template = data.get("contextTemplate").filter(|t| matches!(t, Value::Object(_)))?.clone();
        let mastery_score = match data.get("masteryScore") {
            Some(Value::Number(n)) if (0.0..=1.0).contains(n) => Some(*n),
            _ => None,
        };
        // Only a web address: never `javascript:` or the like.
        let return_url = text("returnURL").filter(|u| {
            let lower = u.to_ascii_lowercase();
            lower.starts_with("https://") || lower.starts_with("http://")
        });
        Some(LaunchData { mode, mastery_score, return_url, context_template })
    }

    /// The session's id, from the template (§9.6.3.1).
    pub fn session_id(&self) -> Option<String> {
        match self.context_template.get("extensions")?.get(SESSION_ID)? {
            Value::Text(t) => Some(t.to_string()),
            _ => None,
        }
    }
}

/// The statements of cmi5's own already sent: per registration
/// (completed, passed) and per session (initialized, failed, terminated).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sent {
    pub initialized: bool,
    pub completed: bool,
    pub passed: bool,
    pub failed: bool,
    pub terminated: bool,
}

/// Which of [`Sent`]'s flags a letter stands for.
type Flag = fn(&mut Sent) -> &mut bool;

impl Sent {
    const LETTERS: [(char, Flag); 5] = [
        ('i', |s| &mut s.initialized),
        ('c', |s| &mut s.completed),
        ('p', |s| &mut s.passed),
        ('f', |s| &mut s.failed),
        ('t', |s| &mut s.terminated),
    ];

    pub fn encode(mut self) -> String {
        Self::LETTERS.iter().filter(|(_, flag)| *flag(&mut self)).map(|(c, _)| *c).collect()
    }

    pub fn decode(text: &str) -> Sent {
        let mut sent = Sent::default();
        for (c, flag) in Self::LETTERS {
            if text.contains(c) {
                *flag(&mut sent) = true;
            }
        }
        sent
    }

    /// The registration's part, for keeping across sessions.
    pub fn of_registration(self) -> Sent {
        Sent { completed: self.completed, passed: self.passed, ..Sent::default() }
    }
}

/// A result the record store is told of.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    Completed,
    Passed { score: u8 },
    Failed { score: u8 },
}

/// What is due now, given where the learner stands and what was sent: for a
/// Tin Can launch, each of completed, passed and failed at most once; for
/// cmi5 (`launch` given), completed once it is complete, then passed or
/// failed by the mastery score, never in Browse or Review, passed at most
/// once, and never failed after passed (§9.3, §10.2.2).
pub fn due(completion: Completion, launch: Option<&LaunchData>, sent: Sent) -> Vec<Outcome> {
    let score = completion.score();
    let Some(launch) = launch else {
        let outcome = match completion {
            Completion::NotYet => return Vec::new(),
            Completion::Completed => (!sent.completed).then_some(Outcome::Completed),
            Completion::Passed { score } => (!sent.passed).then_some(Outcome::Passed { score }),
            Completion::Failed { score } => (!sent.failed).then_some(Outcome::Failed { score }),
        };
        return outcome.into_iter().collect();
    };
    if completion == Completion::NotYet || launch.mode != Mode::Normal {
        return Vec::new();
    }
    let mut due = Vec::new();
    if !sent.completed {
        due.push(Outcome::Completed);
    }
    if let Some(score) = score {
        let passes = match launch.mastery_score {
            Some(mastery) => f64::from(score) / 100.0 >= mastery - 1e-9,
            None => matches!(completion, Completion::Passed { .. }),
        };
        if passes && !sent.passed {
            due.push(Outcome::Passed { score });
        } else if !passes && !sent.passed && !sent.failed {
            due.push(Outcome::Failed { score });
        }
    }
    due
}

impl Sent {
    pub fn mark(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Completed => self.completed = true,
            Outcome::Passed { .. } => self.passed = true,
            Outcome::Failed { .. } => self.failed = true,
        }
    }
}

/// A Tin Can launch's result statement (as the frame's, with the session's duration).
pub fn result(
    outcome: Outcome,
    title: &'static str,
    lang: &'static str,
    lesson: &str,
    session_ms: u64,
) -> Vec<(&'static str, Value)> {
    let completion = match outcome {
        Outcome::Completed => Completion::Completed,
        Outcome::Passed { score } => Completion::Passed { score },
        Outcome::Failed { score } => Completion::Failed { score },
    };
    let mut fields =
        statements::result_fields(completion, title, lang, lesson.to_owned()).unwrap_or_default();
    for (key, value) in fields.iter_mut() {
        if *key == "result" {
            *value = merge(
                value.clone(),
                Value::object([("duration", Value::text(timespan(Edition::Scorm2004, session_ms)))]),
            );
        }
    }
    fields
}

/// cmi5's own statements (§9.3).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Defined {
    Initialized,
    Outcome(Outcome),
    Terminated,
}

/// A cmi5 defined statement: the AU's activity (§9.4), the cmi5 category
/// (§9.6.2.1), moveon where the result has success or completion (§9.6.2.2),
/// the mastery score where it decided (§9.6.3.2), a duration on all but
/// initialized (§9.5.4.1), and a score only on passed and failed (§9.5.1).
pub fn defined(
    statement: Defined,
    title: &'static str,
    lang: &'static str,
    lesson: &str,
    launch: &LaunchData,
    session_ms: u64,
) -> Vec<(&'static str, Value)> {
    let duration = || ("duration", Value::text(timespan(Edition::Scorm2004, session_ms)));
    let (verb, result, moveon) = match statement {
        Defined::Initialized => ("initialized", None, false),
        Defined::Terminated => ("terminated", Some(vec![duration()]), false),
        Defined::Outcome(Outcome::Completed) => {
            ("completed", Some(vec![("completion", Value::Bool(true)), duration()]), true)
        }
        Defined::Outcome(Outcome::Passed { score }) => (
            "passed",
            Some(vec![("score", statements::score(score)), ("success", Value::Bool(true)), duration()]),
            true,
        ),
        Defined::Outcome(Outcome::Failed { score }) => (
            "failed",
            Some(vec![("score", statements::score(score)), ("success", Value::Bool(false)), duration()]),
            true,
        ),
    };
    let mut categories = vec![Value::object([("id", Value::text(CMI5_CATEGORY))])];
    if moveon {
        categories.push(Value::object([("id", Value::text(MOVEON_CATEGORY))]));
    }
    let mut context = vec![("contextActivities", Value::object([("category", Value::List(categories))]))];
    let judged = matches!(statement, Defined::Outcome(Outcome::Passed { .. } | Outcome::Failed { .. }));
    if let (true, Some(mastery)) = (judged, launch.mastery_score) {
        context.push(("extensions", Value::object([(MASTERY_SCORE, Value::Number(mastery))])));
    }
    let mut fields = vec![
        ("verb", statements::verb(verb)),
        ("object", statements::lesson_activity(lesson.to_owned(), title, lang)),
    ];
    if let Some(result) = result {
        fields.push(("result", Value::object(result)));
    }
    fields.push(("context", Value::object(context)));
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> Value {
        Value::object([
            (
                "contextActivities",
                Value::object([(
                    "grouping",
                    Value::List(vec![Value::object([("id", Value::text("https://pub/au"))])]),
                )]),
            ),
            ("extensions", Value::object([(SESSION_ID, Value::text("s-1"))])),
        ])
    }

    fn launch(mode: Mode, mastery: Option<f64>) -> LaunchData {
        LaunchData { mode, mastery_score: mastery, return_url: None, context_template: template() }
    }

    #[test]
    fn merging_keeps_the_templates_values_and_adds_ours() {
        let ours = Value::object([
            ("contextActivities", Value::object([("category", Value::List(vec![Value::text("c")]))])),
            ("extensions", Value::object([(SESSION_ID, Value::text("forged")), ("x", Value::Bool(true))])),
        ]);
        let merged = merge(template(), ours);
        let extensions = merged.get("extensions").unwrap();
        assert_eq!(extensions.get(SESSION_ID), Some(&Value::text("s-1")));
        assert_eq!(extensions.get("x"), Some(&Value::Bool(true)));
        let activities = merged.get("contextActivities").unwrap();
        assert!(activities.get("grouping").is_some() && activities.get("category").is_some());
    }

    #[test]
    fn a_stamped_statement_has_id_actor_context_and_time() {
        let actor = Value::object([("mbox", Value::text("mailto:a@b.c"))]);
        let template = template();
        let stamp = Stamp {
            id: "i-1",
            at_ms: 0,
            actor: &actor,
            registration: Some("r-1"),
            template: Some(&template),
        };
        let statement = stamped(vec![("verb", statements::verb("answered"))], &stamp);
        assert_eq!(statement.get("id"), Some(&Value::text("i-1")));
        assert_eq!(statement.get("actor"), Some(&actor));
        let context = statement.get("context").unwrap();
        assert_eq!(context.get("registration"), Some(&Value::text("r-1")));
        assert_eq!(context.get("extensions").unwrap().get(SESSION_ID), Some(&Value::text("s-1")));
        assert_eq!(statement.get("timestamp"), Some(&Value::text("1970-01-01T00:00:00.000Z")));
        assert_eq!(time(1_765_000_000_123), "2025-12-06T05:46:40.123Z");
    }

    #[test]
    fn launch_data_is_read_and_a_return_address_must_be_on_the_web() {
        let data = Value::object([
            ("launchMode", Value::text("Review")),
            ("masteryScore", Value::Number(0.8)),
            ("returnURL", Value::text("javascript:alert(1)")),
            ("contextTemplate", template()),
            ("moveOn", Value::text("CompletedAndPassed")),
        ]);
        let read = LaunchData::read(&data).unwrap();
        assert_eq!(read.session_id().as_deref(), Some("s-1"));
        assert_eq!((read.mode, read.mastery_score, read.return_url), (Mode::Review, Some(0.8), None));
        assert_eq!(LaunchData::read(&Value::object([("launchMode", Value::text("Normal"))])), None);
    }

    #[test]
    fn tin_can_sends_each_result_once() {
        let sent = Sent::default();
        assert_eq!(due(Completion::NotYet, None, sent), vec![]);
        assert_eq!(due(Completion::Failed { score: 50 }, None, sent), vec![Outcome::Failed { score: 50 }]);
        assert_eq!(due(Completion::Failed { score: 50 }, None, Sent { failed: true, ..sent }), vec![]);
        assert_eq!(
            due(Completion::Passed { score: 90 }, None, Sent { failed: true, ..sent }),
            vec![Outcome::Passed { score: 90 }]
        );
    }

    #[test]
    fn cmi5_completes_then_judges_by_the_mastery_score() {
        let normal = launch(Mode::Normal, Some(0.9));
        let sent = Sent::default();
        // The lesson's own pass mark said passed; the platform's mastery score decides.
        assert_eq!(
            due(Completion::Passed { score: 80 }, Some(&normal), sent),
            vec![Outcome::Completed, Outcome::Failed { score: 80 }]
        );
        let after = Sent { completed: true, failed: true, ..sent };
        assert_eq!(due(Completion::Passed { score: 80 }, Some(&normal), after), vec![]);
        assert_eq!(
            due(Completion::Passed { score: 95 }, Some(&normal), after),
            vec![Outcome::Passed { score: 95 }]
        );
        // Never failed after passed (§9.3).
        let passed = Sent { completed: true, passed: true, ..sent };
        assert_eq!(due(Completion::Failed { score: 10 }, Some(&normal), passed), vec![]);
        assert_eq!(due(Completion::Completed, Some(&normal), sent), vec![Outcome::Completed]);
        // Browse and Review record no result (§10.2.2).
        assert_eq!(due(Completion::Passed { score: 95 }, Some(&launch(Mode::Browse, None)), sent), vec![]);
    }

    #[test]
    fn defined_statements_carry_what_cmi5_requires() {
        let data = launch(Mode::Normal, Some(0.5));
        let passed = Value::object(defined(
            Defined::Outcome(Outcome::Passed { score: 70 }),
            "T",
            "en",
            "https://lms/au",
            &data,
            61_000,
        ));
        let result = passed.get("result").unwrap();
        assert_eq!(result.get("success"), Some(&Value::Bool(true)));
        assert_eq!(result.get("duration"), Some(&Value::text("PT0H1M1.00S")));
        assert!(result.get("completion").is_none());
        let context = passed.get("context").unwrap();
        let categories = context.get("contextActivities").unwrap().get("category").unwrap();
        assert_eq!(
            categories,
            &Value::List(vec![
                Value::object([("id", Value::text(CMI5_CATEGORY))]),
                Value::object([("id", Value::text(MOVEON_CATEGORY))]),
            ])
        );
        assert_eq!(context.get("extensions").unwrap().get(MASTERY_SCORE), Some(&Value::Number(0.5)));
        let completed = Value::object(defined(
            Defined::Outcome(Outcome::Completed),
            "T",
            "en",
            "https://lms/au",
            &data,
            0,
        ));
        assert!(completed.get("result").unwrap().get("score").is_none());
        assert!(completed.get("context").unwrap().get("extensions").is_none());
        let initialized = Value::object(defined(Defined::Initialized, "T", "en", "https://lms/au", &data, 0));
        assert!(initialized.get("result").is_none());
        assert_eq!(initialized.get("object").unwrap().get("id"), Some(&Value::text("https://lms/au")));
    }

    #[test]
    fn sent_reads_back_and_keeps_the_registrations_part() {
        let sent = Sent { initialized: true, completed: true, failed: true, ..Sent::default() };
        assert_eq!(Sent::decode(&sent.encode()), sent);
        assert_eq!(sent.of_registration(), Sent { completed: true, ..Sent::default() });
    }

    #[test]
    fn a_checks_id_hangs_from_the_lessons() {
        assert_eq!(check_id("https://lms/au/1", "check-q1"), "https://lms/au/1#check-q1");
        assert_eq!(check_id("https://lms/au/1#x", "check-q1"), "https://lms/au/1#x-check-q1");
    }
}
