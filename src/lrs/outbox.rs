//! The statements waiting for the record store, as decisions: how one waits
//! in storage, what the store's answer means for it, how long to wait before
//! trying again, and how many may wait at most. Each statement has its id
//! from the moment it is made, and is sent by `PUT …/statements?statementId=`,
//! so sending it twice stores it once.

/// The most statements that may wait on this device (a whole lesson's worth
/// many times over, and well inside a browser's storage).
pub const MOST_WAITING: usize = 500;

/// What every waiting statement's storage key begins with.
pub const KEY_PREFIX: &str = "roundtrip:lrs:outbox:";

/// The storage key a statement waits under: ordered by when it was made.
pub fn key(seq: u64, id: &str) -> String {
    format!("{KEY_PREFIX}{seq:016}:{id}")
}

/// The statement's id in its key.
pub fn id_of(key: &str) -> Option<&str> {
    key.strip_prefix(KEY_PREFIX)?.split_once(':').map(|(_, id)| id)
}

/// What waits: where it goes, with what authorization, and the statement's
/// JSON text. Each on a line of its own: an address and a header value hold
/// no line break.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    pub endpoint: String,
    pub auth: String,
    pub body: String,
}

impl Waiting {
    pub fn encode(&self) -> Option<String> {
        let one_line = |t: &str| !t.contains(['\n', '\r']);
        (one_line(&self.endpoint) && one_line(&self.auth))
            .then(|| format!("{}\n{}\n{}", self.endpoint, self.auth, self.body))
    }

    pub fn decode(text: &str) -> Option<Waiting> {
        let mut parts = text.splitn(3, '\n');
        let (endpoint, auth, body) = (parts.next()?, parts.next()?, parts.next()?);
        (endpoint.starts_with("http") && body.starts_with('{')).then(|| Waiting {
            endpoint: endpoint.to_owned(),
            auth: auth.to_owned(),
            body: body.to_owned(),
        })
    }

    /// Where this statement is put: its id is in the address, so a second
    /// put of the same statement stores nothing new.
    pub fn address(&self, id: &str) -> String {
        format!("{}statements?statementId={id}", self.endpoint)
    }
}

/// What the record store's answer means for a statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    /// Stored, now or before (204, 200, or 409: it has a statement with this id).
    Stored,
    /// Refused for good (400 and the like): said once, not tried again.
    Refused,
    /// Not now: try again after this long.
    Later { after_ms: u32 },
}

/// The longest wait between tries.
pub const LONGEST_WAIT_MS: u32 = 300_000;

/// How long to wait after `tries` failed tries: 2, 4, 8 … seconds, up to 5 minutes.
pub fn backoff(tries: u32) -> u32 {
    2_000u32.saturating_mul(1 << tries.min(8)).min(LONGEST_WAIT_MS)
}

/// `Retry-After` as seconds (its date form reads as no hint: the backoff then stands).
pub fn retry_after_ms(header: Option<&str>) -> Option<u32> {
    let seconds: u32 = header?.trim().parse().ok()?;
    Some(seconds.saturating_mul(1000).min(LONGEST_WAIT_MS))
}

/// What an answer with `status` means after `tries` earlier failures;
/// `None` for no answer at all (the network failed).
pub fn reply(status: Option<u16>, retry_after: Option<&str>, tries: u32) -> Reply {
    let later = || Reply::Later {
        after_ms: retry_after_ms(retry_after).unwrap_or_else(|| backoff(tries)).max(backoff(0) / 2),
    };
    match status {
        Some(200..=299 | 409) => Reply::Stored,
        // Timeouts, too many requests, and authorization that may come back
        // (a token the platform is renewing) are worth another try.
        Some(408 | 425 | 429 | 401 | 403) => later(),
        Some(400..=499) => Reply::Refused,
        _ => later(),
    }
}

/// A version 4 UUID from 16 random bytes.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// Where the statements for the record store stand, for the page to say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordState {
    /// The lesson was opened to record in a store it cannot use.
    pub unusable: bool,
    /// The cmi5 session this address opened has ended.
    pub ended: bool,
    /// Statements the store refused for good.
    pub refused: u32,
    /// No more statements can wait on this device.
    pub full: bool,
    /// Where the platform asked the learner be sent when they are done (cmi5's `returnURL`).
    pub return_to: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_order_by_making_and_keep_the_id() {
        let (a, b) = (key(9, "x-1"), key(10, "y-2"));
        assert!(a < b);
        assert_eq!(id_of(&b), Some("y-2"));
        assert_eq!(id_of("roundtrip:other"), None);
    }

    #[test]
    fn a_waiting_statement_reads_back_as_written() {
        let waiting = Waiting {
            endpoint: "https://lrs/x/".into(),
            auth: "Basic dTpw".into(),
            body: "{\"a\":\"1\\n2\"}".into(),
        };
        assert_eq!(Waiting::decode(&waiting.encode().unwrap()), Some(waiting.clone()));
        assert_eq!(waiting.address("abc"), "https://lrs/x/statements?statementId=abc");
        assert_eq!(Waiting { auth: "a\nb".into(), ..waiting }.encode(), None);
        assert_eq!(Waiting::decode("garbage"), None);
    }

    #[test]
    fn replies_mean_stored_refused_or_later() {
        assert_eq!(reply(Some(204), None, 0), Reply::Stored);
        assert_eq!(reply(Some(409), None, 3), Reply::Stored);
        assert_eq!(reply(Some(400), None, 0), Reply::Refused);
        assert_eq!(reply(Some(413), None, 0), Reply::Refused);
        assert_eq!(reply(Some(503), Some("7"), 0), Reply::Later { after_ms: 7_000 });
        assert_eq!(
            reply(Some(429), Some("Wed, 21 Oct 2015 07:28:00 GMT"), 1),
            Reply::Later { after_ms: 4_000 }
        );
        assert_eq!(reply(None, None, 2), Reply::Later { after_ms: 8_000 });
        assert_eq!(reply(Some(500), Some("99999"), 0), Reply::Later { after_ms: LONGEST_WAIT_MS });
    }

    #[test]
    fn backoff_doubles_up_to_five_minutes() {
        assert_eq!([0, 1, 2].map(backoff), [2_000, 4_000, 8_000]);
        assert_eq!(backoff(30), LONGEST_WAIT_MS);
    }

    #[test]
    fn uuids_are_version_4() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert!(crate::lrs::launch::is_uuid(&id));
    }
}
