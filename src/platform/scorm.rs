//! SCORM run-time decisions: which API calls to make, with which values, and
//! when. SCORM 1.2 (`API`) is what our package declares; SCORM 2004
//! (`API_1484_11`) is driven the same way where a platform offers only that.
//!
//! The rules: a first visit is marked `incomplete`; the lesson's completion is
//! reported once, and a recorded result is never made worse by a later visit;
//! the learner may always resume (`exit` is `suspend`), so `suspend_data`
//! comes back next time; every answer to a check becomes an interaction
//! record (see [`super::interactions`]).

use std::borrow::Cow;

use roundtrip_document::platform::scaled;

use super::completion::Completion;
use super::interactions::{Answered, InteractionError, InteractionPart, Journal};

/// Which edition of SCORM the platform speaks: 1.2 or 2004 (one type with
/// the build's, which packages the lesson for each).
pub use roundtrip_document::platform::Edition;

/// The API calls we make. Every one returns a string; `"false"` (or, for the
/// getters, an error code afterwards) means it failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiCall {
    Initialize,
    Finish,
    GetValue,
    SetValue,
    Commit,
    GetLastError,
    GetErrorString,
}

/// The data model elements we read or write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Element {
    /// 1.2: `lesson_status`; 2004: `completion_status`.
    Status,
    /// 2004 only: passed or failed.
    SuccessStatus,
    ScoreRaw,
    ScoreMin,
    ScoreMax,
    /// 2004 only: the score from -1 to 1.
    ScoreScaled,
    /// The pass mark the platform sets, if any.
    MasteryScore,
    SuspendData,
    Exit,
    SessionTime,
    /// How many interaction records the platform holds (`cmi.interactions._count`).
    InteractionCount,
    /// One part of the `n`th interaction record (`cmi.interactions.n.…`).
    Interaction(u32, InteractionPart),
}

/// What each edition's run-time calls things: its API object, its calls and
/// data model elements, and what it keeps.
pub trait RunTime: Copy {
    /// The name of the API object a platform puts on one of our ancestors.
    fn api_name(self) -> &'static str;
    fn call_name(self, call: ApiCall) -> &'static str;
    /// The element's name in this edition; `None` where it has no such element.
    fn element(self, element: Element) -> Option<Cow<'static, str>>;
    /// The longest `suspend_data` the standard guarantees to keep.
    fn suspend_data_max(self) -> usize;
    /// The elements to read right after initialising, in this order, for
    /// [`Session::start`].
    fn start_reads(self) -> &'static [Element];
}

impl RunTime for Edition {
    fn api_name(self) -> &'static str {
        match self {
            Edition::Scorm12 => "API",
            Edition::Scorm2004 => "API_1484_11",
        }
    }

    fn call_name(self, call: ApiCall) -> &'static str {
        use ApiCall::*;
        match (self, call) {
            (Edition::Scorm12, Initialize) => "LMSInitialize",
            (Edition::Scorm12, Finish) => "LMSFinish",
            (Edition::Scorm12, GetValue) => "LMSGetValue",
            (Edition::Scorm12, SetValue) => "LMSSetValue",
            (Edition::Scorm12, Commit) => "LMSCommit",
            (Edition::Scorm12, GetLastError) => "LMSGetLastError",
            (Edition::Scorm12, GetErrorString) => "LMSGetErrorString",
            (Edition::Scorm2004, Initialize) => "Initialize",
            (Edition::Scorm2004, Finish) => "Terminate",
            (Edition::Scorm2004, GetValue) => "GetValue",
            (Edition::Scorm2004, SetValue) => "SetValue",
            (Edition::Scorm2004, Commit) => "Commit",
            (Edition::Scorm2004, GetLastError) => "GetLastError",
            (Edition::Scorm2004, GetErrorString) => "GetErrorString",
        }
    }

    fn element(self, element: Element) -> Option<Cow<'static, str>> {
        use Element::*;
        Some(Cow::Borrowed(match (self, element) {
            (Edition::Scorm12, Status) => "cmi.core.lesson_status",
            (Edition::Scorm12, SuccessStatus | ScoreScaled) => return None,
            (Edition::Scorm12, ScoreRaw) => "cmi.core.score.raw",
            (Edition::Scorm12, ScoreMin) => "cmi.core.score.min",
            (Edition::Scorm12, ScoreMax) => "cmi.core.score.max",
            (Edition::Scorm12, MasteryScore) => "cmi.student_data.mastery_score",
            (Edition::Scorm12, SuspendData) => "cmi.suspend_data",
            (Edition::Scorm12, Exit) => "cmi.core.exit",
            (Edition::Scorm12, SessionTime) => "cmi.core.session_time",
            (Edition::Scorm2004, Status) => "cmi.completion_status",
            (Edition::Scorm2004, SuccessStatus) => "cmi.success_status",
            (Edition::Scorm2004, ScoreRaw) => "cmi.score.raw",
            (Edition::Scorm2004, ScoreMin) => "cmi.score.min",
            (Edition::Scorm2004, ScoreMax) => "cmi.score.max",
            (Edition::Scorm2004, ScoreScaled) => "cmi.score.scaled",
            (Edition::Scorm2004, MasteryScore) => "cmi.scaled_passing_score",
            (Edition::Scorm2004, SuspendData) => "cmi.suspend_data",
            (Edition::Scorm2004, Exit) => "cmi.exit",
            (Edition::Scorm2004, SessionTime) => "cmi.session_time",
            (_, InteractionCount) => "cmi.interactions._count",
            (_, Interaction(n, part)) => {
                return Some(Cow::Owned(format!("cmi.interactions.{n}.{}", part.name(self)?)));
            }
        }))
    }

    fn suspend_data_max(self) -> usize {
        match self {
            Edition::Scorm12 => 4096,
            Edition::Scorm2004 => 64000,
        }
    }

    fn start_reads(self) -> &'static [Element] {
        match self {
            Edition::Scorm12 => &[
                Element::Status,
                Element::ScoreRaw,
                Element::MasteryScore,
                Element::SuspendData,
                Element::InteractionCount,
            ],
            Edition::Scorm2004 => &[
                Element::Status,
                Element::SuccessStatus,
                Element::ScoreRaw,
                Element::MasteryScore,
                Element::SuspendData,
                Element::InteractionCount,
            ],
        }
    }
}

/// A failed call, as the platform explains it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScormError {
    #[error("no learning platform (SCORM API) found")]
    NoPlatform,
    #[error("{call} failed: error {code}: {message}")]
    Refused { call: String, code: String, message: String },
    #[error("{call} threw: {message}")]
    Threw { call: String, message: String },
    #[error("suspend data is {len} characters; SCORM {version} keeps at most {max}")]
    TooLong { len: usize, max: usize, version: &'static str },
    #[error(transparent)]
    Interaction(#[from] InteractionError),
}

/// What the platform has on record for this learner and lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recorded {
    NotAttempted,
    Incomplete,
    Completed,
    Passed,
    Failed,
}

impl Recorded {
    /// From the status element(s) as read. Anything unknown (`browsed`,
    /// `unknown`, an empty string from a failed read) counts as not attempted.
    pub fn parse(edition: Edition, status: &str, success: &str) -> Recorded {
        match (edition, status, success) {
            (Edition::Scorm2004, _, "passed") | (Edition::Scorm12, "passed", _) => Recorded::Passed,
            (Edition::Scorm2004, _, "failed") | (Edition::Scorm12, "failed", _) => Recorded::Failed,
            (_, "completed", _) => Recorded::Completed,
            (_, "incomplete", _) => Recorded::Incomplete,
            _ => Recorded::NotAttempted,
        }
    }

    fn is_done(self) -> bool {
        matches!(self, Recorded::Completed | Recorded::Passed | Recorded::Failed)
    }
}

/// One step of talking to the platform, after `Initialize`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Write {
    Set(Element, String),
    Commit,
}

/// The conversation with the platform: what it has on record, and what we
/// have told it since.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub edition: Edition,
    recorded: Recorded,
    recorded_score: Option<f64>,
    /// The platform's pass mark, 0 to 100, which wins over the lesson's.
    mastery: Option<u8>,
    /// What the platform kept from the learner's last visit.
    resumed: Option<String>,
    /// Where the next interaction record goes, if the platform keeps them.
    journal: Journal,
}

impl Session {
    /// Starts from the values of [`Edition::start_reads`] (an empty string
    /// where a read failed), and says what to write first.
    pub fn start(edition: Edition, reads: &[String]) -> (Session, Vec<Write>) {
        let read = |element: Element| {
            let at = edition.start_reads().iter().position(|e| *e == element);
            at.and_then(|i| reads.get(i)).map_or("", |s| s.trim())
        };
        let recorded = Recorded::parse(edition, read(Element::Status), read(Element::SuccessStatus));
        let recorded_score = decimal(read(Element::ScoreRaw));
        let mastery = parse_mastery(edition, read(Element::MasteryScore));
        let resumed = Some(read(Element::SuspendData).to_owned()).filter(|s| !s.is_empty());
        let journal = Journal::from_count(read(Element::InteractionCount));
        let session = Session { edition, recorded, recorded_score, mastery, resumed, journal };
        let mut writes = Vec::new();
        if recorded == Recorded::NotAttempted {
            writes.push(Write::Set(Element::Status, "incomplete".into()));
        }
        // Always resumable: the platform keeps suspend_data for the next visit.
        writes.push(Write::Set(Element::Exit, "suspend".into()));
        writes.push(Write::Commit);
        (Session { recorded: recorded.max_with_incomplete(), ..session }, writes)
    }

    /// The `suspend_data` saved at the learner's last visit, if any.
    pub fn resumed(&self) -> Option<&str> {
        self.resumed.as_deref()
    }

    /// The platform's pass mark, if it set one (0 to 100).
    pub fn mastery(&self) -> Option<u8> {
        self.mastery
    }

    /// What to write now that the learner stands at `completion`. Nothing when
    /// that is not news, or would make the record worse.
    pub fn report(&mut self, completion: Completion) -> Vec<Write> {
        let completion = self.judge(completion);
        let better = match completion {
            Completion::NotYet => false,
            Completion::Completed => !self.recorded.is_done(),
            Completion::Passed { score } => {
                self.recorded != Recorded::Passed || self.recorded_score.is_none_or(|s| s < f64::from(score))
            }
            Completion::Failed { score } => match self.recorded {
                Recorded::Passed => false,
                Recorded::Failed => self.recorded_score.is_none_or(|s| s < f64::from(score)),
                _ => true,
            },
        };
        if !better {
            return Vec::new();
        }
        let d = self.edition;
        let mut writes = Vec::new();
        if let Some(score) = completion.score() {
            writes.push(Write::Set(Element::ScoreMin, "0".into()));
            writes.push(Write::Set(Element::ScoreMax, "100".into()));
            writes.push(Write::Set(Element::ScoreRaw, score.to_string()));
            if d == Edition::Scorm2004 {
                writes.push(Write::Set(Element::ScoreScaled, scaled(score)));
            }
            self.recorded_score = Some(f64::from(score));
        }
        let (status, success) = match (d, completion) {
            (Edition::Scorm12, Completion::Passed { .. }) => ("passed", None),
            (Edition::Scorm12, Completion::Failed { .. }) => ("failed", None),
            (Edition::Scorm2004, Completion::Passed { .. }) => ("completed", Some("passed")),
            (Edition::Scorm2004, Completion::Failed { .. }) => ("completed", Some("failed")),
            _ => ("completed", None),
        };
        writes.push(Write::Set(Element::Status, status.into()));
        if let Some(success) = success {
            writes.push(Write::Set(Element::SuccessStatus, success.into()));
        }
        writes.push(Write::Commit);
        self.recorded = match completion {
            Completion::Passed { .. } => Recorded::Passed,
            Completion::Failed { .. } => Recorded::Failed,
            _ => Recorded::Completed,
        };
        writes
    }

    /// What to write now that the learner answered a check: one more
    /// interaction record, and a commit (see [`super::interactions`]).
    pub fn answered(&mut self, answered: &Answered) -> Result<Vec<Write>, ScormError> {
        Ok(self.journal.record(self.edition, answered)?)
    }

    /// Whether to stop sending the rest of [`Session::answered`]'s writes,
    /// now that the platform refused `write`. A refused part of a record
    /// (most often, a platform that keeps no interactions) ends the records
    /// for this session: the rest of it would be refused too (its later
    /// parts need its id), and so would the next, so the refusal is logged
    /// once. A refused commit ends nothing; the next one may be taken.
    pub fn refused(&mut self, write: &Write) -> bool {
        match write {
            Write::Set(..) => {
                self.journal.stop();
                true
            }
            Write::Commit => false,
        }
    }

    /// The platform's pass mark decides pass or fail where it set one.
    fn judge(&self, completion: Completion) -> Completion {
        match (completion.score(), self.mastery) {
            (Some(score), Some(mastery)) if score >= mastery => Completion::Passed { score },
            (Some(score), Some(_)) => Completion::Failed { score },
            _ => completion,
        }
    }

    /// What to write before `Finish`: the time spent, and resumable.
    pub fn finish(&self, session_ms: u64) -> Vec<Write> {
        vec![
            Write::Set(Element::SessionTime, timespan(self.edition, session_ms)),
            Write::Set(Element::Exit, "suspend".into()),
            Write::Commit,
        ]
    }

    /// Checks `suspend_data` against what the standard keeps.
    pub fn check_suspend_data(&self, data: &str) -> Result<(), ScormError> {
        let len = data.chars().count();
        let max = self.edition.suspend_data_max();
        if len > max {
            return Err(ScormError::TooLong { len, max, version: self.edition.version() });
        }
        Ok(())
    }
}

impl Recorded {
    /// After [`Session::start`] marked a first visit, it is on record.
    fn max_with_incomplete(self) -> Recorded {
        match self {
            Recorded::NotAttempted => Recorded::Incomplete,
            other => other,
        }
    }
}

/// 1.2: a number from 0 to 100; 2004: a scaled score from -1 to 1. Anything
/// else (empty: none set) is no pass mark.
fn parse_mastery(edition: Edition, text: &str) -> Option<u8> {
    let value = decimal(text)?;
    let percent = match edition {
        Edition::Scorm12 => value,
        Edition::Scorm2004 => value * 100.0,
    };
    (0.0..=100.0).contains(&percent).then(|| percent.round() as u8)
}

/// A CMIDecimal (`85`, `-0.5`, `72.25`). Read by hand: the standard library's
/// float parser would add kilobytes to the wasm for a few digits.
fn decimal(text: &str) -> Option<f64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty() || whole.len() > 9 || fraction.len() > 9 {
        return None;
    }
    if !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |s: &str| s.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    let value = number(whole) as f64 + number(fraction) as f64 / 10f64.powi(fraction.len() as i32);
    Some(if negative { -value } else { value })
}

/// A length of time (the session's, an answer's latency): 1.2
/// `HHHH:MM:SS.SS`, 2004 `PT#H#M#S`.
pub fn timespan(edition: Edition, ms: u64) -> String {
    let centis = ms / 10;
    let (hours, minutes, seconds, cs) =
        (centis / 360_000, centis / 6_000 % 60, centis / 100 % 60, centis % 100);
    match edition {
        // CMITimespan allows at most four digits of hours.
        Edition::Scorm12 if hours > 9999 => "9999:59:59.99".into(),
        Edition::Scorm12 => format!("{hours:02}:{minutes:02}:{seconds:02}.{cs:02}"),
        Edition::Scorm2004 => format!("PT{hours}H{minutes}M{seconds}.{cs:02}S"),
    }
}

/// The decision the shell acts on for a call's returned string: `"true"`
/// (or, for `GetValue`, any value) is fine; `"false"` means ask for the error.
pub fn failed(call: ApiCall, returned: &str) -> bool {
    match call {
        ApiCall::Initialize | ApiCall::Finish | ApiCall::SetValue | ApiCall::Commit => returned != "true",
        // A getter's empty string may be a value or an error: the error code says.
        ApiCall::GetValue => returned.is_empty(),
        ApiCall::GetLastError | ApiCall::GetErrorString => false,
    }
}

/// `"0"` is SCORM's "no error".
pub fn is_error_code(code: &str) -> bool {
    !code.trim().is_empty() && code.trim() != "0"
}

/// Whether a `GetValue` that returned `""` and then error `code` simply found
/// nothing there: no error at all, or in SCORM 2004 error 403, "Data Model
/// Element Value Not Initialized", which is how a run-time answers for an
/// element never set (`cmi.score.raw`, `cmi.suspend_data` on a first visit).
/// That is the normal answer, not a failure. In 1.2, 403 means "element is
/// read only", which a getter never hears, so it stays an error there.
pub fn is_unset(edition: Edition, code: &str) -> bool {
    !is_error_code(code) || (edition == Edition::Scorm2004 && code.trim() == "403")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(element: Element, value: &str) -> Write {
        Write::Set(element, value.into())
    }

    fn start12(status: &str) -> (Session, Vec<Write>) {
        Session::start(Edition::Scorm12, &[status.into(), String::new(), String::new(), String::new()])
    }

    #[test]
    fn what_the_last_visit_saved_is_read_once_at_the_start() {
        let reads = ["incomplete".into(), String::new(), String::new(), "steps=3".into()];
        let (session, _) = Session::start(Edition::Scorm12, &reads);
        assert_eq!(session.resumed(), Some("steps=3"));
        assert_eq!(start12("incomplete").0.resumed(), None, "empty is nothing saved");
    }

    #[test]
    fn a_first_visit_is_marked_incomplete_and_resumable() {
        let (_, writes) = start12("not attempted");
        assert_eq!(
            writes,
            [set(Element::Status, "incomplete"), set(Element::Exit, "suspend"), Write::Commit]
        );
        // A failed read (empty) is treated as a first visit too.
        assert_eq!(start12("").1[0], set(Element::Status, "incomplete"));
    }

    #[test]
    fn a_later_visit_keeps_what_is_on_record() {
        for status in ["incomplete", "completed", "passed", "failed"] {
            let (_, writes) = start12(status);
            assert_eq!(writes, [set(Element::Exit, "suspend"), Write::Commit], "{status}");
        }
    }

    #[test]
    fn completion_is_reported_once() {
        let (mut session, _) = start12("not attempted");
        assert_eq!(session.report(Completion::NotYet), []);
        assert_eq!(session.report(Completion::Completed), [set(Element::Status, "completed"), Write::Commit]);
        assert_eq!(session.report(Completion::Completed), [], "not news");
    }

    #[test]
    fn a_score_is_reported_with_its_range_and_status() {
        let (mut session, _) = start12("incomplete");
        assert_eq!(
            session.report(Completion::Passed { score: 85 }),
            [
                set(Element::ScoreMin, "0"),
                set(Element::ScoreMax, "100"),
                set(Element::ScoreRaw, "85"),
                set(Element::Status, "passed"),
                Write::Commit
            ]
        );
        let (mut session, _) = start12("incomplete");
        let writes = session.report(Completion::Failed { score: 40 });
        assert!(writes.contains(&set(Element::Status, "failed")), "{writes:?}");
        assert!(writes.contains(&set(Element::ScoreRaw, "40")), "{writes:?}");
    }

    #[test]
    fn a_recorded_result_is_never_made_worse() {
        let (mut passed, _) =
            Session::start(Edition::Scorm12, &["passed".into(), "90".into(), String::new()]);
        assert_eq!(passed.report(Completion::Failed { score: 30 }), []);
        assert_eq!(passed.report(Completion::Passed { score: 85 }), [], "a lower pass");
        assert!(passed.report(Completion::Passed { score: 95 }).contains(&set(Element::ScoreRaw, "95")));
        assert_eq!(passed.report(Completion::Completed), []);

        let (mut completed, _) = start12("completed");
        assert_eq!(completed.report(Completion::Completed), []);

        let (mut failed, _) =
            Session::start(Edition::Scorm12, &["failed".into(), "50".into(), String::new()]);
        assert_eq!(failed.report(Completion::Failed { score: 40 }), []);
        assert!(failed.report(Completion::Failed { score: 60 }).contains(&set(Element::ScoreRaw, "60")));
        assert!(failed.report(Completion::Passed { score: 80 }).contains(&set(Element::Status, "passed")));
    }

    #[test]
    fn the_platforms_pass_mark_wins() {
        let (mut session, _) =
            Session::start(Edition::Scorm12, &["incomplete".into(), String::new(), "90".into()]);
        assert_eq!(session.mastery(), Some(90));
        let writes = session.report(Completion::Passed { score: 85 });
        assert!(writes.contains(&set(Element::Status, "failed")), "{writes:?}");
        let (session, _) =
            Session::start(Edition::Scorm12, &["incomplete".into(), String::new(), "abc".into()]);
        assert_eq!(session.mastery(), None);
        let (session, _) =
            Session::start(Edition::Scorm2004, &[String::new(), String::new(), String::new(), "0.7".into()]);
        assert_eq!(session.mastery(), Some(70));
    }

    #[test]
    fn scorm_2004_names_and_splits_the_status() {
        let d = Edition::Scorm2004;
        assert_eq!(d.api_name(), "API_1484_11");
        assert_eq!(d.call_name(ApiCall::Finish), "Terminate");
        let (mut session, writes) = Session::start(d, &["not attempted".into(), "unknown".into()]);
        assert_eq!(writes[0], set(Element::Status, "incomplete"));
        assert_eq!(d.element(Element::Status).as_deref(), Some("cmi.completion_status"));
        assert_eq!(
            session.report(Completion::Passed { score: 85 }),
            [
                set(Element::ScoreMin, "0"),
                set(Element::ScoreMax, "100"),
                set(Element::ScoreRaw, "85"),
                set(Element::ScoreScaled, "0.85"),
                set(Element::Status, "completed"),
                set(Element::SuccessStatus, "passed"),
                Write::Commit
            ]
        );
        assert_eq!(Recorded::parse(d, "completed", "failed"), Recorded::Failed);
        assert_eq!(Recorded::parse(d, "unknown", "unknown"), Recorded::NotAttempted);
        assert_eq!(Edition::Scorm12.element(Element::ScoreScaled), None);
        assert_eq!(d.element(Element::InteractionCount).as_deref(), Some("cmi.interactions._count"));
        assert_eq!(
            d.element(Element::Interaction(4, InteractionPart::Response)).as_deref(),
            Some("cmi.interactions.4.learner_response")
        );
        assert_eq!(Edition::Scorm12.element(Element::Interaction(0, InteractionPart::Description)), None);
    }

    #[test]
    fn scaled_scores_and_session_times_are_well_formed() {
        assert_eq!(scaled(85), "0.85");
        assert_eq!(scaled(80), "0.8");
        assert_eq!(scaled(5), "0.05");
        assert_eq!(scaled(100), "1");
        assert_eq!(scaled(0), "0");
        assert_eq!(timespan(Edition::Scorm12, 0), "00:00:00.00");
        assert_eq!(timespan(Edition::Scorm12, 3_723_450), "01:02:03.45");
        assert_eq!(timespan(Edition::Scorm12, 10_000 * 3_600_000), "9999:59:59.99");
        assert_eq!(timespan(Edition::Scorm2004, 3_723_450), "PT1H2M3.45S");
    }

    #[test]
    fn decimals_are_read_as_cmi_decimals() {
        assert_eq!(decimal("85"), Some(85.0));
        assert_eq!(decimal("72.25"), Some(72.25));
        assert_eq!(decimal("-0.5"), Some(-0.5));
        assert_eq!(decimal(".5"), Some(0.5));
        for bad in ["", "-", ".", "1e3", "abc", "1.2.3", " 5", "+5", "1234567890"] {
            assert_eq!(decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn finishing_records_time_and_stays_resumable() {
        let (session, _) = start12("incomplete");
        assert_eq!(
            session.finish(61_000),
            [set(Element::SessionTime, "00:01:01.00"), set(Element::Exit, "suspend"), Write::Commit]
        );
    }

    #[test]
    fn suspend_data_is_kept_within_the_standard() {
        let (session, _) = start12("incomplete");
        assert_eq!(session.check_suspend_data(&"x".repeat(4096)), Ok(()));
        let e = session.check_suspend_data(&"x".repeat(4097)).unwrap_err();
        assert_eq!(e.to_string(), "suspend data is 4097 characters; SCORM 1.2 keeps at most 4096");
    }

    #[test]
    fn returned_strings_are_read_as_the_standard_says() {
        assert!(failed(ApiCall::Initialize, "false"));
        assert!(!failed(ApiCall::Initialize, "true"));
        assert!(failed(ApiCall::SetValue, ""));
        assert!(!failed(ApiCall::GetValue, "incomplete"));
        assert!(failed(ApiCall::GetValue, ""));
        assert!(is_error_code("101"));
        assert!(!is_error_code("0"));
        assert!(!is_error_code(""));
    }

    #[test]
    fn answers_go_after_the_interactions_the_platform_already_holds() {
        use crate::checks::{grade, Answer};
        use crate::lesson::{Check, Choice, Choose, Task};
        use crate::platform::interactions::Answered;

        let option =
            |text: &'static str, right: bool| Choice { text: text.into(), right, feedback: "".into() };
        let check = Check {
            id: "q".into(),
            goal: 1,
            prompt: "Q?".into(),
            section: "s".into(),
            explanation: "E.".into(),
            task: Task::Choose(Choose {
                multiple: false,
                shuffle: false,
                options: vec![option("Yes", true), option("No", false)].into(),
            }),
        };
        let answer = Answer::Choose(vec![1]);
        let grade = grade(&check, &answer).unwrap();
        let answered = Answered {
            title: "T",
            lang: "en",
            check: &check,
            answer: &answer,
            grade: &grade,
            at_ms: 0,
            latency_ms: None,
        };
        let reads = |count: &str| ["incomplete", "", "", "", count].map(String::from);
        let (mut session, _) = Session::start(Edition::Scorm12, &reads("3"));
        let writes = session.answered(&answered).unwrap();
        assert_eq!(writes[0], set(Element::Interaction(3, InteractionPart::Id), "q"));
        assert!(
            writes.contains(&set(Element::Interaction(3, InteractionPart::Result), "wrong")),
            "{writes:?}"
        );
        assert_eq!(writes.last(), Some(&Write::Commit));
        assert_eq!(
            session.answered(&answered).unwrap()[0],
            set(Element::Interaction(4, InteractionPart::Id), "q")
        );
        // A refused commit ends nothing; a refused part of a record ends them all.
        assert!(!session.refused(&Write::Commit));
        assert_eq!(
            session.answered(&answered).unwrap()[0],
            set(Element::Interaction(5, InteractionPart::Id), "q")
        );
        assert!(session.refused(&set(Element::Interaction(6, InteractionPart::Id), "q")));
        assert_eq!(session.answered(&answered), Ok(Vec::new()), "refused once: no more records");
        // A platform that keeps no interactions (the count could not be read) is told none.
        let (mut session, _) = Session::start(Edition::Scorm12, &reads(""));
        assert_eq!(session.answered(&answered), Ok(Vec::new()));
        let (mut session, _) =
            Session::start(Edition::Scorm2004, &["", "", "", "", "", "0"].map(String::from));
        assert_eq!(
            session.answered(&answered).unwrap()[0],
            set(Element::Interaction(0, InteractionPart::Id), "urn:roundtrip:t:q")
        );
    }

    #[test]
    fn a_2004_value_never_set_is_empty_not_a_failure() {
        assert!(is_unset(Edition::Scorm2004, "403"), "not initialized: nothing there");
        assert!(is_unset(Edition::Scorm2004, " 403 "));
        assert!(is_unset(Edition::Scorm2004, "0"));
        assert!(is_unset(Edition::Scorm12, "0"));
        assert!(is_unset(Edition::Scorm12, ""), "no code at all: an empty value");
        // Real failures stay failures.
        assert!(!is_unset(Edition::Scorm2004, "401"), "undefined element");
        assert!(!is_unset(Edition::Scorm2004, "122"), "retrieve before initialize");
        assert!(!is_unset(Edition::Scorm2004, "301"));
        // In 1.2, 403 is "read only": not a getter's answer, so not "empty".
        assert!(!is_unset(Edition::Scorm12, "403"));
        assert!(!is_unset(Edition::Scorm12, "301"));
    }
}
