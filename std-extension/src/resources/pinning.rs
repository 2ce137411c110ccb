//! Entity pinning: which entities run on a dedicated thread of their group's `ThreadPool`.

use super::{CpuThread, ThreadPool};
use gxf_sdk::prelude::*;

/// Resolves GXF's pinning for entity `eid`: with exactly one `CPUThread` whose `pin_entity` is
/// true and a `ThreadPool` in its entity group, adds the entity's thread to that pool and returns
/// the pool's name. Misconfigurations are logged and leave the entity unpinned, as in GXF.
pub fn pin_entity(ctx: ContextRef, eid: i64) -> Option<String> {
    let cpu_threads = ctx.find_cids(eid, CpuThread::TYPE.tid);
    let entity = || ctx.entity_name(eid);
    match cpu_threads.as_slice() {
        [] => return None,
        [_] => {}
        more => {
            gxf_error!("More than one CPUThread ({}) added into the same entity '{}'", more.len(), entity());
            return None;
        }
    }
    if !ctx.component_param::<bool>(cpu_threads[0], "pin_entity").ok().flatten().unwrap_or(false) {
        return None;
    }
    let Some(pool_cid) = ctx.find_resource(eid, ThreadPool::TYPE.tid, None) else {
        gxf_error!("CPUThread pinned entity '{}' doesn't have a ThreadPool in its entity group", entity());
        return None;
    };
    let handle = Handle::<iface::Component>::resolve(ctx, pool_cid).ok().filter(|h| h.tid() == ThreadPool::TYPE.tid)?;
    // SAFETY: a component of type ThreadPool is a `ThreadPool` created by this library, alive
    // while its entity is active.
    let pool = unsafe { &*(handle.object() as *const ThreadPool) };
    pool.add_thread(eid);
    gxf_debug!("ThreadPool '{}' ({} threads) runs pinned entity '{}'", handle.name(), pool.size(), entity());
    Some(handle.name())
}
