//! The output folder: Parallax writes only files it can tell are its own, records them in a small
//! manifest, writes a whole report beside the folder first and moves it in when it is complete,
//! and holds a lock so that two runs never mix their files.
//!
//! The rule for a folder without a manifest (a report of a version before manifests, or a folder
//! of the user's): files under Parallax's names are taken as Parallax's only when the folder's
//! `report.json` says Parallax wrote it (or, for worksheets, when the handout has its answer key
//! beside it); otherwise the run is refused before any work. Files under other names
//! (`.gitkeep`, `screenshots/`, the user's notes) are never touched.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::util::{holds_parallax_report, OUTPUT_MANIFEST};

/// The lock file of a folder being written.
pub const OUTPUT_LOCK: &str = ".parallax-output.lock";

/// Which command's files: each replaces only its own kind, so a report run does not remove the
/// worksheets written into the same folder, nor the other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Report,
    Worksheet,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::Worksheet => "worksheet",
        }
    }

    fn parse(label: &str) -> Option<Kind> {
        match label {
            "report" => Some(Kind::Report),
            "worksheet" => Some(Kind::Worksheet),
            _ => None,
        }
    }

    /// Whether a path relative to the output folder is one this kind of run writes.
    fn names(self, relative: &str) -> bool {
        let parts: Vec<&str> = relative.split('/').collect();
        match (self, parts.as_slice()) {
            (Kind::Report, [name]) => {
                matches!(
                    *name,
                    "index.html" | "style.css" | "report.md" | "report.json"
                ) || name.ends_with(".csv")
                    || name
                        .strip_prefix("index-")
                        .and_then(|n| n.strip_suffix(".html"))
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            }
            (Kind::Report, ["clusters" | "articles", page]) => page.ends_with(".html"),
            (Kind::Worksheet, [name]) => {
                name.starts_with("worksheet-") && (name.ends_with(".html") || name.ends_with(".md"))
            }
            _ => false,
        }
    }
}

/// The files a folder's manifest lists, with the kind of run that wrote each.
#[derive(Debug, Default)]
struct Manifest {
    entries: BTreeSet<(String, String)>, // (kind label, relative path)
}

const MANIFEST_HEADER: &str =
    "# Files Parallax wrote into this folder; it replaces and removes only these.";

impl Manifest {
    fn read(dir: &Path) -> Result<Option<Manifest>> {
        let path = dir.join(OUTPUT_MANIFEST);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path, e)),
        };
        let mut entries = BTreeSet::new();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let parsed = line
                .split_once('\t')
                .filter(|(kind, relative)| Kind::parse(kind).is_some() && safe_relative(relative));
            match parsed {
                Some((kind, relative)) => {
                    entries.insert((kind.to_string(), relative.to_string()));
                }
                None => {
                    return Err(Error::input(
                        &path,
                        Some(i + 1),
                        "not a line of a Parallax output manifest; remove the file if this folder holds no Parallax report",
                    ))
                }
            }
        }
        Ok(Some(Manifest { entries }))
    }

    fn owns(&self, relative: &str) -> bool {
        self.entries.iter().any(|(_, r)| r == relative)
    }

    fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &String> {
        self.entries
            .iter()
            .filter(move |(k, _)| k == kind.label())
            .map(|(_, r)| r)
    }

    fn render(&self) -> String {
        let mut out = format!("{MANIFEST_HEADER}\n");
        for (kind, relative) in &self.entries {
            out.push_str(&format!("{kind}\t{relative}\n"));
        }
        out
    }
}

/// A manifest path stays inside the folder: no `..`, no absolute path.
fn safe_relative(relative: &str) -> bool {
    !relative.is_empty()
        && Path::new(relative)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// The files under `dir` (relative, `/`-separated) that a run of `kind` would write, sorted.
fn files_named_by(dir: &Path, kind: Kind) -> Vec<String> {
    let mut found = Vec::new();
    let mut visit = |folder: &Path, prefix: &str| {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = format!("{prefix}{name}");
            let is_file = entry.file_type().is_ok_and(|t| !t.is_dir());
            if is_file && kind.names(&relative) {
                found.push(relative);
            }
        }
    };
    visit(dir, "");
    if kind == Kind::Report {
        visit(&dir.join("clusters"), "clusters/");
        visit(&dir.join("articles"), "articles/");
    }
    found.sort();
    found
}

/// `path` made absolute with its symbolic links resolved, also when its last parts do not exist
/// yet (an output folder about to be made).
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(canonical, |p, part| p.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// The lock held while a run writes into a folder; removed when dropped.
struct Lock {
    path: PathBuf,
    /// False when this process already held the lock (an outer caller took it): the outer one
    /// removes it.
    owner: bool,
}

impl Lock {
    fn take(dir: &Path) -> Result<Lock> {
        let path = dir.join(OUTPUT_LOCK);
        let me = std::process::id();
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    file.write_all(format!("{me}\n").as_bytes())
                        .map_err(|e| Error::io(&path, e))?;
                    return Ok(Lock { path, owner: true });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(&path)
                        .ok()
                        .and_then(|t| t.trim().parse::<u32>().ok());
                    match holder {
                        Some(pid) if pid == me => return Ok(Lock { path, owner: false }),
                        Some(pid) if process_alive(pid) => {
                            return Err(Error::Usage(format!(
                                "another Parallax run (process {pid}) is writing to {}; wait for it to end, or write elsewhere with -o",
                                dir.display()
                            )))
                        }
                        // A run that died (or a lock being written this instant, which then
                        // wins the second attempt): take the folder over.
                        _ => {
                            let _ = std::fs::remove_file(&path);
                        }
                    }
                }
                Err(e) => return Err(Error::io(&path, e)),
            }
        }
        Err(Error::Usage(format!(
            "another Parallax run is writing to {} (lock file {OUTPUT_LOCK}); wait for it to end, or write elsewhere with -o",
            dir.display()
        )))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if self.owner {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 only asks whether the process exists; EPERM means it does, as another user's.
    // SAFETY: kill with signal 0 sends nothing; it has no memory effects.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    alive || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

/// An output folder claimed for one run: checked, locked, its own files known.
pub struct OutputFolder {
    dir: PathBuf,
    kind: Kind,
    manifest: Manifest,
    /// Files of this kind found in a folder without a manifest and taken as Parallax's by the
    /// rule at the top of this file.
    adopted: Vec<String>,
    /// The folder was made for this run: it goes again if the run ends with nothing written.
    created: bool,
    lock: Option<Lock>,
}

impl Drop for OutputFolder {
    fn drop(&mut self) {
        drop(self.lock.take());
        if self.created {
            // Only an empty folder is removed, so a folder another run has filled stays.
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}

impl OutputFolder {
    /// Checks that `dir` can take a run of `kind` and locks it. Refused (a usage error, exit 2):
    /// a path that is a file, the corpus itself, a folder inside the corpus or one that contains
    /// it, and a folder holding files under Parallax's names that Parallax did not write.
    pub fn claim(dir: &Path, corpus: Option<&Path>, kind: Kind) -> Result<OutputFolder> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::Usage(format!(
                "the output {} is a file, not a folder; name a folder with -o",
                dir.display()
            )));
        }
        if let Some(corpus) = corpus.filter(|c| c.exists()) {
            let out = resolved(dir);
            let source = resolved(corpus);
            let problem = if out == source {
                Some("is the corpus itself")
            } else if corpus.is_dir() && out.starts_with(&source) {
                Some("is inside the corpus")
            } else if source.starts_with(&out) {
                Some("contains the corpus")
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(Error::Usage(format!(
                    "the output folder {} {problem} {}: the report would overwrite or be read as articles; write it elsewhere with -o",
                    dir.display(),
                    corpus.display()
                )));
            }
        }
        let created = !dir.exists();
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let lock = Lock::take(dir)?;
        let manifest = Manifest::read(dir)?;
        let present = files_named_by(dir, kind);
        let (manifest, adopted) = match manifest {
            Some(manifest) => (manifest, Vec::new()),
            None => {
                let adopted: Vec<String> = match kind {
                    Kind::Report if holds_parallax_report(dir) => present.clone(),
                    Kind::Report => Vec::new(),
                    Kind::Worksheet => present
                        .iter()
                        .filter(|f| {
                            f.contains("-answer-key.")
                                || present.iter().any(|g| {
                                    let (stem, ext) = f.rsplit_once('.').unwrap_or((f, ""));
                                    *g == format!("{stem}-answer-key.{ext}")
                                })
                        })
                        .cloned()
                        .collect(),
                };
                (Manifest::default(), adopted)
            }
        };
        let foreign: Vec<&String> = present
            .iter()
            .filter(|f| !manifest.owns(f) && !adopted.contains(f))
            .collect();
        if !foreign.is_empty() {
            let shown: Vec<&str> = foreign.iter().take(5).map(|f| f.as_str()).collect();
            let more = if foreign.len() > 5 {
                format!(" and {} more", foreign.len() - 5)
            } else {
                String::new()
            };
            return Err(Error::Usage(format!(
                "{} holds files under Parallax's output names that Parallax did not write ({}{more}); they would be overwritten: move them, or write elsewhere with -o",
                dir.display(),
                shown.join(", ")
            )));
        }
        Ok(OutputFolder {
            dir: dir.to_path_buf(),
            kind,
            manifest,
            adopted,
            created,
            lock: Some(lock),
        })
    }

    /// Writes `files` (paths relative to the folder) into a fresh folder beside this one, then
    /// moves them in, removes this kind's files of earlier runs that are not among them (when
    /// `complete`: the files are this kind's whole output), and records them in the manifest.
    /// A failure before the move leaves the folder as it was. Returns the paths written.
    pub fn replace(
        &mut self,
        files: Vec<(PathBuf, Vec<u8>)>,
        complete: bool,
    ) -> Result<Vec<PathBuf>> {
        let mut staging = self.begin()?;
        for (relative, bytes) in &files {
            staging.write(relative, bytes)?;
        }
        self.finish(staging, complete)
    }

    /// A fresh staging folder beside the output, to take the files one at a time as they are
    /// rendered (so that no page waits in memory for the others).
    pub fn begin(&self) -> Result<Staging> {
        let path = self.staging_path();
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Staging {
            path,
            relatives: Vec::new(),
        })
    }

    /// Moves everything staged into the output folder; `complete` as for [`Self::replace`].
    pub fn finish(&mut self, staging: Staging, complete: bool) -> Result<Vec<PathBuf>> {
        self.move_in(&staging.path, &staging.relatives, complete)
    }

    fn staging_path(&self) -> PathBuf {
        let out = resolved(&self.dir);
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let parent = out.parent().map(Path::to_path_buf).unwrap_or(out.clone());
        parent.join(format!(".{name}.parallax-{}.tmp", std::process::id()))
    }

    fn move_in(
        &mut self,
        staging: &Path,
        relatives: &[String],
        complete: bool,
    ) -> Result<Vec<PathBuf>> {
        // Every folder the files go to must take them before the first one moves, so that a
        // folder that cannot be written (read-only, or a file in its place) fails the run while
        // the previous report is still whole.
        let folders: BTreeSet<PathBuf> = relatives
            .iter()
            .map(|r| {
                self.dir
                    .join(r)
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default()
            })
            .collect();
        for folder in &folders {
            std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
            let probe = folder.join(format!(".parallax-probe-{}", std::process::id()));
            std::fs::File::create(&probe).map_err(|e| Error::io(folder, e))?;
            let _ = std::fs::remove_file(&probe);
        }
        for relative in relatives {
            let target = self.dir.join(relative);
            if target.is_dir() {
                return Err(Error::io(
                    &target,
                    std::io::Error::other("a folder stands where the file goes"),
                ));
            }
        }
        let mut written = Vec::new();
        for relative in relatives {
            let target = self.dir.join(relative);
            std::fs::rename(staging.join(relative), &target).map_err(|e| Error::io(&target, e))?;
            written.push(target);
        }
        let new: BTreeSet<&String> = relatives.iter().collect();
        if complete {
            let stale: Vec<String> = self
                .manifest
                .of_kind(self.kind)
                .chain(self.adopted.iter())
                .filter(|r| !new.contains(r))
                .cloned()
                .collect();
            for relative in &stale {
                let _ = std::fs::remove_file(self.dir.join(relative));
            }
            self.manifest
                .entries
                .retain(|(k, _)| k != self.kind.label());
        }
        // Entries of files a user has since removed are dropped.
        let dir = self.dir.clone();
        self.manifest.entries.retain(|(_, r)| dir.join(r).is_file());
        for relative in relatives {
            self.manifest.entries.retain(|(_, r)| r != relative);
            self.manifest
                .entries
                .insert((self.kind.label().to_string(), relative.clone()));
        }
        crate::util::write_atomic(
            &self.dir.join(OUTPUT_MANIFEST),
            self.manifest.render().as_bytes(),
        )?;
        self.created = false;
        Ok(written)
    }
}

/// Writes the files under `staging` (made fresh); returns their relative paths.
/// Files written so far into a staging folder; the folder is removed when this is dropped
/// (whatever has not been moved into the output goes with it).
pub struct Staging {
    path: PathBuf,
    relatives: Vec<String>,
}

impl Staging {
    pub fn write(&mut self, relative: &Path, bytes: &[u8]) -> Result<()> {
        self.write_unrecorded(relative, bytes)?;
        self.record(relative);
        Ok(())
    }

    /// Writes a file without recording it, so that threads can write side by side; each
    /// file must then be `record`ed, or it is not moved into the output.
    pub fn write_unrecorded(&self, relative: &Path, bytes: &[u8]) -> Result<()> {
        let path = self.path.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    }

    pub fn record(&mut self, relative: &Path) {
        self.relatives
            .push(relative.to_string_lossy().replace('\\', "/"));
    }

    /// Opens `relative` for writing in pieces (a table row by row, a page as it renders), so
    /// that no large file is held in memory before it is written.
    pub fn create(&mut self, relative: &Path) -> Result<StagedFile> {
        let path = self.path.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        self.record(relative);
        Ok(StagedFile {
            writer: std::io::BufWriter::with_capacity(1 << 16, file),
            path,
        })
    }
}

/// A file being written into the staging folder; `finish` flushes it and reports errors.
pub struct StagedFile {
    writer: std::io::BufWriter<std::fs::File>,
    path: PathBuf,
}

impl StagedFile {
    pub fn error(&self, e: std::io::Error) -> Error {
        Error::io(&self.path, e)
    }

    pub fn finish(mut self) -> Result<()> {
        self.writer.flush().map_err(|e| Error::io(&self.path, e))
    }
}

impl Write for StagedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_layout_parallax_writes() {
        assert!(Kind::Report.names("index.html"));
        assert!(Kind::Report.names("index-2.html"));
        assert!(!Kind::Report.names("index-notes.html"));
        assert!(Kind::Report.names("style.css"));
        assert!(Kind::Report.names("quotes.csv"));
        assert!(Kind::Report.names("articles/abc.html"));
        assert!(!Kind::Report.names("notes.html"));
        assert!(!Kind::Report.names("screenshots/index.png"));
        assert!(!Kind::Report.names(".gitkeep"));
        assert!(Kind::Worksheet.names("worksheet-ab12.md"));
        assert!(!Kind::Worksheet.names("index.html"));
    }

    #[test]
    fn manifest_paths_cannot_leave_the_folder() {
        assert!(safe_relative("articles/a.html"));
        assert!(!safe_relative("../x"));
        assert!(!safe_relative("/etc/passwd"));
    }
}
