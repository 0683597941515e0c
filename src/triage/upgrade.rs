//! Rewriting a journal of format 1 as format 2, once, at the first append by this version.
//!
//! Format 1 wrote notes as multi-line strings, so a note could hold a line the reader took for
//! a record boundary; its events carry no hashes. The events are read as they stand (whatever a
//! forged note made of them is kept: that history cannot be told apart now), written again in
//! format 2 with the chain starting at the first, to a new file that replaces the journal in
//! one rename. The old file is copied first to `journal.v1.toml` (or `journal.v1.N.toml`).
//! Everything happens under the journal's exclusive lock; other sessions see the journal's
//! inode change and read it again from the start.

use std::path::{Path, PathBuf};

use super::error::{Result, TriageError};
use super::format;
use super::snapshot::write_atomic;

/// Rewrite the journal at `path` (in state directory `dir`) in the current format; returns
/// where the old file was kept. The caller holds the exclusive lock.
pub fn to_current(dir: &Path, path: &Path) -> Result<PathBuf> {
    let io = |e| TriageError::io(path, e);
    let old = std::fs::read(path).map_err(io)?;
    let parsed = format::parse(&old, 1, true);
    // As replay takes them: numbers that rise (a copy or a hand-made event with a number not
    // above the one before is left in the old file).
    let mut last = 0;
    let kept: Vec<_> = parsed
        .events
        .into_iter()
        .filter(|e| {
            let rises = e.seq > last;
            last = last.max(e.seq);
            rises
        })
        .collect();
    let mut text = format::encode_all(&kept).map_err(|e| TriageError::Encode(e.to_string()))?;
    text.insert_str(
        format::preamble().len(),
        &format!(
            "# Rewritten from format 1 on {}: {} events carried over, {} damaged parts left in the old file.\n\n",
            chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
            kept.len(),
            parsed.damage.len()
        ),
    );
    let backup = free_name(dir);
    std::fs::copy(path, &backup).map_err(|e| TriageError::io(&backup, e))?;
    std::fs::File::open(&backup)
        .and_then(|f| {
            // The copy took the old journal's mode (0644 in versions before group sharing).
            crate::state_dir::shared::share_file(&f);
            f.sync_all()
        })
        .map_err(|e| TriageError::io(&backup, e))?;
    // The rewritten journal is a new file, shared with the group like any other.
    write_atomic(path, text.as_bytes(), None)?;
    Ok(backup)
}

fn free_name(dir: &Path) -> PathBuf {
    let first = dir.join("journal.v1.toml");
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("journal.v1.{n}.toml")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}
