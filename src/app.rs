//! The page: the lesson, the feed that lets real requests play on the
//! diagram, the learner's progress (read from and written to storage), and
//! what a learning platform or a framing page is told.

use yew::prelude::*;

use crate::diagram::live::{LiveFeed, LiveFeedHandle};
use crate::host;
use crate::host::storage;
use crate::lesson::{Document, LessonView};
use crate::lms::completion;
use crate::lms::{messages, FrameControls};
use crate::progress::{self, Notice, ProgressAction, ProgressHandle, ProgressState};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The lesson the page is: the one compiled in, or a test's fixture.
    pub lesson: &'static Document,
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let lesson = props.lesson;
    use_effect_with((), |_| {
        host::page::mark_ready();
        host::page::describe(&lesson.title, &lesson.lang);
        // The browser looked for the address's #fragment before the lesson
        // existed; now that every heading and step has its id, go there.
        host::page::scroll_to_fragment();
    });
    // A platform, if any, hears of the learner's first visit at once.
    use_effect_with((), |_| {
        host::scorm::connect_platform();
    });
    use_effect_with((), |_| {
        let sizing = host::frame::start_sizing();
        move || drop(sizing)
    });

    let feed = use_reducer(LiveFeed::default);
    let progress = use_reducer(ProgressState::default);
    let key = progress::storage_key(lesson);

    // Read once, after the first render: rendering never touches the browser.
    {
        let progress = progress.clone();
        let key = key.clone();
        use_effect_with((), move |_| {
            progress.dispatch(ProgressAction::Loaded(progress::stored(storage::load(&key))));
        });
    }
    // Write on every change, once read, while storage takes it.
    {
        let state = progress.clone();
        use_effect_with((progress.progress.clone(), progress.loaded), move |(_, loaded)| {
            if !*loaded || !state.saving {
                return;
            }
            let written = match state.to_store() {
                Some(text) => storage::save(&key, &text),
                None => storage::clear(&key),
            };
            state.dispatch(match written {
                Ok(()) => ProgressAction::SaveWorked,
                Err(_) => ProgressAction::SaveFailed,
            });
        });
    }
    // Where the learner is reading, for the way back next time.
    {
        let progress = progress.clone();
        use_effect_with((), move |_| {
            let ids = lesson.outline.iter().map(|entry| entry.id.to_string()).collect();
            let listener =
                host::page::on_section_change(ids, move |id| progress.dispatch(ProgressAction::Visited(id)));
            move || drop(listener)
        });
    }

    // Every real request that came back is part of the learner's progress.
    {
        let progress = progress.clone();
        use_effect_with(feed.latest.clone(), move |latest| {
            if let Some(kind) = latest.as_ref().and_then(|request| request.kind()) {
                progress.dispatch(ProgressAction::RequestMade(kind));
            }
        });
    }

    let facts = completion::facts(lesson, &progress.progress);
    let completion = completion::evaluate(&lesson.completion, &facts);
    use_effect_with(completion, |completion| {
        host::scorm::report(*completion);
        let address = host::frame::own_address();
        if let Some(statement) =
            messages::statement(*completion, lesson.title.as_ref(), lesson.lang.as_ref(), &address)
        {
            host::frame::post_statement(&statement);
        }
    });

    // The way back, once followed, is put away.
    let resume_taken = use_state_eq(|| false);
    let take_resume = {
        let resume_taken = resume_taken.clone();
        Callback::from(move |_: MouseEvent| resume_taken.set(true))
    };

    html! {
        <ContextProvider<LiveFeedHandle> context={feed}>
                <ContextProvider<ProgressHandle> context={progress.clone()}>
                    <main class="page">
                        <FrameControls words={&lesson.embed} />
                        { progress_notes(lesson, &progress, *resume_taken, take_resume) }
                        <LessonView document={lesson} />
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
