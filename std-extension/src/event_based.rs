//! `nvidia::gxf::EventBasedScheduler`: worker threads woken by events; nothing is polled. The run
//! limit and the deadlock grace period are wall-clock time, as in GXF.

use crate::threaded::{Config, TimeBase};
use crate::threaded_host::{Host, EVENT_MASK};
use gxf_core::prelude::*;

/// `nvidia::gxf::EventBasedScheduler`.
#[derive(Default)]
pub struct EventBasedScheduler {
    host: Host,
    workers: i64,
}

impl Component for EventBasedScheduler {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Clock>>("clock").description("Time source of the scheduler");
        r.param::<i64>("max_duration_ms").optional().description("Run limit in wall-clock milliseconds");
        r.param::<bool>("stop_on_deadlock").default(true).description("Stop when nothing can become ready");
        r.param::<i64>("worker_thread_number").default(1i64).description("Number of default worker threads");
        r.param::<bool>("thread_pool_allocation_auto").default(true).description("Registered for GXF, unused");
        r.param::<i64>("stop_on_deadlock_timeout")
            .default(0i64)
            .description("Wall-clock wait (ms) for an event before a deadlock stop");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        let stop_on_deadlock: bool = ctx.param("stop_on_deadlock")?;
        let timeout_ms: i64 = ctx.param("stop_on_deadlock_timeout")?;
        self.workers = ctx.param("worker_thread_number")?;
        self.host = Host::new(Config {
            name: "EventBasedScheduler",
            clock: ctx.param("clock")?,
            workers: self.workers.max(1) as usize,
            strict_pinning: true,
            max_duration_ns: ctx.try_param::<i64>("max_duration_ms")?.map(|ms| ms.saturating_mul(1_000_000)),
            deadlock_timeout_ns: stop_on_deadlock.then(|| timeout_ms.max(0).saturating_mul(1_000_000)),
            stop_when_all_done: false,
            wait_poll_ns: None,
            time_base: TimeBase::Wall,
        });
        Ok(())
    }
}

impl Scheduler for EventBasedScheduler {
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
            return fail(Code::GXF_PARAMETER_OUT_OF_RANGE, "EventBasedScheduler must have at least 1 worker thread");
        }
        self.host.run_async()
    }

    fn stop(&self) -> Result<()> {
        gxf_info!("Stopping Event Based scheduler");
        self.host.stop();
        Ok(())
    }

    fn wait(&self) -> Result<()> {
        let result = self.host.wait();
        gxf_info!("Event Based scheduler finished.");
        result
    }

    fn event_notify(&self, eid: i64, _event: i32) -> Result<()> {
        self.host.event_notify(eid);
        Ok(())
    }
}

/// Registers `nvidia::gxf::EventBasedScheduler`.
pub fn register(ext: &mut ExtensionBuilder) {
    ext.scheduler::<EventBasedScheduler>(
        "nvidia::gxf::EventBasedScheduler",
        "99bef5a8-48bc-11ee-be56-0242ac120002",
        "nvidia::gxf::Scheduler",
        "Event-driven worker threads",
    );
}
