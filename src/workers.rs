//! Work shared between the machine's two cores, each worker taking the next item as it comes free.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `job` on the items `0..n` with two workers, each keeping its own state made by `state`.
/// Returns the results in item order and both workers' states, or `None` when a worker stopped
/// (panicked).
///
/// A shared queue rather than a fixed share each: one item may cost ten times the others (a
/// phone photo among logos, a page full of pictures), and halves would leave one core idle while
/// the other ends its own.
pub fn two_workers<S: Send, R: Send>(
    n: usize,
    state: impl Fn() -> S + Sync,
    job: impl Fn(&mut S, usize) -> R + Sync,
) -> Option<(Vec<R>, [S; 2])> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut s = state();
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                return (s, done);
            }
            done.push((i, job(&mut s, i)));
        }
    };
    let ((first, mut done), other) = std::thread::scope(|scope| {
        let other = scope.spawn(work);
        (work(), other.join())
    });
    let (second, more) = other.ok()?;
    done.extend(more);
    done.sort_by_key(|(i, _)| *i);
    Some((done.into_iter().map(|(_, r)| r).collect(), [first, second]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_done_once_and_comes_back_in_order() {
        let (results, states) = two_workers(
            100,
            || 0usize,
            |count, i| {
                *count += 1;
                i * i
            },
        )
        .unwrap();
        assert_eq!(results, (0..100).map(|i| i * i).collect::<Vec<_>>());
        assert_eq!(states[0] + states[1], 100);
        assert!(two_workers(0, || (), |_, i| i).unwrap().0.is_empty());
    }

    #[test]
    fn a_worker_that_stops_is_reported() {
        // One of the two workers meets the item that panics; either way the run is refused.
        let run = std::panic::catch_unwind(|| two_workers(4, || (), |_, i| if i == 3 { panic!("item 3") } else { i }));
        assert!(run.is_err() || run.is_ok_and(|r| r.is_none()));
    }
}
