//! Fuzz target: any bytes as journal text must read without a panic, in both reading modes
//! (`complete` for a locked read, not complete for a live tail), the events read must replay
//! into a triage state without a panic, and every event read must write back (format 2) to
//! text that reads as exactly that event, intact.
#![no_main]

use libfuzzer_sys::fuzz_target;

use cabletriage::triage::TriageState;
use cabletriage::triage::format::{encode, parse};
use cabletriage::triage::replay::{History, apply_event};

fuzz_target!(|data: &[u8]| {
    for complete in [true, false] {
        let p = parse(data, 1, complete);
        assert!(p.consumed <= data.len());
        assert_eq!(p.events.len(), p.links.len());
        for d in &p.damage {
            assert!(d.line >= 1);
        }
        let mut state = TriageState::default();
        let mut history = History::default();
        for ev in &p.events {
            apply_event(&mut state, &mut history, ev);
            if let Ok(enc) = encode(ev, Some("0")) {
                let back = parse(enc.text.as_bytes(), 1, true);
                assert_eq!(back.events.as_slice(), std::slice::from_ref(ev));
                assert!(back.links[0].intact && back.damage.is_empty());
            }
        }
    }
});
