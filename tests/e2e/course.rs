//! The course: its page (`dist/index.html`, from the course file) and every
//! lesson built beside the real one, each tested as a learner meets it. The
//! lessons are read from the course file and compiled here, at run time, so
//! a lesson added to the course is tested by these tests with no Rust change:
//! its page renders every heading and hydrates with a clean console and no
//! accessibility violations, its checks take a right answer from the
//! keyboard, its links reach the lessons built beside it, and its SCORM
//! packages play on a real run-time (scorm-again).
//!
//! Needs `ROUNDTRIP_COURSE_FILE` (the course file), `ROUNDTRIP_COURSE_DIST` (the
//! built course) and `ROUNDTRIP_PACKAGES` (the SCORM zips), set by
//! `cargo xtask test`, beside the variables of [`crate::runtime`].

use std::path::{Path, PathBuf};
use std::time::Duration;

use roundtrip::lesson::{Document, LinkKind};
use roundtrip_document::course::{Course, CourseLesson};
use serde_json::json;

use crate::harness::{env_path, Page, Server, StaticHost};
use crate::hosts::{host_pages, unzip};

const WAIT: Duration = Duration::from_secs(20);

/// A lesson of the course: where it is in the course, and its document as
/// written (links not resolved against the lessons built beside it).
struct Lesson {
    entry: CourseLesson,
    document: &'static Document,
}

fn course() -> (Course, Vec<Lesson>) {
    let file = env_path("ROUNDTRIP_COURSE_FILE");
    let shown = file.display().to_string();
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{shown}: {e}"));
    let course = roundtrip_document::course::read(&shown, &text).unwrap_or_else(|e| panic!("{e}"));
    let folder = file.parent().unwrap_or(Path::new("")).to_path_buf();
    let lessons = course
        .lessons
        .iter()
        .map(|entry| {
            let path = folder.join(&entry.file);
            let markdown =
                std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let document = roundtrip_document::compile::compile(&entry.file, &markdown, &Default::default())
                .unwrap_or_else(|e| panic!("{e}"));
            // The checks' helpers take a lesson that lives as long as the
            // test binary, as the compiled-in one does.
            Lesson { entry: entry.clone(), document: Box::leak(Box::new(document)) }
        })
        .collect();
    (course, lessons)
}

fn course_dist() -> PathBuf {
    let dist = env_path("ROUNDTRIP_COURSE_DIST");
    assert!(dist.join("index.html").is_file(), "{}: no course page; run `cargo xtask build`", dist.display());
    dist
}

async fn open_plain(page: &Page, path: &str) {
    let url = format!("{}{path}", page.server().origin());
    page.client.goto(&url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    page.wait_until("document.readyState === 'complete'", WAIT).await;
}

/// Follows the course page's link to `lesson`, and waits for the lesson's app.
async fn open_from_course_page(page: &Page, lesson: &Lesson) {
    let link = page
        .client
        .find(fantoccini::Locator::Css(&format!("main ol a[href='{}/']", lesson.entry.slug)))
        .await
        .expect("the lesson's link");
    link.click().await.expect("follow it");
    page.wait_rendered().await;
}

/// Waits for the lesson in `slug`'s folder, not the page the browser leaves.
async fn wait_rendered_in(page: &Page, slug: &str) {
    page.wait_until(&format!("location.pathname.endsWith({})", json!(format!("/{slug}/"))), WAIT).await;
    page.wait_rendered().await;
}

async fn assert_clean(page: &Page, what: &str) {
    let errors = page.console_errors().await;
    assert!(errors.is_empty(), "{what}: console errors: {errors:#?}");
    let violations = page.axe_violations().await;
    assert!(violations.is_empty(), "{what}: axe: {violations:#?}");
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn the_course_page_lists_every_lesson_in_order_and_opens_each() {
    let (course, lessons) = course();
    assert!(lessons.len() >= 2, "the course has a second lesson beside the first");
    let page = Page::start(Server::start(course_dist())).await;
    open_plain(&page, "/").await;
    assert_eq!(page.js("return document.title;", vec![]).await, json!(course.title));
    assert_eq!(
        page.js("return document.querySelector('h1').textContent;", vec![]).await,
        json!(course.title)
    );
    let listed = page
        .js(
            "return [...document.querySelectorAll('main ol a')].map((a) => [a.getAttribute('href'), a.textContent]);",
            vec![],
        )
        .await;
    let expected: Vec<_> =
        lessons.iter().map(|l| json!([format!("{}/", l.entry.slug), l.document.title.to_string()])).collect();
    assert_eq!(listed, json!(expected), "every lesson, in the course file's order");
    page.set_viewport_width(360).await;
    page.save_screenshot("course-360.png").await;
    page.set_viewport_width(1280).await;
    page.save_screenshot("course-1280.png").await;
    assert_clean(&page, "the course page").await;

    for lesson in &lessons {
        open_plain(&page, "/").await;
        open_from_course_page(&page, lesson).await;
        let title = page.js("return document.title;", vec![]).await;
        assert_eq!(
            title,
            json!(lesson.document.title.to_string()),
            "{} opens from the course page",
            lesson.entry.slug
        );
    }
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn on_a_plain_static_host_the_course_page_and_the_lessons_link_to_each_other() {
    let (_, lessons) = course();
    let dist = course_dist();
    let host = StaticHost::start(&dist);
    let page = Page::start(Server::start(dist)).await;
    let mut followed = 0;
    // From the course page to each lesson, and from each lesson along its
    // links to every other lesson built beside it: a static host that is
    // not ours finds each folder's index.html.
    for lesson in &lessons {
        page.client.goto(&format!("{}/", host.origin())).await.expect("the course page");
        page.wait_until("document.readyState === 'complete'", WAIT).await;
        open_from_course_page(&page, lesson).await;
        for other in lessons.iter().filter(|other| other.entry.slug != lesson.entry.slug) {
            let href = format!("../{}/", other.entry.slug);
            let linked = page
                .js("return [...document.querySelectorAll('main a')].some((a) => a.getAttribute('href') === arguments[0]);", vec![json!(href)])
                .await;
            if linked != json!(true) {
                continue;
            }
            page.js("[...document.querySelectorAll('main a')].find((a) => a.getAttribute('href') === arguments[0]).click();", vec![json!(href)])
                .await;
            wait_rendered_in(&page, &other.entry.slug).await;
            let title = page.js("return document.title;", vec![]).await;
            assert_eq!(title, json!(other.document.title.to_string()), "{} → {href}", lesson.entry.slug);
            followed += 1;
            page.client.back().await.expect("back");
            wait_rendered_in(&page, &lesson.entry.slug).await;
        }
        let errors = page.console_errors().await;
        assert!(errors.is_empty(), "{} on a plain static host: {errors:#?}", lesson.entry.slug);
    }
    assert!(followed > 0, "no lesson links to another lesson of the course");
    page.close().await;
}

/// The plain text of a document's course links as written: `(href, text)`.
fn course_links(document: &Document) -> Vec<(String, String)> {
    roundtrip_document::links(&document.blocks)
        .into_iter()
        .filter(|(_, kind, _)| *kind == LinkKind::Course)
        .map(|(href, _, text)| (href, text))
        .collect()
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn every_lesson_of_the_course_works_in_its_folder() {
    let (_, lessons) = course();
    let slugs: Vec<&str> = lessons.iter().map(|l| l.entry.slug.as_str()).collect();
    let page = Page::start(Server::start(course_dist())).await;
    for lesson in &lessons {
        let slug = &lesson.entry.slug;
        page.goto(&format!("/{slug}/")).await;

        // Every heading the Markdown has, with its id.
        let ids =
            page.js("return [...document.querySelectorAll('main [id]')].map((e) => e.id);", vec![]).await;
        for entry in lesson.document.outline.iter() {
            assert!(
                ids.as_array().unwrap().contains(&json!(entry.id.to_string())),
                "{slug}: #{} missing",
                entry.id
            );
        }

        // Links to other lessons: to the folder of one built beside it, or
        // as written.
        let hrefs = page
            .js(
                "return [...document.querySelectorAll('main a')].map((a) => [a.getAttribute('href'), a.textContent]);",
                vec![],
            )
            .await;
        for (written, text) in course_links(lesson.document) {
            // `fragment` keeps its `#`.
            let (path, fragment) = written.split_at(written.find('#').unwrap_or(written.len()));
            let built = path
                .strip_prefix("../")
                .map(|rest| rest.trim_end_matches('/'))
                .filter(|other| slugs.contains(other));
            let expected = match built {
                Some(other) => format!("../{other}/{fragment}"),
                None => written.clone(),
            };
            let found = hrefs.as_array().unwrap().iter().any(|pair| pair[0] == json!(expected));
            assert!(found, "{slug}: the link “{text}” ({written}) should be {expected}: {hrefs}");
            if let Some(other) = built {
                let folder = format!("/{other}/");
                assert_eq!(page.server().get(&folder).status, 200, "{slug}: {folder} is built");
            }
        }

        // Every check, right, from the keyboard: the summary says 100.
        for check in lesson.document.checks() {
            crate::checks::answer_with_keyboard(&page, check).await;
        }
        if let Some(summary) = lesson.document.summary() {
            let score = summary.score.replace("{score}", "100");
            page.wait_until(
                &format!("document.querySelector('.summary') && document.querySelector('.summary').textContent.includes({})", json!(score)),
                WAIT,
            )
            .await;
        }
        page.save_screenshot(&format!("course-{slug}.png")).await;
        assert_clean(&page, slug).await;
        page.set_viewport_width(360).await;
        page.save_screenshot(&format!("course-{slug}-360.png")).await;
        let overflow = page
            .js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
            .await;
        assert_eq!(overflow, json!(0), "{slug}: nothing wider than a phone");
        page.set_viewport_width(1280).await;
    }
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the SCORM packages: run `cargo xtask test`"]
async fn every_lesson_package_reports_to_a_real_scorm_run_time() {
    let (_, lessons) = course();
    let packages = env_path("ROUNDTRIP_PACKAGES");
    for lesson in &lessons {
        let slug = &lesson.entry.slug;
        let (root, names) = unzip(&packages.join(format!("{slug}-scorm12.zip")), &format!("course-{slug}"));
        let page_file = format!("{slug}/index.html");
        assert!(names.iter().any(|n| n == "imsmanifest.xml") && names.contains(&page_file), "{names:?}");
        let manifest =
            std::fs::read_to_string(root.join("course/lesson-1/imsmanifest.xml")).expect("the manifest");
        assert!(
            manifest.contains(&format!("<title>{}</title>", lesson.document.title)),
            "{slug}: {manifest}"
        );
        std::fs::copy(host_pages().join("scorm-again-player.html"), root.join("scorm-again-player.html"))
            .expect("the player");
        std::fs::copy(env_path("ROUNDTRIP_SCORM_AGAIN"), root.join("scorm-again.min.js"))
            .expect("scorm-again");

        let launch = crate::hosts::launch_page(&root);
        let page = Page::start(Server::start_host(root)).await;
        let mastery = lesson.document.completion.pass_score.unwrap_or(0);
        let url = format!(
            "{}/scorm-again-player.html?edition=12&mastery={mastery}&src={launch}&reset=1",
            page.server().origin()
        );
        page.client.goto(&url).await.expect("the player");
        let status = |value: &str| {
            format!("window.platform.committed && window.platform.committed['cmi.core.lesson_status'] === '{value}'")
        };
        page.wait_until(&status("incomplete"), WAIT).await;
        page.client.enter_frame(0).await.expect("the lesson's frame");
        page.wait_until("document.documentElement.dataset.app === 'ready'", WAIT).await;
        for check in lesson.document.checks() {
            crate::checks::answer_with_keyboard(&page, check).await;
        }
        page.client.enter_parent_frame().await.expect("back to the player");
        // Right answers to every check complete a lesson whose rule asks
        // for nothing else; one that asks for diagram steps or requests
        // too stays incomplete.
        let rule = &lesson.document.completion;
        if rule.diagram_steps.is_none() && rule.requests.is_none() {
            let done = if rule.pass_score.is_some() { "passed" } else { "completed" };
            page.wait_until(&status(done), WAIT).await;
            let score = page.js("return window.platform.committed['cmi.core.score.raw'];", vec![]).await;
            if !lesson.document.checks().is_empty() {
                assert_eq!(score, json!("100"), "{slug}: the score");
            }
        } else {
            // Each answer is on the record, as one interaction, while the
            // lesson stays incomplete.
            let answers = lesson.document.checks().len();
            page.wait_until(
                &format!(
                    "window.platform.committed && Object.keys(window.platform.committed).filter((k) => /^cmi\\.interactions\\.\\d+\\.id$/.test(k)).length === {answers}"
                ),
                WAIT,
            )
            .await;
            page.wait_until(&status("incomplete"), WAIT).await;
        }
        page.close().await;
    }
}

/// What a reader meets on the page now: all its text, shown or kept for
/// screen readers and for browsers without scripts (as written, before any
/// stylesheet changes its case), and the words it gives assistive
/// technology and tooltips; but not what a server sent to the request lab.
const READABLE: &str = r#"
    const attributes = [...document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')]
        .flatMap((e) => ['aria-label', 'title', 'alt', 'placeholder'].map((a) => e.getAttribute(a) || ''));
    let text = document.body.textContent;
    for (const body of document.querySelectorAll('.lab-body')) text = text.replace(body.textContent, '');
    return [document.title, text, ...attributes].join('\n');
"#;

/// The words of the course page's state of `slug` (empty until the app says).
async fn state_of(page: &Page, slug: &str) -> String {
    let text = page
        .js(
            &format!(
                "const e = document.getElementById('course-state-{slug}'); return e ? e.innerText : null;"
            ),
            vec![],
        )
        .await;
    text.as_str().unwrap_or_default().to_owned()
}

/// The course page's way on: `[href, text]`, or null.
async fn next_step(page: &Page) -> serde_json::Value {
    page.js(
        "const a = document.querySelector('#course-next a'); return a ? [a.getAttribute('href'), a.innerText] : null;",
        vec![],
    )
    .await
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn the_course_page_shows_how_far_the_learner_got_and_where_to_go_on() {
    use roundtrip::text::fill;
    let course = &*crate::harness::COURSE;
    assert!(course.len() >= 2, "a course of two lessons at least");
    let (first_slug, first) = &course[0];
    let (last_slug, last) = &course[course.len() - 1];
    let words = &first.course.as_ref().expect("built as part of the course").words;
    let page = Page::start(Server::start(course_dist())).await;

    // Nothing started: every lesson says so, and the way on is the first.
    page.goto("/").await;
    for (slug, _) in course {
        assert!(state_of(&page, slug).await.ends_with(words.not_started.as_ref()), "{slug}");
    }
    let start = fill(&words.start, &[("lesson", &first.title)]);
    assert_eq!(next_step(&page).await, json!([format!("{first_slug}/"), format!("{start} →")]));

    // The last lesson finished, every check right...
    page.goto(&format!("/{last_slug}/")).await;
    let checks = last.checks();
    for check in &checks {
        crate::checks::answer_with_keyboard(&page, check).await;
    }
    // ...and the first begun: one check answered, then a later section read.
    page.goto(&format!("/{first_slug}/")).await;
    crate::checks::answer_with_keyboard(&page, first.checks()[0]).await;
    let section = &first.outline[3];
    let standing_key = roundtrip::progress::standing::key(&roundtrip::progress::storage_key(first));
    page.js("document.getElementById(arguments[0]).scrollIntoView();", vec![json!(section.id)]).await;
    page.wait_until(
        &format!("(localStorage.getItem({}) || '').endsWith(';{}')", json!(standing_key), section.id),
        WAIT,
    )
    .await;

    page.goto("/").await;
    let last_state = state_of(&page, last_slug).await;
    let passed = if last.completion.pass_score.is_some() {
        fill(&words.passed, &[("score", "100")])
    } else {
        words.complete.to_string()
    };
    assert!(last_state.ends_with(&passed), "{last_slug}: {last_state}");
    let first_state = state_of(&page, first_slug).await;
    assert!(
        first_state.contains(words.in_progress.as_ref()) && first_state.contains("out of 100 so far"),
        "{first_slug}: {first_state}"
    );
    let resume = fill(&words.resume_at, &[("lesson", &first.title), ("section", &section.text)]);
    assert_eq!(
        next_step(&page).await,
        json!([format!("{first_slug}/#{}", section.id), format!("{resume} →")])
    );
    assert_clean(&page, "the course page with progress").await;
    page.set_viewport_width(360).await;
    page.save_screenshot("course-progress-360.png").await;
    page.set_viewport_width(1280).await;
    page.save_screenshot("course-progress-1280.png").await;

    // Continue: back into the lesson, at the section.
    page.js("document.querySelector('#course-next a').click();", vec![]).await;
    wait_rendered_in(&page, first_slug).await;
    assert_eq!(page.js("return location.hash;", vec![]).await, json!(format!("#{}", section.id)));
    page.js("localStorage.clear();", vec![]).await;
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn every_lesson_links_to_the_lessons_before_and_after_it() {
    let course = &*crate::harness::COURSE;
    let server = Server::start(course_dist());
    for (i, (slug, document)) in course.iter().enumerate() {
        let words = &document.course.as_ref().expect("in the course").words;
        // In the page itself, before any script: plain links.
        let html = server.get(&format!("/{slug}/")).body;
        let nav = html.split("<nav class=\"course-nav\"").nth(1).and_then(|rest| rest.split("</nav>").next());
        let nav = nav.unwrap_or_else(|| panic!("{slug}: no links to the other lessons"));
        assert!(nav.contains(&format!("aria-label=\"{}\"", words.nav)), "{slug}: {nav}");
        assert!(nav.contains(&format!("href=\"../\">{}</a>", words.all_lessons)), "{slug}: {nav}");
        match i.checked_sub(1).map(|p| &course[p]) {
            Some((previous, lesson)) => assert!(
                nav.contains(&format!("href=\"../{previous}/\" rel=\"prev\""))
                    && nav.contains(lesson.title.as_ref()),
                "{slug}: {nav}"
            ),
            None => assert!(!nav.contains("rel=\"prev\""), "{slug}: the first lesson has none before it"),
        }
        match course.get(i + 1) {
            Some((next, lesson)) => assert!(
                nav.contains(&format!("href=\"../{next}/\" rel=\"next\""))
                    && nav.contains(lesson.title.as_ref()),
                "{slug}: {nav}"
            ),
            None => assert!(!nav.contains("rel=\"next\""), "{slug}: the last lesson has none after it"),
        }
    }
    // And they lead there, in the browser.
    let page = Page::start(server).await;
    let (first, _) = &course[0];
    let (second, _) = &course[1];
    page.goto(&format!("/{first}/")).await;
    page.js("document.querySelector('a.course-nav-next').click();", vec![]).await;
    wait_rendered_in(&page, second).await;
    page.js("document.querySelector('a.course-nav-previous').click();", vec![]).await;
    wait_rendered_in(&page, first).await;
    page.js("document.querySelector('a.course-nav-all').click();", vec![]).await;
    page.wait_until("location.pathname === '/'", WAIT).await;
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn a_lesson_that_writes_no_widget_words_shows_the_built_in_ones() {
    use roundtrip_document::compile::{compile, Settings};
    let (slug, lesson) = &crate::harness::COURSE[0];
    let file = env_path("ROUNDTRIP_COURSE_FILE").with_file_name(format!("{slug}.md"));
    let markdown = std::fs::read_to_string(&file).expect("the lesson's Markdown");
    for table in [
        "[checks]",
        "[progress]",
        "[frame]",
        "[words",
        "[labels]",
        "[controls]",
        "[live]",
        "[classes]",
        "[failures",
    ] {
        assert!(!markdown.contains(table), "{slug} writes words of its own: {table}");
    }
    // What a lesson of nothing but a title gets: the built-in words.
    let bare = compile("bare.md", "# Bare\n", &Settings::default()).expect("a bare lesson");
    assert_eq!(lesson.check_words, bare.check_words);
    assert_eq!(lesson.frame, bare.frame);
    let page = Page::open("/").await;
    let text = page.js("return document.body.textContent;", vec![]).await;
    let text = text.as_str().unwrap_or_default();
    let diagram = lesson.diagrams()[0];
    let lab = lesson.labs()[0];
    for word in [&bare.check_words.check, &diagram.controls.next, &lab.labels.send, &bare.check_words.kicker]
    {
        assert!(text.contains(word.as_ref()), "the page shows “{word}”");
    }
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn a_course_in_spanish_shows_no_english_widget_word() {
    use roundtrip::prerender::site::{build, english_fragments, Site};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let fixture = root.join("tests/fixtures/course-es");
    let temp = root.join("target").join("tmp").join(format!("e2e-course-es-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&temp);
    let site = Site {
        root: root.clone(),
        course_file: fixture.join("course.toml"),
        app_build: env_path("ROUNDTRIP_APP_BUILD"),
        dist: temp.clone(),
        course_base: None,
        practice_api: None,
    };
    build(&site).unwrap_or_else(|e| panic!("the Spanish course does not build: {e}"));
    let english = english_fragments(&std::fs::read_to_string(fixture.join("palabras.toml")).unwrap());
    let page = Page::start(Server::start(temp.clone())).await;
    let english_on = |what: &'static str| {
        let page = &page;
        let english = &english;
        async move {
            let shown = page.js(READABLE, vec![]).await;
            let shown = shown.as_str().unwrap_or_default().to_owned();
            let found: Vec<&String> =
                english.iter().filter(|fragment| shown.contains(fragment.as_str())).collect();
            assert!(found.is_empty(), "{what} shows English widget words: {found:?}");
        }
    };

    page.goto("/la-web/").await;
    english_on("the lesson as it opens").await;
    // The words a learner meets by using the widgets: a wrong answer, a
    // step of the diagram, a request sent and its answer.
    page.js(
        "const check = document.getElementById('check-codigo');\
         [...check.querySelectorAll('label')].find((l) => l.textContent.includes('200')).click();\
         check.querySelector('.check-submit').click();",
        vec![],
    )
    .await;
    page.wait_until("document.getElementById('check-codigo').innerText.includes('Todavía no')", WAIT).await;
    page.js("[...document.querySelectorAll('figure.diagram button')].find((b) => b.textContent.includes('Siguiente')).click();", vec![])
        .await;
    let shown = crate::lab::preset(&page, "Una página que no existe").await;
    assert_eq!(shown["code"], json!("404 Not Found"), "{shown:#}");
    english_on("the lesson after an answer, a step and a request").await;
    page.set_viewport_width(360).await;
    page.save_screenshot("course-es-la-web-360.png").await;
    page.set_viewport_width(1280).await;
    // The browser logs the lab's real 404 itself: nothing else.
    let errors = page.console_errors_besides_404_for(&["/la-web/no-existe"]).await;
    assert!(errors.is_empty(), "the Spanish lesson: console errors: {errors:#?}");
    let violations = page.axe_violations().await;
    assert!(violations.is_empty(), "the Spanish lesson: axe: {violations:#?}");

    page.goto("/ruby/").await;
    english_on("the second lesson").await;
    page.goto("/").await;
    english_on("the course page").await;
    assert!(state_of(&page, "la-web").await.contains("En curso"), "the course page says it in Spanish");
    assert_clean(&page, "the Spanish course page").await;
    page.js("localStorage.clear();", vec![]).await;
    page.close().await;
    let _ = std::fs::remove_dir_all(&temp);
}
