//! A lesson as a cmi5 package: `cmi5.xml` (the course structure, cmi5 §13)
//! with the course and one assignable unit, beside the lesson's files. The
//! structure is checked against the specification's `CourseStructure.xsd`
//! (`xtask/schemas/cmi5/`).

use std::fmt::Write;

use roundtrip_document::platform::scaled;

use crate::scorm::{escape, Lesson};

/// The schema's namespace.
pub const NAMESPACE: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

/// How the platform judges the unit done (cmi5 §13.1.4 `moveOn`): with a
/// pass mark, completed and passed; without one, completed.
pub fn move_on(lesson: &Lesson) -> &'static str {
    match lesson.mastery_score {
        Some(_) => "CompletedAndPassed",
        None => "Completed",
    }
}

/// The course structure for `lesson`, launched from `launch` (a path in the package).
pub fn course_structure(lesson: &Lesson, description: &str, launch: &str) -> String {
    let lang = if lesson.lang.is_empty() { "und" } else { lesson.lang.as_str() };
    let text = |t: &str| format!("<langstring lang=\"{}\">{}</langstring>", escape(lang), escape(t));
    let id = escape(&lesson.id);
    let mut out = String::new();
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    let _ = writeln!(out, "<courseStructure xmlns=\"{NAMESPACE}\">");
    let _ = writeln!(out, "  <course id=\"urn:roundtrip:course:{id}\">");
    let _ = writeln!(out, "    <title>{}</title>", text(&lesson.title));
    let _ = writeln!(out, "    <description>{}</description>", text(description));
    let _ = writeln!(out, "  </course>");
    let mastery =
        lesson.mastery_score.map(|s| format!(" masteryScore=\"{}\"", scaled(s))).unwrap_or_default();
    let _ = writeln!(
        out,
        "  <au id=\"urn:roundtrip:au:{id}\" moveOn=\"{}\"{mastery} launchMethod=\"AnyWindow\">",
        move_on(lesson)
    );
    let _ = writeln!(out, "    <title>{}</title>", text(&lesson.title));
    let _ = writeln!(out, "    <description>{}</description>", text(description));
    let _ = writeln!(out, "    <url>{}</url>", escape(launch));
    let _ = writeln!(out, "  </au>");
    let _ = writeln!(out, "</courseStructure>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(mastery_score: Option<u8>) -> Lesson {
        Lesson { id: "what-is".into(), title: "What & why".into(), lang: "en".into(), mastery_score }
    }

    #[test]
    fn the_structure_has_what_cmi5_requires() {
        let xml = course_structure(&lesson(Some(80)), "About <it>", "what-is/index.html");
        assert!(xml.contains(&format!("<courseStructure xmlns=\"{NAMESPACE}\">")));
        assert!(xml.contains("<course id=\"urn:roundtrip:course:what-is\">"));
        assert!(xml.contains(
            "<au id=\"urn:roundtrip:au:what-is\" moveOn=\"CompletedAndPassed\" masteryScore=\"0.8\" launchMethod=\"AnyWindow\">"
        ));
        assert!(xml.contains("<title><langstring lang=\"en\">What &amp; why</langstring></title>"));
        assert!(
            xml.contains("<description><langstring lang=\"en\">About &lt;it&gt;</langstring></description>")
        );
        assert!(xml.contains("<url>what-is/index.html</url>"));
    }

    #[test]
    fn without_a_pass_mark_completing_is_enough() {
        let xml = course_structure(&lesson(None), "d", "x/index.html");
        assert!(xml.contains("moveOn=\"Completed\" launchMethod"));
        assert!(!xml.contains("masteryScore"));
    }
}
