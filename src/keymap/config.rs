//! Keymap files: the embedded default, a user file merged over it per key (`noop` unbinds), and
//! the errors that name the file, the key and the reason.
//!
//! One key is not the file's to change: `C-c` is always the way out (quit in the inbox and the
//! reading view, cancel in a prompt, back out of the help), so no keymap can leave a session
//! without an exit. A file that rebinds or unbinds it, or starts a chord with it, is refused.

use std::path::{Path, PathBuf};

use super::action::Action;
use super::key::{Key, format_seq};
use super::trie::{Lookup, Trie};

/// The default keymap, compiled in; parsed by the same code as a user's file.
pub const DEFAULT_TOML: &str = include_str!("../../keymaps/default.toml");

/// Where keys are looked up. `Global` is the fallback of `Inbox` and `Reader`; `Prompt` and `Help`
/// take text, so they use only their own table and unbound characters are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Inbox,
    Reader,
    Prompt,
    Help,
}

impl Context {
    pub const ALL: [Context; 5] = [
        Context::Global,
        Context::Inbox,
        Context::Reader,
        Context::Prompt,
        Context::Help,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Inbox => "inbox",
            Context::Reader => "reader",
            Context::Prompt => "prompt",
            Context::Help => "help",
        }
    }

    pub fn from_name(s: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == s)
    }

    /// Does this context fall back to the global table?
    pub fn inherits_global(self) -> bool {
        matches!(self, Context::Inbox | Context::Reader)
    }
}

/// A keymap that could not be used: which file, which key (or line), and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {place}: {reason}")]
pub struct KeymapError {
    pub file: String,
    /// `[inbox] "g x"`, or `line 3` for a syntax error.
    pub place: String,
    pub reason: String,
}

/// The effective keymap: one trie per context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    tries: [Trie; 5],
    /// The bindings a user's file made (context and keys): hints name these first, so the
    /// emacs keymap's hints show emacs keys where the default's keys are still bound too.
    chosen: Vec<(Context, Vec<Key>)>,
}

impl Keymap {
    /// The built-in default.
    pub fn default_keymap() -> Keymap {
        let mut km = Keymap {
            tries: Default::default(),
            chosen: Vec::new(),
        };
        // The embedded file is checked by a unit test; an error here is a build defect.
        if let Err(e) = km.merge_toml(DEFAULT_TOML, "keymaps/default.toml") {
            debug_assert!(false, "{e}");
        }
        km.chosen.clear();
        km
    }

    /// The default with `file` merged over it.
    pub fn with_file(file: &Path) -> Result<Keymap, KeymapError> {
        let text = std::fs::read_to_string(file).map_err(|e| KeymapError {
            file: file.display().to_string(),
            place: "reading".into(),
            reason: e.to_string(),
        })?;
        let mut km = Keymap::default_keymap();
        km.merge_toml(&text, &file.display().to_string())?;
        Ok(km)
    }

    /// The keymap the app runs with: `--keymap FILE` if given, else the user's config file if it
    /// exists, else the default. Returns the file that was used, if any.
    pub fn load(explicit: Option<&Path>) -> Result<(Keymap, Option<PathBuf>), KeymapError> {
        let file = explicit
            .map(Path::to_path_buf)
            .or_else(|| user_keymap_path().filter(|p| p.is_file()));
        match file {
            Some(f) => Keymap::with_file(&f).map(|km| (km, Some(f))),
            None => Ok((Keymap::default_keymap(), None)),
        }
    }

    /// Merge a keymap file's text over this keymap, per key. All or nothing: on error, `self` is
    /// unchanged.
    pub fn merge_toml(&mut self, text: &str, file: &str) -> Result<(), KeymapError> {
        let err = |place: String, reason: String| KeymapError {
            file: file.to_string(),
            place,
            reason,
        };
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            let place = line.map_or_else(|| "syntax".to_string(), |l| format!("line {l}"));
            err(place, e.message().to_string())
        })?;
        let mut next = self.clone();
        for (ctx_name, body) in &table {
            let ctx = Context::from_name(ctx_name).ok_or_else(|| {
                err(
                    format!("[{ctx_name}]"),
                    "unknown context (global, inbox, reader, prompt, help)".into(),
                )
            })?;
            let toml::Value::Table(body) = body else {
                return Err(err(
                    format!("[{ctx_name}]"),
                    "expected a table of key = \"action\"".into(),
                ));
            };
            for (keys, value) in body {
                let place = format!("[{ctx_name}] \"{keys}\"");
                let seq = Key::parse_seq(keys).map_err(|e| err(place.clone(), e.to_string()))?;
                let toml::Value::String(name) = value else {
                    return Err(err(place, "the action must be a string".into()));
                };
                reserved_ctrl_c(ctx, &seq, name).map_err(|why| err(place.clone(), why))?;
                if name == "noop" {
                    next.tries[ctx as usize].remove(&seq);
                    continue;
                }
                let action = Action::from_name(name)
                    .ok_or_else(|| err(place, format!("unknown action `{name}`")))?;
                next.tries[ctx as usize].insert(&seq, action);
                next.chosen.push((ctx, seq));
            }
        }
        *self = next;
        Ok(())
    }

    /// What `keys` mean in `ctx` (falling back to global where the context inherits it).
    pub fn lookup(&self, ctx: Context, keys: &[Key]) -> Lookup {
        match self.tries[ctx as usize].lookup(keys) {
            Lookup::NotFound if ctx.inherits_global() => {
                self.tries[Context::Global as usize].lookup(keys)
            }
            found => found,
        }
    }

    /// The bindings of one context's own table, grouped by action (in declaration order).
    pub fn bindings(&self, ctx: Context) -> Vec<(Vec<Key>, Action)> {
        let mut b = self.tries[ctx as usize].bindings();
        b.sort_by(|x, y| {
            x.1.cmp(&y.1)
                .then_with(|| x.0.len().cmp(&y.0.len()))
                .then_with(|| x.0.cmp(&y.0))
        });
        b
    }

    /// A key sequence the user's keymap file bound to `action` in `ctx` (or global), if any.
    pub fn user_key_for(&self, ctx: Context, action: Action) -> Option<String> {
        let own = self.bindings(ctx);
        let global = if ctx.inherits_global() {
            self.bindings(Context::Global)
        } else {
            Vec::new()
        };
        let bound = |c: Context| {
            move |(k, a): &&(Vec<Key>, Action)| {
                *a == action
                    && self.chosen.iter().any(|(cc, kk)| *cc == c && kk == k)
                    // A key the context binds itself shadows the global one.
                    && (c == ctx || self.tries[ctx as usize].lookup(k) == Lookup::NotFound)
            }
        };
        own.iter()
            .find(bound(ctx))
            .or_else(|| global.iter().find(bound(Context::Global)))
            .map(|(k, _)| format_seq(k))
    }

    /// The key sequence bound to `action` in `ctx` (or global), spelled for a hint: one the
    /// user's keymap file bound, else the first (`C-c` last).
    pub fn key_for(&self, ctx: Context, action: Action) -> Option<String> {
        if let Some(k) = self.user_key_for(ctx, action) {
            return Some(k);
        }
        let own = self.bindings(ctx);
        let global = if ctx.inherits_global() {
            self.bindings(Context::Global)
        } else {
            Vec::new()
        };
        // C-c is the reserved way out of everything: named only when nothing else is.
        let ctrl_c = [Key::new(super::KeyCode::Char('c'), true, false, false)];
        let mut found = own
            .iter()
            .chain(global.iter())
            .filter(|(_, a)| *a == action);
        let first = found.clone().next();
        found
            .find(|(k, _)| k[..] != ctrl_c[..])
            .or(first)
            .map(|(k, _)| format_seq(k))
    }
}

/// What `C-c` always does in `ctx` (see the module doc).
pub fn ctrl_c_action(ctx: Context) -> Action {
    match ctx {
        Context::Global | Context::Inbox | Context::Reader => Action::Quit,
        Context::Prompt => Action::Cancel,
        Context::Help => Action::Back,
    }
}

/// Refuse a binding that would change what `C-c` does in `ctx`.
fn reserved_ctrl_c(ctx: Context, seq: &[Key], action: &str) -> Result<(), String> {
    let ctrl_c = Key::new(super::KeyCode::Char('c'), true, false, false);
    if seq.first() != Some(&ctrl_c) {
        return Ok(());
    }
    let keeps = ctrl_c_action(ctx);
    if seq.len() == 1 && action == keeps.name() {
        return Ok(());
    }
    Err(format!(
        "C-c is reserved (always `{}` here, so every keymap has a way out)",
        keeps.name()
    ))
}

/// `$XDG_CONFIG_HOME/cabletriage/keymap.toml`, else `~/.config/cabletriage/keymap.toml`.
pub fn user_keymap_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("cabletriage").join("keymap.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(s: &str) -> Vec<Key> {
        Key::parse_seq(s).expect(s)
    }

    #[test]
    fn the_default_parses() {
        let mut km = Keymap {
            tries: Default::default(),
            chosen: Vec::new(),
        };
        km.merge_toml(DEFAULT_TOML, "default.toml")
            .expect("default keymap");
        assert_eq!(
            km.lookup(Context::Inbox, &seq("g g")),
            Lookup::Matched(Action::Top)
        );
        assert_eq!(km.lookup(Context::Inbox, &seq("g")), Lookup::Pending);
        assert_eq!(
            km.lookup(Context::Inbox, &seq("?")),
            Lookup::Matched(Action::Help)
        );
        assert_eq!(km.lookup(Context::Prompt, &seq("?")), Lookup::NotFound);
    }

    #[test]
    fn user_files_merge_per_key_and_noop_unbinds() {
        let mut km = Keymap::default_keymap();
        km.merge_toml(
            "[inbox]\n\"S-g\" = \"top\"\n[global]\nj = \"noop\"\n",
            "user.toml",
        )
        .expect("merge");
        assert_eq!(
            km.lookup(Context::Inbox, &seq("G")),
            Lookup::Matched(Action::Top)
        );
        assert_eq!(km.lookup(Context::Inbox, &seq("j")), Lookup::NotFound);
        assert_eq!(
            km.lookup(Context::Inbox, &seq("k")),
            Lookup::Matched(Action::MoveUp)
        );
    }

    #[test]
    fn errors_name_file_key_and_reason_and_change_nothing() {
        let mut km = Keymap::default_keymap();
        let before = km.clone();
        let e = km
            .merge_toml("[inbox]\nx = \"fly\"\n", "my.toml")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "my.toml: [inbox] \"x\": unknown action `fly`"
        );
        assert_eq!(km, before);
        let e = km
            .merge_toml("[inbox]\n\"<bogus>\" = \"top\"\n", "my.toml")
            .unwrap_err();
        assert!(e.to_string().contains("[inbox] \"<bogus>\""), "{e}");
        let e = km.merge_toml("[mars]\n", "my.toml").unwrap_err();
        assert!(e.to_string().contains("unknown context"), "{e}");
        let e = km.merge_toml("[inbox]\nj = \n", "my.toml").unwrap_err();
        assert!(e.to_string().starts_with("my.toml: line 2"), "{e}");
    }
}
