//! Per-codelet tick timing: what GXF's executor measures for a `JobStatistics` with
//! `codelet_statistics: true` (its `preTick`/`postTick` around every codelet tick that succeeds),
//! and what `gxe --stats` prints per codelet. Off unless enabled ([`Runtime::enable_codelet_stats`],
//! or activating a graph with such a JobStatistics); then each codelet gets a cell the first time
//! it ticks, updated by the thread that ticks it while it holds the entity's lock, so the cell's
//! own lock is never contended. Memory is bounded: totals, the maximum and a fixed sample for the
//! 90th percentile (GXF approximates its percentiles from a sample as well).

use crate::context::Runtime;
use crate::sync::lock;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The type whose `codelet_statistics` parameter turns the timing on.
pub(crate) const JOB_STATISTICS: &str = "nvidia::gxf::JobStatistics";

/// Samples kept per codelet for the percentile.
const SAMPLES: usize = 64;

/// The numbers of one codelet (`Runtime::codelet_stats`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CodeletStats {
    /// The codelet's entity.
    pub eid: i64,
    /// The codelet.
    pub cid: i64,
    /// Ticks that succeeded.
    pub ticks: u64,
    /// Time spent in those ticks, nanoseconds.
    pub total_ns: u64,
    /// Longest tick, nanoseconds.
    pub max_ns: u64,
    /// 90th percentile of the tick time, nanoseconds (from a sample of the ticks).
    pub p90_ns: u64,
    /// Tick-to-tick intervals measured (start to start; one fewer than the ticks).
    pub intervals: u64,
    /// Their sum, nanoseconds.
    pub interval_total_ns: u64,
}

impl CodeletStats {
    /// Mean tick time, nanoseconds.
    pub fn mean_ns(&self) -> f64 {
        if self.ticks == 0 {
            0.0
        } else {
            self.total_ns as f64 / self.ticks as f64
        }
    }

    /// Mean time from the start of one tick to the start of the next, nanoseconds; `None` before
    /// the second tick.
    pub fn mean_interval_ns(&self) -> Option<f64> {
        (self.intervals > 0).then(|| self.interval_total_ns as f64 / self.intervals as f64)
    }

    /// Its line in `Runtime::codelet_stats_text`.
    fn line(&self) -> String {
        format!(
            "{} {} {} {} {} {} {} {}",
            self.eid,
            self.cid,
            self.ticks,
            self.total_ns,
            self.max_ns,
            self.p90_ns,
            self.intervals,
            self.interval_total_ns
        )
    }
}

/// A uniform sample of the tick times (reservoir sampling), for the percentile.
struct Sample {
    values: [u64; SAMPLES],
    seen: u64,
    rng: u64,
}

impl Sample {
    fn new(seed: u64) -> Sample {
        Sample { values: [0; SAMPLES], seen: 0, rng: seed | 1 }
    }

    fn add(&mut self, value: u64) {
        self.seen += 1;
        if self.seen <= SAMPLES as u64 {
            self.values[self.seen as usize - 1] = value;
            return;
        }
        // xorshift64: cheap, and a sample needs no better randomness.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        let slot = self.rng % self.seen;
        if slot < SAMPLES as u64 {
            self.values[slot as usize] = value;
        }
    }

    /// The value at `fraction` (0..=1) of the sorted sample, as GXF indexes its sample
    /// (`floor(fraction · (n − 1))`).
    fn percentile(&self, fraction: f64) -> u64 {
        let n = (self.seen as usize).min(SAMPLES);
        if n == 0 {
            return 0;
        }
        let mut sorted = self.values[..n].to_vec();
        sorted.sort_unstable();
        sorted[((fraction * (n - 1) as f64).floor() as usize).min(n - 1)]
    }
}

struct Accumulator {
    ticks: u64,
    total_ns: u64,
    max_ns: u64,
    sample: Sample,
    last_start: Option<Instant>,
    intervals: u64,
    interval_total_ns: u64,
}

/// One codelet's running numbers.
pub(crate) struct Cell {
    eid: i64,
    cid: i64,
    acc: Mutex<Accumulator>,
}

fn ns(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

impl Cell {
    /// A tick that started at `start` and succeeded at `end`.
    pub(crate) fn record(&self, start: Instant, end: Instant) {
        let took = ns(end.saturating_duration_since(start));
        let mut a = lock(&self.acc);
        a.ticks += 1;
        a.total_ns = a.total_ns.saturating_add(took);
        a.max_ns = a.max_ns.max(took);
        a.sample.add(took);
        if let Some(previous) = a.last_start.replace(start) {
            a.intervals += 1;
            a.interval_total_ns = a.interval_total_ns.saturating_add(ns(start.saturating_duration_since(previous)));
        }
    }

    fn stats(&self) -> CodeletStats {
        let a = lock(&self.acc);
        CodeletStats {
            eid: self.eid,
            cid: self.cid,
            ticks: a.ticks,
            total_ns: a.total_ns,
            max_ns: a.max_ns,
            p90_ns: a.sample.percentile(0.9),
            intervals: a.intervals,
            interval_total_ns: a.interval_total_ns,
        }
    }
}

/// Every codelet's cell, in the order they first ticked.
#[derive(Default)]
pub(crate) struct CodeletTimer {
    cells: Mutex<Vec<Arc<Cell>>>,
}

impl CodeletTimer {
    /// A new cell for a codelet (called once per codelet, at its first timed tick).
    pub(crate) fn cell(&self, eid: i64, cid: i64) -> Arc<Cell> {
        let acc = Accumulator {
            ticks: 0,
            total_ns: 0,
            max_ns: 0,
            sample: Sample::new(cid as u64 ^ 0x9e37_79b9_7f4a_7c15),
            last_start: None,
            intervals: 0,
            interval_total_ns: 0,
        };
        let cell = Arc::new(Cell { eid, cid, acc: Mutex::new(acc) });
        lock(&self.cells).push(cell.clone());
        cell
    }

    fn stats(&self) -> Vec<CodeletStats> {
        lock(&self.cells).iter().map(|c| c.stats()).collect()
    }
}

impl Runtime {
    /// Starts timing every codelet tick (GXF's codelet statistics; `gxe --stats` asks for it
    /// before the run). Stays on for the life of the context.
    pub fn enable_codelet_stats(&self) {
        self.codelet_timer.get_or_init(Default::default);
    }

    /// The timer, when timing.
    #[inline]
    pub(crate) fn codelet_timer(&self) -> Option<&CodeletTimer> {
        self.codelet_timer.get()
    }

    /// Every codelet that ticked since timing was enabled, in the order of their first ticks;
    /// empty when timing is off.
    pub fn codelet_stats(&self) -> Vec<CodeletStats> {
        self.codelet_timer().map(CodeletTimer::stats).unwrap_or_default()
    }

    /// The numbers as extensions read them (`HostTable::codelet_statistics`), one line per
    /// codelet: `eid cid ticks total_ns max_ns p90_ns intervals interval_total_ns`.
    pub(crate) fn codelet_stats_text(&self) -> String {
        let mut text = String::new();
        for s in self.codelet_stats() {
            let _ = writeln!(text, "{}", s.line());
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_counts_times_and_intervals() {
        let timer = CodeletTimer::default();
        let cell = timer.cell(1, 2);
        let t0 = Instant::now();
        cell.record(t0, t0 + Duration::from_micros(10));
        cell.record(t0 + Duration::from_micros(100), t0 + Duration::from_micros(130));
        let s = &timer.stats()[0];
        assert_eq!((s.eid, s.cid, s.ticks, s.total_ns, s.max_ns), (1, 2, 2, 40_000, 30_000));
        assert_eq!((s.intervals, s.interval_total_ns), (1, 100_000));
        assert_eq!(s.mean_ns(), 20_000.0);
        assert_eq!(s.mean_interval_ns(), Some(100_000.0));
        assert_eq!(s.line(), "1 2 2 40000 30000 10000 1 100000");
    }

    #[test]
    fn the_percentile_comes_from_a_bounded_sample() {
        let mut sample = Sample::new(7);
        assert_eq!(sample.percentile(0.9), 0);
        for v in 1..=10 {
            sample.add(v);
        }
        assert_eq!(sample.percentile(0.9), 9);
        assert_eq!(sample.percentile(1.0), 10);
        for v in 0..100_000 {
            sample.add(v % 1000);
        }
        let p90 = sample.percentile(0.9);
        assert!((700..=1000).contains(&p90), "{p90}");
    }
}
