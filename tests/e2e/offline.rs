//! The course offline, as a learner on a train meets it: on a static host
//! that is not ours (`python3 -m http.server`), the course's service worker
//! keeps every page, its data and the app after one visit online. Offline
//! (the browser's own emulation), every lesson opens, one never opened
//! before too, hydrates and works; the lab says the device is offline and
//! makes up no status code. Back online, a rebuilt course is shown whole
//! after one more visit. And the course installs.

use std::path::Path;
use std::time::Duration;

use roundtrip::prerender::site::{self, Site};
use serde_json::{json, Value};

use crate::harness::{course_copy, env_path, Page, Server, StaticHost, COURSE};

const WAIT: Duration = Duration::from_secs(30);

/// Opens `url` and waits for the app.
async fn open(page: &Page, url: &str) {
    page.client.goto(url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    page.wait_rendered().await;
}

/// Sets the browser offline (CDP network emulation) or back online.
pub(crate) async fn offline(page: &Page, offline: bool) {
    page.cdp(
        "Network.emulateNetworkConditions",
        json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
    )
    .await;
}

/// Waits until the course's service worker controls the page and keeps the build `build`.
async fn kept(page: &Page, build: &str) {
    page.wait_until("navigator.serviceWorker && navigator.serviceWorker.controller !== null", WAIT).await;
    let script = "const [build] = arguments; const done = arguments[arguments.length - 1]; \
        caches.keys().then((names) => done(names), () => done([]));";
    let started = std::time::Instant::now();
    loop {
        let names = page.js_async(script, vec![json!(build)]).await;
        if names == json!([build]) {
            return;
        }
        assert!(started.elapsed() < WAIT, "the worker should keep {build} alone: {names}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The build the worker of the course in `dist` keeps.
fn build_of(dist: &Path) -> String {
    let worker = std::fs::read_to_string(dist.join("sw.js")).expect("the course's service worker");
    let rest = worker.split("const BUILD = \"").nth(1).expect("the build's name");
    rest.split('"').next().unwrap_or_default().to_owned()
}

/// Clicks the button of `scope` whose words are `name`.
async fn press(page: &Page, scope: &str, name: &str) {
    let clicked = page
        .js(
            "const [scope, name] = arguments; const b = [...document.querySelectorAll(scope + ' button')]\
             .find((b) => b.textContent.trim().startsWith(name)); if (b) b.click(); return !!b;",
            vec![json!(scope), json!(name)],
        )
        .await;
    assert_eq!(clicked, json!(true), "no button {name} in {scope}");
}

/// The page's lesson works: a step of its diagram (if it has one), a check
/// answered, and its summary counting it.
async fn works(page: &Page, slug: &str) {
    let (_, lesson) = COURSE.iter().find(|(s, _)| s == slug).expect("a lesson of the course");
    if let Some(diagram) = lesson.diagrams().first() {
        let before =
            page.js("return document.querySelector('.diagram-step-text').textContent;", vec![]).await;
        press(page, "figure.diagram", &diagram.controls.next).await;
        page.wait_until(
            &format!("document.querySelector('.diagram-step-text').textContent !== {before}"),
            WAIT,
        )
        .await;
    }
    let summary = "(document.querySelector('.summary') || {}).textContent";
    let before = page.js(&format!("return {summary};"), vec![]).await;
    let check = lesson.checks()[0];
    crate::checks::answer_with_keyboard(page, check).await;
    if lesson.summary().is_some() {
        page.wait_until(&format!("{summary} !== {before}"), WAIT).await;
    }
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn offline_every_lesson_opens_and_works_and_the_lab_says_so() {
    let dist = course_copy("offline");
    let host = StaticHost::start(&dist);
    let page = Page::start(Server::start(dist.clone())).await;
    page.cdp("Network.enable", json!({})).await;
    let (first, first_lesson) = &COURSE[0];
    let (second, _) = &COURSE[1];

    // Online: the course page, then the first lesson, as a learner would.
    open(&page, &format!("{}/", host.origin())).await;
    open(&page, &format!("{}/{first}/", host.origin())).await;
    let build = build_of(&dist);
    kept(&page, &build).await;

    // Offline: the first lesson again, and a lesson never opened.
    offline(&page, true).await;
    open(&page, &format!("{}/{first}/", host.origin())).await;
    let said = &first_lesson.progress_words.offline;
    page.wait_until(
        &format!("document.querySelector('.progress-notice').textContent.includes({})", json!(said.as_ref())),
        WAIT,
    )
    .await;
    works(&page, first).await;
    let lab = first_lesson.labs()[0];
    let preset = lab.presets.iter().find(|p| !p.practice).expect("a preset");
    let shown = crate::lab::preset(&page, &preset.label).await;
    assert_eq!(shown["code"], Value::Null, "no status code is made up: {shown:#}");
    let explained = shown["explanation"].as_str().unwrap_or_default().to_owned();
    let offline_words = lab.failures.offline.split("\n\n").next().unwrap_or_default();
    assert!(explained.contains(offline_words), "the lab says the device is offline: {shown:#}");
    assert!(
        shown["history"].to_string().contains(lab.failures.short.offline.as_ref()),
        "named in the history: {shown:#}"
    );
    let errors = page.console_errors().await;
    assert!(errors.is_empty(), "{first}, offline: {errors:#?}");

    open(&page, &format!("{}/{second}/", host.origin())).await;
    works(&page, second).await;
    let errors = page.console_errors().await;
    assert!(errors.is_empty(), "{second}, offline, opened for the first time: {errors:#?}");
    open(&page, &format!("{}/{first}/", host.origin())).await;
    crate::lab::preset(&page, &preset.label).await;
    page.set_viewport_width(360).await;
    page.save_screenshot("offline-lab-360.png").await;
    page.set_viewport_width(1280).await;

    // Back online, sending works again without a reload.
    offline(&page, false).await;
    open(&page, &format!("{}/{first}/", host.origin())).await;
    offline(&page, true).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    offline(&page, false).await;
    let shown = crate::lab::preset(&page, &preset.label).await;
    assert!(
        shown["code"].as_str().is_some_and(|code| !code.is_empty()),
        "online again, a real answer: {shown:#}"
    );
    // That answer may be a 404 (the static host has no such page): the
    // browser says so in the console, as it should; nothing else is there.
    let asked = preset.url.trim_start_matches("./").trim_start_matches('/');
    let errors = page.console_errors_besides_404_for(&[asked]).await;
    assert!(errors.is_empty(), "online again: {errors:#?}");

    // A new build: the second lesson changed. The next visit finds it in the
    // background; the one after shows it, whole.
    let content =
        dist.with_file_name(format!("{}-content", dist.file_name().unwrap_or_default().to_string_lossy()));
    copy_content(&env_path("ROUNDTRIP_COURSE_FILE"), &content);
    let file = content.join(format!("{second}.md"));
    let markdown = std::fs::read_to_string(&file).unwrap();
    let changed = markdown.replacen("\n# ", "\n# Changed: ", 1);
    std::fs::write(&file, changed).unwrap();
    let rebuilt = Site {
        root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        course_file: content.join("course.toml"),
        app_build: env_path("ROUNDTRIP_APP_BUILD"),
        dist: dist.clone(),
        course_base: None,
        practice_api: None,
    };
    site::build(&rebuilt).unwrap_or_else(|e| panic!("the rebuilt course: {e}"));
    let new_build = build_of(&dist);
    assert_ne!(new_build, build);
    // The worker keeps the old build's page of that lesson; a learner who asks
    // for it in the lab gets the server's, the new one.
    let asked = crate::lab::send(&page, "address", &format!("../{second}/"), json!({})).await;
    assert_eq!(asked["code"], json!("200 OK"), "{asked:#}");
    assert!(
        asked["body"].as_str().unwrap_or_default().contains("Changed: "),
        "the lab's request went to the server, not the worker's cache: {}",
        asked["body"].as_str().unwrap_or_default().chars().take(400).collect::<String>()
    );
    open(&page, &format!("{}/{second}/", host.origin())).await;
    kept(&page, &new_build).await;
    open(&page, &format!("{}/{second}/", host.origin())).await;
    let heading = page.js("return document.querySelector('main h1').textContent;", vec![]).await;
    assert!(heading.as_str().unwrap_or_default().starts_with("Changed: "), "the new build: {heading}");
    // The answer given offline is still there, in the new build.
    let (_, second_lesson) = &COURSE[1];
    let anchor = second_lesson.checks()[0].anchor();
    page.wait_until(&format!("document.querySelector('#{anchor} .check-result')"), WAIT).await;
    let errors = page.console_errors().await;
    assert!(errors.is_empty(), "the new build: {errors:#?}");
    page.js("localStorage.clear();", vec![]).await;
    page.close().await;
    drop(host);
    let _ = std::fs::remove_dir_all(&dist);
    let _ = std::fs::remove_dir_all(&content);
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn the_course_installs_from_the_browser() {
    let page = Page::start(Server::start(crate::harness::course_dist())).await;
    page.goto("/").await;
    page.wait_until("navigator.serviceWorker && navigator.serviceWorker.controller !== null", WAIT).await;
    let manifest = page.cdp("Page.getAppManifest", json!({})).await;
    assert_eq!(manifest["errors"], json!([]), "{manifest:#}");
    let errors = page.cdp("Page.getInstallabilityErrors", json!({})).await;
    assert_eq!(errors["installabilityErrors"], json!([]), "{errors:#}");
    page.close().await;
}

/// The course's content (its course file and lessons) copied into `to`.
fn copy_content(course_file: &Path, to: &Path) {
    let from = course_file.parent().expect("the course's folder");
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}
