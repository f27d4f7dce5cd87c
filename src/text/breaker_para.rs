//! The breaker's view of one paragraph: prefix sums over its items, its legal breakpoints, and
//! the shape and badness of a line between two of them (§851–§853, §866).

use super::{Break, DECENT, EPS, INF_BAD, INFINITY, Item, LOOSE, Node, Pass, Stats, TIGHT, VERY_LOOSE};

/// Running totals of the items before an index; infinite stretch (parfillskip) is counted apart,
/// like TeX's fil orders (§852), so it cannot swamp the finite sums.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Sums {
    pub(super) width: f64,
    /// Width of the boxes alone, which letter-spacing scales with.
    pub(super) boxes: f64,
    pub(super) stretch: f64,
    pub(super) shrink: f64,
    pub(super) fil: u32,
}

impl Sums {
    pub(super) fn add(mut self, item: &Item) -> Sums {
        match *item {
            Item::Box { width } => {
                self.width += finite(width);
                self.boxes += finite(width);
            }
            Item::Glue { width, stretch, shrink } => {
                self.width += finite(width);
                self.shrink += finite(shrink);
                if stretch == f64::INFINITY { self.fil += 1 } else { self.stretch += finite(stretch) }
            }
            Item::Penalty { .. } => {}
        }
        self
    }

    pub(super) fn since(&self, start: &Sums) -> Sums {
        Sums {
            width: self.width - start.width,
            boxes: self.boxes - start.boxes,
            stretch: self.stretch - start.stretch,
            shrink: self.shrink - start.shrink,
            fil: self.fil - start.fil,
        }
    }
}

pub(super) fn finite(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

/// A legal breakpoint (§866): where it is, what a line ending there holds, what it costs.
#[derive(Clone, Copy, Debug)]
pub(super) struct Bp {
    pub(super) pos: usize,
    /// First item of the next line: glue and penalties after a break are discarded (§837).
    pub(super) start: usize,
    /// One past the last item of a line ending here; the breaking glue itself is left out.
    pub(super) end: usize,
    /// Added to a line ending here (a hyphen).
    pub(super) width: f64,
    pub(super) penalty: f64,
    pub(super) flagged: bool,
    pub(super) forced: bool,
}

/// The paragraph's prefix sums and its breakpoints; `bps[0]` stands for the paragraph's start.
pub(super) struct Para {
    pub(super) sums: Vec<Sums>,
    /// Glyph expansion, as a fraction of the boxes' width.
    pub(super) expansion: f64,
    pub(super) bps: Vec<Bp>,
}

/// The shape of one line as tried by §851–§853; `overflow` > 0 only for overfull lines.
#[derive(Clone, Copy, Debug)]
pub(super) struct Fit {
    /// Badness for admissibility, counting any emergency stretch.
    pub(super) badness: f64,
    /// Badness for demerits: as `badness`, but from the real stretch in emergency passes.
    pub(super) cost: f64,
    pub(super) fitness: u8,
    pub(super) ratio: f64,
    pub(super) overflow: f64,
    /// Set only by the emergency pass's extra room: the line needs letter-spacing.
    pub(super) letters: bool,
    /// How much of its spaces' shrink the line uses once the glyphs have shrunk their most (0 on
    /// lines that stretch): what makes the report call a line tight.
    pub(super) squeeze: f64,
}

impl Para {
    pub(super) fn new(items: &[Item], expansion: f64) -> Para {
        let mut sums = Vec::with_capacity(items.len() + 1);
        let mut acc = Sums::default();
        sums.push(acc);
        for item in items {
            acc = acc.add(item);
            sums.push(acc);
        }
        Para { sums, expansion, bps: breakpoints(items) }
    }

    pub(super) fn bp_at(&self, pos: usize) -> Option<usize> {
        self.bps[1..].binary_search_by_key(&pos, |bp| bp.pos).ok().map(|i| i + 1)
    }

    pub(super) fn skips_forced(&self, from: usize, to: usize) -> bool {
        self.bps[from + 1..to].iter().any(|bp| bp.forced)
    }

    /// What the line from breakpoint `from` to breakpoint `to` holds, its break's width included.
    pub(super) fn line(&self, from: usize, to: usize) -> Sums {
        let (start, end) = (self.bps[from].start, self.bps[to].end);
        let mut m = if start < end { self.sums[end].since(&self.sums[start]) } else { Sums::default() };
        m.width += self.bps[to].width;
        m
    }

    /// The line from breakpoint `from` to breakpoint `to`; the `extra` stretch and shrink it is
    /// given (emergency passes) count for admissibility only.
    pub(super) fn fit(&self, from: usize, to: usize, width: f64, extra: &dyn Fn(&Sums) -> Extra) -> Fit {
        let mut m = self.line(from, to);
        let Extra { stretch: extra, shrink: extra_shrink } = extra(&m);
        let glyphs = self.expansion * m.boxes;
        m.stretch += glyphs;
        m.shrink += glyphs;
        let shortfall = width - m.width;
        let excess = -shortfall - m.shrink - extra_shrink;
        if excess > EPS {
            // §851 rates such a line inf_bad+1; its demerits are capped by §859 anyway.
            let ratio = if m.shrink > 0.0 { shortfall / m.shrink } else { f64::NEG_INFINITY };
            return Fit {
                badness: INF_BAD,
                cost: INF_BAD,
                fitness: TIGHT,
                ratio,
                overflow: excess,
                letters: false,
                squeeze: 1.0,
            };
        }
        if shortfall > 0.0 {
            // §852: infinite stretch absorbs any shortfall.
            if m.fil > 0 {
                return Fit {
                    badness: 0.0,
                    cost: 0.0,
                    fitness: DECENT,
                    ratio: 0.0,
                    overflow: 0.0,
                    letters: false,
                    squeeze: 0.0,
                };
            }
            // Emergency stretch only decides which lines are admissible; the line is charged for
            // how loose it really is (see `cost`), so the pass still prefers the evenest lines.
            let badness = badness(shortfall, m.stretch + extra);
            let cost = if extra > 0.0 { loose_cost(shortfall, m.stretch) } else { badness };
            let fitness = if cost > 99.0 {
                VERY_LOOSE
            } else if cost > 12.0 {
                LOOSE
            } else {
                DECENT
            };
            let ratio = if m.stretch > 0.0 { shortfall / m.stretch } else { 0.0 };
            let letters = extra > 0.0 && shortfall > m.stretch + EPS;
            Fit { badness, cost, fitness, ratio, overflow: 0.0, letters, squeeze: 0.0 }
        } else {
            // §853; past the full shrink only letter-spacing (extra_shrink) can close the line,
            // and the line is charged as if its spaces had shrunk that far.
            let badness = badness(-shortfall, m.shrink + extra_shrink);
            let cost = if -shortfall > m.shrink { loose_cost(-shortfall, m.shrink) } else { badness };
            let fitness = if cost > 12.0 { TIGHT } else { DECENT };
            let ratio = if m.shrink > 0.0 { (shortfall / m.shrink).max(-1.0) } else { 0.0 };
            let letters = extra_shrink > 0.0 && -shortfall > m.shrink + EPS;
            let spaces = m.shrink - glyphs;
            let squeeze = if spaces > 0.0 { (-shortfall - glyphs).max(0.0) / spaces } else { 0.0 };
            Fit { badness, cost, fitness, ratio, overflow: 0.0, letters, squeeze }
        }
    }

    /// §877 in reverse: follows the back pointers from `end` to the paragraph's start.
    pub(super) fn collect(&self, nodes: &[Node], end: usize, pass: Pass, looseness: i32) -> (Vec<Break>, Stats) {
        let mut breaks = Vec::with_capacity(nodes[end].line);
        let mut k = end;
        while k != 0 {
            let (node, bp) = (&nodes[k], &self.bps[nodes[k].bp]);
            breaks.push(Break { position: bp.pos, ratio: node.ratio, hyphenated: bp.flagged });
            k = node.prev;
        }
        breaks.reverse();
        let stats = Stats {
            pass,
            demerits: nodes[end].demerits,
            overfull_lines: breaks.iter().filter(|b| b.ratio < -1.0).count(),
            overflow: nodes[end].overflow,
            hyphenated_lines: breaks.iter().filter(|b| b.hyphenated).count(),
            looseness,
        };
        (breaks, stats)
    }
}

/// The legal breakpoints, found in one backward scan so each knows the first box after it.
pub(super) fn breakpoints(items: &[Item]) -> Vec<Bp> {
    let start = Bp { pos: 0, start: 0, end: 0, width: 0.0, penalty: 0.0, flagged: false, forced: false };
    let Some(last) = items.len().checked_sub(1) else { return vec![start] };
    let mut bps = vec![final_break(items[last], last)];
    let mut next_box = if matches!(items[last], Item::Box { .. }) { last } else { last + 1 };
    let mut box_ahead = next_box == last;
    for i in (0..last).rev() {
        let (width, penalty, flagged) = match items[i] {
            Item::Box { .. } => {
                (next_box, box_ahead) = (i, true);
                continue;
            }
            // §868: glue is a legal break only right after a box.
            Item::Glue { .. } if i > 0 && matches!(items[i - 1], Item::Box { .. }) => (0.0, 0.0, false),
            Item::Penalty { width, penalty, flagged } if penalty < INFINITY => (finite(width), penalty, flagged),
            _ => continue,
        };
        let forced = penalty <= -INFINITY;
        // §816 drops a final space for the same reason: an optional break followed only by
        // discardables up to a forced break would set an empty line, e.g. a hyphen right before
        // the paragraph's end leaving an empty last line.
        if forced || box_ahead {
            bps.push(Bp { pos: i, start: next_box, end: i, width, penalty, flagged, forced });
        }
        box_ahead &= !forced;
    }
    bps.push(start);
    bps.reverse();
    bps
}

/// The paragraph ends with a forced break; if the caller's list does not, its last item acts as one.
pub(super) fn final_break(item: Item, last: usize) -> Bp {
    let (end, width, flagged) = match item {
        Item::Box { .. } => (last + 1, 0.0, false),
        Item::Glue { .. } => (last, 0.0, false),
        Item::Penalty { width, flagged, .. } => (last, finite(width), flagged),
    };
    Bp { pos: last, start: last + 1, end, width, penalty: -INFINITY, flagged, forced: true }
}

/// Stretch and shrink a line is lent in an emergency pass, in points.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Extra {
    pub(super) stretch: f64,
    pub(super) shrink: f64,
}

/// §108: 100·(t/s)³ capped at inf_bad; TeX's integer approximation gives way to the formula itself.
pub(super) fn badness(t: f64, s: f64) -> f64 {
    if t <= 0.0 {
        0.0
    } else if s <= 0.0 {
        INF_BAD
    } else {
        (100.0 * (t / s).powi(3)).min(INF_BAD)
    }
}

/// The badness formula without TeX's cap, so that among lines looser than inf_bad allows, a less
/// loose one still costs less; bounded so that demerits stay finite and ordered.
pub(super) fn loose_cost(t: f64, s: f64) -> f64 {
    if t <= 0.0 {
        0.0
    } else if s <= 0.0 {
        MAX_COST
    } else {
        (100.0 * (t / s).powi(3)).min(MAX_COST)
    }
}

/// The most a line's cost can reach in the emergency pass.
pub(super) const MAX_COST: f64 = 1e6;
