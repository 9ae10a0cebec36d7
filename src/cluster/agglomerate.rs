//! Average-link agglomerative clustering over the candidate graph.
//!
//! With unit-length vectors, the average cosine between the members of two groups equals the dot
//! product of the groups' mean vectors, so average link is computed exactly from one summed vector
//! per group instead of all member pairs. Only groups joined by a candidate edge are compared.

use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap};

use crate::cluster::features::{add_into, dot, SparseVec};
use crate::cluster::graph::Edge;

/// A group of items being merged: members, summed vector, and date range (days) if dated.
#[derive(Debug, Clone)]
pub struct Group {
    pub members: Vec<usize>,
    pub sum: SparseVec,
    pub days: Option<(i32, i32)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Candidate {
    similarity: f64,
    a: usize,
    b: usize,
}

impl Eq for Candidate {}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        // Highest similarity first; ties broken by the smaller ids so the result never depends on
        // the order candidates were found in.
        self.similarity
            .total_cmp(&other.similarity)
            .then_with(|| other.a.cmp(&self.a))
            .then_with(|| other.b.cmp(&self.b))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn average_link(x: &Group, y: &Group) -> f64 {
    dot(&x.sum, &y.sum) / (x.members.len() as f64 * y.members.len() as f64)
}

fn merged_days(x: Option<(i32, i32)>, y: Option<(i32, i32)>) -> Option<(i32, i32)> {
    match (x, y) {
        (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
        (d, None) | (None, d) => d,
    }
}

/// Merges groups joined by `edges` (indices into `groups`) while their average-link similarity
/// is at least `threshold` and, with a `window`, their dates span at most that many days.
/// Returns the surviving groups, members sorted, in order of their smallest member.
pub fn agglomerate(
    mut groups: Vec<Group>,
    edges: &[(usize, usize)],
    threshold: f64,
    window: Option<i64>,
) -> Vec<Group> {
    let n = groups.len();
    let mut alive = vec![true; n];
    let mut neighbours: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    let mut heap = BinaryHeap::new();
    for &(a, b) in edges {
        if a == b {
            continue;
        }
        neighbours[a].insert(b);
        neighbours[b].insert(a);
    }
    for (a, list) in neighbours.iter().enumerate() {
        for &b in list.range(a + 1..) {
            let similarity = average_link(&groups[a], &groups[b]);
            if similarity >= threshold {
                heap.push(Candidate { similarity, a, b });
            }
        }
    }
    let fits_window = |x: &Group, y: &Group| match (window, merged_days(x.days, y.days)) {
        (Some(w), Some((first, last))) => i64::from(last - first) <= w,
        _ => true,
    };
    while let Some(Candidate { a, b, .. }) = heap.pop() {
        if !alive[a] || !alive[b] || !fits_window(&groups[a], &groups[b]) {
            continue;
        }
        // Merge b into a (a keeps the smaller index, so ids stay stable).
        let taken = std::mem::replace(
            &mut groups[b],
            Group {
                members: Vec::new(),
                sum: Vec::new(),
                days: None,
            },
        );
        alive[b] = false;
        let group = &mut groups[a];
        group.members.extend(taken.members);
        group.sum = add_into(&group.sum, &taken.sum);
        group.days = merged_days(group.days, taken.days);
        let b_neighbours = std::mem::take(&mut neighbours[b]);
        let mut joined: BTreeSet<usize> = std::mem::take(&mut neighbours[a]);
        joined.extend(b_neighbours);
        joined.retain(|&c| c != a && c != b && alive[c]);
        for &c in &joined {
            neighbours[c].remove(&b);
            neighbours[c].insert(a);
            let similarity = average_link(&groups[a], &groups[c]);
            if similarity >= threshold {
                heap.push(Candidate {
                    similarity,
                    a: a.min(c),
                    b: a.max(c),
                });
            }
        }
        neighbours[a] = joined;
    }
    let mut out: Vec<Group> = groups
        .into_iter()
        .zip(alive)
        .filter(|(_, alive)| *alive)
        .map(|(mut g, _)| {
            g.members.sort_unstable();
            g
        })
        .collect();
    out.sort_by(|a, b| a.members.cmp(&b.members));
    out
}

/// Agglomerates in rounds: after each round the candidate graph is rebuilt over the groups'
/// mean vectors, so groups can meet partners that no single member had among its nearest
/// neighbours (a story repeated by many outlets fills every member's neighbour list with its own
/// copies). Linkage stays exact average link; only the candidates change. Returns member lists.
pub fn agglomerate_rounds(
    groups: Vec<Group>,
    first_edges: &[(usize, usize)],
    threshold: f64,
    window: Option<i64>,
    config: &crate::config::ClusterConfig,
) -> Vec<Vec<usize>> {
    const MAX_ROUNDS: usize = 4;
    let mut groups = agglomerate(groups, first_edges, threshold, window);
    for _ in 1..MAX_ROUNDS {
        let centroids: Vec<SparseVec> = groups
            .iter()
            .map(|g| crate::cluster::features::unit(g.sum.clone()))
            .collect();
        let edges = edge_pairs(&crate::cluster::graph::candidate_graph(&centroids, config));
        let before = groups.len();
        groups = agglomerate(groups, &edges, threshold, window);
        if groups.len() == before {
            break;
        }
    }
    groups.into_iter().map(|g| g.members).collect()
}

/// Groups of one item each, from vectors and optional days.
pub fn singletons(vectors: impl IntoIterator<Item = (SparseVec, Option<i32>)>) -> Vec<Group> {
    vectors
        .into_iter()
        .enumerate()
        .map(|(i, (sum, day))| Group {
            members: vec![i],
            sum,
            days: day.map(|d| (d, d)),
        })
        .collect()
}

pub fn edge_pairs(edges: &[Edge]) -> Vec<(usize, usize)> {
    edges.iter().map(|e| (e.a, e.b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: &[(u32, f32)]) -> SparseVec {
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        v.iter().map(|&(i, w)| (i, w / norm)).collect()
    }

    #[test]
    fn merges_similar_and_keeps_apart_dissimilar() {
        let groups = singletons(vec![
            (unit(&[(0, 1.0), (1, 1.0)]), None),
            (unit(&[(0, 1.0), (1, 0.9)]), None),
            (unit(&[(2, 1.0)]), None),
        ]);
        let edges = vec![(0, 1), (1, 2), (0, 2)];
        let members: Vec<Vec<usize>> = agglomerate(groups, &edges, 0.5, None)
            .into_iter()
            .map(|g| g.members)
            .collect();
        assert_eq!(members, vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn time_window_separates_distant_dates() {
        let v = unit(&[(0, 1.0)]);
        let groups = singletons(vec![(v.clone(), Some(0)), (v.clone(), Some(100))]);
        assert_eq!(
            agglomerate(groups.clone(), &[(0, 1)], 0.5, Some(7)).len(),
            2
        );
        assert_eq!(agglomerate(groups, &[(0, 1)], 0.5, None).len(), 1);
    }
}
