//! The Markdown walk: pulldown-cmark's events, in one pass, into the
//! document's blocks, with heading ids, the outline and the title on the way.

use std::borrow::Cow;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd,
};

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::directives::Placed;
use super::front::{validate_completion, FrontMatter};
use super::links::{practice_api, Links};
use super::{words, Error, Settings, Source, DEFAULT_PRACTICE_API};
use crate::model::{Block, CoursePlace, Document, Inline, LessonLink, List, OutlineEntry, Text};
use crate::slug::Slugger;

/// A block or inline container being filled while events stream past.
enum Filling {
    Blocks(Vec<Block>),
    Inlines(Vec<Inline>),
    Items(Vec<List<Block>>),
}

/// What the innermost open container is, and what it has gathered outside its filling.
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

/// Reads one lesson: the state of the walk between two events.
pub(super) struct Reader<'a> {
    source: &'a Source<'a>,
    settings: &'a Settings,
    front: FrontMatter,
    /// The widgets' words this lesson shows: the built-in ones, the course's
    /// over them, and the front matter's over those.
    words: DeTable<'a>,
    in_front_matter: bool,
    /// The containers open around the current event, the root first.
    stack: Vec<(Open, Filling)>,
    headings: Headings,
    links: Links<'a>,
    placed: Placed,
}

/// Every heading's id, and the title and outline the headings make.
#[derive(Default)]
struct Headings {
    slugger: Slugger,
    ids: Vec<Text>,
    outline: Vec<OutlineEntry>,
    /// The first `# Heading`, the title when the front matter names none.
    title: Option<String>,
}

impl Headings {
    /// Gives a finished heading its id, and takes it into the title or the outline.
    fn add(&mut self, level: u8, content: List<Inline>) -> Block {
        let text = Inline::plain_text(&content);
        let id: Text = self.slugger.unique(&text).into();
        self.ids.push(id.clone());
        if level == 1 && self.title.is_none() {
            self.title = Some(text);
        } else if self.title.is_some() {
            self.outline.push(OutlineEntry { level, id: id.clone(), text: text.into() });
        }
        Block::Heading { level, id, content }
    }
}

impl<'a> Reader<'a> {
    pub(super) fn new(source: &'a Source<'a>, settings: &'a Settings) -> Result<Self, Error> {
        let mut links = Links {
            path: source.path,
            base: None,
            built: &settings.built,
            practice_api: DEFAULT_PRACTICE_API.to_owned(),
            anchors: Vec::new(),
        };
        if let Some(api) = &settings.practice_api {
            links.practice_api = practice_api(api).map_err(|message| {
                source.error(1, format!("practice_api `{api}` (this build's setting): {message}"))
            })?;
        }
        // The build's course base holds with or without a front matter.
        if let Some(base) = &settings.course_base {
            links.base = Some(source.course_base(1, base)?);
        }
        let mut words = words::english();
        if let Some(file) = &settings.words {
            let error = |offset: usize, message: String| Error {
                path: file.path.clone(),
                line: words::line_in(&file.text, 1, offset),
                message,
            };
            let mut own = words::parse(&file.text)
                .map_err(|e| error(e.span().map_or(0, |s| s.start), e.message().trim().to_owned()))?;
            if let Some((span, message)) = words::unknown(&own, &words, "") {
                return Err(error(span.start, message));
            }
            words::fill(&mut own, &words);
            words = own;
        }
        Ok(Reader {
            source,
            settings,
            front: FrontMatter::default(),
            words,
            in_front_matter: false,
            stack: vec![(Open::Root, Filling::Blocks(Vec::new()))],
            headings: Headings::default(),
            links,
            placed: Placed::default(),
        })
    }

    pub(super) fn read(mut self) -> Result<Document, Error> {
        let options = Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
        for (event, range) in Parser::new_ext(self.source.markdown, options).into_offset_iter() {
            let line = self.source.line_of(range.start);
            if let (Event::Text(_), true) = (&event, self.in_front_matter) {
                // Read from the source itself, so that the words it sets live
                // as long as the lesson is read.
                let text = &self.source.markdown[range.clone()];
                self.front_matter(text, range.start)?;
                continue;
            }
            self.event(event, line)?;
        }
        self.into_document()
    }

    fn event(&mut self, event: Event, line: usize) -> Result<(), Error> {
        match event {
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::PlusesStyle)) => self.in_front_matter = true,
            Event::End(TagEnd::MetadataBlock(_)) => self.end_front_matter(line)?,
            Event::Start(tag) => self.start(tag, line)?,
            Event::End(_) => self.end(line)?,
            Event::Text(text) => self.text(text),
            Event::Code(code) => push_inline(&mut self.stack, Inline::Code(code.into_string().into())),
            Event::SoftBreak => push_inline(&mut self.stack, Inline::Text(" ".into())),
            Event::HardBreak => push_inline(&mut self.stack, Inline::LineBreak),
            Event::Rule => push_block(&mut self.stack, Block::Rule),
            Event::Html(_) | Event::InlineHtml(_) => return Err(self.source.error(
                line,
                "raw HTML is not supported (the page never injects HTML): write Markdown, or use a directive",
            )),
            other => return Err(self.source.error(line, format!("unsupported Markdown: {other:?}"))),
        }
        Ok(())
    }

    /// The front matter (`text`, at byte `offset` of the lesson): the words
    /// it sets go over the course's, the rest is [`FrontMatter`].
    fn front_matter(&mut self, text: &'a str, offset: usize) -> Result<(), Error> {
        let first = self.source.line_of(offset);
        let error = |at: usize, message: &str| {
            self.source.error(words::line_in(text, first, at), format!("front matter: {}", message.trim()))
        };
        let mut table =
            words::parse(text).map_err(|e| error(e.span().map_or(0, |s| s.start), e.message()))?;
        let english = words::english();
        if let Some(own) = table.remove("words") {
            let at = own.span().start;
            let DeValue::Table(mut own) = own.into_inner() else {
                return Err(error(at, "`words` is a table: write [words.checks], [words.lab.labels], …"));
            };
            if let Some((span, message)) = words::unknown(&own, &english, "words") {
                return Err(error(span.start, &message));
            }
            words::fill(&mut own, &self.words);
            self.words = own;
        }
        // Three tables of words also stand at the top, where lessons first
        // wrote them; `[embed]` is `[frame]`'s older name.
        if let (Some(_), Some(embed)) = (table.get("frame"), table.get("embed")) {
            return Err(error(embed.span().start, "[frame] and [embed] are the same words: keep [frame]"));
        }
        for (key, name) in
            [("checks", "checks"), ("progress", "progress"), ("frame", "frame"), ("embed", "frame")]
        {
            let Some(own) = table.remove(key) else { continue };
            let span = own.span();
            let DeValue::Table(mut own) = own.into_inner() else {
                return Err(error(span.start, &format!("`{key}` is a table of words: write [{key}]")));
            };
            let empty = DeTable::default();
            if let Some((span, message)) =
                words::unknown(&own, words::table(&english, name).unwrap_or(&empty), name)
            {
                return Err(error(span.start, &message));
            }
            if let Some(defaults) = words::table(&self.words, name) {
                words::fill(&mut own, defaults);
            }
            self.words.insert(
                Spanned::new(span.clone(), Cow::Borrowed(name)),
                Spanned::new(span, DeValue::Table(own)),
            );
        }
        self.front = words::read(table, 0..text.len())
            .map_err(|e| error(e.span().map_or(0, |s| s.start), e.message()))?;
        Ok(())
    }

    /// Once the front matter is read: the addresses links and the lab resolve against.
    fn end_front_matter(&mut self, line: usize) -> Result<(), Error> {
        self.in_front_matter = false;
        let base = self.settings.course_base.clone().or_else(|| self.front.course_base.clone());
        self.links.base = match base {
            Some(base) => Some(self.source.course_base(line, &base)?),
            None => None,
        };
        // The build's setting, if any, was taken in `new` and wins.
        if let (None, Some(api)) = (&self.settings.practice_api, &self.front.practice_api) {
            self.links.practice_api = practice_api(api)
                .map_err(|message| self.source.error(line, format!("practice_api `{api}`: {message}")))?;
        }
        Ok(())
    }

    fn start(&mut self, tag: Tag, line: usize) -> Result<(), Error> {
        let error = |message: &str| Err(self.source.error(line, message));
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
                None => Open::Code {
                    language: info.split_whitespace().next().unwrap_or("").to_owned(),
                    text: String::new(),
                },
            },
            Tag::CodeBlock(CodeBlockKind::Indented) => {
                Open::Code { language: String::new(), text: String::new() }
            }
            Tag::Image { .. } => {
                return error(
                    "images are not supported: a hot-linked image breaks offline and inside an LMS; \
                     use the {diagram} directive or ship the picture with the lesson",
                )
            }
            Tag::HtmlBlock => return error("raw HTML is not supported: write Markdown, or use a directive"),
            other => return Err(self.source.error(line, format!("unsupported Markdown: {other:?}"))),
        };
        let filling = match open {
            Open::List(_) => Filling::Items(Vec::new()),
            Open::Item | Open::Quote | Open::Directive { .. } | Open::Code { .. } => {
                Filling::Blocks(Vec::new())
            }
            _ => Filling::Inlines(Vec::new()),
        };
        self.stack.push((open, filling));
        Ok(())
    }

    fn end(&mut self, line: usize) -> Result<(), Error> {
        let Some((open, filling)) = self.stack.pop() else {
            return Err(self.source.error(line, "unbalanced Markdown"));
        };
        match self.finish(open, filling, line)? {
            Finished::Block(Block::Heading { level, content, .. }) => {
                let heading = self.headings.add(level, content);
                push_block(&mut self.stack, heading);
            }
            Finished::Block(block) => push_block(&mut self.stack, block),
            Finished::Inline(inline) => push_inline(&mut self.stack, inline),
            Finished::Item(blocks) => {
                if let Some((_, Filling::Items(items))) = self.stack.last_mut() {
                    items.push(blocks.into());
                }
            }
        }
        Ok(())
    }

    fn text(&mut self, text: CowStr) {
        match self.stack.last_mut() {
            Some((Open::Directive { body, .. }, _)) | Some((Open::Code { text: body, .. }, _)) => {
                body.push_str(&text)
            }
            _ => push_inline(&mut self.stack, Inline::Text(text.into_string().into())),
        }
    }

    /// A container is closed: what it makes of what it holds.
    fn finish(&mut self, open: Open, filling: Filling, line: usize) -> Result<Finished, Error> {
        Ok(match (open, filling) {
            (Open::Paragraph, Filling::Inlines(content)) => {
                Finished::Block(Block::Paragraph(merge_text(content).into()))
            }
            (Open::Heading(level), Filling::Inlines(content)) => Finished::Block(Block::Heading {
                level,
                id: Cow::Borrowed(""),
                content: merge_text(content).into(),
            }),
            (Open::List(ordered), Filling::Items(items)) => {
                Finished::Block(Block::List { ordered, items: items.into() })
            }
            (Open::Item, Filling::Blocks(blocks)) => {
                Finished::Item(blocks.into_iter().map(merge_paragraph).collect())
            }
            (Open::Quote, Filling::Blocks(blocks)) => Finished::Block(Block::Quote(blocks.into())),
            (Open::Strong, Filling::Inlines(content)) => {
                Finished::Inline(Inline::Strong(merge_text(content).into()))
            }
            (Open::Emphasis, Filling::Inlines(content)) => {
                Finished::Inline(Inline::Emphasis(merge_text(content).into()))
            }
            (Open::Link(href), Filling::Inlines(content)) => {
                let (href, kind) = self.links.classify(&href, line)?;
                Finished::Inline(Inline::Link {
                    href: href.into(),
                    kind,
                    content: merge_text(content).into(),
                })
            }
            (Open::Code { language, text }, _) => {
                Finished::Block(Block::Code { language: language.into(), text: text.into() })
            }
            (Open::Directive { name, line, body }, _) => Finished::Block(Block::Widget(
                self.source.directive(&name, line, &body, &self.words, &mut self.links, &mut self.placed)?,
            )),
            _ => return Err(self.source.error(line, "unbalanced Markdown")),
        })
    }

    /// What can be checked only once every event is read, and the document.
    fn into_document(mut self) -> Result<Document, Error> {
        let ids = &self.headings.ids;
        for (line, target) in &self.links.anchors {
            if !ids.iter().any(|id| id == target) {
                return Err(self
                    .source
                    .error(*line, format!("link to #{target}, but no heading has that id")));
            }
        }

        self.source.check_placed(&self.placed, ids)?;

        let Some((Open::Root, Filling::Blocks(blocks))) = self.stack.pop() else {
            return Err(self.source.error(self.source.line_starts.len(), "unbalanced Markdown"));
        };
        let front = std::mem::take(&mut self.front);
        let completion = front.completion.rule();
        validate_completion(&completion, &blocks).map_err(|message| self.source.error(1, message))?;
        let title = match (front.title, self.headings.title.take()) {
            (Some(title), _) | (None, Some(title)) => title,
            (None, None) => {
                return Err(self
                    .source
                    .error(1, "the lesson has no title: add `title` to the front matter or a `# Heading`"))
            }
        };
        let description = front.description.unwrap_or_else(|| first_sentence(&blocks));
        let words = |name: &str| words::table(&self.words, name).cloned().unwrap_or_default();
        // The words were checked against the built-in ones as they came in:
        // reading them can fail only on a word whose kind the built-in ones share.
        let read_words = |name: &'static str| {
            move |e: toml::de::Error| self.source.error(1, format!("[{name}] words: {}", e.message().trim()))
        };
        let course = match &self.settings.place {
            Some(place) => Some(CoursePlace {
                slug: place.slug.clone().into(),
                title: place.course.clone().into(),
                home: self.links.resolve("../").into(),
                previous: place.previous.as_ref().map(|(slug, title)| self.lesson_link(slug, title)),
                next: place.next.as_ref().map(|(slug, title)| self.lesson_link(slug, title)),
                words: words::read(words("course"), 0..0).map_err(read_words("course"))?,
            }),
            None => None,
        };
        let key = format!("roundtrip:{}", crate::slug::slug(&title));
        Ok(Document {
            key: key.into(),
            title: title.into(),
            lang: front.lang.unwrap_or_else(|| "en".to_owned()).into(),
            description: description.into(),
            blocks: blocks.into(),
            outline: std::mem::take(&mut self.headings.outline).into(),
            check_words: words::read(words("checks"), 0..0).map_err(read_words("checks"))?,
            progress_words: words::read(words("progress"), 0..0).map_err(read_words("progress"))?,
            completion,
            frame: words::read(words("frame"), 0..0).map_err(read_words("frame"))?,
            links: words::read(words("links"), 0..0).map_err(read_words("links"))?,
            course,
        })
    }

    /// A link to another lesson of the course, by its slug.
    fn lesson_link(&self, slug: &str, title: &str) -> LessonLink {
        LessonLink { href: self.links.resolve(&format!("../{slug}/")).into(), title: title.to_owned().into() }
    }
}

/// The first sentence after the lesson's title: what it is about, for search
/// engines and the course page.
fn first_sentence(blocks: &[Block]) -> String {
    let after_title =
        blocks.iter().skip_while(|block| !matches!(block, Block::Heading { level: 1, .. })).skip(1);
    let paragraph = after_title.take_while(|b| !matches!(b, Block::Heading { .. })).find_map(|b| match b {
        Block::Paragraph(content) => Some(Inline::plain_text(content)),
        _ => None,
    });
    let Some(paragraph) = paragraph else { return String::new() };
    let end = paragraph.find(". ").map_or(paragraph.len(), |at| at + 1);
    paragraph[..end].trim().to_owned()
}

// Lives for one step of the build-time compiler; its size doesn't matter.
#[allow(clippy::large_enum_variant)]
enum Finished {
    Block(Block),
    Inline(Inline),
    Item(Vec<Block>),
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

fn push_block(stack: &mut [(Open, Filling)], block: Block) {
    if let Some((_, Filling::Blocks(blocks))) = stack.last_mut() {
        blocks.push(block);
    }
}

fn push_inline(stack: &mut [(Open, Filling)], inline: Inline) {
    match stack.last_mut() {
        Some((_, Filling::Inlines(inlines))) => inlines.push(inline),
        // A tight list item holds its text directly, without a paragraph.
        Some((_, Filling::Blocks(blocks))) => match blocks.last_mut() {
            Some(Block::Paragraph(content)) => content.to_mut().push(inline),
            _ => blocks.push(Block::Paragraph(vec![inline].into())),
        },
        _ => {}
    }
}
