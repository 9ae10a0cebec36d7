//! What each article of a cluster carries or leaves out: named actors and places, numbers with
//! units, dates, and claims (a sentence whose content words overlap a sentence of another article
//! by at least `claim_overlap` of the smaller set).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::cluster::features::{date_mentions, named_actors, numbers_with_units};
use crate::model::Article;
use crate::text;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub article: String,
    /// The sentence that carries the item; `None` when the article does not.
    pub sentence: Option<String>,
    pub start: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OmissionRow {
    /// `actor`, `number`, `date`, `claim`.
    pub kind: String,
    pub item: String,
    pub carried_by: usize,
    pub cells: Vec<Cell>,
}

fn sentence_at(text: &str, sentences: &[(usize, usize)], pos: usize) -> (usize, String) {
    sentences
        .iter()
        .find(|&&(s, e)| s <= pos && pos < e)
        .map(|&(s, e)| (s, text[s..e].to_string()))
        .unwrap_or((pos, String::new()))
}

/// The omission matrix of a cluster's articles. Rows are items some but not all articles carry,
/// plus claims carried by more than one article; sorted by kind, then by how many carry them.
pub fn matrix(articles: &[&Article], claim_overlap: f64) -> Vec<OmissionRow> {
    if articles.len() < 2 {
        return Vec::new();
    }
    let mut items: BTreeMap<(String, String), BTreeMap<usize, (usize, String)>> = BTreeMap::new();
    let sentence_lists: Vec<Vec<(usize, usize)>> =
        articles.iter().map(|a| text::sentences(&a.text)).collect();
    for (i, article) in articles.iter().enumerate() {
        let sentences = &sentence_lists[i];
        let mut add = |kind: &str, key: String, pos: usize| {
            let cell = items.entry((kind.to_string(), key)).or_default();
            cell.entry(i)
                .or_insert_with(|| sentence_at(&article.text, sentences, pos));
        };
        for (s, _, name) in named_actors(&article.text) {
            add("actor", name, s);
        }
        for (s, e, _) in numbers_with_units(&article.text) {
            add("number", article.text[s..e].to_string(), s);
        }
        for (s, e, _) in date_mentions(&article.text) {
            add("date", article.text[s..e].to_string(), s);
        }
    }
    let n = articles.len();
    let mut rows: Vec<OmissionRow> = items
        .into_iter()
        .filter(|(_, carriers)| carriers.len() < n)
        .map(|((kind, item), carriers)| OmissionRow {
            kind,
            item,
            carried_by: carriers.len(),
            cells: (0..n)
                .map(|i| Cell {
                    article: articles[i].id.clone(),
                    sentence: carriers.get(&i).map(|(_, s)| s.clone()),
                    start: carriers.get(&i).map(|(p, _)| *p),
                })
                .collect(),
        })
        .collect();
    rows.extend(claims(articles, &sentence_lists, claim_overlap));
    rows.sort_by(|a, b| {
        (kind_rank(&a.kind), std::cmp::Reverse(a.carried_by), &a.item).cmp(&(
            kind_rank(&b.kind),
            std::cmp::Reverse(b.carried_by),
            &b.item,
        ))
    });
    rows
}

fn kind_rank(kind: &str) -> u8 {
    match kind {
        "claim" => 0,
        "number" => 1,
        "actor" => 2,
        _ => 3,
    }
}

const MIN_CLAIM_STEMS: usize = 5;

/// Claims: sentences that recur (by content-word overlap) in at least two articles.
fn claims(
    articles: &[&Article],
    sentence_lists: &[Vec<(usize, usize)>],
    threshold: f64,
) -> Vec<OmissionRow> {
    let stems: Vec<Vec<(usize, String, BTreeSet<String>)>> = articles
        .iter()
        .zip(sentence_lists)
        .map(|(a, list)| {
            list.iter()
                .map(|&(s, e)| {
                    (
                        s,
                        a.text[s..e].to_string(),
                        text::content_stems(&a.text[s..e])
                            .into_iter()
                            .collect::<BTreeSet<_>>(),
                    )
                })
                .filter(|(_, _, set)| set.len() >= MIN_CLAIM_STEMS)
                .collect()
        })
        .collect();
    let mut rows = Vec::new();
    let mut used: BTreeSet<(usize, usize)> = BTreeSet::new();
    for i in 0..articles.len() {
        for (si, (start, sentence, set)) in stems[i].iter().enumerate() {
            if used.contains(&(i, si)) {
                continue;
            }
            let mut cells: Vec<Cell> = Vec::new();
            let mut carried = 0;
            for j in 0..articles.len() {
                if j == i {
                    cells.push(Cell {
                        article: articles[j].id.clone(),
                        sentence: Some(sentence.clone()),
                        start: Some(*start),
                    });
                    carried += 1;
                    continue;
                }
                let best = stems[j]
                    .iter()
                    .enumerate()
                    .map(|(sj, (_, _, other))| {
                        (
                            sj,
                            set.intersection(other).count() as f64
                                / set.len().min(other.len()) as f64,
                        )
                    })
                    .filter(|&(_, overlap)| overlap >= threshold)
                    .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
                match best {
                    Some((sj, _)) => {
                        used.insert((j, sj));
                        carried += 1;
                        cells.push(Cell {
                            article: articles[j].id.clone(),
                            sentence: Some(stems[j][sj].1.clone()),
                            start: Some(stems[j][sj].0),
                        });
                    }
                    None => cells.push(Cell {
                        article: articles[j].id.clone(),
                        sentence: None,
                        start: None,
                    }),
                }
            }
            if carried >= 2 {
                rows.push(OmissionRow {
                    kind: "claim".into(),
                    item: text::preview(sentence, 120),
                    carried_by: carried,
                    cells,
                });
            }
        }
    }
    rows
}
