//! `cargo xtask package`: each built lesson's SCORM and cmi5 packages, their
//! manifests checked against the schemas (the writing is in `scorm.rs` and
//! `cmi5.rs`).
//! Each package holds the lesson's folder and the app's (`app/`), as they
//! stand in the built course, so it needs nothing from outside.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run::run_cmd;
use crate::scorm::Package as _;
use crate::setup::Tools;
use crate::workspace::Workspace;
use crate::{cmi5, precompress, scorm, Failure, Result};

/// The SCORM packages (1.2 and 2004) of each built lesson: for each, writes
/// and checks the manifest, then the zip. Returns the zips' paths.
pub(crate) fn package(ws: &Workspace, tools: &Tools) -> Result<Vec<PathBuf>> {
    let course = ws.course()?;
    let mut zips = Vec::new();
    for lesson in &course.course.lessons {
        let document = course.compile(lesson)?;
        let about = scorm::Lesson {
            id: lesson.slug.clone(),
            title: document.title.to_string(),
            lang: document.lang.to_string(),
            mastery_score: document.completion.pass_score,
        };
        zips.extend(package_lesson(ws, tools, &about, &ws.dist())?);
        zips.push(package_cmi5(ws, tools, &about, &document.description, &ws.dist())?);
    }
    Ok(zips)
}

/// The lesson's files in the built course: its folder and the app's.
fn lesson_files(lesson: &scorm::Lesson, dist: &Path) -> Result<(Vec<String>, String)> {
    let mut files = Vec::new();
    for folder in [lesson.id.as_str(), "app"] {
        let under = scorm::files_under(&dist.join(folder)).map_err(Failure::new)?;
        files.extend(
            under
                .into_iter()
                .filter(|file| !precompress::is_copy(file))
                .map(|file| format!("{folder}/{file}")),
        );
    }
    let launch = format!("{}/index.html", lesson.id);
    if !files.contains(&launch) {
        return Err(Failure::new(format!("{} has no {launch}: build first", dist.display())));
    }
    Ok((files, launch))
}

/// The lesson's cmi5 package: `cmi5.xml`, checked against the
/// specification's schema, then the lesson's files. Returns the zip's path.
fn package_cmi5(
    ws: &Workspace,
    tools: &Tools,
    lesson: &scorm::Lesson,
    description: &str,
    dist: &Path,
) -> Result<PathBuf> {
    let (files, launch) = lesson_files(lesson, dist)?;
    let structure = cmi5::course_structure(lesson, description, &launch);
    let out = ws.packages().join(&lesson.id).join("cmi5");
    fs::create_dir_all(&out).map_err(|e| Failure::new(format!("cannot create {}: {e}", out.display())))?;
    let path = out.join("cmi5.xml");
    fs::write(&path, &structure)
        .map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))?;
    let schema = ws.root.join("xtask").join("schemas").join("cmi5").join("CourseStructure.xsd");
    let mut check = Command::new(&tools.xmllint);
    check.args(["--noout", "--nonet", "--schema"]).arg(&schema).arg(&path);
    run_cmd(&mut check)
        .map_err(|f| Failure::new(format!("the {} cmi5.xml is not valid: {}", lesson.id, f.message)))?;
    let zip = ws.cmi5_zip(&lesson.id);
    scorm::write_zip(&zip, ("cmi5.xml", &structure), (&out, &[]), dist, &files).map_err(Failure::new)?;
    eprintln!("xtask: cmi5 package {} ({} files)", zip.display(), files.len() + 1);
    Ok(zip)
}

fn package_lesson(
    ws: &Workspace,
    tools: &Tools,
    lesson: &scorm::Lesson,
    dist: &Path,
) -> Result<Vec<PathBuf>> {
    let (files, launch) = lesson_files(lesson, dist)?;
    let mut zips = Vec::new();
    for edition in scorm::Edition::ALL {
        let manifest = scorm::manifest(edition, lesson, &files, &launch);
        let out = ws.packages().join(&lesson.id).join(edition.name());
        fs::create_dir_all(&out)
            .map_err(|e| Failure::new(format!("cannot create {}: {e}", out.display())))?;
        let manifest_path = out.join("imsmanifest.xml");
        fs::write(&manifest_path, &manifest)
            .map_err(|e| Failure::new(format!("cannot write {}: {e}", manifest_path.display())))?;
        let schemas = ws.scorm_schemas(edition);
        let all = scorm::all_schemas(edition, &schemas).map_err(Failure::new)?;
        let mut check = Command::new(&tools.xmllint);
        check.args(["--noout", "--nonet", "--schema"]).arg(&all).arg(&manifest_path);
        run_cmd(&mut check).map_err(|f| {
            Failure::new(format!("the {} {} manifest is not valid: {}", lesson.id, edition.name(), f.message))
        })?;
        let zip = ws.scorm_zip(&lesson.id, edition);
        scorm::write_zip(&zip, ("imsmanifest.xml", &manifest), (&schemas, edition.schemas()), dist, &files)
            .map_err(Failure::new)?;
        eprintln!(
            "xtask: {} package {} ({} files)",
            edition.name(),
            zip.display(),
            files.len() + 1 + edition.schemas().len()
        );
        zips.push(zip);
    }
    Ok(zips)
}
