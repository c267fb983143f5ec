//! The practice API under `/api`: small endpoints that answer with every kind
//! of status code on purpose, so a learner can see real ones from their browser.
//!
//! Every answer is JSON (except the bodies HTTP forbids: 204, 304, HEAD), no
//! input makes a handler panic, and any page may call it (CORS is open).
//! Answers are gzip- or brotli-compressed when the client asks (they are
//! small and made per request; the lesson's files are compressed at build
//! time instead). Requests are traced by the layer [`crate::app`] puts around
//! everything; a status a learner asked for is marked [`AskedFor`], so the
//! log does not call it the server's error.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, Query, Request};
use axum::http::header::{CONTENT_TYPE, LOCATION, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};

/// What `/api/health` says, so the lesson can tell this server from a static
/// host that happens to answer 200 for any path.
pub const SERVICE: &str = "roundtrip-practice";

/// The longest `/api/delay/{ms}` waits.
pub const MAX_DELAY_MS: u64 = 10_000;

/// How many `/api/delay` requests one client (one IP address; one /64 for
/// IPv6) may have waiting at once, unless [`router_with`] is told otherwise.
pub const DELAY_PER_CLIENT: usize = 4;

/// The longest `/api/echo` waits for the body to arrive.
pub const ECHO_BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest body `/api/echo` reads.
pub const MAX_ECHO_BYTES: usize = 16 * 1024;

/// The longest message `/api/echo` accepts, in characters.
pub const MAX_MESSAGE_CHARS: usize = 280;

/// How long a client is asked to wait after a 429 or 503, in seconds.
const RETRY_AFTER_SECONDS: &str = "120";

/// The `/api` routes, ready to be nested under `/api`, with the default
/// [`DELAY_PER_CLIENT`].
pub fn router() -> Router {
    router_with(DELAY_PER_CLIENT)
}

/// The `/api` routes, where one client may have `delay_per_client`
/// `/api/delay` requests waiting at once (`0`: no bound). Clients are told
/// apart by the [`ConnectInfo`] the server puts on each request; a request
/// without one (a test calling the router directly) is not counted.
pub fn router_with(delay_per_client: usize) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods(Any)
        .allow_headers(Any)
        .expose_headers([LOCATION, RETRY_AFTER]);
    let waiting = (delay_per_client > 0).then(|| Waiting::new(delay_per_client));
    Router::new()
        .route("/health", get(health))
        .route("/status/{code}", get(status))
        .route("/stores", get(stores))
        .route("/redirect", get(redirect))
        .route(
            "/delay/{ms}",
            get(move |ms: Path<String>, peer: Option<Extension<ConnectInfo<SocketAddr>>>| {
                delay(ms, peer, waiting.clone())
            }),
        )
        .route("/echo", post(echo))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(cors)
        .layer(CompressionLayer::new().gzip(true).br(true))
}

/// On a response whose status the learner asked for (`/api/status/{code}`):
/// a `503` there is the lesson working, not the server failing, so the
/// request log (see [`crate::app`]) does not report it as an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AskedFor;

/// A status code's reason phrase: the registered one, or else the name of its
/// class (RFC 9110, section 15), so that `599` goes out as `599 Server Error`.
pub fn reason_phrase(status: StatusCode) -> &'static str {
    if let Some(reason) = status.canonical_reason() {
        return reason;
    }
    match status.as_u16() {
        100..=199 => "Informational",
        200..=299 => "Successful",
        300..=399 => "Redirection",
        400..=499 => "Client Error",
        500..=599 => "Server Error",
        _ => "Unknown",
    }
}

/// The error body every endpoint uses: the code, its reason, and what was wrong.
#[derive(Debug, Serialize)]
struct Problem {
    status: u16,
    reason: &'static str,
    message: String,
}

fn problem(status: StatusCode, message: impl Into<String>) -> Response {
    let body = Problem { status: status.as_u16(), reason: reason_phrase(status), message: message.into() };
    (status, Json(body)).into_response()
}

async fn health() -> Json<Value> {
    Json(json!({
        "service": SERVICE,
        "status": "ok",
        "endpoints": [
            "GET /api/health",
            "GET /api/status/{code}",
            "GET /api/stores?zip={zip}",
            "GET /api/redirect",
            "GET /api/delay/{ms}",
            "POST /api/echo",
        ],
    }))
}

async fn status(Path(code): Path<String>) -> Response {
    let Ok(number) = code.parse::<u16>() else {
        return problem(
            StatusCode::BAD_REQUEST,
            format!("`{}` is not a number: ask for a status code from 200 to 599", clip(&code)),
        );
    };
    if (100..200).contains(&number) {
        return problem(
            StatusCode::BAD_REQUEST,
            format!(
                "{number} is informational: a server sends it before the real answer, never as the answer"
            ),
        );
    }
    let Some(status) = (200..=599).contains(&number).then(|| StatusCode::from_u16(number).ok()).flatten()
    else {
        return problem(
            StatusCode::BAD_REQUEST,
            format!("{number} is not a status code: ask for 200 to 599"),
        );
    };
    let mut response = if matches!(number, 204 | 304) {
        // HTTP forbids a body on these two.
        status.into_response()
    } else {
        let reason = reason_phrase(status);
        (
            status,
            Json(json!({
                "status": number,
                "reason": reason,
                "message": format!("You asked for {number}, so this server answered {number} {reason}."),
            })),
        )
            .into_response()
    };
    if matches!(number, 429 | 503) {
        response.headers_mut().insert(RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
    }
    response.extensions_mut().insert(AskedFor);
    response
}

async fn redirect() -> Response {
    // Relative, so it works wherever the API is mounted.
    (StatusCode::FOUND, [(LOCATION, "status/200")], Json(json!({ "moved_to": "status/200" }))).into_response()
}

async fn delay(
    Path(ms): Path<String>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    waiting: Option<Waiting>,
) -> Response {
    let Ok(asked) = ms.parse::<u64>() else {
        return problem(StatusCode::BAD_REQUEST, format!("`{}` is not a number of milliseconds", clip(&ms)));
    };
    // Held until the answer is made, or the client goes away (the future is dropped).
    let _slot = match (&waiting, peer) {
        (Some(waiting), Some(Extension(ConnectInfo(peer)))) => match waiting.take(peer.ip()) {
            Some(slot) => Some(slot),
            None => {
                let mut response = problem(
                    StatusCode::TOO_MANY_REQUESTS,
                    format!(
                        "you already have {} delayed requests waiting here, the most one client may; \
                         send this one when one of them has been answered",
                        waiting.most
                    ),
                );
                response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(MAX_DELAY_MS / 1000));
                return response;
            }
        },
        _ => None,
    };
    let waited = asked.min(MAX_DELAY_MS);
    tokio::time::sleep(Duration::from_millis(waited)).await;
    Json(json!({ "asked_ms": asked, "waited_ms": waited, "max_ms": MAX_DELAY_MS })).into_response()
}

/// The `/api/delay` requests each client has waiting.
#[derive(Clone, Debug)]
struct Waiting {
    /// At least 1.
    most: usize,
    by_client: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

/// One waiting request's place: given back when dropped.
#[derive(Debug)]
struct WaitingSlot {
    client: IpAddr,
    by_client: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl Waiting {
    fn new(most: usize) -> Self {
        Waiting { most: most.max(1), by_client: Arc::default() }
    }

    /// A place for one more request from `ip`, unless it has `most` waiting.
    fn take(&self, ip: IpAddr) -> Option<WaitingSlot> {
        let client = client_of(ip);
        let mut by_client = self.by_client.lock().unwrap_or_else(PoisonError::into_inner);
        let count = by_client.entry(client).or_insert(0);
        if *count >= self.most {
            return None;
        }
        *count += 1;
        Some(WaitingSlot { client, by_client: Arc::clone(&self.by_client) })
    }
}

impl Drop for WaitingSlot {
    fn drop(&mut self) {
        let mut by_client = self.by_client.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = by_client.get_mut(&self.client) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                by_client.remove(&self.client);
            }
        }
    }
}

/// The client an address stands for: an IPv4 address (also when it comes as
/// `::ffff:a.b.c.d`), or an IPv6 address's /64, which one home or phone
/// usually has whole.
fn client_of(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            IpAddr::V6(Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
        }
    }
}

#[derive(Debug, Deserialize)]
struct StoresQuery {
    zip: Option<String>,
}

async fn stores(query: Result<Query<StoresQuery>, axum::extract::rejection::QueryRejection>) -> Response {
    let zip = match query {
        Ok(Query(StoresQuery { zip: Some(zip) })) => zip,
        Ok(_) => return problem(StatusCode::BAD_REQUEST, "add a ZIP code: /api/stores?zip=80202"),
        Err(e) => {
            return problem(StatusCode::BAD_REQUEST, format!("the query is malformed: {}", e.body_text()))
        }
    };
    match stores_near(&zip) {
        Ok(found) => Json(found).into_response(),
        Err(StoresError::Malformed) => problem(
            StatusCode::BAD_REQUEST,
            format!("`{}` is not a ZIP code: a ZIP code is five digits", clip(&zip)),
        ),
        Err(StoresError::Unknown) => {
            problem(StatusCode::NOT_FOUND, format!("no stores are known near ZIP code {zip}"))
        }
    }
}

async fn echo(request: Request) -> Response {
    let content_type = request.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !is_json(content_type) {
        let sent = if content_type.is_empty() { "no Content-Type".to_owned() } else { clip(content_type) };
        return problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("this endpoint reads JSON (Content-Type: application/json), and you sent {sent}"),
        );
    }
    let read = axum::body::to_bytes(request.into_body(), MAX_ECHO_BYTES);
    let bytes: Bytes = match tokio::time::timeout(ECHO_BODY_TIMEOUT, read).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => {
            return problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the body is larger than {MAX_ECHO_BYTES} bytes, the most this endpoint reads"),
            )
        }
        Err(_) => {
            return problem(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the body took longer than {} seconds to arrive, the longest this endpoint waits",
                    ECHO_BODY_TIMEOUT.as_secs()
                ),
            )
        }
    };
    let value: Value = match serde_json::from_slice(&bytes) {
        Ok(value) => value,
        Err(e) => return problem(StatusCode::BAD_REQUEST, format!("the body is not valid JSON: {e}")),
    };
    if let Err(message) = validate_message(&value) {
        return problem(StatusCode::BAD_REQUEST, message);
    }
    Json(json!({ "received": value, "bytes": bytes.len() })).into_response()
}

/// The server's own checks on what it was sent: the part of a back end's job
/// the browser cannot do for it.
fn validate_message(value: &Value) -> Result<(), String> {
    let Some(object) = value.as_object() else {
        return Err("send a JSON object, like {\"message\": \"hello\"}".to_owned());
    };
    match object.get("message") {
        None => Err("the object needs a \"message\"".to_owned()),
        Some(Value::String(message)) if message.trim().is_empty() => {
            Err("\"message\" is empty: write something".to_owned())
        }
        Some(Value::String(message)) if message.chars().count() > MAX_MESSAGE_CHARS => Err(format!(
            "\"message\" has {} characters; the most is {MAX_MESSAGE_CHARS}",
            message.chars().count()
        )),
        Some(Value::String(_)) => Ok(()),
        Some(_) => Err("\"message\" must be text, in quotes".to_owned()),
    }
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

async fn not_found(request: Request<Body>) -> Response {
    problem(
        StatusCode::NOT_FOUND,
        format!("nothing answers to {} here; GET /api/health lists what does", clip(request.uri().path())),
    )
}

async fn method_not_allowed(request: Request<Body>) -> Response {
    problem(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{} is not a method this address accepts", clip(request.method().as_str())),
    )
}

/// Echoed input is cut short, so a huge address cannot make a huge answer.
fn clip(text: &str) -> String {
    const MAX: usize = 80;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let mut clipped: String = text.chars().take(MAX).collect();
        clipped.push('…');
        clipped
    }
}

// ---------------------------------------------------------------------------
// Stores: computed, deterministic data, so every learner sees the same answer
// for the same ZIP code without a database.
// ---------------------------------------------------------------------------

#[derive(Debug, PartialEq, Eq)]
pub enum StoresError {
    /// Not five digits.
    Malformed,
    /// Five digits, but not an area we know.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoresNear {
    pub zip: String,
    pub city: String,
    pub stores: Vec<Store>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Store {
    pub id: u32,
    pub name: String,
    pub address: String,
    pub distance_miles: f64,
    pub open: String,
}

/// The first three digits of a ZIP code name an area; these are the ones we know.
const AREAS: &[(&str, &str)] = &[
    ("100", "New York, NY"),
    ("021", "Boston, MA"),
    ("191", "Philadelphia, PA"),
    ("200", "Washington, DC"),
    ("303", "Atlanta, GA"),
    ("331", "Miami, FL"),
    ("372", "Nashville, TN"),
    ("441", "Cleveland, OH"),
    ("482", "Detroit, MI"),
    ("554", "Minneapolis, MN"),
    ("606", "Chicago, IL"),
    ("631", "St. Louis, MO"),
    ("700", "New Orleans, LA"),
    ("752", "Dallas, TX"),
    ("787", "Austin, TX"),
    ("800", "Denver, CO"),
    ("802", "Denver, CO"),
    ("803", "Boulder, CO"),
    ("841", "Salt Lake City, UT"),
    ("850", "Phoenix, AZ"),
    ("871", "Albuquerque, NM"),
    ("891", "Las Vegas, NV"),
    ("900", "Los Angeles, CA"),
    ("921", "San Diego, CA"),
    ("941", "San Francisco, CA"),
    ("972", "Portland, OR"),
    ("981", "Seattle, WA"),
    ("995", "Anchorage, AK"),
    ("968", "Honolulu, HI"),
];

const STREETS: &[&str] =
    &["Main St", "Oak Ave", "Market St", "Broadway", "Park Blvd", "Lake Dr", "Elm St", "Cedar Rd", "Hill St"];
const HOURS: &[&str] = &["8am–9pm", "7am–10pm", "9am–8pm", "24 hours"];

/// The stores near a ZIP code, always the same for the same code.
pub fn stores_near(zip: &str) -> Result<StoresNear, StoresError> {
    if zip.len() != 5 || !zip.bytes().all(|b| b.is_ascii_digit()) {
        return Err(StoresError::Malformed);
    }
    let city = AREAS.iter().find(|(prefix, _)| zip.starts_with(prefix)).ok_or(StoresError::Unknown)?.1;
    let mut seed: u32 = zip.parse().map_err(|_| StoresError::Malformed)?;
    let mut next = move || {
        // A small linear congruential generator: deterministic, no dependency.
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 8) & 0xffff
    };
    let count = 2 + next() % 3;
    let mut distance = 0.0;
    let stores = (0..count)
        .map(|_| {
            let id = 1000 + next() % 9000;
            distance += f64::from(2 + next() % 40) / 10.0;
            Store {
                id,
                name: format!("Roundtrip Market #{id}"),
                address: format!(
                    "{} {}, {city} {zip}",
                    10 + next() % 990,
                    STREETS[next() as usize % STREETS.len()]
                ),
                distance_miles: (distance * 10.0).round() / 10.0,
                open: HOURS[next() as usize % HOURS.len()].to_owned(),
            }
        })
        .collect();
    Ok(StoresNear { zip: zip.to_owned(), city: city.to_owned(), stores })
}

#[cfg(test)]
mod tests {
    use axum::http::{Method, Request as HttpRequest};
    use tower::ServiceExt;

    use super::*;

    async fn call(
        method: Method,
        uri: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> (StatusCode, Response) {
        let mut builder = HttpRequest::builder().method(method).uri(uri);
        if let Some(content_type) = content_type {
            builder = builder.header(CONTENT_TYPE, content_type);
        }
        let request = builder.body(Body::from(body)).expect("a valid request");
        let app = Router::new().nest("/api", router());
        let response = app.oneshot(request).await.expect("infallible");
        (response.status(), response)
    }

    async fn get_json(uri: &str) -> (StatusCode, Value) {
        let (status, response) = call(Method::GET, uri, None, Vec::new()).await;
        (status, body_json(response).await)
    }

    async fn body_json(response: Response) -> Value {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("a body");
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {bytes:?}"))
    }

    async fn post(uri: &str, content_type: Option<&str>, body: &[u8]) -> (StatusCode, Value) {
        let (status, response) = call(Method::POST, uri, content_type, body.to_vec()).await;
        (status, body_json(response).await)
    }

    #[tokio::test]
    async fn health_names_the_service() {
        let (status, body) = get_json("/api/health").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["service"], SERVICE);
    }

    #[tokio::test]
    async fn any_status_from_200_to_599_comes_back_as_asked() {
        for code in [200, 201, 202, 299, 301, 302, 399, 400, 404, 418, 429, 451, 500, 502, 503, 599] {
            let (status, body) = get_json(&format!("/api/status/{code}")).await;
            assert_eq!(status.as_u16(), code);
            assert_eq!(body["status"], code);
        }
        let (status, response) = call(Method::GET, "/api/status/204", None, Vec::new()).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert!(axum::body::to_bytes(response.into_body(), 10).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_redirect_status_from_status_carries_no_location() {
        let (_, response) = call(Method::GET, "/api/status/301", None, Vec::new()).await;
        assert!(response.headers().get(LOCATION).is_none(), "the browser must show it, not follow it");
    }

    #[tokio::test]
    async fn busy_answers_say_when_to_retry() {
        for code in [429, 503] {
            let (_, response) = call(Method::GET, &format!("/api/status/{code}"), None, Vec::new()).await;
            assert_eq!(response.headers()[RETRY_AFTER], RETRY_AFTER_SECONDS);
        }
    }

    #[tokio::test]
    async fn informational_non_numbers_and_out_of_range_are_400_json() {
        for bad in [
            "100",
            "101",
            "199",
            "99",
            "600",
            "0",
            "65535",
            "65536",
            "-1",
            "abc",
            "2OO",
            "%F0%9F%92%A5",
            "4040404040404040",
        ] {
            let (status, body) = get_json(&format!("/api/status/{bad}")).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
            assert_eq!(body["status"], 400);
            assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
        }
    }

    #[tokio::test]
    async fn stores_are_computed_and_the_same_every_time() {
        let (status, first) = get_json("/api/stores?zip=80202").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(first["city"], "Denver, CO");
        assert!(first["stores"].as_array().is_some_and(|s| (2..=4).contains(&s.len())));
        let (_, again) = get_json("/api/stores?zip=80202").await;
        assert_eq!(first, again);
        let (_, other) = get_json("/api/stores?zip=10001").await;
        assert_ne!(first["stores"], other["stores"]);
    }

    #[tokio::test]
    async fn a_malformed_zip_is_400_and_an_unknown_one_404() {
        for bad in ["8020", "802020", "abcde", "", "80 02", "８０２０２"] {
            let uri = format!("/api/stores?zip={}", bad.replace(' ', "%20"));
            let (status, body) = get_json(&uri).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        }
        let (status, _) = get_json("/api/stores").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _) = get_json("/api/stores?zip=%ZZ").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, body) = get_json("/api/stores?zip=00000").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body["message"].as_str().unwrap().contains("00000"));
    }

    /// The static files the lesson ships for hosts without this server are
    /// exactly what this server computes.
    #[test]
    fn the_shipped_store_files_match_the_computed_stores() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/data/stores");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).expect("content/data/stores") {
            let path = entry.unwrap().path();
            let zip = path.file_stem().unwrap().to_str().unwrap().to_owned();
            let shipped: StoresNear = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert_eq!(shipped, stores_near(&zip).unwrap(), "{}", path.display());
            checked += 1;
        }
        assert!(checked >= 3);
    }

    /// Rewrites the shipped store files from the computed stores:
    /// `cargo test -p roundtrip-server -- --ignored write_the_shipped_store_files`.
    #[test]
    #[ignore = "writes content/; run by hand after changing the stores"]
    fn write_the_shipped_store_files() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/data/stores");
        std::fs::create_dir_all(&dir).unwrap();
        for zip in ["80202", "10001", "60601", "94103", "98101"] {
            let json = serde_json::to_string_pretty(&stores_near(zip).unwrap()).unwrap();
            std::fs::write(dir.join(format!("{zip}.json")), json + "\n").unwrap();
        }
    }

    #[tokio::test]
    async fn redirect_points_at_a_200() {
        let (status, response) = call(Method::GET, "/api/redirect", None, Vec::new()).await;
        assert_eq!(status, StatusCode::FOUND);
        assert_eq!(response.headers()[LOCATION], "status/200");
    }

    #[tokio::test(start_paused = true)]
    async fn delay_waits_at_most_ten_seconds() {
        let started = tokio::time::Instant::now();
        let (status, body) = get_json("/api/delay/1500").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["waited_ms"], 1500);
        let (_, body) = get_json("/api/delay/99999999999").await;
        assert_eq!(body["waited_ms"], MAX_DELAY_MS);
        assert_eq!(started.elapsed(), Duration::from_millis(1500 + MAX_DELAY_MS));
        let (status, _) = get_json("/api/delay/soon").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _) = get_json("/api/delay/999999999999999999999999").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn a_client_waits_at_most_so_many_delays_at_once() {
        let waiting = Waiting::new(2);
        let home: IpAddr = "192.0.2.7".parse().unwrap();
        let first = waiting.take(home).expect("first");
        let _second = waiting.take(home).expect("second");
        assert!(waiting.take(home).is_none(), "a third waits too many");
        // The same address written as IPv4-mapped IPv6 is the same client.
        assert!(waiting.take("::ffff:192.0.2.7".parse().unwrap()).is_none());
        // Others are not affected.
        assert!(waiting.take("192.0.2.8".parse().unwrap()).is_some());
        drop(first);
        assert!(waiting.take(home).is_some(), "a place is given back when a delay ends");

        // An IPv6 client is its /64.
        let waiting = Waiting::new(1);
        let _slot = waiting.take("2001:db8:1:2::1".parse().unwrap()).unwrap();
        assert!(waiting.take("2001:db8:1:2:ffff::9".parse().unwrap()).is_none());
        assert!(waiting.take("2001:db8:1:3::1".parse().unwrap()).is_some());
    }

    #[test]
    fn places_given_back_leave_nothing_behind() {
        let waiting = Waiting::new(3);
        for n in 0..100u8 {
            let ip = IpAddr::from([10, 0, 0, n]);
            let slots = [waiting.take(ip).unwrap(), waiting.take(ip).unwrap()];
            drop(slots);
        }
        assert!(waiting.by_client.lock().unwrap().is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn extra_delays_from_one_client_are_429_json() {
        let peer = SocketAddr::from(([192, 0, 2, 1], 40000));
        let app = Router::new().nest("/api", router_with(1));
        let request = |ms: u64| {
            HttpRequest::get(format!("/api/delay/{ms}"))
                .extension(ConnectInfo(peer))
                .body(Body::empty())
                .unwrap()
        };
        let first = tokio::spawn(app.clone().oneshot(request(5000)));
        // Let the first one reach its sleep (time is paused: nothing else moves it).
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        let second = app.clone().oneshot(request(10)).await.unwrap();
        assert_eq!(second.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(second.headers()[RETRY_AFTER], "10");
        let body = body_json(second).await;
        assert_eq!(body["status"], 429);
        assert_eq!(body["reason"], "Too Many Requests");
        assert_eq!(first.await.unwrap().unwrap().status(), StatusCode::OK);
        // Once answered, the place is free again.
        assert_eq!(app.oneshot(request(10)).await.unwrap().status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn asked_for_statuses_are_marked_and_codes_without_a_name_get_their_class() {
        for code in [200, 204, 304, 418, 503, 599] {
            let (_, response) = call(Method::GET, &format!("/api/status/{code}"), None, Vec::new()).await;
            assert_eq!(response.extensions().get::<AskedFor>(), Some(&AskedFor), "{code}");
        }
        // The server's own answers are not marked.
        let (_, response) = call(Method::GET, "/api/status/abc", None, Vec::new()).await;
        assert!(response.extensions().get::<AskedFor>().is_none());

        let (_, body) = get_json("/api/status/599").await;
        assert_eq!(body["reason"], "Server Error");
        for (code, reason) in
            [(299, "Successful"), (399, "Redirection"), (499, "Client Error"), (404, "Not Found")]
        {
            assert_eq!(reason_phrase(StatusCode::from_u16(code).unwrap()), reason);
        }
    }

    #[tokio::test]
    async fn json_is_compressed_when_asked() {
        let request =
            HttpRequest::get("/api/health").header("accept-encoding", "gzip").body(Body::empty()).unwrap();
        let response = Router::new().nest("/api", router()).oneshot(request).await.unwrap();
        assert_eq!(response.headers()["content-encoding"], "gzip");
    }

    #[tokio::test]
    async fn echo_returns_a_valid_message() {
        let (status, body) = post("/api/echo", Some("application/json"), br#"{"message":"hello"}"#).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["received"]["message"], "hello");
        let (status, _) =
            post("/api/echo", Some("application/json; charset=utf-8"), br#"{"message":"hi"}"#).await;
        assert_eq!(status, StatusCode::OK);
    }

    #[tokio::test]
    async fn echo_validates_on_the_server() {
        for (body, says) in [
            (&br#"{"message":""}"#[..], "empty"),
            (br#"{"message":42}"#, "text"),
            (br#"{"note":"x"}"#, "needs"),
            (br#"[1,2]"#, "object"),
            (br#"{"message": "hi""#, "not valid JSON"),
            (b"\xff\xfe", "not valid JSON"),
            (b"", "not valid JSON"),
        ] {
            let (status, answer) = post("/api/echo", Some("application/json"), body).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{body:?}");
            assert!(answer["message"].as_str().unwrap().contains(says), "{answer}");
        }
        let long = format!(r#"{{"message":"{}"}}"#, "x".repeat(MAX_MESSAGE_CHARS + 1));
        let (status, _) = post("/api/echo", Some("application/json"), long.as_bytes()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }

    #[tokio::test]
    async fn echo_refuses_too_much_and_the_wrong_type() {
        let big = format!(r#"{{"message":"{}"}}"#, "x".repeat(MAX_ECHO_BYTES));
        let (status, body) = post("/api/echo", Some("application/json"), big.as_bytes()).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(body["status"], 413);
        for content_type in [Some("text/plain"), None, Some("application/jsonx"), Some("t\u{eb}xt/json")] {
            let (status, _) = post("/api/echo", content_type, br#"{"message":"hi"}"#).await;
            assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type:?}");
        }
    }

    #[tokio::test]
    async fn unknown_paths_and_methods_answer_in_json() {
        let (status, body) = get_json("/api/nothing/here").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["status"], 404);
        let (status, response) = call(Method::GET, "/api/echo", None, Vec::new()).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(body_json(response).await["status"], 405);
    }

    #[tokio::test]
    async fn any_page_may_call_it_and_read_location_and_retry_after() {
        let request = HttpRequest::builder()
            .uri("/api/status/503")
            .header("origin", "http://127.0.0.1:9999")
            .body(Body::empty())
            .unwrap();
        let response = Router::new().nest("/api", router()).oneshot(request).await.unwrap();
        assert_eq!(response.headers()["access-control-allow-origin"], "*");
        let exposed = response.headers()["access-control-expose-headers"].to_str().unwrap().to_lowercase();
        assert!(exposed.contains("location") && exposed.contains("retry-after"), "{exposed}");

        let preflight = HttpRequest::builder()
            .method(Method::OPTIONS)
            .uri("/api/echo")
            .header("origin", "http://127.0.0.1:9999")
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .body(Body::empty())
            .unwrap();
        let response = Router::new().nest("/api", router()).oneshot(preflight).await.unwrap();
        assert!(response.status().is_success());
        assert_eq!(response.headers()["access-control-allow-origin"], "*");
    }

    #[tokio::test]
    async fn odd_input_never_panics() {
        let odd = [
            "/api/status/%00",
            "/api/status/%E2%80%AE",
            "/api/stores?zip=%00%00%00%00%00",
            "/api/stores?zip=80202&zip=10001",
            "/api/delay/-5",
            "/api/%2e%2e/%2e%2e/etc/passwd",
            "/api/status/200/extra",
        ];
        for uri in odd {
            let (status, _) = call(Method::GET, uri, None, Vec::new()).await;
            assert!(status.is_client_error(), "{uri}: {status}");
        }
        let long = format!("/api/status/{}", "9".repeat(10_000));
        let (status, body) = get_json(&long).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body["message"].as_str().unwrap().len() < 300, "echoed input is clipped");
    }
}
