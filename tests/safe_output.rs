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
