//! Knowledge checks: the pure grading ([`grade`]), one check as the learner
//! works on it ([`attempt`]), and the lesson's score ([`score`]).

pub mod attempt;
pub mod grade;
pub mod score;

pub use grade::{grade, key, Answer, AnswerError, Grade, Mark, Verdict};
