//! Monomorphised `extern "C"` thunks that expose author traits as ABI vtables. Every thunk
//! runs under [`guard`], so errors and panics become result codes, never unwinding.

use super::context::{ComponentContext, EntityRef, Tick};
use super::guard::{guard, guard_value};
use super::handle::{iface, Interface};
use super::message::Message;
use super::traits::*;
use crate::abi::*;
use crate::tid::Tid;
use std::ffi::c_void;
use std::marker::PhantomData;
use std::ptr::{null, null_mut};

/// Namespace for the vtables of component type `T`.
pub struct Thunks<T>(PhantomData<T>);

/// # Safety
/// `p` must be an object created by `create::<T>`.
unsafe fn this<'a, T>(p: *mut c_void) -> &'a mut T {
    // SAFETY: guaranteed by the caller.
    unsafe { &mut *(p as *mut T) }
}

unsafe extern "C" fn create<T: Component>() -> *mut c_void {
    guard_value(null_mut(), || Box::into_raw(Box::<T>::default()) as *mut c_void)
}

unsafe extern "C" fn destroy<T: Component>(p: *mut c_void) {
    // SAFETY: p came from create::<T> and is destroyed once.
    guard_value((), || drop(unsafe { Box::from_raw(p as *mut T) }))
}

unsafe extern "C" fn initialize<T: Component>(p: *mut c_void, ctx: *const ComponentCtxC) -> i32 {
    // SAFETY: live object; ctx valid for the call.
    guard(|| unsafe { this::<T>(p).initialize(&ComponentContext::from_raw(*ctx)) })
}

unsafe extern "C" fn deinitialize<T: Component>(p: *mut c_void, ctx: *const ComponentCtxC) -> i32 {
    // SAFETY: live object; ctx valid for the call.
    guard(|| unsafe { this::<T>(p).deinitialize(&ComponentContext::from_raw(*ctx)) })
}

unsafe extern "C" fn query<T: Component>(_p: *mut c_void, iface: Tid) -> *const c_void {
    guard_value(null(), || T::query_interface(iface))
}

impl<T: Component> Thunks<T> {
    /// Vtable of a plain component.
    pub const BASE: ComponentVTable = ComponentVTable {
        create: create::<T>,
        destroy: destroy::<T>,
        initialize: initialize::<T>,
        deinitialize: deinitialize::<T>,
        codelet: null(),
        term: null(),
        transmitter: null(),
        receiver: null(),
        clock: null(),
        allocator: null(),
        system: null(),
        monitor: null(),
        query: query::<T>,
    };
}

// ---- Codelet ----

unsafe extern "C" fn start<T: Codelet>(p: *mut c_void, info: *const ExecInfoC) -> i32 {
    // SAFETY: live object; info valid for the call.
    guard(|| unsafe { this::<T>(p).start(&Tick::new(*info)) })
}

unsafe extern "C" fn tick<T: Codelet>(p: *mut c_void, info: *const ExecInfoC) -> i32 {
    // SAFETY: live object; info valid for the call.
    guard(|| unsafe { this::<T>(p).tick(&Tick::new(*info)) })
}

unsafe extern "C" fn stop<T: Codelet>(p: *mut c_void, info: *const ExecInfoC) -> i32 {
    // SAFETY: live object; info valid for the call.
    guard(|| unsafe { this::<T>(p).stop(&Tick::new(*info)) })
}

impl<T: Codelet> Thunks<T> {
    const CODELET_VT: CodeletVTable = CodeletVTable { start: start::<T>, tick: tick::<T>, stop: stop::<T> };
    /// Vtable of a codelet.
    pub const CODELET: ComponentVTable = ComponentVTable { codelet: &Self::CODELET_VT, ..Self::BASE };
}

// ---- SchedulingTerm ----

unsafe extern "C" fn term_check<T: SchedulingTerm>(p: *mut c_void, now: i64, out: *mut ConditionC) -> i32 {
    guard(|| {
        // SAFETY: live object; out valid for the call.
        unsafe { *out = this::<T>(p).check(now)?.into() };
        Ok(())
    })
}

unsafe extern "C" fn term_on_execute<T: SchedulingTerm>(p: *mut c_void, now: i64) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).on_execute(now) })
}

unsafe extern "C" fn term_combined<T: SchedulingTerm>(p: *mut c_void, out: *mut i64, n: *mut usize) -> i32 {
    guard(|| {
        // SAFETY: live object; out has capacity *n.
        unsafe {
            let terms = this::<T>(p).combined_terms();
            let capacity = *n;
            *n = terms.len();
            if terms.len() > capacity {
                return Err(crate::Code::GXF_QUERY_NOT_ENOUGH_CAPACITY.into());
            }
            std::ptr::copy_nonoverlapping(terms.as_ptr(), out, terms.len());
        }
        Ok(())
    })
}

impl<T: SchedulingTerm> Thunks<T> {
    const TERM_VT: TermVTable = TermVTable {
        check: term_check::<T>,
        on_execute: if T::ON_EXECUTE { Some(term_on_execute::<T>) } else { None },
        is_combiner: T::IS_COMBINER,
        combined_terms: term_combined::<T>,
    };
    /// Vtable of a scheduling term.
    pub const TERM: ComponentVTable = ComponentVTable { term: &Self::TERM_VT, ..Self::BASE };
}

// ---- Transmitter ----

fn give(out: *mut MsgRef, msg: Option<Message>) {
    // SAFETY: out valid for the call; ownership of the reference passes to the caller.
    unsafe { *out = msg.map_or(null(), Message::into_raw) };
}

unsafe extern "C" fn tx_publish<T: Transmitter>(p: *mut c_void, msg: MsgRef) -> i32 {
    // SAFETY: live object; msg is a live borrowed reference.
    guard(|| unsafe { this::<T>(p).publish(Message::from_borrowed_raw(msg)) })
}
unsafe extern "C" fn tx_publish_owned<T: Transmitter>(p: *mut c_void, msg: MsgRef) -> i32 {
    // SAFETY: the message reference is handed over first, so it is released even if `p` panics.
    let msg = unsafe { Message::from_owned_raw(msg) };
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).publish(msg) })
}
unsafe extern "C" fn tx_sync<T: Transmitter>(p: *mut c_void) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).sync() })
}
unsafe extern "C" fn tx_pop<T: Transmitter>(p: *mut c_void, out: *mut MsgRef) -> i32 {
    guard(|| {
        // SAFETY: live object.
        give(out, unsafe { this::<T>(p).pop() });
        Ok(())
    })
}
unsafe extern "C" fn tx_sync_and_pop<T: Transmitter>(p: *mut c_void, out: *mut MsgRef) -> i32 {
    // SAFETY: out valid for the call.
    unsafe { *out = null() };
    guard(|| {
        // SAFETY: live object.
        give(out, unsafe { this::<T>(p).sync_and_pop()? });
        Ok(())
    })
}
unsafe extern "C" fn tx_size<T: Transmitter>(p: *mut c_void) -> usize {
    // SAFETY: live object.
    guard_value(0, || unsafe { this::<T>(p).size() })
}
unsafe extern "C" fn tx_back_size<T: Transmitter>(p: *mut c_void) -> usize {
    // SAFETY: live object.
    guard_value(0, || unsafe { this::<T>(p).back_size() })
}
unsafe extern "C" fn tx_capacity<T: Transmitter>(p: *mut c_void) -> usize {
    // SAFETY: live object.
    guard_value(0, || unsafe { this::<T>(p).capacity() })
}

impl<T: Transmitter> Thunks<T> {
    const TX_VT: TransmitterVTable = TransmitterVTable {
        publish: tx_publish::<T>,
        publish_owned: tx_publish_owned::<T>,
        sync: tx_sync::<T>,
        pop: tx_pop::<T>,
        sync_and_pop: tx_sync_and_pop::<T>,
        size: tx_size::<T>,
        back_size: tx_back_size::<T>,
        capacity: tx_capacity::<T>,
    };
    /// Vtable of a transmitter.
    pub const TRANSMITTER: ComponentVTable = ComponentVTable { transmitter: &Self::TX_VT, ..Self::BASE };
}

// ---- Receiver ----

unsafe extern "C" fn rx_push<T: Receiver>(p: *mut c_void, msg: MsgRef) -> i32 {
    // SAFETY: live object; msg is a live borrowed reference.
    guard(|| unsafe { this::<T>(p).push(Message::from_borrowed_raw(msg)) })
}
unsafe extern "C" fn rx_push_owned<T: Receiver>(p: *mut c_void, msg: MsgRef) -> i32 {
    // SAFETY: the message reference is handed over first, so it is released even if `p` panics.
    let msg = unsafe { Message::from_owned_raw(msg) };
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).push(msg) })
}
unsafe extern "C" fn rx_sync<T: Receiver>(p: *mut c_void) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).sync() })
}
unsafe extern "C" fn rx_receive<T: Receiver>(p: *mut c_void, out: *mut MsgRef) -> i32 {
    guard(|| {
        // SAFETY: live object.
        give(out, unsafe { this::<T>(p).receive()? });
        Ok(())
    })
}
unsafe extern "C" fn rx_peek<T: Receiver>(p: *mut c_void, index: usize, out: *mut MsgRef) -> i32 {
    guard(|| {
        // SAFETY: live object.
        give(out, unsafe { this::<T>(p).peek(index) });
        Ok(())
    })
}
unsafe extern "C" fn rx_peek_back<T: Receiver>(p: *mut c_void, index: usize, out: *mut MsgRef) -> i32 {
    guard(|| {
        // SAFETY: live object.
        give(out, unsafe { this::<T>(p).peek_back(index) });
        Ok(())
    })
}
unsafe extern "C" fn rx_size<T: Receiver>(p: *mut c_void) -> usize {
    // SAFETY: live object.
    guard_value(0, || unsafe { this::<T>(p).size() })
}
unsafe extern "C" fn rx_back_size<T: Receiver>(p: *mut c_void) -> usize {
    // SAFETY: live object.
    guard_value(0, || unsafe { this::<T>(p).back_size() })
}
unsafe extern "C" fn rx_capacity<T: Receiver>(p: *mut c_void) -> usize {
    // SAFETY: live object.
    guard_value(0, || unsafe { this::<T>(p).capacity() })
}
unsafe extern "C" fn rx_sizes<T: Receiver>(p: *mut c_void, out: *mut [usize; 3]) {
    // SAFETY: live object; out valid for the call.
    unsafe { *out = guard_value([0; 3], || this::<T>(p).sizes()) }
}

impl<T: Receiver> Thunks<T> {
    const RX_VT: ReceiverVTable = ReceiverVTable {
        push: rx_push::<T>,
        push_owned: rx_push_owned::<T>,
        sync: rx_sync::<T>,
        receive: rx_receive::<T>,
        peek: rx_peek::<T>,
        peek_back: rx_peek_back::<T>,
        size: rx_size::<T>,
        back_size: rx_back_size::<T>,
        capacity: rx_capacity::<T>,
        sizes: rx_sizes::<T>,
    };
    /// Vtable of a receiver.
    pub const RECEIVER: ComponentVTable = ComponentVTable { receiver: &Self::RX_VT, ..Self::BASE };
}

// ---- Clock ----

unsafe extern "C" fn clock_timestamp<T: Clock>(p: *mut c_void) -> i64 {
    // SAFETY: live object.
    guard_value(0, || unsafe { this::<T>(p).timestamp() })
}
unsafe extern "C" fn clock_sleep_for<T: Clock>(p: *mut c_void, ns: i64) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).sleep_for(ns) })
}
unsafe extern "C" fn clock_sleep_until<T: Clock>(p: *mut c_void, ns: i64) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).sleep_until(ns) })
}

impl<T: Clock> Thunks<T> {
    const CLOCK_VT: ClockVTable = ClockVTable {
        timestamp: clock_timestamp::<T>,
        sleep_for: clock_sleep_for::<T>,
        sleep_until: clock_sleep_until::<T>,
    };
    /// Vtable of a clock.
    pub const CLOCK: ComponentVTable = ComponentVTable { clock: &Self::CLOCK_VT, ..Self::BASE };
}

// ---- Allocator ----

unsafe extern "C" fn alloc_is_available<T: Allocator>(p: *mut c_void, size: u64) -> bool {
    // SAFETY: live object.
    guard_value(false, || unsafe { this::<T>(p).is_available(size) })
}
unsafe extern "C" fn alloc_allocate<T: Allocator>(p: *mut c_void, size: u64, storage: i32, out: *mut *mut u8) -> i32 {
    guard(|| {
        // SAFETY: live object; out valid for the call.
        unsafe { *out = this::<T>(p).allocate(size, storage)? };
        Ok(())
    })
}
unsafe extern "C" fn alloc_free<T: Allocator>(p: *mut c_void, ptr: *mut u8) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).free(ptr) })
}
unsafe extern "C" fn alloc_block_size<T: Allocator>(p: *mut c_void) -> u64 {
    // SAFETY: live object.
    guard_value(1, || unsafe { this::<T>(p).block_size() })
}

impl<T: Allocator> Thunks<T> {
    const ALLOC_VT: AllocatorVTable = AllocatorVTable {
        is_available: alloc_is_available::<T>,
        allocate: alloc_allocate::<T>,
        free: alloc_free::<T>,
        block_size: alloc_block_size::<T>,
    };
    /// Vtable of an allocator.
    pub const ALLOCATOR: ComponentVTable = ComponentVTable { allocator: &Self::ALLOC_VT, ..Self::BASE };
}

// ---- Scheduler ----

unsafe extern "C" fn sys_schedule<T: Scheduler>(p: *mut c_void, entity: EntityRefC) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).schedule(EntityRef::new(entity)) })
}
unsafe extern "C" fn sys_unschedule<T: Scheduler>(p: *mut c_void, eid: i64) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).unschedule(eid) })
}
unsafe extern "C" fn sys_run_async<T: Scheduler>(p: *mut c_void) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).run_async() })
}
unsafe extern "C" fn sys_stop<T: Scheduler>(p: *mut c_void) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).stop() })
}
unsafe extern "C" fn sys_wait<T: Scheduler>(p: *mut c_void) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).wait() })
}
unsafe extern "C" fn sys_event<T: Scheduler>(p: *mut c_void, eid: i64, event: i32) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).event_notify(eid, event) })
}

impl<T: Scheduler> Thunks<T> {
    const SYS_VT: SystemVTable = SystemVTable {
        schedule: sys_schedule::<T>,
        unschedule: sys_unschedule::<T>,
        run_async: sys_run_async::<T>,
        stop: sys_stop::<T>,
        wait: sys_wait::<T>,
        event_notify: sys_event::<T>,
        event_mask: T::EVENT_MASK,
    };
    /// Vtable of a scheduler.
    pub const SCHEDULER: ComponentVTable = ComponentVTable { system: &Self::SYS_VT, ..Self::BASE };
}

// ---- Monitor ----

unsafe extern "C" fn monitor_on_execute<T: Monitor>(p: *mut c_void, eid: i64, ts: i64, code: i32) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).on_execute(eid, ts, code) })
}

impl<T: Monitor> Thunks<T> {
    const MONITOR_VT: MonitorVTable = MonitorVTable { on_execute: monitor_on_execute::<T> };
    /// Vtable of a monitor.
    pub const MONITOR: ComponentVTable = ComponentVTable { monitor: &Self::MONITOR_VT, ..Self::BASE };
}

// ---- Interfaces reached through `query` ----

unsafe extern "C" fn tt_set<T: TargetTimeTerm>(p: *mut c_void, ns: i64) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).set_next_target_time(ns) })
}
unsafe extern "C" fn async_set<T: AsyncEventTerm>(p: *mut c_void, state: i32) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).set_event_state(state) })
}
unsafe extern "C" fn async_get<T: AsyncEventTerm>(p: *mut c_void) -> i32 {
    // SAFETY: live object.
    guard_value(4, || unsafe { this::<T>(p).event_state() })
}
unsafe extern "C" fn bool_set<T: BooleanTerm>(p: *mut c_void, enabled: bool) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).set_enabled(enabled) })
}
unsafe extern "C" fn bool_get<T: BooleanTerm>(p: *mut c_void) -> bool {
    // SAFETY: live object.
    guard_value(false, || unsafe { this::<T>(p).is_enabled() })
}
unsafe extern "C" fn bt_set<T: BtTerm>(p: *mut c_void, condition: i32) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).set_condition(condition) })
}
unsafe extern "C" fn periodic_period<T: PeriodicTerm>(p: *mut c_void) -> i64 {
    // SAFETY: live object.
    guard_value(0, || unsafe { this::<T>(p).recess_period_ns() })
}
unsafe extern "C" fn periodic_last<T: PeriodicTerm>(p: *mut c_void, out: *mut i64) -> bool {
    // SAFETY: live object; out valid.
    guard_value(false, || unsafe { this::<T>(p).last_run().map(|t| *out = t).is_some() })
}
unsafe extern "C" fn metric_record<T: MetricComponent>(p: *mut c_void, value: f64) -> i32 {
    // SAFETY: live object.
    guard(|| unsafe { this::<T>(p).record(value) })
}
unsafe extern "C" fn metric_value<T: MetricComponent>(p: *mut c_void, out: *mut f64) -> i32 {
    guard(|| {
        // SAFETY: live object; out valid.
        unsafe { *out = this::<T>(p).value()? };
        Ok(())
    })
}
unsafe extern "C" fn metric_success<T: MetricComponent>(p: *mut c_void, out: *mut bool) -> i32 {
    guard(|| {
        // SAFETY: live object; out valid.
        unsafe { *out = this::<T>(p).evaluate_success()? };
        Ok(())
    })
}

unsafe extern "C" fn vault_store<T: VaultComponent>(
    p: *mut c_void,
    max: usize,
    timeout_ns: i64,
    out: *mut MsgRef,
    n: *mut usize,
) -> i32 {
    guard(|| {
        // SAFETY: live object; out has capacity *n.
        unsafe {
            let msgs = this::<T>(p).store(max.min(*n), VaultWait::from_raw(timeout_ns));
            *n = msgs.len();
            for (i, m) in msgs.into_iter().enumerate() {
                *out.add(i) = m.into_raw();
            }
        }
        Ok(())
    })
}
unsafe extern "C" fn vault_free<T: VaultComponent>(p: *mut c_void, eids: *const i64, n: usize) -> i32 {
    // SAFETY: live object; eids has n items.
    guard(|| unsafe {
        this::<T>(p).free(std::slice::from_raw_parts(eids, n));
        Ok(())
    })
}

impl<T: VaultComponent> Thunks<T> {
    /// Vault interface vtable.
    pub const VAULT: VaultVTable = VaultVTable { store: vault_store::<T>, free: vault_free::<T> };
}

impl<T: TargetTimeTerm> Thunks<T> {
    /// Target-time interface vtable (return it from `query_interface`).
    pub const TARGET_TIME: TargetTimeVTable = TargetTimeVTable { set_next_target_time: tt_set::<T> };
}
impl<T: AsyncEventTerm> Thunks<T> {
    /// Asynchronous-term interface vtable.
    pub const ASYNC_TERM: AsyncTermVTable =
        AsyncTermVTable { set_event_state: async_set::<T>, event_state: async_get::<T> };
}
impl<T: BooleanTerm> Thunks<T> {
    /// Boolean-term interface vtable.
    pub const BOOLEAN_TERM: BooleanTermVTable =
        BooleanTermVTable { set_enabled: bool_set::<T>, is_enabled: bool_get::<T> };
}
impl<T: BtTerm> Thunks<T> {
    /// Behaviour-tree-term interface vtable.
    pub const BT_TERM: BtTermVTable = BtTermVTable { set_condition: bt_set::<T> };
}
impl<T: PeriodicTerm> Thunks<T> {
    /// Periodic-term interface vtable.
    pub const PERIODIC_TERM: PeriodicTermVTable =
        PeriodicTermVTable { recess_period_ns: periodic_period::<T>, last_run: periodic_last::<T> };
}
impl<T: MetricComponent> Thunks<T> {
    /// Metric interface vtable.
    pub const METRIC: MetricVTable =
        MetricVTable { record: metric_record::<T>, value: metric_value::<T>, evaluate_success: metric_success::<T> };
}

/// A component type that answers for interface `I` beyond its kind's vtable: listed in
/// `#[gxf(interfaces(..))]`, it is returned by the derived `query_interface`. Implemented for
/// every type that implements the matching trait (e.g. [`TargetTimeTerm`] for
/// `iface::TargetTimeSchedulingTerm`).
pub trait Provides<I: Interface> {
    /// The interface vtable of this type.
    fn vtable() -> *const c_void;
}

macro_rules! provides {
    ($marker:ty, $trait:ident, $vt:ident: $vt_type:ty) => {
        impl<T: $trait> Provides<$marker> for T {
            fn vtable() -> *const c_void {
                let vtable: &'static $vt_type = &Thunks::<T>::$vt;
                vtable as *const $vt_type as *const c_void
            }
        }
    };
}

provides!(iface::TargetTimeSchedulingTerm, TargetTimeTerm, TARGET_TIME: TargetTimeVTable);
provides!(iface::AsynchronousSchedulingTerm, AsyncEventTerm, ASYNC_TERM: AsyncTermVTable);
provides!(iface::BooleanSchedulingTerm, BooleanTerm, BOOLEAN_TERM: BooleanTermVTable);
provides!(iface::BTSchedulingTerm, BtTerm, BT_TERM: BtTermVTable);
provides!(iface::PeriodicSchedulingTerm, PeriodicTerm, PERIODIC_TERM: PeriodicTermVTable);
provides!(iface::Vault, VaultComponent, VAULT: VaultVTable);
provides!(iface::Metric, MetricComponent, METRIC: MetricVTable);
