//! How the page's state machines hand Yew their next state.

use std::rc::Rc;

/// The next state, or the very same `Rc` when nothing changed: Yew then
/// renders nothing and runs no effect for an action that did nothing (Back
/// on the first step, a late answer to an old request).
pub fn next_state<T: PartialEq>(previous: Rc<T>, next: T) -> Rc<T> {
    if next == *previous {
        previous
    } else {
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_state_is_the_same_rc() {
        let state = Rc::new(3);
        assert!(Rc::ptr_eq(&next_state(state.clone(), 3), &state));
        assert_eq!(*next_state(state, 4), 4);
    }
}
