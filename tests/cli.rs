//! Runs the real binary in temporary folders and checks the files it writes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

fn copy_dir(from: &Path, to: &Path, skip: &[&str]) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if path.is_file() && !skip.contains(&name.as_str()) {
            std::fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(path)
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn default_corpus_report_has_every_file_and_the_manifest_outlets() {
    let out = tempfile::tempdir().unwrap();
    let result = parallax(
        &["report", "corpus", "-o", out.path().to_str().unwrap()],
        &repo(),
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    for file in [
        "index.html",
        "report.md",
        "report.json",
        "articles.csv",
        "clusters.csv",
        "quotes.csv",
        "quote_groups.csv",
        "framing.csv",
        "outlet_framing.csv",
        "omissions.csv",
    ] {
        assert!(out.path().join(file).is_file(), "{file} missing");
    }
    let index = read(&out.path().join("index.html"));
    assert!(index.contains(
        "Russia calls claim about its alleged military ties with North Korea inaccurate"
    ));
    assert!(index.contains("state-controlled"), "ownership badges");
    let articles = csv_rows(&out.path().join("articles.csv"));
    assert_eq!(articles.len(), 5);
    let outlet_of = |file: &str| -> (String, String) {
        let row = articles.iter().find(|r| r[1].ends_with(file)).unwrap();
        (row[3].to_string(), row[4].to_string())
    };
    assert_eq!(
        outlet_of("000_d0e66d3f41c212b5.txt"),
        ("Reuters".into(), "manifest".into())
    );
    assert_eq!(
        outlet_of("001_020b76a7ef38bb59.txt"),
        ("RT".into(), "manifest".into())
    );
    assert_eq!(outlet_of("002_3511b716358273cc.txt").0, "unknown");
    // One storyline, five events: one page each, plus one per article.
    let clusters = std::fs::read_dir(out.path().join("clusters"))
        .unwrap()
        .count();
    assert_eq!(clusters, 6);
    assert_eq!(
        std::fs::read_dir(out.path().join("articles"))
            .unwrap()
            .count(),
        5
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.path().join("report.json"))).unwrap();
    assert_eq!(json["schema_version"], 5);
    // Each quotation points into its article's text, which is there once.
    let articles = json["corpus"]["articles"].as_array().unwrap();
    let quotes = json["comparison"]["quotes"].as_array().unwrap();
    assert!(!quotes.is_empty());
    for q in quotes {
        assert!(q.get("text").is_none(), "{q}");
        let article = articles.iter().find(|a| a["id"] == q["article"]).unwrap();
        let text = article["text"].as_str().unwrap();
        let (start, end) = (q["start"].as_u64().unwrap(), q["end"].as_u64().unwrap());
        assert!(text
            .get(start as usize..end as usize)
            .is_some_and(|t| !t.is_empty()));
    }
    assert_eq!(
        json["clustering"]["storylines"].as_array().unwrap().len(),
        1
    );
    // Web residue is gone from the normalised text.
    assert!(!read(&out.path().join("report.json")).contains("Leave a Reply"));
}

#[test]
fn without_a_manifest_outlets_are_inferred_as_the_gold_says() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("corpus"), dir.path(), &["manifest.csv"]);
    // Beside the corpus, not inside it (which is refused).
    let outside = tempfile::tempdir().unwrap();
    let out = outside.path().join("out");
    let result = parallax(&["report", ".", "-o", out.to_str().unwrap()], dir.path());
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let articles = csv_rows(&out.join("articles.csv"));
    let expected = [
        ("000_d0e66d3f41c212b5.txt", "Reuters"),
        ("001_020b76a7ef38bb59.txt", "unknown"),
        ("002_3511b716358273cc.txt", "unknown"),
        ("003_cf7a61948d7c4840.txt", "unknown"),
        ("004_97368c307234eec3.txt", "Sputnik"),
    ];
    for (file, outlet) in expected {
        let row = articles.iter().find(|r| r[1].ends_with(file)).unwrap();
        assert_eq!(&row[3], outlet, "{file}");
        if outlet != "unknown" {
            assert_eq!(&row[4], "inferred");
            assert!(!row[5].is_empty(), "inferred outlets carry their evidence");
        }
    }
    let reuters = articles
        .iter()
        .find(|r| r[1].ends_with("000_d0e66d3f41c212b5.txt"))
        .unwrap();
    assert!(reuters[5].contains("MOSCOW (Reuters)"), "{}", &reuters[5]);
}

#[test]
fn bad_input_is_warned_about_and_good_articles_survive() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/bad"), dir.path(), &[]);
    // A 50 MB text file, made here rather than kept in the repository.
    let line = "This sentence repeats to make a very large file that should be refused.\n";
    std::fs::write(
        dir.path().join("huge.txt"),
        line.repeat(50_000_000 / line.len() + 1),
    )
    .unwrap();
    let outside = tempfile::tempdir().unwrap();
    let out = outside.path().join("out");
    let result = parallax(&["report", ".", "-o", out.to_str().unwrap()], dir.path());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    for (file, words) in [
        ("empty.txt", "empty file"),
        ("image.png", "skipped"),
        ("latin1.txt:1", "invalid UTF-8"),
        // Where the YAML parser stops: the `:` of the line after the unclosed `[`.
        ("broken_front.md:3", "broken front matter (column 5"),
        ("huge.txt", "over the 20.0 MB limit"),
        // The file line of the paragraph, not its number or a byte offset.
        ("unbalanced.txt:3", "never closes"),
    ] {
        let hit = stderr
            .lines()
            .filter(|l| l.contains(file) && l.contains(words))
            .count();
        assert_eq!(
            hit, 1,
            "one warning for {file} with `{words}` in:\n{stderr}"
        );
    }
    let articles = csv_rows(&out.join("articles.csv"));
    let titles: Vec<&str> = articles.iter().map(|r| &r[2]).collect();
    assert!(titles.contains(&"Port officials report record traffic"));
    assert!(
        titles.contains(&"Ministry denies report on shipments"),
        "broken front matter keeps its text"
    );
    assert!(titles.iter().any(|t| t.starts_with("Officials deny")));
    // The hostile page's script never reaches the HTML output as markup.
    for entry in walk(&out) {
        if entry.extension().is_some_and(|e| e == "html") {
            let html = read(&entry);
            assert!(!html.contains("<script"), "{}", entry.display());
            assert!(!html.contains("onerror"), "{}", entry.display());
        }
    }
    assert!(read(&out.join("index.html")).contains("&lt;script&gt;"));
    // A formula in the text is neutralised in every CSV cell.
    let framing = read(&out.join("framing.csv"));
    assert!(!framing.contains(",=HYPERLINK") && !framing.contains(",\"=HYPERLINK"));
    assert!(read(&out.join("report.md")).contains("broken front matter"));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn same_input_gives_identical_output_whatever_the_file_names() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("corpus"), a.path(), &["manifest.csv"]);
    // The same articles under names that sort in the opposite order.
    let mut names: Vec<PathBuf> = std::fs::read_dir(repo().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    for (i, path) in names.iter().enumerate() {
        std::fs::copy(
            path,
            b.path().join(format!(
                "{}_{}",
                9 - i,
                path.file_name().unwrap().to_str().unwrap()
            )),
        )
        .unwrap();
    }
    // Each output beside its corpus, not inside it (which is refused).
    let outside = tempfile::tempdir().unwrap();
    let out_of = |name: &str| outside.path().join(name);
    for (dir, name) in [(&a, "a"), (&b, "b")] {
        let out = out_of(name);
        let result = parallax(
            &["report", ".", "-o", out.to_str().unwrap(), "--quiet"],
            dir.path(),
        );
        assert!(result.status.success());
    }
    for file in [
        "index.html",
        "report.md",
        "clusters.csv",
        "quotes.csv",
        "framing.csv",
        "omissions.csv",
        "quote_groups.csv",
    ] {
        assert!(
            read(&out_of("a").join(file)) == read(&out_of("b").join(file)),
            "{file} differs"
        );
    }
    // And twice on the same folder: byte for byte.
    let first = read(&out_of("a").join("report.json"));
    let out = out_of("a");
    parallax(
        &["report", ".", "-o", out.to_str().unwrap(), "--quiet"],
        a.path(),
    );
    assert!(
        first == read(&out_of("a").join("report.json")),
        "report.json differs between runs"
    );
}

#[test]
fn missing_or_empty_corpus_is_exit_code_two() {
    let dir = tempfile::tempdir().unwrap();
    let result = parallax(&["report", "no-such-folder", "-o", "out"], dir.path());
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("no-such-folder"));
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let result = parallax(&["report", "empty", "-o", "out"], dir.path());
    assert_eq!(result.status.code(), Some(2));
    assert!(
        !dir.path().join("out").exists(),
        "nothing is written when nothing was read"
    );
}

#[test]
fn single_file_corpus_and_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.jsonl"),
        concat!(
            "{\"id\":\"x1\",\"title\":\"Storm hits coast\",\"text\":\"A storm hit the coast on Monday.\\n\\nOfficials said 3 people died.\",\"outlet\":\"Reuters\",\"date\":\"2024-01-02\"}\n",
            "{\"id\":\"x2\",\"title\":\"Coastal storm kills three\",\"text\":\"Three people died when a storm hit the coast on Monday, officials said.\",\"outlet\":\"AP\",\"date\":\"2024-01-02\"}\n"
        ),
    )
    .unwrap();
    let result = parallax(&["report", "a.jsonl", "-o", "out"], dir.path());
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let rows = csv_rows(&dir.path().join("out/articles.csv"));
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .any(|r| &r[3] == "Associated Press" && &r[4] == "record"));
}

#[test]
fn user_templates_override_and_broken_ones_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let result = parallax(&["templates", "export", "tpl"], dir.path());
    assert!(result.status.success());
    assert!(dir.path().join("tpl/index.html").is_file());
    std::fs::write(
        dir.path().join("tpl/report.md"),
        "# My own report\n{{ index.article_count }} articles\n",
    )
    .unwrap();
    let corpus = repo().join("corpus");
    let result = parallax(
        &[
            "report",
            corpus.to_str().unwrap(),
            "-o",
            "out",
            "--templates",
            "tpl",
            "--quiet",
        ],
        dir.path(),
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_eq!(
        read(&dir.path().join("out/report.md")),
        "# My own report\n5 articles"
    );
    std::fs::write(
        dir.path().join("tpl/report.md"),
        "line one\n{% for x in %}\n",
    )
    .unwrap();
    let result = parallax(
        &[
            "report",
            corpus.to_str().unwrap(),
            "-o",
            "out2",
            "--templates",
            "tpl",
        ],
        dir.path(),
    );
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("tpl/report.md:2"), "{stderr}");
}

#[test]
fn explain_prints_the_shared_evidence() {
    let result = parallax(&["explain", "000_", "004_"], &repo());
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        stdout.contains("Same event: no; same storyline: yes"),
        "{stdout}"
    );
    assert!(stdout.contains("Similarity of the texts"), "{stdout}");
    // The seeds share their storyline through the actors they name.
    assert!(stdout.contains("Shared names"), "{stdout}");
}

#[test]
fn worksheet_has_handout_and_answer_key_built_from_findings() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = repo().join("corpus");
    let result = parallax(
        &["worksheet", corpus.to_str().unwrap(), "-o", "ws", "--quiet"],
        dir.path(),
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let files: Vec<String> = std::fs::read_dir(dir.path().join("ws"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| !name.starts_with('.')) // the manifest of what Parallax wrote
        .collect();
    assert_eq!(files.len(), 4, "{files:?}");
    let key = files
        .iter()
        .find(|f| f.ends_with("-answer-key.md"))
        .unwrap();
    let key = read(&dir.path().join("ws").join(key));
    let handout = read(&dir.path().join("ws").join(key_to_handout(&files)));
    // The talking point and the hedged figure come from the findings, with line citations.
    assert!(key.contains("unfounded and unsubstantiated"));
    assert!(key.contains("without providing evidence"));
    assert!(key.contains("1,000 containers"));
    assert!(key.contains(", line "));
    assert!(handout.contains("unfounded and unsubstantiated"));
    assert!(!handout.contains("*Answer:*"));
    let unknown = parallax(
        &[
            "worksheet",
            corpus.to_str().unwrap(),
            "-o",
            "ws2",
            "--cluster",
            "nope",
        ],
        dir.path(),
    );
    assert_eq!(unknown.status.code(), Some(2));
}

fn key_to_handout(files: &[String]) -> String {
    files
        .iter()
        .find(|f| f.ends_with(".md") && !f.contains("answer-key"))
        .unwrap()
        .clone()
}

/// Two title defences of one champion, seven reports of each: the reports share the champion,
/// the belts and the ringside talk, and differ in the opponent, the round and the city.
fn two_fights(dir: &Path) {
    let fights = [
        (
            "Hasim Rahman",
            "seventh",
            "Mannheim",
            "SAP Arena",
            "Lennox Lewis",
            "jab",
        ),
        (
            "Tony Thompson",
            "sixth",
            "Bern",
            "Stade de Suisse",
            "Sam Williams",
            "right hand",
        ),
    ];
    let background = [
        "Wladimir Klitschko retained his IBF and WBO heavyweight titles on Saturday.",
        "The Ukrainian champion controlled the fight from the opening bell.",
        "Klitschko has not lost since 2004 and remains the dominant heavyweight of his era.",
        "The crowd cheered as the referee waved the fight off.",
        "Klitschko said he wanted to unify all the heavyweight belts.",
        "Promoters expect the champion to defend his belts again in the spring.",
        "His brother Vitali watched from ringside and applauded the performance.",
    ];
    for (f, (opponent, round, city, arena, trainer, punch)) in fights.iter().enumerate() {
        let own = [
            format!("{opponent} was stopped in the {round} round in {city}."),
            format!("At the {arena}, {opponent} could not answer the champion's {punch}."),
            format!("{opponent}'s trainer {trainer} said his fighter had been outclassed."),
            format!("The {round}-round stoppage ended {opponent}'s title hopes."),
            format!("Klitschko's {punch} dropped {opponent} twice."),
            format!("Fans in {city} filled the {arena} hours before the bout."),
            format!("{trainer} asked the referee to stop it before the {round} round ended."),
        ];
        for a in 0..own.len() {
            let lines = [
                format!("Klitschko beats {opponent} in {city}"),
                own[a].clone(),
                // Each fight's reports draw on the background in their own order: reports of two
                // fights do not share two sentences word for word.
                background[(a + 3 * f) % background.len()].to_string(),
                own[(a + 3) % own.len()].clone(),
                background[(a + 2 + 3 * f) % background.len()].to_string(),
            ];
            std::fs::write(dir.join(format!("fight{f}-{a}.txt")), lines.join("\n\n")).unwrap();
        }
    }
}

#[test]
fn two_title_fights_of_one_boxer_are_two_events() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("fights");
    std::fs::create_dir_all(&corpus).unwrap();
    two_fights(&corpus);
    let out = parallax(&["report", "fights", "-o", "out", "--quiet"], tmp.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = csv_rows(&tmp.path().join("out/articles.csv"));
    let event_of = |name: &str| -> String {
        rows.iter()
            .find(|r| r[1].ends_with(name))
            .map(|r| r[16].to_string())
            .unwrap()
    };
    for a in 1..5 {
        assert_eq!(
            event_of("fight0-0.txt"),
            event_of(&format!("fight0-{a}.txt"))
        );
        assert_eq!(
            event_of("fight1-0.txt"),
            event_of(&format!("fight1-{a}.txt"))
        );
    }
    assert_ne!(event_of("fight0-0.txt"), event_of("fight1-0.txt"));
    let page = read(
        &tmp.path()
            .join(format!("out/clusters/{}.html", event_of("fight0-0.txt"))),
    );
    // Whether agglomeration keeps them apart or a split does (`split.rs` has its own tests),
    // the page is the one fight's.
    assert!(page.to_lowercase().contains("rahman"));
    assert!(!page.to_lowercase().contains("thompson"));
}

/// Reports of three events as JSON Lines: two office shootings years apart, each in its own
/// city with its own people, and a budget vote.
fn two_shootings_and_a_vote(path: &Path) {
    let shootings = [
        (
            "Vancouver",
            "Jorge Ramos",
            "Tallgrass Wholesale",
            "2008-12-20",
            "Sgt. Ian Walker",
            "Christmas party",
        ),
        (
            "Detroit",
            "Kenneth Carter",
            "Midtown Logistics",
            "2012-03-02",
            "Chief Ralph Godbee",
            "staff meeting",
        ),
    ];
    let mut lines = Vec::new();
    for (city, shooter, firm, date, officer, gathering) in shootings {
        let leads = [
            format!("A fired employee opened fire at his former office in {city}, killing one worker and wounding two others."),
            format!("A gunman who had been fired from his job shot dead a co-worker at an office in {city}."),
            format!("Police in {city} said a former employee walked into the office and opened fire, killing one person."),
            format!("One worker was killed and two were wounded when a sacked employee opened fire at a {city} office."),
        ];
        // Later paragraphs are about this shooting's own people, places and past.
        let details = [
            format!("{shooter}, 44, was arrested at the scene of the shooting at {firm} by {officer}."),
            format!("{officer} told reporters that {shooter} had lost his job at {firm} two weeks earlier."),
            format!("Staff at {firm} were gathered for a {gathering} when the gunfire began."),
            format!("{shooter} was charged with murder and two counts of attempted murder."),
            format!("Neighbours of {shooter} in {city} described him as quiet."),
            format!("{firm} has traded in {city} since 1971 and employs about forty people."),
            format!("The mayor of {city} visited the families of the victims on {gathering} night."),
            format!("{officer} said {shooter} bought the pistol legally in {city} last year."),
        ];
        let titles = [
            format!("{shooter} charged after {city} office shooting"),
            format!("Fired employee kills co-worker at {firm}"),
            format!("{city} office shooting: one dead, two hurt"),
            format!("{officer} names {firm} gunman"),
        ];
        for (r, lead) in leads.iter().enumerate() {
            let mut paragraphs = vec![lead.clone()];
            for k in 0..6 {
                paragraphs.push(details[(r + k) % details.len()].clone());
            }
            lines.push(serde_json::json!({
                "id": format!("{city}-{r}"),
                "title": titles[r],
                "text": paragraphs.join("\n\n"),
                "date": date,
            }));
        }
    }
    let vote = [
        "The city council approved a budget that raises property taxes by two percent.",
        "Council members voted seven to two for the spending plan after a long debate.",
        "The budget adds money for road repairs and libraries while cutting overtime.",
        "Mayor Ellen Price said the tax rise was the price of fixing the roads.",
    ];
    for r in 0..4 {
        let paragraphs: Vec<&str> = (0..3).map(|k| vote[(r + k) % vote.len()]).collect();
        lines.push(serde_json::json!({
            "id": format!("budget-{r}"),
            "title": "Council passes budget with property tax rise",
            "text": paragraphs.join("\n\n"),
            "date": "2012-03-05",
        }));
    }
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::fs::write(path, text.join("\n")).unwrap();
}

#[test]
fn storylines_keep_apart_events_of_one_kind_that_happen_to_different_people() {
    let tmp = tempfile::tempdir().unwrap();
    two_shootings_and_a_vote(&tmp.path().join("news.jsonl"));
    let out = parallax(
        &["report", "news.jsonl", "-o", "out", "--quiet"],
        tmp.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = csv_rows(&tmp.path().join("out/articles.csv"));
    let of = |title_part: &str, column: usize| -> Vec<String> {
        let mut found: Vec<String> = rows
            .iter()
            .filter(|r| r[2].contains(title_part))
            .map(|r| r[column].to_string())
            .collect();
        found.dedup();
        found
    };
    let (storyline, event) = (15, 16);
    // One event per shooting, and one storyline each: two shootings in two cities by two men
    // are two stories of one kind, not one story. The vote stands apart.
    assert_eq!(of("Vancouver", event).len(), 1, "{rows:?}");
    assert_eq!(of("Detroit", event).len(), 1, "{rows:?}");
    assert_ne!(of("Vancouver", event), of("Detroit", event));
    assert_eq!(of("Vancouver", storyline).len(), 1, "{rows:?}");
    assert_eq!(of("Detroit", storyline).len(), 1, "{rows:?}");
    assert_ne!(of("Vancouver", storyline), of("Detroit", storyline));
    assert_eq!(of("budget", storyline).len(), 1, "{rows:?}");
    assert!(!of("budget", storyline)
        .iter()
        .any(|s| of("shooting", storyline).contains(s)));
}

#[test]
fn exported_web_residue_rules_are_read_back_with_residue() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("news");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("a.txt"),
        "Council passes budget\n\nThe city council approved the budget on Monday.\n\nRead more from our newsroom partners\n",
    )
    .unwrap();
    let export = parallax(&["data", "export", "data"], dir.path());
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let rules = dir.path().join("data/web_residue.toml");
    let edited = read(&rules).replace("phrases = [", "phrases = [\n  \"read more from\",");
    std::fs::write(&rules, edited).unwrap();
    let text_of = |extra: &[&str]| -> String {
        let mut args = vec!["report", "news", "-o", "out", "--quiet"];
        args.extend_from_slice(extra);
        let out = parallax(&args, dir.path());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        read(&dir.path().join("out/report.json"))
    };
    assert!(text_of(&[]).contains("Read more from our newsroom partners"));
    assert!(!text_of(&["--residue", "data/web_residue.toml"]).contains("Read more from"));
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "max_chars = 160\nphrases = [1,\n").unwrap();
    let out = parallax(
        &["report", "news", "-o", "out", "--residue", "broken.toml"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.toml:"));
}

/// A corpus of `topics` unrelated stories of `per_topic` short reports each: every topic has its
/// own made-up vocabulary and month, so the stories cannot merge.
fn many_stories(dir: &Path, topics: usize, per_topic: usize) -> PathBuf {
    let mut lines = String::new();
    for t in 0..topics {
        let word = |j: usize| {
            format!(
                "{}{}",
                ["zor", "vek", "tam", "qui", "lor", "mex"][j % 6],
                t * 100 + j
            )
        };
        for i in 0..per_topic {
            let text = format!(
                "The {} of {} met the {} on Monday to discuss the {} and the {}.\n\n\
                 Officials said the {} would {} the {} by Friday, report {i} says.",
                word(0),
                word(1),
                word(2),
                word(3),
                word(4),
                word(5),
                word(6),
                word(7)
            );
            let outlet = ["Reuters", "AP", "BBC"][i % 3];
            let record = serde_json::json!({
                "id": format!("story-{t}-{i}"),
                "title": format!("{} meets {} over {} ({i})", word(0), word(2), word(3)),
                "text": text,
                "outlet": outlet,
                "date": format!("20{:02}-03-0{}", 10 + t, 1 + i % 3),
            });
            lines.push_str(&record.to_string());
            lines.push('\n');
        }
    }
    let path = dir.join("articles.jsonl");
    std::fs::write(&path, lines).unwrap();
    path
}

#[test]
fn a_large_corpus_gets_an_index_of_several_pages_each_listing_its_own_articles() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = many_stories(dir.path(), 6, 250);
    let out = dir.path().join("out");
    report_quietly(&corpus, &out, dir.path());
    let mut pages = vec![out.join("index.html")];
    for k in 2.. {
        let page = out.join(format!("index-{k}.html"));
        if !page.is_file() {
            break;
        }
        pages.push(page);
    }
    assert!(
        pages.len() >= 2,
        "1,500 articles in 6 stories fill more than one index page"
    );
    let mut listed = std::collections::BTreeMap::new();
    for (k, page) in pages.iter().enumerate() {
        let html = read(page);
        assert!(
            html.len() < 2_000_000,
            "{} is {} bytes",
            page.display(),
            html.len()
        );
        assert!(
            html.contains("aria-label=\"Index pages\""),
            "{} links the other pages",
            page.display()
        );
        // Every article is listed in the articles table of exactly one page.
        let table = &html[html.find("id=\"articles\"").unwrap()..];
        for id in table
            .match_indices("href=\"articles/")
            .map(|(i, _)| &table[i + 15..i + 31])
        {
            assert!(
                listed.insert(id.to_string(), k).is_none_or(|p| p == k),
                "{id} on two pages"
            );
        }
        // The corpus-wide sections are on the first page only.
        assert_eq!(
            html.contains("id=\"glossary\""),
            k == 0,
            "{}",
            page.display()
        );
    }
    let articles = csv_rows(&out.join("articles.csv"));
    assert_eq!(listed.len(), articles.len());
}

/// Two events of three articles each and `singles` unrelated one-article stories.
fn stories_and_singles(dir: &Path, singles: usize) -> PathBuf {
    let mut lines = String::new();
    let mut push = |id: String, title: String, text: String, outlet: &str, day: usize| {
        let date = format!(
            "{}-{:02}-{:02}",
            2000 + day / 336,
            day / 28 % 12 + 1,
            day % 28 + 1
        );
        let record = serde_json::json!({"id": id, "title": title, "text": text, "outlet": outlet, "date": date});
        lines.push_str(&record.to_string());
        lines.push('\n');
    };
    let words = |t: usize, j: usize| {
        format!(
            "{}{}",
            ["zor", "vek", "tam", "qui", "lor", "mex", "dun", "pif"][j % 8],
            t * 10 + j
        )
    };
    for t in 0..singles + 2 {
        let w = |j| words(t, j);
        let copies = if t < 2 { 3 } else { 1 };
        for i in 0..copies {
            push(
                format!("story-{t}-{i}"),
                format!("{} meets {} over {}", w(0), w(2), w(3)),
                format!(
                    "The {} of {} met the {} to discuss the {} and the {}.\n\n\
                     Officials said the {} would {} the {}, report {i} says.",
                    w(0),
                    w(1),
                    w(2),
                    w(3),
                    w(4),
                    w(5),
                    w(6),
                    w(7)
                ),
                ["Reuters", "AP", "BBC"][i % 3],
                t * 3,
            );
        }
    }
    let path = dir.join("articles.jsonl");
    std::fs::write(&path, lines).unwrap();
    path
}

/// Runs `report -q` on `corpus` into `out` and checks that it succeeded.
fn report_quietly(corpus: &Path, out: &Path, dir: &Path) {
    let run = parallax(
        &[
            "report",
            "-q",
            corpus.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        dir,
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Every `href` of a page that points into the output folder names a file that exists.
fn assert_links_resolve(page: &Path) {
    let html = read(page);
    let base = page.parent().unwrap();
    for (i, _) in html.match_indices("href=\"") {
        let target = &html[i + 6..];
        let target = &target[..target.find('"').unwrap()];
        let target = target.replace("&#x2f;", "/");
        let file = target.split('#').next().unwrap();
        if file.is_empty() || file.contains("://") {
            continue;
        }
        assert!(
            base.join(file).is_file(),
            "{} links to {file}, which was not written",
            page.display()
        );
    }
}

#[test]
fn above_two_thousand_articles_single_article_clusters_are_listed_not_paged() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = stories_and_singles(dir.path(), 2_001);
    let out = dir.path().join("out");
    report_quietly(&corpus, &out, dir.path());
    let clusters: Vec<PathBuf> = std::fs::read_dir(out.join("clusters"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // The two three-article events have pages; the 2,001 single articles do not (a few may
    // have been joined, but not most of them). A storyline of one event is shown on its
    // event's page: no storyline here has a page of its own.
    assert!(
        (2..100).contains(&clusters.len()),
        "{} cluster pages",
        clusters.len()
    );
    assert!(
        clusters
            .iter()
            .all(|p| p.file_name().unwrap().to_str().unwrap().starts_with("e-")),
        "{clusters:?}"
    );
    for page in &clusters {
        assert!(
            read(page).contains("The only event of its storyline"),
            "{} does not say it stands for its storyline",
            page.display()
        );
    }
    let articles = std::fs::read_dir(out.join("articles")).unwrap().count();
    assert_eq!(articles, 2_007, "every article keeps its page");
    let index = read(&out.join("index.html"));
    assert!(
        index.contains("<h3 id=\"s-") && index.contains("><a href=\"articles&#x2f;"),
        "a single article's storyline links to the article"
    );
    let pages = std::fs::read_dir(out.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path());
    let mut singles = 0;
    for page in clusters.iter().cloned().chain(pages) {
        assert_links_resolve(&page);
        let html = read(&page).replace("&#x2f;", "/");
        if let Some(at) = html.find("\">event</a>") {
            let own = format!(
                "../articles/{}",
                page.file_name().unwrap().to_str().unwrap()
            );
            singles += usize::from(html[..at].ends_with(&own));
        }
    }
    for k in ["index.html", "index-2.html"] {
        assert_links_resolve(&out.join(k));
    }
    assert!(
        singles >= 1_900,
        "{singles} single articles link their event to their own page"
    );
}
