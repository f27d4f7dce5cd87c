//! Properties of the page search on made-up pieces: every tiling it returns covers the region
//! exactly, places each piece once at a height its choice allows, never puts two headlines side
//! by side at one height, and is the same every time.

use super::*;
use proptest::prelude::*;

fn choice(span: usize, min: usize, extra: usize, quiet: bool) -> Choice {
    Choice {
        span,
        min,
        max: min + extra,
        natural: min,
        fill: min + extra,
        space: 0,
        drop: 0,
        twin: None,
        refusals: 0,
        cost: 0.0,
        quiet,
        open: false,
        banned: vec![],
        white: Default::default(),
    }
}

/// Pieces of made-up sizes: each offers a few spans with a range of heights.
fn pieces() -> impl Strategy<Value = Vec<Piece>> {
    let one = prop::collection::vec((1usize..=5, 5usize..60, 0usize..12, any::<bool>()), 1..4);
    prop::collection::vec(one, 1..6).prop_map(|ps| {
        ps.into_iter()
            .enumerate()
            .map(|(i, cs)| Piece {
                label: format!("p{i}"),
                options: cs.into_iter().map(|(s, m, e, q)| choice(s, m, e, q)).collect(),
                weight: 1.0 / (i as f64 + 1.0),
                with_next: false,
            })
            .collect()
    })
}

fn check_tiling(pieces: &[Piece], placed: &[Placed], (w, h): (usize, usize), soft: bool) {
    assert_eq!(placed.len(), pieces.len(), "each piece once");
    let mut seen = vec![false; pieces.len()];
    let mut cells = vec![false; w * h];
    for p in placed {
        assert!(!seen[p.piece], "piece {} twice", p.piece);
        seen[p.piece] = true;
        assert!(p.col + p.span <= w && p.top + p.height <= h, "inside the region: {p:?}");
        let c = &pieces[p.piece].options[p.option];
        assert_eq!(c.span, p.span);
        if !soft {
            assert!(c.min <= p.height && p.height <= c.max, "height within the choice: {p:?} {c:?}");
        }
        for col in p.col..p.col + p.span {
            for line in p.top..p.top + p.height {
                assert!(!cells[line * w + col], "overlap at {col},{line}");
                cells[line * w + col] = true;
            }
        }
    }
    assert!(cells.iter().all(|c| *c), "the region is covered");
    if soft {
        return;
    }
    for a in placed {
        for b in placed {
            let heads = !pieces[a.piece].options[a.option].quiet && !pieces[b.piece].options[b.option].quiet;
            assert!(!(heads && a.top == b.top && a.col + a.span == b.col), "tombstone: {a:?} {b:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn exact_tilings_are_sound_and_the_same_every_time(pieces in pieces(), h in 20usize..80) {
        let n = pieces.len();
        let s = Search::run(&pieces, 5, 80, false, 0);
        if s.cost(0, n, 5, h).is_some() {
            let placed = s.placements(0, n, (5, h), (0, 0));
            check_tiling(&pieces, &placed, (5, h), false);
            let again = Search::run(&pieces, 5, 80, false, 0).placements(0, n, (5, h), (0, 0));
            prop_assert_eq!(placed, again);
        }
    }

    #[test]
    fn the_soft_mode_always_tiles_the_region(pieces in pieces(), h in 30usize..80) {
        let n = pieces.len();
        let s = Search::run(&pieces, 5, 80, true, 0);
        // Pieces with no choice at all cannot be placed; the made-up ones always have one.
        prop_assume!(pieces.iter().all(|p| !p.options.is_empty()));
        if s.cost(0, n, 5, h).is_some() {
            let placed = s.placements(0, n, (5, h), (0, 0));
            check_tiling(&pieces, &placed, (5, h), true);
        }
    }
}

#[test]
fn two_headlines_never_stand_side_by_side() {
    // Two stories that each fill a 2 × 30 or 3 × 30 region: side by side they would tombstone;
    // a photo-topped (quiet) second story may stand beside the first.
    let loud = |i: usize| Piece {
        label: format!("p{i}"),
        options: vec![choice(2, 30, 0, false), choice(3, 30, 0, false)],
        weight: 1.0,
        with_next: false,
    };
    let both = [loud(0), loud(1)];
    let s = Search::run(&both, 5, 60, false, 0);
    assert!(s.cost(0, 2, 5, 30).is_none(), "the only tiling is a tombstone");
    let mut quiet = loud(1);
    quiet.options.iter_mut().for_each(|o| o.quiet = true);
    let both = [loud(0), quiet];
    let s = Search::run(&both, 5, 60, false, 0);
    assert!(s.cost(0, 2, 5, 30).is_some());
}

#[test]
fn the_first_piece_goes_on_top_and_wide() {
    let p = |i: usize, min_wide: usize| Piece {
        label: format!("p{i}"),
        options: (1..=5).map(|s| choice(s, min_wide * 5 / s, 3, i > 0)).collect(),
        weight: 1.0 / (i as f64 + 1.0),
        with_next: false,
    };
    let pieces = [p(0, 20), p(1, 20), p(2, 20)];
    let s = Search::run(&pieces, 5, 80, false, 0);
    let placed = s.placements(0, 3, (5, 60), (0, 0));
    let first = placed.iter().find(|x| x.piece == 0).unwrap();
    assert_eq!((first.top, first.col), (0, 0));
    assert!(placed.iter().all(|x| x.span <= first.span), "{placed:?}");
}

#[test]
fn stacked_pieces_leave_the_gap_asked_between_them() {
    let p = |i: usize| Piece {
        label: format!("p{i}"),
        options: vec![choice(5, 20, 0, false)],
        weight: 1.0,
        with_next: false,
    };
    let pieces = [p(0), p(1)];
    let s = Search::run(&pieces, 5, 80, false, 1);
    assert!(s.cost(0, 2, 5, 40).is_none(), "two 20-line stories and a rule need 41 lines");
    let placed = s.placements(0, 2, (5, 41), (0, 0));
    assert_eq!(placed.len(), 2);
    assert_eq!(placed[1].top, placed[0].top + placed[0].height + 1, "{placed:?}");
}
