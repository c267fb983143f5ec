//! The walkthrough's state and every move it can make: steps, scenarios, the
//! play timer's ticks, deep links, and which live request is on show.

use std::rc::Rc;

use yew::Reducible;

use crate::lesson::{Diagram, Stage};

/// Where the learner is in the diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Walkthrough {
    diagram: &'static Diagram,
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
    pub fn new(diagram: &'static Diagram) -> Self {
        Walkthrough { diagram, scenario: 0, step: 0, playing: false, dismissed_live: None }
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
        anchor(self.diagram, self.scenario, self.step)
    }
}

impl Reducible for Walkthrough {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = self.apply(action);
        crate::reducer::next_state(self, next)
    }
}

/// `diagram-step-3` for the first scenario's third step (the lesson's own
/// story), `diagram-<id>-step-3` for the others.
pub fn anchor(diagram: &Diagram, scenario: usize, step: usize) -> String {
    match scenario {
        0 => format!("diagram-step-{}", step + 1),
        _ => format!("diagram-{}-step-{}", diagram.scenarios[scenario].id, step + 1),
    }
}

/// The step a URL fragment (`#diagram-step-3`) points at, if it is one of ours.
pub fn parse_anchor(diagram: &Diagram, fragment: &str) -> Option<(usize, usize)> {
    let rest = fragment.strip_prefix('#').unwrap_or(fragment).strip_prefix("diagram-")?;
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
                    let from =
                        Walkthrough { playing, ..Walkthrough::new(d).apply(Action::GoTo { scenario, step }) };
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
        let w = Walkthrough::new(diagram());
        assert_eq!(w.apply(Action::Back).step, 0);
        let last = w.apply(Action::GoTo { scenario: 0, step: 5 });
        assert!(last.is_last());
        assert_eq!(last.apply(Action::Next).step, 5);
    }

    #[test]
    fn playing_runs_to_the_end_and_stops() {
        let mut w = Walkthrough::new(diagram()).apply(Action::Play);
        let mut ticks = 0;
        while w.playing {
            w = w.apply(Action::Tick);
            ticks += 1;
            assert!(ticks < 10, "play never stops");
        }
        assert_eq!((w.step, ticks), (5, 5));
        // A tick that arrives after pausing does nothing.
        let paused = Walkthrough::new(diagram()).apply(Action::Play).apply(Action::Pause);
        assert_eq!(paused.apply(Action::Tick).step, 0);
    }

    #[test]
    fn switching_scenario_starts_it_from_the_beginning() {
        let w = Walkthrough::new(diagram())
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
                let id = anchor(d, scenario, step);
                assert_eq!(parse_anchor(d, &format!("#{id}")), Some((scenario, step)), "{id}");
            }
        }
        assert_eq!(anchor(d, 0, 2), "diagram-step-3");
        assert_eq!(anchor(d, 1, 0), "diagram-missing-step-1");
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
            assert_eq!(parse_anchor(d, fragment), None, "{fragment:?}");
        }
    }

    #[test]
    fn each_stage_lights_what_it_talks_about() {
        assert!(lit(Stage::Work, Part::Database));
        assert!(!lit(Stage::Address, Part::Database));
        assert!(lit(Stage::Request, Part::Connection));
        assert!(!lit(Stage::Receive, Part::Client));
    }
}
