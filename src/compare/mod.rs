//! Compare: within each cluster, how outlets tell the story — quotations and their speakers,
//! aligned variants with word diffs, framing indicators, omissions, headlines and leads.

pub mod actors;
pub mod align;
pub mod diff;
pub mod evidence;
pub mod framing;
pub mod lexicon;
pub mod naming;
pub mod omissions;
pub mod quotes;
pub mod talking_points;

use std::collections::HashMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cluster::Clustering;
use crate::config::Config;
use crate::model::{Article, Warning};
use crate::progress::Progress;
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

/// How much of a cluster's tables was left out to keep them readable (the full data is in the
/// CSV files: `omissions.csv`, `quote_groups.csv`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    /// Articles of the cluster that are not columns of the omission matrix and naming table
    /// (at most `omissions::MAX_COLUMNS` columns, one per outlet first).
    pub columns: usize,
    /// Pairs of articles of one event whose headlines and leads were not diffed.
    pub headline_diffs: usize,
    /// Quotation groups of the cluster beyond the `MAX_CLUSTER_GROUPS` shown.
    pub quote_groups: usize,
    /// Salient omission rows beyond `omissions::MAX_ROWS`.
    pub omission_rows: usize,
    /// Naming rows beyond `naming::MAX_ROWS`.
    pub naming_rows: usize,
}

/// The comparison of one cluster (an event or a storyline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterComparison {
    pub cluster: String,
    /// `event` or `storyline`.
    pub level: String,
    pub articles: Vec<String>,
    /// The articles the side-by-side, omission and naming tables compare (all of them up to
    /// `omissions::MAX_COLUMNS`, else one per outlet first), in the cluster's order.
    #[serde(default)]
    pub columns: Vec<String>,
    pub headlines: Vec<HeadlineRow>,
    /// Headline and lead diffs of pairs of articles of one event (never across a storyline's
    /// events), pairs of different outlets first; at most `MAX_DIFFED_PAIRS`. Not written to
    /// `report.json`: word diffs of text it already holds (the pages show them).
    #[serde(skip_serializing, default)]
    pub headline_diffs: Vec<PairDiff>,
    /// Ids of quote groups with variants in at least two of this cluster's articles, those
    /// spanning most articles first; at most `MAX_CLUSTER_GROUPS`.
    pub quote_groups: Vec<String>,
    pub outlet_rates: Vec<OutletRate>,
    /// The omission matrix over the cluster's columns (see `omissions`).
    pub omissions: Vec<OmissionRow>,
    /// How each article names the actors and sides it shares with the others.
    pub naming: Vec<naming::NamingRow>,
    /// What the tables above left out.
    #[serde(default)]
    pub left_out: LeftOut,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub quotes: Vec<Quote>,
    pub quote_groups: Vec<QuoteGroup>,
    pub talking_points: Vec<TalkingPoint>,
    /// Every framing finding. Not in `report.json`: `framing.csv` holds each with all its
    /// fields, as a table (at research scale the JSON copy was a quarter of the file).
    #[serde(skip_serializing, default)]
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
    progress: &dyn Progress,
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
                    // The file line where the format keeps lines; else the paragraph (a record's
                    // source already names its line).
                    let number = a.paragraph_of(p.offset);
                    match a.paragraphs.get(number - 1).and_then(|para| para.line) {
                        Some(line) => Warning::new(&a.source, Some(line), p.message),
                        None => Warning::new(
                            &a.source,
                            None,
                            format!("paragraph {number}: {}", p.message),
                        ),
                    }
                })
                .collect();
            progress.advance(1);
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
                subject: verb.as_ref().map(|v| v.2.clone()).filter(|s| !s.is_empty()),
                verb: verb.as_ref().map(|v| v.0.clone()),
                stance: verb.map(|v| v.1),
            }
        })
        .collect()
}

/// Most headline diffs one cluster shows.
pub const MAX_DIFFED_PAIRS: usize = 6;
/// Most quotation groups one cluster shows.
pub const MAX_CLUSTER_GROUPS: usize = 12;

/// Diffs of headlines and leads between pairs of `columns` of one event (`event[i]` is the
/// event of `columns[i]`), pairs of different outlets first, at most `MAX_DIFFED_PAIRS`.
/// `pairs_in_events` is how many same-event pairs the whole cluster has; the difference is
/// returned as left out.
fn headline_diffs(
    columns: &[&Article],
    event: &[&str],
    pairs_in_events: usize,
    lead_of: &dyn Fn(&str) -> String,
) -> (Vec<PairDiff>, usize) {
    let mut pairs: Vec<(bool, usize, usize)> = Vec::new();
    for i in 0..columns.len() {
        for j in i + 1..columns.len() {
            if event[i] == event[j] {
                let same_outlet = columns[i].outlet_name() == columns[j].outlet_name();
                pairs.push((same_outlet, i, j));
            }
        }
    }
    pairs.sort();
    pairs.truncate(MAX_DIFFED_PAIRS);
    pairs.sort_by_key(|&(_, i, j)| (i, j));
    let out: Vec<PairDiff> = pairs
        .into_iter()
        .map(|(_, i, j)| {
            let (a, b) = (columns[i], columns[j]);
            PairDiff {
                a: a.id.clone(),
                b: b.id.clone(),
                headline: diff::word_diff(&a.title, &b.title),
                lead: diff::word_diff(&lead_of(&a.id), &lead_of(&b.id)),
            }
        })
        .collect();
    let left_out = pairs_in_events.saturating_sub(out.len());
    (out, left_out)
}

/// Runs every comparison over a clustered corpus.
pub fn compare(
    articles: &[Article],
    clustering: &Clustering,
    lexicons: &Lexicons,
    actors: &Actors,
    config: &Config,
    progress: &dyn Progress,
) -> Comparison {
    let by_id: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let steps = Some(articles.len() as u64);
    progress.begin("finding quotations", "articles", steps);
    let (quotes, warnings) = extract_quotes(articles, lexicons, actors, config, progress);
    progress.end();
    let mut quotes_by_article: HashMap<&str, Vec<&Quote>> = HashMap::new();
    for q in &quotes {
        quotes_by_article
            .entry(q.article.as_str())
            .or_default()
            .push(q);
    }
    let no_quotes = Vec::new();
    let quotes_of = |id: &str| quotes_by_article.get(id).unwrap_or(&no_quotes);
    // Each article's findings and framing from its own findings only (not the whole list).
    progress.begin("reading the framing", "articles", steps);
    let name_forms = naming::NameForms::new(actors);
    type OfArticle = (
        Vec<Finding>,
        ArticleFraming,
        Vec<(usize, Vec<naming::NameUse>)>,
    );
    let per_article: Vec<OfArticle> = articles
        .par_iter()
        .map(|a| {
            let found = framing::findings(a, quotes_of(&a.id), lexicons);
            let framing = framing::article_framing(a, quotes_of(&a.id), &found, lexicons);
            // How it names each actor, once (not once per cluster it is in).
            let names = naming::article_uses(&name_forms, a);
            progress.advance(1);
            (found, framing, names)
        })
        .collect();
    progress.end();
    let mut findings: Vec<Finding> =
        Vec::with_capacity(per_article.iter().map(|p| p.0.len()).sum());
    let mut article_framing: Vec<ArticleFraming> = Vec::with_capacity(articles.len());
    let mut name_uses: HashMap<&str, Vec<(usize, Vec<naming::NameUse>)>> =
        HashMap::with_capacity(articles.len());
    for (a, (found, framing, names)) in articles.iter().zip(per_article) {
        findings.extend(found);
        article_framing.push(framing);
        name_uses.insert(a.id.as_str(), names);
    }

    let framing_by_id: HashMap<&str, &ArticleFraming> = article_framing
        .iter()
        .map(|f| (f.article.as_str(), f))
        .collect();
    let assignment = clustering.assignment();
    let event_numbers: HashMap<&str, usize> = clustering
        .events()
        .enumerate()
        .map(|(k, e)| (e.id.as_str(), k))
        .collect();
    let quote_events: Vec<usize> = quotes
        .iter()
        .map(|q| {
            assignment
                .get(q.article.as_str())
                .and_then(|(_, e)| event_numbers.get(e).copied())
                .unwrap_or(usize::MAX)
        })
        .collect();
    progress.begin("aligning quotations", "quotations", None);
    let quote_groups = align::align(&quotes, &quote_events, &config.quotes);
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
    progress.end();

    // Quote groups by article, so that a cluster looks only at its own articles' groups.
    let mut groups_of_article: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, g) in quote_groups.iter().enumerate() {
        for v in &g.variants {
            let list = groups_of_article.entry(v.article.as_str()).or_default();
            if list.last() != Some(&k) {
                list.push(k);
            }
        }
    }
    let mut units: Vec<(&str, &str, Vec<&str>)> = Vec::new();
    for storyline in &clustering.storylines {
        // A storyline of one event is compared as that event (the same articles; the report
        // shows it on the event's page).
        if storyline.events.len() > 1 {
            units.push((
                storyline.id.as_str(),
                "storyline",
                storyline.article_ids().map(String::as_str).collect(),
            ));
        }
        for event in &storyline.events {
            units.push((
                event.id.as_str(),
                "event",
                event.articles.iter().map(String::as_str).collect(),
            ));
        }
    }
    let event_of_article = |id: &str| assignment.get(id).map(|(_, e)| *e).unwrap_or("");
    // Each article's lead, found once (it takes a pass of sentence segmentation).
    let leads: HashMap<&str, &str> = articles
        .par_iter()
        .map(|a| (a.id.as_str(), evidence::lead(a)))
        .collect();
    let lead_of = |id: &str| leads.get(id).copied().unwrap_or("").to_string();
    progress.begin("comparing clusters", "clusters", Some(units.len() as u64));
    let clusters: Vec<ClusterComparison> = units
        .par_iter()
        .map(|&(id, level, ref ids)| {
            let mut members: Vec<&Article> =
                ids.iter().filter_map(|i| by_id.get(i).copied()).collect();
            members.sort_by(|a, b| (a.date(), &a.id).cmp(&(b.date(), &b.id)));
            let framings: Vec<&ArticleFraming> = members
                .iter()
                .filter_map(|a| framing_by_id.get(a.id.as_str()).copied())
                .collect();
            // Groups with variants in at least two of the cluster's articles.
            let mut inside: HashMap<usize, usize> = HashMap::new();
            for a in &members {
                for &k in groups_of_article.get(a.id.as_str()).into_iter().flatten() {
                    *inside.entry(k).or_default() += 1;
                }
            }
            let mut groups: Vec<(usize, usize)> =
                inside.into_iter().filter(|&(_, n)| n >= 2).collect();
            groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let groups_left_out = groups.len().saturating_sub(MAX_CLUSTER_GROUPS);
            let groups: Vec<String> = groups
                .into_iter()
                .take(MAX_CLUSTER_GROUPS)
                .map(|(k, _)| quote_groups[k].id.clone())
                .collect();
            let columns = omissions::columns(&members);
            let column_events: Vec<&str> =
                columns.iter().map(|a| event_of_article(&a.id)).collect();
            let mut per_event: HashMap<&str, usize> = HashMap::new();
            for a in &members {
                *per_event.entry(event_of_article(&a.id)).or_default() += 1;
            }
            let pairs_in_events = per_event
                .values()
                .map(|&k| k * k.saturating_sub(1) / 2)
                .sum();
            let (diffs, diffs_left_out) =
                headline_diffs(&columns, &column_events, pairs_in_events, &lead_of);
            let matrix =
                omissions::matrix(&columns, level == "event", config.framing.claim_overlap);
            let (naming, naming_left_out) = if columns.len() > 1 {
                naming::table(&columns, &name_forms, &name_uses)
            } else {
                (Vec::new(), 0)
            };
            let comparison = ClusterComparison {
                cluster: id.to_string(),
                level: level.to_string(),
                articles: members.iter().map(|a| a.id.clone()).collect(),
                columns: columns.iter().map(|a| a.id.clone()).collect(),
                headlines: headline_rows(&members, lexicons),
                headline_diffs: diffs,
                quote_groups: groups,
                outlet_rates: framing::outlet_rates(&framings),
                omissions: matrix.rows,
                naming,
                left_out: LeftOut {
                    columns: members.len() - columns.len(),
                    headline_diffs: diffs_left_out,
                    quote_groups: groups_left_out,
                    omission_rows: matrix.rows_left_out,
                    naming_rows: naming_left_out,
                },
            };
            progress.advance(1);
            comparison
        })
        .collect();
    progress.end();
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
