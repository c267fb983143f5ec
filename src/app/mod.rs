//! The lesson's page as an app. The build prerendered the whole page; only
//! its interactive parts come to life here, each a Yew app of its own over
//! its prerendered HTML (an [`Island`]: a widget, the frame's controls, the
//! notes about progress), while the text around them stays the HTML it is.
//! The islands share the learner's progress, the feed of live requests and
//! the learning platform through [`Stores`]; what the page does besides
//! rendering (reading and saving progress, telling a platform, sizing a
//! frame) is in [`hooks`], one named hook per job, run by [`PageWork`], a
//! part of the app that shows nothing.

mod hooks;
mod island;

use std::rc::Rc;

use yew::prelude::*;

use crate::diagram::live::LiveFeed;
use crate::host::platform::PlatformState;
use crate::lesson::Document;
use crate::lrs::outbox::RecordState;
use crate::progress::ProgressState;
use crate::store::{use_store, Store};
use hooks::{
    use_completion_report, use_course_standing, use_frame_sizing, use_page_ready, use_platform,
    use_requests_made, use_saved_progress, use_section_visits,
};
pub use island::{holder, parts, Island, IslandProps, Part};

/// What the page's parts share, each in a store of its own.
#[derive(Clone)]
pub struct Stores {
    pub progress: Rc<Store<ProgressState>>,
    pub feed: Rc<Store<LiveFeed>>,
    pub platform: Rc<Store<PlatformState>>,
    /// How recording in a learning record store goes, if the launch asked for it.
    pub record: Rc<Store<RecordState>>,
}

impl Default for Stores {
    fn default() -> Self {
        Stores {
            progress: Store::new(ProgressState::default()),
            feed: Store::new(LiveFeed::default()),
            platform: Store::new(PlatformState::default()),
            record: Store::new(RecordState::default()),
        }
    }
}

impl PartialEq for Stores {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.progress, &other.progress)
            && Rc::ptr_eq(&self.feed, &other.feed)
            && Rc::ptr_eq(&self.platform, &other.platform)
            && Rc::ptr_eq(&self.record, &other.record)
    }
}

/// The record store's news replaces what was known.
impl Reducible for RecordState {
    type Action = RecordState;

    fn reduce(self: Rc<Self>, news: RecordState) -> Rc<Self> {
        if *self == news {
            self
        } else {
            Rc::new(news)
        }
    }
}

/// The platform is found once, after the first render: the state is the
/// news itself.
impl Reducible for PlatformState {
    type Action = PlatformState;

    fn reduce(self: Rc<Self>, found: PlatformState) -> Rc<Self> {
        if *self == found {
            self
        } else {
            Rc::new(found)
        }
    }
}

/// Brings the prerendered page to life with `data`, what the build wrote
/// for it (see [`roundtrip_document::wire`]). Data that cannot be read leaves
/// the page as the HTML it is, still whole, and says why in the console.
#[cfg(target_arch = "wasm32")]
pub fn start(data: &[u8]) {
    use roundtrip_document::{wire, Page};
    match crate::host::page::timed("roundtrip-data", || wire::decode(data)) {
        Ok(Page::Lesson(lesson)) => {
            // The page shows one lesson for as long as it is open.
            let lesson: &'static Document = Box::leak(Box::new(Document::from(lesson)));
            std::mem::forget(mount(lesson, Mount::Hydrate));
        }
        Ok(Page::Course(course)) => crate::course::start(course),
        // The loader hands over nothing when the data could not be fetched.
        Err(_) if data.is_empty() => crate::host::page::warn(
            "Roundtrip: the page's data could not be loaded; the page stays as it is, without its controls.",
        ),
        Err(e) => crate::host::page::warn(&format!(
            "Roundtrip: {e}; the page stays as it is, without its controls."
        )),
    }
}

/// How the page's parts come to life.
#[cfg(target_arch = "wasm32")]
pub enum Mount {
    /// Over the prerendered HTML of the page, each in the element that holds it.
    Hydrate,
    /// Drawn afresh, each in an element of its own added to this one (for
    /// tests: no prerendered page around them).
    Into(crate::host::page::Element),
}

/// The page's apps, running; dropping it takes them down.
#[cfg(target_arch = "wasm32")]
pub struct Mounted {
    islands: Vec<yew::AppHandle<Island>>,
    work: Option<yew::AppHandle<PageWork>>,
}

#[cfg(target_arch = "wasm32")]
impl Drop for Mounted {
    fn drop(&mut self) {
        for island in self.islands.drain(..) {
            island.destroy();
        }
        if let Some(work) = self.work.take() {
            work.destroy();
        }
    }
}

/// Brings `lesson`'s page to life: each island, sharing one set of stores,
/// and the page's work. An island whose element is missing is left out.
#[cfg(target_arch = "wasm32")]
pub fn mount(lesson: &'static Document, how: Mount) -> Mounted {
    let stores = Stores::default();
    let mut islands = Vec::new();
    for part in parts(lesson) {
        let props = IslandProps { lesson, part, stores: stores.clone() };
        match &how {
            Mount::Hydrate => {
                if let Some(root) = crate::host::page::element(&part.id()) {
                    islands.push(yew::Renderer::<Island>::with_root_and_props(root, props).hydrate());
                }
            }
            Mount::Into(parent) => {
                let Some(root) = crate::host::page::new_div(&part.id(), Some(parent)) else { continue };
                islands.push(yew::Renderer::<Island>::with_root_and_props(root, props).render());
            }
        }
    }
    // The page's work shows nothing: it lives in an element of its own, off the page.
    let work = crate::host::page::new_div("roundtrip-page-work", None).map(|root| {
        yew::Renderer::<PageWork>::with_root_and_props(root, PageWorkProps { lesson, stores }).render()
    });
    Mounted { islands, work }
}

#[derive(Properties, PartialEq)]
pub struct PageWorkProps {
    pub lesson: &'static Document,
    pub stores: Stores,
}

/// What the page does besides rendering, one named hook per job; it shows nothing.
#[function_component]
pub fn PageWork(props: &PageWorkProps) -> Html {
    let lesson = props.lesson;
    use_page_ready(lesson);
    let platform = use_platform(lesson, &props.stores.platform, &props.stores.record);
    use_frame_sizing();
    let feed = use_store(&props.stores.feed);
    let progress = use_saved_progress(lesson, &props.stores.progress, &platform);
    use_section_visits(lesson, &progress);
    use_requests_made(&feed, &progress);
    use_completion_report(lesson, &progress, &platform);
    use_course_standing(lesson, &progress, &platform);
    html! {}
}
