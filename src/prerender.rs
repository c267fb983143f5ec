//! The lesson as HTML at build time: the same components the wasm runs,
//! rendered by Yew's server renderer and written into the page Trunk built,
//! so the text paints before (and without) any script. Native only.

use thiserror::Error;

use crate::lab::practice;
use crate::lesson::{Document, LESSON};
use crate::{App, AppProps};

/// The page's Content Security Policy, declared in the page itself so it is
/// in force on any host: scripts and styles only from the lesson's own files
/// (the wasm may be compiled), pictures from there or inline, and requests to
/// anywhere, since the request lab sends learners' requests where they choose.
/// `frame-ancestors` cannot be set this way; a server sets it as a header.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; connect-src *; object-src 'none'; base-uri 'self'; form-action 'none'";

/// What can be wrong with the page the HTML goes into.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PageError {
    #[error("the page has no <{0}> element to fill")]
    Missing(&'static str),
}

/// The whole `App` showing `lesson`, as the first render in the browser will
/// see it, with the markers hydration follows.
pub fn render_app(lesson: &'static Document) -> String {
    // Renders on this thread: nothing in the lesson suspends or spawns.
    let renderer = yew::LocalServerRenderer::<App>::with_props(AppProps { lesson });
    let html = futures::executor::block_on(renderer.render());
    without_marker_names(&html)
}

/// The same lesson as a plain page, to measure the app's page against: the
/// text, the contents and the stylesheets of `template` (a built page), but no
/// widget and no script.
pub fn plain_page(template: &str) -> String {
    plain_page_of(&LESSON, template)
}

fn plain_page_of(lesson: &Document, template: &str) -> String {
    use crate::lesson::{Block, LessonView, LessonViewProps, Widget};

    /// The blocks without their widgets (but the contents), wherever they
    /// stand: in list items and quotes too, as the document's walk sees them.
    fn without_widgets(blocks: &[Block]) -> Vec<Block> {
        blocks
            .iter()
            .filter(|block| {
                matches!(block, Block::Widget(Widget::Contents { .. })) || !matches!(block, Block::Widget(_))
            })
            .map(|block| match block {
                Block::List { ordered, items } => Block::List {
                    ordered: *ordered,
                    items: items.iter().map(|item| without_widgets(item).into()).collect::<Vec<_>>().into(),
                },
                Block::Quote(blocks) => Block::Quote(without_widgets(blocks).into()),
                other => other.clone(),
            })
            .collect()
    }

    let mut document = lesson.clone();
    document.blocks = without_widgets(&document.blocks).into();
    // A build tool's one page: the document lives as long as the process.
    let document: &'static _ = Box::leak(Box::new(document));
    let article = futures::executor::block_on(
        yew::LocalServerRenderer::<LessonView>::with_props(LessonViewProps {
            document,
            platform: Default::default(),
        })
        .hydratable(false)
        .render(),
    );
    let links: String = stylesheets(template)
        .iter()
        .map(|href| format!("<link rel=\"stylesheet\" href=\"{}\">", escape(href)))
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title>{links}</head>\
         <body><main class=\"page\">{article}</main></body></html>\n",
        escape(&lesson.lang),
        escape(&lesson.title)
    )
}

/// Yew's component markers (`<!--<[roundtrip::app::App]>-->`) carry the
/// component's type name in debug builds; hydration matches only the
/// brackets, so the page carries the short form a release build writes.
fn without_marker_names(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<!--<") {
        let (before, marker) = rest.split_at(at);
        out.push_str(before);
        let Some(end) = marker.find("]>-->") else { break };
        let open = if marker.starts_with("<!--</[") { "<!--</[" } else { "<!--<[" };
        if marker[..end].starts_with(open) {
            out.push_str(open);
            out.push_str("]>-->");
            rest = &marker[end + "]>-->".len()..];
        } else {
            // Another kind of marker (`<!--<#>-->`): kept as it is.
            out.push_str("<!--<");
            rest = &marker["<!--<".len()..];
        }
    }
    out.push_str(rest);
    out
}

/// The built page with `lesson` in it: the `<body>`'s content replaced by
/// `body` (nothing else, so hydration finds exactly what it rendered), and the
/// lesson's own `<title>` and `lang`.
pub fn into_page(lesson: &Document, template: &str, body: &str) -> Result<String, PageError> {
    let page = replace_content(&without_preloads(template), "body", body)?;
    let page = with_policy(&page)?;
    let page = replace_content(&page, "title", &escape(&lesson.title))?;
    set_lang(&page, &lesson.lang)
}

/// The page's stylesheets, as one: the `<link rel="stylesheet" href>`s of
/// the built page, in order. [`merge_stylesheets`] writes them as one file,
/// so the first paint waits on one request, not one per widget.
pub fn stylesheets(page: &str) -> Vec<String> {
    links(page).into_iter().map(|(_, href)| href).collect()
}

/// The page with its stylesheet links replaced by one link to `href`, where
/// the first of them stood.
pub fn merge_stylesheets(page: &str, href: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = 0;
    for (i, (range, _)) in links(page).into_iter().enumerate() {
        out.push_str(&page[rest..range.start]);
        if i == 0 {
            out.push_str(&format!("<link rel=\"stylesheet\" href=\"{}\">", escape(href)));
        }
        rest = range.end;
        // The line the link stood on goes with it.
        if i > 0 && out.ends_with(|c: char| c.is_ascii_whitespace()) {
            out.truncate(out.trim_end().len());
        }
    }
    out.push_str(&page[rest..]);
    out
}

/// The files that stand in for the practice back end's health endpoint
/// where it is absent, as `(path in the built folder, body)`: one per lab
/// whose practice API is inside that folder (see [`crate::lab::practice`]).
pub fn practice_stand_ins(lesson: &Document) -> Vec<(String, &'static str)> {
    let mut paths: Vec<String> =
        lesson.labs().iter().filter_map(|lab| practice::stand_in_path(&lab.practice_api)).collect();
    paths.dedup();
    paths.into_iter().map(|path| (path, practice::STAND_IN)).collect()
}

/// A file name for content: `stem-<16 hex digits>.ext`, as Trunk names the
/// files it hashes, so the server caches it as immutable.
pub fn hashed_name(stem: &str, ext: &str, content: &[u8]) -> String {
    // FNV-1a: stable across builds and Rust versions, which is all a cache key needs.
    let hash = content
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("{stem}-{hash:016x}.{ext}")
}

/// Each `<link … rel="stylesheet" … href="…" …>`: where it stands, and its href.
fn links(page: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = page[from..].find("<link").map(|i| from + i) {
        let Some(end) = page[at..].find('>').map(|i| at + i + 1) else { break };
        let tag = &page[at..end];
        if attribute(tag, "rel").as_deref() == Some("stylesheet") {
            if let Some(href) = attribute(tag, "href") {
                found.push((at..end, href));
            }
        }
        from = end;
    }
    found
}

/// The value of `name="…"` in one tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = start + tag[start..].find('"')?;
    Some(tag[start..end].to_owned())
}

/// The page with [`CONTENT_SECURITY_POLICY`] declared first in its `<head>`
/// (replacing one declared before, so a second run changes nothing).
fn with_policy(page: &str) -> Result<String, PageError> {
    const DECLARED: &str = "<meta http-equiv=\"Content-Security-Policy\"";
    let page = match page.find(DECLARED) {
        Some(at) => {
            let end = at + page[at..].find('>').ok_or(PageError::Missing("head"))? + 1;
            format!("{}{}", &page[..at], page[end..].trim_start_matches('\n'))
        }
        None => page.to_owned(),
    };
    let head = find_tag(&page, "head").ok_or(PageError::Missing("head"))?;
    let start = head + page[head..].find('>').ok_or(PageError::Missing("head"))? + 1;
    Ok(format!(
        "{}\n{DECLARED} content=\"{}\">{}",
        &page[..start],
        escape(CONTENT_SECURITY_POLICY),
        &page[start..]
    ))
}

/// Trunk's loader is an inline `<script type="module">`, which a strict
/// policy forbids. Splits the page around the first such script: what comes
/// before it, its text, and what comes after.
pub fn inline_loader(page: &str) -> Option<(String, String, String)> {
    const OPEN: &str = "<script type=\"module\">";
    let at = page.find(OPEN)?;
    let text_start = at + OPEN.len();
    let text_end = text_start + page[text_start..].find("</script>")?;
    let end = text_end + "</script>".len();
    Some((page[..at].to_owned(), page[text_start..text_end].to_owned(), page[end..].to_owned()))
}

/// A module `<script>` that loads `src`.
pub fn module_script(src: &str) -> String {
    format!("<script type=\"module\" src=\"{}\"></script>", escape(src))
}

/// Trunk asks the browser to preload the app's script and wasm. On a slow
/// line those downloads share the bandwidth with the stylesheet, and the
/// text paints later (measured by `cargo xtask bench-load`: on the phone
/// profile, first paint at 1.77x the plain page's with them, 1.22x without).
/// The loader asks for both as soon as it runs, so the hints go.
fn without_preloads(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut from = 0;
    while let Some(at) = page[from..].find("<link").map(|i| from + i) {
        let Some(end) = page[at..].find('>').map(|i| at + i + 1) else { break };
        out.push_str(&page[from..at]);
        let tag = &page[at..end];
        if !matches!(attribute(tag, "rel").as_deref(), Some("preload" | "modulepreload")) {
            out.push_str(tag);
        }
        from = end;
    }
    out.push_str(&page[from..]);
    out
}

/// Replaces what stands between `<tag …>` and `</tag>` (the first of each).
fn replace_content(page: &str, tag: &'static str, content: &str) -> Result<String, PageError> {
    let open = find_tag(page, tag).ok_or(PageError::Missing(tag))?;
    let start = open + page[open..].find('>').ok_or(PageError::Missing(tag))? + 1;
    let end = start + page[start..].find(&format!("</{tag}>")).ok_or(PageError::Missing(tag))?;
    Ok(format!("{}{}{}", &page[..start], content, &page[end..]))
}

/// Sets (or adds) the `lang` attribute of `<html>`.
fn set_lang(page: &str, lang: &str) -> Result<String, PageError> {
    let open = find_tag(page, "html").ok_or(PageError::Missing("html"))?;
    let close = open + page[open..].find('>').ok_or(PageError::Missing("html"))?;
    let tag = &page[open..close];
    let rewritten = match tag.find(" lang=\"") {
        Some(at) => {
            let value = at + " lang=\"".len();
            let end = value + tag[value..].find('"').unwrap_or(tag.len() - value);
            format!("{}{}{}", &tag[..value], escape(lang), &tag[end..])
        }
        None => format!("{tag} lang=\"{}\"", escape(lang)),
    };
    Ok(format!("{}{}{}", &page[..open], rewritten, &page[close..]))
}

/// Where `<tag` opens (followed by `>` or white space, so `<header` is not `<head`).
fn find_tag(page: &str, tag: &str) -> Option<usize> {
    let needle = format!("<{tag}");
    page.match_indices(&needle)
        .map(|(at, _)| at)
        .find(|&at| page[at + needle.len()..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace()))
}

/// Text and (double-quoted) attribute values as HTML: the characters that
/// could end them.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::fixtures::{EVERY_WIDGET, NESTED};

    #[test]
    fn the_lessons_practice_api_gets_a_stand_in() {
        // Both labs leave `practice_api` out: the page's own `api/`, once.
        assert_eq!(
            practice_stand_ins(&EVERY_WIDGET).iter().map(|(path, _)| path.as_str()).collect::<Vec<_>>(),
            ["api/health"]
        );
    }

    const TEMPLATE: &str = "<!doctype html>\n<html lang=\"xx\" class=\"a\">\n<head>\n<title>Old</title>\n\
        <link rel=\"stylesheet\" href=\"a.css\">\n</head>\n<body>\n  <noscript>old</noscript>\n</body>\n</html>\n";

    #[test]
    fn the_body_holds_exactly_the_rendered_html() {
        let page = into_page(&EVERY_WIDGET, TEMPLATE, "<main>hi</main>").unwrap();
        assert!(page.contains("<body><main>hi</main></body>"), "{page}");
        assert!(!page.contains("noscript"));
        assert!(page.contains("<link rel=\"stylesheet\" href=\"a.css\">"), "the head is kept");
    }

    #[test]
    fn title_and_lang_come_from_the_lesson_escaped() {
        let page = into_page(&EVERY_WIDGET, TEMPLATE, "").unwrap();
        assert!(page.contains(&format!("<title>{}</title>", escape(&EVERY_WIDGET.title))));
        assert!(page.contains(&format!("<html lang=\"{}\" class=\"a\">", escape(&EVERY_WIDGET.lang))));
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;'");
    }

    #[test]
    fn a_missing_lang_is_added_and_a_missing_body_is_an_error() {
        let page = set_lang("<html><head></head></html>", "fr").unwrap();
        assert_eq!(page, "<html lang=\"fr\"><head></head></html>");
        assert_eq!(
            into_page(&EVERY_WIDGET, "<html><head><title></title></head></html>", ""),
            Err(PageError::Missing("body"))
        );
        assert_eq!(find_tag("<header><head>", "head"), Some(8));
    }

    #[test]
    fn the_policy_is_declared_once_first_in_the_head() {
        let page = into_page(&EVERY_WIDGET, TEMPLATE, "").unwrap();
        let again = into_page(&EVERY_WIDGET, &page, "").unwrap();
        assert_eq!(page, again, "a second run changes nothing");
        let head = page.find("<head>").unwrap();
        assert!(
            page[head..].starts_with(
                "<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'"
            ),
            "{page}"
        );
        assert!(CONTENT_SECURITY_POLICY.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(!CONTENT_SECURITY_POLICY.contains("frame-ancestors"), "ignored in a meta element");
    }

    #[test]
    fn the_inline_loader_comes_out_whole() {
        let page = "<head><script type=\"module\">\nimport init from './a.js';\nawait init();\n</script><link></head>";
        let (before, text, after) = inline_loader(page).unwrap();
        assert_eq!(before, "<head>");
        assert_eq!(text, "\nimport init from './a.js';\nawait init();\n");
        assert_eq!(after, "<link></head>");
        assert_eq!(module_script("./l.js"), "<script type=\"module\" src=\"./l.js\"></script>");
        assert!(inline_loader("<script type=\"module\" src=\"x\"></script>").is_none());
    }

    #[test]
    fn preload_hints_go_and_other_links_stay() {
        let page = "<link rel=\"modulepreload\" href=\"a.js\" integrity=\"sha384-a\"><link rel=\"preload\" \
            href=\"a.wasm\" as=\"fetch\"><link rel=\"icon\" href=\"i.svg\"><p>";
        assert_eq!(without_preloads(page), "<link rel=\"icon\" href=\"i.svg\"><p>");
    }

    #[test]
    fn component_markers_lose_their_names_only() {
        let html = "<!--<[a::App]>--><p>x</p><!--<#>--><b>y</b><!--</#>--><!--</[a::App]>-->";
        assert_eq!(
            without_marker_names(html),
            "<!--<[]>--><p>x</p><!--<#>--><b>y</b><!--</#>--><!--</[]>-->"
        );
    }

    #[test]
    fn stylesheets_become_one_link_where_the_first_stood() {
        let page = "<head>\n<link rel=\"icon\" href=\"i.svg\">\n<link rel=\"stylesheet\" href=\"./a-1.css\">\n\
            <link rel=\"stylesheet\" href=\"./b-2.css\" integrity=\"x\">\n<script src=\"s.js\"></script>\n</head>";
        assert_eq!(stylesheets(page), ["./a-1.css", "./b-2.css"]);
        let merged = merge_stylesheets(page, "./all-3.css");
        assert_eq!(
            merged,
            "<head>\n<link rel=\"icon\" href=\"i.svg\">\n<link rel=\"stylesheet\" href=\"./all-3.css\">\n\
             <script src=\"s.js\"></script>\n</head>"
        );
        assert_eq!(hashed_name("all", "css", b"a"), hashed_name("all", "css", b"a"));
        assert_ne!(hashed_name("all", "css", b"a"), hashed_name("all", "css", b"b"));
        assert_eq!(hashed_name("all", "css", b"").len(), "all-.css".len() + 16);
    }

    #[test]
    fn the_plain_page_has_the_text_and_no_widget_or_script() {
        let page = plain_page_of(
            &EVERY_WIDGET,
            "<head><link rel=\"stylesheet\" href=\"./x.css\"><script src=\"a.js\"></script></head>",
        );
        assert!(page.contains("<link rel=\"stylesheet\" href=\"./x.css\">"));
        assert!(!page.contains("<script") && !page.contains("<!--<["), "no script, no markers");
        assert!(!page.contains("class=\"diagram\"") && !page.contains("class=\"lab\""), "no widgets");
        for entry in EVERY_WIDGET.outline.iter() {
            assert!(page.contains(&format!("id=\"{}\"", entry.id)), "no heading {}", entry.id);
        }
    }

    #[test]
    fn the_plain_page_leaves_out_widgets_in_lists_and_quotes_too() {
        let page = plain_page_of(&NESTED, "<head></head>");
        assert!(page.contains("A diagram in a list item:") && page.contains("A summary in a quote:"));
        for widget in ["class=\"diagram\"", "class=\"check", "class=\"summary\""] {
            assert!(!page.contains(widget), "{widget}");
        }
    }

    /// The prerendered page holds the lesson's text, not a placeholder: every
    /// heading of the document is in the HTML, with its id.
    #[test]
    fn the_rendered_app_holds_every_heading() {
        let html = render_app(&EVERY_WIDGET);
        for entry in EVERY_WIDGET.outline.iter() {
            assert!(html.contains(&format!("id=\"{}\"", entry.id)), "no heading {}", entry.id);
        }
        assert!(html.contains("<main class=\"page\">"), "{}", &html[..html.len().min(300)]);
    }
}
