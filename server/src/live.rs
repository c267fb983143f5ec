//! Live reload, for an author running `cargo xtask serve`: every page this
//! server sends carries one more script (`/_roundtrip/live.js`, from this
//! server, so the pages' policy allows it), which listens for builds: it
//! reloads the page when the build changed it (its lesson, the course page,
//! or the app), and shows the mistake that stopped a build, with its file
//! and line, until the file is mended. The build writes what it did to a
//! status file (`prerender --status`); this server sends each new status to
//! the pages. Only a server started with `--live-reload` does any of this:
//! the built and packaged pages never carry the script.
//!
//! An author sees the build as it is now, never a cache of it: the pages
//! register no service worker here (the course's `sw.js`, for learners
//! offline), and `/sw.js` is a worker that makes way for the server, in
//! case an earlier visit to this address left the course's worker behind.

use std::convert::Infallible;
use std::path::PathBuf;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream};

/// Where the script and the builds' news are served.
pub const PREFIX: &str = "/_roundtrip";

/// How often the status file is looked at.
const POLL: Duration = Duration::from_millis(50);

/// The largest page the script is put into; a larger one is sent as it is.
const LARGEST_PAGE: usize = 8 * 1024 * 1024;

/// What goes into every page, last in its head.
const HOOK: &str = "<script type=\"module\" src=\"/_roundtrip/live.js\"></script>";

/// The script: its words are for the author, who reads them in English with
/// the terminal's. It builds its box from elements and text, never HTML.
const SCRIPT: &str = r#"// Live reload (cargo xtask serve): reloads this page when a build changes it,
// and shows the mistake that stopped a build until the file is mended.
const here = location.pathname.split('/').filter(Boolean)[0] ?? '';
const page = here.includes('.') ? '' : here;
let box = null;
let first = true;
function show(error) {
  if (!error) {
    box?.remove();
    box = null;
    return;
  }
  if (!box) {
    box = document.createElement('aside');
    box.setAttribute('role', 'alert');
    box.id = 'roundtrip-build-error';
    Object.assign(box.style, {
      position: 'fixed', insetInline: '1rem', bottom: '1rem', zIndex: '2147483647', maxHeight: '60vh',
      overflow: 'auto', padding: '1rem 1.25rem', background: '#fff4f2', color: '#4a1009',
      border: '2px solid #b3261e', borderRadius: '0.5rem', font: '1rem/1.5 system-ui, sans-serif',
      boxShadow: '0 0.5rem 2rem rgb(0 0 0 / 0.3)',
    });
    document.body.append(box);
  }
  const heading = document.createElement('strong');
  heading.textContent = 'This lesson did not build: the page shows the last version that did.';
  const where = document.createElement('p');
  where.textContent = [error.file, error.line && `line ${error.line}`].filter(Boolean).join(', ') + ':';
  where.style.margin = '0.5rem 0 0';
  const what = document.createElement('pre');
  what.textContent = error.message;
  Object.assign(what.style, { whiteSpace: 'pre-wrap', margin: '0.25rem 0', font: 'inherit', fontWeight: '600' });
  const next = document.createElement('p');
  next.textContent = 'Fix it and save the file: this page comes back by itself.';
  next.style.margin = '0';
  box.replaceChildren(heading, where, what, next);
}
const events = new EventSource('/_roundtrip/events');
events.onmessage = (event) => {
  let status;
  try {
    status = JSON.parse(event.data);
  } catch {
    return;
  }
  show(status.error);
  // Heard: for whoever waits on it (the tests).
  document.documentElement.dataset.liveReload = 'listening';
  const news = !first;
  first = false;
  const changed = status.changed ?? [];
  if (news && !status.error && (changed.includes('*') || changed.includes(page))) location.reload();
};
"#;

/// What `/sw.js` is under live reload: a worker that an earlier visit's
/// (the course's own, which keeps a build for offline use) is replaced by.
/// It removes the course's caches and itself, then reloads the pages it
/// took over, so they come from the server.
const MAKE_WAY: &str = r#"// Live reload (cargo xtask serve): pages come from the build as it is now.
// The course's worker, left by an earlier visit, makes way for the server.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith('roundtrip-')).map((name) => caches.delete(name)));
    await self.registration.unregister();
    const pages = await self.clients.matchAll({ type: 'window' });
    await Promise.all(pages.map((page) => page.navigate(page.url).catch(() => null)));
  })());
});
"#;

/// The routes under [`PREFIX`]: the script, and the builds' news as
/// server-sent events; and `/sw.js`, the worker that makes way.
pub fn router(status: PathBuf) -> Router {
    Router::new()
        .route(&format!("{PREFIX}/live.js"), get(script))
        .route(&format!("{PREFIX}/events"), get(events))
        .route("/sw.js", get(make_way))
        .with_state(status)
}

async fn script() -> Response {
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8"), (CACHE_CONTROL, "no-cache")], SCRIPT).into_response()
}

async fn make_way() -> Response {
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8"), (CACHE_CONTROL, "no-cache")], MAKE_WAY)
        .into_response()
}

/// `page` without the service worker it names (`<html data-sw="…">`): the
/// loader registers none.
fn without_worker(page: &str) -> String {
    let tag_end = page.find("<html").and_then(|at| page[at..].find('>').map(|end| at + end));
    let attribute = page.find(" data-sw=\"").filter(|at| tag_end.is_some_and(|end| *at < end));
    match attribute.and_then(|at| page[at + 10..].find('"').map(|end| (at, at + 10 + end + 1))) {
        Some((from, to)) => format!("{}{}", &page[..from], &page[to..]),
        None => page.to_owned(),
    }
}

/// The status file's content now, and each time it changes.
async fn events(State(status): State<PathBuf>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let news = stream::unfold((status, None::<String>), |(status, last)| async move {
        loop {
            let now = tokio::fs::read_to_string(&status).await.unwrap_or_default();
            if !now.trim().is_empty() && last.as_deref() != Some(now.as_str()) {
                let event = Event::default().data(now.trim());
                return Some((Ok(event), (status, Some(now))));
            }
            tokio::time::sleep(POLL).await;
        }
    });
    Sse::new(news).keep_alive(KeepAlive::default())
}

/// Puts [`HOOK`] into every HTML page: asks the files for the page itself,
/// not a compressed copy, so it can be read and written.
pub async fn inject(mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path.ends_with('/') || path.ends_with(".html") {
        request.headers_mut().remove(ACCEPT_ENCODING);
    }
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html || response.headers().contains_key(axum::http::header::CONTENT_ENCODING) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, LARGEST_PAGE).await else {
        return (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "the page is too large to serve")
            .into_response();
    };
    let page = without_worker(&String::from_utf8_lossy(&bytes));
    let page = match page.find("</head>") {
        Some(at) => format!("{}{HOOK}{}", &page[..at], &page[at..]),
        None => format!("{HOOK}{page}"),
    };
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_builds_its_box_from_text_only() {
        assert!(!SCRIPT.contains("innerHTML") && !SCRIPT.contains("insertAdjacentHTML"));
        assert!(SCRIPT.contains("textContent = error.message"));
        assert!(HOOK.contains(PREFIX));
    }

    #[test]
    fn a_page_names_no_worker_under_live_reload() {
        let page =
            "<!doctype html>\n<html lang=\"en\" data-page=\"lesson-1.bin\" data-sw=\"../sw.js\">\n<head>";
        assert_eq!(
            without_worker(page),
            "<!doctype html>\n<html lang=\"en\" data-page=\"lesson-1.bin\">\n<head>"
        );
        let text = "<html lang=\"en\">\n<body><p> data-sw=\"x\"</p>";
        assert_eq!(without_worker(text), text, "only the page's own attribute");
        assert!(MAKE_WAY.contains("registration.unregister()") && MAKE_WAY.contains("caches.delete"));
    }
}
