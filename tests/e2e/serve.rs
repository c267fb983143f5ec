//! An author's loop, as `cargo xtask serve` runs it: the course built from a
//! copy of `content/`, served with live reload; the copy edited, the course
//! built again (as the server's watcher does on a save), and the open page
//! following: an edit shows, a mistake shows where it is, and mending it
//! brings the lesson back, while anyone opening the lesson meanwhile gets
//! the last version that built.

use std::path::{Path, PathBuf};
use std::time::Duration;

use roundtrip::prerender::site::{self, Site};

use crate::harness::{env_path, Page, Server};

const WAIT: Duration = Duration::from_secs(20);

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("a folder to copy") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}

/// The course of `site` built again, and what the build did written where
/// the server reads it.
fn rebuild(site: &Site, status: &Path) -> Result<site::Built, site::SiteError> {
    let result = site::build(site);
    std::fs::write(status, site::status(&result)).expect("the status file");
    result
}

/// An author's copy of the course (`target/tmp/e2e-<tag>-<pid>/content`),
/// built: the site, its status file, and the folder that holds them.
fn author_site(tag: &str) -> (Site, PathBuf, PathBuf) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let temp = root.join("target").join("tmp").join(format!("e2e-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&temp);
    let content = temp.join("content");
    copy_dir(env_path("ROUNDTRIP_COURSE_FILE").parent().expect("the course's folder"), &content);
    let site = Site {
        root,
        course_file: content.join("course.toml"),
        app_build: env_path("ROUNDTRIP_APP_BUILD"),
        dist: temp.join("dist"),
        course_base: None,
        practice_api: None,
    };
    let status = temp.join("status.json");
    rebuild(&site, &status).unwrap_or_else(|e| panic!("the course does not build: {e}"));
    (site, status, temp)
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn an_edit_shows_a_mistake_shows_where_it_is_and_mending_it_brings_the_lesson_back() {
    let (site, status, temp) = author_site("serve");
    let content = site.course_file.parent().expect("the course's folder").to_owned();
    let (slug, lesson) = &crate::harness::COURSE[crate::harness::COURSE.len() - 1];
    let file = content.join(format!("{slug}.md"));
    let original = std::fs::read_to_string(&file).expect("the lesson");

    let page = Page::start(Server::start_live(site.dist.clone(), status.clone())).await;
    page.goto(&format!("/{slug}/")).await;
    page.wait_until("document.documentElement.dataset.liveReload === 'listening'", WAIT).await;
    let built = std::fs::read_to_string(site.dist.join(slug).join("index.html")).unwrap();
    assert!(!built.contains("_roundtrip"), "the built page carries no reload script");
    // The author sees the build as it is, never a cache of it.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let workers = page.service_workers().await;
    assert_eq!(workers, serde_json::json!(0), "no service worker under live reload");

    // An edit shows by itself.
    let first = lesson.description.to_string();
    assert!(original.contains(&first), "the lesson's first sentence is in its Markdown");
    let edited = original.replacen(&first, "A sentence an author just wrote.", 1);
    std::fs::write(&file, &edited).unwrap();
    let built = rebuild(&site, &status).expect("the edit builds");
    assert!(
        built.written.iter().all(|f| f.starts_with(&format!("{slug}/")) || f == "index.html" || f == "sw.js"),
        "{:?}",
        built.written
    );
    page.wait_until("document.body.textContent.includes('A sentence an author just wrote.')", WAIT).await;
    page.wait_rendered().await;

    // A mistake shows in the page: the file, the line, what to fix.
    let mistake = format!("{edited}\n```{{quiz}}\n```\n");
    let line = edited.lines().count() + 2;
    std::fs::write(&file, &mistake).unwrap();
    let error = rebuild(&site, &status).expect_err("a mistake stops the build");
    assert!(matches!(error, site::SiteError::Content(_)), "{error}");
    page.wait_until("document.getElementById('roundtrip-build-error') !== null", WAIT).await;
    let shown = page.js("return document.getElementById('roundtrip-build-error').innerText;", vec![]).await;
    let shown = shown.as_str().unwrap_or_default().to_owned();
    for said in [format!("{slug}.md"), format!("line {line}"), "unknown directive {quiz}".to_owned()] {
        assert!(shown.contains(&said), "the page says “{said}”: {shown}");
    }
    for width in [360, 1280] {
        page.set_viewport_width(width).await;
        page.save_viewport_screenshot(&format!("serve-mistake-{width}.png")).await;
    }
    // Meanwhile the lesson is the last version that built, for anyone.
    let served = page.server().get(&format!("/{slug}/"));
    assert!(
        served.status == 200 && served.body.contains("A sentence an author just wrote."),
        "{}",
        served.status
    );

    // Mending the file brings the lesson back by itself.
    let mended = original.replacen(&first, "A sentence the author mended.", 1);
    std::fs::write(&file, &mended).unwrap();
    rebuild(&site, &status).expect("the mended lesson builds");
    page.wait_until(
        "document.body.textContent.includes('A sentence the author mended.') && !document.getElementById('roundtrip-build-error')",
        WAIT,
    )
    .await;
    page.wait_rendered().await;
    let errors = page.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    page.close().await;
    let _ = std::fs::remove_dir_all(&temp);
}

/// The course's service worker, left by a visit to the built course at this
/// address (`roundtrip-server --dist dist`, say), makes way once the author
/// serves it with live reload: the page comes from the server, the edit
/// shows, and nothing is kept offline any more.
#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn a_worker_left_by_the_built_course_makes_way_for_the_author() {
    let (site, status, temp) = author_site("make-way");
    let (slug, lesson) = &crate::harness::COURSE[0];
    let page = Page::start(Server::start(site.dist.clone())).await;

    // The built course, as a learner has it: its worker keeps the build.
    let built = Server::start(site.dist.clone());
    let addr = built.addr();
    let url = format!("{}/{slug}/", built.origin());
    page.client.goto(&url).await.expect("the built lesson");
    page.wait_rendered().await;
    page.wait_until("navigator.serviceWorker.controller !== null", WAIT).await;
    drop(built);

    // An edit, and the same address served for the author.
    let file = site.course_file.with_file_name(format!("{slug}.md"));
    let original = std::fs::read_to_string(&file).expect("the lesson");
    let edited = original.replacen(lesson.description.as_ref(), "A sentence an author just wrote.", 1);
    std::fs::write(&file, edited).unwrap();
    rebuild(&site, &status).expect("the edit builds");
    let live = Server::start_live_at(addr, site.dist.clone(), status.clone());
    page.client.goto(&url).await.expect("the lesson, served for the author");
    page.wait_until(
        "document.body.textContent.includes('A sentence an author just wrote.') \
         && document.documentElement.dataset.liveReload === 'listening' \
         && navigator.serviceWorker.controller === null",
        WAIT,
    )
    .await;
    page.wait_rendered().await;
    let left = page
        .js_async(
            "const done = arguments[arguments.length - 1]; \
             Promise.all([navigator.serviceWorker.getRegistrations(), caches.keys()])\
             .then(([workers, kept]) => done([workers.length, kept]), (e) => done(String(e)));",
            vec![],
        )
        .await;
    assert_eq!(left, serde_json::json!([0, []]), "no worker, no cache left");
    let errors = page.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    page.close().await;
    drop(live);
    let _ = std::fs::remove_dir_all(&temp);
}
