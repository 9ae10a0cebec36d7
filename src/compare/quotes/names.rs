//! Canonical speaker names: within an article (the fullest earlier mention, a known actor, a
//! document's author) and across the corpus ("Peskov" → "Dmitry Peskov").

use std::collections::HashMap;

use crate::compare::actors::Actors;

use super::coreference::DOCUMENT_NOUNS;
use super::Quote;

/// Gives speakers their canonical names and sides: a known actor's name; else, within the
/// article, the fullest earlier mention that contains this one ("the ministry" → "Russia's
/// Foreign Ministry", "Peskov" → "Dmitry Peskov").
pub(super) fn canonicalise_within(quotes: &mut [Quote], actors: &Actors) {
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
pub(super) fn refresh_followers(quotes: &mut [Quote]) {
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
