//! The page: the lesson, and the feed that lets real requests play on the diagram.

use yew::prelude::*;

use crate::diagram::live::{LiveFeed, LiveFeedHandle};
use crate::host;
use crate::lesson::{LessonView, LESSON};

#[function_component]
pub fn App() -> Html {
    use_effect_with((), |_| {
        host::page::describe(&LESSON.title, &LESSON.lang);
        // The browser looked for the address's #fragment before the lesson
        // existed; now that every heading and step has its id, go there.
        host::page::scroll_to_fragment();
    });
    let feed = use_reducer(LiveFeed::default);
    html! {
        <ContextProvider<LiveFeedHandle> context={feed}>
            <main class="page">
                <LessonView document={&LESSON} />
            </main>
        </ContextProvider<LiveFeedHandle>>
    }
}
