//! Actor naming: how each article names the same actor or side ("Kim Jong Un", "the North
//! Korean leader"; "DPRK", "North Korea", "Pyongyang"), counted from the text of each article.

use std::collections::BTreeMap;

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

/// Finds whole-word, case-sensitive uses of `form` in `text` (names are capitalised).
fn uses(text: &str, form: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find(form) {
        let start = from + pos;
        let end = start + form.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
        {
            out.push(start);
        }
        from = end;
    }
    out
}

/// Most rows one naming table shows.
pub const MAX_ROWS: usize = 20;

/// The naming table of a cluster: one row per actor or side that at least two articles name,
/// and that the articles name in more than one way; at most `MAX_ROWS`, those that most
/// articles name first. Returns the rows (sorted by actor) and how many were left out.
pub fn table(articles: &[&Article], actors: &Actors) -> (Vec<NamingRow>, usize) {
    // Each actor's forms: its name and aliases; each side's: its cues. Longer forms are counted
    // first and their spans claimed, so "North Korean" is not also counted as "North Korea".
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
    // Headline and text, once per article (not once per actor).
    let texts: Vec<String> = articles
        .iter()
        .map(|a| format!("{}\n{}", a.title, a.text))
        .collect();
    let mut rows = Vec::new();
    for (actor, mut forms) in groups {
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        forms.dedup();
        let mut cells = Vec::new();
        let mut naming_articles = 0;
        let mut all_forms = std::collections::BTreeSet::new();
        for (article, text) in articles.iter().zip(&texts) {
            let mut claimed: Vec<(usize, usize)> = Vec::new();
            let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
            for form in &forms {
                for start in uses(text, form) {
                    let end = start + form.len();
                    if claimed.iter().any(|&(s, e)| start < e && s < end) {
                        continue;
                    }
                    claimed.push((start, end));
                    let entry = counts.entry(form.clone()).or_insert((0, start));
                    entry.0 += 1;
                    entry.1 = entry.1.min(start);
                }
            }
            if !counts.is_empty() {
                naming_articles += 1;
            }
            all_forms.extend(counts.keys().cloned());
            let mut list: Vec<NameUse> = counts
                .into_iter()
                .map(|(form, (count, first))| NameUse { form, count, first })
                .collect();
            list.sort_by(|a, b| b.count.cmp(&a.count).then(a.first.cmp(&b.first)));
            cells.push((article.id.clone(), list));
        }
        if naming_articles >= 2 && all_forms.len() >= 2 {
            rows.push((naming_articles, all_forms.len(), NamingRow { actor, cells }));
        }
    }
    rows.sort_by(|a, b| (b.0, b.1, &a.2.actor).cmp(&(a.0, a.1, &b.2.actor)));
    let left_out = rows.len().saturating_sub(MAX_ROWS);
    let mut rows: Vec<NamingRow> = rows.into_iter().take(MAX_ROWS).map(|r| r.2).collect();
    rows.sort_by(|a, b| a.actor.cmp(&b.actor));
    (rows, left_out)
}
