//! Quotation extraction scored against PolNeAR (BRAT standoff) or the seed gold (JSON Lines).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use crate::compare::quotes::{self, Quote, QuoteContext};
use crate::error::{Error, Result};
use crate::eval::Scores;
use crate::model::Article;
use crate::text;

/// One gold quoted segment: byte offsets in the text, and the source spans of its attribution.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldSegment {
    pub start: usize,
    pub end: usize,
    pub sources: Vec<(usize, usize)>,
}

/// Converts BRAT character offsets (Unicode scalar values) to byte offsets.
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut map: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    map.push(text.len());
    map
}

fn parse_offsets(field: &str, map: &[usize]) -> Vec<(usize, usize)> {
    field
        .split(';')
        .filter_map(|piece| {
            let mut it = piece.split_whitespace();
            let s: usize = it.next()?.parse().ok()?;
            let e: usize = it.next()?.parse().ok()?;
            Some((*map.get(s)?, *map.get(e)?))
        })
        .collect()
}

/// Gold segments of one BRAT annotation: inside each `Content` span, each stretch between an
/// opening and a closing quotation mark (`"…"`, `“…”` or `''…''`; an unclosed one runs to the
/// span's end), ≥ 2 characters.
pub fn brat_segments(text: &str, ann: &str) -> Vec<GoldSegment> {
    let map = char_to_byte(text);
    // Text-bound id → (kind, byte ranges).
    type Spans<'a> = HashMap<&'a str, (&'a str, Vec<(usize, usize)>)>;
    let mut spans: Spans = HashMap::new();
    let mut relations: Vec<HashMap<&str, &str>> = Vec::new();
    for line in ann.lines() {
        let mut fields = line.split('\t');
        let (Some(id), Some(middle)) = (fields.next(), fields.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let (kind, offsets) = middle.split_once(' ').unwrap_or((middle, ""));
            spans.insert(id, (kind, parse_offsets(offsets, &map)));
        } else if id.starts_with('E') {
            relations.push(
                middle
                    .split_whitespace()
                    .filter_map(|p| p.split_once(':'))
                    .collect(),
            );
        }
    }
    let mut segments = Vec::new();
    let mut content_ids: Vec<&str> = spans
        .iter()
        .filter(|(_, (k, _))| *k == "Content")
        .map(|(id, _)| *id)
        .collect();
    content_ids.sort_by_key(|id| spans[id].1.first().copied());
    for id in content_ids {
        let sources: Vec<(usize, usize)> = relations
            .iter()
            .filter(|r| r.get("Content") == Some(&id))
            .filter_map(|r| r.get("Source"))
            .flat_map(|s| spans.get(s).map(|(_, o)| o.clone()).unwrap_or_default())
            .collect();
        for &(start, end) in &spans[id].1 {
            let Some(slice) = text.get(start..end) else {
                continue;
            };
            let mut open: Option<usize> = None;
            let mut chars = slice.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                let abs = start + i;
                // `''` (two apostrophes, the New York Times' quotation mark) is one mark that
                // opens and closes like `"`.
                let doubled = c == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'');
                if doubled {
                    chars.next();
                }
                let width = if doubled { 2 } else { c.len_utf8() };
                match (c, open) {
                    ('"', None) | ('“', None) => open = Some(abs + width),
                    ('\'', None) if doubled => open = Some(abs + width),
                    ('"', Some(o)) | ('”', Some(o)) => {
                        push_segment(text, (o, abs), &sources, &mut segments);
                        open = None;
                    }
                    ('\'', Some(o)) if doubled => {
                        push_segment(text, (o, abs), &sources, &mut segments);
                        open = None;
                    }
                    _ => {}
                }
            }
            if let Some(o) = open {
                push_segment(text, (o, end), &sources, &mut segments);
            }
        }
    }
    segments.sort_by_key(|s| (s.start, s.end));
    segments.dedup_by_key(|s| (s.start, s.end));
    segments
}

/// Keeps a gold segment (the text between a pair of marks) when it is at least two characters.
fn push_segment(
    text: &str,
    (start, end): (usize, usize),
    sources: &[(usize, usize)],
    segments: &mut Vec<GoldSegment>,
) {
    if text[start..end].chars().count() >= 2 {
        segments.push(GoldSegment {
            start,
            end,
            sources: sources.to_vec(),
        });
    }
}

/// Matching counts for one document: (matched, predicted, gold, speaker hits, speaker scored).
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub matched: usize,
    pub predicted: usize,
    pub gold: usize,
    pub speaker_hits: usize,
    pub speaker_scored: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.matched += o.matched;
        self.predicted += o.predicted;
        self.gold += o.gold;
        self.speaker_hits += o.speaker_hits;
        self.speaker_scored += o.speaker_scored;
    }
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// A predicted quote matches a gold segment when it covers ≥ 50 % of the segment's characters;
/// each gold segment matches at most one prediction and vice versa.
pub fn match_segments(text: &str, predicted: &[Quote], gold: &[GoldSegment]) -> Counts {
    let mut used = vec![false; predicted.len()];
    let mut counts = Counts {
        predicted: predicted.len(),
        gold: gold.len(),
        ..Counts::default()
    };
    for g in gold {
        let needed = text[g.start..g.end].chars().count();
        let best = predicted
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .map(|(i, q)| {
                (
                    i,
                    text.get(g.start.max(q.start)..g.end.min(q.end))
                        .map_or(0, |s| s.chars().count())
                        * usize::from(overlap((q.start, q.end), (g.start, g.end)) > 0),
                )
            })
            .filter(|&(_, covered)| covered * 2 >= needed && covered > 0)
            .max_by_key(|&(i, covered)| (covered, std::cmp::Reverse(i)));
        if let Some((i, _)) = best {
            used[i] = true;
            counts.matched += 1;
            if !g.sources.is_empty() {
                counts.speaker_scored += 1;
                let hit = predicted[i].speaker.as_ref().is_some_and(|s| {
                    g.sources
                        .iter()
                        .any(|&src| overlap((s.start, s.end), src) > 0)
                });
                counts.speaker_hits += usize::from(hit);
            }
        }
    }
    counts
}

/// Scores extraction on a BRAT folder (`text/NAME.txt`, `attributions/NAME_*.ann`, first `.ann`).
pub fn evaluate_brat(dir: &Path, ctx: &QuoteContext) -> Result<(Scores, usize)> {
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let mut texts: Vec<_> = std::fs::read_dir(&text_dir)
        .map_err(|e| Error::io(&text_dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    texts.sort();
    let mut anns: Vec<_> = std::fs::read_dir(&ann_dir)
        .map_err(|e| Error::io(&ann_dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ann"))
        .collect();
    anns.sort();
    let mut total = Counts::default();
    let mut documents = 0;
    for path in texts {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let prefix = format!("{stem}_");
        let Some(ann_path) = anns.iter().find(|a| {
            a.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix))
        }) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let ann = std::fs::read_to_string(ann_path).map_err(|e| Error::io(ann_path, e))?;
        let gold = brat_segments(&text, &ann);
        let (predicted, _) = quotes::extract(&text, &stem, ctx);
        total += match_segments(&text, &predicted, &gold);
        documents += 1;
    }
    let speaker =
        (total.speaker_scored > 0).then(|| total.speaker_hits as f64 / total.speaker_scored as f64);
    Ok((
        Scores::new(
            total.matched,
            total.predicted,
            total.matched,
            total.gold,
            speaker,
        ),
        documents,
    ))
}

#[derive(Debug, Deserialize)]
struct GoldQuote {
    file: String,
    text: String,
    speaker: Option<String>,
}

/// Trims quotation marks, spaces and edge punctuation, and folds case and apostrophes.
pub fn trim_quote(s: &str) -> String {
    s.trim_matches(|c: char| {
        c.is_whitespace() || c.is_ascii_punctuation() || "“”‘’«»„…".contains(c)
    })
    .to_lowercase()
    .replace('’', "'")
}

const GENERIC: &[&str] = &[
    "the",
    "of",
    "ministry",
    "foreign",
    "affairs",
    "official",
    "officials",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "department",
    "state",
    "defense",
    "defence",
    "government",
    "an",
    "a",
    "at",
    "unnamed",
    "s",
];

/// Whether a predicted speaker name denotes the gold speaker: they share a distinctive word.
pub fn same_speaker(predicted: &str, gold: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        text::words(s)
            .map(|(_, w)| w.to_lowercase().replace("’s", "").replace("'s", ""))
            .filter(|w| !GENERIC.contains(&w.as_str()))
            .map(|w| text::stem(&w))
            .collect()
    };
    let p = words(predicted);
    let g = words(gold);
    p.iter().any(|w| g.contains(w)) || predicted.eq_ignore_ascii_case(gold)
}

/// Scores extraction over a corpus against the seed gold (`file`, `text`, `speaker`).
pub fn evaluate_gold(gold_path: &Path, articles: &[Article], quotes: &[Quote]) -> Result<Scores> {
    let source = std::fs::read_to_string(gold_path).map_err(|e| Error::io(gold_path, e))?;
    let mut gold: Vec<GoldQuote> = Vec::new();
    for (i, line) in source
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        gold.push(
            serde_json::from_str(line)
                .map_err(|e| Error::input(gold_path, Some(i + 1), e.to_string()))?,
        );
    }
    let files: BTreeMap<&str, &str> = articles
        .iter()
        .map(|a| (a.display_name(), a.id.as_str()))
        .collect();
    let gold_files: std::collections::BTreeSet<&str> =
        gold.iter().map(|g| g.file.as_str()).collect();
    let scored: Vec<&Quote> = quotes
        .iter()
        .filter(|q| {
            gold_files
                .iter()
                .any(|f| files.get(f) == Some(&q.article.as_str()))
        })
        .collect();
    let mut used = vec![false; scored.len()];
    let (mut matched, mut speaker_hits, mut speaker_scored) = (0, 0, 0);
    for g in &gold {
        let Some(article) = files.get(g.file.as_str()) else {
            continue;
        };
        let want = trim_quote(&g.text);
        let found = scored
            .iter()
            .enumerate()
            .find(|(i, q)| !used[*i] && q.article == *article && trim_quote(&q.text) == want);
        if let Some((i, q)) = found {
            used[i] = true;
            matched += 1;
            if let Some(gold_speaker) = &g.speaker {
                speaker_scored += 1;
                if q.speaker.as_ref().is_some_and(|s| {
                    same_speaker(&s.name, gold_speaker) || same_speaker(&s.mention, gold_speaker)
                }) {
                    speaker_hits += 1;
                }
            }
        }
    }
    let speaker = (speaker_scored > 0).then(|| speaker_hits as f64 / speaker_scored as f64);
    Ok(Scores::new(
        matched,
        scored.len(),
        matched,
        gold.len(),
        speaker,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A BRAT annotation with one attribution: its source and content spans, in characters.
    fn ann(source: (usize, usize), content: (usize, usize)) -> String {
        format!(
            "T1\tSource {} {}\tx\nT2\tContent {} {}\tx\nT3\tCue 0 1\tx\nE1\tAttribution:T3 Source:T1 Content:T2\n",
            source.0, source.1, content.0, content.1
        )
    }

    #[test]
    fn two_apostrophes_mark_a_quotation_as_double_marks_do() {
        let text = "''It's anti-reform. She's layering on,'' said Mr. Burman, who called it ''tinkering.''";
        let chars = text.chars().count();
        let segments = brat_segments(text, &ann((46, 56), (0, chars)));
        let quoted: Vec<&str> = segments.iter().map(|g| &text[g.start..g.end]).collect();
        assert_eq!(
            quoted,
            ["It's anti-reform. She's layering on,", "tinkering."]
        );
        assert_eq!(segments[0].sources, vec![(46, 56)]);
    }

    #[test]
    fn curly_straight_and_unclosed_marks_bound_segments_too() {
        let text = "He said “no” and \"yes\" and ''maybe";
        let chars = text.chars().count();
        let segments = brat_segments(text, &ann((0, 2), (0, chars)));
        let quoted: Vec<&str> = segments.iter().map(|g| &text[g.start..g.end]).collect();
        assert_eq!(quoted, ["no", "yes", "maybe"]);
    }

    #[test]
    fn one_apostrophe_is_no_mark_and_one_character_is_no_segment() {
        let text = "The players' union said \"a\" and ''ok''.";
        let chars = text.chars().count();
        let segments = brat_segments(text, &ann((0, 3), (0, chars)));
        let quoted: Vec<&str> = segments.iter().map(|g| &text[g.start..g.end]).collect();
        assert_eq!(quoted, ["ok"]);
    }
}
