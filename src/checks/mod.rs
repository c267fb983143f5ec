//! Knowledge checks: the pure grading ([`grade`]), one check as the learner
//! works on it ([`attempt`]), the lesson's score ([`score`]), Start over
//! ([`start_over`]), and their views.

pub mod attempt;
pub mod grade;
pub mod score;
pub mod start_over;
mod summary;
mod view;

pub use grade::{grade, key, Answer, AnswerError, Grade, Mark, Verdict};
pub use summary::{SummaryView, SummaryViewProps};
pub use view::{CheckView, CheckViewProps};
