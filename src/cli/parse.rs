//! `cabletriage parse FILE...`: one JSON object per cable per line, in input order (exact to a
//! pipe, escaped on a terminal: see [`super::output`]).

use std::io::Write;
use std::path::PathBuf;

use crate::cable::parse_bytes;

pub fn run(files: &[PathBuf]) -> anyhow::Result<u8> {
    let tty = super::output::stdout_is_terminal();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for f in files {
        let name = f.to_string_lossy();
        let cables = match std::fs::read(f) {
            Ok(bytes) => parse_bytes(&bytes, &name),
            Err(e) => {
                let mut c = crate::cable::Cable {
                    file: name.to_string(),
                    ..Default::default()
                };
                c.warnings.push(format!("cannot read file: {e}"));
                vec![c]
            }
        };
        for c in cables {
            writeln!(out, "{}", super::output::json_line(&c, tty)?)?;
        }
    }
    out.flush()?;
    Ok(crate::exit::OK)
}
