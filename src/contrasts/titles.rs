//! Neutral titles for clusters and the across-events caution. A cluster's label from the
//! clustering is the headline of its most central article: one outlet's framing. The title a
//! page shows is built from what the articles share (named actors, then the cluster's key words)
//! with the date span; a single article keeps its headline, said to be whose.

use crate::cluster::{Evidence, Storyline};
use crate::model::Article;
use crate::text;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// (year, month, day) of a `YYYY-MM-DD` date.
fn ymd(date: &str) -> Option<(&str, usize, usize)> {
    let mut parts = date.splitn(3, '-');
    let year = parts.next().filter(|y| y.len() == 4)?;
    let month: usize = parts.next()?.parse().ok()?;
    let day: usize = parts.next()?.get(..2)?.parse().ok()?;
    (1..=12).contains(&month).then_some((year, month, day))
}

/// "2 May 2024", "Oct – Nov 2023", "Sep 2022 – Jun 2025"; `None` without dates.
pub fn date_span(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let first = ymd(first?)?;
    let last = last.and_then(ymd).unwrap_or(first);
    let month = |d: (&str, usize, usize)| MONTHS[d.1 - 1];
    Some(if first == last {
        format!("{} {} {}", first.2, month(first), first.0)
    } else if first.0 == last.0 && first.1 == last.1 {
        format!("{}–{} {} {}", first.2, last.2, month(first), first.0)
    } else if first.0 == last.0 {
        format!("{} – {} {}", month(first), month(last), first.0)
    } else {
        format!("{} {} – {} {}", month(first), first.0, month(last), last.0)
    })
}

/// Most articles whose wording a title is read from: enough to see how a cluster writes its
/// words, and no scan of thousands of texts per cluster.
const TITLE_SAMPLE: usize = 40;

/// The headlines and texts a title is read from, each with its lower-case form (made once:
/// every word of the title is looked up in them). Texts whose lower case changes their length
/// are left out, so that offsets in one are offsets in the other.
struct Sample<'a> {
    sources: Vec<(&'a str, String)>,
}

impl<'a> Sample<'a> {
    fn of(articles: &[&'a Article]) -> Sample<'a> {
        let sources = articles
            .iter()
            .take(TITLE_SAMPLE)
            .flat_map(|a| [a.title.as_str(), a.text.as_str()])
            .map(|source| (source, source.to_lowercase()))
            .filter(|(source, lower)| lower.len() == source.len())
            .collect();
        Sample { sources }
    }

    /// How often the sample writes `term` (lower case) as whole words, by the form it takes
    /// ("north korea" → {"North Korea": 5}).
    fn forms(&self, term: &str) -> std::collections::BTreeMap<&'a str, usize> {
        let mut counts: std::collections::BTreeMap<&'a str, usize> = Default::default();
        for (source, lower) in &self.sources {
            let mut from = 0;
            while let Some(pos) = lower[from..].find(term) {
                let start = from + pos;
                let end = start + term.len();
                let before = lower[..start].chars().next_back();
                let after = lower[end..].chars().next();
                // A hyphen joins: "sex" of "same-sex" is not the word "sex".
                let joins = |c: char| c.is_alphanumeric() || c == '-';
                if before.is_none_or(|c| !joins(c)) && after.is_none_or(|c| !joins(c)) {
                    *counts.entry(&source[start..end]).or_default() += 1;
                }
                from = end;
            }
        }
        counts
    }

    /// The form `term` (lower case) most often takes, so that "north korea" reads "North
    /// Korea"; the term itself when the sample never writes it as a word.
    fn surface(&self, term: &str) -> String {
        let mut best: Option<(usize, &str)> = None;
        for (form, n) in self.forms(term) {
            if best.is_none_or(|b| n > b.0) {
                best = Some((n, form));
            }
        }
        best.map_or_else(|| term.to_string(), |b| b.1.to_string())
    }

    /// How often the sample writes `term` (lower case) as whole words.
    fn occurrences(&self, term: &str) -> usize {
        self.forms(term).values().sum()
    }
}

/// The cluster's key words for its title, at most three, from its top terms: not an actor's
/// word, and read as the articles write them — a word mostly written next to another key word
/// joins it ("North" and "Carolina" are "North Carolina"; at least twice, and in half the
/// places the word stands), and a word mostly written just before an actor is part of the
/// actor's name ("Bob" of "Bob Etheridge"), which the title already has.
fn key_words(terms: &[&String], actors: &[String], sample: &Sample) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for &t in terms {
        let alone = sample.occurrences(t);
        let mostly = |phrase: String| {
            let n = sample.occurrences(&phrase);
            n >= 2 && 2 * n >= alone
        };
        if actors.iter().any(|a| mostly(format!("{t} {a}"))) {
            continue;
        }
        if let Some(k) = keys.iter().position(|k| mostly(format!("{k} {t}"))) {
            keys[k] = format!("{} {t}", keys[k]);
            continue;
        }
        if let Some(k) = keys.iter().position(|k| mostly(format!("{t} {k}"))) {
            keys[k] = format!("{t} {}", keys[k]);
            continue;
        }
        keys.push(t.clone());
        if keys.len() == 3 {
            break;
        }
    }
    keys
}

/// The neutral title of a cluster of `articles` (two or more): up to two shared actors and up to
/// three key words, with the date span. One article: "Outlet: headline".
pub fn title(
    articles: &[&Article],
    evidence: &Evidence,
    first: Option<&str>,
    last: Option<&str>,
) -> String {
    if let [one] = articles {
        let outlet = one
            .meta
            .outlet
            .as_ref()
            .map(|o| o.value.clone())
            .unwrap_or_else(|| "Outlet unknown".into());
        return format!("{outlet}: “{}”", one.title);
    }
    let mut actors: Vec<String> = Vec::new();
    for a in &evidence.shared_actors {
        let a = a.to_lowercase();
        if a.contains(" and ")
            || actors
                .iter()
                .any(|k| k.contains(a.as_str()) || a.contains(k.as_str()))
        {
            continue;
        }
        actors.push(a);
        if actors.len() == 2 {
            break;
        }
    }
    let actor_words: Vec<String> = actors
        .iter()
        .flat_map(|a| {
            text::words(a)
                .map(|(_, w)| text::stem(w))
                .collect::<Vec<_>>()
        })
        .collect();
    let terms: Vec<&String> = evidence
        .top_terms
        .iter()
        .filter(|t| {
            !actor_words.contains(&text::stem(t))
                && !text::is_stopword(t)
                && t.chars().all(|c| c.is_alphabetic() || c == '-')
        })
        .take(6)
        .collect();
    let sample = Sample::of(articles);
    let keys: Vec<String> = key_words(&terms, &actors, &sample)
        .iter()
        .map(|t| sample.surface(t))
        .collect();
    let mut title = actors
        .iter()
        .map(|a| sample.surface(a))
        .collect::<Vec<_>>()
        .join(" and ");
    if !keys.is_empty() {
        if !title.is_empty() {
            title.push_str(": ");
        }
        title.push_str(&keys.join(", "));
    }
    if title.is_empty() {
        title = format!("{} articles", articles.len());
    }
    if let Some(span) = date_span(first, last) {
        title.push_str(&format!(" ({span})"));
    }
    title
}

/// The caution for a storyline whose articles report different events, or `None`.
pub fn across_events(storyline: &Storyline) -> Option<String> {
    let events = storyline
        .events
        .iter()
        .filter(|e| !e.articles.is_empty())
        .count();
    if events < 2 {
        return None;
    }
    let articles = storyline.article_ids().count();
    let first = storyline
        .events
        .iter()
        .filter_map(|e| e.first_date.as_deref())
        .min();
    let last = storyline
        .events
        .iter()
        .filter_map(|e| e.last_date.as_deref())
        .max();
    let span = date_span(first, last)
        .map(|s| format!(" ({s})"))
        .unwrap_or_default();
    Some(format!(
        "These {articles} articles report {events} different events{span}: differences may reflect time as much as framing."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_words_read_as_the_articles_write_them() {
        // BASIL headlines and openings (Etheridge; Obama on same-sex marriage).
        let a = Article::from_paragraphs(
            "a",
            "Bob Etheridge Attacks Student: North Carolina Congressman Gets Rough",
            &["Rep. Bob Etheridge of North Carolina apologized on Monday."],
        );
        let b = Article::from_paragraphs(
            "b",
            "Obama Endorses Same-Sex Marriage",
            &["President Obama said he supports same-sex marriage, and marriage equality."],
        );
        let terms = ["north", "carolina", "bob"].map(String::from);
        let refs: Vec<&String> = terms.iter().collect();
        assert_eq!(
            key_words(&refs, &["etheridge".to_string()], &Sample::of(&[&a])),
            ["north carolina"]
        );
        let terms = ["marriage", "sex"].map(String::from);
        let refs: Vec<&String> = terms.iter().collect();
        assert_eq!(
            key_words(&refs, &[], &Sample::of(&[&b])),
            ["marriage", "sex"]
        );
    }

    #[test]
    fn date_spans_read_as_a_person_writes_them() {
        assert_eq!(
            date_span(Some("2022-09-22"), Some("2025-06-01")).as_deref(),
            Some("Sep 2022 – Jun 2025")
        );
        assert_eq!(
            date_span(Some("2023-10-26"), Some("2023-11-11")).as_deref(),
            Some("Oct – Nov 2023")
        );
        assert_eq!(
            date_span(Some("2024-05-02"), None).as_deref(),
            Some("2 May 2024")
        );
        assert_eq!(date_span(Some("sometime"), None), None);
    }
}
