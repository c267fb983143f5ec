//! The page: the lesson, the feed that lets real requests play on the
//! diagram, the learner's progress (read from and written to storage), and
//! what a learning platform or a framing page is told. What it does besides
//! rendering is in [`hooks`], one named hook per job.

mod hooks;

use yew::prelude::*;

use crate::diagram::live::LiveFeed;
use crate::diagram::LiveFeedHandle;
use crate::frame::FrameControlsView;
use crate::lesson::{Document, LessonView};
use crate::progress::{Notice, ProgressHandle, ProgressState};
use hooks::{
    use_completion_report, use_frame_sizing, use_page_ready, use_platform, use_requests_made,
    use_resume_taken, use_saved_progress, use_section_visits,
};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The lesson the page is: the one compiled in, or a test's fixture.
    pub lesson: &'static Document,
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
    let Some(words) = lesson.progress_words.as_ref() else { return html! {} };
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
