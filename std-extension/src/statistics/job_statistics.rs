//! `JobStatistics`: a monitor that counts executions per entity and writes them as JSON.

use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use std::collections::HashMap;
use std::sync::Mutex;

/// Per-entity execution counts.
#[derive(Default, Clone, Copy)]
struct EntityStats {
    executions: u64,
    failures: u64,
    first: i64,
    last: i64,
}

/// `nvidia::gxf::JobStatistics`: counts executions per entity (as a monitor) and writes them as
/// JSON to `json_file_path` at deinitialize.
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
    #[param(key = "codelet_statistics", default = false)]
    _codelet_statistics: bool,
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

    fn write_json(&mut self, _ctx: &ComponentContext) -> Result<()> {
        let Some(path) = &self.json_file_path else {
            return Ok(());
        };
        let stats = lock(&self.stats);
        let mut ids: Vec<_> = stats.keys().copied().collect();
        ids.sort_unstable();
        let entries: Vec<String> = ids
            .iter()
            .map(|eid| {
                let s = stats[eid];
                format!(
                    "    {{\"entity\": \"{}\", \"eid\": {eid}, \"executions\": {}, \"failures\": {}, \"first_ns\": {}, \"last_ns\": {}}}",
                    self.context.entity_name(*eid).replace('"', "\\\""),
                    s.executions,
                    s.failures,
                    s.first,
                    s.last
                )
            })
            .collect();
        let json = format!("{{\n  \"entities\": [\n{}\n  ]\n}}\n", entries.join(",\n"));
        std::fs::write(path, json)
            .map_err(|e| Error::new(Code::GXF_FAILURE, format!("cannot write job statistics to '{path}': {e}")))
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
