//! The framing findings a careful reader notices in the seed articles (see
//! ../shared/data/seeds-gold/README.md), asserted with their article and offsets. The seeds are
//! in corpus/, so these tests run in every clone.

use std::path::Path;

use parallax::compare::framing::Finding;
use parallax::config::Config;
use parallax::pipeline::{self, Analysis};
use parallax::resources::Resources;

fn analysis() -> Analysis {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    pipeline::analyse(&corpus, &Resources::builtin(), &Config::default())
        .unwrap()
        .0
}

fn article_id(a: &Analysis, file: &str) -> String {
    a.corpus
        .articles
        .iter()
        .find(|x| x.source.ends_with(file))
        .unwrap()
        .id
        .clone()
}

fn findings_in<'a>(a: &'a Analysis, file: &str, matched: &str) -> Vec<&'a Finding> {
    let id = article_id(a, file);
    a.comparison
        .findings
        .iter()
        .filter(|f| f.article == id && f.matched.eq_ignore_ascii_case(matched))
        .collect()
}

/// The finding's offsets point at its words in the article text.
fn assert_points_at(a: &Analysis, f: &Finding, words: &str) {
    let article = a
        .corpus
        .articles
        .iter()
        .find(|x| x.id == f.article)
        .unwrap();
    let source = if f.field == "headline" {
        &article.title
    } else {
        &article.text
    };
    assert_eq!(&source[f.start..f.end], words);
    assert!(parallax::compare::framing::sentence_of(f, article).contains(words));
}

#[test]
fn repeated_talking_point_unfounded_and_unsubstantiated() {
    let a = analysis();
    let point = a
        .comparison
        .talking_points
        .iter()
        .find(|t| t.phrase == "unfounded and unsubstantiated")
        .expect("talking point found");
    assert_eq!(point.side, "Russia");
    let files: Vec<&str> = point
        .occurrences
        .iter()
        .map(|o| {
            a.corpus
                .articles
                .iter()
                .find(|x| x.id == o.article)
                .unwrap()
                .source
                .rsplit('/')
                .next()
                .unwrap()
        })
        .collect();
    assert!(
        files.contains(&"000_d0e66d3f41c212b5.txt") && files.contains(&"004_97368c307234eec3.txt"),
        "{files:?}"
    );
    for o in &point.occurrences {
        let quote = a
            .comparison
            .quotes
            .iter()
            .find(|q| q.id == o.quote)
            .unwrap();
        let article = a
            .corpus
            .articles
            .iter()
            .find(|x| x.id == o.article)
            .unwrap();
        assert!(article.text[quote.start..quote.end].contains("unfounded and unsubstantiated"));
    }
}

#[test]
fn sputnik_hedges_the_containers_claim_that_another_article_carries_unhedged() {
    let a = analysis();
    let hedge = findings_in(&a, "004_97368c307234eec3.txt", "without providing evidence");
    assert_eq!(hedge.len(), 1);
    assert_eq!(hedge[0].indicator, "hedge");
    assert_points_at(&a, hedge[0], "without providing evidence");
    let sputnik = article_id(&a, "004_97368c307234eec3.txt");
    let sputnik = a.corpus.articles.iter().find(|x| x.id == sputnik).unwrap();
    assert!(parallax::compare::framing::sentence_of(hedge[0], sputnik).contains("1,000 containers"));
    // 002 reports the same figure as the UK's and the White House's assessment, with no hedge.
    let other = article_id(&a, "002_3511b716358273cc.txt");
    let article = a.corpus.articles.iter().find(|x| x.id == other).unwrap();
    assert!(article.text.contains("more than 1,000 containers"));
    assert!(!a.comparison.findings.iter().any(|f| f.article == other
        && f.indicator == "hedge"
        && parallax::compare::framing::sentence_of(f, article).contains("1,000 containers")));
    // The omission matrix of the storyline shows which articles carry the figure.
    let storyline = a
        .comparison
        .clusters
        .iter()
        .find(|c| c.level == "storyline")
        .unwrap();
    let row = storyline
        .omissions
        .iter()
        .find(|r| r.kind == "number" && r.item.contains("1,000 containers"))
        .expect("containers row");
    assert_eq!(row.carried_by, 2);
}

#[test]
fn loaded_labels_liberation_dictatorship_regime() {
    let a = analysis();
    for (file, word, category) in [
        ("001_020b76a7ef38bb59.txt", "liberation", "legitimising"),
        ("002_3511b716358273cc.txt", "dictatorship", "delegitimising"),
        ("003_cf7a61948d7c4840.txt", "regime", "delegitimising"),
    ] {
        let found = findings_in(&a, file, word);
        let label = found
            .iter()
            .find(|f| f.indicator == "loaded label")
            .unwrap_or_else(|| panic!("{word} in {file}"));
        assert_eq!(label.category, category);
        assert!(!label.in_quote, "{word} is the outlet's own word");
        assert!(label.neutral.is_some());
        assert_points_at(&a, label, word);
    }
    // "sanctions regime" is a technical term, not a label.
    assert!(findings_in(&a, "000_d0e66d3f41c212b5.txt", "regime").is_empty());
}

#[test]
fn rates_are_per_thousand_words_and_headline_verbs_have_stances() {
    let a = analysis();
    for f in &a.comparison.article_framing {
        for (count, rate) in f.indicators.values() {
            let expected = (*count as f64 * 1000.0 / f.words as f64 * 100.0).round() / 100.0;
            assert!((rate - expected).abs() < 1e-9);
        }
    }
    let reuters = a
        .comparison
        .article_framing
        .iter()
        .find(|f| f.outlet == "Reuters")
        .unwrap();
    assert_eq!(reuters.headline_verb.as_deref(), Some("calls"));
    let rt = a
        .comparison
        .article_framing
        .iter()
        .find(|f| f.outlet == "RT")
        .unwrap();
    assert_eq!(rt.headline_stance.as_deref(), Some("accusation"));
}

#[test]
fn a_participle_used_as_an_adjective_is_not_an_attribution_verb() {
    let a = analysis();
    // Reuters: "…neither directed against third countries nor threatening to the security of
    // the region." The ministry "said" it; "threatening" describes the relationship.
    assert!(findings_in(&a, "000_d0e66d3f41c212b5.txt", "threatening")
        .iter()
        .all(|f| f.indicator != "attribution verb"));
    assert!(!findings_in(&a, "000_d0e66d3f41c212b5.txt", "said").is_empty());
}

#[test]
fn a_plural_after_a_reporting_verb_is_its_object_not_a_verb() {
    let a = analysis();
    // "Kremlin spokesman Dmitry Peskov said reports of weapons supplies … were 'groundless'":
    // "said" reports, "reports" is what he spoke of.
    let file = "002_3511b716358273cc.txt";
    assert!(findings_in(&a, file, "reports")
        .iter()
        .all(|f| f.indicator != "attribution verb"));
    assert!(findings_in(&a, file, "said")
        .iter()
        .any(|f| f.indicator == "attribution verb"));
}

#[test]
fn no_label_is_offered_with_itself_as_the_neutral_term() {
    let a = analysis();
    for f in &a.comparison.findings {
        if let Some(neutral) = &f.neutral {
            assert!(!neutral.eq_ignore_ascii_case(&f.matched), "{f:?}");
        }
    }
}

#[test]
fn a_headline_verb_is_no_noun_or_gerund_after_a_marker_of_one() {
    let lexicons = parallax::resources::Resources::builtin().lexicons;
    let verb = |title: &str| {
        parallax::compare::framing::headline_verb(title, &lexicons.attribution).map(|v| v.0)
    };
    // Real BASIL headlines.
    for title in [
        "Clinton Benghazi Hearings Show Classified Report Could Not Determine Causes Of Attacks",
        "Representative Apologizes for Criticizing Iowa Senator",
        "GOP Staffer Apologizes For Lecturing Obama Daughters To 'Show A Little Class'",
        "Perry Goes After Obama Over Don't Ask Don't Tell",
    ] {
        assert_eq!(verb(title), None, "{title}");
    }
    assert_eq!(
        verb("Santorum Calls For Ending Public Education, Prenatal Testing").as_deref(),
        Some("Calls")
    );
    assert_eq!(
        verb(
            "Bob Etheridge Attacks Student: North Carolina Congressman Gets Rough With Interviewer"
        )
        .as_deref(),
        Some("Attacks")
    );
}
