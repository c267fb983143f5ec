//! Where things are: the workspace root and the paths derived from it, the
//! `cargo` that runs us, and the course file with its lessons.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{scorm, Failure, Result};

pub(crate) struct Workspace {
    pub(crate) root: PathBuf,
    /// The `cargo` that runs us (so rustup's toolchain choice carries over).
    pub(crate) cargo: OsString,
}

impl Workspace {
    pub(crate) fn locate() -> Result<Self> {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root =
            manifest_dir.parent().ok_or_else(|| Failure::new("xtask has no parent directory"))?.to_path_buf();
        let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Ok(Workspace { root, cargo })
    }

    pub(crate) fn node_dir(&self) -> PathBuf {
        self.root.join("xtask").join("node")
    }

    pub(crate) fn node_bin(&self) -> PathBuf {
        self.node_dir().join("node_modules").join(".bin")
    }

    pub(crate) fn axe_js(&self) -> PathBuf {
        self.node_dir().join("node_modules").join("axe-core").join("axe.min.js")
    }

    /// scorm-again's browser bundle: `window.Scorm12API` and `window.Scorm2004API`.
    pub(crate) fn ralph_venv(&self) -> PathBuf {
        self.root.join("target").join("ralph")
    }

    /// Ralph's command, in its virtual environment.
    pub(crate) fn ralph(&self) -> PathBuf {
        self.ralph_venv().join("bin").join("ralph")
    }

    pub(crate) fn scorm_again_js(&self) -> PathBuf {
        self.node_dir().join("node_modules").join("scorm-again").join("dist").join("scorm-again.min.js")
    }

    /// Where the course is built: `ROUNDTRIP_DIST_DIR` (relative to the
    /// workspace root, or absolute), or `dist/`.
    pub(crate) fn dist(&self) -> PathBuf {
        let named = env::var_os("ROUNDTRIP_DIST_DIR").filter(|v| !v.is_empty()).map(PathBuf::from);
        self.root.join(named.unwrap_or_else(|| "dist".into()))
    }

    /// The course file: `ROUNDTRIP_COURSE` (relative to the workspace root,
    /// or absolute), or `content/course.toml`.
    pub(crate) fn course_file(&self) -> PathBuf {
        let named = env::var_os("ROUNDTRIP_COURSE").map(PathBuf::from);
        self.root.join(named.unwrap_or_else(|| roundtrip_document::course::DEFAULT_COURSE.into()))
    }

    pub(crate) fn course(&self) -> Result<Course> {
        let path = self.course_file();
        let text = fs::read_to_string(&path)
            .map_err(|e| Failure::new(format!("cannot read the course {}: {e}", path.display())))?;
        let course = roundtrip_document::course::read(&path.display().to_string(), &text)
            .map_err(|e| Failure::new(e.to_string()))?;
        Ok(Course { folder: path.parent().map(Path::to_path_buf).unwrap_or_default(), course })
    }

    /// Where Trunk builds the app (the wasm and its script), before the
    /// prerender step puts it into dist/app/.
    pub(crate) fn app_build(&self) -> PathBuf {
        self.root.join("target").join("app")
    }

    /// The prerender step's arguments: the course, the app, dist/.
    pub(crate) fn prerender_args(&self) -> Vec<OsString> {
        vec![
            "--course".into(),
            self.course_file().into(),
            "--app".into(),
            self.app_build().into(),
            "--dist".into(),
            self.dist().into(),
        ]
    }

    /// Where `cargo xtask dist` puts the packages.
    pub(crate) fn packages(&self) -> PathBuf {
        self.root.join("target").join("dist")
    }

    pub(crate) fn scorm_zip(&self, slug: &str, edition: scorm::Edition) -> PathBuf {
        self.packages().join(format!("{slug}-{}.zip", edition.name()))
    }

    pub(crate) fn cmi5_zip(&self, slug: &str) -> PathBuf {
        self.packages().join(format!("{slug}-cmi5.zip"))
    }

    pub(crate) fn scorm_schemas(&self, edition: scorm::Edition) -> PathBuf {
        self.root.join("target").join("scorm-schemas").join(edition.name())
    }

    pub(crate) fn cargo(&self) -> Command {
        let mut cmd = Command::new(&self.cargo);
        cmd.current_dir(&self.root);
        cmd
    }

    /// `cargo install …`, run outside the workspace so that none of its
    /// `.cargo/config.toml` settings apply to building the tools.
    pub(crate) fn cargo_install(&self, krate: &str, version: &str, locked: bool) -> Command {
        let mut cmd = Command::new(&self.cargo);
        cmd.current_dir(env::temp_dir()).args(["install", krate, "--version", version]);
        if locked {
            cmd.arg("--locked");
        }
        cmd
    }
}

/// The course file, where it is, and what it says.
pub(crate) struct Course {
    pub(crate) folder: PathBuf,
    pub(crate) course: roundtrip_document::course::Course,
}

impl Course {
    pub(crate) fn lesson_path(&self, lesson: &roundtrip_document::course::CourseLesson) -> PathBuf {
        self.folder.join(&lesson.file)
    }

    /// One lesson compiled (for its title and pass mark in a package's
    /// manifest), with the course's words, its errors naming the file and line.
    pub(crate) fn compile(
        &self,
        lesson: &roundtrip_document::course::CourseLesson,
    ) -> Result<roundtrip_document::Document> {
        let read = |path: &Path| {
            fs::read_to_string(path).map_err(|e| Failure::new(format!("cannot read {}: {e}", path.display())))
        };
        let path = self.lesson_path(lesson);
        let words = match &self.course.words {
            Some(name) => {
                let path = self.folder.join(name);
                Some(roundtrip_document::compile::WordsFile {
                    path: path.display().to_string(),
                    text: read(&path)?,
                })
            }
            None => None,
        };
        let settings = roundtrip_document::compile::Settings { words, ..Default::default() };
        roundtrip_document::compile::compile(&path.display().to_string(), &read(&path)?, &settings)
            .map_err(|e| Failure::new(e.to_string()))
    }
}
