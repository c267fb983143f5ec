//! The course page, `dist/index.html`: the course's title, its line under
//! the title, and a link to each lesson's folder in the course's order. Plain
//! HTML and one stylesheet: it needs no script.

use roundtrip_document::course::Course;

use crate::scorm::escape;

/// A lesson as the course page lists it.
pub struct Listed {
    pub slug: String,
    pub title: String,
    /// What the lesson's first paragraph says, for a line under its title.
    pub about: Option<String>,
}

/// The page's one stylesheet, beside it: the lessons' base styles, then the
/// course page's own.
pub const STYLESHEET: &str = "course.css";

/// The course page. Every word comes from the course file or the lessons.
pub fn page(course: &Course, lessons: &[Listed]) -> String {
    let mut items = String::new();
    for lesson in lessons {
        items.push_str(&format!(
            "<li><a href=\"{slug}/\">{title}</a>{about}</li>\n",
            slug = escape(&lesson.slug),
            title = escape(&lesson.title),
            about = lesson
                .about
                .as_deref()
                .map(|about| format!("<span class=\"course-lesson-goal\">{}</span>", escape(about)))
                .unwrap_or_default(),
        ));
    }
    let intro =
        course.intro.as_deref().map(|intro| format!("<p>{}</p>\n", escape(intro))).unwrap_or_default();
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; \
         img-src 'self'; base-uri 'none'; form-action 'none'\">\n\
         <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <title>{title}</title>\n\
         <link rel=\"icon\" href=\"favicon.svg\">\n\
         <link rel=\"stylesheet\" href=\"{STYLESHEET}\">\n\
         </head>\n<body>\n<main class=\"page course\">\n<h1>{title}</h1>\n{intro}\
         <ol class=\"course-lessons\">\n{items}</ol>\n</main>\n</body>\n</html>\n",
        lang = escape(&course.lang),
        title = escape(&course.title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use roundtrip_document::course::CourseLesson;

    #[test]
    fn the_course_page_links_each_lesson_folder_in_order_and_escapes_words() {
        let course = Course {
            title: "Back <End>".into(),
            lang: "en".into(),
            intro: Some("Start & go.".into()),
            lessons: vec![CourseLesson { file: "a.md".into(), slug: "a".into() }],
        };
        let lessons = [
            Listed { slug: "a".into(), title: "First \"one\"".into(), about: Some("About a.".into()) },
            Listed { slug: "b".into(), title: "Second".into(), about: None },
        ];
        let page = page(&course, &lessons);
        assert!(page.contains("<title>Back &lt;End&gt;</title>"), "{page}");
        assert!(page.contains("<p>Start &amp; go.</p>"), "{page}");
        let first = page.find("<a href=\"a/\">First &quot;one&quot;</a>").expect("the first lesson");
        let second = page.find("<a href=\"b/\">Second</a></li>").expect("the second lesson");
        assert!(first < second, "in the course's order");
        assert!(page.contains("<span class=\"course-lesson-goal\">About a.</span>"));
        assert!(page.starts_with(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta http-equiv=\"Content-Security-Policy\""
        ));
    }
}
