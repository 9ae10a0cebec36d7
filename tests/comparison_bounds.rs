//! The comparison's evidence holds and its tables stay bounded: every quotation group is one
//! utterance under the documented thresholds, actor rows are noun phrases of the story (never a
//! dateline, a credit line or an unbalanced fragment), headline diffs and quotation groups stay
//! within one event, and a cluster of hundreds of articles gets tables of bounded size that say
//! what they left out. Runs on the seeds (corpus/) always and on BASIL when ../shared/data is
//! present.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use parallax::compare::{align, naming, omissions, MAX_CLUSTER_GROUPS, MAX_DIFFED_PAIRS};
use parallax::config::Config;
use parallax::pipeline::{self, Analysis};
use parallax::resources::Resources;

fn analyse(path: &Path) -> Analysis {
    pipeline::analyse(path, &Resources::builtin(), &Config::default())
        .unwrap()
        .0
}

fn seeds() -> Analysis {
    analyse(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
}

fn basil() -> Option<Analysis> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/basil/articles.jsonl");
    if path.is_file() {
        Some(analyse(&path))
    } else {
        eprintln!("SKIPPED: ../shared/data is absent; BASIL's comparison was not checked");
        None
    }
}

fn event_of(a: &Analysis) -> HashMap<String, String> {
    a.clustering
        .assignment()
        .into_iter()
        .map(|(article, (_, event))| (article.to_string(), event.to_string()))
        .collect()
}

fn groups_hold(a: &Analysis) {
    let config = Config::default();
    let text: HashMap<&str, &str> = a
        .comparison
        .quotes
        .iter()
        .map(|q| (q.id.as_str(), q.text.as_str()))
        .collect();
    let events = event_of(a);
    for g in &a.comparison.quote_groups {
        let reference = text[g.reference.as_str()];
        let group_events: std::collections::BTreeSet<&String> =
            g.variants.iter().map(|v| &events[&v.article]).collect();
        assert_eq!(group_events.len(), 1, "group {} spans events", g.id);
        for v in &g.variants {
            let relation = align::holds(reference, text[v.quote.as_str()], &config.quotes);
            assert!(
                relation.is_some(),
                "group {} ({:?}): variant {} at similarity {} is another statement",
                g.id,
                g.speaker,
                v.quote,
                v.similarity
            );
        }
    }
}

/// An actor row is a noun phrase of the story.
fn actor_rows_are_names(a: &Analysis) {
    for c in &a.comparison.clusters {
        for row in c.omissions.iter().filter(|r| r.kind == "actor") {
            let item = &row.item;
            let opens = item.matches('(').count();
            assert_eq!(opens, item.matches(')').count(), "unbalanced: {item}");
            assert!(
                !item.contains(['"', '“', '”', ';', ',']),
                "a fragment across punctuation: {item}"
            );
            assert!(
                !item.contains("Editing")
                    && !item.contains("Reporting")
                    && !item.contains("(Reuters"),
                "a credit line or dateline: {item}"
            );
            assert!(item.starts_with(char::is_uppercase), "{item}");
            // A carried cell's sentence names the actor (its last word, whatever the form).
            let name = item.split(" (").next().unwrap();
            for cell in &row.cells {
                let last = name.split_whitespace().last().unwrap();
                let acronym = item.split(" (").nth(1).map(|s| s.trim_end_matches(')'));
                let undotted = cell.sentence.replace('.', "");
                assert!(
                    cell.sentence.contains(last)
                        || acronym.is_some_and(|x| undotted.contains(&x.replace('.', ""))),
                    "{item}: {}",
                    cell.sentence
                );
            }
        }
    }
}

fn diffs_within_events(a: &Analysis) {
    let events = event_of(a);
    for c in &a.comparison.clusters {
        assert!(c.headline_diffs.len() <= MAX_DIFFED_PAIRS);
        for d in &c.headline_diffs {
            assert_eq!(
                events[&d.a], events[&d.b],
                "headline diff across events in {}",
                c.cluster
            );
        }
    }
}

#[test]
fn seed_evidence_holds() {
    let a = seeds();
    groups_hold(&a);
    actor_rows_are_names(&a);
    diffs_within_events(&a);
    // The seeds report five events: none of their quotations is "the same quotation"; the
    // repeated "unfounded and unsubstantiated" is a talking point.
    assert!(a.comparison.quote_groups.is_empty());
    assert!(a
        .comparison
        .talking_points
        .iter()
        .any(|t| t.phrase == "unfounded and unsubstantiated"));
    let storyline = a
        .comparison
        .clusters
        .iter()
        .find(|c| c.level == "storyline")
        .unwrap();
    let items: Vec<&str> = storyline
        .omissions
        .iter()
        .map(|r| r.item.as_str())
        .collect();
    for bad in [
        "MOSCOW (Reuters) - Russia",
        "Guy Faulconbridge; Editing",
        "Kim Jong",
        "MSMT",
    ] {
        assert!(!items.contains(&bad), "{bad} in {items:?}");
    }
    assert!(items.contains(&"Kim Jong-un"), "{items:?}");
    // Carried cells never cite the Reuters photo caption.
    for row in &storyline.omissions {
        for cell in &row.cells {
            assert!(!cell.sentence.contains("State flags of Russia"), "{row:?}");
        }
    }
}

#[test]
fn basil_evidence_holds() {
    let Some(a) = basil() else { return };
    groups_hold(&a);
    actor_rows_are_names(&a);
    diffs_within_events(&a);
    contrasts_name_only_articles_that_could_hold_them(&a);
    headline_statements_say_what_the_words_show(&a);
}

/// A headline statement that is not about verbs says which words the headlines share and
/// which only one has, and both hold: a shared word is in every cited headline, a word said to
/// be one headline's own is in it and in no other (the statement claims no "angle", which
/// paraphrases of one fact would not have). A label statement names only articles it cites.
fn headline_statements_say_what_the_words_show(a: &Analysis) {
    let mut checked = 0;
    for c in &a.contrasts {
        if c.kind == "loaded label quoted" || c.kind == "loaded label" {
            let named = c.statement.split(" quotes ").next().unwrap();
            for k in 0..26 {
                let letter = parallax::contrasts::letter(k);
                if named.contains(&format!("({letter}")) || named.contains(&format!(", {letter}")) {
                    assert!(
                        c.citations.iter().any(|x| x.letter == letter),
                        "{}: {} names {letter} without citing it",
                        c.cluster,
                        c.statement
                    );
                }
            }
        }
        if c.kind != "headlines"
            || c.statement
                .starts_with("The headlines differ in their verbs")
        {
            continue;
        }
        // The words of a headline as a reader counts them: each token without dots, hyphens
        // and case, by stem ("G.O.P." and "GOP", "E-Mails" and "emails", "Subpoenas" and
        // "subpoena"), and the initials of each run of capitalised words ("New Jersey" holds
        // "nj").
        let stems = |text: &str| -> std::collections::BTreeSet<String> {
            let tokens: Vec<&str> = text
                .split_whitespace()
                .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
                .filter(|t| !t.is_empty())
                .collect();
            let mut out: std::collections::BTreeSet<String> = tokens
                .iter()
                .map(|t| t.replace(['.', '-'], ""))
                .flat_map(|t| parallax::text::content_stems(&t))
                .collect();
            for n in 2..=5 {
                for run in tokens.windows(n) {
                    if run.iter().all(|t| t.starts_with(char::is_uppercase)) {
                        out.insert(run.iter().map(|t| t[..1].to_lowercase()).collect());
                    }
                }
            }
            out
        };
        let heads: Vec<(&str, std::collections::BTreeSet<String>)> = c
            .citations
            .iter()
            .filter(|x| x.field == "headline")
            .map(|x| (x.sentence.as_str(), stems(&x.sentence)))
            .collect();
        assert!(heads.len() >= 2, "{}", c.statement);
        let (lead, rest) = c.statement.split_once(": ").unwrap();
        assert!(lead.starts_with("The headlines share"), "{}", c.statement);
        let quoted = |text: &str| -> Vec<String> {
            text.split('“')
                .skip(1)
                .map(|w| w.split('”').next().unwrap().to_string())
                .collect()
        };
        for word in quoted(lead) {
            assert!(
                stems(&word)
                    .iter()
                    .all(|w| heads.iter().all(|(_, h)| h.contains(w))),
                "{}: “{word}” is not in every headline",
                c.statement
            );
        }
        for part in rest.split("); ") {
            let Some((head, own)) = part.split_once(" (only it: ") else {
                continue;
            };
            let head = head.split_once(": “").unwrap().1.trim_end_matches('”');
            let (_, mine) = heads
                .iter()
                .find(|(h, _)| *h == head)
                .expect("a cited headline");
            for word in quoted(own) {
                for w in stems(&word) {
                    assert!(mine.contains(&w), "{}: “{word}” not in “{head}”", c.cluster);
                    assert!(
                        heads
                            .iter()
                            .filter(|(h, _)| *h != head)
                            .all(|(_, h)| !h.contains(&w)),
                        "{}: “{word}” is in another headline",
                        c.cluster
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked} words checked");
}

/// The letters of a "does not give this figure" side name only articles of an event in which
/// a cited article gives it; no headline statement quotes a "headline" that is the start of its
/// article's text (a record without a title); a fragment quoted by one outlet is compared with
/// another's fuller quotation of the same words ("insisted 'nothing improper'" against "said,
/// 'I can assure the public that nothing improper took place'").
fn contrasts_name_only_articles_that_could_hold_them(a: &Analysis) {
    let events = event_of(a);
    let by_id: HashMap<&str, &parallax::model::Article> = a
        .corpus
        .articles
        .iter()
        .map(|x| (x.id.as_str(), x))
        .collect();
    for c in &a.contrasts {
        let letters: HashMap<&str, &str> = c
            .citations
            .iter()
            .map(|x| (x.letter.as_str(), x.article.as_str()))
            .collect();
        if c.kind == "figure only some give" {
            let giving: std::collections::BTreeSet<&String> =
                c.citations.iter().map(|x| &events[&x.article]).collect();
            let cluster = a
                .comparison
                .clusters
                .iter()
                .find(|k| k.cluster == c.cluster)
                .unwrap();
            let absent = c.statement.rsplit("; ").next().unwrap();
            for (k, id) in cluster.articles.iter().enumerate() {
                let letter = parallax::contrasts::letter(k);
                let named = absent.contains(&format!("({letter})"))
                    || absent.contains(&format!("({letter},"))
                    || absent.contains(&format!(", {letter})"))
                    || absent.contains(&format!(", {letter},"));
                if named && !letters.contains_key(letter.as_str()) {
                    assert!(
                        giving.contains(&events[id]),
                        "{}: {} names {letter} of another event",
                        c.cluster,
                        c.statement
                    );
                }
            }
        }
        if c.kind == "headlines" {
            for x in c.citations.iter().filter(|x| x.field == "headline") {
                let article = by_id[x.article.as_str()];
                assert!(
                    !article
                        .text
                        .starts_with(article.title.trim_end_matches('…')),
                    "{}: {}",
                    c.cluster,
                    article.title
                );
            }
        }
    }
    assert!(
        a.contrasts.iter().any(|c| c.kind == "attribution verb"
            && c.statement.contains("Barack Obama")
            && c.statement.contains("“insisted”")
            && c.citations
                .iter()
                .any(|x| x.sentence.contains("\"nothing improper\""))),
        "Obama's 'nothing improper' is compared with the fuller quotation"
    );
}

/// A corpus of `n` reports of one event by a dozen outlets: one wire story, retold.
fn one_event_corpus(dir: &Path, n: usize) -> PathBuf {
    let outlets = [
        "Reuters",
        "AP",
        "AFP",
        "BBC",
        "CNN",
        "Fox News",
        "RT",
        "Sputnik",
        "Xinhua",
        "NHK",
        "Al Jazeera",
        "DW",
        "France 24",
        "NPR",
    ];
    let mut lines = String::new();
    for i in 0..n {
        let outlet = outlets[i % outlets.len()];
        let text = format!(
            "Floods in the Rhine valley forced {k} people from their homes on Tuesday, left {d} cars under water, \
             cut power to {h} houses, closed {r} roads and brought {m} millimetres of rain, officials in Cologne said.\n\n\
             Mayor Henriette Reker said that \"the water is still rising and the city will open {s} more shelters tonight.\"\n\n\
             The German Weather Service warned that rain would continue until Thursday across North Rhine-Westphalia.\n\n\
             Report {i} by {outlet}: Chancellor Olaf Scholz is expected to visit Cologne, and the Red Cross sent {v} volunteers.",
            k = 1000 + i,
            s = 3 + i % 7,
            v = 40 + i,
            d = 200 + i,
            h = 5000 + i,
            r = 60 + i,
            m = 100 + i,
        );
        let record = serde_json::json!({
            "id": format!("flood-{i}"),
            "title": format!("Rhine floods force {} from homes in Cologne ({outlet})", 1000 + i),
            "text": text,
            "outlet": outlet,
            "date": "2021-07-14",
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    let path = dir.join("articles.jsonl");
    std::fs::write(&path, lines).unwrap();
    path
}

#[test]
fn a_cluster_of_hundreds_of_articles_has_bounded_tables_that_say_what_they_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let n = 300;
    let a = analyse(&one_event_corpus(dir.path(), n));
    let event = a
        .comparison
        .clusters
        .iter()
        .filter(|c| c.level == "event")
        .max_by_key(|c| c.articles.len())
        .unwrap();
    assert!(
        event.articles.len() >= 250,
        "one event of {} articles",
        event.articles.len()
    );
    let left = &event.left_out;
    assert!(event.columns.len() <= omissions::MAX_COLUMNS);
    assert_eq!(left.columns, event.articles.len() - event.columns.len());
    assert!(left.columns > 0);
    // The columns cover every outlet before any outlet gets a second one.
    let outlets: std::collections::BTreeSet<&str> = event
        .headlines
        .iter()
        .filter(|h| event.columns.contains(&h.article))
        .map(|h| h.outlet.as_str())
        .collect();
    assert_eq!(outlets.len(), event.columns.len());
    assert!(event.headline_diffs.len() <= MAX_DIFFED_PAIRS);
    let pairs = event.articles.len() * (event.articles.len() - 1) / 2;
    assert_eq!(left.headline_diffs, pairs - event.headline_diffs.len());
    assert!(event.omissions.len() <= omissions::MAX_ROWS);
    assert!(event.naming.len() <= naming::MAX_ROWS);
    assert!(event.quote_groups.len() <= MAX_CLUSTER_GROUPS);
    for row in &event.omissions {
        assert!(row.cells.len() <= event.columns.len());
    }
    // Every report has its own figures, so far more rows are salient than are shown.
    assert!(left.omission_rows > 0, "{left:?}");
    // The mayor's words are one utterance in every report: one group, all articles.
    let mayor = a
        .comparison
        .quote_groups
        .iter()
        .find(|g| g.variants.len() >= 250)
        .expect("the mayor's quotation is aligned across the reports");
    assert!(mayor
        .variants
        .iter()
        .all(|v| v.relation != "reworded" || v.similarity >= 0.5));
}
