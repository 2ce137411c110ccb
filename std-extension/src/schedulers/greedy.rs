//! `nvidia::gxf::GreedyScheduler`: one thread that executes every ready entity in turn, sleeping
//! on the scheduler clock until the earliest timed wait when nothing is ready.

use gxf_sdk::abi::events::Event;
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// What the scheduler thread needs to know, fixed at initialize.
#[derive(Clone, Copy, Default)]
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

/// State shared by the component and its scheduler thread.
#[derive(Default)]
struct Shared {
    inbox: Mutex<Inbox>,
    has_news: AtomicBool,
    wake: Condvar,
    stop: AtomicBool,
}

impl Shared {
    fn inbox(&self) -> MutexGuard<'_, Inbox> {
        lock(&self.inbox)
    }
}

/// `nvidia::gxf::GreedyScheduler`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::GreedyScheduler",
    uuid = "869d30ca-a443-4619-b988-7a52e657f39b",
    kind = Scheduler,
    description = "Single-thread scheduler",
    initialize = Self::prepare
)]
pub struct GreedyScheduler {
    /// Time source
    #[param]
    clock: Option<Handle<iface::Clock>>,
    /// Deprecated; use clock
    #[param(key = "realtime")]
    _realtime: Option<bool>,
    /// Run limit on the scheduler clock
    #[param]
    max_duration_ms: Option<i64>,
    /// Stop when nothing can become ready
    #[param(default = true)]
    stop_on_deadlock: bool,
    /// Sleep when an iteration found nothing ready
    #[param(default = 0.0f64)]
    check_recession_period_ms: f64,
    /// Grace period (ms) before a deadlock stop; < 0 never
    #[param(default = 0i64)]
    stop_on_deadlock_timeout: i64,
    settings: Settings,
    shared: Arc<Shared>,
    thread: Mutex<Option<JoinHandle<Result<()>>>>,
    started: AtomicBool,
}

impl GreedyScheduler {
    fn prepare(&mut self, ctx: &ComponentContext) -> Result<()> {
        let Some(clock) = self.clock else {
            return fail(Code::GXF_ARGUMENT_INVALID, format!("GreedyScheduler '{}' needs a 'clock'", ctx.name()));
        };
        let timeout_ms = self.stop_on_deadlock_timeout;
        self.settings = Settings {
            clock,
            max_duration_ns: self.max_duration_ms.map(|ms| ms.saturating_mul(1_000_000)),
            stop_on_deadlock: self.stop_on_deadlock,
            recession_ns: (self.check_recession_period_ms * 1e6) as i64,
            deadlock_timeout_ns: if timeout_ms < 0 { -1 } else { timeout_ms.saturating_mul(1_000_000) },
        };
        self.shared = Arc::new(Shared::default());
        self.started = AtomicBool::new(false);
        Ok(())
    }
}

impl Scheduler for GreedyScheduler {
    const EVENT_MASK: u32 = Event::External.mask();

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
        let settings = self.settings;
        let shared = self.shared.clone();
        let thread = std::thread::Builder::new()
            .name("gxf-greedy".into())
            .spawn(move || Runner::new(settings, shared).run())
            .map_err(|e| Error::new(Code::GXF_FAILURE, format!("cannot start the scheduler thread: {e}")))?;
        *lock(&self.thread) = Some(thread);
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
        let thread = lock(&self.thread).take();
        let result = match thread {
            Some(t) => t.join().unwrap_or_else(|_| fail(Code::GXF_FAILURE, "the scheduler thread panicked")),
            None => Ok(()),
        };
        gxf_info!("Scheduler finished.");
        result
    }

    fn event_notify(&self, eid: i64, event: i32) -> Result<()> {
        if event == Event::External as i32 {
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
