//! Average-link agglomerative clustering over the candidate graph.
//!
//! With unit-length vectors, the average cosine between the members of two groups equals the dot
//! product of the groups' mean vectors, so average link is computed exactly from one summed vector
//! per group instead of all member pairs. Only groups joined by a candidate edge are compared.
//!
//! Near-linear: each group offers only its best partner to the priority queue, and after a merge
//! the new group's dot products with its partners are the sums of the two old ones (the dot
//! product is bilinear), so only partners one side had never met are scored afresh.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use rayon::prelude::*;

use crate::cluster::features::{add_into, dot, SparseVec};

/// A group of items being merged: members, summed vector, and date range (days) if dated. A
/// single article's group borrows the article's vector rather than copying it.
#[derive(Debug, Clone)]
pub struct Group<'a> {
    pub members: Vec<usize>,
    pub sum: Cow<'a, [(u32, f32)]>,
    pub days: Option<(i32, i32)>,
}

/// A group's summed vector while it grows. A big group absorbs many small ones, and rebuilding a
/// sorted vector of tens of thousands of terms for every absorbed article made merging quadratic;
/// past `HASHED_FROM` terms the sum lives in a hash map, where adding costs the small side only.
enum Sum<'a> {
    Sorted(Cow<'a, [(u32, f32)]>),
    Hashed(HashMap<u32, f32>),
}

const HASHED_FROM: usize = 2048;

impl<'a> Sum<'a> {
    fn len(&self) -> usize {
        match self {
            Sum::Sorted(v) => v.len(),
            Sum::Hashed(m) => m.len(),
        }
    }

    fn add(&mut self, other: Sum<'a>) {
        if let Sum::Sorted(mine) = self {
            if mine.len() + other.len() < HASHED_FROM {
                if let Sum::Sorted(theirs) = &other {
                    *mine = Cow::Owned(add_into(mine, theirs));
                    return;
                }
            }
            *self = Sum::Hashed(mine.iter().copied().collect());
        }
        let Sum::Hashed(mine) = self else {
            unreachable!("converted above")
        };
        let mut add = |(term, weight): (u32, f32)| *mine.entry(term).or_insert(0.0) += weight;
        match other {
            Sum::Sorted(theirs) => theirs.iter().copied().for_each(&mut add),
            Sum::Hashed(theirs) => theirs.into_iter().for_each(&mut add),
        }
    }

    /// The dot product, adding the products in ascending term order as `features::dot` does, so
    /// the result does not depend on the representation.
    fn dot(&self, other: &Sum) -> f64 {
        let lookup = |sorted: &[(u32, f32)], map: &HashMap<u32, f32>| {
            sorted
                .iter()
                .filter_map(|(term, weight)| map.get(term).map(|w| *weight as f64 * *w as f64))
                .sum()
        };
        match (self, other) {
            (Sum::Sorted(x), Sum::Sorted(y)) => dot(x, y),
            (Sum::Sorted(x), Sum::Hashed(y)) | (Sum::Hashed(y), Sum::Sorted(x)) => lookup(x, y),
            (Sum::Hashed(x), Sum::Hashed(y)) => {
                let (small, large) = if x.len() <= y.len() { (x, y) } else { (y, x) };
                lookup(
                    &sorted(small.iter().map(|(t, w)| (*t, *w)).collect()),
                    large,
                )
            }
        }
    }

    fn into_sorted(self) -> Cow<'a, [(u32, f32)]> {
        match self {
            Sum::Sorted(v) => v,
            Sum::Hashed(m) => Cow::Owned(sorted(m.into_iter().collect())),
        }
    }
}

fn sorted(mut vector: SparseVec) -> SparseVec {
    vector.sort_unstable_by_key(|&(term, _)| term);
    vector
}

/// A group's best partner, offered for merging. Each live group has at most one live candidate:
/// the heap stays as small as the number of merges, however many partners a big group has.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Candidate {
    similarity: f64,
    /// The pair, smaller index first.
    a: usize,
    b: usize,
    /// The group whose best partner this is, and its stamp when the candidate was made: a
    /// candidate whose owner has since changed its best partner is out of date.
    owner: usize,
    stamp: u32,
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
            .then_with(|| other.owner.cmp(&self.owner))
            .then_with(|| self.stamp.cmp(&other.stamp))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn merged_days(x: Option<(i32, i32)>, y: Option<(i32, i32)>) -> Option<(i32, i32)> {
    match (x, y) {
        (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
        (d, None) | (None, d) => d,
    }
}

/// (similarity, partner): higher similarity wins, then the smaller partner index.
fn better(x: (f64, usize), y: (f64, usize)) -> bool {
    x.0 > y.0 || (x.0 == y.0 && x.1 < y.1)
}

pub use crate::config::Linkage;

/// A candidate partner: the dot product of the two summed vectors, and the pair's score.
#[derive(Debug, Clone, Copy)]
struct Link {
    partner: usize,
    product: f64,
    score: f64,
}

/// The state of one agglomeration: groups, their partners with the dot products of the summed
/// vectors, and each group's best partner.
struct Agglomeration<'a> {
    /// The groups, their `sum` moved to `sums` while merging.
    groups: Vec<Group<'a>>,
    sums: Vec<Sum<'a>>,
    alive: Vec<bool>,
    /// Each group's partners, sorted by partner so that merging two lists is one linear pass.
    /// The dot product is bilinear, so after a merge the new group's products are the sums of
    /// the old two; only a partner that one side had never met needs a fresh product.
    neighbours: Vec<Vec<Link>>,
    best: Vec<Option<(f64, usize)>>,
    stamp: Vec<u32>,
    heap: BinaryHeap<Candidate>,
    threshold: f64,
    linkage: Linkage,
}

impl Agglomeration<'_> {
    /// Finds `x`'s best partner afresh and offers it if it clears the threshold.
    fn rescan(&mut self, x: usize) {
        let mut best: Option<(f64, usize)> = None;
        for link in &self.neighbours[x] {
            let candidate = (link.score, link.partner);
            if best.is_none_or(|b| better(candidate, b)) {
                best = Some(candidate);
            }
        }
        self.set_best(x, best);
    }

    fn set_best(&mut self, x: usize, best: Option<(f64, usize)>) {
        if self.best[x] == best {
            // Unchanged: the candidate already offered stays valid.
            return;
        }
        self.best[x] = best;
        self.stamp[x] += 1;
        if let Some((similarity, y)) = best {
            if similarity >= self.threshold {
                self.heap.push(Candidate {
                    similarity,
                    a: x.min(y),
                    b: x.max(y),
                    owner: x,
                    stamp: self.stamp[x],
                });
            }
        }
    }

    /// Merges `b` into `a` (a keeps the smaller index, so ids stay stable).
    fn merge(&mut self, a: usize, b: usize) {
        let taken = std::mem::replace(
            &mut self.groups[b],
            Group {
                members: Vec::new(),
                sum: Cow::Borrowed(&[]),
                days: None,
            },
        );
        let taken_sum = std::mem::replace(&mut self.sums[b], Sum::Sorted(Cow::Borrowed(&[])));
        self.alive[b] = false;
        let group = &mut self.groups[a];
        group.members.extend(taken.members);
        group.days = merged_days(group.days, taken.days);
        let of_a = std::mem::take(&mut self.neighbours[a]);
        let of_b = std::mem::take(&mut self.neighbours[b]);
        // One pass over both sorted lists; a partner only one side knew gets a fresh product
        // with the other side.
        let size_a = self.groups[a].members.len() as f64;
        let mut joined: Vec<Link> = Vec::with_capacity(of_a.len() + of_b.len());
        let (mut i, mut j) = (0, 0);
        while i < of_a.len() || j < of_b.len() {
            let next_a = of_a.get(i).map_or(usize::MAX, |x| x.partner);
            let next_b = of_b.get(j).map_or(usize::MAX, |x| x.partner);
            let (c, product, earlier) = if next_a == next_b {
                i += 1;
                j += 1;
                let (x, y) = (of_a[i - 1], of_b[j - 1]);
                let earlier = x.score.max(y.score);
                (next_a, x.product + y.product, earlier)
            } else if next_a < next_b {
                i += 1;
                let x = of_a[i - 1];
                let earlier = x.score;
                (
                    next_a,
                    x.product + taken_sum.dot(&self.sums[next_a]),
                    earlier,
                )
            } else {
                j += 1;
                let y = of_b[j - 1];
                let earlier = y.score;
                (
                    next_b,
                    y.product + self.sums[a].dot(&self.sums[next_b]),
                    earlier,
                )
            };
            if c != a && c != b {
                let now = product / (size_a * self.groups[c].members.len() as f64);
                joined.push(Link {
                    partner: c,
                    product,
                    score: match self.linkage {
                        Linkage::Average => now,
                        Linkage::Sticky => now.max(earlier),
                    },
                });
            }
        }
        self.sums[a].add(taken_sum);
        for link in &joined {
            let c = link.partner;
            let list = &mut self.neighbours[c];
            if let Ok(at) = list.binary_search_by_key(&b, |x| x.partner) {
                list.remove(at);
            }
            let back = Link {
                partner: a,
                ..*link
            };
            match list.binary_search_by_key(&a, |x| x.partner) {
                Ok(at) => list[at] = back,
                Err(at) => list.insert(at, back),
            }
            let offer = (link.score, a);
            match self.best[c] {
                // Its best partner was one of the two and scores at least as well now (always so
                // with sticky linkage): still the best, no need to look at the others.
                Some((score, partner)) if (partner == a || partner == b) && offer.0 >= score => {
                    self.set_best(c, Some(offer))
                }
                // Its best partner lost score: every other partner may now be better.
                Some((_, partner)) if partner == a || partner == b => self.rescan(c),
                Some(current) if !better(offer, current) => {}
                _ => self.set_best(c, Some(offer)),
            }
        }
        self.neighbours[a] = joined;
        self.rescan(a);
        self.best[b] = None;
    }
}

/// Merges groups joined by `edges` (indices into `groups`) while their average-link similarity
/// is at least `threshold` and, with a `window`, their dates span at most that many days.
/// Returns the surviving groups, members sorted, in order of their smallest member.
pub fn agglomerate<'a>(
    groups: Vec<Group<'a>>,
    edges: &[(usize, usize)],
    threshold: f64,
    window: Option<i64>,
    linkage: Linkage,
) -> Vec<Group<'a>> {
    let n = groups.len();
    // Sized to each group's degree: a big corpus has millions of links, and lists grown by
    // doubling would hold half as many again in spare capacity.
    let mut degree = vec![0usize; n];
    for &(a, b) in edges {
        if a != b {
            degree[a] += 1;
            degree[b] += 1;
        }
    }
    let mut neighbours: Vec<Vec<Link>> = degree.into_iter().map(Vec::with_capacity).collect();
    for &(a, b) in edges {
        if a != b {
            for (x, y) in [(a, b), (b, a)] {
                neighbours[x].push(Link {
                    partner: y,
                    product: 0.0,
                    score: 0.0,
                });
            }
        }
    }
    neighbours.par_iter_mut().enumerate().for_each(|(a, list)| {
        list.sort_unstable_by_key(|x| x.partner);
        list.dedup_by_key(|x| x.partner);
        for link in list.iter_mut() {
            link.product = dot(&groups[a].sum, &groups[link.partner].sum);
            link.score = link.product
                / (groups[a].members.len() as f64 * groups[link.partner].members.len() as f64);
        }
    });
    let mut groups = groups;
    let sums = groups
        .iter_mut()
        .map(|g| Sum::Sorted(std::mem::replace(&mut g.sum, Cow::Borrowed(&[]))))
        .collect();
    let mut state = Agglomeration {
        groups,
        sums,
        alive: vec![true; n],
        neighbours,
        best: vec![None; n],
        stamp: vec![0; n],
        heap: BinaryHeap::new(),
        threshold,
        linkage,
    };
    for x in 0..n {
        state.rescan(x);
    }
    let fits_window = |x: &Group, y: &Group| match (window, merged_days(x.days, y.days)) {
        (Some(w), Some((first, last))) => i64::from(last - first) <= w,
        _ => true,
    };
    while let Some(candidate) = state.heap.pop() {
        if !state.alive[candidate.owner] || state.stamp[candidate.owner] != candidate.stamp {
            continue;
        }
        let (a, b) = (candidate.a, candidate.b);
        if !fits_window(&state.groups[a], &state.groups[b]) {
            // Merging only widens a date range, so these two will never fit: forget the pair.
            for (x, y) in [(a, b), (b, a)] {
                let list = &mut state.neighbours[x];
                if let Ok(at) = list.binary_search_by_key(&y, |p| p.partner) {
                    list.remove(at);
                }
            }
            state.rescan(a);
            state.rescan(b);
            continue;
        }
        state.merge(a, b);
    }
    let Agglomeration {
        mut groups,
        sums,
        alive,
        ..
    } = state;
    for (group, sum) in groups.iter_mut().zip(sums) {
        group.sum = sum.into_sorted();
    }
    let mut out: Vec<Group<'a>> = groups
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
/// copies). The linkage stays as chosen; only the candidates change. Returns member lists.
pub fn agglomerate_rounds(
    groups: Vec<Group<'_>>,
    first_edges: &[(usize, usize)],
    threshold: f64,
    window: Option<i64>,
    linkage: Linkage,
    config: &crate::config::ClusterConfig,
) -> Vec<Vec<usize>> {
    const MAX_ROUNDS: usize = 4;
    let mut groups = agglomerate(groups, first_edges, threshold, window, linkage);
    for _ in 1..MAX_ROUNDS {
        let sums: Vec<&[(u32, f32)]> = groups.iter().map(|g| &*g.sum).collect();
        let edges = crate::cluster::graph::candidate_graph(&sums, config);
        drop(sums);
        let before = groups.len();
        groups = agglomerate(groups, &edges, threshold, window, linkage);
        if groups.len() == before {
            break;
        }
    }
    groups.into_iter().map(|g| g.members).collect()
}

/// Groups of one item each, from vectors and optional days.
pub fn singletons<'a, V: Into<Cow<'a, [(u32, f32)]>>>(
    vectors: impl IntoIterator<Item = (V, Option<i32>)>,
) -> Vec<Group<'a>> {
    vectors
        .into_iter()
        .enumerate()
        .map(|(i, (sum, day))| Group {
            members: vec![i],
            sum: sum.into(),
            days: day.map(|d| (d, d)),
        })
        .collect()
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
        let members: Vec<Vec<usize>> = agglomerate(groups, &edges, 0.5, None, Linkage::Average)
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
            agglomerate(groups.clone(), &[(0, 1)], 0.5, Some(7), Linkage::Average).len(),
            2
        );
        assert_eq!(
            agglomerate(groups, &[(0, 1)], 0.5, None, Linkage::Average).len(),
            1
        );
    }

    /// Exact average link the slow way: every pair of groups joined by an edge, scored from
    /// scratch after every merge.
    fn reference(
        vectors: &[SparseVec],
        edges: &[(usize, usize)],
        threshold: f64,
    ) -> Vec<Vec<usize>> {
        let mut groups: Vec<Vec<usize>> = (0..vectors.len()).map(|i| vec![i]).collect();
        loop {
            let mut best: Option<(f64, usize, usize)> = None;
            for x in 0..groups.len() {
                for y in x + 1..groups.len() {
                    let joined = edges.iter().any(|&(p, q)| {
                        (groups[x].contains(&p) && groups[y].contains(&q))
                            || (groups[x].contains(&q) && groups[y].contains(&p))
                    });
                    if !joined {
                        continue;
                    }
                    let mut total = 0.0;
                    for &p in &groups[x] {
                        for &q in &groups[y] {
                            total += dot(&vectors[p], &vectors[q]);
                        }
                    }
                    let similarity = total / (groups[x].len() * groups[y].len()) as f64;
                    if similarity >= threshold && best.is_none_or(|b| similarity > b.0 + 1e-9) {
                        best = Some((similarity, x, y));
                    }
                }
            }
            let Some((_, x, y)) = best else { break };
            let taken = groups.remove(y);
            groups[x].extend(taken);
        }
        for g in &mut groups {
            g.sort_unstable();
        }
        groups.sort();
        groups
    }

    #[test]
    fn best_partner_merging_is_exact_average_link_also_for_big_hashed_sums() {
        // Pseudo-random articles over a large vocabulary, so merged sums pass `HASHED_FROM`.
        let mut seed: u64 = 7;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u32
        };
        let vectors: Vec<SparseVec> = (0..60)
            .map(|i| {
                let topic = (i % 3) as u32 * 2000;
                let mut v: Vec<(u32, f32)> = (0..400)
                    .map(|_| (topic + next() % 2600, 1.0 + (next() % 5) as f32))
                    .collect();
                v.sort_unstable_by_key(|x| x.0);
                v.dedup_by_key(|x| x.0);
                unit(&v)
            })
            .collect();
        let edges: Vec<(usize, usize)> = (0..60)
            .flat_map(|i| [(i, (i + 1) % 60), (i, (i + 3) % 60), (i, (i + 7) % 60)])
            .collect();
        for threshold in [0.04, 0.1, 0.12] {
            let groups = singletons(vectors.iter().map(|v| (v.clone(), None)));
            let fast: Vec<Vec<usize>> =
                agglomerate(groups, &edges, threshold, None, Linkage::Average)
                    .into_iter()
                    .map(|g| g.members)
                    .collect();
            assert_eq!(
                fast,
                reference(&vectors, &edges, threshold),
                "threshold {threshold}"
            );
        }
    }
}
