//! The widget directives: a fenced block whose info string is `{name}`,
//! with a TOML body. Each is read into its widget and checked for what serde
//! cannot check; what only the whole lesson can tell is checked at the end.

use std::borrow::Cow;

use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;
use url::Url;

use super::links::{at_practice_api, Links};
use super::words;
use super::{Error, Source};
use crate::model::{Check, Choose, Diagram, Lab, Method, Order, Preset, Sort, Summary, Task, Text, Widget};

/// A `{check}` as written: the shared fields, and exactly one of the tables
/// that say what kind of check it is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckDirective {
    id: String,
    goal: u8,
    section: String,
    prompt: String,
    explanation: String,
    order: Option<Order>,
    sort: Option<Sort>,
    choose: Option<Choose>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContentsDirective {
    title: String,
}

/// The directives an author may use, for the "unknown directive" message.
const DIRECTIVES: &[&str] = &["contents", "diagram", "lab", "check", "summary"];

/// A check's options, steps and items are saved one character each (`0-9a-z`).
const MOST_CHOICES: usize = 36;

/// Where each check and summary was, for what can only be checked once the
/// whole lesson is read: goals, duplicate ids, the words they need.
#[derive(Default)]
pub(super) struct Placed {
    /// `(line, id, goal)`
    checks: Vec<(usize, String, u8)>,
    /// `(line, number of goals)`
    summaries: Vec<(usize, usize)>,
}

impl Source<'_> {
    /// What no single directive can know: that checks have a summary
    /// listing their goal, and ids unique in the whole page.
    pub(super) fn check_placed(&self, placed: &Placed, ids: &[Text]) -> Result<(), Error> {
        if let Some((line, _)) = placed.summaries.get(1) {
            return Err(self.error(*line, "a lesson has at most one {summary}"));
        }
        let goals = placed.summaries.first().map(|(_, goals)| *goals);
        let mut seen: Vec<&str> = Vec::new();
        for (line, id, goal) in &placed.checks {
            let Some(goals) = goals else {
                return Err(self.error(
                    *line,
                    "a lesson with checks needs a {summary} listing its goals (the checks' `goal` numbers)",
                ));
            };
            if *goal == 0 || usize::from(*goal) > goals {
                return Err(self.error(
                    *line,
                    format!("{{check}} `{id}`: goal {goal} is not one of the {goals} goals in {{summary}} (1 to {goals})"),
                ));
            }
            if seen.contains(&id.as_str()) {
                return Err(self.error(*line, format!("two checks have the id `{id}`")));
            }
            seen.push(id);
            let anchor = format!("check-{id}");
            if ids.iter().any(|heading| *heading == anchor) {
                return Err(self.error(
                    *line,
                    format!(
                        "{{check}} `{id}`: a heading already has the id `{anchor}`; choose another check id"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// One directive, read into its widget: its block's table, filled with
    /// the words (`words`, the lesson's) it does not set itself.
    pub(super) fn directive(
        &self,
        name: &str,
        line: usize,
        body: &str,
        words: &DeTable<'_>,
        links: &mut Links,
        placed: &mut Placed,
    ) -> Result<Widget, Error> {
        let body_error = |e: toml::de::Error| {
            // The body starts on the line after the fence.
            let at = e.span().map_or(line, |span| words::line_in(body, line + 1, span.start));
            self.error(at, format!("{{{name}}}: {}", e.message().trim()))
        };
        let mut table = words::parse(body).map_err(body_error)?;
        if let Some(defaults) = words::table(words, name) {
            words::fill(&mut table, defaults);
        }
        let whole = 0..body.len();
        match name {
            "contents" => {
                let ContentsDirective { title } = words::read(table, whole).map_err(body_error)?;
                Ok(Widget::Contents { title: title.into() })
            }
            "diagram" => {
                let diagram: Diagram = words::read(table, whole).map_err(body_error)?;
                validate_diagram(&diagram)
                    .map_err(|message| self.error(line, format!("{{diagram}}: {message}")))?;
                Ok(Widget::Diagram(diagram))
            }
            "lab" => {
                if let Some(set) = table.get("practice_api") {
                    return Err(self.error(
                        words::line_in(body, line + 1, set.span().start),
                        "{lab}: practice_api is the lesson's: set it in the front matter",
                    ));
                }
                let api = &links.practice_api;
                table.insert(
                    Spanned::new(0..0, Cow::Borrowed("practice_api")),
                    Spanned::new(0..0, DeValue::String(Cow::Owned(api.clone()))),
                );
                let mut lab: Lab = words::read(table, whole).map_err(body_error)?;
                validate_lab(&lab).map_err(|message| self.error(line, format!("{{lab}}: {message}")))?;
                let presets = lab.presets.iter().cloned().map(|preset| match preset.practice {
                    true => Preset { url: at_practice_api(api, &preset.url).into(), ..preset },
                    false => preset,
                });
                lab.presets = presets.collect::<Vec<_>>().into();
                Ok(Widget::Lab(lab))
            }
            "check" => {
                let directive: CheckDirective = words::read(table, whole).map_err(body_error)?;
                let check = check_from(directive)
                    .map_err(|message| self.error(line, format!("{{check}}: {message}")))?;
                links.anchors.push((line, check.section.to_string()));
                placed.checks.push((line, check.id.to_string(), check.goal));
                Ok(Widget::Check(check))
            }
            "summary" => {
                let summary: Summary = words::read(table, whole).map_err(body_error)?;
                if summary.goals.is_empty() {
                    return Err(self.error(line, "{summary}: needs at least one [[goals]]"));
                }
                for goal in summary.goals.iter() {
                    links.anchors.push((line, goal.section.to_string()));
                }
                placed.summaries.push((line, summary.goals.len()));
                Ok(Widget::Summary(summary))
            }
            unknown => Err(self.error(
                line,
                format!("unknown directive {{{unknown}}}; known directives: {}", DIRECTIVES.join(", ")),
            )),
        }
    }
}

/// What serde cannot check: a diagram must have something to show, and every
/// deep link and status code in it must make sense.
fn validate_diagram(diagram: &Diagram) -> Result<(), String> {
    if diagram.scenarios.is_empty() {
        return Err("needs at least one [[scenarios]]".into());
    }
    let mut ids = Vec::new();
    for scenario in diagram.scenarios.iter() {
        let id = scenario.id.as_ref();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err(format!(
                "scenario id `{id}` must be lower-case letters, digits and hyphens (it is used in links)"
            ));
        }
        // `diagram-2-…` is the second diagram's: an id starting with a digit
        // would make a link to this diagram's scenario read as one to another.
        if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
            return Err(format!(
                "scenario id `{id}` must start with a letter (a number there names another diagram)"
            ));
        }
        if ids.contains(&id) {
            return Err(format!("two scenarios have the id `{id}`"));
        }
        ids.push(id);
        if scenario.steps.is_empty() {
            return Err(format!("scenario `{id}` has no [[scenarios.steps]]"));
        }
        if !(100..=599).contains(&scenario.status) {
            return Err(format!(
                "scenario `{id}`: {} is not an HTTP status code (100 to 599)",
                scenario.status
            ));
        }
    }
    Ok(())
}

/// The longest body a preset may ask to be padded to.
const MAX_PADDED_BODY: u32 = 1024 * 1024;

/// What serde cannot check: presets a learner can send, one meaning per
/// status code, and schemes written the way the lab compares them.
fn validate_lab(lab: &Lab) -> Result<(), String> {
    if !(1..=120).contains(&lab.timeout_seconds) {
        return Err(format!("timeout_seconds = {} must be from 1 to 120", lab.timeout_seconds));
    }
    if !lab.presets.iter().any(|p| !p.practice) {
        return Err("needs at least one [[presets]] that works without the practice back end".into());
    }
    for preset in lab.presets.iter() {
        let label = preset.label.as_ref();
        if label.trim().is_empty() || preset.why.trim().is_empty() {
            return Err("every preset needs a `label` and a `why`".into());
        }
        if preset.url.trim().is_empty() {
            return Err(format!("preset `{label}` has no `url`"));
        }
        // Relative addresses keep the lesson working on any host, under any path.
        if Url::parse(&preset.url).is_ok() || preset.url.starts_with("//") {
            return Err(format!(
                "preset `{label}`: `{}` must be relative to the page (like `data/stores/80202.json`), not an absolute address",
                preset.url
            ));
        }
        if preset.method != Method::Post && (!preset.body.is_empty() || preset.pad_body_to.is_some()) {
            return Err(format!("preset `{label}`: only a POST sends a body"));
        }
        if preset.pad_body_to.is_some_and(|n| n > MAX_PADDED_BODY) {
            return Err(format!("preset `{label}`: pad_body_to is at most {MAX_PADDED_BODY} bytes"));
        }
        if preset.pad_body_to.is_some() && !preset.body.contains("\"padding\"") {
            return Err(format!(
                "preset `{label}`: pad_body_to needs a \"padding\" text in the body to grow"
            ));
        }
    }
    let mut seen = Vec::new();
    for code in lab.codes.iter() {
        if !(100..=599).contains(&code.status) {
            return Err(format!("{} is not an HTTP status code (100 to 599)", code.status));
        }
        if seen.contains(&code.status) {
            return Err(format!("two [[codes]] explain {}", code.status));
        }
        seen.push(code.status);
    }
    for scheme in lab.schemes.iter() {
        if scheme.scheme.is_empty()
            || scheme.scheme.ends_with(':')
            || scheme.scheme.chars().any(|c| c.is_ascii_uppercase())
        {
            return Err(format!("scheme `{}`: write it lower case, without the colon", scheme.scheme));
        }
    }
    Ok(())
}

/// A check as written → the model, refusing what a learner could not answer
/// or what would grade unfairly.
fn check_from(directive: CheckDirective) -> Result<Check, String> {
    let CheckDirective { id, goal, section, prompt, explanation, order, sort, choose } = directive;
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Err(format!(
            "id `{id}` must be lower-case letters, digits and hyphens (answers are saved under it)"
        ));
    }
    let named = |message: String| format!("`{id}`: {message}");
    for (field, text) in [("prompt", &prompt), ("explanation", &explanation), ("section", &section)] {
        if text.trim().is_empty() {
            return Err(named(format!("`{field}` is empty")));
        }
    }
    let task = match (order, sort, choose) {
        (Some(order), None, None) => Task::Order(order),
        (None, Some(sort), None) => Task::Sort(sort),
        (None, None, Some(choose)) => Task::Choose(choose),
        _ => return Err(named("needs exactly one of the tables [order], [sort] or [choose]".into())),
    };
    validate_task(&task).map_err(named)?;
    Ok(Check {
        id: id.into(),
        goal,
        prompt: prompt.into(),
        section: section.into(),
        explanation: explanation.into(),
        task,
    })
}

fn validate_task(task: &Task) -> Result<(), String> {
    let count = |what: &str, n: usize| {
        if (2..=MOST_CHOICES).contains(&n) {
            Ok(())
        } else {
            Err(format!("needs 2 to {MOST_CHOICES} {what}, not {n}"))
        }
    };
    let distinct = |what: &str, texts: Vec<&str>| {
        for (i, text) in texts.iter().enumerate() {
            if text.trim().is_empty() {
                return Err(format!("{what} {} is empty", i + 1));
            }
            if texts[..i].contains(text) {
                return Err(format!("two {what}s read `{text}`; a learner could not tell them apart"));
            }
        }
        Ok(())
    };
    match task {
        Task::Order(order) => {
            count("[[order.steps]]", order.steps.len())?;
            distinct("step", order.steps.iter().map(|s| s.text.as_ref()).collect())
        }
        Task::Sort(sort) => {
            count("groups", sort.groups.len())?;
            count("[[sort.items]]", sort.items.len())?;
            distinct("group", sort.groups.iter().map(AsRef::as_ref).collect())?;
            distinct("item", sort.items.iter().map(|i| i.text.as_ref()).collect())?;
            for item in sort.items.iter() {
                if !sort.groups.contains(&item.group) {
                    return Err(format!(
                        "item `{}` goes in group `{}`, which is not one of the groups: {}",
                        item.text,
                        item.group,
                        sort.groups.join(", ")
                    ));
                }
            }
            Ok(())
        }
        Task::Choose(choose) => {
            count("[[choose.options]]", choose.options.len())?;
            distinct("option", choose.options.iter().map(|o| o.text.as_ref()).collect())?;
            let right = choose.options.iter().filter(|o| o.right).count();
            match (choose.multiple, right) {
                (false, 1) => Ok(()),
                (false, _) => Err(format!(
                    "a single-answer question needs exactly one option with `right = true`, not {right}; \
                     set `multiple = true` to ask for every answer that fits"
                )),
                (true, 0) => Err("no option has `right = true`".into()),
                (true, n) if n == choose.options.len() => Err(
                    "every option is right: add a wrong one, or choosing everything would score full marks"
                        .into(),
                ),
                (true, _) => Ok(()),
            }
        }
    }
}
