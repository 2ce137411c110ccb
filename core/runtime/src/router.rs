//! The connection graph: which receivers each transmitter feeds (petgraph, queryable by tools).

use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use std::collections::HashMap;

/// Transmitter → receiver edges between queue components (by component id).
#[derive(Default)]
pub struct Router {
    graph: StableDiGraph<i64, ()>,
    nodes: HashMap<i64, NodeIndex>,
}

impl Router {
    fn node(&mut self, cid: i64) -> NodeIndex {
        *self.nodes.entry(cid).or_insert_with(|| self.graph.add_node(cid))
    }

    /// Connects a transmitter to a receiver (duplicates are ignored).
    pub fn connect(&mut self, tx: i64, rx: i64) {
        let (a, b) = (self.node(tx), self.node(rx));
        if self.graph.find_edge(a, b).is_none() {
            self.graph.add_edge(a, b, ());
        }
    }

    fn neighbors(&self, cid: i64, dir: petgraph::Direction) -> Vec<i64> {
        let Some(&n) = self.nodes.get(&cid) else {
            return Vec::new();
        };
        let mut out: Vec<i64> = self.graph.neighbors_directed(n, dir).map(|i| self.graph[i]).collect();
        out.sort_unstable();
        out
    }

    /// Receivers fed by `tx`, in component-id order (GXF iterates a `std::set`).
    pub fn receivers_of(&self, tx: i64) -> Vec<i64> {
        self.neighbors(tx, petgraph::Direction::Outgoing)
    }

    /// Transmitters feeding `rx`.
    pub fn transmitters_of(&self, rx: i64) -> Vec<i64> {
        self.neighbors(rx, petgraph::Direction::Incoming)
    }

    /// All edges as (transmitter, receiver).
    pub fn edges(&self) -> Vec<(i64, i64)> {
        self.graph
            .edge_indices()
            .filter_map(|e| self.graph.edge_endpoints(e))
            .map(|(a, b)| (self.graph[a], self.graph[b]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fan_out_and_fan_in_are_queryable() {
        let mut r = Router::default();
        r.connect(1, 12);
        r.connect(1, 10);
        r.connect(2, 10);
        r.connect(1, 10);
        assert_eq!(r.receivers_of(1), vec![10, 12]);
        assert_eq!(r.transmitters_of(10), vec![1, 2]);
        assert_eq!(r.edges().len(), 3);
    }
}
