//! Templates: the built-in ones (from `templates/`, embedded at build time) or the user's copies
//! from `--templates DIR`. Autoescaping is on for `.html` (HTML) and for `.md` (Markdown and HTML
//! at once, see `escape_markdown`), so article text can never inject markup into either.

use std::path::{Path, PathBuf};

use minijinja::Environment;

use crate::error::{Error, Location, Result};
use crate::util::write_atomic;

pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("style.css", include_str!("../../templates/style.css")),
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
            } else if name.ends_with(".md") {
                minijinja::AutoEscape::Custom(MARKDOWN.into())
            } else {
                minijinja::AutoEscape::None
            }
        });
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_formatter(format_value);
        env.add_filter("pct", |x: f64| format!("{:.0}%", x * 100.0));
        env.add_filter("fixed", |x: f64, digits: Option<usize>| {
            format!("{:.*}", digits.unwrap_or(2), x)
        });
        // Kept for templates written for earlier versions: escapes as the `.md` autoescape does,
        // and marks the result safe so that it is not escaped twice.
        env.add_filter("md", |s: String| {
            minijinja::Value::from_safe_string(escape_markdown(&s))
        });
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

    /// Renders straight into `out` (a page is never held whole in memory).
    pub fn render_to(
        &self,
        name: &str,
        context: minijinja::Value,
        out: &mut super::output::StagedFile,
    ) -> Result<()> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| self.error(name, &e))?;
        template
            .render_captured_to(context, &mut *out)
            .map_err(|e| self.error(name, &e))?;
        Ok(())
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

/// The name of the custom autoescape mode of `.md` templates.
const MARKDOWN: &str = "markdown";

/// Writes one `{{ value }}`: Markdown-escaped in `.md` templates, otherwise as minijinja does.
/// Setting a formatter turns off minijinja's own check for undefined values, so it is made here.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> std::result::Result<(), minijinja::Error> {
    if value.is_undefined() {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::UndefinedError,
            "an undefined value is printed",
        ));
    }
    let markdown =
        matches!(state.auto_escape(), minijinja::AutoEscape::Custom(name) if name == MARKDOWN);
    if !markdown {
        return minijinja::escape_formatter(out, state, value);
    }
    let text = if value.is_safe() || value.is_none() {
        value.to_string()
    } else if value.kind() == minijinja::value::ValueKind::String {
        escape_markdown(value.as_str().unwrap_or(""))
    } else {
        // Numbers and booleans need no escaping; a list or map prints its items, which may be
        // corpus text.
        escape_markdown(&value.to_string())
    };
    out.write_str(&text).map_err(minijinja::Error::from)
}

/// Escapes untrusted text for a Markdown file, as Markdown and as HTML at once:
/// - `&`, `<` and `>` become entities, so no renderer sees a tag, a comment or an autolink, and
///   an entity in the text shows as written;
/// - inline markup is backslash-escaped (emphasis, strikethrough, code spans, links and images,
///   table cells), so the text cannot open a link to `javascript:` or close a table cell;
/// - line breaks become spaces and leading blanks one space, so the value never starts a block of
///   its own, and a block marker at its front (heading, quote, list item, rule, setext underline)
///   is escaped for templates that print a value at the start of a line.
pub fn escape_markdown(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    // Leading blanks shrink to one space: enough to keep words apart where a template joins
    // values, too few to indent a code block.
    let mut out = String::with_capacity(flat.len() + 8);
    if flat.starts_with(char::is_whitespace) {
        out.push(' ');
    }
    let flat = flat.trim_start();
    let digits = flat.bytes().take_while(u8::is_ascii_digit).count();
    let after_digits = flat[digits..].chars().next();
    let numbered = digits > 0
        && matches!(after_digits, Some('.' | ')'))
        && flat[digits + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
    for (i, c) in flat.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if numbered && i == digits => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser, Tag};

    /// Renders Markdown as a GitHub-flavoured renderer would and returns what is not plain text.
    fn live_markup(markdown: &str) -> Vec<String> {
        Parser::new_ext(markdown, Options::all())
            .filter_map(|event| match event {
                Event::Html(h) | Event::InlineHtml(h) => Some(format!("html {h}")),
                Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                    Some(format!("{tag:?}"))
                }
                Event::Start(tag @ (Tag::Emphasis | Tag::Strong | Tag::Strikethrough)) => {
                    Some(format!("{tag:?}"))
                }
                Event::Code(c) => Some(format!("code {c}")),
                Event::Start(tag @ (Tag::Heading { .. } | Tag::BlockQuote(_) | Tag::List(_))) => {
                    Some(format!("{tag:?}"))
                }
                _ => None,
            })
            .collect()
    }

    fn text_of(markdown: &str) -> String {
        // Smart punctuation would turn `--` into a dash: a change of typography, not markup.
        Parser::new_ext(markdown, Options::all() - Options::ENABLE_SMART_PUNCTUATION)
            .filter_map(|event| match event {
                Event::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn hostile_text_renders_as_the_same_text_and_nothing_else() {
        for hostile in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<iframe src=javascript:alert(1)></iframe>",
            "[click](javascript:alert(1)) and ![x](http://e.vil/x.png)",
            "<http://e.vil> <!-- comment --> &lt;b&gt; *em* __strong__ ~~gone~~ `code`",
            "# Heading",
            "> quoted",
            "- item",
            "12. item",
            "===",
            "    indented code",
            "a\n<script>x</script>\n# b",
        ] {
            let escaped = escape_markdown(hostile);
            for at in [format!("{escaped}\n"), format!("| {escaped} |\n|---|\n")] {
                assert_eq!(
                    live_markup(&at),
                    Vec::<String>::new(),
                    "{hostile:?} → {at:?}"
                );
            }
            let flat = hostile.replace('\n', " ");
            assert_eq!(text_of(&escaped).trim(), flat.trim(), "{hostile:?}");
        }
    }

    #[test]
    fn spaces_between_joined_values_are_kept() {
        assert_eq!(escape_markdown(" peace and"), " peace and");
        assert_eq!(escape_markdown("    - code"), " \\- code");
    }

    #[test]
    fn ordinary_text_stays_readable() {
        assert_eq!(
            escape_markdown("U.S. says 2.5% rise, \"not a crisis\" (Reuters)"),
            "U.S. says 2.5% rise, \"not a crisis\" (Reuters)"
        );
    }

    #[test]
    fn markdown_templates_escape_without_the_filter_and_not_twice_with_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("worksheet.md"),
            "{{ sheet.title }} / {{ sheet.title|md }} / {{ answers }}",
        )
        .unwrap();
        let templates = Templates::load(Some(dir.path())).unwrap();
        let rendered = templates
            .render(
                "worksheet.md",
                minijinja::context! { sheet => minijinja::context! { title => "<b>a|b</b>" }, answers => 3 },
            )
            .unwrap();
        assert_eq!(
            rendered,
            "&lt;b&gt;a\\|b&lt;/b&gt; / &lt;b&gt;a\\|b&lt;/b&gt; / 3"
        );
        std::fs::write(dir.path().join("worksheet.md"), "{{ nothing }}").unwrap();
        let templates = Templates::load(Some(dir.path())).unwrap();
        assert!(templates
            .render("worksheet.md", minijinja::context! {})
            .is_err());
    }
}
