//! Sentence bounds around a quotation, ignoring stops inside quotes and after initialisms.

/// Where the sentence holding byte `pos` starts, not counting sentence ends inside quotes.
pub(super) fn sentence_start(
    text: &str,
    line_start: usize,
    pos: usize,
    quoted: &[(usize, usize)],
) -> usize {
    let mut start = line_start;
    let segment = &text[line_start..pos];
    for (i, c) in segment.char_indices() {
        let abs = line_start + i;
        if matches!(c, '.' | '!' | '?') && !quoted.iter().any(|&(s, e)| s <= abs && abs < e) {
            // Look past `pos`: the next sentence may begin with the very quotation mark at `pos`.
            let rest = &text[abs + 1..text[pos..].find('\n').map_or(text.len(), |i| pos + i)];
            let next_char = rest.chars().next();
            // Some pages glue sentences together ("in Ukraine.Earlier"): a stop between a
            // lower-case letter and a capital ends a sentence too.
            let glued = next_char.is_some_and(char::is_uppercase)
                && text[..abs]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_lowercase);
            let opens_quote = |r: &str| r.starts_with(['"', '“']) || r.starts_with("''");
            let is_end = glued
                || (next_char.is_some_and(char::is_whitespace) || opens_quote(rest))
                    && (rest.trim_start().starts_with(char::is_uppercase)
                        || opens_quote(rest.trim_start()));
            if is_end && !ends_with_initialism(&text[line_start..abs + 1]) {
                start = abs + 1;
            }
        } else if c == '.' {
            // `… of “Peace Through Strength.” He told …`: a quotation's own full stop, closed
            // and followed by a capital, ends the sentence too.
            let after = &text[abs + 1..pos];
            let mark = if after.starts_with("''") {
                Some(2)
            } else {
                after
                    .chars()
                    .next()
                    .filter(|m| matches!(m, '"' | '”'))
                    .map(char::len_utf8)
            };
            if let Some(width) = mark {
                if new_sentence_follows(&after[width..]) {
                    start = abs + 1 + width;
                }
            }
        }
    }
    start
}

/// Whether `rest`, what follows a quotation's closing mark, opens a new sentence: a space, then a
/// capital.
pub(super) fn new_sentence_follows(rest: &str) -> bool {
    rest.starts_with(char::is_whitespace) && rest.trim_start().starts_with(char::is_uppercase)
}

pub(super) fn ends_with_initialism(s: &str) -> bool {
    let last = s.rsplit(' ').next().unwrap_or("");
    let lower = last.to_lowercase();
    [
        "mr.", "mrs.", "ms.", "dr.", "u.s.", "u.n.", "u.k.", "sen.", "gov.", "rep.", "gen.", "st.",
        "jr.", "no.",
    ]
    .contains(&lower.as_str())
        || (last.len() == 2 && last.starts_with(char::is_uppercase))
}

/// Where the sentence holding byte `pos` ends (exclusive), ignoring stops inside quotes.
pub(super) fn sentence_end(
    text: &str,
    pos: usize,
    line_end: usize,
    quoted: &[(usize, usize)],
) -> usize {
    let segment = &text[pos..line_end];
    for (i, c) in segment.char_indices() {
        let abs = pos + i;
        if matches!(c, '.' | '!' | '?') && !quoted.iter().any(|&(s, e)| s <= abs && abs < e) {
            let rest = &text[abs + 1..line_end];
            if (rest.is_empty()
                || rest.starts_with(char::is_whitespace)
                || rest.starts_with(['"', '“'])
                || rest.starts_with("''"))
                && !ends_with_initialism(&text[pos..abs + 1])
            {
                return abs + 1;
            }
        }
    }
    line_end
}
