//! The page: the lesson, the feed that lets real requests play on the
//! diagram, and what a learning platform or a framing page is told.

use yew::prelude::*;

use crate::diagram::live::{LiveFeed, LiveFeedHandle, LiveOutcome};
use crate::host;
use crate::lesson::{LessonView, LESSON};
use crate::lms::activity::{Activity, ActivityEvent, ActivityHandle};
use crate::lms::completion::{diagram_steps_total, evaluate};
use crate::lms::{messages, FrameControls};

#[function_component]
pub fn App() -> Html {
    use_effect_with((), |_| {
        host::page::describe(&LESSON.title, &LESSON.lang);
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
    let activity = use_reducer(Activity::default);
    {
        // Every real request that came back counts towards completion.
        let activity = activity.clone();
        use_effect_with(feed.latest.clone(), move |latest| {
            if let Some(request) = latest {
                if matches!(request.outcome, Some(LiveOutcome::Answered { .. })) {
                    activity.dispatch(ActivityEvent::RequestAnswered { id: request.id });
                }
            }
        });
    }

    // The platform keeps a summary between visits until the learner's
    // progress is saved in its own format (through the same two functions).
    use_effect_with(activity.summary(), |summary| {
        if host::scorm::connect_platform().is_some() {
            let _ = host::scorm::save_suspend_data(summary).map_err(host::scorm::warn);
        }
    });

    let completion = evaluate(&LESSON.completion, &activity.facts(diagram_steps_total(&LESSON)));
    use_effect_with(completion, |completion| {
        host::scorm::report(*completion);
        if let Some(statement) = messages::statement(*completion, LESSON.title.as_ref()) {
            host::frame::post_statement(&statement);
        }
    });

    html! {
        <ContextProvider<LiveFeedHandle> context={feed}>
            <ContextProvider<ActivityHandle> context={activity}>
                <main class="page">
                    <FrameControls words={&LESSON.embed} />
                    <LessonView document={&LESSON} />
                </main>
            </ContextProvider<ActivityHandle>>
        </ContextProvider<LiveFeedHandle>>
    }
}
