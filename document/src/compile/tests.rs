//! The compiler, from Markdown strings and the fixtures in `tests/fixtures/`.

use super::*;
use crate::model::{Amount, Block, CompletionRule, Document, Inline, Lab, LinkKind, Task, Widget};

/// Two diagrams, two labs and a check of every kind: a whole lesson to break
/// in one place at a time.
const LESSON: &str = include_str!("../../../tests/fixtures/every-widget.md");

fn compile_ok(markdown: &str) -> Document {
    compile("t.md", markdown, &Settings::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn compile_err(markdown: &str) -> Error {
    compile("t.md", markdown, &Settings::default()).expect_err("should not compile")
}

/// A small lesson with one check, to break in one place at a time.
fn with_check(check_body: &str) -> String {
    format!(
        "+++\n[checks]\n{WORDS}\n[progress]\nnot_kept = \"n\"\nunreadable = \"u\"\nresume = \"r\"\n+++\n\
         # T\n\n## Web\n\n```{{check}}\n{check_body}\n```\n\n```{{summary}}\n{SUMMARY}\n```\n"
    )
}

const WORDS: &str = "kicker = \"k\"\ncheck = \"c\"\nretry = \"r\"\nshow_me = \"s\"\nchoose_all = \"a\"\n\
    right = \"r\"\npartly = \"p\"\nwrong = \"w\"\nwhy = \"y\"\nmark_right = \"m\"\nmark_out_of_place = \"o\"\n\
    mark_wrong = \"x\"\nmove_up = \"u\"\nmove_down = \"d\"\nmoved = \"v\"\norder_result = \"o\"\n\
    sort_result = \"s\"\nmissed = \"m\"\nsort_incomplete = \"i\"\nchoose_incomplete = \"j\"";

const SUMMARY: &str =
    "score = \"s\"\ndone = \"d\"\nto_do = \"t\"\ngoal_score = \"g\"\nnot_answered = \"n\"\ntries = \"t\"\n\
    start_over = \"s\"\nstart_over_question = \"q\"\nstart_over_yes = \"y\"\nstart_over_no = \"n\"\n\
    started_over = \"o\"\n[[goals]]\ntext = \"Web\"\nsection = \"web\"";

const CHOOSE: &str = "id = \"q\"\ngoal = 1\nsection = \"web\"\nprompt = \"P?\"\nexplanation = \"E\"\n\
    [[choose.options]]\ntext = \"yes\"\nright = true\nfeedback = \"f\"\n\
    [[choose.options]]\ntext = \"no\"\nfeedback = \"g\"";

/// The line of the check's fence in [`with_check`].
fn check_line(markdown: &str) -> usize {
    markdown.lines().position(|l| l == "```{check}").unwrap() + 1
}

#[test]
fn a_check_is_authored_in_markdown_alone() {
    let doc = compile_ok(&with_check(CHOOSE));
    let checks = doc.checks();
    assert_eq!(checks.len(), 1);
    assert_eq!((checks[0].id.as_ref(), checks[0].anchor()), ("q", "check-q".to_owned()));
    let Task::Choose(choose) = &checks[0].task else { panic!() };
    assert!(!choose.multiple && choose.shuffle, "single answer and shuffled unless said otherwise");
}

#[test]
fn a_malformed_check_names_its_line() {
    let md = with_check(&CHOOSE.replace("goal = 1", "goal = \"one\""));
    let e = compile_err(&md);
    assert_eq!(e.line, check_line(&md) + 2, "the line of `goal`: {e}");
    assert!(e.message.starts_with("{check}"), "{e}");

    let e = compile_err(&with_check(&CHOOSE.replace("prompt", "question")));
    assert!(e.message.contains("unknown field `question`"), "{e}");
    let md = with_check(&CHOOSE.replace("feedback = \"g\"", "feedbak = \"g\""));
    let e = compile_err(&md);
    assert!(e.message.contains("unknown field `feedbak`"), "{e}");
    assert_eq!(e.line, md.lines().position(|l| l.starts_with("feedbak")).unwrap() + 1);
}

#[test]
fn a_check_must_be_answerable_and_fair() {
    let cases: [(String, &str); 9] = [
        (CHOOSE.replace("id = \"q\"", "id = \"Q 1\""), "lower-case letters"),
        (CHOOSE.replace("[[choose.options]]", "[[order.steps]]"), "expected `text` or `hint`"),
        (CHOOSE.split("[[choose").next().unwrap().to_owned(), "exactly one of the tables"),
        (CHOOSE.replace("feedback = \"g\"", "feedback = \"g\"\nright = true"), "exactly one option"),
        (
            CHOOSE
                .replace("explanation = \"E\"\n", "explanation = \"E\"\n[choose]\nmultiple = true\n")
                .replace("feedback = \"g\"", "feedback = \"g\"\nright = true"),
            "choosing everything",
        ),
        (CHOOSE.replace("text = \"no\"", "text = \"yes\""), "two options read `yes`"),
        (CHOOSE.replace("prompt = \"P?\"", "prompt = \" \""), "`prompt` is empty"),
        (
            "id = \"s\"\ngoal = 1\nsection = \"web\"\nprompt = \"P\"\nexplanation = \"E\"\n[sort]\n\
             groups = [\"A\", \"B\"]\n[[sort.items]]\ntext = \"x\"\ngroup = \"A\"\nfeedback = \"f\"\n\
             [[sort.items]]\ntext = \"y\"\ngroup = \"C\"\nfeedback = \"f\""
                .to_owned(),
            "goes in group `C`, which is not one of the groups: A, B",
        ),
        (
            "id = \"o\"\ngoal = 1\nsection = \"web\"\nprompt = \"P\"\nexplanation = \"E\"\n\
             [[order.steps]]\ntext = \"only\"\nhint = \"h\""
                .to_owned(),
            "needs 2 to 36 [[order.steps]], not 1",
        ),
    ];
    for (body, expected) in cases {
        let md = with_check(&body);
        let e = compile_err(&md);
        assert!(e.message.contains(expected), "expected {expected:?}, got: {e}");
    }
}

#[test]
fn a_check_links_to_a_real_section_and_a_listed_goal() {
    let md = with_check(&CHOOSE.replace("section = \"web\"", "section = \"nowhere\""));
    let e = compile_err(&md);
    assert_eq!(e.line, check_line(&md), "{e}");
    assert!(e.message.contains("#nowhere"), "{e}");

    let md = with_check(&CHOOSE.replace("goal = 1", "goal = 4"));
    let e = compile_err(&md);
    assert_eq!(e.line, check_line(&md), "{e}");
    assert!(e.message.contains("goal 4 is not one of the 1 goals"), "{e}");

    let md = with_check(&format!("{CHOOSE}\n```\n\n```{{check}}\n{CHOOSE}"));
    let e = compile_err(&md);
    assert!(e.message.contains("two checks have the id `q`"), "{e}");

    let md = with_check(CHOOSE).replace("## Web", "## Web\n\n## Check Q");
    let e = compile_err(&md);
    assert!(e.message.contains("a heading already has the id `check-q`"), "{e}");
}

#[test]
fn checks_need_a_summary() {
    let md = with_check(CHOOSE);
    let without_summary = md.split("```{summary}").next().unwrap().to_owned();
    let e = compile_err(&without_summary);
    assert!(e.message.contains("needs a {summary}"), "{e}");
    assert_eq!(e.line, check_line(&md));

    let twice = format!("{md}\n```{{summary}}\n{SUMMARY}\n```\n");
    let e = compile_err(&twice);
    assert!(e.message.contains("at most one {summary}"), "{e}");
}

/// The compiler's checks, the model and scoring share one walk: a widget
/// in a list item or a quote counts for all of them.
#[test]
fn a_widget_in_a_list_or_a_quote_counts_everywhere() {
    let nested = include_str!("../../../tests/fixtures/nested.md");
    // `diagram_steps = 3` is met by the diagram in a list item.
    let doc = compile_ok(nested);
    let kinds: Vec<&str> = doc
        .widgets()
        .iter()
        .map(|w| match w {
            Widget::Diagram(_) => "diagram",
            Widget::Check(_) => "check",
            Widget::Summary(_) => "summary",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["diagram", "check", "summary"]);
    assert_eq!((doc.diagrams().len(), doc.checks().len(), doc.diagram_steps()), (1, 1, 3));
    assert_eq!(doc.summary().map(|s| s.goals.len()), Some(1));
    let e = compile_err(&nested.replace("diagram_steps = 3", "diagram_steps = 4"));
    assert!(e.message.contains("the diagram has 3 steps"), "{e}");
}

#[test]
fn a_tight_list_item_keeps_its_emphasis_and_text_together() {
    let doc = compile_ok("# T\n\n- **Databases**: PostgreSQL, MySQL\n- plain\n");
    let Block::List { ordered: false, items } = &doc.blocks[1] else { panic!("{:?}", doc.blocks) };
    assert_eq!(items.len(), 2);
    let Block::Paragraph(content) = &items[0][0] else { panic!("{:?}", items[0]) };
    assert_eq!(
        content.as_ref(),
        [
            Inline::Strong(vec![Inline::Text("Databases".into())].into()),
            Inline::Text(": PostgreSQL, MySQL".into())
        ]
    );
}

#[test]
fn nested_lists_and_soft_breaks() {
    let doc = compile_ok("# T\n\n1. one\n   - inner\n2. two\nwraps\n");
    let Block::List { ordered: true, items } = &doc.blocks[1] else { panic!("{:?}", doc.blocks) };
    assert!(matches!(&items[0][1], Block::List { ordered: false, .. }));
    assert_eq!(items[1].as_ref(), [Block::Paragraph(vec![Inline::Text("two wraps".into())].into())]);
}

#[test]
fn an_unknown_directive_names_file_and_line() {
    let e = compile_err("# T\n\ntext\n\n```{quiz}\nx = 1\n```\n");
    assert_eq!((e.path.as_str(), e.line), ("t.md", 5));
    assert!(e.message.contains("unknown directive {quiz}"), "{e}");
    assert!(e.message.contains("diagram"), "lists the known ones: {e}");
    assert_eq!(e.to_string().split(':').take(2).collect::<Vec<_>>(), ["t.md", "5"]);
}

#[test]
fn a_malformed_directive_body_names_its_line() {
    let e = compile_err("# T\n\n```{diagram}\nalt = \"a\"\ncredit = oops\ncredit_href = \"h\"\n```\n");
    assert_eq!(e.line, 5, "{e}");
    let e = compile_err("# T\n\n```{diagram}\nalt = \"a\"\n```\n");
    assert!(e.message.contains("missing field `scenarios`"), "{e}");
    let e = compile_err("# T\n\n```{diagram}\n[labels]\nclient = \"C\"\nserver = 2\n[[scenarios]]\n```\n");
    assert_eq!(e.line, 6, "{e}");
    assert!(e.message.contains("invalid type"), "{e}");
    let e = compile_err("# T\n\n```{contents}\ncolour = 1\n```\n");
    assert!(e.message.contains("unknown field `colour`"), "{e}");
}

#[test]
fn a_diagram_must_make_sense() {
    let lesson = LESSON.replace("id = \"missing\"", "id = \"found\"");
    let e = compile("t.md", &lesson, &Settings::default()).unwrap_err();
    assert!(e.message.contains("two scenarios have the id `found`"), "{e}");
    let e = compile("t.md", &LESSON.replace("id = \"missing\"", "id = \"2-missing\""), &Settings::default())
        .unwrap_err();
    assert!(e.message.contains("must start with a letter"), "{e}");
    let lesson = LESSON.replace("id = \"missing\"", "id = \"found\"");
    let e = compile("t.md", &lesson, &Settings::default()).unwrap_err();
    assert_eq!(e.line, LESSON.lines().position(|l| l == "```{diagram}").unwrap() + 1);
    let lesson = LESSON.replace("status = 404", "status = 42");
    let e = compile("t.md", &lesson, &Settings::default()).unwrap_err();
    assert!(e.message.contains("42 is not an HTTP status code"), "{e}");
    let lesson = LESSON.replace("stage = \"work\"", "stage = \"dance\"");
    let e = compile("t.md", &lesson, &Settings::default()).unwrap_err();
    assert!(e.message.contains("unknown variant `dance`"), "{e}");
    let at = LESSON.lines().position(|l| l == "stage = \"work\"").unwrap() + 1;
    assert_eq!(e.line, at, "the error points at the bad line: {e}");
}

fn lab(doc: &Document) -> &Lab {
    doc.blocks
        .iter()
        .find_map(|b| match b {
            Block::Widget(Widget::Lab(lab)) => Some(lab),
            _ => None,
        })
        .expect("a lab")
}

#[test]
fn a_lab_must_make_sense() {
    let fence = LESSON.lines().position(|l| l == "```{lab}").unwrap() + 1;
    for (from, to, says) in [
        ("url = \"help\"", "url = \"https://example.com/help\"", "must be relative"),
        ("timeout_seconds = 10", "timeout_seconds = 0", "from 1 to 120"),
        ("status = 418", "status = 404", "two [[codes]] explain 404"),
        ("scheme = \"data\"", "scheme = \"DATA:\"", "lower case"),
        ("method = \"HEAD\"\nurl", "method = \"HEAD\"\nbody = \"x\"\nurl", "only a POST"),
    ] {
        assert!(LESSON.contains(from), "{from}");
        let e = compile("t.md", &LESSON.replacen(from, to, 1), &Settings::default()).unwrap_err();
        assert!(e.message.contains(says), "{e}");
        assert_eq!(e.line, fence, "{e}");
    }
    let e = compile("t.md", &LESSON.replace("method = \"POST\"", "method = \"PUT\""), &Settings::default())
        .unwrap_err();
    assert!(e.message.contains("unknown variant `PUT`"), "{e}");
}

/// The lesson's lab compiled with `practice_api` in its front matter
/// (`None`: left out) and in the build's settings.
fn lab_with_practice_api(front: Option<&str>, build: Option<&str>) -> Result<Lab, Error> {
    let lesson = match front {
        Some(api) => {
            LESSON.replacen("lang = \"en\"\n", &format!("lang = \"en\"\npractice_api = \"{api}\"\n"), 1)
        }
        None => LESSON.to_owned(),
    };
    let settings = Settings { practice_api: build.map(str::to_owned), ..Settings::default() };
    compile("t.md", &lesson, &settings).map(|doc| lab(&doc).clone())
}

fn practice_url(lab: &Lab, label: &str) -> String {
    lab.presets.iter().find(|p| p.label.contains(label)).map(|p| p.url.to_string()).unwrap()
}

#[test]
fn practice_presets_are_addressed_at_the_practice_back_end() {
    // Left out: the page's own api/, as before the setting existed.
    let lab = lab_with_practice_api(None, None).unwrap();
    assert_eq!(lab.practice_api, "api/");
    assert_eq!(practice_url(&lab, "Is the practice back end there?"), "api/health");
    assert_eq!(practice_url(&lab, "Created (201)"), "api/status/201");
    assert_eq!(practice_url(&lab, "Stores near 80202"), "api/stores?zip=80202");
    assert_eq!(practice_url(&lab, "A page of this site that exists"), "index.html", "others as written");

    let lab = lab_with_practice_api(Some("https://practice.example.edu/api/"), None).unwrap();
    assert_eq!(lab.practice_api, "https://practice.example.edu/api/");
    assert_eq!(practice_url(&lab, "Created (201)"), "https://practice.example.edu/api/status/201");
    assert_eq!(practice_url(&lab, "A page of this site that exists"), "index.html");

    let lab = lab_with_practice_api(Some("../practice/api/"), None).unwrap();
    assert_eq!(practice_url(&lab, "Created (201)"), "../practice/api/status/201");

    // The build's setting wins over the front matter.
    let lab = lab_with_practice_api(Some("backend/"), Some("https://b.example/x/")).unwrap();
    assert_eq!(practice_url(&lab, "Created (201)"), "https://b.example/x/status/201");
}

#[test]
fn a_practice_api_must_name_a_folder_on_the_web() {
    for (api, says) in [
        ("api", "must end with `/`"),
        ("ftp://example.edu/api/", "http(s)"),
        ("//example.edu/api/", "write the scheme"),
        ("api/?x=/", "plain address"),
    ] {
        let e = lab_with_practice_api(Some(api), None).unwrap_err();
        assert!(e.message.contains(says), "{api}: {e}");
        let e = lab_with_practice_api(None, Some(api)).unwrap_err();
        assert!(e.message.contains("this build's setting") && e.message.contains(says), "{api}: {e}");
    }
}

#[test]
fn raw_html_and_images_are_refused() {
    let e = compile_err("# T\n\nsome <b>bold</b>\n");
    assert_eq!(e.line, 3);
    assert!(e.message.contains("raw HTML"), "{e}");
    let e = compile_err("# T\n\n<div>\nblock\n</div>\n");
    assert!(e.message.contains("raw HTML"), "{e}");
    let e = compile_err("# T\n\n![a picture](https://example.com/p.png)\n");
    assert!(e.message.contains("images are not supported"), "{e}");
}

#[test]
fn dangerous_and_broken_links_are_refused() {
    let e = compile_err("# T\n\n[x](javascript:alert(1))\n");
    assert!(e.message.contains("`javascript:` links are not allowed"), "{e}");
    let e = compile_err("# T\n\n[x](data:text/html,hi)\n");
    assert!(e.message.contains("`data:`"), "{e}");
    let e = compile_err("# T\n\n## Real\n\n[x](#not-here)\n");
    assert_eq!(e.line, 5);
    assert!(e.message.contains("#not-here"), "{e}");
    compile_ok("# T\n\n[x](#real)\n\n## Real\n");
}

#[test]
fn links_to_other_lessons_resolve_against_the_course_base() {
    let md = "+++\ncourse_base = \"https://learn.example/m0/lessons/what-is/\"\n+++\n# T\n\n[next](../ruby-intro) [back](../)\n";
    let found = crate::model::links(&compile_ok(md).blocks);
    assert_eq!(found[0].0, "https://learn.example/m0/lessons/ruby-intro");
    assert_eq!(found[1].0, "https://learn.example/m0/lessons/");
    assert_eq!(found[0].1, LinkKind::Course);

    let settings = Settings { course_base: Some("https://other.example/c/l/".into()), ..Settings::default() };
    let doc = compile("t.md", md, &settings).unwrap();
    let found = crate::model::links(&doc.blocks);
    assert_eq!(found[0].0, "https://other.example/c/ruby-intro", "the build setting wins");

    let e = compile_err("+++\ncourse_base = \"lessons/\"\n+++\n# T\n");
    assert!(e.message.contains("not an absolute URL"), "{e}");
}

#[test]
fn links_to_lessons_built_beside_this_one_go_to_their_folders() {
    let md = "# T\n\n[a](../ruby-intro) [b](../ruby-methods) [c](../ruby-intro/#goals) [d](../) [e](../../ruby-intro)\n";
    let settings = Settings { built: vec!["ruby-intro".into(), "t".into()], ..Settings::default() };
    let doc = compile("t.md", md, &settings).unwrap();
    let hrefs: Vec<String> = crate::model::links(&doc.blocks).into_iter().map(|(href, _, _)| href).collect();
    assert_eq!(
        hrefs,
        ["../ruby-intro/", "../ruby-methods", "../ruby-intro/#goals", "../", "../../ruby-intro"]
    );

    let md = format!("+++\ncourse_base = \"https://learn.example/m0/what-is/\"\n+++\n{md}");
    let doc = compile("t.md", &md, &settings).unwrap();
    let hrefs: Vec<String> = crate::model::links(&doc.blocks).into_iter().map(|(href, _, _)| href).collect();
    assert_eq!(
        hrefs[0], "https://learn.example/m0/ruby-intro/",
        "a built lesson, in the course that the base names"
    );
    assert_eq!(hrefs[1], "https://learn.example/m0/ruby-methods", "not built: as written, against the base");
}

#[test]
fn front_matter_errors_are_reported() {
    let e = compile_err("+++\ntitel = \"x\"\n+++\n# T\n");
    assert!(e.message.contains("unknown field `titel`"), "{e}");
    let e = compile_err("just text, no heading\n");
    assert!(e.message.contains("no title"), "{e}");
    let doc = compile_ok("+++\ntitle = \"Named\"\nlang = \"fr\"\n+++\ntext\n");
    assert_eq!((doc.title.as_ref(), doc.lang.as_ref()), ("Named", "fr"));
}

#[test]
fn the_completion_rule_is_authored_in_the_front_matter() {
    let doc = compile_ok(LESSON);
    assert_eq!(doc.completion.diagram_steps, Some(Amount::All));
    assert_eq!(doc.frame.new_tab, "Open in a new tab");

    // From the section with the diagram on, which the checks link to.
    let diagram_at = LESSON.find("## Clients and servers").unwrap();
    // The lesson's checks need their words from its front matter.
    let words_at = LESSON.find("[checks]").unwrap();
    let words = &LESSON[words_at..LESSON[words_at..].find("+++").unwrap() + words_at];
    let with = |front: &str| format!("+++\n{front}\n{words}+++\n# T\n\n{}", &LESSON[diagram_at..]);
    let doc =
        compile_ok(&with("[completion]\ndiagram_steps = 3\nrequests = 1\nchecks = \"all\"\npass_score = 80"));
    assert_eq!(
        doc.completion,
        CompletionRule {
            diagram_steps: Some(Amount::AtLeast(3)),
            requests: Some(1),
            checks: Some(Amount::All),
            pass_score: Some(80),
        }
    );
    assert_eq!(compile_ok("# T\n").completion, CompletionRule::default(), "nothing required");

    let e = compile_err(&with("[completion]\ndiagram_steps = \"most\""));
    assert!(e.message.contains("expected \"all\" or a whole number"), "{e}");
    let e = compile_err(&with("[completion]\ndiagram_steps = 99"));
    assert!(e.message.contains("the diagram has 14 steps"), "{e}");
    let e = compile_err("+++\n[completion]\ndiagram_steps = \"all\"\n+++\n# T\n");
    assert!(e.message.contains("no {diagram}"), "{e}");
    let e = compile_err(&with("[completion]\nchecks = \"all\"\npass_score = 101"));
    assert!(e.message.contains("0 to 100"), "{e}");
    let e = compile_err(&with("[completion]\npass_score = 80"));
    assert!(e.message.contains("needs `checks`"), "{e}");
    let e = compile_err(&with("[completion]\nsteps = 1"));
    assert!(e.message.contains("unknown field `steps`"), "{e}");
}

#[test]
fn frame_words_default_and_can_be_authored() {
    let doc = compile_ok("+++\n[frame]\nnew_tab = \"Nouvel onglet\"\n+++\n# T\n");
    assert_eq!(doc.frame.new_tab, "Nouvel onglet");
    assert_eq!(doc.frame.fullscreen, "Full screen", "the rest keep their defaults");
    let e = compile_err("+++\n[frame]\nclose = \"x\"\n+++\n# T\n");
    assert!(e.message.contains("`frame.close` is not a word the widgets have"), "{e}");
    assert_eq!(e.line, 3, "{e}");
}

#[test]
fn frame_words_are_still_read_under_their_older_name() {
    let doc = compile_ok("+++\n[embed]\nnew_tab = \"Nouvel onglet\"\n+++\n# T\n");
    assert_eq!(doc.frame.new_tab, "Nouvel onglet");
    let e = compile_err("+++\n[frame]\nname = \"a\"\n[embed]\nname = \"b\"\n+++\n# T\n");
    assert!(e.message.contains("[frame] and [embed] are the same words"), "{e}");
    assert_eq!(e.line, 4, "{e}");
}

#[test]
fn text_is_kept_as_text_never_markup() {
    let doc = compile_ok("# T\n\nA &lt;script&gt; tag and `<b>` code.\n");
    let Block::Paragraph(content) = &doc.blocks[1] else { panic!() };
    assert_eq!(Inline::plain_text(content), "A <script> tag and <b> code.");
}

const ONE_SCENARIO: &str = "[[scenarios]]\nid = \"a\"\nlabel = \"l\"\naddress = \"x\"\nmethod = \"GET\"\n\
    path = \"/\"\nstatus = 200\nreason = \"OK\"\npage = \"p\"\n[[scenarios.steps]]\nstage = \"address\"\n\
    title = \"t\"\ntext = \"x\"\n";

#[test]
fn a_lesson_that_writes_no_words_shows_the_built_in_ones() {
    let doc = compile_ok(&format!("# T\n\n```{{diagram}}\n{ONE_SCENARIO}```\n"));
    let Widget::Diagram(diagram) = doc.widgets()[0] else { panic!() };
    assert_eq!(diagram.labels.client, "Client");
    assert_eq!(diagram.controls.next, "Next");
    assert_eq!(doc.check_words.right, "Right!");
    assert_eq!(doc.frame.new_tab, "Open in a new tab");
}

#[test]
fn words_come_from_the_course_then_the_lesson_then_the_block() {
    let settings = Settings {
        words: Some(WordsFile {
            path: "content/w.toml".into(),
            text: "[checks]\nright = \"¡Bien!\"\n\n[diagram.labels]\nclient = \"Cliente\"\nserver = \"Servidor\"\n"
                .into(),
        }),
        ..Settings::default()
    };
    let md = format!(
        "+++\n[words.diagram.labels]\nserver = \"Servidor web\"\n[checks]\nwrong = \"No.\"\n+++\n# T\n\n\
         ```{{diagram}}\n[labels]\ndatabase = \"Base\"\n{ONE_SCENARIO}```\n"
    );
    let doc = compile("t.md", &md, &settings).unwrap_or_else(|e| panic!("{e}"));
    let Widget::Diagram(diagram) = doc.widgets()[0] else { panic!() };
    assert_eq!(diagram.labels.client, "Cliente", "the course's");
    assert_eq!(diagram.labels.server, "Servidor web", "the lesson's, over the course's");
    assert_eq!(diagram.labels.database, "Base", "the block's own");
    assert_eq!(diagram.labels.request, "request", "the built-in one, where nobody says");
    assert_eq!(doc.check_words.right, "¡Bien!");
    assert_eq!(doc.check_words.wrong, "No.");

    let mut wrong = settings.clone();
    wrong.words =
        Some(WordsFile { path: "content/w.toml".into(), text: "[checks]\n\nrigth = \"x\"\n".into() });
    let e = compile("t.md", "# T\n", &wrong).unwrap_err();
    assert_eq!((e.path.as_str(), e.line), ("content/w.toml", 3), "{e}");
    assert!(e.message.contains("`checks.rigth` is not a word"), "{e}");
    let e = compile_err("+++\ntitle = \"T\"\n[words.lab]\ntimeout_seconds = \"ten\"\n+++\n");
    assert_eq!(e.line, 4, "{e}");
    assert!(e.message.contains("`words.lab.timeout_seconds` should be a number"), "{e}");
}

#[test]
fn the_description_is_the_first_sentence_unless_the_front_matter_says() {
    let doc = compile_ok("# T\n\nFirst one. Second one.\n");
    assert_eq!(doc.description, "First one.");
    let doc = compile_ok("+++\ndescription = \"About T.\"\n+++\n# T\n\nFirst one.\n");
    assert_eq!(doc.description, "About T.");
}

#[test]
fn a_lesson_in_a_course_links_its_neighbours_and_the_course_page() {
    let settings = Settings {
        place: Some(Place {
            slug: "b".into(),
            course: "The course".into(),
            previous: Some(("a".into(), "Lesson A".into())),
            next: None,
        }),
        ..Settings::default()
    };
    let doc = compile("b.md", "# B\n", &settings).unwrap();
    let place = doc.course.expect("in a course");
    assert_eq!(place.home, "../");
    assert_eq!(
        place.previous.map(|l| (l.href.into_owned(), l.title.into_owned())),
        Some(("../a/".into(), "Lesson A".into()))
    );
    assert!(place.next.is_none());
    assert_eq!(place.words.next, "Next lesson");
    let based = Settings { course_base: Some("https://example.edu/c/b/".into()), ..settings };
    let place = compile("b.md", "# B\n", &based).unwrap().course.unwrap();
    assert_eq!(place.home, "https://example.edu/c/");
    assert_eq!(place.previous.unwrap().href, "https://example.edu/c/a/");
}

#[test]
fn a_document_travels_to_the_page_and_back_unchanged() {
    let page = crate::model::Page::Lesson(compile_ok(LESSON).for_app());
    let bytes = crate::wire::encode(&page);
    assert_eq!(crate::wire::decode(&bytes), Ok(page));
    assert_eq!(crate::wire::decode(b"RTD\x01rest"), Err(crate::wire::WireError::NotThisFormat));
    assert_eq!(crate::wire::decode(&bytes[..bytes.len() / 2]), Err(crate::wire::WireError::Damaged));
}

/// What an author reads for each kind of mistake, whole: the file's
/// `tests/golden/compile-errors.txt` is the reviewed copy.
#[test]
fn the_compilers_messages_are_the_reviewed_ones() {
    let cases: Vec<(&str, String)> = vec![
        ("no title", "just text, no heading\n".into()),
        ("an unknown front matter key", "+++\ntitel = \"x\"\n+++\n# T\n".into()),
        ("an unknown widget", "# T\n\ntext\n\n```{quiz}\nx = 1\n```\n".into()),
        ("a value of the wrong type in a check", with_check(&CHOOSE.replace("goal = 1", "goal = \"one\""))),
        ("an unknown field in a check", with_check(&CHOOSE.replace("prompt", "question"))),
        ("raw HTML", "# T\n\nsome <b>bold</b>\n".into()),
        ("a picture from elsewhere", "# T\n\n![a picture](https://example.com/p.png)\n".into()),
        ("a script link", "# T\n\n[x](javascript:alert(1))\n".into()),
        ("a link to no heading", "# T\n\n## Real\n\n[x](#not-here)\n".into()),
        ("a diagram without its parts", "# T\n\n```{diagram}\nalt = \"a\"\n```\n".into()),
        ("a pass mark above 100", "+++\n[completion]\nchecks = \"all\"\npass_score = 101\n+++\n# T\n".into()),
        (
            "a word of the wrong type",
            "+++\ntitle = \"T\"\n[words.lab]\ntimeout_seconds = \"ten\"\n+++\n".into(),
        ),
    ];
    let mut out = String::new();
    for (name, markdown) in &cases {
        out.push_str(&format!("== {name}\n{}\n\n", compile_err(markdown)));
    }
    super::golden::assert_golden("compile-errors.txt", &out);
}
