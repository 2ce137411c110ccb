//! `gxe --stats`: per-entity totals of a run, from the run's recorder.

use gxf_runtime::{Runtime, Trace};
use std::time::Duration;

/// Prints ticks, busy time, longest tick and messages delivered per entity, busiest first.
pub fn print(rt: &Runtime, trace: &Trace, wall: Duration) {
    let mut rows: Vec<(i64, gxf_runtime::EntityStats)> = trace.stats().into_iter().collect();
    rows.sort_by(|a, b| b.1.busy_ns.cmp(&a.1.busy_ns).then(a.0.cmp(&b.0)));
    let ms = |ns: u64| ns as f64 / 1e6;
    eprintln!(
        "{:<32} {:>10} {:>12} {:>10} {:>10} {:>10}",
        "entity", "ticks", "busy ms", "mean us", "max us", "messages"
    );
    for (eid, s) in &rows {
        let name = rt.entity_name(*eid);
        let name = if name.is_empty() { format!("<unnamed entity {eid}>") } else { name };
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
}
