//! Small helpers for writing output safely.

use std::io::{Read as _, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Writes a file atomically: to a temporary file in the same folder, then renamed over the target,
/// so a crash never leaves a half-written report and a reader never sees one.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

/// The manifest Parallax keeps in every folder it writes a report or worksheets into: the files
/// it wrote there. Hidden, so that it is never read as an article.
pub const OUTPUT_MANIFEST: &str = ".parallax-output";

/// Whether `dir` holds Parallax output: its manifest, or a `report.json` that says Parallax wrote
/// it (reports of versions before the manifest). Such a folder is never read as articles.
pub fn holds_parallax_report(dir: &Path) -> bool {
    if dir.join(OUTPUT_MANIFEST).is_file() {
        return true;
    }
    let Ok(file) = std::fs::File::open(dir.join("report.json")) else {
        return false;
    };
    let mut head = String::new();
    let _ = file.take(4096).read_to_string(&mut head);
    head.trim_start().starts_with('{')
        && head.contains("\"schema_version\"")
        && (head.contains("\"tool\":\"parallax") || head.contains("\"tool\": \"parallax"))
}

/// Neutralises a CSV cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return at the start) by prefixing an apostrophe, as OWASP recommends.
pub fn csv_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// A file-name-safe slug of untrusted text: ASCII letters, digits and dashes only, never empty,
/// never a path.
pub fn slug(text: &str, max_len: usize) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= max_len {
            break;
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "item".to_string()
    } else {
        out
    }
}

/// Short stable hash of some strings, for ids of groups (clusters, quote groups).
pub fn short_hash<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    hasher.finalize()[..5]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_cannot_be_formulas() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("-2+3"), "'-2+3");
        assert_eq!(csv_safe("plain"), "plain");
    }

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("../../etc/passwd", 40), "etc-passwd");
        assert_eq!(slug("«»", 40), "item");
        assert_eq!(slug("Russia Denies Claims", 40), "russia-denies-claims");
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
