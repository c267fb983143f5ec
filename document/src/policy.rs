//! The Content Security Policy every built page declares in itself (so it
//! holds on any host) and `roundtrip-server` sends with each page, adding
//! `frame-ancestors`, which a page cannot declare: one policy, written once.
//!
//! Scripts and styles only from the course's own files (the wasm may be
//! compiled), pictures from there or inline, and requests to anywhere
//! (`connect-src *`): the request lab sends learners' requests where they
//! choose, and a launch may name any learning record store. No `<base>`, no
//! plugins, no form posts.

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; connect-src *; object-src 'none'; base-uri 'none'; form-action 'none'";
