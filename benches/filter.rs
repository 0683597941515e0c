//! Filtering 250,000 records: criterion measures each query from scratch, and typing a query key
//! by key with the incremental [`Filter`]. The records are synthesised (fictional words) with the
//! shape of real traffic: 6–14 word subjects, a few hundred origins, 2–6 TAGS.

use std::hint::black_box;
use std::sync::atomic::AtomicBool;

use cabletriage::cable::{Addressee, Cable, Classification, Precedence};
use cabletriage::traffic::{
    Filter, Interner, Query, Record, SortKey, filter_indices, sorted_indices,
};
use cabletriage::triage::TriageState;
use criterion::{Criterion, criterion_group, criterion_main};

const N: usize = 250_000;

const WORDS: &[&str] = &[
    "MINISTER",
    "DISCUSSES",
    "ELECTION",
    "REFORM",
    "ECONOMY",
    "SECURITY",
    "COOPERATION",
    "TALKS",
    "VISIT",
    "AMBASSADOR",
    "MEETS",
    "PRESIDENT",
    "PARLIAMENT",
    "OPPOSITION",
    "BUDGET",
    "TRADE",
    "ENERGY",
    "GAS",
    "PIPELINE",
    "HUMAN",
    "RIGHTS",
    "REPORT",
    "REQUEST",
    "DEMARCHE",
    "RESPONSE",
    "FOREIGN",
    "POLICY",
    "DEFENSE",
    "MISSILE",
    "NUCLEAR",
    "PROGRAM",
    "SANCTIONS",
    "BORDER",
    "REFUGEES",
    "POLICE",
    "CORRUPTION",
    "JUDICIAL",
    "COURT",
    "MEDIA",
    "PRESS",
    "FREEDOM",
    "SCENESETTER",
    "CODEL",
    "DELEGATION",
    "AGREEMENT",
    "TREATY",
    "NEGOTIATIONS",
    "UPDATE",
    "WEEKLY",
    "REGIONAL",
    "SUMMIT",
    "CONFERENCE",
    "ASSISTANCE",
    "MILITARY",
    "TRAINING",
    "HEALTH",
    "AVIAN",
    "INFLUENZA",
    "CLIMATE",
    "CHANGE",
    "WATER",
    "HARVEST",
    "GRAIN",
    "BANK",
    "CENTRAL",
    "FINANCE",
    "INVESTMENT",
    "CLIMATE",
    "LABOR",
    "STRIKE",
    "PROTEST",
    "COALITION",
    "GOVERNMENT",
    "CABINET",
    "SHUFFLE",
    "PARTY",
    "CONGRESS",
    "LEADER",
    "VIEWS",
    "ON",
    "THE",
    "OF",
    "AND",
    "FOR",
    "WITH",
    "IN",
    "TO",
    "NEW",
    "NO",
    "PROGRESS",
    "CONCERNS",
    "ABOUT",
    "PLANS",
    "CALLS",
    "FOR",
    "ROOD",
    "CZECH",
    "POLISH",
    "FRENCH",
    "GERMAN",
    "COUNTERPARTS",
    "CONSULTS",
    "A/S",
    "DAS",
    "EMBASSY",
];
const PLACES: &[&str] = &[
    "ERIADOR",
    "GONDOR",
    "ROHAN",
    "RIVENDELL",
    "SHIRE",
    "MORIA",
    "DALE",
    "ESGAROTH",
    "UMBAR",
    "HARAD",
    "RHUN",
    "LINDON",
    "ARNOR",
    "BREE",
    "ISENGARD",
    "LOTHLORIEN",
    "MIRKWOOD",
    "EREBOR",
];
const TAGS: &[&str] = &[
    "PREL", "PGOV", "ECON", "PHUM", "MARR", "PTER", "ETRD", "ENRG", "KNNP", "MNUC", "SNAR", "KDEM",
    "PINR", "EAID", "ELAB", "KCOR", "TBIO", "SENV",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.next() % v.len()]
    }
}

/// Fictional records, with strings shared the way the loader shares them.
pub fn records(n: usize) -> Vec<Record> {
    let mut rng = Rng(0x5eed);
    let interner = Interner::default();
    (0..n)
        .map(|i| {
            let place = rng.pick(PLACES);
            let kind = ["AMEMBASSY", "AMCONSUL", "USMISSION"][rng.next() % 3];
            let words = 6 + rng.next() % 9;
            let subject: Vec<&str> = (0..words).map(|_| rng.pick(WORDS)).collect();
            let ntags = 2 + rng.next() % 5;
            let c = Cable {
                file: format!("/traffic/{:03}/{i}.txt", i / 1000),
                id: Some(format!(
                    "{:02}{place}{}",
                    5 + rng.next() % 6,
                    rng.next() % 9000
                )),
                precedence: Precedence::from_rank((rng.next() % 5) as u8),
                classification: Classification::from_rank((rng.next() % 4) as u8),
                dtg: chrono::DateTime::from_timestamp(
                    1_100_000_000 + (rng.next() % 200_000_000) as i64,
                    0,
                ),
                origin: Some(format!("{kind} {place}")),
                to: vec![Addressee {
                    addressee: "SECSTATE WASHDC".into(),
                    ..Default::default()
                }],
                info: (0..rng.next() % 4)
                    .map(|_| Addressee {
                        addressee: format!("AMEMBASSY {}", rng.pick(PLACES)),
                        ..Default::default()
                    })
                    .collect(),
                tags: (0..ntags).map(|_| rng.pick(TAGS).to_string()).collect(),
                subject: Some(subject.join(" ")),
                ..Default::default()
            };
            Record::from_cable_in(&c, 0, &interner)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let recs = records(N);
    let order: Vec<u32> = (0..N as u32).collect();
    let st = TriageState::default();
    let no = AtomicBool::new(false);
    let mut g = c.benchmark_group("filter_250k");
    g.sample_size(20);
    for q in [
        "rood czech",
        "tag:PREL nuclear",
        "prec:>=immediate -class:unclassified",
        "nuclear",
        "mnstr",
    ] {
        let query = Query::parse(q).unwrap();
        g.bench_function(q, |b| {
            b.iter(|| black_box(filter_indices(&query, &recs, &order, &st, &no).map(|v| v.len())))
        });
    }
    // Typing "rood czech" key by key: each iteration is the whole sequence of 10 keystrokes.
    let steps: Vec<Query> = (1..="rood czech".len())
        .map(|k| Query::parse(&"rood czech"[..k]).unwrap())
        .collect();
    g.bench_function("typing 'rood czech' (10 keystrokes, incremental)", |b| {
        b.iter(|| {
            let mut f = Filter::new();
            for q in &steps {
                black_box(f.run(q, &recs, &order, &st, &no).map(|v| v.len()));
            }
        })
    });
    g.finish();

    // Re-sorting the whole inbox, as the TUI does on the UI thread when the sort key changes or
    // traffic arrives.
    let mut g = c.benchmark_group("sort_250k");
    g.sample_size(20);
    for key in SortKey::CYCLE {
        g.bench_function(key.name(), |b| {
            b.iter(|| black_box(sorted_indices(&recs, key).len()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
