//! Every threshold in one place. Defaults were chosen on the development corpora (see README);
//! a TOML file (`--config FILE`) or flags override them, and the report prints the values used.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How agglomeration scores a candidate pair of groups (see `cluster::agglomerate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Linkage {
    /// The average similarity between the two groups' members.
    Average,
    /// The highest average link the pair has had since the two became partners.
    Sticky,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClusterConfig {
    /// Average-link cosine similarity at or above which two groups are the same event.
    pub event_threshold: f64,
    /// Average-link cosine similarity of the names they carry (people, places, bodies: their
    /// principal actors) at or above which two events share a storyline. The events of one story
    /// happen to the same actors; two events of one kind (two earthquakes) happen to others.
    pub storyline_threshold: f64,
    /// Articles dated further apart than this many days are never one event (storylines have no window).
    pub time_window_days: i64,
    /// Neighbours kept per article in the candidate graph.
    pub neighbours: usize,
    /// Terms per article used for blocking (the inverted index that proposes candidate pairs).
    pub blocking_terms: usize,
    /// Postings scanned per blocking term, highest weights first; bounds the work per article.
    pub max_postings: usize,
    /// Weight of a headline word relative to a body word.
    pub title_weight: f64,
    /// Weight of a multi-word name as a term of its own.
    pub entity_weight: f64,
    /// Weight of a number with its unit ("3 people", "$5 million") as a term of its own.
    pub number_weight: f64,
    /// How the similarity of two candidate events is kept while they merge: `average` (the
    /// average link as it is now) or `sticky` (the highest average link the pair has had).
    /// Average: sticky behaves like single link and chains two events of one storyline a few
    /// days apart (measured on unseen corpora and on bare text; see README).
    pub event_linkage: Linkage,
    /// Extra weight added to each word of a capitalised name (beyond its weight as a word).
    pub proper_noun_weight: f64,
    /// Weight of a date written in the text (a year, "May 2", a weekday) as a term of its own.
    pub date_weight: f64,
    /// An event is split in two only if each part has at least this many reports that are not
    /// copies of one another (similarity below 0.8).
    pub split_min_side: usize,
    /// An event is split when the average similarity between its two parts is at most this
    /// share of the average similarity within them.
    pub split_ratio: f64,
    /// An event is split only if one of its parts has at least this many signature terms (carried
    /// by most of its reports and almost none of the other part's). Two events of one kind differ
    /// in many details at once — who, where, how many; one event reported from two angles differs
    /// in a name or two. At most 8 are counted per part, so a value above 8 turns splitting off.
    pub split_min_signatures: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            event_threshold: 0.2,
            storyline_threshold: 0.22,
            time_window_days: 7,
            neighbours: 20,
            blocking_terms: 24,
            max_postings: 400,
            title_weight: 2.0,
            entity_weight: 1.0,
            number_weight: 1.0,
            event_linkage: Linkage::Average,
            proper_noun_weight: 2.0,
            date_weight: 1.0,
            split_min_side: 5,
            split_ratio: 0.65,
            split_min_signatures: 4,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QuoteConfig {
    /// Quotes of at most this many words that are not a clause are scare quotes (labels).
    pub scare_max_words: usize,
    /// Normalised Levenshtein similarity (on words) at or above which two quotes are variants.
    pub near_identical: f64,
    /// Share of the shorter quote's content words found in the longer one for "same statement".
    pub token_overlap: f64,
    /// Minimum words a quote needs to be aligned across articles (shorter ones are labels).
    pub min_align_words: usize,
}

impl Default for QuoteConfig {
    fn default() -> Self {
        QuoteConfig {
            scare_max_words: 3,
            near_identical: 0.8,
            token_overlap: 0.6,
            min_align_words: 4,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IngestConfig {
    /// Files larger than this (in megabytes) are skipped with a warning.
    pub max_file_mb: f64,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig { max_file_mb: 20.0 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FramingConfig {
    /// Share of a sentence's content words that another article must carry for the claim to count as carried.
    pub claim_overlap: f64,
}

impl Default for FramingConfig {
    fn default() -> Self {
        FramingConfig { claim_overlap: 0.5 }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub ingest: IngestConfig,
    pub cluster: ClusterConfig,
    pub quotes: QuoteConfig,
    pub framing: FramingConfig,
}

impl Config {
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        toml::from_str(&text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start].lines().count().max(1));
            Error::input(path, line, e.message().to_string())
        })
    }
}
