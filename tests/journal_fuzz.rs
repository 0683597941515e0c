//! The journal reader against arbitrary damage (property tests on the pure reader): it never
//! panics; a journal cut anywhere reads as exactly the events wholly before the cut; garbage
//! lines between events cost no event.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use cabletriage::triage::format::{encode, parse};
use cabletriage::triage::{Event, Op};

fn op() -> impl Strategy<Value = Op> {
    let text = "[ -~\n\"'\\\\é]{0,30}";
    prop_oneof![
        prop::collection::vec("[a-z-]{1,8}", 1..3).prop_map(|labels| Op::AddLabels { labels }),
        "[A-Z]{3}/[A-Z]{2,4}".prop_map(|desk| Op::RouteAction { desk }),
        text.prop_map(|text| Op::SetNote { text }),
        Just(Op::Flag),
        (1u64..500).prop_map(|undoes| Op::Undo { undoes }),
        (10u64..500).prop_map(|redoes| Op::Redo { redoes }),
    ]
}

fn events() -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec(
        (op(), prop::collection::vec("[0-9A-Z:/ ]{1,12}", 1..3)),
        1..8,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (op, cables))| Event {
                seq: 100 + i as u64,
                at: Utc
                    .timestamp_millis_opt(1_700_000_000_000 + i as i64)
                    .unwrap(),
                user: "alice".into(),
                os_user: Some("alice".into()),
                cables,
                op,
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), complete: bool) {
        let p = parse(&bytes, 1, complete);
        prop_assert!(p.consumed <= bytes.len());
    }

    #[test]
    fn a_cut_anywhere_keeps_exactly_the_whole_events_before_it(evs in events(), frac in 0.0f64..1.0) {
        let texts: Vec<String> = evs.iter().map(|e| encode(e, None).unwrap().text).collect();
        let all = texts.concat();
        let cut = (all.len() as f64 * frac) as usize;
        let p = parse(&all.as_bytes()[..cut], 1, true);
        // Events whose closing quote of `hash` is before the cut (the newlines after are not needed).
        let mut end = 0;
        let whole: Vec<&Event> = evs.iter().zip(&texts).filter(|(_, t)| {
            end += t.len();
            end - 2 <= cut
        }).map(|(e, _)| e).collect();
        prop_assert_eq!(p.events.iter().collect::<Vec<_>>(), whole);
    }

    #[test]
    fn garbage_lines_between_events_cost_no_event(
        evs in events(),
        garbage in "[^\n]{1,40}(\n[^\n]{0,40}){0,2}",
        at in any::<prop::sample::Index>(),
    ) {
        let texts: Vec<String> = evs.iter().map(|e| encode(e, None).unwrap().text).collect();
        let k = at.index(texts.len() + 1);
        let mut all = texts[..k].concat();
        all.push_str(&garbage);
        all.push('\n');
        all.push_str(&texts[k..].concat());
        let p = parse(all.as_bytes(), 1, true);
        prop_assert_eq!(&p.events, &evs);
    }
}
