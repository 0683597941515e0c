//! Fuzz target: any bytes as a user keymap file merged over the default must not panic; a
//! rejected file leaves the keymap exactly as it was (all or nothing), and the merged keymap
//! answers lookups and key hints in every context.
#![no_main]

use libfuzzer_sys::fuzz_target;

use cabletriage::keymap::{Context, Keymap, format_seq};

fuzz_target!(|data: &[u8]| {
    // The loader reads the file as UTF-8 text; feed the bytes lossily so every input is text.
    let text = String::from_utf8_lossy(data);
    let default = Keymap::default_keymap();
    let mut km = default.clone();
    match km.merge_toml(&text, "fuzz.toml") {
        Err(e) => {
            assert_eq!(km, default, "a rejected file changed the keymap");
            let _ = e.to_string();
        }
        Ok(()) => {
            for ctx in Context::ALL {
                for (keys, action) in km.bindings(ctx) {
                    let _ = km.lookup(ctx, &keys);
                    let _ = format_seq(&keys);
                    let _ = km.key_for(ctx, action);
                }
            }
        }
    }
});
