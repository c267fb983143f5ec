//! The app's side of the lesson: the components that render its document
//! ([`LessonView`]). The document arrives with the page, as data the build
//! compiled from `content/`; its types (re-exported here) and the compiler
//! are the `roundtrip-document` crate's, in `document/`.

/// The lessons of `tests/fixtures/`, for the unit tests.
#[cfg(test)]
pub(crate) mod fixtures;
mod view;
#[cfg(test)]
mod what_is_back_end;

pub use roundtrip_document::{
    Block, Check, CheckWords, Choice, Choose, CompletionWords, CountWords, CoursePlace, CourseWords, Diagram,
    DiagramLabelWords, Document, FrameWords, Goal, Inline, Lab, LessonLink, LinkKind, LiveWords, Method,
    Order, OrderStep, OutlineEntry, Preset, ProgressWords, Scenario, Sort, SortItem, Stage, Step, Summary,
    Task, Widget,
};
pub use view::{widget_view, LessonView, LessonViewProps};
