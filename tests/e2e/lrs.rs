//! The lesson records in a real learning record store that is not ours:
//! Ralph (PyPI `ralph-malph` 5.1.0, file-system backend), launched as an LMS
//! would launch it, with the xAPI launch convention and with cmi5 from the
//! cmi5 package. The statements are read back from Ralph and checked: each
//! answer stored once, through a dropped network and a reload, and a cmi5
//! session in the order and with the properties the cmi5 specification
//! requires (rule numbers from its Quartz edition).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post, put};
use roundtrip::lesson::Check;
use serde_json::{json, Value};

use crate::harness::{env_path, free_port, Page, Server, LESSON};

const WAIT: Duration = Duration::from_secs(30);
const USER: &str = "learner";
const PASSWORD: &str = "secret";
/// `learner:secret` in base64: the Basic credentials Ralph was given.
const TOKEN: &str = "bGVhcm5lcjpzZWNyZXQ=";
const REGISTRATION: &str = "5d9c1a0e-3f7b-4c2d-9e8f-1a2b3c4d5e6f";
const VERBS: &str = "http://adlnet.gov/expapi/verbs/";

/// Ralph, serving its LRS on a port of its own until dropped.
struct Ralph {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Ralph {
    /// Starts Ralph with a store of its own, letting `origin` (the lesson's) post to it.
    fn start(origin: &str) -> Ralph {
        let ralph = env_path("ROUNDTRIP_RALPH");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("tmp").join(format!(
            "ralph-{}-{}",
            std::process::id(),
            free_port()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("store")).unwrap();
        let auth = dir.join("auth.json");
        let env = |cmd: &mut Command| {
            cmd.env("RALPH_AUTH_FILE", &auth)
                .env("RALPH_RUNSERVER_BACKEND", "fs")
                .env("RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH", dir.join("store"))
                .env("RALPH_RUNSERVER_CORS_ALLOW_ORIGINS", format!("[\"{origin}\"]"))
                .stdout(Stdio::null());
        };
        let mut add = Command::new(&ralph);
        add.args(["auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-M", "mailto:lrs@example.com", "-w"]);
        env(&mut add);
        let status =
            add.stderr(Stdio::null()).status().unwrap_or_else(|e| panic!("{}: {e}", ralph.display()));
        assert!(status.success(), "ralph auth failed");
        // `ralph runserver` is uvicorn with its reloader; the same app,
        // served by uvicorn alone, stops with one process. Ralph 5.1.0's
        // file-system LRS writes each request as a new file `fs_lrs.jsonl`
        // (operation "create"), so it stores the first statement and answers
        // 500 to every later one; appending is the one change made to it.
        let python = ralph.with_file_name("python");
        let port = free_port();
        let launcher = format!(
            "from ralph.backends.data.base import BaseOperationType\n\
             from ralph.backends.lrs.fs import FSLRSBackend\n\
             FSLRSBackend.default_operation_type = BaseOperationType.APPEND\n\
             import uvicorn\n\
             uvicorn.run('ralph.api:app', host='127.0.0.1', port={port}, log_level='info')\n"
        );
        let mut serve = Command::new(python);
        serve.args(["-c", &launcher]);
        env(&mut serve);
        let log = std::fs::File::create(dir.join("ralph.log")).unwrap();
        let child = serve.stderr(log).spawn().expect("start ralph");
        let ralph = Ralph { child, port, dir };
        let started = Instant::now();
        while http("GET", &format!("{}__heartbeat__", ralph.base()), None, None).0 != 200 {
            assert!(started.elapsed() < WAIT, "ralph did not start: {}", ralph.log());
            std::thread::sleep(Duration::from_millis(200));
        }
        ralph
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// The xAPI endpoint.
    fn endpoint(&self) -> String {
        format!("{}xAPI/", self.base())
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("ralph.log")).unwrap_or_default()
    }

    /// Every statement Ralph holds for the registration, oldest first.
    ///
    /// Its file-system store can answer 500 when read while a statement is
    /// being appended (a half-written line): then it is asked again.
    fn statements(&self) -> Vec<Value> {
        let mut tries = 0;
        loop {
            let (status, body) = http(
                "GET",
                &format!(
                    "{}statements?registration={REGISTRATION}&limit=500&ascending=true",
                    self.endpoint()
                ),
                Some(&format!("Basic {TOKEN}")),
                None,
            );
            tries += 1;
            if status == 200 {
                let body: Value = serde_json::from_str(&body).expect("statements as JSON");
                return body["statements"].as_array().cloned().unwrap_or_default();
            }
            assert!(tries < 10, "GET statements: {status} {body}\n{}", self.log());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until `done` holds of the statements; returns them. Should
    /// they not come, says what `page`'s console says.
    async fn wait_for(&self, page: &Page, what: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let started = Instant::now();
        loop {
            let statements = self.statements();
            if done(&statements) {
                return statements;
            }
            if started.elapsed() > WAIT {
                let console = page.console().await;
                panic!("{what}: Ralph has {:#}\nthe page's console: {console:#?}", json!(statements));
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
}

impl Drop for Ralph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One blocking request: its status and body (every status is an answer).
fn http(method: &str, url: &str, auth: Option<&str>, body: Option<&str>) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let request =
        ureq::http::Request::builder().method(method).uri(url).header("X-Experience-API-Version", "1.0.3");
    let request = match auth {
        Some(auth) => request.header("Authorization", auth),
        None => request,
    };
    let result = match body {
        Some(body) => {
            agent.run(request.header("Content-Type", "application/json").body(body.to_owned()).unwrap())
        }
        None => agent.run(request.body(()).unwrap()),
    };
    match result {
        Ok(response) => {
            let status = response.status().as_u16();
            (status, response.into_body().read_to_string().unwrap_or_default())
        }
        Err(_) => (0, String::new()),
    }
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn verb(statement: &Value) -> &str {
    statement["verb"]["id"].as_str().unwrap_or_default().trim_start_matches(VERBS)
}

fn answered(statements: &[Value]) -> Vec<&Value> {
    statements.iter().filter(|s| verb(s) == "answered").collect()
}

/// Every check answered once and rightly, in its SCORM shape; nothing twice.
fn assert_each_answer_once(statements: &[Value], lesson_id: &str) {
    let answers = answered(statements);
    let mut ids: Vec<&str> = statements.iter().filter_map(|s| s["id"].as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), statements.len(), "no statement twice");
    for check in LESSON.checks() {
        let id = format!("{lesson_id}#{}", check.anchor());
        let of_check: Vec<_> = answers.iter().filter(|s| s["object"]["id"] == json!(id)).collect();
        assert_eq!(of_check.len(), 1, "{id} answered once: {:#}", json!(answers));
        let statement = of_check[0];
        let definition = &statement["object"]["definition"];
        assert_eq!(definition["type"], json!("http://adlnet.gov/expapi/activities/cmi.interaction"));
        assert_eq!(definition["interactionType"], json!(kind(check)), "{statement:#}");
        assert_eq!(
            statement["result"]["response"], definition["correctResponsesPattern"][0],
            "answered as the pattern says is right: {statement:#}"
        );
        assert_eq!(statement["result"]["success"], json!(true));
        assert_eq!(statement["context"]["registration"], json!(REGISTRATION));
        assert_eq!(statement["context"]["contextActivities"]["parent"][0]["id"], json!(lesson_id));
    }
    assert_eq!(answers.len(), LESSON.checks().len(), "one statement per answer");
}

fn kind(check: &Check) -> &'static str {
    match check.task {
        roundtrip::lesson::Task::Order(_) => "sequencing",
        roundtrip::lesson::Task::Sort(_) => "matching",
        roundtrip::lesson::Task::Choose(_) => "choice",
    }
}

/// Milliseconds from a statement's `timestamp` (made when the learner
/// answered) to its `stored` (when Ralph had it).
fn answer_to_stored_ms(statement: &Value) -> f64 {
    let at = |key: &str| -> f64 {
        let text = statement[key].as_str().unwrap_or_default();
        // `…THH:MM:SS.fff…`: the seconds of the day are enough on one day.
        let time = text.split('T').nth(1).unwrap_or_default();
        let time = time.trim_end_matches('Z').split('+').next().unwrap_or_default();
        let mut parts = time.split(':');
        let h: f64 = parts.next().and_then(|p| p.parse().ok()).unwrap_or_default();
        let m: f64 = parts.next().and_then(|p| p.parse().ok()).unwrap_or_default();
        let s: f64 = parts.next().and_then(|p| p.parse().ok()).unwrap_or_default();
        (h * 3600.0 + m * 60.0 + s) * 1000.0
    };
    at("stored") - at("timestamp")
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or_default()
}

/// Reports the journey's figures (not a test of speed: these machines are shared).
fn report(journey: &str, statements: &[Value], made: usize, online: &[&Value]) {
    let times: Vec<f64> = online.iter().map(|s| answer_to_stored_ms(s)).collect();
    eprintln!(
        "lrs: {journey}: {made} statements made, {} stored, 0 lost, 0 twice; answer to stored, median {:.0} ms (of {})",
        statements.len(),
        median(times.clone()),
        times.len()
    );
}

/// The diagram, the lab and every check but the last two answered online
/// (until Ralph has those answers), then the browser offline and the last
/// two answered; returns what Ralph had stored.
async fn walk_then_answer_two_offline(page: &Page, ralph: &Ralph) -> Vec<Value> {
    crate::hosts::walk_the_diagram_and_lab(page).await;
    let checks = LESSON.checks();
    let (online, offline) = checks.split_at(checks.len() - 2);
    for check in online {
        crate::checks::answer_with_keyboard(page, check).await;
    }
    let stored =
        ralph.wait_for(page, "the answers given online", |s| answered(s).len() == online.len()).await;
    crate::offline::offline(page, true).await;
    for check in offline {
        crate::checks::answer_with_keyboard(page, check).await;
    }
    stored
}

async fn waiting_in_the_page(page: &Page) -> u64 {
    page.js(
        "return Object.keys(localStorage).filter((k) => k.startsWith('roundtrip:lrs:outbox:')).length;",
        vec![],
    )
    .await
    .as_u64()
    .unwrap_or_default()
}

#[tokio::test]
#[ignore = "needs the release build and Ralph: run `cargo xtask test`"]
async fn an_xapi_launch_records_every_answer_once_through_a_dropped_network_and_a_reload() {
    let server = Server::start_lesson();
    let ralph = Ralph::start(&server.origin());
    let page = Page::start(server).await;
    let actor = json!({ "objectType": "Agent", "name": "A learner", "mbox": "mailto:learner@example.com" });
    let launch = format!(
        "/?endpoint={}&auth={}&actor={}&registration={REGISTRATION}",
        encode(&ralph.endpoint()),
        encode(&format!("Basic {TOKEN}")),
        encode(&actor.to_string()),
    );
    page.goto(&launch).await;
    page.wait_rendered().await;
    let lesson_id = page.server().url("/");
    let checks = LESSON.checks();
    // The network drops: two more answers wait in the page.
    let stored = walk_then_answer_two_offline(&page, &ralph).await;
    let waiting = waiting_in_the_page(&page).await;
    // The two answers, and the lesson's result (all its checks are answered).
    assert_eq!(waiting, 3, "statements waiting while offline");
    assert_eq!(
        answered(&ralph.statements()).len(),
        checks.len() - 2,
        "nothing new reached the store offline"
    );
    page.js("window.scrollTo(0, 0);", vec![]).await;
    page.save_viewport_screenshot("lrs-offline.png").await;

    // Online again, and the page reloaded: everything arrives, once.
    crate::offline::offline(&page, false).await;
    page.goto(&launch).await;
    page.wait_rendered().await;
    let all = ralph
        .wait_for(&page, "every answer and the result", |s| {
            answered(s).len() == checks.len() && s.iter().any(|s| verb(s) == "passed")
        })
        .await;
    // A moment more: nothing else comes (a second result, an answer twice).
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let all_again = ralph.statements();
    assert_eq!(all_again.len(), all.len(), "nothing more after everything arrived");
    assert_each_answer_once(&all, &lesson_id);
    let results: Vec<_> =
        all.iter().filter(|s| ["completed", "passed", "failed"].contains(&verb(s))).collect();
    assert_eq!(results.len(), 1, "one result: {:#}", json!(results));
    let result = results[0];
    assert_eq!(result["object"]["id"], json!(lesson_id));
    assert_eq!(result["result"]["completion"], json!(true));
    assert_eq!(result["result"]["success"], json!(true));
    assert!(result["result"]["duration"].as_str().unwrap_or_default().starts_with("PT"), "{result:#}");
    assert_eq!(result["actor"]["mbox"], actor["mbox"]);
    assert_eq!(waiting_in_the_page(&page).await, 0, "nothing left waiting");
    let online_answers: Vec<&Value> = answered(&stored);
    report("xAPI launch", &all, checks.len() + 1, &online_answers);
    crate::hosts::assert_no_errors(&page).await;
    page.close().await;
}

/// The platform's side of a cmi5 launch, beside the lesson: the `fetch`
/// address (a token, once: §8.2), the State API's `LMS.LaunchData` (§10) and
/// the learner's preferences (§11), and the statements, passed on to Ralph
/// as an LMS passes them to its LRS.
#[derive(Clone, Default)]
struct Platform {
    ralph: String,
    launch_data: Value,
    fetched: Arc<Mutex<bool>>,
    /// A platform that refuses a call, which no real LRS can be made to
    /// show: statements about this check are refused (400) ...
    refuse: Option<String>,
    /// ... and the first about this one answered "busy" (503, `Retry-After: 1`).
    busy: Option<String>,
    /// How often each statement (by object id) was put.
    tries: Arc<Mutex<std::collections::HashMap<String, u32>>>,
}

async fn fetch_token(State(platform): State<Platform>) -> Response {
    let mut fetched = platform.fetched.lock().unwrap();
    // §8.2.3.1: a token once; later requests get an error, with a 200.
    let body = if *fetched {
        json!({ "error-code": "1", "error-text": "The authorization token has already been returned." })
    } else {
        *fetched = true;
        json!({ "auth-token": TOKEN })
    };
    axum::Json(body).into_response()
}

async fn launch_data(
    State(platform): State<Platform>,
    Query(query): Query<std::collections::HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let authorized =
        headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Basic {TOKEN}"));
    let asked = query.get("stateId").map(String::as_str) == Some("LMS.LaunchData")
        && query.get("registration").map(String::as_str) == Some(REGISTRATION);
    match (authorized, asked) {
        (true, true) => axum::Json(platform.launch_data.clone()).into_response(),
        (false, _) => StatusCode::UNAUTHORIZED.into_response(),
        (true, false) => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn preferences() -> Response {
    axum::Json(json!({ "languagePreference": "en-US", "audioPreference": "off" })).into_response()
}

async fn statement(
    State(platform): State<Platform>,
    Query(query): Query<std::collections::HashMap<String, String>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let id = query.get("statementId").cloned().unwrap_or_default();
    let object =
        serde_json::from_str::<Value>(&body).ok().and_then(|s| s["object"]["id"].as_str().map(str::to_owned));
    let object = object.unwrap_or_default();
    let tries = {
        let mut tries = platform.tries.lock().unwrap();
        let n = tries.entry(object.clone()).or_default();
        *n += 1;
        *n
    };
    if platform.refuse.as_deref().is_some_and(|r| object.ends_with(r)) {
        return (StatusCode::BAD_REQUEST, "{\"detail\":\"refused by the test's platform\"}").into_response();
    }
    if platform.busy.as_deref().is_some_and(|b| object.ends_with(b)) && tries == 1 {
        return (StatusCode::SERVICE_UNAVAILABLE, [("retry-after", "1")], "busy").into_response();
    }
    let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let url = format!("{}statements?statementId={id}", platform.ralph);
    let (status, answer) =
        tokio::task::spawn_blocking(move || http("PUT", &url, Some(&auth), Some(&body))).await.unwrap();
    (StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY), answer).into_response()
}

async fn returned() -> Html<&'static str> {
    Html("<!doctype html><html lang=\"en\"><link rel=\"icon\" href=\"data:,\"><title>Course</title><h1>Back in the course</h1></html>")
}

/// The attribute `name`'s value on the `au` element of `cmi5.xml`.
fn au_attribute<'a>(structure: &'a str, name: &str) -> Option<&'a str> {
    let au = structure.split("<au ").nth(1)?.split('>').next()?;
    au.split(&format!("{name}=\"")).nth(1)?.split('"').next()
}

/// The AU's activity id, the session and the publisher's id the platform gives.
const ACTIVITY: &str = "https://lms.example.com/activities/au/what-is-back-end";
const SESSION: &str = "0e6f5a41-9b0c-4b8e-8a8d-3c2b1a0f9e8d";
const PUBLISHER: &str = "urn:roundtrip:au:what-is-back-end";

/// The cmi5 package launched as an LMS launches it: Ralph, the platform's
/// side beside the package's files, and the lesson open in the browser.
struct Cmi5Launch {
    ralph: Ralph,
    page: Page,
    launch: String,
    mastery: f64,
    actor: Value,
    root: PathBuf,
}

/// Launched in `mode` (`Normal`, `Browse` or `Review`, cmi5 §10.2.2).
async fn launch_cmi5(mode: &str) -> Cmi5Launch {
    let (root, names) = crate::hosts::unzip(&env_path("ROUNDTRIP_CMI5_ZIP"), "cmi5");
    assert!(names.contains(&"cmi5.xml".to_string()), "cmi5.xml at the package's root (§14.1)");
    let package = root.join("course").join("lesson-1");
    let structure = std::fs::read_to_string(package.join("cmi5.xml")).expect("cmi5.xml");
    let url = structure.split("<url>").nth(1).and_then(|u| u.split("</url>").next()).expect("the AU's url");
    let mastery: f64 = au_attribute(&structure, "masteryScore").expect("a masteryScore").parse().unwrap();
    let move_on = au_attribute(&structure, "moveOn").expect("a moveOn");
    assert_eq!(move_on, "CompletedAndPassed");
    assert!(!names.iter().any(|n| n.ends_with("sw.js")), "no service worker in a package");

    // The platform's side, as an LMS would launch the AU (§8.1, §10.2).
    let ralph = Ralph::start("http://127.0.0.1:1");
    let port = free_port();
    let origin = format!("http://127.0.0.1:{port}");
    let (activity, session, publisher) = (ACTIVITY, SESSION, PUBLISHER);
    let template = json!({
        "contextActivities": { "grouping": [{ "id": publisher }] },
        "extensions": { "https://w3id.org/xapi/cmi5/context/extensions/sessionid": session },
    });
    let platform = Platform {
        ralph: ralph.endpoint(),
        launch_data: json!({
            "contextTemplate": template,
            "launchMode": mode,
            "launchMethod": "AnyWindow",
            "moveOn": move_on,
            "masteryScore": mastery,
            "returnURL": format!("{origin}/lms/returned"),
        }),
        ..Platform::default()
    };
    let lms = axum::Router::new()
        .route("/lms/fetch", post(fetch_token))
        .route("/lms/xapi/activities/state", get(launch_data))
        .route("/lms/xapi/agents/profile", get(preferences))
        .route("/lms/xapi/statements", put(statement))
        .route("/lms/returned", get(returned))
        .with_state(platform);
    let app = lms.merge(roundtrip_server::app_with(root.clone(), &roundtrip_server::Limits::default(), None));
    let server = Server::start_at(std::net::SocketAddr::from(([127, 0, 0, 1], port)), app);
    let actor = json!({ "objectType": "Agent", "account": { "homePage": "https://lms.example.com", "name": "learner-7" } });
    // The LMS records the launch first (§9.3.1 `launched` is the LMS's).
    let launched = json!({
        "id": "7b0b8c1e-2d3f-4a5b-8c6d-7e8f9a0b1c2d",
        "actor": actor,
        "verb": { "id": format!("{VERBS}launched"), "display": { "en-US": "launched" } },
        "object": { "id": activity },
        "context": {
            "registration": REGISTRATION,
            "contextActivities": { "grouping": [{ "id": publisher }], "category": [{ "id": "https://w3id.org/xapi/cmi5/context/categories/cmi5" }] },
            "extensions": {
                "https://w3id.org/xapi/cmi5/context/extensions/sessionid": session,
                "https://w3id.org/xapi/cmi5/context/extensions/launchmode": mode,
                "https://w3id.org/xapi/cmi5/context/extensions/moveon": move_on,
                "https://w3id.org/xapi/cmi5/context/extensions/launchurl": format!("{origin}/course/lesson-1/{url}"),
            },
        },
        "timestamp": "2026-01-01T00:00:00.000Z",
    });
    let (status, body) = http(
        "PUT",
        &format!("{}statements?statementId={}", ralph.endpoint(), launched["id"].as_str().unwrap()),
        Some(&format!("Basic {TOKEN}")),
        Some(&launched.to_string()),
    );
    assert_eq!(status, 204, "{body}");
    let launch = format!(
        "{origin}/course/lesson-1/{url}?endpoint={}&fetch={}&actor={}&registration={REGISTRATION}&activityId={}",
        encode(&format!("{origin}/lms/xapi/")),
        encode(&format!("{origin}/lms/fetch")),
        encode(&actor.to_string()),
        encode(activity),
    );
    let page = Page::start(server).await;
    page.client.goto(&launch).await.expect("the launch");
    page.wait_rendered().await;
    Cmi5Launch { ralph, page, launch, mastery, actor, root }
}

/// Checks a whole session's statements against cmi5's rules; returns the AU's.
fn assert_cmi5_session(all: &[Value], mastery: f64, actor: &Value) -> Vec<Value> {
    let (activity, session, publisher) = (ACTIVITY, SESSION, PUBLISHER);
    // Ralph gives them in the order stored; cmi5 orders by timestamp (§9.3).
    let mut by_time = all.to_vec();
    by_time.sort_by(|a, b| a["timestamp"].as_str().cmp(&b["timestamp"].as_str()));
    let verbs: Vec<&str> = by_time.iter().map(verb).collect();
    let ours: Vec<&Value> = by_time.iter().filter(|s| verb(s) != "launched").collect();
    // The AU's timestamps are all different, so their order is the order made.
    let times: Vec<&str> = ours.iter().filter_map(|s| s["timestamp"].as_str()).collect();
    assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:#?}");
    // §9.3.2: initialized is the AU's first statement; §9.3.8: terminated its last.
    assert_eq!(verb(ours[0]), "initialized", "{verbs:?}");
    assert_eq!(verb(ours[ours.len() - 1]), "terminated", "{verbs:?}");
    // §9.3: completed and passed at most once per registration; no failed after passed.
    let count = |v: &str| verbs.iter().filter(|&&x| x == v).count();
    assert_eq!(
        (count("initialized"), count("completed"), count("passed"), count("failed"), count("terminated")),
        (1, 1, 1, 0, 1),
        "{verbs:?}"
    );
    let answered_at = verbs.iter().rposition(|&v| v == "answered").unwrap();
    assert!(
        answered_at < verbs.iter().position(|&v| v == "completed").unwrap(),
        "answers before completed: {verbs:?}"
    );
    for statement in &ours {
        let context = &statement["context"];
        // §9.6.1: the LMS's registration; §9.6.3.1: the session id, on defined and allowed statements.
        assert_eq!(context["registration"], json!(REGISTRATION), "{statement:#}");
        assert_eq!(
            context["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/sessionid"],
            json!(session)
        );
        // §10.2.1: the context template's activities are kept.
        assert_eq!(context["contextActivities"]["grouping"][0]["id"], json!(publisher), "{statement:#}");
        // §9.2: the actor is the launch's.
        assert_eq!(statement["actor"]["account"], actor["account"]);
        // §9.7: a timestamp.
        assert!(statement["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')), "{statement:#}");
        let categories: Vec<&str> = context["contextActivities"]["category"]
            .as_array()
            .map(|c| c.iter().filter_map(|a| a["id"].as_str()).collect())
            .unwrap_or_default();
        let cmi5 = categories.contains(&"https://w3id.org/xapi/cmi5/context/categories/cmi5");
        let moveon = categories.contains(&"https://w3id.org/xapi/cmi5/context/categories/moveon");
        let result = &statement["result"];
        match verb(statement) {
            // §7.1.3: a cmi5 allowed statement has no cmi5 category.
            "answered" => assert!(!cmi5 && !moveon, "{statement:#}"),
            defined => {
                // §9.6.2.1: the cmi5 category; §9.4: the launch's activity id.
                assert!(cmi5, "{statement:#}");
                assert_eq!(statement["object"]["id"], json!(activity), "{statement:#}");
                // §9.6.2.2: moveon only where the result has success or completion.
                assert_eq!(moveon, ["completed", "passed", "failed"].contains(&defined), "{statement:#}");
                // §9.5.4.1: a duration on all but initialized.
                assert_eq!(result["duration"].is_string(), defined != "initialized", "{statement:#}");
                // §9.5.1: a score only on passed and failed.
                assert_eq!(result["score"].is_object(), defined == "passed", "{statement:#}");
            }
        }
    }
    let passed = ours.iter().find(|s| verb(s) == "passed").unwrap();
    // §9.3.4, §9.5.2: passed has success, and a scaled score of at least the mastery score.
    assert_eq!(passed["result"]["success"], json!(true));
    assert!(passed["result"]["score"]["scaled"].as_f64().unwrap() >= mastery, "{passed:#}");
    assert!(passed["result"].get("completion").is_none(), "§9.5.3: completion only on completed");
    // §9.6.3.2: the mastery score it was judged by.
    assert_eq!(
        passed["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"],
        json!(mastery)
    );
    let completed = ours.iter().find(|s| verb(s) == "completed").unwrap();
    assert_eq!(completed["result"]["completion"], json!(true), "§9.5.3");
    assert!(completed["result"].get("success").is_none(), "§9.5.2: success only on passed and failed");
    let the_aus: Vec<Value> = ours.iter().map(|s| (*s).clone()).collect();
    assert_each_answer_once(&the_aus, activity);
    the_aus
}

#[tokio::test]
#[ignore = "needs the cmi5 package and Ralph: run `cargo xtask test`"]
async fn a_cmi5_launch_records_a_session_in_the_order_cmi5_requires() {
    let Cmi5Launch { ralph, page, launch, mastery, actor, root } = launch_cmi5("Normal").await;
    // The platform's way back arrives once its launch data is read, without
    // moving the page (no layout shift).
    page.wait_until("document.querySelector('.progress-return a')", WAIT).await;
    let shifted = page
        .js_async(
            "const done = arguments[arguments.length - 1]; let sum = 0; \
             new PerformanceObserver((list) => { for (const e of list.getEntries()) { if (!e.hadRecentInput) sum += e.value; } }) \
               .observe({ type: 'layout-shift', buffered: true }); \
             setTimeout(() => done(sum), 300);",
            vec![],
        )
        .await;
    assert_eq!(shifted.as_f64(), Some(0.0), "layout shift");
    crate::hosts::walk_the_lesson_here(&page).await;
    ralph.wait_for(&page, "the session's results", |s| s.iter().any(|s| verb(s) == "passed")).await;
    // The learner is done: the platform's way back ends the session (§9.3.8, §10.2.6).
    page.save_viewport_screenshot("lrs-cmi5-done.png").await;
    let back = page.client.find(fantoccini::Locator::Css(".progress-return a")).await.expect("the way back");
    back.click().await.expect("follow the way back");
    page.wait_until("location.pathname === '/lms/returned'", WAIT).await;
    let all = ralph.wait_for(&page, "terminated", |s| s.iter().any(|s| verb(s) == "terminated")).await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(ralph.statements().len(), all.len(), "nothing after terminated");
    let the_aus = assert_cmi5_session(&all, mastery, &actor);
    report("cmi5 launch", &the_aus, the_aus.len(), &answered(&all));

    // The same launch again: the session is over, and the page says so.
    page.client.goto(&launch).await.expect("the launch again");
    page.wait_rendered().await;
    page.wait_until("document.querySelector('.progress-notes').textContent.includes('session')", WAIT).await;
    page.save_viewport_screenshot("lrs-cmi5-ended.png").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(ralph.statements().len(), all.len(), "an ended session records nothing more");
    let errors = page.console_errors().await;
    let errors: Vec<_> = errors.iter().filter(|e| !e.message.contains("/help")).collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    page.close().await;
    let _ = std::fs::remove_dir_all(root);
}

#[tokio::test]
#[ignore = "needs the cmi5 package and Ralph: run `cargo xtask test`"]
async fn a_cmi5_session_loses_nothing_through_a_dropped_network_and_a_reload() {
    let Cmi5Launch { ralph, page, launch, mastery, actor, root } = launch_cmi5("Normal").await;
    let checks = LESSON.checks();
    let stored = walk_then_answer_two_offline(&page, &ralph).await;
    // The two answers, completed and passed.
    assert_eq!(waiting_in_the_page(&page).await, 4, "statements waiting while offline");
    // Online again, and the page reloaded: leaving ends the session
    // (`terminated`, §9.3.8), and everything arrives, once.
    crate::offline::offline(&page, false).await;
    page.client.goto(&launch).await.expect("the launch again");
    page.wait_rendered().await;
    let all = ralph
        .wait_for(&page, "every answer, the results and terminated", |s| {
            answered(s).len() == checks.len() && s.iter().any(|s| verb(s) == "terminated")
        })
        .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(ralph.statements().len(), all.len(), "nothing more after everything arrived");
    let the_aus = assert_cmi5_session(&all, mastery, &actor);
    page.wait_until("document.querySelector('.progress-notes').textContent.includes('session')", WAIT).await;
    assert_eq!(waiting_in_the_page(&page).await, 0, "nothing left waiting");
    report(
        "cmi5 launch, offline for two answers, then reloaded",
        &the_aus,
        the_aus.len(),
        &answered(&stored),
    );
    let errors = page.console_errors().await;
    let errors: Vec<_> = errors.iter().filter(|e| !e.message.contains("/help")).collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    page.close().await;
    let _ = std::fs::remove_dir_all(root);
}

#[tokio::test]
#[ignore = "needs the release build and Ralph: run `cargo xtask test`"]
async fn a_refused_statement_is_told_once_and_a_busy_store_is_asked_again_later() {
    let checks = LESSON.checks();
    let (refused, busy) = (checks[1].anchor(), checks[2].anchor());
    let ralph = Ralph::start("http://127.0.0.1:1");
    let platform = Platform {
        ralph: ralph.endpoint(),
        refuse: Some(format!("#{refused}")),
        busy: Some(format!("#{busy}")),
        ..Platform::default()
    };
    let tries = platform.tries.clone();
    let lms = axum::Router::new().route("/lms/xapi/statements", put(statement)).with_state(platform);
    let app = lms.merge(roundtrip_server::app(crate::harness::course_dist()));
    let server = Server::start_with(app);
    let origin = server.origin();
    let actor = json!({ "mbox": "mailto:learner@example.com" });
    let slug = crate::harness::lesson_slug();
    let launch = format!(
        "{origin}/{slug}/?endpoint={}&auth={}&actor={}&registration={REGISTRATION}",
        encode(&format!("{origin}/lms/xapi/")),
        encode(&format!("Basic {TOKEN}")),
        encode(&actor.to_string()),
    );
    let page = Page::start(server).await;
    page.client.goto(&launch).await.expect("the launch");
    page.wait_rendered().await;
    crate::hosts::walk_the_lesson_here(&page).await;
    let all = ralph
        .wait_for(&page, "every answer but the refused one", |s| {
            answered(s).len() == checks.len() - 1 && s.iter().any(|s| verb(s) == "passed")
        })
        .await;
    // Asked again after the second the store asked for, and stored once.
    let busy_one: Vec<_> =
        all.iter().filter(|s| s["object"]["id"].as_str().is_some_and(|o| o.ends_with(&busy))).collect();
    assert_eq!(busy_one.len(), 1, "{:#}", json!(busy_one));
    let waited = answer_to_stored_ms(busy_one[0]);
    assert!(waited >= 1000.0, "asked again only after Retry-After: {waited} ms");
    // The refused one is told once in the page, and never sent again.
    page.wait_until("document.querySelector('.progress-notes').textContent.includes('refused')", WAIT).await;
    page.js("window.scrollTo(0, 0);", vec![]).await;
    page.save_viewport_screenshot("lrs-refused.png").await;
    tokio::time::sleep(Duration::from_millis(3000)).await;
    let tries = tries.lock().unwrap().clone();
    let refused_tries: u32 = tries.iter().filter(|(o, _)| o.ends_with(&refused)).map(|(_, n)| *n).sum();
    let busy_tries: u32 = tries.iter().filter(|(o, _)| o.ends_with(&busy)).map(|(_, n)| *n).sum();
    assert_eq!((refused_tries, busy_tries), (1, 2), "{tries:#?}");
    assert_eq!(waiting_in_the_page(&page).await, 0, "nothing left waiting");
    assert!(!ralph
        .statements()
        .iter()
        .any(|s| s["object"]["id"].as_str().is_some_and(|o| o.ends_with(&refused))));
    eprintln!("lrs: a busy store: the statement stored {waited:.0} ms after the answer (Retry-After: 1)");
    let errors = page.console_errors().await;
    let errors: Vec<_> = errors
        .iter()
        .filter(|e| !e.message.contains("/help") && !e.message.contains("/lms/xapi/statements"))
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the cmi5 package and Ralph: run `cargo xtask test`"]
async fn a_cmi5_session_in_browse_mode_records_no_result() {
    let Cmi5Launch { ralph, page, actor, root, .. } = launch_cmi5("Browse").await;
    crate::hosts::walk_the_lesson_here(&page).await;
    ralph.wait_for(&page, "every answer", |s| answered(s).len() == LESSON.checks().len()).await;
    page.wait_until("document.querySelector('.progress-return a')", WAIT).await;
    let back = page.client.find(fantoccini::Locator::Css(".progress-return a")).await.expect("the way back");
    back.click().await.expect("follow the way back");
    let all = ralph.wait_for(&page, "terminated", |s| s.iter().any(|s| verb(s) == "terminated")).await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(ralph.statements().len(), all.len(), "nothing after terminated");
    // §10.2.2: in Browse (and Review) mode the AU sends initialized and
    // terminated, and no other cmi5 defined statement: no result at all.
    let mut verbs: Vec<&str> =
        all.iter().map(verb).filter(|v| *v != "launched" && *v != "answered").collect();
    verbs.sort();
    assert_eq!(verbs, ["initialized", "terminated"]);
    let answers = answered(&all);
    assert_eq!(answers.len(), LESSON.checks().len(), "answers are cmi5 allowed statements, still sent");
    for statement in &answers {
        assert_eq!(statement["actor"]["account"], actor["account"]);
        assert_eq!(statement["context"]["registration"], json!(REGISTRATION));
    }
    page.close().await;
    let _ = std::fs::remove_dir_all(root);
}
