//! Markdown → [`Document`], at build time. Anything the renderer could not show
//! safely or faithfully is a build error naming the file and line, so an
//! author learns of it before a learner does.
//!
//! The dialect is CommonMark plus:
//! - TOML front matter between `+++` lines (`title`, `lang`, `course_base`,
//!   `practice_api`, `[completion]`, `[embed]`);
//! - widget directives: a fenced block whose info string is `{name}`, with a
//!   TOML body, e.g. ```` ```{diagram} ````.

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use serde::Deserialize;
use url::Url;

use crate::model::{
    Amount, Block, Check, CheckWords, Choose, CompletionRule, Diagram, Document, EmbedControls, Inline, Lab,
    LinkKind, List, Method, Order, OutlineEntry, Preset, ProgressWords, Sort, Summary, Task, Text, Widget,
};
use crate::slug::Slugger;

/// What the build adds to what the Markdown says.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Overrides the front matter's `course_base`: the address this lesson has
    /// in its course, against which links to other lessons are resolved.
    pub course_base: Option<String>,
    /// Overrides the front matter's `practice_api`: where the practice back
    /// end's API is, for the request lab.
    pub practice_api: Option<String>,
}

/// Where the practice back end is when the lesson doesn't say: the page's
/// own `api/`, as the practice server serves the lesson and its API together.
pub const DEFAULT_PRACTICE_API: &str = "api/";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{path}:{line}: {message}")]
pub struct Error {
    pub path: String,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct FrontMatter {
    title: Option<String>,
    lang: Option<String>,
    course_base: Option<String>,
    practice_api: Option<String>,
    checks: Option<CheckWords>,
    progress: Option<ProgressWords>,
    completion: CompletionRule,
    embed: EmbedControls,
}

/// A `{check}` as written: the shared fields, and exactly one of the tables
/// that say what kind of check it is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckDirective {
    id: String,
    goal: u8,
    section: String,
    prompt: String,
    explanation: String,
    order: Option<Order>,
    sort: Option<Sort>,
    choose: Option<Choose>,
}

impl Default for EmbedControls {
    fn default() -> Self {
        EmbedControls {
            name: "Lesson window".into(),
            new_tab: "Open in a new tab".into(),
            fullscreen: "Full screen".into(),
            exit_fullscreen: "Exit full screen".into(),
            fullscreen_refused: "This page does not allow full screen here.".into(),
        }
    }
}

/// `"all"`, or a whole number.
impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Amount;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("\"all\" or a whole number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
                match v {
                    "all" => Ok(Amount::All),
                    other => Err(E::custom(format!("expected \"all\" or a whole number, found \"{other}\""))),
                }
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Amount, E> {
                u32::try_from(v)
                    .map(Amount::AtLeast)
                    .map_err(|_| E::custom(format!("expected \"all\" or a whole number, found {v}")))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContentsDirective {
    #[serde(default = "ContentsDirective::default_title")]
    title: String,
}

impl ContentsDirective {
    fn default_title() -> String {
        "On this page".to_owned()
    }
}

/// The directives an author may use, for the "unknown directive" message.
const DIRECTIVES: &[&str] = &["contents", "diagram", "lab", "check", "summary"];

/// A check's options, steps and items are saved one character each (`0-9a-z`).
const MOST_CHOICES: usize = 36;

/// Compiles one lesson. `path` is only used in error messages.
pub fn compile(path: &str, markdown: &str, settings: &Settings) -> Result<Document, Error> {
    Compiler::new(path, markdown).run(settings)
}

struct Compiler<'a> {
    path: &'a str,
    markdown: &'a str,
    /// Byte offset of the start of each line, for error messages.
    line_starts: Vec<usize>,
}

/// A block or inline container being filled while events stream past.
enum Frame {
    Blocks(Vec<Block>),
    Inlines(Vec<Inline>),
    Items(Vec<List<Block>>),
}

enum Open {
    Root,
    Paragraph,
    Heading(u8),
    List(bool),
    Item,
    Quote,
    Strong,
    Emphasis,
    Link(String),
    Directive { name: String, line: usize, body: String },
    Code { language: String, text: String },
}

struct Links<'a> {
    path: &'a str,
    base: Option<Url>,
    /// Where the practice back end's API is (ends with `/`).
    practice_api: String,
    /// `(line, target)` of every in-document link, checked once all ids are known.
    anchors: Vec<(usize, String)>,
}

/// Where each check and summary was, for what can only be checked once the
/// whole lesson is read: goals, duplicate ids, the words they need.
#[derive(Default)]
struct Placed {
    /// `(line, id, goal)`
    checks: Vec<(usize, String, u8)>,
    /// `(line, number of goals)`
    summaries: Vec<(usize, usize)>,
}

impl<'a> Compiler<'a> {
    fn new(path: &'a str, markdown: &'a str) -> Self {
        let line_starts =
            std::iter::once(0).chain(markdown.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Compiler { path, markdown, line_starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    fn error(&self, line: usize, message: impl Into<String>) -> Error {
        Error { path: self.path.to_owned(), line, message: message.into() }
    }

    fn run(self, settings: &Settings) -> Result<Document, Error> {
        let options = Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
        let events: Vec<_> = Parser::new_ext(self.markdown, options).into_offset_iter().collect();

        let mut front = FrontMatter::default();
        let mut stack: Vec<(Open, Frame)> = vec![(Open::Root, Frame::Blocks(Vec::new()))];
        let mut slugger = Slugger::default();
        let mut outline = Vec::new();
        let mut title_from_heading: Option<String> = None;
        let mut ids: Vec<Text> = Vec::new();
        let mut links = Links {
            path: self.path,
            base: None,
            practice_api: DEFAULT_PRACTICE_API.to_owned(),
            anchors: Vec::new(),
        };
        if let Some(api) = &settings.practice_api {
            links.practice_api = practice_api(api).map_err(|message| {
                self.error(1, format!("practice_api `{api}` (this build's setting): {message}"))
            })?;
        }
        let mut placed = Placed::default();
        let mut in_front_matter = false;

        for (event, range) in events {
            let line = self.line_of(range.start);
            match event {
                Event::Start(Tag::MetadataBlock(MetadataBlockKind::PlusesStyle)) => in_front_matter = true,
                Event::End(TagEnd::MetadataBlock(_)) => {
                    in_front_matter = false;
                    let base = settings.course_base.clone().or_else(|| front.course_base.clone());
                    links.base = match base {
                        Some(base) => Some(self.course_base(line, &base)?),
                        None => None,
                    };
                    // The build's setting, if any, was taken before the loop and wins.
                    if let (None, Some(api)) = (&settings.practice_api, &front.practice_api) {
                        links.practice_api = practice_api(api)
                            .map_err(|message| self.error(line, format!("practice_api `{api}`: {message}")))?;
                    }
                }
                Event::Text(text) if in_front_matter => {
                    front = toml::from_str(&text)
                        .map_err(|e| self.error(line + 1, format!("front matter: {}", e.message())))?;
                }
                Event::Start(tag) => {
                    let open = match tag {
                        Tag::Paragraph => Open::Paragraph,
                        Tag::Heading { level, .. } => Open::Heading(heading_level(level)),
                        Tag::List(start) => Open::List(start.is_some()),
                        Tag::Item => Open::Item,
                        Tag::BlockQuote(_) => Open::Quote,
                        Tag::Strong => Open::Strong,
                        Tag::Emphasis => Open::Emphasis,
                        Tag::Link { dest_url, .. } => Open::Link(dest_url.into_string()),
                        Tag::CodeBlock(CodeBlockKind::Fenced(info)) => match directive_name(&info) {
                            Some(name) => Open::Directive { name: name.to_owned(), line, body: String::new() },
                            None => Open::Code { language: info.split_whitespace().next().unwrap_or("").to_owned(), text: String::new() },
                        },
                        Tag::CodeBlock(CodeBlockKind::Indented) => Open::Code { language: String::new(), text: String::new() },
                        Tag::Image { .. } => {
                            return Err(self.error(
                                line,
                                "images are not supported: a hot-linked image breaks offline and inside an LMS; \
                                 use the {diagram} directive or ship the picture with the lesson",
                            ))
                        }
                        Tag::HtmlBlock => {
                            return Err(self.error(line, "raw HTML is not supported: write Markdown, or use a directive"))
                        }
                        other => return Err(self.error(line, format!("unsupported Markdown: {other:?}"))),
                    };
                    let frame = match open {
                        Open::List(_) => Frame::Items(Vec::new()),
                        Open::Item | Open::Quote | Open::Directive { .. } | Open::Code { .. } => Frame::Blocks(Vec::new()),
                        _ => Frame::Inlines(Vec::new()),
                    };
                    stack.push((open, frame));
                }
                Event::End(_) => {
                    let Some((open, frame)) = stack.pop() else {
                        return Err(self.error(line, "unbalanced Markdown"));
                    };
                    let finished = self.finish(open, frame, line, &mut links, &mut placed)?;
                    match finished {
                        Finished::Block(Block::Heading { level, content, .. }) => {
                            let text = Inline::plain_text(&content);
                            let id: Text = slugger.unique(&text).into();
                            ids.push(id.clone());
                            if level == 1 && title_from_heading.is_none() {
                                title_from_heading = Some(text);
                            } else if title_from_heading.is_some() {
                                outline.push(OutlineEntry { level, id: id.clone(), text: text.into() });
                            }
                            push_block(&mut stack, Block::Heading { level, id, content });
                        }
                        Finished::Block(block) => push_block(&mut stack, block),
                        Finished::Inline(inline) => push_inline(&mut stack, inline),
                        Finished::Item(blocks) => {
                            if let Some((_, Frame::Items(items))) = stack.last_mut() {
                                items.push(blocks.into());
                            }
                        }
                    }
                }
                Event::Text(text) => match stack.last_mut() {
                    Some((Open::Directive { body, .. }, _)) | Some((Open::Code { text: body, .. }, _)) => {
                        body.push_str(&text)
                    }
                    _ => push_inline(&mut stack, Inline::Text(text.into_string().into())),
                },
                Event::Code(code) => push_inline(&mut stack, Inline::Code(code.into_string().into())),
                Event::SoftBreak => push_inline(&mut stack, Inline::Text(" ".into())),
                Event::HardBreak => push_inline(&mut stack, Inline::LineBreak),
                Event::Rule => push_block(&mut stack, Block::Rule),
                Event::Html(_) | Event::InlineHtml(_) => {
                    return Err(self.error(
                        line,
                        "raw HTML is not supported (the page never injects HTML): write Markdown, or use a directive",
                    ))
                }
                other => return Err(self.error(line, format!("unsupported Markdown: {other:?}"))),
            }
        }

        for (line, target) in &links.anchors {
            if !ids.iter().any(|id| id == target) {
                return Err(self.error(*line, format!("link to #{target}, but no heading has that id")));
            }
        }

        self.check_placed(&placed, &front, &ids)?;

        let Some((Open::Root, Frame::Blocks(blocks))) = stack.pop() else {
            return Err(self.error(self.line_starts.len(), "unbalanced Markdown"));
        };
        validate_completion(&front.completion, &blocks).map_err(|message| self.error(1, message))?;
        let title = match (front.title, title_from_heading) {
            (Some(title), _) | (None, Some(title)) => title,
            (None, None) => {
                return Err(self
                    .error(1, "the lesson has no title: add `title` to the front matter or a `# Heading`"))
            }
        };
        Ok(Document {
            title: title.into(),
            lang: front.lang.unwrap_or_else(|| "en".to_owned()).into(),
            blocks: blocks.into(),
            outline: outline.into(),
            check_words: front.checks,
            progress_words: front.progress,
            completion: front.completion,
            embed: front.embed,
        })
    }

    /// What no single directive can know: that checks have their words, a
    /// summary listing their goal, and ids unique in the whole page.
    fn check_placed(&self, placed: &Placed, front: &FrontMatter, ids: &[Text]) -> Result<(), Error> {
        let first = placed.checks.first().map(|(line, ..)| *line).or(placed.summaries.first().map(|s| s.0));
        if let Some(line) = first {
            if front.checks.is_none() {
                return Err(self.error(
                    line,
                    "checks need the words on their buttons and results: add a [checks] table to the front matter",
                ));
            }
            if front.progress.is_none() {
                return Err(self.error(
                    line,
                    "checks need the words about saving progress: add a [progress] table to the front matter",
                ));
            }
        }
        if let Some((line, _)) = placed.summaries.get(1) {
            return Err(self.error(*line, "a lesson has at most one {summary}"));
        }
        let goals = placed.summaries.first().map(|(_, goals)| *goals);
        let mut seen: Vec<&str> = Vec::new();
        for (line, id, goal) in &placed.checks {
            let Some(goals) = goals else {
                return Err(self.error(
                    *line,
                    "a lesson with checks needs a {summary} listing its goals (the checks' `goal` numbers)",
                ));
            };
            if *goal == 0 || usize::from(*goal) > goals {
                return Err(self.error(
                    *line,
                    format!("{{check}} `{id}`: goal {goal} is not one of the {goals} goals in {{summary}} (1 to {goals})"),
                ));
            }
            if seen.contains(&id.as_str()) {
                return Err(self.error(*line, format!("two checks have the id `{id}`")));
            }
            seen.push(id);
            let anchor = format!("check-{id}");
            if ids.iter().any(|heading| *heading == anchor) {
                return Err(self.error(
                    *line,
                    format!(
                        "{{check}} `{id}`: a heading already has the id `{anchor}`; choose another check id"
                    ),
                ));
            }
        }
        Ok(())
    }

    fn course_base(&self, line: usize, base: &str) -> Result<Url, Error> {
        let url = Url::parse(base)
            .map_err(|e| self.error(line, format!("course_base `{base}` is not an absolute URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(self.error(line, format!("course_base `{base}` must be an http(s) address")));
        }
        Ok(url)
    }

    fn finish(
        &self,
        open: Open,
        frame: Frame,
        line: usize,
        links: &mut Links,
        placed: &mut Placed,
    ) -> Result<Finished, Error> {
        Ok(match (open, frame) {
            (Open::Paragraph, Frame::Inlines(content)) => {
                Finished::Block(Block::Paragraph(merge_text(content).into()))
            }
            (Open::Heading(level), Frame::Inlines(content)) => Finished::Block(Block::Heading {
                level,
                id: Cow::Borrowed(""),
                content: merge_text(content).into(),
            }),
            (Open::List(ordered), Frame::Items(items)) => {
                Finished::Block(Block::List { ordered, items: items.into() })
            }
            (Open::Item, Frame::Blocks(blocks)) => {
                Finished::Item(blocks.into_iter().map(merge_paragraph).collect())
            }
            (Open::Quote, Frame::Blocks(blocks)) => Finished::Block(Block::Quote(blocks.into())),
            (Open::Strong, Frame::Inlines(content)) => {
                Finished::Inline(Inline::Strong(merge_text(content).into()))
            }
            (Open::Emphasis, Frame::Inlines(content)) => {
                Finished::Inline(Inline::Emphasis(merge_text(content).into()))
            }
            (Open::Link(href), Frame::Inlines(content)) => {
                let (href, kind) = links.classify(&href, line)?;
                Finished::Inline(Inline::Link {
                    href: href.into(),
                    kind,
                    content: merge_text(content).into(),
                })
            }
            (Open::Code { language, text }, _) => {
                Finished::Block(Block::Code { language: language.into(), text: text.into() })
            }
            (Open::Directive { name, line, body }, _) => {
                Finished::Block(Block::Widget(self.directive(&name, line, &body, links, placed)?))
            }
            _ => return Err(self.error(line, "unbalanced Markdown")),
        })
    }

    fn directive(
        &self,
        name: &str,
        line: usize,
        body: &str,
        links: &mut Links,
        placed: &mut Placed,
    ) -> Result<Widget, Error> {
        let body_error = |e: toml::de::Error| {
            // The body starts on the line after the fence.
            let at = e.span().map(|span| line + 1 + body[..span.start].matches('\n').count()).unwrap_or(line);
            self.error(at, format!("{{{name}}}: {}", e.message()))
        };
        match name {
            "contents" => {
                let ContentsDirective { title } = toml::from_str(body).map_err(body_error)?;
                Ok(Widget::Contents { title: title.into() })
            }
            "diagram" => {
                let diagram: Diagram = toml::from_str(body).map_err(body_error)?;
                validate_diagram(&diagram)
                    .map_err(|message| self.error(line, format!("{{diagram}}: {message}")))?;
                Ok(Widget::Diagram(diagram))
            }
            "lab" => {
                let mut lab: Lab = toml::from_str(body).map_err(body_error)?;
                validate_lab(&lab).map_err(|message| self.error(line, format!("{{lab}}: {message}")))?;
                let api = &links.practice_api;
                let presets = lab.presets.iter().cloned().map(|preset| match preset.practice {
                    true => Preset { url: at_practice_api(api, &preset.url).into(), ..preset },
                    false => preset,
                });
                lab.presets = presets.collect::<Vec<_>>().into();
                lab.practice_api = api.clone().into();
                Ok(Widget::Lab(lab))
            }
            "check" => {
                let directive: CheckDirective = toml::from_str(body).map_err(body_error)?;
                let check = check_from(directive)
                    .map_err(|message| self.error(line, format!("{{check}}: {message}")))?;
                links.anchors.push((line, check.section.to_string()));
                placed.checks.push((line, check.id.to_string(), check.goal));
                Ok(Widget::Check(check))
            }
            "summary" => {
                let summary: Summary = toml::from_str(body).map_err(body_error)?;
                if summary.goals.is_empty() {
                    return Err(self.error(line, "{summary}: needs at least one [[goals]]"));
                }
                for goal in summary.goals.iter() {
                    links.anchors.push((line, goal.section.to_string()));
                }
                placed.summaries.push((line, summary.goals.len()));
                Ok(Widget::Summary(summary))
            }
            unknown => Err(self.error(
                line,
                format!("unknown directive {{{unknown}}}; known directives: {}", DIRECTIVES.join(", ")),
            )),
        }
    }
}

// Lives for one step of the build-time compiler; its size doesn't matter.
#[allow(clippy::large_enum_variant)]
enum Finished {
    Block(Block),
    Inline(Inline),
    Item(Vec<Block>),
}

impl Links<'_> {
    fn classify(&mut self, href: &str, line: usize) -> Result<(String, LinkKind), Error> {
        let error = |message: String| Error { path: self.path.to_owned(), line, message };
        if let Some(target) = href.strip_prefix('#') {
            self.anchors.push((line, target.to_owned()));
            return Ok((href.to_owned(), LinkKind::Anchor));
        }
        match Url::parse(href) {
            Ok(url) => match url.scheme() {
                "http" | "https" | "mailto" => Ok((href.to_owned(), LinkKind::External)),
                scheme => Err(error(format!("link `{href}`: `{scheme}:` links are not allowed"))),
            },
            Err(url::ParseError::RelativeUrlWithoutBase) => match &self.base {
                Some(base) => {
                    let url = base.join(href).map_err(|e| error(format!("link `{href}`: {e}")))?;
                    Ok((url.into(), LinkKind::Course))
                }
                None => Ok((href.to_owned(), LinkKind::Course)),
            },
            Err(e) => Err(error(format!("link `{href}` is not a valid address: {e}"))),
        }
    }
}

/// What serde cannot check: a diagram must have something to show, and every
/// deep link and status code in it must make sense.
fn validate_diagram(diagram: &Diagram) -> Result<(), String> {
    if diagram.scenarios.is_empty() {
        return Err("needs at least one [[scenarios]]".into());
    }
    let mut ids = Vec::new();
    for scenario in diagram.scenarios.iter() {
        let id = scenario.id.as_ref();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err(format!(
                "scenario id `{id}` must be lower-case letters, digits and hyphens (it is used in links)"
            ));
        }
        if ids.contains(&id) {
            return Err(format!("two scenarios have the id `{id}`"));
        }
        ids.push(id);
        if scenario.steps.is_empty() {
            return Err(format!("scenario `{id}` has no [[scenarios.steps]]"));
        }
        if !(100..=599).contains(&scenario.status) {
            return Err(format!(
                "scenario `{id}`: {} is not an HTTP status code (100 to 599)",
                scenario.status
            ));
        }
    }
    Ok(())
}

/// The longest body a preset may ask to be padded to.
const MAX_PADDED_BODY: u32 = 1024 * 1024;

/// The practice back end's address as written: an `http(s)` address, or
/// one relative to the page, such as `api/` or `../practice/api/`. It names
/// a folder, so it ends with `/`.
fn practice_api(api: &str) -> Result<String, String> {
    let api = api.trim();
    if !api.ends_with('/') {
        return Err("must end with `/` (it is the folder of the API's addresses, like `api/`)".into());
    }
    if api.contains(['?', '#', '\\']) || api.chars().any(char::is_whitespace) {
        return Err("must be a plain address: no `?`, `#`, `\\` or spaces".into());
    }
    if api.starts_with("//") {
        return Err("write the scheme: `https://…`".into());
    }
    match Url::parse(api) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(url.into()),
        Ok(url) => {
            Err(format!("must be an http(s) address or relative to the page, not `{}:`", url.scheme()))
        }
        Err(url::ParseError::RelativeUrlWithoutBase) => Ok(api.to_owned()),
        Err(e) => Err(e.to_string()),
    }
}

/// A practice preset's address (written relative to the practice back end),
/// as the page sends it.
fn at_practice_api(api: &str, url: &str) -> String {
    match Url::parse(api) {
        Ok(base) => base.join(url).map_or_else(|_| format!("{api}{url}"), String::from),
        // Relative to the page: a path from the page's root stays as written.
        Err(_) if url.starts_with('/') => url.to_owned(),
        Err(_) => format!("{api}{url}"),
    }
}

/// What serde cannot check: presets a learner can send, one meaning per
/// status code, and schemes written the way the lab compares them.
fn validate_lab(lab: &Lab) -> Result<(), String> {
    if !(1..=120).contains(&lab.timeout_seconds) {
        return Err(format!("timeout_seconds = {} must be from 1 to 120", lab.timeout_seconds));
    }
    if !lab.presets.iter().any(|p| !p.practice) {
        return Err("needs at least one [[presets]] that works without the practice back end".into());
    }
    for preset in lab.presets.iter() {
        let label = preset.label.as_ref();
        if label.trim().is_empty() || preset.why.trim().is_empty() {
            return Err("every preset needs a `label` and a `why`".into());
        }
        if preset.url.trim().is_empty() {
            return Err(format!("preset `{label}` has no `url`"));
        }
        // Relative addresses keep the lesson working on any host, under any path.
        if Url::parse(&preset.url).is_ok() || preset.url.starts_with("//") {
            return Err(format!(
                "preset `{label}`: `{}` must be relative to the page (like `data/stores/80202.json`), not an absolute address",
                preset.url
            ));
        }
        if preset.method != Method::Post && (!preset.body.is_empty() || preset.pad_body_to.is_some()) {
            return Err(format!("preset `{label}`: only a POST sends a body"));
        }
        if preset.pad_body_to.is_some_and(|n| n > MAX_PADDED_BODY) {
            return Err(format!("preset `{label}`: pad_body_to is at most {MAX_PADDED_BODY} bytes"));
        }
        if preset.pad_body_to.is_some() && !preset.body.contains("\"padding\"") {
            return Err(format!(
                "preset `{label}`: pad_body_to needs a \"padding\" text in the body to grow"
            ));
        }
    }
    let mut seen = Vec::new();
    for code in lab.codes.iter() {
        if !(100..=599).contains(&code.status) {
            return Err(format!("{} is not an HTTP status code (100 to 599)", code.status));
        }
        if seen.contains(&code.status) {
            return Err(format!("two [[codes]] explain {}", code.status));
        }
        seen.push(code.status);
    }
    for scheme in lab.schemes.iter() {
        if scheme.scheme.is_empty()
            || scheme.scheme.ends_with(':')
            || scheme.scheme.chars().any(|c| c.is_ascii_uppercase())
        {
            return Err(format!("scheme `{}`: write it lower case, without the colon", scheme.scheme));
        }
    }
    Ok(())
}

/// A check as written → the model, refusing what a learner could not answer
/// or what would grade unfairly.
fn check_from(directive: CheckDirective) -> Result<Check, String> {
    let CheckDirective { id, goal, section, prompt, explanation, order, sort, choose } = directive;
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Err(format!(
            "id `{id}` must be lower-case letters, digits and hyphens (answers are saved under it)"
        ));
    }
    let named = |message: String| format!("`{id}`: {message}");
    for (field, text) in [("prompt", &prompt), ("explanation", &explanation), ("section", &section)] {
        if text.trim().is_empty() {
            return Err(named(format!("`{field}` is empty")));
        }
    }
    let task = match (order, sort, choose) {
        (Some(order), None, None) => Task::Order(order),
        (None, Some(sort), None) => Task::Sort(sort),
        (None, None, Some(choose)) => Task::Choose(choose),
        _ => return Err(named("needs exactly one of the tables [order], [sort] or [choose]".into())),
    };
    validate_task(&task).map_err(named)?;
    Ok(Check {
        id: id.into(),
        goal,
        prompt: prompt.into(),
        section: section.into(),
        explanation: explanation.into(),
        task,
    })
}

fn validate_task(task: &Task) -> Result<(), String> {
    let count = |what: &str, n: usize| {
        if (2..=MOST_CHOICES).contains(&n) {
            Ok(())
        } else {
            Err(format!("needs 2 to {MOST_CHOICES} {what}, not {n}"))
        }
    };
    let distinct = |what: &str, texts: Vec<&str>| {
        for (i, text) in texts.iter().enumerate() {
            if text.trim().is_empty() {
                return Err(format!("{what} {} is empty", i + 1));
            }
            if texts[..i].contains(text) {
                return Err(format!("two {what}s read `{text}`; a learner could not tell them apart"));
            }
        }
        Ok(())
    };
    match task {
        Task::Order(order) => {
            count("[[order.steps]]", order.steps.len())?;
            distinct("step", order.steps.iter().map(|s| s.text.as_ref()).collect())
        }
        Task::Sort(sort) => {
            count("groups", sort.groups.len())?;
            count("[[sort.items]]", sort.items.len())?;
            distinct("group", sort.groups.iter().map(AsRef::as_ref).collect())?;
            distinct("item", sort.items.iter().map(|i| i.text.as_ref()).collect())?;
            for item in sort.items.iter() {
                if !sort.groups.contains(&item.group) {
                    return Err(format!(
                        "item `{}` goes in group `{}`, which is not one of the groups: {}",
                        item.text,
                        item.group,
                        sort.groups.join(", ")
                    ));
                }
            }
            Ok(())
        }
        Task::Choose(choose) => {
            count("[[choose.options]]", choose.options.len())?;
            distinct("option", choose.options.iter().map(|o| o.text.as_ref()).collect())?;
            let right = choose.options.iter().filter(|o| o.right).count();
            match (choose.multiple, right) {
                (false, 1) => Ok(()),
                (false, _) => Err(format!(
                    "a single-answer question needs exactly one option with `right = true`, not {right}; \
                     set `multiple = true` to ask for every answer that fits"
                )),
                (true, 0) => Err("no option has `right = true`".into()),
                (true, n) if n == choose.options.len() => Err(
                    "every option is right: add a wrong one, or choosing everything would score full marks"
                        .into(),
                ),
                (true, _) => Ok(()),
            }
        }
    }
}

/// A completion rule must be one a learner can meet in this lesson.
fn validate_completion(rule: &CompletionRule, blocks: &[Block]) -> Result<(), String> {
    if let Some(steps) = rule.diagram_steps {
        let total = crate::model::diagram_steps(blocks);
        if total == 0 {
            return Err("[completion] diagram_steps: the lesson has no {diagram}".into());
        }
        if let Amount::AtLeast(n) = steps {
            if n as usize > total {
                return Err(format!("[completion] diagram_steps = {n}, but the diagram has {total} steps"));
            }
        }
    }
    match rule.pass_score {
        Some(score) if score > 100 => Err(format!("[completion] pass_score = {score}: a score is 0 to 100")),
        Some(_) if rule.checks.is_none() => {
            Err("[completion] pass_score needs `checks`: a score comes from answering them".into())
        }
        _ => Ok(()),
    }
}

fn directive_name(info: &str) -> Option<&str> {
    let info = info.trim();
    info.strip_prefix('{')?.strip_suffix('}').map(str::trim)
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Adjacent text runs (split by the parser at entities and soft breaks) become one.
fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match (out.last_mut(), inline) {
            (Some(Inline::Text(previous)), Inline::Text(next)) => previous.to_mut().push_str(&next),
            (_, inline) => out.push(inline),
        }
    }
    out
}

/// A tight list item's text arrives in pieces; its paragraph is merged once complete.
fn merge_paragraph(block: Block) -> Block {
    match block {
        Block::Paragraph(content) => Block::Paragraph(merge_text(content.into_owned()).into()),
        other => other,
    }
}

fn push_block(stack: &mut [(Open, Frame)], block: Block) {
    if let Some((_, Frame::Blocks(blocks))) = stack.last_mut() {
        blocks.push(block);
    }
}

fn push_inline(stack: &mut [(Open, Frame)], inline: Inline) {
    match stack.last_mut() {
        Some((_, Frame::Inlines(inlines))) => inlines.push(inline),
        // A tight list item holds its text directly, without a paragraph.
        Some((_, Frame::Blocks(blocks))) => match blocks.last_mut() {
            Some(Block::Paragraph(content)) => content.to_mut().push(inline),
            _ => blocks.push(Block::Paragraph(vec![inline].into())),
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LESSON: &str = include_str!("../../content/what-is-back-end.md");

    fn compile_ok(markdown: &str) -> Document {
        compile("t.md", markdown, &Settings::default()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn compile_err(markdown: &str) -> Error {
        compile("t.md", markdown, &Settings::default()).expect_err("should not compile")
    }

    fn links(blocks: &[Block], out: &mut Vec<(String, LinkKind, String)>) {
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
        for block in blocks {
            match block {
                Block::Heading { content, .. } | Block::Paragraph(content) => inlines(content, out),
                Block::List { items, .. } => items.iter().for_each(|item| links(item, out)),
                Block::Quote(blocks) => links(blocks, out),
                _ => {}
            }
        }
    }

    #[test]
    fn the_lesson_compiles_with_every_part_of_the_source() {
        let doc = compile_ok(LESSON);
        assert_eq!(doc.title, "What is Back End Engineering?");
        assert_eq!(doc.lang, "en");
        let outline: Vec<_> = doc.outline.iter().map(|e| (e.level, e.id.as_ref())).collect();
        assert_eq!(
            outline,
            [
                (2, "goals"),
                (2, "how-does-the-web-even-work"),
                (2, "what-is-back-end-engineering-2"),
                (2, "back-end-front-end"),
                (2, "what-technologies-are-used-on-the-back-end"),
                (2, "how-did-you-do"),
                (3, "up-next"),
            ]
        );
        let mut found = Vec::new();
        links(&doc.blocks, &mut found);
        let texts: Vec<_> = found.iter().map(|(_, _, text)| text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Welcome and Introductions",
                "target.com",
                "try.turing.edu/help",
                "target.com",
                "Ruby Introduction",
                "Ruby Methods",
                "Control Flow",
                "Loops",
                "Extension Challenge",
                "Wrap-Up"
            ]
        );
        assert_eq!(found[0], ("../".into(), LinkKind::Course, "Welcome and Introductions".into()));
        assert_eq!(found[2].1, LinkKind::External);
        assert!(doc.blocks.iter().any(
            |b| matches!(b, Block::Widget(Widget::Diagram(d)) if d.credit.contains("Mozilla.org") && d.scenarios.len() == 2 && d.scenarios.iter().all(|s| s.steps.len() == 6))
        ));
        assert!(doc
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Widget(Widget::Contents { title }) if title == "On this page")));
        assert!(doc
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Quote(q) if matches!(&q[0], Block::Paragraph(p)
            if Inline::plain_text(p).starts_with("At Turing, our full-time students")))));
    }

    #[test]
    fn the_lesson_checks_each_of_its_three_goals() {
        let doc = compile_ok(LESSON);
        let checks = doc.checks();
        let ids: Vec<(&str, u8)> = checks.iter().map(|c| (c.id.as_ref(), c.goal)).collect();
        assert_eq!(
            ids,
            [
                ("cycle-order", 1),
                ("server-responds", 1),
                ("not-found-code", 1),
                ("on-the-server", 1),
                ("front-or-back", 2),
                ("languages-or-databases", 3),
                ("what-is-postgresql", 3)
            ]
        );
        let kinds: Vec<&str> = checks
            .iter()
            .map(|c| match &c.task {
                Task::Order(_) => "order",
                Task::Sort(_) => "sort",
                Task::Choose(choose) if choose.multiple => "choose all",
                Task::Choose(_) => "choose one",
            })
            .collect();
        assert_eq!(kinds, ["order", "choose one", "choose one", "choose all", "sort", "sort", "choose one"]);
        let summary = doc.blocks.iter().find_map(|b| match b {
            Block::Widget(Widget::Summary(s)) => Some(s),
            _ => None,
        });
        assert_eq!(summary.map(|s| s.goals.len()), Some(3));
        assert!(summary.is_some_and(|s| s.completion.is_some()), "the summary says when it is complete");
        assert!(doc.check_words.is_some() && doc.progress_words.is_some());
    }

    /// A small lesson with one check, to break in one place at a time.
    fn with_check(check_body: &str) -> String {
        format!(
            "+++\n[checks]\n{WORDS}\n[progress]\nnot_kept = \"n\"\nunreadable = \"u\"\nresume = \"r\"\n+++\n\
             # T\n\n## Web\n\n```{{check}}\n{check_body}\n```\n\n```{{summary}}\n{SUMMARY}\n```\n"
        )
    }

    const WORDS: &str = "kicker = \"k\"\ncheck = \"c\"\nretry = \"r\"\nshow_me = \"s\"\nchoose_all = \"a\"\n\
        right = \"r\"\npartly = \"p\"\nwrong = \"w\"\nwhy = \"y\"\nmark_right = \"m\"\nmark_out_of_place = \"o\"\n\
        mark_wrong = \"x\"\nmove_up = \"u\"\nmove_down = \"d\"\nmoved = \"v\"\norder_result = \"o\"\n\
        sort_result = \"s\"\nmissed = \"m\"\nsort_incomplete = \"i\"\nchoose_incomplete = \"j\"";

    const SUMMARY: &str =
        "score = \"s\"\ndone = \"d\"\nto_do = \"t\"\ngoal_score = \"g\"\nnot_answered = \"n\"\ntries = \"t\"\n\
        start_over = \"s\"\nstart_over_question = \"q\"\nstart_over_yes = \"y\"\nstart_over_no = \"n\"\n\
        started_over = \"o\"\n[[goals]]\ntext = \"Web\"\nsection = \"web\"";

    const CHOOSE: &str = "id = \"q\"\ngoal = 1\nsection = \"web\"\nprompt = \"P?\"\nexplanation = \"E\"\n\
        [[choose.options]]\ntext = \"yes\"\nright = true\nfeedback = \"f\"\n\
        [[choose.options]]\ntext = \"no\"\nfeedback = \"g\"";

    /// The line of the check's fence in [`with_check`].
    fn check_line(markdown: &str) -> usize {
        markdown.lines().position(|l| l == "```{check}").unwrap() + 1
    }

    #[test]
    fn a_check_is_authored_in_markdown_alone() {
        let doc = compile_ok(&with_check(CHOOSE));
        let checks = doc.checks();
        assert_eq!(checks.len(), 1);
        assert_eq!((checks[0].id.as_ref(), checks[0].anchor()), ("q", "check-q".to_owned()));
        let Task::Choose(choose) = &checks[0].task else { panic!() };
        assert!(!choose.multiple && choose.shuffle, "single answer and shuffled unless said otherwise");
    }

    #[test]
    fn a_malformed_check_names_its_line() {
        let md = with_check(&CHOOSE.replace("goal = 1", "goal = \"one\""));
        let e = compile_err(&md);
        assert_eq!(e.line, check_line(&md) + 2, "the line of `goal`: {e}");
        assert!(e.message.starts_with("{check}"), "{e}");

        let e = compile_err(&with_check(&CHOOSE.replace("prompt", "question")));
        assert!(e.message.contains("unknown field `question`"), "{e}");
        let md = with_check(&CHOOSE.replace("feedback = \"g\"", "feedbak = \"g\""));
        let e = compile_err(&md);
        assert!(e.message.contains("unknown field `feedbak`"), "{e}");
        assert_eq!(e.line, md.lines().position(|l| l.starts_with("feedbak")).unwrap() + 1);
    }

    #[test]
    fn a_check_must_be_answerable_and_fair() {
        let cases: [(String, &str); 9] = [
            (CHOOSE.replace("id = \"q\"", "id = \"Q 1\""), "lower-case letters"),
            (CHOOSE.replace("[[choose.options]]", "[[order.steps]]"), "expected `text` or `hint`"),
            (CHOOSE.split("[[choose").next().unwrap().to_owned(), "exactly one of the tables"),
            (CHOOSE.replace("feedback = \"g\"", "feedback = \"g\"\nright = true"), "exactly one option"),
            (
                CHOOSE
                    .replace("explanation = \"E\"\n", "explanation = \"E\"\n[choose]\nmultiple = true\n")
                    .replace("feedback = \"g\"", "feedback = \"g\"\nright = true"),
                "choosing everything",
            ),
            (CHOOSE.replace("text = \"no\"", "text = \"yes\""), "two options read `yes`"),
            (CHOOSE.replace("prompt = \"P?\"", "prompt = \" \""), "`prompt` is empty"),
            (
                "id = \"s\"\ngoal = 1\nsection = \"web\"\nprompt = \"P\"\nexplanation = \"E\"\n[sort]\n\
                 groups = [\"A\", \"B\"]\n[[sort.items]]\ntext = \"x\"\ngroup = \"A\"\nfeedback = \"f\"\n\
                 [[sort.items]]\ntext = \"y\"\ngroup = \"C\"\nfeedback = \"f\""
                    .to_owned(),
                "goes in group `C`, which is not one of the groups: A, B",
            ),
            (
                "id = \"o\"\ngoal = 1\nsection = \"web\"\nprompt = \"P\"\nexplanation = \"E\"\n\
                 [[order.steps]]\ntext = \"only\"\nhint = \"h\""
                    .to_owned(),
                "needs 2 to 36 [[order.steps]], not 1",
            ),
        ];
        for (body, expected) in cases {
            let md = with_check(&body);
            let e = compile_err(&md);
            assert!(e.message.contains(expected), "expected {expected:?}, got: {e}");
        }
    }

    #[test]
    fn a_check_links_to_a_real_section_and_a_listed_goal() {
        let md = with_check(&CHOOSE.replace("section = \"web\"", "section = \"nowhere\""));
        let e = compile_err(&md);
        assert_eq!(e.line, check_line(&md), "{e}");
        assert!(e.message.contains("#nowhere"), "{e}");

        let md = with_check(&CHOOSE.replace("goal = 1", "goal = 4"));
        let e = compile_err(&md);
        assert_eq!(e.line, check_line(&md), "{e}");
        assert!(e.message.contains("goal 4 is not one of the 1 goals"), "{e}");

        let md = with_check(&format!("{CHOOSE}\n```\n\n```{{check}}\n{CHOOSE}"));
        let e = compile_err(&md);
        assert!(e.message.contains("two checks have the id `q`"), "{e}");

        let md = with_check(CHOOSE).replace("## Web", "## Web\n\n## Check Q");
        let e = compile_err(&md);
        assert!(e.message.contains("a heading already has the id `check-q`"), "{e}");
    }

    #[test]
    fn checks_need_their_words_and_a_summary() {
        let md = with_check(CHOOSE);
        let without_words = md.replace("[checks]", "[unused]").replace("[unused]\n", "");
        let e = compile("t.md", &without_words.replacen(WORDS, "", 1), &Settings::default()).unwrap_err();
        assert!(e.message.contains("add a [checks] table to the front matter"), "{e}");

        let without_summary = md.split("```{summary}").next().unwrap().to_owned();
        let e = compile_err(&without_summary);
        assert!(e.message.contains("needs a {summary}"), "{e}");
        assert_eq!(e.line, check_line(&md));

        let twice = format!("{md}\n```{{summary}}\n{SUMMARY}\n```\n");
        let e = compile_err(&twice);
        assert!(e.message.contains("at most one {summary}"), "{e}");
    }

    /// The compiler's checks, the model and scoring share one walk: a widget
    /// in a list item or a quote counts for all of them.
    #[test]
    fn a_widget_in_a_list_or_a_quote_counts_everywhere() {
        let nested = include_str!("../../tests/fixtures/nested.md");
        // `diagram_steps = 3` is met by the diagram in a list item.
        let doc = compile_ok(nested);
        let kinds: Vec<&str> = doc
            .widgets()
            .iter()
            .map(|w| match w {
                Widget::Diagram(_) => "diagram",
                Widget::Check(_) => "check",
                Widget::Summary(_) => "summary",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["diagram", "check", "summary"]);
        assert_eq!((doc.diagrams().len(), doc.checks().len(), doc.diagram_steps()), (1, 1, 3));
        assert_eq!(doc.summary().map(|s| s.goals.len()), Some(1));
        let e = compile_err(&nested.replace("diagram_steps = 3", "diagram_steps = 4"));
        assert!(e.message.contains("the diagram has 3 steps"), "{e}");
    }

    #[test]
    fn a_tight_list_item_keeps_its_emphasis_and_text_together() {
        let doc = compile_ok("# T\n\n- **Databases**: PostgreSQL, MySQL\n- plain\n");
        let Block::List { ordered: false, items } = &doc.blocks[1] else { panic!("{:?}", doc.blocks) };
        assert_eq!(items.len(), 2);
        let Block::Paragraph(content) = &items[0][0] else { panic!("{:?}", items[0]) };
        assert_eq!(
            content.as_ref(),
            [
                Inline::Strong(vec![Inline::Text("Databases".into())].into()),
                Inline::Text(": PostgreSQL, MySQL".into())
            ]
        );
    }

    #[test]
    fn nested_lists_and_soft_breaks() {
        let doc = compile_ok("# T\n\n1. one\n   - inner\n2. two\nwraps\n");
        let Block::List { ordered: true, items } = &doc.blocks[1] else { panic!("{:?}", doc.blocks) };
        assert!(matches!(&items[0][1], Block::List { ordered: false, .. }));
        assert_eq!(items[1].as_ref(), [Block::Paragraph(vec![Inline::Text("two wraps".into())].into())]);
    }

    #[test]
    fn an_unknown_directive_names_file_and_line() {
        let e = compile_err("# T\n\ntext\n\n```{quiz}\nx = 1\n```\n");
        assert_eq!((e.path.as_str(), e.line), ("t.md", 5));
        assert!(e.message.contains("unknown directive {quiz}"), "{e}");
        assert!(e.message.contains("diagram"), "lists the known ones: {e}");
        assert_eq!(e.to_string().split(':').take(2).collect::<Vec<_>>(), ["t.md", "5"]);
    }

    #[test]
    fn a_malformed_directive_body_names_its_line() {
        let e = compile_err("# T\n\n```{diagram}\nalt = \"a\"\ncredit = oops\ncredit_href = \"h\"\n```\n");
        assert_eq!(e.line, 5, "{e}");
        let e = compile_err("# T\n\n```{diagram}\nalt = \"a\"\n```\n");
        assert!(e.message.contains("missing field `credit`"), "{e}");
        let e = compile_err("# T\n\n```{contents}\ncolour = 1\n```\n");
        assert!(e.message.contains("unknown field `colour`"), "{e}");
    }

    #[test]
    fn a_diagram_must_make_sense() {
        let lesson = LESSON.replace("id = \"missing\"", "id = \"found\"");
        let e = compile("t.md", &lesson, &Settings::default()).unwrap_err();
        assert!(e.message.contains("two scenarios have the id `found`"), "{e}");
        assert_eq!(e.line, LESSON.lines().position(|l| l == "```{diagram}").unwrap() + 1);
        let lesson = LESSON.replace("status = 404", "status = 42");
        let e = compile("t.md", &lesson, &Settings::default()).unwrap_err();
        assert!(e.message.contains("42 is not an HTTP status code"), "{e}");
        let lesson = LESSON.replace("stage = \"work\"", "stage = \"dance\"");
        let e = compile("t.md", &lesson, &Settings::default()).unwrap_err();
        assert!(e.message.contains("unknown variant `dance`"), "{e}");
        let at = LESSON.lines().position(|l| l == "stage = \"work\"").unwrap() + 1;
        assert_eq!(e.line, at, "the error points at the bad line: {e}");
    }

    fn lab(doc: &Document) -> &Lab {
        doc.blocks
            .iter()
            .find_map(|b| match b {
                Block::Widget(Widget::Lab(lab)) => Some(lab),
                _ => None,
            })
            .expect("a lab")
    }

    #[test]
    fn the_lab_follows_the_diagram_with_presets_for_any_host() {
        let doc = compile_ok(LESSON);
        let at = |f: fn(&Block) -> bool| doc.blocks.iter().position(f).unwrap();
        let diagram = at(|b| matches!(b, Block::Widget(Widget::Diagram(_))));
        assert_eq!(at(|b| matches!(b, Block::Widget(Widget::Lab(_)))), diagram + 1);
        let lab = lab(&doc);
        assert_eq!(lab.timeout_seconds, 10);
        let anywhere: Vec<_> = lab.presets.iter().filter(|p| !p.practice).map(|p| p.url.as_ref()).collect();
        assert!(anywhere.contains(&"help"), "the 404 moment works on any host");
        assert!(anywhere.contains(&"data/stores/80202.json"));
        let padded = lab.presets.iter().find(|p| p.pad_body_to.is_some()).unwrap();
        assert_eq!(padded.method, Method::Post);
        assert!(lab.codes.iter().any(|c| c.status == 404));
        assert_eq!(
            lab.schemes.iter().map(|s| s.scheme.as_ref()).collect::<Vec<_>>(),
            ["javascript", "data", "file", "ftp"]
        );
    }

    #[test]
    fn a_lab_must_make_sense() {
        let fence = LESSON.lines().position(|l| l == "```{lab}").unwrap() + 1;
        for (from, to, says) in [
            ("url = \"help\"", "url = \"https://example.com/help\"", "must be relative"),
            ("timeout_seconds = 10", "timeout_seconds = 0", "from 1 to 120"),
            ("status = 418", "status = 404", "two [[codes]] explain 404"),
            ("scheme = \"ftp\"", "scheme = \"FTP:\"", "lower case"),
            ("method = \"HEAD\"\nurl", "method = \"HEAD\"\nbody = \"x\"\nurl", "only a POST"),
        ] {
            assert!(LESSON.contains(from), "{from}");
            let e = compile("t.md", &LESSON.replacen(from, to, 1), &Settings::default()).unwrap_err();
            assert!(e.message.contains(says), "{e}");
            assert_eq!(e.line, fence, "{e}");
        }
        let e =
            compile("t.md", &LESSON.replace("method = \"POST\"", "method = \"PUT\""), &Settings::default())
                .unwrap_err();
        assert!(e.message.contains("unknown variant `PUT`"), "{e}");
    }

    /// The lesson's lab compiled with `practice_api` in its front matter
    /// (`None`: left out) and in the build's settings.
    fn lab_with_practice_api(front: Option<&str>, build: Option<&str>) -> Result<Lab, Error> {
        let lesson = match front {
            Some(api) => {
                LESSON.replacen("lang = \"en\"\n", &format!("lang = \"en\"\npractice_api = \"{api}\"\n"), 1)
            }
            None => LESSON.to_owned(),
        };
        let settings = Settings { practice_api: build.map(str::to_owned), ..Settings::default() };
        compile("t.md", &lesson, &settings).map(|doc| lab(&doc).clone())
    }

    fn practice_url(lab: &Lab, label: &str) -> String {
        lab.presets.iter().find(|p| p.label.contains(label)).map(|p| p.url.to_string()).unwrap()
    }

    #[test]
    fn practice_presets_are_addressed_at_the_practice_back_end() {
        // Left out: the page's own api/, as before the setting existed.
        let lab = lab_with_practice_api(None, None).unwrap();
        assert_eq!(lab.practice_api, "api/");
        assert_eq!(practice_url(&lab, "Is the practice back end there?"), "api/health");
        assert_eq!(practice_url(&lab, "Created (201)"), "api/status/201");
        assert_eq!(practice_url(&lab, "Stores near 80202"), "api/stores?zip=80202");
        assert_eq!(practice_url(&lab, "A page of this site that exists"), "index.html", "others as written");

        let lab = lab_with_practice_api(Some("https://practice.example.edu/api/"), None).unwrap();
        assert_eq!(lab.practice_api, "https://practice.example.edu/api/");
        assert_eq!(practice_url(&lab, "Created (201)"), "https://practice.example.edu/api/status/201");
        assert_eq!(practice_url(&lab, "A page of this site that exists"), "index.html");

        let lab = lab_with_practice_api(Some("../practice/api/"), None).unwrap();
        assert_eq!(practice_url(&lab, "Created (201)"), "../practice/api/status/201");

        // The build's setting wins over the front matter.
        let lab = lab_with_practice_api(Some("backend/"), Some("https://b.example/x/")).unwrap();
        assert_eq!(practice_url(&lab, "Created (201)"), "https://b.example/x/status/201");
    }

    #[test]
    fn a_practice_api_must_name_a_folder_on_the_web() {
        for (api, says) in [
            ("api", "must end with `/`"),
            ("ftp://example.edu/api/", "http(s)"),
            ("//example.edu/api/", "write the scheme"),
            ("api/?x=/", "plain address"),
        ] {
            let e = lab_with_practice_api(Some(api), None).unwrap_err();
            assert!(e.message.contains(says), "{api}: {e}");
            let e = lab_with_practice_api(None, Some(api)).unwrap_err();
            assert!(e.message.contains("this build's setting") && e.message.contains(says), "{api}: {e}");
        }
    }

    #[test]
    fn raw_html_and_images_are_refused() {
        let e = compile_err("# T\n\nsome <b>bold</b>\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("raw HTML"), "{e}");
        let e = compile_err("# T\n\n<div>\nblock\n</div>\n");
        assert!(e.message.contains("raw HTML"), "{e}");
        let e = compile_err("# T\n\n![a picture](https://example.com/p.png)\n");
        assert!(e.message.contains("images are not supported"), "{e}");
    }

    #[test]
    fn dangerous_and_broken_links_are_refused() {
        let e = compile_err("# T\n\n[x](javascript:alert(1))\n");
        assert!(e.message.contains("`javascript:` links are not allowed"), "{e}");
        let e = compile_err("# T\n\n[x](data:text/html,hi)\n");
        assert!(e.message.contains("`data:`"), "{e}");
        let e = compile_err("# T\n\n## Real\n\n[x](#not-here)\n");
        assert_eq!(e.line, 5);
        assert!(e.message.contains("#not-here"), "{e}");
        compile_ok("# T\n\n[x](#real)\n\n## Real\n");
    }

    #[test]
    fn links_to_other_lessons_resolve_against_the_course_base() {
        let md = "+++\ncourse_base = \"https://learn.example/m0/lessons/what-is/\"\n+++\n# T\n\n[next](../ruby-intro) [back](../)\n";
        let mut found = Vec::new();
        links(&compile_ok(md).blocks, &mut found);
        assert_eq!(found[0].0, "https://learn.example/m0/lessons/ruby-intro");
        assert_eq!(found[1].0, "https://learn.example/m0/lessons/");
        assert_eq!(found[0].1, LinkKind::Course);

        let settings =
            Settings { course_base: Some("https://other.example/c/l/".into()), ..Settings::default() };
        let doc = compile("t.md", md, &settings).unwrap();
        let mut found = Vec::new();
        links(&doc.blocks, &mut found);
        assert_eq!(found[0].0, "https://other.example/c/ruby-intro", "the build setting wins");

        let e = compile_err("+++\ncourse_base = \"lessons/\"\n+++\n# T\n");
        assert!(e.message.contains("not an absolute URL"), "{e}");
    }

    #[test]
    fn front_matter_errors_are_reported() {
        let e = compile_err("+++\ntitel = \"x\"\n+++\n# T\n");
        assert!(e.message.contains("unknown field `titel`"), "{e}");
        let e = compile_err("just text, no heading\n");
        assert!(e.message.contains("no title"), "{e}");
        let doc = compile_ok("+++\ntitle = \"Named\"\nlang = \"fr\"\n+++\ntext\n");
        assert_eq!((doc.title.as_ref(), doc.lang.as_ref()), ("Named", "fr"));
    }

    #[test]
    fn the_completion_rule_is_authored_in_the_front_matter() {
        let doc = compile_ok(LESSON);
        assert_eq!(doc.completion.diagram_steps, Some(Amount::All));
        assert_eq!(doc.embed.new_tab, "Open in a new tab");

        // From the section with the diagram on, which the checks link to.
        let diagram_at = LESSON.find("## How Does the Web Even Work?").unwrap();
        // The lesson's checks need their words from its front matter.
        let words_at = LESSON.find("[checks]").unwrap();
        let words = &LESSON[words_at..LESSON[words_at..].find("+++").unwrap() + words_at];
        let with = |front: &str| format!("+++\n{front}\n{words}+++\n# T\n\n{}", &LESSON[diagram_at..]);
        let doc = compile_ok(&with(
            "[completion]\ndiagram_steps = 3\nrequests = 1\nchecks = \"all\"\npass_score = 80",
        ));
        assert_eq!(
            doc.completion,
            CompletionRule {
                diagram_steps: Some(Amount::AtLeast(3)),
                requests: Some(1),
                checks: Some(Amount::All),
                pass_score: Some(80),
            }
        );
        assert_eq!(compile_ok("# T\n").completion, CompletionRule::default(), "nothing required");

        let e = compile_err(&with("[completion]\ndiagram_steps = \"most\""));
        assert!(e.message.contains("expected \"all\" or a whole number"), "{e}");
        let e = compile_err(&with("[completion]\ndiagram_steps = 99"));
        assert!(e.message.contains("the diagram has 12 steps"), "{e}");
        let e = compile_err("+++\n[completion]\ndiagram_steps = \"all\"\n+++\n# T\n");
        assert!(e.message.contains("no {diagram}"), "{e}");
        let e = compile_err(&with("[completion]\nchecks = \"all\"\npass_score = 101"));
        assert!(e.message.contains("0 to 100"), "{e}");
        let e = compile_err(&with("[completion]\npass_score = 80"));
        assert!(e.message.contains("needs `checks`"), "{e}");
        let e = compile_err(&with("[completion]\nsteps = 1"));
        assert!(e.message.contains("unknown field `steps`"), "{e}");
    }

    #[test]
    fn embed_words_default_and_can_be_authored() {
        let doc = compile_ok("+++\n[embed]\nnew_tab = \"Nouvel onglet\"\n+++\n# T\n");
        assert_eq!(doc.embed.new_tab, "Nouvel onglet");
        assert_eq!(doc.embed.fullscreen, "Full screen", "the rest keep their defaults");
        let e = compile_err("+++\n[embed]\nclose = \"x\"\n+++\n# T\n");
        assert!(e.message.contains("unknown field `close`"), "{e}");
    }

    #[test]
    fn text_is_kept_as_text_never_markup() {
        let doc = compile_ok("# T\n\nA &lt;script&gt; tag and `<b>` code.\n");
        let Block::Paragraph(content) = &doc.blocks[1] else { panic!() };
        assert_eq!(Inline::plain_text(content), "A <script> tag and <b> code.");
    }
}
