//! One reader per input format. Each turns a decoded file into `RawArticle`s (not yet
//! normalised) and warnings; none of them panics on bad input.

use std::collections::BTreeMap;

use crate::model::{Origin, Warning};

/// Metadata fields as the input gave them, before validation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GivenMeta {
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
}

impl GivenMeta {}

/// An article as read, before normalisation.
#[derive(Debug, Clone, Default)]
pub struct RawArticle {
    /// File path, with `:LINE` for a record of a multi-article file (the line it starts on).
    pub source: String,
    /// Path of the file relative to the corpus root, used to match the manifest.
    pub relative_path: String,
    /// 1-based line where the article starts in its file.
    pub line: usize,
    pub given_id: Option<String>,
    pub title: Option<String>,
    /// Body text; each non-empty line becomes a paragraph.
    pub body: String,
    /// Where the body's lines sit in the file, so that a problem found later in a paragraph
    /// (an unbalanced quotation mark) can name the file line.
    pub body_lines: BodyLines,
    /// Metadata the file itself gave (front matter, record fields, page metadata).
    pub meta: GivenMeta,
    pub meta_origin: Option<Origin>,
    /// File line of the front matter's `date`, when it has one.
    pub date_line: Option<usize>,
    /// Metadata from `manifest.csv`, which wins over the file's own.
    pub manifest: Option<GivenMeta>,
}

/// The file line of each line of a `RawArticle`'s body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum BodyLines {
    /// Body line `i` (0-based) is file line `n + i`: plain text and front-matter bodies.
    From(usize),
    /// The file line of each body line: Markdown, whose blocks are re-joined one per line.
    Each(Vec<usize>),
    /// No line of the file: a record (its source names the record's line) or an extracted page.
    #[default]
    Unknown,
}

impl BodyLines {
    /// The file line of body line `index`, if known.
    pub fn line(&self, index: usize) -> Option<usize> {
        match self {
            BodyLines::From(first) => Some(first + index),
            BodyLines::Each(lines) => lines.get(index).copied(),
            BodyLines::Unknown => None,
        }
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Converts a front-matter or record value to a string ("2024-05-02", 2024 → "2024").
fn value_to_string(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn meta_from_map(
    map: &BTreeMap<String, serde_json::Value>,
) -> (GivenMeta, Option<String>, Option<String>) {
    let get = |key: &str| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| value_to_string(v))
    };
    let meta = GivenMeta {
        outlet: non_empty(
            get("outlet")
                .or_else(|| get("source"))
                .or_else(|| get("publisher")),
        ),
        date: non_empty(get("date").or_else(|| get("published"))),
        url: non_empty(get("url")),
        lang: non_empty(get("lang").or_else(|| get("language"))),
    };
    (meta, non_empty(get("title")), non_empty(get("id")))
}

/// Metadata, title and id named by front matter.
/// Metadata, title, id, and the file line of the `date` key (where a bad date is reported).
type FrontMatter = (GivenMeta, Option<String>, Option<String>, Option<usize>);

/// Splits YAML (`---`) or TOML (`+++`) front matter off the top of a text file.
/// Returns the metadata, the title and id it names, the body, and the body's first line number.
fn split_front_matter(
    path: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> (Option<FrontMatter>, String, usize) {
    let trimmed = text.trim_start_matches('\u{feff}');
    let fence = if trimmed.starts_with("---") {
        "---"
    } else if trimmed.starts_with("+++") {
        "+++"
    } else {
        return (None, trimmed.to_string(), 1);
    };
    let first_line_end = trimmed.find('\n').unwrap_or(trimmed.len());
    if trimmed[..first_line_end].trim() != fence {
        return (None, trimmed.to_string(), 1);
    }
    let rest = &trimmed[(first_line_end + 1).min(trimmed.len())..];
    let mut offset = 0;
    let mut close = None;
    for (i, line) in rest.split('\n').enumerate() {
        if line.trim_end() == fence {
            close = Some((offset, offset + line.len(), i));
            break;
        }
        offset += line.len() + 1;
    }
    let Some((block_end, fence_end, fence_index)) = close else {
        warnings.push(Warning::new(
            path,
            Some(1),
            format!(
                "front matter opened with `{fence}` is never closed; read the file as plain text"
            ),
        ));
        return (None, trimmed.to_string(), 1);
    };
    let block = &rest[..block_end];
    let body = rest[(fence_end + 1).min(rest.len())..].to_string();
    let body_line = fence_index + 3;
    let parsed: Result<BTreeMap<String, serde_json::Value>, (Option<usize>, String)> =
        if fence == "---" {
            // The error's line counts from the block's first line, which is the file's second.
            serde_saphyr::from_str(block).map_err(|e| {
                let line = e.location().map(|l| l.line() as usize + 1);
                // The message starts with the block's own line ("error: line 2 column 5: …"),
                // which would contradict the file's line given before it; keep the column.
                let message = e.to_string();
                let message = match message.strip_prefix("error: line ") {
                    Some(rest) if line.is_some() => rest
                        .split_once(' ')
                        .map(|(_, rest)| rest.to_string())
                        .unwrap_or(message.clone()),
                    _ => message.clone(),
                };
                (line, message)
            })
        } else {
            toml::from_str::<BTreeMap<String, serde_json::Value>>(block).map_err(|e| {
                let line = e
                    .span()
                    .map(|s| block[..s.start].lines().count().max(1) + 1);
                (line, e.message().to_string())
            })
        };
    match parsed {
        Ok(map) => {
            let (meta, title, id) = meta_from_map(&map);
            // The block starts on the file's second line.
            let date_line = block
                .split('\n')
                .position(|l| {
                    let l = l.trim_start();
                    l.strip_prefix("date")
                        .is_some_and(|rest| rest.trim_start().starts_with([':', '=']))
                })
                .map(|i| i + 2);
            (Some((meta, title, id, date_line)), body, body_line)
        }
        Err((line, message)) => {
            let first = message.lines().next().unwrap_or("").to_string();
            warnings.push(Warning::new(
                path,
                line.or(Some(2)),
                format!("broken front matter ({first}); its metadata is ignored"),
            ));
            (None, body, body_line)
        }
    }
}

/// Plain text: the first non-empty line is the headline, every further non-empty line a paragraph.
pub fn read_text(
    path: &str,
    relative: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<RawArticle> {
    let (front, body, body_line) = split_front_matter(path, text, warnings);
    let (meta, fm_title, fm_id, origin, date_line) = match front {
        Some((meta, title, id, date_line)) => {
            (meta, title, id, Some(Origin::FrontMatter), date_line)
        }
        None => (GivenMeta::default(), None, None, None, None),
    };
    // `rest` keeps the newline that ends the headline, so its line 0 is the headline's line.
    let (title, rest, title_line) = if fm_title.is_some() {
        (fm_title, body, body_line)
    } else {
        let mut offset = 0;
        let mut found = None;
        for (i, line) in body.split('\n').enumerate() {
            if !line.trim().is_empty() {
                found = Some((line.trim().to_string(), offset + line.len(), body_line + i));
                break;
            }
            offset += line.len() + 1;
        }
        match found {
            Some((title, end, line)) => (Some(title), body[end..].to_string(), line),
            None => (None, String::new(), body_line),
        }
    };
    vec![RawArticle {
        source: path.to_string(),
        relative_path: relative.to_string(),
        line: title_line,
        given_id: fm_id,
        title,
        body: rest,
        body_lines: BodyLines::From(title_line),
        meta,
        meta_origin: origin,
        date_line,
        manifest: None,
    }]
}

/// Markdown: front matter as for text; the first heading (or first line) is the headline; the
/// rest is rendered to plain paragraphs by a real Markdown parser.
pub fn read_markdown(
    path: &str,
    relative: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<RawArticle> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let (front, body, body_line) = split_front_matter(path, text, warnings);
    let (meta, fm_title, fm_id, origin, date_line) = match front {
        Some((meta, title, id, date_line)) => {
            (meta, title, id, Some(Origin::FrontMatter), date_line)
        }
        None => (GivenMeta::default(), None, None, None, None),
    };
    // Byte offsets where each line of `body` starts, to give every block its file line.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| body_line + line_starts.partition_point(|&s| s <= offset) - 1;
    let mut blocks: Vec<(bool, String, usize)> = Vec::new(); // (is heading, text, file line)
    let mut current = String::new();
    let mut current_line = body_line;
    let mut in_heading = false;
    for (event, range) in Parser::new(&body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::Text(t) | Event::Code(t) => {
                if current.trim().is_empty() {
                    current_line = line_of(range.start);
                }
                current.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::CodeBlock)
            | Event::End(TagEnd::Item) => {
                let text = std::mem::take(&mut current);
                if !text.trim().is_empty() {
                    // A code block keeps its line breaks: one entry per line keeps the lines aligned.
                    for (k, part) in text.trim().split('\n').enumerate() {
                        blocks.push((in_heading, part.to_string(), current_line + k));
                    }
                }
                in_heading = false;
            }
            _ => {}
        }
    }
    if !current.trim().is_empty() {
        for (k, part) in current.trim().split('\n').enumerate() {
            blocks.push((false, part.to_string(), current_line + k));
        }
    }
    let title = fm_title.or_else(|| {
        let index = blocks.iter().position(|(h, _, _)| *h).unwrap_or(0);
        (index < blocks.len()).then(|| blocks.remove(index).1)
    });
    let (texts, lines): (Vec<String>, Vec<usize>) = blocks
        .into_iter()
        .map(|(_, text, line)| (text, line))
        .unzip();
    vec![RawArticle {
        source: path.to_string(),
        relative_path: relative.to_string(),
        line: body_line,
        given_id: fm_id,
        title,
        body: texts.join("\n"),
        body_lines: BodyLines::Each(lines),
        meta,
        meta_origin: origin,
        date_line,
        manifest: None,
    }]
}

/// A saved web page: the main article is extracted by a Readability port; navigation, scripts,
/// styles and comments are dropped with the rest of the page chrome.
pub fn read_html(
    path: &str,
    relative: &str,
    html: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<RawArticle> {
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let parsed =
        dom_smoothie::Readability::new(html, None, Some(config)).and_then(|mut r| r.parse());
    let article = match parsed {
        Ok(article) => article,
        Err(e) => {
            warnings.push(Warning::new(
                path,
                None,
                format!("no article text found in the page ({e}); skipped"),
            ));
            return Vec::new();
        }
    };
    let date = article
        .published_time
        .as_deref()
        .map(|t| t.chars().take(10).collect::<String>());
    vec![RawArticle {
        source: path.to_string(),
        relative_path: relative.to_string(),
        line: 1,
        given_id: None,
        title: non_empty(Some(article.title.clone())),
        body: article.text_content.to_string(),
        body_lines: BodyLines::Unknown,
        meta: GivenMeta {
            outlet: non_empty(article.site_name.clone()),
            date: non_empty(date),
            url: non_empty(article.url.clone()),
            lang: non_empty(article.lang.clone()),
        },
        meta_origin: Some(Origin::Record),
        date_line: None,
        manifest: None,
    }]
}

/// One record of a JSON Lines or CSV corpus. Fields other than these are ignored.
#[derive(Debug, Default)]
pub struct Record {
    pub id: Option<String>,
    pub title: Option<String>,
    pub text: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
}

impl Record {
    /// A JSON Lines record: an object whose known fields are strings (or null; the id and the
    /// date may be numbers, as `"id": 17` or `"date": 2024`). Anything else is refused with the
    /// reason, so that `[1,2,3]` or `{"title": ["a"], "text": 5}` never becomes an article.
    fn from_json(value: serde_json::Value) -> Result<Record, String> {
        let serde_json::Value::Object(map) = value else {
            return Err(format!(
                "a JSON {}, not an object with `title` and `text`",
                json_kind(&value)
            ));
        };
        let field = |name: &str, numbers: bool| -> Result<Option<String>, String> {
            match map.get(name) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
                Some(serde_json::Value::Number(n)) if numbers => Ok(Some(n.to_string())),
                Some(other) => Err(format!(
                    "field `{name}` is a JSON {}, not a string",
                    json_kind(other)
                )),
            }
        };
        let record = Record {
            id: field("id", true)?,
            title: field("title", false)?,
            text: field("text", false)?,
            outlet: field("outlet", false)?,
            date: field("date", true)?,
            url: field("url", false)?,
            lang: field("lang", false)?,
        };
        if record.title.is_none() && record.text.is_none() {
            return Err("neither `title` nor `text` is given".into());
        }
        Ok(record)
    }
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

fn record_to_raw(path: &str, relative: &str, line: usize, record: Record) -> RawArticle {
    RawArticle {
        source: format!("{path}:{line}"),
        relative_path: relative.to_string(),
        line,
        given_id: non_empty(record.id),
        title: non_empty(record.title),
        body: record.text.unwrap_or_default(),
        body_lines: BodyLines::Unknown,
        meta: GivenMeta {
            outlet: non_empty(record.outlet),
            date: non_empty(record.date),
            url: non_empty(record.url),
            lang: non_empty(record.lang),
        },
        meta_origin: Some(Origin::Record),
        date_line: None,
        manifest: None,
    }
}

/// Records read before they are handed on: large enough to keep every core busy, small enough
/// that a big corpus never holds its raw records and its built articles at once.
const JSONL_BATCH: usize = 2048;

/// JSON Lines, read a line at a time so that corpora larger than memory-friendly files stream,
/// and handed to `on_batch` a few thousand records at a time. A line longer than
/// `max_line_bytes`, or not valid UTF-8 or JSON, is skipped with a warning.
pub fn read_jsonl_batches(
    path: &str,
    relative: &str,
    reader: impl std::io::BufRead,
    max_line_bytes: u64,
    warnings: &mut Vec<Warning>,
    on_batch: &mut dyn FnMut(Vec<RawArticle>),
) {
    let mut out = Vec::new();
    let mut reader = reader;
    let mut buffer = Vec::new();
    let mut number = 0;
    loop {
        buffer.clear();
        match reader.read_until(b'\n', &mut buffer) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                warnings.push(Warning::new(
                    path,
                    Some(number + 1),
                    format!("read error: {e}"),
                ));
                break;
            }
        }
        number += 1;
        if buffer.len() as u64 > max_line_bytes {
            warnings.push(Warning::new(
                path,
                Some(number),
                format!(
                    "record is {:.1} MB, over the limit (raise it with --max-file-mb); skipped",
                    buffer.len() as f64 / 1e6
                ),
            ));
            continue;
        }
        let line = match std::str::from_utf8(&buffer) {
            Ok(line) => line,
            Err(_) => {
                warnings.push(Warning::new(
                    path,
                    Some(number),
                    "invalid UTF-8; record skipped",
                ));
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str::<serde_json::Value>(line)
            .map_err(|e| format!("not JSON ({e})"))
            .and_then(Record::from_json);
        match record {
            Ok(record) => {
                out.push(record_to_raw(path, relative, number, record));
                if out.len() == JSONL_BATCH {
                    on_batch(std::mem::take(&mut out));
                }
            }
            Err(problem) => warnings.push(Warning::new(
                path,
                Some(number),
                format!("not an article record: {problem}; skipped"),
            )),
        }
    }
    if !out.is_empty() {
        on_batch(out);
    }
}

pub fn read_csv(
    path: &str,
    relative: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<RawArticle> {
    // Not flexible: a row with more or fewer cells than the header is a mistake (a stray comma,
    // a cell that should have been quoted), warned about and skipped.
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect::<Vec<_>>(),
        Err(e) => {
            warnings.push(Warning::new(
                path,
                Some(1),
                format!("unreadable CSV header ({e}); skipped"),
            ));
            return Vec::new();
        }
    };
    if !headers.iter().any(|h| h == "text" || h == "title") {
        warnings.push(Warning::new(
            path,
            Some(1),
            "CSV has neither a `text` nor a `title` column; skipped",
        ));
        return Vec::new();
    }
    // A quote that is never closed makes the rest of the file one cell; the parser takes that
    // silently, but it leaves an odd number of quote marks (quoting doubles every mark inside).
    let unclosed = text.bytes().filter(|&b| b == b'"').count() % 2 == 1;
    let mut rows = 0;
    let mut last_start = None;
    let mut out = Vec::new();
    for row in reader.records() {
        rows += 1;
        match row {
            Ok(row) => {
                let line = row.position().map(|p| p.line() as usize).unwrap_or(0);
                let multiline = row.iter().any(|cell| cell.contains('\n'));
                last_start = Some((line, out.len(), multiline));
                let field = |name: &str| {
                    headers
                        .iter()
                        .position(|h| h == name)
                        .and_then(|i| row.get(i))
                        .map(str::to_string)
                };
                let record = Record {
                    id: field("id"),
                    title: field("title"),
                    text: field("text"),
                    outlet: field("outlet"),
                    date: field("date"),
                    url: field("url"),
                    lang: field("lang"),
                };
                out.push(record_to_raw(path, relative, line, record));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                warnings.push(Warning::new(
                    path,
                    line,
                    format!("unreadable CSV row ({e}); skipped"),
                ));
                last_start = None;
            }
        }
    }
    if rows == 0 {
        warnings.push(Warning::new(
            path,
            Some(1),
            "CSV has a header row but no article rows",
        ));
    }
    // The swallowing row is the last one read, and runs over several lines; it is dropped
    // rather than taken as one giant article made of the rows after it. (A stray mark inside an
    // unquoted cell, `5" screen`, also makes the count odd, but not a last row of many lines.)
    if let Some((line, index, true)) = last_start.filter(|_| unclosed) {
        out.truncate(index);
        warnings.push(Warning::new(
            path,
            Some(line),
            "a quote opened in this row is never closed, so the rest of the file would be one cell; row skipped",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_and_headline() {
        let mut w = Vec::new();
        let got = read_text(
            "a.txt",
            "a.txt",
            "---\noutlet: Reuters\ndate: 2024-05-02\n---\nHeadline here\n\nBody one.\nBody two.\n",
            &mut w,
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(got[0].title.as_deref(), Some("Headline here"));
        assert_eq!(got[0].meta.outlet.as_deref(), Some("Reuters"));
        assert_eq!(got[0].meta.date.as_deref(), Some("2024-05-02"));
        assert_eq!(got[0].line, 5);
    }

    #[test]
    fn toml_front_matter() {
        let mut w = Vec::new();
        let got = read_text(
            "a.md",
            "a.md",
            "+++\noutlet = \"TASS\"\ntitle = \"T\"\n+++\nBody.\n",
            &mut w,
        );
        assert!(w.is_empty());
        assert_eq!(got[0].title.as_deref(), Some("T"));
        assert_eq!(got[0].meta.outlet.as_deref(), Some("TASS"));
    }

    #[test]
    fn broken_front_matter_warns_and_keeps_the_text() {
        let mut w = Vec::new();
        let got = read_text(
            "b.txt",
            "b.txt",
            "---\noutlet: [unclosed\n---\nHeadline\nBody.\n",
            &mut w,
        );
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("broken front matter"));
        assert_eq!(got[0].title.as_deref(), Some("Headline"));
    }

    /// The file line of the body line that contains `words`.
    fn file_line_of(raw: &RawArticle, words: &str) -> Option<usize> {
        let index = raw.body.split('\n').position(|l| l.contains(words))?;
        raw.body_lines.line(index)
    }

    #[test]
    fn body_lines_name_their_file_lines() {
        let mut w = Vec::new();
        let text = "---\noutlet: Reuters\n---\n\nHeadline\n\nFirst.\n\n\nThird \"unclosed.\n";
        let got = &read_text("a.txt", "a.txt", text, &mut w)[0];
        assert_eq!(file_line_of(got, "First."), Some(7));
        assert_eq!(file_line_of(got, "Third"), Some(10));
        let markdown = "---\ntitle: T\n---\n\n# Head\n\nOne\nwrapped line.\n\n```\ncode\nmore\n```\n\n- item\n";
        let got = &read_markdown("b.md", "b.md", markdown, &mut w)[0];
        assert_eq!(file_line_of(got, "One wrapped"), Some(7));
        assert_eq!(file_line_of(got, "more"), Some(12));
        assert_eq!(file_line_of(got, "item"), Some(15), "{:?}", got.body);
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn unclosed_front_matter_is_plain_text() {
        let mut w = Vec::new();
        let got = read_text("c.txt", "c.txt", "---\noutlet: x\nHeadline\n", &mut w);
        assert_eq!(w.len(), 1);
        assert_eq!(got[0].title.as_deref(), Some("---"));
    }

    #[test]
    fn jsonl_bad_line_is_a_warning_with_its_line() {
        let mut w = Vec::new();
        let mut got = Vec::new();
        read_jsonl_batches(
            "x.jsonl",
            "x.jsonl",
            "{\"id\":\"a\",\"title\":\"T\",\"text\":\"B\"}\n{oops\n".as_bytes(),
            1_000_000,
            &mut w,
            &mut |batch| got.extend(batch),
        );
        assert_eq!(got.len(), 1);
        assert_eq!(w[0].line, Some(2));
    }

    #[test]
    fn jsonl_arrives_in_batches_numbered_across_them() {
        let lines: String = (0..5000)
            .map(|i| format!("{{\"id\":\"a{i}\",\"title\":\"T{i}\",\"text\":\"Body {i}.\"}}\n"))
            .collect();
        let mut sizes = Vec::new();
        let mut last = None;
        let mut w = Vec::new();
        read_jsonl_batches(
            "x.jsonl",
            "x.jsonl",
            lines.as_bytes(),
            1_000_000,
            &mut w,
            &mut |batch| {
                sizes.push(batch.len());
                last = batch.last().map(|raw| raw.title.clone());
            },
        );
        assert_eq!(
            sizes,
            vec![JSONL_BATCH, JSONL_BATCH, 5000 - 2 * JSONL_BATCH]
        );
        assert_eq!(last.flatten().as_deref(), Some("T4999"));
        assert!(w.is_empty());
    }

    #[test]
    fn csv_records() {
        let mut w = Vec::new();
        let got = read_csv(
            "x.csv",
            "x.csv",
            "id,title,text,outlet\n1,T,\"Body, with comma\",AP\n",
            &mut w,
        );
        assert!(w.is_empty());
        assert_eq!(got[0].body, "Body, with comma");
        assert_eq!(got[0].meta.outlet.as_deref(), Some("AP"));
    }

    #[test]
    fn markdown_headline_and_paragraphs() {
        let mut w = Vec::new();
        let got = read_markdown(
            "m.md",
            "m.md",
            "# The headline\n\nFirst *para*.\n\nSecond.\n",
            &mut w,
        );
        assert_eq!(got[0].title.as_deref(), Some("The headline"));
        assert_eq!(got[0].body, "First para.\nSecond.");
    }
}
