//! Rewriting a journal of format 1 as format 2, once, at the first append by this version.
//!
//! Format 1 wrote notes as multi-line strings, so a note could hold a line the reader took for
//! a record boundary; its events carry no hashes. The events are read as they stand (whatever a
//! forged note made of them is kept: that history cannot be told apart now), written again in
//! format 2 with the chain starting at the first, to a new file that replaces the journal in
//! one rename. The old file is copied first to `journal.v1.toml` (or `journal.v1.N.toml`).
//! Everything happens under the journal's exclusive lock; other sessions see the journal's
//! inode change and read it again from the start.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::{Result, TriageError};
use super::format;
use super::snapshot::sync_dir;

/// Rewrite the journal at `path` (in state directory `dir`) in the current format; returns
/// where the old file was kept. The caller holds the exclusive lock.
pub fn to_current(dir: &Path, path: &Path) -> Result<PathBuf> {
    let io = |e| TriageError::io(path, e);
    let old = std::fs::read(path).map_err(io)?;
    let parsed = format::parse(&old, 1, true);
    let mut text = format::preamble();
    text.push_str(&format!(
        "# Rewritten from format 1 on {}: {} events carried over, {} damaged parts left in the old file.\n\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        parsed.events.len(),
        parsed.damage.len()
    ));
    let mut head: Option<String> = None;
    let mut last = 0;
    for ev in parsed.events.iter().filter(|e| e.seq > 0) {
        if ev.seq <= last {
            continue; // as replay would skip it
        }
        last = ev.seq;
        let enc =
            format::encode(ev, head.as_deref()).map_err(|e| TriageError::Encode(e.to_string()))?;
        text.push_str(&enc.text);
        head = Some(enc.hash);
    }
    let backup = free_name(dir);
    std::fs::copy(path, &backup).map_err(|e| TriageError::io(&backup, e))?;
    std::fs::File::open(&backup)
        .and_then(|f| f.sync_all())
        .map_err(|e| TriageError::io(&backup, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".journal")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| TriageError::io(dir, e))?;
    tmp.write_all(text.as_bytes()).map_err(io)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    sync_dir(dir)?;
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
