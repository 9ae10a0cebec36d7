//! Lexicons: reviewable word lists (TOML) with a category, a neutral counterpart and a note for
//! students. Matching is on stems and multi-word phrases, ignoring case.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LexiconEntry {
    pub word: String,
    #[serde(alias = "stance")]
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub neutral: Option<String>,
    #[serde(default)]
    pub note: String,
    /// Match the exact words only, not other forms of the same stem ("regime" but not "regimen").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exact: bool,
    /// A verb that names what it introduces ("called it a 'provocation'", "described as
    /// 'illegal'"): a short quotation after it is a label, not reported speech.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub labelling: bool,
    /// Words after which the entry is a technical term, not a label ("sanctions regime").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless_after: Vec<String>,
    /// Words of the sense the entry labels, one of which (in any form) must stand within
    /// `SENSE_WINDOW` words of it: "liberated" labels a capture by troops, not the pardon of a
    /// turkey. Empty: every use counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub only_near: Vec<String>,
}

/// How many words either side of a match `only_near` looks at.
pub const SENSE_WINDOW: usize = 15;

#[derive(Debug, Deserialize)]
struct LexiconFile {
    #[serde(default)]
    entry: Vec<LexiconEntry>,
}

/// The words of a text as lexicons match them: with their offsets, and in lower case with one
/// kind of apostrophe.
pub struct Words<'t> {
    pub words: Vec<(usize, &'t str)>,
    lowers: Vec<String>,
}

impl<'t> Words<'t> {
    pub fn new(text: &'t str) -> Words<'t> {
        let words: Vec<(usize, &str)> = text::words(text).collect();
        let lowers = words
            .iter()
            .map(|(_, w)| w.to_lowercase().replace('’', "'"))
            .collect();
        Words { words, lowers }
    }
}

/// One match of a lexicon entry: byte offsets into the text searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LexMatch {
    pub entry: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
pub struct Lexicon {
    pub name: String,
    pub entries: Vec<LexiconEntry>,
    /// Per entry, per word, the forms that word matches.
    keys: Vec<Vec<Vec<String>>>,
    /// A form of an entry's first word → the entries starting with it.
    by_first: HashMap<String, Vec<usize>>,
    /// Inflected forms of single-word entries used as verbs ("said", "denies", "claimed") → entry.
    verb_forms: HashMap<String, usize>,
}

/// Irregular forms English reporting verbs take; the regular ones are generated.
const IRREGULAR: &[(&str, &[&str])] = &[
    ("say", &["said", "says", "saying"]),
    ("tell", &["told", "tells", "telling"]),
    ("write", &["wrote", "written", "writes", "writing"]),
    ("quote", &["quoted", "quotes", "quoting"]),
];

/// The inflections of a regular verb: -s, -ed, -ing with the usual spelling changes.
pub fn inflections(base: &str) -> Vec<String> {
    if let Some((_, forms)) = IRREGULAR.iter().find(|(b, _)| *b == base) {
        return forms.iter().map(|f| f.to_string()).collect();
    }
    let mut out = Vec::new();
    let chars: Vec<char> = base.chars().collect();
    let last = *chars.last().unwrap_or(&' ');
    let before_last = if chars.len() >= 2 {
        chars[chars.len() - 2]
    } else {
        ' '
    };
    let vowel = |c: char| "aeiou".contains(c);
    if last == 'y' && !vowel(before_last) {
        let stem: String = chars[..chars.len() - 1].iter().collect();
        out.push(format!("{stem}ies"));
        out.push(format!("{stem}ied"));
        out.push(format!("{base}ing"));
    } else if last == 'e' {
        let stem: String = chars[..chars.len() - 1].iter().collect();
        out.push(format!("{base}s"));
        out.push(format!("{base}d"));
        out.push(format!("{stem}ing"));
    } else {
        let es = base.ends_with(['s', 'x', 'z']) || base.ends_with("sh") || base.ends_with("ch");
        out.push(if es {
            format!("{base}es")
        } else {
            format!("{base}s")
        });
        out.push(format!("{base}ed"));
        out.push(format!("{base}ing"));
        // Consonant-vowel-consonant endings double in stressed syllables (admit → admitted).
        if !vowel(last) && vowel(before_last) && !"wxy".contains(last) {
            out.push(format!("{base}{last}ed"));
            out.push(format!("{base}{last}ing"));
        }
    }
    out
}

/// The forms a lexicon word matches: itself, and unless the entry is `exact`, its inflections
/// ("claim" → claims, claimed, claiming). Forms rather than stems, because stems collide
/// ("liberal" and "liberation" share one).
fn forms_of(word: &str, exact: bool) -> Vec<String> {
    let base = word.to_lowercase().replace('’', "'");
    let mut forms = vec![base.clone()];
    if !exact {
        forms.extend(inflections(&base));
    }
    forms
}

impl Lexicon {
    pub fn from_toml(name: &str, source: &str, path: &Path) -> Result<Lexicon> {
        let file: LexiconFile = toml::from_str(source).map_err(|e| {
            let line = e.span().map(|s| source[..s.start].lines().count().max(1));
            Error::input(path, line, e.message().to_string())
        })?;
        // A word the lexicon offers as a neutral counterpart ("militant" for "terrorist", or
        // "invasion" for itself) cannot also be one of its loaded words: the page would show a
        // student the neutral term as loaded.
        let neutral_of = |word: &str| {
            file.entry.iter().find(|other| {
                other
                    .neutral
                    .as_deref()
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(word.trim()))
            })
        };
        if let Some((e, other)) = file
            .entry
            .iter()
            .find_map(|e| neutral_of(&e.word).map(|other| (e, other)))
        {
            let line = source
                .find(&format!("word = \"{}\"", e.word))
                .or_else(|| source.find(&format!("\"{}\"", e.word)))
                .map(|at| source[..at].matches('\n').count() + 1);
            let whose = if std::ptr::eq(e, other) {
                "itself".to_string()
            } else {
                format!("`{}`", other.word)
            };
            return Err(Error::input(
                path,
                line,
                format!(
                    "entry `{}` is the neutral counterpart the lexicon gives for {whose}; a neutral term is not a loaded one",
                    e.word
                ),
            ));
        }
        // Per word of each entry, the forms it matches. Phrases inflect at their ends only
        // ("claim" in "claims", "evidence" in "without providing evidence").
        let keys: Vec<Vec<Vec<String>>> = file
            .entry
            .iter()
            .map(|e| {
                let words: Vec<&str> = e.word.split_whitespace().collect();
                let last = words.len().saturating_sub(1);
                words
                    .iter()
                    .enumerate()
                    .map(|(k, w)| forms_of(w, e.exact || (k > 0 && k < last)))
                    .collect()
            })
            .collect();
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            for form in k.first().into_iter().flatten() {
                by_first.entry(form.clone()).or_default().push(i);
            }
        }
        let mut verb_forms = HashMap::new();
        for (i, entry) in file.entry.iter().enumerate() {
            let words: Vec<&str> = entry.word.split_whitespace().collect();
            if let [single] = words.as_slice() {
                for form in inflections(&single.to_lowercase()) {
                    verb_forms.entry(form).or_insert(i);
                }
            }
        }
        Ok(Lexicon {
            name: name.to_string(),
            entries: file.entry,
            keys,
            by_first,
            verb_forms,
        })
    }

    /// All matches in `text`, longest match first where several start at one word.
    pub fn find(&self, text: &str) -> Vec<LexMatch> {
        self.find_in(&Words::new(text))
    }

    /// As `find`, over words already split (several lexicons searching one text split it once).
    pub fn find_in(&self, text: &Words) -> Vec<LexMatch> {
        let words = &text.words;
        let lowers = &text.lowers;
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let mut best: Option<(usize, usize)> = None; // (entry, length)
            for &entry in self.by_first.get(lowers[i].as_str()).into_iter().flatten() {
                let keys = &self.keys[entry];
                let fits = keys
                    .iter()
                    .enumerate()
                    .all(|(k, forms)| lowers.get(i + k).is_some_and(|w| forms.contains(w)))
                    && !(i > 0
                        && self.entries[entry]
                            .unless_after
                            .iter()
                            .any(|u| u.eq_ignore_ascii_case(&lowers[i - 1])));
                if fits && best.is_none_or(|(_, len)| keys.len() > len) {
                    best = Some((entry, keys.len()));
                }
            }
            let in_sense = |entry: usize, len: usize| {
                let near = &self.entries[entry].only_near;
                near.is_empty() || {
                    let from = i.saturating_sub(SENSE_WINDOW);
                    let to = (i + len + SENSE_WINDOW).min(words.len());
                    (from..to).any(|k| {
                        (k < i || k >= i + len)
                            && near.iter().any(|n| text::stem(n) == text::stem(&lowers[k]))
                    })
                }
            };
            if let Some((entry, len)) = best.filter(|&(entry, len)| in_sense(entry, len)) {
                let (start, _) = words[i];
                let (last_start, last) = words[i + len - 1];
                out.push(LexMatch {
                    entry,
                    start,
                    end: last_start + last.len(),
                });
                i += len;
            } else {
                i += 1;
            }
        }
        out
    }

    /// The entry a word belongs to when it is an inflected verb form ("denied" → deny).
    pub fn verb_entry(&self, word: &str) -> Option<&LexiconEntry> {
        self.verb_forms
            .get(&word.to_lowercase())
            .map(|&i| &self.entries[i])
    }

    pub fn entry_for_word(&self, word: &str) -> Option<&LexiconEntry> {
        self.by_first
            .get(&word.to_lowercase().replace('’', "'"))?
            .iter()
            .find(|&&e| self.keys[e].len() == 1)
            .map(|&e| &self.entries[e])
    }
}

pub const LEXICON_FILES: &[(&str, &str)] = &[
    (
        "attribution",
        include_str!("../data/lexicons/attribution.toml"),
    ),
    ("hedges", include_str!("../data/lexicons/hedges.toml")),
    ("labels", include_str!("../data/lexicons/labels.toml")),
    ("loaded", include_str!("../data/lexicons/loaded.toml")),
];

/// The lexicons the framing and quotation stages use.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_of_reporting_verbs() {
        assert!(inflections("add").contains(&"added".to_string()));
        assert!(inflections("deny").contains(&"denies".to_string()));
        assert!(inflections("admit").contains(&"admitted".to_string()));
        assert!(inflections("state").contains(&"stating".to_string()));
        assert!(inflections("say").contains(&"said".to_string()));
    }

    #[test]
    fn a_label_counts_only_in_the_sense_it_labels() {
        let labels = &Lexicons::builtin().labels;
        let found = |text: &str| -> Vec<String> {
            labels
                .find(text)
                .into_iter()
                .map(|m| text[m.start..m.end].to_string())
                .collect()
        };
        // BASIL (New York Times) and a seed article (Reuters).
        assert!(found("Mr. Obama officially liberated Cheese, a large white bird with impressive plumage, from the Thursday dinner table.").is_empty());
        assert_eq!(
            found("Moscow and Pyongyang acknowledged the military presence in late April, after Russian forces announced the full liberation of the region."),
            ["liberation"]
        );
    }

    #[test]
    fn a_word_cannot_be_its_own_neutral_counterpart() {
        let source =
            "[[entry]]\nword = \"invasion\"\ncategory = \"geopolitical\"\nneutral = \"invasion\"\n";
        let err = Lexicon::from_toml("labels", source, Path::new("labels.toml")).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("labels.toml:2"), "{message}");
        assert!(
            message.contains("neutral counterpart the lexicon gives for itself"),
            "{message}"
        );
    }

    #[test]
    fn a_neutral_counterpart_is_not_also_a_loaded_word() {
        let source = "[[entry]]\nword = \"terrorist\"\ncategory = \"violent\"\nneutral = \"militant\"\n\n\
                      [[entry]]\nword = \"militant\"\ncategory = \"violent\"\nneutral = \"fighter\"\n";
        let err = Lexicon::from_toml("labels", source, Path::new("labels.toml")).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("labels.toml:7"), "{message}");
        assert!(
            message.contains("`militant`") && message.contains("`terrorist`"),
            "{message}"
        );
    }

    #[test]
    fn verb_entries_need_a_verb_form() {
        let lex = Lexicons::builtin();
        assert!(lex.attribution.verb_entry("added").is_some());
        assert!(lex.attribution.verb_entry("accusation").is_none());
        assert_eq!(
            lex.attribution.verb_entry("claimed").unwrap().category,
            "distancing"
        );
    }
}

#[derive(Debug, Clone)]
pub struct Lexicons {
    pub attribution: Lexicon,
    pub hedges: Lexicon,
    pub labels: Lexicon,
    pub loaded: Lexicon,
}

impl Lexicons {
    pub fn builtin() -> Lexicons {
        Self::load(None).expect("the built-in lexicons are valid")
    }

    /// Loads the lexicons, taking each file from `dir` when it has one and the built-in otherwise.
    pub fn load(dir: Option<&Path>) -> Result<Lexicons> {
        let mut loaded = Vec::new();
        for (name, builtin) in LEXICON_FILES {
            let file_name = format!("{name}.toml");
            let lexicon = match dir.map(|d| d.join(&file_name)).filter(|p| p.is_file()) {
                Some(path) => {
                    let source = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                    Lexicon::from_toml(name, &source, &path)?
                }
                None => Lexicon::from_toml(
                    name,
                    builtin,
                    Path::new(&format!("<built-in {file_name}>")),
                )?,
            };
            loaded.push(lexicon);
        }
        let mut it = loaded.into_iter();
        Ok(Lexicons {
            attribution: it.next().expect("three lexicons"),
            hedges: it.next().expect("three lexicons"),
            labels: it.next().expect("four lexicons"),
            loaded: it.next().expect("four lexicons"),
        })
    }
}
