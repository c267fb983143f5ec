//! The course offline and installable, on a static host: a service worker
//! that keeps every page of the course, its data and the app, and a web app
//! manifest with icons drawn from the course's favicon. Written by the
//! course build (`site.rs`); never part of a learning platform's package.

use super::escape_json as json_string;

/// The worker's file, at the top of the built course (its scope is the course).
pub const WORKER: &str = "sw.js";
/// The manifest's file, beside the worker.
pub const MANIFEST: &str = "manifest.webmanifest";
/// The icons' sizes: what browsers ask of an installable app.
pub const ICON_SIZES: [u32; 2] = [192, 512];

/// The service worker for a build whose files (relative to the course's
/// top, `./` for the course page, `<lesson>/` for a lesson's) are `files`,
/// the build named `version`.
///
/// - On install it keeps every one of them, in a cache named for the build,
///   all or none; then it takes over at once.
/// - It answers a request for one of them from that cache (the network only
///   if the cache has lost it); it answers nothing else: the practice back
///   end, a learning record store, a platform, anything another site serves
///   go to the network as they always do. A learner's request from the lab
///   asks for no stored answer (`cache: 'no-store'`), so it goes to the
///   server even for a page the worker keeps: its status code is the
///   server's.
/// - When a new build's worker takes over, it removes the older builds'
///   caches. A page and its app and data always come from one build: the
///   app's files and the data are named by their content, and a page names
///   the ones it was built with.
///
/// The browser looks for a new worker (a new build) on every visit, in the
/// background: the visit after it has found one shows the new build, whole.
pub fn service_worker(version: &str, files: &[String]) -> String {
    let files: Vec<String> = files.iter().map(|file| json_string(file)).collect();
    format!(
        "// The course, offline: written by the build; see src/prerender/offline.rs.\n\
         const BUILD = {version};\n\
         const FILES = [{files}];\n\
         const scope = new URL(self.registration.scope);\n\
         const kept = new Set(FILES.map((file) => new URL(file, scope).href));\n\
         \n\
         self.addEventListener('install', (event) => {{\n\
         \x20 event.waitUntil(caches.open(BUILD).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));\n\
         }});\n\
         \n\
         self.addEventListener('activate', (event) => {{\n\
         \x20 event.waitUntil(\n\
         \x20   caches.keys()\n\
         \x20     .then((names) => Promise.all(names.filter((name) => name.startsWith('roundtrip-') && name !== BUILD).map((name) => caches.delete(name))))\n\
         \x20     .then(() => self.clients.claim()),\n\
         \x20 );\n\
         }});\n\
         \n\
         self.addEventListener('fetch', (event) => {{\n\
         \x20 const request = event.request;\n\
         \x20 if (request.method !== 'GET' || request.cache === 'no-store') return;\n\
         \x20 const url = new URL(request.url);\n\
         \x20 url.hash = '';\n\
         \x20 if (request.mode === 'navigate') {{\n\
         \x20   url.search = '';\n\
         \x20   if (url.pathname.endsWith('/index.html')) url.pathname = url.pathname.slice(0, -'index.html'.length);\n\
         \x20 }}\n\
         \x20 if (!kept.has(url.href)) return;\n\
         \x20 event.respondWith(\n\
         \x20   caches.open(BUILD).then((cache) => cache.match(url.href)).then((kept) => kept || fetch(request)),\n\
         \x20 );\n\
         }});\n",
        version = json_string(version),
        files = files.join(", "),
    )
}

/// What the manifest says of the course.
pub struct Installable<'a> {
    pub name: &'a str,
    pub lang: &'a str,
    pub description: &'a str,
    /// The page's background and the course's accent, as the stylesheet has them.
    pub background: &'a str,
    pub theme: &'a str,
    /// `(size, file relative to the manifest)`.
    pub icons: &'a [(u32, String)],
}

/// The web app manifest: the course installs as an app that opens on its page.
pub fn manifest(app: &Installable) -> String {
    let icons: Vec<String> = app
        .icons
        .iter()
        .map(|(size, src)| {
            format!(
                "{{\"src\": {}, \"sizes\": \"{size}x{size}\", \"type\": \"image/png\"}}",
                json_string(src)
            )
        })
        .collect();
    format!(
        "{{\n  \"name\": {name},\n  \"short_name\": {name},\n  \"description\": {description},\n  \
         \"lang\": {lang},\n  \"start_url\": \"./\",\n  \"scope\": \"./\",\n  \"display\": \"standalone\",\n  \
         \"background_color\": {background},\n  \"theme_color\": {theme},\n  \"icons\": [{icons}]\n}}\n",
        name = json_string(app.name),
        description = json_string(app.description),
        lang = json_string(app.lang),
        background = json_string(app.background),
        theme = json_string(app.theme),
        icons = icons.join(", "),
    )
}

/// The value the stylesheet gives `property` first (in `:root`), e.g. the
/// page's background for `--bg`.
pub fn token<'a>(css: &'a str, property: &str) -> Option<&'a str> {
    let at = css.find(&format!("{property}:"))? + property.len() + 1;
    let value = css[at..].split(';').next()?.trim();
    (!value.is_empty()).then_some(value)
}

/// The favicon (SVG), drawn as a PNG `size` pixels square.
pub fn icon(svg: &[u8], size: u32) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    let tree =
        usvg::Tree::from_data(svg, &usvg::Options::default()).map_err(|e| format!("favicon.svg: {e}"))?;
    let mut pixmap = tiny_skia::Pixmap::new(size, size).ok_or("an icon of no size")?;
    let scale = size as f32 / tree.size().width().max(tree.size().height());
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| format!("an icon of {size} px: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_keeps_the_build_and_answers_nothing_else() {
        let worker = service_worker("roundtrip-1", &["./".into(), "a/".into(), "a/lesson-1.bin".into()]);
        assert!(worker.contains("const BUILD = \"roundtrip-1\";"), "{worker}");
        assert!(worker.contains("const FILES = [\"./\", \"a/\", \"a/lesson-1.bin\"];"), "{worker}");
        assert!(worker.contains("if (!kept.has(url.href)) return;"), "anything else goes to the network");
        assert!(worker.contains("request.method !== 'GET' || request.cache === 'no-store'"), "the lab's own");
    }

    #[test]
    fn the_manifest_names_the_course_its_colours_and_icons() {
        let icons = [(192, "app/icon-192.png".to_owned()), (512, "app/icon-512.png".to_owned())];
        let text = manifest(&Installable {
            name: "Back \"End\"",
            lang: "en",
            description: "Start here.",
            background: "#fbfaf7",
            theme: "#0a58ca",
            icons: &icons,
        });
        assert!(text.contains("\"name\": \"Back \\\"End\\\"\""), "{text}");
        assert!(text.contains("\"start_url\": \"./\"") && text.contains("\"display\": \"standalone\""));
        assert!(
            text.contains("{\"src\": \"app/icon-512.png\", \"sizes\": \"512x512\", \"type\": \"image/png\"}")
        );
        assert_eq!(token(":root {\n  --bg: #fbfaf7;\n  --accent: #0a58ca;\n}", "--accent"), Some("#0a58ca"));
    }

    #[test]
    fn the_icons_are_drawn_from_the_favicon() {
        let svg = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/favicon.svg")).unwrap();
        for size in ICON_SIZES {
            let png = icon(&svg, size).unwrap();
            assert!(png.starts_with(b"\x89PNG"), "a PNG");
            // The PNG's own width and height, in its header.
            let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
            let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
            assert_eq!((width, height), (size, size));
        }
        assert!(icon(b"<svg", 192).is_err());
    }
}
