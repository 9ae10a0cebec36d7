//! Clustering: articles that report the same event, and events that form one storyline.
//!
//! features (TF-IDF + actors + numbers) → candidate graph (blocking, k nearest neighbours) →
//! average-link agglomeration, cut twice: tightly and time-locally over whole texts for events,
//! and without a time window over the names the events carry (their principal actors) for
//! storylines. Events nest inside storylines by construction.

pub mod agglomerate;
pub mod features;
pub mod graph;
pub mod split;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use serde::{Deserialize, Serialize};

use crate::config::ClusterConfig;
use crate::model::{Article, ArticleId};
use crate::util::short_hash;
use agglomerate::{agglomerate_rounds, singletons, Group, Linkage};
use features::{dot, FeatureSpace};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairSimilarity {
    pub a: ArticleId,
    pub b: ArticleId,
    pub similarity: f64,
}

/// Why a cluster's articles belong together.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The terms that weigh most in the cluster's mean vector.
    pub top_terms: Vec<String>,
    /// Named actors and places that at least two member articles name.
    pub shared_actors: Vec<String>,
    /// Numbers with units that at least two member articles give.
    pub shared_numbers: Vec<String>,
    /// Average cosine similarity between members (1.0 for a single article).
    pub cohesion: f64,
    /// Similarities between member pairs (all pairs for small clusters, graph edges otherwise).
    pub pairs: Vec<PairSimilarity>,
    /// For an event split from a sibling of the same kind: the terms most of its articles carry
    /// and almost none of the sibling's (empty otherwise).
    #[serde(default)]
    pub told_apart_by: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub label: String,
    pub articles: Vec<ArticleId>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Storyline {
    pub id: String,
    pub label: String,
    pub events: Vec<Event>,
    pub evidence: Evidence,
}

impl Storyline {
    pub fn article_ids(&self) -> impl Iterator<Item = &ArticleId> {
        self.events.iter().flat_map(|e| e.articles.iter())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Clustering {
    pub storylines: Vec<Storyline>,
}

impl Clustering {
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.storylines.iter().flat_map(|s| s.events.iter())
    }

    /// Article id → (storyline id, event id).
    pub fn assignment(&self) -> HashMap<&str, (&str, &str)> {
        let mut out = HashMap::new();
        for storyline in &self.storylines {
            for event in &storyline.events {
                for article in &event.articles {
                    out.insert(article.as_str(), (storyline.id.as_str(), event.id.as_str()));
                }
            }
        }
        out
    }
}

/// The shared computation behind clustering, kept so that `explain` and the report can reuse it.
pub struct Model {
    pub space: FeatureSpace,
    pub clustering: Clustering,
}

const TOP_TERMS: usize = 8;
const MAX_LISTED_PAIRS: usize = 45;

/// Which of an article's vectors a clustering level compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Events: the whole text.
    Event,
    /// Storylines: the names in the text (principal actors).
    Storyline,
}

impl Level {
    pub fn vector(self, features: &features::ArticleFeatures) -> &features::SparseVec {
        match self {
            Level::Event => &features.vector,
            Level::Storyline => &features.names,
        }
    }
}

/// The summed vector of some articles at a level.
fn summed(members: &[usize], space: &FeatureSpace, level: Level) -> features::SparseVec {
    features::sum_of(members.iter().map(|&m| level.vector(&space.articles[m])))
}

/// The evidence of a group at a level, whose summed vector at that level is `sum`: top terms
/// and cohesion from that level's vectors.
fn evidence(
    members: &[usize],
    sum: &features::SparseVec,
    space: &FeatureSpace,
    articles: &[Article],
    level: Level,
) -> Evidence {
    let mut ranked = sum.clone();
    ranked.sort_unstable_by(features::heaviest_first);
    let mut top_terms: Vec<String> = Vec::new();
    for (term, _) in ranked {
        let readable = space.terms[term as usize].clone();
        if !top_terms.iter().any(|t| t.eq_ignore_ascii_case(&readable)) {
            top_terms.push(readable);
        }
        if top_terms.len() == TOP_TERMS {
            break;
        }
    }
    let mut actor_count: BTreeMap<&str, usize> = BTreeMap::new();
    let mut number_count: BTreeMap<&str, usize> = BTreeMap::new();
    for &m in members {
        for &actor in &space.articles[m].actors {
            *actor_count.entry(&space.terms[actor as usize]).or_default() += 1;
        }
        for &number in &space.articles[m].numbers {
            *number_count
                .entry(&space.terms[number as usize])
                .or_default() += 1;
        }
    }
    let shared = |counts: BTreeMap<&str, usize>| -> Vec<String> {
        let mut list: Vec<(&str, usize)> = counts.into_iter().filter(|(_, c)| *c >= 2).collect();
        list.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
        list.into_iter()
            .take(12)
            .map(|(s, _)| s.to_string())
            .collect()
    };
    let n = members.len() as f64;
    let cohesion = if members.len() < 2 {
        1.0
    } else {
        // Average over distinct pairs: (|sum|² − n) / (n(n−1)) for unit vectors.
        ((dot(sum, sum) - n) / (n * (n - 1.0))).clamp(0.0, 1.0)
    };
    let mut pairs = Vec::new();
    'outer: for (i, &x) in members.iter().enumerate() {
        for &y in &members[i + 1..] {
            if pairs.len() >= MAX_LISTED_PAIRS {
                break 'outer;
            }
            pairs.push(PairSimilarity {
                a: articles[x].id.clone(),
                b: articles[y].id.clone(),
                similarity: round3(dot(
                    level.vector(&space.articles[x]),
                    level.vector(&space.articles[y]),
                )),
            });
        }
    }
    Evidence {
        top_terms,
        shared_actors: shared(actor_count),
        shared_numbers: shared(number_count),
        cohesion: round3(cohesion),
        pairs,
        told_apart_by: Vec::new(),
    }
}

pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The member whose vector is closest to the group's mean (`sum`): its headline labels the group.
fn central(members: &[usize], sum: &features::SparseVec, space: &FeatureSpace) -> usize {
    *members
        .iter()
        .max_by(|&&x, &&y| {
            dot(&space.articles[x].vector, sum)
                .total_cmp(&dot(&space.articles[y].vector, sum))
                .then(y.cmp(&x))
        })
        .expect("groups are never empty")
}

fn date_range(members: &[usize], articles: &[Article]) -> (Option<String>, Option<String>) {
    let mut dates: Vec<&str> = members.iter().filter_map(|&m| articles[m].date()).collect();
    dates.sort_unstable();
    (
        dates.first().map(|d| d.to_string()),
        dates.last().map(|d| d.to_string()),
    )
}

/// Clusters articles (which must be sorted by id, as ingest leaves them) into storylines and events.
pub fn cluster(articles: &[Article], config: &ClusterConfig) -> Model {
    cluster_features(features::build(articles, config), articles, config)
}

/// As `cluster`, for callers that need the clustering but not the texts (`eval clusters`): each
/// article's text and paragraphs are freed as soon as its terms are counted (the counts reuse the
/// texts' memory), and what is left free is handed back to the system, so the later stages do not
/// stack on top of the whole corpus. From there on only the articles' ids, titles and dates are
/// read.
pub fn cluster_dropping_texts(articles: &mut [Article], config: &ClusterConfig) -> Model {
    let space = features::build_dropping_texts(articles, config);
    release_free_memory();
    cluster_features(space, articles, config)
}

/// Returns freed heap pages to the system. glibc keeps the pages of freed small allocations (the
/// texts are interleaved with other small allocations), and the large vectors of the later stages
/// are mapped afresh, so without this the freed texts would still count in the peak.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory the allocator holds free; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn cluster_features(space: FeatureSpace, articles: &[Article], config: &ClusterConfig) -> Model {
    let vectors: Vec<&features::SparseVec> = space.articles.iter().map(|f| &f.vector).collect();
    let pairs = graph::candidate_graph(&vectors, config);
    drop(vectors);
    let groups = singletons(space.articles.iter().map(|f| (&f.vector, f.day)));
    let events = agglomerate_rounds(
        groups,
        &pairs,
        config.event_threshold,
        Some(config.time_window_days),
        config.event_linkage,
        config,
    );
    // Two events of one kind that share most of their words are told apart by their signatures.
    let events = split::split_events(events, &space, config);

    // Storylines: the same average-link merging, continued from the events over the names they
    // carry (the story's principal actors), with no time window. Events that continue one another
    // (an offer and its rival offer, a rule and its reversal) involve the same people and bodies;
    // two events merely of one kind (two rehab stays, two earthquakes) do not.
    let mut event_of = vec![0usize; articles.len()];
    let event_groups: Vec<Group> = events
        .iter()
        .enumerate()
        .map(|(e, event)| {
            let members = &event.members;
            for &m in members {
                event_of[m] = e;
            }
            Group {
                members: members.clone(),
                sum: summed(members, &space, Level::Storyline).into(),
                days: None,
            }
        })
        .collect();
    // Candidates: the article graph's pairs between events, and the nearest events by names.
    let names_sums: Vec<&[(u32, f32)]> = event_groups.iter().map(|g| &*g.sum).collect();
    let mut event_pairs: Vec<(usize, usize)> = pairs
        .iter()
        .map(|&(a, b)| (event_of[a], event_of[b]))
        .chain(graph::candidate_graph(&names_sums, config))
        .filter(|(a, b)| a != b)
        .collect();
    drop(names_sums);
    event_pairs.sort_unstable();
    event_pairs.dedup();
    let storyline_members: Vec<Vec<usize>> = agglomerate_rounds(
        event_groups,
        &event_pairs,
        config.storyline_threshold,
        None,
        Linkage::Average,
        config,
    )
    .into_iter()
    .map(|article_members| {
        let mut event_indices: Vec<usize> = article_members.iter().map(|&m| event_of[m]).collect();
        event_indices.sort_unstable();
        event_indices.dedup();
        event_indices
    })
    .collect();

    let mut storylines: Vec<Storyline> = storyline_members
        .into_par_iter()
        .map(|event_indices| {
            let mut story_events: Vec<Event> = event_indices
                .par_iter()
                .map(|&e| {
                    let members = &events[e].members;
                    let (first_date, last_date) = date_range(members, articles);
                    let ids: Vec<&str> = members.iter().map(|&m| articles[m].id.as_str()).collect();
                    let sum = summed(members, &space, Level::Event);
                    Event {
                        id: format!("e-{}", short_hash(ids.iter().copied())),
                        label: articles[central(members, &sum, &space)].title.clone(),
                        articles: ids.iter().map(|s| s.to_string()).collect(),
                        first_date,
                        last_date,
                        evidence: Evidence {
                            told_apart_by: events[e]
                                .told_apart_by
                                .iter()
                                .map(|&t| space.terms[t as usize].clone())
                                .collect(),
                            ..evidence(members, &sum, &space, articles, Level::Event)
                        },
                    }
                })
                .collect();
            story_events.sort_by(|x, y| (&x.first_date, &x.id).cmp(&(&y.first_date, &y.id)));
            let all: Vec<usize> = event_indices
                .iter()
                .flat_map(|&e| events[e].members.iter().copied())
                .collect();
            let mut sorted_all = all.clone();
            sorted_all.sort_unstable();
            let ids: Vec<&str> = sorted_all
                .iter()
                .map(|&m| articles[m].id.as_str())
                .collect();
            Storyline {
                id: format!("s-{}", short_hash(ids.iter().copied())),
                label: articles[central(&all, &summed(&all, &space, Level::Event), &space)]
                    .title
                    .clone(),
                events: story_events,
                evidence: evidence(
                    &sorted_all,
                    &summed(&sorted_all, &space, Level::Storyline),
                    &space,
                    articles,
                    Level::Storyline,
                ),
            }
        })
        .collect();
    storylines.sort_by(|x, y| {
        y.article_ids()
            .count()
            .cmp(&x.article_ids().count())
            .then_with(|| x.id.cmp(&y.id))
    });
    Model {
        space,
        clustering: Clustering { storylines },
    }
}

/// Why two articles are, or are not, together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairExplanation {
    pub a: ArticleId,
    pub b: ArticleId,
    /// Cosine similarity of the whole texts (what events compare).
    pub similarity: f64,
    /// Cosine similarity of the names the texts carry (what storylines compare).
    pub names_similarity: f64,
    pub event_threshold: f64,
    pub storyline_threshold: f64,
    pub same_event: bool,
    pub same_storyline: bool,
    /// Shared terms with their contribution to the cosine, largest first.
    pub shared_terms: Vec<(String, f64)>,
    /// Shared names with their contribution to the names similarity.
    pub shared_names: Vec<(String, f64)>,
    pub shared_actors: Vec<String>,
    pub shared_numbers: Vec<String>,
    pub days_apart: Option<i32>,
}

pub fn explain(
    model: &Model,
    articles: &[Article],
    a: usize,
    b: usize,
    config: &ClusterConfig,
) -> PairExplanation {
    let fa = &model.space.articles[a];
    let fb = &model.space.articles[b];
    let shared_terms = |level: Level| -> Vec<(String, f64)> {
        let weights_b: HashMap<u32, f32> = level.vector(fb).iter().copied().collect();
        let mut shared: Vec<(String, f64)> = level
            .vector(fa)
            .iter()
            .filter_map(|&(term, weight)| {
                let other = weights_b.get(&term)?;
                Some((
                    model.space.terms[term as usize].clone(),
                    round3(weight as f64 * *other as f64),
                ))
            })
            .collect();
        shared.sort_by(features::heaviest_first);
        shared.truncate(15);
        shared
    };
    // Both lists are ascending ids: what both articles name, readable.
    let shared = |x: &[u32], y: &[u32]| -> Vec<String> {
        x.iter()
            .filter(|id| y.binary_search(id).is_ok())
            .map(|&id| model.space.terms[id as usize].clone())
            .collect()
    };
    let shared_actors = shared(&fa.actors, &fb.actors);
    let shared_numbers = shared(&fa.numbers, &fb.numbers);
    let assignment = model.clustering.assignment();
    let (sa, ea) = assignment[articles[a].id.as_str()];
    let (sb, eb) = assignment[articles[b].id.as_str()];
    PairExplanation {
        a: articles[a].id.clone(),
        b: articles[b].id.clone(),
        similarity: round3(dot(Level::Event.vector(fa), Level::Event.vector(fb))),
        names_similarity: round3(dot(
            Level::Storyline.vector(fa),
            Level::Storyline.vector(fb),
        )),
        event_threshold: config.event_threshold,
        storyline_threshold: config.storyline_threshold,
        same_event: ea == eb,
        same_storyline: sa == sb,
        shared_terms: shared_terms(Level::Event),
        shared_names: shared_terms(Level::Storyline),
        shared_actors,
        shared_numbers,
        days_apart: match (fa.day, fb.day) {
            (Some(x), Some(y)) => Some((x - y).abs()),
            _ => None,
        },
    }
}
