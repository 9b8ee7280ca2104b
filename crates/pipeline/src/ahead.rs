//! Reading ahead on a second thread, with the work either thread may do shared between them.
//!
//! Adding an article to the engine is three kinds of work: *signing* it for the copy
//! detector (pure: any thread can do it), *reading* it for the clusterer (sequential: the
//! scanner owns the vocabulary) and *placing* it (sequential, in arrival order: the copy
//! lookup and the story). [`read_ahead`] reads on a spawned thread and places on the
//! calling one, and lets whichever of the two would otherwise wait sign the articles
//! ahead: the reader when the placer is behind (its queue is full), the placer when the
//! reader is behind (nothing to place yet), and the placer always for an article it must
//! place now. Which stage is the slower one depends on the archive (placing costs more as
//! stories pile up), so no fixed split of the work keeps both cores busy; this one does.
//!
//! The result does not depend on the threads: every article is signed exactly once, by a
//! function of the article alone, and placed in order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, TryRecvError, TrySendError};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Articles handed from the reader to the placer at a time.
const BATCH: usize = 32;
/// Batches the reader may have waiting before it signs instead (or blocks).
const QUEUED: usize = 8;
/// How far past the article being placed signing may run ahead (memory: one signature
/// each).
const SIGN_AHEAD: usize = 4096;

/// What the reading thread spent, for benchmarks.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReaderTime {
    /// Wall time from its start to its end.
    pub wall: Duration,
    /// Its CPU time, where the system tells (see [`thread_cpu`]).
    pub cpu: Option<Duration>,
}

/// Signs, reads and places `items` in order on two threads (see the module docs):
/// `sign(signer, item)` on either thread with that thread's own signer, `read(item)` on
/// the spawned thread in order, `place(i, signature, reading)` on the calling thread in order.
/// Gives back the signers and the reader's time.
pub fn read_ahead<T, W, S, R>(
    items: &[T],
    signers: [W; 2],
    sign: impl Fn(&mut W, &T) -> S + Sync,
    mut read: impl FnMut(&T) -> R + Send,
    mut place: impl FnMut(usize, &S, R),
) -> ([W; 2], ReaderTime)
where
    T: Sync,
    W: Send,
    S: Send + Sync,
    R: Send,
{
    let n = items.len();
    let slots: Vec<OnceLock<S>> = (0..n).map(|_| OnceLock::new()).collect();
    // The next article nobody has claimed to sign, and how many are placed.
    let next = AtomicUsize::new(0);
    let placed = AtomicUsize::new(0);
    let [mut wa, mut wb] = signers;
    let shared = Shared {
        items,
        slots: &slots,
        next: &next,
        placed: &placed,
        sign: &sign,
    };
    let (tx, rx) = mpsc::sync_channel::<Vec<(usize, R)>>(QUEUED);
    let time = std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let (t0, c0) = (Instant::now(), thread_cpu());
            let wa = &mut wa;
            let mut batch = Vec::with_capacity(BATCH);
            for (i, item) in items.iter().enumerate() {
                batch.push((i, read(item)));
                if batch.len() < BATCH && i + 1 < n {
                    continue;
                }
                let mut msg = std::mem::take(&mut batch);
                loop {
                    match tx.try_send(msg) {
                        Ok(()) => break,
                        Err(TrySendError::Full(m)) => {
                            msg = m;
                            if !shared.help(wa, false) {
                                if tx.send(msg).is_err() {
                                    return ReaderTime::default();
                                }
                                break;
                            }
                        }
                        Err(TrySendError::Disconnected(_)) => return ReaderTime::default(),
                    }
                }
            }
            drop(tx);
            let cpu = match (c0, thread_cpu()) {
                (Some(a), Some(b)) => Some(b.saturating_sub(a)),
                _ => None,
            };
            ReaderTime {
                wall: t0.elapsed(),
                cpu,
            }
        });
        loop {
            let batch = match rx.try_recv() {
                Ok(b) => b,
                Err(TryRecvError::Empty) => {
                    if shared.help(&mut wb, false) {
                        continue;
                    }
                    match rx.recv() {
                        Ok(b) => b,
                        Err(_) => break,
                    }
                }
                Err(TryRecvError::Disconnected) => break,
            };
            for (i, r) in batch {
                // Claim and sign up to this article if nobody has; else it is being signed.
                while next.load(Ordering::Acquire) <= i {
                    shared.help(&mut wb, true);
                }
                let s = slots[i].wait();
                place(i, s, r);
                placed.store(i + 1, Ordering::Release);
            }
        }
        reader
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))
    });
    ([wa, wb], time)
}

/// What both threads share: the articles, their signatures, the claim counter.
struct Shared<'a, T, S, F> {
    items: &'a [T],
    slots: &'a [OnceLock<S>],
    next: &'a AtomicUsize,
    placed: &'a AtomicUsize,
    sign: &'a F,
}

impl<T, S, F> Shared<'_, T, S, F> {
    /// Claims the next unsigned article and signs it; false when there is none to claim
    /// (all signed, or far enough ahead of placing unless `needed`).
    fn help<W>(&self, signer: &mut W, needed: bool) -> bool
    where
        F: Fn(&mut W, &T) -> S,
    {
        let limit = if needed {
            self.items.len()
        } else {
            (self.placed.load(Ordering::Acquire) + SIGN_AHEAD).min(self.items.len())
        };
        if self.next.load(Ordering::Acquire) >= limit {
            return false;
        }
        let j = self.next.fetch_add(1, Ordering::AcqRel);
        let Some(item) = self.items.get(j) else {
            return false;
        };
        // Each index is claimed once, so the slot is empty.
        let _ = self.slots[j].set((self.sign)(signer, item));
        true
    }
}

/// CPU time of the calling thread so far, from `/proc/thread-self/schedstat` (None where
/// the system does not say): unlike the wall clock, it leaves out time the thread waited for
/// a core on a loaded machine.
pub fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever the mix of costs, each item is signed once and placed in order with its own
    /// signature and reading.
    #[test]
    fn every_item_signed_once_and_placed_in_order() {
        for (n, slow_read, slow_place) in
            [(0, 0, 0), (1, 0, 0), (33, 1, 0), (500, 0, 1), (300, 1, 1)]
        {
            let items: Vec<u64> = (0..n as u64).collect();
            let spin = |k: u64| (0..k * 2000).fold(0u64, |a, x| a.wrapping_add(x * x));
            let mut order = Vec::new();
            let ([a, b], _) = read_ahead(
                &items,
                [0usize, 0usize],
                |count, x| {
                    *count += 1;
                    x * 10
                },
                |x| {
                    std::hint::black_box(spin(slow_read));
                    (*x as usize, x + 1)
                },
                |i, s, (ri, r)| {
                    std::hint::black_box(spin(slow_place));
                    assert_eq!((i, *s, r), (ri, items[i] * 10, items[i] + 1));
                    order.push(i);
                },
            );
            assert_eq!(a + b, n, "each item signed exactly once");
            assert_eq!(order, (0..n).collect::<Vec<_>>());
        }
    }
}
