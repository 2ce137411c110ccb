//! `JobStatistics`: a monitor that counts executions per entity and, with `codelet_statistics`,
//! reports every codelet's tick times; written as JSON to `json_file_path` at deinitialize.

use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Mutex;

/// Per-entity execution counts.
#[derive(Default, Clone, Copy)]
struct EntityStats {
    executions: u64,
    failures: u64,
    first: i64,
    last: i64,
}

/// One codelet's numbers, as handed over.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct CodeletNumbers {
    eid: i64,
    cid: i64,
    ticks: u64,
    total_ns: u64,
    max_ns: u64,
    p90_ns: u64,
}

fn parse_numbers(text: &str) -> Vec<CodeletNumbers> {
    text.lines()
        .filter_map(|line| {
            let f: Vec<i64> = line.split_whitespace().map(str::parse).collect::<std::result::Result<_, _>>().ok()?;
            let &[eid, cid, ticks, total_ns, max_ns, p90_ns, ..] = f.as_slice() else { return None };
            let u = |v: i64| v.max(0) as u64;
            Some(CodeletNumbers {
                eid,
                cid,
                ticks: u(ticks),
                total_ns: u(total_ns),
                max_ns: u(max_ns),
                p90_ns: u(p90_ns),
            })
        })
        .collect()
}

/// GXF's `DecimalPrecision5`: rounded to 5 decimals, as a JSON number (`null` where GXF's
/// division has no finite result, e.g. a frequency over no measurable time).
fn number(value: f64) -> String {
    if !value.is_finite() {
        return "null".to_string();
    }
    let rounded = ((value + 0.000005) * 100_000.0).trunc() / 100_000.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.1}")
    } else {
        format!("{rounded}")
    }
}

/// A JSON string literal.
fn string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `codelets` section in GXF's layout: per entity (in the order of their codelets' first
/// ticks) `{"name": <entity>, "entity": [per codelet: codelet_name, count,
/// execution_time_mean_ms, execution_time_90_ms, execution_time_max_ms, tick_frequency_per_ms]}`
/// (the frequency is ticks per millisecond of tick time, as GXF computes it).
fn codelets_json(numbers: &[CodeletNumbers], name_of: impl Fn(i64, bool) -> String) -> String {
    let mut entities: Vec<(i64, Vec<&CodeletNumbers>)> = Vec::new();
    for n in numbers {
        match entities.iter_mut().find(|(eid, _)| *eid == n.eid) {
            Some((_, list)) => list.push(n),
            None => entities.push((n.eid, vec![n])),
        }
    }
    let ms = |ns: u64| ns as f64 / 1e6;
    let items: Vec<String> = entities
        .iter()
        .map(|(eid, list)| {
            let codelets: Vec<String> = list
                .iter()
                .map(|n| {
                    let mean_ms = if n.ticks == 0 { f64::NAN } else { ms(n.total_ns) / n.ticks as f64 };
                    format!(
                        "                {{\n                    \"codelet_name\": {},\n                    \"count\": {},\n                    \"execution_time_90_ms\": {},\n                    \"execution_time_max_ms\": {},\n                    \"execution_time_mean_ms\": {},\n                    \"tick_frequency_per_ms\": {}\n                }}",
                        string(&name_of(n.cid, false)),
                        n.ticks,
                        number(ms(n.p90_ns)),
                        number(ms(n.max_ns)),
                        number(mean_ms),
                        number(n.ticks as f64 / ms(n.total_ns)),
                    )
                })
                .collect();
            format!(
                "        {{\n            \"entity\": [\n{}\n            ],\n            \"name\": {}\n        }}",
                codelets.join(",\n"),
                string(&name_of(*eid, true))
            )
        })
        .collect();
    if items.is_empty() {
        "[]".to_string()
    } else {
        format!("[\n{}\n    ]", items.join(",\n"))
    }
}

/// `nvidia::gxf::JobStatistics`: counts executions per entity (as a monitor); with
/// `codelet_statistics`, the executor times every codelet tick for it. Writes both as JSON to
/// `json_file_path` at deinitialize (the codelets in GXF's layout).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::JobStatistics",
    uuid = "2093b91a-7c82-11eb-a92b-3f1304ecc959",
    kind = Monitor,
    base = "nvidia::gxf::Component",
    description = "Execution statistics",
    initialize = Self::remember_context,
    deinitialize = Self::write_json
)]
pub struct JobStatistics {
    /// Time source
    #[param(key = "clock")]
    _clock: Handle<iface::Clock>,
    /// Also time every codelet tick
    #[param(default = false)]
    codelet_statistics: bool,
    /// Write statistics as JSON here at deinitialize
    #[param]
    json_file_path: Option<String>,
    /// History length per entity
    #[param(key = "event_history_count", default = 100u32)]
    _event_history_count: u32,
    stats: Mutex<HashMap<i64, EntityStats>>,
    context: ContextRef,
}

impl JobStatistics {
    fn remember_context(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.context = ctx.context();
        Ok(())
    }

    /// GXF's `findParameterName`: the entity's or component's name, else its id.
    fn name_of(&self, id: i64, entity: bool) -> String {
        let name = if entity { self.context.entity_name(id) } else { self.context.component_name(id) };
        if name.is_empty() {
            id.to_string()
        } else {
            name
        }
    }

    fn entities_json(&self) -> String {
        let stats = lock(&self.stats);
        let mut ids: Vec<_> = stats.keys().copied().collect();
        ids.sort_unstable();
        let entries: Vec<String> = ids
            .iter()
            .map(|eid| {
                let s = stats[eid];
                format!(
                    "        {{\"entity\": {}, \"eid\": {eid}, \"executions\": {}, \"failures\": {}, \"first_ns\": {}, \"last_ns\": {}}}",
                    string(&self.context.entity_name(*eid)),
                    s.executions,
                    s.failures,
                    s.first,
                    s.last
                )
            })
            .collect();
        if entries.is_empty() {
            "[]".to_string()
        } else {
            format!("[\n{}\n    ]", entries.join(",\n"))
        }
    }

    fn write_json(&mut self, ctx: &ComponentContext) -> Result<()> {
        let Some(path) = &self.json_file_path else {
            return Ok(());
        };
        let numbers = match self.codelet_statistics {
            // GXF's executor calls preTick/postTick of this component around every codelet
            // tick; here the executor times the ticks itself and reports the totals.
            true => parse_numbers(&ctx.context().codelet_statistics()?),
            false => Vec::new(),
        };
        let json = format!(
            "{{\n    \"codelets\": {},\n    \"entities\": {}\n}}\n",
            codelets_json(&numbers, |id, entity| self.name_of(id, entity)),
            self.entities_json()
        );
        std::fs::write(path, json)
            .map_err(|e| Error::new(Code::GXF_FAILURE, format!("cannot write job statistics to '{path}': {e}")))?;
        gxf_info!("Performance Statistics has been saved in the following JSON file: {path}");
        Ok(())
    }
}

impl Monitor for JobStatistics {
    fn on_execute(&self, eid: i64, timestamp: i64, code: i32) -> Result<()> {
        let mut stats = lock(&self.stats);
        let s = stats.entry(eid).or_insert(EntityStats { first: timestamp, ..EntityStats::default() });
        s.executions += 1;
        s.failures += u64::from(code != 0);
        s.last = timestamp;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_to_five_decimals_as_gxf_does() {
        assert_eq!(number(0.123456789), "0.12346");
        assert_eq!(number(2.0), "2.0");
        assert_eq!(number(f64::INFINITY), "null");
    }

    #[test]
    fn handed_over_lines_parse_and_group_by_entity() {
        let numbers = parse_numbers("5 6 4 8000000 3000000 2500000 3 30000000\n5 7 1 1000 1000 1000 0 0\nbad line\n");
        assert_eq!(numbers.len(), 2);
        assert_eq!(
            numbers[0],
            CodeletNumbers { eid: 5, cid: 6, ticks: 4, total_ns: 8_000_000, max_ns: 3_000_000, p90_ns: 2_500_000 }
        );
        let json = codelets_json(&numbers, |id, entity| if entity { format!("e{id}") } else { format!("c{id}") });
        assert!(json.contains("\"name\": \"e5\""), "{json}");
        assert!(json.contains("\"codelet_name\": \"c6\""), "{json}");
        assert!(json.contains("\"execution_time_mean_ms\": 2.0"), "{json}");
        assert!(json.contains("\"execution_time_max_ms\": 3.0"), "{json}");
        assert!(json.contains("\"execution_time_90_ms\": 2.5"), "{json}");
        assert!(json.contains("\"tick_frequency_per_ms\": 0.5"), "{json}");
        assert_eq!(json.matches("\"entity\": [").count(), 1, "{json}");
        assert_eq!(codelets_json(&[], |_, _| String::new()), "[]");
    }
}
