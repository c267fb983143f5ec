//! The diagram as the learner sees it: an inline SVG whose parts are lit,
//! dimmed and moved by CSS classes, the narration, and the controls. Yew
//! renders only when the step changes; all motion is CSS.

use std::rc::Rc;

use yew::prelude::*;

use super::arrangement::{Arrangement, Place};
use super::live::{LiveEvent, LiveFeed, LiveRequest};
use super::machine::{self, lit, Action, DiagramIds, Part, Scene, Walkthrough};
use crate::host;
use crate::lesson::{Diagram, DiagramLabelWords, Stage};
use crate::progress::{self, ProgressHandle};
use crate::status::StatusClass;
use crate::text::{clip_to_width, fill};

/// How long each step shows while playing.
const PLAY_STEP_MS: u32 = 3_500;

impl Reducible for Walkthrough {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = self.apply(action);
        crate::reducer::next_state(self, next)
    }
}

impl Reducible for LiveFeed {
    type Action = LiveEvent;

    fn reduce(self: Rc<Self>, action: LiveEvent) -> Rc<Self> {
        let next = self.apply(action);
        crate::reducer::next_state(self, next)
    }
}

/// What components use to report and read live requests: the app holds the
/// feed, the lab reports to it and the diagram plays it.
pub type LiveFeedHandle = crate::store::Shared<LiveFeed>;

#[derive(Properties, PartialEq)]
pub struct DiagramViewProps {
    pub diagram: &'static Diagram,
    /// Which diagram of the lesson this is, from 0: its ids and anchors are
    /// scoped by it, so two diagrams on one page work apart.
    #[prop_or_default]
    pub nth: usize,
    /// Said after the credit's link, which opens in a new tab: the lesson's words.
    #[prop_or_default]
    pub new_tab: &'static str,
}

#[function_component]
pub fn DiagramView(props: &DiagramViewProps) -> Html {
    let (diagram, nth) = (props.diagram, props.nth);
    let walk = use_reducer(|| Walkthrough::new(diagram, nth));
    let ids = machine::ids(nth);
    let feed = use_context::<LiveFeedHandle>();
    let progress = use_context::<ProgressHandle>();
    let root = use_node_ref();

    // Each step shown counts towards the lesson's completion, and is part of
    // the learner's saved progress.
    use_effect_with((walk.scenario, walk.step), move |&(scenario, step)| {
        if let Some(id) = diagram.scenarios.get(scenario).map(|s| &s.id) {
            progress::record_step_seen(progress.as_ref(), id, step);
        }
    });

    // Play: a timer that ticks while playing, and only then.
    {
        let walk = walk.clone();
        use_effect_with(walk.playing, move |playing| {
            let timer = playing.then(|| host::page::every(PLAY_STEP_MS, move || walk.dispatch(Action::Tick)));
            move || drop(timer)
        });
    }

    // Deep links: the address's fragment on arrival, and every later change;
    // each diagram answers only to its own anchors.
    {
        let walk = walk.clone();
        use_effect_with((), move |_| {
            let go = move |fragment: String| {
                if let Some((scenario, step)) = machine::parse_anchor(diagram, nth, &fragment) {
                    walk.dispatch(Action::GoTo { scenario, step });
                }
            };
            go(host::page::fragment());
            let listener = host::page::on_fragment_change(go);
            move || drop(listener)
        });
    }

    let live = feed.as_deref().and_then(|feed| walk.live_on_show(feed));
    let step = &diagram.scenarios[walk.scenario].steps[walk.step];
    let scene = walk.scene(live);

    let onkeydown = {
        let walk = walk.clone();
        let root = root.clone();
        Callback::from(move |e: KeyboardEvent| {
            let action = match e.key().as_str() {
                "ArrowRight" => Action::Next,
                "ArrowLeft" => Action::Back,
                // Space on a button presses that button; on the diagram itself it plays.
                " " if host::page::is_event_on(&e, &root) => Action::TogglePlay,
                _ => return,
            };
            // Radio buttons use the arrow keys to choose a scenario.
            if host::page::is_event_on_radio(&e) {
                return;
            }
            e.prevent_default();
            walk.dispatch(action);
        })
    };
    let dispatch = |action: Action| {
        let walk = walk.clone();
        Callback::from(move |_: MouseEvent| walk.dispatch(action))
    };
    let controls = &diagram.controls;
    let progress = fill(
        &controls.progress,
        &[("n", &(walk.step + 1).to_string()), ("total", &walk.steps().to_string())],
    );

    html! {
        <figure class="diagram">
            { for diagram.scenarios.iter().enumerate().flat_map(|(s, scenario)| {
                (0..scenario.steps.len()).map(move |n| html! {
                    <span class="diagram-anchor" id={machine::anchor(diagram, nth, s, n)}></span>
                })
            }) }
            <div
                class="diagram-body"
                ref={root}
                tabindex="0"
                role="group"
                aria-label={controls.name.as_ref()}
                {onkeydown}
            >
                { picture(diagram, &ids, &scene) }
                if let Some(request) = live {
                    <div class="diagram-controls">
                        <button type="button" onclick={dispatch(Action::LeaveLive(request.id))}>
                            { controls.leave_live.as_ref() }
                        </button>
                    </div>
                } else {
                    <div class="diagram-controls">
                        <button type="button" aria-disabled={walk.is_first().to_string()} onclick={dispatch(Action::Back)}>
                            <span aria-hidden="true">{ "‹ " }</span>{ controls.back.as_ref() }
                        </button>
                        <button type="button" class="diagram-play" onclick={dispatch(Action::TogglePlay)}>
                            if walk.playing {
                                <span aria-hidden="true">{ "❚❚ " }</span>{ controls.pause.as_ref() }
                            } else {
                                <span aria-hidden="true">{ "▶ " }</span>{ controls.play.as_ref() }
                            }
                        </button>
                        <button type="button" aria-disabled={walk.is_last().to_string()} onclick={dispatch(Action::Next)}>
                            { controls.next.as_ref() }<span aria-hidden="true">{ " ›" }</span>
                        </button>
                        <button type="button" onclick={dispatch(Action::Restart)}>
                            <span aria-hidden="true">{ "↺ " }</span>{ controls.restart.as_ref() }
                        </button>
                        <a class="diagram-link" href={format!("#{}", walk.anchor())}>{ controls.link.as_ref() }</a>
                    </div>
                }
                <div class="diagram-narration" aria-live="polite" aria-atomic="true">
                    { match live {
                        Some(request) => live_narration(diagram, request),
                        None => html! {
                            <>
                                <p class="diagram-step-title">
                                    <span class="diagram-progress">{ progress.clone() }</span>
                                    <strong>{ step.title.as_ref() }</strong>
                                </p>
                                <p class="diagram-step-text">{ step.text.as_ref() }</p>
                            </>
                        },
                    } }
                </div>
                if live.is_none() {
                    <fieldset class="diagram-scenarios">
                        <legend>{ controls.scenario.as_ref() }</legend>
                        { for diagram.scenarios.iter().enumerate().map(|(i, s)| {
                            let group = ids.scenario_group();
                            let current = walk.scenario;
                            let walk = walk.clone();
                            let onchange = Callback::from(move |_: Event| walk.dispatch(Action::ChooseScenario(i)));
                            html! {
                                <label>
                                    <input type="radio" name={group} value={s.id.as_ref()}
                                        checked={i == current} {onchange} />
                                    { s.label.as_ref() }
                                </label>
                            }
                        }) }
                    </fieldset>
                }
            </div>
            { transcript(diagram) }
            <figcaption>
                <a class="external" href={diagram.credit_href.as_ref()} target="_blank" rel="noopener noreferrer">
                    { diagram.credit.as_ref() }
                    <span class="visually-hidden">{ " " }{ props.new_tab }</span>
                </a>
            </figcaption>
        </figure>
    }
}

/// Every step of every scenario as text, for a page where scripts don't run
/// (the stylesheets show it only there): the story the controls would tell.
fn transcript(diagram: &'static Diagram) -> Html {
    let intro = diagram.controls.needs_script.as_ref();
    if intro.is_empty() {
        return html! {};
    }
    html! {
        <div class="diagram-transcript without-script">
            <p>{ intro }</p>
            { for diagram.scenarios.iter().map(|scenario| html! {
                <>
                    <p class="diagram-transcript-scenario"><strong>{ scenario.label.as_ref() }</strong></p>
                    <ol>
                        { for scenario.steps.iter().map(|step| html! {
                            <li><strong>{ step.title.as_ref() }</strong>{ " " }{ step.text.as_ref() }</li>
                        }) }
                    </ol>
                </>
            }) }
        </div>
    }
}

fn live_narration(diagram: &Diagram, request: &LiveRequest) -> Html {
    let live = &diagram.live;
    let (text, class) = request.narration(live);
    html! {
        <>
            <p class="diagram-step-title"><strong>{ live.title.as_ref() }</strong></p>
            <p class={classes!("diagram-step-text", class.map(StatusClass::css))}>{ text }</p>
        </>
    }
}

/// The words the picture shows, and the classes of its parts, for a scene.
struct Drawing<'a> {
    labels: &'a DiagramLabelWords,
    ids: &'a DiagramIds,
    scene: &'a Scene,
    response_text: String,
    response_class: Option<&'static str>,
}

impl Drawing<'_> {
    fn part(&self, p: Part, name: &'static str) -> Classes {
        classes!("part", name, if lit(self.scene.stage, p) { "is-lit" } else { "is-dim" })
    }

    fn request(&self) -> String {
        format!("{} {}", self.scene.method, self.scene.path)
    }
}

/// Both arrangements of the picture; the stylesheet shows the one that fits
/// the diagram's width (see [`Arrangement`]).
fn picture(diagram: &Diagram, ids: &DiagramIds, scene: &Scene) -> Html {
    let (response_text, response_class) = match &scene.response {
        Some((text, class)) => (text.clone(), class.map(StatusClass::css)),
        None => (String::new(), None),
    };
    let drawing = Drawing { labels: &diagram.labels, ids, scene, response_text, response_class };
    html! {
        <>
            { picture_wide(diagram, &drawing) }
            { picture_tall(diagram, &drawing) }
        </>
    }
}

fn svg_classes(scene: &Scene, arrangement: Arrangement) -> Classes {
    let stage = match scene.stage {
        Stage::Address => "stage-address",
        Stage::Request => "stage-request",
        Stage::Receive => "stage-receive",
        Stage::Work => "stage-work",
        Stage::Respond => "stage-respond",
        Stage::Render => "stage-render",
    };
    classes!(
        "diagram-picture",
        arrangement.css(),
        stage,
        scene.failed.then_some("is-failed"),
        scene.live.then_some("is-live")
    )
}

/// Lines of text, one `<text>` each, the first with its baseline at `y`.
fn text_lines(
    lines: &[String],
    x: u32,
    y: u32,
    line_height: u32,
    class: Option<&'static str>,
    middle: bool,
) -> Html {
    html! {
        { for lines.iter().zip(0..).map(|(line, i)| html! {
            <text class={class} x={x.to_string()} y={(y + i * line_height).to_string()}
                text-anchor={middle.then_some("middle")}>{ line.clone() }</text>
        }) }
    }
}

/// A message on the connection: a pill of `lines` at (`x`, `y`), `width` wide.
fn message(lines: &[String], arrangement: Arrangement, x: u32, y: u32, width: u32, class: Classes) -> Html {
    let height = arrangement.box_height(lines.len());
    let baseline = y + 5 + arrangement.line_height() * 4 / 5;
    html! {
        <g {class}>
            <rect x={x.to_string()} y={y.to_string()} width={width.to_string()} height={height.to_string()} rx="12" />
            { text_lines(lines, x + width / 2, baseline, arrangement.line_height(), None, true) }
        </g>
    }
}

/// The parts of the pictures that never change, as markup: the same
/// elements as written out in `html!`, at a fraction of the wasm's bytes
/// (each `html!` element is code; this is one string). Nothing of the
/// lesson's or the learner's goes in them.
const WIDE_CLIENT: &str = concat!(
    r#"<rect class="frame" x="4" y="24" width="146" height="140" rx="9"/>"#,
    r#"<path class="titlebar" d="M4 33 a9 9 0 0 1 9 -9 h128 a9 9 0 0 1 9 9 v9 h-146 z"/>"#,
    r#"<circle class="dot" cx="16" cy="33" r="3"/><circle class="dot" cx="26" cy="33" r="3"/>"#,
    r#"<circle class="dot" cx="36" cy="33" r="3"/>"#,
);
const WIDE_SERVER: &str = concat!(
    r#"<g class="listening" aria-hidden="true"><path class="wave wave-1" d="M331 14 q10 -8 20 0"/>"#,
    r#"<path class="wave wave-2" d="M325 8 q16 -12 32 0"/></g>"#,
    r#"<rect class="frame" x="302" y="24" width="78" height="140" rx="9"/>"#,
    r#"<rect class="slot" x="312" y="40" width="58" height="16" rx="3"/>"#,
    r#"<rect class="slot" x="312" y="64" width="58" height="16" rx="3"/>"#,
    r#"<rect class="slot" x="312" y="88" width="58" height="16" rx="3"/>"#,
    r#"<circle class="led" cx="360" cy="48" r="3"/><circle class="led" cx="360" cy="72" r="3"/>"#,
    r#"<circle class="led" cx="360" cy="96" r="3"/>"#,
);
const WIDE_DATABASE: &str = concat!(
    r#"<line class="db-link" x1="380" y1="94" x2="406" y2="94"/>"#,
    r#"<path class="frame" d="M406 62 v64 a32 10 0 0 0 64 0 v-64"/>"#,
    r#"<ellipse class="frame" cx="438" cy="62" rx="32" ry="10"/>"#,
    r#"<path class="ring" d="M406 84 a32 10 0 0 0 64 0 M406 104 a32 10 0 0 0 64 0"/>"#,
);
const WIDE_FAILED: &str = concat!(
    r#"<g class="message-failed" aria-hidden="true"><circle cx="226" cy="124" r="11"/>"#,
    r#"<path d="M221 119 l10 10 M231 119 l-10 10"/></g>"#,
);
const TALL_CLIENT: &str = concat!(
    r#"<rect class="frame" x="4" y="4" width="248" height="124" rx="9"/>"#,
    r#"<path class="titlebar" d="M4 13 a9 9 0 0 1 9 -9 h230 a9 9 0 0 1 9 9 v9 h-248 z"/>"#,
    r#"<circle class="dot" cx="16" cy="13" r="3"/><circle class="dot" cx="26" cy="13" r="3"/>"#,
    r#"<circle class="dot" cx="36" cy="13" r="3"/>"#,
);
const TALL_SERVER: &str = concat!(
    r#"<rect class="frame" x="4" y="282" width="156" height="80" rx="9"/>"#,
    r#"<rect class="slot" x="14" y="294" width="92" height="14" rx="3"/>"#,
    r#"<rect class="slot" x="14" y="314" width="92" height="14" rx="3"/>"#,
    r#"<rect class="slot" x="14" y="334" width="92" height="14" rx="3"/>"#,
    r#"<circle class="led" cx="96" cy="301" r="3"/><circle class="led" cx="96" cy="321" r="3"/>"#,
    r#"<circle class="led" cx="96" cy="341" r="3"/>"#,
    r#"<g class="listening" aria-hidden="true"><path class="wave wave-1" d="M124 328 q10 -8 20 0"/>"#,
    r#"<path class="wave wave-2" d="M118 321 q16 -12 32 0"/></g>"#,
);
const TALL_DATABASE: &str = concat!(
    r#"<line class="db-link" x1="160" y1="322" x2="180" y2="322"/>"#,
    r#"<path class="frame" d="M180 298 v48 a34 10 0 0 0 68 0 v-48"/>"#,
    r#"<ellipse class="frame" cx="214" cy="298" rx="34" ry="10"/>"#,
    r#"<path class="ring" d="M180 314 a34 10 0 0 0 68 0 M180 330 a34 10 0 0 0 68 0"/>"#,
);
const TALL_FAILED: &str = concat!(
    r#"<g class="message-failed" aria-hidden="true"><circle cx="124" cy="176" r="11"/>"#,
    r#"<path d="M119 171 l10 10 M129 171 l-10 10"/></g>"#,
);

/// One of the constant parts above, in the picture.
fn drawn(markup: &'static str) -> Html {
    Html::from_html_unchecked(AttrValue::Static(markup))
}

fn picture_wide(diagram: &Diagram, drawing: &Drawing) -> Html {
    let wide = Arrangement::Wide;
    let (labels, scene) = (drawing.labels, drawing.scene);
    let address = wide.lines(Place::AddressBar, &scene.address);
    let bar = wide.box_height(address.len());
    let page_top = 50 + bar + 10;
    let request = wide.lines(Place::Message, &drawing.request());
    let response = wide.lines(Place::Message, &drawing.response_text);
    let request_top = 80 - wide.box_height(request.len()) / 2;
    let response_top = 124 - wide.box_height(response.len()) / 2;
    html! {
        <svg class={svg_classes(scene, wide)} viewBox="0 0 480 222" role="img" aria-labelledby={drawing.ids.alt(false)}>
            <title id={drawing.ids.alt(false)}>{ diagram.alt.as_ref() }</title>
            <defs>
                <marker id={drawing.ids.arrow(false)} viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M0 0 L10 5 L0 10 z" class="arrow-head" />
                </marker>
            </defs>

            <g class={drawing.part(Part::Client, "client")}>
                { drawn(WIDE_CLIENT) }
                <rect class="address-bar" x="12" y="50" width="130" height={bar.to_string()} rx="11" />
                { text_lines(&address, 22, 66, wide.line_height(), Some("address"), false) }
                <g class="page">
                    <rect class="page-line" x="16" y={page_top.to_string()} width="96" height="8" rx="4" />
                    <rect class="page-line" x="16" y={(page_top + 14).to_string()} width="118" height="8" rx="4" />
                    <rect class="page-line" x="16" y={(page_top + 28).to_string()} width="74" height="8" rx="4" />
                    <text class="page-title" x="77" y="152" text-anchor="middle">{ clip_to_width(&scene.page, 20) }</text>
                </g>
                <text class="label" x="77" y="188" text-anchor="middle">{ labels.client.as_ref() }</text>
            </g>

            <g class={drawing.part(Part::Connection, "connection")}>
                <line class="lane" x1="158" y1="80" x2="294" y2="80" marker-end={format!("url(#{})", drawing.ids.arrow(false))} />
                <line class="lane" x1="294" y1="124" x2="158" y2="124" marker-end={format!("url(#{})", drawing.ids.arrow(false))} />
                <text class="lane-label" x="226" y="56" text-anchor="middle">{ labels.request.as_ref() }</text>
                <text class="lane-label" x="226" y="158" text-anchor="middle">{ labels.response.as_ref() }</text>
                <text class="protocol" x="226" y="107" text-anchor="middle">{ labels.connection.as_ref() }</text>
            </g>

            <g class={drawing.part(Part::Server, "server")}>
                { drawn(WIDE_SERVER) }
                <text class="label" x="341" y="188" text-anchor="middle">{ labels.server.as_ref() }</text>
                <text class="sublabel" x="341" y="206" text-anchor="middle">{ labels.listening.as_ref() }</text>
            </g>

            <g class={drawing.part(Part::Database, "database")}>
                { drawn(WIDE_DATABASE) }
                <text class="label" x="438" y="188" text-anchor="middle">{ labels.database.as_ref() }</text>
            </g>

            { message(&request, wide, 154, request_top, 144, classes!("message", "message-request")) }
            { drawn(WIDE_FAILED) }
            { message(&response, wide, 154, response_top, 144, classes!("message", "message-response", drawing.response_class)) }
        </svg>
    }
}

/// Stacked for a narrow screen, at the size it is shown there (about 260
/// CSS px wide), so that its smallest words stay at least 12 px.
fn picture_tall(diagram: &Diagram, drawing: &Drawing) -> Html {
    let tall = Arrangement::Tall;
    let (labels, scene) = (drawing.labels, drawing.scene);
    let address = tall.lines(Place::AddressBar, &scene.address);
    let bar = tall.box_height(address.len());
    let page_top = 30 + bar + 10;
    let request = tall.lines(Place::Message, &drawing.request());
    let response = tall.lines(Place::Message, &drawing.response_text);
    let request_top = 274 - tall.box_height(request.len());
    html! {
        <svg class={svg_classes(scene, tall)} viewBox="0 0 256 406" role="img" aria-labelledby={drawing.ids.alt(true)}>
            <title id={drawing.ids.alt(true)}>{ diagram.alt.as_ref() }</title>
            <defs>
                <marker id={drawing.ids.arrow(true)} viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M0 0 L10 5 L0 10 z" class="arrow-head" />
                </marker>
            </defs>

            <g class={drawing.part(Part::Client, "client")}>
                { drawn(TALL_CLIENT) }
                <rect class="address-bar" x="12" y="30" width="232" height={bar.to_string()} rx="11" />
                { text_lines(&address, 22, 47, tall.line_height(), Some("address"), false) }
                <g class="page">
                    <rect class="page-line" x="16" y={page_top.to_string()} width="150" height="8" rx="4" />
                    <rect class="page-line" x="16" y={(page_top + 14).to_string()} width="196" height="8" rx="4" />
                    <text class="page-title" x="128" y="118" text-anchor="middle">{ clip_to_width(&scene.page, 28) }</text>
                </g>
                <text class="label" x="128" y="148" text-anchor="middle">{ labels.client.as_ref() }</text>
            </g>

            <g class={drawing.part(Part::Connection, "connection")}>
                <line class="lane" x1="40" y1="158" x2="40" y2="274" marker-end={format!("url(#{})", drawing.ids.arrow(true))} />
                <line class="lane" x1="124" y1="274" x2="124" y2="158" marker-end={format!("url(#{})", drawing.ids.arrow(true))} />
                <text class="lane-label" x="48" y="208">{ labels.request.as_ref() }</text>
                <text class="protocol" x="82" y="224" text-anchor="middle">{ labels.connection.as_ref() }</text>
                <text class="lane-label" x="116" y="240" text-anchor="end">{ labels.response.as_ref() }</text>
            </g>

            <g class={drawing.part(Part::Server, "server")}>
                { drawn(TALL_SERVER) }
                <text class="label" x="82" y="382" text-anchor="middle">{ labels.server.as_ref() }</text>
                <text class="sublabel" x="82" y="399" text-anchor="middle">{ labels.listening.as_ref() }</text>
            </g>

            <g class={drawing.part(Part::Database, "database")}>
                { drawn(TALL_DATABASE) }
                <text class="label" x="214" y="382" text-anchor="middle">{ labels.database.as_ref() }</text>
            </g>

            { message(&request, tall, 8, request_top, 240, classes!("message", "message-request")) }
            { drawn(TALL_FAILED) }
            { message(&response, tall, 8, 160, 240, classes!("message", "message-response", drawing.response_class)) }
        </svg>
    }
}
