//! Routing: connections and topics resolved into the router.

use super::*;
use crate::abi::types;
use crate::param_value::ParamValue;
use crate::result::Result;
use crate::router::Router;
use std::collections::HashMap;

impl Runtime {
    /// Rebuilds the connection graph from every `Connection` component and every `Topic`
    /// (all transmitters of a topic name feed all its receivers).
    pub(super) fn build_routes(&self) -> Result<()> {
        let mut router = Router::default();
        let mut topics: HashMap<String, (Vec<i64>, Vec<i64>)> = HashMap::new();
        for slot in read(&self.components).values() {
            if slot.ty.tid == types::CONNECTION.tid {
                if let (Some(ParamValue::Handle(tx)), Some(ParamValue::Handle(rx))) =
                    (slot.param("source"), slot.param("target"))
                {
                    router.connect(tx, rx);
                }
            } else if slot.ty.tid == types::TOPIC.tid {
                let name = match slot.param("topic_name") {
                    Some(ParamValue::Str(s)) if !s.is_empty() => s,
                    _ => slot.name(),
                };
                let entry = topics.entry(name).or_default();
                entry.0.extend(handle_list(slot.param("transmitters")));
                entry.1.extend(handle_list(slot.param("receivers")));
            }
        }
        for (txs, rxs) in topics.values() {
            for &tx in txs {
                for &rx in rxs {
                    router.connect(tx, rx);
                }
            }
        }
        *write(&self.router) = router;
        Ok(())
    }

    /// Receivers connected to a transmitter.
    pub fn connected_receivers(&self, tx: i64) -> Vec<i64> {
        read(&self.router).receivers_of(tx)
    }

    /// Transmitters connected to a receiver.
    pub fn connected_transmitters(&self, rx: i64) -> Vec<i64> {
        read(&self.router).transmitters_of(rx)
    }

    /// All connections as (transmitter cid, receiver cid).
    pub fn connections(&self) -> Vec<(i64, i64)> {
        read(&self.router).edges()
    }
}
