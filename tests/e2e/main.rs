//! End-to-end tests: the release build of the lesson, served by
//! `roundtrip-server`, in headless Chromium through chromedriver.
//!
//! Every test here is `#[ignore]`d: they need the release build and the tools
//! that `cargo xtask test` provides, and run there with `--include-ignored`
//! and these environment variables:
//!
//! * `ROUNDTRIP_DIST`: the built lesson folder (absolute) of the lesson
//!   compiled into these tests (`crate::harness::LESSON`);
//! * `ROUNDTRIP_COURSE_FILE`, `ROUNDTRIP_COURSE_DIST`, `ROUNDTRIP_PACKAGES`: the
//!   course file, the built course and its SCORM packages (see [`course`]);
//! * `ROUNDTRIP_AXE`: axe-core's `axe.min.js`;
//! * `ROUNDTRIP_SCORM_AGAIN`: scorm-again's `dist/scorm-again.min.js` (a real SCORM run-time);
//! * `ROUNDTRIP_RALPH`: Ralph's `ralph` command in its virtual environment (a real LRS);
//! * `ROUNDTRIP_CMI5_ZIP`: the lesson's cmi5 package;
//! * `ROUNDTRIP_SCREENSHOTS`: where the PNG screenshots are saved;
//! * `CHROMEDRIVER`, `CHROMIUM`: default `/usr/bin/chromedriver`, `/usr/bin/chromium`.
//!
//! [`harness`] is shared by the tests of every page and widget; [`lesson`]
//! holds the lesson page's DOM contract; [`diagram`] drives the diagram;
//! [`lab`] sends real requests with the request lab to real loopback servers;
//! [`hosts`] frames the lesson in other pages and a learning platform's player;
//! [`runtime`] plays the SCORM packages on a real run-time (scorm-again);
//! [`checks`] answers the knowledge checks; [`phone`] measures the lesson
//! at phone widths (legible diagram, typography, touch targets); [`course`]
//! tests the course page and every lesson of the course; [`serve`] an
//! author's loop, with live reload; [`offline`] the course without a network,
//! and installed; [`lrs`] recording in a real learning record store (Ralph),
//! launched with xAPI and with cmi5.
#![cfg(not(target_arch = "wasm32"))]

mod bench;
mod checks;
mod course;
mod diagram;
mod harness;
mod hosts;
mod lab;
mod lesson;
mod lrs;
mod offline;
mod phone;
mod prerender;
mod runtime;
mod serve;

mod harness_tests {
    use super::harness::normalize;

    #[test]
    fn normalize_makes_typography_comparable() {
        assert_eq!(normalize("  don\u{2019}t \n\t say \u{201C}Aha!\u{201D} "), "don't say \"Aha!\"");
        assert_eq!(normalize(""), "");
    }
}
