//! Contrasts: what differs between the outlets of an event or storyline, as plain sentences a
//! teacher can read aloud, each citing the sentences it rests on.
//!
//! Built after `compare` from its findings, quotations, talking points and omission rows by the
//! rules in `rules.rs` (one function a rule, documented there and in the README). Every contrast
//! passes `holds` before it is kept: each cited sentence is the article's text at the cited
//! offsets and contains the words the citation says it does, and every phrase the statement puts
//! in quotation marks (“…”) stands in at least one cited sentence. A rule that cannot show its
//! words in a sentence does not speak.

mod headlines;
mod rules;
pub mod titles;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::compare::framing::Finding;
use crate::compare::lexicon::Lexicon;
use crate::compare::quotes::Quote;
use crate::compare::{ClusterComparison, Comparison};
use crate::model::Article;

/// Most contrasts shown for one cluster: a list a teacher can read aloud.
pub const MAX_PER_CLUSTER: usize = 8;
/// Contrasts of one kind at most, so that one rule cannot fill the list.
const MAX_PER_KIND: usize = 2;

/// One sentence an article carries that a contrast rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    pub article: String,
    /// The article's letter in its cluster ("A", "B", … by date), as on the page and worksheet.
    pub letter: String,
    pub outlet: String,
    /// `text` or `headline`.
    pub field: String,
    /// 1-based sentence number in the article text (the worksheet's line); 0 for the headline.
    pub line: usize,
    /// Byte offsets of the sentence in the article text (or headline).
    pub start: usize,
    pub end: usize,
    pub sentence: String,
    /// Words the statement says this sentence carries; `holds` checks each.
    pub contains: Vec<String>,
}

/// One plain sentence of what differs between outlets of a cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contrast {
    pub cluster: String,
    /// `event` or `storyline`.
    pub level: String,
    /// The rule that made it: `hedge on a shared claim`, `scare quotes`, `headlines`, …
    pub kind: String,
    pub statement: String,
    /// How much it separates the outlets; the list is sorted by it, highest first.
    pub weight: f64,
    pub citations: Vec<Citation>,
}

/// One article of a cluster, as the rules see it.
pub(crate) struct Member<'a> {
    pub article: &'a Article,
    pub letter: String,
    /// The event the article reports (a storyline's members report several).
    pub event: &'a str,
    /// Outlet name, or `None` when it is not known.
    pub outlet: Option<&'a str>,
    pub sentences: &'a [(usize, usize)],
    pub findings: Vec<&'a Finding>,
    pub quotes: Vec<&'a Quote>,
}

impl Member<'_> {
    /// "Sputnik (E)" or "article B (outlet unknown)".
    pub fn name(&self) -> String {
        match self.outlet {
            Some(o) => format!("{o} ({})", self.letter),
            None => format!("article {} (outlet unknown)", self.letter),
        }
    }

    /// The side a member stands for: its outlet, or itself when the outlet is not known.
    pub fn side_key(&self) -> String {
        match self.outlet {
            Some(o) => format!("outlet:{o}"),
            None => format!("article:{}", self.article.id),
        }
    }

    /// The sentence holding byte `offset` of the text: (line number, start, end).
    pub fn sentence_at(&self, offset: usize) -> Option<(usize, usize, usize)> {
        let i = self.sentences.partition_point(|&(_, e)| e <= offset);
        self.sentences
            .get(i)
            .filter(|&&(s, _)| s <= offset)
            .map(|&(s, e)| (i + 1, s, e))
    }

    /// A citation of the text sentence holding `offset`, claiming it carries `contains`.
    pub fn cite(&self, offset: usize, contains: &[&str]) -> Option<Citation> {
        let (line, start, end) = self.sentence_at(offset)?;
        Some(Citation {
            article: self.article.id.clone(),
            letter: self.letter.clone(),
            outlet: self.article.outlet_name().to_string(),
            field: "text".into(),
            line,
            start,
            end,
            sentence: self.article.text[start..end].to_string(),
            contains: contains.iter().map(|c| c.to_string()).collect(),
        })
    }

    pub fn cite_headline(&self, contains: &[&str]) -> Citation {
        Citation {
            article: self.article.id.clone(),
            letter: self.letter.clone(),
            outlet: self.article.outlet_name().to_string(),
            field: "headline".into(),
            line: 0,
            start: 0,
            end: self.article.title.len(),
            sentence: self.article.title.clone(),
            contains: contains.iter().map(|c| c.to_string()).collect(),
        }
    }
}

/// The members of one cluster, grouped into sides (one per outlet; one per article of unknown
/// outlet), sides in order of their first article.
pub(crate) struct Sides<'a> {
    pub members: Vec<Member<'a>>,
    /// Indices into `members`, one list a side.
    pub sides: Vec<Vec<usize>>,
    /// The side of each member.
    side_of: Vec<usize>,
    /// The attribution verbs, to check a claim that a side uses none of a kind in any form.
    pub attribution: &'a Lexicon,
}

impl Sides<'_> {
    /// "Reuters (A, D)" for a side of several articles.
    pub fn name(&self, side: usize) -> String {
        self.name_with(side, &self.sides[side])
    }

    /// The side named by the articles of it that a statement is about ("Fox News (C)" when
    /// only C of C and E gives the figure): a letter names only an article that holds what
    /// the statement says of the side.
    pub fn name_with(&self, side: usize, articles: &[usize]) -> String {
        debug_assert!(articles.iter().all(|&m| self.side_of(m) == side));
        let members: Vec<&Member> = articles.iter().map(|&i| &self.members[i]).collect();
        match members[0].outlet {
            Some(o) => format!(
                "{o} ({})",
                members
                    .iter()
                    .map(|m| m.letter.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => members[0].name(),
        }
    }

    pub fn words(&self, side: usize) -> usize {
        self.sides[side]
            .iter()
            .map(|&i| self.members[i].article.word_count)
            .sum()
    }

    pub fn side_of(&self, member: usize) -> usize {
        self.side_of[member]
    }
}

/// The letter of the `i`-th article of a cluster: A … Z, then AA, AB, … ZZ, AAA, … (as
/// spreadsheet columns are named, for clusters of any size).
pub fn letter(i: usize) -> String {
    let mut n = i + 1;
    let mut out = Vec::new();
    while n > 0 {
        let digit = (n - 1) % 26;
        out.push(b'A' + digit as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// Case-insensitive containment that treats straight and curly quotes and apostrophes alike.
fn folded(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '’' | '‘' | '`' => '\'',
            '“' | '”' | '«' | '»' | '„' => '"',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// The phrases a statement puts in curly quotation marks.
pub fn quoted_phrases(statement: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = statement;
    while let Some(open) = rest.find('“') {
        let after = &rest[open + '“'.len_utf8()..];
        let Some(close) = after.find('”') else {
            break;
        };
        out.push(&after[..close]);
        rest = &after[close + '”'.len_utf8()..];
    }
    out
}

/// True when the contrast's evidence carries what it names: every citation's sentence is the
/// article's own text at its offsets and contains its `contains` words, and every phrase the
/// statement quotes stands in some cited sentence.
pub fn holds(contrast: &Contrast, articles: &HashMap<&str, &Article>) -> bool {
    if contrast.citations.is_empty() {
        return false;
    }
    for c in &contrast.citations {
        let Some(article) = articles.get(c.article.as_str()) else {
            return false;
        };
        let source = if c.field == "headline" {
            &article.title
        } else {
            &article.text
        };
        if source.get(c.start..c.end) != Some(c.sentence.as_str()) {
            return false;
        }
        let sentence = folded(&c.sentence);
        if !c.contains.iter().all(|w| sentence.contains(&folded(w))) {
            return false;
        }
    }
    quoted_phrases(&contrast.statement).iter().all(|phrase| {
        let phrase = folded(phrase);
        contrast
            .citations
            .iter()
            .any(|c| folded(&c.sentence).contains(&phrase))
    })
}

/// Groups a cluster's articles into sides and indexes what the rules read.
fn sides_of<'a>(
    cluster: &ClusterComparison,
    by_id: &HashMap<&str, &'a Article>,
    event_of: &HashMap<&str, &'a str>,
    findings: &HashMap<&str, Vec<&'a Finding>>,
    quotes: &HashMap<&str, Vec<&'a Quote>>,
    attribution: &'a Lexicon,
) -> Sides<'a> {
    let members: Vec<Member<'a>> = cluster
        .articles
        .iter()
        .filter_map(|id| by_id.get(id.as_str()).copied())
        .enumerate()
        .map(|(i, article)| Member {
            article,
            letter: letter(i),
            event: event_of.get(article.id.as_str()).copied().unwrap_or(""),
            outlet: article.meta.outlet.as_ref().map(|o| o.value.as_str()),
            sentences: article.lines(),
            findings: findings
                .get(article.id.as_str())
                .cloned()
                .unwrap_or_default(),
            quotes: quotes.get(article.id.as_str()).cloned().unwrap_or_default(),
        })
        .collect();
    // Looked up by key: with outlets unknown every article is a side of its own, and a scan
    // of the sides per member made large clusters quadratic.
    let mut order: HashMap<String, usize> = HashMap::new();
    let mut sides: Vec<Vec<usize>> = Vec::new();
    let mut side_of: Vec<usize> = Vec::with_capacity(members.len());
    for (i, m) in members.iter().enumerate() {
        let next = sides.len();
        let s = *order.entry(m.side_key()).or_insert(next);
        if s == next {
            sides.push(Vec::new());
        }
        sides[s].push(i);
        side_of.push(s);
    }
    Sides {
        members,
        sides,
        side_of,
        attribution,
    }
}

/// The contrasts of every event and storyline with two or more outlets, each cluster's list
/// ranked by weight (ties by kind and statement) and cut to `MAX_PER_CLUSTER`.
pub fn build(
    articles: &[Article],
    clustering: &crate::cluster::Clustering,
    comparison: &Comparison,
    attribution: &Lexicon,
) -> Vec<Contrast> {
    let by_id: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let event_of: HashMap<&str, &str> = clustering
        .assignment()
        .into_iter()
        .map(|(article, (_, event))| (article, event))
        .collect();
    let mut findings: HashMap<&str, Vec<&Finding>> = HashMap::new();
    for f in &comparison.findings {
        findings.entry(f.article.as_str()).or_default().push(f);
    }
    let mut quotes: HashMap<&str, Vec<&Quote>> = HashMap::new();
    for q in &comparison.quotes {
        quotes.entry(q.article.as_str()).or_default().push(q);
    }
    // Clusters are independent: each is read on its own thread, and the results kept in
    // cluster order.
    let per_cluster: Vec<Vec<Contrast>> = comparison
        .clusters
        .par_iter()
        .map(|cluster| {
            let sides = sides_of(cluster, &by_id, &event_of, &findings, &quotes, attribution);
            of_cluster(&sides, cluster, comparison, &by_id)
        })
        .collect();
    per_cluster.into_iter().flatten().collect()
}

/// The contrasts kept for one cluster, strongest first.
fn of_cluster(
    sides: &Sides,
    cluster: &ClusterComparison,
    comparison: &Comparison,
    by_id: &HashMap<&str, &Article>,
) -> Vec<Contrast> {
    {
        if sides.sides.len() < 2 {
            return Vec::new();
        }
        let mut found = rules::all(sides, cluster, comparison);
        for c in &mut found {
            c.cluster = cluster.cluster.clone();
            c.level = cluster.level.clone();
        }
        found.retain(|c| holds(c, by_id));
        found.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| a.statement.cmp(&b.statement))
        });
        found.dedup_by(|a, b| a.statement == b.statement);
        // The strongest contrast of each rule first, so that every kind of difference found is
        // heard; then the next strongest, at most `MAX_PER_KIND` a rule; shown by weight.
        let mut taken = vec![false; found.len()];
        let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
        let mut kept = 0;
        for round in 1..=MAX_PER_KIND {
            for (i, c) in found.iter().enumerate() {
                let n = per_kind.entry(c.kind.as_str()).or_default();
                if taken[i] || *n >= round || kept >= MAX_PER_CLUSTER {
                    continue;
                }
                *n += 1;
                kept += 1;
                taken[i] = true;
            }
        }
        found
            .into_iter()
            .zip(taken)
            .filter(|(_, t)| *t)
            .map(|(c, _)| c)
            .collect()
    }
}

/// The rows of `contrasts.csv`: one per citation (a contrast without one is never kept).
pub fn csv_rows(contrasts: &[Contrast]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut rank = 0;
    let mut cluster = "";
    for c in contrasts {
        if c.cluster != cluster {
            cluster = &c.cluster;
            rank = 0;
        }
        rank += 1;
        for cite in &c.citations {
            rows.push(vec![
                c.cluster.clone(),
                c.level.clone(),
                rank.to_string(),
                c.kind.clone(),
                format!("{:.3}", c.weight),
                c.statement.clone(),
                cite.article.clone(),
                cite.letter.clone(),
                cite.outlet.clone(),
                cite.field.clone(),
                cite.line.to_string(),
                cite.sentence.clone(),
            ]);
        }
    }
    rows
}

pub const CSV_HEADER: &[&str] = &[
    "cluster",
    "level",
    "rank",
    "kind",
    "weight",
    "statement",
    "article",
    "letter",
    "outlet",
    "field",
    "line",
    "sentence",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_name_any_number_of_articles() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(51), "AZ");
        assert_eq!(letter(701), "ZZ");
        assert_eq!(letter(702), "AAA");
    }

    #[test]
    fn quoted_phrases_are_read_from_a_statement() {
        assert_eq!(
            quoted_phrases("A adds “without providing evidence” to “1,000 containers”."),
            ["without providing evidence", "1,000 containers"]
        );
    }
}
