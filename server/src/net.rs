//! Connections: accepted here and served by hyper's HTTP/1 with a timer, so
//! that a client cannot hold the server by being slow or by sending too much
//! (see [`Limits`]).
//!
//! * A request's head (request line and headers) must arrive within
//!   [`Limits::header_timeout`], or the connection is closed. hyper starts that
//!   clock whenever it waits for a head, so it is also how long a kept-alive
//!   connection may sit idle between requests (hyper 1.x: `Conn::poll_read_head`
//!   arms the timer; `State::idle` makes the next read start it again).
//! * A head larger than [`Limits::max_header_bytes`] is answered
//!   `431 Request Header Fields Too Large` by hyper and the connection closed.
//! * A response the client stops reading for [`Limits::write_timeout`] ends the
//!   connection.
//! * At most [`Limits::max_connections`] connections are served at once. One
//!   more is still accepted, answered a short `503` with `Retry-After` and
//!   closed, so a full server says so at once instead of leaving clients to
//!   time out (and never runs out of file descriptors, which would stop the
//!   accepting altogether).

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::http::header::CONTENT_LENGTH;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use hyper::body::Incoming;
use hyper::ext::ReasonPhrase;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

/// The smallest head size hyper accepts as a limit (its first read buffer);
/// a smaller [`Limits::max_header_bytes`] is raised to it.
pub const MIN_HEADER_BYTES: usize = 8192;

/// Connections served at once, at most, unless told otherwise: enough for a
/// class of a few hundred learners (a browser opens up to six).
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;

/// File descriptors kept for everything that is not a served connection: the
/// standard streams, the listener, the runtime's own, and the connections
/// being turned away (at most [`MAX_REFUSING`]).
pub const RESERVED_FILES: u64 = 64 + MAX_REFUSING as u64;

/// Connections being answered `503` at once; beyond that, an extra connection
/// is closed as soon as it is accepted.
pub const MAX_REFUSING: usize = 32;

/// `Retry-After` of the `503` a full server answers, in seconds.
pub const BUSY_RETRY_AFTER_SECONDS: u64 = 5;

/// The longest a turned-away connection is kept: to send the `503`, then to
/// read what the client sent (closing with unread data would reset the
/// connection and could discard the answer).
const REFUSAL_TIME: Duration = Duration::from_secs(2);

/// The least time between two log lines about turned-away connections.
const REFUSAL_NOTICE_EVERY: Duration = Duration::from_secs(10);

/// The limits that keep slow, silent or greedy clients from holding the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The longest a client may take to send a request's head (from the
    /// moment the server waits for it); also how long a kept-alive connection
    /// may stay idle between requests. hyper closes the connection when it
    /// passes.
    pub header_timeout: Duration,
    /// The largest request head (request line and headers) in bytes: hyper's
    /// read buffer. At least [`MIN_HEADER_BYTES`].
    pub max_header_bytes: usize,
    /// The longest the server waits for a client to take more of a response
    /// before it gives up on the connection.
    pub write_timeout: Duration,
    /// Connections served at once; more are answered `503` (see the module notes).
    pub max_connections: usize,
    /// `/api/delay` requests one client may have waiting at once (`0`: no bound).
    pub delay_per_client: usize,
}

impl Default for Limits {
    /// Ten seconds for a head, 32 KiB of it, thirty seconds for a stalled
    /// response, four delays per client, and as many connections as the
    /// common open-file limit of 1,024 allows (use [`Limits::for_file_limit`]
    /// with the real one).
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            max_header_bytes: 32 * 1024,
            write_timeout: Duration::from_secs(30),
            max_connections: connections_for_file_limit(1024).min(DEFAULT_MAX_CONNECTIONS),
            delay_per_client: crate::api::DELAY_PER_CLIENT,
        }
    }
}

impl Limits {
    /// The default limits, with as many connections as `open_files` file
    /// descriptors allow (see [`connections_for_file_limit`]), at most
    /// [`DEFAULT_MAX_CONNECTIONS`].
    pub fn for_file_limit(open_files: u64) -> Self {
        Limits {
            max_connections: connections_for_file_limit(open_files).min(DEFAULT_MAX_CONNECTIONS),
            ..Limits::default()
        }
    }
}

/// The most connections `open_files` file descriptors can serve: each one may
/// hold its socket and a lesson file it is sending, after [`RESERVED_FILES`].
/// At least 1.
pub fn connections_for_file_limit(open_files: u64) -> usize {
    let pairs = open_files.saturating_sub(RESERVED_FILES) / 2;
    usize::try_from(pairs).unwrap_or(usize::MAX).max(1)
}

/// Raises the process's soft limit of open files to its hard limit, and
/// returns the soft limit now in force.
#[cfg(unix)]
pub fn raise_file_limit() -> io::Result<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit only writes the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let (soft, hard) = (limit.rlim_cur, limit.rlim_max);
    if soft >= hard {
        return Ok(files(soft));
    }
    // macOS refuses a soft limit above OPEN_MAX (10240), even below an
    // unlimited hard limit; so try that too.
    for wanted in [hard, hard.min(10240)] {
        if wanted <= soft {
            continue;
        }
        let raised = libc::rlimit { rlim_cur: wanted, rlim_max: hard };
        // SAFETY: setrlimit only reads the struct it is given.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            return Ok(files(wanted));
        }
    }
    Ok(files(soft))
}

/// An `rlim_t` as a number of files.
#[cfg(unix)]
#[allow(clippy::useless_conversion)] // `rlim_t` is `u64` on most targets, not all
fn files(limit: libc::rlim_t) -> u64 {
    u64::from(limit)
}

/// Not on this platform: says so.
#[cfg(not(unix))]
pub fn raise_file_limit() -> io::Result<u64> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no open-file limit to raise on this platform"))
}

/// Serves `router` on `listener` within `limits` until `shutdown` completes;
/// then stops accepting, lets the requests in flight finish (idle connections
/// close at once) and returns.
///
/// Each request carries the client's address as [`ConnectInfo<SocketAddr>`].
pub async fn serve_with(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(limits.max_header_bytes.max(MIN_HEADER_BYTES));
    let most = u32::try_from(limits.max_connections.max(1)).unwrap_or(u32::MAX);
    let open = Arc::new(Semaphore::new(most as usize));
    let refusing = Arc::new(Semaphore::new(MAX_REFUSING));
    let (stop, stopped) = watch::channel(false);
    let mut turned_away = TurnedAway::default();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    accept_failed(err).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // A file's response goes out as headers, then body: with Nagle's
        // algorithm the body waits for the client's delayed ACK, about 40 ms a
        // response on a kept-alive connection (measured with `cargo xtask bench-server`).
        let _ = tcp.set_nodelay(true);
        match Arc::clone(&open).try_acquire_owned() {
            Ok(permit) => {
                let connection = serve_connection(
                    tcp,
                    peer,
                    router.clone(),
                    http.clone(),
                    limits.write_timeout,
                    stopped.clone(),
                );
                tokio::spawn(async move {
                    connection.await;
                    drop(permit);
                });
            }
            Err(_) => {
                turned_away.note(most);
                if let Ok(permit) = Arc::clone(&refusing).try_acquire_owned() {
                    tokio::spawn(async move {
                        refuse(tcp).await;
                        drop(permit);
                    });
                }
                // Else `tcp` is dropped here: closed at once.
            }
        }
    }
    drop(listener);
    stop.send_replace(true);
    // Every connection holds a permit until it ends.
    let _ = open.acquire_many(most).await;
    let _ = refusing.acquire_many(MAX_REFUSING as u32).await;
    Ok(())
}

/// Serves one connection until it ends, or until `stopped` (then the request
/// in flight, if any, is finished first).
async fn serve_connection(
    tcp: TcpStream,
    peer: SocketAddr,
    router: Router,
    http: http1::Builder,
    write_timeout: Duration,
    mut stopped: watch::Receiver<bool>,
) {
    let io = TokioIo::new(WriteTimeout::new(tcp, write_timeout));
    let service = service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        let router = router.clone();
        async move {
            let response = router.oneshot(request).await.unwrap_or_else(|never| match never {});
            Ok::<_, Infallible>(finish(response))
        }
    });
    let mut connection = std::pin::pin!(http.serve_connection(io, service));
    let mut stopping = false;
    let result = loop {
        tokio::select! {
            result = connection.as_mut() => break result,
            _ = stopped.changed(), if !stopping => {
                stopping = true;
                connection.as_mut().graceful_shutdown();
            }
        }
    };
    if let Err(err) = result {
        // Timeouts, malformed or oversized heads, clients gone: the client's
        // business, not the server's.
        tracing::debug!(%peer, "connection ended: {err}");
    }
}

/// The last touches on a response, where no middleware can reach (axum's
/// router sets `Content-Length` after every layer has run).
fn finish(mut response: Response) -> Response {
    let status = response.status();
    // axum writes `Content-Length: 0` on every body-less answer, and hyper
    // sends it on a HEAD; 1xx and 204 must not carry one, and on a 304 it
    // would claim the resource is empty.
    if status.is_informational() || matches!(status, StatusCode::NO_CONTENT | StatusCode::NOT_MODIFIED) {
        response.headers_mut().remove(CONTENT_LENGTH);
    }
    // hyper writes `<none>` for a code without a registered reason.
    if status.canonical_reason().is_none() {
        let reason = crate::api::reason_phrase(status);
        response.extensions_mut().insert(ReasonPhrase::from_static(reason.as_bytes()));
    }
    response
}

/// Answers a connection beyond [`Limits::max_connections`] with a `503`, then
/// closes it.
async fn refuse(mut tcp: TcpStream) {
    let answer = async {
        tcp.write_all(busy_answer().as_bytes()).await?;
        tcp.shutdown().await?;
        let mut sink = [0u8; 512];
        while tcp.read(&mut sink).await? > 0 {}
        Ok::<(), io::Error>(())
    };
    let _ = tokio::time::timeout(REFUSAL_TIME, answer).await;
}

/// The whole `503` a full server sends, readable by the lesson's request lab
/// (CORS) and never cached.
fn busy_answer() -> String {
    let body = "The practice server is busy: too many connections are open. Try again in a few seconds.\n";
    format!(
        "HTTP/1.1 503 Service Unavailable\r\n\
         content-type: text/plain; charset=utf-8\r\n\
         content-length: {}\r\n\
         retry-after: {BUSY_RETRY_AFTER_SECONDS}\r\n\
         access-control-allow-origin: *\r\n\
         cache-control: no-store\r\n\
         connection: close\r\n\
         \r\n\
         {body}",
        body.len()
    )
}

/// Counts turned-away connections, and says so in the log at most every
/// [`REFUSAL_NOTICE_EVERY`].
#[derive(Debug, Default)]
struct TurnedAway {
    since_notice: u64,
    last_notice: Option<Instant>,
}

impl TurnedAway {
    fn note(&mut self, most: u32) {
        self.since_notice += 1;
        if self.last_notice.is_some_and(|at| at.elapsed() < REFUSAL_NOTICE_EVERY) {
            return;
        }
        tracing::warn!(
            "{} connection(s) answered 503: all {most} connections the server keeps are open \
             (see --max-connections)",
            self.since_notice
        );
        self.since_notice = 0;
        self.last_notice = Some(Instant::now());
    }
}

/// An error from `accept`: a connection that went away before it was taken is
/// nothing; anything else (running out of file descriptors) is logged, and the
/// loop pauses so as not to spin.
async fn accept_failed(err: io::Error) {
    if matches!(
        err.kind(),
        io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionRefused
    ) {
        return;
    }
    tracing::error!("cannot accept a connection: {err}");
    tokio::time::sleep(Duration::from_millis(500)).await;
}

/// A stream whose writes fail with `TimedOut` once one has waited `limit` for
/// the client to make room (it has stopped reading). Reads are untouched:
/// hyper's header timeout covers waiting for a request.
struct WriteTimeout<T> {
    io: T,
    limit: Duration,
    stalled: Pin<Box<Sleep>>,
    /// Whether `stalled` is counting down.
    armed: bool,
}

impl<T> WriteTimeout<T> {
    fn new(io: T, limit: Duration) -> Self {
        WriteTimeout { io, limit, stalled: Box::pin(tokio::time::sleep(limit)), armed: false }
    }

    /// Passes on a write's result; a write that has to wait starts (or goes on
    /// with) the countdown, and one that gets through stops it.
    fn watch<R>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<R>>) -> Poll<io::Result<R>> {
        if poll.is_ready() {
            self.armed = false;
            return poll;
        }
        if !self.armed {
            self.armed = true;
            let deadline = Instant::now().checked_add(self.limit).unwrap_or_else(far_future);
            self.stalled.as_mut().reset(deadline);
        }
        match self.stalled.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading the response",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// A deadline that never comes in practice.
fn far_future() -> Instant {
    Instant::now() + Duration::from_secs(86_400 * 365)
}

impl<T: AsyncRead + Unpin> AsyncRead for WriteTimeout<T> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for WriteTimeout<T> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.io).poll_write(cx, buf);
        this.watch(cx, poll)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.watch(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.io).poll_flush(cx);
        this.watch(cx, poll)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.io).poll_shutdown(cx);
        this.watch(cx, poll)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_fit_in_the_file_limit() {
        // The usual 1,024: 464 connections, each with a socket and a file,
        // plus the reserve, stay below it.
        let bound = connections_for_file_limit(1024);
        assert_eq!(bound, 464);
        assert!(bound as u64 * 2 + RESERVED_FILES <= 1024);
        assert_eq!(connections_for_file_limit(0), 1);
        assert!(connections_for_file_limit(u64::MAX) > DEFAULT_MAX_CONNECTIONS);
        assert_eq!(Limits::for_file_limit(1_048_576).max_connections, DEFAULT_MAX_CONNECTIONS);
        assert_eq!(Limits::for_file_limit(1024).max_connections, 464);
        assert_eq!(Limits::default().max_connections, 464);
    }

    #[test]
    fn the_defaults_are_the_documented_ones() {
        let limits = Limits::default();
        assert_eq!(limits.header_timeout, Duration::from_secs(10));
        assert_eq!(limits.max_header_bytes, 32 * 1024);
        assert_eq!(limits.delay_per_client, 4);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_limit_is_raised_to_the_hard_limit() {
        let soft = raise_file_limit().unwrap();
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: as in raise_file_limit.
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) }, 0);
        assert_eq!(files(limit.rlim_cur), soft);
        assert!(soft == files(limit.rlim_max) || soft >= 10240, "soft {soft}, hard {}", limit.rlim_max);
    }

    #[test]
    fn the_busy_answer_is_well_formed() {
        let answer = busy_answer();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
        assert!(head.contains(&format!("content-length: {}\r\n", body.len())));
        assert!(head.contains("retry-after: 5"));
    }

    #[test]
    fn codes_without_a_reason_get_one_and_bodiless_codes_lose_their_length() {
        let response = |code: u16| {
            let mut response = Response::new(axum::body::Body::empty());
            *response.status_mut() = StatusCode::from_u16(code).unwrap();
            response.headers_mut().insert(CONTENT_LENGTH, axum::http::HeaderValue::from_static("0"));
            finish(response)
        };
        let odd = response(599);
        assert_eq!(odd.extensions().get::<ReasonPhrase>().map(|r| r.as_bytes()), Some(&b"Server Error"[..]));
        assert!(response(503).extensions().get::<ReasonPhrase>().is_none(), "a registered reason stays");
        for code in [204, 304] {
            assert!(!response(code).headers().contains_key(CONTENT_LENGTH), "{code}");
        }
        assert!(response(200).headers().contains_key(CONTENT_LENGTH));
    }
}
