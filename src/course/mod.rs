//! The course page's part of the app: beside each lesson, how far the
//! learner has got in it, from what each lesson keeps in this browser (its
//! [`Standing`]), and a link to continue where they left off. Without
//! scripts the page lists the lessons as plain links. This file decides what
//! to say; `view.rs` shows it.

#[cfg(target_arch = "wasm32")]
mod view;

use roundtrip_document::{CourseEntry, CourseIndex, CourseWords};

use crate::platform::completion::Completion;
use crate::progress::Standing;
use crate::text::fill;

#[cfg(target_arch = "wasm32")]
pub use view::start;

/// What the course page says of one lesson: its state in words, and a mark
/// beside them (never the state by colour alone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonState {
    pub words: String,
    pub mark: Mark,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    NotStarted,
    InProgress,
    Complete,
}

impl Mark {
    /// For the stylesheet (`course-state-<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Mark::NotStarted => "not-started",
            Mark::InProgress => "in-progress",
            Mark::Complete => "complete",
        }
    }
}

/// A lesson's state, from what it keeps (`None`: nothing, or nothing readable).
pub fn state(standing: Option<&Standing>, words: &CourseWords) -> LessonState {
    let Some(standing) = standing else {
        return LessonState { words: words.not_started.to_string(), mark: Mark::NotStarted };
    };
    let score = |score: u8| score.to_string();
    match standing.completion {
        Completion::NotYet => match standing.score {
            Some(s) => LessonState {
                words: fill(&words.in_progress_score, &[("score", &score(s))]),
                mark: Mark::InProgress,
            },
            None => LessonState { words: words.in_progress.to_string(), mark: Mark::InProgress },
        },
        Completion::Completed => LessonState { words: words.complete.to_string(), mark: Mark::Complete },
        Completion::Passed { score: s } => {
            LessonState { words: fill(&words.passed, &[("score", &score(s))]), mark: Mark::Complete }
        }
        Completion::Failed { score: s } => {
            LessonState { words: fill(&words.failed, &[("score", &score(s))]), mark: Mark::Complete }
        }
    }
}

/// Where to go on: the lesson worked on last that is not complete, at the
/// section the learner was reading; else the first lesson not started. Where
/// every lesson is complete, nowhere. `standings` are the lessons', in order.
pub fn next_step(course: &CourseIndex, standings: &[Option<Standing>]) -> Option<(String, String)> {
    let words = &course.words;
    let lessons = course.lessons.iter().zip(standings);
    let unfinished = lessons
        .clone()
        .filter_map(|(entry, standing)| Some((entry, standing.as_ref()?)))
        .filter(|(_, standing)| !standing.completion.is_done())
        .max_by_key(|(_, standing)| standing.at);
    if let Some((entry, standing)) = unfinished {
        return Some(resume_at(entry, standing.section.as_deref(), words));
    }
    let (entry, _) = lessons.clone().find(|(_, standing)| standing.is_none())?;
    let template = if standings.iter().any(Option::is_some) { &words.resume } else { &words.start };
    Some((entry.href.to_string(), fill(template, &[("lesson", &entry.title)])))
}

/// The link back into a lesson: at the section it names, if the lesson has
/// it, else at the lesson's start.
fn resume_at(entry: &CourseEntry, section: Option<&str>, words: &CourseWords) -> (String, String) {
    match section.and_then(|id| entry.outline.iter().find(|e| e.id == id)) {
        Some(heading) => (
            format!("{}#{}", entry.href, heading.id),
            fill(&words.resume_at, &[("lesson", &entry.title), ("section", &heading.text)]),
        ),
        None => (entry.href.to_string(), fill(&words.resume, &[("lesson", &entry.title)])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use roundtrip_document::OutlineEntry;

    fn words() -> CourseWords {
        use roundtrip_document::compile::{compile, Place, Settings};
        let place = Place { slug: "a".into(), course: "C".into(), previous: None, next: None };
        let settings = Settings { place: Some(place), ..Settings::default() };
        compile("a.md", "# A\n", &settings).unwrap().course.unwrap().words
    }

    fn course() -> CourseIndex {
        let entry = |slug: &str, title: &str| CourseEntry {
            slug: slug.to_owned().into(),
            title: title.to_owned().into(),
            href: format!("{slug}/").into(),
            key: format!("roundtrip:{slug}").into(),
            outline: vec![OutlineEntry { level: 2, id: "goals".into(), text: "Goals".into() }].into(),
        };
        CourseIndex {
            title: "C".into(),
            lessons: vec![entry("a", "Lesson A"), entry("b", "Lesson B"), entry("c", "Lesson C")].into(),
            words: words(),
        }
    }

    fn at(completion: Completion, score: Option<u8>, section: Option<&str>, at: u64) -> Option<Standing> {
        Some(Standing { completion, score, section: section.map(str::to_owned), at })
    }

    #[test]
    fn each_state_is_said_in_words() {
        let w = words();
        assert_eq!(state(None, &w), LessonState { words: "Not started".into(), mark: Mark::NotStarted });
        let started = at(Completion::NotYet, None, None, 1);
        assert_eq!(state(started.as_ref(), &w).words, "In progress");
        let scored = at(Completion::NotYet, Some(40), None, 1);
        assert_eq!(state(scored.as_ref(), &w).words, "In progress: 40 out of 100 so far");
        let passed = at(Completion::Passed { score: 85 }, Some(85), None, 1);
        assert_eq!(
            state(passed.as_ref(), &w),
            LessonState { words: "Complete: 85 out of 100".into(), mark: Mark::Complete }
        );
        let failed = at(Completion::Failed { score: 40 }, Some(40), None, 1);
        assert!(state(failed.as_ref(), &w).words.contains("40 out of 100"));
    }

    #[test]
    fn the_learner_continues_where_they_were_last() {
        let c = course();
        assert_eq!(next_step(&c, &[None, None, None]), Some(("a/".into(), "Start: Lesson A".into())));
        let standings = [
            at(Completion::Passed { score: 90 }, Some(90), None, 5),
            at(Completion::NotYet, None, Some("goals"), 3),
            at(Completion::NotYet, None, Some("gone"), 2),
        ];
        assert_eq!(
            next_step(&c, &standings),
            Some(("b/#goals".into(), "Continue: Lesson B, at “Goals”".into()))
        );
        let standings =
            [at(Completion::Completed, None, None, 5), None, at(Completion::NotYet, None, Some("gone"), 6)];
        assert_eq!(next_step(&c, &standings), Some(("c/".into(), "Continue: Lesson C".into())));
        let standings = [at(Completion::Completed, None, None, 5), None, None];
        assert_eq!(next_step(&c, &standings), Some(("b/".into(), "Continue: Lesson B".into())));
        let done = at(Completion::Completed, None, None, 5);
        assert_eq!(next_step(&c, &[done.clone(), done.clone(), done]), None);
    }
}
