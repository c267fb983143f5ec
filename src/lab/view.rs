//! The lab as the learner sees it: the request form, the response (or why
//! there is none), and the history. Components only translate events into
//! state changes and render; the browser (the network through `host::fetch`,
//! the form's fields through `host::page`) is reached from effects and
//! callbacks, never while rendering.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::catalogue::{meaning, server_wording, status_line};
use super::outcome::{cors_header, explain_failure, explain_refusal, name_failure, Outcome, Reply};
use super::preview::{thousands, Preview, MAX_BODY_BYTES};
use super::state::{settled, Entry, LabAction, LabState, Practice, Sent, HISTORY_CAP};
use crate::diagram::LiveFeedHandle;
use crate::host::fetch::{self, Stopper};
use crate::host::page::{input_value, select_value};
use crate::lesson::{Lab, Method};
use crate::status::StatusClass;
use crate::text::{clip, fill};
use crate::widget::Ids;

/// How much of a header value or final address is shown.
const VALUE_CHARS: usize = 2_000;

/// Body types offered for a POST; a preset may bring another.
const CONTENT_TYPES: [&str; 2] = ["application/json", "text/plain"];

impl Reducible for LabState {
    type Action = LabAction;

    fn reduce(self: Rc<Self>, action: LabAction) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

#[derive(Properties, PartialEq)]
pub struct LabViewProps {
    pub lab: &'static Lab,
    /// Which lab of the lesson this is, from 0: its ids are scoped by it, so
    /// two labs on one page keep their labels on their own fields.
    #[prop_or_default]
    pub nth: usize,
}

#[function_component]
pub fn LabView(props: &LabViewProps) -> Html {
    let lab = props.lab;
    let ids = Ids::of("lab", props.nth);
    let state = use_reducer(|| LabState::new(lab));
    let feed = use_context::<LiveFeedHandle>();
    let stopper = use_mut_ref(|| None::<Stopper>);
    let next_id = use_mut_ref(|| 0_u64);
    // The page's origin, read once the lab is on the page (never while rendering).
    let origin = use_state(String::new);

    {
        let state = state.clone();
        let origin = origin.clone();
        use_effect_with((), move |_| {
            origin.set(fetch::page().origin);
            let look = move || {
                fetch::find_practice(&lab.practice_api, move |found| {
                    state.dispatch(LabAction::PracticeFound(found))
                })
            };
            // Offline, the question waits for the network: asked now it could only fail.
            let waiting = if crate::host::page::is_online() {
                look();
                None
            } else {
                crate::host::page::when_online(look)
            };
            move || drop(waiting)
        });
    }

    // Sending is a plain click (or Enter in a field), never a form submission:
    // a frame sandboxed without `allow-forms` blocks submissions before any
    // handler hears of them, and a platform's frames often are.
    let onsend = {
        let state = state.clone();
        let stopper = stopper.clone();
        let next_id = next_id.clone();
        Callback::from(move |()| {
            if state.in_flight().is_some() {
                return;
            }
            let id = {
                let mut next = next_id.borrow_mut();
                *next += 1;
                *next
            };
            send(lab, &state, feed.as_ref(), &stopper, id);
        })
    };
    let enter_sends = {
        let onsend = onsend.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                onsend.emit(());
            }
        })
    };
    let oncancel = {
        let stopper = stopper.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(stopper) = stopper.borrow().as_ref() {
                stopper.cancel();
            }
        })
    };

    let labels = &lab.labels;
    let draft = &state.draft;
    let in_flight = state.in_flight().is_some();
    let preset = state.preset.and_then(|i| lab.presets.get(i));

    let onpreset = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let value = select_value(&e);
            state.dispatch(LabAction::ChoosePreset(value.parse().ok()));
        })
    };
    let onmethod = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(method) = Method::parse(&select_value(&e)) {
                state.dispatch(LabAction::SetMethod(method));
            }
        })
    };
    let onurl = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.dispatch(LabAction::SetUrl(input_value(&e))))
    };
    let onbody = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.dispatch(LabAction::SetBody(input_value(&e))))
    };
    let oncontenttype = {
        let state = state.clone();
        Callback::from(move |e: Event| state.dispatch(LabAction::SetContentType(select_value(&e))))
    };
    let ontimeout = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.dispatch(LabAction::SetTimeout(input_value(&e))))
    };
    let onclear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(LabAction::ClearHistory))
    };

    let mut content_types: Vec<String> = CONTENT_TYPES.iter().map(|s| s.to_string()).collect();
    if !content_types.contains(&draft.content_type) {
        content_types.push(draft.content_type.clone());
    }

    html! {
        <section class="lab" aria-labelledby={ids.id("title")}>
            <p class="lab-title" id={ids.id("title")}>{ labels.title.as_ref() }</p>
            <p class="lab-intro">{ labels.intro.as_ref() }</p>
            if !labels.needs_script.is_empty() {
                <p class="lab-needs-script without-script">{ labels.needs_script.as_ref() }</p>
            }
            <div class="lab-form">
                <div class="lab-field">
                    <label for={ids.id("preset")}>{ labels.preset.as_ref() }</label>
                    <select id={ids.id("preset")} onchange={onpreset} aria-describedby={ids.id("why")}>
                        { for state.presets().map(|(i, p)| html! {
                            <option value={i.to_string()} selected={state.preset == Some(i)}>{ p.label.as_ref() }</option>
                        }) }
                        <option value="custom" selected={state.preset.is_none()}>{ labels.custom.as_ref() }</option>
                    </select>
                    <p class="lab-why" id={ids.id("why")}>{ preset.map(|p| p.why.as_ref()).unwrap_or("") }</p>
                    if state.practice == Practice::Here {
                        <p class="lab-practice">{ labels.practice_found.as_ref() }</p>
                    }
                </div>
                <div class="lab-request">
                    <div class="lab-field lab-method">
                        <label for={ids.id("method")}>{ labels.method.as_ref() }</label>
                        <select id={ids.id("method")} onchange={onmethod}>
                            { for Method::ALL.iter().map(|m| html! {
                                <option value={m.as_str()} selected={*m == draft.method}>{ m.as_str() }</option>
                            }) }
                        </select>
                    </div>
                    <div class="lab-field lab-address">
                        <label for={ids.id("url")}>{ labels.address.as_ref() }</label>
                        <input id={ids.id("url")} type="text" inputmode="url" autocomplete="off" autocapitalize="off"
                            spellcheck="false" value={draft.url.clone()} oninput={onurl} onkeydown={enter_sends.clone()} />
                    </div>
                </div>
                if draft.method.has_body() {
                    <div class="lab-field">
                        <label for={ids.id("content-type")}>{ labels.content_type.as_ref() }</label>
                        <select id={ids.id("content-type")} onchange={oncontenttype}>
                            { for content_types.iter().map(|t| html! {
                                <option value={t.clone()} selected={*t == draft.content_type}>{ t.clone() }</option>
                            }) }
                        </select>
                    </div>
                    <div class="lab-field">
                        <label for={ids.id("body")}>{ labels.body.as_ref() }</label>
                        <textarea id={ids.id("body")} rows="3" spellcheck="false" value={draft.body.clone()} oninput={onbody} />
                    </div>
                }
                <div class="lab-field lab-timeout">
                    <label for={ids.id("timeout")}>{ labels.timeout.as_ref() }</label>
                    <input id={ids.id("timeout")} type="number" min="1" max="120" step="1" inputmode="numeric"
                        value={draft.timeout.clone()} oninput={ontimeout} onkeydown={enter_sends} />
                </div>
                <div class="lab-actions">
                    <button type="button" class="lab-send" disabled={in_flight} onclick={onsend.reform(|_: MouseEvent| ())}>
                        { labels.send.as_ref() }
                    </button>
                    <button type="button" class="lab-cancel" disabled={!in_flight} onclick={oncancel}>{ labels.cancel.as_ref() }</button>
                </div>
            </div>
            // `data-entry` and `data-settled` let tests (and styles) follow a request.
            <div class="lab-response" aria-labelledby={ids.id("response-title")} role="region"
                data-entry={state.shown_entry().map(|e| e.id.to_string())}
                data-settled={state.shown_entry().map(|e| e.outcome.is_some().to_string())}>
                <p class="lab-subtitle" id={ids.id("response-title")}>{ labels.response.as_ref() }</p>
                { match state.shown_entry() {
                    Some(entry) => entry_view(lab, entry, &origin),
                    None => html! { <p class="lab-nothing" role="status">{ labels.nothing_yet.as_ref() }</p> },
                } }
            </div>
            { history_view(lab, &ids, &state, onclear) }
        </section>
    }
}

/// Sends the draft, in the order the lab's state decides: into the history,
/// onto the diagram, out to the network, and back to both when it settles.
fn send(
    lab: &'static Lab,
    state: &UseReducerHandle<LabState>,
    feed: Option<&LiveFeedHandle>,
    stopper: &Rc<RefCell<Option<Stopper>>>,
    id: u64,
) {
    let (entry, started, sending) = match state.send(id, fetch::parse, &fetch::page()) {
        Sent::Refused(entry) => {
            state.dispatch(LabAction::Sent(entry));
            return;
        }
        Sent::Going { entry, started, sending } => (entry, started, sending),
    };
    state.dispatch(LabAction::Sent(entry));
    if let Some(feed) = feed {
        feed.dispatch(started);
    }
    let this = Stopper::new();
    *stopper.borrow_mut() = Some(this.clone());
    let state = state.clone();
    let feed = feed.cloned();
    let stopper = stopper.clone();
    fetch::send_then(sending, this.clone(), move |outcome| {
        if stopper.borrow().as_ref() == Some(&this) {
            *stopper.borrow_mut() = None;
        }
        let (live, record) = settled(lab, id, outcome);
        if let Some(feed) = feed {
            feed.dispatch(live);
        }
        state.dispatch(record);
    });
}

fn entry_view(lab: &Lab, entry: &Entry, origin: &str) -> Html {
    let labels = &lab.labels;
    let request = html! {
        <p class="lab-request-line"><code>{ format!("{} {}", entry.method.as_str(), entry.shown) }</code></p>
    };
    match &entry.outcome {
        None => html! {
            <>
                { request }
                <p class="lab-status lab-pending" role="status">
                    { fill(&labels.sending, &[("method", entry.method.as_str()), ("url", &entry.shown)]) }
                </p>
            </>
        },
        Some(Outcome::Refused(refusal)) => html! {
            <>
                { request }
                <p class="lab-status lab-refused" role="status">
                    <span class="lab-status-icon" aria-hidden="true">{ "⊘" }</span>
                    <strong>{ labels.not_sent.as_ref() }</strong>
                </p>
                { explanation(&explain_refusal(lab, refusal), None) }
            </>
        },
        Some(Outcome::Failed { failure, elapsed_ms }) => html! {
            <>
                { request }
                <p class="lab-status lab-failed" role="status">
                    <span class="lab-status-icon" aria-hidden="true">{ "✕" }</span>
                    <strong>{ labels.no_status.as_ref() }</strong>
                    <span class="lab-class">{ name_failure(lab, failure) }</span>
                </p>
                { explanation(&explain_failure(lab, failure), cors_header(lab, failure, origin)) }
                <dl class="lab-meta">
                    <dt>{ labels.time.as_ref() }</dt><dd>{ format!("{elapsed_ms} ms") }</dd>
                </dl>
            </>
        },
        Some(Outcome::Answered(reply)) => html! {
            <>
                { request }
                { reply_view(lab, entry, reply) }
            </>
        },
    }
}

/// An explanation's paragraphs, and the header a server would have to send.
fn explanation(text: &str, header: Option<String>) -> Html {
    html! {
        <div class="lab-explanation">
            { for text.split("\n\n").map(|paragraph| html! { <p>{ paragraph.to_owned() }</p> }) }
            if let Some(header) = header {
                <pre class="lab-header-example"><code>{ header }</code></pre>
            }
        </div>
    }
}

fn reply_view(lab: &Lab, entry: &Entry, reply: &Reply) -> Html {
    let labels = &lab.labels;
    let class = StatusClass::of(reply.status);
    let path = entry.shown.as_str();
    let size = fill(&labels.bytes, &[("bytes", &thousands(reply.body_bytes as u64))]);
    let truncated = fill(&labels.truncated, &[("kib", &(MAX_BODY_BYTES / 1024).to_string())]);
    html! {
        <>
            <p class={classes!("lab-status", class.map(StatusClass::css))} role="status">
                <span class="lab-code">{ status_line(reply.status, &reply.status_text) }</span>
                <span class="lab-class">{ class.map_or("unknown", StatusClass::name) }</span>
            </p>
            <p class="lab-meaning">
                { meaning(lab, reply.status, entry.method.as_str(), path) }
                if let Some(said) = server_wording(reply.status, &reply.status_text) {
                    { " " }{ fill(&labels.server_said, &[("text", &clip(&said, 200))]) }
                }
            </p>
            <dl class="lab-meta">
                <dt>{ labels.time.as_ref() }</dt><dd>{ format!("{} ms", reply.elapsed_ms) }</dd>
                <dt>{ labels.size.as_ref() }</dt><dd>{ size }</dd>
                <dt>{ labels.redirected.as_ref() }</dt>
                <dd>{ if reply.redirected {
                    fill(&labels.redirected_to, &[("url", &clip(&reply.url, VALUE_CHARS))])
                } else {
                    labels.not_redirected.to_string()
                } }</dd>
            </dl>
            <details class="lab-headers">
                <summary>{ format!("{} ({})", labels.headers, reply.headers.len()) }</summary>
                <p class="lab-note">{ labels.headers_note.as_ref() }</p>
                <dl>
                    { for reply.headers.iter().map(|(name, value)| html! {
                        <>
                            <dt>{ clip(name, 200) }</dt>
                            <dd>{ super::preview::sanitize(&clip(value, VALUE_CHARS)) }</dd>
                        </>
                    }) }
                </dl>
            </details>
            <p class="lab-subtitle">{ labels.body_preview.as_ref() }</p>
            if reply.truncated {
                <p class="lab-note lab-truncated">{ truncated }</p>
            }
            if let Some(stopped) = &reply.body_stopped {
                <p class="lab-note">{ fill(&labels.body_stopped, &[("why", &explain_failure(lab, stopped))]) }</p>
            }
            { body_view(lab, entry.method, reply) }
        </>
    }
}

fn body_view(lab: &Lab, method: Method, reply: &Reply) -> Html {
    let labels = &lab.labels;
    let pre = |text: &str, kind: &'static str| {
        html! { <pre class={classes!("lab-body", kind)} tabindex="0"><code>{ text.to_owned() }</code></pre> }
    };
    match &reply.body {
        Preview::Empty if method == Method::Head => {
            html! { <p class="lab-note">{ labels.no_body_for_head.as_ref() }</p> }
        }
        Preview::Empty => html! { <p class="lab-note">{ labels.empty_body.as_ref() }</p> },
        Preview::Json(text) => pre(text, "is-json"),
        Preview::Text(text) => pre(text, "is-text"),
        Preview::Html(text) => html! {
            <>
                <p class="lab-note">{ labels.html_note.as_ref() }</p>
                { pre(text, "is-html") }
            </>
        },
        Preview::Binary { kind } => html! {
            <p class="lab-note">{ fill(&labels.binary, &[("kind", kind), ("bytes", &thousands(reply.body_bytes as u64))]) }</p>
        },
    }
}

fn history_view(
    lab: &Lab,
    ids: &Ids,
    state: &UseReducerHandle<LabState>,
    onclear: Callback<MouseEvent>,
) -> Html {
    let labels = &lab.labels;
    html! {
        <div class="lab-history" role="region" aria-labelledby={ids.id("history-title")}>
            <div class="lab-history-head">
                <p class="lab-subtitle" id={ids.id("history-title")}>{ labels.history.as_ref() }</p>
                <button type="button" class="lab-clear" onclick={onclear}
                    disabled={state.history.iter().all(|e| e.outcome.is_none())}>
                    { labels.clear.as_ref() }
                </button>
            </div>
            if state.history.is_empty() {
                <p class="lab-note">{ labels.history_empty.as_ref() }</p>
            } else {
                <ol class="lab-history-list">
                    { for state.history.iter().map(|entry| {
                        let id = entry.id;
                        let onclick = {
                            let state = state.clone();
                            Callback::from(move |_: MouseEvent| state.dispatch(LabAction::Show(id)))
                        };
                        let (result, css) = summary(lab, entry);
                        html! {
                            <li>
                                <button type="button" class="lab-history-item" {onclick}
                                    aria-current={(state.shown == Some(id)).then_some("true")}>
                                    <code class="lab-history-request">{ format!("{} {}", entry.method.as_str(), clip(&entry.shown, 60)) }</code>
                                    <span class={classes!("lab-history-result", css)}>{ result }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ol>
                <p class="lab-note">{ fill(&labels.history_note, &[("n", &HISTORY_CAP.to_string())]) }</p>
            }
        </div>
    }
}

/// A history entry's result in a few words, and its colour.
fn summary(lab: &Lab, entry: &Entry) -> (String, Option<&'static str>) {
    match &entry.outcome {
        None => ("…".to_owned(), None),
        Some(Outcome::Answered(reply)) => {
            let class = StatusClass::of(reply.status);
            (status_line(reply.status, &reply.status_text), class.map(StatusClass::css))
        }
        Some(Outcome::Failed { failure, .. }) => (name_failure(lab, failure), Some("lab-failed")),
        Some(Outcome::Refused(_)) => (lab.failures.short.refused.to_string(), Some("lab-refused")),
    }
}
