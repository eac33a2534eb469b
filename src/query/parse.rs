//! Text → `Query`. Tokens are split at unquoted white space; `"…"` groups (with `\"`
//! and `\\` escapes); a prefix (`! + - @ = ~ #`, `is:`) only counts when unquoted.

use super::date::parse_spec;
use super::{IsKind, ParseError, Query, Term};

/// One token: its byte offset, its value with quotes removed, and whether its first
/// character was quoted (a quoted value never has a prefix).
struct Token {
    start: usize,
    len: usize,
    value: String,
    /// Byte offset in the input of each char of `value`.
    offsets: Vec<usize>,
    /// Whether each char of `value` was inside quotes.
    quoted: Vec<bool>,
    empty_quotes: bool,
}

fn err(
    position: usize,
    len: usize,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> ParseError {
    ParseError {
        position,
        len: len.max(1),
        message: message.into(),
        hint: hint.into(),
    }
}

fn tokens(input: &str) -> Result<Vec<Token>, ParseError> {
    let mut out = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut tok = Token {
            start,
            len: 0,
            value: String::new(),
            offsets: Vec::new(),
            quoted: Vec::new(),
            empty_quotes: false,
        };
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            end = i + c.len_utf8();
            if c != '"' {
                tok.value.push(c);
                tok.offsets.push(i);
                tok.quoted.push(false);
                continue;
            }
            let quoted_from = tok.quoted.len();
            // A quoted section, up to the closing quote.
            let mut closed = false;
            while let Some((j, q)) = chars.next() {
                end = j + q.len_utf8();
                match q {
                    '"' => {
                        closed = true;
                        break;
                    }
                    '\\' => {
                        if let Some((k, e)) = chars.next() {
                            end = k + e.len_utf8();
                            tok.value.push(e);
                            tok.offsets.push(k);
                            tok.quoted.push(true);
                        }
                    }
                    _ => {
                        tok.value.push(q);
                        tok.offsets.push(j);
                        tok.quoted.push(true);
                    }
                }
            }
            if tok.quoted.len() == quoted_from {
                // `""`: an empty quoted section still marks the token as quoted.
                tok.empty_quotes = true;
            }
            if !closed {
                return Err(err(
                    i,
                    input.len() - i,
                    "unterminated quote",
                    "close the phrase with \"",
                ));
            }
        }
        tok.len = end - start;
        out.push(tok);
    }
    Ok(out)
}

/// Reads a query.
pub fn parse(input: &str) -> Result<Query, ParseError> {
    let mut terms = Vec::new();
    for tok in tokens(input)? {
        terms.push(term(&tok, 0)?);
    }
    Ok(Query { terms })
}

/// The term of `tok` from its char `from` on.
fn term(tok: &Token, from: usize) -> Result<Term, ParseError> {
    let chars: Vec<char> = tok.value.chars().collect();
    let rest: String = chars[from..].iter().collect();
    let at = |i: usize| {
        tok.offsets
            .get(from + i)
            .copied()
            .unwrap_or(tok.start + tok.len)
    };
    let quoted = tok.quoted.get(from).copied().unwrap_or(tok.empty_quotes);
    let first = chars.get(from).copied();
    if quoted || first.is_none() {
        if rest.is_empty() {
            return Err(err(
                tok.start,
                tok.len,
                "empty phrase",
                "type a word between the quotes",
            ));
        }
        return Ok(Term::Word(rest));
    }
    let body: String = chars[from + 1..].iter().collect();
    let need = |what: &str, example: &str| {
        if body.is_empty() {
            Err(err(
                at(0),
                1,
                format!("{:?} needs {what} after it", first.unwrap_or(' ')),
                format!("e.g. {example}"),
            ))
        } else {
            Ok(())
        }
    };
    match first {
        Some('!') => {
            if body.is_empty() {
                return Err(err(
                    at(0),
                    1,
                    "\"!\" needs a term to negate",
                    "e.g. !word, !+tag, !@7d",
                ));
            }
            Ok(Term::Not(Box::new(term(tok, from + 1)?)))
        }
        Some('+') => need("a tag", "+politics").map(|()| Term::Tag(body)),
        Some('-') => need("a tag", "-sport").map(|()| Term::NoTag(body)),
        Some('=') => need("a source name", "=gazette").map(|()| Term::Source(body)),
        Some('~') => {
            need("a regular expression", "~\"tram(way)?\"")?;
            regex::RegexBuilder::new(&body)
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
                .map_err(|e| {
                    let detail = e.to_string();
                    let last = detail
                        .lines()
                        .last()
                        .unwrap_or("")
                        .trim()
                        .trim_start_matches("error: ");
                    err(
                        at(1),
                        body.len(),
                        format!("bad regular expression {body:?}: {last}"),
                        "escape special characters with \\, e.g. ~c\\+\\+",
                    )
                })?;
            Ok(Term::Regex(body))
        }
        Some('#') => {
            need("a count", "#20")?;
            match body.parse::<usize>() {
                Ok(n) if n > 0 => Ok(Term::Limit(n)),
                _ => Err(err(
                    at(1),
                    body.len(),
                    format!("#{body}: expected a count of 1 or more"),
                    "e.g. #20 keeps the 20 newest",
                )),
            }
        }
        Some('@') => {
            need("a date", "@7d, @2024-07, @2024-01..2024-06")?;
            let offsets: Vec<usize> = (1..=body.chars().count()).map(at).collect();
            // Errors point at the whole term, so the caret lands on its `@`.
            parse_spec(&body, &offsets, at(0))
                .map(Term::Date)
                .map_err(|mut e| {
                    e.position = at(0);
                    e.len = body.len() + 1;
                    e
                })
        }
        _ if rest.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("is:"))
            && !tok
                .quoted
                .get(from + 1..from + 3)
                .unwrap_or(&[])
                .contains(&true) =>
        {
            let kind = match rest[3..].to_lowercase().as_str() {
                "unread" => IsKind::Unread,
                "read" => IsKind::Read,
                "bookmarked" => IsKind::Bookmarked,
                "tagged" => IsKind::Tagged,
                "new" => IsKind::New,
                other => {
                    return Err(err(
                        at(0),
                        rest.len(),
                        format!("unknown state {other:?} in {rest:?}"),
                        "use is:unread, is:read, is:bookmarked, is:tagged or is:new",
                    ));
                }
            };
            Ok(Term::Is(kind))
        }
        _ => Ok(Term::Word(rest)),
    }
}
