//! `OrSchedulingTermCombiner`: ticks when any of its terms allows it.

use super::MAX_COMPONENTS;
use gxf_sdk::prelude::*;

/// `nvidia::gxf::OrSchedulingTermCombiner`: its `terms` are OR-ed together by the core (and, as in
/// GXF, never get `on_execute`).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::OrSchedulingTermCombiner",
    uuid = "df28988e-42ed-11ef-a09a-cbbf54a5a986",
    kind = SchedulingTerm,
    base = "nvidia::gxf::SchedulingTermCombiner",
    description = "OR over listed terms"
)]
pub struct OrSchedulingTermCombiner {
    /// Terms OR-ed together
    #[param]
    terms: FixedVector<Handle<iface::SchedulingTerm>, MAX_COMPONENTS>,
}

impl SchedulingTerm for OrSchedulingTermCombiner {
    const IS_COMBINER: bool = true;

    /// Neutral for the AND over an entity's terms: the core evaluates the combined terms itself.
    fn check(&self, now: i64) -> Result<Condition> {
        Ok(Condition::Ready(now))
    }

    fn combined_terms(&self) -> Vec<i64> {
        self.terms.0.iter().map(Handle::cid).collect()
    }
}
