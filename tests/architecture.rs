//! The module graph stays one-way: no import circle, nothing pointing up.
//!
//! This reads every file under `src/`, collects the `crate::…` and
//! `super::…` paths in its production code (test modules and comments are
//! skipped), and checks two rules:
//!
//! 1. Each top-level module sits on a floor (the `FLOORS` table, the same
//!    table as ARCHITECTURE.md). A module may import from its own floor or
//!    below, never from a floor above.
//! 2. No circle between files. A parent `mod.rs` declaring or re-exporting
//!    its own children is not an edge (that is how Rust modules are built);
//!    everything else is.
//!
//! The analysis itself is tested on small synthetic graphs below, so a broken
//! checker cannot pass silently.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Floors, bottom first. A module may import only from its own floor or a
/// lower one. Keep in step with ARCHITECTURE.md.
const FLOORS: &[&[&str]] = &[
    &["proto", "lang", "exit", "duration"],
    &["net"],
    &["error", "cli"],
    &["sys", "config", "router"],
    &["portmap", "check"],
    &["i18n"],
    &["output"],
    &["cmd", "help"],
    &["app"],
];

fn floor_of(top: &str) -> Option<usize> {
    FLOORS.iter().position(|f| f.contains(&top))
}

/// Module path of a file under `src/`: `cmd/probe/mod.rs` → `cmd::probe`.
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts.join("::")
}

/// The production part of a source file: comments removed, and everything
/// from the first `#[cfg(test)]` module on dropped.
fn production_code(src: &str) -> String {
    let mut out = String::new();
    let mut lines = src.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            // A test module ends the production code; a single test-only
            // item (fn, use) is skipped on its own.
            let next = lines.peek().map(|l| l.trim_start()).unwrap_or("");
            if next.starts_with("mod ") || next.starts_with("pub mod ") {
                break;
            }
            lines.next();
            continue;
        }
        if t.starts_with("//") {
            continue;
        }
        // Drop a trailing comment (good enough: paths never contain `//`).
        let code = match line.find("//") {
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Split the inside of a `{…}` group at top-level commas.
fn split_group(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '{' => {
                depth += 1;
                cur.push(c);
            }
            '}' => {
                depth -= 1;
                cur.push(c);
            }
            ',' if depth == 0 => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    parts
        .into_iter()
        .map(|p| p.split_whitespace().collect::<String>())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Expand a path that may contain `{…}` groups into plain segment lists:
/// `a::{b::C, d}` → `[a,b,C]`, `[a,d]`.
fn expand(path: &str) -> Vec<Vec<String>> {
    if let Some(open) = path.find('{') {
        let head: Vec<String> = path[..open]
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        // find the matching brace
        let mut depth = 0;
        let mut close = path.len();
        for (i, c) in path[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let inner = &path[open + 1..close.min(path.len())];
        let mut out = Vec::new();
        for part in split_group(inner) {
            for tail in expand(&part) {
                let mut p = head.clone();
                if tail.first().map(String::as_str) != Some("self") {
                    p.extend(tail);
                }
                out.push(p);
            }
        }
        out
    } else {
        vec![
            path.split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        ]
    }
}

/// Every `crate::…` / `super::…` path in `code`, as absolute segment lists.
fn paths_in(code: &str, module: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let rest: String = bytes[i..bytes.len().min(i + 8)].iter().collect();
        let starts = rest.starts_with("crate::") || rest.starts_with("super::");
        let boundary = i == 0 || !is_ident(bytes[i - 1]) && bytes[i - 1] != ':';
        if !(starts && boundary) {
            i += 1;
            continue;
        }
        // Read the path: identifiers, `::`, and balanced `{…}` groups.
        let mut j = i;
        let mut depth = 0;
        while j < bytes.len() {
            let c = bytes[j];
            if c == '{' {
                depth += 1;
            } else if c == '}' {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            } else if (depth == 0 && !(is_ident(c) || c == ':' || c == '*'))
                || (depth > 0 && c == ';')
            {
                break;
            }
            j += 1;
        }
        let raw: String = bytes[i..j].iter().collect();
        for segs in expand(&raw) {
            out.push(absolute(&segs, module));
        }
        i = j.max(i + 1);
    }
    out
}

/// Turn `crate::a::b` / `super::super::x` into an absolute path.
fn absolute(segs: &[String], module: &str) -> Vec<String> {
    let mut base: Vec<String> = module
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let mut rest = segs;
    if rest.first().map(String::as_str) == Some("crate") {
        return rest[1..].to_vec();
    }
    // `super` is the parent of the file's module (for `a/mod.rs`, whose
    // module is `a`, that is `a`'s parent too).
    while rest.first().map(String::as_str) == Some("super") {
        base.pop();
        rest = &rest[1..];
    }
    base.extend(rest.iter().cloned());
    base
}

/// A module graph: file modules and the modules each one refers to.
#[derive(Default)]
struct Graph {
    modules: BTreeSet<String>,
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl Graph {
    /// Resolve a path to the longest known module that prefixes it.
    fn resolve(&self, path: &[String]) -> Option<String> {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].join("::"))
            .find(|m| self.modules.contains(m))
    }

    fn add_refs(&mut self, from: &str, paths: Vec<Vec<String>>) {
        for p in paths {
            let Some(to) = self.resolve(&p) else { continue };
            if to == from || to.starts_with(&format!("{from}::")) {
                // A module and its own children: declaration / re-export.
                continue;
            }
            self.edges.entry(from.to_string()).or_default().insert(to);
        }
    }

    fn build(files: &[(String, String)]) -> Graph {
        let mut g = Graph::default();
        for (m, _) in files {
            g.modules.insert(m.clone());
        }
        for (m, src) in files {
            let code = production_code(src);
            let paths = paths_in(&code, m);
            g.add_refs(m, paths);
        }
        g
    }

    /// Edges that climb to a higher floor, and edges to modules with no floor.
    fn upward(&self, floor: impl Fn(&str) -> Option<usize>) -> Vec<String> {
        let mut bad = Vec::new();
        for (from, tos) in &self.edges {
            let ft = from.split("::").next().unwrap_or("");
            for to in tos {
                let tt = to.split("::").next().unwrap_or("");
                if ft == tt {
                    continue;
                }
                match (floor(ft), floor(tt)) {
                    (Some(a), Some(b)) if b <= a => {}
                    (Some(a), Some(b)) => {
                        bad.push(format!("{from} (floor {a}) → {to} (floor {b})"))
                    }
                    _ => bad.push(format!("{from} → {to}: module without a floor in FLOORS")),
                }
            }
        }
        bad
    }

    /// Strongly connected components with more than one module (Tarjan).
    fn cycles(&self) -> Vec<Vec<String>> {
        struct St<'a> {
            g: &'a Graph,
            index: BTreeMap<&'a str, usize>,
            low: BTreeMap<&'a str, usize>,
            stack: Vec<&'a str>,
            on: BTreeSet<&'a str>,
            next: usize,
            out: Vec<Vec<String>>,
        }
        fn visit<'a>(s: &mut St<'a>, v: &'a str) {
            s.index.insert(v, s.next);
            s.low.insert(v, s.next);
            s.next += 1;
            s.stack.push(v);
            s.on.insert(v);
            if let Some(tos) = s.g.edges.get(v) {
                for w in tos {
                    let w = w.as_str();
                    if !s.index.contains_key(w) {
                        visit(s, w);
                        let lw = s.low[w];
                        let lv = s.low.get_mut(v).expect("visited");
                        *lv = (*lv).min(lw);
                    } else if s.on.contains(w) {
                        let iw = s.index[w];
                        let lv = s.low.get_mut(v).expect("visited");
                        *lv = (*lv).min(iw);
                    }
                }
            }
            if s.low[v] == s.index[v] {
                let mut comp = Vec::new();
                while let Some(w) = s.stack.pop() {
                    s.on.remove(w);
                    comp.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 {
                    comp.sort();
                    s.out.push(comp);
                }
            }
        }
        let mut s = St {
            g: self,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            on: BTreeSet::new(),
            next: 0,
            out: Vec::new(),
        };
        for m in &self.modules {
            if !s.index.contains_key(m.as_str()) {
                visit(&mut s, m.as_str());
            }
        }
        s.out
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn crate_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut loaded = Vec::new();
    for f in files {
        let rel = f.strip_prefix(&src).expect("under src");
        // main.rs and lib.rs are the crate roots, not floors.
        if rel == Path::new("main.rs") || rel == Path::new("lib.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).expect("read source");
        loaded.push((module_of(rel), text));
    }
    Graph::build(&loaded)
}

#[test]
fn every_top_level_module_has_a_floor() {
    let g = crate_graph();
    let tops: BTreeSet<&str> = g
        .modules
        .iter()
        .filter_map(|m| m.split("::").next())
        .collect();
    let missing: Vec<_> = tops.iter().filter(|t| floor_of(t).is_none()).collect();
    assert!(
        missing.is_empty(),
        "add these modules to FLOORS in tests/architecture.rs and ARCHITECTURE.md: {missing:?}"
    );
    // The checker sees real edges (a control: an empty graph would pass everything).
    assert!(
        g.edges.values().map(BTreeSet::len).sum::<usize>() > 50,
        "too few edges found"
    );
    assert!(
        g.edges["cmd::doctor"]
            .iter()
            .any(|t| t.starts_with("portmap"))
    );
}

#[test]
fn nothing_imports_upward() {
    let bad = crate_graph().upward(floor_of);
    assert!(
        bad.is_empty(),
        "imports that point up a floor:\n  {}",
        bad.join("\n  ")
    );
}

#[test]
fn no_import_circles() {
    let cycles = crate_graph().cycles();
    assert!(
        cycles.is_empty(),
        "import circles between files: {cycles:#?}"
    );
}

// --- the checker's own tests, on synthetic graphs -------------------------

fn synthetic(files: &[(&str, &str)]) -> Graph {
    let loaded: Vec<_> = files
        .iter()
        .map(|(path, src)| (module_of(Path::new(path)), src.to_string()))
        .collect();
    Graph::build(&loaded)
}

#[test]
fn checker_finds_a_circle_and_an_upward_edge() {
    let g = synthetic(&[
        ("proto/mod.rs", "pub mod a;\npub use a::X;"),
        ("proto/a.rs", "use crate::net::Y;\npub struct X;"),
        (
            "net/mod.rs",
            "use crate::proto::{a::X, self};\npub struct Y;",
        ),
    ]);
    assert_eq!(
        g.cycles(),
        vec![vec!["net".to_string(), "proto::a".to_string()]]
    );
    let up = g.upward(floor_of);
    assert_eq!(up.len(), 1, "{up:?}");
    assert!(up[0].starts_with("proto::a (floor 0) → net"), "{up:?}");
}

#[test]
fn checker_accepts_a_clean_graph() {
    let g = synthetic(&[
        ("proto/mod.rs", "pub mod a;\npub mod b;\npub use a::X;"),
        ("proto/a.rs", "use super::b::Z;\npub struct X;"),
        (
            "proto/b.rs",
            "pub struct Z;\n#[cfg(test)]\nmod tests {\n    use super::super::a::X;\n    use crate::net::Y;\n}",
        ),
        (
            "net/mod.rs",
            "// crate::cmd::Nothing in a comment\nuse crate::proto::{X, b::{self, Z}};",
        ),
        (
            "cmd/mod.rs",
            "pub fn f() { crate::net::g(); crate::proto::a::h() }",
        ),
    ]);
    assert!(g.cycles().is_empty(), "{:?}", g.cycles());
    assert!(g.upward(floor_of).is_empty(), "{:?}", g.upward(floor_of));
    assert!(g.edges["proto::a"].contains("proto::b"), "super:: resolved");
    assert!(g.edges["net"].contains("proto::b"), "nested group resolved");
    assert!(g.edges["cmd"].contains("proto::a"), "inline path resolved");
}

#[test]
fn checker_sees_sibling_circles_inside_one_folder() {
    // The router/brands ⇄ router/oui_table shape.
    let g = synthetic(&[
        ("router/mod.rs", "mod brands;\nmod oui_table;"),
        ("router/brands.rs", "use super::oui_table::OUI;"),
        ("router/oui_table.rs", "use super::brands::Brand;"),
    ]);
    assert_eq!(g.cycles().len(), 1);
}

#[test]
fn checker_flags_a_module_without_a_floor() {
    let g = synthetic(&[
        ("proto/mod.rs", "use crate::newthing::X;"),
        ("newthing/mod.rs", ""),
    ]);
    let up = g.upward(floor_of);
    assert!(up.iter().any(|l| l.contains("without a floor")), "{up:?}");
}
