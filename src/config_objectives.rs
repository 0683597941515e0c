//! The `[objectives]` table of the user's settings: read with its lines, each problem a
//! warning; the user's values are checked against the office's later (see
//! [`crate::office::clock::UserObjectives::apply`]).

use toml::Spanned;
use toml::de::DeValue;

use super::{Parser, kind};
use crate::office::clock::{Setting, UserObjectives, Val, setting};

impl Parser<'_> {
    pub(super) fn objectives(&mut self, value: &Spanned<DeValue<'_>>) -> UserObjectives {
        let mut out = UserObjectives::default();
        let DeValue::Table(t) = value.get_ref() else {
            let msg = format!(
                "`objectives` must be a table ([objectives]), not {}; ignored",
                kind(value.get_ref())
            );
            self.warn_at(value.span(), msg);
            return out;
        };
        for (key, v) in t.iter() {
            let list: Vec<&str>;
            let val = match v.get_ref() {
                DeValue::String(s) => Val::Str(s),
                DeValue::Boolean(b) => Val::Bool(*b),
                DeValue::Array(a) => {
                    list = a
                        .iter()
                        .filter_map(|x| match x.get_ref() {
                            DeValue::String(s) => Some(&**s),
                            _ => None,
                        })
                        .collect();
                    Val::List(list)
                }
                other => Val::Other(kind(other)),
            };
            let line = Some(self.line_of(key.span().start));
            match setting(key.get_ref(), &val) {
                Ok(Setting::Objective(p, secs)) => {
                    out.secs[usize::from(p.rank())] = Some((secs, line));
                }
                Ok(Setting::Enabled(b)) => out.enabled = Some(b),
                Ok(Setting::Archive(secs)) => out.archive = Some(secs),
                Ok(Setting::Handled(_)) => self.warn_at(
                    key.span(),
                    "`handled` is the office's to set, in office.toml; ignored".into(),
                ),
                Err(e) => self.warn_at(v.span(), format!("{e}; ignored")),
            }
        }
        out
    }

    fn line_of(&self, pos: usize) -> usize {
        crate::office::line_of(self.text, pos)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::cable::Precedence;
    use crate::config::Config;
    use crate::triage::due::Objectives;

    #[test]
    fn user_objectives_are_read_with_lines_and_only_tighten() {
        let text = "bell = true\n[objectives]\nFLASH = \"5m\"\nROUTINE = \"12h\"\n\
                    PRIORITY = \"soon\"\nenabled = false\n";
        let (cfg, warnings) = Config::parse(text, Path::new("config.toml"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with("config.toml:5: bad duration"),
            "{warnings:?}"
        );
        let (o, looser) = cfg
            .objectives
            .apply(Objectives::default(), Path::new("config.toml"));
        assert_eq!(o.of(Precedence::Flash), 300);
        assert_eq!(o.of(Precedence::Routine), 6 * 3600);
        assert!(!o.enabled);
        assert_eq!(looser.len(), 1);
        assert!(looser[0].starts_with("config.toml:4: "), "{looser:?}");
    }
}
