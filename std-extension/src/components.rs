//! Data-only std components: Connection, Topic, Subgraph, and JobStatistics.

use gxf_core::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// `nvidia::gxf::Connection`: an edge from a transmitter to a receiver (read by the core's router).
#[derive(Default)]
pub struct Connection;

impl Component for Connection {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Transmitter>>("source").description("Upstream queue");
        r.param::<Handle<iface::Receiver>>("target").description("Downstream queue");
    }
}

/// `nvidia::gxf::Topic`: joins transmitters and receivers under a name (read by the core's router;
/// an empty name means the component's name).
#[derive(Default)]
pub struct Topic;

impl Component for Topic {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<String>("topic_name").description("Topic key (empty: the component name)");
        r.param::<Vec<Handle<iface::Transmitter>>>("transmitters").default_yaml("[]").description("Publishers");
        r.param::<Vec<Handle<iface::Receiver>>>("receivers").default_yaml("[]").description("Subscribers");
    }
}

/// `nvidia::gxf::Subgraph`: a loader directive (the core's graph loader reads it).
#[derive(Default)]
pub struct Subgraph;

impl Component for Subgraph {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<String>("location").description("Subgraph YAML file(s), comma separated");
        r.param::<BTreeMap<String, Handle<iface::Component>>>("prerequisites")
            .optional()
            .description("Handles injected into the subgraph");
    }
}

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
#[derive(Default)]
pub struct JobStatistics {
    stats: Mutex<HashMap<i64, EntityStats>>,
    json_file_path: Option<String>,
    context: ContextRef,
}

impl Component for JobStatistics {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Clock>>("clock").description("Time source");
        r.param::<bool>("codelet_statistics").default(false).description("Also time every codelet tick");
        r.param::<String>("json_file_path").optional().description("Write statistics as JSON here at deinitialize");
        r.param::<u32>("event_history_count").default(100u32).description("History length per entity");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.json_file_path = ctx.try_param("json_file_path")?;
        self.context = ctx.context();
        Ok(())
    }

    fn deinitialize(&mut self, _ctx: &ComponentContext) -> Result<()> {
        let Some(path) = &self.json_file_path else {
            return Ok(());
        };
        let stats = self.stats.lock().unwrap_or_else(|e| e.into_inner());
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
        let mut stats = self.stats.lock().unwrap_or_else(|e| e.into_inner());
        let s = stats.entry(eid).or_insert(EntityStats { first: timestamp, ..EntityStats::default() });
        s.executions += 1;
        s.failures += u64::from(code != 0);
        s.last = timestamp;
        Ok(())
    }
}
