//! GXF's two-stage queue: a back stage that receives pushes and a main stage made visible by
//! `sync`, with the overflow policies pop (0), reject (1) and fault (2, default).

use gxf_sdk::prelude::*;
use std::collections::VecDeque;

/// What happens when a stage is full.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// Drop the oldest item.
    Pop,
    /// Drop the new item (the operation still succeeds).
    Reject,
    /// Fail the operation.
    Fault,
}

impl Policy {
    /// GXF casts the YAML integer straight to the enum; unknown values behave like fault.
    pub fn from_raw(raw: u64) -> Policy {
        match raw {
            0 => Policy::Pop,
            1 => Policy::Reject,
            _ => Policy::Fault,
        }
    }
}

/// The two stages plus capacity and policy.
#[derive(Debug)]
pub struct StagingQueue<T> {
    main: VecDeque<T>,
    back: VecDeque<T>,
    capacity: usize,
    policy: Policy,
    dropped: u64,
}

impl<T> Default for StagingQueue<T> {
    fn default() -> Self {
        StagingQueue::new(1, Policy::Fault)
    }
}

impl<T> StagingQueue<T> {
    /// A queue holding `capacity` items per stage.
    pub fn new(capacity: usize, policy: Policy) -> StagingQueue<T> {
        StagingQueue {
            main: VecDeque::with_capacity(2 * capacity),
            back: VecDeque::with_capacity(capacity + 1),
            capacity,
            policy,
            dropped: 0,
        }
    }

    /// [`Self::new`], with `GXF_OUT_OF_MEMORY` instead of an abort when the stages cannot be
    /// allocated.
    pub fn try_new(capacity: usize, policy: Policy) -> Result<StagingQueue<T>> {
        let mut queue = StagingQueue::new(0, policy);
        queue.capacity = capacity;
        let main = capacity.checked_mul(2);
        let reserved = main.zip(capacity.checked_add(1)).is_some_and(|(main, back)| {
            queue.main.try_reserve_exact(main).is_ok() && queue.back.try_reserve_exact(back).is_ok()
        });
        if !reserved {
            return fail(Code::GXF_OUT_OF_MEMORY, format!("cannot allocate a queue of capacity {capacity}"));
        }
        Ok(queue)
    }

    /// Adds to the back stage.
    pub fn push(&mut self, item: T) -> Result<()> {
        if self.back.len() >= self.capacity {
            match self.policy {
                Policy::Pop => {
                    self.back.pop_front();
                    self.dropped += 1;
                }
                Policy::Reject => {
                    self.dropped += 1;
                    return Ok(());
                }
                Policy::Fault => {
                    return fail(
                        Code::GXF_EXCEEDING_PREALLOCATED_SIZE,
                        format!("push failed: queue full (capacity {})", self.capacity),
                    );
                }
            }
        }
        self.back.push_back(item);
        Ok(())
    }

    /// Moves the back stage to the main stage, applying the policy on overflow.
    pub fn sync(&mut self) -> Result<()> {
        if self.main.is_empty() {
            std::mem::swap(&mut self.main, &mut self.back);
        } else {
            while let Some(item) = self.back.pop_front() {
                self.main.push_back(item);
            }
        }
        while self.main.len() > self.capacity {
            match self.policy {
                Policy::Pop => drop(self.main.pop_front()),
                Policy::Reject => drop(self.main.pop_back()),
                Policy::Fault => {
                    return fail(
                        Code::GXF_EXCEEDING_PREALLOCATED_SIZE,
                        format!("sync failed: {} messages exceed capacity {}", self.main.len(), self.capacity),
                    )
                }
            }
            self.dropped += 1;
        }
        Ok(())
    }

    /// Takes the oldest main-stage item.
    pub fn pop(&mut self) -> Option<T> {
        self.main.pop_front()
    }

    /// Main-stage item `i`.
    pub fn peek(&self, i: usize) -> Option<&T> {
        self.main.get(i)
    }

    /// Back-stage item `i`.
    pub fn peek_back(&self, i: usize) -> Option<&T> {
        self.back.get(i)
    }

    /// Main-stage count.
    pub fn size(&self) -> usize {
        self.main.len()
    }

    /// Back-stage count.
    pub fn back_size(&self) -> usize {
        self.back.len()
    }

    /// Capacity per stage.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Items dropped by the pop/reject policies so far.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Empties both stages.
    pub fn clear(&mut self) {
        self.main.clear();
        self.back.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_policy_fails_push_and_sync_over_capacity() {
        let mut q = StagingQueue::new(1, Policy::Fault);
        q.push(1).unwrap();
        assert_eq!(q.push(2).unwrap_err().code, Code::GXF_EXCEEDING_PREALLOCATED_SIZE);
        q.sync().unwrap();
        q.push(3).unwrap();
        assert_eq!(q.sync().unwrap_err().code, Code::GXF_EXCEEDING_PREALLOCATED_SIZE);
    }

    #[test]
    fn pop_policy_keeps_newest_and_counts_drops() {
        let mut q = StagingQueue::new(2, Policy::Pop);
        for i in 0..3 {
            q.push(i).unwrap();
        }
        assert_eq!((q.back_size(), q.peek_back(0)), (2, Some(&1)));
        q.sync().unwrap();
        q.push(7).unwrap();
        q.sync().unwrap();
        assert_eq!((q.pop(), q.pop(), q.pop()), (Some(2), Some(7), None));
        assert_eq!(q.dropped(), 2);
    }

    #[test]
    fn reject_policy_keeps_oldest() {
        let mut q = StagingQueue::new(1, Policy::Reject);
        q.push(1).unwrap();
        q.push(2).unwrap();
        q.sync().unwrap();
        q.push(3).unwrap();
        q.sync().unwrap();
        assert_eq!((q.pop(), q.pop()), (Some(1), None));
    }
}
