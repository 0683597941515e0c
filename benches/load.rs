//! Loading the real corpus (`../shared/corpus/cablegate/txt`, skipped when absent): a cold parse
//! of every file, and a load through the index cache.

use std::path::{Path, PathBuf};

use cabletriage::traffic::{LoadOptions, load_dir_cached, load_dir_with};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        "../shared/corpus/cablegate/txt",
        "../../shared/corpus/cablegate/txt",
    ]
    .iter()
    .map(|p| root.join(p))
    .find(|p| p.is_dir())
}

fn bench(c: &mut Criterion) {
    let Some(dir) = corpus() else {
        eprintln!("load bench skipped: the corpus (../shared/corpus/cablegate/txt) is absent");
        return;
    };
    let bytes: u64 = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    let state = tempfile::tempdir().expect("temp dir");
    let mut g = c.benchmark_group("load_corpus");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("walk+read+parse (no index)", |b| {
        b.iter(|| {
            load_dir_with(&dir, &LoadOptions::default(), |_, _| {}).map(|(t, _)| t.records.len())
        })
    });
    let _ = load_dir_cached(&dir, state.path(), |_, _| {});
    g.bench_function("walk+stat+index load", |b| {
        b.iter(|| load_dir_cached(&dir, state.path(), |_, _| {}).map(|(t, _)| t.records.len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
