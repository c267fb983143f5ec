//! The frame's controls, for a lesson inside another page: go full screen, or
//! leave the frame for a tab of its own. Where the host refuses full screen (an
//! iframe without `allowfullscreen`, most phones), the learner is told so and
//! offered the new tab instead.

use yew::prelude::*;

use crate::host::frame::{self, fullscreen};
use crate::host::platform::PlatformState;
use crate::lesson::FrameWords;

#[derive(Properties, PartialEq)]
pub struct FrameControlsViewProps {
    pub words: &'static FrameWords,
    /// Whether the page runs on a learning platform, as the app knows it.
    pub platform: PlatformState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fullscreen {
    Off,
    On,
    Refused,
}

/// Where the lesson is, as far as the controls care (learned after mounting).
#[derive(Clone, Debug, Default, PartialEq)]
struct Framing {
    framed: bool,
    address: String,
}

#[function_component]
pub fn FrameControlsView(props: &FrameControlsViewProps) -> Html {
    let words = props.words;
    let framing = use_state(Framing::default);
    let state = use_state(|| Fullscreen::Off);

    {
        let framing = framing.clone();
        let state = state.clone();
        use_effect_with((), move |_| {
            framing.set(Framing { framed: frame::is_framed(), address: frame::own_address() });
            let listeners = fullscreen::on_change(move |change| {
                state.set(match change {
                    Some(true) => Fullscreen::On,
                    Some(false) => Fullscreen::Off,
                    None => Fullscreen::Refused,
                })
            });
            move || drop(listeners)
        });
    }

    let onclick = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if *state == Fullscreen::On {
                fullscreen::exit();
            } else if !fullscreen::enter() {
                state.set(Fullscreen::Refused);
            }
        })
    };
    // On a learning platform a second copy in a new tab would not report to
    // it, so the new tab is offered only once the app knows there is none.
    let new_tab = (framing.framed && props.platform == PlatformState::Standalone).then(|| {
        html! {
            <a class="frame-new-tab" href={framing.address.clone()} target="_blank" rel="noopener">
                { words.new_tab.as_ref() }
            </a>
        }
    });
    html! {
        <div class="frame-controls" role="group" aria-label={words.name.as_ref()}>
            <button type="button" class="frame-fullscreen" {onclick}>
                if *state == Fullscreen::On {
                    { words.exit_fullscreen.as_ref() }
                } else {
                    { words.fullscreen.as_ref() }
                }
            </button>
            if *state != Fullscreen::Refused {
                { new_tab.clone().unwrap_or_default() }
            }
            <p class="frame-refused" role="status">
                if *state == Fullscreen::Refused {
                    { words.fullscreen_refused.as_ref() }
                    { " " }
                    { new_tab.unwrap_or_default() }
                }
            </p>
        </div>
    }
}
