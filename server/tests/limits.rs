//! The server's limits, over real loopback TCP: slow, silent and idle
//! connections are closed, oversized heads refused, a full server answers
//! `503`, one client cannot hold every `/api/delay`, and shutting down
//! finishes what is in flight.

use std::fs;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use roundtrip_server::{app_with, serve_with, Csp, Limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const INDEX: &str = "<!doctype html><html lang=\"en\"><title>Lesson</title><p>The lesson.</p></html>";

/// `roundtrip-server` on `127.0.0.1:<free port>` with a one-page lesson,
/// running on the test's own runtime.
struct Server {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
    _root: tempfile::TempDir,
}

impl Server {
    async fn start(limits: Limits) -> Server {
        Server::start_in(lesson(), limits).await
    }

    /// Serves `<root>/dist`.
    async fn start_in(root: tempfile::TempDir, limits: Limits) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = app_with(root.path().join("dist"), &limits, Some(&Csp::default()));
        let (stop, stopped) = oneshot::channel::<()>();
        let shutdown = async {
            let _ = stopped.await;
        };
        let task = tokio::spawn(serve_with(listener, app, limits, shutdown));
        Server { addr, stop, task, _root: root }
    }

    async fn connect(&self) -> TcpStream {
        TcpStream::connect(self.addr).await.unwrap()
    }

    /// Sends `request` on a new connection and reads until the server closes it.
    async fn exchange(&self, request: &str) -> String {
        let mut tcp = self.connect().await;
        tcp.write_all(request.as_bytes()).await.unwrap();
        read_until_closed(&mut tcp).await
    }

    async fn get(&self, path: &str) -> String {
        self.exchange(&format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")).await
    }

    /// Asks the server to stop and waits (at most 5 s) until it has.
    async fn stop(self) -> std::io::Result<()> {
        self.stop.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(5), self.task).await.expect("the server stops").unwrap()
    }
}

/// `<tmp>/dist/index.html`.
fn lesson() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let dist = root.path().join("dist");
    fs::create_dir_all(&dist).unwrap();
    fs::write(dist.join("index.html"), INDEX).unwrap();
    root
}

/// Everything the server sends until it closes the connection (or resets it).
async fn read_until_closed(tcp: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let read =
            tokio::time::timeout(Duration::from_secs(20), tcp.read(&mut buf)).await.unwrap_or_else(|_| {
                panic!("not closed within 20 s; so far: {}", String::from_utf8_lossy(&received))
            });
        match read {
            Ok(0) | Err(_) => break,
            Ok(n) => received.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&received).into_owned()
}

/// One whole answer (head and `Content-Length` body), leaving the connection open.
async fn read_answer(tcp: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(5), tcp.read(&mut buf))
            .await
            .expect("an answer within 5 s")
            .unwrap();
        assert!(n > 0, "closed before a whole answer: {}", String::from_utf8_lossy(&received));
        received.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&received);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, value)| value.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if received.len() >= end + 4 + length {
                return text.into_owned();
            }
        }
    }
}

/// Whether the server has closed `tcp`, waiting at most `within` to see.
async fn is_closed_within(tcp: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 1024];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, tcp.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

fn header_lines(answer: &str) -> Vec<String> {
    let head = answer.split("\r\n\r\n").next().unwrap_or_default();
    head.lines().map(str::to_ascii_lowercase).collect()
}

#[tokio::test]
async fn slow_silent_and_idle_connections_are_closed_after_the_header_timeout() {
    let timeout = Duration::from_secs(2);
    let server = Server::start(Limits { header_timeout: timeout, ..Limits::default() }).await;
    let started = Instant::now();

    // Half a request, then nothing.
    let mut slow = server.connect().await;
    slow.write_all(b"GET / HTTP/1.1\r\nHost: test\r\nX-Slow: ").await.unwrap();
    // Nothing at all.
    let mut silent = server.connect().await;
    // A whole request on a kept-alive connection, then nothing.
    let mut idle = server.connect().await;
    idle.write_all(b"GET /api/health HTTP/1.1\r\nHost: test\r\n\r\n").await.unwrap();
    let answer = read_answer(&mut idle).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");

    // Open for now…
    for (what, tcp) in [("slow", &mut slow), ("silent", &mut silent), ("idle", &mut idle)] {
        assert!(!is_closed_within(tcp, Duration::from_millis(200)).await, "{what} was closed at once");
    }
    // …and a normal client is answered meanwhile, and quickly.
    let asked = Instant::now();
    assert!(server.get("/").await.starts_with("HTTP/1.1 200 OK\r\n"));
    assert!(asked.elapsed() < Duration::from_millis(500), "took {:?}", asked.elapsed());

    // Closed by the server once the timeout has passed.
    for (what, tcp) in [("slow", &mut slow), ("silent", &mut silent), ("idle", &mut idle)] {
        assert!(is_closed_within(tcp, Duration::from_secs(3)).await, "{what} still open");
    }
    let waited = started.elapsed();
    assert!(waited >= timeout && waited < Duration::from_secs(5), "closed after {waited:?}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_head_over_the_limit_is_431_and_one_under_it_is_served() {
    let limit = 16 * 1024;
    let server = Server::start(Limits { max_header_bytes: limit, ..Limits::default() }).await;

    let under = format!(
        "GET / HTTP/1.1\r\nHost: test\r\nX-Fill: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(12 * 1024)
    );
    let answer = server.exchange(&under).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{}", &answer[..answer.len().min(200)]);

    // Exactly `limit` bytes of a head that does not end: the server reads
    // them all (so closing does not reset the connection) and refuses.
    let start = "GET / HTTP/1.1\r\nHost: test\r\nX-Fill: ";
    let over = format!("{start}{}", "a".repeat(limit - start.len()));
    let answer = server.exchange(&over).await;
    assert!(answer.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"), "{answer}");

    // So are more than a hundred headers, however small (hyper's own bound).
    let many: String = (0..120).map(|n| format!("X-H{n}: b\r\n")).collect();
    let answer = server.exchange(&format!("GET / HTTP/1.1\r\nHost: test\r\n{many}\r\n")).await;
    assert!(answer.starts_with("HTTP/1.1 431 "), "{answer}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn bodiless_answers_carry_no_length_and_odd_codes_have_a_reason() {
    let server = Server::start(Limits::default()).await;
    for method in ["HEAD", "GET"] {
        for code in [204, 304] {
            let request =
                format!("{method} /api/status/{code} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
            let answer = server.exchange(&request).await;
            assert!(answer.starts_with(&format!("HTTP/1.1 {code} ")), "{answer}");
            let lines = header_lines(&answer);
            assert!(
                !lines.iter().any(|line| line.starts_with("content-length")),
                "{method} {code}: {answer}"
            );
        }
    }
    // Other answers to HEAD keep their length.
    let answer =
        server.exchange("HEAD /api/status/200 HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").await;
    assert!(header_lines(&answer).iter().any(|line| line.starts_with("content-length: ")), "{answer}");

    for (code, status_line) in [
        (599, "HTTP/1.1 599 Server Error\r\n"),
        (299, "HTTP/1.1 299 Successful\r\n"),
        (418, "HTTP/1.1 418 I'm a teapot\r\n"),
        (503, "HTTP/1.1 503 Service Unavailable\r\n"),
    ] {
        let answer = server.get(&format!("/api/status/{code}")).await;
        assert!(answer.starts_with(status_line), "{answer}");
    }
    server.stop().await.unwrap();
}

#[tokio::test]
async fn over_tcp_an_over_long_name_is_404_and_the_page_carries_its_policy() {
    let server = Server::start(Limits::default()).await;
    let answer = server.get(&format!("/{}", "n".repeat(300))).await;
    assert!(answer.starts_with("HTTP/1.1 404 Not Found\r\n"), "{answer}");
    assert!(answer.contains("404 Not Found</h1>"));

    let answer = server.get("/").await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    let lines = header_lines(&answer);
    let policy =
        lines.iter().find_map(|line| line.strip_prefix("content-security-policy: ")).expect("a policy");
    assert!(policy.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval';"), "{policy}");
    assert!(policy.ends_with("frame-ancestors *"), "{policy}");
    assert!(lines.iter().any(|line| line == "referrer-policy: no-referrer"));
    assert!(lines.iter().any(|line| line == "x-content-type-options: nosniff"));
    server.stop().await.unwrap();
}

#[tokio::test]
async fn beyond_the_connection_bound_clients_get_a_quick_503() {
    let server = Server::start(Limits { max_connections: 2, ..Limits::default() }).await;
    let first = server.connect().await;
    let _second = server.connect().await;

    let asked = Instant::now();
    let answer = server.get("/").await;
    assert!(answer.starts_with("HTTP/1.1 503 Service Unavailable\r\n"), "{answer}");
    let lines = header_lines(&answer);
    assert!(lines.iter().any(|line| line == "retry-after: 5"), "{answer}");
    assert!(lines.iter().any(|line| line == "access-control-allow-origin: *"), "{answer}");
    assert!(answer.contains("too many connections"), "{answer}");
    assert!(asked.elapsed() < Duration::from_secs(1), "took {:?}", asked.elapsed());

    // When a connection ends, its place is free again.
    drop(first);
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let answer = server.get("/").await;
        if answer.starts_with("HTTP/1.1 200 OK\r\n") {
            break;
        }
        assert!(answer.starts_with("HTTP/1.1 503 "), "{answer}");
        assert!(Instant::now() < deadline, "no place came free");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.stop().await.unwrap();
}

#[tokio::test]
async fn one_client_has_at_most_so_many_delays_waiting() {
    let server = Server::start(Limits { delay_per_client: 2, ..Limits::default() }).await;
    let request =
        |ms: u64| format!("GET /api/delay/{ms} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    let mut waiting = Vec::new();
    for _ in 0..2 {
        let mut tcp = server.connect().await;
        tcp.write_all(request(1500).as_bytes()).await.unwrap();
        waiting.push(tcp);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;

    let answer = server.exchange(&request(10)).await;
    assert!(answer.starts_with("HTTP/1.1 429 Too Many Requests\r\n"), "{answer}");
    assert!(header_lines(&answer).iter().any(|line| line.starts_with("content-type: application/json")));
    assert!(answer.contains("\"status\":429"), "{answer}");

    for mut tcp in waiting {
        let answer = read_until_closed(&mut tcp).await;
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    }
    // Answered, they no longer count.
    assert!(server.exchange(&request(10)).await.starts_with("HTTP/1.1 200 OK\r\n"));
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_client_that_stops_reading_is_let_go() {
    let root = lesson();
    // Far more than the socket buffers on both sides hold (sparse: no disk).
    let size = 64 * 1024 * 1024;
    fs::File::create(root.path().join("dist/big.bin")).unwrap().set_len(size).unwrap();
    let limits = Limits { write_timeout: Duration::from_secs(1), ..Limits::default() };
    let server = Server::start_in(root, limits).await;

    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut tcp = socket.connect(server.addr).await.unwrap();
    tcp.write_all(b"GET /big.bin HTTP/1.1\r\nHost: test\r\n\r\n").await.unwrap();
    // Read nothing for a while: the server's writes stall, and it gives up.
    tokio::time::sleep(Duration::from_secs(3)).await;

    let mut received = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let read = tokio::time::timeout(Duration::from_secs(5), tcp.read(&mut buf))
            .await
            .unwrap_or_else(|_| panic!("still open after {received} bytes: the server waited on"));
        match read {
            Ok(0) | Err(_) => break,
            Ok(n) => received += n as u64,
        }
    }
    assert!(received < size, "the whole file came ({received} bytes): the server never gave up");
    // Others are still served.
    assert!(server.get("/").await.starts_with("HTTP/1.1 200 OK\r\n"));
    server.stop().await.unwrap();
}

#[tokio::test]
async fn shutting_down_finishes_the_requests_in_flight() {
    let server = Server::start(Limits::default()).await;
    let addr = server.addr;
    let mut busy = server.connect().await;
    busy.write_all(b"GET /api/delay/700 HTTP/1.1\r\nHost: test\r\n\r\n").await.unwrap();
    let mut idle = server.connect().await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    let stopping = tokio::spawn(server.stop());
    // The request in flight is answered, then its connection closed.
    let answer = read_until_closed(&mut busy).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert!(answer.contains("\"waited_ms\":700"), "{answer}");
    // A connection with nothing in flight is closed, not waited for.
    assert!(is_closed_within(&mut idle, Duration::from_secs(2)).await);
    stopping.await.unwrap().unwrap();
    assert!(TcpStream::connect(addr).await.is_err(), "still listening");
}
