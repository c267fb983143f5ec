//! A knowledge check answered, as a platform is told of it: one SCORM
//! interaction record (`cmi.interactions.n.*`) per answer, in each edition's
//! own notation, so its report (Moodle's "Interactions", for one) shows which
//! questions each learner missed. The framing page hears the same facts as an
//! xAPI statement ([`crate::statements::answered`]), in SCORM 2004's
//! notation, which is xAPI's.
//!
//! Records are journaled: every answer, the first and each try after "Try
//! again", is a new record at the platform's next index. SCORM 1.2's
//! interactions are write-only (a lesson cannot read back which record was
//! whose), and both editions allow the same id on several records, so
//! appending is the one way that means the same on every platform.

use std::borrow::Cow;

use super::scorm::{timespan, Edition, Element, Write};
use crate::checks::{key, Answer, Grade, Verdict};
use crate::lesson::{Check, Task};
use crate::text::clip_to_width;

/// The kind of question, as SCORM and xAPI name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Put steps in order.
    Sequencing,
    /// Sort items into groups: each item is matched to a group.
    Matching,
    /// Choose one answer, or every answer that fits.
    Choice,
}

impl Kind {
    pub fn of(check: &Check) -> Kind {
        match check.task {
            Task::Order(_) => Kind::Sequencing,
            Task::Sort(_) => Kind::Matching,
            Task::Choose(_) => Kind::Choice,
        }
    }

    /// `cmi.interactions.n.type` in both editions, and xAPI's `interactionType`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Sequencing => "sequencing",
            Kind::Matching => "matching",
            Kind::Choice => "choice",
        }
    }
}

/// One part of an interaction record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InteractionPart {
    Id,
    Type,
    /// 2004 only: the question, in the lesson's language.
    Description,
    /// 1.2 `time` (time of day), 2004 `timestamp` (date and time).
    Time,
    Weighting,
    /// 1.2 `student_response`, 2004 `learner_response`.
    Response,
    /// The `k`th correct response's pattern.
    CorrectPattern(u8),
    Result,
    Latency,
}

impl InteractionPart {
    /// The element's name after `cmi.interactions.n.`; `None` where the
    /// edition has no such element.
    pub fn name(self, edition: Edition) -> Option<Cow<'static, str>> {
        let v2004 = edition == Edition::Scorm2004;
        Some(Cow::Borrowed(match self {
            InteractionPart::Id => "id",
            InteractionPart::Type => "type",
            InteractionPart::Description if v2004 => "description",
            InteractionPart::Description => return None,
            InteractionPart::Time if v2004 => "timestamp",
            InteractionPart::Time => "time",
            InteractionPart::Weighting => "weighting",
            InteractionPart::Response if v2004 => "learner_response",
            InteractionPart::Response => "student_response",
            InteractionPart::CorrectPattern(k) => {
                return Some(Cow::Owned(format!("correct_responses.{k}.pattern")))
            }
            InteractionPart::Result => "result",
            InteractionPart::Latency => "latency",
        }))
    }
}

/// SCORM 2004 asks every platform to keep at least this many interaction
/// records (its smallest permitted maximum); past it a platform may refuse
/// them, so the lesson stops adding.
pub const MOST_INTERACTIONS: u32 = 250;

/// Why an answer cannot be written as an interaction record.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InteractionError {
    #[error("the answer to `{check}` cannot be written as a SCORM {version} response")]
    Unwritable { check: String, version: &'static str },
}

/// A moment in UTC, to the hundredth of a second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub year: u32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub centis: u8,
}

impl Moment {
    /// From milliseconds since 1970-01-01 UTC, as the browser's clock reads
    /// (`Date.now()`). Converted here rather than by the browser's `Date`, so
    /// it is tested without one.
    pub fn from_unix_ms(ms: u64) -> Moment {
        let days = ms / 86_400_000;
        let of_day = ms % 86_400_000;
        // Howard Hinnant's civil_from_days, for days on or after 1970-01-01.
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + u64::from(month <= 2);
        Moment {
            year: u32::try_from(year).unwrap_or(u32::MAX),
            month: month as u8,
            day: day as u8,
            hour: (of_day / 3_600_000) as u8,
            minute: (of_day / 60_000 % 60) as u8,
            second: (of_day / 1_000 % 60) as u8,
            centis: (of_day / 10 % 100) as u8,
        }
    }
}

/// One answer to one check, with what is known around it.
#[derive(Clone, Debug, PartialEq)]
pub struct Answered<'a> {
    /// The lesson's title and language: the record's id and description.
    pub title: &'static str,
    pub lang: &'static str,
    pub check: &'a Check,
    pub answer: &'a Answer,
    pub grade: &'a Grade,
    /// When it was answered, in milliseconds since 1970 (UTC).
    pub at_ms: u64,
    /// From when the check was put before the learner (first seen, or Try
    /// again) to the answer; `None` when not known.
    pub latency_ms: Option<u64>,
}

/// Single characters for SCORM 1.2, whose choice, sequencing and matching
/// responses allow only `0-9` and `a-z` as identifiers: letters first, as a
/// reader expects of options. The compiler allows at most 36 of each.
const SYMBOLS: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Lower-case ASCII words joined by hyphens, at most `max` characters, cut
/// between words: the readable part of an identifier, which SCORM 2004
/// limits to ASCII word characters and a few marks.
fn words(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' && c != '\u{2019}' {
            // "doesn't" reads as one word; anything else separates words.
            gap = true;
        }
    }
    if out.len() > max {
        let mid_word = out.as_bytes()[max] != b'-';
        out.truncate(max);
        if mid_word {
            if let Some(at) = out.rfind('-') {
                out.truncate(at);
            }
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The identifier of a check's `index`th step, item, option or group (by
/// authored index): `b` in SCORM 1.2; `b-the-browser-sends-a-request` in
/// 2004 (and xAPI), so a report reads without the lesson beside it. The
/// letter keeps ids unique and never empty.
pub fn part_id(edition: Edition, index: usize, text: &str) -> Option<String> {
    let symbol = char::from(*SYMBOLS.get(index)?);
    match (edition, words(text, 32)) {
        (Edition::Scorm12, _) => Some(symbol.to_string()),
        (Edition::Scorm2004, readable) if readable.is_empty() => Some(symbol.to_string()),
        (Edition::Scorm2004, readable) => Some(format!("{symbol}-{readable}")),
    }
}

/// The record's id. SCORM 1.2: the check's own id (lower-case letters,
/// digits and hyphens, as the compiler demands: a strict CMIIdentifier).
/// SCORM 2004: a URN naming the lesson and the check, as its
/// long_identifier_type asks of an id meant to be unique.
pub fn interaction_id(edition: Edition, title: &str, check: &Check) -> String {
    match edition {
        Edition::Scorm12 => check.id.chars().take(255).collect(),
        Edition::Scorm2004 => urn(title, Some(check)),
    }
}

/// `urn:roundtrip:<lesson>` or `urn:roundtrip:<lesson>:<check>`: a stable
/// name where there is no web address to name them by.
pub fn urn(title: &str, check: Option<&Check>) -> String {
    let lesson = Some(words(title, 64)).filter(|w| !w.is_empty()).unwrap_or_else(|| "lesson".into());
    match check {
        Some(check) => format!("urn:roundtrip:{lesson}:{}", check.id),
        None => format!("urn:roundtrip:{lesson}"),
    }
}

/// `[,]` and `[.]` in SCORM 2004 (and xAPI); `,` and `.` in 1.2.
fn separators(edition: Edition) -> (&'static str, &'static str) {
    match edition {
        Edition::Scorm12 => (",", "."),
        Edition::Scorm2004 => ("[,]", "[.]"),
    }
}

/// An answer in the edition's notation: sequencing, the steps' ids in the
/// learner's order; matching, `item.group` for every item in the lesson's
/// order; choice, the chosen options' ids. `None` for an answer that does
/// not fit the check.
pub fn response(edition: Edition, check: &Check, answer: &Answer) -> Option<String> {
    let (list, pair) = separators(edition);
    let ids: Vec<String> = match (&check.task, answer) {
        (Task::Order(order), Answer::Order(steps)) => steps
            .iter()
            .map(|&s| part_id(edition, usize::from(s), &order.steps.get(usize::from(s))?.text))
            .collect::<Option<_>>()?,
        (Task::Sort(sort), Answer::Sort(groups)) if groups.len() == sort.items.len() => sort
            .items
            .iter()
            .enumerate()
            .zip(groups)
            .map(|((i, item), group)| {
                let g = usize::from((*group)?);
                let item = part_id(edition, i, &item.text)?;
                let group = part_id(edition, g, sort.groups.get(g)?)?;
                Some(format!("{item}{pair}{group}"))
            })
            .collect::<Option<_>>()?,
        (Task::Choose(choose), Answer::Choose(chosen)) => chosen
            .iter()
            .map(|&c| part_id(edition, usize::from(c), &choose.options.get(usize::from(c))?.text))
            .collect::<Option<_>>()?,
        _ => return None,
    };
    (!ids.is_empty()).then(|| ids.join(list))
}

/// The one correct response, as a pattern. A single-answer question has
/// exactly one right option (the compiler sees to it); a multiple-answer one
/// is right only with every right option and no other, which is one
/// pattern of them all. (SCORM 1.2 writes it plainly, `a,c`: its optional
/// `{a,c}` form is read differently by different platforms.)
pub fn correct_pattern(edition: Edition, check: &Check) -> Option<String> {
    response(edition, check, &key(check))
}

/// `correct`, or 1.2's `wrong` and 2004's `incorrect`. A partly right
/// answer is not the correct response; how much credit it earned is in the
/// score, and in the xAPI statement.
pub fn result(edition: Edition, verdict: Verdict) -> &'static str {
    match (verdict, edition) {
        (Verdict::Right, _) => "correct",
        (_, Edition::Scorm12) => "wrong",
        (_, Edition::Scorm2004) => "incorrect",
    }
}

/// 1.2: the time of day, `HH:MM:SS` (it has no date). 2004: the date and
/// time, `YYYY-MM-DDThh:mm:ss.ssZ`; its format admits the zone only after
/// fractional seconds, so they are always written.
pub fn time(edition: Edition, at: Moment) -> String {
    let Moment { year, month, day, hour, minute, second, centis } = at;
    match edition {
        Edition::Scorm12 => format!("{hour:02}:{minute:02}:{second:02}"),
        Edition::Scorm2004 => {
            format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{centis:02}Z")
        }
    }
}

/// Whether `lang` is a language tag SCORM 2004's `{lang=…}` accepts.
fn is_language_tag(lang: &str) -> bool {
    let (primary, rest) = lang.split_once('-').map_or((lang, None), |(p, r)| (p, Some(r)));
    let primary_ok = (1..=8).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    let rest_ok = rest.is_none_or(|r| {
        (2..=8).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    primary_ok && rest_ok
}

/// The 2004 description: the question, `{lang=en}` first, on one line and at
/// most 250 characters (the least a platform must keep). Text that begins
/// with `{` would read as a delimiter, so such a brace is left out.
pub fn description(lang: &str, prompt: &str) -> String {
    let text = prompt.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = clip_to_width(text.trim_start_matches('{'), 250);
    if is_language_tag(lang) {
        format!("{{lang={lang}}}{text}")
    } else {
        text
    }
}

/// Every write of one interaction record at index `n`, in the order the
/// run-time needs them (the id first, the type before the responses), then
/// a commit: an instructor's record is worth keeping at once.
pub fn records(edition: Edition, n: u32, answered: &Answered) -> Result<Vec<Write>, InteractionError> {
    let check = answered.check;
    let unwritable =
        || InteractionError::Unwritable { check: check.id.to_string(), version: edition.version() };
    let response = response(edition, check, answered.answer).ok_or_else(unwritable)?;
    let pattern = correct_pattern(edition, check).ok_or_else(unwritable)?;
    let set = |part: InteractionPart, value: String| Write::Set(Element::Interaction(n, part), value);
    let mut writes = vec![
        set(InteractionPart::Id, interaction_id(edition, answered.title, check)),
        set(InteractionPart::Type, Kind::of(check).name().into()),
    ];
    if edition == Edition::Scorm2004 {
        writes.push(set(InteractionPart::Description, description(answered.lang, &check.prompt)));
    }
    writes.extend([
        set(InteractionPart::Time, time(edition, Moment::from_unix_ms(answered.at_ms))),
        // Every check counts the same toward the score.
        set(InteractionPart::Weighting, "1".into()),
        set(InteractionPart::Response, response),
        set(InteractionPart::CorrectPattern(0), pattern),
        set(InteractionPart::Result, result(edition, answered.grade.verdict()).into()),
    ]);
    if let Some(ms) = answered.latency_ms {
        writes.push(set(InteractionPart::Latency, timespan(edition, ms)));
    }
    writes.push(Write::Commit);
    Ok(writes)
}

/// When a check was put before the learner, for an answer's latency: when it
/// first came into view, and again at each Try again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    since_ms: Option<u64>,
}

impl Shown {
    /// The check came into view (only the first time counts).
    pub fn seen(&mut self, ms: u64) {
        self.since_ms.get_or_insert(ms);
    }

    /// Try again: the check is put before the learner anew.
    pub fn again(&mut self, ms: u64) {
        self.since_ms = Some(ms);
    }

    /// From then to an answer at `ms`; `None` if it was never known to show.
    pub fn latency(&self, ms: u64) -> Option<u64> {
        self.since_ms.map(|since| ms.saturating_sub(since))
    }
}

/// Which record comes next: the platform's count when the lesson started
/// (`cmi.interactions._count`), plus those written since. `None` where the
/// platform keeps no interactions (the count could not be read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Journal {
    next: Option<u32>,
}

impl Journal {
    /// From `cmi.interactions._count` as read (empty when the read failed).
    pub fn from_count(count: &str) -> Journal {
        Journal { next: count.trim().parse::<u32>().ok() }
    }

    /// The writes for one more answer, and the index moves on; nothing where
    /// the platform keeps no interactions, or holds as many as it must.
    pub fn record(&mut self, edition: Edition, answered: &Answered) -> Result<Vec<Write>, InteractionError> {
        let Some(n) = self.next.filter(|&n| n < MOST_INTERACTIONS) else { return Ok(Vec::new()) };
        let writes = records(edition, n, answered)?;
        self.next = Some(n + 1);
        Ok(writes)
    }

    /// The platform refused part of a record: no more are written.
    pub fn stop(&mut self) {
        self.next = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::grade;
    use crate::lesson::{Choice, Choose, Order, OrderStep, Sort, SortItem};

    fn check(id: &'static str, task: Task) -> Check {
        Check {
            id: id.into(),
            goal: 1,
            prompt: "Which one?".into(),
            section: "why".into(),
            explanation: "Because.".into(),
            task,
        }
    }

    fn order() -> Check {
        let step = |text: &'static str| OrderStep { text: text.into(), hint: "".into() };
        check(
            "steps",
            Task::Order(Order {
                steps: vec![step("Type an address"), step("The browser sends a request"), step("200 OK")]
                    .into(),
            }),
        )
    }

    fn sort() -> Check {
        let item = |text: &'static str, group: &'static str| SortItem {
            text: text.into(),
            group: group.into(),
            feedback: "".into(),
        };
        check(
            "which-end",
            Task::Sort(Sort {
                groups: vec!["Front End".into(), "Back End".into()].into(),
                items: vec![item("Colours", "Front End"), item("Storing data", "Back End")].into(),
            }),
        )
    }

    fn choose(multiple: bool) -> Check {
        let option =
            |text: &'static str, right: bool| Choice { text: text.into(), right, feedback: "".into() };
        check(
            "pick",
            Task::Choose(Choose {
                multiple,
                shuffle: false,
                options: vec![
                    option("404", true),
                    option("It doesn’t answer", false),
                    option("500", multiple),
                ]
                .into(),
            }),
        )
    }

    #[test]
    fn each_kind_of_check_is_its_kind_of_interaction() {
        assert_eq!(Kind::of(&order()).name(), "sequencing");
        assert_eq!(Kind::of(&sort()).name(), "matching");
        assert_eq!(Kind::of(&choose(false)).name(), "choice");
        assert_eq!(Kind::of(&choose(true)).name(), "choice");
    }

    #[test]
    fn scorm_12_responses_are_single_characters() {
        let d = Edition::Scorm12;
        assert_eq!(response(d, &order(), &Answer::Order(vec![1, 0, 2])).as_deref(), Some("b,a,c"));
        assert_eq!(correct_pattern(d, &order()).as_deref(), Some("a,b,c"));
        assert_eq!(response(d, &sort(), &Answer::Sort(vec![Some(1), Some(1)])).as_deref(), Some("a.b,b.b"));
        assert_eq!(correct_pattern(d, &sort()).as_deref(), Some("a.a,b.b"));
        assert_eq!(response(d, &choose(false), &Answer::Choose(vec![1])).as_deref(), Some("b"));
        assert_eq!(correct_pattern(d, &choose(false)).as_deref(), Some("a"));
        assert_eq!(response(d, &choose(true), &Answer::Choose(vec![0, 1])).as_deref(), Some("a,b"));
        assert_eq!(correct_pattern(d, &choose(true)).as_deref(), Some("a,c"));
    }

    #[test]
    fn scorm_2004_responses_name_what_was_chosen() {
        let d = Edition::Scorm2004;
        assert_eq!(
            response(d, &order(), &Answer::Order(vec![1, 0, 2])).as_deref(),
            Some("b-the-browser-sends-a-request[,]a-type-an-address[,]c-200-ok")
        );
        assert_eq!(
            correct_pattern(d, &sort()).as_deref(),
            Some("a-colours[.]a-front-end[,]b-storing-data[.]b-back-end")
        );
        // An apostrophe joins a word; other marks separate words.
        assert_eq!(
            response(d, &choose(false), &Answer::Choose(vec![1])).as_deref(),
            Some("b-it-doesnt-answer")
        );
        assert_eq!(correct_pattern(d, &choose(true)).as_deref(), Some("a-404[,]c-500"));
    }

    #[test]
    fn an_answer_that_does_not_fit_has_no_response() {
        for d in [Edition::Scorm12, Edition::Scorm2004] {
            assert_eq!(response(d, &order(), &Answer::Choose(vec![0])), None);
            assert_eq!(response(d, &order(), &Answer::Order(vec![0, 7, 1])), None, "no such step");
            assert_eq!(response(d, &sort(), &Answer::Sort(vec![Some(0), None])), None, "unfinished");
            assert_eq!(response(d, &sort(), &Answer::Sort(vec![Some(0)])), None, "too short");
            assert_eq!(response(d, &sort(), &Answer::Sort(vec![Some(0), Some(5)])), None, "no such group");
            assert_eq!(response(d, &choose(false), &Answer::Choose(vec![])), None, "nothing chosen");
        }
    }

    #[test]
    fn identifiers_stay_within_each_editions_limits() {
        assert_eq!(part_id(Edition::Scorm12, 0, "anything").as_deref(), Some("a"));
        assert_eq!(part_id(Edition::Scorm12, 26, "x").as_deref(), Some("0"));
        assert_eq!(part_id(Edition::Scorm12, 35, "x").as_deref(), Some("9"));
        assert_eq!(part_id(Edition::Scorm12, 36, "x"), None, "1.2 has no 37th character");
        // Non-ASCII text leaves the letter alone: ids are ASCII.
        assert_eq!(part_id(Edition::Scorm2004, 2, "数据库").as_deref(), Some("c"));
        assert_eq!(part_id(Edition::Scorm2004, 0, "Café crème").as_deref(), Some("a-caf-cr-me"));
        // Long text is cut between words, within 32 characters.
        let long =
            part_id(Edition::Scorm2004, 0, "It always sends back a response, even when it can’t find it")
                .unwrap();
        assert_eq!(long, "a-it-always-sends-back-a-response");
        assert_eq!(words("abcdefghij klmnop", 10), "abcdefghij");
        assert_eq!(words("abcdefghijk", 10), "abcdefghij", "one long word is cut inside it");
        assert_eq!(words("--Hello,  World!--", 40), "hello-world");
    }

    #[test]
    fn ids_name_the_check() {
        let check = order();
        assert_eq!(interaction_id(Edition::Scorm12, "What is Back End?", &check), "steps");
        assert_eq!(
            interaction_id(Edition::Scorm2004, "What is Back End?", &check),
            "urn:roundtrip:what-is-back-end:steps"
        );
        assert_eq!(urn("Qu’est-ce que c’est ?", None), "urn:roundtrip:quest-ce-que-cest");
        assert_eq!(urn("数据库", Some(&check)), "urn:roundtrip:lesson:steps");
    }

    #[test]
    fn results_in_each_editions_words() {
        assert_eq!(result(Edition::Scorm12, Verdict::Right), "correct");
        assert_eq!(result(Edition::Scorm12, Verdict::Partly), "wrong");
        assert_eq!(result(Edition::Scorm12, Verdict::Wrong), "wrong");
        assert_eq!(result(Edition::Scorm2004, Verdict::Right), "correct");
        assert_eq!(result(Edition::Scorm2004, Verdict::Partly), "incorrect");
        assert_eq!(result(Edition::Scorm2004, Verdict::Wrong), "incorrect");
    }

    #[test]
    fn the_clock_reads_as_a_calendar() {
        let at = |ms| Moment::from_unix_ms(ms);
        assert_eq!(at(0), Moment { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, centis: 0 });
        // 2024-02-29T13:45:07.891Z: a leap day.
        let leap = at(1_709_214_307_891);
        assert_eq!(
            leap,
            Moment { year: 2024, month: 2, day: 29, hour: 13, minute: 45, second: 7, centis: 89 }
        );
        assert_eq!(time(Edition::Scorm12, leap), "13:45:07");
        assert_eq!(time(Edition::Scorm2004, leap), "2024-02-29T13:45:07.89Z");
        // 2000-12-31T23:59:59.999Z and the moment after.
        assert_eq!(time(Edition::Scorm2004, at(978_307_199_999)), "2000-12-31T23:59:59.99Z");
        assert_eq!(time(Edition::Scorm2004, at(978_307_200_000)), "2001-01-01T00:00:00.00Z");
    }

    #[test]
    fn the_description_is_the_question_in_its_language() {
        assert_eq!(description("en", "Which one?"), "{lang=en}Which one?");
        assert_eq!(description("pt-BR", "Qual?"), "{lang=pt-BR}Qual?");
        assert_eq!(description("", "Which\n  one?"), "Which one?", "no language: no delimiter");
        assert_eq!(description("en", "{x} or y?"), "{lang=en}x} or y?");
        let long = description("en", &"word ".repeat(100));
        assert_eq!(long.chars().count(), "{lang=en}".len() + 250);
        assert!(long.ends_with('…'));
        assert!(!is_language_tag("english-please-now"));
        assert!(!is_language_tag("e1"));
    }

    fn answered<'a>(check: &'a Check, answer: &'a Answer, grade: &'a Grade) -> Answered<'a> {
        Answered {
            title: "Lesson",
            lang: "en",
            check,
            answer,
            grade,
            at_ms: 1_709_214_307_891,
            latency_ms: Some(61_000),
        }
    }

    fn set(n: u32, part: InteractionPart, value: &str) -> Write {
        Write::Set(Element::Interaction(n, part), value.into())
    }

    #[test]
    fn a_scorm_12_record_and_its_commit() {
        let check = sort();
        let answer = Answer::Sort(vec![Some(1), Some(1)]);
        let grade = grade(&check, &answer).unwrap();
        let writes = records(Edition::Scorm12, 3, &answered(&check, &answer, &grade)).unwrap();
        assert_eq!(
            writes,
            [
                set(3, InteractionPart::Id, "which-end"),
                set(3, InteractionPart::Type, "matching"),
                set(3, InteractionPart::Time, "13:45:07"),
                set(3, InteractionPart::Weighting, "1"),
                set(3, InteractionPart::Response, "a.b,b.b"),
                set(3, InteractionPart::CorrectPattern(0), "a.a,b.b"),
                set(3, InteractionPart::Result, "wrong"),
                set(3, InteractionPart::Latency, "00:01:01.00"),
                Write::Commit,
            ]
        );
    }

    #[test]
    fn a_scorm_2004_record_has_a_description_and_no_latency_when_unknown() {
        let check = choose(false);
        let answer = Answer::Choose(vec![0]);
        let grade = grade(&check, &answer).unwrap();
        let mut answered = answered(&check, &answer, &grade);
        answered.latency_ms = None;
        let writes = records(Edition::Scorm2004, 0, &answered).unwrap();
        assert_eq!(
            writes,
            [
                set(0, InteractionPart::Id, "urn:roundtrip:lesson:pick"),
                set(0, InteractionPart::Type, "choice"),
                set(0, InteractionPart::Description, "{lang=en}Which one?"),
                set(0, InteractionPart::Time, "2024-02-29T13:45:07.89Z"),
                set(0, InteractionPart::Weighting, "1"),
                set(0, InteractionPart::Response, "a-404"),
                set(0, InteractionPart::CorrectPattern(0), "a-404"),
                set(0, InteractionPart::Result, "correct"),
                Write::Commit,
            ]
        );
    }

    #[test]
    fn each_answer_is_a_new_record_where_the_platform_keeps_them() {
        let check = order();
        let answer = Answer::Order(vec![0, 1, 2]);
        let grade = grade(&check, &answer).unwrap();
        let answered = answered(&check, &answer, &grade);
        // Two records were there from an earlier visit.
        let mut journal = Journal::from_count("2");
        let first = journal.record(Edition::Scorm12, &answered).unwrap();
        assert_eq!(first[0], set(2, InteractionPart::Id, "steps"));
        let again = journal.record(Edition::Scorm12, &answered).unwrap();
        assert_eq!(again[0], set(3, InteractionPart::Id, "steps"), "a try after Try again is journaled");
        // A platform that could not say how many it keeps keeps none.
        for unread in ["", "abc", "-1"] {
            assert_eq!(
                Journal::from_count(unread).record(Edition::Scorm12, &answered),
                Ok(Vec::new()),
                "{unread:?}"
            );
        }
        let mut full = Journal::from_count(&MOST_INTERACTIONS.to_string());
        assert_eq!(
            full.record(Edition::Scorm2004, &answered),
            Ok(Vec::new()),
            "as many as a platform must keep"
        );
        let mut last = Journal::from_count(&(MOST_INTERACTIONS - 1).to_string());
        assert_eq!(last.record(Edition::Scorm2004, &answered).map(|w| w.len() > 1), Ok(true));
        assert_eq!(last.record(Edition::Scorm2004, &answered), Ok(Vec::new()));
    }

    #[test]
    fn an_answer_that_cannot_be_written_is_an_error_and_takes_no_index() {
        let check = order();
        let answer = Answer::Choose(vec![0]);
        let graded = grade(&choose(false), &answer).unwrap();
        let mut journal = Journal::from_count("0");
        let e = journal.record(Edition::Scorm12, &answered(&check, &answer, &graded)).unwrap_err();
        assert_eq!(e.to_string(), "the answer to `steps` cannot be written as a SCORM 1.2 response");
        let right = Answer::Order(vec![0, 1, 2]);
        let graded = grade(&check, &right).unwrap();
        let writes = journal.record(Edition::Scorm12, &answered(&check, &right, &graded)).unwrap();
        assert_eq!(writes[0], set(0, InteractionPart::Id, "steps"));
    }

    #[test]
    fn latency_runs_from_first_sight_or_the_last_try_again() {
        let mut shown = Shown::default();
        assert_eq!(shown.latency(5_000), None, "never seen: not known");
        shown.seen(1_000);
        shown.seen(3_000);
        assert_eq!(shown.latency(5_000), Some(4_000), "seen again later changes nothing");
        shown.again(9_000);
        assert_eq!(shown.latency(9_500), Some(500));
        assert_eq!(shown.latency(8_000), Some(0), "a clock set back is no negative time");
    }

    #[test]
    fn element_names_per_edition() {
        let name = |d, part: InteractionPart| part.name(d).map(Cow::into_owned);
        assert_eq!(name(Edition::Scorm12, InteractionPart::Response).as_deref(), Some("student_response"));
        assert_eq!(name(Edition::Scorm2004, InteractionPart::Response).as_deref(), Some("learner_response"));
        assert_eq!(name(Edition::Scorm12, InteractionPart::Time).as_deref(), Some("time"));
        assert_eq!(name(Edition::Scorm2004, InteractionPart::Time).as_deref(), Some("timestamp"));
        assert_eq!(name(Edition::Scorm12, InteractionPart::Description), None);
        assert_eq!(
            name(Edition::Scorm2004, InteractionPart::CorrectPattern(0)).as_deref(),
            Some("correct_responses.0.pattern")
        );
    }
}
