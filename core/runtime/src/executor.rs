//! The entity executor: GXF's per-entity state machine (start → tick … → stop), term
//! evaluation, and the per-tick message movement (sync inbox, tick, sync outbox).

use super::context::Runtime;
use super::logging::take_last_error;
use crate::abi::events::Event;
use crate::abi::{
    CodeletVTable, ComponentCtxC, ConditionC, ExecInfoC, MsgRef, ReceiverVTable, TermVTable, TransmitterVTable,
};
use crate::api::Condition;
use crate::codelet_stats::{Cell, CodeletTimer, EntityCell};
use crate::result::{Code, Error, Result};
use crate::spin_lock::{SpinGuard, SpinLock};
use std::ffi::c_void;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// GXF's `gxf_entity_status_t`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Status {
    /// Not started (also after a stop).
    NotStarted = 0,
    /// Starting.
    StartPending = 1,
    /// Started, not yet ticked.
    Started = 2,
    /// About to tick.
    TickPending = 3,
    /// Ticking.
    Ticking = 4,
    /// Between ticks.
    Idle = 5,
    /// Stopping.
    StopPending = 6,
}

/// Turns a raw code from an extension call into a `Result`, attaching the recorded cause.
#[inline]
pub fn ext_result(code: i32, what: impl FnOnce() -> String) -> Result<()> {
    if code == 0 {
        Ok(())
    } else {
        Err(ext_error(code, what))
    }
}

/// The error behind a non-zero code from an extension (kept out of the executor's hot paths).
#[cold]
#[inline(never)]
fn ext_error(code: i32, what: impl FnOnce() -> String) -> Error {
    let cause = take_last_error().unwrap_or_default();
    Error::new(Code::from_raw(code), cause).context(what())
}

/// A component object with one of its interface vtables.
pub struct Obj<V: 'static> {
    pub(crate) obj: *mut c_void,
    pub(crate) vt: &'static V,
    pub(crate) cid: i64,
}

impl<V> Clone for Obj<V> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<V> Copy for Obj<V> {}

pub(crate) struct Outbox {
    pub tx: Obj<TransmitterVTable>,
    pub targets: Vec<Obj<ReceiverVTable>>,
    pub target_eids: Vec<i64>,
}

/// A receiver of the entity with the entities upstream of it (resolved once at activation).
pub(crate) struct Inbox {
    pub rx: Obj<ReceiverVTable>,
    /// Entities owning a transmitter connected to `rx` (without this entity).
    pub source_eids: Vec<i64>,
    /// Main-stage size right after the inbox sync of the current tick.
    pub size_before: usize,
}

pub(crate) struct Combiner {
    pub terms: Vec<Obj<TermVTable>>,
}

/// A codelet of the entity.
pub(crate) struct CodeletPart {
    pub obj: Obj<CodeletVTable>,
    pub name: String,
    /// Its timing cell, made at its first tick while codelet timing is on.
    pub timing: Option<Arc<Cell>>,
}

/// What an entity executes, gathered at activation.
pub(crate) struct ExecParts {
    pub codelets: Vec<CodeletPart>,
    pub terms: Vec<Obj<TermVTable>>,
    pub combiners: Vec<Combiner>,
    pub inbox: Vec<Inbox>,
    pub outbox: Vec<Outbox>,
}

struct ExecState {
    status: Status,
    parts: ExecParts,
    last_timestamp: i64,
    count: i64,
    /// The entity's timing cell, made at its first timed execution while timing is on.
    timing: Option<Arc<EntityCell>>,
}

/// The executor record of one entity with codelets.
pub struct ExecItem {
    /// Entity id.
    pub eid: i64,
    /// Entity name (for messages).
    pub name: String,
    context: *const c_void,
    /// A spin lock: the scheduler executing the entity is its only user while the graph runs.
    state: SpinLock<ExecState>,
    /// Ticks so far, readable without the lock (one writer: the thread executing the entity).
    ticks: AtomicU64,
    /// Messages delivered to other entities' receivers so far (same writer).
    delivered: AtomicU64,
}

// SAFETY: all state is behind the lock; raw pointers are component objects owned by the entity.
unsafe impl Send for ExecItem {}
unsafe impl Sync for ExecItem {}

/// AND combination of two conditions (GXF's implicit term combination).
pub fn and(a: Condition, b: Condition) -> Condition {
    use Condition::*;
    match (a, b) {
        (Never, _) | (_, Never) => Never,
        (WaitEvent, _) | (_, WaitEvent) => WaitEvent,
        (Wait, _) | (_, Wait) => Wait,
        (WaitTime(x), WaitTime(y)) => WaitTime(x.max(y)),
        (WaitTime(x), _) | (_, WaitTime(x)) => WaitTime(x),
        (Ready(x), Ready(y)) => Ready(x.max(y)),
    }
}

/// OR combination (`OrSchedulingTermCombiner`).
pub fn or(a: Condition, b: Condition) -> Condition {
    use Condition::*;
    match (a, b) {
        (Never, _) | (_, Never) => Never,
        (Ready(x), Ready(y)) => Ready(x.max(y)),
        (Ready(x), _) | (_, Ready(x)) => Ready(x),
        (WaitEvent, _) | (_, WaitEvent) => WaitEvent,
        (WaitTime(x), WaitTime(y)) => WaitTime(x.max(y)),
        (WaitTime(x), _) | (_, WaitTime(x)) => WaitTime(x),
        _ => Wait,
    }
}

fn term_check(t: &Obj<TermVTable>, now: i64) -> Result<Condition> {
    let mut out = ConditionC { kind: 0, target: 0 };
    // SAFETY: live term object and vtable.
    ext_result(unsafe { (t.vt.check)(t.obj, now, &mut out) }, || format!("scheduling term {} check", t.cid))?;
    Ok(out.into())
}

impl ExecItem {
    pub(crate) fn new(eid: i64, name: String, context: *const c_void, parts: ExecParts) -> ExecItem {
        ExecItem {
            eid,
            name,
            context,
            state: SpinLock::new(ExecState {
                status: Status::NotStarted,
                parts,
                last_timestamp: 0,
                count: 0,
                timing: None,
            }),
            ticks: AtomicU64::new(0),
            delivered: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> SpinGuard<'_, ExecState> {
        self.state.lock()
    }

    /// Current status.
    pub fn status(&self) -> Status {
        self.lock().status
    }

    /// One scheduler step at `now`; see GXF's `EntityExecutor::executeEntity`.
    pub fn execute(&self, rt: &Runtime, now: i64) -> Result<Condition> {
        let result = {
            let mut st = self.lock();
            match rt.codelet_timer() {
                None => self.execute_locked(&mut st, rt, now),
                Some(timer) => self.execute_timed(&mut st, rt, now, timer),
            }
        };
        rt.notify_monitors(self.eid, now, result.as_ref().map_or_else(|e| e.code as i32, |_| 0));
        result
    }

    /// One step while timing (GXF's `preJob`/`postJob` around `executeEntity`): an execution
    /// of the started entity counts when it ticked (its result is READY), with its ticking
    /// variation: `now` minus the target time the terms gave. Times come from the steady clock
    /// (GXF reads the JobStatistics' `clock`).
    #[cold]
    #[inline(never)]
    fn execute_timed(&self, st: &mut ExecState, rt: &Runtime, now: i64, timer: &CodeletTimer) -> Result<Condition> {
        let job = matches!(st.status, Status::Started | Status::Idle).then(|| {
            let cell = st.timing.take().unwrap_or_else(|| timer.entity_cell(self.eid));
            (cell, Instant::now())
        });
        let result = self.execute_locked(st, rt, now);
        if let Some((cell, start)) = job {
            if let Ok(Condition::Ready(target)) = result {
                cell.record(start, Instant::now(), now.saturating_sub(target));
            }
            st.timing = Some(cell);
        }
        result
    }

    /// One step. Inlined into both callers: the untimed path stays as lean as without timing.
    #[inline(always)]
    fn execute_locked(&self, st: &mut ExecState, rt: &Runtime, now: i64) -> Result<Condition> {
        match st.status {
            Status::NotStarted => {
                self.start(st, now)?;
                return Ok(Condition::Ready(now));
            }
            Status::Started | Status::Idle => {}
            other => {
                return Err(Error::new(
                    Code::GXF_INVALID_EXECUTION_SEQUENCE,
                    format!("entity '{}' executed while {:?}", self.name, other),
                ))
            }
        }
        let condition = match Self::check_parts(&st.parts, now) {
            Ok(c) => c,
            Err(e) => {
                let _ = self.stop(st);
                return Err(e.context(format!("entity '{}'", self.name)));
            }
        };
        match condition {
            Condition::WaitTime(t) if t <= now => self.tick(st, rt, now).map(|_| Condition::Ready(t)),
            Condition::Ready(t) => self.tick(st, rt, now).map(|_| Condition::Ready(t)),
            Condition::Never => {
                self.stop(st)?;
                Ok(Condition::Never)
            }
            other => Ok(other),
        }
    }

    /// The combined condition at `now` without executing.
    pub fn check(&self, now: i64) -> Result<Condition> {
        let st = self.lock();
        Self::check_parts(&st.parts, now)
    }

    fn check_parts(parts: &ExecParts, now: i64) -> Result<Condition> {
        let mut result = Condition::Ready(0);
        for combiner in &parts.combiners {
            let mut folded: Option<Condition> = None;
            for t in &combiner.terms {
                let c = term_check(t, now)?;
                folded = Some(folded.map_or(c, |f| or(f, c)));
            }
            result = and(result, folded.unwrap_or(Condition::Ready(0)));
        }
        for t in &parts.terms {
            result = and(result, term_check(t, now)?);
        }
        Ok(result)
    }

    fn info(&self, st: &ExecState, timestamp: i64, delta: i64) -> ExecInfoC {
        ExecInfoC { context: self.context, timestamp, delta, count: st.count }
    }

    fn start(&self, st: &mut ExecState, now: i64) -> Result<()> {
        st.status = Status::StartPending;
        st.count = 0;
        st.last_timestamp = now;
        let info = self.info(st, now, 0);
        for CodeletPart { obj: c, name, .. } in &st.parts.codelets {
            // SAFETY: live codelet object and vtable.
            ext_result(unsafe { (c.vt.start)(c.obj, &info) }, || {
                format!("codelet '{name}' of entity '{}' failed to start", self.name)
            })?;
        }
        st.status = Status::Started;
        Ok(())
    }

    fn tick(&self, st: &mut ExecState, rt: &Runtime, now: i64) -> Result<()> {
        if now < st.last_timestamp {
            return Err(Error::new(
                Code::GXF_FAILURE,
                format!("entity '{}': tick timestamp {now} earlier than the previous {}", self.name, st.last_timestamp),
            ));
        }
        st.status = Status::TickPending;
        if let Err(e) = self.tick_steps(st, rt, now) {
            let _ = self.stop(st);
            return Err(e);
        }
        st.status = Status::Idle;
        Ok(())
    }

    /// One tick. When tracing, the tick is recorded as ending before its messages are handed
    /// over, so that no receiving tick can start before the end of the tick that fed it.
    fn tick_steps(&self, st: &mut ExecState, rt: &Runtime, now: i64) -> Result<()> {
        let traced = rt.trace().map(|trace| (trace, Instant::now()));
        for inbox in &mut st.parts.inbox {
            let rx = &inbox.rx;
            // SAFETY: live receiver object and vtable.
            ext_result(unsafe { (rx.vt.sync)(rx.obj) }, || {
                format!("entity '{}': failed to sync inbox (receiver {})", self.name, rx.cid)
            })?;
            // SAFETY: live receiver object and vtable.
            inbox.size_before = unsafe { (rx.vt.size)(rx.obj) };
        }
        st.status = Status::Ticking;
        let delta = if st.count == 0 { 0 } else { now - st.last_timestamp };
        st.count += 1;
        self.ticks.store(st.count as u64, Ordering::Relaxed);
        st.last_timestamp = now;
        let info = self.info(st, now, delta);
        match rt.codelet_timer().filter(|t| t.times_codelets()) {
            None => {
                for CodeletPart { obj: c, name, .. } in &st.parts.codelets {
                    // SAFETY: live codelet object and vtable.
                    ext_result(unsafe { (c.vt.tick)(c.obj, &info) }, || {
                        format!("codelet '{name}' of entity '{}' failed to tick", self.name)
                    })?;
                }
            }
            Some(timer) => self.tick_timed(&mut st.parts.codelets, timer, &info)?,
        }
        for t in &st.parts.terms {
            let Some(on_execute) = t.vt.on_execute else { continue };
            // SAFETY: live term object and vtable.
            ext_result(unsafe { on_execute(t.obj, now) }, || {
                format!("entity '{}': scheduling term {} onExecute", self.name, t.cid)
            })?;
        }
        if let Some((trace, started)) = traced {
            trace.tick(self.eid, started, Instant::now());
        }
        self.sync_outbox(st, rt)?;
        Self::notify_upstream(st, rt);
        Ok(())
    }

    /// The codelets' ticks, each timed (codelet statistics); like GXF's `postTick`, a tick
    /// that fails is not counted.
    fn tick_timed(&self, codelets: &mut [CodeletPart], timer: &CodeletTimer, info: &ExecInfoC) -> Result<()> {
        for CodeletPart { obj: c, name, timing } in codelets {
            let cell = timing.get_or_insert_with(|| timer.cell(self.eid, c.cid));
            let start = Instant::now();
            // SAFETY: live codelet object and vtable.
            ext_result(unsafe { (c.vt.tick)(c.obj, info) }, || {
                format!("codelet '{name}' of entity '{}' failed to tick", self.name)
            })?;
            cell.record(start, Instant::now());
        }
        Ok(())
    }

    /// Wakes the producers of every receiver that the tick consumed from: their
    /// `DownstreamReceptiveSchedulingTerm` may have become ready (`MESSAGE_SYNC`).
    fn notify_upstream(st: &ExecState, rt: &Runtime) {
        for inbox in &st.parts.inbox {
            if inbox.source_eids.is_empty() {
                continue;
            }
            // SAFETY: live receiver object and vtable.
            if unsafe { (inbox.rx.vt.size)(inbox.rx.obj) } < inbox.size_before {
                for &eid in &inbox.source_eids {
                    rt.notify_event(eid, Event::MessageSync as i32);
                }
            }
        }
    }

    /// (ticks, messages delivered) so far, read without taking the entity's lock.
    pub fn progress(&self) -> (u64, u64) {
        (self.ticks.load(Ordering::Relaxed), self.delivered.load(Ordering::Relaxed))
    }

    fn sync_outbox(&self, st: &ExecState, rt: &Runtime) -> Result<()> {
        let trace = rt.trace();
        let deliver = |out: &Outbox, msg: MsgRef| {
            Self::deliver(out, msg);
            self.delivered.store(self.delivered.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
            if let Some(t) = trace {
                t.delivered(&out.target_eids);
            }
        };
        for out in &st.parts.outbox {
            let tx = &out.tx;
            let mut msg: MsgRef = std::ptr::null();
            // SAFETY: live transmitter; we receive one reference (or null).
            let code = unsafe { (tx.vt.sync_and_pop)(tx.obj, &mut msg) };
            ext_result(code, || format!("entity '{}': failed to sync outbox (transmitter {})", self.name, tx.cid))?;
            if msg.is_null() {
                continue;
            }
            deliver(out, msg);
            // The rest of the (already synced) main stage.
            // SAFETY: live transmitter and vtable.
            for _ in 0..unsafe { (tx.vt.size)(tx.obj) } {
                let mut msg: MsgRef = std::ptr::null();
                // SAFETY: live transmitter; we receive one reference.
                let code = unsafe { (tx.vt.pop)(tx.obj, &mut msg) };
                if code != 0 || msg.is_null() {
                    let _ = take_last_error();
                    break;
                }
                deliver(out, msg);
            }
            for &eid in &out.target_eids {
                rt.notify_event(eid, Event::MessageSync as i32);
            }
        }
        Ok(())
    }

    /// Hands one popped message to every receiver connected to the transmitter. Push failures
    /// are ignored as in GXF (the receiver's policy decides what is dropped); the last receiver
    /// takes over the popped reference.
    fn deliver(out: &Outbox, msg: MsgRef) {
        match out.targets.split_last() {
            Some((last, others)) => {
                for rx in others {
                    // SAFETY: live receiver; it takes its own reference.
                    if unsafe { (rx.vt.push)(rx.obj, msg) } != 0 {
                        let _ = take_last_error();
                    }
                }
                // SAFETY: live receiver; it takes over the popped reference.
                if unsafe { (last.vt.push_owned)(last.obj, msg) } != 0 {
                    let _ = take_last_error();
                }
            }
            // SAFETY: no receiver: release the popped reference (the message is dropped).
            None => unsafe { super::host_impl::release_message(msg) },
        }
    }

    fn stop(&self, st: &mut ExecState) -> Result<()> {
        st.status = Status::StopPending;
        let info = self.info(st, st.last_timestamp, 0);
        let mut first: Result<()> = Ok(());
        for CodeletPart { obj: c, name, .. } in &st.parts.codelets {
            // SAFETY: live codelet object and vtable.
            let r = ext_result(unsafe { (c.vt.stop)(c.obj, &info) }, || {
                format!("codelet '{name}' of entity '{}' failed to stop", self.name)
            });
            if first.is_ok() {
                first = r;
            }
        }
        st.status = Status::NotStarted;
        first
    }

    /// Stops the codelets if they were started (deactivation, scheduler shutdown).
    pub fn stop_if_started(&self) -> Result<()> {
        let mut st = self.lock();
        match st.status {
            Status::Started | Status::Idle | Status::TickPending | Status::Ticking => self.stop(&mut st),
            _ => Ok(()),
        }
    }
}

/// Calls a component's lifecycle function with its identity.
pub(crate) fn lifecycle(
    f: unsafe extern "C" fn(*mut c_void, *const ComponentCtxC) -> i32,
    obj: *mut c_void,
    ctx: ComponentCtxC,
) -> i32 {
    // SAFETY: live object created by the same vtable.
    unsafe { f(obj, &ctx) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Condition::*;

    #[test]
    fn and_follows_gxf_precedence() {
        assert_eq!(and(Ready(5), Never), Never);
        assert_eq!(and(Wait, WaitEvent), WaitEvent);
        assert_eq!(and(Ready(1), Wait), Wait);
        assert_eq!(and(WaitTime(3), WaitTime(9)), WaitTime(9));
        assert_eq!(and(Ready(2), WaitTime(4)), WaitTime(4));
        assert_eq!(and(Ready(2), Ready(7)), Ready(7));
    }

    #[test]
    fn or_lets_never_dominate_and_takes_later_wait_time() {
        assert_eq!(or(Ready(1), Never), Never);
        assert_eq!(or(Ready(1), Wait), Ready(1));
        assert_eq!(or(WaitTime(3), WaitTime(8)), WaitTime(8));
        assert_eq!(or(Wait, WaitTime(8)), WaitTime(8));
        assert_eq!(or(Wait, WaitEvent), WaitEvent);
        assert_eq!(or(Wait, Wait), Wait);
    }
}
