//! The lesson inside other pages: a cross-origin iframe sized by its height
//! messages (our `embed.js`, the H5P resizer's protocol), a sandboxed iframe,
//! and the SCORM 1.2 and 2004 packages on a learning platform's player.
//!
//! The host pages are in `tests/hosts/`, served on a second loopback port, so
//! that the page around the lesson is of another origin, as on a real site.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::harness::LESSON;
use fantoccini::Locator;
use roundtrip::checks::{key, score};
use roundtrip::lesson::{Check, Task};
use roundtrip::progress::Progress;
use serde_json::{json, Value};

use crate::harness::{env_path, Page, Server};

const WAIT: Duration = Duration::from_secs(20);

/// The iframe's height in the host page.
const FRAME_HEIGHT: &str = "return document.querySelector('iframe').getBoundingClientRect().height;";

pub(crate) fn host_pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("hosts")
}

/// The lesson on one server, the host pages on another; opens
/// `frame.html` framing the lesson, with `query` added.
async fn framed(query: &str) -> (Page, Server) {
    let page = Page::start(Server::start_lesson()).await;
    let hosts = Server::start_host(host_pages());
    let url = format!("{}/frame.html?src={}&{query}", hosts.origin(), page.server().url("/"));
    page.client.goto(&url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    (page, hosts)
}

async fn frame_height(page: &Page) -> f64 {
    page.js(FRAME_HEIGHT, vec![]).await.as_f64().expect("a height")
}

/// Runs `script` inside the lesson's iframe.
pub(crate) async fn in_frame(page: &Page, script: &str) -> Value {
    page.client.enter_frame(0).await.expect("enter the lesson's frame");
    let value = page.js(script, vec![]).await;
    page.client.enter_parent_frame().await.expect("back to the host page");
    value
}

async fn click_in_frame(page: &Page, xpath: &str) {
    page.client.enter_frame(0).await.expect("enter the lesson's frame");
    let element = page.client.find(Locator::XPath(xpath)).await.unwrap_or_else(|e| panic!("no {xpath}: {e}"));
    element.click().await.unwrap_or_else(|e| panic!("cannot click {xpath}: {e}"));
    page.client.enter_parent_frame().await.expect("back to the host page");
}

fn button(name: &str) -> String {
    format!("//button[normalize-space(.)='{name}' or contains(normalize-space(.), '{name}')]")
}

/// No console errors, but for the one the walk-through causes on purpose:
/// the lab's real 404 for `help` (the lesson's opening preset).
pub(crate) async fn assert_no_errors(page: &Page) {
    let errors = page.console_errors_besides_404_for(&["/help"]).await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn a_cross_origin_frame_is_sized_to_the_lesson_and_follows_it() {
    let (page, _hosts) = framed("resizer=embed&fullscreen=1").await;
    page.wait_until("document.querySelector('iframe').getBoundingClientRect().height > 1500", WAIT).await;

    let received = page.js("return window.received;", vec![]).await;
    let has = |expected: Value| {
        received
            .as_array()
            .unwrap()
            .iter()
            .any(|m| expected.as_object().unwrap().iter().all(|(k, v)| m.get(k) == Some(v)))
    };
    assert!(has(json!({"roundtrip": 1, "event": "resize"})), "{received}");
    assert!(has(json!({"subject": "lti.frameResize"})), "Canvas's message: {received}");
    assert!(has(json!({"context": "h5p", "action": "hello"})), "H5P's handshake: {received}");
    // The lesson grows while it settles (the lab learns whether a practice
    // back end is there); embed.js follows, to the last height it was told.
    page.wait_until(
        "(() => { const last = window.received.filter((m) => m.roundtrip === 1 && m.event === 'resize').pop(); \
         return last && Math.abs(document.querySelector('iframe').getBoundingClientRect().height - last.height) < 1; })()",
        WAIT,
    )
    .await;

    // The lesson shows all of itself: no scrolling inside the frame.
    let inner = in_frame(
        &page,
        "const d = document.documentElement; return { overflow: d.scrollHeight - window.innerHeight, \
         tab: (document.querySelector('a.frame-new-tab') || {}).href || null, \
         fullscreen: !!document.querySelector('button.frame-fullscreen') };",
    )
    .await;
    assert!(inner["overflow"].as_f64().unwrap() <= 1.0, "{inner}");
    assert_eq!(inner["tab"], json!(page.server().url("/")), "a tab of its own: {inner}");
    assert_eq!(inner["fullscreen"], json!(true));

    // A narrow phone: the text wraps, the lesson is taller, the frame follows.
    let wide = frame_height(&page).await;
    page.set_viewport_width(360).await;
    page.wait_until(
        &format!("document.querySelector('iframe').getBoundingClientRect().height > {wide}"),
        WAIT,
    )
    .await;
    let narrow_overflow =
        in_frame(&page, "return document.documentElement.scrollHeight - window.innerHeight;").await;
    page.wait_until(
        "(() => { const h = window.received.filter((m) => m.roundtrip === 1).pop().height; \
         return Math.abs(document.querySelector('iframe').getBoundingClientRect().height - h) < 1; })()",
        WAIT,
    )
    .await;
    assert!(narrow_overflow.as_f64().unwrap() <= 1.0, "no scrolling inside at 360 px: {narrow_overflow}");
    page.save_screenshot("frame-embedded-360.png").await;
    assert_no_errors(&page).await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn a_sandboxed_frame_runs_the_lesson_and_nothing_throws() {
    // allow-scripts alone: an opaque origin, so storage, cookies and the
    // parent all refuse access.
    let (page, _hosts) = framed("resizer=embed&sandbox=allow-scripts").await;
    page.wait_until("document.querySelector('iframe').getBoundingClientRect().height > 1500", WAIT).await;
    page.set_viewport_width(360).await;

    let total = LESSON.diagrams()[0].scenarios[0].steps.len();
    let before = in_frame(&page, "return document.querySelector('.diagram-progress').textContent;").await;
    assert_eq!(before, json!(crate::diagram::progress(1, total)));
    click_in_frame(&page, &format!("//figure{}", button("Next"))).await;
    let after = in_frame(&page, "return document.querySelector('.diagram-progress').textContent;").await;
    assert_eq!(after, json!(crate::diagram::progress(2, total)), "the diagram works in the sandbox");

    // No allowfullscreen: the lesson says so, and offers a tab of its own.
    click_in_frame(&page, &button("Full screen")).await;
    let refused = in_frame(
        &page,
        "const p = document.querySelector('.frame-refused'); \
         return { text: p.textContent, visible: p.getBoundingClientRect().height > 0, \
                  link: !!p.querySelector('a.frame-new-tab'), role: p.getAttribute('role'), \
                  fullscreen: !!document.fullscreenElement };",
    )
    .await;
    assert!(refused["text"].as_str().unwrap().contains("does not allow full screen"), "{refused}");
    assert_eq!(refused["visible"], json!(true), "{refused}");
    assert_eq!(refused["link"], json!(true), "{refused}");
    assert_eq!(refused["role"], json!("status"), "announced: {refused}");
    assert_eq!(refused["fullscreen"], json!(false));
    page.js("window.scrollTo(0, 0);", vec![]).await;
    page.save_screenshot("frame-fullscreen-refused-360.png").await;

    // Each answer, and completing the lesson, is announced to the page around it.
    assert!(!page
        .js("return window.received.some((m) => m.event === 'statement');", vec![])
        .await
        .as_bool()
        .unwrap());
    let order =
        LESSON.checks().into_iter().find(|c| matches!(c.task, Task::Order(_))).expect("an order check");
    answer_as_shown_then_try_again(&page, order).await;
    walk_the_lesson(&page).await;
    let passed = "window.received.find((m) => m.roundtrip === 1 && m.event === 'statement' \
                  && m.verb.id === 'http://adlnet.gov/expapi/verbs/passed')";
    page.wait_until(passed, WAIT).await;
    let statement = page.js(&format!("return {passed};"), vec![]).await;
    assert_eq!(statement["verb"]["display"]["en"], json!("passed"), "{statement}");
    assert_eq!(statement["result"]["completion"], json!(true), "{statement}");
    assert_eq!(statement["result"]["success"], json!(true), "{statement}");
    let score = f64::from(journey_score(order));
    assert_eq!(statement["result"]["score"]["raw"].as_f64(), Some(score), "{statement}");
    let lesson = page.server().url("/");
    assert_eq!(statement["object"]["id"], json!(lesson), "named by its address: {statement}");
    let name = &statement["object"]["definition"]["name"]["en"];
    assert_eq!(name, &json!("What is Back End Engineering?"), "{statement}");
    assert_answered_statements(&page, &lesson, order).await;
    assert_no_errors(&page).await;
}

/// One xAPI `answered` statement per answer, in order, for a walk through
/// the lesson after `wrong` was answered wrong once: the check as the
/// object (an interaction, with its kind and correct response), the answer
/// as `result.response`, whether it was right as `result.success`.
async fn assert_answered_statements(page: &Page, lesson: &str, wrong: &Check) {
    let answered = page
        .js(
            "return window.received.filter((m) => m.roundtrip === 1 && m.event === 'statement' \
             && m.verb.id === 'http://adlnet.gov/expapi/verbs/answered');",
            vec![],
        )
        .await;
    let answered = answered.as_array().cloned().unwrap_or_default();
    let checks = LESSON.checks();
    let expected: Vec<(&Check, bool)> =
        std::iter::once((wrong, false)).chain(checks.iter().map(|c| (*c, true))).collect();
    assert_eq!(answered.len(), expected.len(), "one per answer: {answered:#?}");
    for (statement, (check, right)) in answered.iter().zip(expected) {
        let object = &statement["object"];
        assert_eq!(object["id"], json!(format!("{lesson}#{}", check.anchor())), "{statement:#}");
        let definition = &object["definition"];
        let kind = match check.task {
            Task::Order(_) => "sequencing",
            Task::Sort(_) => "matching",
            Task::Choose(_) => "choice",
        };
        assert_eq!(definition["type"], json!("http://adlnet.gov/expapi/activities/cmi.interaction"));
        assert_eq!(definition["interactionType"], json!(kind), "{statement:#}");
        assert!(definition["name"]["en"].as_str().is_some_and(|n| !n.is_empty()), "{statement:#}");
        let result = &statement["result"];
        assert_eq!(result["success"], json!(right), "{statement:#}");
        let response = result["response"].as_str().unwrap_or_default();
        let pattern = &definition["correctResponsesPattern"][0];
        assert!(!response.is_empty(), "{statement:#}");
        assert_eq!(pattern == &json!(response), right, "the correct response if right: {statement:#}");
        assert_eq!(statement["context"]["contextActivities"]["parent"][0]["id"], json!(lesson));
        assert!(statement["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')), "{statement:#}");
    }
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn the_h5p_resizer_protocol_sizes_the_frame() {
    let (page, _hosts) = framed("resizer=h5p").await;
    page.wait_until("document.querySelector('iframe').getBoundingClientRect().height > 1500", WAIT).await;
    let actions = page
        .js("return window.received.filter((m) => m.context === 'h5p').map((m) => m.action);", vec![])
        .await;
    let actions: Vec<&str> = actions.as_array().unwrap().iter().filter_map(Value::as_str).collect();
    let at = |action: &str| actions.iter().position(|a| *a == action);
    assert!(at("hello").is_some(), "{actions:?}");
    assert!(at("prepareResize") > at("hello"), "hello, then prepareResize: {actions:?}");
    assert!(at("resize") > at("prepareResize"), "then resize: {actions:?}");
    let last = page
        .js(
            "return window.received.filter((m) => m.context === 'h5p' && m.action === 'resize').pop();",
            vec![],
        )
        .await;
    assert_eq!(Some(frame_height(&page).await), last["scrollHeight"].as_f64(), "{last}");
    assert_no_errors(&page).await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn an_h5p_resizer_that_loads_late_still_sizes_the_frame() {
    // The host loads the resizer 3 s after the lesson; the real one announces
    // itself only to frames whose address contains "h5p", so the lesson must
    // keep asking.
    let (page, _hosts) = framed("resizer=h5p-late").await;
    page.wait_until("window.h5pSizedAt !== null", WAIT).await;
    let timing = page
        .js("return [window.heightWhenInstalled, window.h5pSizedAt - window.h5pInstalledAt];", vec![])
        .await;
    assert_eq!(timing[0].as_f64(), Some(300.0), "nothing sized it before: {timing}");
    let took = timing[1].as_f64().unwrap();
    assert!(took < 2000.0, "sized {took} ms after the resizer started");
    page.wait_until("document.querySelector('iframe').getBoundingClientRect().height > 1500", WAIT).await;
    // Once answered, the lesson stops saying hello.
    let hellos = "return window.received.filter((m) => m.context === 'h5p' && m.action === 'hello').length;";
    let before = page.js(hellos, vec![]).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(page.js(hellos, vec![]).await, before, "no hello after the answer");
    assert_eq!(page.js("return window.hostErrors;", vec![]).await, json!([]));
    assert_no_errors(&page).await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn a_sandboxed_frame_speaks_no_h5p_and_the_host_page_sees_no_error() {
    // An opaque origin: the H5P resizer's answer (to origin "null") would
    // throw on the host page, so the lesson never starts H5P's handshake.
    // embed.js sizes it; Canvas's message still goes out.
    let (page, _hosts) = framed("resizer=h5p,embed&sandbox=allow-scripts").await;
    page.wait_until("document.querySelector('iframe').getBoundingClientRect().height > 1500", WAIT).await;
    // Long enough for a few of the hellos a lesson of a real origin would say.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let seen = page
        .js(
            "return { h5p: window.received.filter((m) => m && m.context === 'h5p').length,              canvas: window.received.some((m) => m && m.subject === 'lti.frameResize'),              errors: window.hostErrors };",
            vec![],
        )
        .await;
    assert_eq!(seen["h5p"], json!(0), "{seen}");
    assert_eq!(seen["canvas"], json!(true), "{seen}");
    assert_eq!(seen["errors"], json!([]), "{seen}");
    assert_no_errors(&page).await;
}

/// Tests run side by side: each gets a folder of its own.
static UNZIPPED: AtomicUsize = AtomicUsize::new(0);

/// The SCORM package named by the variable `zip`, unzipped under
/// `/course/lesson-1/`, beside the player.
pub(crate) fn unzip_package(zip: &str) -> (PathBuf, Vec<String>) {
    unzip(&env_path(zip), &zip.to_lowercase())
}

/// [`unzip_package`] of the zip at `zip_path`; `tag` names its folder.
pub(crate) fn unzip(zip_path: &Path, tag: &str) -> (PathBuf, Vec<String>) {
    let file = std::fs::File::open(zip_path).unwrap_or_else(|e| {
        panic!("{}: {e}; run `cargo xtask test` (it builds the package)", zip_path.display())
    });
    let mut archive = zip::ZipArchive::new(file).expect("a zip");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("tmp").join(format!(
        "e2e-{}-{}-{}",
        tag,
        std::process::id(),
        UNZIPPED.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&root);
    let lesson = root.join("course").join("lesson-1");
    archive.extract(&lesson).expect("unzip the package");
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    std::fs::copy(host_pages().join("scorm-player.html"), root.join("scorm-player.html"))
        .expect("the player");
    (root, names)
}

/// The page the package launches (its manifest's SCO), as the player
/// addresses it: under `/course/lesson-1/`.
pub(crate) fn launch_page(root: &Path) -> String {
    let manifest = std::fs::read_to_string(root.join("course/lesson-1/imsmanifest.xml"))
        .expect("the package's manifest");
    let href = manifest
        .split("=\"sco\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the manifest names the page it launches");
    format!("/course/lesson-1/{href}")
}

/// Every `<file href>` of the manifest.
fn listed_files(manifest: &str) -> Vec<String> {
    manifest
        .split("<file href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[test]
#[ignore = "needs the SCORM packages: run `cargo xtask test`"]
fn the_scorm_packages_list_every_file_of_the_lesson() {
    for (zip, version, scorm_type) in [
        ("ROUNDTRIP_SCORM_ZIP", "<schemaversion>1.2</schemaversion>", "adlcp:scormtype"),
        ("ROUNDTRIP_SCORM2004_ZIP", "<schemaversion>2004 4th Edition</schemaversion>", "adlcp:scormType"),
    ] {
        let (root, names) = unzip_package(zip);
        let manifest =
            std::fs::read_to_string(root.join("course/lesson-1/imsmanifest.xml")).expect("a manifest");
        assert!(
            names.iter().any(|n| n == "imsmanifest.xml"),
            "{zip}: the manifest is at the root: {names:?}"
        );
        let schemas: Vec<&String> = names.iter().filter(|n| n.ends_with(".xsd")).collect();
        assert!(schemas.len() >= 4 && schemas.iter().all(|n| !n.contains('/')), "{zip}: schemas at the root");
        let mut content: Vec<String> = names
            .iter()
            .filter(|n| *n != "imsmanifest.xml" && !n.ends_with(".xsd") && !n.ends_with(".dtd"))
            .cloned()
            .collect();
        content.sort();
        let mut listed = listed_files(&manifest);
        listed.sort();
        assert_eq!(listed, content, "{zip}: every file of the lesson, and nothing else, is listed");
        assert!(listed.iter().all(|f| !f.starts_with('/') && !f.contains("..")), "relative: {listed:?}");
        let launch = format!("{}/index.html", crate::harness::lesson_slug());
        assert!(manifest.contains(&format!("{scorm_type}=\"sco\" href=\"{launch}\"")), "{manifest}");
        assert!(
            listed.iter().any(|f| f.starts_with("app/") && f.ends_with("_bg.wasm")),
            "the app: {listed:?}"
        );
        assert!(manifest.contains(version), "{manifest}");
        let _ = std::fs::remove_dir_all(root);
    }
}

/// The player's record of this visit's calls, as `Method(args) -> result`.
async fn calls(page: &Page, visit: usize) -> Vec<String> {
    let calls = page
        .js(
            "return (window.scorm.visits[arguments[0]] || []).map((c) => \
             `${c.method}(${c.args.join(', ')}) -> ${c.result}`);",
            vec![json!(visit)],
        )
        .await;
    calls.as_array().unwrap().iter().filter_map(|c| c.as_str().map(str::to_owned)).collect()
}

#[tokio::test]
#[ignore = "needs the SCORM package: run `cargo xtask test`"]
async fn the_scorm_package_reports_completion_to_the_platform_and_resumes() {
    let (root, _) = unzip_package("ROUNDTRIP_SCORM_ZIP");
    let page = Page::start(Server::start_host(root.clone())).await;
    let launch = launch_page(&root);
    let player = |query: &str| {
        format!(
            "{}/scorm-player.html?src={launch}&refuse=cmi.core.exit,cmi.interactions.{query}",
            page.server().origin()
        )
    };
    page.client.goto(&player("&reset=1")).await.expect("the player");
    page.wait_until("window.scorm.data['cmi.core.lesson_status'] === 'incomplete'", WAIT).await;

    let first = calls(&page, 0).await;
    assert_eq!(first[0], "LMSInitialize() -> true", "{first:#?}");
    assert!(
        first.contains(&"LMSGetValue(cmi.core.lesson_status) -> not attempted".to_string()),
        "{first:#?}"
    );
    // A refused value is explained by the platform and the lesson carries on.
    let refused = first
        .iter()
        .position(|c| c.starts_with("LMSSetValue(cmi.core.exit, suspend) -> false"))
        .expect("exit");
    assert_eq!(first[refused + 1], "LMSGetLastError() -> 405", "{first:#?}");
    assert_eq!(first[refused + 2], "LMSGetErrorString(405) -> Incorrect Data Type", "{first:#?}");
    assert!(first[refused + 3..].contains(&"LMSCommit() -> true".to_string()), "{first:#?}");
    let warnings = page.console().await;
    assert!(
        warnings.iter().any(|w| w.message.contains("failed: error 405: Incorrect Data Type")),
        "logged: {warnings:#?}"
    );

    walk_the_lesson(&page).await;
    page.wait_until("window.scorm.data['cmi.core.lesson_status'] === 'passed'", WAIT).await;
    let first = calls(&page, 0).await;
    // A platform that refuses interaction records is asked once, says why
    // once, and the lesson carries on without them.
    let asked: Vec<&String> =
        first.iter().filter(|c| c.starts_with("LMSSetValue(cmi.interactions.")).collect();
    let first_check = &LESSON.checks()[0].id;
    assert_eq!(asked, [&format!("LMSSetValue(cmi.interactions.0.id, {first_check}) -> false")], "{first:#?}");
    let warnings = page.console().await;
    let said: Vec<_> = warnings.iter().filter(|w| w.message.contains("cmi.interactions")).collect();
    assert_eq!(said.len(), 1, "logged once: {warnings:#?}");
    assert!(said[0].message.contains("answers to checks are not recorded on this platform"), "{said:#?}");
    let passed =
        first.iter().position(|c| c == "LMSSetValue(cmi.core.lesson_status, passed) -> true").unwrap();
    assert!(first.contains(&"LMSSetValue(cmi.core.score.raw, 100) -> true".to_string()), "{first:#?}");
    assert!(first[passed..].contains(&"LMSCommit() -> true".to_string()), "committed: {first:#?}");
    // The learner's progress is kept by the platform: every step of both
    // scenarios seen (a bit each), in the progress format (version 1).
    let saved = page.js("return window.scorm.data['cmi.suspend_data'];", vec![]).await;
    let saved = saved.as_str().expect("suspend_data").to_owned();
    assert!(saved.starts_with("1|"), "{saved}");
    assert!(all_steps_seen().iter().all(|seen| saved.contains(seen.as_str())), "{saved}");

    // Leaving the page finishes the session, with the time spent.
    page.client.goto("about:blank").await.unwrap();
    page.client.goto(&player("")).await.expect("the player again");
    page.wait_until(
        "window.scorm && window.scorm.visits.length === 2 && window.scorm.visits[1].length > 3",
        WAIT,
    )
    .await;
    let first = calls(&page, 0).await;
    assert_eq!(first.last().map(String::as_str), Some("LMSFinish() -> true"), "{first:#?}");
    assert!(first.iter().any(|c| c.starts_with("LMSSetValue(cmi.core.session_time, 00:")), "{first:#?}");

    // The second visit gets the saved data back and keeps the completion.
    page.wait_until(
        "window.scorm.visits[1].some((c) => c.method === 'LMSGetValue' && c.args[0] === 'cmi.suspend_data')",
        WAIT,
    )
    .await;
    let second = calls(&page, 1).await;
    assert!(second.contains(&format!("LMSGetValue(cmi.suspend_data) -> {saved}")), "{second:#?}");
    assert!(second.contains(&"LMSGetValue(cmi.core.lesson_status) -> passed".to_string()), "{second:#?}");
    assert!(!second.iter().any(|c| c.contains("lesson_status, incomplete")), "not made worse: {second:#?}");
    let tab = in_frame(&page, "return !!document.querySelector('a.frame-new-tab');").await;
    assert_eq!(tab, json!(false), "no second copy in a tab on a platform");
    page.save_screenshot("platform-scorm-player.png").await;
    assert_no_errors(&page).await;
    drop(page);
    let _ = std::fs::remove_dir_all(root);
}

/// Answers `check` in the lesson's frame as it is first shown, untouched
/// (an order check's steps as shown earn nothing), then presses Try again.
pub(crate) async fn answer_as_shown_then_try_again(page: &Page, check: &Check) {
    let anchor = check.anchor();
    page.client.enter_frame(0).await.expect("enter the lesson's frame");
    for (button, then) in [("check-submit", "check-retry"), ("check-retry", "check-submit")] {
        let xpath = format!("//*[@id='{anchor}']//button[contains(@class, '{button}')]");
        let element =
            page.client.find(Locator::XPath(&xpath)).await.unwrap_or_else(|e| panic!("no {xpath}: {e}"));
        element.click().await.unwrap_or_else(|e| panic!("cannot click {xpath}: {e}"));
        page.wait_until(&format!("document.querySelector('#{anchor} .{then}')"), WAIT).await;
    }
    page.client.enter_parent_frame().await.expect("back to the host page");
}

/// The score the lesson gives the journey: every check right, the order
/// check at its second try.
pub(crate) fn journey_score(order: &Check) -> u8 {
    let mut progress = Progress::default();
    progress.record_answer(&order.id, key(order));
    for check in LESSON.checks() {
        progress.record_answer(&check.id, key(check));
    }
    score::of_lesson(&LESSON, &progress).overall
}

/// Every scenario of the lesson's diagram with all its steps seen, as the
/// saved progress writes it: `<scenario>:<hex bit mask>`.
fn all_steps_seen() -> Vec<String> {
    LESSON.diagrams()[0]
        .scenarios
        .iter()
        .map(|scenario| format!("{}:{:x}", scenario.id, (1u64 << scenario.steps.len()) - 1))
        .collect()
}

/// Walks the lesson in its frame as its completion rule asks (see
/// [`walk_the_lesson_here`]).
pub(crate) async fn walk_the_lesson(page: &Page) {
    page.client.enter_frame(0).await.expect("enter the lesson's frame");
    walk_the_lesson_here(page).await;
    page.client.enter_parent_frame().await.expect("back to the host page");
}

/// Walks the lesson in the current document as its completion rule asks:
/// every step of both scenarios of the diagram, one real request from the
/// lab (its opening preset, a page that doesn't exist: a real 404 from the
/// host), then every knowledge check, answered right with the keyboard.
pub(crate) async fn walk_the_lesson_here(page: &Page) {
    walk_the_diagram_and_lab(page).await;
    for check in crate::harness::LESSON.checks() {
        crate::checks::answer_with_keyboard(page, check).await;
    }
}

/// The first part of [`walk_the_lesson_here`]: the diagram and the lab.
pub(crate) async fn walk_the_diagram_and_lab(page: &Page) {
    let click = |xpath: String| async move {
        let element =
            page.client.find(Locator::XPath(&xpath)).await.unwrap_or_else(|e| panic!("no {xpath}: {e}"));
        element.click().await.unwrap_or_else(|e| panic!("cannot click {xpath}: {e}"));
    };
    let next = format!("//figure{}", button("Next"));
    for scenario in LESSON.diagrams()[0].scenarios.iter() {
        let label = crate::diagram::label_start(scenario);
        click(format!("//figure//label[contains(., '{label}')]/input")).await;
        for _ in 1..scenario.steps.len() {
            click(next.clone()).await;
        }
    }
    click("//button[contains(@class, 'lab-send')]".to_owned()).await;
    page.wait_until("document.querySelector('.lab-status.status-client-error')", WAIT).await;
}

#[tokio::test]
#[ignore = "needs the SCORM packages: run `cargo xtask test`"]
async fn the_scorm_2004_package_speaks_scorm_2004() {
    let (root, _) = unzip_package("ROUNDTRIP_SCORM2004_ZIP");
    let page = Page::start(Server::start_host(root.clone())).await;
    let launch = launch_page(&root);
    let player =
        |query: &str| format!("{}/scorm-player.html?api=2004&src={launch}{query}", page.server().origin());
    page.client.goto(&player("&reset=1")).await.expect("the player");
    page.wait_until("window.scorm.data['cmi.completion_status'] === 'incomplete'", WAIT).await;
    let first = calls(&page, 0).await;
    assert_eq!(first[0], "Initialize() -> true", "{first:#?}");
    assert!(first.contains(&"SetValue(cmi.exit, suspend) -> true".to_string()), "{first:#?}");

    walk_the_lesson(&page).await;
    page.wait_until("window.scorm.data['cmi.completion_status'] === 'completed'", WAIT).await;
    page.wait_until("window.scorm.data['cmi.success_status'] === 'passed'", WAIT).await;
    let scaled = page.js("return window.scorm.data['cmi.score.scaled'];", vec![]).await;
    assert_eq!(scaled, json!("1"), "the score, scaled");
    page.client.goto("about:blank").await.unwrap();
    page.client.goto(&player("")).await.expect("the player again");
    page.wait_until(
        "window.scorm && window.scorm.visits.length === 2 && window.scorm.visits[1].length > 3",
        WAIT,
    )
    .await;
    let first = calls(&page, 0).await;
    assert_eq!(first.last().map(String::as_str), Some("Terminate() -> true"), "{first:#?}");
    assert!(first.iter().any(|c| c.starts_with("SetValue(cmi.session_time, PT0H")), "{first:#?}");
    let second = calls(&page, 1).await;
    let read =
        second.iter().find_map(|c| c.strip_prefix("GetValue(cmi.suspend_data) -> ")).expect("read back");
    assert!(
        read.starts_with("1|") && all_steps_seen().iter().all(|seen| read.contains(seen.as_str())),
        "{second:#?}"
    );
    assert!(!second.iter().any(|c| c.contains("completion_status, incomplete")), "{second:#?}");
    assert_no_errors(&page).await;
    drop(page);
    let _ = std::fs::remove_dir_all(root);
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn standalone_there_is_no_platform_and_no_frame_to_talk_to() {
    let page = Page::open("/").await;
    let found = page
        .js(
            "return { tab: !!document.querySelector('a.frame-new-tab'), \
             fullscreen: document.querySelector('button.frame-fullscreen').textContent, \
             group: document.querySelector('.frame-controls').getAttribute('aria-label') };",
            vec![],
        )
        .await;
    assert_eq!(found, json!({ "tab": false, "fullscreen": "Full screen", "group": "Lesson window" }));
    let console = page.console().await;
    assert!(!console.iter().any(|e| e.message.contains("SCORM")), "no platform, no SCORM talk: {console:#?}");
    assert_no_errors(&page).await;
}
