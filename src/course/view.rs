//! Shows what `course/mod.rs` decides on the course page: each lesson's
//! state in the element the build left for it, and the way to continue.

use roundtrip_document::CourseIndex;
use yew::prelude::*;

use super::{next_step, state, LessonState, Mark};
use crate::host::{page, storage};
use crate::progress::{standing, Standing};

/// Fills in the course page: reads each lesson's standing from this
/// browser's storage (none where it is refused: every lesson then reads as
/// not started) and shows it.
pub fn start(course: CourseIndex) {
    let standings: Vec<Option<Standing>> = course
        .lessons
        .iter()
        .map(|entry| {
            let kept = storage::load(None, &standing::key(&entry.key)).ok().flatten();
            kept.and_then(|text| Standing::decode(&text))
        })
        .collect();
    for (entry, standing) in course.lessons.iter().zip(&standings) {
        if let Some(root) = page::element(&format!("course-state-{}", entry.slug)) {
            let state = state(standing.as_ref(), &course.words);
            yew::Renderer::<StateView>::with_root_and_props(root, StateViewProps { state }).render();
        }
    }
    // The page's own link leads to the first lesson; the app's, where to go on.
    if let (Some(root), Some((href, words))) = (page::element("course-next"), next_step(&course, &standings))
    {
        root.set_text_content(None);
        yew::Renderer::<NextStepView>::with_root_and_props(root, NextStepViewProps { href, words }).render();
    }
    page::mark_ready();
}

#[derive(Properties, PartialEq)]
struct StateViewProps {
    state: LessonState,
}

#[function_component]
fn StateView(props: &StateViewProps) -> Html {
    let mark = props.state.mark;
    let symbol = match mark {
        Mark::NotStarted => "○",
        Mark::InProgress => "◐",
        Mark::Complete => "✓",
    };
    html! {
        <span class={classes!("course-state", format!("course-state-{}", mark.name()))}>
            <span class="course-state-mark" aria-hidden="true">{ symbol }</span>
            { props.state.words.as_str() }
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct NextStepViewProps {
    href: String,
    words: String,
}

#[function_component]
fn NextStepView(props: &NextStepViewProps) -> Html {
    html! {
        <a class="course-next-link" href={props.href.clone()}>
            { props.words.as_str() }<span aria-hidden="true">{ " →" }</span>
        </a>
    }
}
