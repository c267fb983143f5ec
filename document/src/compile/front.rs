//! The front matter: the TOML between the `+++` lines, and what it says
//! about completion, checked against the lesson it heads.

use serde::Deserialize;

use crate::model::{Amount, Block, CheckWords, CompletionRule, FrameWords, ProgressWords};

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct FrontMatter {
    pub(super) title: Option<String>,
    pub(super) lang: Option<String>,
    pub(super) course_base: Option<String>,
    pub(super) practice_api: Option<String>,
    pub(super) checks: Option<CheckWords>,
    pub(super) progress: Option<ProgressWords>,
    pub(super) completion: CompletionRule,
    /// `[frame]`; `[embed]` is the older spelling, still read.
    #[serde(alias = "embed")]
    pub(super) frame: FrameWords,
}

impl Default for FrameWords {
    fn default() -> Self {
        FrameWords {
            name: "Lesson window".into(),
            new_tab: "Open in a new tab".into(),
            fullscreen: "Full screen".into(),
            exit_fullscreen: "Exit full screen".into(),
            fullscreen_refused: "This page does not allow full screen here.".into(),
        }
    }
}

/// `"all"`, or a whole number.
impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Amount;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("\"all\" or a whole number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
                match v {
                    "all" => Ok(Amount::All),
                    other => Err(E::custom(format!("expected \"all\" or a whole number, found \"{other}\""))),
                }
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Amount, E> {
                u32::try_from(v)
                    .map(Amount::AtLeast)
                    .map_err(|_| E::custom(format!("expected \"all\" or a whole number, found {v}")))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A completion rule must be one a learner can meet in this lesson.
pub(super) fn validate_completion(rule: &CompletionRule, blocks: &[Block]) -> Result<(), String> {
    if let Some(steps) = rule.diagram_steps {
        let total = crate::model::diagram_steps(blocks);
        if total == 0 {
            return Err("[completion] diagram_steps: the lesson has no {diagram}".into());
        }
        if let Amount::AtLeast(n) = steps {
            if n as usize > total {
                return Err(format!("[completion] diagram_steps = {n}, but the diagram has {total} steps"));
            }
        }
    }
    match rule.pass_score {
        Some(score) if score > 100 => Err(format!("[completion] pass_score = {score}: a score is 0 to 100")),
        Some(_) if rule.checks.is_none() => {
            Err("[completion] pass_score needs `checks`: a score comes from answering them".into())
        }
        _ => Ok(()),
    }
}
