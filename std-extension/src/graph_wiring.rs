//! Components the runtime reads while wiring the graph: `Connection` and `Topic` (routes between
//! transmitters and receivers) and `Subgraph` (a loader directive). They do nothing themselves.

use gxf_sdk::prelude::*;
use std::collections::BTreeMap;

/// `nvidia::gxf::Connection`: an edge from a transmitter to a receiver (read by the core's router).
#[derive(Default, Component)]
#[gxf(info = gxf_sdk::abi::types::CONNECTION)]
pub struct Connection {
    /// Upstream queue
    #[param(key = "source")]
    _source: Handle<iface::Transmitter>,
    /// Downstream queue
    #[param(key = "target")]
    _target: Handle<iface::Receiver>,
}

/// `nvidia::gxf::Topic`: joins transmitters and receivers under a name (read by the core's router;
/// an empty name means the component's name).
#[derive(Default, Component)]
#[gxf(info = gxf_sdk::abi::types::TOPIC)]
pub struct Topic {
    /// Topic key (empty: the component name)
    #[param(key = "topic_name")]
    _topic_name: String,
    /// Publishers
    #[param(key = "transmitters", default_yaml = "[]")]
    _transmitters: Vec<Handle<iface::Transmitter>>,
    /// Subscribers
    #[param(key = "receivers", default_yaml = "[]")]
    _receivers: Vec<Handle<iface::Receiver>>,
}

/// `nvidia::gxf::Subgraph`: a loader directive (the core's graph loader reads it).
#[derive(Default, Component)]
#[gxf(info = gxf_sdk::abi::types::SUBGRAPH)]
pub struct Subgraph {
    /// Subgraph YAML file(s), comma separated
    #[param(key = "location")]
    _location: String,
    /// Handles injected into the subgraph
    #[param(key = "prerequisites")]
    _prerequisites: Option<BTreeMap<String, Handle<iface::Component>>>,
}
