//! BCubed precision/recall/F1 (Amigó et al. 2009) and pairwise F1 of a clustering against gold
//! labels, at each level the gold file has (`event`, `storyline`).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use crate::cluster::Clustering;
use crate::error::{Error, Result};
use crate::model::Article;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelScores {
    pub bcubed_precision: f64,
    pub bcubed_recall: f64,
    pub bcubed_f1: f64,
    pub pairwise_f1: f64,
    /// Number of predicted clusters over the scored articles.
    pub clusters: usize,
    /// Number of gold clusters over the scored articles.
    pub gold_clusters: usize,
    pub articles: usize,
}

/// Gold labels: article key (id or file name) → its label at each of `levels`, in that order.
/// (A map per row would cost a tree node per article: a 100,000-article gold file would take
/// more memory than its clustering's vectors.)
pub struct Gold {
    pub levels: Vec<String>,
    pub labels: HashMap<String, Vec<String>>,
}

pub fn read_gold(path: &Path) -> Result<Gold> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|e| Error::input(path, None, e.to_string()))?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Error::input(path, Some(1), e.to_string()))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let key = headers
        .iter()
        .position(|h| h == "id" || h == "file")
        .ok_or_else(|| Error::input(path, Some(1), "gold file needs an `id` or `file` column"))?;
    let levels: Vec<String> = ["event", "storyline"]
        .iter()
        .filter(|l| headers.iter().any(|h| h == *l))
        .map(|s| s.to_string())
        .collect();
    if levels.is_empty() {
        return Err(Error::input(
            path,
            Some(1),
            "gold file needs an `event` or `storyline` column",
        ));
    }
    let columns: Vec<usize> = levels
        .iter()
        .map(|level| {
            headers
                .iter()
                .position(|h| h == level)
                .expect("level column exists")
        })
        .collect();
    let mut labels = HashMap::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            Error::input(path, e.position().map(|p| p.line() as usize), e.to_string())
        })?;
        let row_labels = columns
            .iter()
            .map(|&i| row.get(i).unwrap_or("").to_string())
            .collect();
        labels.insert(row.get(key).unwrap_or("").to_string(), row_labels);
    }
    Ok(Gold { levels, labels })
}

fn choose2(n: usize) -> f64 {
    (n * n.saturating_sub(1)) as f64 / 2.0
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Scores predicted labels against gold labels for the same items.
pub fn score(predicted: &[&str], gold: &[&str]) -> LevelScores {
    let n = predicted.len();
    let mut joint: HashMap<(&str, &str), usize> = HashMap::new();
    let mut pred_size: HashMap<&str, usize> = HashMap::new();
    let mut gold_size: HashMap<&str, usize> = HashMap::new();
    for (&p, &g) in predicted.iter().zip(gold) {
        *joint.entry((p, g)).or_default() += 1;
        *pred_size.entry(p).or_default() += 1;
        *gold_size.entry(g).or_default() += 1;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for (&p, &g) in predicted.iter().zip(gold) {
        let both = joint[&(p, g)] as f64;
        precision += both / pred_size[p] as f64;
        recall += both / gold_size[g] as f64;
    }
    let (precision, recall) = if n == 0 {
        (0.0, 0.0)
    } else {
        (precision / n as f64, recall / n as f64)
    };
    let tp: f64 = joint.values().map(|&c| choose2(c)).sum();
    let pred_pairs: f64 = pred_size.values().map(|&c| choose2(c)).sum();
    let gold_pairs: f64 = gold_size.values().map(|&c| choose2(c)).sum();
    let pp = if pred_pairs == 0.0 {
        if gold_pairs == 0.0 {
            1.0
        } else {
            0.0
        }
    } else {
        tp / pred_pairs
    };
    let pr = if gold_pairs == 0.0 {
        1.0
    } else {
        tp / gold_pairs
    };
    let round = |x: f64| (x * 10000.0).round() / 10000.0;
    LevelScores {
        bcubed_precision: round(precision),
        bcubed_recall: round(recall),
        bcubed_f1: round(f1(precision, recall)),
        pairwise_f1: round(f1(pp, pr)),
        clusters: pred_size.len(),
        gold_clusters: gold_size.len(),
        articles: n,
    }
}

/// Scores a clustering of `articles` at every level of `gold`. Articles are matched to gold rows
/// by their input id, else their file name. Returns the scores and the number of gold rows
/// that matched no article.
pub fn evaluate(
    articles: &[Article],
    clustering: &Clustering,
    gold: &Gold,
) -> (BTreeMap<String, LevelScores>, usize) {
    let assignment = clustering.assignment();
    let mut rows: Vec<(&str, &str, &[String])> = Vec::new();
    for a in articles {
        let key = a.given_id.as_deref().unwrap_or_else(|| a.display_name());
        if let (Some(labels), Some(&(storyline, event))) =
            (gold.labels.get(key), assignment.get(a.id.as_str()))
        {
            rows.push((event, storyline, labels.as_slice()));
        }
    }
    let missing = gold.labels.len() - rows.len();
    let mut out = BTreeMap::new();
    for (column, level) in gold.levels.iter().enumerate() {
        let predicted: Vec<&str> = rows
            .iter()
            .map(|(e, s, _)| if level == "event" { *e } else { *s })
            .collect();
        let truth: Vec<&str> = rows.iter().map(|(_, _, l)| l[column].as_str()).collect();
        out.insert(level.clone(), score(&predicted, &truth));
    }
    (out, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_merged_clusterings() {
        let perfect = score(&["a", "a", "b"], &["x", "x", "y"]);
        assert_eq!(perfect.bcubed_f1, 1.0);
        assert_eq!(perfect.pairwise_f1, 1.0);
        let merged = score(&["a", "a", "a"], &["x", "x", "y"]);
        // BCubed precision: (2/3 + 2/3 + 1/3) / 3 = 5/9; recall 1.
        assert!((merged.bcubed_precision - 0.5556).abs() < 1e-4);
        assert_eq!(merged.bcubed_recall, 1.0);
        // Pairs: 3 predicted, 1 gold, 1 shared → P 1/3, R 1 → F1 0.5.
        assert_eq!(merged.pairwise_f1, 0.5);
    }
}
