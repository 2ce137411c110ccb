//! `nvidia::gxf::GreedyScheduler`: one thread that executes every ready entity in turn, sleeping
//! on the scheduler clock until the earliest timed wait when nothing is ready.

use gxf_core::prelude::*;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// `GXF_EVENT_EXTERNAL`.
const EVENT_EXTERNAL: i32 = 1;

#[derive(Clone, Copy)]
struct Settings {
    clock: Handle<iface::Clock>,
    max_duration_ns: Option<i64>,
    stop_on_deadlock: bool,
    recession_ns: i64,
    deadlock_timeout_ns: i64,
}

/// Entities handed over by `schedule`, and events from other threads.
#[derive(Default)]
struct Inbox {
    scheduled: Vec<EntityRef>,
    unscheduled: Vec<i64>,
    notified: HashSet<i64>,
}

#[derive(Default)]
struct Shared {
    inbox: Mutex<Inbox>,
    has_news: AtomicBool,
    wake: Condvar,
    stop: AtomicBool,
}

impl Shared {
    fn inbox(&self) -> MutexGuard<'_, Inbox> {
        self.inbox.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// `nvidia::gxf::GreedyScheduler`.
#[derive(Default)]
pub struct GreedyScheduler {
    settings: Option<Settings>,
    shared: Arc<Shared>,
    thread: Mutex<Option<JoinHandle<Result<()>>>>,
    started: AtomicBool,
}

impl Component for GreedyScheduler {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Clock>>("clock").optional().description("Time source");
        r.param::<bool>("realtime").optional().description("Deprecated; use clock");
        r.param::<i64>("max_duration_ms").optional().description("Run limit on the scheduler clock");
        r.param::<bool>("stop_on_deadlock").default(true).description("Stop when nothing can become ready");
        r.param::<f64>("check_recession_period_ms")
            .default(0.0f64)
            .description("Sleep when an iteration found nothing ready");
        r.param::<i64>("stop_on_deadlock_timeout")
            .default(0i64)
            .description("Grace period (ms) before a deadlock stop; < 0 never");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        let Some(clock) = ctx.try_param::<Handle<iface::Clock>>("clock")? else {
            return fail(Code::GXF_ARGUMENT_INVALID, format!("GreedyScheduler '{}' needs a 'clock'", ctx.name()));
        };
        let timeout_ms: i64 = ctx.param("stop_on_deadlock_timeout")?;
        self.settings = Some(Settings {
            clock,
            max_duration_ns: ctx.try_param::<i64>("max_duration_ms")?.map(|ms| ms.saturating_mul(1_000_000)),
            stop_on_deadlock: ctx.param("stop_on_deadlock")?,
            recession_ns: (ctx.param::<f64>("check_recession_period_ms")? * 1e6) as i64,
            deadlock_timeout_ns: if timeout_ms < 0 { -1 } else { timeout_ms.saturating_mul(1_000_000) },
        });
        self.shared = Arc::new(Shared::default());
        self.started = AtomicBool::new(false);
        Ok(())
    }
}

impl Scheduler for GreedyScheduler {
    const EVENT_MASK: u32 = 1 << EVENT_EXTERNAL;

    fn schedule(&self, entity: EntityRef) -> Result<()> {
        self.shared.inbox().scheduled.push(entity);
        self.shared.has_news.store(true, Ordering::Release);
        Ok(())
    }

    fn unschedule(&self, eid: i64) -> Result<()> {
        let mut inbox = self.shared.inbox();
        inbox.scheduled.retain(|e| e.eid() != eid);
        inbox.unscheduled.push(eid);
        self.shared.has_news.store(true, Ordering::Release);
        Ok(())
    }

    fn run_async(&self) -> Result<()> {
        if self.started.swap(true, Ordering::SeqCst) {
            return fail(
                Code::GXF_INVALID_LIFECYCLE_STAGE,
                "GreedyScheduler was already run; deactivate and activate the graph to run again",
            );
        }
        let settings = self.settings.ok_or(Code::GXF_UNINITIALIZED_VALUE)?;
        let shared = self.shared.clone();
        let thread = std::thread::Builder::new()
            .name("gxf-greedy".into())
            .spawn(move || Runner::new(settings, shared).run())
            .map_err(|e| Error::new(Code::GXF_FAILURE, format!("cannot start the scheduler thread: {e}")))?;
        *self.thread.lock().unwrap_or_else(|e| e.into_inner()) = Some(thread);
        Ok(())
    }

    fn stop(&self) -> Result<()> {
        gxf_info!("Stopping scheduler.");
        self.shared.stop.store(true, Ordering::SeqCst);
        let _guard = self.shared.inbox();
        self.shared.wake.notify_all();
        Ok(())
    }

    fn wait(&self) -> Result<()> {
        let thread = self.thread.lock().unwrap_or_else(|e| e.into_inner()).take();
        let result = match thread {
            Some(t) => t.join().unwrap_or_else(|_| fail(Code::GXF_FAILURE, "the scheduler thread panicked")),
            None => Ok(()),
        };
        gxf_info!("Scheduler finished.");
        result
    }

    fn event_notify(&self, eid: i64, event: i32) -> Result<()> {
        if event == EVENT_EXTERNAL {
            let mut inbox = self.shared.inbox();
            inbox.notified.insert(eid);
            self.shared.has_news.store(true, Ordering::Release);
            self.shared.wake.notify_all();
        }
        Ok(())
    }
}

/// The scheduler loop's state.
struct Runner {
    s: Settings,
    shared: Arc<Shared>,
    active: Vec<EntityRef>,
    waiting_event: Vec<EntityRef>,
}

impl Runner {
    fn new(s: Settings, shared: Arc<Shared>) -> Runner {
        Runner { s, shared, active: Vec::new(), waiting_event: Vec::new() }
    }

    /// Applies scheduled/unscheduled entities and external events; returns how many woke up.
    fn take_news(&mut self) -> usize {
        // A plain load first: the common case (no news) costs no read-modify-write.
        if !self.shared.has_news.load(Ordering::Relaxed) || !self.shared.has_news.swap(false, Ordering::Acquire) {
            return 0;
        }
        let mut inbox = self.shared.inbox();
        for e in inbox.scheduled.drain(..) {
            if !self.active.iter().any(|a| a.eid() == e.eid()) {
                self.active.push(e);
            }
        }
        let gone: Vec<i64> = inbox.unscheduled.drain(..).collect();
        self.active.retain(|e| !gone.contains(&e.eid()));
        self.waiting_event.retain(|e| !gone.contains(&e.eid()));
        let mut woke = 0;
        let notified = std::mem::take(&mut inbox.notified);
        self.waiting_event.retain(|e| {
            let hit = notified.contains(&e.eid());
            if hit {
                self.active.push(*e);
                woke += 1;
            }
            !hit
        });
        woke
    }

    fn stop_all(&self) -> Result<()> {
        let mut first = Ok(());
        for e in self.active.iter().chain(&self.waiting_event) {
            let r = e.stop();
            if first.is_ok() {
                first = r;
            }
        }
        first
    }

    fn run(mut self) -> Result<()> {
        self.take_news();
        if self.active.is_empty() {
            gxf_warn!("Nothing to schedule..");
            return Ok(());
        }
        gxf_info!("Scheduling {} entities", self.active.len());
        let start = self.s.clock.timestamp();
        let mut last_progress = start;
        loop {
            if self.shared.stop.load(Ordering::Relaxed) {
                return Ok(());
            }
            let now = self.s.clock.timestamp();
            if let Some(max) = self.s.max_duration_ns {
                if now > start.saturating_add(max) {
                    gxf_warn!(
                        "Scheduler stopped: Maximum duration reached (start={start}, now={now}, max_duration={max})."
                    );
                    return self.stop_all();
                }
            }
            let mut ready = self.take_news();
            let mut earliest: Option<i64> = None;
            let mut i = 0;
            while i < self.active.len() {
                let entity = self.active[i];
                match entity.execute(now) {
                    Err(e) => {
                        let _ = self.stop_all();
                        let name = entity_label(&entity);
                        return Err(e.context(format!("error while executing entity {} named '{name}'", entity.eid())));
                    }
                    Ok(Condition::Ready(_)) => ready += 1,
                    Ok(Condition::WaitTime(t)) => earliest = Some(earliest.map_or(t, |e: i64| e.min(t))),
                    Ok(Condition::Wait) => {}
                    Ok(Condition::Never) => {
                        self.active.remove(i);
                        continue;
                    }
                    Ok(Condition::WaitEvent) => {
                        self.waiting_event.push(self.active.remove(i));
                        continue;
                    }
                }
                i += 1;
            }
            if self.active.is_empty() && self.waiting_event.is_empty() {
                gxf_info!("Scheduler stopped: no more entities to schedule");
                return Ok(());
            }
            if ready > 0 {
                last_progress = now;
                continue;
            }
            match earliest {
                Some(t) if t > now => {
                    self.s.clock.sleep_for(t - now)?;
                    continue;
                }
                Some(_) => continue,
                None => {}
            }
            if !self.waiting_event.is_empty() {
                self.wait_for_event();
                continue;
            }
            if self.s.recession_ns > 0 {
                self.s.clock.sleep_for(self.s.recession_ns)?;
            }
            if self.deadlocked(now, last_progress) {
                gxf_info!("Scheduler stopped: Some entities are waiting for execution, but there are no periodic or async entities to get out of the deadlock.");
                return Ok(());
            }
        }
    }

    fn deadlocked(&self, now: i64, last_progress: i64) -> bool {
        self.s.stop_on_deadlock && self.s.deadlock_timeout_ns >= 0 && now - last_progress >= self.s.deadlock_timeout_ns
    }

    fn wait_for_event(&self) {
        let inbox = self.shared.inbox();
        if inbox.notified.is_empty() && !self.shared.stop.load(Ordering::SeqCst) {
            let timeout = std::time::Duration::from_millis(100);
            drop(self.shared.wake.wait_timeout(inbox, timeout));
        }
    }
}

fn entity_label(entity: &EntityRef) -> String {
    entity.context().entity_name(entity.eid())
}
