//! The inbox columns and how they give way as the terminal narrows: first to their short forms,
//! then dropped, least important first. The subject takes what is left. The triage column
//! (action desk and labels) outranks TO and TAGS: it gives way only after they are gone, and
//! survives at 80 columns, and so does the due column (time left on the office clock), shown
//! when a row on screen has a running clock.

/// A column of the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// Selection cursor, marked, unread or new, and the triage glyphs.
    Mark,
    Precedence,
    /// Time left or overdue on the office clock (`2h10`, `-7m`).
    Due,
    Dtg,
    Class,
    Origin,
    Addressee,
    Subject,
    Tags,
    /// The action desk (and info desks) and the labels.
    Triage,
}

impl Col {
    pub fn title(self) -> &'static str {
        match self {
            Col::Mark => "",
            Col::Precedence => "PREC",
            Col::Due => "DUE",
            Col::Dtg => "DTG",
            Col::Class => "CLASS",
            Col::Origin => "FROM",
            Col::Addressee => "TO",
            Col::Subject => "SUBJECT",
            Col::Tags => "TAGS",
            Col::Triage => "DESK LABELS",
        }
    }

    /// (full width, short width) in cells.
    fn widths(self) -> (u16, u16) {
        match self {
            Col::Mark => (6, 3),
            Col::Precedence => (9, 5),
            Col::Due => (5, 5),
            Col::Dtg => (14, 11),
            Col::Class => (12, 2),
            Col::Origin => (20, 14),
            Col::Addressee => (20, 14),
            Col::Subject => (30, 8),
            Col::Tags => (16, 8),
            Col::Triage => (26, 13),
        }
    }
}

/// One column placed on the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub col: Col,
    /// Offset from the left of the row.
    pub x: u16,
    pub width: u16,
    /// Whether the column shows its short form.
    pub short: bool,
}

enum Step {
    Shrink(Col),
    Drop(Col),
}

/// What gives way first as the width shrinks. With a triage column, TAGS and TO go before it
/// shrinks, and the subject shrinks before it goes; when the rows on screen span more than one
/// year the DTG keeps its year.
fn steps(triage: bool, years: bool) -> Vec<Step> {
    use Step::{Drop, Shrink};
    let mut v = vec![
        Shrink(Col::Origin),
        Shrink(Col::Addressee),
        Shrink(Col::Tags),
        Shrink(Col::Class),
    ];
    if !years {
        v.push(Shrink(Col::Dtg));
    }
    v.extend([Drop(Col::Tags), Drop(Col::Addressee)]);
    if triage {
        v.push(Shrink(Col::Triage));
    }
    v.push(Shrink(Col::Precedence));
    if triage {
        v.push(Shrink(Col::Subject));
    }
    v.push(Drop(Col::Origin));
    if triage {
        v.push(Drop(Col::Triage));
    }
    v.extend([
        Drop(Col::Class),
        Drop(Col::Due),
        Shrink(Col::Subject),
        Shrink(Col::Mark),
        Drop(Col::Dtg),
        Drop(Col::Mark),
    ]);
    v
}

/// What decides which columns a row has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shown {
    /// Some cable has a desk or a label: the triage column.
    pub triage: bool,
    /// The rows on screen span years: the DTG keeps its year.
    pub years: bool,
    /// A row on screen has a running clock: the due column.
    pub due: bool,
}

/// Place the columns on a row `width` cells wide.
pub fn layout(width: u16, shown: Shown) -> Vec<Placed> {
    let Shown { triage, years, due } = shown;
    let mut cols: Vec<(Col, bool)> = [Col::Mark, Col::Precedence]
        .into_iter()
        .chain(due.then_some(Col::Due))
        .chain([
            Col::Dtg,
            Col::Class,
            Col::Origin,
            Col::Addressee,
            Col::Subject,
            Col::Tags,
        ])
        .chain(triage.then_some(Col::Triage))
        .map(|c| (c, false))
        .collect();
    let need = |cols: &[(Col, bool)]| -> u16 {
        let sum: u16 = cols
            .iter()
            .map(|&(c, short)| if short { c.widths().1 } else { c.widths().0 })
            .sum();
        sum + cols.len().saturating_sub(1) as u16
    };
    for step in steps(triage, years) {
        if need(&cols) <= width {
            break;
        }
        match step {
            Step::Shrink(c) => cols
                .iter_mut()
                .filter(|(x, _)| *x == c)
                .for_each(|e| e.1 = true),
            Step::Drop(c) => cols.retain(|(x, _)| *x != c),
        }
    }
    let spare = width.saturating_sub(need(&cols));
    let mut x = 0;
    let mut out = Vec::with_capacity(cols.len());
    for (c, short) in cols {
        let (full, small) = c.widths();
        let mut w = if short { small } else { full };
        if c == Col::Subject {
            w += spare;
        }
        let x0 = x.min(width);
        let w = w.min(width - x0);
        out.push(Placed {
            col: c,
            x: x0,
            width: w,
            short,
        });
        x = x.saturating_add(w + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(triage: bool, years: bool, due: bool) -> Shown {
        Shown { triage, years, due }
    }

    #[test]
    fn the_due_column_survives_80_columns_beside_precedence() {
        for (triage, years) in [(true, true), (true, false), (false, false), (false, true)] {
            let cols = layout(80, shown(triage, years, true));
            let at = cols.iter().position(|p| p.col == Col::Due);
            assert_eq!(at, Some(2), "triage {triage}, years {years}: {cols:?}");
            assert_eq!(cols[2].width, 5);
            assert!(cols.iter().any(|p| p.col == Col::Subject && p.width >= 8));
        }
        // It gives way only after the classification, long before the precedence.
        let narrow: Vec<Col> = layout(40, shown(true, false, true))
            .iter()
            .map(|p| p.col)
            .collect();
        assert!(narrow.contains(&Col::Due), "{narrow:?}");
    }

    #[test]
    fn columns_never_overlap_or_overflow() {
        for width in 0..=220 {
            for (triage, years) in [(false, false), (true, true), (true, false)] {
                let cols = layout(width, shown(triage, years, width % 2 == 0));
                let mut end = 0;
                for p in &cols {
                    assert!(p.x >= end, "width {width}: overlap at {p:?}");
                    end = p.x + p.width;
                }
                assert!(end <= width, "width {width}: overflow {cols:?}");
                assert!(
                    cols.iter().any(|p| p.col == Col::Subject),
                    "width {width}: no subject"
                );
            }
        }
    }

    #[test]
    fn narrow_screens_keep_precedence_and_subject() {
        let cols: Vec<Col> = layout(20, shown(true, true, true))
            .iter()
            .map(|p| p.col)
            .collect();
        assert_eq!(cols, [Col::Mark, Col::Precedence, Col::Subject]);
        let wide: Vec<Col> = layout(200, shown(true, true, false))
            .iter()
            .map(|p| p.col)
            .collect();
        assert_eq!(wide.len(), 9);
    }

    #[test]
    fn the_triage_column_outranks_to_and_tags_and_survives_80_columns() {
        let at = |w| -> Vec<Col> {
            layout(w, shown(true, false, false))
                .iter()
                .map(|p| p.col)
                .collect()
        };
        let eighty = at(80);
        assert!(eighty.contains(&Col::Triage), "{eighty:?}");
        assert!(eighty.contains(&Col::Origin), "{eighty:?}");
        for w in 0..=220 {
            let cols = at(w);
            if cols.contains(&Col::Addressee) || cols.contains(&Col::Tags) {
                assert!(cols.contains(&Col::Triage), "width {w}: {cols:?}");
            }
        }
        let full = layout(130, shown(true, false, false));
        let t = full.iter().find(|p| p.col == Col::Triage).expect("triage");
        assert!(!t.short, "full at 130 columns: {full:?}");
    }

    #[test]
    fn rows_spanning_years_keep_the_year() {
        for w in [80, 100, 120] {
            let dtg = layout(w, shown(false, true, true))
                .into_iter()
                .find(|p| p.col == Col::Dtg)
                .expect("dtg");
            assert!(!dtg.short, "width {w}");
        }
    }
}
