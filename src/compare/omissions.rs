//! What each article of a cluster carries or leaves out: named actors and places, numbers with
//! units, dates, and (within one event) claims — a sentence whose content words overlap a
//! sentence of another article by at least `claim_overlap` of the smaller set.
//!
//! Only the story counts: datelines, credit lines and captions are left out (`evidence`), so a
//! row never comes from "MOSCOW (Reuters) -" or "Editing by …" and a "carried" cell never cites
//! a caption. Actor forms of one cluster are merged when one is the acronym of another ("MSMT",
//! "Multilateral Sanctions Monitoring Group") or the words that end it ("Peskov", "Dmitry
//! Peskov"). Rows are kept only when salient — named in a headline or a lead, or carried by at
//! least two articles — and at most `MAX_ROWS` of them, the most salient; a matrix has at most
//! `MAX_COLUMNS` articles, one per outlet first. What was left out is counted in `Matrix`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::cluster::features::{date_mentions, named_actors, numbers_with_units};
use crate::compare::evidence;
use crate::model::Article;
use crate::text;

/// Most articles one matrix compares (columns a reader can follow side by side).
pub const MAX_COLUMNS: usize = 12;
/// Most rows one matrix shows.
pub const MAX_ROWS: usize = 40;

/// Where one article carries an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub article: String,
    /// The sentence that carries the item (the headline when `start` is `None`). Not in
    /// `report.json`, which points at it with `start`/`end` instead of repeating the text.
    #[serde(skip_serializing, default)]
    pub sentence: String,
    /// Byte offsets of the sentence in the article text; `None` when the article carries the
    /// item only in its headline.
    pub start: Option<usize>,
    pub end: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OmissionRow {
    /// `actor`, `number`, `date`, `claim`.
    pub kind: String,
    pub item: String,
    pub carried_by: usize,
    /// One cell per article of the cluster's columns that carries the item, in column order;
    /// a column without a cell leaves the item out.
    pub cells: Vec<Cell>,
}

impl OmissionRow {
    /// The cell of `article`, if it carries the item.
    pub fn cell(&self, article: &str) -> Option<&Cell> {
        self.cells.iter().find(|c| c.article == article)
    }
}

/// One cluster's matrix, and how much of it was left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Matrix {
    pub rows: Vec<OmissionRow>,
    /// Salient rows beyond `MAX_ROWS`, not shown.
    pub rows_left_out: usize,
}

/// The articles a cluster's tables compare: the first article of each outlet (in the order
/// given: date, then id), then the others in order, up to `MAX_COLUMNS`; returned in the
/// order given.
pub fn columns<'a>(members: &[&'a Article]) -> Vec<&'a Article> {
    if members.len() <= MAX_COLUMNS {
        return members.to_vec();
    }
    let mut chosen = vec![false; members.len()];
    let mut outlets = BTreeSet::new();
    let mut count = 0;
    for (i, a) in members.iter().enumerate() {
        if count < MAX_COLUMNS && outlets.insert(a.outlet_name()) {
            chosen[i] = true;
            count += 1;
        }
    }
    for c in chosen.iter_mut() {
        if count >= MAX_COLUMNS {
            break;
        }
        if !*c {
            *c = true;
            count += 1;
        }
    }
    members
        .iter()
        .zip(chosen)
        .filter(|(_, c)| *c)
        .map(|(a, _)| *a)
        .collect()
}

/// The story of one article, ready for item extraction.
struct Story<'a> {
    article: &'a Article,
    /// The text with everything that is not the story blanked out (offsets as in the text).
    body: String,
    sentences: Vec<(usize, usize)>,
    lead: (usize, usize),
}

impl<'a> Story<'a> {
    fn new(article: &'a Article) -> Story<'a> {
        let ranges = evidence::body_ranges(article);
        let body = evidence::blank_outside(&article.text, &ranges);
        let sentences = text::sentences(&body);
        Story {
            article,
            lead: ranges.first().copied().unwrap_or((0, 0)),
            body,
            sentences,
        }
    }

    fn sentence_at(&self, pos: usize) -> Option<(usize, &str)> {
        let k = self.sentences.partition_point(|&(_, e)| e <= pos);
        self.sentences
            .get(k)
            .filter(|&&(s, _)| s <= pos)
            .map(|&(s, e)| (s, &self.article.text[s..e]))
    }
}

/// Where one article carries one item: (byte offset of the sentence or `None` for the headline,
/// the sentence).
type Carried = (Option<usize>, String);

#[derive(Default)]
struct Item {
    carriers: BTreeMap<usize, Carried>,
    /// Named in a headline or a lead.
    prominent: bool,
}

/// A byte range of a text.
type Span = (usize, usize);
/// An acronym and the name it stands for.
type Definition = (String, String);

/// The names in `source`, and the acronyms it defines by writing them in brackets after a name
/// ("Multilateral Sanctions Monitoring Group (MSMT)": acronym → name).
fn names_in(source: &str) -> (Vec<Span>, Vec<Definition>) {
    let mut names = Vec::new();
    let mut defined = Vec::new();
    for (s, e, _) in named_actors(source) {
        let parts = evidence::name_parts(source, s, e);
        for pair in parts.windows(2) {
            let ((ls, le), (as_, ae)) = (pair[0], pair[1]);
            if source[le..as_].trim() == "("
                && source[ae..].starts_with(')')
                && evidence::is_acronym(&source[as_..ae])
            {
                defined.push((source[as_..ae].to_string(), source[ls..le].to_string()));
            }
        }
        names.extend(parts);
    }
    (names, defined)
}

/// The omission matrix of `articles` (the cluster's columns). Claims are compared only when
/// `with_claims` (one event: a storyline's articles report different events, whose claims are
/// not the same claims).
pub fn matrix(articles: &[&Article], with_claims: bool, claim_overlap: f64) -> Matrix {
    if articles.len() < 2 {
        return Matrix::default();
    }
    let stories: Vec<Story> = articles.iter().map(|a| Story::new(a)).collect();
    let mut items: BTreeMap<(&'static str, String), Item> = BTreeMap::new();
    let mut definitions: BTreeSet<(String, String)> = BTreeSet::new();
    for (i, story) in stories.iter().enumerate() {
        let text = &story.article.text;
        let mut add = |kind: &'static str, key: &str, at: Option<usize>| {
            let sentence = at.and_then(|pos| {
                story
                    .sentence_at(pos)
                    .filter(|(_, s)| s.contains(key))
                    .map(|(s, sentence)| (Some(s), sentence.to_string()))
            });
            let Some(carried) = sentence else { return };
            let prominent = at.is_some_and(|p| story.lead.0 <= p && p < story.lead.1);
            let item = items.entry((kind, key.to_string())).or_default();
            item.prominent |= prominent;
            // The first place an article carries an item is its evidence; the headline only
            // when the text never names it.
            match item.carriers.get(&i) {
                Some((None, _)) if at.is_some() => {
                    item.carriers.insert(i, carried);
                }
                Some(_) => {}
                None => {
                    item.carriers.insert(i, carried);
                }
            }
        };
        let (names, defined) = names_in(&story.body);
        for (s, e) in names {
            add("actor", &text[s..e], Some(s));
        }
        definitions.extend(defined);
        for (s, e, _) in numbers_with_units(&story.body) {
            add("number", &text[s..e], Some(s));
        }
        for (s, e, _) in date_mentions(&story.body) {
            add("date", &text[s..e], Some(s));
        }
    }
    // Headlines are often in title case, so their capitalised runs are not names; a headline
    // counts for the items the texts name: it makes them prominent, and carries them for an
    // article whose text does not.
    for ((kind, key), item) in items.iter_mut() {
        if *kind == "date" {
            continue;
        }
        for (i, story) in stories.iter().enumerate() {
            if contains_words(&story.article.title, key) {
                item.prominent = true;
                item.carriers
                    .entry(i)
                    .or_insert_with(|| (None, story.article.title.clone()));
            }
        }
    }
    merge_actor_forms(&mut items, &definitions);
    let n = articles.len();
    let mut scored: Vec<(usize, OmissionRow)> = items
        .into_iter()
        .filter(|(_, item)| item.carriers.len() < n)
        .filter(|(_, item)| item.prominent || item.carriers.len() >= 2)
        .map(|((kind, key), item)| {
            let score = 2 * item.carriers.len() + 3 * usize::from(item.prominent);
            (score, row(kind, key, &item.carriers, articles))
        })
        .collect();
    if with_claims {
        scored.extend(
            claims(&stories, claim_overlap)
                .into_iter()
                .map(|r| (2 * r.carried_by + 1, r)),
        );
    }
    scored.sort_by(|(sa, a), (sb, b)| {
        (std::cmp::Reverse(*sa), kind_rank(&a.kind), &a.item).cmp(&(
            std::cmp::Reverse(*sb),
            kind_rank(&b.kind),
            &b.item,
        ))
    });
    let rows_left_out = scored.len().saturating_sub(MAX_ROWS);
    let mut rows: Vec<OmissionRow> = scored.into_iter().take(MAX_ROWS).map(|(_, r)| r).collect();
    rows.sort_by(|a, b| {
        (kind_rank(&a.kind), std::cmp::Reverse(a.carried_by), &a.item).cmp(&(
            kind_rank(&b.kind),
            std::cmp::Reverse(b.carried_by),
            &b.item,
        ))
    });
    Matrix {
        rows,
        rows_left_out,
    }
}

fn row(
    kind: &str,
    item: String,
    carriers: &BTreeMap<usize, Carried>,
    articles: &[&Article],
) -> OmissionRow {
    OmissionRow {
        kind: kind.to_string(),
        item,
        carried_by: carriers.len(),
        cells: carriers
            .iter()
            .map(|(&i, (start, sentence))| Cell {
                article: articles[i].id.clone(),
                sentence: sentence.clone(),
                start: *start,
                end: start.map(|p| p + sentence.len()),
            })
            .collect(),
    }
}

/// True when `needle` occurs in `haystack` as whole words.
fn contains_words(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

fn words_of(name: &str) -> Vec<&str> {
    name.split_whitespace().collect()
}

/// Merges actor forms of one cluster that name the same actor: an acronym into the form an
/// article defines it as (`definitions`: acronym, name), else into the one form whose initials
/// it is, and a form into the longer forms ending in its words when those forms
/// are themselves one chain ("Kirby" ⊂ "John Kirby" ⊂ "Strategic Communications John Kirby";
/// "Korean" is left alone beside "North Korean" and "South Korean"). The merged row is named by
/// the form most articles use (the longer on a tie), with the acronym after it.
fn merge_actor_forms(
    items: &mut BTreeMap<(&'static str, String), Item>,
    definitions: &BTreeSet<(String, String)>,
) {
    let forms: Vec<String> = items
        .keys()
        .filter(|(k, _)| *k == "actor")
        .map(|(_, f)| f.clone())
        .collect();
    if forms.len() < 2 {
        return;
    }
    let index: HashMap<&str, usize> = forms
        .iter()
        .enumerate()
        .map(|(i, f)| (f.as_str(), i))
        .collect();
    let mut parent: Vec<usize> = (0..forms.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let union = |parent: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (root(parent, a), root(parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    };
    // Acronyms.
    let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, f) in forms.iter().enumerate() {
        if let Some(initials) = evidence::initials(f) {
            by_initials.entry(initials).or_default().push(i);
        }
    }
    let mut acronym_of: HashMap<usize, usize> = HashMap::new();
    for (i, f) in forms.iter().enumerate() {
        if evidence::is_acronym(f) {
            let mut defined = definitions
                .range((f.clone(), String::new())..)
                .take_while(|(a, _)| a == f)
                .filter_map(|(_, long)| index.get(long.as_str()).copied());
            let long = match (defined.next(), defined.next()) {
                (Some(long), None) => Some(long),
                (Some(_), Some(_)) => None,
                (None, _) => {
                    let letters: String = f.chars().filter(|c| *c != '.').collect();
                    match by_initials.get(&letters).map(Vec::as_slice) {
                        Some([long]) => Some(*long),
                        _ => None,
                    }
                }
            };
            if let Some(long) = long {
                union(&mut parent, i, long);
                acronym_of.insert(long, i);
            }
        }
    }
    // Word suffixes: index every form by its last word.
    let mut by_last: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, f) in forms.iter().enumerate() {
        if let Some(last) = words_of(f).last() {
            by_last.entry(last).or_default().push(i);
        }
    }
    for (i, f) in forms.iter().enumerate() {
        let w = words_of(f);
        let Some(last) = w.last() else { continue };
        let mut longer: Vec<(usize, Vec<&str>)> = by_last[last]
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| (j, words_of(&forms[j])))
            .filter(|(_, v)| v.len() > w.len() && v.ends_with(&w))
            .collect();
        if longer.is_empty() {
            continue;
        }
        longer.sort_by_key(|(_, v)| v.len());
        let chain = longer.windows(2).all(|p| p[1].1.ends_with(&p[0].1));
        if chain {
            union(&mut parent, i, longer[0].0);
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..forms.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    for members in groups.into_values().filter(|m| m.len() > 1) {
        let mut merged = Item::default();
        let mut carried_counts: Vec<(usize, usize)> = Vec::new();
        for &m in &members {
            let item = items
                .remove(&("actor", forms[m].clone()))
                .expect("every form is an item");
            carried_counts.push((m, item.carriers.len()));
            merged.prominent |= item.prominent;
            for (article, carried) in item.carriers {
                // Earliest sentence of the text wins; the headline only without one.
                let better = match merged.carriers.get(&article) {
                    None => true,
                    Some((None, _)) => carried.0.is_some(),
                    Some((Some(p), _)) => carried.0.is_some_and(|q| q < *p),
                };
                if better {
                    merged.carriers.insert(article, carried);
                }
            }
        }
        let &(label, _) = carried_counts
            .iter()
            .filter(|(m, _)| !evidence::is_acronym(&forms[*m]))
            .max_by(|(a, ca), (b, cb)| {
                // Most carried; then a full name over a bare surname, the shorter full name
                // over one with a title in front ("Rick Perry", not "Texas Gov. Rick Perry").
                let full = |m: usize| words_of(&forms[m]).len() >= 2;
                ca.cmp(cb)
                    .then(full(*a).cmp(&full(*b)))
                    .then(forms[*b].len().cmp(&forms[*a].len()))
                    .then(forms[*b].cmp(&forms[*a]))
            })
            .unwrap_or(&carried_counts[0]);
        let name = match acronym_of.get(&label) {
            Some(&acronym) => format!("{} ({})", forms[label], forms[acronym]),
            None => forms[label].clone(),
        };
        items.insert(("actor", name), merged);
    }
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
/// Stems in more sentences than this are too common to propose a pair of sentences (the pair
/// is still scored on all its stems).
const MAX_CLAIM_POSTINGS: usize = 64;

/// Claims: sentences that recur (by content-word overlap) in at least two articles. Candidate
/// sentences come from an index over their rarer stems, so no article's sentences are compared
/// with every sentence of every other.
fn claims(stories: &[Story], threshold: f64) -> Vec<OmissionRow> {
    // (article, sentence start, sentence, stems)
    let mut sentences: Vec<(usize, usize, &str, BTreeSet<String>)> = Vec::new();
    for (i, story) in stories.iter().enumerate() {
        for &(s, e) in &story.sentences {
            let sentence = &story.article.text[s..e];
            let stems: BTreeSet<String> = text::content_stems(sentence).into_iter().collect();
            if stems.len() >= MIN_CLAIM_STEMS {
                sentences.push((i, s, sentence, stems));
            }
        }
    }
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, (_, _, _, stems)) in sentences.iter().enumerate() {
        for s in stems {
            postings.entry(s.as_str()).or_default().push(k);
        }
    }
    let mut rows = Vec::new();
    let mut used = vec![false; sentences.len()];
    for k in 0..sentences.len() {
        if used[k] {
            continue;
        }
        let (i, start, sentence, set) = &sentences[k];
        let mut candidates: BTreeSet<usize> = BTreeSet::new();
        for s in set {
            let list = &postings[s.as_str()];
            if list.len() <= MAX_CLAIM_POSTINGS {
                candidates.extend(list.iter().copied().filter(|&c| sentences[c].0 != *i));
            }
        }
        // Best matching sentence per other article.
        let mut best: BTreeMap<usize, (f64, usize)> = BTreeMap::new();
        for c in candidates {
            let other = &sentences[c].3;
            let overlap =
                set.intersection(other).count() as f64 / set.len().min(other.len()) as f64;
            if overlap >= threshold {
                let entry = best.entry(sentences[c].0).or_insert((overlap, c));
                if overlap > entry.0 {
                    *entry = (overlap, c);
                }
            }
        }
        if best.is_empty() {
            continue;
        }
        let mut carriers: BTreeMap<usize, Carried> = BTreeMap::new();
        carriers.insert(*i, (Some(*start), sentence.to_string()));
        for (article, (_, c)) in best {
            used[c] = true;
            carriers.insert(article, (Some(sentences[c].1), sentences[c].2.to_string()));
        }
        let articles: Vec<&Article> = stories.iter().map(|s| s.article).collect();
        rows.push(row(
            "claim",
            text::preview(sentence, 120),
            &carriers,
            &articles,
        ));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, outlet: Option<&str>, title: &str, paragraphs: &[&str]) -> Article {
        let mut article = Article::from_paragraphs(id, title, paragraphs);
        if let Some(o) = outlet {
            article.meta.outlet = Some(crate::model::Sourced::given(
                o,
                crate::model::Origin::Manifest,
            ));
        }
        article
    }

    #[test]
    fn rows_never_come_from_datelines_credits_or_captions() {
        let reuters = article(
            "r",
            Some("Reuters"),
            "Russia calls claim about its alleged military ties with North Korea inaccurate",
            &[
                "State flags of Russia and North Korea fly in a street in Vladivostok",
                "MOSCOW (Reuters) - Russia said on Thursday that Western claims that it was cooperating militarily with North Korea were inaccurate.",
                "Russia's Foreign Ministry said that \"the accusations against Moscow and Pyongyang in military cooperation are unfounded and unsubstantiated.\"",
                "The report was cited by the Korean Central News Agency.",
                "(Reporting by Reuters; Writing by Guy Faulconbridge; Editing by Andrew Osborn and William Maclean)",
            ],
        );
        let rt = article(
            "t",
            Some("RT"),
            "North Korea condemns ‘antagonistic’ Western assessment of Russia ties",
            &[
                "North Korea has denounced a report of the Multilateral Sanctions Monitoring Group (MSMT), established by the US and South Korea.",
                "Pyongyang views the MSMT report as a “hostile act”, according to the Korean Central News Agency (KCNA).",
                "Vladivostok was not mentioned.",
            ],
        );
        let m = matrix(&[&reuters, &rt], true, 0.5);
        let actors: Vec<&str> = m
            .rows
            .iter()
            .filter(|r| r.kind == "actor")
            .map(|r| r.item.as_str())
            .collect();
        for bad in [
            "MOSCOW",
            "Reuters",
            "Guy Faulconbridge",
            "Editing",
            "Andrew Osborn",
        ] {
            assert!(
                !actors.iter().any(|a| a.contains(bad)),
                "{bad} in {actors:?}"
            );
        }
        assert!(actors
            .iter()
            .all(|a| !a.contains(['(', ')', '"', ',']) || a.ends_with(')')));
        // The acronym and its spelled-out form are one row.
        assert!(
            actors.contains(&"Multilateral Sanctions Monitoring Group (MSMT)"),
            "{actors:?}"
        );
        assert!(!actors.contains(&"MSMT"));
        // Both carry the news agency, one by its acronym: no row (nothing is left out).
        assert!(!actors.iter().any(|a| a.contains("KCNA")), "{actors:?}");
        // Vladivostok is in the Reuters caption only: the RT cell may carry it, the Reuters one
        // must not cite the caption.
        if let Some(row) = m.rows.iter().find(|r| r.item == "Vladivostok") {
            assert!(row.cell("r").is_none());
        }
        for row in &m.rows {
            for cell in &row.cells {
                assert!(!cell.sentence.contains("State flags"), "{row:?}");
            }
        }
    }

    #[test]
    fn a_carried_cell_contains_its_item() {
        let a = article(
            "a",
            Some("A"),
            "Perry ad targets gays in the military",
            &["Texas Gov. Rick Perry released an ad on Wednesday in Iowa. Perry said he would fight."],
        );
        let b = article(
            "b",
            Some("B"),
            "Perry Goes After Obama Over Don't Ask Don't Tell",
            &["Rick Perry attacked President Barack Obama in a new ad released in Iowa."],
        );
        let m = matrix(&[&a, &b], true, 0.5);
        assert!(!m.rows.is_empty());
        for row in m.rows.iter().filter(|r| r.kind != "claim") {
            let probe = row.item.split(" (").next().unwrap();
            let last = probe.split_whitespace().last().unwrap();
            for cell in &row.cells {
                assert!(cell.sentence.contains(last), "{} not in {cell:?}", row.item);
            }
        }
        // "Perry" and "Rick Perry" are one actor, carried by both.
        assert!(!m.rows.iter().any(|r| r.item.ends_with("Perry")));
    }

    #[test]
    fn many_columns_are_bounded_one_per_outlet_first() {
        let many: Vec<Article> = (0..30)
            .map(|i| {
                article(
                    &format!("a{i:02}"),
                    Some(if i < 3 { "X" } else { "Y" }),
                    "Title",
                    &["Text."],
                )
            })
            .collect();
        let refs: Vec<&Article> = many.iter().collect();
        let cols = columns(&refs);
        assert_eq!(cols.len(), MAX_COLUMNS);
        assert_eq!(cols[0].id, "a00");
        assert!(cols.iter().any(|a| a.outlet_name() == "Y"));
    }
}
