//! Fuzz target: a damaged `index.bin` of any shape is rebuilt, never a panic or a wrong inbox.
//!
//! A fixed traffic directory (cables written from the format, a file of two cables, a file
//! that is not a cable) is loaded once to make its index. Each input is a list of edits to
//! that index (set, flip, insert, delete, truncate, copy a stretch), and its first byte says
//! what is checked:
//! - even: the edited index goes through a whole load, which must give exactly the fresh
//!   load's records and problems, and trust nothing of an index that was changed;
//! - odd: the edited index is resealed (its header's length and checksum made right again, so
//!   that decoding goes past the checksum into every table and block), and decoded: no panic,
//!   and whatever it accepts hangs together (file numbers, record ranges, problems).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use cabletriage::traffic::index::{self, decode, reseal};
use cabletriage::traffic::{Interner, Problem, Record, load_dir_cached};
use libfuzzer_sys::fuzz_target;

struct Fixture {
    _tmp: tempfile::TempDir,
    traffic: PathBuf,
    state: PathBuf,
    pristine: Vec<u8>,
    records: Vec<Record>,
    problems: Vec<Problem>,
}

fn cable(serial: u32, subject: &str) -> String {
    format!(
        "\nVZCZCXYZ0{serial:03}\nRR RUEHWEB\n\nDE RUEHRV #{serial:04}/01 0731200\nZNY CCCCC ZZH\n\
         R 1{serial}1200Z MAR 09\nFM AMEMBASSY RIVENDELL\nTO RUEHC/SECSTATE WASHDC ROUTINE {serial:04}\n\
         INFO RUEHNO/USMISSION USNATO ROUTINE\n\n\
         C O N F I D E N T I A L RIVENDELL {serial:06}\n\nSIPDIS\n\n\
         E.O. 12958: DECL: 03/14/2019\nTAGS: PREL, RV, EU\nSUBJECT: {subject}\n\n\
         REF: A. STATE 12{serial}\n\n1. (C) The council met again.\n\nELROND\n"
    )
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("temp dir");
        let traffic = tmp.path().join("traffic");
        let state = tmp.path().join("state");
        std::fs::create_dir_all(traffic.join("2009/march")).expect("traffic dir");
        let subjects = ["GRAIN QUOTAS", "HARBOUR TALKS", "NUCLEAR SMUGGLING", "ELECTION REFORM"];
        for (i, s) in subjects.iter().enumerate() {
            let serial = i as u32 + 1;
            std::fs::write(traffic.join(format!("09RIVENDELL{serial}.txt")), cable(serial, s))
                .expect("cable");
        }
        let two = cable(7, "FIRST OF TWO") + "\n\n" + &cable(8, "SECOND OF TWO");
        std::fs::write(traffic.join("2009/march/two.txt"), two).expect("cable");
        std::fs::write(traffic.join("2009/notes.txt"), "not a cable\n").expect("note");
        let (t, _) = load_dir_cached(&traffic, &state, |_, _| {}).expect("first load");
        let pristine = std::fs::read(state.join(index::FILE_NAME)).expect("index written");
        Fixture {
            _tmp: tmp,
            traffic,
            state,
            pristine,
            records: t.records,
            problems: t.problems,
        }
    })
}

/// Apply the edits `ops` (four bytes each: op, position high, position low, value) to `b`.
fn edit(b: &mut Vec<u8>, ops: &[u8]) {
    for op in ops.chunks_exact(4) {
        let at = usize::from(u16::from_be_bytes([op[1], op[2]]));
        let v = op[3];
        let n = b.len();
        let i = if n == 0 { 0 } else { at % n };
        match op[0] % 7 {
            0 if n > 0 => b[i] = v,
            1 if n > 0 => b[i] ^= 1 << (v % 8),
            2 => b.insert(i.min(n), v),
            3 if n > 0 => {
                let end = (i + usize::from(v) + 1).min(n);
                b.drain(i..end);
            }
            4 => b.truncate(i),
            5 if n > 0 => {
                let end = (i + usize::from(v) + 1).min(n);
                let stretch = b[i..end].to_vec();
                let to = usize::from(v).wrapping_mul(31) % (n + 1);
                b.splice(to..to, stretch);
            }
            6 if n > 0 => b[i] = b[i].wrapping_add(v),
            _ => {}
        }
    }
}

fn consistent(ix: &index::Index) {
    assert_eq!(ix.stamps.len(), ix.ends.len());
    assert!(ix.ends.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(ix.ends.last().copied().unwrap_or(0), ix.records.len());
    assert!(ix.problems.windows(2).all(|w| w[0].0 < w[1].0));
    for (i, _) in &ix.problems {
        assert!(*i < ix.stamps.len());
        assert!(ix.range(*i).is_empty());
    }
    for r in &ix.records {
        let _ = (r.rel_path(), r.key(), r.refs().count(), r.dtg_utc());
    }
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let Some((&mode, ops)) = data.split_first() else {
        return;
    };
    let mut bytes = f.pristine.clone();
    edit(&mut bytes, ops);
    if mode % 2 == 1 {
        reseal(&mut bytes);
        if let Ok(ix) = decode(&bytes, &f.traffic, &Interner::default()) {
            consistent(&ix);
        }
        return;
    }
    let ix = f.state.join(index::FILE_NAME);
    std::fs::write(&ix, &bytes).expect("write the damaged index");
    let (t, stats) = load_dir_cached(&f.traffic, &f.state, |_, _| {}).expect("load");
    assert_eq!(t.records, f.records, "the inbox differs after a damaged index");
    assert_eq!(t.problems, f.problems);
    if bytes != f.pristine {
        assert_eq!(stats.from_index, 0, "a changed index was trusted");
    }
});
