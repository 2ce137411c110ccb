//! `nvidia::gxf::MultiThreadScheduler`: worker threads plus a dispatcher. Deviation from GXF by
//! design: entities waiting for messages are woken by the delivery instead of being re-checked
//! every `check_recession_period_ms` (that period only paces a fallback re-check, at least 1 ms).

use crate::threaded::{Config, TimeBase};
use crate::threaded_host::{Host, EVENT_MASK};
use gxf_core::prelude::*;

/// Floor of the fallback re-check period of parked WAIT entities.
const MIN_WAIT_POLL_NS: i64 = 1_000_000;

/// `nvidia::gxf::MultiThreadScheduler`.
#[derive(Default)]
pub struct MultiThreadScheduler {
    host: Host,
    workers: i64,
}

impl Component for MultiThreadScheduler {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Clock>>("clock").description("Time source of the scheduler");
        r.param::<i64>("max_duration_ms").optional().description("Run limit on the scheduler clock");
        r.param::<f64>("check_recession_period_ms")
            .default(5.0f64)
            .description("Re-check period of entities that wait without an event");
        r.param::<bool>("stop_on_deadlock").default(true).description("Stop when nothing can become ready");
        r.param::<i64>("worker_thread_number").default(1i64).description("Number of default worker threads");
        r.param::<bool>("thread_pool_allocation_auto").default(true).description("Registered for GXF, unused");
        r.param::<bool>("strict_job_thread_pinning").default(false).description("Pinned threads run only their entity");
        r.param::<i64>("stop_on_deadlock_timeout")
            .default(0i64)
            .description("Grace period (ms) before a deadlock stop; < 0 never");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        let recession_ms: f64 = ctx.param("check_recession_period_ms")?;
        let recession_ns = (recession_ms.max(0.0) * 1e6) as i64;
        let stop_on_deadlock: bool = ctx.param("stop_on_deadlock")?;
        let timeout_ms: i64 = ctx.param("stop_on_deadlock_timeout")?;
        let deadlock_timeout_ns = (stop_on_deadlock && timeout_ms >= 0)
            .then(|| timeout_ms.saturating_mul(1_000_000).saturating_add(recession_ns));
        self.workers = ctx.param("worker_thread_number")?;
        self.host = Host::new(Config {
            name: "MultiThreadScheduler",
            clock: ctx.param("clock")?,
            workers: self.workers.max(1) as usize,
            strict_pinning: ctx.param("strict_job_thread_pinning")?,
            max_duration_ns: ctx.try_param::<i64>("max_duration_ms")?.map(|ms| ms.saturating_mul(1_000_000)),
            deadlock_timeout_ns,
            stop_when_all_done: stop_on_deadlock,
            wait_poll_ns: Some(recession_ns.max(MIN_WAIT_POLL_NS)),
            time_base: TimeBase::Clock,
        });
        Ok(())
    }
}

impl Scheduler for MultiThreadScheduler {
    const EVENT_MASK: u32 = EVENT_MASK;

    fn schedule(&self, entity: EntityRef) -> Result<()> {
        self.host.schedule(entity)
    }

    fn unschedule(&self, eid: i64) -> Result<()> {
        self.host.unschedule(eid);
        Ok(())
    }

    fn run_async(&self) -> Result<()> {
        if self.workers < 1 {
            return fail(Code::GXF_PARAMETER_OUT_OF_RANGE, "MultiThreadScheduler must have at least 1 worker thread");
        }
        self.host.run_async()
    }

    fn stop(&self) -> Result<()> {
        gxf_info!("Stopping multithread scheduler");
        self.host.stop();
        Ok(())
    }

    fn wait(&self) -> Result<()> {
        let result = self.host.wait();
        gxf_info!("Multithread scheduler finished.");
        result
    }

    fn event_notify(&self, eid: i64, _event: i32) -> Result<()> {
        self.host.event_notify(eid);
        Ok(())
    }
}

/// Registers `nvidia::gxf::MultiThreadScheduler`.
pub fn register(ext: &mut ExtensionBuilder) {
    ext.scheduler::<MultiThreadScheduler>(
        "nvidia::gxf::MultiThreadScheduler",
        "de5e0646-7fa5-11eb-a5c4-330ebfa81bbf",
        "nvidia::gxf::Scheduler",
        "Worker threads plus a dispatcher",
    );
}
