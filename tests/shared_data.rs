//! Accuracy on the real corpora in `../shared/data` (human gold labels). These tests skip, and
//! say so, when the folder is absent (a fresh clone); CI always has it and runs them. The bars
//! asserted here are regression floors at the figures reached so far; the targets of the issues
//! and the measured figures are in the README.

use std::path::{Path, PathBuf};
use std::process::Command;

fn data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        say("SKIPPED: ../shared/data is absent; the evaluation on real corpora did not run");
        None
    }
}

/// Writes straight to the terminal's stderr, which the test harness does not capture, so the
/// figures and skips show in every run (CI's log included).
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn eval_json(args: &[&str]) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .arg("--json")
        .arg("--quiet")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    say(&format!("parallax {}: {}", args.join(" "), stdout.trim()));
    serde_json::from_str(&stdout).unwrap()
}

fn f(v: &serde_json::Value, path: &[&str]) -> f64 {
    path.iter()
        .fold(v, |v, k| &v[*k])
        .as_f64()
        .unwrap_or_else(|| panic!("{path:?} missing in {v}"))
}

#[test]
fn seeds_cluster_as_one_storyline_of_five_events() {
    let Some(data) = data() else { return };
    let gold = data.join("seeds-gold/articles.csv");
    let v = eval_json(&[
        "eval",
        "clusters",
        "--gold",
        gold.to_str().unwrap(),
        "corpus",
    ]);
    assert_eq!(f(&v, &["event", "bcubed_f1"]), 1.0);
    assert_eq!(f(&v, &["storyline", "bcubed_f1"]), 1.0);
    assert_eq!(f(&v, &["event", "clusters"]), 5.0);
    assert_eq!(f(&v, &["storyline", "clusters"]), 1.0);
}

#[test]
fn basil_and_ecbplus_clusters() {
    let Some(data) = data() else { return };
    let basil = eval_json(&[
        "eval",
        "clusters",
        "--gold",
        data.join("basil/gold.csv").to_str().unwrap(),
        data.join("basil/articles.jsonl").to_str().unwrap(),
    ]);
    let ecb = eval_json(&[
        "eval",
        "clusters",
        "--gold",
        data.join("ecbplus/gold.csv").to_str().unwrap(),
        data.join("ecbplus/articles.jsonl").to_str().unwrap(),
    ]);
    // Above the tuned TF-IDF + average-link reference (0.938 / 0.874 / 0.903 on the storyline
    // gold of 2026-12-01, where a storyline is one story over time).
    assert!(f(&basil, &["event", "bcubed_f1"]) >= 0.98, "{basil}");
    assert!(f(&ecb, &["event", "bcubed_f1"]) >= 0.92, "{ecb}");
    assert!(f(&ecb, &["storyline", "bcubed_f1"]) >= 0.905, "{ecb}");
}

/// BASIL with every field but id, title and text removed: no outlet, date or URL to lean on, as
/// in a folder of pasted texts.
#[test]
fn basil_as_bare_text() {
    let Some(data) = data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("bare.jsonl");
    let mut lines = String::new();
    for line in std::fs::read_to_string(data.join("basil/articles.jsonl"))
        .unwrap()
        .lines()
    {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let kept = serde_json::json!({
            "id": record["id"], "title": record["title"], "text": record["text"],
        });
        lines.push_str(&kept.to_string());
        lines.push('\n');
    }
    std::fs::write(&bare, lines).unwrap();
    let v = eval_json(&[
        "eval",
        "clusters",
        "--gold",
        data.join("basil/gold.csv").to_str().unwrap(),
        bare.to_str().unwrap(),
    ]);
    assert!(f(&v, &["event", "bcubed_f1"]) >= 0.93, "{v}");
}

#[test]
fn seed_quotes_against_the_gold() {
    let Some(data) = data() else { return };
    let gold = data.join("seeds-gold/quotes.jsonl");
    let v = eval_json(&["eval", "quotes", "--gold", gold.to_str().unwrap(), "corpus"]);
    assert!(f(&v, &["precision"]) >= 0.95, "{v}");
    assert!(f(&v, &["recall"]) >= 0.95, "{v}");
    assert!(f(&v, &["speaker_accuracy"]) >= 0.85, "{v}");
}

#[test]
fn polnear_quotes() {
    let Some(data) = data() else { return };
    let v = eval_json(&[
        "eval",
        "quotes",
        "--brat",
        data.join("polnear-dev").to_str().unwrap(),
    ]);
    // Under the 2026-12-01 metric (`''…''` counts as quotation marks): dev F1 0.962, speaker 0.886.
    assert!(f(&v, &["f1"]) >= 0.95, "{v}");
    assert!(f(&v, &["speaker_accuracy"]) >= 0.87, "{v}");
    // The train split stands in for unseen articles: F1 0.963, speaker 0.871.
    let train = eval_json(&[
        "eval",
        "quotes",
        "--brat",
        data.join("polnear-train").to_str().unwrap(),
    ]);
    assert!(f(&train, &["f1"]) >= 0.95, "{train}");
    assert!(f(&train, &["speaker_accuracy"]) >= 0.85, "{train}");
}

#[test]
fn basil_loaded_wording() {
    let Some(data) = data() else { return };
    let v = eval_json(&[
        "eval",
        "bias",
        "--spans",
        data.join("basil/bias_spans.jsonl").to_str().unwrap(),
        data.join("basil/articles.jsonl").to_str().unwrap(),
    ]);
    assert!(f(&v, &["f1"]) >= 0.47, "{v}");
    assert!(
        f(&v, &["false_flags_per_100_neutral_sentences"]) < 15.0,
        "{v}"
    );
}

/// `eval clusters` frees each text as soon as it is counted; the clustering must be the one the
/// report computes with the texts kept.
#[test]
fn clustering_is_the_same_whether_texts_are_kept_or_dropped() {
    use parallax::cluster::{cluster, cluster_dropping_texts};
    use parallax::config::Config;
    use parallax::pipeline;
    use parallax::resources::Resources;
    let Some(data) = data() else { return };
    let (resources, config) = (Resources::builtin(), Config::default());
    let mut corpus =
        pipeline::ingest(&data.join("ecbplus/articles.jsonl"), &resources, &config).unwrap();
    let kept = cluster(&corpus.articles, &config.cluster).clustering;
    let dropped = cluster_dropping_texts(&mut corpus.articles, &config.cluster).clustering;
    assert!(corpus.articles.iter().all(|a| a.text.is_empty()));
    assert!(kept.storylines.len() > 20, "{}", kept.storylines.len());
    assert_eq!(kept, dropped);
}
