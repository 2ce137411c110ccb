//! A minimal spin lock for short, rarely contended critical sections (message queues, an
//! entity's execution state): one atomic read-modify-write to lock and a plain release store to
//! unlock (a futex mutex needs two read-modify-writes). Waiters spin briefly, then yield their
//! time slice, then sleep in short naps, so a waiter behind a long holder costs little CPU.

use std::cell::UnsafeCell;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};

/// Spins before a waiter starts yielding.
const SPINS_BEFORE_YIELD: u32 = 64;
/// Spins plus yields before a waiter starts napping.
const TRIES_BEFORE_NAP: u32 = SPINS_BEFORE_YIELD + 128;
/// One nap of a waiter behind a long holder.
const NAP: std::time::Duration = std::time::Duration::from_micros(50);

/// A value guarded by a spin lock.
#[derive(Default)]
pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: access to the value is serialised by `locked`.
unsafe impl<T: Send> Sync for SpinLock<T> {}
unsafe impl<T: Send> Send for SpinLock<T> {}

impl<T> SpinLock<T> {
    /// Wraps a value.
    pub fn new(value: T) -> SpinLock<T> {
        SpinLock { locked: AtomicBool::new(false), value: UnsafeCell::new(value) }
    }

    /// Locks, spinning then yielding while another thread holds the lock.
    pub fn lock(&self) -> SpinGuard<'_, T> {
        let mut spins = 0;
        while self.locked.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
            while self.locked.load(Ordering::Relaxed) {
                if spins < SPINS_BEFORE_YIELD {
                    std::hint::spin_loop();
                } else if spins < TRIES_BEFORE_NAP {
                    std::thread::yield_now();
                } else {
                    std::thread::sleep(NAP);
                }
                spins = spins.saturating_add(1);
            }
        }
        SpinGuard { lock: self }
    }
}

/// Access to the locked value; unlocks when dropped.
pub struct SpinGuard<'a, T> {
    lock: &'a SpinLock<T>,
}

impl<T> Deref for SpinGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the guard holds the lock.
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for SpinGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the guard holds the lock exclusively.
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for SpinGuard<'_, T> {
    fn drop(&mut self) {
        self.lock.locked.store(false, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn serialises_concurrent_increments() {
        let lock = Arc::new(SpinLock::new(0u64));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let lock = lock.clone();
                std::thread::spawn(move || {
                    for _ in 0..10_000 {
                        *lock.lock() += 1;
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(*lock.lock(), 40_000);
    }
}
