//! Finding the practice back end without a request that fails where it is
//! absent. The lab asks `<practice_api>health` once. On the practice server
//! that is its real health endpoint; on any other host the build has put a
//! small file at the same address (the stand-in), so the answer is a 200
//! that names no practice service, not a 404 the browser logs as an error.

/// What the practice back end's health endpoint is called, under its API.
const HEALTH: &str = "health";

/// The address the lab asks to learn whether the practice back end is there.
pub fn health_url(practice_api: &str) -> String {
    format!("{practice_api}{HEALTH}")
}

/// Where in the built lesson's folder the stand-in goes (`api/health`), or
/// `None` when the API is not inside that folder: an `http(s)` address (a
/// practice server the instructor hosts, which answers for itself), a path
/// from the host's root, or one that leaves the folder (`../`).
pub fn stand_in_path(practice_api: &str) -> Option<String> {
    let folder = practice_api.strip_suffix('/')?;
    let inside = !folder.is_empty()
        && folder.split('/').all(|segment| {
            !matches!(segment, "" | "." | "..")
                && segment.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        });
    inside.then(|| format!("{folder}/{HEALTH}"))
}

/// The stand-in's body: JSON, as the real endpoint answers, naming no
/// practice service (the lab looks for `roundtrip-practice`).
pub const STAND_IN: &str = "{\"service\":\"none\",\"about\":\"No practice back end serves this copy of the lesson. This file stands in for its health endpoint, so that the lesson's check for one gets an answer instead of a 404.\"}\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lab_asks_health_under_the_practice_api() {
        assert_eq!(health_url("api/"), "api/health");
        assert_eq!(
            health_url("https://practice.example.edu/api/"),
            "https://practice.example.edu/api/health"
        );
    }

    #[test]
    fn a_stand_in_goes_only_where_the_built_folder_is() {
        assert_eq!(stand_in_path("api/").as_deref(), Some("api/health"));
        assert_eq!(stand_in_path("practice/v1/").as_deref(), Some("practice/v1/health"));
        for elsewhere in [
            "https://practice.example.edu/api/",
            "/api/",
            "../api/",
            "./api/",
            "api//",
            "",
            "/",
            "api",
            "a b/",
        ] {
            assert_eq!(stand_in_path(elsewhere), None, "{elsewhere:?}");
        }
    }

    #[test]
    fn the_stand_in_names_no_practice_service() {
        assert!(STAND_IN.starts_with("{\"service\":\"none\""));
        assert!(!STAND_IN.contains(crate::host::fetch::PRACTICE_SERVICE));
    }
}
