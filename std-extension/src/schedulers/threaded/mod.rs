//! The machinery shared by `MultiThreadScheduler` and `EventBasedScheduler`: one `Scheduler`
//! implementation ([`ThreadedScheduler`]) parameterised by the scheduler type's settings, the run
//! it starts, and the engine of worker and dispatcher threads behind it.

mod config;
mod deadlock;
mod engine;
mod job_queue;
mod run;

pub use config::{Config, TimeBase};

/// Most worker threads a threaded scheduler starts (`worker_thread_number`).
pub const MAX_WORKER_THREADS: i64 = 1024;

use gxf_sdk::abi::events::Event;
use gxf_sdk::abi::ComponentVTable;
use gxf_sdk::prelude::*;
use run::ThreadedRun;

/// What a threaded scheduler type adds to the shared implementation: its GXF identity and
/// parameters (derived), its names in messages, and the engine configuration.
pub trait ThreadedSettings: Component + Sync {
    /// The type name in messages, e.g. `MultiThreadScheduler`.
    const NAME: &'static str;
    /// Logged by `stop`.
    const STOPPING: &'static str;
    /// Logged when `wait` returns.
    const FINISHED: &'static str;
    /// The `worker_thread_number` parameter as given (checked by `run_async`).
    fn worker_thread_number(&self) -> i64;
    /// The engine configuration, from the parameters read at initialize.
    fn config(&self) -> Config;
}

/// A multi-threaded scheduler: the parameters `S` and the run they configure.
#[derive(Default)]
pub struct ThreadedScheduler<S> {
    settings: S,
    run: ThreadedRun,
}

impl<S: ThreadedSettings> Component for ThreadedScheduler<S> {
    const TYPE: TypeInfo = S::TYPE;
    const VTABLE: &'static ComponentVTable = &Thunks::<Self>::SCHEDULER;

    fn parameters(registrar: &mut ParamRegistrar) {
        S::parameters(registrar);
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.settings.initialize(ctx)?;
        self.run = ThreadedRun::new(self.settings.config());
        Ok(())
    }
}

impl<S: ThreadedSettings> Scheduler for ThreadedScheduler<S> {
    /// GXF's events a multi-threaded scheduler reacts to (`MEMORY_FREE` names an allocator's
    /// entity, not one of the scheduled ones).
    const EVENT_MASK: u32 = Event::Custom.mask()
        | Event::External.mask()
        | Event::MessageSync.mask()
        | Event::TimeUpdate.mask()
        | Event::StateUpdate.mask();

    fn schedule(&self, entity: EntityRef) -> Result<()> {
        self.run.schedule(entity)
    }

    fn unschedule(&self, eid: i64) -> Result<()> {
        self.run.unschedule(eid);
        Ok(())
    }

    fn run_async(&self) -> Result<()> {
        if self.settings.worker_thread_number() < 1 {
            return fail(Code::GXF_PARAMETER_OUT_OF_RANGE, format!("{} must have at least 1 worker thread", S::NAME));
        }
        self.run.run_async()
    }

    fn stop(&self) -> Result<()> {
        gxf_info!("{}", S::STOPPING);
        self.run.stop();
        Ok(())
    }

    fn wait(&self) -> Result<()> {
        let result = self.run.wait();
        gxf_info!("{}", S::FINISHED);
        result
    }

    fn event_notify(&self, eid: i64, _event: i32) -> Result<()> {
        self.run.event_notify(eid);
        Ok(())
    }
}
