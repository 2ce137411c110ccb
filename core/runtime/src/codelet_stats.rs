//! Per-codelet and per-entity execution timing: what GXF's executor measures for a
//! `JobStatistics` (its `preJob`/`postJob` around every execution of a started entity that ticked,
//! for every JobStatistics; with `codelet_statistics: true` also its `preTick`/`postTick` around
//! every codelet tick that succeeds), and what `gxe --stats` prints. Off unless enabled: activating
//! a graph with a JobStatistics turns on the entity timing ([`Runtime::enable_entity_stats`]), one
//! with `codelet_statistics: true` (or `gxe --stats`) also the codelet timing
//! ([`Runtime::enable_codelet_stats`]). Each codelet or entity gets a cell the first time it is
//! timed, updated by the thread that executes it while it holds the entity's lock, so the cell's
//! own lock is never contended. Memory is bounded: totals, the maximum and a fixed sample for the
//! median and 90th percentile (GXF approximates its percentiles from a sample as well).
//!
//! Times come from the runtime's steady clock (`Instant`), where GXF reads the JobStatistics'
//! `clock` parameter: under a `ManualClock` GXF would report simulated time, this reports real
//! time.

use crate::context::Runtime;
use crate::sync::lock;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The type that turns the entity timing on (and, with its `codelet_statistics`, the codelet
/// timing).
pub(crate) const JOB_STATISTICS: &str = "nvidia::gxf::JobStatistics";

/// Samples kept per codelet or entity for the percentiles.
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

/// The numbers of one entity (`Runtime::entity_timing`): GXF's JobStatistics entity data, over
/// the executions of the started entity that ticked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntityTiming {
    /// The entity.
    pub eid: i64,
    /// Executions that ticked (GXF's `tick_count`).
    pub ticks: u64,
    /// Time spent in them, nanoseconds (from just before the execution to just after it).
    pub execution_total_ns: u64,
    /// Median execution time, nanoseconds (from a sample).
    pub execution_median_ns: u64,
    /// 90th percentile of the execution time, nanoseconds (from a sample).
    pub execution_p90_ns: u64,
    /// Longest execution, nanoseconds (0 before the first).
    pub execution_max_ns: u64,
    /// Time from the end of one timed execution to the start of the next, summed, nanoseconds.
    pub idle_total_ns: u64,
    /// Median ticking variation (execution timestamp minus the target time the scheduling
    /// terms gave), nanoseconds (from a sample).
    pub variation_median_ns: i64,
    /// 90th percentile of the ticking variation, nanoseconds (from a sample).
    pub variation_p90_ns: i64,
    /// Largest ticking variation, nanoseconds (0 before the first execution).
    pub variation_max_ns: i64,
    /// Sum of the ticking variations, nanoseconds.
    pub variation_total_ns: i64,
}

impl EntityTiming {
    /// GXF's load: the share of the entity's time spent executing, in percent; 100 while no idle
    /// time was measured.
    pub fn load_percent(&self) -> f64 {
        load_percent(self.execution_total_ns, self.idle_total_ns)
    }

    /// Mean ticking variation, nanoseconds; `None` before the first execution.
    pub fn mean_variation_ns(&self) -> Option<f64> {
        (self.ticks > 0).then(|| self.variation_total_ns as f64 / self.ticks as f64)
    }

    /// Its line in `Runtime::entity_timing_text`.
    fn line(&self) -> String {
        format!(
            "{} {} {} {} {} {} {} {} {} {} {}",
            self.eid,
            self.ticks,
            self.execution_total_ns,
            self.execution_median_ns,
            self.execution_p90_ns,
            self.execution_max_ns,
            self.idle_total_ns,
            self.variation_median_ns,
            self.variation_p90_ns,
            self.variation_max_ns,
            self.variation_total_ns
        )
    }
}

/// `100 · execution / (execution + idle)`, or 100 without idle time (GXF's rule).
pub(crate) fn load_percent(execution_ns: u64, idle_ns: u64) -> f64 {
    if idle_ns == 0 {
        100.0
    } else {
        100.0 * execution_ns as f64 / (execution_ns as f64 + idle_ns as f64)
    }
}

/// A uniform sample of the measured values (reservoir sampling), for the percentiles.
struct Sample<T> {
    values: [T; SAMPLES],
    seen: u64,
    rng: u64,
}

impl<T: Copy + Ord + Default> Sample<T> {
    fn new(seed: u64) -> Sample<T> {
        Sample { values: [T::default(); SAMPLES], seen: 0, rng: seed | 1 }
    }

    fn add(&mut self, value: T) {
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
    /// (`floor(fraction · (n − 1))`); the default value before the first.
    fn percentile(&self, fraction: f64) -> T {
        let n = (self.seen as usize).min(SAMPLES);
        if n == 0 {
            return T::default();
        }
        let mut sorted = self.values;
        let sorted = &mut sorted[..n];
        sorted.sort_unstable();
        sorted[((fraction * (n - 1) as f64).floor() as usize).min(n - 1)]
    }
}

struct Accumulator {
    ticks: u64,
    total_ns: u64,
    max_ns: u64,
    sample: Sample<u64>,
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

struct EntityAccumulator {
    ticks: u64,
    execution_total_ns: u64,
    execution_max_ns: u64,
    execution: Sample<u64>,
    idle_total_ns: u64,
    last_stop: Option<Instant>,
    variation: Sample<i64>,
    variation_max_ns: i64,
    variation_total_ns: i64,
}

/// One entity's running numbers (GXF's JobStatistics `EntityData`).
pub(crate) struct EntityCell {
    eid: i64,
    acc: Mutex<EntityAccumulator>,
}

impl EntityCell {
    /// An execution of the started entity that started at `start`, ticked and ended at `end`,
    /// `variation_ns` after the target time its terms gave (GXF's `postJob`). The time since the
    /// end of the previous such execution counts as idle.
    pub(crate) fn record(&self, start: Instant, end: Instant, variation_ns: i64) {
        let took = ns(end.saturating_duration_since(start));
        let mut a = lock(&self.acc);
        if let Some(stop) = a.last_stop {
            a.idle_total_ns = a.idle_total_ns.saturating_add(ns(start.saturating_duration_since(stop)));
        }
        a.last_stop = Some(end);
        a.ticks += 1;
        a.execution_total_ns = a.execution_total_ns.saturating_add(took);
        a.execution_max_ns = a.execution_max_ns.max(took);
        a.execution.add(took);
        a.variation_max_ns = if a.ticks == 1 { variation_ns } else { a.variation_max_ns.max(variation_ns) };
        a.variation_total_ns = a.variation_total_ns.saturating_add(variation_ns);
        a.variation.add(variation_ns);
    }

    fn stats(&self) -> EntityTiming {
        let a = lock(&self.acc);
        EntityTiming {
            eid: self.eid,
            ticks: a.ticks,
            execution_total_ns: a.execution_total_ns,
            execution_median_ns: a.execution.percentile(0.5),
            execution_p90_ns: a.execution.percentile(0.9),
            execution_max_ns: a.execution_max_ns,
            idle_total_ns: a.idle_total_ns,
            variation_median_ns: a.variation.percentile(0.5),
            variation_p90_ns: a.variation.percentile(0.9),
            variation_max_ns: a.variation_max_ns,
            variation_total_ns: a.variation_total_ns,
        }
    }
}

/// Every codelet's and entity's cell, in the order they were first timed. Its existence turns
/// the entity timing on; `codelets` the codelet timing.
#[derive(Default)]
pub(crate) struct CodeletTimer {
    codelets: AtomicBool,
    cells: Mutex<Vec<Arc<Cell>>>,
    entities: Mutex<Vec<Arc<EntityCell>>>,
}

impl CodeletTimer {
    /// Whether codelet ticks are timed (JobStatistics' `codelet_statistics`, `gxe --stats`).
    #[inline]
    pub(crate) fn times_codelets(&self) -> bool {
        self.codelets.load(Ordering::Relaxed)
    }

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

    /// A new cell for an entity (called once per entity, at its first timed execution).
    pub(crate) fn entity_cell(&self, eid: i64) -> Arc<EntityCell> {
        let seed = eid as u64 ^ 0x9e37_79b9_7f4a_7c15;
        let acc = EntityAccumulator {
            ticks: 0,
            execution_total_ns: 0,
            execution_max_ns: 0,
            execution: Sample::new(seed),
            idle_total_ns: 0,
            last_stop: None,
            variation: Sample::new(seed.rotate_left(17)),
            variation_max_ns: 0,
            variation_total_ns: 0,
        };
        let cell = Arc::new(EntityCell { eid, acc: Mutex::new(acc) });
        lock(&self.entities).push(cell.clone());
        cell
    }

    fn stats(&self) -> Vec<CodeletStats> {
        lock(&self.cells).iter().map(|c| c.stats()).collect()
    }

    fn entity_stats(&self) -> Vec<EntityTiming> {
        lock(&self.entities).iter().map(|c| c.stats()).collect()
    }
}

impl Runtime {
    /// Starts timing every codelet tick (GXF's codelet statistics; `gxe --stats` asks for it
    /// before the run), and every entity execution (as a JobStatistics in the graph does). Stays on
    /// for the life of the context.
    pub fn enable_codelet_stats(&self) {
        self.codelet_timer.get_or_init(Default::default).codelets.store(true, Ordering::Relaxed);
    }

    /// Starts timing every execution of a started entity that ticks (GXF's JobStatistics
    /// entity statistics; activating an entity with a JobStatistics asks for it). Stays on for
    /// the life of the context.
    pub(crate) fn enable_entity_stats(&self) {
        self.codelet_timer.get_or_init(Default::default);
    }

    /// The timer, when timing.
    #[inline]
    pub(crate) fn codelet_timer(&self) -> Option<&CodeletTimer> {
        self.codelet_timer.get()
    }

    /// Every codelet that ticked since timing was enabled, in the order of their first ticks;
    /// empty when codelet timing is off.
    pub fn codelet_stats(&self) -> Vec<CodeletStats> {
        self.codelet_timer().map(CodeletTimer::stats).unwrap_or_default()
    }

    /// Every entity executed while started since timing was enabled, in the order of their
    /// first timed executions (an entity whose executions never ticked has no ticks); empty when
    /// timing is off.
    pub fn entity_timing(&self) -> Vec<EntityTiming> {
        self.codelet_timer().map(CodeletTimer::entity_stats).unwrap_or_default()
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

    /// The numbers as extensions read them (`HostTable::entity_statistics`), one line per
    /// entity: `eid ticks exec_total_ns exec_median_ns exec_p90_ns exec_max_ns idle_total_ns
    /// variation_median_ns variation_p90_ns variation_max_ns variation_total_ns`.
    pub(crate) fn entity_timing_text(&self) -> String {
        let mut text = String::new();
        for s in self.entity_timing() {
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
    fn an_entity_cell_counts_execution_idle_time_and_variation() {
        let timer = CodeletTimer::default();
        let cell = timer.entity_cell(4);
        assert_eq!(timer.entity_stats()[0], EntityTiming { eid: 4, ..EntityTiming::default() });
        let t0 = Instant::now();
        let us = Duration::from_micros;
        cell.record(t0, t0 + us(10), 5_000);
        cell.record(t0 + us(100), t0 + us(130), -2_000);
        cell.record(t0 + us(200), t0 + us(220), 1_000);
        let s = &timer.entity_stats()[0];
        assert_eq!((s.eid, s.ticks, s.execution_total_ns, s.execution_max_ns), (4, 3, 60_000, 30_000));
        assert_eq!((s.execution_median_ns, s.execution_p90_ns), (20_000, 20_000));
        // Idle: 10 → 100 and 130 → 200 µs.
        assert_eq!(s.idle_total_ns, 160_000);
        assert_eq!((s.variation_median_ns, s.variation_p90_ns, s.variation_max_ns), (1_000, 1_000, 5_000));
        assert_eq!(s.mean_variation_ns(), Some(4_000.0 / 3.0));
        assert!((s.load_percent() - 100.0 * 60.0 / 220.0).abs() < 1e-9, "{}", s.load_percent());
        assert_eq!(s.line(), "4 3 60000 20000 20000 30000 160000 1000 1000 5000 4000");
    }

    #[test]
    fn a_negative_variation_is_the_maximum_when_it_is_the_only_one() {
        let timer = CodeletTimer::default();
        let cell = timer.entity_cell(1);
        let t0 = Instant::now();
        cell.record(t0, t0, -7);
        assert_eq!(timer.entity_stats()[0].variation_max_ns, -7);
    }

    #[test]
    fn load_is_full_without_idle_time() {
        assert_eq!(load_percent(0, 0), 100.0);
        assert_eq!(load_percent(5, 0), 100.0);
        assert_eq!(load_percent(1, 3), 25.0);
        assert_eq!(EntityTiming::default().mean_variation_ns(), None);
    }

    #[test]
    fn the_percentile_comes_from_a_bounded_sample() {
        let mut sample = Sample::<u64>::new(7);
        assert_eq!(sample.percentile(0.9), 0);
        for v in 1..=10 {
            sample.add(v);
        }
        assert_eq!(sample.percentile(0.9), 9);
        assert_eq!(sample.percentile(0.5), 5);
        assert_eq!(sample.percentile(1.0), 10);
        for v in 0..100_000 {
            sample.add(v % 1000);
        }
        let p90 = sample.percentile(0.9);
        assert!((700..=1000).contains(&p90), "{p90}");
        let mut signed = Sample::<i64>::new(3);
        for v in [-5, 3, -1] {
            signed.add(v);
        }
        assert_eq!((signed.percentile(0.0), signed.percentile(0.5)), (-5, -1));
    }
}
