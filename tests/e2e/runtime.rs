//! The SCORM packages on a real SCORM run-time: scorm-again (npm, the
//! JavaScript run-time many platforms embed), SCORM 1.2 and 2004, over two
//! visits, as a platform plays them. The player is `tests/hosts/scorm-again-player.html`;
//! it records every call the lesson makes with the error code the run-time
//! held right after it, and carries the first visit's committed data into
//! the second the way a platform does. After the first visit it reads back
//! what the platform committed: an interaction record for every answer to a
//! knowledge check, valid in the edition's data model.
//!
//! What only a stub can show (a platform that refuses a call) stays in
//! [`crate::hosts`], on `tests/hosts/scorm-player.html`.
//!
//! Needs `ROUNDTRIP_SCORM_AGAIN` (scorm-again's `dist/scorm-again.min.js`,
//! set by `cargo xtask test`) beside the variables of [`crate::hosts`].

use std::path::PathBuf;
use std::time::Duration;

use crate::harness::LESSON;
use roundtrip::lesson::{Check, Task};
use serde_json::{json, Map, Value};

use crate::harness::{env_path, Page, Server};
use crate::hosts::{
    answer_as_shown_then_try_again, assert_no_errors, host_pages, in_frame, journey_score, unzip_package,
    walk_the_lesson,
};

const WAIT: Duration = Duration::from_secs(20);

/// The package's pass mark, as a platform reads it from the manifest (the
/// lesson's `pass_score`).
const MASTERY: u8 = 80;

/// One edition of SCORM as the run-time speaks it.
struct Edition {
    /// The variable naming the package's zip.
    zip: &'static str,
    /// `edition=` for the player.
    name: &'static str,
    commit: &'static str,
    finish: &'static str,
    get: &'static str,
    set: &'static str,
    status: &'static str,
    /// 2004 only.
    success: Option<&'static str>,
    score_raw: &'static str,
    session_time: &'static str,
    /// A JavaScript RegExp for a valid session time in this edition.
    session_time_format: &'static str,
    entry: &'static str,
    /// `cmi.interactions.n.` parts named differently by edition.
    response: &'static str,
    time: &'static str,
    /// A JavaScript RegExp for a valid interaction `time` / `timestamp`.
    time_format: &'static str,
    /// The result of an answer that is not the correct response.
    wrong: &'static str,
    /// Between the parts of a response, and between the two sides of a pair.
    list: &'static str,
    pair: &'static str,
    /// A JavaScript RegExp for one identifier in a response.
    identifier_format: &'static str,
}

const SCORM_12: Edition = Edition {
    zip: "ROUNDTRIP_SCORM_ZIP",
    name: "12",
    commit: "LMSCommit",
    finish: "LMSFinish",
    get: "LMSGetValue",
    set: "LMSSetValue",
    status: "cmi.core.lesson_status",
    success: None,
    score_raw: "cmi.core.score.raw",
    session_time: "cmi.core.session_time",
    // CMITimespan: HHHH:MM:SS.SS, two to four digits of hours.
    session_time_format: r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$",
    entry: "cmi.core.entry",
    response: "student_response",
    time: "time",
    // CMITime: HH:MM:SS, optionally with hundredths.
    time_format: r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$",
    wrong: "wrong",
    list: ",",
    pair: ".",
    // Choice, sequencing and matching responses: single characters 0-9, a-z.
    identifier_format: "^[0-9a-z]$",
};

const SCORM_2004: Edition = Edition {
    zip: "ROUNDTRIP_SCORM2004_ZIP",
    name: "2004",
    commit: "Commit",
    finish: "Terminate",
    get: "GetValue",
    set: "SetValue",
    status: "cmi.completion_status",
    success: Some("cmi.success_status"),
    score_raw: "cmi.score.raw",
    session_time: "cmi.session_time",
    // timeinterval (second, 10, 2): ISO 8601 duration, as the lesson writes it.
    session_time_format: r"^PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?$",
    entry: "cmi.entry",
    response: "learner_response",
    time: "timestamp",
    // time (second, 10, 0): date and time, with the zone only after fractions of a second.
    time_format: r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,2}(Z|[+-]\d{2}(:\d{2})?)?)?$",
    wrong: "incorrect",
    list: "[,]",
    pair: "[.]",
    // short_identifier_type: a URI's characters, at most 250.
    identifier_format: r"^[\w\-().:=@;$!*'%/#+]{1,250}$",
};

/// The unzipped package, with the player and scorm-again beside it.
fn platform(edition: &Edition) -> PathBuf {
    let (root, _) = unzip_package(edition.zip);
    std::fs::copy(host_pages().join("scorm-again-player.html"), root.join("scorm-again-player.html"))
        .expect("the player");
    let runtime = env_path("ROUNDTRIP_SCORM_AGAIN");
    std::fs::copy(&runtime, root.join("scorm-again.min.js"))
        .unwrap_or_else(|e| panic!("ROUNDTRIP_SCORM_AGAIN: {}: {e}", runtime.display()));
    root
}

/// The player's record of one visit: `{ preloaded, calls, log }`.
async fn visit(page: &Page, n: usize) -> Value {
    page.js("return window.platform.visits[arguments[0]] || null;", vec![json!(n)]).await
}

async fn committed(page: &Page) -> Value {
    page.js("return window.platform.committed;", vec![]).await
}

/// `Method(args) -> result [error]`, for messages.
fn shown(call: &Value) -> String {
    let args: Vec<String> = call["args"]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap_or_default().chars().take(60).collect()).collect())
        .unwrap_or_default();
    format!("{}({}) -> {} [{}]", call["method"], args.join(", "), call["result"], call["error"])
}

fn calls(visit: &Value) -> Vec<Value> {
    visit["calls"].as_array().cloned().unwrap_or_default()
}

/// Calls whose error code is not "no error". In SCORM 2004, GetValue of an
/// element never set answers 403 ("not initialized"): the standard's way of
/// saying empty, which the lesson reads as empty (`platform::scorm::is_unset`).
fn errors(edition: &Edition, visit: &Value) -> Vec<String> {
    // SCORM 2004's 403 for an element never set is its answer "empty": the
    // read, and the lesson's GetLastError right after it, are not failures.
    let unset = |c: &Value| {
        edition.success.is_some() && c["method"] == json!(edition.get) && c["error"] == json!("403")
    };
    let calls = calls(visit);
    calls
        .iter()
        .enumerate()
        .filter(|(_, c)| c["error"] != json!("0"))
        .filter(|(i, c)| {
            let asks_why = c["method"] == json!("GetLastError") && *i > 0 && unset(&calls[i - 1]);
            !unset(c) && !asks_why
        })
        .map(|(_, c)| shown(c))
        .collect()
}

fn set_values<'a>(calls: &'a [Value], edition: &Edition, element: &str) -> Vec<&'a Value> {
    calls.iter().filter(|c| c["method"] == json!(edition.set) && c["args"][0] == json!(element)).collect()
}

/// The interaction records in the platform's committed data, by index:
/// `cmi.interactions.n.<part>` as `{ part: value }`.
fn interactions(record: &Value) -> Vec<Map<String, Value>> {
    let mut records: Vec<Map<String, Value>> = Vec::new();
    for (key, value) in record.as_object().into_iter().flatten() {
        let Some((n, part)) = key.strip_prefix("cmi.interactions.").and_then(|rest| rest.split_once('.'))
        else {
            continue;
        };
        let Ok(n) = n.parse::<usize>() else { continue };
        if records.len() <= n {
            records.resize(n + 1, Map::new());
        }
        records[n].insert(part.to_owned(), value.clone());
    }
    records
}

/// The values that do not match their JavaScript RegExp, as `what: value`.
async fn mismatches(page: &Page, formats: &[(String, &str, String)]) -> Vec<String> {
    let cases: Vec<Value> = formats.iter().map(|(what, re, text)| json!([what, re, text])).collect();
    let failing = page
        .js(
            "return arguments[0].filter(([, re, text]) => !new RegExp(re).test(text)) \
             .map(([what, , text]) => `${what}: ${JSON.stringify(text)}`);",
            vec![json!(cases)],
        )
        .await;
    failing.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

/// The check a record is about: 1.2 names it by its id, 2004 by a URN
/// that ends with it.
fn check_of<'a>(edition: &Edition, checks: &[&'a Check], id: &str) -> &'a Check {
    let found = checks.iter().find(|c| match edition.success {
        None => id == c.id.as_ref(),
        Some(_) => id.starts_with("urn:roundtrip:") && id.ends_with(&format!(":{}", c.id)),
    });
    found.copied().unwrap_or_else(|| panic!("a record of no check: {id:?}"))
}

/// Every answer to a check is one record, valid in the edition's data
/// model: the order check answered wrong once, then every check right.
async fn assert_interactions(page: &Page, edition: &Edition, record: &Value) {
    let records = interactions(record);
    let checks = LESSON.checks();
    assert_eq!(records.len(), checks.len() + 1, "one record per answer: {records:#?}");
    let mut formats: Vec<(String, &str, String)> = Vec::new();
    let mut answered: Vec<&str> = Vec::new();
    for (n, r) in records.iter().enumerate() {
        let text = |part: &str| r.get(part).and_then(Value::as_str).unwrap_or_default().to_owned();
        let check = check_of(edition, &checks, &text("id"));
        answered.push(check.id.as_ref());
        let (kind, parts) = match &check.task {
            Task::Order(order) => ("sequencing", Some(order.steps.len())),
            Task::Sort(sort) => ("matching", Some(sort.items.len())),
            Task::Choose(_) => ("choice", None),
        };
        assert_eq!(text("type"), kind, "record {n}: {r:#?}");
        assert_eq!(text("weighting"), "1", "record {n}: {r:#?}");
        let (response, pattern) = (text(edition.response), text("correct_responses.0.pattern"));
        let right = text("result") == "correct";
        assert!(right || text("result") == edition.wrong, "record {n}: {r:#?}");
        assert_eq!(
            response == pattern,
            right,
            "record {n}: the response is the correct one if right: {r:#?}"
        );
        for (what, answer) in [(edition.response, &response), ("pattern", &pattern)] {
            let items: Vec<&str> = answer.split(edition.list).collect();
            if let Some(parts) = parts {
                assert_eq!(items.len(), parts, "record {n} {what}: {answer:?}");
            }
            for item in items {
                let ids: Vec<&str> =
                    if kind == "matching" { item.split(edition.pair).collect() } else { vec![item] };
                assert!(kind != "matching" || ids.len() == 2, "record {n} {what}: a pair: {item:?}");
                for id in ids {
                    formats.push((format!("record {n} {what}"), edition.identifier_format, id.to_owned()));
                }
            }
        }
        formats.push((format!("record {n} {}", edition.time), edition.time_format, text(edition.time)));
        // Latency runs from when the check came into view: known for every
        // answer given with the keyboard (the wrong one was clicked at once).
        if right || r.contains_key("latency") {
            formats.push((format!("record {n} latency"), edition.session_time_format, text("latency")));
        }
        if edition.success.is_some() {
            let description = text("description");
            assert!(description.starts_with("{lang=en}") && description.len() > 12, "record {n}: {r:#?}");
        }
    }
    let wrong: Vec<usize> =
        records.iter().enumerate().filter(|(_, r)| r["result"] != json!("correct")).map(|(n, _)| n).collect();
    assert_eq!(wrong.len(), 1, "one wrong answer: {records:#?}");
    answered.sort_unstable();
    let mut expected: Vec<&str> = checks.iter().map(|c| c.id.as_ref()).collect();
    expected.extend(checks.iter().filter(|c| matches!(c.task, Task::Order(_))).map(|c| c.id.as_ref()));
    expected.sort_unstable();
    assert_eq!(answered, expected, "every check, and the order check twice");
    let invalid = mismatches(page, &formats).await;
    assert!(invalid.is_empty(), "not in SCORM {}'s format: {invalid:#?}", edition.name);
}

async fn two_visits(edition: &Edition) {
    let root = platform(edition);
    let page = Page::start(Server::start_host(root.clone())).await;
    let launch = crate::hosts::launch_page(&root);
    let player = |query: &str| {
        format!(
            "{}/scorm-again-player.html?edition={}&mastery={MASTERY}&src={launch}{query}",
            page.server().origin(),
            edition.name
        )
    };
    let committed_is = |element: &str, value: &str| {
        format!("window.platform.committed && window.platform.committed['{element}'] === '{value}'")
    };

    // First visit: incomplete, at once.
    page.client.goto(&player("&reset=1")).await.expect("the player");
    page.wait_until(&committed_is(edition.status, "incomplete"), WAIT).await;
    let first = visit(&page, 0).await;
    assert_eq!(first["preloaded"][edition.entry], json!("ab-initio"), "{first:#}");
    assert_eq!(
        calls(&first)[0]["result"],
        json!("true"),
        "initialized: {:#?}",
        calls(&first).iter().map(shown).collect::<Vec<_>>()
    );

    // The order check answered as first shown (which earns nothing) and
    // tried again; then the whole lesson, every check right: passed, with
    // the score.
    let order =
        LESSON.checks().into_iter().find(|c| matches!(c.task, Task::Order(_))).expect("an order check");
    answer_as_shown_then_try_again(&page, order).await;
    walk_the_lesson(&page).await;
    let score = journey_score(order);
    match edition.success {
        Some(success) => {
            page.wait_until(&committed_is(success, "passed"), WAIT).await;
            page.wait_until(&committed_is(edition.status, "completed"), WAIT).await;
            let scaled =
                committed(&page).await["cmi.score.scaled"].as_str().and_then(|s| s.parse::<f64>().ok());
            assert_eq!(scaled, Some(f64::from(score) / 100.0), "the score, scaled");
        }
        None => page.wait_until(&committed_is(edition.status, "passed"), WAIT).await,
    }
    let record = committed(&page).await;
    assert_eq!(record[edition.score_raw], json!(score.to_string()), "{record:#}");
    // The platform owns its pages and their caching: the package's lesson
    // keeps nothing offline there (no service worker on the platform's origin).
    let workers = page.service_workers().await;
    assert_eq!(workers, json!(0), "no service worker from a package");
    // What the platform keeps for its report: a record per answer.
    assert_interactions(&page, edition, &record).await;
    let kept = interactions(&record).len();

    // Leaving the page finishes the session, with its time.
    page.client.goto("about:blank").await.unwrap();
    page.client.goto(&player("")).await.expect("the player again");
    page.wait_until(
        &format!(
            "window.platform && window.platform.visits.length === 2 && \
             window.platform.visits[1].calls.some((c) => c.method === '{}')",
            edition.commit
        ),
        WAIT,
    )
    .await;
    let first = visit(&page, 0).await;
    let first_calls = calls(&first);
    let last = first_calls.last().expect("calls");
    assert_eq!(
        (last["method"].clone(), last["result"].clone()),
        (json!(edition.finish), json!("true")),
        "{}",
        shown(last)
    );
    let times = set_values(&first_calls, edition, edition.session_time);
    assert_eq!(times.len(), 1, "one session time: {times:#?}");
    let time = times[0]["args"][1].as_str().unwrap().to_owned();
    let valid = page
        .js(
            "return new RegExp(arguments[0]).test(arguments[1]);",
            vec![json!(edition.session_time_format), json!(time)],
        )
        .await;
    assert_eq!(valid, json!(true), "session time {time:?} in SCORM {}'s format", edition.name);
    assert!(times[0]["result"] == json!("true"), "{}", shown(times[0]));

    // Progress within 4,096 characters (the player refuses more in 1.2), every write taken.
    let saves = set_values(&first_calls, edition, "cmi.suspend_data");
    assert!(!saves.is_empty(), "progress is saved on the platform");
    for save in &saves {
        let len = save["args"][1].as_str().unwrap().chars().count();
        assert!(len <= 4096, "{len} characters: {}", shown(save));
        assert_eq!(save["result"], json!("true"), "{}", shown(save));
    }
    let saved = saves.last().unwrap()["args"][1].as_str().unwrap().to_owned();

    // Second visit: resumed with the first visit's committed data.
    let second = visit(&page, 1).await;
    assert_eq!(second["preloaded"][edition.entry], json!("resume"), "{second:#}");
    assert_eq!(second["preloaded"]["cmi.suspend_data"], json!(saved), "the platform kept the progress");
    let read_back = calls(&second)
        .into_iter()
        .find(|c| c["method"] == json!(edition.get) && c["args"][0] == json!("cmi.suspend_data"))
        .expect("the lesson reads its progress back");
    assert_eq!(read_back["result"], json!(saved), "{}", shown(&read_back));
    // The records are the platform's: the lesson counts them and writes none again.
    let count = calls(&second)
        .into_iter()
        .find(|c| c["method"] == json!(edition.get) && c["args"][0] == json!("cmi.interactions._count"))
        .expect("the lesson asks how many records the platform holds");
    assert_eq!(count["result"], json!(kept.to_string()), "{}", shown(&count));
    // The answers are back: every check shows its result, the score is whole.
    let checks = crate::harness::LESSON.checks().len();
    page.client.enter_frame(0).await.expect("enter the lesson's frame");
    page.wait_until(&format!("document.querySelectorAll('.check-result').length === {checks}"), WAIT).await;
    page.client.enter_parent_frame().await.expect("back to the player");
    let shown_score = in_frame(&page, "return document.querySelector('.summary-score').textContent;").await;
    assert!(
        shown_score.as_str().unwrap_or_default().contains(&format!("{score} out of 100")),
        "{shown_score}"
    );
    // Nothing made worse: no status or score written lower on the way back.
    let second_calls = calls(&visit(&page, 1).await);
    let lowered: Vec<String> = second_calls
        .iter()
        .filter(|c| c["method"] == json!(edition.set))
        .filter(|c| {
            let (element, value) = (c["args"][0].as_str().unwrap_or(""), c["args"][1].as_str().unwrap_or(""));
            (element == edition.status && value == "incomplete")
                || (Some(element) == edition.success && value != "passed")
                || (element == edition.score_raw && value != score.to_string())
        })
        .map(shown)
        .collect();
    assert!(lowered.is_empty(), "made worse on the second visit: {lowered:#?}");
    let rewritten: Vec<String> = second_calls
        .iter()
        .filter(|c| c["method"] == json!(edition.set))
        .filter(|c| c["args"][0].as_str().unwrap_or_default().starts_with("cmi.interactions."))
        .map(shown)
        .collect();
    assert!(rewritten.is_empty(), "restored answers are not answered again: {rewritten:#?}");

    // Zero error codes across both visits.
    for n in 0..2 {
        let errors = errors(edition, &visit(&page, n).await);
        assert!(errors.is_empty(), "visit {}: error codes returned to the lesson: {errors:#?}", n + 1);
    }
    // The run-time's log stayed on the page; the console has nothing to report.
    let logged = visit(&page, 0).await["log"].as_array().map_or(0, Vec::len);
    assert!(logged > 0, "the run-time's log is kept on the page");
    page.save_screenshot(&format!("platform-scorm-again-{}.png", edition.name)).await;
    assert_no_errors(&page).await;
    drop(page);
    let _ = std::fs::remove_dir_all(root);
}

#[tokio::test]
#[ignore = "needs the SCORM packages and scorm-again: run `cargo xtask test`"]
async fn scorm_12_on_scorm_again_over_two_visits() {
    two_visits(&SCORM_12).await;
}

#[tokio::test]
#[ignore = "needs the SCORM packages and scorm-again: run `cargo xtask test`"]
async fn scorm_2004_on_scorm_again_over_two_visits() {
    two_visits(&SCORM_2004).await;
}
