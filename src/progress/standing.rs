//! How far a learner has got in a lesson, as the course page shows it: in
//! progress (with the score so far) or complete, and where they left off.
//! The lesson keeps it beside its progress, as a short string under its own
//! key, each time progress is saved; the course page reads it, so it needs
//! neither the lesson's checks nor its grading. A string it cannot read
//! counts as not started.

use crate::platform::completion::Completion;

/// The format [`Standing::encode`] writes; any other is not read.
pub const VERSION: &str = "1";

/// Where the standing of the lesson whose progress is under `key` is kept.
pub fn key(progress_key: &str) -> String {
    format!("{progress_key}:standing")
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    pub completion: Completion,
    /// The checks' score so far, 0 to 100, once any is answered.
    pub score: Option<u8>,
    /// The id of the section the learner was last reading.
    pub section: Option<String>,
    /// When it was written, in milliseconds since 1970: the course page
    /// offers to continue the lesson worked on last.
    pub at: u64,
}

impl Standing {
    /// `1;<state>;<score>;<at>;<section>`: the state is `p` (in progress),
    /// `c` (complete), `s` (passed) or `f` (failed), with the score of the
    /// last two; the section comes last, as ids never hold `;`.
    pub fn encode(&self) -> String {
        let (state, score) = match self.completion {
            Completion::NotYet => ("p", self.score),
            Completion::Completed => ("c", self.score),
            Completion::Passed { score } => ("s", Some(score)),
            Completion::Failed { score } => ("f", Some(score)),
        };
        let score = score.map(|s| s.to_string()).unwrap_or_default();
        format!("{VERSION};{state};{score};{};{}", self.at, self.section.as_deref().unwrap_or_default())
    }

    /// Reads what [`Standing::encode`] wrote; `None` for anything else.
    pub fn decode(text: &str) -> Option<Standing> {
        let mut parts = text.splitn(5, ';');
        if parts.next()? != VERSION {
            return None;
        }
        let state = parts.next()?;
        let score = match parts.next()? {
            "" => None,
            n => Some(n.parse::<u8>().ok().filter(|&s| s <= 100)?),
        };
        let at = parts.next()?.parse().ok()?;
        let section = Some(parts.next()?).filter(|s| !s.is_empty()).map(str::to_owned);
        let completion = match (state, score) {
            ("p", _) => Completion::NotYet,
            ("c", _) => Completion::Completed,
            ("s", Some(score)) => Completion::Passed { score },
            ("f", Some(score)) => Completion::Failed { score },
            _ => return None,
        };
        Some(Standing { completion, score, section, at })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_standing_reads_back_as_written() {
        for completion in [
            Completion::NotYet,
            Completion::Completed,
            Completion::Passed { score: 85 },
            Completion::Failed { score: 40 },
        ] {
            let standing = Standing {
                completion,
                score: completion.score().or(Some(50)),
                section: Some("how-does-the-web-even-work".into()),
                at: 1_765_000_000_000,
            };
            assert_eq!(Standing::decode(&standing.encode()), Some(standing.clone()), "{}", standing.encode());
        }
        let nothing = Standing { completion: Completion::NotYet, score: None, section: None, at: 0 };
        assert_eq!(nothing.encode(), "1;p;;0;");
        assert_eq!(Standing::decode("1;p;;0;"), Some(nothing));
    }

    #[test]
    fn anything_else_reads_as_nothing() {
        for text in ["", "2;p;;0;", "1;x;;0;", "1;s;;0;", "1;p;101;0;", "1;p;;soon;", "1;p;;0", "garbage"] {
            assert_eq!(Standing::decode(text), None, "{text}");
        }
        assert_eq!(key("roundtrip:what-is"), "roundtrip:what-is:standing");
    }
}
