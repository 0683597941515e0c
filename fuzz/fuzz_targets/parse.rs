//! Fuzz target: any bytes through the cable parser must not panic, and every cable must serialise.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let cables = cabletriage::cable::parse_bytes(data, "fuzz");
    assert!(!cables.is_empty());
    for c in &cables {
        let _ = c.banner();
    }
});
