//! What the lesson and a learning platform agree on, shared by the app
//! (which speaks to the platform at run time) and the build (which packages
//! the lesson for it): the edition of SCORM, and a score of 0 to 100 scaled
//! from 0 to 1 as SCORM 2004 and cmi5 write it.

/// Which edition of SCORM: 1.2 or 2004 (4th Edition).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edition {
    Scorm12,
    Scorm2004,
}

impl Edition {
    pub const ALL: [Edition; 2] = [Edition::Scorm12, Edition::Scorm2004];

    /// As file names say it: `scorm12`, `scorm2004`.
    pub fn name(self) -> &'static str {
        match self {
            Edition::Scorm12 => "scorm12",
            Edition::Scorm2004 => "scorm2004",
        }
    }

    /// As people say it: `1.2`, `2004`.
    pub fn version(self) -> &'static str {
        match self {
            Edition::Scorm12 => "1.2",
            Edition::Scorm2004 => "2004",
        }
    }
}

/// A score or pass mark of 0 to 100 as a scaled score from 0 to 1, written
/// the one way every standard here reads it: `0.85`, `0.8`, `1`, `0`
/// (SCORM 2004's `cmi.score.scaled` and `minNormalizedMeasure`, cmi5's
/// `masteryScore`). Above 100 counts as 100.
pub fn scaled(points: u8) -> String {
    match points.min(100) {
        100 => "1".into(),
        0 => "0".into(),
        s => format!("0.{s:02}").trim_end_matches('0').to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_scale_to_the_shortest_decimal() {
        assert_eq!([0, 5, 50, 80, 85, 100, 200].map(scaled), ["0", "0.05", "0.5", "0.8", "0.85", "1", "1"]);
    }

    #[test]
    fn editions_have_a_file_name_and_a_version() {
        assert_eq!(Edition::ALL.map(Edition::name), ["scorm12", "scorm2004"]);
        assert_eq!(Edition::ALL.map(Edition::version), ["1.2", "2004"]);
    }
}
