//! The request lab, driven in Chromium against real servers on loopback: the
//! practice back end (every preset, every status class, redirect, timeout,
//! cancel, 400/413/415), a plain static file server that is not ours
//! (`python3 -m http.server`), and a hostile one (no CORS, HTML with script, a
//! 50 MB body, odd headers). Every status code checked here came from a real
//! `fetch()`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{json, Value};

use crate::harness::{course_dist, lesson_slug, screenshot_dir, Page, Server, StaticHost};

/// Chooses a preset (by a piece of its label) or types an address, sends it,
/// waits until it settles, and describes what the lab shows.
const SEND: &str = r#"
    const [how, value, options] = arguments;
    const done = arguments[arguments.length - 1];
    const lab = document.querySelector('section.lab');
    const response = lab.querySelector('.lab-response');
    const before = response.dataset.entry || '';
    const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : null);
    const set = (el, v, type) => {
        Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value').set.call(el, v);
        el.dispatchEvent(new Event(type, { bubbles: true }));
    };
    const tick = () => new Promise((r) => setTimeout(r, 10));
    (async () => {
        if (how === 'preset') {
            const select = lab.querySelector('#lab-preset');
            const option = [...select.options].find((o) => o.textContent.includes(value));
            if (!option) return done({ error: `no preset "${value}"` });
            set(select, option.value, 'change');
        } else {
            set(lab.querySelector('#lab-url'), value, 'input');
        }
        if (options.timeout) set(lab.querySelector('#lab-timeout'), options.timeout, 'input');
        await tick();
        lab.querySelector('.lab-send').click();
        if (options.cancelAfterMs) {
            setTimeout(() => lab.querySelector('.lab-cancel').click(), options.cancelAfterMs);
        }
        const started = performance.now();
        while (!(response.dataset.entry && response.dataset.entry !== before && response.dataset.settled === 'true')) {
            if (performance.now() - started > 25000) return done({ error: 'did not settle', html: response.innerHTML.slice(0, 2000) });
            await tick();
        }
        await tick();
        const status = response.querySelector('.lab-status');
        const dl = [...response.querySelectorAll('.lab-meta dt')].map((dt) => [text(dt), text(dt.nextElementSibling)]);
        const headers = [...response.querySelectorAll('.lab-headers dt')].map((dt) => [text(dt), text(dt.nextElementSibling)]);
        const diagram = document.querySelector('.diagram-step-text');
        done({
            request: text(response.querySelector('.lab-request-line')),
            status: text(status),
            statusClass: status ? status.className : null,
            code: text(response.querySelector('.lab-code')),
            className: text(response.querySelector('.lab-class')),
            meaning: text(response.querySelector('.lab-meaning')),
            explanation: text(response.querySelector('.lab-explanation')),
            meta: Object.fromEntries(dl),
            headers,
            body: response.querySelector('.lab-body') ? response.querySelector('.lab-body').textContent : null,
            bodyElements: response.querySelector('.lab-body') ? response.querySelector('.lab-body').querySelectorAll('*').length : 0,
            notes: [...response.querySelectorAll('.lab-note')].map(text),
            diagram: text(diagram),
            history: [...lab.querySelectorAll('.lab-history-item')].map(text),
            pwned: document.body.dataset.pwned || null,
        });
    })();
"#;

pub(crate) async fn send(page: &Page, how: &str, value: &str, options: Value) -> Value {
    let shown = page.js_async(SEND, vec![json!(how), json!(value), options]).await;
    assert!(shown.get("error").is_none_or(Value::is_null), "{how} {value}: {shown:#}");
    shown
}

pub(crate) async fn preset(page: &Page, label: &str) -> Value {
    send(page, "preset", label, json!({})).await
}

/// The labels of the presets offered now.
async fn preset_labels(page: &Page) -> Vec<String> {
    let labels = page
        .js(
            "return [...document.querySelectorAll('#lab-preset option')].filter((o) => o.value !== 'custom')\
             .map((o) => o.textContent);",
            vec![],
        )
        .await;
    serde_json::from_value(labels).unwrap()
}

/// Waits until the lab has asked the practice back end's `health` and shown its presets.
async fn wait_practice(page: &Page, expected: bool) {
    let script = "document.querySelector('section.lab .lab-practice') !== null";
    if expected {
        page.wait_until(script, Duration::from_secs(10)).await;
    } else {
        // The health check has settled once the request list is final: give it
        // the time it takes, then check that nothing was added.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(page.js(&format!("return {script};"), vec![]).await, json!(false));
    }
}

async fn save_lab_png(page: &Page, name: &str) {
    // The whole lab, even where it runs past the viewport: a window as tall
    // as the lab for the moment of the screenshot.
    let size = page
        .js(
            "const r = document.querySelector('section.lab').getBoundingClientRect();\
             return [window.innerWidth, Math.ceil(r.height) + 40];",
            vec![],
        )
        .await;
    let (width, height) = (size[0].as_u64().unwrap(), size[1].as_u64().unwrap());
    page.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
    )
    .await;
    page.js("document.querySelector('section.lab').scrollIntoView({block: 'start'});", vec![]).await;
    let lab = page.client.find(Locator::Css("section.lab")).await.expect("the lab");
    let png = lab.screenshot().await.expect("a screenshot of the lab");
    let path = screenshot_dir().join(name);
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    eprintln!("saved {}", path.display());
    page.set_viewport_width(width as u32).await;
}

/// The page is no wider than the viewport: nothing shown pushed it.
async fn assert_no_sideways_scroll(page: &Page, context: &str) {
    let widths = page.js("return [window.innerWidth, document.documentElement.scrollWidth];", vec![]).await;
    assert!(widths[1].as_i64() <= widths[0].as_i64(), "{context}: the page scrolls sideways: {widths}");
}

fn assert_status(shown: &Value, code: &str, class: &str) {
    assert_eq!(shown["code"], json!(code), "{shown:#}");
    assert_eq!(shown["className"], json!(class), "{shown:#}");
    assert!(shown["meaning"].as_str().is_some_and(|m| m.len() > 20), "a meaning: {shown:#}");
    assert!(shown["meta"]["Time"].as_str().is_some_and(|t| t.ends_with("ms")), "{shown:#}");
}

fn assert_failure(shown: &Value, short: &str, explains: &str) {
    assert_eq!(shown["code"], Value::Null, "no status code: {shown:#}");
    let status = shown["status"].as_str().unwrap_or_default();
    assert!(status.contains(short), "{short}: {shown:#}");
    let explanation = shown["explanation"].as_str().unwrap_or_default();
    assert!(explanation.contains(explains), "{explains}: {shown:#}");
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn the_404_moment_takes_one_click() {
    let page = Page::open("/").await;
    page.set_viewport_width(360).await;
    page.js("document.querySelector('section.lab').scrollIntoView();", vec![]).await;
    // The lab opens on the lesson's moment: a page that doesn't exist.
    let url = page.js("return document.querySelector('#lab-url').value;", vec![]).await;
    assert_eq!(url, json!("help"));
    page.client.find(Locator::Css("button.lab-send")).await.unwrap().click().await.unwrap();
    page.wait_until(
        "document.querySelector('.lab-response').dataset.settled === 'true'",
        Duration::from_secs(10),
    )
    .await;
    let code = page.js("return document.querySelector('.lab-code').textContent;", vec![]).await;
    assert_eq!(code, json!("404 Not Found"));
    let narration = page.js("return document.querySelector('.diagram-step-text').textContent;", vec![]).await;
    assert!(
        narration.as_str().unwrap().contains("404 Not Found (client error)"),
        "the diagram plays the real request: {narration}"
    );

    // And a page that exists is one choice and one click more.
    let select = page.client.find(Locator::Css("#lab-preset")).await.unwrap();
    select.select_by_label("A page of this site that exists").await.unwrap();
    page.wait_until("document.querySelector('#lab-url').value === 'index.html'", Duration::from_secs(5))
        .await;
    page.client.find(Locator::Css("button.lab-send")).await.unwrap().click().await.unwrap();
    page.wait_until(
        "document.querySelector('.lab-code') && document.querySelector('.lab-code').textContent === '200 OK'",
        Duration::from_secs(10),
    )
    .await;
    page.close().await;
}

/// Every preset the practice back end offers, and what it must answer.
/// `None`: no status code, with this failure named.
const PRACTICE: &[(&str, &str, &str)] = &[
    ("A page of this site that exists", "200 OK", "success"),
    ("A page of this site that doesn’t exist", "404 Not Found", "client error"),
    ("Find stores near ZIP code 80202", "200 OK", "success"),
    ("Find stores near a ZIP code with no data", "404 Not Found", "client error"),
    ("Only the headers of this page", "200 OK", "success"),
    ("Is the practice back end there?", "200 OK", "success"),
    ("Stores near 80202, computed", "200 OK", "success"),
    ("Stores near a malformed ZIP code", "400 Bad Request", "client error"),
    ("Stores near a ZIP code nobody knows", "404 Not Found", "client error"),
    ("Created (201)", "201 Created", "success"),
    ("No Content (204)", "204 No Content", "success"),
    ("A redirect the browser follows", "200 OK", "success"),
    ("Moved, with nowhere to go", "301 Moved Permanently", "redirection"),
    ("I’m a teapot", "418 I'm a teapot", "client error"),
    ("Too many requests", "429 Too Many Requests", "client error"),
    ("Internal server error", "500 Internal Server Error", "server error"),
    ("Service unavailable", "503 Service Unavailable", "server error"),
    ("A slow answer", "200 OK", "success"),
    ("An answer too slow to wait for", "", "timed out"),
    ("Send a message (POST)", "200 OK", "success"),
    ("Send an empty message", "400 Bad Request", "client error"),
    ("Send text where JSON is expected", "415 Unsupported Media Type", "client error"),
    ("Send too much", "413 Content Too Large", "client error"),
];

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn on_the_practice_server_every_preset_answers_as_it_says() {
    let page = Page::open("/").await;
    wait_practice(&page, true).await;
    let labels = preset_labels(&page).await;
    assert_eq!(labels.len(), PRACTICE.len(), "every preset is checked here: {labels:#?}");
    for label in &labels {
        assert!(PRACTICE.iter().any(|(l, _, _)| label.contains(l)), "no expectation for {label}");
    }

    for (label, code, class) in PRACTICE {
        let shown = if label.contains("too slow") {
            send(&page, "preset", label, json!({ "timeout": "2" })).await
        } else {
            preset(&page, label).await
        };
        if code.is_empty() {
            assert_failure(&shown, class, "(2 s)");
            continue;
        }
        assert_status(&shown, code, class);
        let body = shown["body"].as_str().unwrap_or_default();
        match *label {
            "Find stores near ZIP code 80202" | "Stores near 80202, computed" => {
                assert!(body.contains("\"city\": \"Denver, CO\""), "pretty JSON: {body}");
            }
            "Only the headers of this page" => {
                assert!(shown["notes"].to_string().contains("headers only"), "{shown:#}");
                assert_eq!(shown["request"], json!(format!("HEAD /{}/index.html", lesson_slug())));
            }
            "No Content (204)" => assert!(shown["notes"].to_string().contains("no body"), "{shown:#}"),
            "A redirect the browser follows" => {
                let redirected = shown["meta"]["Redirected"].as_str().unwrap();
                assert!(
                    redirected.starts_with("yes") && redirected.ends_with("/api/status/200"),
                    "{shown:#}"
                );
            }
            "Too many requests" | "Service unavailable" => {
                assert!(shown["headers"].to_string().contains("retry-after"), "{shown:#}");
            }
            "A slow answer" => {
                let ms: u32 =
                    shown["meta"]["Time"].as_str().unwrap().trim_end_matches(" ms").parse().unwrap();
                assert!(ms >= 3000, "{ms} ms");
            }
            "Send an empty message" => assert!(body.contains("empty"), "the server says why: {body}"),
            _ => {}
        }
    }

    // Cancel, while the server waits.
    let shown = send(&page, "preset", "A slow answer", json!({ "cancelAfterMs": 300 })).await;
    assert_failure(&shown, "cancelled", "You cancelled");

    let history = page.js("return document.querySelectorAll('.lab-history-item').length;", vec![]).await;
    assert_eq!(history, json!(20), "the history is capped");
    page.client.find(Locator::Css("button.lab-clear")).await.unwrap().click().await.unwrap();
    page.wait_until("document.querySelectorAll('.lab-history-item').length === 0", Duration::from_secs(5))
        .await;
    assert!(page.console_errors().await.iter().all(|e| !e.message.contains("panicked")));
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn screenshots_of_a_200_a_404_and_a_500_at_360px() {
    let page = Page::open("/").await;
    page.set_viewport_width(360).await;
    for (how, what, code, class, png) in [
        ("preset", "Find stores near ZIP code 80202", "200 OK", "success", "lab-200-360.png"),
        (
            "preset",
            "A page of this site that doesn’t exist",
            "404 Not Found",
            "client error",
            "lab-404-360.png",
        ),
        ("type", "api/status/500", "500 Internal Server Error", "server error", "lab-500-360.png"),
        ("type", "api/status/301", "301 Moved Permanently", "redirection", ""),
    ] {
        let shown = send(&page, how, what, json!({})).await;
        assert_status(&shown, code, class);
        if code.starts_with("404") {
            assert!(shown["body"].as_str().unwrap().contains("<h1>404 Not Found</h1>"), "HTML as text");
        }
        if !png.is_empty() {
            save_lab_png(&page, png).await;
        }
        assert_no_sideways_scroll(&page, code).await;
        let violations = page.axe_violations().await;
        let report: Vec<String> = violations.iter().map(ToString::to_string).collect();
        assert!(violations.is_empty(), "axe-core, with {code} shown:\n{}", report.join(""));
    }
    // A history entry opens its response again.
    page.js("document.querySelectorAll('.lab-history-item')[3].click();", vec![]).await;
    page.wait_until("document.querySelector('.lab-code').textContent === '200 OK'", Duration::from_secs(5))
        .await;
    page.close().await;
}

// ---------------------------------------------------------------------------
// A static host that is not ours

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn on_a_plain_static_host_the_static_presets_work_and_practice_ones_hide() {
    let host = StaticHost::start(&course_dist());
    let page = Page::start(Server::start_lesson()).await;
    let url = format!("http://127.0.0.1:{}/{}/", host.port, lesson_slug());
    page.client.goto(&url).await.unwrap();
    page.wait_rendered().await;
    wait_practice(&page, false).await;
    // The health check found the build's stand-in, not a 404: a clean console.
    let errors = page.console_errors().await;
    assert!(errors.is_empty(), "console errors on a plain static host: {errors:#?}");
    let labels = preset_labels(&page).await;
    assert_eq!(labels.len(), 5, "only presets that work anywhere: {labels:#?}");

    let shown = preset(&page, "A page of this site that exists").await;
    assert_status(&shown, "200 OK", "success");
    let shown = preset(&page, "A page of this site that doesn’t exist").await;
    assert_status(&shown, "404 Not Found", "client error");
    assert!(
        shown["meaning"].as_str().unwrap().contains("The server called it “File not found”"),
        "Python's own reason phrase is named: {shown:#}"
    );
    let shown = preset(&page, "Find stores near ZIP code 80202").await;
    assert_status(&shown, "200 OK", "success");
    assert!(shown["body"].as_str().unwrap().contains("Roundtrip Market"));
    let shown = preset(&page, "Find stores near a ZIP code with no data").await;
    assert_status(&shown, "404 Not Found", "client error");
    let shown = send(&page, "type", "api/status/500", json!({})).await;
    assert_status(&shown, "404 Not Found", "client error");
    page.close().await;
}

// ---------------------------------------------------------------------------
// A hostile server

/// A loopback server that misbehaves in the ways a learner might meet: no
/// CORS, HTML with script, a 50 MB body, odd headers. It answers until dropped.
struct Hostile {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

const FIFTY_MB: usize = 50 * 1024 * 1024;

impl Hostile {
    fn start() -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    std::thread::spawn(move || {
                        let _ = answer(stream);
                    });
                }
            }
        });
        Hostile { addr, stop, thread: Some(thread) }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn answer(mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 64 * 1024 {
        if stream.read(&mut byte)? == 0 {
            return Ok(());
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    let path = head.split(' ').nth(1).unwrap_or("/").to_owned();
    let cors = "Access-Control-Allow-Origin: *\r\n";
    let simple = |stream: &mut TcpStream, extra: &[u8], content_type: &str, body: &[u8]| {
        stream.write_all(
            format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len())
                .as_bytes(),
        )?;
        stream.write_all(extra)?;
        stream.write_all(b"\r\n")?;
        stream.write_all(body)
    };
    match path.as_str() {
        "/no-cors" => simple(&mut stream, b"", "text/plain", b"a server that shares nothing"),
        "/html" => simple(
            &mut stream,
            cors.as_bytes(),
            "text/html; charset=utf-8",
            b"<h1>hi</h1><script>document.body.dataset.pwned='script'</script>\
              <img src=x onerror=\"document.body.dataset.pwned='img'\"><style>body{display:none}</style>",
        ),
        "/odd-header" => {
            let mut extra = cors.as_bytes().to_vec();
            extra.extend_from_slice(b"Access-Control-Expose-Headers: X-Odd, X-Long\r\n");
            extra.extend_from_slice(b"X-Odd: <b>bold</b> \xe2\x80\xae reversed \x7f end\r\n");
            extra.extend_from_slice(format!("X-Long: {}\r\n", "w".repeat(5000)).as_bytes());
            simple(&mut stream, &extra, "application/json", b"{\"ok\":true}")
        }
        "/png" => {
            simple(&mut stream, cors.as_bytes(), "image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01")
        }
        "/stall" => {
            // Headers and a little of the body, then nothing for a while.
            stream.write_all(
                format!("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n{cors}Connection: close\r\n\r\nthe start")
                    .as_bytes(),
            )?;
            stream.flush()?;
            std::thread::sleep(Duration::from_secs(4));
            Ok(())
        }
        "/big" => {
            stream.write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {FIFTY_MB}\r\n{cors}Connection: close\r\n\r\n"
                )
                .as_bytes(),
            )?;
            let chunk = vec![b'a'; 64 * 1024];
            for _ in 0..FIFTY_MB / chunk.len() {
                // Fails once the browser stops reading and closes: that is the point.
                stream.write_all(&chunk)?;
            }
            Ok(())
        }
        _ => simple(&mut stream, cors.as_bytes(), "text/plain", b"?"),
    }
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn hostile_answers_never_break_the_page() {
    let hostile = Hostile::start();
    let page = Page::open("/").await;
    let origin = page.server().origin();
    page.set_viewport_width(360).await;

    let shown = send(&page, "type", &hostile.url("/no-cors"), json!({})).await;
    let violations = page.axe_violations().await;
    assert!(violations.is_empty(), "axe-core, with a failure shown: {violations:?}");
    assert_failure(&shown, "network error or CORS", &format!("Access-Control-Allow-Origin: {origin}"));
    assert!(shown["explanation"].as_str().unwrap().contains("CORS"));
    save_lab_png(&page, "lab-cors-360.png").await;

    let shown = send(&page, "type", &hostile.url("/html"), json!({})).await;
    assert_status(&shown, "200 OK", "success");
    assert!(shown["body"]
        .as_str()
        .unwrap()
        .contains("<script>document.body.dataset.pwned='script'</script>"));
    assert_eq!(shown["bodyElements"], json!(1), "only the <code> inside the <pre>: {shown:#}");
    assert_eq!(shown["pwned"], Value::Null, "no script ran");
    assert!(shown["notes"].to_string().contains("HTML"), "{shown:#}");

    let started = Instant::now();
    let shown = send(&page, "type", &hostile.url("/big"), json!({})).await;
    assert_status(&shown, "200 OK", "success");
    assert_eq!(shown["meta"]["Size"], json!("65,536 bytes"), "{shown:#}");
    assert!(shown["notes"].to_string().contains("Only the first 64 KiB were read"), "{shown:#}");
    assert!(started.elapsed() < Duration::from_secs(15), "stopped early: {:?}", started.elapsed());
    let responsive = Instant::now();
    page.js("return 1;", vec![]).await;
    assert!(responsive.elapsed() < Duration::from_secs(1), "the page answers at once");

    let shown = send(&page, "type", &hostile.url("/odd-header"), json!({})).await;
    assert_status(&shown, "200 OK", "success");
    let headers = shown["headers"].to_string();
    assert!(headers.contains("<b>bold</b>"), "shown as text: {headers}");
    assert!(headers.contains("\\\\u{80}"), "a control character is made visible: {headers}");
    assert_no_sideways_scroll(&page, "odd headers").await;

    let shown = send(&page, "type", &hostile.url("/png"), json!({})).await;
    assert_status(&shown, "200 OK", "success");
    assert!(shown["notes"].to_string().contains("Binary data (image/png), 20 bytes read"), "{shown:#}");
    assert_eq!(shown["body"], Value::Null, "described, not dumped");

    // The answer starts, then stalls: the time limit still applies to the body.
    let shown = send(&page, "type", &hostile.url("/stall"), json!({ "timeout": "1" })).await;
    assert_status(&shown, "200 OK", "success");
    assert!(
        shown["notes"]
            .to_string()
            .contains("The body stopped arriving: No answer came within the time limit (1 s)"),
        "{shown:#}"
    );
    assert_eq!(shown["body"], json!("the start"), "{shown:#}");

    // The practice server reads at most 4 KB of address: a real 414.
    let long = format!("api/status/200?{}", "a".repeat(10_000));
    let shown = send(&page, "type", &long, json!({})).await;
    assert_status(&shown, "414 URI Too Long", "client error");
    assert!(shown["request"].as_str().unwrap().chars().count() < 200, "the address is clipped: {shown:#}");
    assert_no_sideways_scroll(&page, "a 10,000-character address").await;

    assert_eq!(page.js("return document.body.dataset.pwned || null;", vec![]).await, Value::Null);
    let errors = page.console_errors().await;
    assert!(errors.iter().all(|e| !e.message.contains("panicked")), "{errors:#?}");
    page.close().await;
}

/// Addresses the browser must not be asked to fetch, each with the words its
/// explanation must contain. All of them are refused before sending; none
/// names a host beyond loopback, in case one ever were sent.
fn bad_addresses() -> Vec<(String, &'static str)> {
    let mut bad: Vec<(String, &str)> = Vec::new();
    for (url, says) in [
        ("", "Type an address"),
        ("   ", "Type an address"),
        ("\t", "Type an address"),
        ("javascript:alert(1)", "code to run"),
        ("JAVASCRIPT:alert(document.cookie)", "code to run"),
        ("  javascript:void(0)", "code to run"),
        ("java\tscript:alert(1)", "code to run"),
        ("javascript://%0aalert(1)", "code to run"),
        ("data:text/html,<script>alert(1)</script>", "inside the address"),
        ("data:,hello", "inside the address"),
        ("DATA:text/plain;base64,aGk=", "inside the address"),
        ("file:///etc/passwd", "your own computer"),
        ("file://localhost/c:/windows", "your own computer"),
        ("ftp://127.0.0.1/", "no longer speak"),
        ("ftp://user@127.0.0.1/pub", "no longer speak"),
        ("blob:http://127.0.0.1/abc", "“blob:”"),
        ("about:blank", "“about:”"),
        ("mailto:someone@example.com", "“mailto:”"),
        ("ws://127.0.0.1:9/", "“ws:”"),
        ("wss://127.0.0.1/", "“wss:”"),
        ("chrome://settings", "“chrome:”"),
        ("view-source:http://127.0.0.1/", "“view-source:”"),
        ("tel:+15555550100", "“tel:”"),
        ("gopher://127.0.0.1/", "“gopher:”"),
        ("http://", "can’t read this"),
        ("https://", "can’t read this"),
        ("http://[", "can’t read this"),
        ("http://[::1", "can’t read this"),
        ("http://127.0.0.1:8o80/", "can’t read this"),
        ("http://%/", "can’t read this"),
        ("http://127.0.0.1:99999/", "can’t read this"),
        ("http://127.0.0.1:-1/", "can’t read this"),
        ("http://:80/", "can’t read this"),
        ("http://a<b/", "can’t read this"),
        ("https://[::g]/", "can’t read this"),
        ("http://999.999.999.999/", "can’t read this"),
        ("http://user:pw@127.0.0.1/", "user name or password"),
        ("http://user@127.0.0.1/", "user name or password"),
        ("http://:secret@127.0.0.1/", "user name or password"),
        ("https://admin:admin@localhost/", "user name or password"),
    ] {
        bad.push((url.to_owned(), says));
    }
    for port in [
        1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103,
        104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513,
        514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989,
    ] {
        bad.push((format!("http://127.0.0.1:{port}/"), "browsers refuse"));
    }
    bad.truncate(100);
    bad
}

/// Types each address and sends it, in one script: what each one showed.
const SEND_MANY: &str = r#"
    const [urls] = arguments;
    const done = arguments[arguments.length - 1];
    const lab = document.querySelector('section.lab');
    const response = lab.querySelector('.lab-response');
    const input = lab.querySelector('#lab-url');
    const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : null);
    const tick = () => new Promise((r) => setTimeout(r, 5));
    (async () => {
        const out = [];
        for (const url of urls) {
            const before = response.dataset.entry || '';
            Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, url);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            await tick();
            lab.querySelector('.lab-send').click();
            const started = performance.now();
            while (!(response.dataset.entry !== before && response.dataset.settled === 'true')) {
                if (performance.now() - started > 5000) { out.push({ url, error: 'did not settle' }); break; }
                await tick();
            }
            out.push({ url, status: text(response.querySelector('.lab-status')), explanation: text(response.querySelector('.lab-explanation')) });
        }
        done(out);
    })();
"#;

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn a_hundred_bad_addresses_each_get_a_clear_message() {
    let page = Page::open("/").await;
    let bad = bad_addresses();
    assert_eq!(bad.len(), 100);
    let urls: Vec<&str> = bad.iter().map(|(u, _)| u.as_str()).collect();
    let shown = page.js_async(SEND_MANY, vec![json!(urls)]).await;
    let shown = shown.as_array().expect("one result per address");
    let mut wrong = Vec::new();
    for ((url, says), result) in bad.iter().zip(shown) {
        let status = result["status"].as_str().unwrap_or_default();
        let explanation = result["explanation"].as_str().unwrap_or_default();
        if !status.contains("Not sent") || !explanation.contains(says) {
            wrong.push(format!("{url:?}: {result}"));
        }
    }
    assert!(wrong.is_empty(), "{} of 100 without their message:\n{}", wrong.len(), wrong.join("\n"));
    // The app is still alive and sends the next good request.
    let ok = preset(&page, "A page of this site that exists").await;
    assert_status(&ok, "200 OK", "success");
    let errors = page.console_errors().await;
    assert!(errors.iter().all(|e| !e.message.contains("panicked")), "{errors:#?}");
    page.close().await;
}
