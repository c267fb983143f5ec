//! A course: its title, its own words (if any) and its lessons in order,
//! read from the small TOML file beside the lessons (`content/course.toml`).
//! The build makes each lesson a folder named by its slug, and a course page
//! that lists them.

use serde::Deserialize;

/// The course file the build reads unless `ROUNDTRIP_COURSE` names another,
/// relative to the workspace root.
pub const DEFAULT_COURSE: &str = "content/course.toml";

/// A course, as its file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Course {
    pub title: String,
    pub lang: String,
    /// A sentence or two under the title on the course page.
    pub intro: Option<String>,
    /// The course's own words for the widgets (a TOML file beside the
    /// course file, shaped as the built-in `words.toml`), if it has any.
    pub words: Option<String>,
    /// The lessons, in the course's order.
    pub lessons: Vec<CourseLesson>,
}

/// One lesson of a course.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseLesson {
    /// The Markdown file, relative to the course file's folder.
    pub file: String,
    /// The folder the lesson is built into, and how other lessons link to it
    /// (`../<slug>`): the file's name without `.md`.
    pub slug: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    title: String,
    #[serde(default = "english")]
    lang: String,
    intro: Option<String>,
    words: Option<String>,
    lessons: Vec<String>,
}

fn english() -> String {
    "en".into()
}

/// Why a course file cannot be built, naming the file (and the line, when
/// the TOML says where).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct CourseError {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

/// Reads a course file. `path` is only used in error messages.
pub fn read(path: &str, text: &str) -> Result<Course, CourseError> {
    let error = |line: Option<usize>, message: String| CourseError { path: path.to_owned(), line, message };
    let file: File = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        error(line, e.message().trim().to_owned())
    })?;
    let line_of = |needle: &str| text.find(needle).map(|at| text[..at].matches('\n').count() + 1);
    if file.title.trim().is_empty() {
        return Err(error(line_of("title"), "`title` is empty".into()));
    }
    if file.lessons.is_empty() {
        return Err(error(line_of("lessons"), "`lessons` lists no lesson".into()));
    }
    let mut lessons: Vec<CourseLesson> = Vec::new();
    for name in &file.lessons {
        let at = line_of(&format!("\"{name}\""));
        let slug = slug_of(name).map_err(|why| error(at, format!("lesson `{name}`: {why}")))?;
        if lessons.iter().any(|lesson| lesson.slug == slug) {
            return Err(error(at, format!("lesson `{name}` is listed twice")));
        }
        lessons.push(CourseLesson { file: name.clone(), slug });
    }
    if let Some(words) = &file.words {
        if words.contains(['/', '\\']) || !words.ends_with(".toml") {
            return Err(error(
                line_of("words"),
                format!("words `{words}`: name a `.toml` file beside the course file"),
            ));
        }
    }
    Ok(Course { title: file.title, lang: file.lang, intro: file.intro, words: file.words, lessons })
}

/// `what-is-back-end.md` → `what-is-back-end`, if the name makes a plain
/// folder name in an address.
fn slug_of(name: &str) -> Result<String, String> {
    let Some(stem) = name.strip_suffix(".md") else {
        return Err("a lesson is a Markdown file whose name ends with `.md`".into());
    };
    if name.contains(['/', '\\']) {
        return Err("write the file's name only: lessons sit beside the course file".into());
    }
    let plain = stem.starts_with(|c: char| c.is_ascii_lowercase())
        && stem.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !plain {
        return Err("the name (it becomes the lesson's address) must be lower-case letters, digits and \
                    hyphens, starting with a letter"
            .into());
    }
    // The practice server answers `/api/` beside the course page.
    if stem == "api" {
        return Err("`api` is where the practice back end answers; choose another name".into());
    }
    Ok(stem.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_course_lists_its_lessons_in_order_with_their_folders() {
        let course = read(
            "course.toml",
            "title = \"Back End\"\nintro = \"Start here.\"\nlessons = [\"what-is.md\", \"ruby-intro.md\"]\n",
        )
        .unwrap();
        assert_eq!(course.title, "Back End");
        assert_eq!(course.lang, "en");
        assert_eq!(course.intro.as_deref(), Some("Start here."));
        let slugs: Vec<&str> = course.lessons.iter().map(|l| l.slug.as_str()).collect();
        assert_eq!(slugs, ["what-is", "ruby-intro"]);
        assert_eq!(course.lessons[1].file, "ruby-intro.md");
    }

    #[test]
    fn a_course_file_mistake_names_the_file_line_and_lesson() {
        let e = read("c.toml", "title = \"T\"\nlessons = [\"a.md\",\n  \"Ruby Intro.md\"]\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().starts_with("c.toml:3: lesson `Ruby Intro.md`"), "{e}");
        let e = read("c.toml", "title = \"T\"\nlessons = [\"a.md\", \"a.md\"]\n").unwrap_err();
        assert!(e.message.contains("listed twice"), "{e}");
        let e = read("c.toml", "title = \"T\"\nlessons = [\"notes.txt\"]\n").unwrap_err();
        assert!(e.message.contains("`.md`"), "{e}");
        let e = read("c.toml", "title = \"T\"\nlessons = [\"../x.md\"]\n").unwrap_err();
        assert!(e.message.contains("name only"), "{e}");
        let e = read("c.toml", "title = \"T\"\nlessons = [\"api.md\"]\n").unwrap_err();
        assert!(e.message.contains("practice back end"), "{e}");
        let e = read("c.toml", "title = \"T\"\nlessons = []\n").unwrap_err();
        assert!(e.message.contains("no lesson"), "{e}");
        let e = read("c.toml", "titel = \"T\"\nlessons = [\"a.md\"]\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("titel"), "{e}");
    }
}
