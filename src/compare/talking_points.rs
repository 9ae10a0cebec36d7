//! Talking points: the same wording (three or more words, at least two of them content words)
//! in quotations by speakers of one side, across different events.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::compare::quotes::Quote;
use crate::text;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Occurrence {
    pub quote: String,
    pub article: String,
    pub event: String,
    pub speaker: String,
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TalkingPoint {
    pub phrase: String,
    pub side: String,
    pub occurrences: Vec<Occurrence>,
}

const MIN_WORDS: usize = 3;
const MAX_WORDS: usize = 8;

/// Where a phrase first occurs: (quote, first word, number of words).
type FirstUse = (usize, usize, usize);

/// A fixed hash of a run of words (the same in every run, so output is reproducible).
fn phrase_hash(words: &[String]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    words.hash(&mut hasher);
    hasher.finish()
}

/// `event_of(article)` gives the event id and date of an article.
pub fn find(
    quotes: &[Quote],
    event_of: &dyn Fn(&str) -> (String, Option<String>),
) -> Vec<TalkingPoint> {
    // (side, hash of the phrase) → the quotes holding it, and where the first one has it (quote,
    // first word, length): phrases are spelled out only for those found at two events. At
    // research scale the n-grams of every quotation are tens of millions; keyed by their
    // strings they took most of the comparison's time and memory.
    let mut side_ids: HashMap<&str, u32> = HashMap::new();
    let mut phrases: HashMap<(u32, u64), (FirstUse, Vec<usize>)> = HashMap::new();
    for (qi, quote) in quotes.iter().enumerate() {
        let Some(side) = quote.speaker.as_ref().and_then(|s| s.side.as_deref()) else {
            continue;
        };
        let next = side_ids.len() as u32;
        let side = *side_ids.entry(side).or_insert(next);
        let words: Vec<String> = text::folded_words(&quote.text).collect();
        let mut seen = HashSet::new();
        for n in MIN_WORDS..=MAX_WORDS.min(words.len()) {
            for (at, window) in words.windows(n).enumerate() {
                let content = window.iter().filter(|w| !text::is_stopword(w)).count();
                let edges_content =
                    !text::is_stopword(&window[0]) && !text::is_stopword(&window[n - 1]);
                if content >= 2 && edges_content {
                    let key = (side, phrase_hash(window));
                    if seen.insert(key) {
                        phrases
                            .entry(key)
                            .or_insert_with(|| ((qi, at, n), Vec::new()))
                            .1
                            .push(qi);
                    }
                }
            }
        }
    }
    let side_names: HashMap<u32, &str> = side_ids.iter().map(|(&n, &k)| (k, n)).collect();
    let mut spelled: Vec<((String, String), Vec<usize>)> = phrases
        .into_iter()
        .filter(|(_, (_, occurrences))| {
            let first = event_of(&quotes[occurrences[0]].article).0;
            occurrences
                .iter()
                .any(|&q| event_of(&quotes[q].article).0 != first)
        })
        .map(|((side, _), ((qi, at, n), occurrences))| {
            let words: Vec<String> = text::folded_words(&quotes[qi].text).collect();
            let phrase = words[at..at + n].join(" ");
            ((side_names[&side].to_string(), phrase), occurrences)
        })
        .collect();
    spelled.sort();
    let mut points: Vec<TalkingPoint> = Vec::new();
    for ((side, phrase), occurrences) in spelled {
        let events: BTreeSet<String> = occurrences
            .iter()
            .map(|&q| event_of(&quotes[q].article).0)
            .collect();
        if events.len() < 2 {
            continue;
        }
        let occurrences: Vec<Occurrence> = occurrences
            .iter()
            .map(|&q| {
                let (event, date) = event_of(&quotes[q].article);
                Occurrence {
                    quote: quotes[q].id.clone(),
                    article: quotes[q].article.clone(),
                    event,
                    speaker: quotes[q]
                        .speaker
                        .as_ref()
                        .map(|s| s.name.clone())
                        .unwrap_or_default(),
                    date,
                }
            })
            .collect();
        points.push(TalkingPoint {
            phrase,
            side,
            occurrences,
        });
    }
    // Keep only maximal phrases: drop one contained in a longer phrase with the same quotes.
    // Phrases with the same side and quotes are bucketed, and each longer phrase marks the
    // shorter runs of its words, so no phrase is compared with every other.
    let mut buckets: HashMap<(&str, Vec<&str>), Vec<usize>> = HashMap::new();
    for (k, p) in points.iter().enumerate() {
        let key = (
            p.side.as_str(),
            p.occurrences.iter().map(|o| o.quote.as_str()).collect(),
        );
        buckets.entry(key).or_default().push(k);
    }
    let mut contained = vec![false; points.len()];
    for members in buckets.values().filter(|m| m.len() > 1) {
        let by_phrase: HashMap<&str, usize> = members
            .iter()
            .map(|&k| (points[k].phrase.as_str(), k))
            .collect();
        for &k in members {
            let words: Vec<&str> = points[k].phrase.split(' ').collect();
            for n in MIN_WORDS..words.len() {
                for window in words.windows(n) {
                    if let Some(&shorter) = by_phrase.get(window.join(" ").as_str()) {
                        contained[shorter] = true;
                    }
                }
            }
        }
    }
    let mut keep = contained.iter().map(|c| !c);
    points.retain(|_| keep.next().unwrap_or(true));
    points.sort_by(|a, b| {
        b.occurrences
            .len()
            .cmp(&a.occurrences.len())
            .then(a.phrase.cmp(&b.phrase))
    });
    points
}
