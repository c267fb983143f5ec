//! What `content/what-is-back-end.md` says: its title, sections, links,
//! checks, diagram and lab. Every test that depends on the lesson's content
//! is here, so editing the lesson breaks only these; tests of logic run on
//! the fixtures in `tests/fixtures/`.

use std::sync::LazyLock;

use super::{Block, Document, Inline, LinkKind, Method, Stage, Task, Widget};
use crate::checks::grade::{blank, grade, key, presented, Verdict};
use crate::checks::score::of_lesson;
use crate::platform::completion::diagram_steps_total;
use crate::progress::Progress;

/// The lesson, compiled as the build compiles it: beside the other lessons
/// of its course.
static LESSON: LazyLock<Document> = LazyLock::new(|| {
    use roundtrip_document::{compile, course};
    let course = course::read("content/course.toml", include_str!("../../content/course.toml")).unwrap();
    let built: Vec<String> = course.lessons.iter().map(|lesson| lesson.slug.clone()).collect();
    assert!(built.iter().any(|slug| slug == "ruby-intro"), "{built:?}");
    let settings = compile::Settings { built, ..compile::Settings::default() };
    let markdown = include_str!("../../content/what-is-back-end.md");
    compile::compile("content/what-is-back-end.md", markdown, &settings).unwrap_or_else(|e| panic!("{e}"))
});

#[test]
fn the_lesson_compiles_with_every_part_of_the_source() {
    let doc = &LESSON;
    assert_eq!(doc.title, "What is Back End Engineering?");
    assert_eq!(doc.lang, "en");
    let outline: Vec<_> = doc.outline.iter().map(|e| (e.level, e.id.as_ref())).collect();
    assert_eq!(
        outline,
        [
            (2, "goals"),
            (2, "how-does-the-web-even-work"),
            (2, "what-is-back-end-engineering-2"),
            (2, "back-end-front-end"),
            (2, "what-technologies-are-used-on-the-back-end"),
            (2, "how-did-you-do"),
            (3, "up-next"),
        ]
    );
    let found = roundtrip_document::links(&doc.blocks);
    let texts: Vec<_> = found.iter().map(|(_, _, text)| text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Welcome and Introductions",
            "target.com",
            "try.turing.edu/help",
            "target.com",
            "Ruby Introduction",
            "Ruby Methods",
            "Control Flow",
            "Loops",
            "Extension Challenge",
            "Wrap-Up"
        ]
    );
    assert_eq!(found[0], ("../".into(), LinkKind::Course, "Welcome and Introductions".into()));
    assert_eq!(found[2].1, LinkKind::External);
    assert!(doc.blocks.iter().any(
        |b| matches!(b, Block::Widget(Widget::Diagram(d)) if d.credit.contains("Mozilla.org") && d.scenarios.len() == 2 && d.scenarios.iter().all(|s| s.steps.len() == 6))
    ));
    assert!(doc
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Widget(Widget::Contents { title }) if title == "On this page")));
    assert!(doc.blocks.iter().any(|b| matches!(b, Block::Quote(q) if matches!(&q[0], Block::Paragraph(p)
        if Inline::plain_text(p).starts_with("At Turing, our full-time students")))));
}

#[test]
fn the_lesson_checks_each_of_its_three_goals() {
    let doc = &LESSON;
    let checks = doc.checks();
    let ids: Vec<(&str, u8)> = checks.iter().map(|c| (c.id.as_ref(), c.goal)).collect();
    assert_eq!(
        ids,
        [
            ("cycle-order", 1),
            ("server-responds", 1),
            ("not-found-code", 1),
            ("on-the-server", 1),
            ("front-or-back", 2),
            ("languages-or-databases", 3),
            ("what-is-postgresql", 3)
        ]
    );
    let kinds: Vec<&str> = checks
        .iter()
        .map(|c| match &c.task {
            Task::Order(_) => "order",
            Task::Sort(_) => "sort",
            Task::Choose(choose) if choose.multiple => "choose all",
            Task::Choose(_) => "choose one",
        })
        .collect();
    assert_eq!(kinds, ["order", "choose one", "choose one", "choose all", "sort", "sort", "choose one"]);
    let summary = doc.blocks.iter().find_map(|b| match b {
        Block::Widget(Widget::Summary(s)) => Some(s),
        _ => None,
    });
    assert_eq!(summary.map(|s| s.goals.len()), Some(3));
    assert!(summary.is_some_and(|s| s.completion.is_some()), "the summary says when it is complete");
    assert_eq!(doc.check_words.right, "Right!", "the built-in words");
}

#[test]
fn the_lab_follows_the_diagram_with_presets_for_any_host() {
    let doc = &LESSON;
    let at = |f: fn(&Block) -> bool| doc.blocks.iter().position(f).unwrap();
    let diagram = at(|b| matches!(b, Block::Widget(Widget::Diagram(_))));
    assert_eq!(at(|b| matches!(b, Block::Widget(Widget::Lab(_)))), diagram + 1);
    let lab = doc.labs()[0];
    assert_eq!(lab.timeout_seconds, 10);
    let anywhere: Vec<_> = lab.presets.iter().filter(|p| !p.practice).map(|p| p.url.as_ref()).collect();
    assert!(anywhere.contains(&"help"), "the 404 moment works on any host");
    assert!(anywhere.contains(&"data/stores/80202.json"));
    let padded = lab.presets.iter().find(|p| p.pad_body_to.is_some()).unwrap();
    assert_eq!(padded.method, Method::Post);
    assert!(lab.codes.iter().any(|c| c.status == 404));
    assert_eq!(
        lab.schemes.iter().map(|s| s.scheme.as_ref()).collect::<Vec<_>>(),
        ["javascript", "data", "file", "ftp"]
    );
}

#[test]
fn the_diagram_tells_six_steps_in_two_scenarios() {
    let d = LESSON.diagrams()[0];
    assert_eq!(d.scenarios.len(), 2);
    let stages = [Stage::Address, Stage::Request, Stage::Receive, Stage::Work, Stage::Respond, Stage::Render];
    for scenario in d.scenarios.iter() {
        let got: Vec<Stage> = scenario.steps.iter().map(|s| s.stage).collect();
        assert_eq!(got, stages);
    }
    assert_eq!((d.scenarios[0].status, d.scenarios[1].status), (200, 404));
    assert_eq!(diagram_steps_total(&LESSON), 12);
}

#[test]
fn every_check_is_right_with_its_key_and_earns_nothing_as_shown() {
    for check in LESSON.checks() {
        let right = grade(check, &key(check)).unwrap();
        assert_eq!((right.credit, right.verdict()), (100, Verdict::Right), "{}", check.id);
        if let Ok(shown) = grade(check, &blank(check)) {
            assert_eq!(shown.credit, 0, "{} earns nothing as shown", check.id);
        }
        assert!(!presented(check).is_empty(), "{}", check.id);
    }
}

#[test]
fn the_score_counts_seven_checks_under_three_goals() {
    let mut p = Progress::default();
    p.record_answer("what-is-postgresql", key(LESSON.checks()[6]));
    let s = of_lesson(&LESSON, &p);
    assert_eq!((s.answered(), s.total(), s.goals.len(), s.overall), (1, 7, 3, 100 / 7));
}

#[test]
fn everything_the_lesson_can_record_fits_in_suspend_data() {
    crate::progress::tests::assert_the_most_fits(&LESSON);
}
