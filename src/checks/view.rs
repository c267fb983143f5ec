//! A knowledge check as the learner sees it: the question, real buttons and
//! inputs to answer with, a result beside each part (in words and an icon,
//! never colour alone), and the explanation. Answers go to the shared
//! progress, and to a platform and a framing page, if any; a saved answer
//! comes back from the progress.

use std::rc::Rc;

use yew::prelude::*;

use super::attempt::{Attempt, Focus, Move, Said};
use super::grade::{self, explains, Answer, Grade, Mark, Verdict};
use crate::host;
use crate::host::platform::PlatformState;
use crate::lesson::{Check, CheckWords, Choose, Document, Order, Sort, Task};
use crate::platform::interactions::{Answered, Shown};
use crate::progress::{ProgressAction, ProgressHandle};
use crate::text::fill;

impl Reducible for Attempt {
    type Action = Move;

    fn reduce(self: Rc<Self>, action: Move) -> Rc<Self> {
        let next = self.apply(action);
        crate::reducer::next_state(self, next)
    }
}

#[derive(Properties, PartialEq)]
pub struct CheckViewProps {
    /// The lesson the check is part of: what a platform is told names it.
    pub document: &'static Document,
    pub check: &'static Check,
    pub words: &'static CheckWords,
    /// The learning platform answers are reported to, once the app knows it.
    pub platform: PlatformState,
}

/// Reports an answer just given (see [`crate::report`]), with the time it took.
fn tell_of_answer(
    platform: &PlatformState,
    document: &'static Document,
    check: &'static Check,
    answer: &Answer,
    shown: Shown,
) {
    let Ok(grade) = grade::grade(check, answer) else { return };
    let at_ms = host::page::now_ms();
    let answered = Answered {
        title: document.title.as_ref(),
        lang: document.lang.as_ref(),
        check,
        answer,
        grade: &grade,
        at_ms,
        latency_ms: shown.latency(at_ms),
    };
    crate::report::answered(platform, &answered);
}

/// The icon beside a result; its meaning is always in words beside it too.
pub(crate) fn icon(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Right => "✓",
        Verdict::Partly => "◐",
        Verdict::Wrong => "✗",
    }
}

pub(crate) fn verdict_class(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Right => "is-right",
        Verdict::Partly => "is-partly",
        Verdict::Wrong => "is-wrong",
    }
}

pub(crate) fn verdict_words(words: &'static CheckWords, verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Right => &words.right,
        Verdict::Partly => &words.partly,
        Verdict::Wrong => &words.wrong,
    }
}

/// Ids inside one check, all under its anchor so they are unique in the page.
struct CheckIds(String);

impl CheckIds {
    fn prompt(&self) -> String {
        format!("{}-prompt", self.0)
    }
    fn hint(&self) -> String {
        format!("{}-hint", self.0)
    }
    fn step(&self, step: u8, up: bool) -> String {
        format!("{}-step-{step}-{}", self.0, if up { "up" } else { "down" })
    }
    fn group(&self, item: u8, group: usize) -> String {
        format!("{}-item-{item}-group-{group}", self.0)
    }
    fn option(&self, option: u8) -> String {
        format!("{}-option-{option}", self.0)
    }
    fn retry(&self) -> String {
        format!("{}-retry", self.0)
    }
    fn why(&self) -> String {
        format!("{}-why", self.0)
    }
}

fn focus_id(ids: &CheckIds, attempt: &Attempt, focus: Focus) -> String {
    match focus {
        Focus::Step { step, up } => ids.step(step, up),
        Focus::Retry => ids.retry(),
        Focus::Explanation => ids.why(),
        Focus::FirstControl => {
            let first = attempt.shown().first().copied().unwrap_or(0);
            match &attempt.check().task {
                Task::Order(_) => ids.step(first, true),
                Task::Sort(_) => ids.group(first, 0),
                Task::Choose(_) => ids.option(first),
            }
        }
    }
}

/// What the live region says: the result in words, or why nothing happened.
fn announcement(attempt: &Attempt, words: &'static CheckWords) -> String {
    let check = attempt.check();
    let text = match (attempt.said, &attempt.grade) {
        (Said::Nothing, _) => String::new(),
        (Said::Moved { step, position }, _) => {
            let (item, total) = match &check.task {
                Task::Order(order) => {
                    (order.steps.get(usize::from(step)).map_or("", |s| s.text.as_ref()), order.steps.len())
                }
                _ => ("", 0),
            };
            fill(
                &words.moved,
                &[("item", item), ("n", &(position + 1).to_string()), ("total", &total.to_string())],
            )
        }
        (Said::Incomplete, _) => match &check.task {
            Task::Sort(_) => words.sort_incomplete.to_string(),
            _ => words.choose_incomplete.to_string(),
        },
        (Said::Graded, Some(grade)) => {
            let mut text = verdict_words(words, grade.verdict()).to_owned();
            for part in [result_detail(check, grade, words), chosen_feedback(check, grade)] {
                if !part.is_empty() {
                    text.push(' ');
                    text.push_str(&part);
                }
            }
            text
        }
        (Said::Graded, None) => String::new(),
    };
    // The same words twice in a row are not read again unless they change.
    if attempt.seq % 2 == 1 && !text.is_empty() {
        text + "\u{a0}"
    } else {
        text
    }
}

/// How much is wrong, beside the verdict.
fn result_detail(check: &Check, grade: &Grade, words: &'static CheckWords) -> String {
    if grade.verdict() == Verdict::Right {
        return String::new();
    }
    let counts = |template: &str| {
        fill(template, &[("n", &grade.wrong().to_string()), ("total", &grade.marks.len().to_string())])
    };
    match &check.task {
        Task::Order(_) => counts(&words.order_result),
        Task::Sort(_) => counts(&words.sort_result),
        Task::Choose(choose) if choose.multiple && grade.missed => words.missed.to_string(),
        Task::Choose(_) => String::new(),
    }
}

/// For a single answer, what was said about the one chosen: the heart of the
/// feedback, so a screen reader hears it with the verdict.
fn chosen_feedback(check: &Check, grade: &Grade) -> String {
    match &check.task {
        Task::Choose(choose) if !choose.multiple => grade
            .marks
            .iter()
            .zip(choose.options.iter())
            .find(|(mark, _)| **mark != Mark::Unmarked)
            .map(|(_, option)| option.feedback.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

fn mark_view(mark: Option<Mark>, label_wrong: &str, words: &CheckWords, feedback: Option<&str>) -> Html {
    let (class, verdict, label) = match mark {
        Some(Mark::Right) => ("is-right", Verdict::Right, words.mark_right.as_ref()),
        Some(Mark::Wrong) => ("is-wrong", Verdict::Wrong, label_wrong),
        Some(Mark::Unmarked) | None => return html! {},
    };
    html! {
        <p class={classes!("check-mark", class)}>
            <span class="check-icon" aria-hidden="true">{ icon(verdict) }</span>
            <strong>{ label }</strong>
            if let Some(feedback) = feedback {
                { " " }{ feedback.to_owned() }
            }
        </p>
    }
}

#[function_component]
pub fn CheckView(props: &CheckViewProps) -> Html {
    let check = props.check;
    let words = props.words;
    let document = props.document;
    let attempt = use_reducer(|| Attempt::new(check));
    // When the check was put before the learner, for an answer's latency.
    let shown = use_mut_ref(Shown::default);
    let progress = use_context::<ProgressHandle>();
    let platform = props.platform.clone();
    let record = progress.as_ref().and_then(|p| p.progress.record(&check.id).cloned());
    let attempts = record.as_ref().map_or(0, |r| r.attempts);
    let ids = CheckIds(check.anchor());
    {
        let shown = shown.clone();
        use_effect_with(check.anchor(), move |anchor| {
            let watching =
                host::page::on_first_view(anchor, move || shown.borrow_mut().seen(host::page::now_ms()));
            move || drop(watching)
        });
    }

    // The saved answer: shown after a reload, gone after Start over (which
    // also clears an answer begun but not submitted).
    {
        let attempt = attempt.clone();
        let started_over = progress.as_ref().map_or(0, |p| p.started_over);
        use_effect_with((record.map(|r| r.answer), started_over), move |(answer, _)| {
            attempt.dispatch(Move::Restore(answer.clone()))
        });
    }
    // Focus follows the learner's last action, so the keyboard never loses its place.
    {
        let target = attempt.focus.map(|focus| focus_id(&ids, &attempt, focus));
        use_effect_with(attempt.seq, move |_| {
            if let Some(id) = target {
                host::page::focus(&id);
            }
        });
    }

    let act = |action: Move| {
        let attempt = attempt.clone();
        Callback::from(move |_: MouseEvent| attempt.dispatch(action.clone()))
    };
    let on_input = |action: Move| {
        let attempt = attempt.clone();
        Callback::from(move |_: Event| attempt.dispatch(action.clone()))
    };
    let submit = {
        let attempt = attempt.clone();
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(answer) = attempt.submission() {
                tell_of_answer(&platform, document, check, &answer, *shown.borrow());
                if let Some(progress) = &progress {
                    progress.dispatch(ProgressAction::Answered { check: check.id.to_string(), answer });
                }
            }
            attempt.dispatch(Move::Submit);
        })
    };
    let retry = {
        let attempt = attempt.clone();
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| {
            shown.borrow_mut().again(host::page::now_ms());
            attempt.dispatch(Move::Retry);
        })
    };

    let grade = attempt.grade.as_ref();
    let locked = grade.is_some();
    let marks = |i: u8| grade.and_then(|g| g.marks.get(usize::from(i)).copied());
    let verdict = grade.map(Grade::verdict);

    let body = match &check.task {
        Task::Order(order) => order_view(order, &attempt, &ids, words, locked, &act, &marks),
        Task::Sort(sort) => sort_view(sort, &attempt, &ids, words, locked, &on_input, &marks),
        Task::Choose(choose) => choose_view(check, choose, &attempt, &ids, words, locked, &on_input, &marks),
    };
    let prompt = match &check.task {
        // A question with options is a fieldset; its prompt is the legend, inside the body.
        Task::Choose(_) => html! {},
        _ => html! { <p class="check-prompt" id={ids.prompt()}>{ check.prompt.as_ref() }</p> },
    };

    // A learner who reaches the check (by Tab, or a click) has it before
    // them, even if the page has not yet said it came into view.
    let reached = Callback::from(move |_: FocusEvent| shown.borrow_mut().seen(host::page::now_ms()));
    html! {
        <section
            class={classes!("check", verdict.map(verdict_class))}
            id={check.anchor()}
            aria-labelledby={ids.prompt()}
            onfocusin={reached}
        >
            <p class="check-kicker">{ words.kicker.as_ref() }</p>
            { prompt }
            { body }
            if !words.needs_script.is_empty() {
                <p class="check-needs-script without-script">{ words.needs_script.as_ref() }</p>
            }
            <p class="visually-hidden" aria-live="polite" aria-atomic="true">{ announcement(&attempt, words) }</p>
            if attempt.said == Said::Incomplete && !locked {
                <p class="check-note">
                    { match &check.task { Task::Sort(_) => words.sort_incomplete.as_ref(), _ => words.choose_incomplete.as_ref() } }
                </p>
            }
            if let (Some(grade), Some(verdict)) = (grade, verdict) {
                <p class={classes!("check-result", verdict_class(verdict))}>
                    <span class="check-icon" aria-hidden="true">{ icon(verdict) }</span>
                    <strong>{ verdict_words(words, verdict) }</strong>
                    { " " }{ result_detail(check, grade, words) }
                </p>
            }
            <div class="check-actions">
                if !locked {
                    <button type="button" class="check-submit" onclick={submit}>{ words.check.as_ref() }</button>
                } else if verdict != Some(Verdict::Right) {
                    <button type="button" class="check-retry" id={ids.retry()} onclick={retry}>
                        <span aria-hidden="true">{ "↺ " }</span>{ words.retry.as_ref() }
                    </button>
                }
                <a class="check-show-me" href={format!("#{}", check.section)}>{ words.show_me.as_ref() }</a>
            </div>
            if grade.is_some_and(|g| explains(g, attempts)) {
                <div class="check-explanation" id={ids.why()} tabindex="-1">
                    <p><strong>{ words.why.as_ref() }</strong>{ " " }{ check.explanation.as_ref() }</p>
                </div>
            }
        </section>
    }
}

fn order_view(
    order: &'static Order,
    attempt: &Attempt,
    ids: &CheckIds,
    words: &'static CheckWords,
    locked: bool,
    act: &dyn Fn(Move) -> Callback<MouseEvent>,
    marks: &dyn Fn(u8) -> Option<Mark>,
) -> Html {
    let shown = attempt.shown();
    let last = shown.len().saturating_sub(1);
    html! {
        <ol class="check-steps">
            { for shown.iter().enumerate().map(|(position, &step)| {
                let Some(text) = order.steps.get(usize::from(step)) else { return html! {} };
                let mark = marks(step);
                let hint = (mark == Some(Mark::Wrong)).then_some(text.hint.as_ref());
                let name = |template: &str| fill(template, &[("item", &text.text)]);
                html! {
                    <li key={step.to_string()} class={classes!("check-step", mark_class(mark))}>
                        <span class="check-step-text">{ text.text.as_ref() }</span>
                        <span class="check-moves">
                            <button type="button" class="check-move" id={ids.step(step, true)}
                                disabled={locked} aria-disabled={(position == 0).to_string()}
                                onclick={act(Move::Up(position))}>
                                <span aria-hidden="true">{ "↑" }</span>
                                <span class="visually-hidden">{ name(&words.move_up) }</span>
                            </button>
                            <button type="button" class="check-move" id={ids.step(step, false)}
                                disabled={locked} aria-disabled={(position == last).to_string()}
                                onclick={act(Move::Down(position))}>
                                <span aria-hidden="true">{ "↓" }</span>
                                <span class="visually-hidden">{ name(&words.move_down) }</span>
                            </button>
                        </span>
                        { mark_view(mark, &words.mark_out_of_place, words, hint) }
                    </li>
                }
            }) }
        </ol>
    }
}

fn mark_class(mark: Option<Mark>) -> Option<&'static str> {
    match mark {
        Some(Mark::Right) => Some("is-right"),
        Some(Mark::Wrong) => Some("is-wrong"),
        _ => None,
    }
}

fn sort_view(
    sort: &'static Sort,
    attempt: &Attempt,
    ids: &CheckIds,
    words: &'static CheckWords,
    locked: bool,
    on_input: &dyn Fn(Move) -> Callback<Event>,
    marks: &dyn Fn(u8) -> Option<Mark>,
) -> Html {
    let placed = |item: u8| match &attempt.draft {
        super::Answer::Sort(groups) => groups.get(usize::from(item)).copied().flatten(),
        _ => None,
    };
    html! {
        <ul class="check-items">
            { for attempt.shown().iter().map(|&i| {
                let Some(item) = sort.items.get(usize::from(i)) else { return html! {} };
                let mark = marks(i);
                let feedback = (mark == Some(Mark::Wrong)).then_some(item.feedback.as_ref());
                html! {
                    <li class={classes!("check-item", mark_class(mark))}>
                        <fieldset class="check-sort" disabled={locked}>
                            <legend>{ item.text.as_ref() }</legend>
                            <div class="check-groups">
                                { for sort.groups.iter().enumerate().map(|(g, group)| html! {
                                    <label class="check-group">
                                        <input type="radio" id={ids.group(i, g)} name={format!("{}-item-{i}", ids.0)}
                                            checked={placed(i) == Some(g as u8)}
                                            onchange={on_input(Move::Place { item: usize::from(i), group: g as u8 })} />
                                        <span>{ group.as_ref() }</span>
                                    </label>
                                }) }
                            </div>
                        </fieldset>
                        { mark_view(mark, &words.mark_wrong, words, feedback) }
                    </li>
                }
            }) }
        </ul>
    }
}

#[allow(clippy::too_many_arguments)]
fn choose_view(
    check: &'static Check,
    choose: &'static Choose,
    attempt: &Attempt,
    ids: &CheckIds,
    words: &'static CheckWords,
    locked: bool,
    on_input: &dyn Fn(Move) -> Callback<Event>,
    marks: &dyn Fn(u8) -> Option<Mark>,
) -> Html {
    let chosen = |option: u8| matches!(&attempt.draft, super::Answer::Choose(c) if c.contains(&option));
    let kind = if choose.multiple { "checkbox" } else { "radio" };
    html! {
        <fieldset class="check-options" disabled={locked}
            aria-describedby={choose.multiple.then(|| ids.hint())}>
            <legend class="check-prompt" id={ids.prompt()}>{ check.prompt.as_ref() }</legend>
            if choose.multiple {
                <p class="check-hint" id={ids.hint()}>{ words.choose_all.as_ref() }</p>
            }
            <ul>
                { for attempt.shown().iter().map(|&i| {
                    let Some(option) = choose.options.get(usize::from(i)) else { return html! {} };
                    let mark = marks(i);
                    let action = if choose.multiple { Move::Toggle(usize::from(i)) } else { Move::Pick(usize::from(i)) };
                    html! {
                        <li class={classes!("check-option", mark_class(mark))}>
                            <label>
                                <input type={kind} id={ids.option(i)} name={ids.0.clone()}
                                    checked={chosen(i)} onchange={on_input(action)} />
                                <span>{ option.text.as_ref() }</span>
                            </label>
                            { mark_view(mark, &words.mark_wrong, words, Some(option.feedback.as_ref())) }
                        </li>
                    }
                }) }
            </ul>
        </fieldset>
    }
}
