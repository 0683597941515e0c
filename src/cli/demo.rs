//! `cabletriage demo`: the inbox on a temporary copy of `sample-traffic/`, with the held-back
//! cables of `sample-traffic/.arrivals/` landing one every few seconds, each dated shortly
//! before its handling-time objective runs out (see [`super::demo_clock`]). Nothing is written outside
//! the temporary folder, which is removed on exit.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context as _;

use super::Context;
use super::args::{Global, UiOpts};

/// Seconds between two arrivals.
const ARRIVAL_INTERVAL: Duration = Duration::from_secs(6);

pub fn run(g: &Global, ui: &UiOpts) -> anyhow::Result<u8> {
    let source = sample_traffic_dir(g)?;
    let tmp = tempfile::Builder::new()
        .prefix("cabletriage-demo-")
        .tempdir()
        .context("cannot create a temporary folder for the demo")?;
    let traffic = tmp.path().join("traffic");
    copy_tree(&source, &traffic, true)?;
    std::fs::write(
        traffic.join(crate::office::OFFICE_FILE),
        super::demo_clock::OFFICE_TOML,
    )
    .context("cannot write the demo's office.toml")?;
    let arrivals = pending_arrivals(&source.join(".arrivals"))?;

    let ctx = Context {
        state: tmp.path().join("state"),
        traffic: traffic.clone(),
        user: crate::triage::account::user_name(g.user.as_deref(), "demo"),
        notice: None,
        // The demo always keeps its journal in its temporary folder.
        journal_url: None,
    };

    let stop = Arc::new(AtomicBool::new(false));
    let feeder = {
        let stop = Arc::clone(&stop);
        let landing = traffic.join("arrivals");
        std::thread::spawn(move || feed(arrivals, &landing, &stop))
    };
    let result = crate::tui::run(super::inbox::settings(&ctx, ui));
    stop.store(true, Ordering::Relaxed);
    let _ = feeder.join();
    result
}

/// The bundled sample traffic: `--dir`, else `./sample-traffic`, else next to the crate sources.
fn sample_traffic_dir(g: &Global) -> anyhow::Result<PathBuf> {
    let candidates = [
        g.dir_flag.clone(),
        Some(PathBuf::from("sample-traffic")),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-traffic")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| p.is_dir())
        .ok_or_else(|| {
            super::UsageError(
                "cannot find sample-traffic/ (run from the project folder or give --dir)".into(),
            )
            .into()
        })
}

/// Copy regular files under `from` to `to`; hidden entries are skipped when `skip_hidden`.
fn copy_tree(from: &Path, to: &Path, skip_hidden: bool) -> anyhow::Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?
    {
        let entry = entry?;
        let name = entry.file_name();
        if skip_hidden && name.to_string_lossy().starts_with('.') {
            continue;
        }
        let ft = entry.file_type()?;
        let dest = to.join(&name);
        if ft.is_dir() {
            copy_tree(&entry.path(), &dest, skip_hidden)?;
        } else if ft.is_file() {
            std::fs::copy(entry.path(), &dest)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// The held-back cables, in name order, read into memory up front.
fn pending_arrivals(dir: &Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(out);
    };
    for entry in entries.flatten() {
        if entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
            let name = entry.file_name().to_string_lossy().into_owned();
            out.push((name, std::fs::read(entry.path())?));
        }
    }
    out.sort();
    Ok(out)
}

/// Drop one cable every interval, written whole under a hidden name then renamed into place,
/// as a real message handler would deliver it.
fn feed(arrivals: Vec<(String, Vec<u8>)>, landing: &Path, stop: &AtomicBool) {
    if std::fs::create_dir_all(landing).is_err() {
        return;
    }
    for (name, bytes) in arrivals {
        let mut waited = Duration::ZERO;
        while waited < ARRIVAL_INTERVAL {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
            waited += Duration::from_millis(100);
        }
        let part = landing.join(format!(".{name}.part"));
        // Dated now, so its clock runs down on screen.
        let objectives = crate::triage::due::Objectives::default();
        let bytes = super::demo_clock::redate(&bytes, crate::clock::now(), &objectives);
        if std::fs::write(&part, &bytes).is_ok() {
            let _ = std::fs::rename(&part, landing.join(&name));
        }
    }
}
