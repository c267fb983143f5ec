//! The page: the lesson, the feed that lets real requests play on the
//! diagram, the learner's progress (read from and written to storage), and
//! what a learning platform or a framing page is told. What it does besides
//! rendering is in [`hooks`], one named hook per job.

mod hooks;

use yew::prelude::*;

use crate::diagram::live::LiveFeed;
use crate::diagram::LiveFeedHandle;
use crate::frame::FrameControlsView;
use crate::lesson::{Document, LessonLink, LessonView};
use crate::progress::{Notice, ProgressHandle, ProgressState};
use hooks::{
    use_completion_report, use_course_standing, use_frame_sizing, use_page_ready, use_platform,
    use_requests_made, use_resume_taken, use_saved_progress, use_section_visits,
};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The lesson the page is: the one its data holds, or a test's fixture.
    pub lesson: &'static Document,
}

/// Brings the prerendered page to life with `data`, what the build wrote
/// for it (see [`roundtrip_document::wire`]). Data that cannot be read leaves
/// the page as the HTML it is, still whole, and says why in the console.
#[cfg(target_arch = "wasm32")]
pub fn start(data: &[u8]) {
    use roundtrip_document::{wire, Page};
    match wire::decode(data) {
        Ok(Page::Lesson(lesson)) => {
            // The page shows one lesson for as long as it is open.
            let lesson: &'static Document = Box::leak(Box::new(lesson));
            yew::Renderer::<App>::with_props(AppProps { lesson }).hydrate();
        }
        Ok(Page::Course(course)) => crate::course::start(course),
        Err(e) => crate::host::page::warn(&format!(
            "Roundtrip: {e}; the page stays as it is, without its controls."
        )),
    }
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let lesson = props.lesson;
    use_page_ready(lesson);
    let platform = use_platform();
    use_frame_sizing();
    let feed = use_reducer(LiveFeed::default);
    let progress = use_saved_progress(lesson, &platform);
    use_section_visits(lesson, &progress);
    use_requests_made(&feed, &progress);
    use_completion_report(lesson, &progress, &platform);
    use_course_standing(lesson, &progress, &platform);
    let (resume_taken, take_resume) = use_resume_taken();

    // The platform goes down as props, not a context: one more provider
    // would change the prerendered page hydration expects.
    html! {
        <ContextProvider<LiveFeedHandle> context={feed}>
            <ContextProvider<ProgressHandle> context={progress.clone()}>
                <main class="page">
                    <FrameControlsView words={&lesson.frame} platform={platform.clone()} />
                    { progress_notes(lesson, &progress, resume_taken, take_resume) }
                    <LessonView document={lesson} {platform} />
                    { course_nav(lesson) }
                </main>
            </ContextProvider<ProgressHandle>>
        </ContextProvider<LiveFeedHandle>>
    }
}

/// A quiet line when progress won't be kept, and a way back to where the
/// learner was last time. The way back arrives after the page is shown, so
/// in a window it floats over the page's foot (the stylesheet) rather than
/// pushing the lesson down; it goes once followed, or once the learner reads
/// elsewhere.
fn progress_notes(
    lesson: &'static Document,
    state: &ProgressState,
    resume_taken: bool,
    take_resume: Callback<MouseEvent>,
) -> Html {
    let words = &lesson.progress_words;
    let notice = state.notice.map(|notice| match notice {
        Notice::NotKept => words.not_kept.as_ref(),
        Notice::Unreadable => words.unreadable.as_ref(),
    });
    let resume = state
        .resume_to()
        .filter(|_| !resume_taken)
        .and_then(|id| lesson.outline.iter().skip(1).find(|entry| entry.id == id));
    html! {
        <div class="progress-notes">
            // Always present, so screen readers hear it when words arrive.
            <p class="progress-notice" role="status">
                if let Some(notice) = notice {
                    <span class="progress-notice-icon" aria-hidden="true">{ "ⓘ " }</span>{ notice }
                }
            </p>
            if let Some(entry) = resume {
                <p class="progress-resume">
                    <a href={format!("#{}", entry.id)} onclick={take_resume}>
                        { words.resume.as_ref() }{ ": " }{ entry.text.as_ref() }
                        <span aria-hidden="true">{ " ↓" }</span>
                    </a>
                </p>
            }
        </div>
    }
}

/// Links to the lessons before and after this one in its course, and to the
/// course page: plain links, that work without scripts.
fn course_nav(lesson: &'static Document) -> Html {
    let Some(place) = lesson.course.as_ref() else { return html! {} };
    let words = &place.words;
    let link = |class: &'static str, label: &str, link: &'static LessonLink, rel: &'static str| {
        html! {
            <a class={class} href={link.href.as_ref()} {rel}>
                <span class="course-nav-label">{ label }</span>
                <span class="course-nav-title">{ link.title.as_ref() }</span>
            </a>
        }
    };
    html! {
        <nav class="course-nav" aria-label={words.nav.as_ref()}>
            if let Some(previous) = place.previous.as_ref() {
                { link("course-nav-previous", &words.previous, previous, "prev") }
            }
            <a class="course-nav-all" href={place.home.as_ref()}>{ words.all_lessons.as_ref() }</a>
            if let Some(next) = place.next.as_ref() {
                { link("course-nav-next", &words.next, next, "next") }
            }
        </nav>
    }
}
