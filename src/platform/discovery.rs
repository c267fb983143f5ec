//! Finding the platform's SCORM API the way the standard describes: look on
//! this window and each parent up to the top, then on the window that opened
//! ours (a platform's pop-up launch) and its parents. A frame from another
//! origin refuses to be read; that is not an error, the walk goes on past it.

use super::scorm::{Edition, RunTime};

/// How many windows up a chain the walk looks, at most (the standard's
/// examples stop at 7; nested platform players rarely need more).
pub const MAX_STEPS: usize = 10;

/// Reading a property of another origin's window threw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused;

/// A window as far as the walk needs it.
pub trait WalkedWindow: Sized {
    type Api;
    /// The object this window offers under `name` (`API`, `API_1484_11`).
    fn api(&self, name: &str) -> Result<Option<Self::Api>, Refused>;
    /// `None` at the top (where a window is its own parent).
    fn parent(&self) -> Result<Option<Self>, Refused>;
    fn opener(&self) -> Result<Option<Self>, Refused>;
}

/// SCORM 1.2 first: it is what our package declares.
const EDITIONS: [Edition; 2] = [Edition::Scorm12, Edition::Scorm2004];

/// The nearest API, and which SCORM it speaks; `None` with no platform.
pub fn find_api<F: WalkedWindow>(start: F) -> Option<(Edition, F::Api)> {
    let (found, top) = search_chain(start);
    if found.is_some() {
        return found;
    }
    // Opened as a pop-up: the platform is the opener, or one of its parents.
    let opener = top.opener().ok().flatten()?;
    search_chain(opener).0
}

/// Searches a window and its parents; also hands back the topmost reached.
fn search_chain<F: WalkedWindow>(start: F) -> (Option<(Edition, F::Api)>, F) {
    let mut window = start;
    for _ in 0..MAX_STEPS {
        for edition in EDITIONS {
            if let Ok(Some(api)) = window.api(edition.api_name()) {
                return (Some((edition, api)), window);
            }
        }
        match window.parent() {
            Ok(Some(parent)) => window = parent,
            // The top, or a parent we may not even name: stop climbing.
            Ok(None) | Err(Refused) => break,
        }
    }
    (None, window)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree of windows: index 0 is ours.
    #[derive(Clone, Default)]
    struct TreeWindow {
        api: Option<&'static str>,
        cross_origin: bool,
        parent: Option<usize>,
        opener: Option<usize>,
    }

    #[derive(Clone)]
    struct At<'a>(&'a [TreeWindow], usize);

    impl WalkedWindow for At<'_> {
        type Api = usize;
        fn api(&self, name: &str) -> Result<Option<usize>, Refused> {
            let w = &self.0[self.1];
            if w.cross_origin {
                return Err(Refused);
            }
            Ok((w.api == Some(name)).then_some(self.1))
        }
        fn parent(&self) -> Result<Option<Self>, Refused> {
            Ok(self.0[self.1].parent.map(|p| At(self.0, p)))
        }
        fn opener(&self) -> Result<Option<Self>, Refused> {
            Ok(self.0[self.1].opener.map(|p| At(self.0, p)))
        }
    }

    fn chain(n: usize) -> Vec<TreeWindow> {
        (0..n).map(|i| TreeWindow { parent: (i + 1 < n).then_some(i + 1), ..TreeWindow::default() }).collect()
    }

    #[test]
    fn standalone_finds_nothing() {
        assert_eq!(find_api(At(&chain(1), 0)), None);
    }

    #[test]
    fn the_platform_is_found_up_the_parents() {
        let mut windows = chain(3);
        windows[2].api = Some("API");
        assert_eq!(find_api(At(&windows, 0)), Some((Edition::Scorm12, 2)));
        windows[1].api = Some("API_1484_11");
        assert_eq!(find_api(At(&windows, 0)), Some((Edition::Scorm2004, 1)), "the nearest wins");
    }

    #[test]
    fn a_cross_origin_frame_in_between_is_stepped_over() {
        let mut windows = chain(4);
        windows[1].cross_origin = true;
        windows[3].api = Some("API");
        assert_eq!(find_api(At(&windows, 0)), Some((Edition::Scorm12, 3)));
        // In a sandboxed frame every window but ours refuses: nothing, no error.
        let mut sandboxed = chain(3);
        sandboxed[1].cross_origin = true;
        sandboxed[2].cross_origin = true;
        assert_eq!(find_api(At(&sandboxed, 0)), None);
    }

    #[test]
    fn the_walk_is_bounded() {
        let mut windows = chain(MAX_STEPS + 2);
        windows[MAX_STEPS + 1].api = Some("API");
        assert_eq!(find_api(At(&windows, 0)), None);
        let mut windows = chain(MAX_STEPS);
        windows[MAX_STEPS - 1].api = Some("API");
        assert_eq!(find_api(At(&windows, 0)), Some((Edition::Scorm12, MAX_STEPS - 1)));
    }

    #[test]
    fn a_pop_up_finds_the_platform_through_its_opener() {
        // 0 in 1 (the pop-up's top), opened by 2, a frame of 3 (the platform's page).
        let mut windows = chain(2);
        windows[1].opener = Some(2);
        windows.push(TreeWindow { parent: Some(3), ..TreeWindow::default() });
        windows.push(TreeWindow { api: Some("API"), ..TreeWindow::default() });
        assert_eq!(find_api(At(&windows, 0)), Some((Edition::Scorm12, 3)));
    }
}
