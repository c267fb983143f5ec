//! The practice back end: the lesson's practice API ([`api`]).

pub mod api;
