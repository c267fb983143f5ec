//! `roundtrip-server --dist <DIR> [--port 8080] [--host 127.0.0.1] [limits]`:
//! serves a built lesson folder until Ctrl-C.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use roundtrip_server::{Csp, Limits};

const USAGE: &str = "\
Usage: roundtrip-server --dist <DIR> [--port 8080] [--host 127.0.0.1]
                        [--frame-ancestors <SOURCES>] [--max-connections <N>]
                        [--header-timeout <SECONDS>] [--delay-per-client <N>]
                        [--live-reload <FILE>]

Serves the built course in DIR (made by `cargo xtask build`) until Ctrl-C.

  --frame-ancestors   which pages may show the lesson in a frame, as CSP
                      sources: `*` (the default: any), `'self'`, `'none'`, or
                      addresses like `https://lms.example.edu`. Also read from
                      ROUNDTRIP_FRAME_ANCESTORS.
  --max-connections   connections served at once; more are answered 503.
                      Default: as many as the open-file limit allows (the soft
                      limit is raised to the hard one), at most 4096.
  --header-timeout    seconds a client has to send a request's headers, and
                      that an idle kept-alive connection stays open (default 10).
  --delay-per-client  /api/delay requests one client (IP address) may have
                      waiting at once; 0 for no bound (default 4). Behind a
                      reverse proxy every learner is the proxy's address.
  --live-reload       for an author (`cargo xtask serve` sets it): pages reload
                      when the build's status FILE says they changed, and show
                      a mistake that stopped the build.

Set RUST_LOG=info to log every request.";

/// Where `--frame-ancestors` is read from when it is not given.
const FRAME_ANCESTORS_ENV: &str = "ROUNDTRIP_FRAME_ANCESTORS";

#[derive(Debug, PartialEq)]
struct Args {
    dist: PathBuf,
    host: IpAddr,
    port: u16,
    csp: Csp,
    max_connections: Option<usize>,
    header_timeout: Option<Duration>,
    delay_per_client: Option<usize>,
    live_reload: Option<PathBuf>,
}

/// `Ok(None)` asks for the usage text (`--help`). `frame_ancestors` is the
/// value of [`FRAME_ANCESTORS_ENV`], if set.
fn parse_args(
    args: impl IntoIterator<Item = String>,
    frame_ancestors: Option<String>,
) -> Result<Option<Args>, String> {
    let mut dist = None;
    let mut host = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let mut port = 8080;
    let mut frame_ancestors = frame_ancestors.map(|value| (FRAME_ANCESTORS_ENV.to_owned(), value));
    let mut max_connections = None;
    let mut header_timeout = None;
    let mut delay_per_client = None;
    let mut live_reload = None;
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let (name, inline) = match flag.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name.to_string(), Some(value.to_string())),
            _ => (flag.clone(), None),
        };
        if name == "-h" || name == "--help" {
            return Ok(None);
        }
        if !matches!(
            name.as_str(),
            "--dist"
                | "--port"
                | "--host"
                | "--frame-ancestors"
                | "--max-connections"
                | "--header-timeout"
                | "--delay-per-client"
                | "--live-reload"
        ) {
            return Err(format!("unknown argument `{flag}`"));
        }
        let value = inline.or_else(|| args.next()).ok_or_else(|| format!("`{name}` needs a value"))?;
        match name.as_str() {
            "--dist" => dist = Some(PathBuf::from(value)),
            "--port" => {
                port =
                    value.parse().map_err(|_| format!("`--port {value}`: not a port number (0 to 65535)"))?
            }
            "--host" => host = value.parse().map_err(|_| format!("`--host {value}`: not an IP address"))?,
            "--frame-ancestors" => frame_ancestors = Some(("--frame-ancestors".to_owned(), value)),
            "--live-reload" => live_reload = Some(PathBuf::from(value)),
            "--max-connections" => {
                max_connections = Some(
                    value
                        .parse()
                        .ok()
                        .filter(|&n: &usize| n > 0)
                        .ok_or_else(|| format!("`--max-connections {value}`: not a number from 1 up"))?,
                )
            }
            "--header-timeout" => {
                header_timeout = Some(
                    value
                        .parse()
                        .ok()
                        .filter(|seconds: &u64| (1..=300).contains(seconds))
                        .map(Duration::from_secs)
                        .ok_or_else(|| {
                            format!("`--header-timeout {value}`: not a number of seconds from 1 to 300")
                        })?,
                )
            }
            _ => {
                delay_per_client = Some(
                    value
                        .parse()
                        .map_err(|_| format!("`--delay-per-client {value}`: not a number (0: no bound)"))?,
                )
            }
        }
    }
    let dist = dist.ok_or("`--dist <DIR>` is required (the built lesson, e.g. `dist`)")?;
    let csp = match frame_ancestors {
        Some((from, value)) => Csp::new(&value).map_err(|err| format!("`{from}`: {err}"))?,
        None => Csp::default(),
    };
    Ok(Some(Args { dist, host, port, csp, max_connections, header_timeout, delay_per_client, live_reload }))
}

/// The limits for this process: as many connections as its open-file limit
/// (raised to the hard limit first) allows, and what the flags ask.
fn limits(args: &Args) -> Limits {
    let open_files = match roundtrip_server::raise_file_limit() {
        Ok(open_files) => open_files,
        Err(err) => {
            eprintln!("note: cannot read the open-file limit ({err}); counting on 1024");
            1024
        }
    };
    let mut limits = Limits::for_file_limit(open_files);
    if let Some(wanted) = args.max_connections {
        let most = roundtrip_server::connections_for_file_limit(open_files);
        if wanted > most {
            eprintln!(
                "note: --max-connections {wanted} is more than the open-file limit ({open_files}) allows; \
                 serving at most {most} (raise the hard limit: `ulimit -Hn`, systemd's LimitNOFILE)"
            );
        }
        limits.max_connections = wanted.min(most);
    }
    if let Some(timeout) = args.header_timeout {
        limits.header_timeout = timeout;
    }
    if let Some(delays) = args.delay_per_client {
        limits.delay_per_client = delays;
    }
    limits
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1), std::env::var(FRAME_ANCESTORS_ENV).ok()) {
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
    let limits = limits(&args);
    let dist = std::path::absolute(&args.dist).unwrap_or(args.dist);
    println!("Serving {} on http://{addr}/", dist.display());
    println!(
        "Up to {} connections at once; {} s for a request's headers; {} /api/delay requests per client.",
        limits.max_connections,
        limits.header_timeout.as_secs(),
        if limits.delay_per_client == 0 {
            "any number of".to_owned()
        } else {
            limits.delay_per_client.to_string()
        },
    );
    println!("Press Ctrl-C to stop.");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
        println!("\nStopping.");
    };
    let mut app = roundtrip_server::app_with(dist, &limits, Some(&args.csp));
    if let Some(status) = args.live_reload {
        println!("Pages reload when {} says a build changed them.", status.display());
        app = roundtrip_server::with_live_reload(app, status);
    }
    roundtrip_server::serve_with(listener, app, limits, shutdown)
        .await
        .map_err(|err| format!("the server failed: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Args>, String> {
        parse_args(args.iter().map(|s| s.to_string()), None)
    }

    #[test]
    fn flags_in_any_order_with_defaults() {
        let args = parse(&["--dist", "dist"]).unwrap().unwrap();
        assert_eq!(
            args,
            Args {
                dist: "dist".into(),
                host: "127.0.0.1".parse().unwrap(),
                port: 8080,
                csp: Csp::default(),
                max_connections: None,
                header_timeout: None,
                delay_per_client: None,
                live_reload: None,
            }
        );
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
        assert!(parse(&["--dist", "d", "--frame-ancestors", "*; script-src *"])
            .unwrap_err()
            .contains("frame-ancestors"));
        assert!(parse(&["--dist", "d", "--max-connections", "0"]).unwrap_err().contains("from 1"));
        assert!(parse(&["--dist", "d", "--header-timeout", "0"]).unwrap_err().contains("1 to 300"));
        assert!(parse(&["--dist", "d", "--delay-per-client", "-1"]).unwrap_err().contains("no bound"));
    }

    #[test]
    fn limits_and_frame_ancestors_from_flags_or_the_environment() {
        let args = parse(&[
            "--dist=d",
            "--max-connections=50",
            "--header-timeout",
            "5",
            "--delay-per-client",
            "0",
            "--frame-ancestors",
            "'self' https://lms.example.edu",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(args.max_connections, Some(50));
        assert_eq!(args.header_timeout, Some(Duration::from_secs(5)));
        assert_eq!(args.delay_per_client, Some(0));
        assert!(args.csp.as_str().ends_with("frame-ancestors 'self' https://lms.example.edu"));
        let limits = limits(&args);
        assert_eq!(limits.max_connections, 50);
        assert_eq!(limits.header_timeout, Duration::from_secs(5));
        assert_eq!(limits.delay_per_client, 0);

        // The environment counts when the flag is not given, and the flag wins.
        let from_env = |args: &[&str]| {
            parse_args(args.iter().map(|s| s.to_string()), Some("'none'".to_owned())).unwrap().unwrap().csp
        };
        assert!(from_env(&["--dist", "d"]).as_str().ends_with("frame-ancestors 'none'"));
        assert!(from_env(&["--dist", "d", "--frame-ancestors", "*"]).as_str().ends_with("frame-ancestors *"));
        let err = parse_args(["--dist".to_owned(), "d".to_owned()], Some(";".to_owned())).unwrap_err();
        assert!(err.contains(FRAME_ANCESTORS_ENV), "{err}");
    }
}
