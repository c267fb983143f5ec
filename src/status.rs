//! What an HTTP status code is: its class, named in words as well as colour.

/// The five classes of status code, by first digit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatusClass {
    Informational,
    Success,
    Redirection,
    ClientError,
    ServerError,
}

impl StatusClass {
    /// `None` for a number that is not an HTTP status code (100 to 599).
    pub fn of(code: u16) -> Option<Self> {
        Some(match code {
            100..=199 => Self::Informational,
            200..=299 => Self::Success,
            300..=399 => Self::Redirection,
            400..=499 => Self::ClientError,
            500..=599 => Self::ServerError,
            _ => return None,
        })
    }

    /// The class in words, so colour never carries it alone.
    pub fn name(self) -> &'static str {
        match self {
            Self::Informational => "informational",
            Self::Success => "success",
            Self::Redirection => "redirection",
            Self::ClientError => "client error",
            Self::ServerError => "server error",
        }
    }

    /// The CSS class that colours it.
    pub fn css(self) -> &'static str {
        match self {
            Self::Informational => "status-info",
            Self::Success => "status-success",
            Self::Redirection => "status-redirect",
            Self::ClientError => "status-client-error",
            Self::ServerError => "status-server-error",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_the_first_digit() {
        assert_eq!(StatusClass::of(200), Some(StatusClass::Success));
        assert_eq!(StatusClass::of(204), Some(StatusClass::Success));
        assert_eq!(StatusClass::of(302), Some(StatusClass::Redirection));
        assert_eq!(StatusClass::of(404), Some(StatusClass::ClientError));
        assert_eq!(StatusClass::of(599), Some(StatusClass::ServerError));
        assert_eq!(StatusClass::of(100), Some(StatusClass::Informational));
        assert_eq!(StatusClass::of(99), None);
        assert_eq!(StatusClass::of(600), None);
        assert_eq!(StatusClass::of(0), None);
    }

    #[test]
    fn every_class_has_words_and_a_colour() {
        for code in [100, 200, 300, 400, 500] {
            let class = StatusClass::of(code).unwrap();
            assert!(!class.name().is_empty());
            assert!(class.css().starts_with("status-"));
        }
    }
}
