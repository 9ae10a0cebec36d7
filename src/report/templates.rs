//! Templates: the built-in ones (from `templates/`, embedded at build time) or the user's copies
//! from `--templates DIR`. Autoescaping is on for `.html`, so article text can never inject markup.

use std::path::{Path, PathBuf};

use minijinja::Environment;

use crate::error::{Error, Location, Result};
use crate::util::write_atomic;

pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("cluster.html", include_str!("../../templates/cluster.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("report.md", include_str!("../../templates/report.md")),
    (
        "worksheet.html",
        include_str!("../../templates/worksheet.html"),
    ),
    ("worksheet.md", include_str!("../../templates/worksheet.md")),
];

pub struct Templates {
    env: Environment<'static>,
    /// Where each template came from, for error messages.
    origins: Vec<(String, PathBuf)>,
}

impl Templates {
    /// The built-in templates, each replaced by the file of the same name in `dir` if present.
    pub fn load(dir: Option<&Path>) -> Result<Templates> {
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(Error::input(dir, None, "template folder not found"));
            }
        }
        let mut env = Environment::new();
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.add_filter("pct", |x: f64| format!("{:.0}%", x * 100.0));
        env.add_filter("fixed", |x: f64, digits: Option<usize>| {
            format!("{:.*}", digits.unwrap_or(2), x)
        });
        env.add_filter("md", |s: String| s.replace('|', "\\|").replace('\n', " "));
        let mut origins = Vec::new();
        for (name, builtin) in BUILTIN_TEMPLATES {
            let user = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            let (source, origin) = match &user {
                Some(path) => (
                    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?,
                    path.clone(),
                ),
                None => (
                    builtin.to_string(),
                    PathBuf::from(format!("<built-in {name}>")),
                ),
            };
            env.add_template_owned(name.to_string(), source)
                .map_err(|e| template_error(&origin, &e))?;
            origins.push((name.to_string(), origin));
        }
        Ok(Templates { env, origins })
    }

    pub fn render(&self, name: &str, context: minijinja::Value) -> Result<String> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| self.error(name, &e))?;
        template.render(context).map_err(|e| self.error(name, &e))
    }

    fn error(&self, name: &str, e: &minijinja::Error) -> Error {
        // Errors point at the template they happened in, which may be an included one.
        let failing = e.name().unwrap_or(name);
        let origin = self
            .origins
            .iter()
            .find(|(n, _)| n == failing)
            .map(|(_, p)| p.clone())
            .unwrap_or_else(|| PathBuf::from(failing));
        template_error(&origin, e)
    }
}

fn template_error(origin: &Path, e: &minijinja::Error) -> Error {
    let mut message = format!("{}", e.kind());
    if let Some(detail) = e.detail() {
        message.push_str(": ");
        message.push_str(detail);
    }
    Error::Template {
        location: Location::new(origin, e.line()),
        message,
    }
}

/// Writes the built-in templates into `dir` for the user to change; existing files are kept.
pub fn export(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (name, source) in BUILTIN_TEMPLATES {
        let path = dir.join(name);
        if path.exists() {
            continue;
        }
        write_atomic(&path, source.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
