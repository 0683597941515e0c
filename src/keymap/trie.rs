//! A trie of key sequences for one context: the answer to "what do these keys mean so far" is
//! Pending (a chord has begun), Matched (run this action) or NotFound.

use std::collections::BTreeMap;

use super::action::Action;
use super::key::Key;

/// The answer to a lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Matched(Action),
    Pending,
    NotFound,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Leaf(Action),
    Branch(BTreeMap<Key, Node>),
}

/// Key sequences of one context, each ending in an action.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Trie {
    root: BTreeMap<Key, Node>,
}

impl Trie {
    /// Bind `keys` to `action`, replacing whatever was bound on that path: a longer chord through a
    /// bound key replaces the key, and a key replaces the chords that began with it.
    pub fn insert(&mut self, keys: &[Key], action: Action) {
        let Some((last, prefix)) = keys.split_last() else {
            return;
        };
        let mut map = &mut self.root;
        for k in prefix {
            let node = map
                .entry(*k)
                .or_insert_with(|| Node::Branch(BTreeMap::new()));
            if let Node::Leaf(_) = node {
                *node = Node::Branch(BTreeMap::new());
            }
            let Node::Branch(next) = node else { return };
            map = next;
        }
        map.insert(*last, Node::Leaf(action));
    }

    /// Remove the binding of exactly `keys` (and any chords under it), pruning empty branches.
    pub fn remove(&mut self, keys: &[Key]) {
        fn go(map: &mut BTreeMap<Key, Node>, keys: &[Key]) {
            let Some((first, rest)) = keys.split_first() else {
                return;
            };
            if rest.is_empty() {
                map.remove(first);
                return;
            }
            if let Some(Node::Branch(next)) = map.get_mut(first) {
                go(next, rest);
                if next.is_empty() {
                    map.remove(first);
                }
            }
        }
        go(&mut self.root, keys);
    }

    pub fn lookup(&self, keys: &[Key]) -> Lookup {
        let mut map = &self.root;
        for (i, k) in keys.iter().enumerate() {
            match map.get(k) {
                None => return Lookup::NotFound,
                Some(Node::Leaf(a)) if i + 1 == keys.len() => return Lookup::Matched(*a),
                Some(Node::Leaf(_)) => return Lookup::NotFound,
                Some(Node::Branch(next)) => map = next,
            }
        }
        if keys.is_empty() {
            Lookup::NotFound
        } else {
            Lookup::Pending
        }
    }

    /// Every binding as (key sequence, action), in key order.
    pub fn bindings(&self) -> Vec<(Vec<Key>, Action)> {
        fn go(map: &BTreeMap<Key, Node>, path: &mut Vec<Key>, out: &mut Vec<(Vec<Key>, Action)>) {
            for (k, node) in map {
                path.push(*k);
                match node {
                    Node::Leaf(a) => out.push((path.clone(), *a)),
                    Node::Branch(next) => go(next, path, out),
                }
                path.pop();
            }
        }
        let mut out = Vec::new();
        go(&self.root, &mut Vec::new(), &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(s: &str) -> Vec<Key> {
        Key::parse_seq(s).expect(s)
    }

    #[test]
    fn chords_are_pending_until_complete() {
        let mut t = Trie::default();
        t.insert(&seq("g g"), Action::Top);
        t.insert(&seq("G"), Action::Bottom);
        assert_eq!(t.lookup(&seq("g")), Lookup::Pending);
        assert_eq!(t.lookup(&seq("g g")), Lookup::Matched(Action::Top));
        assert_eq!(t.lookup(&seq("g x")), Lookup::NotFound);
        assert_eq!(t.lookup(&seq("G")), Lookup::Matched(Action::Bottom));
        assert_eq!(t.lookup(&seq("G G")), Lookup::NotFound);
    }

    #[test]
    fn removing_a_chord_prunes_its_prefix() {
        let mut t = Trie::default();
        t.insert(&seq("g g"), Action::Top);
        t.remove(&seq("g g"));
        assert_eq!(t.lookup(&seq("g")), Lookup::NotFound);
        assert!(t.bindings().is_empty());
    }

    #[test]
    fn a_key_replaces_chords_under_it() {
        let mut t = Trie::default();
        t.insert(&seq("g g"), Action::Top);
        t.insert(&seq("g"), Action::Bottom);
        assert_eq!(t.lookup(&seq("g")), Lookup::Matched(Action::Bottom));
        assert_eq!(t.bindings().len(), 1);
    }
}
