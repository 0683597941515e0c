//! An event as a row of `cabletriage.events` and back. The op is its name (`op`) and its other
//! fields as a JSON object (`fields`): serde writes and reads both, so an op variant added to
//! [`Op`] is stored and read back with no change here or in the schema.

use chrono::{DateTime, Utc};
use postgres::Row;
use serde_json::{Map, Value};

use crate::triage::format::{self, Link};
use crate::triage::ops::{Event, Op};

/// The columns [`decode`] reads, in its order.
pub const COLUMNS: &str = r#"seq, at, "user", os_user, cables, op, fields, prev, hash, at_exact"#;

/// A row as read: the event, or why it does not read (an op a newer version wrote), and its
/// place in the hash chain.
#[derive(Debug, Clone)]
pub struct Stored {
    pub seq: u64,
    pub event: Result<Event, String>,
    pub prev: Option<String>,
    pub hash: String,
}

impl Stored {
    /// The event's link in the hash chain; `verify` checks that `hash` is the hash of the
    /// event's text (as the file journal writes it) after `prev`.
    pub fn link(&self, verify: bool) -> Link {
        let intact = !verify
            || self.event.as_ref().is_ok_and(|ev| {
                format::encode(ev, self.prev.as_deref()).is_ok_and(|enc| enc.hash == self.hash)
            });
        Link {
            line: usize::try_from(self.seq).unwrap_or(usize::MAX),
            prev: self.prev.clone(),
            hash: Some(self.hash.clone()),
            intact,
        }
    }
}

/// The op's own fields (everything but its name), as stored in `fields`.
pub fn fields(op: &Op) -> Value {
    match serde_json::to_value(op) {
        Ok(Value::Object(mut m)) => {
            m.remove("op");
            Value::Object(m)
        }
        _ => Value::Object(Map::new()),
    }
}

/// The op named `name` with `fields`; why not, when this version does not know it.
pub fn op(name: &str, fields: Value) -> Result<Op, String> {
    let mut m = match fields {
        Value::Object(m) => m,
        Value::Null => Map::new(),
        other => {
            return Err(format!(
                "the fields of op `{name}` are not an object: {other}"
            ));
        }
    };
    m.insert("op".into(), Value::String(name.to_string()));
    serde_json::from_value(Value::Object(m)).map_err(|e| {
        if e.to_string().contains("unknown variant") {
            format!("an op this version does not know (`{name}`; written by a newer version?)")
        } else {
            format!("op `{name}`: {e}")
        }
    })
}

/// Read one row selected with [`COLUMNS`].
pub fn decode(row: &Row) -> Result<Stored, postgres::Error> {
    let seq: i64 = row.try_get(0)?;
    let at: DateTime<Utc> = row.try_get(1)?;
    let user: String = row.try_get(2)?;
    let os_user: Option<String> = row.try_get(3)?;
    let cables: Vec<String> = row.try_get(4)?;
    let name: String = row.try_get(5)?;
    let fields: Value = row.try_get(6)?;
    let prev: Option<String> = row.try_get(7)?;
    let hash: String = row.try_get(8)?;
    // An event copied from a file journal keeps the file's time to the nanosecond.
    let exact: Option<String> = row.try_get(9)?;
    let at = exact
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map_or(at, |t| t.with_timezone(&Utc));
    let seq = u64::try_from(seq).unwrap_or(0);
    let event = op(&name, fields).map(|op| Event {
        seq,
        at,
        user,
        os_user,
        cables,
        op,
    });
    Ok(Stored {
        seq,
        event,
        prev,
        hash,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_op_round_trips_through_its_name_and_fields() {
        let ops = [
            Op::AddLabels {
                labels: vec!["a".into(), "b".into()],
            },
            Op::RouteAction { desk: "EUR".into() },
            Op::ClearAction,
            Op::SetNote {
                text: "two\nlines \u{202e}".into(),
            },
            Op::Undo { undoes: 41 },
            Op::Ack,
        ];
        for o in ops {
            assert_eq!(op(o.name(), fields(&o)).unwrap(), o);
        }
    }

    #[test]
    fn an_unknown_op_is_named() {
        let e = op("escalate", serde_json::json!({"level": 2})).unwrap_err();
        assert!(e.contains("`escalate`"), "{e}");
    }
}
