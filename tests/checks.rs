//! Knowledge checks in a real browser: every check completed with its buttons
//! and inputs alone (what the keyboard presses), focus after each answer,
//! the feedback a wrong answer gets, the summary, and progress that survives
//! a reload, corrupt storage, and Start over. The checks alone and the whole
//! app are tested on the fixture lesson (a check of every kind).
#![cfg(target_arch = "wasm32")]

#[path = "../src/lesson/fixtures.rs"]
mod fixtures;

mod common;

use common::{find, find_all, new_root, settle, text};
use fixtures::EVERY_WIDGET;
use roundtrip::app::{mount, Mount, Mounted};
use roundtrip::checks::{key, Answer};
use roundtrip::lesson::{Check, LessonView, ProgressWords, Task};
use roundtrip::progress::{storage_key, Progress, ProgressHandle, ProgressState};
use roundtrip::store::use_own_store;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[function_component]
fn Lesson() -> Html {
    let progress = use_own_store(ProgressState::default);
    html! {
        <ContextProvider<ProgressHandle> context={progress}>
            <LessonView document={&*EVERY_WIDGET} />
        </ContextProvider<ProgressHandle>>
    }
}

/// A mounted page; dropping it unmounts it, so ids never repeat between tests.
struct Page {
    root: Element,
    handle: Option<yew::AppHandle<Lesson>>,
    app: Option<Mounted>,
}

impl Drop for Page {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        drop(self.app.take());
        self.root.remove();
    }
}

async fn lesson() -> Page {
    let root = new_root();
    let handle = yew::Renderer::<Lesson>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    Page { root, handle: Some(handle), app: None }
}

/// The whole app on the fixture lesson (its islands and the page's work),
/// which reads and writes the browser's storage.
async fn app() -> Page {
    let root = new_root();
    let app = mount(&EVERY_WIDGET, Mount::Into(root.clone()));
    settle().await;
    Page { root, handle: None, app: Some(app) }
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// A check of the fixture lesson: `in-order`, `pick-one`, `pick-all`, `in-groups`.
fn check(id: &str) -> &'static Check {
    EVERY_WIDGET.checks().into_iter().find(|c| c.id == id).unwrap()
}

fn focused_id() -> String {
    web_sys::window().unwrap().document().unwrap().active_element().map(|e| e.id()).unwrap_or_default()
}

async fn press(root: &Element, selector: &str) {
    let element = find(root, selector);
    let html = element.dyn_ref::<HtmlElement>().unwrap();
    // What Enter or Space does on a button, and Space on a radio or checkbox.
    html.click();
    yew::scheduler::flush().await;
}

async fn press_button(root: &Element, scope: &str, name: &str) {
    let button = find_all(root, &format!("{scope} button"))
        .into_iter()
        .find(|b| text(b).contains(name))
        .unwrap_or_else(|| panic!("no button {name} in {scope}"));
    button.dyn_ref::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
}

/// Every control a learner can reach: real, focusable, and named.
fn assert_reachable_and_named(root: &Element, scope: &str) {
    for control in find_all(root, &format!("{scope} button, {scope} input, {scope} a")) {
        let html = control.dyn_ref::<HtmlElement>().unwrap();
        assert!(html.tab_index() >= 0, "{} is not focusable", control.outer_html());
        let name = match control.dyn_ref::<HtmlInputElement>() {
            Some(input) => {
                input.labels().and_then(|l| l.item(0)).and_then(|l| l.text_content()).unwrap_or_default()
            }
            None => control.text_content().unwrap_or_default(),
        };
        assert!(!name.trim().is_empty(), "{} has no accessible name", control.outer_html());
    }
}

/// Answers a check rightly through its controls, as a keyboard user would.
async fn answer_rightly(root: &Element, check: &'static Check) {
    let scope = format!("#{}", check.anchor());
    match (&check.task, key(check)) {
        (Task::Order(order), _) => {
            // Move each step up into its place; focus stays on the moved step's button.
            for (target, step) in order.steps.iter().enumerate() {
                loop {
                    let shown: Vec<String> =
                        find_all(root, &format!("{scope} .check-step-text")).iter().map(text).collect();
                    let at = shown.iter().position(|s| *s == step.text).unwrap();
                    if at == target {
                        break;
                    }
                    let up = format!("{}-step-{target}-up", check.anchor());
                    press(root, &format!("#{up}")).await;
                    assert_eq!(focused_id(), up, "focus follows the step");
                }
            }
        }
        (Task::Sort(_), Answer::Sort(groups)) => {
            for (item, group) in groups.iter().enumerate() {
                let id = format!("{}-item-{item}-group-{}", check.anchor(), group.unwrap());
                press(root, &format!("#{id}")).await;
            }
        }
        (Task::Choose(_), Answer::Choose(chosen)) => {
            for option in chosen {
                press(root, &format!("#{}-option-{option}", check.anchor())).await;
            }
        }
        _ => unreachable!(),
    }
    press_button(root, &scope, "Check answer").await;
}

#[wasm_bindgen_test]
async fn every_check_can_be_answered_with_its_controls_alone_and_the_summary_reaches_100() {
    let page = lesson().await;
    let root = &page.root;
    let checks = EVERY_WIDGET.checks();
    assert_eq!(find_all(root, "section.check").len(), checks.len());
    assert_eq!(text(&find(root, ".summary-score")), "Your score: 0 out of 100");
    for check in checks.iter().copied() {
        let scope = format!("#{}", check.anchor());
        assert_reachable_and_named(root, &scope);
        answer_rightly(root, check).await;
        let result = text(&find(root, &format!("{scope} .check-result")));
        assert!(result.starts_with("✓") && result.contains("Right!"), "{}: {result}", check.id);
        assert_eq!(focused_id(), format!("{}-why", check.anchor()), "{}: focus on the explanation", check.id);
        assert!(
            text(&find(root, &format!("{scope} .check-explanation"))).contains(check.explanation.as_ref())
        );
        let live = text(&find(root, &format!("{scope} [aria-live]")));
        assert!(live.starts_with("Right!"), "announced: {live}");
        assert!(find_all(root, &format!("{scope} .check-retry")).is_empty(), "nothing to retry");
    }
    assert_eq!(text(&find(root, ".summary-score")), "Your score: 100 out of 100");
    let statuses: Vec<String> = find_all(root, ".summary-goal-status").iter().map(text).collect();
    let goals = EVERY_WIDGET.summary().map_or(0, |s| s.goals.len());
    assert_eq!(statuses.len(), goals);
    assert!(statuses.iter().all(|s| s.contains("Done") && s.contains("100 out of 100")), "{statuses:?}");
    // Links back to each goal's section and each check.
    let links: Vec<String> =
        find_all(root, ".summary a").iter().filter_map(|a| a.get_attribute("href")).collect();
    for target in &links {
        assert!(root.query_selector(target).unwrap().is_some(), "{target} leads nowhere");
    }
    assert_eq!(links.len(), goals + checks.len());
}

#[wasm_bindgen_test]
async fn a_wrong_choice_gets_its_own_feedback_and_try_again_keeps_the_answer() {
    let page = lesson().await;
    let root = &page.root;
    let check = check("pick-one");
    let Task::Choose(choose) = &check.task else { panic!() };
    let scope = format!("#{}", check.anchor());
    let wrong = choose.options.iter().position(|o| !o.right).unwrap();
    press(root, &format!("#{}-option-{wrong}", check.anchor())).await;
    press_button(root, &scope, "Check answer").await;

    let option = find(root, &format!("{scope} .check-option.is-wrong"));
    let said = text(&option);
    assert!(said.contains("✗") && said.contains("Not right."), "{said}");
    assert!(
        said.contains(choose.options[wrong].feedback.as_ref()),
        "the feedback for that very answer: {said}"
    );
    let result = text(&find(root, &format!("{scope} .check-result")));
    assert!(result.starts_with("✗") && result.contains("Not quite."), "{result}");
    let live = text(&find(root, &format!("{scope} [aria-live]")));
    assert!(live.contains("Not quite.") && live.contains(choose.options[wrong].feedback.as_ref()), "{live}");
    assert!(find_all(root, &format!("{scope} .check-explanation")).is_empty(), "not after one try");
    assert_eq!(focused_id(), format!("{}-retry", check.anchor()));
    let input =
        find(root, &format!("#{}-option-{wrong}", check.anchor())).dyn_into::<HtmlInputElement>().unwrap();
    // Disabled through its fieldset.
    assert!(
        input.matches(":disabled").unwrap() && input.checked(),
        "the answer stays, locked, beside its feedback"
    );

    press_button(root, &scope, "Try again").await;
    assert!(find_all(root, &format!("{scope} .check-mark")).is_empty());
    assert!(!input.matches(":disabled").unwrap() && input.checked(), "Try again keeps the answer to change");
    let first = find(root, &format!("{scope} input")).id();
    assert_eq!(focused_id(), first, "focus back at the start of the check");

    // A second wrong try shows the explanation, so nobody is left stuck.
    press_button(root, &scope, "Check answer").await;
    assert!(text(&find(root, &format!("{scope} .check-explanation"))).contains(check.explanation.as_ref()));
}

#[wasm_bindgen_test]
async fn steps_out_of_place_say_why_and_the_count_is_announced() {
    let page = lesson().await;
    let root = &page.root;
    let check = check("in-order");
    let scope = format!("#{}", check.anchor());
    // As shown, the order earns nothing: every step cannot be in place.
    press_button(root, &scope, "Check answer").await;
    let result = text(&find(root, &format!("{scope} .check-result")));
    assert!(result.contains("Not quite.") && result.contains("out of place"), "{result}");
    let wrong = find_all(root, &format!("{scope} .check-step.is-wrong"));
    assert!(!wrong.is_empty());
    let Task::Order(order) = &check.task else { panic!() };
    for step in &wrong {
        let text = text(step);
        assert!(text.contains("Out of place."), "{text}");
        assert!(order.steps.iter().any(|s| text.contains(s.hint.as_ref())), "a hint of its own: {text}");
    }
    assert!(find_all(root, &format!("{scope} .check-move:not([disabled])")).is_empty(), "locked");
    press_button(root, &scope, "Try again").await;
    let first_up = find(root, &format!("{scope} .check-move")).id();
    assert_eq!(focused_id(), first_up);
    // A move is announced with the step's new place.
    let second = find_all(root, &format!("{scope} .check-move"))[2].id();
    press(root, &format!("#{second}")).await;
    let live = text(&find(root, &format!("{scope} [aria-live]")));
    assert!(live.contains("now 1 of 6"), "{live}");
}

#[wasm_bindgen_test]
async fn an_unfinished_sort_says_what_is_missing_and_grades_nothing() {
    let page = lesson().await;
    let root = &page.root;
    let check = check("in-groups");
    let scope = format!("#{}", check.anchor());
    press(root, &format!("#{}-item-0-group-0", check.anchor())).await;
    press_button(root, &scope, "Check answer").await;
    assert_eq!(text(&find(root, &format!("{scope} .check-note"))), "Put every item in a group first.");
    assert!(text(&find(root, &format!("{scope} [aria-live]"))).contains("Put every item in a group first."));
    assert!(find_all(root, &format!("{scope} .check-result")).is_empty());
    assert_eq!(text(&find(root, ".summary-score")), "Your score: 0 out of 100");
}

#[wasm_bindgen_test]
async fn choosing_every_option_of_a_multiple_answer_question_scores_nothing() {
    let page = lesson().await;
    let root = &page.root;
    let check = check("pick-all");
    let scope = format!("#{}", check.anchor());
    for input in find_all(root, &format!("{scope} input[type='checkbox']")) {
        input.dyn_ref::<HtmlElement>().unwrap().click();
        yew::scheduler::flush().await;
    }
    press_button(root, &scope, "Check answer").await;
    assert!(text(&find(root, &format!("{scope} .check-result"))).contains("Not quite."));
    assert_eq!(text(&find(root, ".summary-score")), "Your score: 0 out of 100");
}

fn progress_words() -> &'static ProgressWords {
    &EVERY_WIDGET.progress_words
}

/// A wrong option of a choose-one check, by its index.
fn wrong_option(check: &'static Check) -> usize {
    let Task::Choose(choose) = &check.task else { panic!("{} is not a choice", check.id) };
    choose.options.iter().position(|o| !o.right).expect("a wrong option")
}

/// Chooses the right answer of a choose-one check and checks it.
async fn answer_right_choice(root: &Element, check: &'static Check) {
    let Answer::Choose(right) = key(check) else { panic!("{} is not a choice", check.id) };
    press(root, &format!("#{}-option-{}", check.anchor(), right[0])).await;
    press_button(root, &format!("#{}", check.anchor()), "Check answer").await;
}

#[wasm_bindgen_test]
async fn saved_answers_come_back_after_a_reload() {
    let key = storage_key(&EVERY_WIDGET);
    let (wrongly, rightly) = (check("pick-one"), check("in-groups"));
    let wrong = wrong_option(wrongly);
    // The way back is offered to any section but the first.
    let section = EVERY_WIDGET.outline.last().expect("the fixture has sections").id.as_ref();
    let mut saved = Progress::default();
    saved.record_answer(&wrongly.id, Answer::Choose(vec![wrong as u8]));
    saved.record_answer(&rightly.id, roundtrip::checks::key(rightly));
    saved.visit_section(section);
    storage().set_item(&key, &saved.encode()).unwrap();

    let page = app().await;
    let root = &page.root;
    let shown = find(root, &format!("#{} .check-option.is-wrong", wrongly.anchor()));
    let Task::Choose(choose) = &wrongly.task else { unreachable!() };
    assert!(text(&shown).contains(choose.options[wrong].text.as_ref()), "{}", text(&shown));
    assert!(text(&find(root, &format!("#{} .check-result", rightly.anchor()))).contains("Right!"));
    assert!(text(&find(root, ".progress-notice")).is_empty(), "no notice when storage works");
    let resume = find(root, ".progress-resume a");
    assert_eq!(resume.get_attribute("href"), Some(format!("#{section}")));
    assert!(text(&resume).contains(progress_words().resume.as_ref()));
    drop(page);
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn unreadable_saved_progress_starts_fresh_with_a_quiet_notice() {
    let key = storage_key(&EVERY_WIDGET);
    storage().set_item(&key, "1|found:zz|||not|progress").unwrap();
    let page = app().await;
    let root = &page.root;
    let notice = find(root, ".progress-notice[role='status']");
    assert!(text(&notice).contains(progress_words().unreadable.as_ref()), "{}", text(&notice));
    assert!(find_all(root, ".check-result").is_empty());
    // The next answer replaces what could not be read.
    let check = check("pick-one");
    answer_right_choice(root, check).await;
    settle().await;
    let stored = storage().get_item(&key).unwrap().unwrap();
    assert!(Progress::decode(&stored).unwrap().record(&check.id).is_some());
    drop(page);
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn start_over_asks_then_clears_answers_and_storage() {
    let key = storage_key(&EVERY_WIDGET);
    storage().remove_item(&key).unwrap();
    let page = app().await;
    let root = &page.root;
    let (answered, begun) = (check("pick-one"), check("in-groups"));
    let (answered_at, begun_at) = (format!("#{}", answered.anchor()), format!("#{}", begun.anchor()));
    answer_right_choice(root, answered).await;
    settle().await;
    assert!(storage().get_item(&key).unwrap().is_some());

    press_button(root, ".summary", "Start over").await;
    assert_eq!(focused_id(), "summary-keep", "the safe answer has focus");
    press_button(root, ".summary", "No, keep my progress").await;
    assert_eq!(focused_id(), "summary-start-over");
    assert!(text(&find(root, &format!("{answered_at} .check-result"))).contains("Right!"));

    // An answer begun but not submitted goes too.
    press(root, &format!("#{}-item-0-group-0", begun.anchor())).await;
    press_button(root, ".summary", "Start over").await;
    press_button(root, ".summary", "Yes, start over").await;
    settle().await;
    assert_eq!(focused_id(), "summary-start-over");
    assert!(find_all(root, ".check-result").is_empty(), "every check is fresh");
    assert!(find_all(root, &format!("{begun_at} input:checked")).is_empty(), "nothing half-done either");
    assert_eq!(storage().get_item(&key).unwrap(), None, "storage cleared");
    assert!(text(&find(root, ".summary-cleared")).contains("Your progress is cleared"));
    assert_eq!(text(&find(root, ".summary-score")), "Your score: 0 out of 100");
    // Saved again at once (where the learner reads) is no reason to stop
    // saying so; answering a check again is.
    settle().await;
    assert!(text(&find(root, ".summary-cleared")).contains("Your progress is cleared"));
    answer_right_choice(root, answered).await;
    settle().await;
    assert_eq!(text(&find(root, ".summary-cleared")), "", "old news once the learner answers");
    drop(page);
    storage().remove_item(&key).unwrap();
}
