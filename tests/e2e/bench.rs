//! Benchmarks: figures to report, never pass/fail (the machines are shared
//! and noisy). Run with `cargo xtask bench-diagram`.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::{json, Value};

use crate::harness::Page;

/// Installs observers for long tasks (over 50 ms, as the browser defines
/// them) and for frames: a requestAnimationFrame loop that records the gap
/// between frames. A gap over 1.5 frames (at the measured refresh rate) is
/// counted as dropped frames.
const INSTALL: &str = r#"
    window.__bench = { longTasks: [], frames: [], running: true };
    new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const frame = (now) => {
        window.__bench.frames.push(now - last);
        last = now;
        if (window.__bench.running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
"#;

const REPORT: &str = r#"
    const b = window.__bench;
    b.running = false;
    const gaps = b.frames.slice(1).sort((x, y) => x - y);
    const median = gaps[Math.floor(gaps.length / 2)] || 0;
    let dropped = 0;
    for (const g of b.frames.slice(1)) {
        if (g > median * 1.5) dropped += Math.round(g / median) - 1;
    }
    return {
        longTasks: b.longTasks.length,
        longestTaskMs: b.longTasks.length ? Math.max(...b.longTasks) : 0,
        frames: b.frames.length,
        medianFrameMs: median,
        worstFrameMs: gaps.length ? gaps[gaps.length - 1] : 0,
        droppedFrames: dropped,
    };
"#;

async fn play_to_the_end(page: &Page, steps: usize) {
    let play = page
        .client
        .find(Locator::XPath("//figure[contains(@class,'diagram')]//button[contains(., 'Play')]"))
        .await
        .expect("the Play button");
    play.click().await.expect("click Play");
    let last = json!(crate::diagram::progress(steps, steps));
    page.wait_until(
        &format!(
            "document.querySelector('.diagram-progress').textContent === {last} && \
             [...document.querySelectorAll('figure.diagram button')].some((b) => b.textContent.includes('Play'))"
        ),
        Duration::from_secs(40),
    )
    .await;
}

#[tokio::test]
#[ignore = "benchmark: run `cargo xtask bench-diagram`"]
async fn diagram_playback() {
    let page = Page::open("/").await;
    page.js("document.querySelector('figure.diagram').scrollIntoView({block: 'center'});", vec![]).await;
    page.js(INSTALL, vec![]).await;
    // The lesson's two scenarios, each played from start to end.
    let scenarios = &crate::harness::LESSON.diagrams()[0].scenarios;
    play_to_the_end(&page, scenarios[0].steps.len()).await;
    page.client
        .find(Locator::Css(&format!("figure.diagram input[value='{}']", scenarios[1].id)))
        .await
        .expect("the second scenario")
        .click()
        .await
        .expect("choose it");
    play_to_the_end(&page, scenarios[1].steps.len()).await;
    let figures: Value = page.js(REPORT, vec![]).await;
    println!();
    let steps = scenarios[0].steps.len() + scenarios[1].steps.len();
    println!("diagram playback, both scenarios, {steps} steps, headless Chromium at 1280 px:");
    println!(
        "  long tasks (> 50 ms): {} (longest {:.0} ms)",
        figures["longTasks"],
        figures["longestTaskMs"].as_f64().unwrap_or(0.0)
    );
    println!(
        "  frames: {} (median {:.1} ms, worst {:.1} ms), dropped: {}",
        figures["frames"],
        figures["medianFrameMs"].as_f64().unwrap_or(0.0),
        figures["worstFrameMs"].as_f64().unwrap_or(0.0),
        figures["droppedFrames"]
    );
    page.close().await;
}

// ---------------------------------------------------------------------------
// Page load: the lesson against the same lesson as plain HTML

/// Installed before the page's own scripts: long tasks, kept for the report.
const WATCH_LOAD: &str = r#"
    window.__load = { longTasks: [], controlsAt: null };
    new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__load.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
    // A build that renders in the browser (no prerendered page, no ready
    // mark): its controls work as soon as they exist.
    new MutationObserver((records, observer) => {
        if (document.querySelector('.diagram-controls button')) {
            window.__load.controlsAt = performance.now();
            observer.disconnect();
        }
    }).observe(document, { childList: true, subtree: true });
"#;

/// What one load measured, read once the page is complete (and, for the
/// lesson, the app has marked itself ready).
const READ_LOAD: &str = r#"
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const ready = performance.getEntriesByName('roundtrip-ready')[0];
    const bytes = [nav, ...performance.getEntriesByType('resource')].reduce((n, e) => n + (e.transferSize || 0), 0);
    const prerendered = !!document.querySelector('meta[http-equiv="Content-Security-Policy"]') || !!ready;
    const readyAt = ready ? ready.startTime : (prerendered ? null : window.__load.controlsAt);
    const until = readyAt == null ? Infinity : readyAt;
    const tasks = window.__load.longTasks.filter(([start]) => start <= until);
    const data = performance.getEntriesByName('roundtrip-data')[0];
    return {
        data: data ? data.duration : null,
        fcp: fcp ? fcp.startTime : null,
        ready: readyAt,
        bytes,
        longTasks: tasks.length,
        longTaskMs: tasks.reduce((n, [, d]) => n + d, 0),
    };
"#;

#[derive(Default)]
struct Loads {
    data: Vec<f64>,
    fcp: Vec<f64>,
    ready: Vec<f64>,
    bytes: Vec<f64>,
    long_tasks: Vec<f64>,
    long_task_ms: Vec<f64>,
}

impl Loads {
    fn push(&mut self, figures: &Value) {
        let get = |key: &str| figures[key].as_f64().unwrap_or(f64::NAN);
        self.data.push(get("data"));
        self.fcp.push(get("fcp"));
        self.ready.push(get("ready"));
        self.bytes.push(get("bytes"));
        self.long_tasks.push(get("longTasks"));
        self.long_task_ms.push(get("longTaskMs"));
    }
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// Opens `url` with an empty cache and waits for the load (and for the
/// lesson's app, when `app`); returns what it measured.
async fn load_once(page: &Page, url: &str, app: bool) -> Value {
    page.cdp("Network.clearBrowserCache", json!({})).await;
    page.client.goto("about:blank").await.expect("about:blank");
    page.client.goto(url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    let done = if app {
        "document.readyState === 'complete' && (performance.getEntriesByName('roundtrip-ready').length > 0 \
         || (!document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]') && window.__load.controlsAt !== null))"
    } else {
        "document.readyState === 'complete'"
    };
    page.wait_until(done, Duration::from_secs(120)).await;
    // First contentful paint is reported a frame after it happens.
    page.wait_until(
        "performance.getEntriesByName('first-contentful-paint').length > 0",
        Duration::from_secs(10),
    )
    .await;
    page.js(READ_LOAD, vec![]).await
}

/// The phone of `cargo xtask bench-load`: Fast 3G (1.6 Mbps down, 150 ms
/// round trip), CPU slowed 4×, 360 px; or loopback with no emulation, 1280 px.
async fn emulate(page: &Page, phone: bool) {
    let (width, latency, down, up, cpu) =
        if phone { (360, 150, 1_600_000 / 8, 750_000 / 8, 4) } else { (1280, 0, -1, -1, 1) };
    page.set_viewport_width(width).await;
    page.cdp(
        "Network.emulateNetworkConditions",
        json!({ "offline": false, "latency": latency, "downloadThroughput": down, "uploadThroughput": up }),
    )
    .await;
    page.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": cpu })).await;
}

/// Each load's figures, `runs` times: the median of each.
async fn load_runs(page: &Page, url: &str, app: bool, runs: usize) -> Loads {
    let mut loads = Loads::default();
    for _ in 0..runs {
        let figures = load_once(page, url, app).await;
        loads.push(&figures);
    }
    loads
}

/// `cargo xtask bench-load`: the built lesson and the same lesson as plain
/// HTML (no widget, no script) on a static server that does not compress
/// (`python3 -m http.server`), loaded alternately, 5 times each; the lesson
/// again from a host that sends the build's brotli copies (roundtrip-server);
/// on an emulated phone (Fast 3G, CPU slowed 4×, 360 px), then on loopback.
/// Last, on the phone and the plain host, the course's second lesson opened
/// after the first, with the browser's cache as the first left it.
#[tokio::test]
#[ignore = "benchmark: run `cargo xtask bench-load`"]
async fn page_load() {
    const RUNS: usize = 5;
    let slug = crate::harness::lesson_slug();
    let site = std::env::temp_dir().join(format!("roundtrip-bench-load-{}", std::process::id()));
    copy_dir(&crate::harness::course_dist(), &site);
    let index =
        std::fs::read_to_string(crate::harness::dist_dir().join("index.html")).expect("the built page");
    // The plain page takes the lesson's own stylesheet.
    let stylesheet = index
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page's stylesheet")
        .to_owned();
    let assets = roundtrip::prerender::Assets { stylesheet, loader: String::new(), icon: String::new() };
    let plain = roundtrip::prerender::plain_page(&crate::harness::LESSON, &assets);
    std::fs::write(site.join(&slug).join("plain.html"), plain).expect("plain.html");
    let host = crate::harness::StaticHost::start(&site);
    let brotli = crate::harness::Server::start(site.clone());

    let page = Page::start(crate::harness::Server::start_lesson()).await;
    page.cdp("Network.enable", json!({})).await;
    page.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": WATCH_LOAD })).await;
    // A first visit's figures: the network, not the course's service worker
    // (which answers from its cache once a page has registered it).
    page.cdp("Network.setBypassServiceWorker", json!({ "bypass": true })).await;

    for phone in [true, false] {
        emulate(&page, phone).await;
        page.cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true })).await;
        let (mut lesson, mut plain) = (Loads::default(), Loads::default());
        for _ in 0..RUNS {
            for (loads, path, app) in [(&mut lesson, "/", true), (&mut plain, "/plain.html", false)] {
                let figures = load_once(&page, &format!("{}/{slug}{path}", host.origin()), app).await;
                loads.push(&figures);
            }
        }
        let compressed = load_runs(&page, &format!("{}/{slug}/", brotli.origin()), true, RUNS).await;
        println!();
        println!(
            "{}, median of {RUNS}:",
            if phone {
                "phone (Fast 3G 1.6 Mbps / 150 ms, CPU 4x, 360 px)"
            } else {
                "loopback, no emulation, 1280 px"
            }
        );
        println!("  static server without compression (python3 -m http.server):");
        let (l, p) = (median(&lesson.fcp), median(&plain.fcp));
        println!("    first contentful paint: lesson {l:.0} ms, plain HTML {p:.0} ms ({:.2}x)", l / p);
        println!("    the diagram's Next works (app ready): {:.0} ms", median(&lesson.ready));
        println!(
            "    bytes transferred: lesson {:.0} KB, plain HTML {:.0} KB",
            median(&lesson.bytes) / 1000.0,
            median(&plain.bytes) / 1000.0
        );
        println!(
            "    long tasks until ready: {:.0} ({:.0} ms in all); the lesson's data read in {:.1} ms",
            median(&lesson.long_tasks),
            median(&lesson.long_task_ms),
            median(&lesson.data)
        );
        println!("  brotli host (roundtrip-server, the build's .br copies):");
        println!(
            "    first contentful paint {:.0} ms; Next works at {:.0} ms; {:.0} KB transferred",
            median(&compressed.fcp),
            median(&compressed.ready),
            median(&compressed.bytes) / 1000.0
        );
    }

    // The next lesson, with the first one's files in the cache.
    let second = crate::harness::COURSE.iter().map(|(slug, _)| slug.clone()).find(|s| *s != slug);
    if let Some(second) = second {
        emulate(&page, true).await;
        page.cdp("Network.setCacheDisabled", json!({ "cacheDisabled": false })).await;
        let mut next = Loads::default();
        for _ in 0..RUNS {
            load_once(&page, &format!("{}/{slug}/", host.origin()), true).await;
            let figures = visit(&page, &format!("{}/{second}/", host.origin())).await;
            next.push(&figures);
        }
        println!();
        println!("phone, plain host: /{second}/ opened after /{slug}/, median of {RUNS}:");
        println!(
            "  {:.1} KB transferred (page, data, revalidations); Next works at {:.0} ms",
            median(&next.bytes) / 1000.0,
            median(&next.ready)
        );

        // Offline, on the phone: the course's worker keeps the build after
        // one visit online; then, with no network, the first lesson again
        // and the second (its page never opened in this browser).
        page.cdp("Network.setBypassServiceWorker", json!({ "bypass": false })).await;
        visit(&page, &format!("{}/", host.origin())).await;
        visit(&page, &format!("{}/{slug}/", host.origin())).await;
        page.wait_until("navigator.serviceWorker.controller !== null", Duration::from_secs(60)).await;
        let kept = std::fs::read_to_string(site.join("sw.js")).expect("the course's service worker");
        let files =
            kept.split("const FILES = [").nth(1).and_then(|rest| rest.split(']').next()).unwrap_or_default();
        let kept_bytes: u64 = files
            .split(", ")
            .map(|file| file.trim_matches('"'))
            .map(|file| if file.ends_with('/') { format!("{file}index.html") } else { file.to_owned() })
            .filter_map(|file| std::fs::metadata(site.join(file.trim_start_matches("./"))).ok())
            .map(|meta| meta.len())
            .sum();
        page.cdp(
            "Network.emulateNetworkConditions",
            json!({ "offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
        )
        .await;
        let (mut again, mut first_time, mut other) = (Loads::default(), Loads::default(), Loads::default());
        for run in 0..RUNS {
            page.client.goto("about:blank").await.expect("about:blank");
            again.push(&visit(&page, &format!("{}/{slug}/", host.origin())).await);
            let figures = visit(&page, &format!("{}/{second}/", host.origin())).await;
            if run == 0 {
                first_time.push(&figures);
            }
            other.push(&figures);
        }
        println!();
        println!(
            "phone (CPU 4x, 360 px), offline: the worker keeps {} files, {:.0} KB",
            files.split(", ").count(),
            kept_bytes as f64 / 1000.0
        );
        println!(
            "  /{slug}/ again, median of {RUNS}: first contentful paint {:.0} ms; Next works at {:.0} ms",
            median(&again.fcp),
            median(&again.ready)
        );
        println!(
            "  /{second}/, median of {RUNS}: first contentful paint {:.0} ms; the app works at {:.0} ms \
             (the first time: {:.0} ms, {:.0} ms)",
            median(&other.fcp),
            median(&other.ready),
            median(&first_time.fcp),
            median(&first_time.ready)
        );
        emulate(&page, false).await;
    }
    page.close().await;
    drop((host, brotli));
    let _ = std::fs::remove_dir_all(&site);
}

/// Opens `url` as a learner following a link would (the cache as it is) and
/// waits for the app; returns what it measured.
async fn visit(page: &Page, url: &str) -> Value {
    page.client.goto(url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    page.wait_until(
        "document.readyState === 'complete' && performance.getEntriesByName('roundtrip-ready').length > 0",
        Duration::from_secs(120),
    )
    .await;
    page.wait_until(
        "performance.getEntriesByName('first-contentful-paint').length > 0",
        Duration::from_secs(10),
    )
    .await;
    page.js(READ_LOAD, vec![]).await
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("a folder for the benchmark's site");
    for entry in std::fs::read_dir(from).expect("the built folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}

// ---------------------------------------------------------------------------
// Save to page: an author's edit, under `cargo xtask serve`

/// `cargo xtask bench-course`'s last part: `cargo xtask serve` on the
/// generated course (`ROUNDTRIP_COURSE`, `ROUNDTRIP_DIST_DIR`), the page of
/// the lesson `ROUNDTRIP_BENCH_LESSON` open in headless Chromium, and 10
/// saves of that lesson, each timed from the file written to the reloaded
/// page's first paint of the edit (both by this machine's clock).
#[tokio::test]
#[ignore = "benchmark: run `cargo xtask bench-course`"]
async fn save_to_page() {
    use std::os::unix::process::CommandExt;
    use std::time::{Instant, SystemTime, UNIX_EPOCH};

    const SAVES: usize = 10;
    let lesson = crate::harness::env_path("ROUNDTRIP_BENCH_LESSON");
    let slug = lesson.file_stem().expect("a lesson file").to_string_lossy().into_owned();
    let original = std::fs::read_to_string(&lesson).expect("the lesson");
    let port = crate::harness::free_port();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut serve = std::process::Command::new(cargo)
        .args(["xtask", "serve", "--port", &port.to_string()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .process_group(0)
        .spawn()
        .expect("cargo xtask serve");
    let url = format!("http://127.0.0.1:{port}/{slug}/");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(300), "cargo xtask serve did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let page = Page::start(crate::harness::Server::start(std::env::temp_dir())).await;
    page.client.goto(&url).await.expect("the lesson under serve");
    page.wait_until(
        "document.documentElement.dataset.app === 'ready' && document.documentElement.dataset.liveReload === 'listening'",
        Duration::from_secs(30),
    )
    .await;
    let now_ms = || SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    let mut times = Vec::new();
    for n in 0..SAVES {
        let marker = format!("Saved {n} times");
        let body = original.find("\n+++\n").map_or(0, |at| at + 5);
        let at = body + original[body..].find("\n# ").expect("a title heading") + 3;
        let edited = format!("{}{marker}: {}", &original[..at], &original[at..]);
        let written = now_ms();
        std::fs::write(&lesson, edited).expect("save the lesson");
        let check = format!(
            "return document.body.textContent.includes({marker:?}) && performance.getEntriesByName('first-contentful-paint').length > 0 \
             ? performance.timeOrigin + performance.getEntriesByName('first-contentful-paint')[0].startTime : null;"
        );
        let waiting = Instant::now();
        let shown = loop {
            // The page reloads under the script's feet: an error is a page on its way.
            if let Ok(value) = page.client.execute(&check, vec![]).await {
                if let Some(at) = value.as_f64() {
                    break at;
                }
            }
            assert!(waiting.elapsed() < Duration::from_secs(30), "save {n} never reached the page");
            tokio::time::sleep(Duration::from_millis(10)).await;
        };
        times.push(shown - written);
        // Let the build's compressed copies settle before the next save.
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    std::fs::write(&lesson, &original).expect("the lesson as it was");
    page.close().await;
    let _ = std::process::Command::new("kill").args(["-TERM", "--", &format!("-{}", serve.id())]).status();
    let _ = serve.wait();
    println!();
    println!(
        "  save to page under `cargo xtask serve` (file written → the reloaded page's first paint of the edit): \
         median {:.0} ms, fastest {:.0} ms, slowest {:.0} ms ({SAVES} saves)",
        median(&times),
        times.iter().copied().fold(f64::INFINITY, f64::min),
        times.iter().copied().fold(0.0, f64::max)
    );
}
