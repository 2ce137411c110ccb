//! Job queues of the multi-threaded schedulers: a lock-free ready ring (bounded MPMC, no
//! allocation after construction) and a time-ordered queue of entities waiting for a clock time.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

/// One cell of the ring: a sequence number (Vyukov's bounded MPMC protocol) and the value.
struct Cell {
    seq: AtomicUsize,
    value: AtomicU32,
}

/// A bounded multi-producer multi-consumer FIFO of `u32` job ids.
pub struct ReadyRing {
    cells: Box<[Cell]>,
    mask: usize,
    head: AtomicUsize,
    tail: AtomicUsize,
}

impl ReadyRing {
    /// A ring holding at least `capacity` ids.
    pub fn new(capacity: usize) -> ReadyRing {
        let size = capacity.max(2).next_power_of_two();
        let cells = (0..size).map(|i| Cell { seq: AtomicUsize::new(i), value: AtomicU32::new(0) }).collect();
        ReadyRing { cells, mask: size - 1, head: AtomicUsize::new(0), tail: AtomicUsize::new(0) }
    }

    /// Appends `value`; false when the ring is full.
    pub fn push(&self, value: u32) -> bool {
        let mut pos = self.tail.load(Ordering::Relaxed);
        loop {
            let cell = &self.cells[pos & self.mask];
            let seq = cell.seq.load(Ordering::Acquire);
            match seq.wrapping_sub(pos) as isize {
                0 => match self.tail.compare_exchange_weak(
                    pos,
                    pos.wrapping_add(1),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => {
                        cell.value.store(value, Ordering::Relaxed);
                        cell.seq.store(pos.wrapping_add(1), Ordering::Release);
                        return true;
                    }
                    Err(current) => pos = current,
                },
                d if d < 0 => return false,
                _ => pos = self.tail.load(Ordering::Relaxed),
            }
        }
    }

    /// Takes the oldest id, if any.
    pub fn pop(&self) -> Option<u32> {
        let mut pos = self.head.load(Ordering::Relaxed);
        loop {
            let cell = &self.cells[pos & self.mask];
            let seq = cell.seq.load(Ordering::Acquire);
            match seq.wrapping_sub(pos.wrapping_add(1)) as isize {
                0 => match self.head.compare_exchange_weak(
                    pos,
                    pos.wrapping_add(1),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => {
                        let value = cell.value.load(Ordering::Relaxed);
                        cell.seq.store(pos.wrapping_add(self.mask + 1), Ordering::Release);
                        return Some(value);
                    }
                    Err(current) => pos = current,
                },
                d if d < 0 => return None,
                _ => pos = self.head.load(Ordering::Relaxed),
            }
        }
    }
}

/// Entities waiting for a clock time, earliest first; equal times keep insertion order.
pub struct TimedQueue {
    heap: BinaryHeap<Reverse<(i64, u64, u32)>>,
    seq: u64,
}

impl TimedQueue {
    /// An empty queue with room for `capacity` entries.
    pub fn with_capacity(capacity: usize) -> TimedQueue {
        TimedQueue { heap: BinaryHeap::with_capacity(capacity), seq: 0 }
    }

    /// Adds `job` due at `target`.
    pub fn insert(&mut self, target: i64, job: u32) {
        self.seq += 1;
        self.heap.push(Reverse((target, self.seq, job)));
    }

    /// The earliest due time.
    pub fn next_target(&self) -> Option<i64> {
        self.heap.peek().map(|Reverse((t, _, _))| *t)
    }

    /// Removes and returns the earliest job whose time is ≤ `now`.
    pub fn pop_due(&mut self, now: i64) -> Option<u32> {
        if self.next_target()? > now {
            return None;
        }
        self.heap.pop().map(|Reverse((_, _, job))| job)
    }

    /// Number of waiting jobs.
    pub fn len(&self) -> usize {
        self.heap.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn ring_is_fifo_and_reports_full_and_empty() {
        let ring = ReadyRing::new(3);
        assert_eq!(ring.pop(), None);
        for i in 0..4 {
            assert!(ring.push(i));
        }
        assert!(!ring.push(9), "capacity rounds up to 4");
        assert_eq!(ring.pop(), Some(0));
        assert!(ring.push(4));
        assert_eq!((1..=4).map(|_| ring.pop().unwrap()).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
        assert_eq!(ring.pop(), None);
    }

    #[test]
    fn ring_loses_nothing_under_concurrency() {
        let ring = Arc::new(ReadyRing::new(64));
        let producers: Vec<_> = (0..4u32)
            .map(|p| {
                let ring = ring.clone();
                std::thread::spawn(move || {
                    for i in 0..10_000u32 {
                        while !ring.push(p * 100_000 + i) {
                            std::thread::yield_now();
                        }
                    }
                })
            })
            .collect();
        let mut seen = [0u32; 4];
        let mut total = 0;
        while total < 40_000 {
            match ring.pop() {
                Some(v) => {
                    let (p, i) = ((v / 100_000) as usize, v % 100_000);
                    assert_eq!(i, seen[p], "per-producer order is kept");
                    seen[p] += 1;
                    total += 1;
                }
                None => std::thread::yield_now(),
            }
        }
        for p in producers {
            p.join().unwrap();
        }
        assert_eq!(ring.pop(), None);
    }

    #[test]
    fn timed_queue_pops_earliest_first_and_ties_in_insertion_order() {
        let mut q = TimedQueue::with_capacity(4);
        q.insert(30, 1);
        q.insert(10, 2);
        q.insert(20, 3);
        q.insert(10, 4);
        assert_eq!(q.next_target(), Some(10));
        assert_eq!(q.pop_due(5), None, "nothing is due before 10");
        assert_eq!(q.pop_due(10), Some(2));
        assert_eq!(q.pop_due(10), Some(4));
        assert_eq!(q.pop_due(15), None);
        assert_eq!(q.pop_due(100), Some(3));
        assert_eq!(q.pop_due(100), Some(1));
        assert_eq!(q.len(), 0);
        assert_eq!(q.next_target(), None);
    }
}
