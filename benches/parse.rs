//! Parsing throughput, single thread, in MB/s: every corpus txt file (or the seed, or generated
//! fictional text when the corpus is absent) parsed with `parse_bytes`, and with the list
//! reader `parse_summary_bytes` (no body).
//!
//! `parse_linear/FIELD/N`: one fictional cable whose FIELD holds N and then 2N items (TAGS
//! tokens, REF entries, TO addressees, paragraphs, subject words, page breaks). A parser linear in
//! its input takes about twice the time at 2N; a quadratic stage would take four times.

use std::hint::black_box;
use std::path::Path;

use cabletriage::cable::{Cable, parse_bytes, parse_summary_bytes};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn inputs() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for rel in ["../shared/corpus", "../../shared/corpus"] {
        let dir = root.join(rel).join("cablegate/txt");
        if let Ok(rd) = std::fs::read_dir(&dir) {
            let mut v: Vec<Vec<u8>> = rd
                .filter_map(|e| e.ok())
                .filter_map(|e| std::fs::read(e.path()).ok())
                .collect();
            if !v.is_empty() {
                v.sort();
                return v;
            }
        }
        if let Ok(seed) = std::fs::read(root.join(rel).join("seed/000_de80ed59d34ba184.txt")) {
            return vec![seed; 200];
        }
    }
    eprintln!("corpus absent: benchmarking generated fictional cables");
    let one = "VZCZCXYZ0001\nOO RUEHXX\nDE RUEHFV #0042/01 0451200\nZNY CCCCC ZZH\nO 141200Z FEB 09\nFM AMEMBASSY FICTIONVILLE\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0101\n\nC O N F I D E N T I A L FICTIONVILLE 000042\n\nSIPDIS\n\nE.O. 12958: DECL: 01/05/2019\nTAGS: PREL XX\nSUBJECT: A FICTIONAL SUBJECT\n\nClassified By: Someone for reasons 1.4 (b)\n\n1. (C) Summary: A fictional paragraph of ordinary length that goes on for a while. End summary.\n\n2. (C) Another paragraph.\n\nDOE\n";
    vec![one.to_string().into_bytes(); 2000]
}

/// A parser entry point: file bytes and name to cables.
type Reader = fn(&[u8], &str) -> Vec<Cable>;

/// This thread's CPU time in nanoseconds (Linux `schedstat`), so that the number does not
/// depend on how busy the machine is. None elsewhere.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn bench(c: &mut Criterion) {
    let files = inputs();
    let bytes: usize = files.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("corpus_txt", |b| {
        b.iter(|| {
            let mut n = 0;
            for f in &files {
                n += parse_bytes(black_box(f), "bench").len();
            }
            n
        })
    });
    // The same work timed by this thread's CPU clock: single-thread throughput on a shared machine.
    if thread_cpu_ns().is_some() {
        let readers: [(&str, Reader); 2] = [
            ("corpus_txt_thread_cpu", parse_bytes),
            ("summary_txt_thread_cpu", parse_summary_bytes),
        ];
        for (name, read) in readers {
            g.bench_function(name, |b| {
                b.iter_custom(|iters| {
                    let t0 = thread_cpu_ns().unwrap_or(0);
                    for _ in 0..iters {
                        for f in &files {
                            black_box(read(black_box(f), "bench"));
                        }
                    }
                    std::time::Duration::from_nanos(thread_cpu_ns().unwrap_or(0).saturating_sub(t0))
                })
            });
        }
    }
    g.finish();
}

/// A fictional cable whose `field` holds `n` items.
fn grown(field: &str, n: usize) -> String {
    let head = "VZCZCXYZ0001\nOO RUEHXX\nDE RUEHFV #0042/01 0451200\nZNY CCCCC ZZH\nO 141200Z FEB 09\nFM AMEMBASSY FICTIONVILLE\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0101\n";
    let items = |f: &dyn Fn(usize) -> String| (0..n).map(f).collect::<String>();
    let (to, tags, subject, refs, body) = match field {
        "tags" => (
            String::new(),
            items(&|i| format!("T{i} ")),
            "S".into(),
            "STATE 1".into(),
            String::new(),
        ),
        "refs" => (
            String::new(),
            "PREL".into(),
            "S".into(),
            items(&|i| format!("A. STATE {}\n", i + 1)),
            String::new(),
        ),
        "to" => (
            items(&|i| format!("RUEHZZ/AMEMBASSY NOWHERE{i} PRIORITY {i}\n")),
            "PREL".into(),
            "S".into(),
            "STATE 1".into(),
            String::new(),
        ),
        "subject" => (
            String::new(),
            "PREL".into(),
            items(&|_| "1. (1. ( WORD ".to_string()),
            "STATE 1".into(),
            String::new(),
        ),
        // A subject in capitals over many lines (each read against the line before).
        "subject_lines" => (
            String::new(),
            "PREL".into(),
            items(&|_| "WORD\n".to_string()),
            "STATE 1".into(),
            String::new(),
        ),
        // Space-separated phrases among the codes.
        "tag_phrases" => (
            String::new(),
            items(&|i| format!("PREL FISHING POLICY{i} ")),
            "S".into(),
            "STATE 1".into(),
            String::new(),
        ),
        // REF entries naming no cable until after a blank line, and several cables per entry.
        "ref_blanks" => (
            String::new(),
            "PREL".into(),
            "S".into(),
            items(&|i| format!("(A) FICTIONVILLE\n\n{i} AND {} 07 ELSEWHERE 5 ", i + 1)),
            String::new(),
        ),
        "paragraphs" => (
            String::new(),
            "PREL".into(),
            "S".into(),
            "STATE 1".into(),
            items(&|i| format!("{}. (C) A paragraph of text.\n\n", i + 2)),
        ),
        _ => (
            String::new(),
            "PREL".into(),
            "S".into(),
            "STATE 1".into(),
            items(&|_| "text\n\nFICTIONVILLE 00000042  002 OF 003\n\nmore text\n".to_string()),
        ),
    };
    format!(
        "{head}{to}\nC O N F I D E N T I A L FICTIONVILLE 000042\n\nSIPDIS\n\nE.O. 12958: DECL: 01/05/2019\nTAGS: {tags}\nSUBJECT: {subject}\n\nREF: {refs}\n\n1. (C) First.\n\n{body}DOE\n"
    )
}

/// Each field at N and 2N items (see the module doc).
fn linear(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse_linear");
    g.sample_size(10);
    for field in [
        "tags",
        "refs",
        "to",
        "subject",
        "paragraphs",
        "page_breaks",
        "subject_lines",
        "tag_phrases",
        "ref_blanks",
    ] {
        for n in [50_000, 100_000] {
            let text = grown(field, n);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_function(format!("{field}/{n}"), |b| {
                b.iter(|| parse_bytes(black_box(text.as_bytes()), "bench").len())
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench, linear);
criterion_main!(benches);
