//! `gxe --stats`: per-entity totals of a run, from the run's recorder, with GXF's JobStatistics
//! entity numbers (median/90%/max execution time, load, mean ticking variation), then
//! per-codelet numbers as GXF's JobStatistics reports them (ticks, mean/90%/max tick time) plus
//! the mean time from one tick to the next.

use gxf_runtime::{CodeletStats, EntityTiming, Runtime, Trace};
use std::time::Duration;

/// A name for messages: the entity's, else `<unnamed entity id>`.
fn name_or(name: String, what: &str, id: i64) -> String {
    if name.is_empty() {
        format!("<unnamed {what} {id}>")
    } else {
        name
    }
}

/// GXF's entity numbers of one entity as columns: median, 90th percentile and longest
/// execution in us, load in percent, mean ticking variation in us (`-` where not measured).
fn gxf_columns(timing: Option<&EntityTiming>) -> String {
    match timing.filter(|t| t.ticks > 0) {
        None => format!("{:>12} {:>12} {:>12} {:>7} {:>10}", "-", "-", "-", "-", "-"),
        Some(t) => format!(
            "{:>12.2} {:>12.2} {:>12.2} {:>7.1} {:>10.2}",
            t.execution_median_ns as f64 / 1e3,
            t.execution_p90_ns as f64 / 1e3,
            t.execution_max_ns as f64 / 1e3,
            t.load_percent(),
            t.mean_variation_ns().unwrap_or_default() / 1e3
        ),
    }
}

/// Prints ticks, busy time, longest tick and messages delivered per entity, busiest first, with
/// GXF's JobStatistics numbers (over the executions that ticked, from just before to just after
/// each; load is the share of execution in execution plus the time between them; variation is
/// how late each tick came after the target time its terms gave); then each codelet's ticks
/// and times.
pub fn print(rt: &Runtime, trace: &Trace, wall: Duration) {
    let mut rows: Vec<(i64, gxf_runtime::EntityStats)> = trace.stats().into_iter().collect();
    rows.sort_by(|a, b| b.1.busy_ns.cmp(&a.1.busy_ns).then(a.0.cmp(&b.0)));
    let timing = rt.entity_timing();
    let ms = |ns: u64| ns as f64 / 1e6;
    eprintln!(
        "{:<32} {:>10} {:>12} {:>10} {:>10} {:>10} {:>12} {:>12} {:>12} {:>7} {:>10}",
        "entity",
        "ticks",
        "busy ms",
        "mean us",
        "max us",
        "messages",
        "exec med us",
        "exec p90 us",
        "exec max us",
        "load %",
        "late us"
    );
    for (eid, s) in &rows {
        let name = name_or(rt.entity_name(*eid), "entity", *eid);
        let mean_us = if s.ticks == 0 { 0.0 } else { s.busy_ns as f64 / s.ticks as f64 / 1e3 };
        eprintln!(
            "{name:<32} {:>10} {:>12.3} {:>10.2} {:>10.2} {:>10} {}",
            s.ticks,
            ms(s.busy_ns),
            mean_us,
            s.max_ns as f64 / 1e3,
            s.messages_out,
            gxf_columns(timing.iter().find(|t| t.eid == *eid))
        );
    }
    let ticks: u64 = rows.iter().map(|(_, s)| s.ticks).sum();
    let messages: u64 = rows.iter().map(|(_, s)| s.messages_out).sum();
    eprintln!("total: {ticks} ticks, {messages} messages in {:.3} ms", wall.as_secs_f64() * 1e3);
    print_codelets(rt, &rt.codelet_stats());
}

/// One line per codelet, busiest first: entity, codelet, ticks, mean, 90th percentile and
/// longest tick time, and the mean interval between the starts of consecutive ticks.
fn print_codelets(rt: &Runtime, stats: &[CodeletStats]) {
    if stats.is_empty() {
        return;
    }
    let mut rows: Vec<&CodeletStats> = stats.iter().collect();
    rows.sort_by(|a, b| b.total_ns.cmp(&a.total_ns).then(a.cid.cmp(&b.cid)));
    eprintln!(
        "{:<24} {:<44} {:>10} {:>10} {:>10} {:>10} {:>12}",
        "entity", "codelet", "ticks", "mean us", "p90 us", "max us", "interval us"
    );
    for s in rows {
        let entity = name_or(rt.entity_name(s.eid), "entity", s.eid);
        let interval = s.mean_interval_ns().map_or_else(|| "-".to_string(), |ns| format!("{:.2}", ns / 1e3));
        eprintln!(
            "{entity:<24} {:<44} {:>10} {:>10.2} {:>10.2} {:>10.2} {:>12}",
            rt.component_label(s.cid),
            s.ticks,
            s.mean_ns() / 1e3,
            s.p90_ns as f64 / 1e3,
            s.max_ns as f64 / 1e3,
            interval
        );
    }
}
