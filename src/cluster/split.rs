//! Telling apart two events of one kind that average-link merged: two title fights of one boxer
//! (against Rahman, against Thompson), two raids by one navy (23 pirates, 26 pirates). Their
//! articles share most of their words, so their average similarity clears the event threshold.
//! Each event group is therefore bisected along its principal direction (Boley's PDDP, then a few
//! rounds of two-means), and the bisection is kept when each part holds enough reports that are
//! not copies of one another (wire copy run by many outlets counts once) and the average
//! similarity *between* the parts is a small share of the average similarity *within* them, and
//! one part has several signatures: terms that most of its articles carry and almost none of the
//! other's (a single event reported from two angles differs in a name or two, two events in
//! many details). The signatures are kept as the evidence of the split. Linear in the group's
//! total vector size per attempt.

use std::collections::HashMap;

use rayon::prelude::*;

use super::features::{dot, heaviest_first, sum_of, unit, FeatureSpace, SparseVec};
use crate::config::ClusterConfig;

/// Rounds of reassignment to the nearer centroid after the principal-direction split.
const ROUNDS: usize = 6;
/// Power-iteration rounds for the principal direction.
const POWER_ROUNDS: usize = 12;
/// Pairs at least this similar are copies of one report rather than two reports of one event.
const NEAR_DUPLICATE: f64 = 0.8;
/// Pairs compared per part and between parts, at most (a fixed sample beyond that).
const SAMPLED_PAIRS: usize = 2000;
/// How deep a group may be split again.
const MAX_DEPTH: usize = 3;
/// A signature is carried by at least this share of its own part...
const OWN_SHARE: f64 = 0.6;
/// ...and at most this share of the other part.
const OTHER_SHARE: f64 = 0.1;
/// Signatures kept per part as evidence.
const MAX_SIGNATURES: usize = 8;

/// An event group after splitting: its members (ascending) and, when it was split from a
/// sibling, the terms that set it apart (most of its articles carry them, almost none of the
/// sibling's; the heaviest first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventGroup {
    pub members: Vec<usize>,
    pub told_apart_by: Vec<u32>,
}

/// Splits every group that holds two events of one kind, recursively; groups keep their order.
pub fn split_events(
    groups: Vec<Vec<usize>>,
    space: &FeatureSpace,
    config: &ClusterConfig,
) -> Vec<EventGroup> {
    groups
        .into_par_iter()
        .flat_map_iter(|members| {
            split_recursively(
                EventGroup {
                    members,
                    told_apart_by: Vec::new(),
                },
                space,
                config,
                0,
            )
        })
        .collect()
}

fn split_recursively(
    group: EventGroup,
    space: &FeatureSpace,
    config: &ClusterConfig,
    depth: usize,
) -> Vec<EventGroup> {
    if depth >= MAX_DEPTH {
        return vec![group];
    }
    match split_once(&group.members, space, config) {
        Some((left, right)) => {
            let mut out = split_recursively(left, space, config, depth + 1);
            out.extend(split_recursively(right, space, config, depth + 1));
            out
        }
        None => vec![group],
    }
}

/// For each term, the positions (in `members`) of the articles that carry it.
fn carriers(members: &[usize], space: &FeatureSpace) -> HashMap<u32, Vec<usize>> {
    let mut by_term: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, &m) in members.iter().enumerate() {
        for &(term, _) in &space.articles[m].vector {
            by_term.entry(term).or_default().push(i);
        }
    }
    by_term
}

/// Terms that at least `OWN_SHARE` of one part carries and at most `OTHER_SHARE` of the other,
/// heaviest (summed weight in the part) first.
fn signatures(
    members: &[usize],
    space: &FeatureSpace,
    by_term: &HashMap<u32, Vec<usize>>,
    side: &[bool],
    want: bool,
) -> Vec<u32> {
    let own_size = side.iter().filter(|&&s| s == want).count() as f64;
    let other_size = side.len() as f64 - own_size;
    let weights = sum_of(
        members
            .iter()
            .zip(side)
            .filter(|(_, &s)| s == want)
            .map(|(&m, _)| &space.articles[m].vector),
    );
    let mut found: Vec<(u32, f32)> = weights
        .into_iter()
        .filter(|(term, _)| {
            let holders = &by_term[term];
            let own = holders.iter().filter(|&&i| side[i] == want).count() as f64;
            let other = holders.len() as f64 - own;
            own >= OWN_SHARE * own_size && other <= OTHER_SHARE * other_size
        })
        .collect();
    found.sort_unstable_by(heaviest_first);
    found.truncate(MAX_SIGNATURES);
    found.into_iter().map(|(term, _)| term).collect()
}

/// The principal direction of a group's centred vectors (Boley's PDDP): the sign of each
/// article's coordinate proposes a two-way split. Power iteration from a fixed start, so the
/// result does not depend on anything but the vectors.
fn principal_sides(vectors: &[&SparseVec]) -> Vec<bool> {
    let n = vectors.len();
    let mean: Vec<(u32, f32)> = sum_of(vectors.iter().copied())
        .into_iter()
        .map(|(t, w)| (t, w / n as f32))
        .collect();
    let mean_dots: Vec<f64> = vectors.iter().map(|v| dot(v, &mean)).collect();
    // Start from each article's distance to the mean: atypical articles pull the first guess.
    let mut x: Vec<f64> = mean_dots.iter().map(|d| 1.0 - d).collect();
    for _ in 0..POWER_ROUNDS {
        let mean_x: f64 = x.iter().sum::<f64>() / n as f64;
        let centred: Vec<f64> = x.iter().map(|v| v - mean_x).collect();
        // y = C Cᵀ x with C the centred vectors: Cᵀx = Σ xᵢ vᵢ (the mean term cancels as Σ xᵢ = 0).
        let mut combined: HashMap<u32, f64> = HashMap::new();
        for (v, &xi) in vectors.iter().zip(&centred) {
            for &(t, w) in v.iter() {
                *combined.entry(t).or_insert(0.0) += xi * w as f64;
            }
        }
        let mut direction: Vec<(u32, f32)> =
            combined.into_iter().map(|(t, w)| (t, w as f32)).collect();
        direction.sort_unstable_by_key(|&(t, _)| t);
        let mean_along = dot(&mean, &direction);
        let y: Vec<f64> = vectors
            .iter()
            .map(|v| dot(v, &direction) - mean_along)
            .collect();
        let norm = y.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm == 0.0 {
            break;
        }
        x = y.into_iter().map(|v| v / norm).collect();
    }
    x.iter().map(|&v| v >= 0.0).collect()
}

/// Lets every article settle with the nearer of the two parts' centroids.
fn settle(vectors: &[&SparseVec], mut side: Vec<bool>) -> Vec<bool> {
    for _ in 0..ROUNDS {
        let centroid = |left: bool| {
            unit(sum_of(
                vectors
                    .iter()
                    .zip(&side)
                    .filter(|(_, s)| **s == left)
                    .map(|(v, _)| *v),
            ))
        };
        let (left_c, right_c) = (centroid(true), centroid(false));
        let next: Vec<bool> = vectors
            .iter()
            .map(|v| dot(v, &left_c) >= dot(v, &right_c))
            .collect();
        let stable = next == side;
        side = next;
        if stable {
            break;
        }
    }
    side
}

/// The next number of a splitmix64 sequence: a fixed, seedable stream for sampling pairs.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Average similarity over the pairs of `a` × `b` (distinct pairs within one part when `same`),
/// all of them when few, else a fixed sample; pairs at or above `NEAR_DUPLICATE` are left out
/// when `skip_copies`.
fn mean_similarity(
    vectors: &[&SparseVec],
    a: &[usize],
    b: &[usize],
    same: bool,
    skip_copies: bool,
) -> f64 {
    let total = if same {
        a.len() * a.len().saturating_sub(1) / 2
    } else {
        a.len() * b.len()
    };
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    if total <= SAMPLED_PAIRS {
        for (i, &x) in a.iter().enumerate() {
            let others = if same { &a[i + 1..] } else { b };
            pairs.extend(others.iter().map(|&y| (x, y)));
        }
    } else {
        let mut state = (a.len() as u64) << 32 | b.len() as u64;
        while pairs.len() < SAMPLED_PAIRS {
            let x = a[(splitmix(&mut state) % a.len() as u64) as usize];
            let y = b[(splitmix(&mut state) % b.len() as u64) as usize];
            if x != y {
                pairs.push((x, y));
            }
        }
    }
    let (mut sum, mut count) = (0.0, 0usize);
    for (x, y) in pairs {
        let similarity = dot(vectors[x], vectors[y]);
        if skip_copies && similarity >= NEAR_DUPLICATE {
            continue;
        }
        sum += similarity;
        count += 1;
    }
    if count == 0 {
        1.0
    } else {
        sum / count as f64
    }
}

/// Whether a part holds at least `needed` reports that are not copies of one another: ten
/// outlets running the same two wire stories are two reports, not ten.
fn has_distinct_reports(vectors: &[&SparseVec], side: &[bool], want: bool, needed: usize) -> bool {
    let mut distinct: Vec<&SparseVec> = Vec::with_capacity(needed);
    for (v, _) in vectors.iter().zip(side).filter(|(_, &s)| s == want) {
        if distinct.iter().all(|d| dot(d, v) < NEAR_DUPLICATE) {
            distinct.push(v);
            if distinct.len() >= needed {
                return true;
            }
        }
    }
    false
}

/// Average similarity between the parts, and within each part. Copies of one report (syndicated
/// wire stories, near-duplicates) would make a part look more cohesive than its reporting is, so
/// within a part they are left out.
fn separation(vectors: &[&SparseVec], side: &[bool]) -> (f64, f64, f64) {
    let part =
        |want: bool| -> Vec<usize> { (0..side.len()).filter(|&i| side[i] == want).collect() };
    let (left, right) = (part(true), part(false));
    (
        mean_similarity(vectors, &left, &right, false, false),
        mean_similarity(vectors, &left, &left, true, true),
        mean_similarity(vectors, &right, &right, true, true),
    )
}

/// One split of a group into two events, when the evidence supports it.
pub fn split_once(
    members: &[usize],
    space: &FeatureSpace,
    config: &ClusterConfig,
) -> Option<(EventGroup, EventGroup)> {
    let n = members.len();
    let min_side = config.split_min_side.max(1);
    if n < 2 * min_side {
        return None;
    }
    let vectors: Vec<&SparseVec> = members.iter().map(|&m| &space.articles[m].vector).collect();
    let side = settle(&vectors, principal_sides(&vectors));
    let (cross, within_left, within_right) = separation(&vectors, &side);
    let ratio = cross / ((within_left + within_right) / 2.0).max(1e-9);
    if ratio > config.split_ratio
        || !has_distinct_reports(&vectors, &side, true, min_side)
        || !has_distinct_reports(&vectors, &side, false, min_side)
    {
        return None;
    }
    let by_term = carriers(members, space);
    let (left_signatures, right_signatures) = (
        signatures(members, space, &by_term, &side, true),
        signatures(members, space, &by_term, &side, false),
    );
    // On ECB+ every kept split had 6 signatures or more on one side; the one split of a single
    // event (a star's rehab told from the clinic and from her lawyer) had 3.
    if left_signatures.len().max(right_signatures.len()) < config.split_min_signatures {
        return None;
    }
    let part = |want: bool, told_apart_by: Vec<u32>| {
        let mut part_members: Vec<usize> = members
            .iter()
            .zip(&side)
            .filter(|(_, &s)| s == want)
            .map(|(&m, _)| m)
            .collect();
        part_members.sort_unstable();
        EventGroup {
            members: part_members,
            told_apart_by,
        }
    };
    Some((part(true, left_signatures), part(false, right_signatures)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::features::ArticleFeatures;

    /// Twelve reports, six on each side: eight words all share, twelve of each report's own,
    /// and on each side `signature` words all six carry plus six words each carried by three
    /// of the six (too few to be signatures, enough to set the sides apart).
    fn two_sided(signature: u32) -> FeatureSpace {
        let articles = (0..12u32)
            .map(|i| {
                let (side, k) = (i / 6, i % 6);
                // Weights vary a little, as in real reports (exact symmetry leaves no principal
                // direction to find).
                let mut vector: SparseVec = (0..8)
                    .map(|t| (t, 1.0 + 0.1 * ((i + t) % 3) as f32))
                    .collect();
                let weight = 2.0 + 0.5 * side as f32;
                vector.extend((0..signature).map(|t| (100 + side * 50 + t, weight)));
                vector.extend((0..3).map(|j| (200 + side * 50 + (k + j) % 6, weight)));
                vector.extend((0..12).map(|t| (1000 + i * 20 + t, 1.0)));
                vector.sort_unstable_by_key(|&(t, _)| t);
                ArticleFeatures {
                    vector: unit(vector),
                    ..Default::default()
                }
            })
            .collect();
        FeatureSpace {
            terms: (0..1300).map(|t| format!("t{t}")).collect(),
            articles,
        }
    }

    #[test]
    fn two_events_that_differ_in_many_details_are_split() {
        let space = two_sided(6);
        let members: Vec<usize> = (0..12).collect();
        let (left, right) = split_once(&members, &space, &ClusterConfig::default()).expect("split");
        let mut parts = [left.members, right.members];
        parts.sort();
        assert_eq!(parts, [(0..6).collect::<Vec<_>>(), (6..12).collect()]);
        assert_eq!(left.told_apart_by.len(), 6, "{:?}", left.told_apart_by);
    }

    #[test]
    fn one_event_told_from_two_angles_is_not_split() {
        // Apart enough for the ratio test (with one signature required, it splits), but each
        // side has a single signature word.
        let space = two_sided(1);
        let members: Vec<usize> = (0..12).collect();
        let one_signature = ClusterConfig {
            split_min_signatures: 1,
            ..ClusterConfig::default()
        };
        assert!(split_once(&members, &space, &one_signature).is_some());
        assert!(split_once(&members, &space, &ClusterConfig::default()).is_none());
    }
}
