//! The course as HTML at build time: each lesson rendered by the same
//! components the wasm runs (Yew's server renderer), in a page of its own
//! whose head this module writes, so the text paints before (and without)
//! any script; the data the app reads beside it; the course page. `site.rs`
//! builds the whole course into a folder. Native only.

pub mod offline;
pub mod site;

use std::rc::Rc;

use crate::app::{holder, parts, Island, IslandProps, Part, Stores};
use crate::lab::practice;
use crate::lesson::{Block, Document, LessonView, LessonViewProps};

/// The pages' Content Security Policy, declared in each page itself (see
/// [`roundtrip_document::policy`]).
pub use roundtrip_document::policy::CONTENT_SECURITY_POLICY;

/// The app's files a page loads, as the page addresses them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assets {
    /// The stylesheet.
    pub stylesheet: String,
    /// The loader: a module script that fetches the page's data and starts the app.
    pub loader: String,
    pub icon: String,
}

impl Assets {
    /// The same files, as a page in another folder addresses them: `prefix`
    /// (ending with `/`) before each.
    pub fn from(&self, prefix: &str) -> Assets {
        Assets {
            stylesheet: format!("{prefix}{}", self.stylesheet),
            loader: format!("{prefix}{}", self.loader),
            icon: format!("{prefix}{}", self.icon),
        }
    }
}

/// What a page says of itself in its head.
pub struct Head<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// The page's data (a lesson, or the course), relative to the page.
    pub data: &'a str,
    /// The course's top, relative to the page (`../`, or empty on the
    /// course page): where its service worker and manifest are.
    pub top: &'a str,
    /// The course's colour, for the browser's own controls.
    pub theme: &'a str,
}

/// A whole page: the head (the policy first, then the title, the
/// description for search engines, the icon, the one stylesheet and the
/// loader) and `body`, which is exactly what stands in `<body>` (hydration
/// adopts all of it).
pub fn page(head: &Head, assets: &Assets, body: &str) -> String {
    let description = match head.description {
        "" => String::new(),
        text => format!("<meta name=\"description\" content=\"{}\">\n", escape(text)),
    };
    format!(
        "<!doctype html>\n<html lang=\"{lang}\" data-page=\"{data}\" data-sw=\"{top}{worker}\">\n<head>\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n\
         <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <title>{title}</title>\n{description}\
         <link rel=\"icon\" href=\"{icon}\">\n\
         <link rel=\"manifest\" href=\"{top}{manifest}\">\n\
         <meta name=\"theme-color\" content=\"{theme}\">\n\
         <link rel=\"stylesheet\" href=\"{stylesheet}\">\n\
         <script type=\"module\" src=\"{loader}\"></script>\n\
         </head>\n<body>{body}</body>\n</html>\n",
        lang = escape(head.lang),
        data = escape(head.data),
        top = escape(head.top),
        worker = offline::WORKER,
        manifest = offline::MANIFEST,
        theme = escape(head.theme),
        policy = escape(CONTENT_SECURITY_POLICY),
        title = escape(head.title),
        icon = escape(&assets.icon),
        stylesheet = escape(&assets.stylesheet),
        loader = escape(&assets.loader),
    )
}

/// The loader: once the page's stylesheet is in, fetches the page's data
/// (named by `<html data-page>`), the app's wasm (`app_wasm`) and its script
/// (`app_js`), all three at once, then starts the app with the data. On a
/// slow line the app's bytes would otherwise share the bandwidth with the
/// stylesheet, which the first paint waits for. The wasm is addressed from
/// the loader's own address, so one loader serves every page of the course,
/// in any folder. Last, it registers the course's service worker, where the
/// page names one (`<html data-sw>`: a course on a static host, not a page
/// in a learning platform's package); where the browser refuses it (a
/// sandboxed frame), the page goes on without.
pub fn loader(app_js: &str, app_wasm: &str) -> String {
    format!(
        "const sheet = document.querySelector('link[rel=\"stylesheet\"]');\n\
         if (sheet && !sheet.sheet) {{\n\
         \x20 await new Promise((go) => {{ sheet.addEventListener('load', go); sheet.addEventListener('error', go); }});\n\
         }}\n\
         const name = document.documentElement.dataset.page;\n\
         const data = name ? fetch(name).then((r) => (r.ok ? r.arrayBuffer() : null), () => null) : null;\n\
         const wasm = fetch(new URL('./{app_wasm}', import.meta.url));\n\
         const {{ default: init, start }} = await import('./{app_js}');\n\
         await init({{ module_or_path: wasm }});\n\
         start(new Uint8Array((await data) ?? 0));\n\
         const worker = document.documentElement.dataset.sw;\n\
         if (worker && 'serviceWorker' in navigator) navigator.serviceWorker.register(worker).catch(() => {{}});\n"
    )
}

/// The body of `lesson`'s page: its text as HTML, with each interactive part
/// an island (see [`crate::app`]) rendered as the first render in the
/// browser will see it, with the markers hydration follows; and the links to
/// the lessons around it in its course.
pub fn render_page(lesson: &'static Document) -> String {
    let stores = Stores::default();
    let island = |part: Part| {
        // Renders on this thread: nothing in the lesson suspends or spawns.
        let renderer = yew::LocalServerRenderer::<Island>::with_props(IslandProps {
            lesson,
            part,
            stores: stores.clone(),
        });
        holder(part, &without_marker_names(&futures::executor::block_on(renderer.render())))
    };
    let mut islands = Vec::new();
    let (mut frame, mut notes) = (String::new(), String::new());
    for part in parts(lesson) {
        match part {
            Part::Frame => frame = island(part),
            Part::Notes => notes = island(part),
            Part::Widget(i) => islands.push((i, island(part).into())),
        }
    }
    let article = futures::executor::block_on(
        yew::LocalServerRenderer::<LessonView>::with_props(LessonViewProps {
            document: lesson,
            platform: Default::default(),
            islands: Some(Rc::new(islands)),
        })
        .hydratable(false)
        .render(),
    );
    format!("<main class=\"page\">{frame}{notes}{article}{}</main>", course_nav(lesson))
}

/// Links to the lessons before and after this one in its course, and to the
/// course page: plain links, that work without scripts.
fn course_nav(lesson: &Document) -> String {
    let Some(place) = lesson.course.as_ref() else { return String::new() };
    let words = &place.words;
    let link = |class: &str, label: &str, rel: &str, link: &roundtrip_document::LessonLink| {
        format!(
            "<a class=\"{class}\" href=\"{}\" rel=\"{rel}\"><span class=\"course-nav-label\">{}</span>\
             <span class=\"course-nav-title\">{}</span></a>",
            escape(&link.href),
            escape(label),
            escape(&link.title)
        )
    };
    let previous = place.previous.as_ref().map(|l| link("course-nav-previous", &words.previous, "prev", l));
    let next = place.next.as_ref().map(|l| link("course-nav-next", &words.next, "next", l));
    format!(
        "<nav class=\"course-nav\" aria-label=\"{}\">{}<a class=\"course-nav-all\" href=\"{}\">{}</a>{}</nav>",
        escape(&words.nav),
        previous.unwrap_or_default(),
        escape(&place.home),
        escape(&words.all_lessons),
        next.unwrap_or_default()
    )
}

/// The same lesson as a plain page, to measure the app's page against: the
/// text and the contents, with the stylesheet of `assets`, but no widget and
/// no script.
pub fn plain_page(lesson: &Document, assets: &Assets) -> String {
    plain_page_of(lesson, assets)
}

fn plain_page_of(lesson: &Document, assets: &Assets) -> String {
    use crate::lesson::Widget;

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
            islands: None,
        })
        .hydratable(false)
        .render(),
    );
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title>\
         <link rel=\"stylesheet\" href=\"{}\"></head>\
         <body><main class=\"page\">{article}</main></body></html>\n",
        escape(&lesson.lang),
        escape(&lesson.title),
        escape(&assets.stylesheet)
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

/// Text and (double-quoted) attribute values as HTML: the characters that
/// could end them.
pub(crate) fn escape(text: &str) -> String {
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

/// A JSON string: quoted, with what JSON needs escaped.
pub(crate) fn escape_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    /// The markup hydration relies on, whole, for a lesson with a widget of
    /// every kind: `tests/golden/every-widget.html` is the reviewed copy.
    #[test]
    fn the_prerendered_every_widget_page_is_the_reviewed_one() {
        let body = render_page(&crate::lesson::fixtures::EVERY_WIDGET);
        // A line per tag, so that a change reads as a small diff.
        let lines = body.replace("><", ">\n<");
        roundtrip_document::compile::golden::assert_golden("every-widget.html", &lines);
    }

    use super::*;
    use crate::lesson::fixtures::{EVERY_WIDGET, NESTED};

    fn assets() -> Assets {
        Assets { stylesheet: "r-1.css".into(), loader: "l-2.js".into(), icon: "i-3.svg".into() }
    }

    #[test]
    fn the_lessons_practice_api_gets_a_stand_in() {
        // Both labs leave `practice_api` out: the page's own `api/`, once.
        assert_eq!(
            practice_stand_ins(&EVERY_WIDGET).iter().map(|(path, _)| path.as_str()).collect::<Vec<_>>(),
            ["api/health"]
        );
    }

    #[test]
    fn a_page_declares_its_policy_first_and_says_what_it_is() {
        let head = Head {
            lang: "en",
            title: "A <b>",
            description: "About \"a\".",
            data: "lesson-1.bin",
            top: "../",
            theme: "#0a58ca",
        };
        let page = page(&head, &assets().from("../app/"), "<main>hi</main>");
        assert!(
            page.starts_with(
                "<!doctype html>\n<html lang=\"en\" data-page=\"lesson-1.bin\" data-sw=\"../sw.js\">\n<head>\n\
                 <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'"
            ),
            "{page}"
        );
        assert!(page.contains("<title>A &lt;b&gt;</title>"), "{page}");
        assert!(page.contains("<meta name=\"description\" content=\"About &quot;a&quot;.\">"), "{page}");
        assert!(page.contains("<link rel=\"stylesheet\" href=\"../app/r-1.css\">"), "{page}");
        assert!(page.contains("<script type=\"module\" src=\"../app/l-2.js\"></script>"), "{page}");
        assert!(page.contains("<link rel=\"manifest\" href=\"../manifest.webmanifest\">"), "{page}");
        assert!(page.contains("<body><main>hi</main></body>"), "the body holds exactly the HTML");
        assert!(CONTENT_SECURITY_POLICY.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(!CONTENT_SECURITY_POLICY.contains("frame-ancestors"), "ignored in a meta element");
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;'");
    }

    #[test]
    fn the_loader_addresses_the_wasm_from_its_own_place() {
        let js = loader("roundtrip-1.js", "roundtrip-1_bg.wasm");
        assert!(js.contains("await import('./roundtrip-1.js')"), "{js}");
        assert!(js.contains("fetch(new URL('./roundtrip-1_bg.wasm', import.meta.url))"), "{js}");
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
    fn names_follow_content() {
        assert_eq!(hashed_name("all", "css", b"a"), hashed_name("all", "css", b"a"));
        assert_ne!(hashed_name("all", "css", b"a"), hashed_name("all", "css", b"b"));
        assert_eq!(hashed_name("all", "css", b"").len(), "all-.css".len() + 16);
    }

    #[test]
    fn the_plain_page_has_the_text_and_no_widget_or_script() {
        let page = plain_page_of(&EVERY_WIDGET, &assets());
        assert!(page.contains("<link rel=\"stylesheet\" href=\"r-1.css\">"));
        assert!(!page.contains("<script") && !page.contains("<!--<["), "no script, no markers");
        assert!(!page.contains("class=\"diagram\"") && !page.contains("class=\"lab\""), "no widgets");
        for entry in EVERY_WIDGET.outline.iter() {
            assert!(page.contains(&format!("id=\"{}\"", entry.id)), "no heading {}", entry.id);
        }
    }

    #[test]
    fn the_plain_page_leaves_out_widgets_in_lists_and_quotes_too() {
        let page = plain_page_of(&NESTED, &assets());
        assert!(page.contains("A diagram in a list item:") && page.contains("A summary in a quote:"));
        for widget in ["class=\"diagram\"", "class=\"check", "class=\"summary\""] {
            assert!(!page.contains(widget), "{widget}");
        }
    }

    /// The prerendered page holds the lesson's text, not a placeholder: every
    /// heading of the document is in the HTML, with its id.
    #[test]
    fn the_rendered_page_holds_every_heading() {
        let html = render_page(&EVERY_WIDGET);
        for entry in EVERY_WIDGET.outline.iter() {
            assert!(html.contains(&format!("id=\"{}\"", entry.id)), "no heading {}", entry.id);
        }
        assert!(html.contains("<main class=\"page\">"), "{}", &html[..html.len().min(300)]);
    }
}
