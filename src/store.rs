//! State that several parts of the page share (the learner's progress, the
//! feed of live requests, the learning platform), kept outside any one Yew
//! app: each interactive part of the page is an app of its own (see
//! `app`), and each sees the same state through a [`Shared`] handle that
//! renders it again when the state moves on. A [`Store`] moves on as a Yew
//! reducer does: by `Reducible::reduce`, and only when that returns a new state.

use std::cell::{Cell, RefCell};
use std::ops::Deref;
use std::rc::Rc;

use yew::prelude::*;

/// What a listener does when the state moves on (it reads the state itself).
type Listener = Rc<dyn Fn()>;

/// Who listens to a store, and how many times it has moved on: apart from
/// the state's type, so that every store shares this code.
#[derive(Default)]
struct Listeners {
    list: RefCell<Vec<(u32, Listener)>>,
    next: Cell<u32>,
    /// How many times the state has moved on.
    version: Cell<u64>,
}

impl Listeners {
    fn subscribe(self: &Rc<Self>, f: Listener) -> Subscription {
        let id = self.next.get();
        self.next.set(id.wrapping_add(1));
        self.list.borrow_mut().push((id, f));
        Subscription { listeners: self.clone(), id }
    }

    fn tell(&self) {
        self.version.set(self.version.get() + 1);
        // Listeners may come and go while being told: tell a copy of the list.
        let list: Vec<Listener> = self.list.borrow().iter().map(|(_, f)| f.clone()).collect();
        for listener in list {
            listener();
        }
    }
}

/// One piece of shared state, and who listens to it.
pub struct Store<T: Reducible> {
    state: RefCell<Rc<T>>,
    listeners: Rc<Listeners>,
}

impl<T: Reducible + 'static> Store<T> {
    pub fn new(state: T) -> Rc<Store<T>> {
        Rc::new(Store { state: RefCell::new(Rc::new(state)), listeners: Rc::default() })
    }

    /// The state now.
    pub fn current(&self) -> Rc<T> {
        self.state.borrow().clone()
    }

    /// Moves the state on by `action`, and tells every listener when it changed.
    pub fn dispatch(&self, action: T::Action) {
        let current = self.current();
        let next = current.clone().reduce(action);
        if Rc::ptr_eq(&next, &current) {
            return;
        }
        *self.state.borrow_mut() = next;
        self.listeners.tell();
    }

    /// Calls `f` each time the state moves on, until the returned
    /// subscription is dropped.
    pub fn subscribe(&self, f: impl Fn() + 'static) -> Subscription {
        self.listeners.subscribe(Rc::new(f))
    }
}

/// Listening to a [`Store`]; dropping it stops.
pub struct Subscription {
    listeners: Rc<Listeners>,
    id: u32,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.listeners.list.borrow_mut().retain(|(id, _)| *id != self.id);
    }
}

/// A store's state as a component last rendered it, and the way to move it on.
pub struct Shared<T: Reducible + 'static> {
    store: Rc<Store<T>>,
    state: Rc<T>,
}

impl<T: Reducible + 'static> Shared<T> {
    pub fn dispatch(&self, action: T::Action) {
        self.store.dispatch(action);
    }
}

impl<T: Reducible + 'static> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.state
    }
}

impl<T: Reducible + 'static> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared { store: self.store.clone(), state: self.state.clone() }
    }
}

impl<T: Reducible + 'static> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.store, &other.store) && Rc::ptr_eq(&self.state, &other.state)
    }
}

/// `store`'s state, kept current: the component renders again whenever it
/// moves on.
#[hook]
pub fn use_store<T: Reducible + 'static>(store: &Rc<Store<T>>) -> Shared<T> {
    let seen = store.listeners.version.get();
    use_listening(store.listeners.clone(), seen);
    Shared { store: store.clone(), state: store.current() }
}

/// Renders the component again each time `listeners`' store moves on, from
/// the render that saw it at `seen`.
#[hook]
fn use_listening(listeners: Rc<Listeners>, seen: u64) {
    let update = use_force_update();
    use_effect_with(Rc::as_ptr(&listeners) as usize, move |_| {
        let subscription = {
            let update = update.clone();
            listeners.subscribe(Rc::new(move || update.force_update()))
        };
        // What moved on between the first render and now.
        if listeners.version.get() != seen {
            update.force_update();
        }
        move || drop(subscription)
    });
}

/// A store of the component's own, made once from `init`, kept current as
/// [`use_store`] keeps one: for a part shown on its own (a test, a widget
/// without a page).
#[hook]
pub fn use_own_store<T: Reducible + 'static>(init: impl FnOnce() -> T) -> Shared<T> {
    let store = use_state(|| Store::new(init()));
    use_store(&store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, PartialEq)]
    struct Count(u32);

    impl Reducible for Count {
        type Action = u32;
        fn reduce(self: Rc<Self>, add: u32) -> Rc<Self> {
            if add == 0 {
                self
            } else {
                Rc::new(Count(self.0 + add))
            }
        }
    }

    #[test]
    fn listeners_hear_each_change_until_they_stop() {
        let store = Store::new(Count::default());
        let heard = Rc::new(RefCell::new(Vec::new()));
        let subscription = {
            let (heard, store) = (heard.clone(), store.clone());
            store.clone().subscribe(move || heard.borrow_mut().push(store.current().0))
        };
        store.dispatch(2);
        store.dispatch(0);
        store.dispatch(3);
        assert_eq!(*heard.borrow(), [2, 5], "no news when nothing changed");
        drop(subscription);
        store.dispatch(1);
        assert_eq!(*heard.borrow(), [2, 5]);
        assert_eq!(store.current().0, 6);
    }
}
