//! The inbox columns and how they give way as the terminal narrows: first to their short forms,
//! then dropped, least important first. The subject takes what is left.

/// A column of the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// Selection cursor and unread mark.
    Mark,
    Precedence,
    Dtg,
    Class,
    Origin,
    Addressee,
    Subject,
    Tags,
    Labels,
    Desk,
}

impl Col {
    pub fn title(self) -> &'static str {
        match self {
            Col::Mark => "",
            Col::Precedence => "PREC",
            Col::Dtg => "DTG",
            Col::Class => "CLASS",
            Col::Origin => "FROM",
            Col::Addressee => "TO",
            Col::Subject => "SUBJECT",
            Col::Tags => "TAGS",
            Col::Labels => "LABELS",
            Col::Desk => "DESK",
        }
    }

    /// (full width, short width) in cells.
    fn widths(self) -> (u16, u16) {
        match self {
            Col::Mark => (2, 2),
            Col::Precedence => (9, 5),
            Col::Dtg => (14, 11),
            Col::Class => (12, 2),
            Col::Origin => (20, 14),
            Col::Addressee => (20, 14),
            Col::Subject => (30, 8),
            Col::Tags => (16, 8),
            Col::Labels => (14, 8),
            Col::Desk => (8, 6),
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

/// What gives way first as the width shrinks.
const STEPS: &[Step] = &[
    Step::Shrink(Col::Origin),
    Step::Shrink(Col::Addressee),
    Step::Shrink(Col::Tags),
    Step::Shrink(Col::Class),
    Step::Drop(Col::Desk),
    Step::Drop(Col::Labels),
    Step::Shrink(Col::Dtg),
    Step::Drop(Col::Tags),
    Step::Drop(Col::Addressee),
    Step::Shrink(Col::Precedence),
    Step::Drop(Col::Origin),
    Step::Drop(Col::Class),
    Step::Shrink(Col::Subject),
    Step::Drop(Col::Dtg),
    Step::Drop(Col::Mark),
];

/// Place the columns on a row `width` cells wide. Labels and desk appear only when some cable
/// has them.
pub fn layout(width: u16, labels: bool, desk: bool) -> Vec<Placed> {
    let mut cols: Vec<(Col, bool)> = [
        Col::Mark,
        Col::Precedence,
        Col::Dtg,
        Col::Class,
        Col::Origin,
        Col::Addressee,
        Col::Subject,
        Col::Tags,
    ]
    .into_iter()
    .chain(labels.then_some(Col::Labels))
    .chain(desk.then_some(Col::Desk))
    .map(|c| (c, false))
    .collect();
    let need = |cols: &[(Col, bool)]| -> u16 {
        let sum: u16 = cols
            .iter()
            .map(|&(c, short)| if short { c.widths().1 } else { c.widths().0 })
            .sum();
        sum + cols.len().saturating_sub(1) as u16
    };
    for step in STEPS {
        if need(&cols) <= width {
            break;
        }
        match step {
            Step::Shrink(c) => cols
                .iter_mut()
                .filter(|(x, _)| x == c)
                .for_each(|e| e.1 = true),
            Step::Drop(c) => cols.retain(|(x, _)| x != c),
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

    #[test]
    fn columns_never_overlap_or_overflow() {
        for width in 0..=220 {
            for (labels, desk) in [(false, false), (true, true)] {
                let cols = layout(width, labels, desk);
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
        let cols: Vec<Col> = layout(20, true, true).iter().map(|p| p.col).collect();
        assert_eq!(cols, [Col::Mark, Col::Precedence, Col::Subject]);
        let wide: Vec<Col> = layout(200, true, true).iter().map(|p| p.col).collect();
        assert_eq!(wide.len(), 10);
    }
}
