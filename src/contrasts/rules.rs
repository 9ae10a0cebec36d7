//! The rules that turn a cluster's findings into contrasts. Each rule reads the members of one
//! cluster, grouped into sides (an outlet, or an article whose outlet is not known), and says
//! something only where sides differ. Weights rank the list: a base per rule (how directly it
//! shows framing) plus how far apart the sides are; they are documented in the README.
//!
//! 1. `hedge_on_shared_figure`: one side casts doubt ("without providing evidence", "allegedly")
//!    in its own voice on a sentence with a figure another side states with no hedge.
//! 2. `voice_rates`: an indicator in the outlet's own voice (scare quotes, doubt hedges,
//!    distancing verbs, loaded labels) that one side uses at least twice, at 3 or more per 1,000
//!    words, and another side of 150 or more words never uses.
//! 3. `labels`: a loaded label (with its neutral counterpart) only one side uses; in its own
//!    voice or in a quotation, said which, and whether another side writes the neutral word.
//! 4. `talking_points`: the same wording quoted from one side's speakers in two or more articles
//!    of the cluster.
//! 5. `headlines` (its own module, `super::headlines`): the headlines of one event with their
//!    reporting verbs, when the stances differ or each has words no other has.
//! 6. `attribution_for_speaker`: the same speaker introduced with verbs of different stances
//!    (said / claimed / admitted) by different sides.
//! 7. `first_voice`: the speaker each side quotes first, when they stand for different sides.
//! 8. `figures`: a figure that some sides give and others, of 150 or more words, do not.
//!
//! Not a rule (tried and dropped): how each side names an actor. The naming table mixes a
//! state's names with its side's cues (the US side's cues include "Republican"), so "X writes
//! 'Republican' where Y never does" read as a naming contrast and was false.

use std::collections::{BTreeMap, BTreeSet};

use super::{Citation, Contrast, Member, Sides};
use crate::cluster::features::numbers_with_units;
use crate::compare::framing::{ambiguous_form, preceded_by_noun_marker, Finding};
use crate::compare::quotes::QuoteKind;
use crate::compare::{ClusterComparison, Comparison};

/// Hedges too common to say anything about one claim (modal verbs).
const WEAK_HEDGES: &[&str] = &["could", "may have", "according to", "appeared to", "claims"];
/// A side shorter than this is not said to "never" use something: it had little room to.
const MIN_WORDS_FOR_ABSENCE: usize = 150;

pub(super) fn contrast(
    kind: &str,
    statement: String,
    weight: f64,
    citations: Vec<Citation>,
) -> Contrast {
    Contrast {
        cluster: String::new(),
        level: String::new(),
        kind: kind.to_string(),
        statement,
        weight: (weight * 1000.0).round() / 1000.0,
        citations,
    }
}

fn own_voice(f: &Finding) -> bool {
    f.field == "text" && !f.in_quote
}

/// A word in the outlet's own voice: outside quotations and in a sentence that reports no one
/// (no attribution verb), so that "the ministry dismissed the report as a fabrication" or
/// "…, the intelligence said" is read as the speaker's characterisation, not the outlet's.
fn in_outlet_voice(f: &Finding, member: &Member) -> bool {
    own_voice(f)
        && member.sentence_at(f.start).is_some_and(|(_, s, e)| {
            // A capitalised match inside a sentence is part of a name or a title
            // ("Constitutional Authority Statements"), not the outlet's word.
            let in_name = f.start > s && f.matched.starts_with(char::is_uppercase);
            !in_name
                && !member.findings.iter().any(|g| {
                    g.indicator == "attribution verb"
                        && g.field == "text"
                        && s <= g.start
                        && g.start < e
                })
        })
}

/// True when a distancing verb is not shown to introduce what someone says: it neither
/// introduces a quotation nor is followed, within three words, by "that" or a quotation mark
/// ("the lawsuit, argued in lively exchanges" is a case argued in court, not a claim reported).
fn reads_as_noun(f: &Finding, member: &Member) -> bool {
    if preceded_by_noun_marker(&member.article.text, f.start) {
        return true;
    }
    if member.quotes.iter().any(|q| q.verb_start == Some(f.start)) {
        return false;
    }
    // "his recent claims that …": a form as often a noun counts only where it introduces a
    // quotation.
    if ambiguous_form(&f.matched) {
        return true;
    }
    let after = &member.article.text[f.end..];
    let next: Vec<&str> = after.split_whitespace().take(3).collect();
    !next.iter().any(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .eq_ignore_ascii_case("that")
            || w.starts_with(['"', '“', '\'', '‘'])
    })
}

/// A loaded label with a neutral counterpart that is another word.
fn is_label(f: &Finding) -> bool {
    f.indicator == "loaded label"
        && f.field == "text"
        && f.neutral
            .as_deref()
            .is_some_and(|n| !n.eq_ignore_ascii_case(&words_of(f)))
}

/// "A, B and C".
pub(super) fn and_list(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// The finding's words as written, without punctuation that a quotation mark left on them.
fn words_of(f: &Finding) -> String {
    f.matched
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

pub(super) fn all(
    sides: &Sides,
    cluster: &ClusterComparison,
    comparison: &Comparison,
) -> Vec<Contrast> {
    let mut out = Vec::new();
    hedge_on_shared_figure(sides, &mut out);
    voice_rates(sides, &mut out);
    labels(sides, &mut out);
    talking_points(sides, comparison, &mut out);
    super::headlines::headlines(sides, cluster, &mut out);
    attribution_for_speaker(sides, cluster, comparison, &mut out);
    first_voice(sides, &mut out);
    figures(sides, &mut out);
    out
}

fn is_doubt_hedge(f: &Finding) -> bool {
    f.indicator == "hedge"
        && (f.category == "doubt" || f.category == "hedge")
        && own_voice(f)
        && !WEAK_HEDGES.contains(&f.matched.to_lowercase().as_str())
}

/// Rule 1: a figure one side hedges in its own voice and another states flat.
fn hedge_on_shared_figure(sides: &Sides, out: &mut Vec<Contrast>) {
    // Each member's figures are found once, and indexed by figure: the first sentence of each
    // member that gives it with no hedge (scanning every other article's text for each hedged
    // figure made large clusters quadratic).
    let mut flat_by_key: BTreeMap<String, Vec<(usize, usize, usize)>> = BTreeMap::new();
    for (yi, y) in sides.members.iter().enumerate() {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for (ys, ye, key) in numbers_with_units(&y.article.text) {
            if seen.contains(&key) {
                continue;
            }
            let unhedged = y.sentence_at(ys).is_some_and(|(_, ss, se)| {
                !y.findings.iter().any(|g| {
                    g.indicator == "hedge" && g.field == "text" && ss <= g.start && g.start < se
                })
            });
            if unhedged {
                seen.insert(key.clone());
                flat_by_key.entry(key).or_default().push((yi, ys, ye));
            }
        }
    }
    let mut said: BTreeSet<(String, String)> = BTreeSet::new();
    for (xi, x) in sides.members.iter().enumerate() {
        for f in x.findings.iter().filter(|f| is_doubt_hedge(f)) {
            let Some((_, s, e)) = x.sentence_at(f.start) else {
                continue;
            };
            for (ns, ne, key) in numbers_with_units(&x.article.text[s..e]) {
                let figure = &x.article.text[s + ns..s + ne];
                // The other sides' sentences with the same figure and no hedge in them.
                for &(yi, ys, ye) in flat_by_key.get(&key).into_iter().flatten() {
                    if sides.side_of(yi) == sides.side_of(xi) {
                        continue;
                    }
                    let y = &sides.members[yi];
                    let y_figure = &y.article.text[ys..ye];
                    let hedge = words_of(f);
                    if !said.insert((key.clone(), y.article.id.clone())) {
                        continue;
                    }
                    let (Some(cx), Some(cy)) =
                        (x.cite(f.start, &[&hedge, figure]), y.cite(ys, &[y_figure]))
                    else {
                        continue;
                    };
                    out.push(contrast(
                        "hedge on a shared figure",
                        format!(
                            "{} adds “{hedge}” to the claim of “{figure}”; {} gives “{y_figure}” with no hedge.",
                            x.name(),
                            y.name()
                        ),
                        1.0,
                        vec![cx, cy],
                    ));
                }
            }
        }
    }
}

/// What a rate rule counts, and how its statement reads.
struct VoiceRate {
    kind: &'static str,
    counts: fn(&Finding, &Member) -> bool,
    /// "{side} {does} {n} times ({rate} per 1,000 words), e.g. …; {others} {never}."
    does: &'static str,
    never: &'static str,
    base: f64,
    /// A looser test for the side said to have none: a claim of absence stands only if this
    /// finds nothing either (the detector needs context that the other article may lack).
    any_form: fn(&Member, &Sides) -> bool,
}

fn nothing(_: &Member, _: &Sides) -> bool {
    false
}

/// Any quotation that could be read as a scare quote or a label: one of up to eight words of
/// any kind, whatever verb introduces it ("Leahy called the speech 'a tawdry and high-handed
/// stunt'", "the 'Alice in Wonderland world'", which the quote finder may read as a full
/// quotation), or "so-called", which distances without quotation marks.
fn any_quoted_label(member: &Member, _: &Sides) -> bool {
    member
        .quotes
        .iter()
        .any(|q| q.kind == QuoteKind::Scare || crate::text::word_count(&q.text) <= 8)
        || find_word(&member.article.text, "so-called").is_some()
}

/// Any word of the text that is a form of a distancing verb ("erroneously claiming", "the
/// lobby insists it had no influence"), whatever follows it.
fn any_distancing_verb(member: &Member, sides: &Sides) -> bool {
    crate::text::words(&member.article.text).any(|(_, w)| {
        sides
            .attribution
            .verb_entry(w)
            .is_some_and(|e| e.category == "distancing")
    })
}

const VOICE_RATES: &[VoiceRate] = &[
    VoiceRate {
        kind: "scare quotes",
        counts: |f, _| f.indicator == "scare quote",
        does: "sets a word or a short phrase in quotation marks, as a scare quote or as someone's label (called it …), not as reported speech",
        never: "none",
        base: 0.7,
        any_form: any_quoted_label,
    },
    VoiceRate {
        kind: "doubt in the outlet's voice",
        counts: |f, _| is_doubt_hedge(f),
        does: "casts doubt in its own words",
        never: "no such words outside quotations",
        // Below the shared-figure rule, which shows the same words against a flat statement.
        base: 0.5,
        any_form: nothing,
    },
    VoiceRate {
        kind: "distancing verbs",
        counts: |f, m| {
            f.indicator == "attribution verb"
                && f.category == "distancing"
                && own_voice(f)
                && !reads_as_noun(f, m)
        },
        does: "introduces what others say with distancing verbs",
        never: "none",
        base: 0.55,
        any_form: any_distancing_verb,
    },
    VoiceRate {
        kind: "loaded labels in the outlet's voice",
        counts: |f, m| is_label(f) && in_outlet_voice(f, m),
        does: "uses loaded labels in its own words",
        never: "none outside quotations",
        base: 0.6,
        any_form: nothing,
    },
];

/// Rule 2: an indicator one side uses often in its own voice and another never.
fn voice_rates(sides: &Sides, out: &mut Vec<Contrast>) {
    for rule in VOICE_RATES {
        let per_side: Vec<Vec<(usize, &Finding)>> = sides
            .sides
            .iter()
            .map(|members| {
                members
                    .iter()
                    .flat_map(|&m| {
                        let member = &sides.members[m];
                        member
                            .findings
                            .iter()
                            .filter(move |f| (rule.counts)(f, member))
                            .map(move |f| (m, *f))
                    })
                    .collect()
            })
            .collect();
        let rate = |s: usize| per_side[s].len() as f64 * 1000.0 / sides.words(s).max(1) as f64;
        let Some(top) = (0..sides.sides.len())
            .filter(|&s| per_side[s].len() >= 2 && rate(s) >= 3.0)
            .max_by(|&a, &b| rate(a).total_cmp(&rate(b)).then(b.cmp(&a)))
        else {
            continue;
        };
        let zeros: Vec<usize> = (0..sides.sides.len())
            .filter(|&s| per_side[s].is_empty() && sides.words(s) >= MIN_WORDS_FOR_ABSENCE)
            .filter(|&s| {
                !sides.sides[s]
                    .iter()
                    .any(|&m| (rule.any_form)(&sides.members[m], sides))
            })
            .collect();
        if zeros.is_empty() {
            continue;
        }
        // Up to three examples, each a different phrase.
        let mut examples: Vec<(String, Citation)> = Vec::new();
        for &(m, f) in &per_side[top] {
            if examples.len() == 3 {
                break;
            }
            let words = words_of(f);
            if words.is_empty() || examples.iter().any(|(w, _)| w.eq_ignore_ascii_case(&words)) {
                continue;
            }
            if let Some(mut c) = sides.members[m].cite(f.start, &[&words]) {
                // One citation a sentence, carrying every example it holds.
                if let Some((_, same)) = examples
                    .iter_mut()
                    .find(|(_, e)| e.article == c.article && e.start == c.start)
                {
                    same.contains.push(words.clone());
                    c.contains.clear();
                    examples.push((words, c));
                    continue;
                }
                examples.push((words, c));
            }
        }
        if examples.is_empty() {
            continue;
        }
        let n = per_side[top].len();
        let r = rate(top);
        let names: Vec<String> = zeros.iter().map(|&s| sides.name(s)).collect();
        let mut users: Vec<usize> = per_side[top].iter().map(|&(m, _)| m).collect();
        users.sort_unstable();
        users.dedup();
        let statement = format!(
            "{} {} at least {n} times (at least {r:.1} per 1,000 words), e.g. {}; {} {} {}.",
            sides.name_with(top, &users),
            rule.does,
            and_list(
                &examples
                    .iter()
                    .map(|(w, _)| format!("“{w}”"))
                    .collect::<Vec<_>>()
            ),
            and_list(&names),
            if names.len() > 1 { "have" } else { "has" },
            rule.never
        );
        out.push(contrast(
            rule.kind,
            statement,
            rule.base + 0.3 * (r / 10.0).min(1.0),
            examples
                .into_iter()
                .map(|(_, c)| c)
                .filter(|c| !c.contains.is_empty())
                .collect(),
        ));
    }
}

/// Whole-word, case-insensitive position of `word` in `text`.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let lower = text.to_lowercase();
    let word = word.to_lowercase();
    if lower.len() != text.len() || word.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(pos) = lower[from..].find(&word) {
        let start = from + pos;
        let end = start + word.len();
        let before = lower[..start].chars().next_back();
        let after = lower[end..].chars().next();
        if before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
        {
            return Some(start);
        }
        from = end;
    }
    None
}

/// Rule 3: loaded labels only one side uses, grouped by who uses them (the outlet in its own
/// voice, or one quoted speaker), each with its neutral counterpart.
fn labels(sides: &Sides, out: &mut Vec<Contrast>) {
    // label (lower case) → sides using it
    let mut users: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (m, member) in sides.members.iter().enumerate() {
        for f in member.findings.iter().filter(|f| is_label(f)) {
            users
                .entry(words_of(f).to_lowercase())
                .or_default()
                .insert(sides.side_of(m));
        }
    }
    // (side, speaker or "" for the outlet's voice) → labels with (member, finding)
    let mut groups: BTreeMap<(usize, String), Vec<(usize, &Finding)>> = BTreeMap::new();
    for (m, member) in sides.members.iter().enumerate() {
        for f in member.findings.iter().filter(|f| is_label(f)) {
            if users[&words_of(f).to_lowercase()].len() != 1 {
                continue;
            }
            let who = if f.in_quote {
                match member
                    .quotes
                    .iter()
                    .find(|q| q.start <= f.start && f.end <= q.end)
                    .and_then(|q| q.speaker.as_ref())
                {
                    // Only a speaker the label's own sentence names, by an attribution: a
                    // pronoun or a follow-on quote may stand for someone else.
                    Some(s)
                        if s.how == "attribution"
                            && names_the_speaker(&s.mention, &s.name)
                            && member
                                .sentence_at(f.start)
                                .is_some_and(|(_, a, b)| a <= s.start && s.end <= b) =>
                    {
                        s.name.clone()
                    }
                    _ => continue,
                }
            } else if in_outlet_voice(f, member) {
                String::new()
            } else {
                continue;
            };
            let group = groups.entry((sides.side_of(m), who)).or_default();
            if group.len() < 3
                && !group
                    .iter()
                    .any(|(_, g)| words_of(g).eq_ignore_ascii_case(&words_of(f)))
            {
                group.push((m, *f));
            }
        }
    }
    for ((side, who), found) in groups {
        let mut citations = Vec::new();
        let mut named = Vec::new();
        let mut neutral_words = Vec::new();
        let mut writers = BTreeSet::new();
        for (m, f) in &found {
            let label = words_of(f);
            let neutral = f.neutral.clone().unwrap_or_default();
            if let Some(c) = sides.members[*m].cite(f.start, &[&label]) {
                citations.push(c);
                writers.insert(*m);
                named.push(format!("“{label}” (a neutral word: {neutral})"));
                neutral_words.push(neutral);
            }
        }
        if citations.is_empty() {
            continue;
        }
        // Another side writing one of the neutral words in its own words.
        let mut neutral_user = None;
        'search: for (s, members) in sides.sides.iter().enumerate() {
            if s == side {
                continue;
            }
            for &o in members {
                let other = &sides.members[o];
                for neutral in &neutral_words {
                    let Some(pos) = find_word(&other.article.text, neutral) else {
                        continue;
                    };
                    if other.quotes.iter().any(|q| q.start <= pos && pos < q.end) {
                        continue;
                    }
                    if let Some(c) = other.cite(pos, &[neutral]) {
                        let written = other.article.text[pos..pos + neutral.len()].to_string();
                        neutral_user = Some((other.name(), written));
                        citations.push(c);
                        break 'search;
                    }
                }
            }
        }
        let them = if named.len() > 1 { "them" } else { "it" };
        let labels = if named.len() > 1 {
            "loaded labels"
        } else {
            "a loaded label"
        };
        // Named by the articles that carry the labels, not by every article of the side.
        let user = sides.name_with(side, &writers.into_iter().collect::<Vec<_>>());
        let head = if who.is_empty() {
            format!(
                "{user} uses {labels} in its own words: {}",
                and_list(&named)
            )
        } else {
            format!("{user} quotes {who} using {labels}: {}", and_list(&named))
        };
        let tail = match &neutral_user {
            Some((name, written)) => {
                format!("; {name} writes “{written}”, and no other article uses {them}.")
            }
            None => format!("; no other article uses {them}."),
        };
        let base = if who.is_empty() { 0.8 } else { 0.6 };
        out.push(contrast(
            if who.is_empty() {
                "loaded label"
            } else {
                "loaded label quoted"
            },
            format!("{head}{tail}"),
            base + 0.05 * found.len().min(3) as f64
                + if neutral_user.is_some() { 0.05 } else { 0.0 },
            citations,
        ));
    }
}

/// Rule 4: the same wording quoted from one side in two or more articles of the cluster.
fn talking_points(sides: &Sides, comparison: &Comparison, out: &mut Vec<Contrast>) {
    let index: BTreeMap<&str, usize> = sides
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.article.id.as_str(), i))
        .collect();
    for point in &comparison.talking_points {
        let here: Vec<_> = point
            .occurrences
            .iter()
            .filter(|o| index.contains_key(o.article.as_str()))
            .collect();
        let articles: BTreeSet<&str> = here.iter().map(|o| o.article.as_str()).collect();
        // Carried by two outlets at least (one outlet repeating its own quotation in a later
        // article is background, not a point two outlets share), and not a name or a title
        // ("Accountability Review Board").
        let outlets: BTreeSet<usize> = articles.iter().map(|a| sides.side_of(index[a])).collect();
        let name_like = point
            .phrase
            .split_whitespace()
            .all(|w| w.starts_with(|c: char| c.is_uppercase() || !c.is_alphabetic()));
        if articles.len() < 2 || outlets.len() < 2 || name_like {
            continue;
        }
        let mut citations = Vec::new();
        let mut who = Vec::new();
        let mut done = BTreeSet::new();
        for o in &here {
            if !done.insert(o.article.as_str()) {
                continue;
            }
            let m = &sides.members[index[o.article.as_str()]];
            let Some(q) = m.quotes.iter().find(|q| q.id == o.quote) else {
                continue;
            };
            let Some(pos) = super::folded(&m.article.text[q.start..q.end])
                .find(&super::folded(&point.phrase))
                .map(|p| q.start + p)
                .filter(|p| m.article.text.is_char_boundary(*p))
            else {
                continue;
            };
            if let Some(c) = m.cite(pos, &[&point.phrase]) {
                citations.push(c);
                who.push(format!(
                    "{} quotes {}{}",
                    m.name(),
                    o.speaker,
                    o.date
                        .as_deref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default()
                ));
            }
        }
        if citations.len() < 2 {
            continue;
        }
        // An article "does not carry" the words only if they are nowhere in it, quoted or not.
        let phrase = super::folded(&point.phrase);
        let left_out: Vec<String> = sides
            .members
            .iter()
            .filter(|m| !articles.contains(m.article.id.as_str()))
            .filter(|m| !super::folded(&m.article.text).contains(&phrase))
            .map(|m| m.letter.clone())
            .collect();
        let events: BTreeSet<&str> = here.iter().map(|o| o.event.as_str()).collect();
        // Wording that carries a framing finding ("unfounded", a label) weighs more than a
        // shared phrase of plain words.
        let framed = citations.iter().any(|c| {
            let m = &sides.members[index[c.article.as_str()]];
            m.findings.iter().any(|f| {
                f.field == "text"
                    && f.start >= c.start
                    && f.end <= c.end
                    && f.indicator != "attribution verb"
                    && super::folded(&point.phrase).contains(&super::folded(&f.matched))
            })
        });
        out.push(contrast(
            "repeated wording",
            format!(
                "The same words, “{}”, come from {} speakers in {} articles: {}{}{}.",
                point.phrase,
                point.side,
                citations.len(),
                and_list(&who),
                if events.len() > 1 {
                    ", reporting different events: a repeated talking point"
                } else {
                    ""
                },
                match left_out.len() {
                    0 => String::new(),
                    1 => format!("; {} does not carry them", left_out[0]),
                    2..=4 => format!("; {} do not carry them", and_list(&left_out)),
                    n => format!("; the other {n} articles do not carry them"),
                }
            ),
            0.7 + 0.05 * citations.len().min(4) as f64 + if framed { 0.1 } else { 0.0 },
            citations,
        ));
    }
}

/// How one side introduces a speaker: (stance, verb, member, verb offset, the mention names them).
type VerbUse = (String, String, usize, usize, bool);

/// True when the words that name a speaker end with the speaker's name ("Kremlin spokesman
/// Dmitry Peskov", "Peskov"), so a mention that names someone else ("Obama campaign manager Jim
/// Messina" taken for Barack Obama) or a pronoun does not stand for them.
fn names_the_speaker(mention: &str, name: &str) -> bool {
    let last = |s: &str| {
        s.split_whitespace()
            .next_back()
            .map(|w| {
                crate::text::strip_possessive(w.trim_matches(|c: char| !c.is_alphanumeric()))
                    .to_lowercase()
            })
            .unwrap_or_default()
    };
    name.starts_with(char::is_uppercase)
        && mention.starts_with(char::is_uppercase)
        && !last(name).is_empty()
        && last(mention) == last(name)
}

/// A quotation of one speaker: (member, quote id, its words as compared).
type SpokenWords<'a> = (usize, &'a str, Vec<String>);

/// Rule 6: one speaker, introduced with verbs of different stances by different sides.
fn attribution_for_speaker(
    sides: &Sides,
    cluster: &ClusterComparison,
    comparison: &Comparison,
    out: &mut Vec<Contrast>,
) {
    // Only verbs that introduce the same words (one quotation group of the cluster): verbs for
    // different remarks ("wrote" a tweet, "acknowledged" at a press conference) may each be apt.
    let mut group_of: BTreeMap<&str, &str> = BTreeMap::new();
    let groups: Vec<&crate::compare::align::QuoteGroup> = cluster
        .quote_groups
        .iter()
        .filter_map(|id| comparison.quote_groups.iter().find(|g| &g.id == id))
        .collect();
    for g in &groups {
        for v in &g.variants {
            group_of.insert(v.quote.as_str(), g.id.as_str());
        }
    }
    // A fragment too short to be aligned ("insisted 'nothing improper' happened") renders the
    // same utterance as another article's fuller quotation by the same speaker that holds its
    // words in order ("I can assure the public that nothing improper took place"): the two
    // share the fuller one's group, or the fuller one's id when it has none.
    let mut by_speaker_quotes: BTreeMap<&str, Vec<SpokenWords>> = BTreeMap::new();
    for (m, member) in sides.members.iter().enumerate() {
        for q in &member.quotes {
            if let Some(speaker) = q.speaker.as_ref() {
                by_speaker_quotes
                    .entry(speaker.name.as_str())
                    .or_default()
                    .push((
                        m,
                        q.id.as_str(),
                        crate::text::folded_words(&q.text).collect(),
                    ));
            }
        }
    }
    for quotes in by_speaker_quotes.values() {
        // The speaker's quotations by each pair of adjacent words, so that a fragment is
        // checked only against quotations that hold its first two words (a statement quoted
        // in thousands of reports would make every pair a candidate).
        let mut by_pair: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
        for (k, (_, _, words)) in quotes.iter().enumerate() {
            for w in words.windows(2) {
                let list = by_pair.entry((w[0].as_str(), w[1].as_str())).or_default();
                if list.last() != Some(&k) {
                    list.push(k);
                }
            }
        }
        for (m, id, words) in quotes {
            if words.len() < 2 || group_of.contains_key(id) {
                continue;
            }
            let Some(candidates) = by_pair.get(&(words[0].as_str(), words[1].as_str())) else {
                continue;
            };
            let fuller = candidates
                .iter()
                .map(|&k| &quotes[k])
                .find(|(other, _, longer)| {
                    sides.side_of(*other) != sides.side_of(*m)
                        && longer.len() > words.len()
                        && longer.windows(words.len()).any(|w| w == words.as_slice())
                });
            if let Some((_, longer_id, _)) = fuller {
                let key = group_of.get(longer_id).copied().unwrap_or(longer_id);
                group_of.insert(id, key);
                group_of.entry(longer_id).or_insert(key);
            }
        }
    }
    // (speaker, group) → side → every (stance, verb, member, verb offset, named)
    let mut by_speaker: BTreeMap<(String, &str), BTreeMap<usize, Vec<VerbUse>>> = BTreeMap::new();
    for (m, member) in sides.members.iter().enumerate() {
        for q in &member.quotes {
            let (Some(speaker), Some(verb_start)) = (q.speaker.as_ref(), q.verb_start) else {
                continue;
            };
            let Some(&group) = group_of.get(q.id.as_str()) else {
                continue;
            };
            // The verb must stand next to the speaker's name ("Peskov said", "said Peskov",
            // "Ms. Nuland, reading the draft, complained"): a verb far from it may belong to
            // another clause ("talking points describing the attack").
            let (from, to) = if verb_start < speaker.start {
                (verb_start, speaker.start)
            } else {
                (speaker.end.min(verb_start), verb_start)
            };
            if crate::text::word_count(&member.article.text[from..to]) > 4 {
                continue;
            }
            // A use through a pronoun ("She admitted") counts for the side's consistency but
            // is never the one cited.
            let named = names_the_speaker(&speaker.mention, &speaker.name);
            if !named && speaker.how != "pronoun" {
                continue;
            }
            let Some(f) = member.findings.iter().find(|f| {
                f.indicator == "attribution verb" && f.field == "text" && f.start == verb_start
            }) else {
                continue;
            };
            by_speaker
                .entry((speaker.name.clone(), group))
                .or_default()
                .entry(sides.side_of(m))
                .or_default()
                .push((f.category.clone(), f.matched.clone(), m, f.start, named));
        }
    }
    for ((speaker, _), all_uses) in by_speaker {
        // A side speaks of the speaker in one way only if all its verbs for them share a stance
        // ("said" once and "admitted" next is no neutral side); its first use stands for it.
        let uses: BTreeMap<usize, VerbUse> = all_uses
            .into_iter()
            .filter(|(_, u)| u.iter().all(|v| v.0 == u[0].0))
            .filter_map(|(side, u)| Some((side, u.into_iter().find(|v| v.4)?)))
            .collect();
        let stances: BTreeSet<&str> = uses.values().map(|u| u.0.as_str()).collect();
        if uses.len() < 2 || stances.len() < 2 {
            continue;
        }
        let mut parts = Vec::new();
        let mut citations = Vec::new();
        for (stance, verb, m, at, _) in uses.values() {
            let member = &sides.members[*m];
            if let Some(c) = member.cite(*at, &[verb]) {
                citations.push(c);
                parts.push(format!("{} writes “{verb}” ({stance})", member.name()));
            }
        }
        if citations.len() < 2 {
            continue;
        }
        out.push(contrast(
            "attribution verb",
            format!("Introducing {speaker}'s words, {}.", and_list(&parts)),
            0.75,
            citations,
        ));
    }
}

/// Rule 7: the first voice each side quotes, when they stand for different sides.
fn first_voice(sides: &Sides, out: &mut Vec<Contrast>) {
    let mut parts = Vec::new();
    let mut citations = Vec::new();
    let mut voices = BTreeSet::new();
    for members in &sides.sides {
        let m = &sides.members[members[0]];
        // The first quotation whose speaker stands for a side; the side is left out when that
        // speaker is not named where quoted (a pronoun, "It"): a later one is not the first.
        let Some(q) = m.quotes.iter().find(|q| {
            q.speaker
                .as_ref()
                .is_some_and(|s| s.side.is_some() && s.mention.starts_with(char::is_uppercase))
        }) else {
            continue;
        };
        let speaker = q.speaker.as_ref().expect("filtered");
        if speaker.how != "attribution" || !names_the_speaker(&speaker.mention, &speaker.name) {
            continue;
        }
        let Some(c) = m.cite(speaker.start, &[&speaker.mention]) else {
            continue;
        };
        voices.insert(speaker.side.clone().unwrap_or_default());
        parts.push(format!(
            "{} quotes “{}” ({}) first",
            m.name(),
            speaker.mention,
            speaker.side.as_deref().unwrap_or("")
        ));
        citations.push(c);
    }
    if citations.len() < 2 || voices.len() < 2 {
        return;
    }
    out.push(contrast(
        "first voice",
        format!("Who speaks first differs: {}.", and_list(&parts)),
        0.5 + 0.05 * voices.len().min(4) as f64,
        citations,
    ));
}

/// A figure that counts something: not a year ("Sept. 11, 2012, attack") nor a number cut off
/// by a comma from what follows it.
fn is_quantity(surface: &str) -> bool {
    let number: String = surface
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect();
    if number.ends_with(',') || number.ends_with('.') {
        return false;
    }
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    !(digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")))
}

/// A figure cut before the first function word the unit pattern took after it ("35.7 percent
/// and", "21 percent of Republican").
fn trim_function_word(surface: &str) -> &str {
    let mut end = surface.len();
    let mut offset: usize = 0;
    for (i, word) in surface.split(' ').enumerate() {
        if i > 0 && crate::text::is_stopword(&word.to_lowercase()) {
            end = offset.saturating_sub(1);
            break;
        }
        offset += word.len() + 1;
    }
    &surface[..end]
}

/// Numbers written as words ("twelve", "a dozen"); "a"/"an" count as one before a scale or a
/// unit of time ("a week").
const NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("dozen", 12.0),
    ("hundred", 100.0),
];

/// Words that make the figure after them an estimate ("almost two weeks", "more than 40").
const APPROXIMATE: &[&str] = &[
    "almost",
    "nearly",
    "about",
    "around",
    "roughly",
    "some",
    "over",
    "more",
    "less",
    "under",
    "least",
    "approximately",
    "estimated",
];

/// Days in a unit of time, so that "almost two weeks" is compared with "12 days".
fn days_in(unit: &str) -> Option<f64> {
    match unit.trim_end_matches('s') {
        "day" => Some(1.0),
        "week" => Some(7.0),
        "month" => Some(30.0),
        "year" => Some(365.0),
        _ => None,
    }
}

/// The quantities a text writes, in order, each with how far a figure may be from it and still
/// be the same: a tenth, or a fifth after a word of estimate ("almost", "more than"). A
/// number is figures with the scale word after it ("1.6 million" is 1,600,000; "$14,959,450";
/// "35.72") or a number word ("twelve"); a duration is also counted in days ("two weeks" is
/// 14 as well as 2).
fn values_in(text: &str) -> Vec<(f64, f64)> {
    let words: Vec<&str> = crate::text::words(text).map(|(_, w)| w).collect();
    let mut out = Vec::new();
    for (k, word) in words.iter().enumerate() {
        // Most words are no number: look at each without copying it.
        let is_article = word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("an");
        let number = if word.starts_with(|c: char| c.is_ascii_digit()) {
            word.replace(',', "").parse::<f64>().ok()
        } else if is_article {
            Some(1.0)
        } else {
            NUMBER_WORDS
                .iter()
                .find(|(w, _)| w.eq_ignore_ascii_case(word))
                .map(|(_, v)| *v)
        };
        let Some(number) = number else {
            continue;
        };
        let next = words.get(k + 1).map(|w| w.to_lowercase());
        let next = next.as_deref();
        if is_article
            && !next.is_some_and(|n| {
                days_in(n).is_some() || ["dozen", "hundred", "thousand", "million"].contains(&n)
            })
        {
            continue;
        }
        let scale = match next {
            Some("dozen") => 12.0,
            Some("hundred") => 1e2,
            Some("thousand") => 1e3,
            Some("million") => 1e6,
            Some("billion") => 1e9,
            Some("trillion") => 1e12,
            _ => 1.0,
        };
        let tolerance = if k > 0
            && APPROXIMATE
                .iter()
                .any(|w| w.eq_ignore_ascii_case(words[k - 1]))
        {
            0.2
        } else {
            0.1
        };
        let value = number * scale;
        out.push((value, tolerance));
        if let Some(days) = next.and_then(days_in) {
            out.push((value * days, tolerance));
        }
    }
    out
}

/// A number followed by a capitalised word counts no unit: "90 Georgetown faculty".
fn unit_is_a_name(surface: &str) -> bool {
    surface
        .split(' ')
        .nth(1)
        .is_some_and(|w| w.starts_with(char::is_uppercase))
}

/// Rule 8: a figure some sides give and others do not.
fn figures(sides: &Sides, out: &mut Vec<Contrast>) {
    // figure key → side → (member, offset, surface)
    let mut by_key: BTreeMap<String, BTreeMap<usize, (usize, usize, String)>> = BTreeMap::new();
    // figure key → side → every member that writes it (for the side's letters)
    let mut writers: BTreeMap<String, BTreeMap<usize, Vec<usize>>> = BTreeMap::new();
    for (m, member) in sides.members.iter().enumerate() {
        for (s, e, key) in numbers_with_units(&member.article.text) {
            let text = &member.article.text;
            let ranked = text[..s].trim_end().ends_with("No.") || text[..s].ends_with('#');
            if ranked || !is_quantity(&text[s..e]) || unit_is_a_name(&text[s..e]) {
                continue;
            }
            let list = writers
                .entry(key.clone())
                .or_default()
                .entry(sides.side_of(m))
                .or_default();
            if list.last() != Some(&m) {
                list.push(m);
            }
            by_key
                .entry(key)
                .or_default()
                .entry(sides.side_of(m))
                .or_insert((m, s, trim_function_word(&text[s..e]).to_string()));
        }
    }
    // Every quantity each member writes, as a value ("1.6 million", "$14,959,450", "35.72").
    let values_written: Vec<Vec<(f64, f64)>> = sides
        .members
        .iter()
        .map(|m| values_in(&m.article.text))
        .collect();
    let mut found: Vec<(usize, Contrast)> = Vec::new();
    for (key, carriers) in by_key {
        // A side "does not give" the figure only if no quantity within a tenth of it appears
        // anywhere in it, with whatever words: "nearly 90" faculty, "23 executive actions" for
        // "23 steps", a rounded or unrounded form ("$15 million", "$14,959,450"), another
        // estimate of the same count ("1.6 million" for "1.5 million").
        // Salient: two sides give it, or one gives it in its first paragraph (checked first: a
        // large cluster has a figure of its own in almost every article).
        let in_lead = carriers.values().any(|(m, s, _)| {
            sides.members[*m]
                .article
                .paragraphs
                .first()
                .is_some_and(|p| *s < p.end)
        });
        if carriers.len() < 2 && !in_lead {
            continue;
        }
        let targets: Vec<f64> = carriers
            .values()
            .filter_map(|(_, _, t)| values_in(t).first().map(|&(v, _)| v))
            .collect();
        let first_giver = carriers
            .values()
            .filter_map(|(m, _, _)| sides.members[*m].article.date())
            .min();
        let missing: Vec<usize> = (0..sides.sides.len())
            .filter(|s| !carriers.contains_key(s) && sides.words(*s) >= MIN_WORDS_FOR_ABSENCE)
            .filter(|&s| {
                !sides.sides[s].iter().any(|&m| {
                    targets.iter().any(|&t| {
                        values_written[m]
                            .iter()
                            .any(|&(v, tolerance)| (v - t).abs() <= tolerance * t.abs().max(1e-9))
                    })
                })
            })
            .collect();
        // An article that appeared before the first that gives the figure could not have
        // given it: a side without a later article is not said to leave it out, and the
        // letters name only the articles that could have.
        // Nor could an article of another event of the storyline, which reports something else.
        let giving_events: BTreeSet<&str> = writers[&key]
            .values()
            .flatten()
            .map(|&m| sides.members[m].event)
            .collect();
        let could_have = |m: &usize| {
            let member = &sides.members[*m];
            giving_events.contains(member.event)
                && match (member.article.date(), first_giver) {
                    (Some(d), Some(g)) => d >= g,
                    _ => true,
                }
        };
        let missing: Vec<(usize, Vec<usize>)> = missing
            .into_iter()
            .map(|s| {
                (
                    s,
                    sides.sides[s]
                        .iter()
                        .copied()
                        .filter(could_have)
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, later)| !later.is_empty())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let mut citations = Vec::new();
        let mut givers = Vec::new();
        for (&side, (m, s, surface)) in &carriers {
            if let Some(c) = sides.members[*m].cite(*s, &[surface]) {
                citations.push(c);
                givers.push(format!(
                    "{} (“{surface}”)",
                    sides.name_with(side, &writers[&key][&side])
                ));
            }
        }
        if citations.is_empty() {
            continue;
        }
        let names: Vec<String> = missing
            .iter()
            .map(|(s, later)| sides.name_with(*s, later))
            .collect();
        found.push((
            carriers.len(),
            contrast(
                "figure only some give",
                format!(
                    "Only {} {} this figure; {} {} not.",
                    and_list(&givers),
                    if givers.len() > 1 { "give" } else { "gives" },
                    and_list(&names),
                    if names.len() > 1 { "do" } else { "does" }
                ),
                0.4 + 0.05 * carriers.len().min(4) as f64,
                citations,
            ),
        ));
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    out.extend(found.into_iter().take(2).map(|(_, c)| c));
}

#[cfg(test)]
mod figure_tests {
    use super::values_in;

    #[test]
    fn figures_in_words_and_durations_count_as_given() {
        // Fox News (BASIL), against the New York Times' "12 days".
        let written = values_in("a black teenager was fatally shot almost two weeks earlier");
        assert!(written.contains(&(14.0, 0.2)), "{written:?}");
        assert!(values_in("twelve people").contains(&(12.0, 0.1)));
        assert!(values_in("a dozen").contains(&(12.0, 0.1)));
        assert_eq!(values_in("1.6 million"), [(1.6e6, 0.1)]);
        // A plain article is no number.
        assert!(values_in("a man said").is_empty());
    }
}
