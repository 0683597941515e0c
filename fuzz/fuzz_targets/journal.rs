//! Fuzz target: any bytes as journal text must read without a panic, in both reading modes
//! (`complete` for a locked read, not complete for a live tail), and the events read must replay
//! into a triage state without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

use cabletriage::triage::format::parse;
use cabletriage::triage::TriageState;
use cabletriage::triage::replay::{History, apply_event};

fuzz_target!(|data: &[u8]| {
    for complete in [true, false] {
        let p = parse(data, 1, complete);
        assert!(p.consumed <= data.len());
        for d in &p.damage {
            assert!(d.line >= 1);
        }
        let mut state = TriageState::default();
        let mut history = History::default();
        for ev in &p.events {
            apply_event(&mut state, &mut history, ev);
        }
    }
});
