//! Loaded wording scored against BASIL's human bias annotations: a flagged item is correct when
//! it overlaps a located gold span of either kind; recall is over `lexical` spans.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::compare::framing::Finding;
use crate::error::{Error, Result};
use crate::eval::Scores;
use crate::model::Article;
use crate::text;

#[derive(Debug, Deserialize)]
struct GoldSpan {
    id: String,
    text: String,
    bias: String,
}

/// Whether a finding counts as flagged loaded wording: loaded labels, loaded wording and scare
/// quotes — the writer's own judgement. Reporting verbs and hedges are framing indicators too,
/// but they mark how a claim is sourced or how certain it is, not an evaluation; the ones that do
/// evaluate ("complained", "so-called") are entries of the loaded-wording lexicon as well.
pub fn is_flagged(f: &Finding) -> bool {
    f.field == "text" && matches!(f.indicator.as_str(), "loaded label" | "loaded wording")
}

pub fn evaluate(spans_path: &Path, articles: &[Article], findings: &[Finding]) -> Result<Scores> {
    let source = std::fs::read_to_string(spans_path).map_err(|e| Error::io(spans_path, e))?;
    let by_given: HashMap<&str, &Article> = articles
        .iter()
        .filter_map(|a| a.given_id.as_deref().map(|g| (g, a)))
        .collect();
    // Located gold spans per article id: (start, end, lexical?).
    let mut located: HashMap<&str, Vec<(usize, usize, bool)>> = HashMap::new();
    let mut lexical_total = 0;
    for (i, line) in source
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let span: GoldSpan = serde_json::from_str(line)
            .map_err(|e| Error::input(spans_path, Some(i + 1), e.to_string()))?;
        let lexical = span.bias == "lexical";
        // Spans of articles outside the corpus do not count, so that a part of BASIL (one
        // year, say) is scored on its own spans.
        let Some(article) = by_given.get(span.id.as_str()) else {
            continue;
        };
        lexical_total += usize::from(lexical);
        let needle = text::normalize(&span.text);
        if needle.is_empty() {
            continue;
        }
        if let Some(pos) = article.text.find(&needle) {
            located.entry(article.id.as_str()).or_default().push((
                pos,
                pos + needle.len(),
                lexical,
            ));
        }
    }
    let gold_articles: std::collections::HashSet<&str> =
        by_given.values().map(|a| a.id.as_str()).collect();
    let scored: Vec<&Finding> = findings
        .iter()
        .filter(|f| is_flagged(f) && gold_articles.contains(f.article.as_str()))
        .collect();
    let overlaps = |f: &Finding, s: &(usize, usize, bool)| f.start < s.1 && s.0 < f.end;
    let correct = scored
        .iter()
        .filter(|f| {
            located
                .get(f.article.as_str())
                .is_some_and(|spans| spans.iter().any(|s| overlaps(f, s)))
        })
        .count();
    let found: usize = located
        .iter()
        .map(|(article, spans)| {
            spans
                .iter()
                .filter(|s| {
                    s.2 && scored
                        .iter()
                        .any(|f| f.article == *article && overlaps(f, s))
                })
                .count()
        })
        .sum();
    let mut scores = Scores::new(correct, scored.len(), found, lexical_total, None);
    scores.false_flags_per_100_neutral_sentences = Some(false_flags_per_100_neutral(
        articles,
        &gold_articles,
        &located,
        &scored,
    ));
    Ok(scores)
}

/// Flags per 100 sentences that overlap no located gold span, over the articles with gold.
fn false_flags_per_100_neutral(
    articles: &[Article],
    gold_articles: &std::collections::HashSet<&str>,
    located: &HashMap<&str, Vec<(usize, usize, bool)>>,
    scored: &[&Finding],
) -> f64 {
    let mut flags_by_article: HashMap<&str, Vec<usize>> = HashMap::new();
    for f in scored {
        flags_by_article
            .entry(f.article.as_str())
            .or_default()
            .push(f.start);
    }
    let (mut neutral, mut flags) = (0usize, 0usize);
    for article in articles
        .iter()
        .filter(|a| gold_articles.contains(a.id.as_str()))
    {
        let spans = located
            .get(article.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let starts = flags_by_article
            .get(article.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        for (start, end) in text::sentences(&article.text) {
            if spans.iter().any(|s| s.0 < end && start < s.1) {
                continue;
            }
            neutral += 1;
            flags += starts.iter().filter(|&&p| start <= p && p < end).count();
        }
    }
    if neutral == 0 {
        0.0
    } else {
        (flags as f64 * 100.0 / neutral as f64 * 10.0).round() / 10.0
    }
}
