//! Actor naming: how each article names the same actor or side ("Kim Jong Un", "the North
//! Korean leader"; "DPRK", "North Korea", "Pyongyang"), counted from the text of each article.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::AhoCorasick;

use serde::{Deserialize, Serialize};

use crate::compare::actors::Actors;
use crate::model::Article;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameUse {
    /// The words as the article writes them.
    pub form: String,
    pub count: usize,
    /// Byte offset of the first use.
    pub first: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamingRow {
    /// The actor or side named (from `actors.toml`).
    pub actor: String,
    /// Per article of the cluster, in the cluster's order: the forms it uses, most used first.
    pub cells: Vec<(String, Vec<NameUse>)>,
}

/// Every actor's and side's forms (from `actors.toml`), and one automaton that finds all of
/// them in an article in a single pass; built once per run.
pub struct NameForms {
    /// (actor or side, its forms longest first).
    groups: Vec<(String, Vec<String>)>,
    automaton: AhoCorasick,
    /// Per pattern of the automaton: every (group, rank of the form in the group) it stands for.
    owners: Vec<Vec<(usize, usize)>>,
}

impl NameForms {
    pub fn new(actors: &Actors) -> NameForms {
        let mut groups: Vec<(String, Vec<String>)> = actors
            .actors
            .iter()
            .map(|a| {
                (
                    a.name.clone(),
                    std::iter::once(a.name.clone())
                        .chain(a.aliases.iter().cloned())
                        .collect(),
                )
            })
            .collect();
        groups.extend(
            actors
                .sides
                .iter()
                .map(|s| (s.name.clone(), s.cues.clone())),
        );
        // Longer forms are counted first and their spans claimed, so that "North Korean" is
        // not also counted as "North Korea".
        for (_, forms) in &mut groups {
            forms.retain(|f| !f.is_empty());
            forms.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            forms.dedup();
        }
        let mut patterns: Vec<&str> = Vec::new();
        let mut owners: Vec<Vec<(usize, usize)>> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (g, (_, forms)) in groups.iter().enumerate() {
            for (rank, form) in forms.iter().enumerate() {
                let k = *index.entry(form.as_str()).or_insert_with(|| {
                    patterns.push(form.as_str());
                    owners.push(Vec::new());
                    patterns.len() - 1
                });
                owners[k].push((g, rank));
            }
        }
        let automaton = AhoCorasick::new(&patterns).expect("actor forms make a valid automaton");
        NameForms {
            groups,
            automaton,
            owners,
        }
    }
}

/// How one article names the actors and sides: per group it names (by index), the forms it
/// uses, most used first. Whole-word, case-sensitive (names are capitalised) uses in the
/// headline and the text; offsets are into "headline\ntext".
pub fn article_uses(forms: &NameForms, article: &Article) -> Vec<(usize, Vec<NameUse>)> {
    let text = format!("{}\n{}", article.title, article.text);
    let whole_word = |start: usize, end: usize| {
        text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
            && text[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    };
    // (group, form rank, start, end) of every whole-word match.
    let mut found: Vec<(usize, usize, usize, usize)> = Vec::new();
    for m in forms.automaton.find_overlapping_iter(&text) {
        if whole_word(m.start(), m.end()) {
            for &(g, rank) in &forms.owners[m.pattern().as_usize()] {
                found.push((g, rank, m.start(), m.end()));
            }
        }
    }
    found.sort_unstable();
    let mut out = Vec::new();
    for group in found.chunk_by(|a, b| a.0 == b.0) {
        let g = group[0].0;
        let mut claimed: Vec<(usize, usize)> = Vec::new();
        let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for &(_, rank, start, end) in group {
            if claimed.iter().any(|&(s, e)| start < e && s < end) {
                continue;
            }
            claimed.push((start, end));
            let entry = counts
                .entry(forms.groups[g].1[rank].as_str())
                .or_insert((0, start));
            entry.0 += 1;
            entry.1 = entry.1.min(start);
        }
        let mut list: Vec<NameUse> = counts
            .into_iter()
            .map(|(form, (count, first))| NameUse {
                form: form.to_string(),
                count,
                first,
            })
            .collect();
        list.sort_by(|a, b| b.count.cmp(&a.count).then(a.first.cmp(&b.first)));
        out.push((g, list));
    }
    out
}

/// Most rows one naming table shows.
pub const MAX_ROWS: usize = 20;

/// The naming table of a cluster: one row per actor or side that at least two articles name,
/// and that the articles name in more than one way; at most `MAX_ROWS`, those that most
/// articles name first. `uses` holds each article's `article_uses` by id. Returns the rows
/// (sorted by actor) and how many were left out.
pub fn table(
    articles: &[&Article],
    forms: &NameForms,
    uses: &HashMap<&str, Vec<(usize, Vec<NameUse>)>>,
) -> (Vec<NamingRow>, usize) {
    let mut rows = Vec::new();
    for (g, (actor, _)) in forms.groups.iter().enumerate() {
        let mut cells = Vec::new();
        let mut naming_articles = 0;
        let mut all_forms = std::collections::BTreeSet::new();
        for article in articles {
            let list = uses
                .get(article.id.as_str())
                .into_iter()
                .flatten()
                .find(|(k, _)| *k == g)
                .map(|(_, l)| l.clone())
                .unwrap_or_default();
            if !list.is_empty() {
                naming_articles += 1;
            }
            all_forms.extend(list.iter().map(|u| u.form.clone()));
            cells.push((article.id.clone(), list));
        }
        if naming_articles >= 2 && all_forms.len() >= 2 {
            rows.push((
                naming_articles,
                all_forms.len(),
                NamingRow {
                    actor: actor.clone(),
                    cells,
                },
            ));
        }
    }
    rows.sort_by(|a, b| (b.0, b.1, &a.2.actor).cmp(&(a.0, a.1, &b.2.actor)));
    let left_out = rows.len().saturating_sub(MAX_ROWS);
    let mut rows: Vec<NamingRow> = rows.into_iter().take(MAX_ROWS).map(|r| r.2).collect();
    rows.sort_by(|a, b| a.actor.cmp(&b.actor));
    (rows, left_out)
}
