//! Synthetic traffic for benchmarks and demos: `cabletriage gen`.
//!
//! Owns the shape of generated cables (sizes, precedence and classification mix, origins,
//! addressees, TAGS, references, page breaks, the scraped-web flavour) and writing them in folders
//! of 1,000 files. Output depends only on `(count, seed)`: every cable draws from its own random
//! stream, so the parallel writer produces the same bytes on any machine and core count.

mod body;
mod compose;
mod rng;
mod tables;

use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rayon::prelude::*;

pub use compose::compose;
pub use rng::Rng;

/// Files per folder of the output tree.
pub const PER_DIR: usize = 1000;

/// What a run wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub files: usize,
    pub bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("cannot write {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// The skeleton of one cable, fixed before any text is written so that later cables can cite
/// earlier ones: its post, date-time group and serial.
#[derive(Debug, Clone, Copy)]
pub struct Planned {
    pub post: u16,
    pub dtg: DateTime<Utc>,
    pub serial: u32,
}

impl Planned {
    /// The post as written on the classification line (`TEL AVIV`).
    pub fn post_name(&self) -> &'static str {
        tables::POSTS[usize::from(self.post)].name
    }

    /// Canonical reference id (`09TELAVIV1234`).
    pub fn id(&self) -> String {
        let mut s = format!("{:02}", self.dtg.year() % 100);
        s.extend(self.post_name().chars().filter(|c| !c.is_whitespace()));
        s.push_str(&self.serial.to_string());
        s
    }
}

/// Cables per release year, 2003-2010 (the release's own spread); 2010 runs to the end of February.
const YEARS: [(i32, u64); 8] = [
    (2003, 35),
    (2004, 128),
    (2005, 396),
    (2006, 710),
    (2007, 633),
    (2008, 1444),
    (2009, 2372),
    (2010, 557),
];

/// Plan `count` cables: posts drawn by weight, DTGs rising through 2003-2010 with the release's
/// yearly spread, and serials counted per post and year so every reference id is unique.
pub fn plan(count: usize, seed: u64) -> Vec<Planned> {
    let post_cum = rng::cumulative(tables::POSTS.iter().map(|p| u64::from(p.weight)));
    let total: u64 = YEARS.iter().map(|y| y.1).sum();
    let mut counters = std::collections::HashMap::<(u16, i32), u32>::new();
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let mut r = Rng::stream(seed ^ 0x5EED_0F91_A4C3, i as u64);
        let post = r.weighted(&post_cum) as u16;
        // Position in time: a fraction of the whole run mapped through the yearly weights.
        let f = (i as f64 + r.unit()) / count.max(1) as f64 * total as f64;
        let mut acc = 0.0;
        let mut dtg = None;
        for (year, w) in YEARS {
            let w = w as f64;
            if f < acc + w || year == 2010 {
                let days = if year == 2010 { 59.0 } else { 365.0 };
                let within = ((f - acc) / w).clamp(0.0, 0.999_999) * days * 86_400.0;
                let start =
                    NaiveDate::from_ymd_opt(year, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
                dtg =
                    start.map(|s| s.and_utc() + chrono::Duration::seconds(within as i64 / 60 * 60));
                break;
            }
            acc += w;
        }
        let dtg = dtg.unwrap_or_default();
        let counter = counters.entry((post, dtg.year())).or_insert(0);
        // Serials advance by small steps: other traffic from the post falls between ours.
        let step = if post == 0 {
            40 + r.below(400)
        } else {
            1 + r.below(6)
        };
        *counter += step as u32;
        out.push(Planned {
            post,
            dtg,
            serial: *counter,
        });
    }
    out
}

/// Write `count` cables under `out` (created if missing) in folders `0000/`, `0001/` ... of
/// [`PER_DIR`] files each.
pub fn generate(count: usize, seed: u64, out: &Path) -> Result<Stats, SynthError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SynthError::Io { path, source }
    };
    std::fs::create_dir_all(out).map_err(io_err(out))?;
    let plan = plan(count, seed);
    let dirs = count.div_ceil(PER_DIR);
    // Writing many small files blocks on the file system more than it computes: run a few more
    // threads than cores so composing overlaps with writing (RAYON_NUM_THREADS still wins).
    let mut builder = rayon::ThreadPoolBuilder::new();
    if std::env::var_os("RAYON_NUM_THREADS").is_none() {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        builder = builder.num_threads((cores * 4).min(32));
    }
    let pool = builder.build().ok();
    let work = || {
        (0..dirs)
            .into_par_iter()
            .map(|d| {
                let dir = out.join(format!("{d:04}"));
                std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
                let mut buf = String::with_capacity(64 * 1024);
                let mut stats = Stats::default();
                for i in d * PER_DIR..((d + 1) * PER_DIR).min(count) {
                    buf.clear();
                    let ext = compose(&plan, i, seed, &mut buf);
                    let path = dir.join(format!("{}.{ext}", plan[i].id()));
                    std::fs::write(&path, buf.as_bytes()).map_err(io_err(&path))?;
                    stats.files += 1;
                    stats.bytes += buf.len() as u64;
                }
                Ok(stats)
            })
            .try_reduce(Stats::default, |a, b| {
                Ok(Stats {
                    files: a.files + b.files,
                    bytes: a.bytes + b.bytes,
                })
            })
    };
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_ids_are_unique_and_time_rises() {
        let p = plan(5000, 9);
        let ids: std::collections::HashSet<String> = p.iter().map(Planned::id).collect();
        assert_eq!(ids.len(), p.len());
        assert!(p.first().map(|c| c.dtg.year()) == Some(2003));
        assert!(p.last().map(|c| c.dtg.year()) == Some(2010));
        let backwards = p.windows(2).filter(|w| w[1].dtg < w[0].dtg).count();
        assert!(backwards < p.len() / 10, "{backwards} DTGs go backwards");
    }

    #[test]
    fn composed_sizes_follow_the_release() {
        let p = plan(2000, 3);
        let mut buf = String::new();
        let mut sizes: Vec<usize> = (0..p.len())
            .map(|i| {
                buf.clear();
                compose(&p, i, 3, &mut buf);
                buf.len()
            })
            .collect();
        sizes.sort_unstable();
        let median = sizes[sizes.len() / 2];
        let mean = sizes.iter().sum::<usize>() / sizes.len();
        assert!((5_000..9_500).contains(&median), "median {median}");
        assert!((6_500..10_000).contains(&mean), "mean {mean}");
        assert!(
            sizes[sizes.len() / 10] < 3_000,
            "p10 {}",
            sizes[sizes.len() / 10]
        );
    }
}
