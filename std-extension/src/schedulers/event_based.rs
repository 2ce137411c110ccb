//! `nvidia::gxf::EventBasedScheduler`: worker threads woken by events; nothing is polled. The run
//! limit and the deadlock grace period are wall-clock time, as in GXF.

use super::threaded::{Config, ThreadedScheduler, ThreadedSettings, TimeBase, MAX_WORKER_THREADS};
use gxf_sdk::prelude::*;

/// `nvidia::gxf::EventBasedScheduler`.
pub type EventBasedScheduler = ThreadedScheduler<EventBasedSettings>;

/// The identity and parameters of [`EventBasedScheduler`].
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::EventBasedScheduler",
    uuid = "99bef5a8-48bc-11ee-be56-0242ac120002",
    base = "nvidia::gxf::Scheduler",
    description = "Event-driven worker threads"
)]
pub struct EventBasedSettings {
    /// Time source of the scheduler
    #[param]
    clock: Handle<iface::Clock>,
    /// Run limit in wall-clock milliseconds
    #[param]
    max_duration_ms: Option<i64>,
    /// Stop when nothing can become ready
    #[param(default = true)]
    stop_on_deadlock: bool,
    /// Number of default worker threads
    #[param(default = 1i64, max = MAX_WORKER_THREADS)]
    worker_thread_number: i64,
    /// Registered for GXF, unused
    #[param(key = "thread_pool_allocation_auto", default = true)]
    _thread_pool_allocation_auto: bool,
    /// Wall-clock wait (ms) for an event before a deadlock stop
    #[param(default = 0i64)]
    stop_on_deadlock_timeout: i64,
}

impl ThreadedSettings for EventBasedSettings {
    const NAME: &'static str = "EventBasedScheduler";
    const STOPPING: &'static str = "Stopping Event Based scheduler";
    const FINISHED: &'static str = "Event Based scheduler finished.";

    fn worker_thread_number(&self) -> i64 {
        self.worker_thread_number
    }

    fn config(&self) -> Config {
        Config {
            name: Self::NAME,
            clock: self.clock,
            workers: self.worker_thread_number.max(1) as usize,
            strict_pinning: true,
            max_duration_ns: self.max_duration_ms.map(|ms| ms.saturating_mul(1_000_000)),
            deadlock_timeout_ns: self
                .stop_on_deadlock
                .then(|| self.stop_on_deadlock_timeout.max(0).saturating_mul(1_000_000)),
            stop_when_all_done: false,
            wait_poll_ns: None,
            time_base: TimeBase::Wall,
        }
    }
}
