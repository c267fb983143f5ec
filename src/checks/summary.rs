//! The end of the lesson: the score, whether the lesson is complete by its
//! rule (or what is still to do), each goal and whether its checks are done,
//! links back to each section and check, and Start over.

use yew::prelude::*;

use super::score::{saved_grade, score};
use super::start_over::{StartOver, StartOverChoice};
use super::view::{icon, verdict_class, verdict_words};
use crate::host;
use crate::lesson::{Document, Summary};
use crate::platform::completion;
use crate::progress::{Progress, ProgressAction, ProgressHandle};
use crate::text::fill;

#[derive(Properties, PartialEq)]
pub struct SummaryViewProps {
    pub document: &'static Document,
    pub summary: &'static Summary,
}

const START_OVER_ID: &str = "summary-start-over";
const KEEP_ID: &str = "summary-keep";

#[function_component]
pub fn SummaryView(props: &SummaryViewProps) -> Html {
    let SummaryViewProps { document, summary } = props;
    let (document, summary): (&'static Document, &'static Summary) = (document, summary);
    // Every hook is called on every render, before anything can return early.
    let progress = use_context::<ProgressHandle>();
    let start_over_state = use_state(StartOver::default);
    let focus = use_state(|| None::<&'static str>);

    {
        let target = *focus;
        use_effect_with(target, move |target| {
            if let Some(id) = target {
                host::page::focus(id);
            }
        });
    }
    let words = &document.check_words;

    let empty = Progress::default();
    let saved = progress.as_ref().map_or(&empty, |p| &p.progress);
    let checks = document.checks();
    let score = score(&checks, summary.goals.len(), saved);
    let facts = completion::facts(document, saved);
    let complete = completion::evaluate(&document.completion, &facts).is_done();

    // One move of Start over, and where focus goes after it.
    let choose = |choice: StartOverChoice, focus_on: &'static str| {
        let (state, focus, progress) = (start_over_state.clone(), focus.clone(), progress.clone());
        Callback::from(move |_: MouseEvent| {
            let next = state.after(choice);
            if *state == StartOver::Asking && next == StartOver::Cleared {
                if let Some(progress) = &progress {
                    progress.dispatch(ProgressAction::StartOver);
                }
            }
            state.set(next);
            focus.set(Some(focus_on));
        })
    };
    let ask = choose(StartOverChoice::Ask, KEEP_ID);
    let keep = choose(StartOverChoice::Keep, START_OVER_ID);
    let start_over = choose(StartOverChoice::Confirm, START_OVER_ID);
    let asking = *start_over_state == StartOver::Asking;
    let just_cleared = start_over_state.says_cleared(score.answered());

    html! {
        <div class="summary">
            <p class="summary-score">
                <strong>{ fill(&summary.score, &[("score", &score.overall.to_string())]) }</strong>
            </p>
            // Drawn, not styled: the page allows no inline styles.
            <svg class="summary-bar" aria-hidden="true" viewBox="0 0 100 1" preserveAspectRatio="none">
                <rect width={score.overall.to_string()} height="1" />
            </svg>
            if let Some(words) = summary.completion.as_ref() {
                // Not a live region: it changes with every diagram step seen.
                <p class={classes!("summary-completion", complete.then_some("is-done"))}>
                    <span class="check-icon" aria-hidden="true">{ if complete { "✓" } else { "○" } }</span>
                    { completion::summary_line(words, &document.completion, &facts) }
                </p>
            }
            <ol class="summary-goals">
                { for summary.goals.iter().zip(&score.goals).enumerate().map(|(g, (goal, goal_score))| {
                    let done = goal_score.is_done();
                    let status = if done {
                        summary.done.to_string()
                    } else {
                        fill(&summary.to_do, &[
                            ("answered", &goal_score.answered.to_string()),
                            ("total", &goal_score.total.to_string()),
                        ])
                    };
                    html! {
                        <li class={classes!("summary-goal", done.then_some("is-done"))}>
                            <p class="summary-goal-text">
                                <a href={format!("#{}", goal.section)}>{ goal.text.as_ref() }</a>
                            </p>
                            <p class="summary-goal-status">
                                <span class="check-icon" aria-hidden="true">{ if done { "✓" } else { "○" } }</span>
                                { status }{ " · " }
                                { fill(&summary.goal_score, &[("score", &goal_score.score.to_string())]) }
                            </p>
                            <ul class="summary-checks">
                                { for checks.iter().filter(|c| usize::from(c.goal) == g + 1).map(|check| {
                                    let grade = saved_grade(check, saved);
                                    let verdict = grade.as_ref().map(|g| g.verdict());
                                    let attempts = saved.record(&check.id).map_or(0, |r| r.attempts);
                                    html! {
                                        <li class={classes!(verdict.map(verdict_class))}>
                                            <a href={format!("#{}", check.anchor())}>{ check.prompt.as_ref() }</a>
                                            <span class="summary-check-status">
                                                { match verdict {
                                                    Some(v) => html! {
                                                        <>
                                                            <span class="check-icon" aria-hidden="true">{ icon(v) }</span>
                                                            { verdict_words(words, v) }
                                                            if attempts > 1 {
                                                                { " · " }{ fill(&summary.tries, &[("n", &attempts.to_string())]) }
                                                            }
                                                        </>
                                                    },
                                                    None => html! { summary.not_answered.as_ref() },
                                                } }
                                            </span>
                                        </li>
                                    }
                                }) }
                            </ul>
                        </li>
                    }
                }) }
            </ol>
            <div class="summary-start-over">
                if asking {
                    <p class="summary-question">{ summary.start_over_question.as_ref() }</p>
                    <div class="summary-actions">
                        <button type="button" class="summary-yes" onclick={start_over}>
                            { summary.start_over_yes.as_ref() }
                        </button>
                        <button type="button" id={KEEP_ID} onclick={keep}>{ summary.start_over_no.as_ref() }</button>
                    </div>
                } else {
                    <button type="button" id={START_OVER_ID} onclick={ask}>
                        <span aria-hidden="true">{ "↺ " }</span>{ summary.start_over.as_ref() }
                    </button>
                }
                <p class="summary-cleared" aria-live="polite">
                    if just_cleared { { summary.started_over.as_ref() } }
                </p>
            </div>
        </div>
    }
}
