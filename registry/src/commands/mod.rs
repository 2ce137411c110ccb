//! One module per command group.

pub mod cache;
pub mod comp;
pub mod extn;
pub mod graph;
pub mod repo;
