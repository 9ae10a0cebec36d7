//! Which text may serve as evidence, and which capitalised runs are names.
//!
//! A news page carries lines that are not the story: a dateline opening the lead ("MOSCOW
//! (Reuters) - "), credit lines ("(Reporting by …; Editing by …)"), photo captions above the
//! dateline. Rows of the omission and naming tables must not come from them, and a "carried"
//! cell must not cite them. Capitalised runs found by the clustering's actor scan may also span
//! punctuation ("North Korea,\" Zakharova", "Korean Central News Agency (KCNA") or two names
//! joined by "and"; `name_parts` cuts them into the noun phrases they hold.

use std::sync::OnceLock;

use regex::Regex;

use crate::model::Article;

fn dateline_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        // A place in capitals (an optional ", Country" or date after it), an optional agency in
        // brackets, then a dash: "MOSCOW (Reuters) - ", "WASHINGTON — ", "SEOUL, Nov 3 (AFP) – ".
        Regex::new(
            r"^[A-Z][A-Z.'’-]+(?:[ ][A-Z][A-Z.'’-]+)*(?:,[ ][A-Z][A-Za-z.]*(?:[ ][0-9]{1,2})?)?[ ]*(?:\([^()\n]{1,40}\))?[ ]*[-–—]+[ ]+",
        )
        .expect("valid dateline pattern")
    })
}

fn credit_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(
            r"(?i)^[(\[]?\s*(?:additional\s+|further\s+)?(?:reporting|writing|editing|edited|written|compiled|produced|contributing|research|photos?|graphics?)\b[^.\n]{0,40}?\bby\b",
        )
        .expect("valid credit pattern")
    })
}

fn caption_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:photo|file photo|pictured|image|caption)\b|(?:REUTERS|AP Photo|AFP|Getty Images|EPA)(?:/[^\n]{1,40})?\)?\s*$",
        )
        .expect("valid caption pattern")
    })
}

/// Length in bytes of the dateline that opens `paragraph` (0 when there is none).
pub fn dateline_len(paragraph: &str) -> usize {
    dateline_pattern()
        .find(paragraph)
        .map(|m| m.end())
        .unwrap_or(0)
}

/// A credit line: who reported, wrote, edited or photographed ("(Reporting by Reuters; Writing
/// by Guy Faulconbridge; Editing by …)", "Additional reporting by Business Insider").
pub fn is_credit(paragraph: &str) -> bool {
    paragraph.split_whitespace().count() <= 40 && credit_pattern().is_match(paragraph.trim())
}

/// What one paragraph of an article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphKind {
    /// The story; `dateline` bytes at its start are the dateline, not the story.
    Body {
        dateline: usize,
    },
    Credit,
    Caption,
}

/// The kind of each paragraph of `article`, in order. Paragraphs above a dateline are captions
/// or standfirsts of the page, not the story's lead ("State flags of Russia and North Korea fly
/// in a street in Vladivostok" above "MOSCOW (Reuters) - …"); short paragraphs with a photo
/// credit or cue are captions wherever they stand.
pub fn paragraph_kinds(article: &Article) -> Vec<ParagraphKind> {
    let texts: Vec<&str> = article.paragraph_texts().collect();
    let datelined = texts.iter().take(4).position(|p| dateline_len(p) > 0);
    texts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let short = p.split_whitespace().count() <= 30;
            if is_credit(p) {
                ParagraphKind::Credit
            } else if short
                && (datelined.is_some_and(|d| i < d) || caption_pattern().is_match(p.trim()))
            {
                ParagraphKind::Caption
            } else {
                ParagraphKind::Body {
                    dateline: dateline_len(p),
                }
            }
        })
        .collect()
}

/// Byte ranges of `article.text` that are the story (datelines, credits and captions left out).
pub fn body_ranges(article: &Article) -> Vec<(usize, usize)> {
    article
        .paragraphs
        .iter()
        .zip(paragraph_kinds(article))
        .filter_map(|(p, kind)| match kind {
            ParagraphKind::Body { dateline } if p.start + dateline < p.end => {
                Some((p.start + dateline, p.end))
            }
            _ => None,
        })
        .collect()
}

/// Longest lead, in bytes: a text without paragraph breaks is one paragraph, and its "lead"
/// must not be the whole article.
const MAX_LEAD_BYTES: usize = 400;

/// The story's lead: the first sentence of its first body paragraph, without the dateline, cut
/// at a word boundary after at most `MAX_LEAD_BYTES`.
pub fn lead(article: &Article) -> &str {
    let Some(&(s, e)) = body_ranges(article).first() else {
        return "";
    };
    let paragraph = &article.text[s..e];
    // Only the start is segmented: a first sentence longer than this is cut at
    // `MAX_LEAD_BYTES` anyway (a text with no paragraph breaks is one paragraph).
    let mut prefix = paragraph.len().min(4 * MAX_LEAD_BYTES);
    while !paragraph.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let paragraph = &paragraph[..prefix];
    let first = crate::text::sentences(paragraph)
        .first()
        .map(|&(a, b)| &paragraph[a..b])
        .unwrap_or(paragraph);
    if first.len() <= MAX_LEAD_BYTES {
        return first;
    }
    let mut cut = MAX_LEAD_BYTES;
    while !first.is_char_boundary(cut) {
        cut -= 1;
    }
    match first[..cut].rfind(' ') {
        Some(space) if space > MAX_LEAD_BYTES / 2 => &first[..space],
        _ => &first[..cut],
    }
}

/// `text` with every byte outside `ranges` replaced by a space (offsets stay valid; a newline
/// stays a newline so that paragraphs still end sentences).
pub fn blank_outside(text: &str, ranges: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let blank = |s: &str, out: &mut String| {
        for c in s.chars() {
            if c == '\n' {
                out.push('\n');
            } else {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
    };
    for &(s, e) in ranges {
        blank(&text[at..s], &mut out);
        out.push_str(&text[s..e]);
        at = e;
    }
    blank(&text[at..], &mut out);
    out
}

/// Characters that end one noun phrase of a capitalised run and start the next.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | ':'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '“'
            | '”'
            | '«'
            | '»'
            | '„'
            | '|'
            | '/'
            | '–'
            | '—'
            | '!'
            | '?'
    )
}

/// The noun phrases within the capitalised run `text[start..end]`, as byte ranges of `text`:
/// the run is cut at punctuation, at a spaced dash, at " and ", and where two sentences were
/// glued together ("Ministry.She"). A name cut off before a hyphen ("Kim Jong" of
/// "Kim Jong-un") is extended to the whole word, and a possessive ending dropped. Pieces that
/// do not start with a capital or are a single character are left out.
pub fn name_parts(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let run = &text[start..end];
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut piece_start = 0;
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let spaced_dash = c == '-' && prev == Some(' ') && next == Some(' ');
        let glued = c == '.'
            && prev.is_some_and(char::is_lowercase)
            && next.is_some_and(char::is_uppercase);
        if is_separator(c) || spaced_dash || glued {
            cuts.push((piece_start, i));
            piece_start = i + c.len_utf8();
        } else if run[i..].starts_with(" and ") || run[i..].starts_with(" & ") {
            cuts.push((piece_start, i));
            let skip = if run[i..].starts_with(" and ") { 5 } else { 3 };
            piece_start = i + skip;
            while k + 1 < chars.len() && chars[k + 1].0 < piece_start {
                k += 1;
            }
        }
        k += 1;
    }
    cuts.push((piece_start, run.len()));
    let mut out = Vec::new();
    for (s, e) in cuts {
        let piece = &run[s..e];
        let lead_trim = piece.len() - piece.trim_start().len();
        let (mut s, mut e) = (start + s + lead_trim, start + s + piece.trim_end().len());
        // Edges that are not letters or digits are not part of a name ("U.S" keeps its dot
        // inside; a trailing quote mark or apostrophe goes).
        while s < e && !text[s..].starts_with(char::is_alphanumeric) {
            s += text[s..].chars().next().map_or(1, char::len_utf8);
        }
        while s < e && !text[..e].ends_with(|c: char| c.is_alphanumeric() || c == '.') {
            e -= text[..e].chars().next_back().map_or(1, char::len_utf8);
        }
        if s >= e {
            continue;
        }
        // A name cut at a hyphen: "Kim Jong" + "-un" is "Kim Jong-un".
        {
            let rest = &text[e..];
            let mut tail = rest.chars();
            if matches!(tail.next(), Some('-' | '‑'))
                && tail.next().is_some_and(char::is_alphabetic)
            {
                let dash = rest.chars().next().map_or(1, char::len_utf8);
                let word_end = rest[dash..]
                    .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '‑'))
                    .map_or(rest.len(), |p| p + dash);
                e += word_end;
            }
        }
        let name = crate::text::strip_possessive(&text[s..e]);
        let e = s + name.len();
        if name.chars().count() > 1 && name.starts_with(char::is_uppercase) {
            out.push((s, e));
        }
    }
    out
}

/// Words that an acronym skips ("Democratic People's Republic of Korea" is DPRK).
const ACRONYM_SKIPS: &[&str] = &["of", "the", "and", "for", "on", "in", "&"];

/// The initials of a multi-word name ("Multilateral Sanctions Monitoring Team" → "MSMT"), or
/// `None` for a single word.
pub fn initials(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !ACRONYM_SKIPS.contains(&w.to_lowercase().as_str()))
        .collect();
    if words.len() < 2 {
        return None;
    }
    Some(
        words
            .iter()
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect(),
    )
}

/// True for a written acronym: two to eight capitals, perhaps with dots ("MSMT", "U.N.").
pub fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| *c != '.').collect();
    (2..=8).contains(&letters.len()) && letters.iter().all(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(paragraphs: &[&str]) -> Article {
        Article::from_paragraphs(
            "a",
            "Russia calls claim about its alleged military ties with North Korea inaccurate",
            paragraphs,
        )
    }

    fn parts(text: &str) -> Vec<&str> {
        name_parts(text, 0, text.len())
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    // The Reuters seed (corpus/000_d0e66d3f41c212b5.txt): caption, dateline, credit line.
    const REUTERS: &[&str] = &[
        "State flags of Russia and North Korea fly in a street in Vladivostok",
        "MOSCOW (Reuters) - Russia said on Thursday that Western claims that it was cooperating militarily with North Korea were inaccurate.",
        "Moscow, the ministry said, was building relations with North Korea on the basis of mutual interests.",
        "(Reporting by Reuters; Writing by Guy Faulconbridge; Editing by Andrew Osborn and William Maclean)",
    ];

    #[test]
    fn reuters_caption_dateline_and_credits_are_not_the_story() {
        let a = article(REUTERS);
        assert_eq!(
            paragraph_kinds(&a),
            vec![
                ParagraphKind::Caption,
                ParagraphKind::Body {
                    dateline: "MOSCOW (Reuters) - ".len()
                },
                ParagraphKind::Body { dateline: 0 },
                ParagraphKind::Credit,
            ]
        );
        assert!(lead(&a).starts_with("Russia said on Thursday"));
        let body = blank_outside(&a.text, &body_ranges(&a));
        assert_eq!(body.len(), a.text.len());
        assert!(!body.contains("Vladivostok"));
        assert!(!body.contains("Faulconbridge"));
        assert!(!body.contains("MOSCOW"));
        assert!(body.contains("Russia said on Thursday"));
    }

    #[test]
    fn credit_lines_of_the_seeds() {
        assert!(is_credit("Additional reporting by Business Insider"));
        assert!(is_credit(REUTERS[3]));
        // A sentence that mentions reporting is not a credit line.
        assert!(!is_credit(
            "Reuters on April 25 reported from Washington that China was providing moorage."
        ));
        assert!(!is_credit(
            "Reporting the deployment, South Korean media said by Friday it had ended."
        ));
    }

    #[test]
    fn lines_without_a_dateline_are_all_body() {
        // corpus/003_cf7a61948d7c4840.txt opens with no dateline and no caption.
        let a = article(&[
            "North Korea says that it has never sold weapons to Russia and has no plans to do so.",
            "US officials said that Russia was in the process of purchasing rockets.",
        ]);
        assert!(paragraph_kinds(&a)
            .iter()
            .all(|k| *k == ParagraphKind::Body { dateline: 0 }));
        assert_eq!(
            dateline_len("WASHINGTON — The Senate voted on Monday."),
            "WASHINGTON — ".len()
        );
        assert_eq!(dateline_len("US officials said so."), 0);
        // BASIL (2013, HuffPost): a dash typed as two characters.
        assert_eq!(
            dateline_len("WASHINGTON –- The White House on Wednesday released the emails."),
            "WASHINGTON –- ".len()
        );
    }

    #[test]
    fn capitalised_runs_are_cut_into_names() {
        assert_eq!(
            parts("Korean Central News Agency (KCNA"),
            ["Korean Central News Agency", "KCNA"]
        );
        assert_eq!(
            parts("North Korea,\" Zakharova"),
            ["North Korea", "Zakharova"]
        );
        assert_eq!(
            parts("MOSCOW (Reuters) - Russia"),
            ["MOSCOW", "Reuters", "Russia"]
        );
        assert_eq!(
            parts("Guy Faulconbridge; Editing"),
            ["Guy Faulconbridge", "Editing"]
        );
        assert_eq!(
            parts("Russian Foreign Ministry.She"),
            ["Russian Foreign Ministry", "She"]
        );
        assert_eq!(parts("Iran and Belarus"), ["Iran", "Belarus"]);
        assert_eq!(parts("U.N. Security Council"), ["U.N. Security Council"]);
        assert_eq!(parts("Korean-Russian"), ["Korean-Russian"]);
        // A non-breaking hyphen (U+2011) is a hyphen too.
        let text = "Kim Jong\u{2011}un said so";
        assert_eq!(
            name_parts(text, 0, "Kim Jong".len())
                .into_iter()
                .map(|(s, e)| &text[s..e])
                .collect::<Vec<_>>(),
            ["Kim Jong\u{2011}un"]
        );
        let text = "Kim Jong-un’s regime";
        assert_eq!(
            name_parts(text, 0, "Kim Jong".len())
                .into_iter()
                .map(|(s, e)| &text[s..e])
                .collect::<Vec<_>>(),
            ["Kim Jong-un"]
        );
    }

    #[test]
    fn acronyms_and_their_spelled_out_forms() {
        assert_eq!(
            initials("Multilateral Sanctions Monitoring Team").as_deref(),
            Some("MSMT")
        );
        assert_eq!(
            initials("Korean Central News Agency").as_deref(),
            Some("KCNA")
        );
        assert_eq!(
            initials("Royal United Services Institute").as_deref(),
            Some("RUSI")
        );
        assert_eq!(initials("Russia"), None);
        assert!(is_acronym("MSMT") && is_acronym("U.N.") && !is_acronym("Moscow"));
    }
}
