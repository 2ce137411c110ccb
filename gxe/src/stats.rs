//! `gxe --stats`: per-entity totals of a run, from the run's recorder, then per-codelet numbers
//! as GXF's JobStatistics reports them (ticks, mean/90%/max tick time) plus the mean time from
//! one tick to the next.

use gxf_runtime::{CodeletStats, Runtime, Trace};
use std::time::Duration;

/// A name for messages: the entity's, else `<unnamed entity id>`.
fn name_or(name: String, what: &str, id: i64) -> String {
    if name.is_empty() {
        format!("<unnamed {what} {id}>")
    } else {
        name
    }
}

/// Prints ticks, busy time, longest tick and messages delivered per entity, busiest first; then
/// each codelet's ticks and times.
pub fn print(rt: &Runtime, trace: &Trace, wall: Duration) {
    let mut rows: Vec<(i64, gxf_runtime::EntityStats)> = trace.stats().into_iter().collect();
    rows.sort_by(|a, b| b.1.busy_ns.cmp(&a.1.busy_ns).then(a.0.cmp(&b.0)));
    let ms = |ns: u64| ns as f64 / 1e6;
    eprintln!(
        "{:<32} {:>10} {:>12} {:>10} {:>10} {:>10}",
        "entity", "ticks", "busy ms", "mean us", "max us", "messages"
    );
    for (eid, s) in &rows {
        let name = name_or(rt.entity_name(*eid), "entity", *eid);
        let mean_us = if s.ticks == 0 { 0.0 } else { s.busy_ns as f64 / s.ticks as f64 / 1e3 };
        eprintln!(
            "{name:<32} {:>10} {:>12.3} {:>10.2} {:>10.2} {:>10}",
            s.ticks,
            ms(s.busy_ns),
            mean_us,
            s.max_ns as f64 / 1e3,
            s.messages_out
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
