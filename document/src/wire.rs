//! The form a page's data travels in from the build to the page (a lesson,
//! or the course page's list of lessons): postcard
//! (serde's compact binary form), after a short header naming this format, so
//! a page never misreads data written for another version of the app.
//!
//! Why postcard: measured on the course's first lesson, it is the smallest
//! reader in the wasm and the fastest to read (the figures are in
//! DEVELOPERS.md, "The lesson as data").

use crate::model::Page;

/// The first bytes of every encoded document: `RTD` and the format's version.
/// A change to the model that old data cannot be read as bumps the version.
pub const HEADER: [u8; 4] = *b"RTD\x02";

/// Why bytes could not be read as a page's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WireError {
    /// The bytes are not data of this format (another version, or not data at all).
    NotThisFormat,
    /// The header is right but the rest does not read as a page's data.
    Damaged,
}

impl core::fmt::Display for WireError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            WireError::NotThisFormat => "the lesson's data was written for another version of the app",
            WireError::Damaged => "the lesson's data is damaged",
        })
    }
}

/// The page's data as bytes, header first.
pub fn encode(page: &Page) -> Vec<u8> {
    let out = HEADER.to_vec();
    // Writing to a Vec cannot fail, and every model type serialises.
    match postcard::to_extend(page, out) {
        Ok(bytes) => bytes,
        Err(e) => unreachable!("a document always serialises: {e}"),
    }
}

/// Reads what [`encode`] wrote. Never panics: anything else is an error.
pub fn decode(bytes: &[u8]) -> Result<Page, WireError> {
    let body = bytes.strip_prefix(&HEADER[..]).ok_or(WireError::NotThisFormat)?;
    postcard::from_bytes(body).map_err(|_| WireError::Damaged)
}
