//! Aligning quotations across articles: which quotes render the same utterance, and how their
//! wording differs.
//!
//! Two quotes are variants when they are identical after normalisation, near-identical
//! (normalised Levenshtein over words ≥ `near_identical`), one contains the other (a partial quote
//! of a fuller rendering), or share enough content words to be the same statement in other words
//! (overlap of the shorter's content stems ≥ `token_overlap`). Candidates come from an inverted
//! index over content stems, so no all-pairs pass is needed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::compare::quotes::Quote;
use crate::config::QuoteConfig;
use crate::text;
use crate::util::short_hash;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub quote: String,
    pub article: String,
    /// How it relates to the group's longest variant: `reference`, `identical`, `near-identical`,
    /// `contained`, `reworded`.
    pub relation: String,
    /// Similarity to the longest variant (normalised word Levenshtein, 0–1).
    pub similarity: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteGroup {
    pub id: String,
    pub speaker: Option<String>,
    pub reference: String,
    pub variants: Vec<Variant>,
}

/// Words as ids, so that comparing two quotes compares numbers, not strings.
#[derive(Default)]
struct Vocabulary {
    ids: HashMap<String, u32>,
}

impl Vocabulary {
    /// The quote's words as quotations are compared (`text::folded_words`), in order.
    fn words(&mut self, s: &str) -> Vec<u32> {
        text::folded_words(s)
            .map(|w| {
                let next = self.ids.len() as u32;
                *self.ids.entry(w).or_insert(next)
            })
            .collect()
    }
}

/// Each text's content stems as ids, sorted, once each. Ids follow the stems' alphabetical
/// order, so that ties among a quote's rarest stems break by the stem.
fn stem_ids<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<Vec<u32>> {
    let stems: Vec<Vec<String>> = texts.map(text::content_stems).collect();
    let ids: HashMap<&str, u32> = stems
        .iter()
        .flatten()
        .map(String::as_str)
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .enumerate()
        .map(|(k, stem)| (stem, k as u32))
        .collect();
    stems
        .iter()
        .map(|list| {
            let mut out: Vec<u32> = list.iter().map(|s| ids[s.as_str()]).collect();
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect()
}

fn word_similarity(a: &[u32], b: &[u32]) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - strsim::generic_levenshtein(&a.to_vec(), &b.to_vec()) as f64 / longest as f64
}

fn contains_run(long: &[u32], short: &[u32]) -> bool {
    !short.is_empty() && long.windows(short.len()).any(|w| w == short)
}

/// How many ids two sorted lists share.
fn shared_count(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The relation of quote `b` to `a` by the tests that need no edit distance: identical,
/// contained, reworded (content-stem overlap).
fn cheap_relation(
    a: &[u32],
    b: &[u32],
    sa: &[u32],
    sb: &[u32],
    config: &QuoteConfig,
) -> Option<&'static str> {
    if a == b {
        return Some("identical");
    }
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    if short.len() >= config.min_align_words && contains_run(long, short) {
        return Some("contained");
    }
    let smaller = sa.len().min(sb.len());
    if smaller >= 3 && shared_count(sa, sb) as f64 / smaller as f64 >= config.token_overlap {
        return Some("reworded");
    }
    None
}

/// Relation of quote `b` to `a`, with their similarity, or `None` when they are different
/// statements.
fn relation(
    a: &[u32],
    b: &[u32],
    sa: &[u32],
    sb: &[u32],
    config: &QuoteConfig,
) -> Option<(&'static str, f64)> {
    if a == b {
        return Some(("identical", 1.0));
    }
    let similarity = word_similarity(a, b);
    if similarity >= config.near_identical {
        return Some(("near-identical", similarity));
    }
    cheap_relation(a, b, sa, sb, config).map(|r| (r, similarity))
}

/// Whether two quotes render one utterance (as `relation`, computing the edit distance only
/// when the lengths leave near-identity possible).
fn linked(a: &[u32], b: &[u32], sa: &[u32], sb: &[u32], config: &QuoteConfig) -> bool {
    if cheap_relation(a, b, sa, sb, config).is_some() {
        return true;
    }
    let longest = a.len().max(b.len()).max(1);
    let best = 1.0 - a.len().abs_diff(b.len()) as f64 / longest as f64;
    best >= config.near_identical && word_similarity(a, b) >= config.near_identical
}

/// How `variant` relates to `reference` under the documented thresholds (`identical`,
/// `near-identical`, `contained`, `reworded`), or `None` when they are different statements:
/// the test every variant of a group passes against the group's reference.
pub fn holds(reference: &str, variant: &str, config: &QuoteConfig) -> Option<&'static str> {
    if reference == variant {
        return Some("reference");
    }
    let mut vocabulary = Vocabulary::default();
    let stems = stem_ids([reference, variant].into_iter());
    relation(
        &vocabulary.words(reference),
        &vocabulary.words(variant),
        &stems[0],
        &stems[1],
        config,
    )
    .map(|(r, _)| r)
}

fn find(parent: &mut [usize], x: usize) -> usize {
    let mut root = x;
    while parent[root] != root {
        root = parent[root];
    }
    let mut node = x;
    while parent[node] != root {
        let next = parent[node];
        parent[node] = root;
        node = next;
    }
    root
}

/// A group member: quote index, relation to the reference, similarity to it.
type Member = (usize, &'static str, f64);

/// Most times a linked set of quotes is re-split around a new reference; what is left after
/// that is dropped (a chain of that many different statements is not one utterance).
const MAX_SPLITS: usize = 16;
/// Blocking: each quote proposes candidates through its `BLOCKING_STEMS` rarest content stems
/// (in its event), and from each stem's list only the `WINDOW` quotes after it. Links need
/// only connect a group (union-find), so a statement quoted in hundreds of reports is still one
/// group, while no quote is compared with more than `BLOCKING_STEMS × WINDOW` others.
const BLOCKING_STEMS: usize = 6;
const WINDOW: usize = 64;

/// Groups quotes from different articles of one event that render the same utterance.
/// `event[i]` is the event of `quotes[i]`: the same words said at different events are a
/// talking point, not one quotation. Candidates share at least two content stems (blocking by
/// an index per event, never all pairs); linked quotes are then split so that every variant
/// relates to its group's reference (the longest) by the documented thresholds — links do not
/// chain. Only groups spanning at least two articles are returned, sorted by size then id.
pub fn align(quotes: &[Quote], event: &[usize], config: &QuoteConfig) -> Vec<QuoteGroup> {
    let eligible: Vec<usize> = (0..quotes.len())
        .filter(|&i| text::word_count(&quotes[i].text) >= config.min_align_words)
        .collect();
    let mut vocabulary = Vocabulary::default();
    let mut words: HashMap<usize, Vec<u32>> = HashMap::with_capacity(eligible.len());
    for &i in &eligible {
        words.insert(i, vocabulary.words(&quotes[i].text));
    }
    drop(vocabulary);
    let stems: HashMap<usize, Vec<u32>> = eligible
        .iter()
        .copied()
        .zip(stem_ids(eligible.iter().map(|&i| quotes[i].text.as_str())))
        .collect();
    let mut index: HashMap<(usize, u32), Vec<usize>> = HashMap::new();
    for &i in &eligible {
        for &s in &stems[&i] {
            index.entry((event[i], s)).or_default().push(i);
        }
    }
    let mut parent: Vec<usize> = (0..quotes.len()).collect();
    for &i in &eligible {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        let mut rare: Vec<&Vec<usize>> =
            stems[&i].iter().map(|&s| &index[&(event[i], s)]).collect();
        rare.sort_by_key(|postings| postings.len());
        for postings in rare.into_iter().take(BLOCKING_STEMS) {
            // Postings are in quote order; take the quotes after this one.
            let from = postings.partition_point(|&j| j <= i);
            for &j in postings[from..].iter().take(WINDOW) {
                if quotes[j].article != quotes[i].article {
                    *shared.entry(j).or_default() += 1;
                }
            }
        }
        let mut candidates: Vec<(usize, usize)> =
            shared.into_iter().filter(|&(_, n)| n >= 2).collect();
        candidates.sort_unstable();
        for (j, _) in candidates {
            let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
            if ri != rj && linked(&words[&i], &words[&j], &stems[&i], &stems[&j], config) {
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let mut linked: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in &eligible {
        let root = find(&mut parent, i);
        linked.entry(root).or_default().push(i);
    }
    let longest_first = |x: &usize, y: &usize| {
        quotes[*y]
            .text
            .len()
            .cmp(&quotes[*x].text.len())
            .then(quotes[*x].id.cmp(&quotes[*y].id))
    };
    // (reference, members as (quote, relation, similarity to the reference)); each linked set
    // is split on its own, so the sets are split in parallel (the edit distances are most of
    // the work).
    let sets: Vec<Vec<usize>> = linked.into_values().filter(|m| m.len() >= 2).collect();
    let groups: Vec<(usize, Vec<Member>)> = sets
        .into_par_iter()
        .flat_map_iter(|mut rest| {
            rest.sort_by(longest_first);
            let mut groups = Vec::new();
            for _ in 0..MAX_SPLITS {
                if rest.len() < 2 {
                    break;
                }
                let reference = rest[0];
                let mut members = vec![(reference, "reference", 1.0)];
                let mut left = Vec::new();
                for &m in &rest[1..] {
                    match relation(
                        &words[&reference],
                        &words[&m],
                        &stems[&reference],
                        &stems[&m],
                        config,
                    ) {
                        Some((rel, similarity)) => members.push((m, rel, similarity)),
                        None => left.push(m),
                    }
                }
                groups.push((reference, members));
                rest = left;
            }
            groups
        })
        .collect();
    let mut out: Vec<QuoteGroup> = groups
        .into_iter()
        .filter(|(_, members)| {
            members
                .iter()
                .map(|&(m, _, _)| &quotes[m].article)
                .collect::<BTreeSet<_>>()
                .len()
                >= 2
        })
        .map(|(reference, members)| {
            let mut variants: Vec<Variant> = members
                .iter()
                .map(|&(m, rel, similarity)| Variant {
                    quote: quotes[m].id.clone(),
                    article: quotes[m].article.clone(),
                    relation: rel.to_string(),
                    similarity: (similarity * 1000.0).round() / 1000.0,
                })
                .collect();
            variants.sort_by(|a, b| {
                (a.relation != "reference", &a.article, &a.quote).cmp(&(
                    b.relation != "reference",
                    &b.article,
                    &b.quote,
                ))
            });
            let speaker = members
                .iter()
                .find_map(|&(m, _, _)| quotes[m].speaker.as_ref().map(|s| s.name.clone()));
            QuoteGroup {
                id: format!(
                    "g-{}",
                    short_hash(members.iter().map(|&(m, _, _)| quotes[m].id.as_str()))
                ),
                speaker,
                reference: quotes[reference].id.clone(),
                variants,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.variants
            .len()
            .cmp(&a.variants.len())
            .then(a.id.cmp(&b.id))
    });
    out
}
