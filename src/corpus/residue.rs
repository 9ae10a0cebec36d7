//! Web residue: lines that saved pages carry but that are not the article.

use serde::Deserialize;

use crate::error::{Error, Result};

pub const BUILTIN_RESIDUE: &str = include_str!("../data/web_residue.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct ResidueRules {
    pub max_chars: usize,
    pub phrases: Vec<String>,
}

impl ResidueRules {
    pub fn builtin() -> Self {
        Self::from_toml(BUILTIN_RESIDUE).expect("the built-in residue rules are valid")
    }

    pub fn from_toml(text: &str) -> Result<Self> {
        Self::parse(text, std::path::Path::new("web_residue.toml"))
    }

    /// The user's own rules (`--residue FILE`).
    pub fn load(path: &std::path::Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::parse(&text, path)
    }

    fn parse(text: &str, path: &std::path::Path) -> Result<Self> {
        let mut rules: ResidueRules = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start].lines().count().max(1));
            Error::input(path, line, e.message().to_string())
        })?;
        for phrase in &mut rules.phrases {
            *phrase = phrase.to_lowercase();
        }
        Ok(rules)
    }

    /// True when a normalised paragraph is residue rather than article text.
    pub fn is_residue(&self, paragraph: &str) -> bool {
        if !paragraph.chars().any(char::is_alphanumeric) {
            return true;
        }
        if paragraph.chars().count() > self.max_chars {
            return false;
        }
        let lower = paragraph.to_lowercase();
        self.phrases.iter().any(|p| lower.starts_with(p.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_comment_forms_and_lone_symbols() {
        let rules = ResidueRules::builtin();
        assert!(rules.is_residue("Leave a Reply"));
        assert!(rules
            .is_residue("Your email address will not be published. Required fields are marked *"));
        assert!(rules.is_residue("“`"));
        assert!(!rules.is_residue("Moscow denied the reports at that time."));
    }
}
