//! `manifest.csv`: what a teacher who saved the articles knows about them.
//!
//! Columns: `file` (path relative to the manifest's folder; required), and any of `outlet`,
//! `date`, `url`, `lang`, `title`. Values here win over front matter, records and inference.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::corpus::formats::{GivenMeta, RawArticle};
use crate::model::Warning;

pub const MANIFEST_NAME: &str = "manifest.csv";

#[derive(Debug, Clone)]
struct Entry {
    line: usize,
    meta: GivenMeta,
    title: Option<String>,
}

#[derive(Debug, Default)]
pub struct Manifest {
    display: String,
    entries: BTreeMap<String, Entry>,
}

impl Manifest {
    pub fn load(path: &Path, warnings: &mut Vec<Warning>) -> Manifest {
        let display = path.display().to_string();
        let mut manifest = Manifest {
            display: display.clone(),
            entries: BTreeMap::new(),
        };
        let mut reader = match csv::ReaderBuilder::new().flexible(true).from_path(path) {
            Ok(r) => r,
            Err(e) => {
                warnings.push(Warning::new(
                    &display,
                    None,
                    format!("unreadable manifest: {e}"),
                ));
                return manifest;
            }
        };
        let headers: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
            Err(e) => {
                warnings.push(Warning::new(
                    &display,
                    Some(1),
                    format!("unreadable manifest header: {e}"),
                ));
                return manifest;
            }
        };
        let Some(file_column) = headers.iter().position(|h| h == "file") else {
            warnings.push(Warning::new(
                &display,
                Some(1),
                "manifest has no `file` column; ignored",
            ));
            return manifest;
        };
        for row in reader.records() {
            let row = match row {
                Ok(row) => row,
                Err(e) => {
                    let line = e.position().map(|p| p.line() as usize);
                    warnings.push(Warning::new(
                        &display,
                        line,
                        format!("unreadable manifest row: {e}"),
                    ));
                    continue;
                }
            };
            let line = row.position().map(|p| p.line() as usize).unwrap_or(0);
            let field = |name: &str| {
                headers
                    .iter()
                    .position(|h| h == name)
                    .and_then(|i| row.get(i))
                    .map(str::trim)
                    .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("unknown"))
                    .map(str::to_string)
            };
            let Some(file) = row.get(file_column).map(|f| f.trim().replace('\\', "/")) else {
                continue;
            };
            let entry = Entry {
                line,
                meta: GivenMeta {
                    outlet: field("outlet"),
                    date: field("date"),
                    url: field("url"),
                    lang: field("lang"),
                },
                title: field("title"),
            };
            if manifest.entries.insert(file.clone(), entry).is_some() {
                warnings.push(Warning::new(
                    &display,
                    Some(line),
                    format!("`{file}` is listed twice; the last row wins"),
                ));
            }
        }
        manifest
    }

    /// Gives the articles the manifest lists their metadata; records which entries were used.
    pub fn apply_to(&self, raws: &mut [RawArticle], used: &mut BTreeSet<String>) {
        for raw in raws.iter_mut() {
            if let Some(entry) = self.entries.get(&raw.relative_path) {
                used.insert(raw.relative_path.clone());
                raw.manifest = Some(entry.meta.clone());
                if entry.title.is_some() {
                    raw.title = entry.title.clone();
                }
            }
        }
    }

    /// A warning for each entry no article matched.
    pub fn warn_unused(&self, used: &BTreeSet<String>, warnings: &mut Vec<Warning>) {
        for (file, entry) in &self.entries {
            if !used.contains(file) {
                warnings.push(Warning::new(
                    &self.display,
                    Some(entry.line),
                    format!("`{file}` is listed but no such article was read"),
                ));
            }
        }
    }
}
