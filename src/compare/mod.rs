//! Compare: within each cluster, how outlets tell the story — quotations and their speakers,
//! aligned variants with word diffs, framing indicators, omissions, headlines and leads.

pub mod actors;
pub mod align;
pub mod diff;
pub mod framing;
pub mod lexicon;
pub mod naming;
pub mod omissions;
pub mod quotes;
pub mod talking_points;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cluster::Clustering;
use crate::config::Config;
use crate::model::{Article, Warning};
use actors::Actors;
use align::QuoteGroup;
use diff::DiffPart;
use framing::{ArticleFraming, Finding, OutletRate};
use lexicon::Lexicons;
use omissions::OmissionRow;
use quotes::{Quote, QuoteContext};
use talking_points::TalkingPoint;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadlineRow {
    pub article: String,
    pub outlet: String,
    pub date: Option<String>,
    pub headline: String,
    pub lead: String,
    pub subject: Option<String>,
    pub verb: Option<String>,
    pub stance: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairDiff {
    pub a: String,
    pub b: String,
    pub headline: Vec<DiffPart>,
    pub lead: Vec<DiffPart>,
}

/// The comparison of one cluster (an event or a storyline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterComparison {
    pub cluster: String,
    /// `event` or `storyline`.
    pub level: String,
    pub articles: Vec<String>,
    pub headlines: Vec<HeadlineRow>,
    pub headline_diffs: Vec<PairDiff>,
    /// Ids of quote groups with variants in at least two of this cluster's articles.
    pub quote_groups: Vec<String>,
    pub outlet_rates: Vec<OutletRate>,
    pub omissions: Vec<OmissionRow>,
    /// How each article names the actors and sides it shares with the others.
    pub naming: Vec<naming::NamingRow>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub quotes: Vec<Quote>,
    pub quote_groups: Vec<QuoteGroup>,
    pub talking_points: Vec<TalkingPoint>,
    pub findings: Vec<Finding>,
    pub article_framing: Vec<ArticleFraming>,
    pub outlet_rates: Vec<OutletRate>,
    pub clusters: Vec<ClusterComparison>,
    pub warnings: Vec<Warning>,
}

/// Quotations of every article, in article order, with corpus-wide speaker names.
pub fn extract_quotes(
    articles: &[Article],
    lexicons: &Lexicons,
    actors: &Actors,
    config: &Config,
) -> (Vec<Quote>, Vec<Warning>) {
    let ctx = QuoteContext {
        attribution: &lexicons.attribution,
        actors,
        scare_max_words: config.quotes.scare_max_words,
    };
    let per_article: Vec<(Vec<Quote>, Vec<Warning>)> = articles
        .par_iter()
        .map(|a| {
            let (quotes, problems) = quotes::extract(&a.text, &a.id, &ctx);
            let warnings = problems
                .into_iter()
                .map(|p| {
                    Warning::new(
                        &a.source,
                        None,
                        format!(
                            "paragraph {}, byte {}: {}",
                            a.paragraph_of(p.offset),
                            p.offset,
                            p.message
                        ),
                    )
                })
                .collect();
            (quotes, warnings)
        })
        .collect();
    let mut all = Vec::new();
    let mut warnings = Vec::new();
    for (q, w) in per_article {
        all.extend(q);
        warnings.extend(w);
    }
    quotes::canonicalise_corpus(&mut all);
    (all, warnings)
}

fn headline_rows(members: &[&Article], lexicons: &Lexicons) -> Vec<HeadlineRow> {
    members
        .iter()
        .map(|a| {
            let verb = framing::headline_verb(&a.title, &lexicons.attribution);
            HeadlineRow {
                article: a.id.clone(),
                outlet: a.outlet_name().to_string(),
                date: a.date().map(str::to_string),
                headline: a.title.clone(),
                lead: a.lead().to_string(),
                subject: verb.as_ref().map(|v| v.2.clone()).filter(|s| !s.is_empty()),
                verb: verb.as_ref().map(|v| v.0.clone()),
                stance: verb.map(|v| v.1),
            }
        })
        .collect()
}

const MAX_DIFFED_PAIRS: usize = 28;

fn headline_diffs(members: &[&Article]) -> Vec<PairDiff> {
    let mut out = Vec::new();
    'outer: for (i, a) in members.iter().enumerate() {
        for b in &members[i + 1..] {
            if out.len() >= MAX_DIFFED_PAIRS {
                break 'outer;
            }
            out.push(PairDiff {
                a: a.id.clone(),
                b: b.id.clone(),
                headline: diff::word_diff(&a.title, &b.title),
                lead: diff::word_diff(a.lead(), b.lead()),
            });
        }
    }
    out
}

/// Runs every comparison over a clustered corpus.
pub fn compare(
    articles: &[Article],
    clustering: &Clustering,
    lexicons: &Lexicons,
    actors: &Actors,
    config: &Config,
) -> Comparison {
    let by_id: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let (quotes, warnings) = extract_quotes(articles, lexicons, actors, config);
    let mut quotes_by_article: HashMap<&str, Vec<&Quote>> = HashMap::new();
    for q in &quotes {
        quotes_by_article
            .entry(q.article.as_str())
            .or_default()
            .push(q);
    }
    let no_quotes = Vec::new();
    let quotes_of = |id: &str| quotes_by_article.get(id).unwrap_or(&no_quotes);
    let findings: Vec<Finding> = articles
        .par_iter()
        .flat_map_iter(|a| framing::findings(a, quotes_of(&a.id), lexicons))
        .collect();
    let article_framing: Vec<ArticleFraming> = articles
        .iter()
        .map(|a| framing::article_framing(a, quotes_of(&a.id), &findings, lexicons))
        .collect();
    let framing_by_id: HashMap<&str, &ArticleFraming> = article_framing
        .iter()
        .map(|f| (f.article.as_str(), f))
        .collect();
    let quote_groups = align::align(&quotes, &config.quotes);
    let assignment = clustering.assignment();
    let event_of = |article: &str| -> (String, Option<String>) {
        let event = assignment
            .get(article)
            .map(|(_, e)| e.to_string())
            .unwrap_or_default();
        (
            event,
            by_id
                .get(article)
                .and_then(|a| a.date().map(str::to_string)),
        )
    };
    let talking_points = talking_points::find(&quotes, &event_of);

    let mut group_articles: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for g in &quote_groups {
        for v in &g.variants {
            group_articles
                .entry(g.id.as_str())
                .or_default()
                .push(v.article.as_str());
        }
    }
    let mut units: Vec<(String, &str, Vec<String>)> = Vec::new();
    for storyline in &clustering.storylines {
        units.push((
            storyline.id.clone(),
            "storyline",
            storyline.article_ids().cloned().collect(),
        ));
        for event in &storyline.events {
            units.push((event.id.clone(), "event", event.articles.clone()));
        }
    }
    let clusters: Vec<ClusterComparison> = units
        .par_iter()
        .map(|(id, level, ids)| {
            let mut members: Vec<&Article> = ids
                .iter()
                .filter_map(|i| by_id.get(i.as_str()).copied())
                .collect();
            members.sort_by(|a, b| (a.date(), &a.id).cmp(&(b.date(), &b.id)));
            let framings: Vec<&ArticleFraming> = members
                .iter()
                .filter_map(|a| framing_by_id.get(a.id.as_str()).copied())
                .collect();
            let groups = quote_groups
                .iter()
                .filter(|g| {
                    let inside = group_articles[g.id.as_str()]
                        .iter()
                        .filter(|a| ids.iter().any(|i| i == *a))
                        .collect::<std::collections::BTreeSet<_>>();
                    inside.len() >= 2
                })
                .map(|g| g.id.clone())
                .collect();
            ClusterComparison {
                cluster: id.clone(),
                level: level.to_string(),
                articles: members.iter().map(|a| a.id.clone()).collect(),
                headlines: headline_rows(&members, lexicons),
                headline_diffs: headline_diffs(&members),
                quote_groups: groups,
                outlet_rates: framing::outlet_rates(&framings),
                omissions: omissions::matrix(&members, config.framing.claim_overlap),
                naming: if members.len() > 1 {
                    naming::table(&members, actors)
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let all_framings: Vec<&ArticleFraming> = article_framing.iter().collect();
    Comparison {
        outlet_rates: framing::outlet_rates(&all_framings),
        quotes,
        quote_groups,
        talking_points,
        findings,
        article_framing,
        clusters,
        warnings,
    }
}
