//! Properties of replay, checked on random histories (pure replay, no disk): every undo restores
//! exactly the state before the action it undoes, redo restores the state after it, and undoing
//! everything leaves nothing behind.

use chrono::Utc;
use proptest::prelude::*;

use cabletriage::triage::replay::{History, apply_event};
use cabletriage::triage::{Event, Op, TriageState};

fn op() -> impl Strategy<Value = Op> {
    let word = prop::sample::select(vec!["a", "b", "c"]).prop_map(String::from);
    let desk = prop::sample::select(vec!["EUR/CE", "EUR/RUS", "NEA/IR"]).prop_map(String::from);
    prop_oneof![
        prop::collection::vec(word.clone(), 1..3).prop_map(|labels| Op::AddLabels { labels }),
        prop::collection::vec(word.clone(), 1..3).prop_map(|labels| Op::RemoveLabels { labels }),
        desk.clone().prop_map(|desk| Op::RouteAction { desk }),
        Just(Op::ClearAction),
        desk.clone().prop_map(|desk| Op::AddInfoDesk { desk }),
        desk.prop_map(|desk| Op::RemoveInfoDesk { desk }),
        prop::sample::select(vec!["", "x", "y"]).prop_map(|t| Op::SetNote { text: t.into() }),
        Just(Op::MarkRead),
        Just(Op::MarkUnread),
        Just(Op::Flag),
        Just(Op::Unflag),
        Just(Op::Done),
        Just(Op::NotDone),
        Just(Op::Ack),
    ]
}

fn cables() -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set(prop::sample::select(vec!["K1", "K2", "K3"]), 1..4)
        .prop_map(|s| s.into_iter().map(String::from).collect())
}

struct Sim {
    state: TriageState,
    history: History,
    seq: u64,
}

impl Sim {
    fn run(&mut self, user: &str, cables: Vec<String>, op: Op) {
        self.seq += 1;
        let ev = Event {
            seq: self.seq,
            at: Utc::now(),
            user: user.into(),
            os_user: None,
            cables,
            op,
        };
        apply_event(&mut self.state, &mut self.history, &ev);
    }
    fn undo(&mut self, user: &str) {
        let r = self.history.next_undo(user).expect("something to undo");
        let (cables, seq) = (r.cables.clone(), r.seq);
        self.run(user, cables, Op::Undo { undoes: seq });
    }
    fn redo(&mut self, user: &str) {
        let r = self.history.next_redo(user).expect("something to redo");
        let (cables, seq) = (r.cables.clone(), r.seq);
        self.run(user, cables, Op::Redo { redoes: seq });
    }
}

proptest! {
    #[test]
    fn undo_and_redo_walk_back_and_forth_exactly(actions in prop::collection::vec((cables(), op()), 1..25)) {
        let mut sim = Sim { state: TriageState::default(), history: History::default(), seq: 0 };
        let mut states = vec![sim.state.cables.clone()];
        for (cs, op) in actions {
            sim.run("alice", cs, op);
            states.push(sim.state.cables.clone());
        }
        // Walk all the way back, checking every step...
        for i in (0..states.len() - 1).rev() {
            sim.undo("alice");
            prop_assert_eq!(&sim.state.cables, &states[i]);
        }
        prop_assert!(sim.state.cables.is_empty());
        prop_assert!(sim.history.next_undo("alice").is_none());
        // ...and forward again.
        for s in states.iter().skip(1) {
            sim.redo("alice");
            prop_assert_eq!(&sim.state.cables, s);
        }
    }
}
