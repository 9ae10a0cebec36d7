//! "What differs" on the seed articles (corpus/): the contrasts a teacher would point to, each
//! with a citation whose sentence carries the words the statement names. The seeds are in
//! corpus/, so these tests run in every clone.

use std::collections::HashMap;
use std::path::Path;

use parallax::config::Config;
use parallax::contrasts::{self, Citation, Contrast};
use parallax::model::Article;
use parallax::pipeline::{self, Analysis};
use parallax::resources::Resources;

fn analysis() -> Analysis {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    pipeline::analyse(&corpus, &Resources::builtin(), &Config::default())
        .unwrap()
        .0
}

fn outlet_of<'a>(a: &'a Analysis, id: &str) -> &'a str {
    a.corpus
        .articles
        .iter()
        .find(|x| x.id == id)
        .unwrap()
        .outlet_name()
}

fn storyline_contrasts(a: &Analysis) -> Vec<&Contrast> {
    let storyline = &a.clustering.storylines[0].id;
    a.contrasts
        .iter()
        .filter(|c| &c.cluster == storyline)
        .collect()
}

fn cites_with<'a>(c: &'a Contrast, words: &str) -> Vec<&'a Citation> {
    c.citations
        .iter()
        .filter(|x| x.sentence.to_lowercase().contains(&words.to_lowercase()))
        .collect()
}

#[test]
fn the_hedge_without_providing_evidence_is_set_against_the_unhedged_figure() {
    let a = analysis();
    let list = storyline_contrasts(&a);
    let c = list
        .iter()
        .find(|c| {
            c.statement.contains("without providing evidence")
                && c.statement.contains("1,000 containers")
        })
        .unwrap_or_else(|| panic!("no hedge contrast in {list:#?}"));
    let hedged = cites_with(c, "without providing evidence");
    assert_eq!(hedged.len(), 1, "{c:#?}");
    assert_eq!(outlet_of(&a, &hedged[0].article), "Sputnik");
    assert!(hedged[0].sentence.contains("1,000 containers"));
    // The other side's sentence gives the figure and carries no hedge.
    let flat: Vec<_> = c
        .citations
        .iter()
        .filter(|x| x.article != hedged[0].article)
        .collect();
    assert_eq!(flat.len(), 1, "{c:#?}");
    assert!(flat[0].sentence.contains("1,000 containers"));
    assert!(!flat[0].sentence.contains("without providing evidence"));
}

#[test]
fn rt_scare_quotes_are_set_against_reuters_none() {
    let a = analysis();
    let list = storyline_contrasts(&a);
    let c = list
        .iter()
        .find(|c| c.kind == "scare quotes")
        .unwrap_or_else(|| panic!("no scare-quote contrast in {list:#?}"));
    assert!(c.statement.starts_with("RT (E)"), "{}", c.statement);
    // Five labels in RT's 463 words ("deeming it a 'political provocation'", "views … as a
    // 'hostile act'"); the MSMT report's "alleges 'illegal'" is reported speech, not RT's label.
    assert!(
        c.statement
            .contains("at least 5 times (at least 10.8 per 1,000 words)"),
        "{}",
        c.statement
    );
    // Reuters is the side with no short or labelled quotation of any kind.
    assert!(
        c.statement.ends_with("Reuters (D) has none."),
        "{}",
        c.statement
    );
    assert!(c
        .citations
        .iter()
        .all(|x| outlet_of(&a, &x.article) == "RT"));
    assert!(!cites_with(c, "“political provocation").is_empty());
}

#[test]
fn the_repeated_unfounded_and_unsubstantiated_is_a_talking_point_with_two_citations() {
    let a = analysis();
    let list = storyline_contrasts(&a);
    let c = list
        .iter()
        .find(|c| c.statement.contains("“unfounded and unsubstantiated”"))
        .unwrap_or_else(|| panic!("no talking-point contrast in {list:#?}"));
    let carriers = cites_with(c, "unfounded and unsubstantiated");
    assert_eq!(carriers.len(), 2);
    let mut outlets: Vec<&str> = carriers.iter().map(|x| outlet_of(&a, &x.article)).collect();
    outlets.sort();
    assert_eq!(outlets, ["Reuters", "Sputnik"]);
}

#[test]
fn loaded_labels_come_with_their_neutral_counterparts_and_say_whose_they_are() {
    let a = analysis();
    let list = storyline_contrasts(&a);
    let c = list
        .iter()
        .find(|c| c.kind.starts_with("loaded label"))
        .unwrap_or_else(|| panic!("no label contrast in {list:#?}"));
    assert!(
        c.statement
            .contains("“satellite states” (a neutral word: allies)"),
        "{}",
        c.statement
    );
    // Zakharova's words inside a quotation are hers, and the statement says so.
    assert!(
        c.statement.contains("quotes Maria Zakharova"),
        "{}",
        c.statement
    );
    assert!(!cites_with(c, "satellite states").is_empty());
}

#[test]
fn reported_speech_is_not_read_as_the_outlet_s_own_label() {
    // RT: "The ministry dismissed the report as a politically motivated fabrication": the
    // ministry's word, not RT's, so no contrast says RT uses "fabrication" in its own words.
    let a = analysis();
    for c in &a.contrasts {
        assert!(
            !(c.statement.contains("fabrication") && c.statement.contains("own words")),
            "{}",
            c.statement
        );
    }
}

#[test]
fn every_contrast_cites_sentences_that_hold_the_words_it_names() {
    let a = analysis();
    let by_id: HashMap<&str, &Article> = a
        .corpus
        .articles
        .iter()
        .map(|x| (x.id.as_str(), x))
        .collect();
    let list = storyline_contrasts(&a);
    assert!(
        (3..=contrasts::MAX_PER_CLUSTER).contains(&list.len()),
        "{list:#?}"
    );
    for c in &a.contrasts {
        assert!(contrasts::holds(c, &by_id), "{c:#?}");
        for phrase in contrasts::quoted_phrases(&c.statement) {
            assert!(
                c.citations.iter().any(|x| x.sentence.contains(phrase)),
                "“{phrase}” not in the evidence of {c:#?}"
            );
        }
    }
    // Ranked, highest weight first.
    assert!(list.windows(2).all(|w| w[0].weight >= w[1].weight));
}

#[test]
fn a_statement_naming_words_its_sentences_lack_is_rejected() {
    let a = analysis();
    let by_id: HashMap<&str, &Article> = a
        .corpus
        .articles
        .iter()
        .map(|x| (x.id.as_str(), x))
        .collect();
    let good = storyline_contrasts(&a)[0].clone();
    assert!(contrasts::holds(&good, &by_id));
    let mut wrong_words = good.clone();
    wrong_words
        .statement
        .push_str(" It also says “puppet regime”.");
    assert!(!contrasts::holds(&wrong_words, &by_id));
    let mut wrong_sentence = good.clone();
    wrong_sentence.citations[0].start += 1;
    assert!(!contrasts::holds(&wrong_sentence, &by_id));
    let mut wrong_claim = good;
    wrong_claim.citations[0]
        .contains
        .push("sovereignty of Mars".into());
    assert!(!contrasts::holds(&wrong_claim, &by_id));
}

#[test]
fn events_of_one_outlet_get_no_contrasts() {
    let a = analysis();
    for e in a.clustering.events() {
        assert!(
            a.contrasts.iter().all(|c| c.cluster != e.id),
            "event {} has one article",
            e.id
        );
    }
}

#[test]
fn the_worksheet_keeps_reported_speech_apart_and_its_punctuation_single() {
    let a = analysis();
    let resources = Resources::builtin();
    let s = &a.clustering.storylines[0];
    let members: Vec<String> = s.article_ids().cloned().collect();
    let sheet =
        parallax::report::worksheet::build(&a, &resources.lexicons, &s.id, &s.label, &members);
    // A neutral title, not one outlet's headline.
    assert!(!sheet.title.contains("Denies"), "{}", sheet.title);
    for q in &sheet.questions {
        // "The ministry dismissed the report as a … fabrication" is the ministry's word.
        assert!(
            !(q.text.contains("“fabrication”") && q.text.contains("own voice")),
            "{}",
            q.text
        );
        assert!(!q.text.contains("“dictatorship”"), "{}", q.text);
        for doubled in ["””", ".”.", "\"”", ",,"] {
            assert!(!q.answer.contains(doubled), "{doubled} in {}", q.answer);
        }
        // A question whose answer may name several articles does not ask for one.
        if q.answer.matches("article ").count() > 1 {
            assert!(!q.text.starts_with("Which article "), "{}", q.text);
        }
    }
    // No line glues two sentences ("Ministry.She").
    for art in &sheet.articles {
        for l in &art.lines {
            assert!(!l.text.contains("Ministry.She"), "{}", l.text);
        }
    }
}
