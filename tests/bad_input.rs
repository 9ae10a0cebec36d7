//! Runs the real binary on input that is read wrongly unless checked (bad CSV and JSON Lines
//! records, UTF-16, symbolic links, YAML errors) and on ordinary command-line mistakes.

use std::path::Path;
use std::process::{Command, Output};

fn parallax(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The warning lines of a run that mention `file` (and `words`).
fn warned(output: &Output, file: &str, words: &str) -> usize {
    stderr(output)
        .lines()
        .filter(|l| l.starts_with("warning:") && l.contains(file) && l.contains(words))
        .count()
}

fn titles(out: &Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(out.join("articles.csv")).unwrap();
    let mut titles: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[2].to_string())
        .collect();
    titles.sort();
    titles
}

const GOOD: &str =
    "Officials met on Tuesday to discuss the port. \"We will build it,\" said the mayor.";

#[test]
fn bad_csv_rows_are_warned_about_with_their_line_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("rows.csv"),
        format!(
            "id,title,text\n1,Good row,\"{g}\"\n2,Too few\n3,Too,many,cells\n4,Also good,\"{g} Again.\"\n",
            g = GOOD.replace('"', "\"\"")
        ),
    )
    .unwrap();
    std::fs::write(
        corpus.join("unclosed.csv"),
        format!(
            "id,title,text\n1,Before the quote,\"{g}\"\n2,Swallower,\"starts here\n3,Swallowed,{plain}\n",
            g = GOOD.replace('"', "\"\""),
            plain = "Nothing quoted here."
        ),
    )
    .unwrap();
    std::fs::write(corpus.join("header.csv"), "id,title,text\n").unwrap();
    let run = parallax(&["report", "corpus", "-o", "out"], dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(warned(&run, "rows.csv:3", "CSV row"), 1, "{}", stderr(&run));
    assert_eq!(warned(&run, "rows.csv:4", "CSV row"), 1, "{}", stderr(&run));
    assert_eq!(
        warned(&run, "unclosed.csv:3", "never closed"),
        1,
        "{}",
        stderr(&run)
    );
    assert_eq!(
        warned(&run, "header.csv:1", "no article rows"),
        1,
        "{}",
        stderr(&run)
    );
    assert_eq!(
        titles(&dir.path().join("out")),
        vec!["Also good", "Before the quote", "Good row"]
    );
    // Sources name the line of the record.
    let articles = std::fs::read_to_string(dir.path().join("out/articles.csv")).unwrap();
    assert!(articles.contains("rows.csv:2"), "{articles}");
}

#[test]
fn json_lines_records_that_are_not_articles_are_skipped_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let good = serde_json::json!({"id": 7, "title": "A good record", "text": GOOD}).to_string();
    std::fs::write(
        corpus.join("news.jsonl"),
        format!("{good}\n[1,2,3]\n{{\"title\": [\"a\"], \"text\": 5}}\n\"just a string\"\n{{\"outlet\": \"AP\"}}\n"),
    )
    .unwrap();
    let run = parallax(&["report", "corpus", "-o", "out"], dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        warned(&run, "news.jsonl:2", "JSON array"),
        1,
        "{}",
        stderr(&run)
    );
    assert_eq!(
        warned(&run, "news.jsonl:3", "field `title` is a JSON array"),
        1,
        "{}",
        stderr(&run)
    );
    assert_eq!(
        warned(&run, "news.jsonl:4", "JSON string"),
        1,
        "{}",
        stderr(&run)
    );
    assert_eq!(
        warned(&run, "news.jsonl:5", "neither `title` nor `text`"),
        1,
        "{}",
        stderr(&run)
    );
    assert_eq!(titles(&dir.path().join("out")), vec!["A good record"]);
    let articles = std::fs::read_to_string(dir.path().join("out/articles.csv")).unwrap();
    assert!(articles.contains("news.jsonl:1"), "{articles}");
}

#[test]
fn utf16_files_are_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let text = format!("Port talks résumé in Gdańsk\n\n{GOOD}\n");
    let mut little = vec![0xFF, 0xFE];
    little.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(corpus.join("little.txt"), little).unwrap();
    let other = format!("Second story of the port\n\n{GOOD} It was late.\n");
    let mut big = vec![0xFE, 0xFF];
    big.extend(other.encode_utf16().flat_map(u16::to_be_bytes));
    std::fs::write(corpus.join("big.txt"), big).unwrap();
    let record =
        serde_json::json!({"title": "Third, as JSON", "text": "A plain record."}).to_string();
    let mut jsonl = vec![0xFF, 0xFE];
    jsonl.extend(
        format!("{record}\n")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    std::fs::write(corpus.join("records.jsonl"), jsonl).unwrap();
    let run = parallax(&["report", "corpus", "-o", "out"], dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("binary"), "{}", stderr(&run));
    assert_eq!(
        titles(&dir.path().join("out")),
        vec![
            "Port talks résumé in Gdańsk",
            "Second story of the port",
            "Third, as JSON"
        ]
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_once_and_loops_and_dangling_ones_named() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(corpus.join("sub")).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(
        corpus.join("sub/a.txt"),
        format!("Story in the folder\n\n{GOOD}\n"),
    )
    .unwrap();
    std::fs::write(
        elsewhere.join("b.txt"),
        format!("Story through a link\n\n{GOOD} Yes.\n"),
    )
    .unwrap();
    symlink(&elsewhere, corpus.join("linked")).unwrap();
    symlink(&corpus, corpus.join("sub/loop")).unwrap();
    symlink(dir.path().join("nothing-here"), corpus.join("dangling.txt")).unwrap();
    let run = parallax(&["report", "corpus", "-o", "out"], dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        titles(&dir.path().join("out")),
        vec!["Story in the folder", "Story through a link"]
    );
    assert_eq!(warned(&run, "loop", "read already"), 1, "{}", stderr(&run));
    assert_eq!(
        warned(&run, "dangling.txt", "link to nothing"),
        1,
        "{}",
        stderr(&run)
    );
}

#[test]
fn yaml_front_matter_errors_name_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("a.txt"),
        format!(
            "---\noutlet: Reuters\ndate: 2024-05-02\ntitle: \"unclosed\n---\nHeadline\n\n{GOOD}\n"
        ),
    )
    .unwrap();
    let run = parallax(&["quotes", "corpus"], dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    let line = stderr(&run)
        .lines()
        .find(|l| l.contains("broken front matter"))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("{}", stderr(&run)));
    assert!(!line.contains("a.txt:2:"), "not always line 2: {line}");
    assert!(
        line.contains("a.txt:4:") || line.contains("a.txt:5:"),
        "{line}"
    );
}

#[test]
fn a_bad_front_matter_date_is_reported_on_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("a.txt"),
        format!("---\noutlet: Reuters\ndate: last Tuesday\n---\nHeadline\n\n{GOOD}\n"),
    )
    .unwrap();
    let run = parallax(&["quotes", "corpus"], dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    let line = stderr(&run)
        .lines()
        .find(|l| l.contains("is not a date"))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("{}", stderr(&run)));
    // Line 3 holds `date:`; the headline is on line 5.
    assert!(line.contains("a.txt:3:"), "{line}");
}

#[test]
fn missing_files_named_by_options_are_exit_code_two_with_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), format!("Headline\n\n{GOOD}\n")).unwrap();
    for args in [
        vec!["quotes", "corpus", "--config", "none.toml"],
        vec!["quotes", "corpus", "--outlets", "none.toml"],
        vec!["quotes", "corpus", "--actors", "none.toml"],
        vec!["eval", "bias", "--spans", "none.jsonl", "corpus"],
        vec!["eval", "quotes", "--brat", "none"],
        vec!["eval", "quotes", "--gold", "none.jsonl", "corpus"],
        vec!["eval", "clusters", "--gold", "none.csv", "corpus"],
    ] {
        let run = parallax(&args, dir.path());
        assert_eq!(run.status.code(), Some(2), "{args:?}: {}", stderr(&run));
        let message = stderr(&run);
        assert!(message.contains("none"), "{args:?}: {message}");
        let system = "No such file or directory";
        assert!(
            message.matches(system).count() <= 1,
            "{args:?}: doubled: {message}"
        );
    }
}

#[test]
fn thresholds_out_of_range_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), format!("Headline\n\n{GOOD}\n")).unwrap();
    for value in ["5", "-1", "NaN", "inf"] {
        for flag in ["--event-threshold", "--storyline-threshold"] {
            let arg = format!("{flag}={value}");
            let run = parallax(&["quotes", "corpus", &arg], dir.path());
            assert_eq!(run.status.code(), Some(2), "{arg}: {}", stderr(&run));
            assert!(
                stderr(&run).contains("between 0 and 1"),
                "{arg}: {}",
                stderr(&run)
            );
        }
    }
    let run = parallax(&["quotes", "corpus", "--time-window=-3"], dir.path());
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let run = parallax(&["quotes", "corpus", "--max-file-mb=0"], dir.path());
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    std::fs::write(
        dir.path().join("c.toml"),
        "[cluster]\nevent_threshold = 7.0\n",
    )
    .unwrap();
    let run = parallax(&["quotes", "corpus", "--config", "c.toml"], dir.path());
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let run = parallax(&["quotes", "corpus", "--event-threshold=0.3"], dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_to_standard_output_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), format!("Headline\n\n{GOOD}\n")).unwrap();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["quotes", "corpus"])
        .current_dir(dir.path())
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains("standard output"), "{}", stderr(&run));
}

#[test]
fn quiet_silences_every_summary_and_help_shows_examples() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), format!("Headline\n\n{GOOD}\n")).unwrap();
    let run = parallax(&["quotes", "corpus", "-q"], dir.path());
    assert!(run.status.success());
    assert!(!String::from_utf8_lossy(&run.stdout).contains("quotations;"));
    for args in [
        vec!["report", "corpus", "-o", "out", "-q"],
        vec!["worksheet", "corpus", "-o", "sheets", "-q"],
        vec!["templates", "export", "t", "-q"],
        vec!["data", "export", "d", "-q"],
    ] {
        let run = parallax(&args, dir.path());
        assert!(run.status.success(), "{args:?}: {}", stderr(&run));
        assert_eq!(stderr(&run), "", "{args:?}");
    }
    for command in [
        vec!["report"],
        vec!["quotes"],
        vec!["framing"],
        vec!["explain"],
        vec!["worksheet"],
        vec!["eval", "clusters"],
        vec!["eval", "quotes"],
        vec!["eval", "bias"],
        vec!["templates", "export"],
        vec!["data", "export"],
        vec!["completions"],
    ] {
        let mut args = command.clone();
        args.push("--help");
        let run = parallax(&args, dir.path());
        let help = String::from_utf8_lossy(&run.stdout);
        assert!(help.contains("Example"), "{command:?}: {help}");
        assert!(
            help.contains(&format!("parallax {}", command.join(" "))),
            "{command:?}: {help}"
        );
    }
}

#[test]
fn completions_are_printed_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let run = parallax(&["completions", shell], dir.path());
        assert!(run.status.success(), "{shell}: {}", stderr(&run));
        let script = String::from_utf8_lossy(&run.stdout);
        assert!(
            script.contains("worksheet") && script.contains("event-threshold"),
            "{shell}"
        );
    }
    let run = parallax(&["completions", "cmd.exe"], dir.path());
    assert_eq!(run.status.code(), Some(2));
}
