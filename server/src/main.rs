//! `roundtrip-server --dist <DIR> [--port 8080] [--host 127.0.0.1]`:
//! serves a built lesson folder until Ctrl-C.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
Usage: roundtrip-server --dist <DIR> [--port 8080] [--host 127.0.0.1]

Serves the built lesson in DIR (made by `cargo xtask build`) until Ctrl-C.
Set RUST_LOG=info to log every request.";

#[derive(Debug, PartialEq)]
struct Args {
    dist: PathBuf,
    host: IpAddr,
    port: u16,
}

/// `Ok(None)` asks for the usage text (`--help`).
fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Option<Args>, String> {
    let mut dist = None;
    let mut host = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let mut port = 8080;
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let (name, inline) = match flag.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name.to_string(), Some(value.to_string())),
            _ => (flag.clone(), None),
        };
        if name == "-h" || name == "--help" {
            return Ok(None);
        }
        if !matches!(name.as_str(), "--dist" | "--port" | "--host") {
            return Err(format!("unknown argument `{flag}`"));
        }
        let value = inline.or_else(|| args.next()).ok_or_else(|| format!("`{name}` needs a value"))?;
        match name.as_str() {
            "--dist" => dist = Some(PathBuf::from(value)),
            "--port" => {
                port =
                    value.parse().map_err(|_| format!("`--port {value}`: not a port number (0 to 65535)"))?
            }
            _ => host = value.parse().map_err(|_| format!("`--host {value}`: not an IP address"))?,
        }
    }
    let dist = dist.ok_or("`--dist <DIR>` is required (the built lesson, e.g. `dist`)")?;
    Ok(Some(Args { dist, host, port }))
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Err(message) = roundtrip_server::check_dist(&args.dist) {
        eprintln!("error: {message}");
        return ExitCode::FAILURE;
    }
    roundtrip_server::init_tracing();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: Args) -> Result<(), String> {
    let addr = SocketAddr::new(args.host, args.port);
    let listener =
        tokio::net::TcpListener::bind(addr).await.map_err(|err| format!("cannot listen on {addr}: {err}"))?;
    let addr = listener.local_addr().map_err(|err| err.to_string())?;
    let dist = std::path::absolute(&args.dist).unwrap_or(args.dist);
    println!("Serving {} on http://{addr}/", dist.display());
    println!("Press Ctrl-C to stop.");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
        println!("\nStopping.");
    };
    roundtrip_server::serve(listener, roundtrip_server::app(dist), shutdown)
        .await
        .map_err(|err| format!("the server failed: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Args>, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn flags_in_any_order_with_defaults() {
        let args = parse(&["--dist", "dist"]).unwrap().unwrap();
        assert_eq!(args, Args { dist: "dist".into(), host: "127.0.0.1".parse().unwrap(), port: 8080 });
        let args = parse(&["--port=9000", "--host", "::1", "--dist=out"]).unwrap().unwrap();
        assert_eq!(args.port, 9000);
        assert_eq!(args.host, "::1".parse::<IpAddr>().unwrap());
        assert_eq!(args.dist, PathBuf::from("out"));
        assert_eq!(parse(&["--help"]), Ok(None));
    }

    #[test]
    fn bad_arguments_are_explained() {
        assert!(parse(&[]).unwrap_err().contains("--dist"));
        assert!(parse(&["--dist"]).unwrap_err().contains("needs a value"));
        assert!(parse(&["--dist", "d", "--port", "http"]).unwrap_err().contains("not a port"));
        assert!(parse(&["--dist", "d", "--host", "localhost:1"]).unwrap_err().contains("not an IP"));
        assert!(parse(&["--dist", "d", "--verbose"]).unwrap_err().contains("unknown argument"));
    }
}
