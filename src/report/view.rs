//! The template context: plain serialisable views over the analysis, one per page kind. The
//! README's "Template context" section documents these fields.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::cluster::Evidence;
use crate::compare::align::QuoteGroup;
use crate::compare::diff::DiffPart;
use crate::compare::framing::OutletRate;
use crate::compare::omissions::OmissionRow;
use crate::compare::quotes::Quote;
use crate::compare::talking_points::TalkingPoint;
use crate::compare::{ClusterComparison, HeadlineRow, PairDiff};
use crate::contrasts::{self, titles, Contrast};
use crate::corpus::OutletRegistry;
use crate::model::{Article, Warning};
use crate::pipeline::Analysis;

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub id: String,
    pub title: String,
    pub outlet: String,
    pub outlet_origin: String,
    pub outlet_evidence: Option<String>,
    pub ownership: String,
    pub country: String,
    pub kind: String,
    pub date: Option<String>,
    pub date_origin: Option<String>,
    pub source: String,
    pub url: Option<String>,
    pub words: usize,
    pub mentions: Vec<String>,
    pub event: String,
    pub storyline: String,
    /// Where the event and the storyline are shown, from the output folder (see `Views::href`).
    pub event_href: String,
    pub storyline_href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutletView {
    pub name: String,
    pub country: String,
    pub ownership: String,
    pub kind: String,
    pub articles: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub id: String,
    pub href: String,
    pub label: String,
    /// Neutral title: shared actors and key words with the date span (`contrasts::titles`).
    pub title: String,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub articles: Vec<ArticleView>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Serialize)]
pub struct StorylineView {
    pub id: String,
    pub href: String,
    pub label: String,
    pub title: String,
    /// "These 5 articles report 5 different events (…)", when they do.
    pub caution: Option<String>,
    pub events: Vec<EventView>,
    pub article_count: usize,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteView {
    pub id: String,
    pub text: String,
    pub kind: String,
    pub speaker: String,
    pub side: String,
    pub verb: String,
    pub paragraph: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct VariantView {
    pub article: ArticleView,
    pub text: String,
    pub relation: String,
    pub similarity: f64,
    pub diff: Vec<DiffPart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    pub id: String,
    pub speaker: String,
    /// The reference first, then the variants of the side by side's articles, at most
    /// `MAX_VARIANTS` (a statement repeated by hundreds of reports would fill the page).
    pub variants: Vec<VariantView>,
    /// Variants of the cluster's articles left out (all are in quote_groups.csv).
    pub more: usize,
}

/// Most variants of one quotation a cluster page shows.
pub const MAX_VARIANTS: usize = crate::compare::omissions::MAX_COLUMNS;

#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    /// "A", "B", … by date, as in the contrasts and the worksheet.
    pub letter: String,
    pub article: ArticleView,
    /// The first paragraph that reads as a sentence (a photo caption or a bullet is not a lead).
    pub lead: String,
    /// The first quoted speaker: "Dmitry Peskov (Russia)".
    pub first_voice: Option<String>,
    /// Up to three full quotations, longest first.
    pub key_quotes: Vec<QuoteView>,
    pub headline: HeadlineRow,
    pub quotes: Vec<QuoteView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CitationView {
    /// "Sputnik (C), line 2" or "RT (E), headline".
    pub label: String,
    /// Link to the sentence on the article page, relative to a cluster page.
    pub href: String,
    pub sentence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContrastView {
    pub kind: String,
    pub statement: String,
    pub weight: f64,
    pub citations: Vec<CitationView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClusterLink {
    pub id: String,
    pub href: String,
    pub title: String,
    pub dates: Option<String>,
    pub articles: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoverageCount {
    pub ownership: String,
    pub articles: usize,
    pub outlets: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RateRow {
    pub indicator: String,
    /// One cell per column outlet, in column order: (rate per 1,000 words, count).
    pub cells: Vec<(f64, usize)>,
    /// The highest rate in the whole table, the bars' common scale.
    pub max_rate: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClusterView {
    pub id: String,
    pub level: String,
    pub label: String,
    /// Neutral title (the label is the most central article's headline).
    pub title: String,
    pub dates: Option<String>,
    pub storyline: Option<String>,
    pub storyline_href: Option<String>,
    pub storyline_title: Option<String>,
    /// An event that is its storyline's only one: this page stands for the storyline too.
    pub whole_storyline: bool,
    /// Across-events caution of a storyline.
    pub caution: Option<String>,
    /// What differs between the outlets, ranked (empty with fewer than two outlets).
    pub contrasts: Vec<ContrastView>,
    /// Articles by ownership of their outlet, and the corpus's outlets with no article here.
    pub coverage: Vec<CoverageCount>,
    pub not_covering: Vec<String>,
    /// A storyline's events; an event's neighbours in its storyline.
    pub events: Vec<ClusterLink>,
    pub previous: Option<ClusterLink>,
    pub next: Option<ClusterLink>,
    /// Distinct outlets (articles of unknown outlet count one each).
    pub outlet_count: usize,
    pub evidence: Evidence,
    pub columns: Vec<ColumnView>,
    pub headline_diffs: Vec<PairDiff>,
    pub groups: Vec<GroupView>,
    pub outlets: Vec<String>,
    pub rates: Vec<RateRow>,
    pub omissions: Vec<OmissionRowView>,
    pub naming: Vec<crate::compare::naming::NamingRow>,
    pub talking_points: Vec<TalkingPoint>,
    /// What the cluster's tables left out (`compare::LeftOut`).
    pub left_out: crate::compare::LeftOut,
}

/// An omission row with each cell's evidence sentence (which `report.json` leaves out).
#[derive(Debug, Clone, Serialize)]
pub struct OmissionRowView {
    pub kind: String,
    pub item: String,
    pub carried_by: usize,
    pub cells: Vec<CellView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    pub article: String,
    pub sentence: Option<String>,
    pub start: Option<usize>,
}

/// An omission row with one cell per column (compare keeps only the carried cells).
fn omission_view(row: &OmissionRow, columns: &[String]) -> OmissionRowView {
    OmissionRowView {
        kind: row.kind.clone(),
        item: row.item.clone(),
        carried_by: row.carried_by,
        cells: columns
            .iter()
            .map(|id| {
                let cell = row.cell(id);
                CellView {
                    article: id.clone(),
                    sentence: cell.map(|c| c.sentence.clone()),
                    start: cell.and_then(|c| c.start),
                }
            })
            .collect(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    pub text: String,
    /// CSS classes: `quote`, `hedge`, `label`, `verb`, `scare`.
    pub classes: String,
    pub note: String,
    /// Anchor of the finding in the indicator table, if any.
    pub link: Option<String>,
    /// `sN` when the segment starts line (sentence) N, the target of contrast citations.
    pub anchor: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
/// One row of an article's indicator table: every use of one word as one indicator (in or out
/// of quotations), so that "said" five times is one row with five lines.
pub struct FindingView {
    pub anchor: String,
    pub indicator: String,
    pub category: String,
    /// The words as first written.
    pub matched: String,
    pub neutral: Option<String>,
    pub note: String,
    pub in_quote: bool,
    /// How many times the article uses it.
    pub count: usize,
    /// The first line (sentence) it is on, as numbered in the article text and on the worksheet.
    pub line: usize,
    /// Every line it is on, once each, in order.
    pub lines: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticlePageView {
    pub article: ArticleView,
    pub paragraphs: Vec<Vec<Segment>>,
    pub findings: Vec<FindingView>,
    pub quotes: Vec<QuoteView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexView {
    /// This page's number (1 is index.html) and every page, when the storylines fill more
    /// than one (`INDEX_PAGE_ARTICLES`).
    pub page: usize,
    pub pages: Vec<IndexPage>,
    pub root: String,
    pub article_count: usize,
    pub event_count: usize,
    pub storyline_count: usize,
    pub quote_count: usize,
    pub outlets: Vec<OutletView>,
    pub storylines: Vec<StorylineView>,
    pub articles: Vec<ArticleView>,
    /// At most `MAX_INDEX_WARNINGS`; `warnings_more` counts the rest.
    pub warnings: Vec<Warning>,
    pub warnings_more: usize,
    pub talking_points: Vec<TalkingPoint>,
    pub config: crate::config::Config,
    pub version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexPage {
    pub number: usize,
    /// The page's file, relative to the output folder: index.html, index-2.html, …
    pub href: String,
}

/// Most articles one index page lists under its storylines (a storyline is never split), so
/// that no index page grows past a couple of megabytes.
pub const INDEX_PAGE_ARTICLES: usize = 1000;
/// Most warnings the index lists; all are printed by the run and kept in report.json.
pub const MAX_INDEX_WARNINGS: usize = 200;

impl IndexPage {
    pub fn href_of(number: usize) -> String {
        if number == 1 {
            "index.html".to_string()
        } else {
            format!("index-{number}.html")
        }
    }
}

/// Most full quotations a side-by-side column shows.
const KEY_QUOTES: usize = 3;

/// Where a cluster sits: a storyline, or the `i`-th event of one.
enum Place<'a> {
    Storyline(&'a crate::cluster::Storyline),
    Event(&'a crate::cluster::Storyline, usize),
}

/// The article's lead: its first paragraph that reads as prose (ends like a sentence and has
/// eight words or more), so that a photo caption or a standfirst bullet is passed over; a
/// leading list dash is dropped.
pub fn lead_of(article: &Article) -> String {
    let prose = |p: &str| {
        let p = p.trim_end_matches(['"', '”', '’', '\'', ')']);
        p.ends_with(['.', '!', '?']) && crate::text::word_count(p) >= 8
    };
    article
        .paragraph_texts()
        .map(|p| p.trim_start_matches(['-', '•', '–', ' ']))
        .find(|p| prose(p) && !p.is_empty())
        .or_else(|| article.paragraph_texts().next())
        .unwrap_or("")
        .to_string()
}

/// Precomputed lookups shared by every page.
pub struct Views<'a> {
    pub analysis: &'a Analysis,
    pub articles: HashMap<&'a str, ArticleView>,
    by_id: HashMap<&'a str, &'a Article>,
    quotes_by_article: HashMap<&'a str, Vec<&'a Quote>>,
    // Built once: a page looks up only its own quotes, findings and talking points.
    quote_text: HashMap<&'a str, &'a str>,
    findings_by_article: HashMap<&'a str, Vec<&'a crate::compare::framing::Finding>>,
    talking_points_by_article: HashMap<&'a str, Vec<usize>>,
    /// Neutral title and date span of every storyline and event.
    titles: HashMap<&'a str, (String, Option<String>)>,
    contrasts: HashMap<&'a str, Vec<&'a Contrast>>,
    /// Each cluster's label, evidence and storyline (for an event).
    labels: HashMap<&'a str, (&'a str, &'a Evidence, Option<&'a str>)>,
    groups: HashMap<&'a str, &'a QuoteGroup>,
    /// Where each cluster sits: a storyline, or the i-th event of one.
    neighbours: HashMap<&'a str, Place<'a>>,
    /// Every named outlet of the corpus, sorted.
    corpus_outlets: Vec<String>,
    /// Where each cluster without a page of its own is shown, from the output folder: a
    /// storyline of one event on its event's page (the two pages would be the same); a
    /// single-article event or storyline on its article's page, in corpora above
    /// `SINGLE_ARTICLE_PAGES_UP_TO` articles.
    unpaged: HashMap<&'a str, String>,
    /// Word diffs already computed, by (reference quote, variant quote): an event's groups are
    /// shown again on its storyline's page and in report.md.
    diffs: std::sync::Mutex<HashMap<(&'a str, &'a str), Vec<DiffPart>>>,
}

/// Largest corpus in which an event or storyline of one article still gets a page of its own;
/// above it such a cluster is listed and links to its article's page (at research scale most
/// clusters are single articles, and their pages would only repeat the article's).
pub const SINGLE_ARTICLE_PAGES_UP_TO: usize = 2_000;

fn cluster_href(unpaged: &HashMap<&str, String>, id: &str) -> String {
    match unpaged.get(id) {
        Some(href) => href.clone(),
        None => format!("clusters/{id}.html"),
    }
}

fn quote_view(q: &Quote) -> QuoteView {
    QuoteView {
        id: q.id.clone(),
        text: q.text.clone(),
        kind: q.kind.label().to_string(),
        speaker: q
            .speaker
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_else(|| "unattributed".into()),
        side: q
            .speaker
            .as_ref()
            .and_then(|s| s.side.clone())
            .unwrap_or_default(),
        verb: q.verb.clone().unwrap_or_default(),
        paragraph: q.paragraph,
    }
}

impl<'a> Views<'a> {
    pub fn new(analysis: &'a Analysis, outlets: &OutletRegistry) -> Views<'a> {
        let assignment = analysis.clustering.assignment();
        let mut unpaged: HashMap<&str, String> = HashMap::new();
        let single_article_pages = analysis.corpus.articles.len() <= SINGLE_ARTICLE_PAGES_UP_TO;
        for s in &analysis.clustering.storylines {
            for e in &s.events {
                if let [only] = e.articles.as_slice() {
                    if !single_article_pages {
                        unpaged.insert(e.id.as_str(), format!("articles/{only}.html"));
                    }
                }
            }
            if let [e] = s.events.as_slice() {
                let event_href = cluster_href(&unpaged, &e.id);
                unpaged.insert(s.id.as_str(), event_href);
            }
        }
        let href = |id: &str| cluster_href(&unpaged, id);
        let articles = analysis
            .corpus
            .articles
            .iter()
            .map(|a| {
                let outlet = a.meta.outlet.as_ref();
                let entry = outlet.and_then(|o| outlets.find(&o.value));
                let (storyline, event) = assignment.get(a.id.as_str()).copied().unwrap_or(("", ""));
                let view = ArticleView {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    outlet: a.outlet_name().to_string(),
                    outlet_origin: outlet
                        .map(|o| o.origin.label().to_string())
                        .unwrap_or_else(|| "not known".into()),
                    outlet_evidence: outlet.and_then(|o| o.evidence.clone()),
                    ownership: entry
                        .map(|e| e.ownership.clone())
                        .unwrap_or_else(|| "unknown".into()),
                    country: entry
                        .map(|e| e.country.clone())
                        .unwrap_or_else(|| "unknown".into()),
                    kind: entry
                        .map(|e| e.kind.clone())
                        .unwrap_or_else(|| "unknown".into()),
                    date: a.date().map(str::to_string),
                    date_origin: a.meta.date.as_ref().map(|d| d.origin.label().to_string()),
                    source: a.source.clone(),
                    url: a.meta.url.as_ref().map(|u| u.value.clone()),
                    words: a.word_count,
                    mentions: a
                        .meta
                        .mentions
                        .iter()
                        .map(|m| format!("{} ({}): \"{}\"", m.outlet, m.role, m.evidence))
                        .collect(),
                    event: event.to_string(),
                    storyline: storyline.to_string(),
                    event_href: href(event),
                    storyline_href: href(storyline),
                };
                (a.id.as_str(), view)
            })
            .collect();
        let mut quotes_by_article: HashMap<&str, Vec<&Quote>> = HashMap::new();
        for q in &analysis.comparison.quotes {
            quotes_by_article
                .entry(q.article.as_str())
                .or_default()
                .push(q);
        }
        let mut findings_by_article: HashMap<&str, Vec<&crate::compare::framing::Finding>> =
            HashMap::new();
        for f in &analysis.comparison.findings {
            findings_by_article
                .entry(f.article.as_str())
                .or_default()
                .push(f);
        }
        let mut talking_points_by_article: HashMap<&str, Vec<usize>> = HashMap::new();
        for (k, t) in analysis.comparison.talking_points.iter().enumerate() {
            for o in &t.occurrences {
                let list = talking_points_by_article
                    .entry(o.article.as_str())
                    .or_default();
                if list.last() != Some(&k) {
                    list.push(k);
                }
            }
        }
        let by_id: HashMap<&str, &Article> = analysis
            .corpus
            .articles
            .iter()
            .map(|a| (a.id.as_str(), a))
            .collect();
        let mut titles = HashMap::new();
        for s in &analysis.clustering.storylines {
            let members: Vec<&Article> = s
                .article_ids()
                .filter_map(|id| by_id.get(id.as_str()).copied())
                .collect();
            let first = s
                .events
                .iter()
                .filter_map(|e| e.first_date.as_deref())
                .min();
            let last = s.events.iter().filter_map(|e| e.last_date.as_deref()).max();
            titles.insert(
                s.id.as_str(),
                (
                    titles::title(&members, &s.evidence, first, last),
                    titles::date_span(first, last),
                ),
            );
            for e in &s.events {
                let members: Vec<&Article> = e
                    .articles
                    .iter()
                    .filter_map(|id| by_id.get(id.as_str()).copied())
                    .collect();
                let (first, last) = (e.first_date.as_deref(), e.last_date.as_deref());
                titles.insert(
                    e.id.as_str(),
                    (
                        titles::title(&members, &e.evidence, first, last),
                        titles::date_span(first, last),
                    ),
                );
            }
        }
        let mut labels: HashMap<&str, (&str, &Evidence, Option<&str>)> = HashMap::new();
        for s in &analysis.clustering.storylines {
            labels.insert(&s.id, (&s.label, &s.evidence, None));
            for e in &s.events {
                labels.insert(&e.id, (&e.label, &e.evidence, Some(&s.id)));
            }
        }
        let groups: HashMap<&str, &QuoteGroup> = analysis
            .comparison
            .quote_groups
            .iter()
            .map(|g| (g.id.as_str(), g))
            .collect();
        let mut neighbours: HashMap<&str, Place> = HashMap::new();
        for s in &analysis.clustering.storylines {
            neighbours.insert(&s.id, Place::Storyline(s));
            for (i, e) in s.events.iter().enumerate() {
                neighbours.insert(&e.id, Place::Event(s, i));
            }
        }
        let corpus_outlets: Vec<String> = analysis
            .corpus
            .articles
            .iter()
            .map(|a| a.outlet_name().to_string())
            .filter(|o| o != "unknown")
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut contrasts: HashMap<&str, Vec<&Contrast>> = HashMap::new();
        for c in &analysis.contrasts {
            contrasts.entry(c.cluster.as_str()).or_default().push(c);
        }
        Views {
            quote_text: analysis
                .comparison
                .quotes
                .iter()
                .map(|q| (q.id.as_str(), q.text.as_str()))
                .collect(),
            findings_by_article,
            talking_points_by_article,
            analysis,
            articles,
            by_id,
            quotes_by_article,
            titles,
            contrasts,
            labels,
            groups,
            neighbours,
            corpus_outlets,
            unpaged,
            diffs: Default::default(),
        }
    }

    /// The word diff of a variant against its group's reference, computed once.
    fn diff(&self, reference: &'a str, variant: &'a str) -> Vec<DiffPart> {
        let key = (reference, variant);
        if let Some(parts) = self.diffs.lock().expect("no panic while held").get(&key) {
            return parts.clone();
        }
        let text = |id: &str| self.quote_text.get(id).copied().unwrap_or("");
        let parts = crate::compare::diff::word_diff(text(reference), text(variant));
        self.diffs
            .lock()
            .expect("no panic while held")
            .insert(key, parts.clone());
        parts
    }

    fn article(&self, id: &str) -> ArticleView {
        self.articles[id].clone()
    }

    fn title_of(&self, cluster: &str) -> String {
        self.titles
            .get(cluster)
            .map(|t| t.0.clone())
            .unwrap_or_default()
    }

    /// Whether the storyline or event `id` has a page of its own.
    pub fn has_page(&self, id: &str) -> bool {
        !self.unpaged.contains_key(id)
    }

    /// Where the storyline or event `id` is shown, from the output folder: its page, or, for a
    /// single-article cluster without one, the article's page.
    pub fn href(&self, id: &str) -> String {
        cluster_href(&self.unpaged, id)
    }

    fn link(&self, id: &str, articles: usize) -> ClusterLink {
        let (title, dates) = self.titles.get(id).cloned().unwrap_or_default();
        ClusterLink {
            id: id.to_string(),
            href: self.href(id),
            title,
            dates,
            articles,
        }
    }

    fn contrast_views(&self, cluster: &str) -> Vec<ContrastView> {
        self.contrasts
            .get(cluster)
            .map(|list| {
                list.iter()
                    .map(|c| ContrastView {
                        kind: c.kind.clone(),
                        statement: c.statement.clone(),
                        weight: c.weight,
                        citations: c
                            .citations
                            .iter()
                            .map(|x| {
                                let name = if x.outlet == "unknown" {
                                    format!("article {}", x.letter)
                                } else {
                                    format!("{} ({})", x.outlet, x.letter)
                                };
                                CitationView {
                                    label: if x.field == "headline" {
                                        format!("{name}, headline")
                                    } else {
                                        format!("{name}, line {}", x.line)
                                    },
                                    href: if x.field == "headline" {
                                        format!("../articles/{}.html#headline", x.article)
                                    } else {
                                        format!("../articles/{}.html#s{}", x.article, x.line)
                                    },
                                    sentence: x.sentence.clone(),
                                }
                            })
                            .collect(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The index pages: the first is index.html, with the corpus-wide sections.
    pub fn index(&self, outlets: &OutletRegistry) -> Vec<IndexView> {
        let analysis = self.analysis;
        let mut counts: HashMap<String, usize> = HashMap::new();
        for a in &analysis.corpus.articles {
            *counts.entry(a.outlet_name().to_string()).or_default() += 1;
        }
        let mut outlet_views: Vec<OutletView> = counts
            .into_iter()
            .map(|(name, n)| {
                let entry = outlets.find(&name);
                OutletView {
                    country: entry
                        .map(|e| e.country.clone())
                        .unwrap_or_else(|| "unknown".into()),
                    ownership: entry
                        .map(|e| e.ownership.clone())
                        .unwrap_or_else(|| "unknown".into()),
                    kind: entry
                        .map(|e| e.kind.clone())
                        .unwrap_or_else(|| "unknown".into()),
                    name,
                    articles: n,
                }
            })
            .collect();
        outlet_views.sort_by_key(|o| o.name.to_lowercase());
        // Storylines in their order, cut into pages of at most INDEX_PAGE_ARTICLES articles.
        let mut page_of: Vec<usize> = Vec::new();
        let (mut page, mut filled) = (1, 0);
        for s in &analysis.clustering.storylines {
            let n = s.article_ids().count();
            if filled > 0 && filled + n > INDEX_PAGE_ARTICLES {
                page += 1;
                filled = 0;
            }
            filled += n;
            page_of.push(page);
        }
        let pages: Vec<IndexPage> = (1..=page)
            .map(|number| IndexPage {
                number,
                href: IndexPage::href_of(number),
            })
            .collect();
        let mut warnings = analysis.corpus.warnings.clone();
        warnings.extend(analysis.comparison.warnings.iter().cloned());
        let warnings_more = warnings.len().saturating_sub(MAX_INDEX_WARNINGS);
        warnings.truncate(MAX_INDEX_WARNINGS);
        (1..=page)
            .map(|number| {
                let here: Vec<&crate::cluster::Storyline> = analysis
                    .clustering
                    .storylines
                    .iter()
                    .zip(&page_of)
                    .filter(|(_, p)| **p == number)
                    .map(|(s, _)| s)
                    .collect();
                let first = number == 1;
                IndexView {
                    page: number,
                    pages: pages.clone(),
                    root: analysis.corpus.root.clone(),
                    article_count: analysis.corpus.articles.len(),
                    event_count: analysis.clustering.events().count(),
                    storyline_count: analysis.clustering.storylines.len(),
                    quote_count: analysis.comparison.quotes.len(),
                    outlets: outlet_views.clone(),
                    articles: self.articles_of(&here),
                    storylines: here.iter().map(|s| self.storyline_view(s)).collect(),
                    // Corpus-wide sections are on the first page only.
                    warnings: if first { warnings.clone() } else { Vec::new() },
                    warnings_more: if first { warnings_more } else { 0 },
                    talking_points: if first {
                        analysis.comparison.talking_points.clone()
                    } else {
                        Vec::new()
                    },
                    config: analysis.config.clone(),
                    version: env!("CARGO_PKG_VERSION").to_string(),
                }
            })
            .collect()
    }

    /// The articles of `storylines`, by date, outlet and id.
    fn articles_of(&self, storylines: &[&crate::cluster::Storyline]) -> Vec<ArticleView> {
        let mut articles: Vec<ArticleView> = storylines
            .iter()
            .flat_map(|s| s.article_ids())
            .map(|id| self.article(id))
            .collect();
        articles.sort_by(|a, b| (&a.date, &a.outlet, &a.id).cmp(&(&b.date, &b.outlet, &b.id)));
        articles
    }

    fn storyline_view(&self, s: &crate::cluster::Storyline) -> StorylineView {
        StorylineView {
            id: s.id.clone(),
            href: self.href(&s.id),
            label: s.label.clone(),
            title: self.title_of(&s.id),
            caution: titles::across_events(s),
            article_count: s.article_ids().count(),
            evidence: s.evidence.clone(),
            events: s
                .events
                .iter()
                .map(|e| EventView {
                    id: e.id.clone(),
                    href: self.href(&e.id),
                    label: e.label.clone(),
                    title: self.title_of(&e.id),
                    first_date: e.first_date.clone(),
                    last_date: e.last_date.clone(),
                    articles: e.articles.iter().map(|id| self.article(id)).collect(),
                    evidence: e.evidence.clone(),
                })
                .collect(),
        }
    }

    fn group_view(
        &self,
        group: &'a QuoteGroup,
        members: &BTreeSet<&str>,
        shown: &BTreeSet<&str>,
    ) -> GroupView {
        let text = &self.quote_text;
        let mut variants: Vec<&crate::compare::align::Variant> = group
            .variants
            .iter()
            .filter(|v| members.contains(v.article.as_str()))
            .collect();
        // Stable: within each rank the variants keep the group's order (by article).
        variants.sort_by_key(|v| {
            (
                v.relation != "reference",
                !shown.contains(v.article.as_str()),
            )
        });
        let more = variants.len().saturating_sub(MAX_VARIANTS);
        variants.truncate(MAX_VARIANTS);
        GroupView {
            id: group.id.clone(),
            speaker: group
                .speaker
                .clone()
                .unwrap_or_else(|| "unattributed".into()),
            variants: variants
                .into_iter()
                .map(|v| VariantView {
                    article: self.article(&v.article),
                    text: text.get(v.quote.as_str()).unwrap_or(&"").to_string(),
                    relation: v.relation.clone(),
                    similarity: v.similarity,
                    // Diffed here, for the variants a page shows only (at corpus scale most
                    // groups are never shown, and diffing them all cost more than aligning).
                    diff: self.diff(&group.reference, &v.quote),
                })
                .collect(),
            more,
        }
    }

    /// The views of every cluster page (storylines and events), for callers that want them all;
    /// the writer builds one at a time (`cluster`).
    pub fn clusters(&self) -> Vec<ClusterView> {
        self.analysis
            .comparison
            .clusters
            .iter()
            .map(|c| self.cluster(c))
            .collect()
    }

    /// The view of one cluster page.
    pub fn cluster(&self, c: &ClusterComparison) -> ClusterView {
        let analysis = self.analysis;
        let (label, evidence, storyline) = self.labels[c.cluster.as_str()];
        let groups = &self.groups;
        let neighbours = &self.neighbours;
        let corpus_outlets = &self.corpus_outlets;
        let members: BTreeSet<&str> = c.articles.iter().map(String::as_str).collect();
        // The side by side shows the cluster's columns (bounded), as the tables do.
        let shown: BTreeSet<&str> = c.columns.iter().map(String::as_str).collect();
        let columns: Vec<ColumnView> = c
            .headlines
            .iter()
            .filter(|h| shown.contains(h.article.as_str()))
            .enumerate()
            .map(|(i, h)| {
                let quotes: Vec<&Quote> = self
                    .quotes_by_article
                    .get(h.article.as_str())
                    .cloned()
                    .unwrap_or_default();
                let mut key: Vec<&Quote> = quotes
                    .iter()
                    .copied()
                    .filter(|q| q.kind.label() == "full" && q.speaker.is_some())
                    .collect();
                key.sort_by(|a, b| b.text.len().cmp(&a.text.len()).then(a.start.cmp(&b.start)));
                key.truncate(KEY_QUOTES);
                key.sort_by_key(|q| q.start);
                ColumnView {
                    letter: contrasts::letter(i),
                    article: self.article(&h.article),
                    lead: self
                        .by_id
                        .get(h.article.as_str())
                        .map(|a| lead_of(a))
                        .unwrap_or_default(),
                    first_voice: quotes.iter().find_map(|q| {
                        q.speaker.as_ref().map(|s| match &s.side {
                            Some(side) => format!("{} ({side})", s.name),
                            None => s.name.clone(),
                        })
                    }),
                    key_quotes: key.iter().map(|q| quote_view(q)).collect(),
                    headline: h.clone(),
                    quotes: quotes.iter().map(|q| quote_view(q)).collect(),
                }
            })
            .collect();
        let outlet_count = columns
            .iter()
            .map(|c| {
                if c.article.outlet == "unknown" {
                    format!("article:{}", c.article.id)
                } else {
                    format!("outlet:{}", c.article.outlet)
                }
            })
            .collect::<BTreeSet<_>>()
            .len();
        let mut coverage: Vec<CoverageCount> = Vec::new();
        for col in &columns {
            let ownership = &col.article.ownership;
            let slot = match coverage.iter().position(|x| &x.ownership == ownership) {
                Some(p) => &mut coverage[p],
                None => {
                    coverage.push(CoverageCount {
                        ownership: ownership.clone(),
                        articles: 0,
                        outlets: Vec::new(),
                    });
                    coverage.last_mut().expect("just pushed")
                }
            };
            slot.articles += 1;
            if !slot.outlets.contains(&col.article.outlet) {
                slot.outlets.push(col.article.outlet.clone());
            }
        }
        coverage.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then(a.ownership.cmp(&b.ownership))
        });
        let here: BTreeSet<&str> = columns.iter().map(|c| c.article.outlet.as_str()).collect();
        let not_covering: Vec<String> = corpus_outlets
            .iter()
            .filter(|o| !here.contains(o.as_str()))
            .cloned()
            .collect();
        let (title, dates) = self
            .titles
            .get(c.cluster.as_str())
            .cloned()
            .unwrap_or_default();
        let (events, previous, next, caution) = match neighbours.get(c.cluster.as_str()) {
            Some(Place::Storyline(s)) => (
                s.events
                    .iter()
                    .map(|e| self.link(&e.id, e.articles.len()))
                    .collect(),
                None,
                None,
                titles::across_events(s),
            ),
            Some(Place::Event(s, i)) => (
                Vec::new(),
                i.checked_sub(1)
                    .and_then(|p| s.events.get(p))
                    .map(|e| self.link(&e.id, e.articles.len())),
                s.events
                    .get(i + 1)
                    .map(|e| self.link(&e.id, e.articles.len())),
                None,
            ),
            None => (Vec::new(), None, None, None),
        };
        let mut outlets: Vec<String> = columns.iter().map(|c| c.article.outlet.clone()).collect();
        outlets.dedup();
        let outlets: Vec<String> = outlets
            .into_iter()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let indicators: BTreeSet<&str> = c
            .outlet_rates
            .iter()
            .map(|r| r.indicator.as_str())
            .filter(|i| !i.contains(':') || i.starts_with("attribution verb"))
            .collect();
        let rate_of: HashMap<(&str, &str), &OutletRate> = c
            .outlet_rates
            .iter()
            .map(|r| ((r.outlet.as_str(), r.indicator.as_str()), r))
            .collect();
        let mut rates: Vec<RateRow> = indicators
            .into_iter()
            .map(|indicator| {
                let cells: Vec<(f64, usize)> = outlets
                    .iter()
                    .map(|o| {
                        rate_of
                            .get(&(o.as_str(), indicator))
                            .map(|r| (r.rate_per_1000, r.count))
                            .unwrap_or((0.0, 0))
                    })
                    .collect();
                let max_rate = cells.iter().map(|c| c.0).fold(0.0, f64::max);
                RateRow {
                    indicator: indicator.to_string(),
                    cells,
                    max_rate,
                }
            })
            .collect();
        // One scale for the whole table: a bar compares outlets and indicators alike.
        let table_max = rates.iter().map(|r| r.max_rate).fold(0.0, f64::max);
        for r in &mut rates {
            r.max_rate = table_max;
        }
        let talking_points = members
            .iter()
            .filter_map(|a| self.talking_points_by_article.get(a))
            .flatten()
            .copied()
            .collect::<BTreeSet<usize>>()
            .into_iter()
            .map(|k| analysis.comparison.talking_points[k].clone())
            .collect();
        ClusterView {
            id: c.cluster.clone(),
            level: c.level.clone(),
            label: label.to_string(),
            title,
            dates,
            storyline_title: storyline.map(|s| self.title_of(s)),
            storyline_href: storyline.map(|s| self.href(s)),
            whole_storyline: storyline.is_some_and(|s| self.href(s) == self.href(&c.cluster)),
            storyline: storyline.map(str::to_string),
            caution,
            contrasts: if outlet_count >= 2 {
                self.contrast_views(&c.cluster)
            } else {
                Vec::new()
            },
            coverage,
            not_covering,
            events,
            previous,
            next,
            outlet_count,
            evidence: evidence.clone(),
            columns,
            headline_diffs: c.headline_diffs.clone(),
            groups: c
                .quote_groups
                .iter()
                .filter_map(|g| groups.get(g.as_str()))
                .map(|g| self.group_view(g, &members, &shown))
                .collect(),
            outlets,
            rates,
            omissions: c
                .omissions
                .iter()
                .map(|r| omission_view(r, &c.columns))
                .collect(),
            naming: c.naming.clone(),
            talking_points,
            left_out: c.left_out.clone(),
        }
    }

    /// The view of one article page: its text cut into highlighted segments.
    pub fn article_page(&self, id: &str) -> ArticlePageView {
        let article = self.by_id[id];
        let quotes = self.quotes_by_article.get(id).cloned().unwrap_or_default();
        let findings: Vec<&crate::compare::framing::Finding> = self
            .findings_by_article
            .get(id)
            .into_iter()
            .flatten()
            .copied()
            .filter(|f| f.field == "text")
            .collect();
        // Each highlight: (start, end, class, note, link).
        let mut marks: Vec<(usize, usize, &str, String, Option<String>)> = Vec::new();
        for q in &quotes {
            let note = format!(
                "{} quote — {}",
                q.kind.label(),
                q.speaker
                    .as_ref()
                    .map(|s| s.name.as_str())
                    .unwrap_or("unattributed")
            );
            marks.push((q.start, q.end, "quote", note, None));
        }
        let line_list = article.lines();
        let mut finding_views: Vec<FindingView> = Vec::new();
        let mut row_of: HashMap<(&str, &str, String, bool), usize> = HashMap::new();
        for f in &findings {
            let key = (
                f.indicator.as_str(),
                f.category.as_str(),
                f.matched.to_lowercase(),
                f.in_quote,
            );
            let line = article.line_of(f.start);
            let row = *row_of.entry(key).or_insert_with(|| {
                finding_views.push(FindingView {
                    anchor: format!("f{}", finding_views.len() + 1),
                    indicator: f.indicator.clone(),
                    category: f.category.clone(),
                    matched: f.matched.clone(),
                    neutral: f.neutral.clone(),
                    note: f.note.clone(),
                    in_quote: f.in_quote,
                    count: 0,
                    line,
                    lines: Vec::new(),
                });
                finding_views.len() - 1
            });
            let view = &mut finding_views[row];
            view.count += 1;
            if view.lines.last() != Some(&line) {
                view.lines.push(line);
            }
            let class = match f.indicator.as_str() {
                "hedge" => "hedge",
                "loaded label" => "label",
                "scare quote" => "scare",
                _ => "verb",
            };
            // No tooltip: the highlight links to its row, which explains it.
            marks.push((
                f.start,
                f.end,
                class,
                String::new(),
                Some(view.anchor.clone()),
            ));
        }
        let line_starts: HashMap<usize, usize> = line_list
            .iter()
            .copied()
            .enumerate()
            .map(|(i, (s, _))| (s, i + 1))
            .collect();
        let paragraphs = article
            .paragraphs
            .iter()
            .map(|p| {
                let mut cuts: BTreeSet<usize> = [p.start, p.end].into_iter().collect();
                cuts.extend(
                    line_starts
                        .keys()
                        .copied()
                        .filter(|&s| p.start <= s && s < p.end),
                );
                for &(s, e, ..) in &marks {
                    if s < p.end && e > p.start {
                        cuts.insert(s.max(p.start));
                        cuts.insert(e.min(p.end));
                    }
                }
                let cuts: Vec<usize> = cuts.into_iter().collect();
                cuts.windows(2)
                    .filter(|w| w[0] < w[1])
                    .map(|w| {
                        let covering: Vec<&(usize, usize, &str, String, Option<String>)> = marks
                            .iter()
                            .filter(|m| m.0 <= w[0] && w[1] <= m.1)
                            .collect();
                        Segment {
                            text: article.text[w[0]..w[1]].to_string(),
                            classes: covering
                                .iter()
                                .map(|m| m.2)
                                .collect::<BTreeSet<_>>()
                                .into_iter()
                                .collect::<Vec<_>>()
                                .join(" "),
                            note: covering
                                .iter()
                                .map(|m| m.3.as_str())
                                .filter(|n| !n.is_empty())
                                .collect::<Vec<_>>()
                                .join("; "),
                            link: covering.iter().rev().find_map(|m| m.4.clone()),
                            anchor: line_starts.get(&w[0]).map(|n| format!("s{n}")),
                        }
                    })
                    .collect()
            })
            .collect();
        ArticlePageView {
            article: self.article(id),
            paragraphs,
            findings: finding_views,
            quotes: quotes.iter().map(|q| quote_view(q)).collect(),
        }
    }
}
