//! Benchmarks: figures to report, never pass/fail (the machines are shared
//! and noisy). Run with `cargo xtask bench-diagram`.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::Value;

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

async fn play_to_the_end(page: &Page) {
    let play = page
        .client
        .find(Locator::XPath("//figure[contains(@class,'diagram')]//button[contains(., 'Play')]"))
        .await
        .expect("the Play button");
    play.click().await.expect("click Play");
    page.wait_until(
        "document.querySelector('.diagram-progress').textContent.startsWith('Step 6') && \
         [...document.querySelectorAll('figure.diagram button')].some((b) => b.textContent.includes('Play'))",
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
    // The lesson's story, then the missing page, each played from start to end.
    play_to_the_end(&page).await;
    page.client
        .find(Locator::Css("figure.diagram input[value='missing']"))
        .await
        .expect("the second scenario")
        .click()
        .await
        .expect("choose it");
    play_to_the_end(&page).await;
    let figures: Value = page.js(REPORT, vec![]).await;
    println!();
    println!("diagram playback, both scenarios, 12 steps, headless Chromium at 1280 px:");
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
