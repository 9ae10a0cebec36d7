//! Text primitives every stage shares: normalisation, sentences, words and stems.
//! Offsets are always byte offsets into the string given.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Unicode NFC, Unix line ends, no-break and other odd spaces folded to a plain space, runs of
/// spaces collapsed, each line trimmed.
pub fn normalize(raw: &str) -> String {
    // Most text is already in NFC; the quick check avoids rebuilding it character by character.
    let nfc: std::borrow::Cow<str> = match unicode_normalization::is_nfc_quick(raw.chars()) {
        unicode_normalization::IsNormalized::Yes => std::borrow::Cow::Borrowed(raw),
        _ => std::borrow::Cow::Owned(raw.nfc().collect()),
    };
    let mut out = String::with_capacity(nfc.len());
    for (i, line) in nfc.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut last_space = true;
        let before = out.len();
        for ch in line.chars() {
            let ch = match ch {
                '\r' | '\t' | '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' | '\u{200a}'
                | '\u{3000}' => ' ',
                '\u{200b}' | '\u{feff}' | '\u{ad}' => continue,
                c if c.is_control() => continue,
                c => c,
            };
            if ch == ' ' {
                if !last_space {
                    out.push(' ');
                }
                last_space = true;
            } else {
                out.push(ch);
                last_space = false;
            }
        }
        while out.len() > before && out.ends_with(' ') {
            out.pop();
        }
    }
    out
}

/// Words that end in a full stop without ending a sentence. Unicode's sentence rules split after
/// them ("Mr. | Steele"), so sentence bounds that follow one are merged back.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "st",
    "jr", "sr", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "no", "vs",
    "v", "inc", "corp", "co", "ltd", "u.s", "u.n", "u.k", "e.u", "d.c", "a.m", "p.m", "ft", "mt",
    "rev", "pres", "adm", "maj", "cmdr", "supt", "ave", "calif", "fla", "mass", "conn", "ariz",
    "penn", "wash", "ill", "mich", "minn", "tenn", "va", "ky", "la", "md", "mo", "nev", "okla",
    "ore", "wis", "gop", "est", "approx", "dept", "univ", "messrs",
];

fn ends_with_abbreviation(sentence: &str) -> bool {
    let trimmed = sentence.trim_end();
    let Some(stem) = trimmed.strip_suffix('.') else {
        return false;
    };
    let last = stem
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    if last.is_empty() {
        return false;
    }
    let lower = last.to_lowercase();
    // Single capital initials ("John F. Kennedy") never end a sentence in news copy.
    (last.chars().count() == 1 && last.chars().all(|c| c.is_uppercase()))
        || ABBREVIATIONS.contains(&lower.as_str())
}

/// Sentence spans (start, end) of `text`, trimmed of surrounding white space. Paragraph breaks
/// (newlines) always end a sentence.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let mut pending: Option<(usize, usize)> = None;
        for (offset, piece) in line.split_sentence_bound_indices() {
            let start = line_start + offset;
            let end = start + piece.len();
            pending = match pending {
                Some((s, e)) if ends_with_abbreviation(&text[s..e]) => Some((s, end)),
                Some(previous) => {
                    spans.push(previous);
                    Some((start, end))
                }
                None => Some((start, end)),
            };
        }
        if let Some(last) = pending {
            spans.push(last);
        }
        line_start += line.len() + 1;
    }
    spans
        .into_iter()
        .filter_map(|(s, e)| trim_span(text, s, e))
        .collect()
}

/// Shrinks a span to exclude white space at both ends; `None` when nothing is left.
pub fn trim_span(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    (start + lead < end - trail).then_some((start + lead, end - trail))
}

/// Word tokens with their byte offsets (letters and digits; "DPRK’s" is one word).
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.unicode_word_indices()
}

/// Words as quotations are compared: lower case, with one kind of apostrophe ("DPRK’s" and
/// "dprk's" are one word).
pub fn folded_words(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).map(|(_, w)| w.to_lowercase().replace('’', "'"))
}

/// Number of words, the unit that rates per 1,000 words are counted in.
pub fn word_count(text: &str) -> usize {
    text.unicode_words().count()
}

fn english_stemmer() -> &'static rust_stemmers::Stemmer {
    static STEMMER: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English))
}

/// A word or name without its possessive ending ("Russia’s" → "Russia").
pub fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word)
}

/// Lower-cased Porter2 stem of a word, with possessive endings removed.
pub fn stem(word: &str) -> String {
    let lower = word.to_lowercase();
    english_stemmer()
        .stem(strip_possessive(&lower))
        .into_owned()
}

fn stopword_set() -> &'static std::collections::HashSet<&'static str> {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        include_str!("data/stopwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Days and months as written: capitalised words that date a text rather than name anyone.
pub const CALENDAR: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// True for function words that carry no topic ("the", "said", "would").
pub fn is_stopword(lower_word: &str) -> bool {
    stopword_set().contains(lower_word)
}

/// Stems of the content words of `text`, in order: no stop words, no bare numbers.
pub fn content_stems(text: &str) -> Vec<String> {
    content_words(text)
        .into_iter()
        .map(|(_, _, stem)| stem)
        .collect()
}

/// The content words of `text` with their byte offsets, as written and stemmed, in order (see
/// `content_stems`).
pub fn content_words(text: &str) -> Vec<(usize, &str, String)> {
    words(text)
        .filter_map(|(at, w)| {
            let lower = w.to_lowercase();
            let lower = strip_possessive(&lower).to_string();
            if lower.chars().count() < 2
                || is_stopword(&lower)
                || lower
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            {
                None
            } else {
                Some((at, w, english_stemmer().stem(&lower).into_owned()))
            }
        })
        .collect()
}

/// The whitespace-delimited token of `text` around byte `at`, without the punctuation around it
/// ("Wal-Mart", "G.O.P." and "Christie's" whole, where word boundaries would cut them).
pub fn token_at(text: &str, at: usize) -> &str {
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + i);
    let token = text[start..end]
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
        .trim_start_matches('.');
    // A final full stop belongs to an abbreviation ("G.O.P.") but not to a plain word.
    let inner = token.strip_suffix('.').unwrap_or(token);
    if inner.contains('.') {
        token
    } else {
        inner
    }
}

/// First `max` characters of `text` with an ellipsis when cut, for labels and previews.
pub fn preview(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The lines of an article as the briefing numbers them: its sentences (`sentences`),
/// with sentences that lost the space between them split again ("… by the Ministry.She stated",
/// "… in Ukraine.\"The accusations"), a residue of scraped pages. The worksheet, the article
/// page's anchors and the contrasts' citations all count lines with this one function.
pub fn lines(text: &str) -> Vec<(usize, usize)> {
    lines_from_sentences(text, &sentences(text))
}

/// `lines` from the sentence spans of `text`, when they are already known.
pub fn lines_from_sentences(text: &str, sentences: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for &(start, end) in sentences {
        let mut from = start;
        for cut in glued_cuts(&text[start..end]) {
            if let Some(span) = trim_span(text, from, start + cut) {
                out.push(span);
            }
            from = start + cut;
        }
        if let Some(span) = trim_span(text, from, end) {
            out.push(span);
        }
    }
    // A straight quotation mark opening the next sentence, glued to the end of this one
    // (`Ukraine."The`), belongs to the next: move it when this sentence's marks are unbalanced
    // by it and the next starts right after it with a capital.
    let odd = |s: &str| s.matches('"').count() % 2 == 1;
    for i in 1..out.len() {
        let (s0, e0) = out[i - 1];
        let (s1, e1) = out[i];
        let glued = e0 == s1 && text[s1..e1].starts_with(char::is_uppercase);
        if glued && text[..e0].ends_with(".\"") && odd(&text[s0..e0]) {
            out[i - 1].1 -= 1;
            out[i].0 -= 1;
        }
    }
    out
}

/// Offsets inside `sentence` where a new sentence starts with no space before it: a full stop,
/// `!` or `?` after two lower-case letters, an optional closing quotation mark, then a capital
/// and a lower-case letter (with an optional opening quotation mark before them).
fn glued_cuts(sentence: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let mut cuts = Vec::new();
    let mut straight_quotes = 0;
    for i in 0..chars.len() {
        let c = chars[i].1;
        if c == '"' {
            straight_quotes += 1;
        }
        if !matches!(c, '.' | '!' | '?') || i < 2 {
            continue;
        }
        if !(chars[i - 1].1.is_lowercase() && chars[i - 2].1.is_lowercase()) {
            continue;
        }
        let mut j = i + 1;
        // A closing mark stays with the sentence it closes.
        if let Some(&(_, q)) = chars.get(j) {
            if q == '”' || q == '’' || (q == '"' && straight_quotes % 2 == 1) {
                j += 1;
            }
        }
        let cut = chars.get(j).map(|c| c.0);
        let mut k = j;
        if let Some(&(_, q)) = chars.get(k) {
            if q == '“' || q == '"' {
                k += 1;
            }
        }
        let starts_sentence = chars.get(k).is_some_and(|c| c.1.is_uppercase())
            && chars.get(k + 1).is_some_and(|c| c.1.is_lowercase());
        if let (true, Some(cut)) = (starts_sentence, cut) {
            cuts.push(cut);
        }
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_the_whole_word_as_written() {
        let text = "Wal-Mart\u{a0}résumé, “G.O.P.” Christie's end.";
        for (word, token) in [
            ("Mart", "Wal-Mart"),
            ("résumé", "résumé"),
            ("G", "G.O.P."),
            ("Christie", "Christie's"),
            ("end", "end"),
        ] {
            let at = text.find(word).unwrap();
            assert_eq!(token_at(text, at), token);
        }
    }

    #[test]
    fn normalize_folds_spaces_and_composes() {
        assert_eq!(
            normalize("Cafe\u{301}  au\u{a0}lait \r\n x"),
            "Café au lait\nx"
        );
    }

    #[test]
    fn sentences_survive_abbreviations() {
        let text = "Mr. Steele spoke in Washington, D.C. on Friday. He left. The U.S. said no.";
        let got: Vec<&str> = sentences(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            got,
            vec![
                "Mr. Steele spoke in Washington, D.C. on Friday.",
                "He left.",
                "The U.S. said no."
            ]
        );
    }

    #[test]
    fn sentences_break_at_newlines() {
        let text = "First line without stop\nSecond line.";
        assert_eq!(sentences(text).len(), 2);
    }

    #[test]
    fn stems_and_stopwords() {
        assert_eq!(stem("denies"), stem("denied"));
        assert_eq!(
            content_stems("The ministry denied the reports"),
            vec!["ministri", "deni", "report"]
        );
    }

    #[test]
    fn glued_sentences_are_split_and_abbreviations_are_not() {
        let text = "Zakharova was quoted by the Russian Foreign Ministry.She stated it. \
                    Arms went to Ukraine.\"The accusations are unfounded,\" she said. \
                    The U.S.Army and e.g.The test stay whole.";
        let got: Vec<&str> = lines(text).into_iter().map(|(s, e)| &text[s..e]).collect();
        assert_eq!(
            got,
            [
                "Zakharova was quoted by the Russian Foreign Ministry.",
                "She stated it.",
                "Arms went to Ukraine.",
                "\"The accusations are unfounded,\" she said.",
                "The U.S.Army and e.g.The test stay whole."
            ]
        );
    }
}
