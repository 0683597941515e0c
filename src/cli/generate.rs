//! `cabletriage gen`: write synthetic traffic (see [`crate::synth`]) and say how much.

use std::path::Path;
use std::time::Instant;

pub fn run(count: usize, seed: u64, out: &Path) -> anyhow::Result<u8> {
    let start = Instant::now();
    let stats = crate::synth::generate(count, seed, out)?;
    let secs = start.elapsed().as_secs_f64().max(1e-9);
    eprintln!(
        "wrote {} cables, {:.1} MB, to {} in {:.2} s ({:.0} files/s, {:.0} MB/s)",
        stats.files,
        stats.bytes as f64 / 1e6,
        out.display(),
        secs,
        stats.files as f64 / secs,
        stats.bytes as f64 / 1e6 / secs
    );
    Ok(crate::exit::OK)
}
