//! Quotation extraction: every quotation with its kind, speaker and attribution verb.
//!
//! A single left-to-right scan per paragraph finds the marks (linear time, whatever the input);
//! attribution then looks at the words around each quote: `"…," X said`, `said X`, `X said: "…"`,
//! `X, title, said`, `according to X`, a pronoun or a bare follow-on paragraph pointing back to the
//! previous speaker. Nothing is invented: a quote with no speaker found is `unattributed`.
//!
//! The stages live one to a file: `marks` scans the quotation marks, `sentences` bounds the
//! sentence around a quote, `attribution` finds the reporting verb and its speaker phrase,
//! `phrases` finds and checks noun phrases, `names` canonicalises speaker names and
//! `coreference` resolves documents, places and acronyms standing for a speaker.

mod attribution;
pub mod coreference;
mod marks;
mod names;
mod phrases;
mod sentences;

use serde::{Deserialize, Serialize};

use crate::compare::actors::Actors;
use crate::compare::lexicon::Lexicon;
use crate::text;

use attribution::{attribute, sentence_final_attribution, transcript_label};
use marks::scan;
use names::{canonicalise_within, refresh_followers};
use phrases::{clause_subject, PRONOUNS};
use sentences::{new_sentence_follows, sentence_end, sentence_start};

pub use names::canonicalise_corpus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// A sentence or more in the speaker's words.
    Full,
    /// A fragment woven into the reporter's sentence.
    Partial,
    /// A one- to three-word label used to name or to distance ("illegal", "ghost group").
    Scare,
}

impl QuoteKind {
    pub fn label(self) -> &'static str {
        match self {
            QuoteKind::Full => "full",
            QuoteKind::Partial => "partial",
            QuoteKind::Scare => "scare",
        }
    }
}

/// Who is quoted: the words naming them in this article, and who that is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// The speaker as the text names them here ("the foreign ministry", "he").
    pub mention: String,
    pub start: usize,
    pub end: usize,
    /// The canonical name across the corpus ("Dmitry Peskov").
    pub name: String,
    /// The country or body the speaker speaks for, when known.
    pub side: Option<String>,
    /// How the speaker was found: `attribution`, `pronoun`, `follow-on`, `according to`.
    pub how: String,
}

impl Speaker {
    /// A speaker named by the words at `start..end` of `text`, as written (no side yet).
    fn named(text: &str, (start, end): (usize, usize), how: &str) -> Speaker {
        let mention = text[start..end].trim().to_string();
        Speaker {
            name: mention.clone(),
            mention,
            start,
            end,
            side: None,
            how: how.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub id: String,
    pub article: String,
    /// Byte offsets of the quoted words (inside the marks) in the article text.
    pub start: usize,
    pub end: usize,
    /// The quoted words, `text[start..end]` of the article; not written to `report.json`,
    /// which holds the article's text once.
    #[serde(skip_serializing, default)]
    pub text: String,
    /// 1-based paragraph number.
    pub paragraph: usize,
    pub kind: QuoteKind,
    pub speaker: Option<Speaker>,
    /// The attribution verb as written ("said", "was quoted as saying").
    pub verb: Option<String>,
    pub verb_start: Option<usize>,
    /// Single-quoted words nested inside this quote ("'collective West'"), as byte offsets.
    pub nested: Vec<(usize, usize)>,
    /// True when the quote runs on into the next paragraph.
    pub continues: bool,
}

/// A quotation-mark problem, with the byte offset where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkProblem {
    pub offset: usize,
    pub message: String,
}

fn quote_kind(
    text: &str,
    start: usize,
    end: usize,
    scare_max_words: usize,
    open_mark: usize,
    sentence_start: usize,
) -> QuoteKind {
    let inner = &text[start..end];
    let words = text::word_count(inner);
    let starts_upper = inner
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    let at_sentence_start = text[sentence_start..open_mark].trim().is_empty();
    let after_colon = text[..open_mark].trim_end().ends_with(':');
    if words <= scare_max_words && !at_sentence_start && !after_colon {
        QuoteKind::Scare
    } else if starts_upper && (words > scare_max_words || at_sentence_start || after_colon) {
        QuoteKind::Full
    } else {
        QuoteKind::Partial
    }
}

/// What quote extraction needs to know.
pub struct QuoteContext<'a> {
    pub attribution: &'a Lexicon,
    pub actors: &'a Actors,
    pub scare_max_words: usize,
}

/// Extracts the quotations of one text. Offsets are into `text`; paragraphs are its lines.
pub fn extract(text: &str, article: &str, ctx: &QuoteContext) -> (Vec<Quote>, Vec<MarkProblem>) {
    let mut problems = Vec::new();
    let has_double = text.contains(['"', '“', '”', '«', '»', '„']) || text.contains("''");
    let spans = scan(text, !has_double, &mut problems);
    let quoted: Vec<(usize, usize)> = spans
        .iter()
        .map(|s| (s.start.saturating_sub(1), s.end + 1))
        .collect();
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let mut quotes: Vec<Quote> = Vec::new();
    let mut last_speaker: Option<Speaker> = None;
    let mut last_paragraph = 0;
    // Rank of each line among the non-empty ones, so blank lines between paragraphs (as in
    // raw text files) do not break "the previous paragraph".
    let mut rank = Vec::with_capacity(line_starts.len());
    let mut nonempty = 0;
    for (i, &s) in line_starts.iter().enumerate() {
        let e = line_starts.get(i + 1).map_or(text.len(), |&n| n - 1);
        if !text[s..e].trim().is_empty() {
            nonempty += 1;
        }
        rank.push(nonempty);
    }
    for span in &spans {
        let Some((start, end)) = text::trim_span(text, span.start, span.end) else {
            continue;
        };
        let inner = &text[start..end];
        if !is_wording(inner) {
            continue;
        }
        let paragraph = line_starts.partition_point(|&s| s <= span.start);
        let line_start = line_starts[paragraph - 1];
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        // `''` (two apostrophes) is one mark of two bytes.
        let open_mark = if text[..span.start].ends_with("''") {
            span.start - 2
        } else {
            text[..span.start]
                .char_indices()
                .next_back()
                .map_or(span.start, |(i, _)| i)
        };
        let close_end = if text[span.end..].starts_with("''") {
            span.end + 2
        } else {
            text[span.end..]
                .chars()
                .next()
                .map_or(span.end, |c| span.end + c.len_utf8())
        }
        .min(line_end);
        let s_start = sentence_start(text, line_start, open_mark, &quoted);
        // A quotation whose own words end with a full stop, followed by a capital, closes its
        // sentence: `… “the timing.” Gov. McCrory said …` starts a new one (attributions after a
        // quote follow a comma, or a question or exclamation mark).
        let closes_sentence =
            inner.trim_end().ends_with('.') && new_sentence_follows(&text[close_end..line_end]);
        let s_end = if closes_sentence {
            close_end
        } else {
            sentence_end(text, close_end, line_end, &quoted)
        };
        let kind = quote_kind(text, start, end, ctx.scare_max_words, open_mark, s_start);
        let found = attribute(
            text,
            ctx.attribution,
            (start, end),
            open_mark,
            close_end,
            (s_start, s_end),
            &quoted,
        );
        let (mut speaker, verb, how) = match found {
            Some(a) => (a.speaker, a.verb, a.how),
            None => (None, None, "follow-on"),
        };
        // A phrase the walk-back took from inside another quote is no speaker.
        if speaker.is_some_and(|(s, e)| e <= s) {
            speaker = None;
        }
        // A pronoun stands for the speaker quoted last. (Taking the named subject of the
        // pronoun's own sentence instead gained 2 quotes on PolNeAR dev and lost 144 on train.)
        let mut resolved = speaker.map(|(s, e)| {
            let mention = text[s..e].trim().to_string();
            if PRONOUNS.contains(&mention.to_lowercase().as_str()) {
                pronoun_speaker(mention, (s, e), last_speaker.as_ref())
            } else {
                Speaker::named(text, (s, e), how)
            }
        });
        // A transcript turn: the quotation opens with its speaker's label ("PENCE: Well, …").
        if resolved.is_none() {
            if let Some(label) = transcript_label(inner) {
                resolved = Some(Speaker::named(
                    text,
                    (start, start + label.len()),
                    "transcript",
                ));
            }
        }
        // A quote standing alone as a paragraph, right after a quoted paragraph, continues that
        // speaker's statement ("He added:" is handled above as a pronoun).
        let stands_alone = text[line_start..open_mark].trim().is_empty()
            && found_nothing_after(text, close_end, line_end);
        let opens_sentence = text[s_start..open_mark].trim().is_empty();
        // `Caddell continued:` as a paragraph of its own, then the quotation.
        let previous_line = (0..paragraph - 1)
            .rev()
            .find(|&l| rank[l] < rank[paragraph - 1] && (l == 0 || rank[l] > rank[l - 1]));
        if let (None, true, Some(previous_line)) = (
            &resolved,
            text[line_start..open_mark].trim().is_empty(),
            previous_line,
        ) {
            let previous_start = line_starts[previous_line];
            let previous_end = line_starts[previous_line + 1] - 1;
            let previous = text[previous_start..previous_end].trim_end();
            if previous.ends_with(':') {
                let colon = previous_start + previous.len() - 1;
                let s0 = sentence_start(text, previous_start, colon, &quoted);
                if let Some(a) = attribute(
                    text,
                    ctx.attribution,
                    (start, end),
                    colon,
                    colon,
                    (s0, colon),
                    &quoted,
                ) {
                    resolved = a
                        .speaker
                        .map(|span| Speaker::named(text, span, "attribution"));
                    if let (Some(speaker), Some(prev)) = (resolved.as_mut(), &last_speaker) {
                        if PRONOUNS.contains(&speaker.mention.to_lowercase().as_str()) {
                            speaker.name = prev.name.clone();
                            speaker.how = "pronoun".into();
                        }
                    }
                }
            }
        }
        let here = rank[paragraph - 1];
        if resolved.is_none()
            && (stands_alone && here <= last_paragraph + 1
                || opens_sentence && here == last_paragraph)
        {
            if let Some(prev) = &last_speaker {
                resolved = Some(Speaker {
                    how: "follow-on".into(),
                    ..prev.clone()
                });
            }
        }
        // Segments of one multi-paragraph quotation share the opening segment's speaker.
        if resolved.is_none() {
            if let Some(prev) = quotes.last() {
                if prev.continues && prev.paragraph + 1 == paragraph {
                    resolved = prev.speaker.clone();
                }
            }
        }
        // "A cashier who “steals a handful of $20s” is held accountable, Warren said.": a short
        // attribution that ends the sentence covers every quotation in it.
        if resolved.is_none() && !opens_sentence {
            resolved = sentence_final_attribution(text, ctx.attribution, close_end, s_end, &quoted)
                .map(|(s, e)| {
                    let mention = text[s..e].trim().to_string();
                    if PRONOUNS.contains(&mention.to_lowercase().as_str()) {
                        pronoun_speaker(mention, (s, e), last_speaker.as_ref())
                    } else {
                        Speaker::named(text, (s, e), "attribution")
                    }
                });
        }
        // A quotation inside a sentence with no reporting verb ("Tribe likened the rules to
        // “burning the Constitution”", "Trump admires Putin as a “strong leader”"): the words
        // are the sentence subject's.
        if resolved.is_none() && !opens_sentence && !is_title(inner) {
            resolved = clause_subject(text, s_start, open_mark).map(|span| {
                let mut speaker = Speaker::named(text, span, "subject");
                if let Some(previous) = last_speaker
                    .as_ref()
                    .filter(|_| PRONOUNS.contains(&speaker.mention.to_lowercase().as_str()))
                {
                    speaker.name = previous.name.clone();
                    speaker.side = previous.side.clone();
                }
                speaker
            });
        }
        if let Some(s) = &resolved {
            last_speaker = Some(s.clone());
            last_paragraph = rank[paragraph - 1];
        }
        // An unattributed Title Case phrase in quotation marks names a work or a programme
        // (“The Apprentice”, “Contract with America”); it quotes nobody.
        if resolved.is_none() && is_title(inner) {
            continue;
        }
        let verb_text = verb.map(|(s, e)| text[s..e].to_string());
        quotes.push(Quote {
            id: format!("{article}-q{}", quotes.len() + 1),
            article: article.to_string(),
            start,
            end,
            text: inner.to_string(),
            paragraph,
            kind,
            speaker: resolved,
            verb: verb_text,
            verb_start: verb.map(|(s, _)| s),
            nested: span.nested.clone(),
            continues: span.continues,
        });
    }
    canonicalise_within(&mut quotes, ctx.actors);
    coreference::resolve(text, &mut quotes, ctx.actors);
    refresh_followers(&mut quotes);
    (quotes, problems)
}

/// A pronoun speaker ("he said", "…, she says."): the speaker quoted last, else the pronoun.
fn pronoun_speaker(
    mention: String,
    (start, end): (usize, usize),
    last: Option<&Speaker>,
) -> Speaker {
    Speaker {
        name: last.map_or_else(|| mention.clone(), |prev| prev.name.clone()),
        side: last.and_then(|prev| prev.side.clone()),
        mention,
        start,
        end,
        how: "pronoun".into(),
    }
}

/// Quoted material that is words, not a number, a handle or a web address (embedded posts
/// quote ids like "783499116076687360" and links like "pic.twitter.com/"), nor function words
/// mentioned as words (the pronoun “he”, “too this”).
fn is_wording(inner: &str) -> bool {
    let letters = inner.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 {
        return false;
    }
    let words: Vec<String> = text::words(inner).map(|(_, w)| w.to_string()).collect();
    let mentioned_word = words.len() <= 3
        && inner.trim_start().starts_with(char::is_lowercase)
        && words.iter().all(|w| text::is_stopword(&w.to_lowercase()));
    if mentioned_word {
        return false;
    }
    let single_token = !inner.trim().contains(char::is_whitespace);
    !(single_token && (inner.contains('/') || inner.contains('@') || inner.contains(".com")))
}

fn is_title(inner: &str) -> bool {
    const SMALL: &[&str] = &[
        "of", "the", "and", "with", "on", "in", "a", "an", "for", "to", "at", "by", "or",
    ];
    let words: Vec<&str> = inner
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.len() <= 6
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || SMALL.contains(w)
        })
        && words[0].starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
}

fn found_nothing_after(text: &str, from: usize, line_end: usize) -> bool {
    text[from.min(line_end)..line_end]
        .trim()
        .chars()
        .all(|c| !c.is_alphanumeric())
}
