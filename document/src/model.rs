//! The lesson document. Text is `Cow<'static, _>` so that one type serves both
//! the compiler (which owns what it parses) and the app (which borrows the
//! document compiled into the wasm as static data).
//!
//! A widget's settings are deserialised straight from its directive's TOML
//! body (with the `compile` feature), so a widget type is declared once, here.

use std::borrow::Cow;

pub type Text = Cow<'static, str>;
pub type List<T> = Cow<'static, [T]>;

/// One lesson, compiled from one Markdown file.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub struct Document {
    /// The lesson's title, for the browser tab and the table of contents.
    pub title: Text,
    /// The document's language (`lang` attribute), e.g. `en`.
    pub lang: Text,
    /// A sentence on what the lesson is about, for search engines and the
    /// course page: the front matter's `description`, or the first sentence
    /// after the title.
    pub description: Text,
    pub blocks: List<Block>,
    /// Every heading after the title, in order: the table of contents.
    pub outline: List<OutlineEntry>,
    /// The words every knowledge check shares (words `[checks]`).
    pub check_words: CheckWords,
    /// The words about keeping the learner's progress (words `[progress]`).
    pub progress_words: ProgressWords,
    /// What the learner must do for the lesson to count as complete.
    pub completion: CompletionRule,
    /// The words on the controls shown when another page frames the lesson.
    pub frame: FrameWords,
    /// The words about links (words `[links]`).
    pub links: LinkWords,
    /// Where the lesson stands in its course, when it is built as part of one.
    pub course: Option<CoursePlace>,
    /// The name the learner's progress in this lesson is kept under in the
    /// browser: `roundtrip:` and the title as a slug, so lessons on one site
    /// keep theirs apart.
    pub key: Text,
}

/// A lesson as the page's app reads it: everything but its text, which the
/// page already holds as HTML. Its widgets keep their order (an island is
/// named by its place among them).
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub struct AppLesson {
    pub title: Text,
    pub lang: Text,
    pub widgets: List<Widget>,
    pub outline: List<OutlineEntry>,
    pub check_words: CheckWords,
    pub progress_words: ProgressWords,
    pub completion: CompletionRule,
    pub frame: FrameWords,
    pub links: LinkWords,
    pub course: Option<CoursePlace>,
    pub key: Text,
}

impl Document {
    /// What the page's app reads of this lesson.
    pub fn for_app(&self) -> AppLesson {
        AppLesson {
            title: self.title.clone(),
            lang: self.lang.clone(),
            widgets: self.widgets().into_iter().cloned().collect::<Vec<_>>().into(),
            outline: self.outline.clone(),
            check_words: self.check_words.clone(),
            progress_words: self.progress_words.clone(),
            completion: self.completion.clone(),
            frame: self.frame.clone(),
            links: self.links.clone(),
            course: self.course.clone(),
            key: self.key.clone(),
        }
    }
}

impl From<AppLesson> for Document {
    /// The lesson as the app's components read it: its widgets as its only
    /// blocks, in their order.
    fn from(lesson: AppLesson) -> Document {
        Document {
            title: lesson.title,
            lang: lesson.lang,
            description: Text::default(),
            blocks: lesson.widgets.iter().cloned().map(Block::Widget).collect::<Vec<_>>().into(),
            outline: lesson.outline,
            check_words: lesson.check_words,
            progress_words: lesson.progress_words,
            completion: lesson.completion,
            frame: lesson.frame,
            links: lesson.links,
            course: lesson.course,
            key: lesson.key,
        }
    }
}

/// The words about links (words `[links]`).
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LinkWords {
    /// Said (to screen readers) after a link that opens in a new tab.
    pub new_tab: Text,
}

/// What a page of the course shows, as the app reads it: a lesson, or the
/// course page.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
// Read once per page and never moved: the variants' sizes don't matter.
#[allow(clippy::large_enum_variant)]
pub enum Page {
    Lesson(AppLesson),
    Course(CourseIndex),
}

/// The course page: its lessons, in order, for the learner's progress in each.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub struct CourseIndex {
    pub title: Text,
    pub lessons: List<CourseEntry>,
    pub words: CourseWords,
}

/// One lesson on the course page.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub struct CourseEntry {
    pub slug: Text,
    pub title: Text,
    /// The lesson's page, relative to the course page (`what-is-back-end/`).
    pub href: Text,
    /// Where the lesson keeps the learner's progress in the browser.
    pub key: Text,
    /// The lesson's sections, to name the one the learner was reading.
    pub outline: List<OutlineEntry>,
}

/// A lesson's place in its course: its name there, the course page, and the
/// lessons before and after it.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub struct CoursePlace {
    /// The lesson's folder in the course (its Markdown file's name without
    /// `.md`): the name its progress is listed under for the course page.
    pub slug: Text,
    /// The course's title.
    pub title: Text,
    /// The course page, relative to the lesson's page (`../`) or absolute.
    pub home: Text,
    pub previous: Option<LessonLink>,
    pub next: Option<LessonLink>,
    pub words: CourseWords,
}

/// A link to another lesson of the course.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub struct LessonLink {
    /// Relative to the linking page (`../ruby-intro/`), or absolute.
    pub href: Text,
    pub title: Text,
}

/// The words of the course around a lesson (words `[course]`): the links
/// between lessons, and the course page's account of the learner's progress.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CourseWords {
    /// Names the links between lessons for assistive technology.
    pub nav: Text,
    pub previous: Text,
    pub next: Text,
    pub all_lessons: Text,
    pub not_started: Text,
    pub in_progress: Text,
    /// `{score}`.
    pub in_progress_score: Text,
    pub complete: Text,
    /// `{score}`.
    pub passed: Text,
    /// `{score}`: below the lesson's pass mark.
    pub failed: Text,
    /// `{lesson}`.
    pub resume: Text,
    /// `{lesson}`, `{section}`.
    pub resume_at: Text,
    /// `{lesson}`: the first.
    pub start: Text,
}

/// When the lesson counts as complete (front matter `[completion]`), and with
/// knowledge checks, what score passes. Nothing required: complete on opening.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct CompletionRule {
    /// Steps of the diagram seen, over all its scenarios.
    pub diagram_steps: Option<Amount>,
    /// Real requests sent from the request lab that came back.
    pub requests: Option<u32>,
    /// Knowledge checks answered.
    pub checks: Option<Amount>,
    /// The score (0 to 100) that passes, once the checks are answered.
    pub pass_score: Option<u8>,
}

/// How many of something: every one there is, or at least a number.
#[derive(serde::Serialize, serde::Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amount {
    All,
    AtLeast(u32),
}

/// The words on the controls for a lesson inside another page, its frame
/// (front matter `[frame]`, or `[embed]` as older lessons spell it): leave the
/// frame for a tab of its own, or go full screen.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrameWords {
    /// Names the group of controls for assistive technology.
    pub name: Text,
    pub new_tab: Text,
    pub fullscreen: Text,
    pub exit_fullscreen: Text,
    /// Shown when the host page does not let the lesson go full screen.
    pub fullscreen_refused: Text,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub id: Text,
    pub text: Text,
}

// The document is static data, built once and never moved: variant sizes don't matter.
#[allow(clippy::large_enum_variant)]
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        /// Stable, unique within the document: the target of deep links.
        id: Text,
        content: List<Inline>,
    },
    Paragraph(List<Inline>),
    List {
        ordered: bool,
        items: List<List<Block>>,
    },
    Quote(List<Block>),
    Code {
        language: Text,
        text: Text,
    },
    Rule,
    Widget(Widget),
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub enum Inline {
    Text(Text),
    Strong(List<Inline>),
    Emphasis(List<Inline>),
    Code(Text),
    Link { href: Text, kind: LinkKind, content: List<Inline> },
    LineBreak,
}

/// Where a link leads decides how it opens.
#[derive(serde::Serialize, serde::Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// Another site: opens in a new tab, with no opener and no referrer.
    External,
    /// Another lesson of the course, resolved against the course base.
    Course,
    /// A place in this document.
    Anchor,
}

/// An interactive part of the lesson, placed by a directive in the Markdown.
#[allow(clippy::large_enum_variant)]
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub enum Widget {
    /// The table of contents, built from the document's outline.
    Contents { title: Text },
    /// The client-server diagram.
    Diagram(Diagram),
    /// The request lab: real requests from the learner's browser.
    Lab(Lab),
    /// A knowledge check: one short question on one of the lesson's goals.
    Check(Check),
    /// Each goal, whether its checks are done, and the score.
    Summary(Summary),
}

/// The client-server diagram: a picture of the request-response cycle, told
/// one step at a time, in one or more scenarios.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Diagram {
    /// The text alternative of the picture.
    pub alt: Text,
    /// Who drew the picture this diagram is based on.
    pub credit: Text,
    pub credit_href: Text,
    /// The words drawn in the picture.
    pub labels: DiagramLabelWords,
    /// The words on the diagram's controls.
    pub controls: DiagramControlWords,
    pub scenarios: List<Scenario>,
    /// Narration for a real request from the request lab, played live.
    pub live: LiveWords,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DiagramLabelWords {
    pub client: Text,
    pub server: Text,
    pub database: Text,
    /// The connection between client and server, e.g. `HTTP(S)`.
    pub connection: Text,
    pub request: Text,
    pub response: Text,
    /// Shown by the server, which never stops listening.
    pub listening: Text,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DiagramControlWords {
    /// Names the diagram for assistive technology.
    pub name: Text,
    pub scenario: Text,
    pub back: Text,
    pub next: Text,
    pub play: Text,
    pub pause: Text,
    pub restart: Text,
    /// `Step {n} of {total}`.
    pub progress: Text,
    pub link: Text,
    /// Leaves a live request and returns to the scenarios.
    pub leave_live: Text,
    /// Where scripts don't run: says that the steps below are the diagram's
    /// story as text (shown only then).
    #[serde(default)]
    pub needs_script: Text,
}

/// One story through the cycle, e.g. "the page exists".
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Used in deep links: `#diagram-<id>-step-3`.
    pub id: Text,
    pub label: Text,
    /// What the learner types into the address bar.
    pub address: Text,
    pub method: Text,
    pub path: Text,
    pub status: u16,
    pub reason: Text,
    /// What the browser shows once the response is rendered.
    pub page: Text,
    pub steps: List<Step>,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub stage: Stage,
    pub title: Text,
    pub text: Text,
}

/// Where in the cycle a step is; decides what the picture highlights and
/// where the message is.
#[derive(serde::Serialize, serde::Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// The learner types an address into the client.
    Address,
    /// The request travels from client to server.
    Request,
    /// The server, always listening, receives it.
    Receive,
    /// The back end does its work, with the database.
    Work,
    /// The response travels back, carrying a status code.
    Respond,
    /// The browser renders what came back.
    Render,
}

/// Templates for a live request. Placeholders: `{method}`, `{path}`,
/// `{status}`, `{reason}`, `{class}`, `{ms}`, `{why}`.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LiveWords {
    pub title: Text,
    pub started: Text,
    pub answered: Text,
    pub failed: Text,
}

/// The request lab: presets to send, the words on its controls, and what
/// each status code and each failure means, in the lesson's voice.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Lab {
    /// Seconds before a request is given up; the learner can change it.
    pub timeout_seconds: u32,
    pub labels: LabWords,
    pub presets: List<Preset>,
    /// What a status code means, for the codes worth their own words.
    pub codes: List<CodeMeaning>,
    /// What a code means when it has no words of its own, by class.
    pub classes: StatusClassWords,
    pub failures: FailureWords,
    /// Why an address with this scheme is not sent.
    pub schemes: List<SchemeReason>,
    /// Where the practice back end's API is: the front matter's
    /// `practice_api` (or the build's `ROUNDTRIP_PRACTICE_API`), `api/` by
    /// default; ends with `/`. Relative to the page, or an `http(s)`
    /// address. Set by the compiler, not in the `{lab}` block.
    pub practice_api: Text,
}

/// The words on the lab's controls and in its response view. Placeholders are
/// named in each field's comment.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LabWords {
    pub title: Text,
    pub intro: Text,
    /// Where scripts don't run: what sending a request would need (shown only then).
    #[serde(default)]
    pub needs_script: Text,
    pub preset: Text,
    /// The preset list's entry for an address the learner typed.
    pub custom: Text,
    pub practice_found: Text,
    pub address: Text,
    pub method: Text,
    pub body: Text,
    pub content_type: Text,
    pub timeout: Text,
    pub send: Text,
    pub cancel: Text,
    /// `{method}`, `{url}`.
    pub sending: Text,
    pub response: Text,
    /// Before any request.
    pub nothing_yet: Text,
    pub time: Text,
    pub size: Text,
    /// `{bytes}`.
    pub bytes: Text,
    pub redirected: Text,
    /// `{url}`.
    pub redirected_to: Text,
    pub not_redirected: Text,
    pub headers: Text,
    pub headers_note: Text,
    pub body_preview: Text,
    pub empty_body: Text,
    pub no_body_for_head: Text,
    /// `{kib}`.
    pub truncated: Text,
    /// `{kind}`, `{bytes}`.
    pub binary: Text,
    pub html_note: Text,
    /// `{text}`: the reason phrase the server sent, when it differs.
    pub server_said: Text,
    /// `{why}`: the body stopped arriving.
    pub body_stopped: Text,
    pub not_sent: Text,
    pub no_status: Text,
    pub history: Text,
    pub history_empty: Text,
    pub clear: Text,
    /// `{n}`: entries kept.
    pub history_note: Text,
}

/// One request worth trying, with the reason it is interesting.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub label: Text,
    pub why: Text,
    #[serde(default)]
    pub method: Method,
    /// Relative to the page, so it works on any host and under any sub-path;
    /// a practice preset's is written relative to the practice back end's
    /// address, and compiled into one relative to the page (or absolute).
    pub url: Text,
    /// Shown only when the practice back end answers.
    #[serde(default)]
    pub practice: bool,
    #[serde(default)]
    pub body: Text,
    #[serde(default = "json_type")]
    pub content_type: Text,
    /// Pads the body's `"padding"` text until the body has this many bytes.
    #[serde(default)]
    pub pad_body_to: Option<u32>,
}

fn json_type() -> Text {
    Cow::Borrowed("application/json")
}

/// The methods the lab sends.
#[derive(serde::Serialize, serde::Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    #[default]
    Get,
    Head,
    Post,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Get, Method::Head, Method::Post];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
        }
    }

    pub fn parse(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// Whether a request with this method carries a body.
    pub fn has_body(self) -> bool {
        self == Method::Post
    }
}

/// `{method}` and `{path}` in `meaning` are the request's.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CodeMeaning {
    pub status: u16,
    pub meaning: Text,
}

/// A knowledge check, placed where the lesson teaches what it asks about.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub struct Check {
    /// Stable across edits: answers are saved under it, and `#check-<id>`
    /// links to the check.
    pub id: Text,
    /// Which of the lesson's goals (1, 2, …, as listed in `{summary}`) it checks.
    pub goal: u8,
    pub prompt: Text,
    /// The id of the heading whose section explains the answer.
    pub section: Text,
    /// Why the right answer is right; shown once the learner has answered.
    pub explanation: Text,
    pub task: Task,
}

/// What the learner does to answer.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub enum Task {
    /// Put steps in order.
    Order(Order),
    /// Sort items into groups.
    Sort(Sort),
    /// Choose one answer, or every answer that fits.
    Choose(Choose),
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// In the right order; the learner sees them shuffled.
    pub steps: List<OrderStep>,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OrderStep {
    pub text: Text,
    /// Shown beside the step when the learner put it out of place.
    pub hint: Text,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Sort {
    pub groups: List<Text>,
    pub items: List<SortItem>,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SortItem {
    pub text: Text,
    /// The name of the group it belongs in, one of [`Sort::groups`].
    pub group: Text,
    /// Shown beside the item when the learner put it in the wrong group.
    pub feedback: Text,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Choose {
    /// Whether more than one answer may be chosen (checkboxes, not radio buttons).
    #[serde(default)]
    pub multiple: bool,
    /// Whether the options are shown in a shuffled order; `false` keeps an
    /// order that matters, e.g. "none of these" last.
    #[serde(default = "yes")]
    pub shuffle: bool,
    pub options: List<Choice>,
}

fn yes() -> bool {
    true
}

/// One answer the learner may choose.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: Text,
    #[serde(default)]
    pub right: bool,
    /// Why choosing it is right or wrong, for a beginner.
    pub feedback: Text,
}

/// The end-of-lesson summary: the lesson's goals, each with its checks.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// `Your score: {score} out of 100`.
    pub score: Text,
    /// A goal whose checks are all answered.
    pub done: Text,
    /// `{answered} of {total} checks answered`.
    pub to_do: Text,
    /// A goal's own score: `{score} out of 100`.
    pub goal_score: Text,
    /// A check not answered yet.
    pub not_answered: Text,
    /// Beside a check answered more than once: `{n} tries` (each extra try
    /// counts for less).
    pub tries: Text,
    pub start_over: Text,
    /// Asked before anything is cleared.
    pub start_over_question: Text,
    pub start_over_yes: Text,
    pub start_over_no: Text,
    /// Said once everything is cleared.
    pub started_over: Text,
    /// Whether the lesson is complete by its rule (front matter
    /// `[completion]`), and what is still to do. Left out, the summary
    /// doesn't say.
    #[serde(default)]
    pub completion: Option<CompletionWords>,
    /// In order: goal 1 first.
    pub goals: List<Goal>,
}

/// The summary's words on the lesson's completion rule: done, or what is
/// still to do for it.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CompletionWords {
    /// Complete, and no score decides.
    pub complete: Text,
    /// Complete, with a score that passes: `{score}`, and `{pass}` (the pass
    /// mark, where the rule has one).
    pub passed: Text,
    /// Complete, but the score is below the pass mark: `{score}`, `{pass}`.
    pub failed: Text,
    /// Not yet: `{missing}` is the list of what is left, each as counted
    /// below, joined by `separator`.
    pub still_to_do: Text,
    pub separator: Text,
    pub diagram_steps: CountWords,
    pub requests: CountWords,
    pub checks: CountWords,
}

/// A count in words, `{n}` filled in: `one` for exactly one, `other` for
/// any other number (`{ one = "1 check", other = "{n} checks" }`).
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CountWords {
    pub one: Text,
    pub other: Text,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StatusClassWords {
    pub informational: Text,
    pub success: Text,
    pub redirection: Text,
    pub client_error: Text,
    pub server_error: Text,
}

/// Why no status code came back, one explanation per cause.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FailureWords {
    pub empty: Text,
    /// The browser's address parser refused it.
    pub invalid: Text,
    /// `{scheme}`: a scheme not in `schemes`.
    pub other_scheme: Text,
    pub credentials: Text,
    /// `{port}`.
    pub bad_port: Text,
    /// `{url}`.
    pub mixed_content: Text,
    /// Another origin: the browser cannot tell CORS from a network failure.
    /// Paragraphs are separated by a blank line.
    pub network_or_cors: Text,
    /// The header the server would have to send; `{origin}` is this page's.
    pub cors_header: Text,
    /// This page's own server: no CORS involved.
    pub network: Text,
    /// `{seconds}`.
    pub timeout: Text,
    pub cancelled: Text,
    /// The device is offline: the request never left it. Paragraphs are
    /// separated by a blank line.
    pub offline: Text,
    /// `{why}`: the browser's own words.
    pub other: Text,
    /// Short names for the history and the diagram.
    pub short: ShortFailureWords,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ShortFailureWords {
    pub refused: Text,
    pub network_or_cors: Text,
    pub network: Text,
    pub timeout: Text,
    pub cancelled: Text,
    pub offline: Text,
    pub other: Text,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SchemeReason {
    /// Without the colon, lower case: `javascript`.
    pub scheme: Text,
    pub why: Text,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub text: Text,
    /// The id of the heading whose section teaches it.
    pub section: Text,
}

/// The words on every check's controls and results. Templates fill `{name}`
/// placeholders.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CheckWords {
    /// Above each check's question, e.g. `Check your understanding`.
    pub kicker: Text,
    /// Where scripts don't run: that checking an answer needs them (shown only then).
    #[serde(default)]
    pub needs_script: Text,
    pub check: Text,
    pub retry: Text,
    /// The link to the section that explains the answer.
    pub show_me: Text,
    /// Shown under a question with more than one right answer.
    pub choose_all: Text,
    pub right: Text,
    pub partly: Text,
    pub wrong: Text,
    /// Before the explanation, e.g. `Why:`.
    pub why: Text,
    /// Beside a step in its place, an item in its group, a right choice.
    pub mark_right: Text,
    /// Beside a step out of place.
    pub mark_out_of_place: Text,
    /// Beside an item in the wrong group, a wrong choice.
    pub mark_wrong: Text,
    /// `Move up: {item}` (the button shows only an arrow).
    pub move_up: Text,
    pub move_down: Text,
    /// Announced after a move: `{item}: now {n} of {total}`.
    pub moved: Text,
    /// `{n} of {total} steps are out of place.`
    pub order_result: Text,
    /// `{n} of {total} items are in the wrong group.`
    pub sort_result: Text,
    /// When a multiple-answer question misses a right answer.
    pub missed: Text,
    pub sort_incomplete: Text,
    pub choose_incomplete: Text,
}

/// The words about the learner's progress on this device.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProgressWords {
    /// The browser won't keep progress (storage refused or full).
    pub not_kept: Text,
    /// Saved progress could not be read; the lesson starts fresh.
    pub unreadable: Text,
    /// The device is offline: the lesson works, and keeps progress here.
    pub offline: Text,
    /// A link back to where the learner was last time.
    pub resume: Text,
    /// The learning record store refused results for good.
    pub record_refused: Text,
    /// No more results can wait for the record store on this device.
    pub record_full: Text,
    /// The launch names a record store the lesson cannot use.
    pub record_unusable: Text,
    /// The cmi5 session this launch opened has ended.
    pub record_ended: Text,
    /// A link back to the platform that launched the lesson.
    pub back_to_platform: Text,
}

/// Every block, in reading order, each before the blocks it holds: the one
/// walk over a document, which descends into list items and quotes, so the
/// compiler, the model and scoring all see a widget wherever it stands.
pub fn walk(blocks: &[Block]) -> Walk<'_> {
    Walk { stack: vec![blocks.iter()] }
}

/// The iterator [`walk`] returns.
#[derive(Clone, Debug)]
pub struct Walk<'a> {
    /// The blocks left at each depth; the innermost last.
    stack: Vec<std::slice::Iter<'a, Block>>,
}

impl<'a> Iterator for Walk<'a> {
    type Item = &'a Block;

    fn next(&mut self) -> Option<&'a Block> {
        loop {
            let depth = self.stack.last_mut()?;
            let Some(block) = depth.next() else {
                self.stack.pop();
                continue;
            };
            match block {
                // The first item is walked first: it goes on top.
                Block::List { items, .. } => self.stack.extend(items.iter().rev().map(|item| item.iter())),
                Block::Quote(blocks) => self.stack.push(blocks.iter()),
                _ => {}
            }
            return Some(block);
        }
    }
}

/// Every widget in `blocks`, in the order the lesson shows them, wherever
/// its directive stands (in a list item or a quote too).
pub fn widgets(blocks: &[Block]) -> impl Iterator<Item = &Widget> {
    walk(blocks).filter_map(|block| if let Block::Widget(widget) = block { Some(widget) } else { None })
}

/// Every link in `blocks`' headings and paragraphs, in reading order, as
/// `(href, kind, text)`: for tests and tools that check where a lesson points.
pub fn links(blocks: &[Block]) -> Vec<(String, LinkKind, String)> {
    fn inlines(content: &[Inline], out: &mut Vec<(String, LinkKind, String)>) {
        for inline in content {
            match inline {
                Inline::Link { href, kind, content } => {
                    out.push((href.to_string(), *kind, Inline::plain_text(content)))
                }
                Inline::Strong(c) | Inline::Emphasis(c) => inlines(c, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for block in walk(blocks) {
        if let Block::Heading { content, .. } | Block::Paragraph(content) = block {
            inlines(content, &mut out);
        }
    }
    out
}

impl Document {
    /// Every widget, in the order the lesson shows them, wherever its
    /// directive stands (in a list item or a quote too).
    pub fn widgets(&self) -> Vec<&Widget> {
        widgets(&self.blocks).collect()
    }

    /// Every knowledge check, in the order the lesson shows them.
    pub fn checks(&self) -> Vec<&Check> {
        self.widgets()
            .into_iter()
            .filter_map(|w| if let Widget::Check(c) = w { Some(c) } else { None })
            .collect()
    }

    /// Every client-server diagram, in the order the lesson shows them.
    pub fn diagrams(&self) -> Vec<&Diagram> {
        self.widgets()
            .into_iter()
            .filter_map(|w| if let Widget::Diagram(d) = w { Some(d) } else { None })
            .collect()
    }

    /// Every request lab, in the order the lesson shows them.
    pub fn labs(&self) -> Vec<&Lab> {
        self.widgets()
            .into_iter()
            .filter_map(|w| if let Widget::Lab(l) = w { Some(l) } else { None })
            .collect()
    }

    /// The lesson's summary of its goals, if it has one (it has at most one).
    pub fn summary(&self) -> Option<&Summary> {
        widgets(&self.blocks).find_map(|w| if let Widget::Summary(s) = w { Some(s) } else { None })
    }

    /// How many steps all the diagrams' scenarios have together.
    pub fn diagram_steps(&self) -> usize {
        diagram_steps(&self.blocks)
    }
}

/// How many steps all the diagrams' scenarios in `blocks` have together.
pub fn diagram_steps(blocks: &[Block]) -> usize {
    widgets(blocks)
        .map(|w| match w {
            Widget::Diagram(d) => d.scenarios.iter().map(|s| s.steps.len()).sum(),
            _ => 0,
        })
        .sum()
}

impl Check {
    /// The id of the check's element: the target of `#check-<id>`.
    pub fn anchor(&self) -> String {
        format!("check-{}", self.id)
    }
}

impl Inline {
    /// The text a reader would see, without markup.
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for inline in inlines {
            inline.push_plain_text(&mut out);
        }
        out
    }

    fn push_plain_text(&self, out: &mut String) {
        match self {
            Inline::Text(text) | Inline::Code(text) => out.push_str(text),
            Inline::Strong(content) | Inline::Emphasis(content) | Inline::Link { content, .. } => {
                for inline in content.iter() {
                    inline.push_plain_text(out);
                }
            }
            Inline::LineBreak => out.push(' '),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(title: &'static str) -> Block {
        Block::Widget(Widget::Contents { title: title.into() })
    }

    fn titles<'a>(blocks: impl Iterator<Item = &'a Block>) -> Vec<&'a str> {
        blocks
            .map(|block| match block {
                Block::Widget(Widget::Contents { title }) => title.as_ref(),
                Block::List { .. } => "list",
                Block::Quote(_) => "quote",
                _ => "other",
            })
            .collect()
    }

    #[test]
    fn the_walk_reads_in_order_into_lists_and_quotes() {
        let blocks = vec![
            contents("a"),
            Block::List {
                ordered: false,
                items: vec![
                    List::from(vec![Block::Rule, contents("b")]),
                    List::from(vec![Block::Quote(vec![contents("c")].into())]),
                ]
                .into(),
            },
            Block::Quote(
                vec![Block::List { ordered: true, items: vec![vec![contents("d")].into()].into() }].into(),
            ),
            contents("e"),
        ];
        assert_eq!(
            titles(walk(&blocks)),
            ["a", "list", "other", "b", "quote", "c", "quote", "list", "d", "e"]
        );
        let found: Vec<_> = widgets(&blocks).map(|w| matches!(w, Widget::Contents { .. })).collect();
        assert_eq!(found.len(), 5);
        assert_eq!(walk(&[]).count(), 0);
    }
}
