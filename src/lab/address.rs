//! Whether an address the learner typed may be sent, and if not, why not.
//! The browser's URL parser splits the address (in `host::fetch`); the
//! decision, from those parts and the page's own origin, is made here.

/// An address as the browser's URL parser read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parts {
    /// The whole address, resolved against the page.
    pub href: String,
    /// Lower case, without the colon: `https`.
    pub scheme: String,
    /// `example.com`, `127.0.0.1`, `[::1]`.
    pub hostname: String,
    /// `None` when the address uses its scheme's default port.
    pub port: Option<u16>,
    /// `https://example.com:8443`; `null` for schemes without one.
    pub origin: String,
    /// The address names a user or a password (`user:pw@host`).
    pub has_credentials: bool,
    /// The path and query: `/data/stores/80202.json?x=1`.
    pub path: String,
}

/// The page the lab runs in, as far as sending needs it: its scheme and origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageOrigin {
    /// `https`, `http`.
    pub scheme: String,
    pub origin: String,
}

/// Why an address was not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Nothing was typed.
    Empty,
    /// The browser's parser could not read it as an address.
    Invalid,
    /// Not http(s): `javascript`, `data`, `file`, `ftp`, …
    Scheme(String),
    /// `user:password@` in the address: fetch refuses those.
    Credentials,
    /// A port browsers never send web requests to.
    BadPort(u16),
    /// An http: address from an https: page.
    MixedContent(String),
}

/// An address that may be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub url: String,
    /// Another origin than the page's: CORS applies.
    pub cross_origin: bool,
    /// How the request is named to the learner: the path on this site, or the
    /// whole address on another.
    pub shown: String,
}

/// The ports browsers refuse to fetch from (the Fetch standard's "bad ports"):
/// they belong to mail, file transfer, chat and other protocols.
pub const BAD_PORTS: &[u16] = &[
    0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103,
    104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514,
    515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723,
    2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
];

/// Decides whether `input` may be sent. `parts` is what the browser's parser
/// made of it (`None`: it could not read it).
pub fn check(input: &str, parts: Option<&Parts>, page: &PageOrigin) -> Result<Target, Refusal> {
    if input.trim().is_empty() {
        return Err(Refusal::Empty);
    }
    let parts = parts.ok_or(Refusal::Invalid)?;
    if !matches!(parts.scheme.as_str(), "http" | "https") {
        return Err(Refusal::Scheme(parts.scheme.clone()));
    }
    if parts.has_credentials {
        return Err(Refusal::Credentials);
    }
    if let Some(port) = parts.port.filter(|port| BAD_PORTS.contains(port)) {
        return Err(Refusal::BadPort(port));
    }
    if page.scheme == "https" && parts.scheme == "http" && !is_loopback(&parts.hostname) {
        return Err(Refusal::MixedContent(parts.href.clone()));
    }
    let cross_origin = parts.origin != page.origin;
    let shown = if cross_origin { parts.href.clone() } else { parts.path.clone() };
    Ok(Target { url: parts.href.clone(), cross_origin, shown })
}

/// Browsers trust plain http: to the machine itself, even from an https: page.
fn is_loopback(hostname: &str) -> bool {
    let hostname = hostname.trim_end_matches('.').to_ascii_lowercase();
    hostname == "localhost"
        || hostname.ends_with(".localhost")
        || hostname == "[::1]"
        || hostname.split('.').next() == Some("127") && hostname.split('.').count() == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(origin: &str) -> PageOrigin {
        PageOrigin { scheme: origin.split(':').next().unwrap().to_owned(), origin: origin.to_owned() }
    }

    fn parts(href: &str) -> Parts {
        // A small stand-in for the browser's parser, enough for these tests.
        let (scheme, rest) = href.split_once(':').unwrap();
        let rest = rest.trim_start_matches("//");
        let (authority, path) =
            rest.split_once('/').map_or((rest, "/".to_owned()), |(a, p)| (a, format!("/{p}")));
        let (credentials, host) = authority.rsplit_once('@').map_or((None, authority), |(c, h)| (Some(c), h));
        let (hostname, port) = match host.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(':') && !h.is_empty() => (h, p.parse().ok()),
            _ => (host, None),
        };
        Parts {
            href: href.to_owned(),
            scheme: scheme.to_ascii_lowercase(),
            hostname: hostname.to_owned(),
            port,
            origin: format!("{scheme}://{host}"),
            has_credentials: credentials.is_some(),
            path,
        }
    }

    fn check_href(href: &str, origin: &str) -> Result<Target, Refusal> {
        check(href, Some(&parts(href)), &page(origin))
    }

    #[test]
    fn an_address_on_this_site_is_shown_by_its_path() {
        let target =
            check_href("http://127.0.0.1:8080/data/stores/80202.json", "http://127.0.0.1:8080").unwrap();
        assert!(!target.cross_origin);
        assert_eq!(target.shown, "/data/stores/80202.json");
        assert_eq!(target.url, "http://127.0.0.1:8080/data/stores/80202.json");
    }

    #[test]
    fn another_origin_is_cross_origin_and_shown_whole() {
        let target = check_href("http://127.0.0.1:9999/x", "http://127.0.0.1:8080").unwrap();
        assert!(target.cross_origin);
        assert_eq!(target.shown, "http://127.0.0.1:9999/x");
        assert!(check_href("https://example.com/", "https://learn.example").unwrap().cross_origin);
    }

    #[test]
    fn nothing_typed_or_unreadable_is_not_sent() {
        let p = page("https://learn.example");
        assert_eq!(check("   ", None, &p), Err(Refusal::Empty));
        assert_eq!(check("", Some(&parts("https://x.example/")), &p), Err(Refusal::Empty));
        assert_eq!(check("http://[oops", None, &p), Err(Refusal::Invalid));
    }

    #[test]
    fn only_http_and_https_are_fetched() {
        for (href, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("data:text/html,<script>alert(1)</script>", "data"),
            ("file:///etc/passwd", "file"),
            ("ftp://example.com/", "ftp"),
            ("JavaScript:alert(1)", "javascript"),
            ("blob:https://x/1", "blob"),
        ] {
            assert_eq!(
                check_href(href, "https://learn.example"),
                Err(Refusal::Scheme(scheme.into())),
                "{href}"
            );
        }
    }

    #[test]
    fn credentials_and_bad_ports_are_refused() {
        assert_eq!(
            check_href("https://user:pw@example.com/", "https://learn.example"),
            Err(Refusal::Credentials)
        );
        assert_eq!(check_href("http://127.0.0.1:25/", "http://127.0.0.1:8080"), Err(Refusal::BadPort(25)));
        assert_eq!(
            check_href("http://127.0.0.1:6000/", "http://127.0.0.1:8080"),
            Err(Refusal::BadPort(6000))
        );
        assert!(check_href("http://127.0.0.1:8081/", "http://127.0.0.1:8080").is_ok());
    }

    #[test]
    fn http_from_an_https_page_is_mixed_content_except_loopback() {
        assert_eq!(
            check_href("http://example.com/", "https://learn.example"),
            Err(Refusal::MixedContent("http://example.com/".into()))
        );
        for href in [
            "http://127.0.0.1:9000/",
            "http://localhost:9000/",
            "http://app.localhost/",
            "http://[::1]:9000/",
        ] {
            assert!(check_href(href, "https://learn.example").is_ok(), "{href}");
        }
        assert!(check_href("http://example.com/", "http://learn.example").is_ok());
        assert!(
            check_href("http://127.example.com/", "https://learn.example").is_err(),
            "a name starting with 127 is not loopback"
        );
    }
}
