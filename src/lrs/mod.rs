//! Recording in a learning record store (xAPI, and cmi5 on top of it): how
//! the lesson was launched to record ([`launch`]), what it sends and when
//! ([`record`]), and how statements wait until the store has them
//! ([`outbox`]). Pure: the shell that sends is `crate::host::lrs`.

pub mod launch;
pub mod outbox;
pub mod record;
