//! Where the ids inside a widget start, so that two widgets of a kind on one
//! page share none: the first of a kind keeps the plain prefix, so links to
//! it stay as they were; the later ones are numbered.

/// The prefix of the ids inside the `nth` (from 0) widget of `kind`:
/// `diagram` for the first diagram, `diagram-2` for the second.
pub fn scope(kind: &str, nth: usize) -> String {
    match nth {
        0 => kind.to_string(),
        n => format!("{kind}-{}", n + 1),
    }
}

/// The ids inside one widget, all under its [`scope`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ids(String);

impl Ids {
    /// The ids inside the `nth` (from 0) widget of `kind`.
    pub fn of(kind: &str, nth: usize) -> Ids {
        Ids(scope(kind, nth))
    }

    /// The id of the widget's `part`: `lab-url` in the first lab,
    /// `lab-2-url` in the second.
    pub fn id(&self, part: &str) -> String {
        format!("{}-{part}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_of_a_kind_keeps_the_plain_prefix() {
        assert_eq!(scope("lab", 0), "lab");
        assert_eq!(scope("lab", 1), "lab-2");
        assert_eq!(scope("diagram", 2), "diagram-3");
        assert_eq!(Ids::of("lab", 0).id("url"), "lab-url");
        assert_eq!(Ids::of("lab", 1).id("url"), "lab-2-url");
    }
}
