//! Runs the real binary on hostile corpora and ordinary mistakes, and checks that what it writes
//! is safe: no live markup in Markdown, no lost or mixed files in the output folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pulldown_cmark::{Event, Options, Parser, Tag};

fn parallax(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";
const IFRAME: &str = "<iframe src=javascript:alert(1)></iframe>";

/// The five seed articles with attacker markup in every headline, a quotation, its speaker,
/// a paragraph of their own and the outlet names of the manifest.
fn hostile_corpus(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let seeds = repo().join("corpus");
    let mut names: Vec<String> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let mut manifest = String::from("file,outlet\n");
    for (i, name) in names.iter().enumerate() {
        let text = std::fs::read_to_string(seeds.join(name)).unwrap();
        let (headline, body) = text.split_once('\n').unwrap();
        let hostile = format!(
            "{headline} {SCRIPT}\n{body}\n\n\"{IMG} is a lie about North Korea,\" said John {IFRAME} Smith, a spokesman.\n\n[click here](javascript:alert(1)) {SCRIPT} <a href=\"javascript:alert(1)\">x</a>\n"
        );
        std::fs::write(dir.join(name), hostile).unwrap();
        manifest.push_str(&format!("{name},\"Outlet {i} {IMG}\"\n"));
    }
    std::fs::write(dir.join("manifest.csv"), manifest).unwrap();
}

/// What a CommonMark renderer with every extension would make live: raw HTML, links, images.
fn live_markup(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, Options::all())
        .filter_map(|event| match event {
            Event::Html(h) | Event::InlineHtml(h) => Some(format!("raw HTML {h:?}")),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. } | Tag::HtmlBlock)) => {
                Some(format!("{tag:?}"))
            }
            _ => None,
        })
        .collect()
}

fn rendered_text(markdown: &str) -> String {
    Parser::new_ext(markdown, Options::all())
        .filter_map(|event| match event {
            Event::Text(t) => Some(t.into_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn markdown_from_a_hostile_corpus_has_no_live_html() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    hostile_corpus(&corpus);
    let report = parallax(&["report", "corpus", "-o", "out"], dir.path());
    assert!(report.status.success(), "{}", stderr(&report));
    let sheets = parallax(&["worksheet", "corpus", "-o", "sheets"], dir.path());
    assert!(sheets.status.success(), "{}", stderr(&sheets));
    let mut files = vec![dir.path().join("out/report.md")];
    for entry in std::fs::read_dir(dir.path().join("sheets")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    assert!(files.len() >= 3, "report.md and worksheets: {files:?}");
    for file in &files {
        let markdown = std::fs::read_to_string(file).unwrap();
        assert_eq!(
            live_markup(&markdown),
            Vec::<String>::new(),
            "{}",
            file.display()
        );
        // The attacker's text is still there, shown as text.
        let text = rendered_text(&markdown);
        assert!(text.contains(SCRIPT), "{}: {text}", file.display());
    }
    let report_md = rendered_text(&std::fs::read_to_string(&files[0]).unwrap());
    assert!(
        report_md.contains(IMG),
        "outlet names and speakers shown as text"
    );
}

/// A copy of the seed corpus with only the first `n` articles (and its manifest).
fn seed_corpus(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let seeds = repo().join("corpus");
    let mut names: Vec<String> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    for name in names.iter().take(n) {
        std::fs::copy(seeds.join(name), dir.join(name)).unwrap();
    }
    std::fs::copy(seeds.join("manifest.csv"), dir.join("manifest.csv")).unwrap();
}

fn pages(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn an_output_folder_that_is_in_or_around_the_corpus_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    seed_corpus(&corpus, 5);
    std::fs::write(corpus.join("index.html"), "<p>my own page</p>").unwrap();
    for (out, why) in [
        ("corpus", "is the corpus itself"),
        ("corpus/out", "is inside the corpus"),
        (".", "contains the corpus"),
    ] {
        let result = parallax(&["report", "corpus", "-o", out], dir.path());
        assert_eq!(result.status.code(), Some(2), "{out}: {}", stderr(&result));
        assert!(stderr(&result).contains(why), "{out}: {}", stderr(&result));
        assert!(!stderr(&result).contains("Read "), "no analysis ran");
    }
    assert_eq!(
        std::fs::read_to_string(corpus.join("index.html")).unwrap(),
        "<p>my own page</p>"
    );
    assert!(!corpus.join("out").exists());
    std::fs::write(dir.path().join("a-file"), "x").unwrap();
    let result = parallax(&["report", "corpus", "-o", "a-file"], dir.path());
    assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
    assert!(stderr(&result).contains("is a file"), "{}", stderr(&result));
    let sheets = parallax(&["worksheet", "corpus", "-o", "corpus"], dir.path());
    assert_eq!(sheets.status.code(), Some(2), "{}", stderr(&sheets));
}

#[test]
fn files_parallax_did_not_write_are_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    seed_corpus(&dir.path().join("corpus"), 5);
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("index.html"), "mine").unwrap();
    std::fs::write(out.join("notes.txt"), "notes").unwrap();
    let result = parallax(&["report", "corpus", "-o", "out"], dir.path());
    assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
    assert!(
        stderr(&result).contains("did not write (index.html)"),
        "{}",
        stderr(&result)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "mine"
    );
    // Once the user's file is gone, the report is written; other files are left alone.
    std::fs::remove_file(out.join("index.html")).unwrap();
    let result = parallax(&["report", "corpus", "-o", "out"], dir.path());
    assert!(result.status.success(), "{}", stderr(&result));
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "notes"
    );
    let manifest = std::fs::read_to_string(out.join(".parallax-output")).unwrap();
    assert!(manifest.contains("report\tindex.html\n"), "{manifest}");
    assert!(!manifest.contains("notes.txt"), "{manifest}");
    assert!(!out.join(".parallax-output.lock").exists(), "lock released");
}

#[test]
fn a_later_report_replaces_its_own_pages_and_removes_stale_ones() {
    let dir = tempfile::tempdir().unwrap();
    seed_corpus(&dir.path().join("five"), 5);
    seed_corpus(&dir.path().join("two"), 2);
    let out = dir.path().join("out");
    let first = parallax(&["report", "five", "-o", "out"], dir.path());
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(pages(&out.join("articles")).len(), 5);
    let sheets = parallax(&["worksheet", "five", "-o", "out"], dir.path());
    assert!(sheets.status.success(), "{}", stderr(&sheets));
    let worksheets: Vec<String> = pages(&out)
        .into_iter()
        .filter(|n| n.starts_with("worksheet-"))
        .collect();
    assert!(!worksheets.is_empty());
    let second = parallax(&["report", "two", "-o", "out"], dir.path());
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(pages(&out.join("articles")).len(), 2, "stale pages removed");
    for sheet in &worksheets {
        assert!(out.join(sheet).is_file(), "a report run keeps {sheet}");
    }
    // A report of an older version (no manifest) is recognised by its report.json.
    std::fs::remove_file(out.join(".parallax-output")).unwrap();
    std::fs::write(out.join("articles/0000000000000000.html"), "old page").unwrap();
    std::fs::write(out.join(".gitkeep"), "").unwrap();
    let third = parallax(&["report", "five", "-o", "out"], dir.path());
    assert!(third.status.success(), "{}", stderr(&third));
    assert_eq!(pages(&out.join("articles")).len(), 5);
    assert!(out.join(".gitkeep").is_file());
    // No staging folder is left beside the output.
    let leftovers: Vec<String> = pages(dir.path())
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_write_that_fails_leaves_the_previous_report_whole() {
    let dir = tempfile::tempdir().unwrap();
    seed_corpus(&dir.path().join("two"), 2);
    seed_corpus(&dir.path().join("five"), 5);
    let out = dir.path().join("out");
    let first = parallax(&["report", "two", "-o", "out"], dir.path());
    assert!(first.status.success(), "{}", stderr(&first));
    let scratch = parallax(&["report", "five", "-o", "scratch"], dir.path());
    assert!(scratch.status.success(), "{}", stderr(&scratch));
    let before: Vec<String> = pages(&out.join("articles"));
    let new_page = pages(&dir.path().join("scratch/articles"))
        .into_iter()
        .find(|p| !before.contains(p))
        .unwrap();
    // A folder where one of the new pages must go makes that write fail (even for root, for
    // whom a read-only folder is writable).
    std::fs::create_dir_all(out.join("articles").join(&new_page)).unwrap();
    let report_json = std::fs::read(out.join("report.json")).unwrap();
    let index = std::fs::read(out.join("index.html")).unwrap();
    let failed = parallax(&["report", "five", "-o", "out"], dir.path());
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert!(stderr(&failed).contains(&new_page), "{}", stderr(&failed));
    assert_eq!(std::fs::read(out.join("report.json")).unwrap(), report_json);
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), index);
    let mut after = pages(&out.join("articles"));
    after.retain(|p| *p != new_page);
    assert_eq!(after, before);
    assert!(!out.join(".parallax-output.lock").exists(), "lock released");
}

#[test]
fn a_second_run_into_a_folder_being_written_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    seed_corpus(&dir.path().join("corpus"), 5);
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // A lock held by a live process (this test) stops the run before any work.
    std::fs::write(
        out.join(".parallax-output.lock"),
        format!("{}\n", std::process::id()),
    )
    .unwrap();
    let stopped = parallax(&["report", "corpus", "-o", "out"], dir.path());
    assert_eq!(stopped.status.code(), Some(2), "{}", stderr(&stopped));
    assert!(
        stderr(&stopped).contains("another Parallax run"),
        "{}",
        stderr(&stopped)
    );
    assert!(!out.join("index.html").exists());
    // A lock left by a run that died is taken over.
    let mut dead = Command::new("true").spawn().unwrap();
    let dead_pid = dead.id();
    dead.wait().unwrap();
    std::fs::write(out.join(".parallax-output.lock"), format!("{dead_pid}\n")).unwrap();
    let ran = parallax(&["report", "corpus", "-o", "out"], dir.path());
    assert!(ran.status.success(), "{}", stderr(&ran));
    assert!(!out.join(".parallax-output.lock").exists());

    // Two runs at once over different corpora: each either writes or is stopped, and the folder
    // holds one run's report, whole.
    seed_corpus(&dir.path().join("two"), 2);
    let spawn = |corpus: &str| {
        Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(["report", corpus, "-o", "both"])
            .current_dir(dir.path())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn("corpus"), spawn("two"));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    for run in [&a, &b] {
        assert!(
            run.status.success() || stderr(run).contains("another Parallax run"),
            "{}",
            stderr(run)
        );
    }
    assert!(a.status.success() || b.status.success());
    let both = dir.path().join("both");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(both.join("report.json")).unwrap()).unwrap();
    let ids: Vec<String> = json["corpus"]["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| format!("{}.html", a["id"].as_str().unwrap()))
        .collect();
    let mut ids = ids;
    ids.sort();
    assert_eq!(pages(&both.join("articles")), ids, "pages of one run only");
    let csv_rows = std::fs::read_to_string(both.join("articles.csv"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(csv_rows, ids.len() + 1, "articles.csv of the same run");
}

#[test]
fn every_command_skips_a_folder_holding_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    seed_corpus(&corpus, 5);
    let alone = parallax(&["quotes", "corpus"], dir.path());
    assert!(alone.status.success(), "{}", stderr(&alone));
    let made = parallax(&["report", "corpus", "-o", "old-report"], dir.path());
    assert!(made.status.success(), "{}", stderr(&made));
    std::fs::rename(dir.path().join("old-report"), corpus.join("old-report")).unwrap();
    for args in [
        vec!["quotes", "corpus"],
        vec!["report", "corpus", "-o", "elsewhere"],
    ] {
        let run = parallax(&args, dir.path());
        assert!(run.status.success(), "{args:?}: {}", stderr(&run));
        assert!(
            stderr(&run).contains("old-report: folder holds a Parallax report"),
            "{args:?}: {}",
            stderr(&run)
        );
    }
    let again = parallax(&["quotes", "corpus"], dir.path());
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        String::from_utf8_lossy(&alone.stdout),
        "the same quotations as without the report inside"
    );
}
