//! Knuth–Plass total-fit line breaking over boxes, glue and penalties.
//!
//! # How the breaker works
//!
//! A paragraph is a list of [`Item`]s as in TeX (§135 ff.): boxes of fixed width, glue that can
//! stretch and shrink, and penalties that mark optional breaks and their cost. A line may end at a
//! glue that follows a box or at a penalty below [`INFINITY`] (§866, §868); the glue and penalties
//! after a break vanish at the start of the next line (§837).
//!
//! **Why total fit.** A first-fit breaker fills each line as far as it goes and never looks back,
//! so one greedy choice (a tight line that pulls up a word) can force a string of loose lines
//! further down. Knuth and Plass treat the paragraph as a shortest path instead: legal breakpoints
//! are vertices, a line between two of them is an edge weighted by its demerits (§859: badness,
//! penalty, and charges for consecutive hyphens or for a tight line next to a very loose one), and
//! the paragraph is the cheapest path from its start to its final forced break. A line's demerits
//! depend only on its two ends and on the state the previous line left, so dynamic programming
//! finds the optimum in one sweep from left to right.
//!
//! **The active list.** The sweep keeps, in the active list, the breakpoints from which a line
//! could still reach the current position, each with the cheapest way found to get there (total
//! demerits and a pointer to the previous break). At every legal breakpoint a line is tried from
//! every active node (`try_break`, §829); for each class of feasible line the cheapest becomes a
//! new active node (§836, §855). A node leaves the list once its line is overfull, since the line
//! can only grow, and at every forced break, since no line may jump one (§851, §860). The list thus
//! spans about one line of text and the sweep is linear in the length of the paragraph. Beyond
//! TeX, a candidate is also dropped when another at the same break stays cheaper after the most
//! its fitness class or hyphen run could save later (`Search::prune`): still exact, and it keeps
//! the loose emergency pass lean.
//!
//! **What makes two nodes the same.** Two ways of reaching a breakpoint may be merged only if the
//! rest of the paragraph costs them the same. That depends on the fitness class of the line just
//! ended (§817, adj_demerits), on the run of hyphenated lines it closes (double-hyphen demerits and
//! the hard limit on consecutive hyphens), and on the number of the next line, whose width and
//! hyphen permission come from the [`LineShape`]. Like TeX's `easy_line` (§848) we merge line
//! numbers only past the last line that differs from its successors, probing the shape up front
//! for every line the paragraph could have, and never when `looseness` is set, since then the line
//! count itself matters.
//!
//! **Glyph expansion** (pdfTeX's hz) lets every box stretch and shrink by `expansion` × its width;
//! a line is rated on its whole stretch, glyphs and spaces together, as in pdfTeX. (Placement then
//! spends the glyphs' share first, see `text::micro`; rating lines on the spaces alone was tried and
//! gave more loose lines, since lines that glyphs alone can fill all rate zero and the search no
//! longer tells them apart.)
//!
//! **Passes** (§863). (1) If `pretolerance >= 0`, a pass that does not hyphenate (flagged penalties
//! are not breaks) and admits lines of badness up to `pretolerance`; most paragraphs set well
//! without hyphens. (2) A pass with hyphenation and `tolerance`. (3) An emergency pass whose
//! badness counts extra stretch per line (`emergency_stretch`; when it is 0, what letter-spacing
//! can give, see `Search::extra`), so loose lines become admissible; reported ratios still use
//! the real stretch. Unlike TeX,
//! the emergency pass charges each line for its real looseness (badness from the real stretch,
//! not capped at inf_bad), so among admissible breaks it still picks the evenest. (4) A last
//! resort admitting every line, overfull ones included, that minimises total overflow first and
//! demerits second; as in §854 an overfull line is only tried as the shortest overfull line from
//! its start, which is what a word wider than the measure needs. No text is ever dropped.
//! Looseness (§875) is taken from the first pass within tolerance that achieves it; unlike TeX, it
//! never reaches the emergency pass (a paragraph that needs that pass is set with looseness 0),
//! and it never leaves a last line under a fifth of the measure.

#[path = "breaker_bound.rs"]
pub mod bound;
#[path = "breaker_para.rs"]
mod para;
use para::{Bp, Extra, Fit, Para, Sums};

/// The shortest last line a paragraph set with looseness may have, as a fraction of the measure.
const MIN_LAST_LINE: f64 = 0.2;

/// One element of a paragraph, as in TeX (§135 ff.). Widths in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Item {
    /// Material of fixed width: a word or a piece of one.
    Box {
        /// Its width.
        width: f64,
    },
    /// Space that stretches and shrinks; a legal break when it follows a box.
    Glue {
        /// Natural width.
        width: f64,
        /// How far it may stretch.
        stretch: f64,
        /// How far it may shrink.
        shrink: f64,
    },
    /// An optional break.
    Penalty {
        /// Width of what the line gets when it ends here (a hyphen), else 0.
        width: f64,
        /// Its cost; at least `INFINITY` forbids the break, at most `-INFINITY` forces it.
        penalty: f64,
        /// Marks hyphens, so that two in a row cost more (TeX's flagged penalties).
        flagged: bool,
    },
}

/// A penalty >= `INFINITY` forbids a break; one <= `-INFINITY` forces it.
pub const INFINITY: f64 = 10000.0;
/// §108: the badness of a line that cannot stretch enough, and the cap on every badness.
const INF_BAD: f64 = 10000.0;
/// Widths come from differences of prefix sums, so a line that fits exactly may miss by a rounding error.
const EPS: f64 = 1e-9;
/// §817: fitness classes, so that a very loose line next to a tight one can be charged.
const VERY_LOOSE: u8 = 0;
const LOOSE: u8 = 1;
const DECENT: u8 = 2;
const TIGHT: u8 = 3;

/// How hard to look and what to charge, as TeX's parameters of the same names.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Highest badness admitted in the second and emergency passes (TeX's \tolerance).
    pub tolerance: f64,
    /// Highest badness admitted in the first pass, which does not hyphenate; < 0 skips that pass.
    pub pretolerance: f64,
    /// Added to every line's badness before squaring (\linepenalty).
    pub line_penalty: f64,
    /// For adjacent lines whose fitness classes are more than one apart (\adjdemerits).
    pub adj_demerits: f64,
    /// For two hyphenated lines in a row (\doublehyphendemerits).
    pub double_hyphen_demerits: f64,
    /// For a hyphen on the paragraph's next-to-last line (\finalhyphendemerits).
    pub final_hyphen_demerits: f64,
    /// Most hyphenated lines allowed in a row; 0 means no limit.
    pub max_consecutive_hyphens: usize,
    /// Extra stretch per line in the emergency pass, in points; 0 means what letter-spacing can
    /// give (`letterspace`), or 15% of the line's width when that is off too.
    pub emergency_stretch: f64,
    /// Letter-spacing the emergency pass may use, as a fraction of the boxes' width, in both
    /// directions: the last resort before a line is let loose or overfull.
    pub letterspace: f64,
    /// Lines to add (or remove, if negative) relative to the optimum, when feasible (\looseness).
    pub looseness: i32,
    /// Beyond TeX: charged for every line the last pass must let past `tolerance`, i.e. a line
    /// whose spaces end up over their full stretch (see `Search::loose_charge`); 0 turns it off.
    pub loose_demerits: f64,
    /// Beyond TeX: charged in the last pass for every line that only letter-spacing can set (its
    /// spaces past their full stretch or shrink); 0 turns it off.
    pub letter_demerits: f64,
    /// Beyond TeX: charged for every line whose word spaces shrink past `tight_squeeze` of their
    /// shrink (after the glyphs have shrunk their most): a tight line in the report; 0 turns it off.
    pub tight_demerits: f64,
    /// See `tight_demerits`: the share of the spaces' shrink past which a line is tight.
    pub tight_squeeze: f64,
    /// Glyph expansion (pdfTeX's \pdfadjustspacing with \pdffontexpand): every box may stretch and
    /// shrink by this fraction of its width; 0 turns it off.
    pub expansion: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            tolerance: 200.0,
            pretolerance: 100.0,
            line_penalty: 10.0,
            adj_demerits: 10000.0,
            double_hyphen_demerits: 3000.0,
            final_hyphen_demerits: 5000.0,
            max_consecutive_hyphens: 2,
            emergency_stretch: 0.0,
            letterspace: 0.0,
            looseness: 0,
            loose_demerits: 0.0,
            letter_demerits: 0.0,
            tight_demerits: 0.0,
            tight_squeeze: 1.0,
            expansion: 0.0,
        }
    }
}

/// A chosen break: the index of the item where the line ends (a glue or penalty index, or
/// items.len()-1 for the final forced break) and the line's adjustment ratio r (r>0 stretch, r<0
/// shrink; r < -1 means overfull, and is -inf when the line has no shrink at all). A line with
/// nothing to stretch (or infinite stretch) gets r = 0, as TeX sets it.
#[derive(Clone, Debug, PartialEq)]
pub struct Break {
    /// Item index of the break.
    pub position: usize,
    /// Adjustment ratio of the line ending here.
    pub ratio: f64,
    /// The line ends at a flagged penalty.
    pub hyphenated: bool,
}

/// What the caller knows about each line: its width, and whether a hyphen is forbidden at its end
/// (e.g. the last line of a column). Lines are numbered from 0.
pub trait LineShape {
    /// Width of line `line`, in points.
    fn width(&self, line: usize) -> f64;
    /// Whether line `line` may end with a hyphen.
    fn hyphen_allowed(&self, _line: usize) -> bool {
        true
    }
}

impl<F: Fn(usize) -> f64> LineShape for F {
    fn width(&self, line: usize) -> f64 {
        self(line)
    }
}

/// The pass that produced the breaks (§863).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// No hyphenation, badness within `pretolerance`.
    First,
    /// Hyphenation, badness within `tolerance`.
    Second,
    /// As `Second`, with emergency stretch.
    Emergency,
    /// Last resort: overfull lines admitted.
    Overfull,
}

/// How a paragraph came out, for quality reports.
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    /// The pass that succeeded.
    pub pass: Pass,
    /// Total demerits, as counted in that pass.
    pub demerits: f64,
    /// Lines wider than their measure even at full shrink.
    pub overfull_lines: usize,
    /// Points by which those lines stick out, summed.
    pub overflow: f64,
    /// Lines ending with a hyphen.
    pub hyphenated_lines: usize,
    /// Lines added (negative: removed) relative to the optimum at `looseness` != 0 (§875).
    pub looseness: i32,
}

/// Breaks the paragraph. The caller ends the item list with Glue{0, big stretch "parfillskip", 0}
/// and Penalty{-INFINITY} as TeX does; if the list does not end in a forced break, its end acts as one.
pub fn break_lines(items: &[Item], shape: &dyn LineShape, params: &Params) -> Vec<Break> {
    break_lines_with_stats(items, shape, params).0
}

/// [`break_lines`], also telling which pass succeeded and how good the result is.
pub fn break_lines_with_stats(items: &[Item], shape: &dyn LineShape, params: &Params) -> (Vec<Break>, Stats) {
    let empty =
        Stats { pass: Pass::First, demerits: 0.0, overfull_lines: 0, overflow: 0.0, hyphenated_lines: 0, looseness: 0 };
    let para = Para::new(items, params.expansion);
    if para.bps.len() < 2 {
        return (Vec::new(), empty);
    }
    let lines = Lines::probe(shape, para.bps.len() - 1, params.looseness != 0);
    let mut ws = Workspace::default();
    let mut fallback = None;
    for pass in [Pass::First, Pass::Second, Pass::Emergency, Pass::Overfull] {
        if pass == Pass::First && params.pretolerance < 0.0 {
            continue;
        }
        if pass == Pass::Overfull && fallback.is_some() {
            break;
        }
        if pass == Pass::Emergency && params.looseness != 0 {
            // Looseness is asked for to save a column, never at the price of loose lines, and the
            // emergency pass without merged line numbers is the costliest search there is (12 ms
            // for 17 lines, against 0.5): a paragraph that needs that pass is set without it.
            return match fallback {
                Some(found) => found,
                None => break_lines_with_stats(items, shape, &Params { looseness: 0, ..*params }),
            };
        }
        let search = Search { para: &para, lines: &lines, params, cfg: PassCfg::new(pass, params) };
        if !search.run(&mut ws) {
            continue;
        }
        let (end, achieved) = choose_end(&ws.nodes, &ws.active, params.looseness);
        let result = para.collect(&ws.nodes, end, pass, achieved);
        if achieved == params.looseness {
            return result;
        }
        fallback = Some(result);
    }
    // The last pass always finds a sequence (every node keeps a way forward), so this is the
    // looseness fallback and never an empty result for a non-empty paragraph.
    fallback.unwrap_or((Vec::new(), empty))
}

/// Total demerits (§859) of the paragraph broken at `positions`, counted as the second pass
/// counts them: no emergency stretch, and overfull lines at inf_bad. Hyphen rules are not checked.
/// Returns `f64::INFINITY` unless `positions` are increasing legal breaks that skip no forced
/// break and end at the last item.
pub fn total_demerits(items: &[Item], shape: &dyn LineShape, params: &Params, positions: &[usize]) -> f64 {
    let para = Para::new(items, params.expansion);
    let last = para.bps.len() - 1;
    let (mut from, mut run, mut fitness, mut total) = (0, 0, DECENT, 0.0);
    for (line, &pos) in positions.iter().enumerate() {
        let Some(to) = para.bp_at(pos).filter(|&to| to > from && !para.skips_forced(from, to)) else {
            return f64::INFINITY;
        };
        let fit = para.fit(from, to, shape.width(line), &|_| Extra::default());
        let bp = &para.bps[to];
        total += demerits(params, &fit, bp, run, fitness, to == last);
        (from, run, fitness) = (to, next_run(bp, run, params), fit.fitness);
    }
    if from == last { total } else { f64::INFINITY }
}

/// §859: the demerits of one line, given the hyphen run and fitness of the line before it.
fn demerits(p: &Params, fit: &Fit, bp: &Bp, prev_run: usize, prev_fitness: u8, last: bool) -> f64 {
    let base = p.line_penalty + fit.cost;
    let mut d = if fit.cost >= INF_BAD && fit.overflow > 0.0 { 1e8 } else { base * base };
    if !bp.forced {
        // A positive penalty adds its square, a negative one (an encouraged break) subtracts it.
        d += bp.penalty * bp.penalty.abs();
    }
    // §873 tries the final break as "hyphenated" precisely so this charges final_hyphen_demerits.
    if prev_run > 0 && (last || bp.flagged) {
        d += if last { p.final_hyphen_demerits } else { p.double_hyphen_demerits };
    }
    if prev_fitness.abs_diff(fit.fitness) > 1 {
        d += p.adj_demerits;
    }
    d
}

/// Length of the hyphen run a break at `bp` closes; with no limit only "some" matters, and
/// capping it keeps the number of node classes small.
fn next_run(bp: &Bp, prev: usize, p: &Params) -> usize {
    match (bp.flagged, p.max_consecutive_hyphens) {
        (false, _) => 0,
        (true, 0) => 1,
        (true, _) => prev + 1,
    }
}

/// The width and hyphen permission of every line the paragraph could need, probed once.
struct Lines {
    width: Vec<f64>,
    hyphen: Vec<bool>,
    /// §848: lines from here on are interchangeable, so nodes need not tell them apart.
    easy: usize,
}

impl Lines {
    fn probe(shape: &dyn LineShape, count: usize, distinct: bool) -> Lines {
        let width: Vec<f64> = (0..count).map(|l| shape.width(l)).collect();
        let hyphen: Vec<bool> = (0..count).map(|l| shape.hyphen_allowed(l)).collect();
        let mut easy = count - 1;
        while easy > 0 && width[easy - 1] == width[easy] && hyphen[easy - 1] == hyphen[easy] {
            easy -= 1;
        }
        Lines { width, hyphen, easy: if distinct { usize::MAX } else { easy } }
    }

    fn width(&self, line: usize) -> f64 {
        self.width[line.min(self.width.len() - 1)]
    }

    fn class(&self, line: usize) -> usize {
        line.min(self.easy)
    }

    fn hyphen_ok(&self, line: usize, run: usize, p: &Params) -> bool {
        let limit = p.max_consecutive_hyphens;
        self.hyphen[line.min(self.hyphen.len() - 1)] && (limit == 0 || run < limit)
    }
}

/// A way of reaching a breakpoint (§819): TeX's active and passive node in one.
#[derive(Clone, Copy, Debug)]
struct Node {
    bp: usize,
    /// Lines ended so far, i.e. the number of the next line.
    line: usize,
    fitness: u8,
    run: usize,
    prev: usize,
    demerits: f64,
    overflow: f64,
    ratio: f64,
}

/// Less total overflow first (only the last pass has any), then fewer demerits.
fn cheaper(a: &Node, b: &Node) -> bool {
    if (a.overflow - b.overflow).abs() > EPS { a.overflow < b.overflow } else { a.demerits < b.demerits }
}

/// Buffers reused across passes: all nodes ever created, the active ones, and the candidates
/// at the current breakpoint.
#[derive(Default)]
struct Workspace {
    nodes: Vec<Node>,
    active: Vec<usize>,
    cands: Vec<Node>,
}

#[derive(Clone, Copy, Debug)]
struct PassCfg {
    threshold: f64,
    hyphenate: bool,
    emergency: bool,
    overfull: bool,
}

impl PassCfg {
    /// §863; TeX caps the threshold at inf_bad, so lines of infinite badness stay admissible if asked.
    fn new(pass: Pass, p: &Params) -> PassCfg {
        let (threshold, hyphenate, emergency, overfull) = match pass {
            Pass::First => (p.pretolerance.min(INF_BAD), false, false, false),
            Pass::Second => (p.tolerance.min(INF_BAD), true, false, false),
            Pass::Emergency => (p.tolerance.min(INF_BAD), true, true, false),
            Pass::Overfull => (f64::INFINITY, true, true, true),
        };
        PassCfg { threshold, hyphenate, emergency, overfull }
    }
}

struct Search<'a> {
    para: &'a Para,
    lines: &'a Lines,
    params: &'a Params,
    cfg: PassCfg,
}

impl Search<'_> {
    /// One pass over the paragraph; false if the active list ran dry. On success the active
    /// list holds exactly the nodes at the final break.
    fn run(&self, ws: &mut Workspace) -> bool {
        ws.nodes.clear();
        ws.active.clear();
        // §864: the paragraph starts as if after a decent, unhyphenated line.
        let start = Node { bp: 0, line: 0, fitness: DECENT, run: 0, prev: 0, demerits: 0.0, overflow: 0.0, ratio: 0.0 };
        ws.nodes.push(start);
        ws.active.push(0);
        for b in 1..self.para.bps.len() {
            let bp = &self.para.bps[b];
            // §866: TeX hyphenates only from the second pass on.
            if bp.flagged && !bp.forced && !self.cfg.hyphenate {
                continue;
            }
            ws.cands.clear();
            let mut kept = 0;
            for k in 0..ws.active.len() {
                let a = ws.active[k];
                if self.try_break(a, b, ws) {
                    ws.active[kept] = a;
                    kept += 1;
                }
            }
            ws.active.truncate(kept);
            self.prune(&mut ws.cands);
            // §836: the best candidate of each class becomes active.
            for cand in ws.cands.drain(..) {
                ws.active.push(ws.nodes.len());
                ws.nodes.push(cand);
            }
            if ws.active.is_empty() {
                return false;
            }
        }
        true
    }

    /// §829, §851: tries the line from active node `a` to breakpoint `b`; says whether `a` stays active.
    fn try_break(&self, a: usize, b: usize, ws: &mut Workspace) -> bool {
        let from = ws.nodes[a];
        let bp = &self.para.bps[b];
        let width = self.lines.width(from.line);
        let fit = self.para.fit(from.bp, b, width, &|m| self.extra(m, width));
        let overfull = fit.overflow > 0.0;
        let allowed = bp.forced || !bp.flagged || self.lines.hyphen_ok(from.line, from.run, self.params);
        let admissible = if overfull { self.cfg.overfull } else { fit.badness <= self.cfg.threshold };
        let admissible = admissible && !self.stub(from.bp, b, width);
        if allowed && admissible {
            self.record(a, &from, b, &fit, ws);
        }
        // §860: an overfull line only grows and no line jumps a forced break. In the last pass a
        // node whose overfull line was refused by the hyphen rules stays, to end at a later break.
        !(bp.forced || (overfull && (allowed || !self.cfg.overfull)))
    }

    /// Beyond TeX: with looseness, a last line shorter than a fifth of the measure is refused. The
    /// cheapest way to add a line is otherwise to carry a syllable over ("res." under "factu-"),
    /// which reads as a mistake.
    fn stub(&self, from: usize, to: usize, width: f64) -> bool {
        let last = to + 1 == self.para.bps.len();
        last && self.params.looseness != 0 && self.para.line(from, to).width < MIN_LAST_LINE * width
    }

    /// §855: records a feasible break, keeping the cheapest candidate of each class.
    fn record(&self, a: usize, from: &Node, b: usize, fit: &Fit, ws: &mut Workspace) {
        let bp = &self.para.bps[b];
        let last = b + 1 == self.para.bps.len();
        let cand = Node {
            bp: b,
            line: from.line + 1,
            fitness: fit.fitness,
            run: next_run(bp, from.run, self.params),
            prev: a,
            demerits: from.demerits
                + demerits(self.params, fit, bp, from.run, from.fitness, last)
                + self.loose_charge(fit)
                + if fit.letters { self.params.letter_demerits } else { 0.0 }
                + if fit.squeeze > self.params.tight_squeeze { self.params.tight_demerits } else { 0.0 },
            overflow: from.overflow + fit.overflow,
            ratio: fit.ratio,
        };
        // TeX's class is the fitness alone (plus the line below easy_line); the hyphen run joins it
        // here because the run limit makes futures differ.
        let class = self.lines.class(cand.line);
        let same = |c: &&mut Node| self.lines.class(c.line) == class && c.fitness == cand.fitness && c.run == cand.run;
        match ws.cands.iter_mut().find(same) {
            Some(c) if cheaper(&cand, c) => *c = cand,
            Some(_) => {}
            None => ws.cands.push(cand),
        }
    }

    /// Beyond TeX: the last pass charges `loose_demerits` for each line it lets past the tolerance
    /// (with letter-spacing counted), so it sets as few loose lines as it can before it makes them
    /// even; demerits alone, near the sixth power of a line's looseness, would rather spread one
    /// loose line's gaps over three.
    fn loose_charge(&self, fit: &Fit) -> f64 {
        let loose = self.cfg.overfull && fit.overflow <= 0.0 && fit.badness > self.params.tolerance.min(INF_BAD);
        if loose { self.params.loose_demerits } else { 0.0 }
    }

    /// Beyond TeX: drops a candidate when another in the same line class, ending no longer a hyphen
    /// run, costs less even after paying adj_demerits, the most a fitness class can change later.
    /// A shorter run never costs more later (unless hyphen charges are negative), so the search
    /// stays exact while loose passes keep far fewer nodes.
    fn prune(&self, cands: &mut Vec<Node>) {
        let p = self.params;
        let runs_ordered = p.double_hyphen_demerits >= 0.0 && p.final_hyphen_demerits >= 0.0;
        // Only nodes of one line class compare, so sorting by class first keeps the quadratic
        // check within a class: with looseness every line number is its own class.
        let class = |n: &Node| self.lines.class(n.line);
        cands.sort_unstable_by(|x, y| {
            class(x).cmp(&class(y)).then(x.overflow.total_cmp(&y.overflow)).then(x.demerits.total_cmp(&y.demerits))
        });
        let (mut kept, mut group) = (0, 0);
        for i in 0..cands.len() {
            let c = cands[i];
            if group < kept && class(&cands[group]) != class(&c) {
                group = kept;
            }
            let dominated = cands[group..kept].iter().any(|k| {
                let slack = if k.fitness == c.fitness { 0.0 } else { p.adj_demerits.abs() };
                let run_ok = if runs_ordered { k.run <= c.run } else { k.run == c.run };
                let same_overflow = (k.overflow - c.overflow).abs() <= EPS;
                let cost_ok = k.overflow < c.overflow - EPS || (same_overflow && k.demerits + slack <= c.demerits);
                run_ok && cost_ok
            });
            if !dominated {
                cands[kept] = c;
                kept += 1;
            }
        }
        cands.truncate(kept);
    }

    /// §863: the emergency passes add stretch to every line's background. Beyond TeX, when
    /// letter-spacing is allowed the extra is exactly what it can give the line, in both
    /// directions, so a line this pass admits can be set with spaces no wider (or narrower) than
    /// the earlier passes allow, the rest going between letters.
    fn extra(&self, m: &Sums, width: f64) -> Extra {
        let (p, ls) = (self.params, self.params.letterspace);
        match (self.cfg.emergency, p.emergency_stretch) {
            (false, _) => Extra::default(),
            (true, e) if e > 0.0 => Extra { stretch: e, shrink: 0.0 },
            (true, _) if ls > 0.0 => Extra { stretch: ls * m.boxes, shrink: ls * m.boxes },
            (true, _) => Extra { stretch: 0.15 * width.max(0.0), shrink: 0.0 },
        }
    }
}

/// §874, §875: the cheapest end node or, with looseness, the one whose line count comes nearest
/// the optimum's plus `looseness` without passing it. Looseness never buys extra overflow.
fn choose_end(nodes: &[Node], ends: &[usize], looseness: i32) -> (usize, i32) {
    let best = ends.iter().copied().reduce(|x, y| if cheaper(&nodes[y], &nodes[x]) { y } else { x }).unwrap_or(0);
    if looseness == 0 {
        return (best, 0);
    }
    let (mut pick, mut actual, want) = (best, 0i64, i64::from(looseness));
    for &r in ends {
        if (nodes[r].overflow - nodes[best].overflow).abs() > EPS {
            continue;
        }
        let diff = nodes[r].line as i64 - nodes[best].line as i64;
        let nearer = (diff < actual && want <= diff) || (diff > actual && want >= diff);
        if nearer || (diff == actual && nodes[r].demerits < nodes[pick].demerits) {
            (pick, actual) = (r, diff);
        }
    }
    (pick, actual as i32)
}

#[cfg(test)]
#[path = "breaker_tests.rs"]
mod tests;
