//! `nvidia::gxf::MultiThreadScheduler`: worker threads plus a dispatcher. Deviation from GXF by
//! design: entities waiting for messages are woken by the delivery instead of being re-checked
//! every `check_recession_period_ms` (that period only paces a fallback re-check, at least 1 ms).

use super::threaded::{Config, ThreadedScheduler, ThreadedSettings, TimeBase, MAX_WORKER_THREADS};
use gxf_sdk::prelude::*;

/// Floor of the fallback re-check period of parked WAIT entities.
const MIN_WAIT_POLL_NS: i64 = 1_000_000;

/// `nvidia::gxf::MultiThreadScheduler`.
pub type MultiThreadScheduler = ThreadedScheduler<MultiThreadSettings>;

/// The identity and parameters of [`MultiThreadScheduler`].
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::MultiThreadScheduler",
    uuid = "de5e0646-7fa5-11eb-a5c4-330ebfa81bbf",
    base = "nvidia::gxf::Scheduler",
    description = "Worker threads plus a dispatcher"
)]
pub struct MultiThreadSettings {
    /// Time source of the scheduler
    #[param]
    clock: Handle<iface::Clock>,
    /// Run limit on the scheduler clock
    #[param]
    max_duration_ms: Option<i64>,
    /// Re-check period of entities that wait without an event
    #[param(default = 5.0f64)]
    check_recession_period_ms: f64,
    /// Stop when nothing can become ready
    #[param(default = true)]
    stop_on_deadlock: bool,
    /// Number of default worker threads
    #[param(default = 1i64, max = MAX_WORKER_THREADS)]
    worker_thread_number: i64,
    /// Registered for GXF, unused
    #[param(key = "thread_pool_allocation_auto", default = true)]
    _thread_pool_allocation_auto: bool,
    /// Pinned threads run only their entity
    #[param(default = false)]
    strict_job_thread_pinning: bool,
    /// Grace period (ms) before a deadlock stop; < 0 never
    #[param(default = 0i64)]
    stop_on_deadlock_timeout: i64,
}

impl ThreadedSettings for MultiThreadSettings {
    const NAME: &'static str = "MultiThreadScheduler";
    const STOPPING: &'static str = "Stopping multithread scheduler";
    const FINISHED: &'static str = "Multithread scheduler finished.";

    fn worker_thread_number(&self) -> i64 {
        self.worker_thread_number
    }

    fn config(&self) -> Config {
        let recession_ns = (self.check_recession_period_ms.max(0.0) * 1e6) as i64;
        let timeout_ms = self.stop_on_deadlock_timeout;
        Config {
            name: Self::NAME,
            clock: self.clock,
            workers: self.worker_thread_number.max(1) as usize,
            strict_pinning: self.strict_job_thread_pinning,
            max_duration_ns: self.max_duration_ms.map(|ms| ms.saturating_mul(1_000_000)),
            deadlock_timeout_ns: (self.stop_on_deadlock && timeout_ms >= 0)
                .then(|| timeout_ms.saturating_mul(1_000_000).saturating_add(recession_ns)),
            stop_when_all_done: self.stop_on_deadlock,
            wait_poll_ns: Some(recession_ns.max(MIN_WAIT_POLL_NS)),
            time_base: TimeBase::Clock,
        }
    }
}
