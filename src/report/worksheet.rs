//! Classroom worksheets: the articles of a storyline (or any cluster) side by side with numbered
//! lines, and questions built from the actual findings, each with an answer that cites lines.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::compare::lexicon::Lexicons;
use crate::compare::quotes::Quote;
use crate::model::Article;
use crate::pipeline::Analysis;
use crate::text;

#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub number: usize,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetArticle {
    /// "A", "B", … in the order the handout shows them.
    pub letter: String,
    pub outlet: String,
    pub date: Option<String>,
    pub headline: String,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub number: usize,
    pub text: String,
    /// The answer, citing article letters and line numbers.
    pub answer: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Worksheet {
    pub id: String,
    pub title: String,
    pub articles: Vec<SheetArticle>,
    pub questions: Vec<Question>,
}

/// Where a byte offset of an article falls: its letter and line number on the handout.
struct Locator {
    letter: String,
    starts: Vec<usize>,
}

impl Locator {
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }

    fn cite(&self, offset: usize) -> String {
        format!("article {}, line {}", self.letter, self.line_of(offset))
    }
}

const MAX_QUESTIONS: usize = 10;
/// Questions of one kind (hedges, numbers, labels) at most, so every kind gets asked.
const PER_KIND: usize = 2;

/// Who a sentence attributes its content to: the words before its first reporting verb
/// ("The UK's defence ministry said …" → "The UK's defence ministry").
fn attributed_to(sentence: &str, lexicons: &Lexicons) -> Option<String> {
    if let Some(pos) = sentence.find("according to ") {
        let name: Vec<&str> = sentence[pos + 13..]
            .split_whitespace()
            .take_while(|w| w.starts_with(char::is_uppercase) || ["of", "the"].contains(w))
            .collect();
        if !name.is_empty() {
            return Some(name.join(" ").trim_end_matches([',', '.']).to_string());
        }
    }
    let (offset, _) =
        text::words(sentence).find(|(_, w)| lexicons.attribution.verb_entry(w).is_some())?;
    let subject = sentence[..offset].trim().trim_end_matches(',').trim();
    let words = subject.split_whitespace().count();
    (words > 0 && words <= 10).then(|| subject.to_string())
}

fn speaker_in_sentence<'a>(quotes: &'a [&Quote], start: usize, end: usize) -> Option<&'a Quote> {
    quotes
        .iter()
        .copied()
        .find(|q| q.start >= start && q.end <= end && q.speaker.is_some())
}

/// Builds the worksheet of one cluster (`members` are article ids).
pub fn build(
    analysis: &Analysis,
    lexicons: &Lexicons,
    id: &str,
    title: &str,
    members: &[String],
) -> Worksheet {
    let by_id: HashMap<&str, &Article> = analysis
        .corpus
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();
    let mut articles: Vec<&Article> = members
        .iter()
        .filter_map(|m| by_id.get(m.as_str()).copied())
        .collect();
    articles.sort_by(|a, b| (a.date(), &a.id).cmp(&(b.date(), &b.id)));
    let mut quotes_of: HashMap<&str, Vec<&Quote>> = HashMap::new();
    for q in &analysis.comparison.quotes {
        quotes_of.entry(q.article.as_str()).or_default().push(q);
    }
    let letters: Vec<String> = (0..articles.len()).map(crate::contrasts::letter).collect();
    let title = neutral_title(analysis, id, &articles).unwrap_or_else(|| title.to_string());
    let mut locators: HashMap<&str, Locator> = HashMap::new();
    let mut sheet_articles = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        let sentences = a.lines();
        locators.insert(
            &a.id,
            Locator {
                letter: letters[i].clone(),
                starts: sentences.iter().map(|s| s.0).collect(),
            },
        );
        sheet_articles.push(SheetArticle {
            letter: letters[i].clone(),
            outlet: a.outlet_name().to_string(),
            date: a.date().map(str::to_string),
            headline: a.title.clone(),
            lines: sentences
                .iter()
                .enumerate()
                .map(|(n, &(s, e))| Line {
                    number: n + 1,
                    text: a.text[s..e].to_string(),
                })
                .collect(),
        });
    }
    let name_of = |id: &str| -> String {
        let loc = &locators[id];
        format!("{} ({})", loc.letter, by_id[id].outlet_name())
    };
    let in_sheet: BTreeSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    let mut questions: Vec<(String, String)> = Vec::new();

    // Talking points repeated across events.
    for point in &analysis.comparison.talking_points {
        let here: Vec<_> = point
            .occurrences
            .iter()
            .filter(|o| in_sheet.contains(o.article.as_str()))
            .collect();
        if here.len() < 2 {
            continue;
        }
        let answer = here
            .iter()
            .map(|o| {
                let q = analysis
                    .comparison
                    .quotes
                    .iter()
                    .find(|q| q.id == o.quote)
                    .expect("occurrences name real quotes");
                format!(
                    "{}: {} ({}), {}",
                    name_of(&o.article),
                    o.speaker,
                    o.date.as_deref().unwrap_or("date unknown"),
                    locators[o.article.as_str()].cite(q.start)
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        questions.push((
            format!("The words “{}” appear in more than one article. Who says them, when, and on what occasion?", point.phrase),
            format!("{answer}. The same {} wording recurs across events: a talking point.", point.side),
        ));
    }
    // Hedges that cast doubt on a claim.
    let findings: Vec<_> = analysis
        .comparison
        .findings
        .iter()
        .filter(|f| in_sheet.contains(f.article.as_str()) && f.field == "text")
        .collect();
    let mut asked: BTreeSet<String> = BTreeSet::new();
    // Phrases such as "without providing evidence" make a question; single words are too thin.
    for f in findings.iter().filter(|f| {
        f.indicator == "hedge"
            && f.category == "doubt"
            && !f.in_quote
            && f.matched.split_whitespace().count() >= 3
    }) {
        if !asked.insert(f.matched.to_lowercase()) || asked.len() > PER_KIND {
            continue;
        }
        questions.push((
            format!("Which article says a claim was made “{}”? Whose claim is it, and do the other articles report it the same way?", f.matched),
            format!(
                "{}, line {}: {} Compare the articles that carry the same claim without this hedge.",
                name_of(&f.article),
                locators[f.article.as_str()].line_of(f.start),
                as_sentence(&line_text(&by_id, &locators, &f.article, f.start))
            ),
        ));
    }
    // Numbers that only some articles give.
    let mut numbers: BTreeMap<String, Vec<(&str, usize, String)>> = BTreeMap::new();
    for a in &articles {
        for (s, e, key) in crate::cluster::features::numbers_with_units(&a.text) {
            numbers
                .entry(key)
                .or_default()
                .push((a.id.as_str(), s, a.text[s..e].to_string()));
        }
    }
    for (_, places) in numbers
        .iter()
        .filter(|(_, p)| p.len() < articles.len())
        .take(PER_KIND)
    {
        let unit = places[0]
            .2
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_string();
        let answer = places
            .iter()
            .map(|(article, start, surface)| {
                let sentence = by_id[article]
                    .lines()
                    .iter()
                    .copied()
                    .find(|&(s, e)| s <= *start && *start < e)
                    .unwrap_or((*start, *start));
                let whose = speaker_in_sentence(
                    quotes_of.get(article).map(Vec::as_slice).unwrap_or(&[]),
                    sentence.0,
                    sentence.1,
                )
                .and_then(|q| q.speaker.as_ref().map(|s| s.name.clone()))
                .or_else(|| attributed_to(&by_id[article].text[sentence.0..sentence.1], lexicons))
                .unwrap_or_else(|| "the article's own statement".into());
                format!(
                    "{}: “{surface}” ({}), according to {whose}",
                    name_of(article),
                    locators[*article].cite(*start)
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        questions.push((
            format!("Which articles give a number of {unit} (there may be one or several), and whose figure is it in each?"),
            {
                let giving = places.iter().map(|p| p.0).collect::<BTreeSet<_>>().len();
                format!(
                    "{answer}. {giving} of {} articles {} it.",
                    articles.len(),
                    if giving == 1 { "gives" } else { "give" }
                )
            },
        ));
    }
    // Loaded labels: in the outlet's own voice first (outside quotations, in a sentence that
    // reports no one: "the ministry dismissed the report as a fabrication" is the ministry's
    // word), then, when there is none, labels a quoted speaker uses, asking whose word it is.
    let reports_someone = |f: &crate::compare::framing::Finding| {
        let loc = &locators[f.article.as_str()];
        let line = loc.line_of(f.start);
        findings.iter().any(|g| {
            g.article == f.article
                && g.indicator == "attribution verb"
                && loc.line_of(g.start) == line
        })
    };
    let labels: Vec<&&crate::compare::framing::Finding> = findings
        .iter()
        .filter(|f| {
            f.indicator == "loaded label"
                && f.neutral
                    .as_deref()
                    .is_some_and(|n| !n.eq_ignore_ascii_case(&f.matched))
        })
        .collect();
    let own: Vec<_> = labels
        .iter()
        .filter(|f| !f.in_quote && !reports_someone(f))
        .collect();
    let mut labels_asked = BTreeSet::new();
    for f in &own {
        if labels_asked.len() == PER_KIND || !labels_asked.insert(f.matched.to_lowercase()) {
            continue;
        }
        questions.push((
            format!("Which article uses the word “{}” in its own voice (not in a quotation or in reported speech)? What neutral word could replace it, and what changes?", f.matched),
            format!(
                "{}, line {}: {} Neutral alternative: {}. {}",
                name_of(&f.article),
                locators[f.article.as_str()].line_of(f.start),
                as_sentence(&line_text(&by_id, &locators, &f.article, f.start)),
                f.neutral.as_deref().unwrap_or("—"),
                f.note
            ),
        ));
    }
    if own.is_empty() {
        for f in labels.iter().filter(|f| f.in_quote) {
            if labels_asked.len() == PER_KIND || !labels_asked.insert(f.matched.to_lowercase()) {
                continue;
            }
            let speaker = quotes_of
                .get(f.article.as_str())
                .and_then(|qs| qs.iter().find(|q| q.start <= f.start && f.end <= q.end))
                .and_then(|q| q.speaker.as_ref())
                .map(|s| s.name.clone())
                .unwrap_or_else(|| "a speaker the article does not name".into());
            questions.push((
                format!("Article {} carries the label “{}”. Is it the outlet's word or the word of someone it quotes? What neutral word could replace it?", locators[f.article.as_str()].letter, f.matched),
                format!(
                    "{}, line {}: {} It is {speaker}'s word, inside a quotation. Neutral alternative: {}. {}",
                    name_of(&f.article),
                    locators[f.article.as_str()].line_of(f.start),
                    as_sentence(&line_text(&by_id, &locators, &f.article, f.start)),
                    f.neutral.as_deref().unwrap_or("—"),
                    f.note
                ),
            ));
        }
    }
    // Headline verbs.
    let headline_verbs: Vec<String> = articles
        .iter()
        .filter_map(|a| {
            crate::compare::framing::headline_verb(&a.title, &lexicons.attribution)
                .map(|(v, stance, _)| format!("{}: “{v}” ({stance})", name_of(&a.id)))
        })
        .collect();
    if headline_verbs.len() >= 2 {
        questions.push((
            "Compare the verbs in the headlines. Which headline reports a denial, which an accusation, which a plain statement?".into(),
            headline_verbs.join("; "),
        ));
    }
    // Who speaks first.
    let first_voices: Vec<String> = articles
        .iter()
        .filter_map(|a| {
            let q = quotes_of
                .get(a.id.as_str())?
                .iter()
                .find(|q| q.speaker.is_some())?;
            let s = q.speaker.as_ref()?;
            Some(format!(
                "{}: {} ({}), {}",
                name_of(&a.id),
                s.name,
                s.side.as_deref().unwrap_or("side unknown"),
                locators[a.id.as_str()].cite(q.start)
            ))
        })
        .collect();
    if first_voices.len() >= 2 {
        questions.push((
            "Whose words does each article quote first? Which side gets the first word?".into(),
            first_voices.join("; "),
        ));
    }
    questions.truncate(MAX_QUESTIONS);
    Worksheet {
        id: id.to_string(),
        title,
        articles: sheet_articles,
        questions: questions
            .into_iter()
            .enumerate()
            .map(|(i, (text, answer))| Question {
                number: i + 1,
                text,
                answer,
            })
            .collect(),
    }
}

/// The neutral title of the storyline or event `id` (`contrasts::titles`), if it is one.
fn neutral_title(analysis: &Analysis, id: &str, articles: &[&Article]) -> Option<String> {
    for s in &analysis.clustering.storylines {
        if s.id == id {
            let first = s
                .events
                .iter()
                .filter_map(|e| e.first_date.as_deref())
                .min();
            let last = s.events.iter().filter_map(|e| e.last_date.as_deref()).max();
            return Some(crate::contrasts::titles::title(
                articles,
                &s.evidence,
                first,
                last,
            ));
        }
        if let Some(e) = s.events.iter().find(|e| e.id == id) {
            return Some(crate::contrasts::titles::title(
                articles,
                &e.evidence,
                e.first_date.as_deref(),
                e.last_date.as_deref(),
            ));
        }
    }
    None
}

/// The handout line of an article holding byte `offset`.
fn line_text(
    by_id: &HashMap<&str, &Article>,
    locators: &HashMap<&str, Locator>,
    article: &str,
    offset: usize,
) -> String {
    let loc = &locators[article];
    let text = &by_id[article].text;
    let i = loc.line_of(offset) - 1;
    let start = loc.starts.get(i).copied().unwrap_or(0);
    let end = loc.starts.get(i + 1).copied().unwrap_or(text.len());
    text[start..end].trim().to_string()
}

/// A quoted line set in an answer as a sentence of its own: ends with its own punctuation,
/// never doubled (no `provocative.””.`).
fn as_sentence(line: &str) -> String {
    let trimmed = line.trim();
    let end = trimmed.trim_end_matches(['"', '”', '’', '\'', ')']);
    if end.ends_with(['.', '!', '?', '…']) {
        trimmed.to_string()
    } else {
        format!("{trimmed}.")
    }
}
