//! The page's app. The build prerendered the page (`src/bin/prerender.rs`)
//! and wrote its data beside it; the loader (a module script the build also
//! writes) fetches that data while the app loads, then calls [`start`],
//! which adopts the HTML already there (hydration) rather than drawing it
//! again.

fn main() {}

/// Brings the page to life with its data: a lesson, or the course page.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn start(data: &[u8]) {
    roundtrip::start(data);
}
