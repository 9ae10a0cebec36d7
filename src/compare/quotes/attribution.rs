//! Attribution: the reporting verb nearest a quotation and the speaker phrase it governs
//! (`"…," X said`, `said X`, `X said: "…"`, `according to X`, a signature, a transcript label).

use crate::compare::lexicon::Lexicon;
use crate::text;

use super::phrases::{
    after_intro, first_verbish, name_after_of, past_opening_phrase, plausible_speaker,
    subject_after, subject_before, Words, PRONOUNS,
};

/// Determiners and quantifiers after which a word ending in -s is a plural noun ("the reports").
pub(super) const NOUN_CUES: &[&str] = &[
    "the", "a", "an", "such", "these", "those", "many", "its", "his", "her", "their", "our", "of",
    "media", "these", "new", "all", "no", "any", "some", "and",
];

/// True when the word at index `k` of `words` is an attribution verb in a verb form.
pub(super) fn is_verb_at(lexicon: &Lexicon, words: &[&(usize, &str)], k: usize) -> bool {
    let word = words[k].1;
    if !word.chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    let previous = k.checked_sub(1).map(|p| words[p].1.to_lowercase());
    if lexicon.verb_entry(word).is_none() {
        // A base form is a verb after "to", a modal or a plural subject ("to accuse", "they say").
        return previous.is_some_and(|p| BASE_FORM_CUES.contains(&p.as_str()))
            && lexicon
                .entry_for_word(word)
                .is_some_and(|e| e.word.eq_ignore_ascii_case(word));
    }
    let after_possessive = previous
        .as_deref()
        .is_some_and(|p| p.ends_with("'s") || p.ends_with("’s"));
    !(word.ends_with('s')
        && (after_possessive || previous.is_some_and(|p| NOUN_CUES.contains(&p.as_str()))))
}

/// The speaker label that opens a transcript turn: one to three capitalised words, the first
/// in capitals, then a colon ("PENCE:", "MR. TRUMP:", "WALLACE:").
pub(super) fn transcript_label(inner: &str) -> Option<&str> {
    let colon = inner.find(':')?;
    let label = &inner[..colon];
    let words: Vec<&str> = label.split_whitespace().collect();
    let first = words.first()?;
    let all_caps = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
    };
    (words.len() <= 3 && all_caps(first) && words.iter().all(|w| w.starts_with(char::is_uppercase)))
        .then_some(label.trim_end())
}

/// Words after which a verb appears in its base form.
pub(super) const BASE_FORM_CUES: &[&str] = &[
    "to",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "must",
    "should",
    "did",
    "does",
    "didn't",
    "doesn't",
    "they",
    "we",
    "i",
    "you",
    "officials",
    "sources",
];

/// Attribution found for one quote: the speaker phrase span, the verb span and how it was found.
#[derive(Debug, Clone)]
pub(super) struct Attribution {
    pub(super) speaker: Option<(usize, usize)>,
    pub(super) verb: Option<(usize, usize)>,
    pub(super) how: &'static str,
}

/// "reporters were told", "he was asked": a passive verb of telling, whose subject is the
/// audience, not the speaker.
pub(super) fn is_plain_passive(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end();
    let auxiliary = ["was", "were", "been", "being", "is", "are"]
        .iter()
        .any(|a| {
            before.ends_with(a)
                && before[..before.len() - a.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
        });
    let audience_verb = ["told", "asked", "informed", "advised", "assured", "warned"]
        .contains(&text[start..end].to_lowercase().as_str());
    auxiliary && audience_verb
}

pub(super) fn verb_span_with_passive(text: &str, start: usize, end: usize) -> (usize, usize) {
    // "was quoted as saying": widen the verb to the whole phrase.
    let before = &text[..start];
    let after = &text[end..];
    let mut s = start;
    let mut e = end;
    for aux in ["was ", "were ", "has been ", "had been "] {
        if before.ends_with(aux) {
            s = start - aux.len();
        }
    }
    for tail in [" as saying", " as telling"] {
        if after.starts_with(tail) {
            e = end + tail.len();
        }
    }
    (s, e)
}

/// After a quotation: a capitalised name of up to five words, a comma, an insertion that opens
/// like a relative clause or an appositive ("who …", "a spokesman for …", "speaking on …"),
/// a comma, and a lexicon verb.
fn name_insertion_verb(
    text: &str,
    lexicon: &Lexicon,
    from: usize,
    sentence_end: usize,
) -> Option<Attribution> {
    let (s, e) = super::phrases::appositive_subject(text, from, sentence_end)?;
    // Only the name between the quotation and it.
    if text[from..s].chars().any(char::is_alphanumeric) {
        return None;
    }
    let rest = &text[e..sentence_end];
    let insertion_start = e + rest.find(',')? + 1;
    let second = insertion_start + text[insertion_start..sentence_end].find(',')?;
    let opener = text::words(&text[insertion_start..second])
        .next()?
        .1
        .to_lowercase();
    let opens_insertion = ["who", "whose", "which", "a", "an", "the"].contains(&opener.as_str())
        || opener.ends_with("ing");
    let (offset, verb) = text::words(&text[second + 1..sentence_end]).next()?;
    let at = second + 1 + offset;
    (opens_insertion && verb.starts_with(char::is_lowercase) && lexicon.verb_entry(verb).is_some())
        .then_some(Attribution {
            speaker: Some((s, e)),
            verb: Some((at, at + verb.len())),
            how: "attribution",
        })
}

/// Auxiliaries that may stand between a speaker and the verb of a reporting clause.
const AUXILIARIES: &[&str] = &[
    "will", "would", "has", "had", "have", "also", "later", "then",
];

/// `"…," Name verb` or `"…," pronoun verb`, ending the sentence or its clause within two more
/// words: (speaker, verb).
fn framed_by_any_verb(
    text: &str,
    right_words: &[&(usize, &str)],
    sentence_end: usize,
) -> Option<Attribution> {
    let first = right_words.first()?;
    let lower = first.1.to_lowercase();
    let (speaker, mut k) = if PRONOUNS.contains(&lower.as_str()) {
        ((first.0, first.0 + first.1.len()), 1)
    } else {
        let mut k = 0;
        while k < right_words.len() && k < 4 && right_words[k].1.starts_with(char::is_uppercase) {
            k += 1;
        }
        if k == 0 {
            return None;
        }
        let last = right_words[k - 1];
        ((first.0, last.0 + last.1.len()), k)
    };
    // No comma, stop or quotation inside the name.
    if text[speaker.0..speaker.1].contains([',', '.', '"', '“', '”']) && k > 1 {
        return None;
    }
    if right_words
        .get(k)
        .is_some_and(|(_, w)| AUXILIARIES.contains(&w.to_lowercase().as_str()))
    {
        k += 1;
    }
    let &&(o, verb) = right_words.get(k)?;
    let alphabetic = verb.chars().all(char::is_alphabetic);
    if !verb.starts_with(char::is_lowercase) || !alphabetic || text::is_stopword(verb) {
        return None;
    }
    // Nothing but the verb between the name and it (no comma: "…," Obama, who …).
    if text[speaker.1..o].contains([',', '(', ';', ':']) {
        return None;
    }
    let verb_end = o + verb.len();
    let rest = &text[verb_end..sentence_end];
    let clause_ends = rest.trim_start().starts_with([',', '.', ';', '!', '?'])
        || rest.trim().is_empty()
        || rest.split_whitespace().count() <= 2;
    clause_ends.then_some(Attribution {
        speaker: Some(speaker),
        verb: Some((o, verb_end)),
        how: "attribution",
    })
}

pub(super) fn attribute(
    text: &str,
    lexicon: &Lexicon,
    quote: (usize, usize),
    open_mark: usize,
    close_mark_end: usize,
    sentence: (usize, usize),
    quoted: &[(usize, usize)],
) -> Option<Attribution> {
    let outside = |pos: usize| !quoted.iter().any(|&(s, e)| s <= pos && pos < e);
    let _ = quote;
    // 0. A signature after a dash: `"…" ― Pamela Padilla`.
    let after = &text[close_mark_end..sentence.1.max(close_mark_end)];
    let trimmed = after.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    if let Some(rest) = trimmed.strip_prefix(['―', '—', '–', '-']) {
        let from = close_mark_end + (after.len() - rest.len());
        if rest.trim_start().starts_with(char::is_uppercase) {
            if let Some(speaker) = subject_after(text, from, sentence.1.max(from)) {
                return Some(Attribution {
                    speaker: Some(speaker),
                    verb: None,
                    how: "attribution",
                });
            }
        }
    }
    // 1. After the quote: `"…," X said` / `"…," said X` / `…, according to X.` — only when
    // the quotation closes a clause; a fragment mid-sentence ("alleges “illegal” cooperation …,
    // citing") is attributed from its left.
    let inner = text[..close_mark_end].trim_end_matches(['"', '”', '»', '“', '\'', '’']);
    let opens_sentence = text[sentence.0..open_mark].trim().is_empty();
    let ends_clause = opens_sentence
        || inner.trim_end().ends_with([',', '.', '!', '?', '…'])
        || text[close_mark_end..]
            .trim_start()
            .starts_with([',', '.', ';', ':', '—', '–', '―', '-']);
    let right = Words::new(
        text,
        close_mark_end,
        if ends_clause {
            sentence.1
        } else {
            close_mark_end
        },
    );
    let right_words: Vec<&(usize, &str)> = right.list.iter().filter(|(o, _)| outside(*o)).collect();
    // `"…," Katie Packer, who is chairman of …, said.`: a name, an insertion between commas
    // of any length, then the reporting verb; the name is the speaker, not the insertion's tail.
    if ends_clause && inner.trim_end().ends_with([',', '?', '!']) {
        if let Some(found) = name_insertion_verb(text, lexicon, close_mark_end, sentence.1) {
            return Some(found);
        }
    }
    for (k, &&(o, w)) in right_words.iter().enumerate().take(13) {
        let lower = w.to_lowercase();
        if lower == "according" && right_words.get(k + 1).is_some_and(|(_, n)| *n == "to") {
            let after = right_words[k + 1].0 + 2;
            let speaker = subject_after(text, after, sentence.1);
            return Some(Attribution {
                speaker,
                verb: Some((o, after)),
                how: "according to",
            });
        }
        if is_verb_at(lexicon, &right_words, k) && !is_plain_passive(text, o, o + w.len()) {
            let verb = verb_span_with_passive(text, o, o + w.len());
            if k == 0 {
                if let Some(speaker) = subject_after(text, o + w.len(), sentence.1) {
                    return Some(Attribution {
                        speaker: Some(speaker),
                        verb: Some(verb),
                        how: "attribution",
                    });
                }
            }
            // `"…," X said`: the speaker stands right after the quotation, not deep in a clause
            // that follows it.
            // A sentence-final attribution ("…, the intelligence said.") may stand further away.
            let sentence_final = text[verb.1..sentence.1].split_whitespace().count() <= 4
                && text[close_mark_end..verb.0]
                    .trim_end()
                    .rsplit_once(',')
                    .is_some();
            let speaker = subject_before(text, close_mark_end, verb.0).filter(|&(start, _)| {
                sentence_final
                    || !text[close_mark_end..start]
                        .chars()
                        .any(char::is_alphanumeric)
            });
            if speaker.is_some() {
                return Some(Attribution {
                    speaker,
                    verb: Some(verb),
                    how: "attribution",
                });
            }
            // `"…," stating that …`: a participle with no subject of its own; the speaker is
            // the subject of the clause before the quotation.
            break;
        }
        // Only a name phrase (with its title) may stand between the quote and its verb.
        if k >= 12 {
            break;
        }
    }
    // 1b. A quotation closed by a comma, a question or an exclamation mark and followed by a
    // short clause of a name (or pronoun) and one lower-case word is reported speech whatever
    // that verb is (`"…," Trump barked.`, `"…," he went on.`, `"…!" she will say.`): the frame
    // says it, so the verb need not be in the lexicon.
    if inner.trim_end().ends_with([',', '?', '!']) {
        if let Some(found) = framed_by_any_verb(text, &right_words, sentence.1) {
            return Some(found);
        }
    }
    // 2. Before the quote: `X said: "…"`, `X said that "…"`, `X described it as "…"`.
    let left = Words::new(text, sentence.0, open_mark);
    let left_words: Vec<&(usize, &str)> = left.list.iter().filter(|(o, _)| outside(*o)).collect();
    for (k, &&(o, w)) in left_words.iter().enumerate().rev() {
        let lower = w.to_lowercase();
        if lower == "according" && left_words.get(k + 1).is_some_and(|(_, n)| *n == "to") {
            let after = left_words[k + 1].0 + 2;
            let speaker = subject_after(text, after, open_mark);
            return Some(Attribution {
                speaker,
                verb: Some((o, after)),
                how: "according to",
            });
        }
        if is_verb_at(lexicon, &left_words, k) && !is_plain_passive(text, o, o + w.len()) {
            let verb = verb_span_with_passive(text, o, o + w.len());
            let subject_from = after_intro(text, sentence.0, verb.0);
            let mut speaker = subject_before(text, subject_from, verb.0);
            // "footage of Hillary Clinton asking, “…”": a participle after "of" and a name is
            // that name's.
            if lower.ends_with("ing") {
                if let Some(name) = name_after_of(&left_words[..k]) {
                    return Some(Attribution {
                        speaker: Some(name),
                        verb: Some(verb),
                        how: "attribution",
                    });
                }
            }
            let infinitive = k > 0 && left_words[k - 1].1 == "to";
            // "…, adding that" / "deeming it" / "took to Twitter to accuse": a participle or an
            // infinitive takes the subject of the main clause.
            if speaker.is_none() || lower.ends_with("ing") || infinitive {
                let earlier = (0..k)
                    .rev()
                    .find(|&j| is_verb_at(lexicon, &left_words, j))
                    .map(|j| left_words[j].0);
                speaker = match earlier {
                    Some(eo) => {
                        let from = if eo >= subject_from {
                            subject_from
                        } else {
                            sentence.0
                        };
                        subject_before(text, from, eo).or(speaker)
                    }
                    None => subject_before(
                        text,
                        subject_from,
                        first_verbish(text, subject_from, verb.0),
                    )
                    .or(speaker),
                };
            }
            // "In a Bloomberg interview Trump declared": the speaker is the name or pronoun that
            // ends the opening phrase.
            let speaker = speaker.map(|span| past_opening_phrase(text, span));
            // "Ryan said the recent spate of shootings and protests demands …": a verb whose
            // subject is no speaker ("protests", "in 2010") belongs to an inner clause; the
            // speaker is found at an earlier verb, or not at all.
            if speaker.is_some_and(|span| !plausible_speaker(text, span)) {
                continue;
            }
            return Some(Attribution {
                speaker,
                verb: Some(verb),
                how: "attribution",
            });
        }
    }
    None
}

/// `…, Warren said.` / `…, said Warren.` closing the sentence that runs from `from` to `end`:
/// the speaker's span, when the clause after the last comma is at most five words with a
/// reporting verb and a capitalised name.
pub(super) fn sentence_final_attribution(
    text: &str,
    lexicon: &Lexicon,
    from: usize,
    end: usize,
    quoted: &[(usize, usize)],
) -> Option<(usize, usize)> {
    let tail = text[from..end].trim_end_matches(['.', '!', '?', ' ']);
    let comma = tail.rfind(',')?;
    let clause_start = from + comma + 1;
    let clause_end = from + tail.len();
    if quoted
        .iter()
        .any(|&(s, e)| s < clause_end && clause_start < e)
    {
        return None;
    }
    let words = Words::new(text, clause_start, clause_end);
    let list: Vec<&(usize, &str)> = words.list.iter().collect();
    if list.len() < 2 || list.len() > 5 {
        return None;
    }
    let verb = (0..list.len()).find(|&k| is_verb_at(lexicon, &list, k))?;
    let name: Vec<&&(usize, &str)> = if verb == 0 {
        list[1..].iter().collect()
    } else {
        list[..verb].iter().collect()
    };
    let (first, last) = (name.first()?, name.last()?);
    let span = (first.0, last.0 + last.1.len());
    // "…, he says.": a lone pronoun closes the sentence as a name would.
    let pronoun = name.len() == 1 && PRONOUNS.contains(&first.1.to_lowercase().as_str());
    ((first.1.starts_with(char::is_uppercase) || pronoun) && plausible_speaker(text, span))
        .then_some(span)
}
