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

type Listener<T> = Rc<dyn Fn(Rc<T>)>;

/// One piece of shared state, and who listens to it.
pub struct Store<T: Reducible> {
    state: RefCell<Rc<T>>,
    listeners: RefCell<Vec<(u32, Listener<T>)>>,
    next_listener: Cell<u32>,
}

impl<T: Reducible + 'static> Store<T> {
    pub fn new(state: T) -> Rc<Store<T>> {
        Rc::new(Store {
            state: RefCell::new(Rc::new(state)),
            listeners: RefCell::default(),
            next_listener: Cell::new(0),
        })
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
        *self.state.borrow_mut() = next.clone();
        // Listeners may come and go while being told: tell a copy of the list.
        let listeners: Vec<Listener<T>> = self.listeners.borrow().iter().map(|(_, f)| f.clone()).collect();
        for listener in listeners {
            listener(next.clone());
        }
    }

    /// Calls `f` with each new state until the returned subscription is dropped.
    pub fn subscribe(self: &Rc<Self>, f: impl Fn(Rc<T>) + 'static) -> Subscription<T> {
        let id = self.next_listener.get();
        self.next_listener.set(id.wrapping_add(1));
        self.listeners.borrow_mut().push((id, Rc::new(f)));
        Subscription { store: self.clone(), id }
    }
}

/// Listening to a [`Store`]; dropping it stops.
pub struct Subscription<T: Reducible + 'static> {
    store: Rc<Store<T>>,
    id: u32,
}

impl<T: Reducible + 'static> Drop for Subscription<T> {
    fn drop(&mut self) {
        self.store.listeners.borrow_mut().retain(|(id, _)| *id != self.id);
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

    /// The store behind it.
    pub fn store(&self) -> &Rc<Store<T>> {
        &self.store
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
    let state = use_state(|| store.current());
    {
        let setter = state.setter();
        let seen = (*state).clone();
        let store = store.clone();
        use_effect_with(Rc::as_ptr(&store) as usize, move |_| {
            let update = {
                let setter = setter.clone();
                move |next: Rc<T>| setter.set(next)
            };
            let subscription = store.subscribe(update);
            // What moved on between the first render and now.
            let now = store.current();
            if !Rc::ptr_eq(&now, &seen) {
                setter.set(now);
            }
            move || drop(subscription)
        });
    }
    Shared { store: store.clone(), state: (*state).clone() }
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
            let heard = heard.clone();
            store.subscribe(move |count| heard.borrow_mut().push(count.0))
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
