//! Scheduling terms: when an entity may tick.

mod back_pressure;
mod behavior_tree;
mod combiners;
mod external_events;
mod input_messages;
mod memory_available;
mod message_thresholds;
mod owner;
mod period;
mod readiness;
mod tick_limits;
mod timing;

pub use back_pressure::DownstreamReceptiveSchedulingTerm;
pub use behavior_tree::BTSchedulingTerm;
pub use combiners::OrSchedulingTermCombiner;
pub use external_events::AsynchronousSchedulingTerm;
pub use input_messages::{
    ExpiringMessageAvailableSchedulingTerm, MessageAvailableFrequencyThrottler, MessageAvailableSchedulingTerm,
    MultiMessageAvailableSchedulingTerm,
};
pub use memory_available::MemoryAvailableSchedulingTerm;
pub use tick_limits::{BooleanSchedulingTerm, CountSchedulingTerm};
pub use timing::{PeriodicSchedulingTerm, TargetTimeSchedulingTerm};

/// GXF's `kMaxComponents`: the bound of the terms' list (`FixedVector`) parameters.
const MAX_COMPONENTS: usize = 1024;
