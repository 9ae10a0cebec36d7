//! Speaker phrases: the noun phrase before or after a reporting verb, the subject of a clause,
//! and the checks that a phrase can name someone who speaks.

use crate::text;

/// Words that end a speaker phrase when walking back from a verb.
pub(super) const BOUNDARY_WORDS: &[&str] = &[
    "that", "which", "who", "whom", "and", "but", "as", "when", "while", "after", "before",
    "because", "if", "though", "although", "where", "since", "so", "than", "whether", "what",
    "also", "then", "has", "have", "had", "is", "are", "was", "were", "would", "will", "could",
    "should", "did", "does", "do", "not", "never",
];

pub(super) const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];

/// Trailing time or manner phrases that are not part of the speaker ("at the time", "on Sunday").
pub(super) const TRAILING: &[&str] = &[
    "at the time",
    "on monday",
    "on tuesday",
    "on wednesday",
    "on thursday",
    "on friday",
    "on saturday",
    "on sunday",
    "earlier",
    "later",
    "also",
    "again",
    "then",
    "today",
    "yesterday",
    "recently",
    "previously",
    "repeatedly",
    "earlier this month",
    "last week",
    "last month",
    "last year",
    "this week",
    "in a statement",
    "in an interview",
    "in a post on x",
    "once",
    "often",
    "frequently",
    "publicly",
    "in october",
    "in september",
];

pub(super) fn strip_trailing(phrase: &str) -> &str {
    let mut p = phrase.trim_end_matches([' ', ',']);
    loop {
        let lower = p.to_lowercase();
        match TRAILING.iter().find(|t| {
            lower.ends_with(*t)
                && (lower.len() == t.len() || lower.as_bytes()[lower.len() - t.len() - 1] == b' ')
        }) {
            Some(t) => p = p[..p.len() - t.len()].trim_end_matches([' ', ',']),
            None => return p,
        }
    }
}

/// The words of a stretch of text, each with its byte offset in the whole text.
pub(super) struct Words<'a> {
    pub(super) list: Vec<(usize, &'a str)>,
}

impl<'a> Words<'a> {
    pub(super) fn new(text: &'a str, from: usize, to: usize) -> Self {
        Words {
            list: text::words(&text[from..to])
                .map(|(o, w)| (from + o, w))
                .collect(),
        }
    }
}

/// "Mr", "Sen", "Gov", or a single capital (an initial): words that a full stop follows inside a name.
pub(super) fn is_title_abbreviation(word: &str) -> bool {
    const TITLES: &[&str] = &[
        "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "st",
        "jr", "prof", "rev", "adm", "maj",
    ];
    TITLES.contains(&word.to_lowercase().as_str())
        || (word.chars().count() == 1 && word.starts_with(char::is_uppercase))
}

/// The noun phrase that ends right before byte `end` and starts after a clause boundary.
/// Handles the appositive `Name, title, said` by preferring the name, and a coordinated verb
/// (`X blamed … and accused`) by taking the clause's opening noun phrase.
pub(super) fn subject_before(text: &str, from: usize, end: usize) -> Option<(usize, usize)> {
    // "X, the chief executive, forcefully told": an adverb before the verb is not the subject.
    let mut end = end;
    loop {
        let trimmed = text[from..end].trim_end();
        let last_word = trimmed.rsplit(char::is_whitespace).next().unwrap_or("");
        if last_word.len() > 4
            && last_word.ends_with("ly")
            && last_word.chars().all(char::is_lowercase)
        {
            end = from + trimmed.len() - last_word.len();
        } else {
            break;
        }
    }
    let segment = &text[from..end];
    let trimmed = segment.trim_end();
    // "Rep. Jason Chaffetz (R-Utah) said": the parenthesis belongs to the name before it.
    if trimmed.ends_with(')') {
        if let Some(open) = trimmed.rfind('(') {
            return subject_before(text, from, from + open);
        }
    }
    if let Some(before_comma) = trimmed.strip_suffix(',') {
        // "Zakharova, Russia's foreign ministry spokeswoman, said": the name stands before the title.
        let title_end = from + before_comma.len();
        let title = subject_before(text, from, title_end)?;
        let before_title = text[from..title.0].trim_end();
        if let Some(name_part) = before_title.strip_suffix(',') {
            let words = Words::new(text, from, from + name_part.len());
            let mut name_start = None;
            for (o, w) in words.list.iter().rev() {
                if w.chars().next().is_some_and(char::is_uppercase) {
                    name_start = Some(*o);
                } else {
                    break;
                }
            }
            if let Some(ns) = name_start {
                return Some((ns, from + name_part.len()));
            }
        }
        return Some(title);
    }
    let cut = segment
        .rfind([',', ';', ':', '(', ')', '—', '–', '"', '“', '”'])
        .map(|i| i + segment[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let words = Words::new(text, from + cut, end);
    let mut first = words.list.len();
    for (k, (_, w)) in words.list.iter().enumerate().rev() {
        let lower = w.to_lowercase();
        if BOUNDARY_WORDS.contains(&lower.as_str()) {
            if k + 1 < words.list.len() {
                break;
            }
            return leading_noun_phrase(text, &words);
        }
        first = k;
        if words.list.len() - k > 12 {
            return None;
        }
    }
    if first >= words.list.len() {
        return None;
    }
    let (start, _) = words.list[first];
    let (last_start, last) = *words.list.last()?;
    let phrase_end = start + strip_trailing(&text[start..last_start + last.len()]).len();
    (phrase_end > start).then_some((start, phrase_end))
}

/// The clause's opening noun phrase: "Kim Jong-un's regime", "The ministry" — capitalised
/// words, an article, and the lower-case nouns that follow them up to the verb.
pub(super) fn leading_noun_phrase(text: &str, words: &Words) -> Option<(usize, usize)> {
    let mut span: Option<(usize, usize)> = None;
    for (k, (o, w)) in words.list.iter().enumerate() {
        let lower = w.to_lowercase();
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        let article = span.is_none() && ["the", "a", "an"].contains(&lower.as_str());
        let noun = span.is_some()
            && k < 6
            && !lower.ends_with("ed")
            && (!lower.ends_with('s') || lower.ends_with("ss"))
            && !BOUNDARY_WORDS.contains(&lower.as_str())
            && !["to", "in", "on", "at", "for", "with", "by", "from"].contains(&lower.as_str());
        if capital || article || noun {
            span = Some((span.map_or(*o, |s| s.0), o + w.len()));
        } else {
            break;
        }
    }
    span.filter(|(s, e)| {
        text[*s..*e].split_whitespace().count() >= 1
            && !["the", "a", "an"].contains(&text[*s..*e].to_lowercase().as_str())
    })
}

/// The name phrase right after byte `from` ("said John Kirby, the spokesman" → "John Kirby").
pub(super) fn subject_after(text: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let words = Words::new(text, from, to);
    let mut end = None;
    let mut start = None;
    for (k, (o, w)) in words.list.iter().enumerate() {
        if k > 8 {
            break;
        }
        let lower = w.to_lowercase();
        let gap = &text[end.unwrap_or(from)..*o];
        // "Mr. Holtz-Eakin", "Laurence H. Tribe": the stop after a title or an initial is
        // part of the name.
        let previous_is_title = k > 0 && is_title_abbreviation(words.list[k - 1].1);
        if start.is_some() && gap.contains([',', ';', ':', '('])
            || start.is_some() && gap.contains('.') && !previous_is_title
        {
            break;
        }
        if w.chars().next().is_some_and(char::is_uppercase)
            || ["the", "a", "an", "its", "his", "her", "their", "of"].contains(&lower.as_str())
            || (start.is_none() && k == 0 && opens_lowercase_speaker(&words, k))
            || (start.is_some()
                && !BOUNDARY_WORDS.contains(&lower.as_str())
                && !["on", "in", "at", "to"].contains(&lower.as_str()))
            || PRONOUNS.contains(&lower.as_str())
        {
            start.get_or_insert(*o);
            end = Some(o + w.len());
            if PRONOUNS.contains(&lower.as_str()) {
                break;
            }
        } else {
            break;
        }
    }
    let (s, e) = (start?, end?);
    let phrase = strip_trailing(&text[s..e]);
    (!phrase.is_empty()).then(|| (s, s + phrase.len()))
}

/// The capitalised name that ends `words` right after the word "of" ("footage of Donald
/// Trump"): `(start, end)`.
pub(super) fn name_after_of(words: &[&(usize, &str)]) -> Option<(usize, usize)> {
    let &&(last_start, last) = words.last()?;
    let mut first = words.len();
    while first > 0 && words[first - 1].1.starts_with(char::is_uppercase) {
        first -= 1;
    }
    let of = first.checked_sub(1).map(|i| words[i].1)?;
    (of == "of" && first < words.len() && words.len() - first <= 4)
        .then(|| (words[first].0, last_start + last.len()))
}

/// A phrase that opens with an introductory word ("In a Bloomberg interview Trump", "A few
/// days ago in an interview he") shrinks to the name or pronoun at its end.
pub(super) fn past_opening_phrase(text: &str, (start, end): (usize, usize)) -> (usize, usize) {
    let words = Words::new(text, start, end);
    let opens = words.list.first().is_some_and(|&(_, w)| {
        INTRO_WORDS.contains(&w.to_lowercase().as_str())
            || (w == "A" && words.list.get(1).is_some_and(|&(_, n)| n == "few"))
    });
    if !opens {
        return (start, end);
    }
    let Some(&(last_start, last)) = words.list.last() else {
        return (start, end);
    };
    if PRONOUNS.contains(&last.to_lowercase().as_str()) {
        return (last_start, last_start + last.len());
    }
    let mut first = words.list.len();
    while first > 1 && words.list[first - 1].1.starts_with(char::is_uppercase) {
        first -= 1;
    }
    if first < words.list.len() {
        (words.list[first].0, last_start + last.len())
    } else {
        (start, end)
    }
}

/// Words that may open a speaker phrase in lower case: determiners and quantifiers.
pub(super) const SPEAKER_DETERMINERS: &[&str] = &[
    "the", "a", "an", "one", "two", "three", "several", "many", "some", "his", "her", "their",
    "its", "our", "other", "multiple", "both", "each", "another", "those", "these", "most",
];

/// Whether a phrase can name who speaks: a capitalised name (not an opening such as "After"),
/// a noun phrase with a determiner or a proper name in it, a number ("63 percent"), or a lone
/// pronoun.
pub(super) fn plausible_speaker(text: &str, (start, end): (usize, usize)) -> bool {
    let mention = text[start..end].trim_matches(|c: char| !c.is_alphanumeric());
    let words: Vec<&str> = mention
        .split_whitespace()
        .skip_while(|w| {
            ["only", "just", "nearly", "about", "almost"].contains(&w.to_lowercase().as_str())
        })
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    let lower = first.to_lowercase();
    if first.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    if PRONOUNS.contains(&lower.as_str()) || ["who", "which"].contains(&lower.as_str()) {
        return words.len() == 1;
    }
    // A lone article or possessive ("The", "A") names nobody; a lone quantifier ("several")
    // is what is left of a group.
    if words.len() == 1
        && ["the", "a", "an", "his", "her", "their", "its", "our"].contains(&lower.as_str())
    {
        return false;
    }
    if INTRO_WORDS.contains(&lower.as_str())
        || NON_SPEAKERS.contains(&lower.as_str())
        || names_nobody(text, first)
    {
        return false;
    }
    first.starts_with(char::is_uppercase)
        || SPEAKER_DETERMINERS.contains(&lower.as_str())
        // "current Democratic presidential nominee": a title around a proper name.
        || words[1..].iter().any(|w| w.starts_with(char::is_uppercase))
}

/// A capitalised function word at a sentence's start that names nobody ("But", "And", "Even",
/// "Then", "Nothing"): a stop word that is neither a determiner nor a pronoun (which may open a
/// speaker phrase) nor an introductory word (handled by `after_intro`), and that the article
/// never writes capitalised in mid-sentence, as it would a name ("Will", "May").
pub(super) fn names_nobody(text: &str, word: &str) -> bool {
    let lower = word.to_lowercase();
    word.starts_with(char::is_uppercase)
        && text::is_stopword(&lower)
        && !SPEAKER_DETERMINERS.contains(&lower.as_str())
        && !PRONOUNS.contains(&lower.as_str())
        && !INTRO_WORDS.contains(&lower.as_str())
        && !capitalised_mid_sentence(text, word)
}

/// Whether `word`, capitalised, follows a lower-case word somewhere in `text` ("said Will").
fn capitalised_mid_sentence(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let after = text[at + word.len()..].chars().next();
        let before = text[..at].trim_end_matches(' ');
        at > before.len()
            && after.is_none_or(|c| !c.is_alphanumeric())
            && before.chars().next_back().is_some_and(char::is_lowercase)
    })
}

/// Words that open an introductory phrase rather than the subject ("On September 27 they
/// published", "In August, several groups granted", "After saying …, she was").
pub(super) const INTRO_WORDS: &[&str] = &[
    "on",
    "in",
    "at",
    "after",
    "before",
    "during",
    "following",
    "when",
    "if",
    "to",
    "as",
    "since",
    "while",
    "although",
    "because",
    "despite",
    "without",
    "with",
    "for",
    "by",
    "under",
    "until",
    "once",
    "asked",
    "pressed",
    "speaking",
];

/// Where the subject may start in a sentence that opens with an introductory phrase: after its
/// first comma, else at the first personal pronoun; `from` when the sentence opens otherwise.
pub(super) fn after_intro(text: &str, from: usize, to: usize) -> usize {
    // A sentence may open with words that name nobody ("But", "And then", "Even as …"): the
    // subject is looked for after them.
    let mut from = from;
    while let Some((o, w)) = text::words(&text[from..to]).next() {
        if !names_nobody(text, w) {
            break;
        }
        from += o + w.len();
    }
    let words = Words::new(text, from, to);
    let Some(&(_, first)) = words.list.first() else {
        return from;
    };
    if !INTRO_WORDS.contains(&first.to_lowercase().as_str()) {
        return from;
    }
    // The subject starts after the comma that closes the opening phrase; a phrase may run on
    // over further commas ("On her papers, in a box labeled “…,” a doctor typed", "Following a
    // swiftly called, late-afternoon meeting, the Council issued") while what follows a comma
    // still opens another phrase or is no noun phrase's start.
    let mut start = None;
    let mut cursor = from;
    while let Some(comma) = text[cursor..to].find(',') {
        let rest = cursor + comma + 1;
        let Some((_, next)) = text::words(&text[rest..to]).next() else {
            break;
        };
        start = Some(rest);
        let lower = next.to_lowercase();
        let continues = INTRO_WORDS.contains(&lower.as_str())
            || (next.starts_with(char::is_lowercase)
                && !SPEAKER_DETERMINERS.contains(&lower.as_str())
                && !PRONOUNS.contains(&lower.as_str()));
        if !continues {
            break;
        }
        cursor = rest;
    }
    if let Some(rest) = start {
        return rest;
    }
    words
        .list
        .iter()
        .find(|(_, w)| PRONOUNS.contains(&w.to_lowercase().as_str()))
        .map_or(from, |&(o, _)| o)
}

/// `Aaron Kall, the director of debate at the university, compared …`: a short capitalised
/// name, an appositive between commas, then a lower-case word (the verb). Returns the name.
pub(super) fn appositive_subject(text: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let segment = &text[from..to];
    let first_comma = segment.find(',')?;
    let name = segment[..first_comma].trim_end();
    let name = match name.rfind(')').zip(name.rfind(" (")) {
        // "Sen. Bernie Sanders (Vt.)": the parenthesis belongs to the name.
        Some((close, open)) if close + 1 == name.len() => name[..open].trim_end(),
        _ => name,
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 5
        || !words.iter().all(|w| w.starts_with(char::is_uppercase))
    {
        return None;
    }
    let rest = &segment[first_comma + 1..];
    let second_comma = rest.find(',')?;
    let verb = rest[second_comma + 1..].split_whitespace().next()?;
    verb.starts_with(char::is_lowercase)
        .then(|| {
            (
                from + segment.len() - segment.trim_start().len(),
                from + name.len(),
            )
        })
        .filter(|(s, e)| s < e)
}

/// Words that open a sentence without naming anyone who could speak.
pub(super) const NON_SPEAKERS: &[&str] = &[
    "it",
    "this",
    "that",
    "there",
    "these",
    "those",
    "what",
    "such",
    "here",
    "all",
    "some",
    "more",
    "most",
    "only",
    "though",
    "according",
    "many",
    "few",
];

/// The subject of the sentence between `from` and a quotation that opens at `open_mark`: a
/// capitalised noun phrase of at most eight words before the sentence's first verb.
pub(super) fn clause_subject(text: &str, from: usize, open_mark: usize) -> Option<(usize, usize)> {
    let from = after_intro(text, from, open_mark);
    let (s, e) = match appositive_subject(text, from, open_mark) {
        Some(span) => span,
        None => {
            let verb_at = first_verbish(text, from, open_mark);
            if verb_at >= open_mark {
                return None;
            }
            subject_before(text, from, verb_at)?
        }
    };
    let mention = text[s..e].trim();
    let first = mention.split_whitespace().next()?.to_lowercase();
    // A name after any article ("The New Yorker", not "The phrase"), or a personal pronoun.
    let head = mention
        .split_whitespace()
        .find(|w| !["the", "a", "an"].contains(&w.to_lowercase().as_str()));
    let named = head.is_some_and(|w| w.starts_with(char::is_uppercase));
    (named
        && mention.split_whitespace().count() <= 8
        && !NON_SPEAKERS.contains(&first.as_str())
        && !INTRO_WORDS.contains(&first.as_str()))
    .then_some((s, e))
}

/// The end of the sentence's opening noun phrase: the first lower-case word that is not a
/// determiner or a title, used when a participle ("deeming it") needs the main subject.
pub(super) fn first_verbish(text: &str, from: usize, to: usize) -> usize {
    let words = Words::new(text, from, to);
    for (k, (o, w)) in words.list.iter().enumerate() {
        let lower = w.to_lowercase();
        if k > 0
            && w.chars().next().is_some_and(char::is_lowercase)
            && ![
                "the", "of", "a", "an", "state", "foreign", "defense", "defence", "ministry",
            ]
            .contains(&lower.as_str())
        {
            return *o;
        }
    }
    to
}

/// Sentence adverbs and connectives ("instead", "meanwhile", "today"): never a title word before
/// a name.
const CONNECTIVES: &[&str] = &[
    "instead",
    "meanwhile",
    "later",
    "earlier",
    "afterward",
    "afterwards",
    "specifically",
    "separately",
    "similarly",
    "likewise",
    "moreover",
    "furthermore",
    "additionally",
    "indeed",
    "besides",
    "otherwise",
    "nonetheless",
    "nevertheless",
    "thus",
    "hence",
    "therefore",
    "finally",
    "next",
    "today",
    "yesterday",
    "tonight",
    "recently",
    "previously",
    "perhaps",
    "maybe",
    "obviously",
    "clearly",
    "apparently",
    "sometimes",
    "often",
    "already",
    "however",
    "well",
];

/// Function words that stand alone for a person ("said another", "read one").
const PRONOUN_QUANTIFIERS: &[&str] = &[
    "one", "another", "others", "both", "some", "several", "many", "each", "few", "all", "who",
];

/// "said another", "said one person with knowledge of …", "said spokesman Josh Earnest",
/// "said conservative activist Bob Klaus": a speaker phrase after the verb that opens in lower
/// case, with a quantifier standing for a person, or with title words before a capitalised name.
fn opens_lowercase_speaker(words: &Words, k: usize) -> bool {
    let lower = words.list[k].1.to_lowercase();
    if PRONOUN_QUANTIFIERS.contains(&lower.as_str()) && lower != "who" && lower != "all" {
        return true;
    }
    let title_word = |w: &str| {
        let l = w.to_lowercase();
        w.starts_with(char::is_lowercase)
            && !text::is_stopword(&l)
            && !BOUNDARY_WORDS.contains(&l.as_str())
            && !CONNECTIVES.contains(&l.as_str())
            && !l.ends_with("ly")
    };
    let mut j = k;
    while j < words.list.len() && j < k + 3 && title_word(words.list[j].1) {
        j += 1;
    }
    j > k
        && words
            .list
            .get(j)
            .is_some_and(|&(_, w)| w.starts_with(char::is_uppercase))
}
