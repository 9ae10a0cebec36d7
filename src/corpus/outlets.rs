//! The outlet registry (`src/data/outlets.toml`, or the user's copy) and the inference of an
//! article's publisher from its text.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Origin, OutletMention, Sourced};

pub const BUILTIN_OUTLETS: &str = include_str!("../data/outlets.toml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outlet {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default = "unknown")]
    pub country: String,
    #[serde(default = "unknown")]
    pub ownership: String,
    #[serde(default = "unknown")]
    pub kind: String,
    #[serde(default)]
    pub domains: Vec<String>,
}

fn unknown() -> String {
    "unknown".to_string()
}

#[derive(Debug, Deserialize)]
struct TemplateEntry {
    pattern: String,
    what: String,
    #[serde(default = "full_confidence")]
    confidence: f32,
}

fn full_confidence() -> f32 {
    1.0
}

#[derive(Debug, Deserialize, Default)]
struct InferenceTemplates {
    #[serde(default)]
    publisher: Vec<TemplateEntry>,
    #[serde(default)]
    cited: Vec<TemplateEntry>,
    #[serde(default)]
    contributor: Vec<TemplateEntry>,
}

#[derive(Debug, Deserialize)]
struct RegistryFile {
    #[serde(default)]
    inference: InferenceTemplates,
    #[serde(default)]
    outlet: Vec<Outlet>,
}

#[derive(Debug)]
struct Template {
    regex: Regex,
    what: String,
    confidence: f32,
}

/// What the text says about who published it and whom it cites.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inference {
    pub publisher: Option<Sourced>,
    pub mentions: Vec<OutletMention>,
}

#[derive(Debug)]
pub struct OutletRegistry {
    outlets: Vec<Outlet>,
    by_alias: HashMap<String, usize>,
    publisher: Vec<Template>,
    cited: Vec<Template>,
    contributor: Vec<Template>,
}

impl OutletRegistry {
    pub fn builtin() -> Self {
        Self::from_toml(BUILTIN_OUTLETS, Path::new("<built-in outlets.toml>"))
            .expect("the built-in outlet registry is valid")
    }

    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::from_toml(&text, path)
    }

    pub fn from_toml(text: &str, path: &Path) -> Result<Self> {
        let file: RegistryFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start].lines().count().max(1));
            Error::input(path, line, e.message().to_string())
        })?;
        let mut by_alias = HashMap::new();
        for (i, outlet) in file.outlet.iter().enumerate() {
            for alias in std::iter::once(&outlet.name).chain(&outlet.aliases) {
                by_alias.entry(alias.to_lowercase()).or_insert(i);
            }
        }
        let mut aliases: Vec<&String> = file
            .outlet
            .iter()
            .flat_map(|o| std::iter::once(&o.name).chain(&o.aliases))
            .collect();
        // Longest first, so "Korean Central News Agency" wins over a shorter alias inside it.
        aliases.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        aliases.dedup();
        let alternation = format!(
            "(?P<outlet>{})",
            aliases
                .iter()
                .map(|a| regex::escape(a))
                .collect::<Vec<_>>()
                .join("|")
        );
        let compile = |entries: &[TemplateEntry]| -> Result<Vec<Template>> {
            entries
                .iter()
                .map(|t| {
                    let pattern = t.pattern.replace("{name}", &alternation);
                    let regex = Regex::new(&pattern).map_err(|e| {
                        Error::input(path, None, format!("bad pattern {:?}: {e}", t.pattern))
                    })?;
                    Ok(Template {
                        regex,
                        what: t.what.clone(),
                        confidence: t.confidence,
                    })
                })
                .collect()
        };
        Ok(OutletRegistry {
            publisher: compile(&file.inference.publisher)?,
            cited: compile(&file.inference.cited)?,
            contributor: compile(&file.inference.contributor)?,
            outlets: file.outlet,
            by_alias,
        })
    }

    pub fn outlets(&self) -> &[Outlet] {
        &self.outlets
    }

    /// The registry entry for a name or alias, ignoring case.
    pub fn find(&self, name: &str) -> Option<&Outlet> {
        self.by_alias
            .get(&name.trim().to_lowercase())
            .map(|&i| &self.outlets[i])
    }

    /// The canonical spelling of an outlet a user named; names the registry lacks stay as given.
    pub fn canonical_name(&self, name: &str) -> String {
        self.find(name)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| name.trim().to_string())
    }

    /// The outlet whose web domain a URL belongs to.
    pub fn by_url(&self, url: &str) -> Option<&Outlet> {
        let host = url
            .split("://")
            .nth(1)
            .unwrap_or(url)
            .split(['/', '?', '#', ':'])
            .next()?
            .to_lowercase();
        self.outlets.iter().find(|o| {
            o.domains
                .iter()
                .any(|d| host == *d || host.ends_with(&format!(".{d}")))
        })
    }

    /// Reads the publisher and the cited outlets off the text. A publisher is named only when one
    /// outlet has the strongest evidence; a tie or no evidence gives `None`, never a guess.
    pub fn infer(&self, text: &str) -> Inference {
        self.infer_knowing(text, None)
    }

    /// As `infer`, for an article whose metadata already names its publisher (`known`: a
    /// manifest, front matter, the page's site name or web address). Publisher evidence in the
    /// text for another outlet — a wire credit "(Reuters)" in a HuffPost page, "told Bloomberg
    /// News" in a Washington Post story — is then a cited outlet, not a rival publisher.
    pub fn infer_knowing(&self, text: &str, known: Option<&str>) -> Inference {
        let known = known.map(|k| self.canonical_name(k));
        let mut mentions = Vec::new();
        for (templates, role) in [(&self.cited, "cited"), (&self.contributor, "contributor")] {
            for template in templates {
                for caps in template.regex.captures_iter(text) {
                    let whole = caps.get(0).expect("group 0 always matches");
                    let outlet = self.canonical_name(&caps["outlet"]);
                    mentions.push(OutletMention {
                        outlet,
                        role: role.to_string(),
                        evidence: whole.as_str().to_string(),
                        start: whole.start(),
                        end: whole.end(),
                    });
                }
            }
        }
        mentions.sort_by(|a, b| (a.start, &a.outlet, &a.role).cmp(&(b.start, &b.outlet, &b.role)));
        mentions.dedup_by(|a, b| a.start == b.start && a.outlet == b.outlet);

        // Best evidence per outlet; BTreeMap keeps the choice independent of pattern order.
        let mut best: BTreeMap<String, (f32, String, String)> = BTreeMap::new();
        let mut relayed: Vec<OutletMention> = Vec::new();
        for template in &self.publisher {
            for caps in template.regex.captures_iter(text) {
                let whole = caps.get(0).expect("group 0 always matches");
                // A match inside a citation ("according to ... (KCNA) -") is not a publisher's mark.
                if mentions
                    .iter()
                    .any(|m| m.start <= whole.start() && whole.start() < m.end)
                {
                    continue;
                }
                let outlet = self.canonical_name(&caps["outlet"]);
                // "said in an interview with BBC Radio Kent": a programme or station of the
                // outlet, named by further capitalised words, is where someone spoke, not who
                // published the article.
                let programme = template.what.starts_with("interview")
                    && names_a_programme(&text[whole.end()..]);
                if programme || known.as_ref().is_some_and(|k| *k != outlet) {
                    relayed.push(OutletMention {
                        outlet,
                        role: "cited".to_string(),
                        evidence: whole.as_str().trim().to_string(),
                        start: whole.start(),
                        end: whole.end(),
                    });
                    continue;
                }
                let entry = best
                    .entry(outlet)
                    .or_insert((0.0, String::new(), String::new()));
                if template.confidence > entry.0 {
                    *entry = (
                        template.confidence,
                        whole.as_str().trim().to_string(),
                        template.what.clone(),
                    );
                }
            }
        }
        mentions.extend(relayed);
        mentions.sort_by(|a, b| (a.start, &a.outlet, &a.role).cmp(&(b.start, &b.outlet, &b.role)));
        mentions.dedup_by(|a, b| a.start == b.start && a.outlet == b.outlet);
        let mut ranked: Vec<(&String, &(f32, String, String))> = best.iter().collect();
        ranked.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0));
        let publisher = match ranked.as_slice() {
            [] => None,
            [(_, first), (_, second), ..] if first.0 == second.0 => None,
            [(name, (confidence, evidence, what)), ..] => Some(Sourced {
                value: (*name).clone(),
                origin: Origin::Inferred,
                evidence: Some(format!("{what}: \"{evidence}\"")),
                confidence: *confidence,
            }),
        };
        Inference {
            publisher,
            mentions,
        }
    }
}

/// Whether the words right after an outlet's name go on naming something of it: a capitalised
/// word that is not a day or a month, nor "News" of the outlet's own name ("BBC Radio Kent",
/// "CNN State of the Union", not "Reuters Tuesday" or "Bloomberg News").
fn names_a_programme(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    word.starts_with(char::is_uppercase)
        && !crate::text::CALENDAR.contains(&word.as_str())
        && word != "News"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_registry_is_large_enough_and_valid() {
        let registry = OutletRegistry::builtin();
        assert!(registry.outlets().len() >= 30);
        for name in [
            "Reuters",
            "AP",
            "KCNA",
            "Rodong Sinmun",
            "Deutsche Welle",
            "NK News",
        ] {
            assert!(registry.find(name).is_some(), "{name} missing");
        }
        assert_eq!(registry.canonical_name("reuters"), "Reuters");
        assert_eq!(
            registry
                .by_url("https://www.nytimes.com/2010/x.html")
                .unwrap()
                .name,
            "New York Times"
        );
    }

    #[test]
    fn dateline_names_the_publisher() {
        let registry = OutletRegistry::builtin();
        let got =
            registry.infer("MOSCOW (Reuters) - Russia said on Thursday that claims were false.");
        let publisher = got.publisher.unwrap();
        assert_eq!(publisher.value, "Reuters");
        assert!(publisher.evidence.unwrap().contains("MOSCOW (Reuters)"));
    }

    #[test]
    fn cited_agency_is_not_the_publisher() {
        let registry = OutletRegistry::builtin();
        let got = registry.infer(
            "On Thursday, in a statement carried by North Korean state media KCNA, an official said no.\nAdditional reporting by Business Insider",
        );
        assert_eq!(got.publisher, None);
        let roles: Vec<(&str, &str)> = got
            .mentions
            .iter()
            .map(|m| (m.outlet.as_str(), m.role.as_str()))
            .collect();
        assert!(roles.contains(&("KCNA", "cited")));
        assert!(roles.contains(&("Business Insider", "contributor")));
    }

    #[test]
    fn an_interview_with_a_programme_of_another_outlet_is_cited() {
        let registry = OutletRegistry::builtin();
        let got = registry
            .infer("The MP said in an interview with BBC Radio Kent that the plan would fail.");
        assert_eq!(got.publisher, None);
        assert!(got
            .mentions
            .iter()
            .any(|m| m.outlet == "BBC" && m.role == "cited"));
        let own = registry.infer("\"We are ready,\" the deputy minister told Sputnik on Monday.");
        assert_eq!(own.publisher.map(|p| p.value).as_deref(), Some("Sputnik"));
    }

    #[test]
    fn with_the_publisher_known_a_wire_credit_or_interview_is_cited() {
        let registry = OutletRegistry::builtin();
        let text = "WASHINGTON (Reuters) - The Senate passed the bill on Friday.\n\
                    Senator Warren told Bloomberg News she would vote no.";
        assert_eq!(
            registry.infer(text).publisher.map(|p| p.value).as_deref(),
            Some("Reuters")
        );
        let got = registry.infer_knowing(text, Some("HuffPost"));
        assert_eq!(got.publisher, None);
        let cited: Vec<&str> = got
            .mentions
            .iter()
            .filter(|m| m.role == "cited")
            .map(|m| m.outlet.as_str())
            .collect();
        assert_eq!(cited, ["Reuters", "Bloomberg"]);
        let same = registry.infer_knowing(text, Some("reuters"));
        assert_eq!(same.publisher.map(|p| p.value).as_deref(), Some("Reuters"));
    }

    #[test]
    fn wire_services_and_us_outlets_are_in_the_registry() {
        let registry = OutletRegistry::builtin();
        for name in [
            "UPI",
            "Bloomberg",
            "Politico",
            "USA Today",
            "Breitbart",
            "HuffPost",
        ] {
            assert!(registry.find(name).is_some(), "{name} missing");
        }
        let got = registry.infer("WASHINGTON, Dec. 1 (UPI) -- The House voted on Tuesday.");
        assert_eq!(got.publisher.map(|p| p.value).as_deref(), Some("UPI"));
    }
}
