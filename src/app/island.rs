//! One interactive part of the page, as a Yew app of its own over the HTML
//! the build prerendered for it (an island): a widget, the frame's controls,
//! or the notes about the learner's progress. Every island sees the same
//! shared state (see [`Stores`]).

use yew::prelude::*;

use super::Stores;
use crate::diagram::LiveFeedHandle;
use crate::frame::FrameControlsView;
use crate::lesson::{widget_view, Document, Widget};
use crate::lrs::outbox::RecordState;
use crate::progress::{Notice, ProgressHandle};
use crate::store::use_store;

/// Which part of the page an island is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The frame's controls, first on the page.
    Frame,
    /// The notes about the learner's progress: kept or not, and the way back.
    Notes,
    /// A widget, by its place among the document's widgets.
    Widget(usize),
}

impl Part {
    /// The id of the element that holds the island.
    pub fn id(self) -> String {
        match self {
            Part::Frame => "roundtrip-frame".to_owned(),
            Part::Notes => "roundtrip-notes".to_owned(),
            Part::Widget(i) => format!("roundtrip-widget-{i}"),
        }
    }
}

/// The parts of `lesson`'s page that are islands, in the order the page
/// shows them. A table of contents is plain links: no island.
pub fn parts(lesson: &Document) -> Vec<Part> {
    let widgets = lesson.widgets().into_iter().enumerate();
    let interactive = widgets.filter(|(_, widget)| !matches!(widget, Widget::Contents { .. }));
    [Part::Frame, Part::Notes].into_iter().chain(interactive.map(|(i, _)| Part::Widget(i))).collect()
}

/// `html`, an island's prerendered HTML, in the element that holds it.
pub fn holder(part: Part, html: &str) -> String {
    format!("<div class=\"island\" id=\"{}\">{html}</div>", part.id())
}

#[derive(Properties, PartialEq)]
pub struct IslandProps {
    pub lesson: &'static Document,
    pub part: Part,
    pub stores: Stores,
}

#[function_component]
pub fn Island(props: &IslandProps) -> Html {
    let lesson = props.lesson;
    let feed = use_store(&props.stores.feed);
    let progress = use_store(&props.stores.progress);
    let platform = use_store(&props.stores.platform);
    let record = use_store(&props.stores.record);
    let shown = match props.part {
        Part::Frame => html! { <FrameControlsView words={&lesson.frame} platform={(*platform).clone()} /> },
        Part::Notes => {
            html! { <ProgressNotes {lesson} progress={progress.clone()} record={(*record).clone()} /> }
        }
        Part::Widget(i) => match lesson.widgets().get(i) {
            Some(widget) => widget_view(lesson, &platform, widget),
            None => html! {},
        },
    };
    // The platform goes down as props, not a context: one more provider
    // would change the prerendered HTML hydration expects.
    html! {
        <ContextProvider<LiveFeedHandle> context={feed}>
            <ContextProvider<ProgressHandle> context={progress}>
                { shown }
            </ContextProvider<ProgressHandle>>
        </ContextProvider<LiveFeedHandle>>
    }
}

#[derive(Properties, PartialEq)]
struct ProgressNotesProps {
    lesson: &'static Document,
    progress: ProgressHandle,
    /// How recording in a learning record store goes.
    record: RecordState,
}

/// A quiet line when progress won't be kept, and a way back to where the
/// learner was last time. The way back arrives after the page is shown, so
/// in a window it floats over the page's foot (the stylesheet) rather than
/// pushing the lesson down; it goes once followed, or once the learner reads
/// elsewhere.
#[function_component]
fn ProgressNotes(props: &ProgressNotesProps) -> Html {
    let lesson = props.lesson;
    let words = &lesson.progress_words;
    let taken = use_state_eq(|| false);
    let take = {
        let taken = taken.clone();
        Callback::from(move |_: MouseEvent| taken.set(true))
    };
    // Online until the browser says otherwise (the first render must not ask it).
    let online = use_state_eq(|| true);
    {
        let online = online.clone();
        use_effect_with((), move |_| {
            online.set(crate::host::page::is_online());
            let listeners = crate::host::page::on_online_change(move |now| online.set(now));
            move || drop(listeners)
        });
    }
    let notice = props.progress.notice.map(|notice| match notice {
        Notice::NotKept => words.not_kept.as_ref(),
        Notice::Unreadable => words.unreadable.as_ref(),
    });
    // Offline, and progress kept: the lesson says it quietly. Where progress
    // is not kept, that notice says more than this one could.
    let notice = match (notice, *online) {
        (None, false) => Some(words.offline.as_ref()),
        (notice, _) => notice,
    };
    let record = &props.record;
    let record_notice = if record.unusable {
        Some(words.record_unusable.as_ref())
    } else if record.ended {
        Some(words.record_ended.as_ref())
    } else if record.full {
        Some(words.record_full.as_ref())
    } else if record.refused > 0 {
        Some(words.record_refused.as_ref())
    } else {
        None
    };
    let leave = Callback::from(|_: MouseEvent| crate::host::lrs::leave());
    let resume = props
        .progress
        .resume_to()
        .filter(|_| !*taken)
        .and_then(|id| lesson.outline.iter().skip(1).find(|entry| entry.id == id));
    html! {
        <div class="progress-notes">
            // Always present, so screen readers hear it when words arrive.
            <p class="progress-notice" role="status">
                if let Some(notice) = notice {
                    <span class="progress-notice-icon" aria-hidden="true">{ "i" }</span>{ notice }
                }
            </p>
            if let Some(record_notice) = record_notice {
                <p class="progress-notice" role="status">
                    <span class="progress-notice-icon" aria-hidden="true">{ "i" }</span>{ record_notice }
                </p>
            }
            if let Some(back) = &record.return_to {
                <p class="progress-return">
                    <a href={back.clone()} onclick={leave}>{ words.back_to_platform.as_ref() }</a>
                </p>
            }
            if let Some(entry) = resume {
                <p class="progress-resume">
                    <a href={format!("#{}", entry.id)} onclick={take}>
                        { words.resume.as_ref() }{ ": " }{ entry.text.as_ref() }
                        <span aria-hidden="true">{ " ↓" }</span>
                    </a>
                </p>
            }
        </div>
    }
}
