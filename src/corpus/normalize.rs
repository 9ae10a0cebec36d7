//! From a raw article to the normalised `Article`: NFC text, one paragraph per line, web residue
//! dropped, a content-hash id, and metadata with provenance (given, or inferred with evidence).

use std::sync::OnceLock;

use regex::Regex;
use sha2::{Digest, Sha256};

use crate::corpus::formats::{GivenMeta, RawArticle};
use crate::corpus::IngestOptions;
use crate::model::{Article, Meta, Origin, Paragraph, Sourced, Warning};
use crate::text;

/// The first 16 hex digits of SHA-256 over the normalised title and text.
pub fn article_id(title: &str, body: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(title.as_bytes());
    hasher.update(b"\n");
    hasher.update(body.as_bytes());
    let digest = hasher.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

const DATE_FORMATS: &[&str] = &[
    "%B %d, %Y",
    "%B %d %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%d %b %Y",
    "%Y/%m/%d",
    "%m/%d/%Y",
];

/// A date in ISO form (`2024-05-02`) from the ways people write one; `None` if it is not a date.
pub fn parse_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.len() >= 10 {
        if let Ok(date) = raw[..10].parse::<jiff::civil::Date>() {
            return Some(date.to_string());
        }
    }
    let cleaned = raw.replace("Sept.", "Sep.").replace("Sept ", "Sep ");
    DATE_FORMATS.iter().find_map(|format| {
        jiff::fmt::strtime::parse(format, &cleaned)
            .ok()
            .and_then(|t| t.to_date().ok())
            .map(|d| d.to_string())
    })
}

fn date_in_text_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let month = "(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.)";
        Regex::new(&format!(
            r"\b(?:{month} \d{{1,2}},? \d{{4}}|\d{{1,2}} {month} \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b"
        ))
        .expect("valid date regex")
    })
}

/// A full date written in the headline or the first two paragraphs (a dateline or "on May 2,
/// 2024"), as weak evidence of when the article appeared. Relative dates ("on Thursday") say
/// nothing without a year and are not used.
fn infer_date(title: &str, text: &str) -> Option<Sourced> {
    let head: String = std::iter::once(title)
        .chain(text.split('\n').take(2))
        .collect::<Vec<_>>()
        .join("\n");
    let found = date_in_text_regex().find(&head)?;
    let value = parse_date(found.as_str())?;
    Some(Sourced {
        value,
        origin: Origin::Inferred,
        evidence: Some(format!("date written near the top: \"{}\"", found.as_str())),
        confidence: 0.5,
    })
}

fn infer_lang(title: &str, text: &str) -> Option<Sourced> {
    // A thousand characters are plenty for a trigram model; more only costs time.
    let sample: String = title
        .chars()
        .chain(['\n'])
        .chain(text.chars())
        .take(1000)
        .collect();
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    // whatlang gives ISO 639-3; most users write two-letter codes.
    let short = match code {
        "eng" => "en",
        "rus" => "ru",
        "kor" => "ko",
        "cmn" => "zh",
        "jpn" => "ja",
        "deu" => "de",
        "fra" => "fr",
        "spa" => "es",
        "ukr" => "uk",
        "ara" => "ar",
        other => other,
    };
    Some(Sourced {
        value: short.to_string(),
        origin: Origin::Inferred,
        evidence: Some(format!("language detection ({})", info.lang().eng_name())),
        confidence: info.confidence() as f32,
    })
}

/// Turns a raw article into an `Article`, or explains why it cannot.
pub fn build_article(raw: RawArticle, options: &IngestOptions) -> (Option<Article>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let title = text::normalize(raw.title.as_deref().unwrap_or(""))
        .replace('\n', " ")
        .trim()
        .to_string();
    let body = text::normalize(&raw.body);
    let mut paragraphs_text: Vec<&str> = body
        .split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty() && !options.residue.is_residue(p))
        .collect();
    // Saved pages often repeat the headline as the first line of the body.
    if paragraphs_text.first().is_some_and(|p| *p == title) {
        paragraphs_text.remove(0);
    }
    let mut text = String::with_capacity(body.len());
    let mut paragraphs = Vec::with_capacity(paragraphs_text.len());
    for p in &paragraphs_text {
        if !text.is_empty() {
            text.push('\n');
        }
        let start = text.len();
        text.push_str(p);
        paragraphs.push(Paragraph {
            start,
            end: text.len(),
        });
    }
    if title.is_empty() && text.is_empty() {
        warnings.push(Warning::new(
            &raw.source,
            Some(raw.line),
            "no headline and no text; skipped",
        ));
        return (None, warnings);
    }
    let title = if title.is_empty() {
        text::preview(paragraphs_text[0], 90)
    } else {
        title
    };

    let file_origin = raw.meta_origin.unwrap_or(Origin::Record);
    let manifest = raw.manifest.clone().unwrap_or_default();
    let pick =
        |from_manifest: &Option<String>, from_file: &Option<String>| -> Option<(String, Origin)> {
            from_manifest
                .clone()
                .map(|v| (v, Origin::Manifest))
                .or_else(|| from_file.clone().map(|v| (v, file_origin)))
        };
    let GivenMeta {
        outlet,
        date,
        url,
        lang,
    } = &raw.meta;

    let inference = options.outlets.infer(&text);
    let outlet = match pick(&manifest.outlet, outlet) {
        Some((name, origin)) => {
            let mut sourced = Sourced::given(options.outlets.canonical_name(&name), origin);
            if let Some(inferred) = &inference.publisher {
                if inferred.value != sourced.value {
                    sourced.evidence = Some(format!(
                        "the text suggests {} ({}), but the {} says {}",
                        inferred.value,
                        inferred.evidence.as_deref().unwrap_or(""),
                        origin.label(),
                        sourced.value
                    ));
                }
            }
            Some(sourced)
        }
        None => inference.publisher.clone().or_else(|| {
            let url = pick(&manifest.url, url)?.0;
            let outlet = options.outlets.by_url(&url)?;
            Some(Sourced {
                value: outlet.name.clone(),
                origin: Origin::Inferred,
                evidence: Some(format!("web address {url}")),
                confidence: 0.9,
            })
        }),
    };
    let date = match pick(&manifest.date, date) {
        Some((raw_date, origin)) => {
            match parse_date(&raw_date) {
                Some(iso) => Some(Sourced::given(iso, origin)),
                None => {
                    warnings.push(Warning::new(
                    &raw.source,
                    Some(raw.line),
                    format!("`{raw_date}` is not a date this tool can read (use YYYY-MM-DD); ignored"),
                ));
                    None
                }
            }
        }
        None => infer_date(&title, &text),
    };
    let url = pick(&manifest.url, url).map(|(v, o)| Sourced::given(v, o));
    let lang = pick(&manifest.lang, lang)
        .map(|(v, o)| Sourced::given(v, o))
        .or_else(|| infer_lang(&title, &text));

    let id = article_id(&title, &text);
    let word_count = text::word_count(&title) + text::word_count(&text);
    (
        Some(Article {
            id,
            source: raw.source,
            given_id: raw.given_id,
            title,
            text,
            paragraphs,
            meta: Meta {
                outlet,
                date,
                url,
                lang,
                mentions: inference.mentions,
            },
            word_count,
        }),
        warnings,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_forms() {
        assert_eq!(parse_date("2024-05-02").as_deref(), Some("2024-05-02"));
        assert_eq!(
            parse_date("2024-05-02T10:00:00Z").as_deref(),
            Some("2024-05-02")
        );
        assert_eq!(parse_date("May 2, 2024").as_deref(), Some("2024-05-02"));
        assert_eq!(parse_date("2 May 2024").as_deref(), Some("2024-05-02"));
        assert_eq!(parse_date("Sept. 12, 2016").as_deref(), Some("2016-09-12"));
        assert_eq!(parse_date("Thursday"), None);
    }
}
