//! Links: each classified (in the page, in the course, out on the web) and
//! checked, and the addresses the build adds (the course, the practice back end).

use url::Url;

use super::{Error, Source};
use crate::model::LinkKind;

pub(super) struct Links<'a> {
    pub(super) path: &'a str,
    pub(super) base: Option<Url>,
    /// Slugs of the lessons built beside this one (see `Settings::built`).
    pub(super) built: &'a [String],
    /// Where the practice back end's API is (ends with `/`).
    pub(super) practice_api: String,
    /// `(line, target)` of every in-document link, checked once all ids are known.
    pub(super) anchors: Vec<(usize, String)>,
}

impl Source<'_> {
    /// The address this lesson has in its course, which links to other lessons resolve against.
    pub(super) fn course_base(&self, line: usize, base: &str) -> Result<Url, Error> {
        let url = Url::parse(base)
            .map_err(|e| self.error(line, format!("course_base `{base}` is not an absolute URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(self.error(line, format!("course_base `{base}` must be an http(s) address")));
        }
        Ok(url)
    }
}

impl Links<'_> {
    /// `href` (relative to the lesson's page) as the page links to it:
    /// absolute, when the lesson has a course base.
    pub(super) fn resolve(&self, href: &str) -> String {
        match &self.base {
            Some(base) => base.join(href).map_or_else(|_| href.to_owned(), String::from),
            None => href.to_owned(),
        }
    }

    pub(super) fn classify(&mut self, href: &str, line: usize) -> Result<(String, LinkKind), Error> {
        let error = |message: String| Error { path: self.path.to_owned(), line, message };
        if let Some(target) = href.strip_prefix('#') {
            self.anchors.push((line, target.to_owned()));
            return Ok((href.to_owned(), LinkKind::Anchor));
        }
        match Url::parse(href) {
            Ok(url) => match url.scheme() {
                "http" | "https" | "mailto" => Ok((href.to_owned(), LinkKind::External)),
                scheme => Err(error(format!("link `{href}`: `{scheme}:` links are not allowed"))),
            },
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                let href = match sibling(href) {
                    Some((slug, fragment)) if self.built.iter().any(|built| built == slug) => {
                        format!("../{slug}/{fragment}")
                    }
                    _ => href.to_owned(),
                };
                match &self.base {
                    Some(base) => {
                        let url = base.join(&href).map_err(|e| error(format!("link `{href}`: {e}")))?;
                        Ok((url.into(), LinkKind::Course))
                    }
                    None => Ok((href, LinkKind::Course)),
                }
            }
            Err(e) => Err(error(format!("link `{href}` is not a valid address: {e}"))),
        }
    }
}

/// A link to a sibling lesson, `../<slug>` or `../<slug>/` with perhaps a
/// `#fragment`: its slug and the fragment (with its `#`, or empty).
fn sibling(href: &str) -> Option<(&str, &str)> {
    let rest = href.strip_prefix("../")?;
    let (path, fragment) = rest.find('#').map_or((rest, ""), |at| rest.split_at(at));
    let slug = path.strip_suffix('/').unwrap_or(path);
    let plain = !slug.is_empty() && slug.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    plain.then_some((slug, fragment))
}

/// The practice back end's address as written: an `http(s)` address, or
/// one relative to the page, such as `api/` or `../practice/api/`. It names
/// a folder, so it ends with `/`.
pub(super) fn practice_api(api: &str) -> Result<String, String> {
    let api = api.trim();
    if !api.ends_with('/') {
        return Err("must end with `/` (it is the folder of the API's addresses, like `api/`)".into());
    }
    if api.contains(['?', '#', '\\']) || api.chars().any(char::is_whitespace) {
        return Err("must be a plain address: no `?`, `#`, `\\` or spaces".into());
    }
    if api.starts_with("//") {
        return Err("write the scheme: `https://…`".into());
    }
    match Url::parse(api) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(url.into()),
        Ok(url) => {
            Err(format!("must be an http(s) address or relative to the page, not `{}:`", url.scheme()))
        }
        Err(url::ParseError::RelativeUrlWithoutBase) => Ok(api.to_owned()),
        Err(e) => Err(e.to_string()),
    }
}

/// A practice preset's address (written relative to the practice back end),
/// as the page sends it.
pub(super) fn at_practice_api(api: &str, url: &str) -> String {
    match Url::parse(api) {
        Ok(base) => base.join(url).map_or_else(|_| format!("{api}{url}"), String::from),
        // Relative to the page: a path from the page's root stays as written.
        Err(_) if url.starts_with('/') => url.to_owned(),
        Err(_) => format!("{api}{url}"),
    }
}
