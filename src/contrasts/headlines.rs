//! Rule 5 of the contrasts: the headlines of one event side by side, when their verbs differ in
//! stance or each has words no other has. Which words two headlines share is decided word by
//! word as a reader would: "G.O.P." and "GOP", "E-Mails" and "emails", "5th" and "Fifth",
//! "Subpoenas" and "subpoena", "NJ" and "New Jersey" are one word; "Senator" and "Senate",
//! which one stem covers, are two.

use std::collections::BTreeSet;

use super::rules::{and_list, contrast};
use super::{Contrast, Sides};
use crate::compare::framing::ambiguous_form;
use crate::compare::ClusterComparison;

/// True when an article's "headline" is the start of its own text: a record without a title
/// gets its first words as one (`text::preview`), and they are no headline to compare.
fn headline_is_the_text(headline: &str, text: &str) -> bool {
    let head = headline.trim_end_matches('…').trim_end();
    !head.is_empty() && text.trim_start().starts_with(head)
}

/// One word of a headline as a reader sees it: the whole token ("G.O.P.", "E-Mails",
/// "Wal-Mart", "Christie's").
#[derive(Debug)]
struct Word<'h> {
    shown: &'h str,
    /// Byte offset in the headline.
    at: usize,
    /// How it is compared (see `Form`).
    form: Form,
    /// The forms of its parts when it joins several words ("Anti-Gay" → anti, gay).
    parts: Vec<Form>,
    /// Its letters, when it is an acronym ("NJ", "N.C.", "GOP").
    acronym: Option<String>,
    /// Starts with a capital letter (a candidate word of a spelled-out acronym).
    capitalised: bool,
    /// Holds a content word (not only stop words or a bare number): a word to list.
    content: bool,
}

const NUMBER_WORDS: &[(&str, &str)] = &[
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("first", "1st"),
    ("second", "2nd"),
    ("third", "3rd"),
    ("fourth", "4th"),
    ("fifth", "5th"),
    ("sixth", "6th"),
    ("seventh", "7th"),
    ("eighth", "8th"),
    ("ninth", "9th"),
    ("tenth", "10th"),
];

/// A word as it is compared: its key — lower case, without dots, hyphens and possessive
/// ending, ordinal and number words as figures ("Fifth" → "5th") — and the key's stem, found
/// once (every word is compared with every word of the other headlines).
#[derive(Debug)]
struct Form {
    key: String,
    stem: String,
}

impl Form {
    fn of(token: &str) -> Form {
        let lower = token.to_lowercase();
        let key: String = crate::text::strip_possessive(&lower)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        let key = NUMBER_WORDS
            .iter()
            .find(|(word, _)| *word == key)
            .map_or(key, |(_, figure)| figure.to_string());
        Form {
            stem: crate::text::stem(&key),
            key,
        }
    }
}

/// The letters of an acronym: two to five capitals, with or without dots ("NJ", "N.C.",
/// "G.O.P."), nothing else.
fn acronym_of(token: &str) -> Option<String> {
    let letters: String = token.chars().filter(|c| *c != '.').collect();
    (letters.chars().count() >= 2
        && letters.chars().count() <= 5
        && letters.chars().all(|c| c.is_uppercase()))
    .then_some(letters)
}

/// The words of a headline, in order, each token once per place it stands.
fn words_of(headline: &str) -> Vec<Word<'_>> {
    let content_at: BTreeSet<usize> = crate::text::content_words(headline)
        .into_iter()
        .map(|(at, ..)| at)
        .collect();
    let mut out: Vec<Word> = Vec::new();
    for (at, part) in crate::text::words(headline) {
        let shown = crate::text::token_at(headline, at);
        if shown.is_empty() {
            continue;
        }
        let start = shown.as_ptr() as usize - headline.as_ptr() as usize;
        let content = content_at.contains(&at);
        let part_form = content.then(|| Form::of(part));
        if let Some(last) = out.last_mut().filter(|w| w.at == start) {
            // Another part of the same token ("Mart" of "Wal-Mart").
            last.content |= content;
            last.parts.extend(part_form);
            continue;
        }
        out.push(Word {
            shown,
            at: start,
            form: Form::of(shown),
            parts: part_form.into_iter().collect(),
            acronym: acronym_of(shown),
            capitalised: shown.starts_with(char::is_uppercase),
            content,
        });
    }
    for w in &mut out {
        if w.parts.len() < 2 {
            w.parts.clear();
        }
    }
    out
}

/// Endings that make another form of one word ("subpoena", "subpoenas"; "deny", "denied").
const INFLECTIONS: &[&str] = &["", "s", "es", "e", "ed", "d", "ing", "ies", "ied", "y"];

/// How closely two words must match: `Form` — one word in two forms (said of words the
/// headlines share); `Stem` — or one stem, as "Indictment" and "Indicted" (a word is called a
/// headline's own only if no other has even its stem, so that no such claim is false).
#[derive(Clone, Copy, PartialEq)]
enum Match {
    Form,
    Stem,
}

fn matches(a: &Form, b: &Form, how: Match) -> bool {
    same_word(a, b) || (how == Match::Stem && a.stem == b.stem)
}

/// Two words are one when their keys are equal, or when they share a stem and differ only by
/// an inflectional ending: the stem alone would make "Senator" and "Senate" one word.
fn same_word(a: &Form, b: &Form) -> bool {
    if a.key == b.key {
        return true;
    }
    let (a, b, stems) = (&a.key, &b.key, a.stem == b.stem);
    let common: usize = a
        .char_indices()
        .zip(b.chars())
        .take_while(|((_, x), y)| x == y)
        .map(|((_, x), _)| x.len_utf8())
        .sum();
    stems
        && common >= 2
        && INFLECTIONS.contains(&&a[common..])
        && INFLECTIONS.contains(&&b[common..])
}

/// Whether `form` is one of the words of `there`, or a part of one, matched as `how` says.
fn is_among(form: &Form, there: &[Word], how: Match) -> bool {
    there
        .iter()
        .any(|w| matches(form, &w.form, how) || w.parts.iter().any(|p| matches(form, p, how)))
}

/// The places (word indices) of `words` that spell out `acronym` ("New Jersey" for "NJ"):
/// consecutive capitalised words, none an acronym itself, whose initials are its letters.
fn spelled_out(words: &[Word], acronym: &str) -> Vec<usize> {
    let letters: Vec<char> = acronym.chars().collect();
    let n = letters.len();
    let mut places = Vec::new();
    if words.len() < n {
        return places;
    }
    for start in 0..=words.len() - n {
        let window = &words[start..start + n];
        if window.iter().zip(&letters).all(|(w, l)| {
            w.capitalised
                && w.acronym.is_none()
                && w.shown.chars().next().and_then(|c| c.to_uppercase().next()) == Some(*l)
        }) {
            places.extend(start..start + n);
        }
    }
    places
}

/// Whether word `k` of headline `i` is also in headline `j`: as one word (see `Match`), as an
/// acronym `j` spells out or spelled out where `j` has the acronym, or, for a word joining
/// several, with every part there.
fn appears_in(all: &[Vec<Word>], i: usize, k: usize, j: usize, how: Match) -> bool {
    let word = &all[i][k];
    let there = &all[j];
    is_among(&word.form, there, how)
        || word
            .acronym
            .as_ref()
            .is_some_and(|a| !spelled_out(there, a).is_empty())
        || there
            .iter()
            .filter_map(|w| w.acronym.as_ref())
            .any(|a| spelled_out(&all[i], a).contains(&k))
        || (!word.parts.is_empty() && word.parts.iter().all(|p| is_among(p, there, how)))
}

/// Whether any part of word `k` of headline `i` is in headline `j` ("Anti-Gay" is not a
/// headline's own when another has "Gay").
fn part_appears_in(all: &[Vec<Word>], i: usize, k: usize, j: usize) -> bool {
    all[i][k]
        .parts
        .iter()
        .any(|p| is_among(p, &all[j], Match::Stem))
}

/// Each headline's content words that no other headline has, once each, as written, in order.
fn own_words<'h>(all: &[Vec<Word<'h>>]) -> Vec<Vec<&'h str>> {
    (0..all.len())
        .map(|i| {
            let mut seen = BTreeSet::new();
            (0..all[i].len())
                .filter(|&k| {
                    all[i][k].content
                        && (0..all.len()).all(|j| {
                            j == i
                                || !(appears_in(all, i, k, j, Match::Stem)
                                    || part_appears_in(all, i, k, j))
                        })
                })
                .map(|k| all[i][k].shown)
                .filter(|w| seen.insert(*w))
                .collect()
        })
        .collect()
}

/// The content words of the first headline that every other headline has too, once each.
fn shared_words<'h>(all: &[Vec<Word<'h>>]) -> Vec<&'h str> {
    let mut seen = BTreeSet::new();
    (0..all.first().map_or(0, Vec::len))
        .filter(|&k| {
            all[0][k].content && (1..all.len()).all(|j| appears_in(all, 0, k, j, Match::Form))
        })
        .map(|k| all[0][k].shown)
        .filter(|w| seen.insert(*w))
        .collect()
}

/// Rule 5: the headlines side by side when they differ: in the stance of their reporting
/// verbs (only verbs that are not neutral are named, and only where they read as the headline's
/// verb), or, failing that, in their words (each has two or more content words no other has).
/// Only headlines of one event are compared: across a storyline's events they report different
/// things, and the difference is the news, not the framing.
pub(super) fn headlines(sides: &Sides, cluster: &ClusterComparison, out: &mut Vec<Contrast>) {
    const MAX_HEADLINES: usize = 6;
    let mut parts = Vec::new();
    let mut citations = Vec::new();
    let mut stances = BTreeSet::new();
    let mut words: Vec<Vec<Word>> = Vec::new();
    let mut events = BTreeSet::new();
    // Articles whose record has no headline of its own, named so that the reader knows who is
    // not compared.
    let mut untitled: Vec<String> = Vec::new();
    for row in cluster.headlines.iter().take(MAX_HEADLINES) {
        let Some(m) = sides.members.iter().find(|m| m.article.id == row.article) else {
            continue;
        };
        if headline_is_the_text(&row.headline, &m.article.text) {
            untitled.push(m.name());
            continue;
        }
        events.insert(m.event);
        words.push(words_of(&row.headline));
        // The headline's verb (`framing::headline_verb` skips nouns after a noun marker),
        // named when it is not neutral and not a form as often a noun ("Clinton claims on
        // budget cuts").
        let verb = row.verb.as_ref().filter(|v| {
            row.stance.as_deref().is_some_and(|s| s != "neutral") && !ambiguous_form(v)
        });
        let mut contains = vec![row.headline.as_str()];
        if let Some(v) = verb {
            contains.push(v);
        }
        citations.push(m.cite_headline(&contains));
        stances.insert(match verb {
            Some(_) => row.stance.clone().unwrap_or_default(),
            None => "plain".to_string(),
        });
        parts.push(match (verb, &row.stance) {
            (Some(v), Some(stance)) => {
                format!("{}: “{}” (“{v}”: {stance})", m.name(), row.headline)
            }
            _ => format!("{}: “{}”", m.name(), row.headline),
        });
    }
    if parts.len() < 2 || events.len() > 1 {
        return;
    }
    let own = own_words(&words);
    let lead = if stances.len() >= 2 {
        "The headlines differ in their verbs".to_string()
    } else if own.iter().all(|o| o.len() >= 2) {
        // Said as what the words show — the words they share and the words only one has — not
        // as a judgement of angle: paraphrases of one fact ("U.S. Attorney Subpoenas …",
        // "Federal prosecutors subpoena …") pass the test as well as real differences of angle.
        for (part, words) in parts.iter_mut().zip(&own) {
            let quoted: Vec<String> = words.iter().take(4).map(|w| format!("“{w}”")).collect();
            let more = if words.len() > 4 { ", …" } else { "" };
            part.push_str(&format!(" (only it: {}{more})", quoted.join(", ")));
        }
        let shared: Vec<String> = shared_words(&words)
            .into_iter()
            .map(|w| format!("“{w}”"))
            .collect();
        if shared.is_empty() {
            "The headlines share no content word; each has words of its own".to_string()
        } else {
            format!(
                "The headlines share {}, and each has words of its own",
                and_list(&shared)
            )
        }
    } else {
        return;
    };
    let more = cluster.headlines.len().saturating_sub(MAX_HEADLINES);
    out.push(contrast(
        "headlines",
        format!(
            "{lead}: {}{}{}.",
            parts.join("; "),
            if more > 0 {
                format!("; and {more} more in the headline table")
            } else {
                String::new()
            },
            match untitled.len() {
                0 => String::new(),
                1 => format!(
                    " ({} is left out: its record has no headline, only the start of its text)",
                    untitled[0]
                ),
                _ => format!(
                    " ({} are left out: their records have no headline, only the start of their text)",
                    and_list(&untitled)
                ),
            }
        ),
        0.8 + 0.05 * stances.len().min(3) as f64,
        citations,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own_and_shared(headlines: &[&str]) -> (Vec<Vec<String>>, Vec<String>) {
        let all: Vec<Vec<Word>> = headlines.iter().map(|h| words_of(h)).collect();
        let own = own_words(&all)
            .into_iter()
            .map(|o| o.into_iter().map(str::to_string).collect())
            .collect();
        let shared = shared_words(&all).into_iter().map(str::to_string).collect();
        (own, shared)
    }

    #[test]
    fn one_word_in_other_spellings_is_shared() {
        // Real BASIL headlines (Christie subpoena; Lerner and the Fifth Amendment).
        let (own, shared) = own_and_shared(&[
            "U.S. Attorney Subpoenas Chris Christie Campaign Documents",
            "Federal prosecutors subpoena Christie's campaign, NJ GOP committee",
            "U.S. Attorney Subpoenas Christie’s Campaign and New Jersey G.O.P.",
        ]);
        assert_eq!(shared, ["Subpoenas", "Christie", "Campaign"]);
        assert_eq!(own[0], ["Chris", "Documents"]);
        assert_eq!(own[1], ["Federal", "prosecutors", "committee"]);
        assert!(own[2].is_empty(), "{:?}", own[2]);
        let (own, shared) = own_and_shared(&[
            "Lois Lerner, IRS Scandal Figure, Will Invoke Fifth Amendment",
            "I.R.S. Official Invokes 5th Amendment",
            "IRS official who refused to testify",
        ]);
        assert_eq!(shared, ["IRS"]);
        assert!(!own[0].contains(&"Fifth".to_string()), "{:?}", own[0]);
        assert_eq!(own[1], Vec::<String>::new());
    }

    #[test]
    fn a_shared_stem_is_not_always_one_word() {
        let same = |a: &str, b: &str| same_word(&Form::of(a), &Form::of(b));
        assert!(!same("senator", "senate"));
        assert!(same("subpoenas", "subpoena"));
        assert!(same("denied", "denies"));
        assert!(same("emails", "email"));
        assert!(!same("new", "news"));
        let (own, shared) = own_and_shared(&[
            "Senate Seat Goes to Cowan",
            "William Cowan Named Interim Senator in Massachusetts",
        ]);
        assert_eq!(shared, ["Cowan"]);
        // Nor is either called a headline's own: the other has its stem.
        assert!(!own[1].contains(&"Senator".to_string()), "{:?}", own[1]);
    }

    #[test]
    fn a_joined_word_is_own_only_if_each_part_is() {
        let (own, _) = own_and_shared(&["Anti-Gay Bill Passes Senate", "Gay Rights Bill Stalls"]);
        assert_eq!(own[0], ["Passes", "Senate"]);
        let (own, _) =
            own_and_shared(&["Benghazi E-Mails Show Jostling", "Benghazi emails released"]);
        assert_eq!(own[0], ["Show", "Jostling"]);
    }
}
