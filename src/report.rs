//! One path for what the learner did: an answer (with the time it took) and
//! where they stand against the lesson's completion rule each become every
//! report there is: the learning platform's SCORM records and status, the
//! learning record store's statements, the framing page's statements. Views
//! and hooks call these and nothing else, so a new standard is one more
//! line here, not a change to every widget.

use crate::host;
use crate::host::platform::PlatformState;
use crate::lesson::Document;
use crate::platform::completion::Completion;
use crate::platform::interactions::Answered;
use crate::statements;

/// An answer to a check, just given.
pub fn answered(platform: &PlatformState, answered: &Answered) {
    if let Some(platform) = platform.connected() {
        platform.answered(answered);
    }
    host::lrs::answered(answered);
    if let Some(statement) = statements::answered(answered, &host::frame::own_address()) {
        host::frame::post_statement(&statement);
    }
}

/// Where the learner stands against `lesson`'s completion rule, each time it changes.
pub fn completion(platform: &PlatformState, lesson: &'static Document, completion: Completion) {
    if let Some(platform) = platform.connected() {
        platform.report(completion);
    }
    host::lrs::completion(completion);
    let address = host::frame::own_address();
    if let Some(statement) =
        statements::statement(completion, lesson.title.as_ref(), lesson.lang.as_ref(), &address)
    {
        host::frame::post_statement(&statement);
    }
}
