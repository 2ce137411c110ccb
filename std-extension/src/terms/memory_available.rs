//! `MemoryAvailableSchedulingTerm`: waits until an allocator has room.

use super::readiness::StateClock;
use gxf_sdk::prelude::*;

/// `nvidia::gxf::MemoryAvailableSchedulingTerm`: ready while the allocator can serve `min_bytes`
/// (or `min_blocks` of its block size).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::MemoryAvailableSchedulingTerm",
    uuid = "f976d23a-8220-74e2-a5d9-04ed71b2454a",
    kind = SchedulingTerm,
    description = "Wait for allocator room",
    initialize = Self::compute_required_bytes
)]
pub struct MemoryAvailableSchedulingTerm {
    /// The allocator to wait on
    #[param]
    allocator: Handle<iface::Allocator>,
    /// Bytes that must be available (exclusive with min_blocks)
    #[param]
    min_bytes: Option<u64>,
    /// Blocks that must be available (exclusive with min_bytes)
    #[param]
    min_blocks: Option<u64>,
    /// `min_bytes`, or `min_blocks` in bytes.
    required_bytes: u64,
    state: StateClock,
}

impl MemoryAvailableSchedulingTerm {
    fn compute_required_bytes(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.required_bytes = match (self.min_bytes, self.min_blocks) {
            (Some(_), Some(_)) => {
                return fail(Code::GXF_PARAMETER_ALREADY_REGISTERED, "can only set min_bytes or min_blocks, not both")
            }
            (None, None) => {
                return fail(Code::GXF_PARAMETER_MANDATORY_NOT_SET, "need to specify one of min_bytes or min_blocks")
            }
            (Some(bytes), None) => bytes,
            (None, Some(blocks)) => self.allocator.block_size().saturating_mul(blocks),
        };
        Ok(())
    }
}

impl SchedulingTerm for MemoryAvailableSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        Ok(self.state.update(self.allocator.is_available(self.required_bytes), now))
    }

    fn on_execute(&self, now: i64) -> Result<()> {
        self.check(now).map(drop)
    }
}
