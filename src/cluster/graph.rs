//! Candidate pairs without comparing all pairs: each article is indexed under its strongest
//! terms (blocking), and only articles that share such a term are scored. The work per article is
//! bounded by `blocking_terms × max_postings`, so the graph is built in near-linear time.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::cluster::features::{heaviest_first, unit};
use crate::config::ClusterConfig;

/// The `k` heaviest terms of a vector scaled to unit length, heaviest first (ties: smaller term
/// id first).
fn top_terms(vector: &[(u32, f32)], k: usize) -> Vec<(u32, f32)> {
    // Scaled here, term by term, rather than by the caller: a copy of every group's vector at
    // unit length would be the largest allocation of a clustering round.
    let mut terms = unit(vector.to_vec());
    if k > 0 && terms.len() > k {
        terms.select_nth_unstable_by(k - 1, heaviest_first);
    }
    terms.truncate(k);
    terms.sort_unstable_by(heaviest_first);
    // Kept for the whole graph build: without this each would hold the full vector's capacity.
    terms.shrink_to_fit();
    terms
}

/// The k-nearest-neighbour graph over candidate pairs of vectors, compared at unit length
/// (cosine): undirected edges `(a, b)` with `a < b`, deduplicated and sorted. Two articles that
/// share a blocking term (with positive weights) have a positive similarity, so every edge joins a
/// similar pair; the similarity itself is left to the agglomeration, which scores groups, not
/// articles.
pub fn candidate_graph<V: AsRef<[(u32, f32)]> + Sync>(
    vectors: &[V],
    config: &ClusterConfig,
) -> Vec<(usize, usize)> {
    let blocking: Vec<Vec<(u32, f32)>> = vectors
        .par_iter()
        .map(|v| top_terms(v.as_ref(), config.blocking_terms))
        .collect();
    let mut postings: HashMap<u32, Vec<(f32, usize)>> = HashMap::new();
    for (doc, terms) in blocking.iter().enumerate() {
        for &(term, weight) in terms {
            postings.entry(term).or_default().push((weight, doc));
        }
    }
    for list in postings.values_mut() {
        list.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        list.truncate(config.max_postings);
    }
    let mut edges: Vec<(usize, usize)> = blocking
        .par_iter()
        .enumerate()
        // Scores accumulate in a dense array per worker (reset after each article through the
        // list of touched entries): far cheaper than hashing every posting.
        .map_init(
            || (vec![0f32; vectors.len()], Vec::new()),
            |(scores, touched), (doc, terms)| {
                for &(term, weight) in terms {
                    if let Some(list) = postings.get(&term) {
                        for &(other_weight, other) in list {
                            if other != doc {
                                if scores[other] == 0.0 {
                                    touched.push(other);
                                }
                                scores[other] += weight * other_weight;
                            }
                        }
                    }
                }
                let ranked: Vec<(usize, f32)> = touched
                    .drain(..)
                    .map(|other: usize| (other, std::mem::take(&mut scores[other])))
                    .collect();
                (doc, ranked)
            },
        )
        .flat_map_iter(|(doc, mut ranked)| {
            if ranked.len() > config.neighbours && config.neighbours > 0 {
                ranked.select_nth_unstable_by(config.neighbours - 1, heaviest_first);
            }
            ranked.truncate(config.neighbours);
            ranked
                .into_iter()
                .map(move |(other, _)| (doc.min(other), doc.max(other)))
        })
        .collect();
    edges.sort_unstable();
    edges.dedup();
    edges
}
