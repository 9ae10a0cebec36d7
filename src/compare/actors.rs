//! Known actors and sides (`src/data/actors.toml`): who a speaker is, and whom they speak for.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub const BUILTIN_ACTORS: &str = include_str!("../data/actors.toml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub side: String,
    #[serde(default)]
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub name: String,
    pub cues: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Actors {
    #[serde(default, rename = "side")]
    pub sides: Vec<Side>,
    #[serde(default, rename = "actor")]
    pub actors: Vec<Actor>,
}

fn fold(s: &str) -> String {
    s.to_lowercase().replace('’', "'")
}

/// True when `needle` occurs in `haystack` as whole words.
fn contains_words(haystack: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = haystack[from..].find(needle) {
        let start = from + pos;
        let end = start + needle.len();
        let before_ok = haystack[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = haystack[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() && c != '\'');
        let possessive = haystack[end..].starts_with("'s");
        if before_ok && (after_ok || possessive) {
            return true;
        }
        from = start + needle.len().max(1);
    }
    false
}

impl Actors {
    pub fn builtin() -> Actors {
        Self::from_toml(BUILTIN_ACTORS, Path::new("<built-in actors.toml>"))
            .expect("the built-in actors file is valid")
    }

    pub fn load(path: &Path) -> Result<Actors> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::from_toml(&text, path)
    }

    pub fn from_toml(text: &str, path: &Path) -> Result<Actors> {
        toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start].lines().count().max(1));
            Error::input(path, line, e.message().to_string())
        })
    }

    /// The known actor a speaker phrase names. English noun phrases end in their head, so the
    /// alias found furthest right wins ("Russian Foreign Ministry spokeswoman Maria Zakharova" is
    /// Zakharova, not the ministry); among aliases ending at one place, the longest.
    pub fn find(&self, phrase: &str) -> Option<&Actor> {
        let folded = fold(phrase);
        self.actors
            .iter()
            .flat_map(|a| {
                std::iter::once(&a.name)
                    .chain(&a.aliases)
                    .map(move |n| (a, fold(n)))
            })
            .filter_map(|(a, alias)| {
                find_word(&folded, &alias).map(|start| (a, start + alias.len(), alias.len()))
            })
            .max_by_key(|(a, end, len)| (*end, *len, std::cmp::Reverse(a.name.clone())))
            .map(|(a, _, _)| a)
    }

    /// The known actor of `side` whose name holds every distinctive word of `phrase` (generic
    /// words such as "affairs", "the", "country's" aside): "Foreign Affairs Ministry" of the DPRK
    /// is the North Korean Foreign Ministry. `None` unless exactly one actor fits.
    pub fn by_side_and_words(&self, side: &str, phrase: &str) -> Option<&Actor> {
        const GENERIC: &[&str] = &[
            "the",
            "of",
            "affairs",
            "country's",
            "its",
            "state",
            "an",
            "a",
        ];
        let words: Vec<String> = fold(phrase)
            .split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
                    .to_string()
            })
            .filter(|w| !w.is_empty() && !GENERIC.contains(&w.as_str()))
            .collect();
        if words.len() < 2 {
            return None;
        }
        let mut fits = self.actors.iter().filter(|a| {
            a.side == side && {
                let name = fold(&a.name);
                let name_words: Vec<&str> = name.split_whitespace().collect();
                words.iter().all(|w| name_words.contains(&w.as_str()))
            }
        });
        match (fits.next(), fits.next()) {
            (Some(actor), None) => Some(actor),
            _ => None,
        }
    }

    /// The side whose place name (a cue such as "Pyongyang" or "North Korea", or the side's own
    /// name) is the whole phrase: a place standing for its state.
    pub fn place_side(&self, phrase: &str) -> Option<String> {
        let folded = fold(crate::text::strip_possessive(phrase.trim()));
        self.sides
            .iter()
            .find(|side| fold(&side.name) == folded || side.cues.iter().any(|c| fold(c) == folded))
            .map(|side| side.name.clone())
    }

    /// The side a phrase speaks for: a known actor's, else the first side whose cue appears in it
    /// (earliest in the phrase wins: "Russia's Foreign Ministry spokeswoman" → Russia).
    pub fn side_of(&self, phrase: &str) -> Option<String> {
        if let Some(actor) = self.find(phrase) {
            return Some(actor.side.clone());
        }
        let mut best: Option<(usize, &str)> = None;
        for side in &self.sides {
            for cue in &side.cues {
                // Cues like "US" are case-sensitive, so "us" (the pronoun) is not America.
                let found = if cue.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) {
                    find_word(phrase, cue)
                } else {
                    find_word(&fold(phrase), &fold(cue))
                };
                if let Some(pos) = found {
                    if best.is_none_or(|(p, _)| pos < p) {
                        best = Some((pos, &side.name));
                    }
                }
            }
        }
        best.map(|(_, s)| s.to_string())
    }
}

fn find_word(haystack: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(pos) = haystack[from..].find(needle) {
        let start = from + pos;
        if contains_words(&haystack[start..], needle)
            && haystack[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        {
            let end = start + needle.len();
            let after = haystack[end..].chars().next();
            if after.is_none_or(|c| !c.is_alphanumeric())
                || haystack[end..].starts_with("'s")
                || haystack[end..].starts_with("’s")
            {
                return Some(start);
            }
        }
        from = start + needle.len().max(1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_actors_and_sides() {
        let actors = Actors::builtin();
        assert_eq!(
            actors.find("Kremlin spokesman Dmitry Peskov").unwrap().name,
            "Dmitry Peskov"
        );
        assert_eq!(actors.find("Peskov").unwrap().name, "Dmitry Peskov");
        assert_eq!(
            actors
                .find("Russian Foreign Ministry spokeswoman Maria Zakharova")
                .unwrap()
                .name,
            "Maria Zakharova"
        );
        assert_eq!(
            actors.find("Russia's Foreign Ministry").unwrap().name,
            "Russian Foreign Ministry"
        );
        assert_eq!(
            actors
                .side_of("Russia's Foreign Ministry spokeswoman")
                .as_deref(),
            Some("Russia")
        );
        assert_eq!(
            actors
                .side_of("an unnamed official at North Korea’s defense ministry")
                .as_deref(),
            Some("DPRK")
        );
        assert_eq!(actors.side_of("some of us"), None);
        assert_eq!(
            actors.side_of("the UK’s defence ministry").as_deref(),
            Some("UK")
        );
    }
}
