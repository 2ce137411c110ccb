//! The context's uid counter (entities, components and messages share it). Message entities,
//! created once per message, take their uids from a small per-thread block, so the hot path needs
//! no atomic read-modify-write; uids stay unique but are no longer in creation order across
//! threads.

use std::cell::Cell;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

/// Uids a thread reserves at a time for the messages it creates.
const BLOCK: i64 = 64;

/// Distinguishes counters, so a block is never used with a counter other than its own.
static NEXT_SERIAL: AtomicU64 = AtomicU64::new(1);

/// The block of uids this thread reserved last: (counter serial, next uid, end).
#[derive(Clone, Copy)]
struct Block {
    serial: u64,
    next: i64,
    end: i64,
}

thread_local! {
    static BLOCK_OF_THREAD: Cell<Block> = const { Cell::new(Block { serial: 0, next: 0, end: 0 }) };
}

/// One context's uid counter.
pub struct UidCounter {
    next: AtomicI64,
    serial: u64,
}

impl UidCounter {
    /// A counter whose first uid is `first`.
    pub fn new(first: i64) -> UidCounter {
        UidCounter { next: AtomicI64::new(first), serial: NEXT_SERIAL.fetch_add(1, Ordering::Relaxed) }
    }

    /// The next uid.
    pub fn next(&self) -> i64 {
        self.next.fetch_add(1, Ordering::Relaxed)
    }

    /// A uid from this thread's block (reserving a new block when it is used up).
    pub fn next_from_block(&self) -> i64 {
        BLOCK_OF_THREAD
            .try_with(|cell| {
                let mut block = cell.get();
                if block.serial != self.serial || block.next == block.end {
                    let start = self.next.fetch_add(BLOCK, Ordering::Relaxed);
                    block = Block { serial: self.serial, next: start, end: start + BLOCK };
                }
                let uid = block.next;
                block.next += 1;
                cell.set(block);
                uid
            })
            .unwrap_or_else(|_| self.next())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn block_uids_never_collide_with_single_uids_or_other_threads() {
        let counter = std::sync::Arc::new(UidCounter::new(2));
        let mut seen = HashSet::new();
        for _ in 0..100 {
            assert!(seen.insert(counter.next_from_block()));
            assert!(seen.insert(counter.next()));
        }
        let other = {
            let counter = counter.clone();
            std::thread::spawn(move || (0..200).map(|_| counter.next_from_block()).collect::<Vec<_>>())
        };
        for uid in other.join().unwrap() {
            assert!(seen.insert(uid), "uid {uid} handed out twice");
        }
    }

    #[test]
    fn a_block_belongs_to_its_counter() {
        let (a, b) = (UidCounter::new(1000), UidCounter::new(1000));
        assert_eq!(a.next_from_block(), 1000);
        assert_eq!(a.next_from_block(), 1001, "a keeps its block");
        assert_eq!(b.next_from_block(), 1000, "b does not use a's block");
        let again = a.next_from_block();
        assert!(again > 1001, "a takes a fresh block of its own, got {again}");
        assert!(a.next() > again);
    }
}
