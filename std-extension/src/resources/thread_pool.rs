//! `ThreadPool`: the thread ids a scheduler runs pinned entities on.

use gxf_sdk::prelude::*;
use gxf_sdk::sync::{lock, unpoisoned};
use std::sync::Mutex;

/// Largest `initial_size` of a thread pool.
pub const MAX_POOL_THREADS: i64 = 1024;

/// `nvidia::gxf::ThreadPool`: the set of thread ids a scheduler runs pinned entities on. Its
/// `initial_size` ids are pre-created; each pinned entity adds one thread whose id is its eid.
/// `priority` (0 low, 1 medium, 2 high) is recorded as in GXF, not applied to the OS thread.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::ThreadPool",
    uuid = "4025b68b-206b-4b3d-a088-f4805fdf8703",
    base = "nvidia::gxf::ResourceBase",
    description = "Thread set for pinned entities",
    initialize = Self::create_threads
)]
pub struct ThreadPool {
    /// Initial number of worker threads in the pool
    #[param(default = 0i64, max = MAX_POOL_THREADS)]
    initial_size: i64,
    /// Thread priority: 0 low, 1 medium, 2 high
    #[param(key = "priority", default = 0i64)]
    _priority: i64,
    threads: Mutex<Vec<i64>>,
}

impl ThreadPool {
    fn create_threads(&mut self, _ctx: &ComponentContext) -> Result<()> {
        // Pre-created ids are negative so they never collide with entity ids.
        *unpoisoned(self.threads.get_mut()) = (1..=self.initial_size.max(0)).map(|i| -i).collect();
        Ok(())
    }

    /// Adds a thread with id `uid`; false if the pool already has it.
    pub fn add_thread(&self, uid: i64) -> bool {
        let mut threads = lock(&self.threads);
        if threads.contains(&uid) {
            return false;
        }
        threads.push(uid);
        true
    }

    /// Number of threads.
    pub fn size(&self) -> usize {
        lock(&self.threads).len()
    }
}
