//! Tokenising and parsing a query: terms (`tag:PREL`, `-is:read`, a fuzzy word, a quoted
//! phrase), `OR` between terms, parentheses (nested at most [`MAX_DEPTH`] deep) and
//! `tag:EN,LG` lists, into the clauses of [`super::query::Query`]. Every problem is a
//! [`QueryError`] worded for the user.

use chrono::NaiveDate;

use super::fuzzy::Word;
use super::query::{
    Clause, Cmp, DueTerm, DueTest, FIELDS, IsWhat, MAX_DEPTH, MAX_TERMS, Query, QueryError, Term,
    check_size, err,
};
use crate::cable::{Classification, Precedence};

/// One term as typed: a leading `-`, and the text with quotes removed.
#[derive(Debug, PartialEq)]
struct Token {
    negated: bool,
    /// The raw text with quote characters removed.
    text: String,
    /// Where a quote started inside the token (a quoted phrase or quoted value).
    quoted_from: Option<usize>,
}

/// What the tokeniser gives: terms, the `OR` operator, and parentheses (`-(` negates a group).
#[derive(Debug, PartialEq)]
enum Tok {
    Term(Token),
    Or,
    Open { negated: bool },
    Close,
}

fn tokenize(s: &str) -> Result<Vec<Tok>, QueryError> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else { break };
        if first == ')' {
            chars.next();
            out.push(Tok::Close);
            continue;
        }
        let mut tok = Token {
            negated: false,
            text: String::new(),
            quoted_from: None,
        };
        if first == '-' {
            tok.negated = true;
            chars.next();
        }
        if chars.peek() == Some(&'(') {
            chars.next();
            out.push(Tok::Open {
                negated: tok.negated,
            });
            continue;
        }
        let mut in_quote = false;
        while let Some(&c) = chars.peek() {
            if c == '"' {
                chars.next();
                if !in_quote && tok.quoted_from.is_none() {
                    tok.quoted_from = Some(tok.text.len());
                }
                in_quote = !in_quote;
                continue;
            }
            // A closing parenthesis ends the term it is glued to (`latvia)`).
            if (c.is_whitespace() || c == ')') && !in_quote {
                break;
            }
            tok.text.push(c);
            chars.next();
        }
        if in_quote {
            return err("unclosed quote: a phrase needs its closing `\"`".to_string());
        }
        if tok.text.is_empty() {
            if tok.negated && tok.quoted_from.is_none() {
                return err("`-` must be followed by a term, as in `-is:read`".to_string());
            }
            if tok.quoted_from.is_some() {
                continue; // `""` means nothing
            }
        }
        if tok.text == "OR" && !tok.negated && tok.quoted_from.is_none() {
            out.push(Tok::Or);
        } else {
            out.push(Tok::Term(tok));
        }
    }
    Ok(out)
}

/// How many leaf terms the tokens make: a term is one, a `tag:` list one per value.
fn count_terms(toks: &[Tok]) -> usize {
    toks.iter()
        .map(|t| match t {
            Tok::Term(tok) if tag_list(tok).is_some() => {
                tag_list(tok).map_or(1, |v| v.split(',').count())
            }
            Tok::Term(_) => 1,
            _ => 0,
        })
        .sum()
}

/// The value of a `tag:` term with a comma, unquoted (`tag:EN,LG`).
fn tag_list(tok: &Token) -> Option<&str> {
    let (name, value) = tok.text.split_once(':')?;
    (name.eq_ignore_ascii_case("tag") && value.contains(',') && tok.quoted_from.is_none())
        .then_some(value)
}

/// The clauses of a query (all must hold). Checks the number of terms before building any.
impl Query {
    /// Parse a query string. Never panics; every problem is a [`QueryError`] worded for the
    /// user. A query longer than [`MAX_QUERY_CHARS`](super::query::MAX_QUERY_CHARS) or of more than [`MAX_TERMS`] terms is
    /// refused before anything is built from it; parentheses nested deeper than [`MAX_DEPTH`]
    /// are refused too.
    pub fn parse(s: &str) -> Result<Query, QueryError> {
        Query::parse_at(s, crate::clock::now())
    }

    /// [`Query::parse`] at a given time: `is:late` compares suspenses with `now`.
    pub fn parse_at(s: &str, now: chrono::DateTime<chrono::Utc>) -> Result<Query, QueryError> {
        check_size(s)?;
        Ok(Query::from_clauses(parse_with(s, now.timestamp())?))
    }
}

pub fn parse(s: &str) -> Result<Vec<Clause>, QueryError> {
    parse_with(s, crate::clock::now().timestamp())
}

fn parse_with(s: &str, now: i64) -> Result<Vec<Clause>, QueryError> {
    let toks = tokenize(s)?;
    let n = count_terms(&toks);
    if n > MAX_TERMS {
        return err(format!(
            "filter has too many terms: {n}, at most {MAX_TERMS}"
        ));
    }
    let mut p = Parser { toks, at: 0, now };
    let mut alts = p.or_list(0)?;
    if p.at < p.toks.len() {
        return err("unmatched `)`: it closes no `(`".to_string());
    }
    let clauses = if alts.len() == 1 {
        alts.pop().unwrap_or_default()
    } else {
        vec![Clause {
            negated: false,
            term: Term::Or(alts),
        }]
    };
    Ok(sorted(clauses))
}

/// Cheap terms first; among fuzzy words the longest first (the most selective anchor). Stable:
/// otherwise the user's order is kept.
fn sorted(mut clauses: Vec<Clause>) -> Vec<Clause> {
    clauses.sort_by_key(|c| {
        let len = match &c.term {
            Term::Fuzzy(w) => w.text().len(),
            _ => 0,
        };
        (c.term.cost(), std::cmp::Reverse(len))
    });
    clauses
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
    /// Unix seconds the query is read at (`is:late`).
    now: i64,
}

const OR_SIDES: &str = "`OR` needs a term on each side, as in `estonia OR latvia`";

impl Parser {
    /// `A OR B OR ...`, each side a list of clauses that must all hold.
    fn or_list(&mut self, depth: usize) -> Result<Vec<Vec<Clause>>, QueryError> {
        let mut alts = vec![self.and_list(depth)?];
        while self.toks.get(self.at) == Some(&Tok::Or) {
            self.at += 1;
            let side = self.and_list(depth)?;
            alts.push(side);
        }
        if alts.len() > 1 && alts.iter().any(Vec::is_empty) {
            return err(OR_SIDES.to_string());
        }
        Ok(alts)
    }

    /// Terms and groups up to `OR`, `)` or the end.
    fn and_list(&mut self, depth: usize) -> Result<Vec<Clause>, QueryError> {
        let mut clauses = Vec::new();
        while let Some(t) = self.toks.get(self.at) {
            match t {
                Tok::Or | Tok::Close => break,
                Tok::Open { negated } => {
                    let negated = *negated;
                    if depth + 1 > MAX_DEPTH {
                        return err(format!(
                            "parentheses nested too deeply: at most {MAX_DEPTH} levels"
                        ));
                    }
                    self.at += 1;
                    let mut alts = self.or_list(depth + 1)?;
                    if self.toks.get(self.at) != Some(&Tok::Close) {
                        return err("unclosed `(`: add its `)`".to_string());
                    }
                    self.at += 1;
                    if alts.len() == 1 && alts[0].is_empty() {
                        return err("empty parentheses: put terms between `(` and `)`".to_string());
                    }
                    if alts.len() == 1 && !negated {
                        clauses.append(&mut alts[0]);
                    } else {
                        let alts = alts.into_iter().map(sorted).collect();
                        clauses.push(Clause {
                            negated,
                            term: Term::Or(alts),
                        });
                    }
                }
                Tok::Term(tok) => {
                    clauses.push(parse_token(tok, self.now)?);
                    self.at += 1;
                }
            }
        }
        Ok(clauses)
    }
}

fn parse_token(tok: &Token, now: i64) -> Result<Clause, QueryError> {
    let negated = tok.negated;
    let text = tok.text.as_str();
    // A field is `name:` made of ASCII letters, before any quote.
    let field_end = text.find(':').filter(|&i| {
        i > 0
            && tok.quoted_from.is_none_or(|q| i < q)
            && text[..i].bytes().all(|b| b.is_ascii_alphabetic())
    });
    let Some(colon) = field_end else {
        return Ok(Clause {
            negated,
            term: Term::Fuzzy(Word::new(text)),
        });
    };
    let name = text[..colon].to_ascii_lowercase();
    let value = text[colon + 1..].trim();
    if !FIELDS.contains(&name.as_str()) {
        let hint = match closest_field(&name) {
            Some(f) => format!(" — did you mean `{f}:`?"),
            None => format!(
                " — fields are {}; quote a word to search for it as text",
                FIELDS.map(|f| format!("{f}:")).join(" ")
            ),
        };
        return err(format!("unknown field `{name}:`{hint}"));
    }
    if value.is_empty() {
        return err(format!("`{name}:` needs a value, as in {}", example(&name)));
    }
    let lower = value.to_lowercase();
    let term = match name.as_str() {
        "tag" if tok.quoted_from.is_none() && value.contains(',') => {
            let alts: Vec<Vec<Clause>> = lower
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| {
                    vec![Clause {
                        negated: false,
                        term: Term::Tag(v.to_string()),
                    }]
                })
                .collect();
            if alts.is_empty() {
                return err(format!("`{name}:` needs a value, as in tag:EN,LG"));
            }
            Term::Or(alts)
        }
        "tag" => Term::Tag(lower),
        "text" | "body" => Term::Text(lower.split_whitespace().collect::<Vec<_>>().join(" ")),
        "label" => Term::Label(lower),
        "desk" => Term::Desk(lower),
        "from" => Term::From(lower),
        "to" => Term::To(lower),
        "info" => Term::Info(lower),
        "id" => Term::Id(lower),
        "class" => {
            let (cmp, word) = split_cmp(value);
            match Classification::from_word(word) {
                Some(c) => Term::Class(cmp, c),
                None => {
                    return err(format!(
                        "unknown classification `{word}` in `class:` — use unclassified, \
                         confidential, secret or topsecret"
                    ));
                }
            }
        }
        "prec" => {
            let (cmp, word) = split_cmp(value);
            match Precedence::from_word(word) {
                Some(p) => Term::Prec(cmp, p),
                None => {
                    return err(format!(
                        "unknown precedence `{word}` in `prec:` — use flash, niact, immediate, \
                         priority or routine (optionally after >=, >, <=, <)"
                    ));
                }
            }
        }
        "after" => Term::After(parse_date(&name, value)?),
        "before" => Term::Before(parse_date(&name, value)?),
        "is" if lower == "late" => Term::Late(now),
        "assignee" => Term::Assignee(lower),
        "task" => match crate::triage::TaskState::from_word(&lower) {
            Some(t) => Term::Task(t),
            None => {
                return err(format!(
                    "unknown tasker state `task:{value}` — use {}",
                    crate::triage::TaskState::choices()
                ));
            }
        },
        "is" if lower == "overdue" => due_term(DueTest::Overdue),
        "is" if lower == "due-soon" || lower == "duesoon" => due_term(DueTest::DueSoon),
        "due" => {
            let (cmp, amount) = split_cmp(value);
            match crate::triage::due::parse_duration(amount) {
                Ok(secs) if cmp != Cmp::Eq => due_term(DueTest::Left(cmp, secs)),
                Ok(_) => {
                    return err(format!(
                        "`due:{value}` needs a comparison, as in due:<2h or due:>30m"
                    ));
                }
                Err(e) => return err(format!("{e} (in `due:`, as in due:<2h)")),
            }
        }
        "is" => Term::Is(match lower.as_str() {
            "unread" => IsWhat::Unread,
            "read" => IsWhat::Read,
            "flagged" => IsWhat::Flagged,
            "done" => IsWhat::Done,
            "routed" => IsWhat::Routed,
            "unrouted" => IsWhat::Unrouted,
            "new" => IsWhat::New,
            "mine" => IsWhat::Mine,
            _ => {
                return err(format!(
                    "unknown state `is:{value}` — use is:unread, is:read, is:flagged, is:done, \
                     is:routed, is:unrouted, is:new, is:mine, is:late, is:overdue or is:due-soon"
                ));
            }
        }),
        "has" => match lower.as_str() {
            "note" => Term::HasNote,
            _ => return err(format!("unknown `has:{value}` — only has:note is known")),
        },
        _ => return err(format!("unknown field `{name}:`")),
    };
    Ok(Clause { negated, term })
}

fn example(field: &str) -> &'static str {
    match field {
        "tag" => "tag:PREL",
        "label" => "label:urgent",
        "desk" => "desk:EUR/CE",
        "from" => "from:moscow",
        "to" => "to:secstate",
        "info" => "info:usnato",
        "class" => "class:secret",
        "prec" => "prec:>=immediate",
        "after" => "after:2009-01-01",
        "before" => "before:2009-07-01",
        "is" => "is:unread",
        "id" => "id:07USNATO265",
        "due" => "due:<2h",
        "text" | "body" => "text:fission",
        "assignee" => "assignee:bob",
        "task" => "task:working",
        _ => "has:note",
    }
}

fn due_term(test: DueTest) -> Term {
    Term::Due(DueTerm {
        test,
        clock: crate::triage::due::DueClock::standard(),
    })
}

fn split_cmp(v: &str) -> (Cmp, &str) {
    for (p, c) in [
        (">=", Cmp::Ge),
        ("<=", Cmp::Le),
        (">", Cmp::Gt),
        ("<", Cmp::Lt),
        ("=", Cmp::Eq),
    ] {
        if let Some(rest) = v.strip_prefix(p) {
            return (c, rest.trim());
        }
    }
    (Cmp::Eq, v)
}

/// `YYYY-MM-DD` (also `YYYY-MM` and `YYYY`, meaning their first day) as Unix seconds at 00:00 UTC.
fn parse_date(field: &str, v: &str) -> Result<i64, QueryError> {
    let full = match v.len() {
        4 => format!("{v}-01-01"),
        7 => format!("{v}-01"),
        _ => v.to_string(),
    };
    match NaiveDate::parse_from_str(&full, "%Y-%m-%d") {
        Ok(d) if v.len() >= 4 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit) => Ok(d
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp())
            .unwrap_or(0)),
        _ => err(format!(
            "bad date `{v}` in `{field}:` — write YYYY-MM-DD, as in {field}:2009-01-31"
        )),
    }
}

/// The known field nearest to `name` by edit distance, when near enough to be a typo.
fn closest_field(name: &str) -> Option<&'static str> {
    FIELDS
        .iter()
        .map(|f| (edit_distance(name, f), *f))
        .filter(|(d, f)| *d <= 2 && *d < f.len().max(name.len()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}

/// Levenshtein distance over chars.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
