//! Where progress is kept between visits: the learning platform's
//! `suspend_data` when the lesson runs inside one (so it follows the learner
//! from device to device), else the browser's `localStorage`, when the page
//! may use it. A sandboxed frame throws on the mere mention of localStorage,
//! a full one throws on write; either is an error value here, never a panic,
//! and the lesson goes on with progress in memory.

use super::scorm;

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

/// What is saved under `key`, if anything. (On a platform there is one
/// `suspend_data` per learner and lesson, so the key is not needed there.)
pub fn load(key: &str) -> Result<Option<String>, StorageError> {
    if scorm::connect_platform().is_some() {
        return Ok(scorm::load_suspend_data());
    }
    local()?.get_item(key).map_err(|_| StorageError::Unavailable)
}

pub fn save(key: &str, value: &str) -> Result<(), StorageError> {
    if scorm::connect_platform().is_some() {
        return scorm::save_suspend_data(value).map_err(|e| {
            scorm::warn(e);
            StorageError::WriteRefused
        });
    }
    local()?.set_item(key, value).map_err(|_| StorageError::WriteRefused)
}

pub fn clear(key: &str) -> Result<(), StorageError> {
    if scorm::connect_platform().is_some() {
        return save(key, "");
    }
    local()?.remove_item(key).map_err(|_| StorageError::WriteRefused)
}
