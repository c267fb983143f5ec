//! The host document's title and language.

/// Names the browser tab after the lesson and declares its language, so
/// screen readers pronounce it right. Silently does nothing outside a browser.
pub fn describe(title: &str, lang: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    document.set_title(title);
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", lang);
    }
}
