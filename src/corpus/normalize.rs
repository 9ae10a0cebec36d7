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

/// Formats tried after dots and commas are dropped ("Sept. 12, 2016" → "Sep 12 2016").
const DATE_FORMATS: &[&str] = &[
    "%B %d %Y", "%d %B %Y", "%b %d %Y", "%d %b %Y", "%Y/%m/%d", "%m/%d/%Y",
];

/// A date in ISO form (`2024-05-02`) from the ways people write one; `None` if it is not a date.
pub fn parse_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.len() >= 10 {
        if let Ok(date) = raw[..10].parse::<jiff::civil::Date>() {
            return Some(date.to_string());
        }
    }
    let cleaned = raw.replace(['.', ','], "").replace("Sept ", "Sep ");
    DATE_FORMATS.iter().find_map(|format| {
        jiff::fmt::strtime::parse(format, &cleaned)
            .ok()
            .and_then(|t| t.to_date().ok())
            .map(|d| d.to_string())
    })
}

/// A month as news writes one: in full, or abbreviated with or without its dot.
const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)";

/// Where an article states when it appeared: a dateline opening a line ("WASHINGTON, May 30,
/// 2005 —", "(Tue, 16 Aug 2011) This morning"), a date shortly after "published", "updated" or
/// "posted", or "today (4 November 2011)".
fn dateline_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let opening = r"(?m)^[\s(\[]*(?:[A-Z][A-Z.'\- ]*[A-Z.],?\s+)?(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?";
        let cue = r"(?i:\b(?:published|updated|posted)\b)[^.\n]{0,60}?\b";
        let today = r"(?i:\btoday)\s*\(\s*";
        // In full: "May 30, 2005", "30 May 2005", "Sept. 20 2013", "16 Aug 2011", "2005-05-30".
        let date = format!(r"(?:{MONTH} \d{{1,2}},? \d{{4}}|\d{{1,2}} {MONTH},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})");
        Regex::new(&format!(
            r"{opening}(?P<opening>{date})\b|{cue}(?P<cued>{date})\b|{today}(?P<today>{date})\b"
        ))
        .expect("valid dateline regex")
    })
}

/// The date an article states it appeared, from the headline and the first three lines: a
/// dateline, or a date marked as the publication's ("published", "posted", "today (…)"). Any
/// other date near the top is usually what the story is about — a birth, a break-in, a release
/// date — and taking it for the publication date would keep reports of one event apart (an
/// obituary's birth date is decades from the news of the death). Relative dates ("on Thursday")
/// say nothing without a year and are not used.
fn infer_date(title: &str, text: &str) -> Option<Sourced> {
    let head: String = std::iter::once(title)
        .chain(text.split('\n').take(3))
        .collect::<Vec<_>>()
        .join("\n");
    let caps = dateline_regex().captures(&head)?;
    let found = caps
        .name("opening")
        .or_else(|| caps.name("cued"))
        .or_else(|| caps.name("today"))?;
    let value = parse_date(found.as_str())?;
    Some(Sourced {
        value,
        origin: Origin::Inferred,
        evidence: Some(format!("dated in the text: \"{}\"", caps[0].trim())),
        confidence: 0.7,
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
    // Each kept paragraph with its file line (normalising keeps the body's line breaks).
    let mut kept: Vec<(&str, Option<usize>)> = body
        .split('\n')
        .enumerate()
        .map(|(i, p)| (p.trim(), raw.body_lines.line(i)))
        .filter(|(p, _)| !p.is_empty() && !options.residue.is_residue(p))
        .collect();
    // Saved pages often repeat the headline as the first line of the body.
    if kept.first().is_some_and(|(p, _)| *p == title) {
        kept.remove(0);
    }
    let mut text = String::with_capacity(body.len());
    let mut paragraphs = Vec::with_capacity(kept.len());
    for (p, line) in &kept {
        if !text.is_empty() {
            text.push('\n');
        }
        let start = text.len();
        text.push_str(p);
        paragraphs.push(Paragraph {
            start,
            end: text.len(),
            line: *line,
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
        text::preview(kept[0].0, 90)
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

    // The publisher the metadata names, so that the text's evidence for another outlet (a wire
    // credit, an interview) is recorded as cited rather than as a rival publisher.
    let given_outlet = pick(&manifest.outlet, outlet)
        .map(|(name, _)| name)
        .or_else(|| {
            let url = pick(&manifest.url, url)?.0;
            Some(options.outlets.by_url(&url)?.name.clone())
        });
    let inference = options
        .outlets
        .infer_knowing(&text, given_outlet.as_deref());
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
                    // Reported where the date is written, when the front matter gave it.
                    let line = match origin {
                        Origin::FrontMatter => raw.date_line.unwrap_or(raw.line),
                        _ => raw.line,
                    };
                    warnings.push(Warning::new(
                    &raw.source,
                    Some(line),
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
            spans: Default::default(),
        }),
        warnings,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inferred(text: &str) -> Option<String> {
        infer_date("A headline", text).map(|d| d.value)
    }

    #[test]
    fn publication_dates_come_from_datelines_not_from_the_story() {
        assert_eq!(
            inferred("WASHINGTON, May 30, 2005 — Officials said on Monday...").as_deref(),
            Some("2005-05-30")
        );
        assert_eq!(
            inferred("(Tue, 16 Aug 2011) This morning one of the providers...").as_deref(),
            Some("2011-08-16")
        );
        assert_eq!(
            inferred("Posted in Accidents on Friday, September 20, 2013. In New York...")
                .as_deref(),
            Some("2013-09-20")
        );
        assert_eq!(
            inferred("Seacom announced today (4 November 2011) that repairs are done.").as_deref(),
            Some("2011-11-04")
        );
        // What the story is about: a birth, a break-in, a release date.
        assert_eq!(
            inferred("Page was born on April 22, 1923, in Nashville, Tennessee."),
            None
        );
        assert_eq!(
            inferred("Five men were arrested at the Watergate on June 17, 1972, after a break-in."),
            None
        );
        assert_eq!(inferred("The film opens November 22, 2013."), None);
    }

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
