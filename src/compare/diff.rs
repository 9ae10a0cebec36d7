//! Word-level differences between two renderings of the same words, via `similar`.

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffPart {
    /// `equal`, `insert` (only in the variant) or `delete` (only in the reference).
    pub op: String,
    pub text: String,
}

/// The word diff turning `reference` into `variant`, with adjacent parts of one kind merged.
pub fn word_diff(reference: &str, variant: &str) -> Vec<DiffPart> {
    let diff = TextDiff::from_words(reference, variant);
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => "equal",
            ChangeTag::Insert => "insert",
            ChangeTag::Delete => "delete",
        };
        match parts.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => parts.push(DiffPart {
                op: op.to_string(),
                text: change.value().to_string(),
            }),
        }
    }
    parts
}

/// Share of the reference's words that the variant keeps (1.0 = identical wording).
pub fn kept_ratio(parts: &[DiffPart]) -> f64 {
    let count = |op: &str| -> usize {
        parts
            .iter()
            .filter(|p| p.op == op)
            .map(|p| p.text.split_whitespace().count())
            .sum()
    };
    let equal = count("equal");
    let total = equal + count("delete").max(count("insert"));
    if total == 0 {
        1.0
    } else {
        equal as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_inserted_and_deleted_words() {
        let parts = word_diff(
            "the claims are unfounded",
            "the claims are unfounded and unsubstantiated",
        );
        assert_eq!(parts[0].op, "equal");
        assert!(parts
            .iter()
            .any(|p| p.op == "insert" && p.text.contains("unsubstantiated")));
        assert!(kept_ratio(&parts) < 1.0);
    }
}
