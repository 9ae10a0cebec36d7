//! Plain data shared by the pipeline stages. Each stage takes and returns these serde types, so any
//! stage's output can be dumped as JSON and tested alone.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Stable identifier of an article: a short hex hash of its normalised title and text.
pub type ArticleId = String;

/// The one way to point at text: byte offsets into an article's normalised `text`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub article: ArticleId,
    pub start: usize,
    pub end: usize,
}

/// A problem found in the input that did not stop the run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Warning {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Warning {
    pub fn new(path: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        Warning {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// Where a metadata value came from, so the report can say why it believes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// `manifest.csv` beside the articles.
    Manifest,
    /// YAML or TOML front matter at the top of the file.
    FrontMatter,
    /// A field of a JSON Lines or CSV record, or an HTML page's own metadata.
    Record,
    /// Inferred from the article text; see `evidence`.
    Inferred,
}

impl Origin {
    pub fn label(self) -> &'static str {
        match self {
            Origin::Manifest => "manifest",
            Origin::FrontMatter => "front matter",
            Origin::Record => "record",
            Origin::Inferred => "inferred",
        }
    }
}

/// A metadata value with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sourced {
    pub value: String,
    pub origin: Origin,
    /// The text that supports an inferred value (e.g. `MOSCOW (Reuters)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// 1.0 for values the user gave; below 1.0 for inferred ones.
    pub confidence: f32,
}

impl Sourced {
    pub fn given(value: impl Into<String>, origin: Origin) -> Self {
        Sourced {
            value: value.into(),
            origin,
            evidence: None,
            confidence: 1.0,
        }
    }
}

/// An outlet named in an article without being its publisher (a cited agency, a contributor).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletMention {
    pub outlet: String,
    /// `cited` (the article relays its reporting), `contributor` (additional reporting by), `mentioned`.
    pub role: String,
    pub evidence: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub outlet: Option<Sourced>,
    pub date: Option<Sourced>,
    pub url: Option<Sourced>,
    pub lang: Option<Sourced>,
    /// Other outlets the text names, with the role they play.
    pub mentions: Vec<OutletMention>,
}

/// A paragraph as byte offsets into the article's normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub start: usize,
    pub end: usize,
    /// The line of the input file it was read from, when the format keeps lines (text, Markdown);
    /// warnings about the paragraph name it. Not written to the report.
    #[serde(skip)]
    pub line: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    /// Where it was read from: a path, with `#N` for the N-th record of a JSON Lines or CSV file.
    pub source: String,
    /// The id the input gave it (JSON Lines / CSV `id` column), if any; used to match gold files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_id: Option<String>,
    pub title: String,
    /// Normalised body text: NFC, one paragraph per line, web residue removed.
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    pub meta: Meta,
    pub word_count: usize,
    /// Sentence and line spans, found once when first asked for; the text is not changed after
    /// ingest (a clone starts with an empty cache, so a changed copy is safe).
    #[serde(skip)]
    pub(crate) spans: SpanCache,
}

/// Spans of an article's text that several stages read: computed once, not per stage.
#[derive(Default)]
pub(crate) struct SpanCache {
    sentences: OnceLock<Vec<(usize, usize)>>,
    lines: OnceLock<Vec<(usize, usize)>>,
}

impl Clone for SpanCache {
    fn clone(&self) -> Self {
        SpanCache::default()
    }
}

/// A cache says nothing about the article: two articles are equal whatever is cached.
impl PartialEq for SpanCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for SpanCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SpanCache")
    }
}

impl Article {
    /// Sentence spans of the text (`text::sentences`), computed once.
    pub fn sentences(&self) -> &[(usize, usize)] {
        self.spans
            .sentences
            .get_or_init(|| crate::text::sentences(&self.text))
    }

    /// The text's lines as the briefing numbers them (`text::lines`), computed once.
    pub fn lines(&self) -> &[(usize, usize)] {
        self.spans
            .lines
            .get_or_init(|| crate::text::lines_from_sentences(&self.text, self.sentences()))
    }

    pub fn paragraph_texts(&self) -> impl Iterator<Item = &str> {
        self.paragraphs.iter().map(|p| &self.text[p.start..p.end])
    }

    pub fn outlet_name(&self) -> &str {
        self.meta
            .outlet
            .as_ref()
            .map(|o| o.value.as_str())
            .unwrap_or("unknown")
    }

    pub fn date(&self) -> Option<&str> {
        self.meta.date.as_ref().map(|d| d.value.as_str())
    }

    /// The first paragraph, which news writing makes the lead.
    pub fn lead(&self) -> &str {
        self.paragraph_texts().next().unwrap_or("")
    }

    /// The first `count` sentences of the body (fewer if it is shorter; none for 0): with the
    /// headline, what news writing puts first, the kind of thing that happened.
    pub fn opening(&self, count: usize) -> &str {
        if count == 0 {
            return "";
        }
        // Sentences never cross a paragraph break, so the count runs over the whole text.
        match self.sentences().get(count - 1) {
            Some(&(_, end)) => &self.text[..end],
            None => &self.text,
        }
    }

    /// The 1-based line (sentence) number holding byte `offset` of the text, as the pages,
    /// the worksheets and the CSV files number them.
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines().partition_point(|&(s, _)| s <= offset).max(1)
    }

    /// The 1-based paragraph number holding byte `offset`.
    pub fn paragraph_of(&self, offset: usize) -> usize {
        self.paragraphs.partition_point(|p| p.end < offset) + 1
    }

    /// The name a user sees: the input id if there was one, else the file name.
    pub fn display_name(&self) -> &str {
        if let Some(id) = &self.given_id {
            return id;
        }
        self.source.rsplit('/').next().unwrap_or(&self.source)
    }
}

#[cfg(test)]
impl Article {
    /// An article of the given paragraphs, one per line, as ingest lays them out; for unit tests.
    pub(crate) fn from_paragraphs(id: &str, title: &str, paragraphs: &[&str]) -> Article {
        let text = paragraphs.join("\n");
        let mut spans = Vec::new();
        let mut start = 0;
        for p in paragraphs {
            spans.push(Paragraph {
                start,
                end: start + p.len(),
                line: None,
            });
            start += p.len() + 1;
        }
        Article {
            id: id.into(),
            source: format!("{id}.txt"),
            given_id: None,
            title: title.into(),
            word_count: text.split_whitespace().count(),
            text,
            paragraphs: spans,
            meta: Meta::default(),
            spans: SpanCache::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(paragraphs: &[&str]) -> Article {
        Article::from_paragraphs("a", "Headline", paragraphs)
    }

    #[test]
    fn opening_counts_sentences_across_paragraphs() {
        let a = article(&[
            "A quake hit Qeshm island. Five people were hurt.",
            "Officials in Tehran said on Sunday that Dr. Ali Rezaei led the rescue. Schools closed.",
        ]);
        assert_eq!(a.opening(1), "A quake hit Qeshm island.");
        assert_eq!(
            a.opening(2),
            "A quake hit Qeshm island. Five people were hurt."
        );
        // An abbreviation ("Dr.") does not end a sentence.
        assert!(
            a.opening(3).ends_with("led the rescue."),
            "{}",
            a.opening(3)
        );
        assert_eq!(a.opening(10), a.text);
        // `opening_sentences = 0` leaves the headline alone.
        assert_eq!(a.opening(0), "");
    }
}
