//! Framing indicators: attribution verbs by stance, hedges, loaded labels and scare quotes, each
//! found with the sentence that carries it; rates per 1,000 words per article and per outlet;
//! who gets a voice.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::compare::lexicon::{Lexicon, Lexicons, Words};
use crate::compare::quotes::{Quote, QuoteKind};
use crate::model::Article;
use crate::text;

/// One flagged word or phrase (`sentence_of` gives the sentence that carries it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub article: String,
    /// `attribution verb`, `hedge`, `loaded label`, `scare quote`.
    pub indicator: String,
    /// The lexicon category or stance (`distancing`, `delegitimising`, …).
    pub category: String,
    pub matched: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neutral: Option<String>,
    /// The lexicon's note is not in `report.json` (the lexicons hold the notes).
    #[serde(skip_serializing, default)]
    pub note: String,
    /// Byte offsets of the match in the article text (headline findings use the headline).
    pub start: usize,
    pub end: usize,
    /// `text` or `headline`.
    pub field: String,
    /// Inside a quotation: the speaker's word, not the outlet's.
    pub in_quote: bool,
}

/// Indicators of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleFraming {
    pub article: String,
    pub outlet: String,
    pub words: usize,
    /// Share of the words that stand inside quotation marks.
    pub quoted_share: f64,
    /// Indicator → (count, rate per 1,000 words); indicator keys are `indicator:category`.
    pub indicators: BTreeMap<String, (usize, f64)>,
    /// Words quoted per speaker side (`unattributed` and `unknown side` included).
    pub voice_words: BTreeMap<String, usize>,
    pub first_voice: Option<String>,
    pub last_voice: Option<String>,
    pub headline_verb: Option<String>,
    pub headline_stance: Option<String>,
    pub headline_subject: Option<String>,
}

/// An outlet's rate for one indicator over all its articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletRate {
    pub outlet: String,
    pub indicator: String,
    pub count: usize,
    pub words: usize,
    pub rate_per_1000: f64,
}

/// The sentence holding `start` (empty if none does). Sentences come in text order, so a
/// binary search finds it: a scan per finding made a long article quadratic.
fn sentence_around<'t>(text: &'t str, sentences: &[(usize, usize)], start: usize) -> &'t str {
    let i = sentences.partition_point(|&(s, _)| s <= start);
    i.checked_sub(1)
        .map(|i| sentences[i])
        .filter(|&(_, e)| start < e)
        .map_or("", |(s, e)| &text[s..e])
}

/// The sentence of `article` that carries `finding` (its headline's sentence for a headline
/// finding). Not stored with each finding: at research scale the copies outweighed the texts.
pub fn sentence_of<'a>(finding: &Finding, article: &'a Article) -> &'a str {
    if finding.field == "headline" {
        let sentences = text::sentences(&article.title);
        sentence_around(&article.title, &sentences, finding.start)
    } else {
        sentence_around(&article.text, article.sentences(), finding.start)
    }
}

/// Answers "is this span inside a quotation?" by binary search over the quotations sorted by
/// start, with the furthest end reached by any of them so far (quotations may nest), instead of
/// a scan of every quotation per finding.
struct QuoteSpans {
    starts: Vec<usize>,
    reach: Vec<usize>,
}

impl QuoteSpans {
    fn new(quotes: &[&Quote]) -> QuoteSpans {
        let mut spans: Vec<(usize, usize)> = quotes.iter().map(|q| (q.start, q.end)).collect();
        spans.sort_unstable();
        let mut furthest = 0;
        let reach = spans
            .iter()
            .map(|&(_, e)| {
                furthest = furthest.max(e);
                furthest
            })
            .collect();
        QuoteSpans {
            starts: spans.into_iter().map(|(s, _)| s).collect(),
            reach,
        }
    }

    fn contains(&self, start: usize, end: usize) -> bool {
        let i = self.starts.partition_point(|&s| s <= start);
        i > 0 && self.reach[i - 1] >= end
    }
}

/// The findings of the three lexicons (hedges, labels, loaded wording) in one field.
fn push_lexicon_findings(
    out: &mut Vec<Finding>,
    article: &Article,
    field: &str,
    source: &str,
    words: &Words,
    lexicons: &Lexicons,
    quotes: &[&Quote],
) {
    for (lexicon, indicator) in [
        (&lexicons.hedges, "hedge"),
        (&lexicons.labels, "loaded label"),
        (&lexicons.loaded, "loaded wording"),
    ] {
        push_findings_of(
            out,
            article,
            field,
            (source, words),
            lexicon,
            indicator,
            quotes,
        );
    }
}

fn push_findings_of(
    out: &mut Vec<Finding>,
    article: &Article,
    field: &str,
    (source, words): (&str, &Words),
    lexicon: &Lexicon,
    indicator: &str,
    quotes: &[&Quote],
) {
    let quoted = QuoteSpans::new(quotes);
    for m in lexicon.find_in(words) {
        let entry = &lexicon.entries[m.entry];
        let in_quote = field == "text" && quoted.contains(m.start, m.end);
        out.push(Finding {
            article: article.id.clone(),
            indicator: indicator.to_string(),
            category: entry.category.clone(),
            matched: source[m.start..m.end].to_string(),
            neutral: entry.neutral.clone(),
            note: entry.note.clone(),
            start: m.start,
            end: m.end,
            field: field.to_string(),
            in_quote,
        });
    }
}

/// A short quotation that distances the writer from the words, or sets out someone's label
/// ("labeled it 'provocative'"): not words a speaker is reported saying with a verb of speech
/// ("a 'horrific policy,' Mr. Perry said", "vowed to end 'stagnant wages'" are partial quotes),
/// and not a title or a name in title case ("Meet the Press", "Strong").
fn is_scare_quote(quote: &Quote, attribution: &Lexicon) -> bool {
    quote.kind == QuoteKind::Scare
        && !reported_speech(quote, attribution)
        && !title_case(&quote.text)
}

/// Words a named speaker (or a pronoun for one) is reported saying, with a verb of speech that
/// does not label them.
fn reported_speech(quote: &Quote, attribution: &Lexicon) -> bool {
    let by_speaker = quote
        .speaker
        .as_ref()
        .is_some_and(|s| s.how == "attribution" || s.how == "pronoun");
    by_speaker
        && quote
            .verb
            .as_deref()
            .and_then(|v| v.split_whitespace().find_map(|w| attribution.verb_entry(w)))
            .is_some_and(|e| !e.labelling)
}

/// True when the article also writes the quoted words outside quotation marks (a set of
/// "immigration principles" … "the immigration principles will"): the marks introduce or
/// mention a term the article itself uses, they do not distance the writer from it.
/// `lower` is the article's text in ASCII lower case, which keeps byte offsets.
fn used_unquoted(quote: &Quote, lower: &str, quotes: &[&Quote]) -> bool {
    let words = quote
        .text
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_ascii_lowercase();
    if words.is_empty() {
        return false;
    }
    let is_word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    lower.match_indices(words.as_str()).any(|(at, _)| {
        let end = at + words.len();
        !is_word_char(lower[..at].chars().next_back())
            && !is_word_char(lower[end..].chars().next())
            && !quotes
                .iter()
                .any(|q| q.start.saturating_sub(1) <= at && end <= q.end + 1)
    })
}

/// Every word capitalised (short function words aside): a title or a name.
fn title_case(text: &str) -> bool {
    text.split_whitespace()
        .filter(|w| w.chars().count() > 3 || w.starts_with(char::is_uppercase))
        .all(|w| w.starts_with(|c: char| c.is_uppercase() || !c.is_alphabetic()))
}

/// All framing findings of one article.
pub fn findings(article: &Article, quotes: &[&Quote], lexicons: &Lexicons) -> Vec<Finding> {
    let mut out = Vec::new();
    let fields = [
        ("headline", article.title.as_str()),
        ("text", article.text.as_str()),
    ];
    let field_words = fields.map(|(_, source)| Words::new(source));
    for (&(field, source), words) in fields.iter().zip(&field_words) {
        push_lexicon_findings(&mut out, article, field, source, words, lexicons, quotes);
    }
    // Attribution verbs: reporting verbs in a verb form ("denied", "claims", "was quoted"), in
    // the reporter's own words — the verbs that introduce quotations and the reporting elsewhere
    // ("Russia denied the reports"). Nouns of the same stem ("critics", "accusations") are not verbs.
    let quoted = QuoteSpans::new(quotes);
    for (&(field, source), words) in fields.iter().zip(&field_words) {
        let words = &words.words;
        for (k, &(start, word)) in words.iter().enumerate() {
            // In running text verbs are lower-case ("the United States" holds no reporting
            // verb); headlines are often in title case.
            if field == "text" && !word.starts_with(char::is_lowercase) {
                continue;
            }
            let Some(entry) = lexicons.attribution.verb_entry(word) else {
                continue;
            };
            let end = start + word.len();
            let in_quote = field == "text" && quoted.contains(start, end);
            let after_determiner = k > 0
                && [
                    "the", "a", "an", "his", "her", "their", "its", "these", "those", "such", "of",
                ]
                .contains(&words[k - 1].1.to_lowercase().as_str());
            // A participle after a degree word or "nor" is an adjective: "neither directed
            // against third countries nor threatening to the region", "very alarming".
            let lower = word.to_lowercase();
            let adjectival = k > 0
                && lower.ends_with("ing")
                && ADJECTIVE_MARKERS.contains(&words[k - 1].1.to_lowercase().as_str());
            // A plural right after a reporting verb is that verb's object, a noun: "Peskov
            // said reports of weapons supplies were groundless", "denied claims".
            let object_noun = k > 0
                && lower.ends_with('s')
                && !lower.ends_with("ss")
                && lexicons.attribution.verb_entry(words[k - 1].1).is_some()
                && source[words[k - 1].0 + words[k - 1].1.len()..start]
                    .chars()
                    .all(char::is_whitespace);
            if in_quote || after_determiner || adjectival || object_noun {
                continue;
            }
            out.push(Finding {
                article: article.id.clone(),
                indicator: "attribution verb".into(),
                category: entry.category.clone(),
                matched: word.to_string(),
                neutral: entry.neutral.clone(),
                note: entry.note.clone(),
                start,
                end,
                field: field.to_string(),
                in_quote: false,
            });
        }
    }
    // A short quotation in a sentence that reports speech with a verb that does not label
    // ("…, Bardack said", "the cable warned of a 'coordinated attack'") is the speaker's words,
    // even when the speaker was not found — unless the verb nearest before it labels ("deeming
    // it a 'political provocation'").
    let verbs_at: Vec<(usize, bool)> = out
        .iter()
        .filter(|f| f.indicator == "attribution verb" && f.field == "text")
        .filter_map(|f| {
            let entry = lexicons.attribution.verb_entry(&f.matched)?;
            Some((f.start, entry.labelling))
        })
        .collect();
    let sentences = article.sentences();
    let in_reporting_sentence = |q: &Quote| {
        let k = sentences.partition_point(|&(_, e)| e <= q.start);
        let Some(&(s, e)) = sentences.get(k) else {
            return false;
        };
        let in_sentence: Vec<(usize, bool)> = verbs_at
            .iter()
            .copied()
            .filter(|&(v, _)| s <= v && v < e && !(q.start <= v && v < q.end))
            .collect();
        let nearest_before = in_sentence.iter().rfind(|&&(v, _)| v < q.start);
        match nearest_before {
            Some(&(_, true)) => false,
            _ => in_sentence.iter().any(|&(_, labelling)| !labelling),
        }
    };
    let candidates: Vec<&&Quote> = quotes
        .iter()
        .filter(|q| is_scare_quote(q, &lexicons.attribution) && !in_reporting_sentence(q))
        .collect();
    // Lower-cased once per article, and only when it has a candidate.
    let lower = if candidates.is_empty() {
        String::new()
    } else {
        article.text.to_ascii_lowercase()
    };
    for quote in candidates
        .into_iter()
        .filter(|q| !used_unquoted(q, &lower, quotes))
    {
        out.push(Finding {
            article: article.id.clone(),
            indicator: "scare quote".into(),
            category: "scare quote".into(),
            matched: quote.text.clone(),
            neutral: None,
            note: "Quotation marks around a word or two distance the writer from it, or report someone's label.".into(),
            start: quote.start,
            end: quote.end,
            field: "text".into(),
            in_quote: true,
        });
    }
    out.sort_by(|a, b| (&a.field, a.start, &a.indicator).cmp(&(&b.field, b.start, &b.indicator)));
    out
}

/// Words before which an -ing form is an adjective, not a verb: degree words and the
/// coordinator "nor", which joins it to another adjective or participle.
const ADJECTIVE_MARKERS: &[&str] = &[
    "nor",
    "very",
    "more",
    "most",
    "less",
    "least",
    "so",
    "too",
    "rather",
    "quite",
    "deeply",
    "particularly",
    "increasingly",
];

/// Words after which a verb form is a noun ("the claims", "and claims Monday") or a gerund
/// ("apologizes for criticizing").
const NOUN_OR_GERUND_BEFORE: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "your", "my", "these", "those", "such",
    "and", "or", "of", "for", "over", "on", "in", "at", "to", "after", "with", "by", "from",
    "about", "against", "without", "don't", "didn't", "doesn't",
];

/// True when the word found is more likely a noun or a gerund than the verb of a clause.
pub fn preceded_by_noun_marker(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    let previous = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_lowercase()
        .replace('’', "'");
    before.ends_with(|c: char| c.is_alphanumeric() || c == '\'' || c == '’')
        && (NOUN_OR_GERUND_BEFORE.contains(&previous.as_str()) || previous.ends_with("'s"))
}

/// Forms that are as often plural nouns as verbs ("Clinton claims on budget cuts").
const NOUN_OR_VERB: &[&str] = &[
    "claims",
    "reports",
    "charges",
    "attacks",
    "comments",
    "remarks",
    "questions",
    "concerns",
    "warnings",
    "calls",
    "denials",
    "accusations",
    "statements",
];

/// True for a form as often a plural noun as a verb (`NOUN_OR_VERB`).
pub fn ambiguous_form(word: &str) -> bool {
    NOUN_OR_VERB.contains(&word.to_lowercase().as_str())
}

/// Reporting verbs are counted when inflected as verbs ("said", "denies", "claimed"); bare
/// base forms are too often nouns ("a claim", "the call").
fn is_verb_use(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower.ends_with("ed")
        || lower.ends_with('s')
        || lower.ends_with("ing")
        || ["said", "told", "wrote", "say", "tell"].contains(&lower.as_str())
}

fn rate(count: usize, words: usize) -> f64 {
    if words == 0 {
        0.0
    } else {
        (count as f64 * 1000.0 / words as f64 * 100.0).round() / 100.0
    }
}

/// The main verb of a headline, its stance, and the actor before it ("Russia calls claim
/// inaccurate" → "calls", characterising, "Russia").
pub fn headline_verb(title: &str, attribution: &Lexicon) -> Option<(String, String, String)> {
    let words: Vec<(usize, &str)> = text::words(title).collect();
    for (k, &(offset, word)) in words.iter().enumerate() {
        if k == 0 {
            continue;
        }
        if let Some(entry) = attribution.entry_for_word(word) {
            // Not a noun or a gerund after a marker of one ("Causes Of Attacks", "Apologizes
            // for Criticizing", "Don't Ask Don't Tell"). Forms as often nouns as verbs are kept:
            // in a headline "Calls" and "Questions" are mostly verbs, and the contrasts name
            // none of them.
            if !is_verb_use(word) || preceded_by_noun_marker(title, offset) {
                continue;
            }
            let subject = title[..offset]
                .trim_end()
                .trim_end_matches(" has")
                .trim_end_matches(" have")
                .trim_end_matches(" Has")
                .trim()
                .to_string();
            return Some((word.to_string(), entry.category.clone(), subject));
        }
    }
    None
}

pub fn article_framing(
    article: &Article,
    quotes: &[&Quote],
    findings: &[Finding],
    lexicons: &Lexicons,
) -> ArticleFraming {
    let words = article.word_count.max(1);
    let quoted_words: usize = quotes.iter().map(|q| text::word_count(&q.text)).sum();
    let mut indicators: BTreeMap<String, (usize, f64)> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.article == article.id) {
        indicators
            .entry(format!("{}:{}", f.indicator, f.category))
            .or_default()
            .0 += 1;
        indicators.entry(f.indicator.clone()).or_default().0 += 1;
    }
    for value in indicators.values_mut() {
        value.1 = rate(value.0, words);
    }
    let side_of = |q: &Quote| -> String {
        match &q.speaker {
            Some(s) => s.side.clone().unwrap_or_else(|| "unknown side".into()),
            None => "unattributed".into(),
        }
    };
    let mut voice_words: BTreeMap<String, usize> = BTreeMap::new();
    for q in quotes {
        *voice_words.entry(side_of(q)).or_default() += text::word_count(&q.text);
    }
    let attributed: Vec<&&Quote> = quotes.iter().filter(|q| q.speaker.is_some()).collect();
    let headline = headline_verb(&article.title, &lexicons.attribution);
    ArticleFraming {
        article: article.id.clone(),
        outlet: article.outlet_name().to_string(),
        words: article.word_count,
        quoted_share: ((quoted_words as f64 / words as f64).min(1.0) * 1000.0).round() / 1000.0,
        indicators,
        voice_words,
        first_voice: attributed.first().map(|q| side_of(q)),
        last_voice: attributed.last().map(|q| side_of(q)),
        headline_verb: headline.as_ref().map(|h| h.0.clone()),
        headline_stance: headline.as_ref().map(|h| h.1.clone()),
        headline_subject: headline.map(|h| h.2),
    }
}

/// Per-outlet rates: counts and words summed over the outlet's articles.
pub fn outlet_rates(framings: &[&ArticleFraming]) -> Vec<OutletRate> {
    let mut words: BTreeMap<&str, usize> = BTreeMap::new();
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for f in framings {
        *words.entry(&f.outlet).or_default() += f.words;
        for (indicator, (count, _)) in &f.indicators {
            *counts.entry((&f.outlet, indicator)).or_default() += count;
        }
    }
    counts
        .into_iter()
        .map(|((outlet, indicator), count)| OutletRate {
            outlet: outlet.to_string(),
            indicator: indicator.to_string(),
            count,
            words: words[outlet],
            rate_per_1000: rate(count, words[outlet]),
        })
        .collect()
}

#[cfg(test)]
mod scare_quote_tests {
    use super::*;
    use crate::compare::actors::Actors;
    use crate::compare::quotes::{self, QuoteContext};

    fn scare_quotes(paragraphs: &[&str]) -> Vec<String> {
        let article = Article::from_paragraphs("a", "", paragraphs);
        let lexicons = Lexicons::builtin();
        let actors = Actors::builtin();
        let ctx = QuoteContext {
            attribution: &lexicons.attribution,
            actors: &actors,
            scare_max_words: 3,
        };
        let (found, _) = quotes::extract(&article.text, "a", &ctx);
        let refs: Vec<&Quote> = found.iter().collect();
        findings(&article, &refs, &lexicons)
            .into_iter()
            .filter(|f| f.indicator == "scare quote")
            .map(|f| f.matched)
            .collect()
    }

    #[test]
    fn a_term_the_article_also_writes_unquoted_is_no_scare_quote() {
        // Fox News (BASIL), on the House Republicans' immigration document.
        let first = "McCarthy made his comments just as his fellow GOP lawmakers are expected to unveil any day a set of “immigration principles” that reportedly call for a path to legal status for undocumented immigrants.";
        let later = "The House Republican immigration principles reportedly will cover how the U.S. border should be protected.";
        assert!(scare_quotes(&[first, later]).is_empty());
        // Without the later, unquoted use the marks do set the words apart.
        assert_eq!(scare_quotes(&[first]), ["immigration principles"]);
    }
}
