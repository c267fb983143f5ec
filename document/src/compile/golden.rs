//! Golden files, as mdBook keeps them: an output that matters to a reader
//! (the compiler's messages to an author, the prerendered markup hydration
//! relies on) is compared with its reviewed copy in `tests/golden/`, so a
//! change to it shows in review as a diff of that file. After a change that
//! is meant, `ROUNDTRIP_BLESS=1 cargo test` writes the new copy.

use std::path::Path;

/// Panics, with the first line that differs, unless `actual` is the golden
/// file `name` (under the workspace's `tests/golden/`); writes it instead
/// when `ROUNDTRIP_BLESS` is set.
pub fn assert_golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("tests").join("golden").join(name);
    if std::env::var_os("ROUNDTRIP_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).expect("tests/golden/");
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected == actual {
        return;
    }
    let (mut e, mut a) = (expected.lines(), actual.lines());
    let mut n = 1;
    loop {
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => n += 1,
            (x, y) => panic!(
                "tests/golden/{name} differs at line {n}:\n  golden: {}\n  now:    {}\n\
                 If the change is meant, run `ROUNDTRIP_BLESS=1 cargo test` and review the file's diff.",
                x.unwrap_or("(end)"),
                y.unwrap_or("(end)")
            ),
        }
    }
}
