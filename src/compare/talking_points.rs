//! Talking points: the same wording (three or more words, at least two of them content words)
//! in quotations by speakers of one side, across different events.

use std::collections::{BTreeMap, BTreeSet, HashMap};

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

/// `event_of(article)` gives the event id and date of an article.
pub fn find(
    quotes: &[Quote],
    event_of: &dyn Fn(&str) -> (String, Option<String>),
) -> Vec<TalkingPoint> {
    // (side, phrase) → occurrences (one per quote).
    let mut phrases: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (qi, quote) in quotes.iter().enumerate() {
        let Some(side) = quote.speaker.as_ref().and_then(|s| s.side.clone()) else {
            continue;
        };
        let words: Vec<String> = text::words(&quote.text)
            .map(|(_, w)| w.to_lowercase().replace('’', "'"))
            .collect();
        let mut seen = BTreeSet::new();
        for n in MIN_WORDS..=MAX_WORDS.min(words.len()) {
            for window in words.windows(n) {
                let content = window.iter().filter(|w| !text::is_stopword(w)).count();
                let edges_content =
                    !text::is_stopword(&window[0]) && !text::is_stopword(&window[n - 1]);
                if content >= 2 && edges_content {
                    let phrase = window.join(" ");
                    if seen.insert(phrase.clone()) {
                        phrases.entry((side.clone(), phrase)).or_default().push(qi);
                    }
                }
            }
        }
    }
    let mut points: Vec<TalkingPoint> = Vec::new();
    for ((side, phrase), occurrences) in phrases {
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
