//! Flows an article's lines through the columns of its modules, on the baseline grid.
//!
//! The body arrives as a stream of elements: set lines (grouped by paragraph), blank grid lines and
//! unbreakable blocks (pull quotes). Columns are ranges of grid lines. Flow fills each column from the
//! top and moves on; it never splits a paragraph so that one line stands alone at the foot of a column
//! (orphan) or at the head of the next (widow): when a paragraph must break across columns it decides,
//! at each column end, how many lines stay, giving up one more line (or the whole paragraph) rather than
//! leaving a single one. Subheads (blocks with a keep) stay with the two lines that follow them, and
//! pull quotes (blocks without) float to the next column's head when they do not fit. Blank lines are dropped at
//! the head of a column so columns start flush. What does not fit in the last column is overset and is
//! returned, never dropped.

use crate::frame::Item;
use crate::text::Line;
use std::ops::Range;

/// One element of an article's body stream.
#[derive(Clone, Debug)]
pub enum Elem {
    /// A set line.
    Line {
        /// The line.
        line: Line,
        /// Paragraph number in the stream.
        para: usize,
        /// Index of the line in its paragraph.
        index: usize,
        /// Lines in the paragraph.
        count: usize,
    },
    /// A blank grid line (space before a subhead).
    Gap,
    /// An unbreakable block of whole grid lines; items relative to its column's left and its top.
    Block {
        /// Height in grid lines.
        bands: usize,
        /// Drawing, relative.
        items: Vec<Item>,
        /// Its text, for reports and dumps.
        text: String,
        /// Lines of what follows that must stand under it in the same column (a subhead keeps
        /// with its text); 0 for a block that may float to the next column's head (a pull quote).
        keep: usize,
    },
}

impl Elem {
    /// Text of the element (empty for gaps).
    pub fn text(&self) -> &str {
        match self {
            Elem::Line { line, .. } => &line.text,
            Elem::Block { text, .. } => text,
            Elem::Gap => "",
        }
    }
}

/// A column of a module: where it is and which grid lines it offers.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Left edge.
    pub x: f64,
    /// Measure.
    pub width: f64,
    /// Grid lines available, top to bottom.
    pub bands: Range<usize>,
}

/// Where one element landed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    /// Index of the element in the stream.
    pub elem: usize,
    /// Column index in the module.
    pub col: usize,
    /// Grid line.
    pub band: usize,
}

/// The result of flowing part of a stream into one module.
#[derive(Clone, Debug, Default)]
pub struct ModuleFlow {
    /// Placements.
    pub placed: Vec<Placed>,
    /// First element not placed.
    pub next: usize,
    /// Grid lines left empty at the end of the module (after the last placed element).
    pub free: usize,
    /// Columns ended early so that no line stands alone (or a subhead with its text), and left
    /// short because no subhead in them could take the spare lines (see `absorb`): the element
    /// that went on to the next column, and how many grid lines stayed empty above it.
    pub gave_up: Vec<(usize, usize)>,
}

struct Cursor<'a> {
    columns: &'a [Column],
    col: usize,
    band: usize,
    /// A block waiting for the head of the next column (element index, grid lines).
    pending: Option<(usize, usize)>,
    /// Blocks placed at column heads.
    floated: Vec<Placed>,
}

impl Cursor<'_> {
    fn remaining(&self) -> usize {
        self.columns.get(self.col).map_or(0, |c| c.bands.end.saturating_sub(self.band))
    }

    fn at_top(&self) -> bool {
        self.columns.get(self.col).is_some_and(|c| self.band == c.bands.start)
    }

    fn next_column(&mut self) -> bool {
        self.col += 1;
        match self.columns.get(self.col) {
            Some(c) => {
                self.band = c.bands.start;
                if let Some((elem, bands)) = self.pending.take() {
                    self.floated.push(Placed { elem, col: self.col, band: self.band });
                    self.band += bands;
                }
                true
            }
            None => false,
        }
    }

    /// Whether a later column of the module can take `bands` lines at its head.
    fn later_column_fits(&self, bands: usize) -> bool {
        self.columns.get(self.col + 1).is_some_and(|c| c.bands.len() >= bands + 2)
    }

    fn skip_empty(&mut self) -> bool {
        while self.remaining() == 0 {
            if !self.next_column() {
                return false;
            }
        }
        true
    }

    fn free_after(&self) -> usize {
        self.remaining() + self.columns.iter().skip(self.col + 1).map(|c| c.bands.len()).sum::<usize>()
    }
}

/// Flows `elems[from..]` into `columns`.
pub fn flow(elems: &[Elem], from: usize, columns: &[Column]) -> ModuleFlow {
    let start_band = columns.first().map_or(0, |c| c.bands.start);
    let mut cur = Cursor { columns, col: 0, band: start_band, pending: None, floated: Vec::new() };
    let mut out = ModuleFlow { next: from, ..ModuleFlow::default() };
    let mut i = from;
    while i < elems.len() && cur.skip_empty() {
        let advanced = match &elems[i] {
            Elem::Gap => place_gap(&mut cur, i, &mut out),
            Elem::Block { bands, keep: 0, .. } => place_block(&mut cur, i, *bands, &mut out),
            Elem::Block { bands, keep, .. } => {
                let gap_above = i > 0 && matches!(elems[i - 1], Elem::Gap);
                place_kept(&mut cur, i, *bands, (*keep).min(following(elems, i)), gap_above, &mut out)
            }
            Elem::Line { count, index, .. } => {
                let n = (*count - *index).min(count_para(elems, i));
                place_para(&mut cur, elems, i, n, &mut out)
            }
        };
        if advanced == 0 {
            break;
        }
        i += advanced;
    }
    if let Some((elem, _)) = cur.pending {
        // The block found no later column head: it and what follows are overset.
        i = i.min(elem);
        out.placed.retain(|p| p.elem < elem);
    }
    out.placed.append(&mut cur.floated);
    out.placed.sort_by_key(|p| p.elem);
    out.next = i;
    out.free = cur.free_after();
    absorb(elems, &mut out);
    out
}

/// Moves the grid lines a column was left short by (to keep a line from standing alone, or a
/// subhead with its text) from the column's foot to above its subheads, one line a subhead, the
/// lowest first; a column without a subhead below its head keeps them at its foot. Columns then
/// end on the same grid line and the spare line reads as spacing, as compositors justify a column
/// vertically around its headings. What a column absorbs leaves `gave_up`.
fn absorb(elems: &[Elem], out: &mut ModuleFlow) {
    let mut kept = Vec::new();
    for &(elem, room) in &out.gave_up {
        let Some(col) = out.placed.iter().filter(|p| p.elem < elem).max_by_key(|p| p.elem).map(|p| p.col) else {
            kept.push((elem, room));
            continue;
        };
        let head = out.placed.iter().filter(|p| p.col == col).map(|p| p.band).min().unwrap_or(0);
        let mine = |p: &Placed| p.col == col && p.band > head && p.elem < elem;
        let mut subheads: Vec<usize> = out
            .placed
            .iter()
            .filter(|p| mine(p) && matches!(elems[p.elem], Elem::Block { keep, .. } if keep > 0))
            .map(|p| p.elem)
            .collect();
        if subheads.is_empty() {
            kept.push((elem, room));
            continue;
        }
        subheads.reverse();
        let n = subheads.len();
        for (rank, &sub) in subheads.iter().enumerate() {
            let extra = room / n + usize::from(rank < room % n);
            for p in out.placed.iter_mut().filter(|p| mine(p) && p.elem >= sub) {
                p.band += extra;
            }
        }
    }
    out.gave_up = kept;
}

/// Flows `elems[from..]` into `columns` so that, when they do not fill the module, the columns end
/// together, within one grid line of each other, with the free space left at the foot.
///
/// **Balancing.** A column's end is a grid line, so balancing is a search over caps: every column
/// stops at grid line `y`, or `y − 1` from the `j`-th column on (the first columns take the odd
/// lines, as a compositor balances by hand). Each cap profile is flowed with the ordinary rules
/// (widows, orphans, keeps), so the search cannot break them; of the profiles that place
/// everything the unbalanced flow placed, the one whose column ends are closest together wins, the
/// highest of those when several are within a line. Flowing is linear in the lines, and a module
/// offers a few hundred profiles at most, so this costs tens of microseconds.
pub fn flow_balanced(elems: &[Elem], from: usize, columns: &[Column]) -> ModuleFlow {
    let mut f = balanced(elems, from, columns);
    super::justify::justify(elems, &mut f, columns);
    f
}

/// The flow whose columns end most nearly together (see [`flow_balanced`]), before justification.
fn balanced(elems: &[Elem], from: usize, columns: &[Column]) -> ModuleFlow {
    let plain = flow(elems, from, columns);
    if plain.free == 0 || columns.len() < 2 || plain.next == from {
        return plain;
    }
    let lo = columns.iter().map(|c| c.bands.start).min().unwrap_or(0);
    let hi = column_ends(elems, &plain, columns).max().unwrap_or(lo);
    // Grid lines the placed text takes whatever the columns: a profile offering fewer cannot hold it.
    let needed: usize = plain.placed.iter().map(|p| height(elems, p)).sum();
    let mut best: Option<((usize, usize), ModuleFlow)> = None;
    for y in lo + 1..=hi {
        for j in 1..=columns.len() {
            let capped: Vec<Column> =
                columns.iter().enumerate().map(|(k, c)| cap(c, if k < j { y } else { y - 1 })).collect();
            if capped.iter().map(|c| c.bands.len()).sum::<usize>() < needed {
                continue;
            }
            let f = flow(elems, from, &capped);
            if f.next < plain.next {
                continue;
            }
            let score = (spread(elems, &f, &capped).max(1), y);
            if best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((score, f));
            }
        }
        if best.as_ref().is_some_and(|(s, _)| s.0 <= 1) {
            break;
        }
    }
    match best {
        Some((_, mut f)) => {
            f.free = plain.free;
            f.gave_up.clear();
            f
        }
        None => plain,
    }
}

fn cap(c: &Column, y: usize) -> Column {
    let end = y.clamp(c.bands.start, c.bands.end);
    Column { bands: c.bands.start..end, ..c.clone() }
}

/// How many grid lines apart the highest and lowest column ends are, counting only columns that
/// offer lines (an empty column ends at its head).
pub fn spread(elems: &[Elem], f: &ModuleFlow, columns: &[Column]) -> usize {
    let (min, max) = column_ends(elems, f, columns).fold((usize::MAX, 0), |(a, b), e| (a.min(e), b.max(e)));
    max.saturating_sub(min)
}

/// Grid lines left blank at the foot of the shortest column (of those that offer lines).
pub fn shortest_gap(elems: &[Elem], f: &ModuleFlow, columns: &[Column]) -> usize {
    column_gaps(elems, f, columns).max().unwrap_or(0)
}

/// Grid lines left blank at the feet of all the columns, as the reader sees them once vertical
/// justification has spread a column's spare lines between its paragraphs.
pub fn foot_gaps(elems: &[Elem], f: &ModuleFlow, columns: &[Column]) -> usize {
    column_gaps(elems, f, columns).sum()
}

/// Grid lines left blank at the foot of each column that offers lines.
fn column_gaps<'a>(elems: &'a [Elem], f: &'a ModuleFlow, columns: &'a [Column]) -> impl Iterator<Item = usize> + 'a {
    let offered = columns.iter().filter(|c| !c.bands.is_empty());
    offered.zip(column_ends(elems, f, columns)).map(|(c, end)| c.bands.end.saturating_sub(end))
}

/// The grid line under each column's last element, for the columns that offer lines.
pub fn column_ends<'a>(
    elems: &'a [Elem],
    f: &'a ModuleFlow,
    columns: &'a [Column],
) -> impl Iterator<Item = usize> + 'a {
    columns.iter().enumerate().filter(|(_, c)| !c.bands.is_empty()).map(move |(k, c)| {
        f.placed.iter().filter(|p| p.col == k).map(|p| p.band + height(elems, p)).max().unwrap_or(c.bands.start)
    })
}

fn height(elems: &[Elem], p: &Placed) -> usize {
    if let Elem::Block { bands, .. } = &elems[p.elem] { *bands } else { 1 }
}

fn count_para(elems: &[Elem], i: usize) -> usize {
    let para = |e: &Elem| match e {
        Elem::Line { para, .. } => Some(*para),
        _ => None,
    };
    let p = para(&elems[i]);
    elems[i..].iter().take_while(|e| para(e) == p).count()
}

/// A blank line vanishes at a column's head; one that takes a column's last line leaves that
/// column a line short, as a kept subhead does.
fn place_gap(cur: &mut Cursor, i: usize, out: &mut ModuleFlow) -> usize {
    if !cur.at_top() {
        cur.band += 1;
        if cur.remaining() == 0 && cur.columns.get(cur.col + 1).is_some() {
            out.gave_up.push((i + 1, 1));
        }
    }
    1
}

/// Places a block, or floats it to the head of the next column (text goes on filling this one), as
/// newspapers do with pull quotes rather than leave a hole above them.
fn place_block(cur: &mut Cursor, i: usize, bands: usize, out: &mut ModuleFlow) -> usize {
    if cur.remaining() < bands && !cur.at_top() && cur.pending.is_none() && cur.later_column_fits(bands) {
        cur.pending = Some((i, bands));
        return 1;
    }
    let tallest = cur.columns[cur.col..].iter().map(|c| c.bands.len()).max().unwrap_or(0);
    while cur.remaining() < bands && bands <= tallest {
        if !cur.next_column() {
            return 0;
        }
    }
    if cur.remaining() < bands.min(tallest) {
        return 0;
    }
    out.placed.push(Placed { elem: i, col: cur.col, band: cur.band });
    cur.band += bands;
    1
}

/// Lines of the paragraph that follows element `i` (0 when a block or nothing follows).
fn following(elems: &[Elem], i: usize) -> usize {
    match elems.get(i + 1) {
        Some(Elem::Line { .. }) => count_para(elems, i + 1),
        _ => 0,
    }
}

/// Places a block that must have `keep` lines of text under it in its column: at the head of the
/// next column when this one has no room for both (the column ends short, as with any keep). The
/// blank line placed above it then stands at the column's foot too, and counts among the lines
/// the column is short by: the reader sees it as empty as the rest.
fn place_kept(cur: &mut Cursor, i: usize, bands: usize, keep: usize, gap_above: bool, out: &mut ModuleFlow) -> usize {
    if cur.remaining() < bands + keep && !cur.at_top() {
        let room = cur.remaining() + usize::from(gap_above);
        if !cur.next_column() {
            return 0;
        }
        out.gave_up.push((i, room));
        if !cur.skip_empty() {
            return 0;
        }
    }
    if cur.remaining() < bands {
        return 0;
    }
    out.placed.push(Placed { elem: i, col: cur.col, band: cur.band });
    cur.band += bands;
    1
}

/// Places the `n` remaining lines of a paragraph starting at element `i`; returns how many were placed
/// (0 when the module is full).
fn place_para(cur: &mut Cursor, elems: &[Elem], i: usize, n: usize, out: &mut ModuleFlow) -> usize {
    let first_index = match &elems[i] {
        Elem::Line { index, .. } => *index,
        _ => 0,
    };
    let mut done = 0;
    while done < n {
        if !cur.skip_empty() {
            break;
        }
        let room = cur.remaining();
        let take = lines_here(room, n - done, first_index + done == 0, cur.at_top());
        if take < room && take < n - done && cur.columns.get(cur.col + 1).is_some() {
            out.gave_up.push((i + done + take, room - take));
        }
        if take == 0 {
            if !cur.next_column() {
                break;
            }
            continue;
        }
        for k in 0..take {
            out.placed.push(Placed { elem: i + done + k, col: cur.col, band: cur.band });
            cur.band += 1;
        }
        done += take;
        if done < n && !cur.next_column() {
            break;
        }
    }
    done
}

/// How many of `left` lines to set in a column with `room` lines, so that no paragraph leaves a
/// single line at a column's foot (orphan) or head (widow). A column head always takes what it can:
/// moving on would not help.
fn lines_here(room: usize, left: usize, starts_para: bool, at_top: bool) -> usize {
    if left <= room {
        return left;
    }
    if at_top {
        return if left - room == 1 && room > 2 { room - 1 } else { room };
    }
    let min_here = if starts_para { 2 } else { 1 };
    let mut take = room;
    if left - take == 1 {
        take -= 1;
    }
    if take < min_here { 0 } else { take }
}

/// Paragraph lines left alone in a column: a first line at a column's foot (orphan) or a last line
/// at the head of the next (widow). `at` gives each element's (module, column) when placed.
pub fn widows_and_orphans(stream: &[Elem], at: &[Option<(usize, usize)>]) -> (usize, usize) {
    let (mut widows, mut orphans) = (0, 0);
    for (i, e) in stream.iter().enumerate() {
        let Elem::Line { index, count, .. } = e else { continue };
        if *count < 2 || at[i].is_none() {
            continue;
        }
        if *index == 0 && at.get(i + 1).is_some_and(|n| n.is_some() && *n != at[i]) {
            orphans += 1;
        }
        if *index + 1 == *count && i > 0 && at[i - 1].is_some() && at[i - 1] != at[i] {
            widows += 1;
        }
    }
    (widows, orphans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(para: usize, index: usize, count: usize) -> Elem {
        let l = Line {
            runs: vec![],
            measure: 100.0,
            width: 100.0,
            hyphenated: false,
            space_ratio: None,
            last: index + 1 == count,
            text: format!("p{para}l{index}"),
            hscale: 1.0,
            track: 0.0,
            forced: false,
        };
        Elem::Line { line: l, para, index, count }
    }

    fn para(p: usize, count: usize) -> Vec<Elem> {
        (0..count).map(|i| line(p, i, count)).collect()
    }

    fn cols(n: usize, h: usize) -> Vec<Column> {
        (0..n).map(|i| Column { x: i as f64 * 100.0, width: 90.0, bands: 0..h }).collect()
    }

    #[test]
    fn fills_columns_in_order() {
        let elems = para(0, 10);
        let f = flow(&elems, 0, &cols(2, 6));
        assert_eq!(f.next, 10);
        assert_eq!(f.placed[6], Placed { elem: 6, col: 1, band: 0 });
        assert_eq!(f.free, 2);
    }

    #[test]
    fn no_orphan_at_column_foot() {
        let mut elems = para(0, 5);
        elems.extend(para(1, 4));
        let f = flow(&elems, 0, &cols(2, 6));
        // Paragraph 1 would start on the last line of column 0: it moves to column 1.
        assert_eq!(f.placed[5], Placed { elem: 5, col: 1, band: 0 });
    }

    #[test]
    fn no_widow_at_column_head() {
        let mut elems = para(0, 3);
        elems.extend(para(1, 4));
        let f = flow(&elems, 0, &cols(2, 6));
        // 3 lines of paragraph 1 fit, which would leave its last line alone: two go over.
        let p1: Vec<_> = f.placed[3..].iter().map(|p| p.col).collect();
        assert_eq!(p1, vec![0, 0, 1, 1]);
    }

    fn ends(f: &ModuleFlow, n: usize) -> Vec<usize> {
        (0..n).map(|k| f.placed.iter().filter(|p| p.col == k).map(|p| p.band + 1).max().unwrap_or(0)).collect()
    }

    #[test]
    fn a_short_last_module_is_balanced_with_the_space_at_the_foot() {
        let elems = para(0, 10);
        let f = flow_balanced(&elems, 0, &cols(3, 12));
        assert_eq!(f.next, 10);
        assert_eq!(ends(&f, 3), vec![4, 3, 3]);
        assert_eq!(f.free, 26, "free lines are still counted");
    }

    #[test]
    fn balancing_keeps_widows_and_orphans_away() {
        let mut elems = para(0, 5);
        elems.extend(para(1, 3));
        elems.extend(para(2, 2));
        let f = flow_balanced(&elems, 0, &cols(2, 12));
        assert_eq!(f.next, 10);
        let e = ends(&f, 2);
        assert!(e[0].abs_diff(e[1]) <= 1, "{e:?}");
        let (w, o) = widows_and_orphans(&elems, &at(&f, elems.len()));
        assert_eq!((w, o), (0, 0));
    }

    #[test]
    fn a_full_module_is_not_balanced() {
        let elems = para(0, 20);
        assert_eq!(flow_balanced(&elems, 0, &cols(2, 6)).placed, flow(&elems, 0, &cols(2, 6)).placed);
    }

    fn at(f: &ModuleFlow, n: usize) -> Vec<Option<(usize, usize)>> {
        let mut at = vec![None; n];
        for p in &f.placed {
            at[p.elem] = Some((0, p.col));
        }
        at
    }

    fn subhead() -> Elem {
        Elem::Block { bands: 1, items: vec![], text: "subhead".into(), keep: 2 }
    }

    #[test]
    fn a_subhead_keeps_with_two_lines_of_its_text() {
        let mut elems = para(0, 4);
        elems.push(Elem::Gap);
        elems.push(subhead());
        elems.extend(para(1, 4));
        let f = flow(&elems, 0, &cols(2, 7));
        let head = f.placed.iter().find(|p| p.elem == 5).unwrap();
        // Gap and subhead would fit at lines 4 and 5 with one line of text under: both go over.
        assert_eq!((head.col, head.band), (1, 0));
        assert_eq!(f.next, elems.len());
        // Column 0 is short by the blank line it kept and the two after it.
        assert_eq!(f.gave_up, vec![(5, 3)]);
    }

    #[test]
    fn a_column_left_short_gives_its_spare_lines_to_the_subhead_above() {
        let mut elems = para(0, 3);
        elems.push(Elem::Gap);
        elems.push(subhead());
        elems.extend(para(1, 3));
        elems.extend(para(2, 3));
        let f = flow(&elems, 0, &cols(2, 10));
        // Paragraph 2 would leave a line alone at either end of column 0, so it goes over whole;
        // the two lines it leaves go above the subhead and column 0 still ends at its foot.
        let band = |e: usize| f.placed.iter().find(|p| p.elem == e).map(|p| (p.col, p.band)).unwrap();
        assert_eq!(band(4), (0, 6), "subhead");
        assert_eq!((band(5), band(7)), ((0, 7), (0, 9)), "its text");
        assert_eq!(band(8), (1, 0));
        assert_eq!(band(2), (0, 2), "text above the subhead stays");
        assert!(f.gave_up.is_empty(), "{:?}", f.gave_up);
        // Without a subhead in the column the lines stay at its foot, and are reported.
        let mut plain = para(0, 8);
        plain.extend(para(1, 3));
        assert_eq!(flow(&plain, 0, &cols(2, 10)).gave_up, vec![(8, 2)]);
    }

    #[test]
    fn overset_is_returned() {
        let elems = para(0, 20);
        let f = flow(&elems, 0, &cols(2, 6));
        assert_eq!(f.next, 12);
        assert_eq!(f.free, 0);
    }

    #[test]
    fn gaps_vanish_at_column_head() {
        let mut elems = para(0, 6);
        elems.push(Elem::Gap);
        elems.extend(para(1, 2));
        let f = flow(&elems, 0, &cols(2, 6));
        assert_eq!(f.placed[6], Placed { elem: 7, col: 1, band: 0 });
    }

    #[test]
    fn a_block_that_does_not_fit_floats_to_the_next_column_head() {
        let mut elems = para(0, 4);
        elems.push(Elem::Block { bands: 4, items: vec![], text: "quote".into(), keep: 0 });
        elems.extend(para(1, 4));
        let f = flow(&elems, 0, &cols(2, 6));
        let block = f.placed.iter().find(|p| p.elem == 4).unwrap();
        assert_eq!((block.col, block.band), (1, 0));
        // The next paragraph fills the rest of column 0 rather than leaving a hole.
        let p1: Vec<_> = f.placed.iter().filter(|p| p.elem > 4).map(|p| (p.col, p.band)).collect();
        assert_eq!(p1, vec![(0, 4), (0, 5), (1, 4), (1, 5)]);
        assert_eq!(f.next, elems.len());
    }
}
