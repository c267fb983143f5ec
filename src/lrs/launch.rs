//! How a lesson is opened to record in a learning record store: the xAPI
//! launch convention ("Tin Can": `endpoint`, `auth`, `actor`, `registration`,
//! `activity_id`) and cmi5's (`endpoint`, `fetch`, `actor`, `registration`,
//! `activityId`, cmi5 §8.1), read from the page address's query.

use thiserror::Error;

/// How the lesson may write to the record store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Style {
    /// The launch gave the `Authorization` header's value itself.
    TinCan { auth: String },
    /// cmi5: the token is fetched once from this address (§8.2).
    Cmi5 { fetch: String },
}

/// A launch with a record store, as the address gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Launch {
    /// The xAPI base endpoint, ending in `/`.
    pub endpoint: String,
    /// The learner, as JSON text (the shell checks it is an xAPI agent).
    pub actor: String,
    pub registration: Option<String>,
    /// The lesson's activity id, if the launch names it.
    pub activity_id: Option<String>,
    pub style: Style,
}

/// Why an address that names a record store cannot be used.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum LaunchError {
    #[error("the launch has no `{0}`")]
    Missing(&'static str),
    #[error("the launch's `{0}` is not an http(s) address")]
    NotAnAddress(&'static str),
    #[error("the launch's registration is not a UUID")]
    Registration,
    #[error("the launch's actor is not an xAPI agent")]
    Actor,
}

fn is_web_address(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && text.len() > "http://".len()
}

/// Whether `text` is a UUID written as xAPI writes them (8-4-4-4-12 hex digits).
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The launch the query's (decoded) pairs describe: `None` when they name no
/// record store (no `endpoint`), an error when they name one unusably.
pub fn read(pairs: &[(String, String)]) -> Result<Option<Launch>, LaunchError> {
    let get =
        |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty());
    let Some(endpoint) = get("endpoint") else { return Ok(None) };
    if !is_web_address(endpoint) {
        return Err(LaunchError::NotAnAddress("endpoint"));
    }
    let endpoint = if endpoint.ends_with('/') { endpoint.to_owned() } else { format!("{endpoint}/") };
    let actor = get("actor").ok_or(LaunchError::Missing("actor"))?.to_owned();
    let registration = get("registration").map(str::to_owned);
    if registration.as_deref().is_some_and(|r| !is_uuid(r)) {
        return Err(LaunchError::Registration);
    }
    let launch = match get("fetch") {
        Some(fetch) => {
            if !is_web_address(fetch) {
                return Err(LaunchError::NotAnAddress("fetch"));
            }
            // cmi5 requires all five (§8.1).
            let registration = registration.ok_or(LaunchError::Missing("registration"))?;
            let activity_id = get("activityId").ok_or(LaunchError::Missing("activityId"))?;
            Launch {
                endpoint,
                actor,
                registration: Some(registration),
                activity_id: Some(activity_id.to_owned()),
                style: Style::Cmi5 { fetch: fetch.to_owned() },
            }
        }
        None => Launch {
            endpoint,
            actor,
            registration,
            activity_id: get("activity_id").map(str::to_owned),
            style: Style::TinCan { auth: get("auth").ok_or(LaunchError::Missing("auth"))?.to_owned() },
        },
    };
    Ok(Some(launch))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    const ACTOR: &str = r#"{"mbox":"mailto:learner@example.com"}"#;
    const REGISTRATION: &str = "1f1e7b2c-6a4e-4f59-9d8e-2c3a4b5c6d7e";

    #[test]
    fn no_endpoint_is_no_launch() {
        assert_eq!(read(&pairs(&[("edition", "12")])), Ok(None));
    }

    #[test]
    fn a_tin_can_launch_is_read_whole() {
        let launch = read(&pairs(&[
            ("endpoint", "https://lrs.example.com/xAPI"),
            ("auth", "Basic dTpw"),
            ("actor", ACTOR),
            ("registration", REGISTRATION),
            ("activity_id", "https://example.com/lessons/1"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(launch.endpoint, "https://lrs.example.com/xAPI/");
        assert_eq!(launch.style, Style::TinCan { auth: "Basic dTpw".into() });
        assert_eq!(launch.registration.as_deref(), Some(REGISTRATION));
        assert_eq!(launch.activity_id.as_deref(), Some("https://example.com/lessons/1"));
    }

    #[test]
    fn a_cmi5_launch_needs_all_five() {
        let full = [
            ("endpoint", "https://lms.example.com/lrs/"),
            ("fetch", "https://lms.example.com/fetch?k=1"),
            ("actor", ACTOR),
            ("registration", REGISTRATION),
            ("activityId", "https://lms.example.com/au/7"),
        ];
        let launch = read(&pairs(&full)).unwrap().unwrap();
        assert_eq!(launch.style, Style::Cmi5 { fetch: "https://lms.example.com/fetch?k=1".into() });
        assert_eq!(read(&pairs(&full[..3])), Err(LaunchError::Missing("registration")));
        assert_eq!(read(&pairs(&full[..4])), Err(LaunchError::Missing("activityId")));
    }

    #[test]
    fn unusable_launches_say_why() {
        assert_eq!(
            read(&pairs(&[("endpoint", "javascript:alert(1)"), ("auth", "x"), ("actor", ACTOR)])),
            Err(LaunchError::NotAnAddress("endpoint"))
        );
        assert_eq!(
            read(&pairs(&[("endpoint", "https://l/"), ("actor", ACTOR)])),
            Err(LaunchError::Missing("auth"))
        );
        assert_eq!(
            read(&pairs(&[
                ("endpoint", "https://l/"),
                ("auth", "x"),
                ("actor", ACTOR),
                ("registration", "7")
            ])),
            Err(LaunchError::Registration)
        );
        assert_eq!(
            read(&pairs(&[("endpoint", "https://l/"), ("auth", "x")])),
            Err(LaunchError::Missing("actor"))
        );
    }

    #[test]
    fn uuids_are_recognised() {
        assert!(is_uuid(REGISTRATION));
        assert!(!is_uuid("1f1e7b2c6a4e4f599d8e2c3a4b5c6d7e"));
        assert!(!is_uuid("1f1e7b2c-6a4e-4f59-9d8e-2c3a4b5c6d7g"));
    }
}
