//! How a threaded scheduler run behaves: its clock, threads, limits and time base.

use gxf_sdk::prelude::*;

/// The time base of the run limit and of the deadlock grace period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeBase {
    /// The scheduler clock (MultiThreadScheduler).
    Clock,
    /// Wall-clock time since the run started (EventBasedScheduler).
    Wall,
}

/// How a run behaves: what distinguishes `MultiThreadScheduler` from `EventBasedScheduler`.
#[derive(Clone, Copy)]
pub struct Config {
    /// Scheduler name for messages.
    pub name: &'static str,
    /// The scheduler clock.
    pub clock: Handle<iface::Clock>,
    /// Default-pool workers.
    pub workers: usize,
    /// Pinned workers run only their entity (else they also help with unpinned ones).
    pub strict_pinning: bool,
    /// Run limit in ns of `time_base`.
    pub max_duration_ns: Option<i64>,
    /// Deadlock grace period in ns of `time_base`; `None` never stops on deadlock.
    pub deadlock_timeout_ns: Option<i64>,
    /// Stop at once when every entity is done (MultiThreadScheduler with `stop_on_deadlock`).
    pub stop_when_all_done: bool,
    /// Re-check parked WAIT entities at this clock period (MultiThreadScheduler's polling, kept as a
    /// fallback for terms that change without an event).
    pub wait_poll_ns: Option<i64>,
    /// Base of `max_duration_ns` and `deadlock_timeout_ns`.
    pub time_base: TimeBase,
}
