//! Quotation extraction: every quotation with its kind, speaker and attribution verb.
//!
//! A single left-to-right scan per paragraph finds the marks (linear time, whatever the input);
//! attribution then looks at the words around each quote: `"…," X said`, `said X`, `X said: "…"`,
//! `X, title, said`, `according to X`, a pronoun or a bare follow-on paragraph pointing back to the
//! previous speaker. Nothing is invented: a quote with no speaker found is `unattributed`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::compare::actors::Actors;
use crate::compare::coreference::{self, DOCUMENT_NOUNS};
use crate::compare::lexicon::Lexicon;
use crate::text;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Close {
    /// `"`, or `''` in older ASCII text.
    Straight,
    /// `”` (also closes `„`).
    Curly,
    /// `»`, or `«` in languages that quote »so«.
    Guillemet(char),
}

#[derive(Debug, Clone, Copy)]
struct Open {
    close: Close,
    /// Offset of the first byte inside the quote.
    inner: usize,
}

/// Raw quoted spans of one text: (inner start, inner end, nested spans, continues, unclosed).
#[derive(Debug, Clone)]
struct Span {
    start: usize,
    end: usize,
    nested: Vec<(usize, usize)>,
    continues: bool,
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// The span of a quotation that closes at byte `end`, taking the nested quotes found inside it.
fn closed(open: Open, end: usize, nested: &mut Vec<(usize, usize)>) -> Span {
    Span {
        start: open.inner,
        end,
        nested: std::mem::take(nested),
        continues: false,
    }
}

/// Scans paragraph lines for quotation marks. `singles_top_level` treats '…' and ‘…’ as
/// quotations in their own right (house styles that quote with single marks).
fn scan(text: &str, singles_top_level: bool, problems: &mut Vec<MarkProblem>) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut line_start = 0;
    let mut carried: Option<Open> = None;
    let lines: Vec<&str> = text.split('\n').collect();
    for (index, line) in lines.iter().enumerate() {
        let mut open: Option<Open> = carried.take();
        let mut nested_open: Option<usize> = None;
        let mut nested: Vec<(usize, usize)> = Vec::new();
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (pos, c) = chars[i];
            let abs = line_start + pos;
            let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
            let next = chars.get(i + 1).map(|&(_, c)| c);
            let next_abs = chars
                .get(i + 1)
                .map(|&(p, _)| line_start + p)
                .unwrap_or(line_start + line.len());
            // Two ASCII apostrophes or backticks stand for one double mark in older text.
            let pair = (c == '\'' && next == Some('\'')) || (c == '`' && next == Some('`'));
            let after_pair = chars
                .get(i + 2)
                .map(|&(p, _)| line_start + p)
                .unwrap_or(line_start + line.len());
            match (c, open) {
                ('"', Some(o)) if o.close == Close::Straight => {
                    spans.push(closed(o, abs, &mut nested));
                    open = None;
                    nested_open = None;
                }
                ('"', None) => {
                    open = Some(Open {
                        close: Close::Straight,
                        inner: next_abs,
                    })
                }
                ('“', None) | ('„', None) => {
                    open = Some(Open {
                        close: Close::Curly,
                        inner: next_abs,
                    })
                }
                ('”', Some(o)) if o.close == Close::Curly => {
                    spans.push(closed(o, abs, &mut nested));
                    open = None;
                    nested_open = None;
                }
                ('”', Some(o)) | ('"', Some(o)) => {
                    // A straight mark closing a curly quote, or the reverse: mixed styles in one
                    // text. Close what is open rather than swallow the rest of the paragraph.
                    spans.push(closed(o, abs, &mut nested));
                    open = None;
                    nested_open = None;
                }
                ('“', Some(o)) if o.close == Close::Curly => {
                    // A second opening mark before any closing one: the first was never closed.
                    problems.push(MarkProblem {
                        offset: o.inner.saturating_sub(3),
                        message: "quotation mark opened but not closed before the next one".into(),
                    });
                    spans.push(closed(o, abs, &mut nested));
                    open = Some(Open {
                        close: Close::Curly,
                        inner: next_abs,
                    });
                    nested_open = None;
                }
                ('«', None) => {
                    open = Some(Open {
                        close: Close::Guillemet('»'),
                        inner: next_abs,
                    })
                }
                ('»', None) if is_word_char(next) => {
                    open = Some(Open {
                        close: Close::Guillemet('«'),
                        inner: next_abs,
                    })
                }
                ('»', Some(o)) | ('«', Some(o)) if o.close == Close::Guillemet(c) => {
                    spans.push(closed(o, abs, &mut nested));
                    open = None;
                    nested_open = None;
                }
                ('`', None) if pair => {
                    open = Some(Open {
                        close: Close::Straight,
                        inner: after_pair,
                    });
                    i += 1;
                }
                ('\'', Some(o)) if pair && o.close == Close::Straight => {
                    spans.push(closed(o, abs, &mut nested));
                    open = None;
                    nested_open = None;
                    i += 1;
                }
                ('‘', _) | ('\'', _)
                    if !is_word_char(prev)
                        && is_word_char(next)
                        && (open.is_some() || singles_top_level) =>
                {
                    nested_open = Some(next_abs);
                }
                ('’', _) | ('\'', _)
                    if !is_word_char(next)
                        && nested_open.is_some()
                        && prev.is_some_and(|p| !p.is_whitespace()) =>
                {
                    let start = nested_open.take().expect("checked above");
                    if open.is_some() {
                        nested.push((start, abs));
                    } else {
                        spans.push(Span {
                            start,
                            end: abs,
                            nested: Vec::new(),
                            continues: false,
                        });
                    }
                }
                _ => {}
            }
            i += 1;
        }
        if let Some(o) = open {
            let line_end = line_start + line.len();
            let next_opens = lines
                .get(index + 1)
                .map(|l| l.trim_start().starts_with(['"', '“', '„', '«']))
                .unwrap_or(false);
            if o.inner < line_end {
                spans.push(Span {
                    start: o.inner,
                    end: line_end,
                    nested,
                    continues: next_opens,
                });
            }
            if !next_opens {
                problems.push(MarkProblem {
                    offset: o.inner.saturating_sub(1),
                    message: "quotation never closes; taken to run to the end of its paragraph"
                        .into(),
                });
            }
            // A multi-paragraph quotation reopens with a mark on the next line; that mark starts
            // the next segment, so nothing is carried over.
        }
        line_start += line.len() + 1;
    }
    spans
}

/// Words that end a speaker phrase when walking back from a verb.
const BOUNDARY_WORDS: &[&str] = &[
    "that", "which", "who", "whom", "and", "but", "as", "when", "while", "after", "before",
    "because", "if", "though", "although", "where", "since", "so", "than", "whether", "what",
    "also", "then", "has", "have", "had", "is", "are", "was", "were", "would", "will", "could",
    "should", "did", "does", "do", "not", "never",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];

/// Trailing time or manner phrases that are not part of the speaker ("at the time", "on Sunday").
const TRAILING: &[&str] = &[
    "at the time",
    "on monday",
    "on tuesday",
    "on wednesday",
    "on thursday",
    "on friday",
    "on saturday",
    "on sunday",
    "earlier",
    "later",
    "also",
    "again",
    "then",
    "today",
    "yesterday",
    "recently",
    "previously",
    "repeatedly",
    "earlier this month",
    "last week",
    "last month",
    "last year",
    "this week",
    "in a statement",
    "in an interview",
    "in a post on x",
    "once",
    "often",
    "frequently",
    "publicly",
    "in october",
    "in september",
];

fn strip_trailing(phrase: &str) -> &str {
    let mut p = phrase.trim_end_matches([' ', ',']);
    loop {
        let lower = p.to_lowercase();
        match TRAILING.iter().find(|t| {
            lower.ends_with(*t)
                && (lower.len() == t.len() || lower.as_bytes()[lower.len() - t.len() - 1] == b' ')
        }) {
            Some(t) => p = p[..p.len() - t.len()].trim_end_matches([' ', ',']),
            None => return p,
        }
    }
}

/// Finds the attribution verb nearest the quote: `(start, end, verb text)` in `text`.
struct Words<'a> {
    list: Vec<(usize, &'a str)>,
}

impl<'a> Words<'a> {
    fn new(text: &'a str, from: usize, to: usize) -> Self {
        Words {
            list: text::words(&text[from..to])
                .map(|(o, w)| (from + o, w))
                .collect(),
        }
    }
}

/// Determiners and quantifiers after which a word ending in -s is a plural noun ("the reports").
const NOUN_CUES: &[&str] = &[
    "the", "a", "an", "such", "these", "those", "many", "its", "his", "her", "their", "our", "of",
    "media", "these", "new", "all", "no", "any", "some", "and",
];

/// True when the word at index `k` of `words` is an attribution verb in a verb form.
fn is_verb_at(lexicon: &Lexicon, words: &[&(usize, &str)], k: usize) -> bool {
    let word = words[k].1;
    if !word.chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    let previous = k.checked_sub(1).map(|p| words[p].1.to_lowercase());
    if lexicon.verb_entry(word).is_none() {
        // A base form is a verb after "to", a modal or a plural subject ("to accuse", "they say").
        return previous.is_some_and(|p| BASE_FORM_CUES.contains(&p.as_str()))
            && lexicon
                .entry_for_word(word)
                .is_some_and(|e| e.word.eq_ignore_ascii_case(word));
    }
    let after_possessive = previous
        .as_deref()
        .is_some_and(|p| p.ends_with("'s") || p.ends_with("’s"));
    !(word.ends_with('s')
        && (after_possessive || previous.is_some_and(|p| NOUN_CUES.contains(&p.as_str()))))
}

/// "Mr", "Sen", "Gov", or a single capital (an initial): words that a full stop follows inside a name.
fn is_title_abbreviation(word: &str) -> bool {
    const TITLES: &[&str] = &[
        "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "st",
        "jr", "prof", "rev", "adm", "maj",
    ];
    TITLES.contains(&word.to_lowercase().as_str())
        || (word.chars().count() == 1 && word.starts_with(char::is_uppercase))
}

/// The speaker label that opens a transcript turn: one to three capitalised words, the first
/// in capitals, then a colon ("PENCE:", "MR. TRUMP:", "WALLACE:").
fn transcript_label(inner: &str) -> Option<&str> {
    let colon = inner.find(':')?;
    let label = &inner[..colon];
    let words: Vec<&str> = label.split_whitespace().collect();
    let first = words.first()?;
    let all_caps = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
    };
    (words.len() <= 3 && all_caps(first) && words.iter().all(|w| w.starts_with(char::is_uppercase)))
        .then_some(label.trim_end())
}

/// Words after which a verb appears in its base form.
const BASE_FORM_CUES: &[&str] = &[
    "to",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "must",
    "should",
    "did",
    "does",
    "didn't",
    "doesn't",
    "they",
    "we",
    "i",
    "you",
    "officials",
    "sources",
];

/// The noun phrase that ends right before byte `end` and starts after a clause boundary.
/// Handles the appositive `Name, title, said` by preferring the name, and a coordinated verb
/// (`X blamed … and accused`) by taking the clause's opening noun phrase.
fn subject_before(text: &str, from: usize, end: usize) -> Option<(usize, usize)> {
    // "X, the chief executive, forcefully told": an adverb before the verb is not the subject.
    let mut end = end;
    loop {
        let trimmed = text[from..end].trim_end();
        let last_word = trimmed.rsplit(char::is_whitespace).next().unwrap_or("");
        if last_word.len() > 4
            && last_word.ends_with("ly")
            && last_word.chars().all(char::is_lowercase)
        {
            end = from + trimmed.len() - last_word.len();
        } else {
            break;
        }
    }
    let segment = &text[from..end];
    let trimmed = segment.trim_end();
    // "Rep. Jason Chaffetz (R-Utah) said": the parenthesis belongs to the name before it.
    if trimmed.ends_with(')') {
        if let Some(open) = trimmed.rfind('(') {
            return subject_before(text, from, from + open);
        }
    }
    if let Some(before_comma) = trimmed.strip_suffix(',') {
        // "Zakharova, Russia's foreign ministry spokeswoman, said": the name stands before the title.
        let title_end = from + before_comma.len();
        let title = subject_before(text, from, title_end)?;
        let before_title = text[from..title.0].trim_end();
        if let Some(name_part) = before_title.strip_suffix(',') {
            let words = Words::new(text, from, from + name_part.len());
            let mut name_start = None;
            for (o, w) in words.list.iter().rev() {
                if w.chars().next().is_some_and(char::is_uppercase) {
                    name_start = Some(*o);
                } else {
                    break;
                }
            }
            if let Some(ns) = name_start {
                return Some((ns, from + name_part.len()));
            }
        }
        return Some(title);
    }
    let cut = segment
        .rfind([',', ';', ':', '(', ')', '—', '–', '"', '“', '”'])
        .map(|i| i + segment[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let words = Words::new(text, from + cut, end);
    let mut first = words.list.len();
    for (k, (_, w)) in words.list.iter().enumerate().rev() {
        let lower = w.to_lowercase();
        if BOUNDARY_WORDS.contains(&lower.as_str()) {
            if k + 1 < words.list.len() {
                break;
            }
            return leading_noun_phrase(text, &words);
        }
        first = k;
        if words.list.len() - k > 12 {
            return None;
        }
    }
    if first >= words.list.len() {
        return None;
    }
    let (start, _) = words.list[first];
    let (last_start, last) = *words.list.last()?;
    let phrase_end = start + strip_trailing(&text[start..last_start + last.len()]).len();
    (phrase_end > start).then_some((start, phrase_end))
}

/// The clause's opening noun phrase: "Kim Jong-un's regime", "The ministry" — capitalised
/// words, an article, and the lower-case nouns that follow them up to the verb.
fn leading_noun_phrase(text: &str, words: &Words) -> Option<(usize, usize)> {
    let mut span: Option<(usize, usize)> = None;
    for (k, (o, w)) in words.list.iter().enumerate() {
        let lower = w.to_lowercase();
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        let article = span.is_none() && ["the", "a", "an"].contains(&lower.as_str());
        let noun = span.is_some()
            && k < 6
            && !lower.ends_with("ed")
            && (!lower.ends_with('s') || lower.ends_with("ss"))
            && !BOUNDARY_WORDS.contains(&lower.as_str())
            && !["to", "in", "on", "at", "for", "with", "by", "from"].contains(&lower.as_str());
        if capital || article || noun {
            span = Some((span.map_or(*o, |s| s.0), o + w.len()));
        } else {
            break;
        }
    }
    span.filter(|(s, e)| {
        text[*s..*e].split_whitespace().count() >= 1
            && !["the", "a", "an"].contains(&text[*s..*e].to_lowercase().as_str())
    })
}

/// The name phrase right after byte `from` ("said John Kirby, the spokesman" → "John Kirby").
fn subject_after(text: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let words = Words::new(text, from, to);
    let mut end = None;
    let mut start = None;
    for (k, (o, w)) in words.list.iter().enumerate() {
        if k > 8 {
            break;
        }
        let lower = w.to_lowercase();
        let gap = &text[end.unwrap_or(from)..*o];
        // "Mr. Holtz-Eakin", "Laurence H. Tribe": the stop after a title or an initial is
        // part of the name.
        let previous_is_title = k > 0 && is_title_abbreviation(words.list[k - 1].1);
        if start.is_some() && gap.contains([',', ';', ':', '('])
            || start.is_some() && gap.contains('.') && !previous_is_title
        {
            break;
        }
        if w.chars().next().is_some_and(char::is_uppercase)
            || ["the", "a", "an", "its", "his", "her", "their", "of"].contains(&lower.as_str())
            || (start.is_some()
                && !BOUNDARY_WORDS.contains(&lower.as_str())
                && !["on", "in", "at", "to"].contains(&lower.as_str()))
            || PRONOUNS.contains(&lower.as_str())
        {
            start.get_or_insert(*o);
            end = Some(o + w.len());
            if PRONOUNS.contains(&lower.as_str()) {
                break;
            }
        } else {
            break;
        }
    }
    let (s, e) = (start?, end?);
    let phrase = strip_trailing(&text[s..e]);
    (!phrase.is_empty()).then(|| (s, s + phrase.len()))
}

/// Where the sentence holding byte `pos` starts, not counting sentence ends inside quotes.
fn sentence_start(text: &str, line_start: usize, pos: usize, quoted: &[(usize, usize)]) -> usize {
    let mut start = line_start;
    let segment = &text[line_start..pos];
    for (i, c) in segment.char_indices() {
        let abs = line_start + i;
        if matches!(c, '.' | '!' | '?') && !quoted.iter().any(|&(s, e)| s <= abs && abs < e) {
            // Look past `pos`: the next sentence may begin with the very quotation mark at `pos`.
            let rest = &text[abs + 1..text[pos..].find('\n').map_or(text.len(), |i| pos + i)];
            let next_char = rest.chars().next();
            // Some pages glue sentences together ("in Ukraine.Earlier"): a stop between a
            // lower-case letter and a capital ends a sentence too.
            let glued = next_char.is_some_and(char::is_uppercase)
                && text[..abs]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_lowercase);
            let is_end = glued
                || next_char.is_some_and(|c| c.is_whitespace() || c == '"' || c == '“')
                    && rest
                        .trim_start()
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c == '"' || c == '“');
            if is_end && !ends_with_initialism(&text[line_start..abs + 1]) {
                start = abs + 1;
            }
        } else if c == '.' {
            // `… of “Peace Through Strength.” He told …`: a quotation's own full stop, closed
            // and followed by a capital, ends the sentence too.
            let after = &text[abs + 1..pos];
            if let Some(mark) = after.chars().next().filter(|m| matches!(m, '"' | '”')) {
                if new_sentence_follows(&after[mark.len_utf8()..]) {
                    start = abs + 1 + mark.len_utf8();
                }
            }
        }
    }
    start
}

/// Whether `rest`, what follows a quotation's closing mark, opens a new sentence: a space, then a
/// capital.
fn new_sentence_follows(rest: &str) -> bool {
    rest.starts_with(char::is_whitespace) && rest.trim_start().starts_with(char::is_uppercase)
}

fn ends_with_initialism(s: &str) -> bool {
    let last = s.rsplit(' ').next().unwrap_or("");
    let lower = last.to_lowercase();
    [
        "mr.", "mrs.", "ms.", "dr.", "u.s.", "u.n.", "u.k.", "sen.", "gov.", "rep.", "gen.", "st.",
        "jr.", "no.",
    ]
    .contains(&lower.as_str())
        || (last.len() == 2 && last.starts_with(char::is_uppercase))
}

/// Where the sentence holding byte `pos` ends (exclusive), ignoring stops inside quotes.
fn sentence_end(text: &str, pos: usize, line_end: usize, quoted: &[(usize, usize)]) -> usize {
    let segment = &text[pos..line_end];
    for (i, c) in segment.char_indices() {
        let abs = pos + i;
        if matches!(c, '.' | '!' | '?') && !quoted.iter().any(|&(s, e)| s <= abs && abs < e) {
            let rest = &text[abs + 1..line_end];
            if (rest.is_empty()
                || rest.starts_with(char::is_whitespace)
                || rest.starts_with(['"', '“']))
                && !ends_with_initialism(&text[pos..abs + 1])
            {
                return abs + 1;
            }
        }
    }
    line_end
}

/// Attribution found for one quote: the speaker phrase span, the verb span and how it was found.
#[derive(Debug, Clone)]
struct Attribution {
    speaker: Option<(usize, usize)>,
    verb: Option<(usize, usize)>,
    how: &'static str,
}

/// "reporters were told", "he was asked": a passive verb of telling, whose subject is the
/// audience, not the speaker.
fn is_plain_passive(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end();
    let auxiliary = ["was", "were", "been", "being", "is", "are"]
        .iter()
        .any(|a| {
            before.ends_with(a)
                && before[..before.len() - a.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
        });
    let audience_verb = ["told", "asked", "informed", "advised", "assured", "warned"]
        .contains(&text[start..end].to_lowercase().as_str());
    auxiliary && audience_verb
}

fn verb_span_with_passive(text: &str, start: usize, end: usize) -> (usize, usize) {
    // "was quoted as saying": widen the verb to the whole phrase.
    let before = &text[..start];
    let after = &text[end..];
    let mut s = start;
    let mut e = end;
    for aux in ["was ", "were ", "has been ", "had been "] {
        if before.ends_with(aux) {
            s = start - aux.len();
        }
    }
    for tail in [" as saying", " as telling"] {
        if after.starts_with(tail) {
            e = end + tail.len();
        }
    }
    (s, e)
}

fn attribute(
    text: &str,
    lexicon: &Lexicon,
    quote: (usize, usize),
    open_mark: usize,
    close_mark_end: usize,
    sentence: (usize, usize),
    quoted: &[(usize, usize)],
) -> Option<Attribution> {
    let outside = |pos: usize| !quoted.iter().any(|&(s, e)| s <= pos && pos < e);
    let _ = quote;
    // 0. A signature after a dash: `"…" ― Pamela Padilla`.
    let after = &text[close_mark_end..sentence.1.max(close_mark_end)];
    let trimmed = after.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    if let Some(rest) = trimmed.strip_prefix(['―', '—', '–', '-']) {
        let from = close_mark_end + (after.len() - rest.len());
        if rest.trim_start().starts_with(char::is_uppercase) {
            if let Some(speaker) = subject_after(text, from, sentence.1.max(from)) {
                return Some(Attribution {
                    speaker: Some(speaker),
                    verb: None,
                    how: "attribution",
                });
            }
        }
    }
    // 1. After the quote: `"…," X said` / `"…," said X` / `…, according to X.` — only when
    // the quotation closes a clause; a fragment mid-sentence ("alleges “illegal” cooperation …,
    // citing") is attributed from its left.
    let inner = text[..close_mark_end].trim_end_matches(['"', '”', '»', '“', '\'', '’']);
    let opens_sentence = text[sentence.0..open_mark].trim().is_empty();
    let ends_clause = opens_sentence
        || inner.trim_end().ends_with([',', '.', '!', '?', '…'])
        || text[close_mark_end..]
            .trim_start()
            .starts_with([',', '.', ';', ':', '—', '–', '―', '-']);
    let right = Words::new(
        text,
        close_mark_end,
        if ends_clause {
            sentence.1
        } else {
            close_mark_end
        },
    );
    let right_words: Vec<&(usize, &str)> = right.list.iter().filter(|(o, _)| outside(*o)).collect();
    for (k, &&(o, w)) in right_words.iter().enumerate().take(13) {
        let lower = w.to_lowercase();
        if lower == "according" && right_words.get(k + 1).is_some_and(|(_, n)| *n == "to") {
            let after = right_words[k + 1].0 + 2;
            let speaker = subject_after(text, after, sentence.1);
            return Some(Attribution {
                speaker,
                verb: Some((o, after)),
                how: "according to",
            });
        }
        if is_verb_at(lexicon, &right_words, k) && !is_plain_passive(text, o, o + w.len()) {
            let verb = verb_span_with_passive(text, o, o + w.len());
            if k == 0 {
                if let Some(speaker) = subject_after(text, o + w.len(), sentence.1) {
                    return Some(Attribution {
                        speaker: Some(speaker),
                        verb: Some(verb),
                        how: "attribution",
                    });
                }
            }
            // `"…," X said`: the speaker stands right after the quotation, not deep in a clause
            // that follows it.
            // A sentence-final attribution ("…, the intelligence said.") may stand further away.
            let sentence_final = text[verb.1..sentence.1].split_whitespace().count() <= 4
                && text[close_mark_end..verb.0]
                    .trim_end()
                    .rsplit_once(',')
                    .is_some();
            let speaker = subject_before(text, close_mark_end, verb.0).filter(|&(start, _)| {
                sentence_final
                    || !text[close_mark_end..start]
                        .chars()
                        .any(char::is_alphanumeric)
            });
            if speaker.is_some() {
                return Some(Attribution {
                    speaker,
                    verb: Some(verb),
                    how: "attribution",
                });
            }
            // `"…," stating that …`: a participle with no subject of its own; the speaker is
            // the subject of the clause before the quotation.
            break;
        }
        // Only a name phrase (with its title) may stand between the quote and its verb.
        if k >= 12 {
            break;
        }
    }
    // 2. Before the quote: `X said: "…"`, `X said that "…"`, `X described it as "…"`.
    let left = Words::new(text, sentence.0, open_mark);
    let left_words: Vec<&(usize, &str)> = left.list.iter().filter(|(o, _)| outside(*o)).collect();
    for (k, &&(o, w)) in left_words.iter().enumerate().rev() {
        let lower = w.to_lowercase();
        if lower == "according" && left_words.get(k + 1).is_some_and(|(_, n)| *n == "to") {
            let after = left_words[k + 1].0 + 2;
            let speaker = subject_after(text, after, open_mark);
            return Some(Attribution {
                speaker,
                verb: Some((o, after)),
                how: "according to",
            });
        }
        if is_verb_at(lexicon, &left_words, k) && !is_plain_passive(text, o, o + w.len()) {
            let verb = verb_span_with_passive(text, o, o + w.len());
            let subject_from = after_intro(text, sentence.0, verb.0);
            let mut speaker = subject_before(text, subject_from, verb.0);
            // "footage of Hillary Clinton asking, “…”": a participle after "of" and a name is
            // that name's.
            if lower.ends_with("ing") {
                if let Some(name) = name_after_of(&left_words[..k]) {
                    return Some(Attribution {
                        speaker: Some(name),
                        verb: Some(verb),
                        how: "attribution",
                    });
                }
            }
            let infinitive = k > 0 && left_words[k - 1].1 == "to";
            // "…, adding that" / "deeming it" / "took to Twitter to accuse": a participle or an
            // infinitive takes the subject of the main clause.
            if speaker.is_none() || lower.ends_with("ing") || infinitive {
                let earlier = (0..k)
                    .rev()
                    .find(|&j| is_verb_at(lexicon, &left_words, j))
                    .map(|j| left_words[j].0);
                speaker = match earlier {
                    Some(eo) => {
                        let from = if eo >= subject_from {
                            subject_from
                        } else {
                            sentence.0
                        };
                        subject_before(text, from, eo).or(speaker)
                    }
                    None => subject_before(
                        text,
                        subject_from,
                        first_verbish(text, subject_from, verb.0),
                    )
                    .or(speaker),
                };
            }
            // "In a Bloomberg interview Trump declared": the speaker is the name or pronoun that
            // ends the opening phrase.
            let speaker = speaker.map(|span| past_opening_phrase(text, span));
            // "Ryan said the recent spate of shootings and protests demands …": a verb whose
            // subject is no speaker ("protests", "in 2010") belongs to an inner clause; the
            // speaker is found at an earlier verb, or not at all.
            if speaker.is_some_and(|span| !plausible_speaker(text, span)) {
                continue;
            }
            return Some(Attribution {
                speaker,
                verb: Some(verb),
                how: "attribution",
            });
        }
    }
    None
}

/// The capitalised name that ends `words` right after the word "of" ("footage of Donald
/// Trump"): `(start, end)`.
fn name_after_of(words: &[&(usize, &str)]) -> Option<(usize, usize)> {
    let &&(last_start, last) = words.last()?;
    let mut first = words.len();
    while first > 0 && words[first - 1].1.starts_with(char::is_uppercase) {
        first -= 1;
    }
    let of = first.checked_sub(1).map(|i| words[i].1)?;
    (of == "of" && first < words.len() && words.len() - first <= 4)
        .then(|| (words[first].0, last_start + last.len()))
}

/// A phrase that opens with an introductory word ("In a Bloomberg interview Trump", "A few
/// days ago in an interview he") shrinks to the name or pronoun at its end.
fn past_opening_phrase(text: &str, (start, end): (usize, usize)) -> (usize, usize) {
    let words = Words::new(text, start, end);
    let opens = words.list.first().is_some_and(|&(_, w)| {
        INTRO_WORDS.contains(&w.to_lowercase().as_str())
            || (w == "A" && words.list.get(1).is_some_and(|&(_, n)| n == "few"))
    });
    if !opens {
        return (start, end);
    }
    let Some(&(last_start, last)) = words.list.last() else {
        return (start, end);
    };
    if PRONOUNS.contains(&last.to_lowercase().as_str()) {
        return (last_start, last_start + last.len());
    }
    let mut first = words.list.len();
    while first > 1 && words.list[first - 1].1.starts_with(char::is_uppercase) {
        first -= 1;
    }
    if first < words.list.len() {
        (words.list[first].0, last_start + last.len())
    } else {
        (start, end)
    }
}

/// Words that may open a speaker phrase in lower case: determiners and quantifiers.
const SPEAKER_DETERMINERS: &[&str] = &[
    "the", "a", "an", "one", "two", "three", "several", "many", "some", "his", "her", "their",
    "its", "our", "other", "multiple", "both", "each", "another", "those", "these", "most",
];

/// Whether a phrase can name who speaks: a capitalised name (not an opening such as "After"),
/// a noun phrase with a determiner or a proper name in it, a number ("63 percent"), or a lone
/// pronoun.
fn plausible_speaker(text: &str, (start, end): (usize, usize)) -> bool {
    let mention = text[start..end].trim_matches(|c: char| !c.is_alphanumeric());
    let words: Vec<&str> = mention
        .split_whitespace()
        .skip_while(|w| {
            ["only", "just", "nearly", "about", "almost"].contains(&w.to_lowercase().as_str())
        })
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    let lower = first.to_lowercase();
    if first.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    if PRONOUNS.contains(&lower.as_str()) || ["who", "which"].contains(&lower.as_str()) {
        return words.len() == 1;
    }
    // A lone article or possessive ("The", "A") names nobody; a lone quantifier ("several")
    // is what is left of a group.
    if words.len() == 1
        && ["the", "a", "an", "his", "her", "their", "its", "our"].contains(&lower.as_str())
    {
        return false;
    }
    if INTRO_WORDS.contains(&lower.as_str()) || NON_SPEAKERS.contains(&lower.as_str()) {
        return false;
    }
    first.starts_with(char::is_uppercase)
        || SPEAKER_DETERMINERS.contains(&lower.as_str())
        // "current Democratic presidential nominee": a title around a proper name.
        || words[1..].iter().any(|w| w.starts_with(char::is_uppercase))
}

/// Words that open an introductory phrase rather than the subject ("On September 27 they
/// published", "In August, several groups granted", "After saying …, she was").
const INTRO_WORDS: &[&str] = &[
    "on",
    "in",
    "at",
    "after",
    "before",
    "during",
    "following",
    "when",
    "if",
    "to",
    "as",
    "since",
    "while",
    "although",
    "because",
    "despite",
    "without",
    "with",
    "for",
    "by",
    "under",
    "until",
    "once",
    "asked",
    "pressed",
    "speaking",
];

/// Where the subject may start in a sentence that opens with an introductory phrase: after its
/// first comma, else at the first personal pronoun; `from` when the sentence opens otherwise.
fn after_intro(text: &str, from: usize, to: usize) -> usize {
    let words = Words::new(text, from, to);
    let Some(&(_, first)) = words.list.first() else {
        return from;
    };
    if !INTRO_WORDS.contains(&first.to_lowercase().as_str()) {
        return from;
    }
    // The subject starts after the comma that closes the opening phrase; a phrase may run on
    // over further commas ("On her papers, in a box labeled “…,” a doctor typed", "Following a
    // swiftly called, late-afternoon meeting, the Council issued") while what follows a comma
    // still opens another phrase or is no noun phrase's start.
    let mut start = None;
    let mut cursor = from;
    while let Some(comma) = text[cursor..to].find(',') {
        let rest = cursor + comma + 1;
        let Some((_, next)) = text::words(&text[rest..to]).next() else {
            break;
        };
        start = Some(rest);
        let lower = next.to_lowercase();
        let continues = INTRO_WORDS.contains(&lower.as_str())
            || (next.starts_with(char::is_lowercase)
                && !SPEAKER_DETERMINERS.contains(&lower.as_str())
                && !PRONOUNS.contains(&lower.as_str()));
        if !continues {
            break;
        }
        cursor = rest;
    }
    if let Some(rest) = start {
        return rest;
    }
    words
        .list
        .iter()
        .find(|(_, w)| PRONOUNS.contains(&w.to_lowercase().as_str()))
        .map_or(from, |&(o, _)| o)
}

/// `Aaron Kall, the director of debate at the university, compared …`: a short capitalised
/// name, an appositive between commas, then a lower-case word (the verb). Returns the name.
fn appositive_subject(text: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let segment = &text[from..to];
    let first_comma = segment.find(',')?;
    let name = segment[..first_comma].trim_end();
    let name = match name.rfind(')').zip(name.rfind(" (")) {
        // "Sen. Bernie Sanders (Vt.)": the parenthesis belongs to the name.
        Some((close, open)) if close + 1 == name.len() => name[..open].trim_end(),
        _ => name,
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 5
        || !words.iter().all(|w| w.starts_with(char::is_uppercase))
    {
        return None;
    }
    let rest = &segment[first_comma + 1..];
    let second_comma = rest.find(',')?;
    let verb = rest[second_comma + 1..].split_whitespace().next()?;
    verb.starts_with(char::is_lowercase)
        .then(|| {
            (
                from + segment.len() - segment.trim_start().len(),
                from + name.len(),
            )
        })
        .filter(|(s, e)| s < e)
}

/// `…, Warren said.` / `…, said Warren.` closing the sentence that runs from `from` to `end`:
/// the speaker's span, when the clause after the last comma is at most five words with a
/// reporting verb and a capitalised name.
fn sentence_final_attribution(
    text: &str,
    lexicon: &Lexicon,
    from: usize,
    end: usize,
    quoted: &[(usize, usize)],
) -> Option<(usize, usize)> {
    let tail = text[from..end].trim_end_matches(['.', '!', '?', ' ']);
    let comma = tail.rfind(',')?;
    let clause_start = from + comma + 1;
    let clause_end = from + tail.len();
    if quoted
        .iter()
        .any(|&(s, e)| s < clause_end && clause_start < e)
    {
        return None;
    }
    let words = Words::new(text, clause_start, clause_end);
    let list: Vec<&(usize, &str)> = words.list.iter().collect();
    if list.len() < 2 || list.len() > 5 {
        return None;
    }
    let verb = (0..list.len()).find(|&k| is_verb_at(lexicon, &list, k))?;
    let name: Vec<&&(usize, &str)> = if verb == 0 {
        list[1..].iter().collect()
    } else {
        list[..verb].iter().collect()
    };
    let (first, last) = (name.first()?, name.last()?);
    let span = (first.0, last.0 + last.1.len());
    (first.1.starts_with(char::is_uppercase) && plausible_speaker(text, span)).then_some(span)
}

/// Words that open a sentence without naming anyone who could speak.
const NON_SPEAKERS: &[&str] = &[
    "it",
    "this",
    "that",
    "there",
    "these",
    "those",
    "what",
    "such",
    "here",
    "all",
    "some",
    "more",
    "most",
    "only",
    "though",
    "according",
    "many",
    "few",
];

/// The subject of the sentence between `from` and a quotation that opens at `open_mark`: a
/// capitalised noun phrase of at most eight words before the sentence's first verb.
fn clause_subject(text: &str, from: usize, open_mark: usize) -> Option<(usize, usize)> {
    let from = after_intro(text, from, open_mark);
    let (s, e) = match appositive_subject(text, from, open_mark) {
        Some(span) => span,
        None => {
            let verb_at = first_verbish(text, from, open_mark);
            if verb_at >= open_mark {
                return None;
            }
            subject_before(text, from, verb_at)?
        }
    };
    let mention = text[s..e].trim();
    let first = mention.split_whitespace().next()?.to_lowercase();
    // A name after any article ("The New Yorker", not "The phrase"), or a personal pronoun.
    let head = mention
        .split_whitespace()
        .find(|w| !["the", "a", "an"].contains(&w.to_lowercase().as_str()));
    let named = head.is_some_and(|w| w.starts_with(char::is_uppercase));
    (named
        && mention.split_whitespace().count() <= 8
        && !NON_SPEAKERS.contains(&first.as_str())
        && !INTRO_WORDS.contains(&first.as_str()))
    .then_some((s, e))
}

/// The end of the sentence's opening noun phrase: the first lower-case word that is not a
/// determiner or a title, used when a participle ("deeming it") needs the main subject.
fn first_verbish(text: &str, from: usize, to: usize) -> usize {
    let words = Words::new(text, from, to);
    for (k, (o, w)) in words.list.iter().enumerate() {
        let lower = w.to_lowercase();
        if k > 0
            && w.chars().next().is_some_and(char::is_lowercase)
            && ![
                "the", "of", "a", "an", "state", "foreign", "defense", "defence", "ministry",
            ]
            .contains(&lower.as_str())
        {
            return *o;
        }
    }
    to
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
    let has_double = text.contains(['"', '“', '”', '«', '»', '„']);
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
        let open_mark = text[..span.start]
            .char_indices()
            .next_back()
            .map_or(span.start, |(i, _)| i);
        let close_end = text[span.end..]
            .chars()
            .next()
            .map_or(span.end, |c| span.end + c.len_utf8())
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
        let mut resolved = speaker.map(|(s, e)| {
            let mention = text[s..e].trim().to_string();
            let lower = mention.to_lowercase();
            // "Clinton says she appreciated … what she calls “…”": a pronoun stands for the
            // named subject of its own sentence.
            let named_subject = (PRONOUNS.contains(&lower.as_str())
                && !text[s_start..open_mark].trim().is_empty())
            .then(|| clause_subject(text, s_start, s.min(open_mark)))
            .flatten()
            .filter(|&(ss, se)| {
                se <= s.min(open_mark)
                    && !PRONOUNS.contains(&text[ss..se].trim().to_lowercase().as_str())
                    && !quoted.iter().any(|&(qs, qe)| qs < se && ss < qe)
            });
            if let Some(span) = named_subject {
                Speaker::named(text, span, how)
            } else if PRONOUNS.contains(&lower.as_str()) {
                match &last_speaker {
                    Some(prev) => Speaker {
                        mention,
                        start: s,
                        end: e,
                        name: prev.name.clone(),
                        side: prev.side.clone(),
                        how: "pronoun".into(),
                    },
                    None => Speaker {
                        mention: mention.clone(),
                        start: s,
                        end: e,
                        name: mention,
                        side: None,
                        how: "pronoun".into(),
                    },
                }
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
                .map(|span| Speaker::named(text, span, "attribution"));
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

/// Gives speakers their canonical names and sides: a known actor's name; else, within the
/// article, the fullest earlier mention that contains this one ("the ministry" → "Russia's
/// Foreign Ministry", "Peskov" → "Dmitry Peskov").
fn canonicalise_within(quotes: &mut [Quote], actors: &Actors) {
    let mut seen: Vec<String> = Vec::new();
    let mut last_side: Option<String> = None;
    for quote in quotes.iter_mut() {
        let Some(speaker) = quote.speaker.as_mut() else {
            continue;
        };
        if speaker.how == "pronoun" || speaker.how == "follow-on" {
            continue;
        }
        let bare = speaker
            .mention
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .trim_start_matches("the ")
            .trim_start_matches("The ")
            .to_string();
        let lower = bare.to_lowercase();
        let name = if let Some(actor) = actors.find(&bare) {
            actor.name.clone()
        } else if DOCUMENT_NOUNS.contains(&lower.as_str()) {
            // "the statement said": the statement's author is the speaker just quoted.
            seen.last().cloned().unwrap_or(bare.clone())
        } else {
            // A surname ("Peskov") or a bare head noun ("the ministry") stands for the fuller
            // earlier mention it ends ("Dmitry Peskov", "Russia's Foreign Ministry").
            let words: Vec<&str> = bare.split_whitespace().collect();
            let surname = words.len() == 1 && bare.starts_with(char::is_uppercase);
            let head_noun = speaker.mention.starts_with(char::is_lowercase)
                || speaker.mention.starts_with("The ");
            let last = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
            seen.iter()
                .filter(|s| {
                    (surname || head_noun)
                        && s.len() > bare.len()
                        && s.split_whitespace()
                            .last()
                            .is_some_and(|w| w.to_lowercase() == last)
                })
                .max_by_key(|s| s.len())
                .cloned()
                .unwrap_or(bare.clone())
        };
        let mut name = name;
        let lower_mention = speaker.mention.to_lowercase().replace('’', "'");
        // "the country's Foreign Affairs Ministry": the country is the one whose speaker the
        // article quoted last.
        let country_of_last = (lower_mention.contains("country's")
            || lower_mention.starts_with("its "))
        .then_some(last_side.clone())
        .flatten();
        speaker.side = actors
            .side_of(&speaker.mention)
            .or_else(|| actors.side_of(&name))
            .or(country_of_last);
        // A body of a known side named by its function ("the country's Foreign Affairs
        // Ministry" of the DPRK) is the known actor of that side with the same head words.
        if actors.find(&name).is_none() {
            if let Some(side) = &speaker.side {
                if let Some(actor) = actors.by_side_and_words(side, &name) {
                    name = actor.name.clone();
                }
            }
        }
        if speaker.side.is_some() {
            last_side = speaker.side.clone();
        }
        speaker.name = name.clone();
        seen.push(name);
    }
}

/// Pronoun and follow-on speakers copied their names before canonicalisation: refresh them.
fn refresh_followers(quotes: &mut [Quote]) {
    let mut last: Option<(String, Option<String>)> = None;
    for quote in quotes.iter_mut() {
        let Some(speaker) = quote.speaker.as_mut() else {
            continue;
        };
        if speaker.how == "pronoun" || speaker.how == "follow-on" {
            if let Some((name, side)) = &last {
                speaker.name = name.clone();
                speaker.side = side.clone();
            }
        }
        last = Some((speaker.name.clone(), speaker.side.clone()));
    }
}

/// Merges speaker names across a corpus: a name whose words are all in a longer name of the same
/// side becomes that longer name ("Peskov" → "Dmitry Peskov").
pub fn canonicalise_corpus(quotes: &mut [Quote]) {
    let mut names: HashMap<String, usize> = HashMap::new();
    for q in quotes.iter() {
        if let Some(s) = &q.speaker {
            *names.entry(s.name.clone()).or_default() += 1;
        }
    }
    let mut sorted: Vec<String> = names.keys().cloned().collect();
    sorted.sort_by(|a, b| {
        b.split_whitespace()
            .count()
            .cmp(&a.split_whitespace().count())
            .then(a.cmp(b))
    });
    let mut mapping: HashMap<String, String> = HashMap::new();
    for name in &sorted {
        let words: Vec<&str> = name.split_whitespace().collect();
        if words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        {
            if let Some(longer) = sorted.iter().find(|other| {
                other.len() > name.len() && {
                    let ow: Vec<&str> = other.split_whitespace().collect();
                    words.iter().all(|w| ow.contains(w))
                        && ow
                            .iter()
                            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                            .count()
                            <= words.len() + 1
                }
            }) {
                mapping.insert(name.clone(), longer.clone());
            }
        }
    }
    for q in quotes.iter_mut() {
        if let Some(s) = q.speaker.as_mut() {
            if let Some(longer) = mapping.get(&s.name) {
                s.name = longer.clone();
            }
        }
    }
}
