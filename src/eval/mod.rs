//! Evaluation against human gold labels, exactly as `../shared/data/README.md` defines the
//! measures. Every evaluation runs the same pipeline code as `parallax report`.

pub mod bias;
pub mod clusters;
pub mod quotes;

/// Precision, recall and F1 in the JSON shape the data README fixes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_accuracy: Option<f64>,
    /// Loaded wording only: flags in sentences that hold no gold span of either kind, per 100
    /// such sentences (how often a reader is shown loaded wording where annotators saw none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub false_flags_per_100_neutral_sentences: Option<f64>,
    pub gold: usize,
    pub predicted: usize,
}

impl Scores {
    pub fn new(
        matched_predicted: usize,
        predicted: usize,
        matched_gold: usize,
        gold: usize,
        speaker_accuracy: Option<f64>,
    ) -> Scores {
        let precision = if predicted == 0 {
            0.0
        } else {
            matched_predicted as f64 / predicted as f64
        };
        let recall = if gold == 0 {
            0.0
        } else {
            matched_gold as f64 / gold as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        let round = |x: f64| (x * 10000.0).round() / 10000.0;
        Scores {
            precision: round(precision),
            recall: round(recall),
            f1: round(f1),
            speaker_accuracy: speaker_accuracy.map(round),
            false_flags_per_100_neutral_sentences: None,
            gold,
            predicted,
        }
    }
}
