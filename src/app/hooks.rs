//! What the page does besides rendering, one named hook per job. Each runs
//! in effects only, after the first render, so that render stays the one the
//! build prerendered (see `crate::prerender`).

use std::rc::Rc;

use yew::prelude::*;

use crate::diagram::LiveFeedHandle;
use crate::host;
use crate::host::platform::PlatformState;
use crate::host::storage;
use crate::lesson::Document;
use crate::lrs::outbox::RecordState;
use crate::platform::completion;
use crate::progress::{self, standing, ProgressAction, ProgressHandle, ProgressState, Standing};
use crate::store::{use_store, Store};

/// Wakes the prerendered page: its controls stop looking inactive, the tab
/// is named for the lesson, and the address's `#fragment`, looked for before
/// the lesson existed, is found now that every heading and step has its id.
#[hook]
pub fn use_page_ready(lesson: &'static Document) {
    use_effect_with((), move |_| {
        host::page::mark_ready();
        host::page::describe(&lesson.title, &lesson.lang);
        host::page::scroll_to_fragment();
    });
}

/// The learning platform, if the lesson runs on one: connected once, at
/// once (it hears of the learner's first visit even if they never answer
/// anything), and put in `store` for every part of the page. `Unknown`
/// during the first render, which must not touch the browser. A learning
/// record store the page's address names (an xAPI or cmi5 launch, see
/// `crate::lrs`) is started at the same moment, and tells `record` how it goes.
#[hook]
pub fn use_platform(
    lesson: &'static Document,
    store: &Rc<Store<PlatformState>>,
    record: &Rc<Store<RecordState>>,
) -> PlatformState {
    let platform = use_store(store);
    {
        let platform = platform.clone();
        let record = record.clone();
        use_effect_with((), move |_| {
            platform.dispatch(PlatformState::connect());
            host::lrs::start(lesson, record);
        });
    }
    (*platform).clone()
}

/// Keeps a framing page told of the lesson's height, so the frame fits it
/// without a scroll bar of its own.
#[hook]
pub fn use_frame_sizing() {
    use_effect_with((), |_| {
        let sizing = host::frame::start_sizing();
        move || drop(sizing)
    });
}

/// The learner's progress, shared with the widgets: read once, where
/// `platform` says it is kept, as soon as that is known (rendering never
/// touches the browser), and written back on every change once read, while
/// storage takes it, so an early write never overwrites what was saved
/// last time.
#[hook]
pub fn use_saved_progress(
    lesson: &'static Document,
    store: &Rc<Store<ProgressState>>,
    platform: &PlatformState,
) -> ProgressHandle {
    let progress = use_store(store);
    let key = progress::storage_key(lesson);
    {
        let progress = progress.clone();
        let key = key.clone();
        use_effect_with(platform.clone(), move |platform| {
            if platform.is_known() {
                let read = storage::load(platform.connected(), &key);
                progress.dispatch(ProgressAction::Loaded(progress::stored(read)));
            }
        });
    }
    {
        let state = progress.clone();
        let platform = platform.clone();
        use_effect_with((progress.progress.clone(), progress.loaded), move |(_, loaded)| {
            // Read only once the platform was known: `platform` is where from.
            if !*loaded || !state.saving {
                return;
            }
            let written = match state.to_store() {
                Some(text) => storage::save(platform.connected(), &key, &text),
                None => storage::clear(platform.connected(), &key),
            };
            state.dispatch(match written {
                Ok(()) => ProgressAction::SaveWorked,
                Err(_) => ProgressAction::SaveFailed,
            });
        });
    }
    progress
}

/// Records which section the learner is reading, so the next visit can
/// offer the way back to it.
#[hook]
pub fn use_section_visits(lesson: &'static Document, progress: &ProgressHandle) {
    let progress = progress.clone();
    use_effect_with((), move |_| {
        let ids = lesson.outline.iter().map(|entry| entry.id.to_string()).collect();
        let listener =
            host::page::on_section_change(ids, move |id| progress.dispatch(ProgressAction::Visited(id)));
        move || drop(listener)
    });
}

/// Records every real request that came back from a server: the completion
/// rule may ask for some, and they are part of what is saved.
#[hook]
pub fn use_requests_made(feed: &LiveFeedHandle, progress: &ProgressHandle) {
    let progress = progress.clone();
    use_effect_with(feed.latest.clone(), move |latest| {
        if let Some(kind) = latest.as_ref().and_then(|request| request.kind()) {
            progress.dispatch(ProgressAction::RequestMade(kind));
        }
    });
}

/// Reports where the learner stands against the lesson's completion rule
/// (see [`crate::report`]), each time that changes, from the moment the
/// platform is known (so nobody hears the same news twice).
#[hook]
pub fn use_completion_report(lesson: &'static Document, progress: &ProgressState, platform: &PlatformState) {
    let facts = completion::facts(lesson, &progress.progress);
    let completion = completion::evaluate(&lesson.completion, &facts);
    use_effect_with((completion, platform.clone()), move |(completion, platform)| {
        if platform.is_known() {
            crate::report::completion(platform, lesson, *completion);
        }
    });
}

/// Keeps, beside the lesson's progress in this browser, how far the learner
/// has got (see [`standing`]), for the course page to show: for a lesson
/// built as part of a course, outside a learning platform (whose own pages
/// say it), once saved progress is read, while storage takes it.
#[hook]
pub fn use_course_standing(lesson: &'static Document, progress: &ProgressState, platform: &PlatformState) {
    let facts = completion::facts(lesson, &progress.progress);
    let completion = completion::evaluate(&lesson.completion, &facts);
    let section = progress.progress.last_section().map(str::to_owned);
    let empty = progress.progress.is_empty();
    let ready = progress.loaded && progress.saving && platform.is_known() && platform.connected().is_none();
    use_effect_with(
        (completion, facts.score, section, empty, ready),
        move |(completion, score, section, empty, ready)| {
            if !*ready || lesson.course.is_none() {
                return;
            }
            let key = standing::key(&progress::storage_key(lesson));
            // Where storage refuses, the progress notice already says so.
            let _ = if *empty {
                storage::clear(None, &key)
            } else {
                let standing = Standing {
                    completion: *completion,
                    score: *score,
                    section: section.clone(),
                    at: host::page::now_ms(),
                };
                storage::save(None, &key, &standing.encode())
            };
        },
    );
}
