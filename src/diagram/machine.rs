//! The walkthrough's state and every move it can make: steps, scenarios, the
//! play timer's ticks, deep links, which live request is on show, and what
//! the picture shows.

use super::live::{LiveFeed, LiveRequest};
use crate::lesson::{Diagram, Stage};
use crate::status::StatusClass;
use crate::widget::scope as widget_scope;

/// Where the learner is in the diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Walkthrough {
    diagram: &'static Diagram,
    /// Which diagram of the lesson this is, counting from 0: its ids and
    /// anchors are scoped by it.
    nth: usize,
    pub scenario: usize,
    pub step: usize,
    pub playing: bool,
    /// The live request the learner left, so it does not take over again.
    pub dismissed_live: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Next,
    Back,
    Restart,
    Play,
    Pause,
    TogglePlay,
    /// The play timer fired.
    Tick,
    ChooseScenario(usize),
    GoTo {
        scenario: usize,
        step: usize,
    },
    /// Leave the live request with this id and show the walkthrough again.
    LeaveLive(u64),
}

impl Walkthrough {
    /// The walkthrough of the `nth` diagram of the lesson (from 0).
    pub fn new(diagram: &'static Diagram, nth: usize) -> Self {
        Walkthrough { diagram, nth, scenario: 0, step: 0, playing: false, dismissed_live: None }
    }

    pub fn steps(&self) -> usize {
        self.diagram.scenarios.get(self.scenario).map_or(0, |s| s.steps.len())
    }

    pub fn is_first(&self) -> bool {
        self.step == 0
    }

    pub fn is_last(&self) -> bool {
        self.step + 1 >= self.steps()
    }

    pub fn stage(&self) -> Stage {
        self.diagram.scenarios[self.scenario].steps[self.step].stage
    }

    pub fn apply(&self, action: Action) -> Walkthrough {
        let mut next = self.clone();
        match action {
            Action::Next => {
                next.playing = false;
                if !self.is_last() {
                    next.step += 1;
                }
            }
            Action::Back => {
                next.playing = false;
                next.step = self.step.saturating_sub(1);
            }
            Action::Restart => next.step = 0,
            // Playing from the end starts the story again.
            Action::Play => {
                if self.is_last() {
                    next.step = 0;
                }
                next.playing = true;
            }
            Action::Pause => next.playing = false,
            Action::TogglePlay => {
                return self.apply(if self.playing { Action::Pause } else { Action::Play });
            }
            Action::Tick => {
                if self.playing {
                    next.step = (self.step + 1).min(self.steps().saturating_sub(1));
                    next.playing = !next.is_last();
                }
            }
            Action::ChooseScenario(scenario) => {
                if scenario < self.diagram.scenarios.len() {
                    next = Walkthrough { scenario, step: 0, playing: false, ..self.clone() };
                }
            }
            Action::GoTo { scenario, step } => {
                let exists = self.diagram.scenarios.get(scenario).is_some_and(|s| step < s.steps.len());
                if exists {
                    next = Walkthrough { scenario, step, playing: false, ..self.clone() };
                }
            }
            Action::LeaveLive(id) => next.dismissed_live = Some(id),
        }
        next
    }

    /// The id of the element a deep link to this step targets.
    pub fn anchor(&self) -> String {
        anchor(self.diagram, self.nth, self.scenario, self.step)
    }

    /// The real request that takes the diagram over: the latest the lab
    /// sent, unless the learner has left it.
    pub fn live_on_show<'a>(&self, feed: &'a LiveFeed) -> Option<&'a LiveRequest> {
        feed.latest.as_ref().filter(|request| self.dismissed_live != Some(request.id))
    }

    /// What the picture shows: the live request on show, if there is one,
    /// or else the step the learner is on.
    pub fn scene(&self, live: Option<&LiveRequest>) -> Scene {
        if let Some(request) = live {
            return request.scene();
        }
        let scenario = &self.diagram.scenarios[self.scenario];
        Scene {
            stage: self.stage(),
            address: scenario.address.to_string(),
            method: scenario.method.to_string(),
            path: scenario.path.to_string(),
            response: Some((
                format!("{} {}", scenario.status, scenario.reason),
                StatusClass::of(scenario.status),
            )),
            page: scenario.page.to_string(),
            failed: false,
            live: false,
        }
    }
}

/// What the picture shows: a step of a scenario, or a real request.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub stage: Stage,
    pub address: String,
    pub method: String,
    pub path: String,
    /// The response's label and its class (`None` while nothing came back).
    pub response: Option<(String, Option<StatusClass>)>,
    /// The title of the page the browser shows.
    pub page: String,
    /// The request got no answer: the picture crosses out the response.
    pub failed: bool,
    pub live: bool,
}

/// Ids inside the `nth` diagram of the lesson (from 0): `diagram-alt`,
/// `diagram-arrow`, … in the first, `diagram-2-alt`, … in the second, so
/// that two diagrams on one page share none.
pub fn ids(nth: usize) -> DiagramIds {
    DiagramIds(widget_scope("diagram", nth))
}

/// The ids of one diagram, all under its scope (see [`ids`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiagramIds(String);

impl DiagramIds {
    /// The picture's title, which names it; `tall` for the narrow arrangement.
    pub fn alt(&self, tall: bool) -> String {
        format!("{}-alt{}", self.0, if tall { "-tall" } else { "" })
    }

    /// The arrow head drawn at the end of the picture's lanes.
    pub fn arrow(&self, tall: bool) -> String {
        format!("{}-arrow{}", self.0, if tall { "-tall" } else { "" })
    }

    /// The `name` of the diagram's scenario radio buttons.
    pub fn scenario_group(&self) -> String {
        format!("{}-scenario", self.0)
    }
}

/// `diagram-step-3` for the first scenario's third step (the lesson's own
/// story) of the lesson's first diagram, `diagram-<id>-step-3` for its other
/// scenarios; `diagram-2-step-3` and `diagram-2-<id>-step-3` in the second
/// diagram (`nth` 1), and so on.
pub fn anchor(diagram: &Diagram, nth: usize, scenario: usize, step: usize) -> String {
    let scope = widget_scope("diagram", nth);
    match scenario {
        0 => format!("{scope}-step-{}", step + 1),
        _ => format!("{scope}-{}-step-{}", diagram.scenarios[scenario].id, step + 1),
    }
}

/// The step of the `nth` diagram a URL fragment (`#diagram-step-3`) points
/// at, if it is one of that diagram's anchors. A link to another diagram's
/// step is not: each diagram only answers to its own.
pub fn parse_anchor(diagram: &Diagram, nth: usize, fragment: &str) -> Option<(usize, usize)> {
    let scope = widget_scope("diagram", nth);
    let rest =
        fragment.strip_prefix('#').unwrap_or(fragment).strip_prefix(scope.as_str())?.strip_prefix('-')?;
    let (scenario, number) = match rest.strip_prefix("step-") {
        Some(number) => (0, number),
        None => {
            let (id, number) = rest.rsplit_once("-step-")?;
            (diagram.scenarios.iter().position(|s| s.id == id)?, number)
        }
    };
    // Only plain digits: `+3` or ` 3` are not our links.
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let step = number.parse::<usize>().ok()?.checked_sub(1)?;
    (step < diagram.scenarios.get(scenario)?.steps.len()).then_some((scenario, step))
}

/// The parts of the picture a step talks about; the rest is dimmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Client,
    Connection,
    Server,
    Database,
}

pub fn lit(stage: Stage, part: Part) -> bool {
    use Part::*;
    let parts: &[Part] = match stage {
        Stage::Address | Stage::Render => &[Client],
        Stage::Request | Stage::Respond => &[Client, Connection, Server],
        Stage::Receive => &[Server],
        Stage::Work => &[Server, Database],
    };
    parts.contains(&part)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::fixtures::EVERY_WIDGET;

    /// Two scenarios of six steps each.
    fn diagram() -> &'static Diagram {
        EVERY_WIDGET.diagrams()[0]
    }

    const ALL: [Action; 11] = [
        Action::Next,
        Action::Back,
        Action::Restart,
        Action::Play,
        Action::Pause,
        Action::TogglePlay,
        Action::Tick,
        Action::ChooseScenario(1),
        Action::GoTo { scenario: 1, step: 2 },
        Action::GoTo { scenario: 9, step: 0 },
        Action::LeaveLive(3),
    ];

    #[test]
    fn every_action_from_every_step_keeps_the_walkthrough_valid() {
        let d = diagram();
        for scenario in 0..d.scenarios.len() {
            for step in 0..d.scenarios[scenario].steps.len() {
                for playing in [false, true] {
                    let from = Walkthrough {
                        playing,
                        ..Walkthrough::new(d, 0).apply(Action::GoTo { scenario, step })
                    };
                    assert_eq!((from.scenario, from.step), (scenario, step));
                    for action in ALL {
                        let to = from.apply(action);
                        assert!(to.scenario < d.scenarios.len(), "{action:?} from {from:?}");
                        assert!(to.step < to.steps(), "{action:?} from {from:?}");
                        let expected_step = match action {
                            Action::Next => (step + 1).min(5),
                            Action::Back => step.saturating_sub(1),
                            Action::Restart | Action::ChooseScenario(_) => 0,
                            Action::Play if step == 5 => 0,
                            Action::Tick if playing => (step + 1).min(5),
                            Action::TogglePlay if !playing && step == 5 => 0,
                            Action::GoTo { scenario: 1, step: 2 } => 2,
                            _ => step,
                        };
                        assert_eq!(to.step, expected_step, "{action:?} from step {step} playing {playing}");
                        let expected_playing = match action {
                            Action::Play => true,
                            Action::TogglePlay => !playing,
                            Action::Tick => playing && step + 1 < 5,
                            Action::Restart | Action::LeaveLive(_) => playing,
                            Action::GoTo { scenario: 9, .. } => playing,
                            _ => false,
                        };
                        assert_eq!(
                            to.playing, expected_playing,
                            "{action:?} from step {step} playing {playing}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn back_on_the_first_step_and_next_on_the_last_stay_put() {
        let w = Walkthrough::new(diagram(), 0);
        assert_eq!(w.apply(Action::Back).step, 0);
        let last = w.apply(Action::GoTo { scenario: 0, step: 5 });
        assert!(last.is_last());
        assert_eq!(last.apply(Action::Next).step, 5);
    }

    #[test]
    fn playing_runs_to_the_end_and_stops() {
        let mut w = Walkthrough::new(diagram(), 0).apply(Action::Play);
        let mut ticks = 0;
        while w.playing {
            w = w.apply(Action::Tick);
            ticks += 1;
            assert!(ticks < 10, "play never stops");
        }
        assert_eq!((w.step, ticks), (5, 5));
        // A tick that arrives after pausing does nothing.
        let paused = Walkthrough::new(diagram(), 0).apply(Action::Play).apply(Action::Pause);
        assert_eq!(paused.apply(Action::Tick).step, 0);
    }

    #[test]
    fn switching_scenario_starts_it_from_the_beginning() {
        let w = Walkthrough::new(diagram(), 0)
            .apply(Action::Next)
            .apply(Action::Next)
            .apply(Action::ChooseScenario(1));
        assert_eq!((w.scenario, w.step), (1, 0));
        assert_eq!(w.apply(Action::ChooseScenario(7)), w, "an unknown scenario is ignored");
    }

    #[test]
    fn deep_links_round_trip() {
        let d = diagram();
        for scenario in 0..2 {
            for step in 0..6 {
                let id = anchor(d, 0, scenario, step);
                assert_eq!(parse_anchor(d, 0, &format!("#{id}")), Some((scenario, step)), "{id}");
            }
        }
        assert_eq!(anchor(d, 0, 0, 2), "diagram-step-3");
        assert_eq!(anchor(d, 0, 1, 0), "diagram-missing-step-1");
    }

    #[test]
    fn two_diagrams_share_no_id_and_a_deep_link_reaches_only_its_own() {
        let diagrams = EVERY_WIDGET.diagrams();
        assert_eq!(diagrams.len(), 2);
        let mut seen = std::collections::HashSet::new();
        for (nth, d) in diagrams.iter().enumerate() {
            for (scenario, s) in d.scenarios.iter().enumerate() {
                for step in 0..s.steps.len() {
                    let id = anchor(d, nth, scenario, step);
                    assert!(seen.insert(id.clone()), "{id} twice");
                    for (other, o) in diagrams.iter().enumerate() {
                        let expected = (other == nth).then_some((scenario, step));
                        assert_eq!(
                            parse_anchor(o, other, &format!("#{id}")),
                            expected,
                            "#{id} in diagram {other}"
                        );
                    }
                }
            }
            let ids = ids(nth);
            for id in [ids.alt(false), ids.alt(true), ids.arrow(false), ids.arrow(true), ids.scenario_group()]
            {
                assert!(seen.insert(id.clone()), "{id} twice");
            }
        }
        // The first diagram's ids are the ones the lesson always had.
        assert_eq!(ids(0).alt(false), "diagram-alt");
        assert_eq!(ids(0).scenario_group(), "diagram-scenario");
        assert_eq!(anchor(diagrams[1], 1, 0, 1), "diagram-2-step-2");
        assert_eq!(parse_anchor(diagrams[1], 1, "#diagram-2-step-2"), Some((0, 1)));
        assert_eq!(parse_anchor(diagrams[0], 0, "#diagram-2-step-2"), None);
        let walk = Walkthrough::new(diagrams[1], 1).apply(Action::Next);
        assert_eq!(walk.anchor(), "diagram-2-step-2");
    }

    #[test]
    fn foreign_and_broken_fragments_are_not_steps() {
        let d = diagram();
        for fragment in [
            "",
            "#",
            "#goals",
            "#diagram-step-0",
            "#diagram-step-7",
            "#diagram-step-",
            "#diagram-step-+3",
            "#diagram-step-3x",
            "#diagram-nowhere-step-1",
            "#diagram-step-99999999999999999999999",
            "#diagram-missing-step-",
        ] {
            assert_eq!(parse_anchor(d, 0, fragment), None, "{fragment:?}");
        }
    }

    #[test]
    fn a_live_request_takes_the_picture_until_the_learner_leaves_it() {
        use crate::diagram::live::LiveEvent;
        let started = |id| LiveEvent::Started { id, method: "GET".into(), path: "/x".into() };
        let walk = Walkthrough::new(diagram(), 0);
        assert_eq!(walk.live_on_show(&LiveFeed::default()), None, "no request yet");
        let feed = LiveFeed::default().apply(started(1));
        assert_eq!(walk.live_on_show(&feed).map(|r| r.id), Some(1));
        let left = walk.apply(Action::LeaveLive(1));
        assert_eq!(left.live_on_show(&feed), None);
        let feed = feed.apply(started(2));
        assert_eq!(left.live_on_show(&feed).map(|r| r.id), Some(2), "the next request shows again");
    }

    #[test]
    fn the_picture_shows_the_step_or_else_the_live_request() {
        let walk = Walkthrough::new(diagram(), 0).apply(Action::ChooseScenario(1)).apply(Action::Next);
        let step = walk.scene(None);
        assert_eq!((step.stage, step.live, step.failed), (Stage::Request, false, false));
        assert_eq!(
            (step.address.as_str(), step.method.as_str(), step.path.as_str()),
            ("example.com/missing", "GET", "/missing")
        );
        assert_eq!(step.response, Some(("404 Not Found".into(), Some(StatusClass::ClientError))));
        assert_eq!(step.page, "Not Found");
        let request = LiveRequest { id: 1, method: "POST".into(), path: "/api/echo".into(), outcome: None };
        let live = walk.scene(Some(&request));
        assert_eq!(live, request.scene());
        assert!(live.live && live.response.is_none());
        assert_eq!((live.address.as_str(), live.page.as_str()), ("/api/echo", ""), "the address is the path");
    }

    #[test]
    fn each_stage_lights_what_it_talks_about() {
        assert!(lit(Stage::Work, Part::Database));
        assert!(!lit(Stage::Address, Part::Database));
        assert!(lit(Stage::Request, Part::Connection));
        assert!(!lit(Stage::Receive, Part::Client));
    }
}
