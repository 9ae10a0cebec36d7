//! Snapshot tests: the Markdown report, the worksheet and the CSV tables of the default corpus
//! stay as reviewed. A change shows as a diff; accept it with `INSTA_UPDATE=always cargo test`
//! (or `cargo insta review`) after reading it.

use std::path::Path;

use parallax::config::Config;
use parallax::pipeline;
use parallax::report::{self, ReportOptions, Templates};
use parallax::resources::Resources;

fn render_default_corpus() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let resources = Resources::builtin();
    let config = Config::default();
    // Relative paths keep the snapshots independent of where the repository is checked out.
    std::env::set_current_dir(root).unwrap();
    let (analysis, _) = pipeline::analyse(Path::new("corpus"), &resources, &config).unwrap();
    let templates = Templates::load(None).unwrap();
    let out = tempfile::tempdir().unwrap();
    report::write(
        &analysis,
        &resources.outlets,
        &templates,
        out.path(),
        &ReportOptions { csv_bom: false },
        &parallax::progress::Silent,
    )
    .unwrap();
    report::write_worksheets(&analysis, &resources.lexicons, &templates, out.path(), None).unwrap();
    out
}

#[test]
fn default_corpus_outputs() {
    let out = render_default_corpus();
    let mut files: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".md") || n.ends_with(".csv"))
        .collect();
    files.sort();
    for name in files {
        let contents = std::fs::read_to_string(out.path().join(&name)).unwrap();
        // Worksheet names carry the storyline id; the snapshot name uses the file's kind.
        let key = if name.starts_with("worksheet-") {
            if name.contains("answer-key") {
                "worksheet-answer-key.md".to_string()
            } else {
                "worksheet.md".to_string()
            }
        } else {
            name.clone()
        };
        insta::assert_snapshot!(key, contents);
    }
}
