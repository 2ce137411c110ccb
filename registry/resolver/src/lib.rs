//! GXF's extension resolver: which extension versions a graph needs, in which load order, and
//! which registered variant of each to install for a target.
//!
//! Pure logic over an [`Index`] of releases: [`resolve`] applies GXF's same-major version rule with
//! a PubGrub solver, and [`pick_variant`] applies GXF's variant score.

mod compute_version;
mod demand;
mod error;
mod graph;
mod index;
mod memory_index;
mod provider;
mod registered;
mod report;
mod resolve;
mod score;
mod suggest;
mod tree;
mod variant;
mod version_rule;

pub use compute_version::{ComputeVersion, ParseComputeVersionError};
pub use error::{Refusal, RefusalReason, ResolveError, VariantError};
pub use index::{Index, Release, Requirement, Resolved};
pub use memory_index::InMemoryIndex;
pub use resolve::resolve;
pub use variant::{pick_variant, Compute, Platform, Target, Variant};
