//! Lower bounds on the quality figures over every legal breaking of a paragraph: how few loose
//! lines, and how little spread of word spaces, any line breaker could reach under the house rules.
//!
//! # Why
//!
//! The breaker minimises TeX's demerits, a stand-in for the figures the report gives (the spread
//! of word spaces, loose lines, hyphenated line ends). When a text misses an aim, the question is
//! whether some other breaking would meet it or none can. This module answers it by optimising
//! the figures themselves over all breakings.
//!
//! # The relaxation
//!
//! Every line the paragraph could have (from one legal break to a later one) is given at least the
//! freedom the rules give it: glyph expansion may go to its limit either way on every line, and
//! letter-spacing to its limit on every line whose spaces would otherwise pass their full stretch
//! or shrink (the last resort); the limit on consecutive hyphens and the rule against a hyphen at
//! a column's foot are dropped; and the line's word spaces may take any width in the interval
//! those limits leave ([`Edge::lo`]..[`Edge::hi`]), not only the one `micro::fill` picks. A
//! line is left out only when it is overfull at every limit, or when it holds a single word too
//! short to fill the measure (a justified line with no space to stretch, a hole). Every setting
//! the rules allow is one of these, so a figure that none of them reaches is out of reach of any
//! breaker under the rules.
//!
//! # Breakings as paths
//!
//! Lines are the edges of a graph whose vertices are the legal breakpoints, and a breaking is a
//! path from the paragraph's start to its end. A figure that is a sum over lines is minimised over
//! all breakings by one sweep in breakpoint order (shortest path in an acyclic graph); the edges
//! are found once per paragraph ([`Graph::new`]) and each sweep ([`Graph::least`]) only adds.
//!
//! # Shares: Dinkelbach's method
//!
//! The loose share and the variance are ratios: a sum over lines divided by the number of lines
//! counted, which depends on the breaking too. The least ratio N(B)/D(B) over breakings B is found
//! by Dinkelbach's method ([`least_ratio`]): guess t, find the breaking that minimises N − t·D (a
//! sum over lines, so one sweep); if that minimum is 0, t is the least ratio, otherwise t becomes
//! that breaking's own ratio, which is strictly smaller. It ends in a handful of sweeps.
//!
//! # The spread of word spaces
//!
//! For a breaking whose n counted lines have ratios rᵢ, the variance is minₘ Σ(rᵢ − m)²/n, the
//! minimum at the mean. For a fixed centre m the least a line can add is the square of its
//! distance to its interval of ratios, so the least variance around m is a ratio of sums as
//! above. The centre is scanned in cells of width h; the distance to an interval moves by at most
//! h/2 inside a cell, so distances lowered by h/2 bound the whole cell ([`least_spread`]).
//!
//! Alone, the spread has a useless minimum: a breaking that sets every line equally loose has
//! none. The aims are joint, so the spread is bounded among breakings whose loose share is at
//! most a given `a` (Lagrange): if for some λ ≥ 0 every breaking has
//! Σ(d² − σ²) + λ·Σ(ℓ − a) > 0, summed over counted lines with ℓ = 1 for a line loose at every
//! setting, no breaking has both a variance under σ² around m and a loose share under `a`. Such a
//! breaking's mean is at most 1.5 + σ/√(1 − a), since its lines at 1.5 or less, a share of at
//! least 1 − a, each add (m − 1.5)² to the variance; the scan ends there.

use super::para::Para;
use super::{EPS, Item};
use crate::text::quality::{LOOSE, TIGHT};

/// One line a paragraph could have, ending at the breakpoint whose edges hold it.
#[derive(Clone, Copy, Debug)]
pub struct Edge {
    /// The breakpoint the line starts after.
    pub from: u32,
    /// Least space ratio the line can be set at.
    pub lo: f32,
    /// Greatest space ratio the line can be set at.
    pub hi: f32,
    /// Justified with at least one space, so it has a space ratio in the report.
    pub counted: bool,
    /// Letter-spaced however it is set: glyphs and spaces at their limits cannot set it.
    pub letters: bool,
}

impl Edge {
    /// Loose however it is set.
    pub fn loose(&self) -> bool {
        self.counted && f64::from(self.lo) > LOOSE + 1e-9
    }

    /// Tight however it is set: its spaces cannot open to `TIGHT` times natural.
    pub fn tight(&self) -> bool {
        self.counted && f64::from(self.hi) < TIGHT - 1e-9
    }

    /// Distance from `m` to the ratios the line can take.
    pub fn distance(&self, m: f64) -> f64 {
        (f64::from(self.lo) - m).max(m - f64::from(self.hi)).max(0.0)
    }
}

/// Every line a paragraph could have: `edges[starts[b]..starts[b + 1]]` end at breakpoint `b`.
pub struct Graph {
    starts: Vec<u32>,
    edges: Vec<Edge>,
}

/// What the rules allow a line, in fractions.
#[derive(Clone, Copy, Debug)]
pub struct Room {
    /// Glyph expansion, as a fraction of the letters' width, either way.
    pub expansion: f64,
    /// Letter-spacing, as a fraction of the letters' width, either way; only for a line whose
    /// spaces would otherwise pass their full stretch or shrink (the last resort).
    pub letterspace: f64,
    /// How far a word space stretches at full stretch, as a fraction of the space: the items'
    /// stretch divided by this is the natural width of the line's spaces.
    pub space_stretch: f64,
}

impl Graph {
    /// The lines of the paragraph `items` (as the setter builds them) at measure `width`.
    pub fn new(items: &[Item], width: f64, room: Room) -> Graph {
        let para = Para::new(items, 0.0);
        let last = para.bps.len() - 1;
        let mut starts = vec![0u32];
        let mut edges = Vec::new();
        for to in 1..para.bps.len() {
            // Lines ending here only grow as their start moves back; none jumps a forced break.
            for from in (0..to).rev() {
                match edge(&para, from, to, width, room, to == last) {
                    Some(Some(e)) => edges.push(e),
                    Some(None) => {}
                    None => break,
                }
                if para.bps[from].forced {
                    break;
                }
            }
            starts.push(edges.len() as u32);
        }
        Graph { starts, edges }
    }

    /// The least sum of `cost` over the lines of any breaking, with the sums of `tally` along it;
    /// `None` when no breaking avoids overfull lines and holes.
    pub fn least<const K: usize>(
        &self,
        cost: impl Fn(&Edge) -> f64,
        tally: impl Fn(&Edge) -> [f64; K],
    ) -> Option<(f64, [f64; K])> {
        let n = self.starts.len();
        let mut best = vec![f64::INFINITY; n];
        let mut via = vec![u32::MAX; n];
        best[0] = 0.0;
        for b in 1..n {
            for k in self.starts[b - 1]..self.starts[b] {
                let e = &self.edges[k as usize];
                let c = best[e.from as usize] + cost(e);
                if c < best[b] {
                    (best[b], via[b]) = (c, k);
                }
            }
        }
        if !best[n - 1].is_finite() {
            return None;
        }
        let mut sums = [0.0; K];
        let mut b = n - 1;
        while b != 0 {
            let e = &self.edges[via[b] as usize];
            for (s, t) in sums.iter_mut().zip(tally(e)) {
                *s += t;
            }
            b = e.from as usize;
        }
        Some((best[n - 1], sums))
    }

    /// Lines in the graph, for sizing reports.
    pub fn len(&self) -> usize {
        self.edges.len()
    }

    /// Whether the paragraph has no line at all.
    pub fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }
}

/// The line from breakpoint `from` to `to`: `None` when it is overfull at every limit (so is any
/// line starting earlier), `Some(None)` when it is a hole, else the line.
fn edge(para: &Para, from: usize, to: usize, width: f64, room: Room, last: bool) -> Option<Option<Edge>> {
    let m = para.line(from, to);
    let slack = width - m.width;
    let glyphs = room.expansion * m.boxes;
    let letters = glyphs + room.letterspace * m.boxes;
    if slack + letters + m.shrink < -EPS {
        return None;
    }
    let spaces = if room.space_stretch > 0.0 { m.stretch / room.space_stretch } else { 0.0 };
    let whole = |counted| Some(Some(Edge { from: from as u32, lo: 1.0, hi: 1.0, counted, letters: false }));
    if last {
        return whole(false);
    }
    if spaces <= EPS {
        return if slack <= letters + EPS { whole(false) } else { Some(None) };
    }
    // Letter-spacing only where glyphs and spaces at their limits cannot set the line.
    let needs_letters = slack - glyphs > m.stretch + EPS || slack + glyphs + m.shrink < -EPS;
    let room = if needs_letters { letters } else { glyphs };
    let lo = 1.0 + (slack - room).max(-m.shrink) / spaces;
    let hi = 1.0 + (slack + room) / spaces;
    Some(Some(Edge { from: from as u32, lo: lo as f32, hi: hi as f32, counted: true, letters: needs_letters }))
}

/// Dinkelbach's method over many paragraphs: the least Σnum / Σden over breakings of each,
/// where `den` ≥ 0 and some breaking has Σden > 0. `None` if a paragraph has no breaking.
pub fn least_ratio(graphs: &[Graph], num: impl Fn(&Edge) -> f64, den: impl Fn(&Edge) -> f64) -> Option<f64> {
    let sweep = |t: f64| -> Option<(f64, f64, f64)> {
        let mut total = (0.0, 0.0, 0.0);
        for g in graphs {
            let (v, [n, d]) = g.least(|e| num(e) - t * den(e), |e| [num(e), den(e)])?;
            total = (total.0 + v, total.1 + n, total.2 + d);
        }
        Some(total)
    };
    // Start from the ratio of the breakings that minimise `num` alone; each sweep then finds a
    // breaking with a smaller ratio, until none is smaller.
    let (_, n, d) = sweep(0.0)?;
    if d <= 0.0 {
        return Some(0.0);
    }
    let mut t = n / d;
    for _ in 0..100 {
        let (value, n, d) = sweep(t)?;
        if d <= 0.0 || value >= -1e-9 * d.max(1.0) {
            return Some(t);
        }
        t = n / d;
    }
    Some(t)
}

/// The least share of counted lines that must be loose, over every breaking of every paragraph.
pub fn least_loose_share(graphs: &[Graph]) -> Option<f64> {
    least_share(graphs, Edge::loose)
}

/// The least share of counted lines for which `which` holds, over every breaking of every
/// paragraph: e.g. lines letter-spaced or loose, the two ways a line past its spaces' limits can go.
pub fn least_share(graphs: &[Graph], which: impl Fn(&Edge) -> bool) -> Option<f64> {
    least_ratio(graphs, |e| if e.counted && which(e) { 1.0 } else { 0.0 }, |e| if e.counted { 1.0 } else { 0.0 })
}

/// The least standard deviation of space ratios any breaking can have with at most a share
/// `loose` of its counted lines loose, scanning centres in cells of `cell`; `None` if a paragraph
/// has no breaking. See the module's notes for why the bound holds over each whole cell.
pub fn least_spread(graphs: &[Graph], loose: f64, cell: f64) -> Option<f64> {
    let lowest = graphs.iter().flat_map(|g| g.edges.iter()).filter(|e| e.counted).map(|e| f64::from(e.lo));
    let lowest = lowest.fold(f64::INFINITY, f64::min);
    if !lowest.is_finite() {
        return Some(0.0);
    }
    let highest = graphs.iter().flat_map(|g| g.edges.iter()).filter(|e| e.counted).map(|e| f64::from(e.hi));
    let highest = highest.fold(f64::NEG_INFINITY, f64::max);
    // Ratios within [lowest, highest] spread by at most half that range: start there, come down.
    let mut best: f64 = (highest - lowest) / 2.0 + cell;
    let mut m = lowest + cell / 2.0;
    let top = |best: f64| if loose < 1.0 { highest.min(LOOSE + best / (1.0 - loose).sqrt()) } else { highest };
    while m - cell / 2.0 <= top(best) {
        if !beyond(graphs, m, cell, best * best, loose)? {
            let (mut lo, mut hi) = (0.0, best * best);
            for _ in 0..20 {
                let mid = (lo + hi) / 2.0;
                if beyond(graphs, m, cell, mid, loose)? { lo = mid } else { hi = mid }
            }
            best = lo.sqrt();
        }
        m += cell;
    }
    Some(best)
}

/// Multipliers tried for the loose-share constraint; 0 drops it.
const LAMBDAS: [f64; 9] = [0.0, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0];

/// Whether every breaking whose centre lies in the cell around `m`, with loose share at most
/// `loose`, has a variance above `var`: some multiplier makes the Lagrangian positive.
fn beyond(graphs: &[Graph], m: f64, cell: f64, var: f64, loose: f64) -> Option<bool> {
    for lambda in LAMBDAS {
        let cost = |e: &Edge| {
            if !e.counted {
                return 0.0;
            }
            let d = (e.distance(m) - cell / 2.0).max(0.0);
            let l = if e.loose() { 1.0 } else { 0.0 };
            d * d - var + lambda * (l - loose)
        };
        let mut total = 0.0;
        for g in graphs {
            total += g.least(cost, |_| [0.0; 0])?.0;
        }
        if total > 0.0 {
            return Some(true);
        }
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph of words of the given widths, spaces of 3 pt stretching by half and shrinking
    /// by a third, ending as the setter ends one.
    fn para(words: &[f64]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in words.iter().enumerate() {
            if i > 0 {
                items.push(Item::Glue { width: 3.0, stretch: 1.5, shrink: 1.0 });
            }
            items.push(Item::Box { width: w });
        }
        items.push(Item::Glue { width: 0.0, stretch: 1e6, shrink: 0.0 });
        items.push(Item::Penalty { width: 0.0, penalty: -10000.0, flagged: false });
        items
    }

    const ROOM: Room = Room { expansion: 0.02, letterspace: 0.03, space_stretch: 0.5 };

    /// Every breaking by brute force: the lines' (lo, hi, counted) for each, holes and overfull
    /// lines excluded, computed from the widths directly rather than from the prefix sums.
    fn all_breakings(words: &[f64], width: f64) -> Vec<Vec<(f64, f64, bool)>> {
        let n = words.len();
        let mut out = Vec::new();
        for mask in 0u32..(1 << (n - 1)) {
            let mut lines = Vec::new();
            let mut start = 0;
            let mut ok = true;
            for i in 0..n {
                let end_here = i == n - 1 || mask & (1 << i) != 0;
                if !end_here {
                    continue;
                }
                let ws = &words[start..=i];
                let boxes: f64 = ws.iter().sum();
                let gaps = (ws.len() - 1) as f64;
                let slack = width - boxes - 3.0 * gaps;
                let letters = 0.05 * boxes;
                if slack + letters + gaps < -1e-9 {
                    ok = false;
                }
                let last = i == n - 1;
                if !last && gaps == 0.0 && slack > letters + 1e-9 {
                    ok = false;
                }
                let spaces = 3.0 * gaps;
                if !last && gaps > 0.0 {
                    let glyphs = 0.02 * boxes;
                    let room =
                        if slack - glyphs > 1.5 * gaps || slack + glyphs + gaps < 0.0 { letters } else { glyphs };
                    let lo = 1.0 + (slack - room).max(-gaps) / spaces;
                    let hi = 1.0 + (slack + room) / spaces;
                    lines.push((lo, hi, true));
                } else {
                    lines.push((1.0, 1.0, false));
                }
                start = i + 1;
            }
            if ok {
                out.push(lines);
            }
        }
        out
    }

    fn words() -> Vec<Vec<f64>> {
        vec![
            vec![20.0, 31.0, 12.0, 44.0, 9.0, 27.0, 35.0, 18.0, 22.0, 40.0],
            vec![60.0, 8.0, 8.0, 70.0, 15.0, 15.0, 15.0, 33.0, 50.0, 11.0, 26.0],
            vec![90.0, 5.0, 41.0, 38.0, 12.0, 12.0, 64.0, 7.0, 29.0],
        ]
    }

    #[test]
    fn the_sweep_finds_the_least_sum_brute_force_finds() {
        for ws in words() {
            for width in [95.0, 120.0, 150.0] {
                let g = Graph::new(&para(&ws), width, ROOM);
                let cost = |lo: f64, hi: f64, counted: bool| {
                    if counted { ((lo - 1.1).max(1.1 - hi).max(0.0)).powi(2) + 0.1 } else { 0.0 }
                };
                let brute = all_breakings(&ws, width)
                    .iter()
                    .map(|b| b.iter().map(|&(lo, hi, c)| cost(lo, hi, c)).sum::<f64>())
                    .fold(f64::INFINITY, f64::min);
                let swept = g.least(|e| cost(e.lo.into(), e.hi.into(), e.counted), |_| [0.0; 0]).map(|r| r.0);
                match swept {
                    Some(s) => assert!((s - brute).abs() < 1e-4, "{ws:?} at {width}: {s} vs {brute}"),
                    None => assert!(brute.is_infinite()),
                }
            }
        }
    }

    #[test]
    fn dinkelbach_finds_the_least_share_of_loose_lines() {
        let mut some_loose = false;
        for ws in words() {
            for width in [95.0, 120.0, 150.0] {
                let graphs = [Graph::new(&para(&ws), width, ROOM)];
                let brute = all_breakings(&ws, width)
                    .iter()
                    .map(|b| {
                        let counted = b.iter().filter(|l| l.2).count();
                        let loose = b.iter().filter(|l| l.2 && l.0 > LOOSE + 1e-9).count();
                        if counted == 0 { 0.0 } else { loose as f64 / counted as f64 }
                    })
                    .fold(f64::INFINITY, f64::min);
                let share = least_loose_share(&graphs);
                assert_eq!(share.is_some(), brute.is_finite());
                if let Some(share) = share {
                    assert!((share - brute).abs() < 1e-6, "{ws:?} at {width}: {share} vs {brute}");
                    some_loose |= share > 0.0;
                }
            }
        }
        assert!(some_loose, "the cases include paragraphs that must have a loose line");
    }

    /// The least sd of one breaking over the ratios its lines can take: for a centre m each line
    /// takes the ratio nearest m, and the centre is scanned finely.
    fn least_sd_of(lines: &[(f64, f64, bool)]) -> f64 {
        let counted: Vec<_> = lines.iter().filter(|l| l.2).collect();
        let lo = counted.iter().map(|l| l.0).fold(f64::INFINITY, f64::min);
        let hi = counted.iter().map(|l| l.1).fold(f64::NEG_INFINITY, f64::max);
        (0..=20_000)
            .map(|k| {
                let m = lo + (hi - lo) * k as f64 / 20_000.0;
                let d2: f64 = counted.iter().map(|l| (l.0 - m).max(m - l.1).max(0.0).powi(2)).sum();
                (d2 / counted.len() as f64).sqrt()
            })
            .fold(f64::INFINITY, f64::min)
    }

    #[test]
    fn the_spread_bound_is_the_least_spread_of_any_breaking() {
        let mut cases = 0;
        for ws in words() {
            for width in [95.0, 120.0, 150.0] {
                let graphs = [Graph::new(&para(&ws), width, ROOM)];
                let breakings: Vec<_> =
                    all_breakings(&ws, width).into_iter().filter(|b| b.iter().any(|l| l.2)).collect();
                if breakings.len() != all_breakings(&ws, width).len() || breakings.is_empty() {
                    continue;
                }
                let exact = breakings.iter().map(|b| least_sd_of(b)).fold(f64::INFINITY, f64::min);
                let bound = least_spread(&graphs, 1.0, 0.01).unwrap();
                // Lowering distances by half a cell costs at most that much.
                assert!(bound <= exact + 1e-3 && bound >= exact - 0.006, "{ws:?} at {width}: {bound} vs {exact}");
                // With no loose line allowed, no breaking without one spreads less than the bound.
                let strict = least_spread(&graphs, 0.0, 0.01).unwrap();
                let tight = breakings.iter().filter(|b| !b.iter().any(|l| l.2 && l.0 > LOOSE + 1e-9));
                let exact_strict = tight.map(|b| least_sd_of(b)).fold(f64::INFINITY, f64::min);
                assert!(strict >= bound - 1e-9 && strict <= exact_strict + 1e-3, "{strict} vs {exact_strict}");
                cases += 1;
            }
        }
        assert!(cases >= 5, "{cases} cases compared");
    }
}
