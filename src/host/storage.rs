//! Where progress is kept between visits: the learning platform's
//! `suspend_data` when the lesson runs inside one (so it follows the learner
//! from device to device), else the browser's `localStorage`, when the page
//! may use it. A sandboxed frame throws on the mere mention of localStorage,
//! a full one throws on write; either is an error value here, never a panic,
//! and the lesson goes on with progress in memory. Which of the two is the
//! app's to say: it connected to the platform, if there is one.

use super::platform::{self, Platform};

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

/// What is saved under `key`, if anything: on `platform` when there is one
/// (one `suspend_data` per learner and lesson, so the key is not needed
/// there), else in the browser.
pub fn load(platform: Option<&Platform>, key: &str) -> Result<Option<String>, StorageError> {
    if let Some(platform) = platform {
        return Ok(platform.load_suspend_data());
    }
    local()?.get_item(key).map_err(|_| StorageError::Unavailable)
}

pub fn save(platform: Option<&Platform>, key: &str, value: &str) -> Result<(), StorageError> {
    if let Some(platform) = platform {
        return platform.save_suspend_data(value).map_err(|e| {
            platform::warn(e);
            StorageError::WriteRefused
        });
    }
    local()?.set_item(key, value).map_err(|_| StorageError::WriteRefused)
}

pub fn clear(platform: Option<&Platform>, key: &str) -> Result<(), StorageError> {
    if platform.is_some() {
        return save(platform, key, "");
    }
    local()?.remove_item(key).map_err(|_| StorageError::WriteRefused)
}
