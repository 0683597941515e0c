//! The shape of `src/traffic`, read from its source: no two modules import each other, directly
//! or round a longer loop, and no function of the load pipeline runs over 80 lines.
//!
//! A module's imports are every `super::…` and `crate::traffic::…` path in its code (tests and
//! comments left out), resolved to the deepest module they name. A parent re-exporting a child's
//! items (`pub use child::Item`) is its public face, not an import, and is not counted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `src/traffic`, or another copy of it named by `TRAFFIC_STRUCTURE_SRC` (to see what the
/// checker says of an older tree).
fn traffic_dir() -> PathBuf {
    match std::env::var_os("TRAFFIC_STRUCTURE_SRC") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("src/traffic"),
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/traffic is readable")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// `src/traffic/record/build.rs` -> `["traffic", "record", "build"]`; a `mod.rs` is its folder.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file
        .strip_prefix(traffic_dir().parent().expect("src"))
        .expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    parts
}

/// The file's code before its tests, without comments.
fn code_of(text: &str) -> String {
    let end = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..end]
        .lines()
        .map(|l| match l.find("//") {
            Some(at) => &l[..at],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths that `code` (of module `me`) names, each as written from its root
/// (`super::` resolved), up to the first item that is not a module in `known`.
fn imports(me: &[String], code: &str, known: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    for line in code.lines() {
        let t = line.trim_start();
        // A parent's re-export of its own child is its public face.
        if t.starts_with("pub use ") || t.starts_with("pub(crate) use ") {
            let path = t.split_once("use ").map_or("", |(_, p)| p);
            let first = path.split("::").next().unwrap_or("");
            let mut child = me.to_vec();
            child.push(first.to_string());
            if known.contains(&child) {
                continue;
            }
        }
        // A child named by its parent (`use child::Item`, `child::f()`).
        for child in known
            .iter()
            .filter(|k| k.len() == me.len() + 1 && k.starts_with(me))
        {
            let name = format!("{}::", child[me.len()]);
            let named = line
                .match_indices(&name)
                .any(|(at, _)| !line[..at].ends_with(|c: char| ident(c) || c == ':'));
            if named {
                out.insert(child.clone());
            }
        }
        for (at, _) in line
            .match_indices("super::")
            .chain(line.match_indices("crate::traffic"))
        {
            if at > 0 && line[..at].ends_with(|c: char| ident(c) || c == ':') {
                continue;
            }
            let rest = &line[at..];
            let segs: Vec<&str> = rest
                .split("::")
                .map(|s| s.trim_end_matches(|c: char| !ident(c)))
                .take_while(|s| !s.is_empty())
                .collect();
            let mut path: Vec<String> = if segs.first() == Some(&"crate") {
                Vec::new()
            } else {
                me.to_vec()
            };
            for seg in segs {
                match seg {
                    "super" => {
                        path.pop();
                    }
                    "crate" => {}
                    s => {
                        let mut next = path.clone();
                        next.push(s.to_string());
                        if !known.contains(&next) {
                            break;
                        }
                        path = next;
                    }
                }
            }
            if !path.is_empty() {
                out.insert(path);
            }
        }
    }
    out.remove(me);
    out
}

fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let mut files = Vec::new();
    rust_files(&traffic_dir(), &mut files);
    let known: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(f)).collect();
    files
        .iter()
        .map(|f| {
            let me = module_of(f);
            let text = std::fs::read_to_string(f).expect("readable source");
            let deps = imports(&me, &code_of(&text), &known);
            (me, deps)
        })
        .collect()
}

/// A loop of imports, if there is one.
fn find_loop(g: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<String>> {
    fn visit(
        n: &Vec<String>,
        g: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        stack: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|s| s == n) {
            let mut cycle: Vec<String> = stack[at..].iter().map(|m| m.join("::")).collect();
            cycle.push(n.join("::"));
            return Some(cycle);
        }
        if !done.insert(n.clone()) {
            return None;
        }
        stack.push(n.clone());
        for d in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(d, g, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    g.keys()
        .find_map(|n| visit(n, g, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_of_traffic_imports_one_that_imports_it() {
    let g = graph();
    // The checker sees imports: the walk reports problems of the model's type.
    let walk = vec!["traffic".to_string(), "walk".to_string()];
    assert!(!g[&walk].is_empty(), "{:?}", g[&walk]);
    for (m, deps) in &g {
        let deps: Vec<String> = deps.iter().map(|d| d.join("::")).collect();
        println!("{} -> {}", m.join("::"), deps.join(", "));
    }
    if let Some(cycle) = find_loop(&g) {
        panic!("an import loop in src/traffic: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_loop_finder_finds_a_loop() {
    let m = |s: &str| s.split("::").map(String::from).collect::<Vec<_>>();
    let mut g = BTreeMap::new();
    g.insert(m("t::a"), BTreeSet::from([m("t::b")]));
    g.insert(m("t::b"), BTreeSet::from([m("t::c")]));
    g.insert(m("t::c"), BTreeSet::from([m("t::a")]));
    assert_eq!(
        find_loop(&g),
        Some(vec![
            "t::a".into(),
            "t::b".into(),
            "t::c".into(),
            "t::a".into()
        ])
    );
    g.insert(m("t::c"), BTreeSet::new());
    assert_eq!(find_loop(&g), None);
}

/// Each function in `text` (by its `fn` line and the closing brace at the same indentation),
/// with its length in lines.
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        let indent = l.len() - t.len();
        let is_fn = ["fn ", "pub fn ", "pub(super) fn ", "pub(crate) fn "]
            .iter()
            .any(|p| t.starts_with(p));
        if !is_fn || t.ends_with(';') {
            continue;
        }
        let close = " ".repeat(indent) + "}";
        if let Some(end) = lines[i..].iter().position(|x| *x == close) {
            out.push((t.to_string(), end + 1));
        }
    }
    out
}

#[test]
fn no_function_of_the_load_pipeline_is_over_80_lines() {
    let mut files = Vec::new();
    rust_files(&traffic_dir().join("load"), &mut files);
    assert!(files.len() > 1, "the load pipeline is split into steps");
    for f in files {
        let text = std::fs::read_to_string(&f).expect("readable source");
        for (name, n) in function_lengths(&text) {
            assert!(n <= 80, "{}: {name} is {n} lines", f.display());
        }
    }
    let long = format!("fn f() {{\n{}}}\n", "    x();\n".repeat(90));
    assert_eq!(function_lengths(&long), [("fn f() {".to_string(), 92)]);
}
