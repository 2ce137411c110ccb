//! Resources and pinning: `ThreadPool`, `GPUDevice` (both `ResourceBase`), `CPUThread`, and the
//! lookup that pins an entity to a dedicated worker thread.

use gxf_core::prelude::*;
use std::sync::Mutex;

const THREAD_POOL_UUID: &str = "4025b68b-206b-4b3d-a088-f4805fdf8703";
const GPU_DEVICE_UUID: &str = "2036939f-a32a-43ee-83f8-826576d8f170";
const CPU_THREAD_UUID: &str = "34f46728-496d-4d8b-b9c9-c5a54de5d3a0";

const THREAD_POOL: Tid = Tid::from_uuid(THREAD_POOL_UUID);
const CPU_THREAD: Tid = Tid::from_uuid(CPU_THREAD_UUID);

/// `nvidia::gxf::ThreadPool`: the set of thread ids a scheduler runs pinned entities on. Its
/// `initial_size` ids are pre-created; each pinned entity adds one thread whose id is its eid.
/// `priority` (0 low, 1 medium, 2 high) is recorded as in GXF, not applied to the OS thread.
#[derive(Default)]
pub struct ThreadPool {
    threads: Mutex<Vec<i64>>,
}

impl Component for ThreadPool {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<i64>("initial_size").default(0i64).description("Initial number of worker threads in the pool");
        r.param::<i64>("priority").default(0i64).description("Thread priority: 0 low, 1 medium, 2 high");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        let initial: i64 = ctx.param("initial_size")?;
        // Pre-created ids are negative so they never collide with entity ids.
        *self.threads.get_mut().unwrap_or_else(|e| e.into_inner()) = (1..=initial.max(0)).map(|i| -i).collect();
        Ok(())
    }
}

impl ThreadPool {
    /// Adds a thread with id `uid`; false if the pool already has it.
    fn add_thread(&self, uid: i64) -> bool {
        let mut threads = self.threads.lock().unwrap_or_else(|e| e.into_inner());
        if threads.contains(&uid) {
            return false;
        }
        threads.push(uid);
        true
    }

    /// Number of threads.
    fn size(&self) -> usize {
        self.threads.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// `nvidia::gxf::GPUDevice`: a CUDA device ordinal offered to the entity group.
#[derive(Default)]
pub struct GpuDevice;

impl Component for GpuDevice {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<i32>("dev_id").default(0i32).description("CUDA device ordinal");
    }
}

/// `nvidia::gxf::CPUThread`: `pin_entity: true` runs its entity on a dedicated worker thread of the
/// `ThreadPool` of its entity group.
#[derive(Default)]
pub struct CpuThread;

impl Component for CpuThread {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<bool>("pin_entity").default(false).description("Pin this entity to a dedicated worker thread");
    }
}

/// Resolves GXF's pinning for entity `eid`: with exactly one `CPUThread` whose `pin_entity` is
/// true and a `ThreadPool` in its entity group, adds the entity's thread to that pool and returns
/// the pool's name. Misconfigurations are logged and leave the entity unpinned, as in GXF.
pub fn pin_entity(ctx: ContextRef, eid: i64) -> Option<String> {
    let cpu_threads = ctx.find_cids(eid, CPU_THREAD);
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
    let Some(pool_cid) = ctx.find_resource(eid, THREAD_POOL, None) else {
        gxf_error!("CPUThread pinned entity '{}' doesn't have a ThreadPool in its entity group", entity());
        return None;
    };
    let handle = Handle::<iface::Component>::resolve(ctx, pool_cid).ok().filter(|h| h.tid() == THREAD_POOL)?;
    // SAFETY: a component of type ThreadPool is a `ThreadPool` created by this library, alive
    // while its entity is active.
    let pool = unsafe { &*(handle.object() as *const ThreadPool) };
    pool.add_thread(eid);
    gxf_debug!("ThreadPool '{}' ({} threads) runs pinned entity '{}'", handle.name(), pool.size(), entity());
    Some(handle.name())
}

/// Registers the resource and pinning components.
pub fn register(ext: &mut ExtensionBuilder) {
    ext.component::<ThreadPool>(
        "nvidia::gxf::ThreadPool",
        THREAD_POOL_UUID,
        "nvidia::gxf::ResourceBase",
        "Thread set for pinned entities",
    )
    .component::<GpuDevice>("nvidia::gxf::GPUDevice", GPU_DEVICE_UUID, "nvidia::gxf::ResourceBase", "CUDA device id")
    .component::<CpuThread>(
        "nvidia::gxf::CPUThread",
        CPU_THREAD_UUID,
        "nvidia::gxf::Component",
        "Pins its entity to a worker thread",
    );
}
