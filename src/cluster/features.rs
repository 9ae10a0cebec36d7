//! What clustering compares: a TF-IDF vector per article (sublinear, over stemmed content words,
//! named actors and numbers with units), plus the readable evidence behind it.

use std::collections::HashMap;
use std::sync::OnceLock;

use rayon::prelude::*;
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::config::ClusterConfig;
use crate::model::Article;
use crate::text;

/// A sparse vector: (term id, weight), sorted by term id.
pub type SparseVec = Vec<(u32, f32)>;

pub fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f64 {
    // A group's summed vector can be a hundred times longer than an article's: then each term of
    // the short one is looked up in the long one instead of walking both.
    if a.len() > 16 * b.len() {
        return dot_by_lookup(b, a);
    }
    if b.len() > 16 * a.len() {
        return dot_by_lookup(a, b);
    }
    let (mut i, mut j, mut sum) = (0, 0, 0.0f64);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 as f64 * b[j].1 as f64;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// `dot` for a `short` vector against a much longer one, adding the products in the same (term)
/// order as the walk, so both give the same result to the last bit.
fn dot_by_lookup(short: &[(u32, f32)], long: &[(u32, f32)]) -> f64 {
    let mut rest = long;
    let mut sum = 0.0f64;
    for &(term, weight) in short {
        let at = rest.partition_point(|&(t, _)| t < term);
        rest = &rest[at..];
        match rest.first() {
            Some(&(t, other)) if t == term => sum += weight as f64 * other as f64,
            Some(_) => {}
            None => break,
        }
    }
    sum
}

/// Orders (key, weight) pairs heaviest first, ties to the smaller key: the one order in which
/// terms and neighbours are ranked, so that no ranking depends on the order it was given.
/// Weights compare as `f64`, which every `f32` converts to exactly.
pub fn heaviest_first<K: Ord, W: Copy + Into<f64>>(x: &(K, W), y: &(K, W)) -> std::cmp::Ordering {
    let (x_weight, y_weight): (f64, f64) = (x.1.into(), y.1.into());
    y_weight.total_cmp(&x_weight).then(x.0.cmp(&y.0))
}

/// The sum of many sparse vectors, accumulated per term in the order given (so the result is
/// the same as adding them one by one), in time linear in their total size.
pub fn sum_of<'a>(vectors: impl IntoIterator<Item = &'a SparseVec>) -> SparseVec {
    let mut totals: HashMap<u32, f32> = HashMap::new();
    for vector in vectors {
        for &(term, weight) in vector {
            *totals.entry(term).or_insert(0.0) += weight;
        }
    }
    let mut out: SparseVec = totals.into_iter().collect();
    out.sort_unstable_by_key(|&(term, _)| term);
    out
}

/// Adds `b` into `a` (both sorted by term id).
pub fn add_into(a: &[(u32, f32)], b: &[(u32, f32)]) -> SparseVec {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j >= b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i >= a.len() || b[j].0 < a[i].0 {
            out.push(b[j]);
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + b[j].1));
            i += 1;
            j += 1;
        }
    }
    out
}

/// Named actors and places: runs of capitalised words ("Kremlin spokesman Dmitry Peskov" gives
/// "Dmitry Peskov"), skipping a lone capital that only starts a sentence. Returns (start, end, name).
pub fn named_actors(text: &str) -> Vec<(usize, usize, String)> {
    const CONNECTORS: &[&str] = &[
        "of", "de", "al", "bin", "von", "van", "der", "la", "du", "and",
    ];
    let mut out = Vec::new();
    for (s_start, s_end) in text::sentences(text) {
        let sentence = &text[s_start..s_end];
        let words: Vec<(usize, &str)> = text::words(sentence).collect();
        let mut i = 0;
        while i < words.len() {
            let (offset, word) = words[i];
            if !starts_upper(word) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            let mut end = i;
            while j < words.len() {
                let w = words[j].1;
                if starts_upper(w) {
                    end = j;
                    j += 1;
                } else if CONNECTORS.contains(&w)
                    && j + 1 < words.len()
                    && starts_upper(words[j + 1].1)
                {
                    j += 1;
                } else {
                    break;
                }
            }
            let mut first = i;
            // Drop capitalised function words that merely open the sentence ("The", "In"), and
            // calendar words, which are dates rather than actors.
            while first <= end
                && (text::is_stopword(&words[first].1.to_lowercase())
                    || text::CALENDAR.contains(&words[first].1))
            {
                first += 1;
            }
            if first <= end {
                let single_at_start = first == end && first == 0;
                let name_start = s_start + words[first].0;
                let name_end = s_start + words[end].0 + words[end].1.len();
                let name = text::strip_possessive(&text[name_start..name_end]);
                if !single_at_start && name.chars().count() > 1 {
                    out.push((name_start, name_start + name.len(), name.to_string()));
                }
            }
            let _ = offset;
            i = end.max(i) + 1;
        }
    }
    out
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn number_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:\$\s?)?\b(\d[\d,]*(?:\.\d+)?)(?:\s*(million|billion|thousand|trillion|percent|per cent|%))?\s+(?:of\s+)?([A-Za-z][a-z-]{2,})")
            .expect("valid number regex")
    })
}

/// Numbers with their units ("1,000 containers", "11 deliveries", "$160 million"): (start, end,
/// canonical key such as "1000 contain").
pub fn numbers_with_units(text: &str) -> Vec<(usize, usize, String)> {
    number_regex()
        .captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let number = caps[1].replace(',', "");
            let scale = caps.get(2).map(|m| m.as_str().to_lowercase());
            let unit = caps[3].to_lowercase();
            if text::is_stopword(&unit) && scale.is_none() {
                return None;
            }
            // A four-digit number standing alone is usually a year, not a quantity.
            if number.len() == 4
                && !caps[1].contains(',')
                && scale.is_none()
                && number.starts_with(['1', '2'])
            {
                return None;
            }
            let key = match scale {
                Some(scale) => format!("{number} {scale}"),
                None => format!("{number} {}", text::stem(&unit)),
            };
            Some((whole.start(), whole.end(), key))
        })
        .collect()
}

fn date_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b(?:(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)(?:\s+(\d{1,2})\b)?|((?:19|20)\d{2})\b|(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))")
            .expect("valid date regex")
    })
}

/// Explicit dates in the text: years ("2008"), months with or without a day ("May 2", "October")
/// and weekdays, as
/// (start, end, key). Two events of one kind (two earthquakes) often differ in when they happened.
pub fn date_mentions(text: &str) -> Vec<(usize, usize, String)> {
    date_regex()
        .captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let key = match (caps.get(1), caps.get(2), caps.get(3), caps.get(4)) {
                (Some(month), Some(day), _, _) => {
                    format!("{} {}", &month.as_str()[..3].to_lowercase(), day.as_str())
                }
                // A month alone ("in October"); "May" alone is too often the verb or a name.
                (Some(month), None, _, _) if month.as_str() != "May" => {
                    month.as_str()[..3].to_lowercase()
                }
                (_, _, Some(year), _) => year.as_str().to_string(),
                (_, _, _, Some(weekday)) => weekday.as_str().to_lowercase(),
                _ => return None,
            };
            Some((whole.start(), whole.end(), key))
        })
        .collect()
}

/// Everything clustering knows about one article.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ArticleFeatures {
    /// Unit-length TF-IDF vector.
    pub vector: SparseVec,
    /// Unit-length TF-IDF vector of the names in the text (the headline's counting double):
    /// the principal actors that tie the events of one story together.
    pub names: SparseVec,
    /// Named actors and places: ids of their lower-cased names in `FeatureSpace::terms`
    /// (interned, as a corpus names the same people again and again), ascending.
    pub actors: Vec<u32>,
    /// Numbers with units: ids of their canonical keys ("1000 contain") in `FeatureSpace::terms`,
    /// which reads them as first written in the corpus ("1,000 containers"), ascending.
    pub numbers: Vec<u32>,
    /// Days since 1970-01-01 of the publication date, when known.
    pub day: Option<i32>,
}

/// The vectors of a whole corpus and the vocabulary behind them.
#[derive(Debug, Clone, Default)]
pub struct FeatureSpace {
    /// Readable form of each term id: the first surface form seen for a stem, a multi-word name,
    /// a number or a date; and, for the ids in `ArticleFeatures::actors`, the lower-cased name.
    pub terms: Vec<String>,
    pub articles: Vec<ArticleFeatures>,
}

/// The terms of one chunk of articles, interned to local ids. Stemming is the costliest step of
/// counting, and a chunk repeats most of its words, so each distinct word is stemmed once.
#[derive(Default)]
struct ChunkVocabulary {
    /// Term key → local id.
    ids: HashMap<String, u32>,
    /// Lower-cased word → local id of its stem.
    words: HashMap<String, u32>,
    /// Word as written → local id of its stem, if it is a term.
    written: HashMap<String, Option<u32>>,
    /// Local id → (term key, first surface form).
    terms: Vec<(String, String)>,
}

impl ChunkVocabulary {
    fn term(&mut self, key: &str, surface: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push((key.to_string(), surface.to_string()));
        self.ids.insert(key.to_string(), id);
        id
    }

    /// The id of a word of running text as written, or `None` for words that are not terms (stop
    /// words, single letters, bare numbers). Cached as written: most words repeat, and a hit
    /// then costs one lookup instead of lower-casing, filtering and stemming.
    fn content_word(&mut self, written: &str) -> Option<u32> {
        if let Some(&id) = self.written.get(written) {
            return id;
        }
        let lower = written.to_lowercase();
        let lower = text::strip_possessive(&lower);
        let id = if lower.chars().count() < 2
            || text::is_stopword(lower)
            || lower.chars().all(|c| c.is_ascii_digit())
        {
            None
        } else {
            Some(self.word(lower))
        };
        self.written.insert(written.to_string(), id);
        id
    }

    /// The id of a lower-cased word's stem.
    fn word(&mut self, lower: &str) -> u32 {
        if let Some(&id) = self.words.get(lower) {
            return id;
        }
        let id = self.term(&text::stem(lower), lower);
        self.words.insert(lower.to_string(), id);
        id
    }
}

/// One article's counts over its chunk's vocabulary.
struct Counted {
    counts: Vec<(u32, f32)>,
    names: Vec<(u32, f32)>,
    actors: Vec<u32>,
    numbers: Vec<u32>,
    /// Days since 1970-01-01 of the publication date, when known.
    day: Option<i32>,
}

/// Adds `weight` to a term's count; a weight set to zero in the configuration adds no term.
fn add_weight(counts: &mut HashMap<u32, f64>, id: u32, weight: f64) {
    if weight > 0.0 {
        *counts.entry(id).or_insert(0.0) += weight;
    }
}

fn count_terms(
    article: &Article,
    config: &ClusterConfig,
    vocabulary: &mut ChunkVocabulary,
) -> Counted {
    let mut counts: HashMap<u32, f64> = HashMap::new();
    let mut add = |id: u32, weight: f64| add_weight(&mut counts, id, weight);
    for (source, weight) in [(&article.title, config.title_weight), (&article.text, 1.0)] {
        for (_, word) in text::words(source) {
            if let Some(id) = vocabulary.content_word(word) {
                add(id, weight);
            }
        }
    }
    let mut actors = Vec::new();
    let mut names: HashMap<u32, f64> = HashMap::new();
    for (source, source_weight) in [(&article.title, config.title_weight), (&article.text, 1.0)] {
        for (_, _, name) in named_actors(source) {
            // Single words are already counted as words; multi-word names add a term of their own.
            let lower = name.to_lowercase();
            if lower.contains(' ') {
                let id = vocabulary.term(&format!("@{lower}"), &name);
                add(id, config.entity_weight);
                add_weight(&mut names, id, source_weight);
            }
            // Names tell one event from another of the same kind (two earthquakes, two
            // arrests): each word of a name weighs more than an ordinary word.
            for (_, word) in text::words(&name) {
                let lower_word = word.to_lowercase();
                if !text::is_stopword(&lower_word) {
                    let id = vocabulary.word(text::strip_possessive(&lower_word));
                    add(id, config.proper_noun_weight);
                    add_weight(&mut names, id, source_weight);
                }
            }
            // Interned under a key of their own: a name, not a term of any vector.
            actors.push(vocabulary.term(&format!("!{lower}"), &lower));
        }
    }
    for source in [&article.title, &article.text] {
        for (start, end, key) in date_mentions(source) {
            add(
                vocabulary.term(&format!("%{key}"), &source[start..end]),
                config.date_weight,
            );
        }
    }
    let mut numbers = Vec::new();
    for (start, end, key) in numbers_with_units(&article.text) {
        let id = vocabulary.term(&format!("#{key}"), &article.text[start..end]);
        add(id, config.number_weight);
        numbers.push(id);
    }
    let as_pairs =
        |counts: HashMap<u32, f64>| counts.into_iter().map(|(id, w)| (id, w as f32)).collect();
    Counted {
        counts: as_pairs(counts),
        names: as_pairs(names),
        actors,
        numbers,
        day: article.date().and_then(day_number),
    }
}

/// Scales a vector to unit length (a zero vector stays zero).
pub fn unit(mut vector: SparseVec) -> SparseVec {
    let norm = vector
        .iter()
        .map(|(_, w)| (*w as f64).powi(2))
        .sum::<f64>()
        .sqrt();
    if norm > 0.0 {
        for (_, w) in &mut vector {
            *w = (*w as f64 / norm) as f32;
        }
    }
    vector
}

fn day_number(date: &str) -> Option<i32> {
    let date: jiff::civil::Date = date.parse().ok()?;
    let epoch = jiff::civil::date(1970, 1, 1);
    Some(epoch.until(date).ok()?.get_days())
}

/// Articles per chunk: one chunk per thread. Each chunk keeps its own vocabulary until they are
/// merged, so fewer, larger chunks hold fewer copies of the common words (and cache more of
/// them): four chunks per thread held 2.7 times the vocabulary entries of one, for no gain in
/// speed (the chunks are equal in size).
fn chunk_size(articles: usize) -> usize {
    articles.div_ceil(rayon::current_num_threads()).max(256)
}

/// One chunk's counts, over the chunk's own vocabulary.
struct Chunk {
    /// Local id → (term, first surface form).
    vocabulary: Vec<(String, String)>,
    articles: Vec<Counted>,
}

/// Counts a chunk's articles under one vocabulary, `count` doing each article.
fn count_chunk<A>(
    chunk: impl Iterator<Item = A>,
    mut count: impl FnMut(A, &mut ChunkVocabulary) -> Counted,
) -> Chunk {
    let mut vocabulary = ChunkVocabulary::default();
    let articles = chunk
        .map(|article| count(article, &mut vocabulary))
        .collect();
    Chunk {
        vocabulary: vocabulary.terms,
        articles,
    }
}

/// Builds the TF-IDF space of a corpus. Deterministic: term ids follow sorted term order.
pub fn build(articles: &[Article], config: &ClusterConfig) -> FeatureSpace {
    // Terms are interned per chunk of articles, in parallel, and the chunk vocabularies merged
    // afterwards: no article keeps its terms as strings, which keeps memory near the text size.
    let chunks = articles
        .par_chunks(chunk_size(articles.len()))
        .map(|chunk| {
            count_chunk(chunk.iter(), |article, vocabulary| {
                count_terms(article, config, vocabulary)
            })
        })
        .collect();
    weigh(chunks)
}

/// As `build`, freeing each article's text and paragraphs as soon as its terms are counted, for
/// callers that need only the clustering: the counts then take the place of the texts instead
/// of piling up beside the whole corpus.
pub fn build_dropping_texts(articles: &mut [Article], config: &ClusterConfig) -> FeatureSpace {
    let size = chunk_size(articles.len());
    let chunks = articles
        .par_chunks_mut(size)
        .map(|chunk| {
            count_chunk(chunk.iter_mut(), |article, vocabulary| {
                let counted = count_terms(article, config, vocabulary);
                article.text = String::new();
                article.paragraphs = Vec::new();
                counted
            })
        })
        .collect();
    weigh(chunks)
}

/// Merges the chunks' vocabularies into global term ids and weighs the counts into unit-length
/// TF-IDF vectors.
fn weigh(mut chunks: Vec<Chunk>) -> FeatureSpace {
    // Global ids follow sorted term order, so the space is the same whatever the chunking.
    let mut all_terms: Vec<&str> = chunks
        .iter()
        .flat_map(|c| c.vocabulary.iter().map(|(t, _)| t.as_str()))
        .collect();
    all_terms.sort_unstable();
    all_terms.dedup();
    let global: HashMap<&str, u32> = all_terms
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, i as u32))
        .collect();
    let mut terms: Vec<Option<String>> = vec![None; all_terms.len()];
    // Document frequencies over whole articles and, separately, over the names they hold: a name
    // is rarer among all words than among names.
    let mut df = vec![0u32; all_terms.len()];
    let mut names_df = vec![0u32; all_terms.len()];
    let remaps: Vec<Vec<u32>> = chunks
        .iter()
        .map(|c| {
            c.vocabulary
                .iter()
                .map(|(t, _)| global[t.as_str()])
                .collect()
        })
        .collect();
    for (chunk, remap) in chunks.iter().zip(&remaps) {
        for (local, (_, surface)) in chunk.vocabulary.iter().enumerate() {
            terms[remap[local] as usize].get_or_insert_with(|| surface.clone());
        }
        for counted in &chunk.articles {
            for (list, df) in [(&counted.counts, &mut df), (&counted.names, &mut names_df)] {
                for &(local, _) in list {
                    df[remap[local as usize] as usize] += 1;
                }
            }
        }
    }
    drop(global);
    drop(all_terms);
    // The chunk vocabularies have served; free their strings before the vectors are built.
    for chunk in &mut chunks {
        chunk.vocabulary = Vec::new();
    }
    let n = chunks.iter().map(|c| c.articles.len()).sum::<usize>() as f64;
    let idf_of = |df: Vec<u32>| -> Vec<f64> {
        df.iter()
            .map(|&d| ((n + 1.0) / (d as f64 + 1.0)).ln() + 1.0)
            .collect()
    };
    let (idf, names_idf) = (idf_of(df), idf_of(names_df));
    let features: Vec<ArticleFeatures> = chunks
        .into_par_iter()
        .zip(remaps.par_iter())
        .flat_map_iter(|(chunk, remap)| {
            let (idf, names_idf) = (&idf, &names_idf);
            // Sublinear TF-IDF over global ids, sorted by id, unit length.
            let tf_idf = move |counts: Vec<(u32, f32)>, idf: &[f64]| -> SparseVec {
                let mut vector: SparseVec = counts
                    .into_iter()
                    .map(|(local, tf)| {
                        let id = remap[local as usize];
                        (id, ((1.0 + (tf as f64).ln()) * idf[id as usize]) as f32)
                    })
                    .collect();
                vector.sort_unstable_by_key(|&(id, _)| id);
                unit(vector)
            };
            let global_ids = move |local: Vec<u32>| -> Vec<u32> {
                let mut ids: Vec<u32> = local.into_iter().map(|l| remap[l as usize]).collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            };
            chunk
                .articles
                .into_iter()
                .map(move |counted| ArticleFeatures {
                    vector: tf_idf(counted.counts, idf),
                    names: tf_idf(counted.names, names_idf),
                    actors: global_ids(counted.actors),
                    numbers: global_ids(counted.numbers),
                    day: counted.day,
                })
        })
        .collect();
    FeatureSpace {
        terms: terms.into_iter().map(Option::unwrap_or_default).collect(),
        articles: features,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_are_capitalised_runs() {
        let text = "Reporters asked Kremlin spokesman Dmitry Peskov, who said the Democratic People's Republic of Korea was a neighbour. The ministry agreed.";
        let names: Vec<String> = named_actors(text).into_iter().map(|(_, _, n)| n).collect();
        assert!(names.contains(&"Dmitry Peskov".to_string()), "{names:?}");
        assert!(names.contains(&"Kremlin".to_string()), "{names:?}");
        assert!(
            names.iter().any(|n| n.starts_with("Democratic People")),
            "{names:?}"
        );
        assert!(!names.contains(&"The".to_string()));
    }

    #[test]
    fn numbers_keep_their_units() {
        let text =
            "North Korea sent more than 1,000 containers and made at least 11 deliveries in 2023.";
        let keys: Vec<String> = numbers_with_units(text)
            .into_iter()
            .map(|(_, _, k)| k)
            .collect();
        assert_eq!(keys, vec!["1000 contain", "11 deliveri"]);
    }
}
