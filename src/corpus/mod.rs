//! Ingest: read a folder or a file of articles in any supported format, normalise them, and
//! attach metadata with its provenance (manifest, front matter, record, or inferred from text).

mod formats;
mod manifest;
mod normalize;
pub mod outlets;
pub mod residue;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Article, Warning};
pub use formats::{GivenMeta, RawArticle};
pub use manifest::MANIFEST_NAME;
pub use outlets::{Outlet, OutletRegistry};
pub use residue::ResidueRules;

/// Everything ingest produced: the articles (sorted by id) and the problems it met.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Corpus {
    pub root: String,
    pub articles: Vec<Article>,
    pub warnings: Vec<Warning>,
}

/// What ingest needs besides the files.
pub struct IngestOptions<'a> {
    pub outlets: &'a OutletRegistry,
    pub residue: &'a ResidueRules,
    /// Files larger than this are skipped with a warning.
    pub max_file_bytes: u64,
    /// Folders never read as input (the output folder, when it sits inside the corpus).
    pub exclude: Vec<PathBuf>,
}

const TEXT_EXTENSIONS: &[&str] = &["txt", "text"];
const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown"];
const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xhtml"];

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase()
}

/// Lists the files below `root` in a stable order, skipping hidden entries. Symbolic links are
/// followed; a link to a folder already being read (a loop, or a second way into one folder) and
/// a link to nothing are skipped with a warning.
fn list_files(
    root: &Path,
    exclude: &[PathBuf],
    out: &mut Vec<PathBuf>,
    warnings: &mut Vec<Warning>,
) {
    let mut visited = BTreeSet::new();
    if let Ok(canonical) = std::fs::canonicalize(root) {
        visited.insert(canonical);
    }
    list_folder(root, exclude, &mut visited, out, warnings);
}

fn list_folder(
    root: &Path,
    exclude: &[PathBuf],
    visited: &mut BTreeSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    warnings: &mut Vec<Warning>,
) {
    if crate::util::holds_parallax_report(root) {
        warnings.push(Warning::new(
            root.display().to_string(),
            None,
            "folder holds a Parallax report (its output, not articles); skipped",
        ));
        return;
    }
    let entries = match std::fs::read_dir(root) {
        Ok(entries) => entries,
        Err(e) => {
            warnings.push(Warning::new(
                root.display().to_string(),
                None,
                format!("cannot read folder: {e}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        let Ok(link_meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let is_link = link_meta.file_type().is_symlink();
        let Ok(meta) = std::fs::metadata(&path) else {
            warnings.push(Warning::new(
                path.display().to_string(),
                None,
                "symbolic link to nothing (or to a loop of links); skipped",
            ));
            continue;
        };
        if meta.is_dir() {
            let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if exclude.contains(&canonical) {
                continue;
            }
            // Each folder is read once: a link back up is a loop, a second way in a duplicate.
            if !visited.insert(canonical.clone()) {
                let what = if is_link {
                    "symbolic link to"
                } else {
                    "folder"
                };
                warnings.push(Warning::new(
                    path.display().to_string(),
                    None,
                    format!(
                        "{what} {}, a folder read already (a loop or a second way in); skipped",
                        canonical.display()
                    ),
                ));
                continue;
            }
            list_folder(&path, exclude, visited, out, warnings);
        } else if meta.is_file() {
            out.push(path);
        }
    }
}

/// Reads a file's text, refusing what is not text: too large, empty, binary. Invalid UTF-8 is
/// decoded lossily with a warning that names the first bad line.
fn read_text_file(
    path: &Path,
    display: &str,
    max_bytes: u64,
    warnings: &mut Vec<Warning>,
) -> Option<String> {
    let size = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) => {
            warnings.push(Warning::new(
                display,
                None,
                format!("cannot read file: {e}"),
            ));
            return None;
        }
    };
    if size > max_bytes {
        warnings.push(Warning::new(
            display,
            None,
            format!(
                "file is {:.1} MB, over the {:.1} MB limit (raise it with --max-file-mb); skipped",
                size as f64 / 1e6,
                max_bytes as f64 / 1e6
            ),
        ));
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            warnings.push(Warning::new(
                display,
                None,
                format!("cannot read file: {e}"),
            ));
            return None;
        }
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        warnings.push(Warning::new(display, None, "empty file; skipped"));
        return None;
    }
    if let Some(text) = decode_utf16(&bytes) {
        return Some(text);
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        warnings.push(Warning::new(
            display,
            None,
            "binary file (contains NUL bytes), not text; skipped",
        ));
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            warnings.push(Warning::new(
                display,
                Some(line),
                "invalid UTF-8; undecodable bytes replaced with U+FFFD",
            ));
            Some(String::from_utf8_lossy(&bytes).into_owned())
        }
    }
}

/// A JSON Lines file saved as UTF-16, decoded whole (it is rare, and its size is bounded by the
/// limit); `None` for a UTF-8 file, which is streamed.
fn read_utf16(path: &Path, max_bytes: u64) -> Option<String> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path).ok()?;
    let mut bom = [0u8; 2];
    file.read_exact(&mut bom).ok()?;
    if bom != [0xFF, 0xFE] && bom != [0xFE, 0xFF] {
        return None;
    }
    let mut bytes = bom.to_vec();
    file.take(max_bytes).read_to_end(&mut bytes).ok()?;
    decode_utf16(&bytes)
}

/// Decodes a file that starts with a UTF-16 byte-order mark (as Windows tools save "Unicode"
/// text); `None` for any other file. Unpaired surrogates become U+FFFD.
fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        if little {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

/// Reads one file's articles, handing them to `on_batch` (in several batches for a large JSON
/// Lines file); returns the file's warnings.
fn read_file(
    path: &Path,
    root: &Path,
    options: &IngestOptions,
    on_batch: &mut dyn FnMut(Vec<RawArticle>),
) -> Vec<Warning> {
    let display = path.display().to_string();
    let relative = path
        .strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let mut warnings = Vec::new();
    let ext = extension(path);
    let known = TEXT_EXTENSIONS.contains(&ext.as_str())
        || MARKDOWN_EXTENSIONS.contains(&ext.as_str())
        || HTML_EXTENSIONS.contains(&ext.as_str())
        || ext == "jsonl"
        || ext == "csv";
    if !known {
        warnings.push(Warning::new(
            &display,
            None,
            format!(
                "unsupported file type `.{ext}` (want .txt, .md, .html, .jsonl or .csv); skipped"
            ),
        ));
        return warnings;
    }
    if ext == "jsonl" {
        // Record by record: a large JSON Lines corpus is many articles, and the size limit applies
        // to each of them rather than to the file.
        let mut records = 0;
        let utf16 = read_utf16(path, options.max_file_bytes);
        match std::fs::File::open(path) {
            Ok(_) if utf16.is_some() => formats::read_jsonl_batches(
                &display,
                &relative,
                std::io::Cursor::new(utf16.unwrap_or_default()),
                options.max_file_bytes,
                &mut warnings,
                &mut |batch| {
                    records += batch.len();
                    on_batch(batch)
                },
            ),
            Ok(file) => formats::read_jsonl_batches(
                &display,
                &relative,
                std::io::BufReader::new(file),
                options.max_file_bytes,
                &mut warnings,
                &mut |batch| {
                    records += batch.len();
                    on_batch(batch)
                },
            ),
            Err(e) => {
                warnings.push(Warning::new(
                    &display,
                    None,
                    format!("cannot read file: {e}"),
                ));
            }
        };
        if records == 0 && warnings.is_empty() {
            warnings.push(Warning::new(&display, None, "no article records; skipped"));
        }
        return warnings;
    }
    let Some(text) = read_text_file(path, &display, options.max_file_bytes, &mut warnings) else {
        return warnings;
    };
    let raws = if TEXT_EXTENSIONS.contains(&ext.as_str()) {
        formats::read_text(&display, &relative, &text, &mut warnings)
    } else if MARKDOWN_EXTENSIONS.contains(&ext.as_str()) {
        formats::read_markdown(&display, &relative, &text, &mut warnings)
    } else if HTML_EXTENSIONS.contains(&ext.as_str()) {
        formats::read_html(&display, &relative, &text, &mut warnings)
    } else {
        formats::read_csv(&display, &relative, &text, &mut warnings)
    };
    on_batch(raws);
    warnings
}

/// Ingests a corpus: a folder (read recursively, with an optional `manifest.csv` at its top) or a
/// single file. A missing path, or one that yields no article, is an error.
pub fn load(path: &Path, options: &IngestOptions) -> Result<Corpus> {
    if !path.exists() {
        return Err(Error::input(path, None, "no such file or folder"));
    }
    let mut warnings = Vec::new();
    let (root, files) = if path.is_dir() {
        let mut files = Vec::new();
        let exclude: Vec<PathBuf> = options
            .exclude
            .iter()
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
        list_files(path, &exclude, &mut files, &mut warnings);
        (path.to_path_buf(), files)
    } else {
        (
            path.parent().unwrap_or(Path::new("")).to_path_buf(),
            vec![path.to_path_buf()],
        )
    };
    let manifest_path = root.join(MANIFEST_NAME);
    let manifest = if path.is_dir() && manifest_path.is_file() {
        Some(manifest::Manifest::load(&manifest_path, &mut warnings))
    } else {
        None
    };
    let files: Vec<PathBuf> = files
        .into_iter()
        .filter(|f| manifest.is_none() || *f != manifest_path)
        .collect();

    // Each batch of records is built into articles before the next is read, so a large corpus
    // never holds all its raw records and all its articles at once.
    let read: Vec<(Vec<Article>, Vec<Warning>, BTreeSet<String>)> = files
        .par_iter()
        .map(|f| {
            let mut articles = Vec::new();
            let mut built_warnings = Vec::new();
            let mut used = BTreeSet::new();
            let mut file_warnings = read_file(f, &root, options, &mut |mut raws| {
                if let Some(manifest) = &manifest {
                    manifest.apply_to(&mut raws, &mut used);
                }
                let built: Vec<(Option<Article>, Vec<Warning>)> = raws
                    .into_par_iter()
                    .map(|raw| normalize::build_article(raw, options))
                    .collect();
                for (article, article_warnings) in built {
                    articles.extend(article);
                    built_warnings.extend(article_warnings);
                }
            });
            file_warnings.extend(built_warnings);
            (articles, file_warnings, used)
        })
        .collect();
    let mut articles = Vec::new();
    let mut used = BTreeSet::new();
    for (file_articles, file_warnings, file_used) in read {
        articles.extend(file_articles);
        warnings.extend(file_warnings);
        used.extend(file_used);
    }
    if let Some(manifest) = &manifest {
        manifest.warn_unused(&used, &mut warnings);
    }
    // Sorting by id (then source) makes every later stage independent of file order.
    articles.sort_by(|a, b| (&a.id, &a.source).cmp(&(&b.id, &b.source)));
    let mut unique: Vec<Article> = Vec::with_capacity(articles.len());
    for article in articles {
        match unique.last() {
            Some(previous) if previous.id == article.id => warnings.push(Warning::new(
                &article.source,
                None,
                format!("same text as {}; skipped as a duplicate", previous.source),
            )),
            _ => unique.push(article),
        }
    }
    warnings.sort();
    warnings.dedup();
    if unique.is_empty() {
        let detail = warnings
            .first()
            .map(|w| format!(" (first problem: {w})"))
            .unwrap_or_default();
        return Err(Error::input(
            path,
            None,
            format!("no articles found{detail}"),
        ));
    }
    Ok(Corpus {
        root: path.display().to_string(),
        articles: unique,
        warnings,
    })
}
