//! The front matter: the TOML between the `+++` lines, and what it says
//! about completion, checked against the lesson it heads.

use serde::Deserialize;

use crate::model::{Amount, Block, CompletionRule};

/// What the front matter says besides the words (which `words.rs` takes out
/// of it first).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct FrontMatter {
    pub(super) title: Option<String>,
    pub(super) lang: Option<String>,
    pub(super) description: Option<String>,
    pub(super) course_base: Option<String>,
    pub(super) practice_api: Option<String>,
    pub(super) completion: CompletionDirective,
}

/// `[completion]` as written: amounts are `"all"` or a whole number.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct CompletionDirective {
    diagram_steps: Option<AuthoredAmount>,
    requests: Option<u32>,
    checks: Option<AuthoredAmount>,
    pass_score: Option<u8>,
}

impl CompletionDirective {
    pub(super) fn rule(&self) -> CompletionRule {
        CompletionRule {
            diagram_steps: self.diagram_steps.map(|a| a.0),
            requests: self.requests,
            checks: self.checks.map(|a| a.0),
            pass_score: self.pass_score,
        }
    }
}

/// An [`Amount`] as an author writes it: `"all"`, or a whole number.
#[derive(Clone, Copy, Debug)]
struct AuthoredAmount(Amount);

impl<'de> Deserialize<'de> for AuthoredAmount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = AuthoredAmount;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("\"all\" or a whole number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<AuthoredAmount, E> {
                match v {
                    "all" => Ok(AuthoredAmount(Amount::All)),
                    other => Err(E::custom(format!("expected \"all\" or a whole number, found \"{other}\""))),
                }
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<AuthoredAmount, E> {
                u32::try_from(v)
                    .map(|n| AuthoredAmount(Amount::AtLeast(n)))
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
