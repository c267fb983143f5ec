//! Where progress is kept between visits: the browser's `localStorage`, when
//! the page may use it. A sandboxed frame throws on the mere mention of it,
//! a full one throws on write; either is an error value here, never a panic,
//! and the lesson goes on with progress in memory.

/// Why storage could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// No storage: refused (sandbox, privacy settings) or not in a browser.
    Unavailable,
    /// The write was refused: storage is full, or writes are blocked.
    WriteRefused,
}

fn local() -> Result<web_sys::Storage, StorageError> {
    let window = web_sys::window().ok_or(StorageError::Unavailable)?;
    window.local_storage().ok().flatten().ok_or(StorageError::Unavailable)
}

/// What is saved under `key`, if anything.
pub fn load(key: &str) -> Result<Option<String>, StorageError> {
    local()?.get_item(key).map_err(|_| StorageError::Unavailable)
}

pub fn save(key: &str, value: &str) -> Result<(), StorageError> {
    local()?.set_item(key, value).map_err(|_| StorageError::WriteRefused)
}

pub fn clear(key: &str) -> Result<(), StorageError> {
    local()?.remove_item(key).map_err(|_| StorageError::WriteRefused)
}
