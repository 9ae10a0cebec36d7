//! Who a speaker phrase stands for when it does not name them: a document ("the report
//! alleges" → the body that issued it), a place standing for its government ("Pyongyang views" →
//! the one North Korean body the article quotes), or an acronym the article spells out ("MSMT" →
//! "Multilateral Sanctions Monitoring Group"). Only the speaker's canonical name and side change;
//! the mention and its offsets stay as the text wrote them.

use std::collections::BTreeSet;

use super::Quote;
use crate::compare::actors::Actors;

/// Nouns for documents and findings. As a speaker, one stands for its author.
pub const DOCUMENT_NOUNS: &[&str] = &[
    "statement",
    "communique",
    "release",
    "report",
    "study",
    "assessment",
    "intelligence",
    "analysis",
    "update",
    "survey",
    "review",
    "memo",
];

/// Head words that make a name an organisation rather than a person.
const BODY_WORDS: &[&str] = &[
    "ministry",
    "department",
    "office",
    "council",
    "agency",
    "government",
    "committee",
    "commission",
    "group",
    "service",
    "administration",
    "kremlin",
    "pentagon",
];

/// Reporting verbs that introduce a finding in running text ("The UK's defence ministry said").
const REPORTING: &[&str] = &[
    "said",
    "says",
    "stated",
    "reported",
    "announced",
    "wrote",
    "posted",
    "warned",
    "added",
];

/// Acronyms the text defines as `Full Name (ACR)`, with the full name.
pub fn acronyms(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (open, _) in text.match_indices('(') {
        let Some(close) = text[open..].find(')').map(|i| open + i) else {
            continue;
        };
        let acronym = &text[open + 1..close];
        if acronym.len() < 2
            || acronym.len() > 10
            || !acronym.chars().all(|c| c.is_ascii_uppercase())
        {
            continue;
        }
        // Walk back over capitalised words (and the small words inside names) until their
        // initials spell the acronym; failing that, as many capitalised words as the acronym has
        // letters, the first initial agreeing ("… Monitoring Group (MSMT)" for a "Team").
        let words: Vec<&str> = text[..open].split_whitespace().rev().take(12).collect();
        let letters = acronym.chars().count();
        // The acronym takes every capitalised word's initial and may take small words' too
        // ("Panel of Experts on Libya" is POEL).
        let mut initials = String::new();
        let mut all_initials = String::new();
        let mut taken = 0;
        for (k, w) in words.iter().enumerate() {
            let first = w.chars().next().unwrap_or(' ');
            if first.is_uppercase() {
                initials.insert(0, first);
            } else if !["of", "and", "for", "on", "the"].contains(w) {
                break;
            }
            all_initials.insert(0, first.to_ascii_uppercase());
            let same_count = initials.chars().count() == letters;
            let spelled =
                is_subsequence(&initials, acronym) && is_subsequence(acronym, &all_initials);
            if first.is_uppercase() && (spelled || (same_count && acronym.starts_with(first))) {
                taken = k + 1;
                break;
            }
            if same_count {
                break;
            }
        }
        if taken > 0 {
            let full: Vec<&str> = words[..taken].iter().rev().copied().collect();
            let full = full.join(" ");
            if !found.iter().any(|(a, _): &(String, String)| a == acronym) {
                found.push((acronym.to_string(), full));
            }
        }
    }
    found
}

/// Whether the letters of `short` appear in `long` in order.
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

fn is_acronym(w: &str) -> bool {
    w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '.')
}

/// A name phrase worth taking as an author: an acronym, two or more capitalised words, or a
/// phrase of a known side.
fn is_author_name(name: &str, actors: &Actors) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    !words.is_empty()
        && (words.iter().any(|w| is_acronym(w))
            || words.len() >= 2
            || actors.side_of(name).is_some())
}

fn trim_word(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '’' && c != '\'')
}

/// The capitalised words right before byte `end` ("the MSMT report" → "MSMT", "the UK’s
/// assessment" → "UK").
fn name_before(text: &str, end: usize) -> Option<String> {
    let mut words = Vec::new();
    for raw in text[..end].split_whitespace().rev().take(6) {
        let w = trim_word(raw);
        if raw.ends_with([',', '.', ';', ':']) && !words.is_empty() {
            break;
        }
        if w.starts_with(char::is_uppercase) && !["The", "A", "An"].contains(&w) {
            words.push(crate::text::strip_possessive(w));
        } else {
            break;
        }
    }
    words.reverse();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The name after "by" or "from" right after byte `from` ("report by the X Group").
fn name_after_by(text: &str, from: usize) -> Option<String> {
    let mut iter = text[from..].split_whitespace();
    if !matches!(iter.next(), Some("by" | "from")) {
        return None;
    }
    let mut words = Vec::new();
    for raw in iter.take(8) {
        let w = trim_word(raw);
        if words.is_empty() && ["the", "a", "an"].contains(&w) {
            continue;
        }
        let small = !words.is_empty() && ["of", "and", "for", "on"].contains(&w);
        if w.starts_with(char::is_uppercase) || small {
            words.push(w);
        } else {
            break;
        }
        if raw.ends_with([',', '.', ';', ':', ')']) {
            break;
        }
    }
    while words
        .last()
        .is_some_and(|w| w.starts_with(char::is_lowercase))
    {
        words.pop();
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Whole-word, case-insensitive occurrences of `noun` in `text`, as byte ranges.
fn occurrences<'a>(text: &'a str, noun: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    crate::text::words(text)
        .filter(move |(_, w)| w.eq_ignore_ascii_case(noun))
        .map(|(o, w)| (o, o + w.len()))
}

/// The author the article names for a document noun: "the MSMT report", "a report by the X",
/// nearest before `at`, else the first after.
fn named_author(text: &str, noun: &str, at: usize, actors: &Actors) -> Option<String> {
    let mut before = None;
    let mut after = None;
    for (s, e) in occurrences(text, noun) {
        let name = name_before(text, s)
            .filter(|n| is_author_name(n, actors))
            .or_else(|| name_after_by(text, e).filter(|n| is_author_name(n, actors)));
        if let Some(name) = name {
            if s < at {
                before = Some(name);
            } else if after.is_none() {
                after = Some(name);
            }
        }
    }
    before.or(after)
}

/// The subject of the last reporting verb in the two paragraphs before `at` ("The UK’s defence
/// ministry said in a post …" before "…, the intelligence said").
fn previous_reporter(text: &str, at: usize, actors: &Actors) -> Option<String> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut window_start = line_start;
    for _ in 0..2 {
        let trimmed = text[..window_start].trim_end_matches('\n');
        window_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    }
    let window = &text[window_start..line_start];
    let verb = crate::text::words(window)
        .filter(|(_, w)| REPORTING.contains(w))
        .last()?;
    let verb_at = window_start + verb.0;
    let sentence_start = text[..verb_at].rfind(['.', '\n', ';']).map_or(0, |i| i + 1);
    let subject = text[sentence_start..verb_at].trim();
    let subject = subject
        .strip_prefix("The ")
        .or_else(|| subject.strip_prefix("the "))
        .unwrap_or(subject);
    if subject.split_whitespace().count() > 6 {
        return None;
    }
    match actors.find(subject) {
        Some(actor) => Some(actor.name.clone()),
        None => is_body(subject, actors).then(|| subject.to_string()),
    }
}

/// Whether a name is an organisation: its head noun (the last word before a preposition,
/// "official" in "an official at the defence ministry") is a body word, or a known actor's role is.
fn is_body(name: &str, actors: &Actors) -> bool {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let head_end = words
        .iter()
        .position(|w| ["at", "of", "in", "for", "from", "with"].contains(w))
        .unwrap_or(words.len());
    let head = head_end
        .checked_sub(1)
        .map(|i| crate::text::strip_possessive(words[i]));
    actors
        .find(name)
        .is_some_and(|a| BODY_WORDS.iter().any(|b| a.role.to_lowercase().contains(b)))
        || head.is_some_and(|h| BODY_WORDS.contains(&h))
}

/// Resolves document, place and acronym speakers of one article's quotes (see the module doc).
pub fn resolve(text: &str, quotes: &mut [Quote], actors: &Actors) {
    let defined = acronyms(text);
    let expand = |name: &str| -> String {
        defined
            .iter()
            .find(|(a, _)| a == name)
            .map_or_else(|| name.to_string(), |(_, full)| full.clone())
    };
    let canonical = |name: &str| -> String {
        let full = expand(name);
        actors.find(&full).map_or(full, |a| a.name.clone())
    };
    // Documents: the named author, else the body that reported just before.
    for quote in quotes.iter_mut() {
        let Some(speaker) = quote.speaker.as_mut() else {
            continue;
        };
        let bare = speaker.mention.to_lowercase();
        let bare = bare
            .trim_start_matches("the ")
            .trim_start_matches("a ")
            .trim_start_matches("this ");
        if !DOCUMENT_NOUNS.contains(&bare) {
            if speaker.name.chars().all(|c| c.is_uppercase()) {
                speaker.name = canonical(&speaker.name);
            }
            continue;
        }
        let author = named_author(text, bare, quote.start, actors)
            .or_else(|| previous_reporter(text, quote.start, actors));
        if let Some(author) = author {
            speaker.name = canonical(&author);
            speaker.side = actors.side_of(&speaker.name).or(speaker.side.take());
        }
    }
    // Places standing for their state: the one body of that side the article quotes.
    let places: Vec<Option<String>> = quotes
        .iter()
        .map(|q| q.speaker.as_ref().and_then(|s| actors.place_side(&s.name)))
        .collect();
    if places.iter().all(Option::is_none) {
        return;
    }
    let bodies: BTreeSet<(String, String)> = quotes
        .iter()
        .zip(&places)
        .filter(|(_, place)| place.is_none())
        .filter_map(|(q, _)| q.speaker.as_ref())
        .filter(|s| is_body(&s.name, actors))
        .filter_map(|s| s.side.clone().map(|side| (side, s.name.clone())))
        .collect();
    for (quote, place) in quotes.iter_mut().zip(places) {
        let (Some(speaker), Some(side)) = (quote.speaker.as_mut(), place) else {
            continue;
        };
        let mut of_side = bodies.iter().filter(|(s, _)| *s == side);
        if let (Some((_, body)), None) = (of_side.next(), of_side.next()) {
            speaker.name = body.clone();
            speaker.side = Some(side);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_defined_in_parentheses_are_spelled_out() {
        let text = "It comes from the Multilateral Sanctions Monitoring Group (MSMT), set up by \
                    the Government Accountability Office (GAO) and (UN) alone.";
        let found = acronyms(text);
        assert_eq!(
            found,
            vec![
                (
                    "MSMT".to_string(),
                    "Multilateral Sanctions Monitoring Group".to_string()
                ),
                (
                    "GAO".to_string(),
                    "Government Accountability Office".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_document_names_its_author_before_or_after_it() {
        let actors = Actors::builtin();
        let text = "A report by the Panel of Experts said so. Later the MSMT report came out.";
        assert_eq!(
            named_author(text, "report", 60, &actors).as_deref(),
            Some("MSMT")
        );
        assert_eq!(
            named_author(text, "report", 0, &actors).as_deref(),
            Some("Panel of Experts")
        );
        let western = "North Korea denounced a report by a Western group.";
        assert_eq!(named_author(western, "report", 0, &actors), None);
    }
}
