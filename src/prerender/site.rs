//! The whole course into a folder (`dist/`): the app's files once, in
//! `app/`; each lesson's page and data in a folder of its own; the course
//! page at the top. A file is written only when its content changed, so a
//! rebuild with nothing changed writes nothing, and an edit to one lesson
//! rewrites that lesson's page and data (and its neighbours' pages, when
//! its title changed); what no longer belongs is removed.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use roundtrip_document::compile::{self, Place, Settings, WordsFile};
use roundtrip_document::course::{self, Course};
use roundtrip_document::{wire, CourseEntry, CourseIndex, Document, Page};

use super::{
    escape, escape_json, hashed_name, loader, offline, page, practice_stand_ins, render_page, Assets, Head,
};

/// The folder of the app's files, shared by every page of the course.
pub const APP: &str = "app";

/// The stylesheets in `styles/`, in the order they are joined into one.
pub const STYLESHEETS: &[&str] = &["base", "lesson", "diagram", "lab", "checks", "frame", "course", "print"];

/// What the build reads and where it writes.
#[derive(Clone, Debug)]
pub struct Site {
    /// The workspace: `styles/`, `favicon.svg`, `embed/embed.js`.
    pub root: PathBuf,
    /// The course file (`content/course.toml`); its lessons and words sit beside it.
    pub course_file: PathBuf,
    /// Trunk's build of the app (its `.js` and `_bg.wasm`).
    pub app_build: PathBuf,
    pub dist: PathBuf,
    /// `ROUNDTRIP_COURSE_BASE` and `ROUNDTRIP_PRACTICE_API`, over each lesson's own.
    pub course_base: Option<String>,
    pub practice_api: Option<String>,
}

/// Why the course could not be built.
#[derive(Debug, PartialEq, Eq)]
pub enum SiteError {
    /// A mistake in a lesson or in the course's words: the file, the line, what to fix.
    Content(compile::Error),
    /// A mistake in the course file.
    Course(course::CourseError),
    /// A file could not be read or written.
    Io(String),
}

impl fmt::Display for SiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SiteError::Content(e) => e.fmt(f),
            SiteError::Course(e) => e.fmt(f),
            SiteError::Io(message) => f.write_str(message),
        }
    }
}

impl SiteError {
    /// The file, the line (where known) and the message, for a page that
    /// shows an author their mistake.
    pub fn place(&self) -> (Option<&str>, Option<usize>, String) {
        match self {
            SiteError::Content(e) => (Some(&e.path), Some(e.line), e.message.clone()),
            SiteError::Course(e) => (Some(&e.path), e.line, e.message.clone()),
            SiteError::Io(message) => (None, None, message.clone()),
        }
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Built {
    /// The lessons' slugs, in the course's order.
    pub lessons: Vec<String>,
    /// The files written (new or changed), relative to `dist`.
    pub written: Vec<String>,
    /// The files removed, relative to `dist`.
    pub removed: Vec<String>,
    /// The bytes of each lesson's page and data, in the course's order.
    pub sizes: Vec<(String, usize, usize)>,
    /// What the service worker keeps for offline use: files, and their bytes
    /// (as stored, uncompressed).
    pub kept: (usize, usize),
}

impl Built {
    /// Which pages changed: a lesson's slug, `""` for the course page, `"*"`
    /// when the app's files did (every page). The service worker changes
    /// with every build and is no page.
    pub fn changed_pages(&self) -> BTreeSet<String> {
        self.written
            .iter()
            .chain(&self.removed)
            .filter(|file| *file != offline::WORKER)
            .map(|file| match file.split_once('/') {
                Some((APP, _)) => "*".to_owned(),
                Some((folder, _)) => folder.to_owned(),
                None => String::new(),
            })
            .collect()
    }
}

/// What a build did, as JSON for the pages open in `cargo xtask serve`
/// (`roundtrip_server::live`): when, the pages that changed (see
/// [`Built::changed_pages`]), or the mistake that stopped it, with its file
/// and line.
pub fn status(result: &Result<Built, SiteError>) -> String {
    let at = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    match result {
        Ok(built) => {
            let changed: Vec<String> = built.changed_pages().iter().map(|page| escape_json(page)).collect();
            format!("{{\"at\":{at},\"changed\":[{}],\"error\":null}}\n", changed.join(","))
        }
        Err(e) => {
            let (file, line, message) = e.place();
            format!(
                "{{\"at\":{at},\"changed\":[],\"error\":{{\"file\":{},\"line\":{},\"message\":{}}}}}\n",
                file.map_or("null".to_owned(), escape_json),
                line.map_or("null".to_owned(), |l| l.to_string()),
                escape_json(&message)
            )
        }
    }
}

/// Builds the course of `site` into `site.dist`.
pub fn build(site: &Site) -> Result<Built, SiteError> {
    let mut out = Output::new(&site.dist);
    let (course, lessons) = compile_course(site)?;
    let (assets, look) = app(site, &mut out)?;
    let data_folder = site.root.join("content").join("data");
    let mut sizes = Vec::new();
    // What the service worker keeps: every page, its data, the app.
    let mut kept = vec!["./".to_owned()];
    kept.extend(look.files.iter().map(|file| format!("{APP}/{file}")));
    for (slug, document) in &lessons {
        let made = lesson(site, &mut out, slug, document, &assets, &look, &data_folder)?;
        sizes.push((slug.clone(), made.page_bytes, made.data_bytes));
        kept.push(format!("{slug}/"));
        kept.push(format!("{slug}/{}", made.data));
    }
    course_page(&mut out, &course, &lessons, &assets, &look, &mut kept)?;
    let installable = offline::Installable {
        name: &course.title,
        lang: &course.lang,
        description: course.intro.as_deref().unwrap_or_default(),
        background: &look.background,
        theme: &look.theme,
        icons: &look.icons,
    };
    out.write(offline::MANIFEST, offline::manifest(&installable).as_bytes())?;
    kept.push(offline::MANIFEST.to_owned());
    // The build's name: what it keeps, and what each kept file holds.
    let (mut kept_bytes, mut kept_size) = (Vec::new(), 0);
    for file in &kept {
        let path = if file.ends_with('/') { format!("{file}index.html") } else { file.clone() };
        let bytes = read_bytes(&site.dist.join(path.trim_start_matches("./")))?;
        kept_size += bytes.len();
        kept_bytes.extend(file.as_bytes());
        kept_bytes.extend(bytes);
    }
    let build = hashed_name("roundtrip", "", &kept_bytes);
    let build = build.trim_end_matches('.');
    out.write(offline::WORKER, offline::service_worker(build, &kept).as_bytes())?;
    out.write("robots.txt", b"User-agent: *\nAllow: /\n")?;
    let removed = out.remove_the_rest()?;
    let lessons = lessons.into_iter().map(|(slug, _)| slug).collect();
    Ok(Built { lessons, written: out.written, removed, sizes, kept: (kept.len(), kept_size) })
}

/// The course file of `site`, and each of its lessons compiled as the build
/// compiles it (with the course's words, and its place among the others),
/// with its slug, in the course's order.
pub fn compile_course(site: &Site) -> Result<(Course, Vec<(String, Document)>), SiteError> {
    let course_text = read_text(&site.course_file)?;
    let course = course::read(&shown(&site.course_file), &course_text).map_err(SiteError::Course)?;
    let folder = site.course_file.parent().unwrap_or(Path::new("")).to_path_buf();
    let words = match &course.words {
        Some(name) => {
            let path = folder.join(name);
            Some(WordsFile { path: shown(&path), text: read_text(&path)? })
        }
        None => None,
    };
    let slugs: Vec<String> = course.lessons.iter().map(|lesson| lesson.slug.clone()).collect();
    let mut sources = Vec::new();
    for lesson in &course.lessons {
        let path = folder.join(&lesson.file);
        sources.push((shown(&path), read_text(&path)?));
    }
    let settings = |place: Option<Place>| Settings {
        course_base: site.course_base.clone(),
        practice_api: site.practice_api.clone(),
        built: slugs.clone(),
        words: words.clone(),
        place,
    };
    // The titles first: each lesson links to its neighbours by theirs.
    let mut titles = Vec::new();
    for (path, markdown) in &sources {
        let document = compile::compile(path, markdown, &settings(None)).map_err(SiteError::Content)?;
        titles.push(document.title.to_string());
    }
    let neighbour = |i: Option<usize>| i.and_then(|i| Some((slugs.get(i)?.clone(), titles.get(i)?.clone())));
    let mut lessons = Vec::new();
    for (i, (path, markdown)) in sources.iter().enumerate() {
        let place = Place {
            slug: slugs[i].clone(),
            course: course.title.clone(),
            previous: neighbour(i.checked_sub(1)),
            next: neighbour(Some(i + 1)),
        };
        let document =
            compile::compile(path, markdown, &settings(Some(place))).map_err(SiteError::Content)?;
        lessons.push((slugs[i].clone(), document));
    }
    Ok((course, lessons))
}

/// The app's files in `app/`: Trunk's script and wasm, the loader, the
/// stylesheet (`styles/`, joined) and the icon, each named by its content.
/// The app's look, and its files, for the course's manifest and worker.
struct Look {
    /// The page's background and the course's accent (`--bg`, `--accent` in `styles/base.css`).
    background: String,
    theme: String,
    /// `(size, file relative to the course's top)` of each installable icon.
    icons: Vec<(u32, String)>,
    /// Every file of `app/`, by name.
    files: Vec<String>,
}

fn app(site: &Site, out: &mut Output) -> Result<(Assets, Look), SiteError> {
    let built = |suffix: &str| -> Result<String, SiteError> {
        let entries = fs::read_dir(&site.app_build).map_err(|e| {
            SiteError::Io(format!("cannot read the app's build {}: {e}", site.app_build.display()))
        })?;
        let mut names: Vec<String> = entries
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.starts_with("roundtrip-") && name.ends_with(suffix))
            .filter(|name| !name.starts_with("roundtrip-loader-"))
            .collect();
        names.sort();
        match names.as_slice() {
            [name] => Ok(name.clone()),
            _ => Err(SiteError::Io(format!(
                "the app's build {} should hold one roundtrip-*{suffix}, not {names:?}",
                site.app_build.display()
            ))),
        }
    };
    let (js, wasm) = (built(".js")?, built("_bg.wasm")?);
    for name in [&js, &wasm] {
        let bytes = read_bytes(&site.app_build.join(name))?;
        out.write(&format!("{APP}/{name}"), &bytes)?;
    }
    let loader_text = loader(&js, &wasm);
    let loader_name = hashed_name("roundtrip-loader", "js", loader_text.as_bytes());
    out.write(&format!("{APP}/{loader_name}"), loader_text.as_bytes())?;

    let mut css = String::new();
    for sheet in STYLESHEETS {
        css.push_str(&read_text(&site.root.join("styles").join(format!("{sheet}.css")))?);
        css.push('\n');
    }
    let css = minify_css(&css).into_bytes();
    let css_name = hashed_name("roundtrip", "css", &css);
    out.write(&format!("{APP}/{css_name}"), &css)?;

    let icon = read_bytes(&site.root.join("favicon.svg"))?;
    let icon_name = hashed_name("favicon", "svg", &icon);
    out.write(&format!("{APP}/{icon_name}"), &icon)?;
    let mut files = vec![js, wasm, loader_name.clone(), css_name.clone(), icon_name.clone()];
    let mut icons = Vec::new();
    for size in offline::ICON_SIZES {
        let png = offline::icon(&icon, size).map_err(SiteError::Io)?;
        let name = hashed_name(&format!("icon-{size}"), "png", &png);
        out.write(&format!("{APP}/{name}"), &png)?;
        icons.push((size, format!("{APP}/{name}")));
        files.push(name);
    }
    let css = String::from_utf8_lossy(&css);
    let colour = |token: &str| offline::token(&css, token).unwrap_or("#ffffff").to_owned();
    let look = Look { background: colour("--bg"), theme: colour("--accent"), icons, files };
    Ok((Assets { stylesheet: css_name, loader: loader_name, icon: icon_name }, look))
}

/// The stylesheet without its comments and the white space nothing needs:
/// a quarter fewer bytes before the first paint. Strings stay as written;
/// runs of white space become one space, and go entirely beside `{`, `}`,
/// `;` and `,` (where CSS never needs them). Nothing else is rewritten.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            '"' | '\'' => {
                if space && !out.ends_with(['{', '}', ';', ',']) && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                let mut escaped = false;
                for inner in chars.by_ref() {
                    out.push(inner);
                    if escaped {
                        escaped = false;
                    } else if inner == '\\' {
                        escaped = true;
                    } else if inner == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => space = true,
            '{' | '}' | ';' | ',' => {
                while out.ends_with(' ') {
                    out.pop();
                }
                out.push(c);
                space = false;
            }
            c => {
                if space && !out.is_empty() && !out.ends_with(['{', '}', ';', ',']) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out.push('\n');
    out
}

/// One lesson's folder: its page, its data, the stand-in for the practice
/// back end where it has none, the frame's host-side script, and the store
/// files its lab's presets fetch. Returns the page's and the data's bytes.
/// What [`lesson`] made: the data's name, and the page's and the data's bytes.
struct Made {
    data: String,
    page_bytes: usize,
    data_bytes: usize,
}

fn lesson(
    site: &Site,
    out: &mut Output,
    slug: &str,
    document: &Document,
    assets: &Assets,
    look: &Look,
    data_folder: &Path,
) -> Result<Made, SiteError> {
    // A build tool's pages: each document lives as long as the process.
    let document: &'static Document = Box::leak(Box::new(document.clone()));
    let data = wire::encode(&Page::Lesson(document.for_app()));
    let data_name = hashed_name("lesson", "bin", &data);
    out.write(&format!("{slug}/{data_name}"), &data)?;
    let head = Head {
        lang: &document.lang,
        title: &document.title,
        description: &document.description,
        data: &data_name,
        top: "../",
        theme: &look.theme,
    };
    let html = page(&head, &assets.from(&format!("../{APP}/")), &render_page(document));
    out.write(&format!("{slug}/index.html"), html.as_bytes())?;
    for (path, body) in practice_stand_ins(document) {
        out.write(&format!("{slug}/{path}"), body.as_bytes())?;
    }
    out.write(&format!("{slug}/embed.js"), &read_bytes(&site.root.join("embed").join("embed.js"))?)?;
    if !document.labs().is_empty() {
        for file in files_under(data_folder)? {
            out.write(&format!("{slug}/data/{file}"), &read_bytes(&data_folder.join(&file))?)?;
        }
    }
    Ok(Made { data: data_name, page_bytes: html.len(), data_bytes: data.len() })
}

/// The course page: the course's title, its line under the title, and each
/// lesson as a link with what it is about; beside each, an empty place the
/// app fills with how far the learner has got, and one for the way to go on.
fn course_page(
    out: &mut Output,
    course: &Course,
    lessons: &[(String, Document)],
    assets: &Assets,
    look: &Look,
    kept: &mut Vec<String>,
) -> Result<(), SiteError> {
    // The course's words: every lesson of it carries them.
    let Some(words) = lessons.first().and_then(|(_, document)| Some(document.course.as_ref()?.words.clone()))
    else {
        return Ok(());
    };
    let mut items = String::new();
    let mut entries = Vec::new();
    for (slug, document) in lessons {
        let about = match document.description.as_ref() {
            "" => String::new(),
            about => format!("<span class=\"course-lesson-goal\">{}</span>", escape(about)),
        };
        items.push_str(&format!(
            "<li><a href=\"{slug}/\">{title}</a>{about}<span class=\"course-state-slot\" id=\"course-state-{slug}\"></span></li>\n",
            slug = escape(slug),
            title = escape(&document.title),
        ));
        entries.push(CourseEntry {
            slug: slug.clone().into(),
            title: document.title.clone(),
            href: format!("{slug}/").into(),
            key: crate::progress::storage_key(document).into(),
            outline: document.outline.clone(),
        });
    }
    let intro =
        course.intro.as_deref().map(|intro| format!("<p>{}</p>\n", escape(intro))).unwrap_or_default();
    // The way in: the first lesson, a plain link; the app changes it to
    // where the learner left off, in place, so nothing moves.
    let start = lessons
        .first()
        .map(|(slug, document)| {
            format!(
                "<a class=\"course-next-link\" href=\"{}/\">{}<span aria-hidden=\"true\"> →</span></a>",
                escape(slug),
                escape(&crate::text::fill(&words.start, &[("lesson", &document.title)]))
            )
        })
        .unwrap_or_default();
    let body = format!(
        "<main class=\"page course\">\n<h1>{title}</h1>\n{intro}<p class=\"course-next\" id=\"course-next\">{start}</p>\n\
         <ol class=\"course-lessons\">\n{items}</ol>\n</main>\n",
        title = escape(&course.title),
    );
    let index = CourseIndex { title: course.title.clone().into(), lessons: entries.into(), words };
    let data = wire::encode(&Page::Course(index));
    let data_name = hashed_name("course", "bin", &data);
    out.write(&data_name, &data)?;
    kept.push(data_name.clone());
    let head = Head {
        lang: &course.lang,
        title: &course.title,
        description: course.intro.as_deref().unwrap_or_default(),
        data: &data_name,
        top: "",
        theme: &look.theme,
    };
    out.write("index.html", page(&head, &assets.from(&format!("{APP}/")), &body).as_bytes())
}

/// The build's output folder: writes a file only when its content changed,
/// and knows every file it wrote or kept, to remove the rest.
struct Output {
    dist: PathBuf,
    kept: BTreeSet<String>,
    written: Vec<String>,
}

impl Output {
    fn new(dist: &Path) -> Output {
        Output { dist: dist.to_path_buf(), kept: BTreeSet::new(), written: Vec::new() }
    }

    /// `relative` (with `/`) holds `bytes`.
    fn write(&mut self, relative: &str, bytes: &[u8]) -> Result<(), SiteError> {
        self.kept.insert(relative.to_owned());
        let path = self.dist.join(relative);
        if fs::read(&path).is_ok_and(|old| old == bytes) {
            return Ok(());
        }
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder)
                .map_err(|e| SiteError::Io(format!("cannot create {}: {e}", folder.display())))?;
        }
        // Written beside and renamed, so a server never sends half a file.
        let partial = path.with_file_name(format!(".{}.partial", file_name(&path)));
        fs::write(&partial, bytes)
            .map_err(|e| SiteError::Io(format!("cannot write {}: {e}", partial.display())))?;
        fs::rename(&partial, &path)
            .map_err(|e| SiteError::Io(format!("cannot write {}: {e}", path.display())))?;
        // Compressed copies of what it held before would be served instead.
        for suffix in ["br", "gz"] {
            let _ = fs::remove_file(path.with_file_name(format!("{}.{suffix}", file_name(&path))));
        }
        self.written.push(relative.to_owned());
        Ok(())
    }

    /// Removes every file under `dist` the build did not write or keep
    /// (a lesson taken out of the course, an old data file), and the
    /// compressed copies of those; returns them.
    fn remove_the_rest(&self) -> Result<Vec<String>, SiteError> {
        let mut removed = Vec::new();
        if !self.dist.exists() {
            return Ok(removed);
        }
        for file in files_under(&self.dist)? {
            let original = file.strip_suffix(".br").or_else(|| file.strip_suffix(".gz")).unwrap_or(&file);
            if self.kept.contains(original) {
                continue;
            }
            let path = self.dist.join(&file);
            fs::remove_file(&path)
                .map_err(|e| SiteError::Io(format!("cannot remove {}: {e}", path.display())))?;
            removed.push(file);
        }
        remove_empty_folders(&self.dist);
        Ok(removed)
    }
}

fn remove_empty_folders(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_empty_folders(&path);
            // Fails, as it should, unless the folder is empty.
            let _ = fs::remove_dir(&path);
        }
    }
}

/// Every file under `dir`, relative to it with `/`, sorted.
pub fn files_under(dir: &Path) -> Result<Vec<String>, SiteError> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), SiteError> {
        let entries =
            fs::read_dir(dir).map_err(|e| SiteError::Io(format!("cannot read {}: {e}", dir.display())))?;
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                walk(root, &path, out)?;
            } else if kind.is_file() {
                let Ok(relative) = path.strip_prefix(root) else { continue };
                let parts: Vec<String> =
                    relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A path as an author would look for it: relative to where the build runs.
fn shown(path: &Path) -> String {
    let here = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&here).unwrap_or(path).display().to_string()
}

fn read_text(path: &Path) -> Result<String, SiteError> {
    fs::read_to_string(path).map_err(|e| SiteError::Io(format!("cannot read {}: {e}", shown(path))))
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, SiteError> {
    fs::read(path).map_err(|e| SiteError::Io(format!("cannot read {}: {e}", shown(path))))
}

/// The English widget words a page in another language must not show: each
/// built-in word's fixed parts (between its `{placeholders}`), of three
/// letters or more, but for those `words` (the course's own) says as well
/// (`HTTP(S)` is the same in most languages).
pub fn english_fragments(words: &str) -> Vec<String> {
    let own = compile::words::texts(words);
    let mut out: Vec<String> = Vec::new();
    for text in compile::words::texts(compile::words::ENGLISH) {
        let mut rest = text.as_str();
        while !rest.is_empty() {
            let (part, after) = match rest.find('{') {
                Some(at) => (&rest[..at], rest[at..].split_once('}').map_or("", |(_, after)| after)),
                None => (rest, ""),
            };
            let part = part.trim_matches(|c: char| !c.is_alphanumeric());
            let letters = part.chars().filter(|c| c.is_alphabetic()).count();
            if letters >= 3 && !own.iter().any(|word| word.contains(part)) && !out.iter().any(|f| f == part) {
                out.push(part.to_owned());
            }
            rest = after;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a reader meets on a page: its text (the tags taken out) and the
    /// words it gives assistive technology and tooltips.
    fn readable(html: &str) -> String {
        let mut out = String::new();
        for attribute in ["aria-label=\"", "title=\"", "alt=\"", "placeholder=\"", "content=\""] {
            for value in html.split(attribute).skip(1) {
                out.push_str(value.split('"').next().unwrap_or_default());
                out.push('\n');
            }
        }
        let mut inside = false;
        for c in html.chars() {
            match c {
                '<' => inside = true,
                '>' => {
                    inside = false;
                    out.push(' ');
                }
                c if !inside => out.push(c),
                _ => {}
            }
        }
        out.replace("&amp;", "&").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
    }

    #[test]
    fn a_course_in_spanish_shows_no_english_widget_word() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let temp = std::env::temp_dir().join(format!("roundtrip-site-es-{}", std::process::id()));
        let _ = fs::remove_dir_all(&temp);
        let app_build = temp.join("app-build");
        fs::create_dir_all(&app_build).unwrap();
        fs::write(app_build.join("roundtrip-0123456789abcdef.js"), "export default 0;").unwrap();
        fs::write(app_build.join("roundtrip-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
        let course = root.join("tests/fixtures/course-es");
        let site = Site {
            root: root.clone(),
            course_file: course.join("course.toml"),
            app_build,
            dist: temp.join("dist"),
            course_base: None,
            practice_api: None,
        };
        let built = build(&site).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(built.lessons, ["la-web", "ruby"]);
        let english = english_fragments(&fs::read_to_string(course.join("palabras.toml")).unwrap());
        for needed in
            ["Check answer", "Next", "Your score", "Lesson window", "opens in a new tab", "Previous lesson"]
        {
            assert!(english.iter().any(|f| f == needed), "{needed} is looked for: {english:?}");
        }
        for page in ["index.html", "la-web/index.html", "ruby/index.html"] {
            let html = fs::read_to_string(site.dist.join(page)).unwrap();
            let text = readable(&html);
            let found: Vec<&String> =
                english.iter().filter(|fragment| text.contains(fragment.as_str())).collect();
            assert!(found.is_empty(), "{page} shows English widget words: {found:?}");
        }
        let lesson = fs::read_to_string(site.dist.join("la-web/index.html")).unwrap();
        assert!(
            lesson.contains(">Comprobar</button>") && lesson.contains("Lección siguiente"),
            "the course's own words"
        );
        // A second run writes nothing.
        let again = build(&site).unwrap();
        assert!(
            again.written.is_empty() && again.removed.is_empty(),
            "{:?} {:?}",
            again.written,
            again.removed
        );
        let _ = fs::remove_dir_all(&temp);
    }

    #[test]
    fn the_status_says_what_changed_or_where_the_mistake_is() {
        let built = Built {
            written: vec![
                "a/index.html".into(),
                "index.html".into(),
                "a/lesson-1.bin".into(),
                "sw.js".into(),
            ],
            removed: vec!["b/index.html".into()],
            ..Built::default()
        };
        let ok = status(&Ok(built));
        assert!(ok.contains("\"changed\":[\"\",\"a\",\"b\"],\"error\":null"), "{ok}");
        let mistake = compile::Error {
            path: "content/a.md".into(),
            line: 7,
            message: "a \"quote\"\nand a line".into(),
        };
        let failed = status(&Err(SiteError::Content(mistake)));
        assert!(
            failed.contains("\"error\":{\"file\":\"content/a.md\",\"line\":7,\"message\":\"a \\\"quote\\\"\\u000aand a line\"}"),
            "{failed}"
        );
        let app = Built { written: vec!["app/roundtrip-1.js".into()], ..Built::default() };
        assert!(status(&Ok(app)).contains("\"changed\":[\"*\"]"));
    }

    #[test]
    fn the_stylesheet_loses_comments_and_spaces_but_keeps_strings_and_meaning() {
        let css = "/* A comment, { with } braces; */\n.a > b ,\n.c:hover {\n  content: \" → \\\" /* not a comment */\";\n  margin: calc(1rem + 2px) 0;\n}\n\n@media (max-width: 36rem) {\n  .d { font-family: 'A B', serif; }\n}\n";
        assert_eq!(
            minify_css(css),
            ".a > b,.c:hover{content: \" → \\\" /* not a comment */\";margin: calc(1rem + 2px) 0;}@media (max-width: 36rem){.d{font-family: 'A B',serif;}}\n"
        );
    }
}
