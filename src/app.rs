//! The page: the lesson, and what it tells its host.

use yew::prelude::*;

use crate::host;
use crate::lesson::{LessonView, LESSON};

#[function_component]
pub fn App() -> Html {
    use_effect_with((), |_| host::page::describe(&LESSON.title, &LESSON.lang));
    html! {
        <main class="page">
            <LessonView document={&LESSON} />
        </main>
    }
}
