//! Scanning quotation marks: one left-to-right pass per paragraph finds every quoted span,
//! its nested single-quoted words and whether it runs on into the next paragraph.

use super::MarkProblem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Close {
    /// `"`, or `''` in older ASCII text.
    Straight,
    /// `”` (also closes `„`).
    Curly,
    /// `»`, or `«` in languages that quote »so«.
    Guillemet(char),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Open {
    close: Close,
    /// Offset of the first byte inside the quote.
    inner: usize,
}

/// Raw quoted spans of one text: (inner start, inner end, nested spans, continues, unclosed).
#[derive(Debug, Clone)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) nested: Vec<(usize, usize)>,
    pub(super) continues: bool,
}

pub(super) fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// The span of a quotation that closes at byte `end`, taking the nested quotes found inside it.
pub(super) fn closed(open: Open, end: usize, nested: &mut Vec<(usize, usize)>) -> Span {
    Span {
        start: open.inner,
        end,
        nested: std::mem::take(nested),
        continues: false,
    }
}

/// Scans paragraph lines for quotation marks. `singles_top_level` treats '…' and ‘…’ as
/// quotations in their own right (house styles that quote with single marks).
pub(super) fn scan(
    text: &str,
    singles_top_level: bool,
    problems: &mut Vec<MarkProblem>,
) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut line_start = 0;
    let mut carried: Option<Open> = None;
    let lines: Vec<&str> = text.split('\n').collect();
    for (index, line) in lines.iter().enumerate() {
        let mut open: Option<Open> = carried.take();
        let mut nested_open: Option<usize> = None;
        let mut nested: Vec<(usize, usize)> = Vec::new();
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (pos, c) = chars[i];
            let abs = line_start + pos;
            let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
            let next = chars.get(i + 1).map(|&(_, c)| c);
            let next_abs = chars
                .get(i + 1)
                .map(|&(p, _)| line_start + p)
                .unwrap_or(line_start + line.len());
            // Two ASCII apostrophes or backticks stand for one double mark in older text.
            let pair = (c == '\'' && next == Some('\'')) || (c == '`' && next == Some('`'));
            let after_pair = chars
                .get(i + 2)
                .map(|&(p, _)| line_start + p)
                .unwrap_or(line_start + line.len());
            match (c, open) {
                ('"', Some(o)) if o.close == Close::Straight => {
                    spans.push(closed(o, abs, &mut nested));
                    open = None;
                    nested_open = None;
                }
                ('"', None) => {
                    open = Some(Open {
                        close: Close::Straight,
                        inner: next_abs,
                    })
                }
                ('“', None) | ('„', None) => {
                    open = Some(Open {
                        close: Close::Curly,
                        inner: next_abs,
                    })
                }
                ('”', Some(o)) if o.close == Close::Curly => {
                    spans.push(closed(o, abs, &mut nested));
                    open = None;
                    nested_open = None;
                }
                ('”', Some(o)) | ('"', Some(o)) => {
                    // A straight mark closing a curly quote, or the reverse: mixed styles in one
                    // text. Close what is open rather than swallow the rest of the paragraph.
                    spans.push(closed(o, abs, &mut nested));
                    open = None;
                    nested_open = None;
                }
                ('“', Some(o)) if o.close == Close::Curly => {
                    // A second opening mark before any closing one: the first was never closed.
                    problems.push(MarkProblem {
                        offset: o.inner.saturating_sub(3),
                        message: "quotation mark opened but not closed before the next one".into(),
                    });
                    spans.push(closed(o, abs, &mut nested));
                    open = Some(Open {
                        close: Close::Curly,
                        inner: next_abs,
                    });
                    nested_open = None;
                }
                ('«', None) => {
                    open = Some(Open {
                        close: Close::Guillemet('»'),
                        inner: next_abs,
                    })
                }
                ('»', None) if is_word_char(next) => {
                    open = Some(Open {
                        close: Close::Guillemet('«'),
                        inner: next_abs,
                    })
                }
                ('»', Some(o)) | ('«', Some(o)) if o.close == Close::Guillemet(c) => {
                    spans.push(closed(o, abs, &mut nested));
                    open = None;
                    nested_open = None;
                }
                ('`', None) if pair => {
                    open = Some(Open {
                        close: Close::Straight,
                        inner: after_pair,
                    });
                    i += 1;
                }
                // `''It's …,''`: two apostrophes open a quotation in New York Times text.
                ('\'', None)
                    if pair
                        && !is_word_char(prev)
                        && chars.get(i + 2).is_some_and(|&(_, c)| !c.is_whitespace()) =>
                {
                    open = Some(Open {
                        close: Close::Straight,
                        inner: after_pair,
                    });
                    i += 1;
                }
                ('\'', Some(o)) if pair && o.close == Close::Straight => {
                    spans.push(closed(o, abs, &mut nested));
                    open = None;
                    nested_open = None;
                    i += 1;
                }
                ('‘', _) | ('\'', _)
                    if !is_word_char(prev)
                        && is_word_char(next)
                        && (open.is_some() || singles_top_level) =>
                {
                    nested_open = Some(next_abs);
                }
                ('’', _) | ('\'', _)
                    if !is_word_char(next)
                        && nested_open.is_some()
                        && prev.is_some_and(|p| !p.is_whitespace()) =>
                {
                    let start = nested_open.take().expect("checked above");
                    if open.is_some() {
                        nested.push((start, abs));
                    } else {
                        spans.push(Span {
                            start,
                            end: abs,
                            nested: Vec::new(),
                            continues: false,
                        });
                    }
                }
                _ => {}
            }
            i += 1;
        }
        if let Some(o) = open {
            let line_end = line_start + line.len();
            let next_opens = lines
                .get(index + 1)
                .map(|l| l.trim_start().starts_with(['"', '“', '„', '«']))
                .unwrap_or(false);
            if o.inner < line_end {
                spans.push(Span {
                    start: o.inner,
                    end: line_end,
                    nested,
                    continues: next_opens,
                });
            }
            if !next_opens {
                problems.push(MarkProblem {
                    offset: o.inner.saturating_sub(1),
                    message: "quotation never closes; taken to run to the end of its paragraph"
                        .into(),
                });
            }
            // A multi-paragraph quotation reopens with a mark on the next line; that mark starts
            // the next segment, so nothing is carried over.
        }
        line_start += line.len() + 1;
    }
    spans
}
