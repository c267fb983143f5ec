//! `cargo xtask bench-server`: the practice server (release) driven over
//! loopback by xtask's one HTTP client, a keep-alive HTTP/1.1 GET loop.

use std::fs;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::build::build;
use crate::run::run_cmd;
use crate::setup::setup;
use crate::workspace::Workspace;
use crate::{Failure, Result};

/// Requests per target: bounded, so the benchmark always ends by itself.
const BENCH_REQUESTS: usize = 20_000;
/// Keep-alive connections, each on its own thread.
const BENCH_CONNECTIONS: usize = 4;

/// Builds the lesson and the server (release), serves on a free loopback
/// port, and measures two targets in turn. Figures only: never pass/fail.
pub(crate) fn bench_server(ws: &Workspace) -> Result<()> {
    let tools = setup(ws)?;
    build(ws, &tools)?;
    run_cmd(ws.cargo().env("PATH", &tools.path).args(["build", "--release", "-p", "roundtrip-server"]))?;
    // The course's stylesheet, in the app's folder: a static file every page loads.
    let app = ws.dist().join("app");
    let folder = "app";
    let asset = fs::read_dir(&app)
        .map_err(|e| Failure::new(format!("cannot read {}: {e}", app.display())))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".css"))
        .min()
        .ok_or_else(|| Failure::new(format!("no .css file in {} to request", app.display())))?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| Failure::new(format!("no free loopback port: {e}")))?
        .port();
    let server_bin = ws.root.join("target").join("release").join("roundtrip-server");
    let mut server = Command::new(&server_bin)
        .args(["--dist"])
        .arg(ws.dist())
        .args(["--port", &port.to_string()])
        .env_remove("RUST_LOG")
        .spawn()
        .map_err(|e| Failure::new(format!("cannot start {}: {e}", server_bin.display())))?;
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let started = Instant::now();
    while std::net::TcpStream::connect(addr).is_err() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = server.kill();
            return Err(Failure::new("the server did not start listening within 20 s"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!(
        "xtask: bench-server: {BENCH_REQUESTS} requests per target on {BENCH_CONNECTIONS} keep-alive \
         connections to 127.0.0.1:{port} (release build; figures, not a test)"
    );
    let targets = ["/api/status/200".to_owned(), format!("/{folder}/{asset}")];
    let mut result = Ok(());
    for path in &targets {
        match load(addr, path) {
            Ok(report) => println!("{report}"),
            Err(e) => {
                result = Err(Failure::new(format!("bench-server {path}: {e}")));
                break;
            }
        }
    }
    let _ = server.kill();
    let _ = server.wait();
    result
}

/// Sends `BENCH_REQUESTS` GETs for `path`, spread over the connections, and
/// summarises their latencies.
fn load(addr: std::net::SocketAddr, path: &str) -> std::io::Result<String> {
    let per_connection = BENCH_REQUESTS / BENCH_CONNECTIONS;
    let started = Instant::now();
    let workers: Vec<_> = (0..BENCH_CONNECTIONS)
        .map(|_| {
            let path = path.to_owned();
            std::thread::spawn(move || connection(addr, &path, per_connection))
        })
        .collect();
    let mut latencies = Vec::with_capacity(BENCH_REQUESTS);
    for worker in workers {
        let mut measured = worker.join().map_err(|_| std::io::Error::other("a load thread panicked"))??;
        latencies.append(&mut measured);
    }
    let wall = started.elapsed();
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len()) - 1];
    let micros = |d: Duration| format!("{:.0} µs", d.as_secs_f64() * 1e6);
    Ok(format!(
        "bench-server {path:<28} {n} requests in {wall:.2}s: {rps:.0} requests/s, p50 {p50}, p99 {p99}, max {max}",
        n = latencies.len(),
        wall = wall.as_secs_f64(),
        rps = latencies.len() as f64 / wall.as_secs_f64(),
        p50 = micros(at(0.50)),
        p99 = micros(at(0.99)),
        max = micros(latencies[latencies.len() - 1]),
    ))
}

/// One keep-alive connection sending `count` requests one after another.
fn connection(addr: std::net::SocketAddr, path: &str, count: usize) -> std::io::Result<Vec<Duration>> {
    use std::io::{BufRead, BufReader, Read, Write};
    let stream = std::net::TcpStream::connect(addr)?;
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    let mut latencies = Vec::with_capacity(count);
    let mut line = String::new();
    let mut body = Vec::new();
    for _ in 0..count {
        let sent = Instant::now();
        writer.write_all(request.as_bytes())?;
        let mut length = None;
        let mut status_ok = false;
        let mut first = true;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Err(std::io::Error::other("the server closed the connection"));
            }
            let trimmed = line.trim_end();
            if first {
                status_ok = trimmed.split(' ').nth(1) == Some("200");
                first = false;
            } else if trimmed.is_empty() {
                break;
            } else if let Some((name, value)) = trimmed.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse::<usize>().ok();
                }
            }
        }
        let length = length.ok_or_else(|| std::io::Error::other("a response without Content-Length"))?;
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
        if !status_ok {
            return Err(std::io::Error::other(format!("{path} did not answer 200")));
        }
        latencies.push(sent.elapsed());
    }
    Ok(latencies)
}
