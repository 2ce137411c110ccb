//! Typed handles to other components, resolved through the host to an object and its vtable.

use super::context::{check_code, query_ids, ContextRef};
use super::host::host;
use super::message::Message;
use super::traits;
use crate::abi::{self, types, ComponentRefC, ComponentVTable, MsgRef};
use crate::result::{Code, Error, Result};
use crate::tid::Tid;
use std::ffi::c_void;
use std::marker::PhantomData;

/// An interface a handle can point at: the marker types in [`iface`].
///
/// # Safety
/// `select` must return a pointer to a vtable of type `VTable` or null.
pub unsafe trait Interface: 'static {
    /// The interface's vtable type.
    type VTable: 'static;
    /// GXF type id of the interface type (e.g. `nvidia::gxf::Transmitter`).
    const TID: Tid;
    /// GXF type name.
    const NAME: &'static str;
    /// Picks the interface vtable out of a component vtable (or asks the object through
    /// `ComponentVTable::query` for interfaces beyond the built-in ones).
    ///
    /// # Safety
    /// `obj` must be the live object that `vtable` belongs to.
    unsafe fn select(vtable: &ComponentVTable, obj: *mut c_void) -> *const Self::VTable;
}

/// A handle to a component implementing `I`. `repr(C)`: vocabulary types such as
/// [`MemoryBuffer`](crate::vocab::MemoryBuffer) embed handles in message components.
#[repr(C)]
pub struct Handle<I: Interface> {
    context: ContextRef,
    cid: i64,
    eid: i64,
    tid: Tid,
    obj: *mut c_void,
    vtable: *const I::VTable,
    _marker: PhantomData<fn() -> Box<I>>,
}

// SAFETY: the objects behind handles are internally synchronised (&self interfaces) and live as
// long as their entity.
unsafe impl<I: Interface> Send for Handle<I> {}
unsafe impl<I: Interface> Sync for Handle<I> {}

impl<I: Interface> Clone for Handle<I> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<I: Interface> Copy for Handle<I> {}

impl<I: Interface> std::fmt::Debug for Handle<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Handle<{}>(cid {})", I::NAME, self.cid)
    }
}

impl<I: Interface> PartialEq for Handle<I> {
    fn eq(&self, other: &Self) -> bool {
        self.cid == other.cid
    }
}

impl<I: Interface> Handle<I> {
    /// Resolves a component id to a handle, checking that it implements `I`.
    pub fn resolve(context: ContextRef, cid: i64) -> Result<Handle<I>> {
        let mut out =
            ComponentRefC { cid: 0, eid: 0, tid: Tid::NULL, obj: std::ptr::null_mut(), vtable: std::ptr::null() };
        // SAFETY: out is a valid local.
        check_code(unsafe { (host().component_ref)(context.raw(), cid, &mut out) })?;
        // SAFETY: a non-null vtable from the host points at a live, checked ComponentVTable.
        // SAFETY: the host returned the object together with its own vtable.
        let vtable = unsafe { out.vtable.as_ref().map_or(std::ptr::null(), |v| I::select(v, out.obj)) };
        if vtable.is_null() {
            return Err(Error::new(
                Code::GXF_ENTITY_COMPONENT_NOT_FOUND,
                format!("component {cid} ('{}') is not a {}", context.component_name(cid), I::NAME),
            ));
        }
        Ok(Handle { context, cid, eid: out.eid, tid: out.tid, obj: out.obj, vtable, _marker: PhantomData })
    }

    /// Component id.
    pub fn cid(&self) -> i64 {
        self.cid
    }

    /// Owning entity id.
    pub fn eid(&self) -> i64 {
        self.eid
    }

    /// Concrete type id.
    pub fn tid(&self) -> Tid {
        self.tid
    }

    /// The runtime context.
    pub fn context(&self) -> ContextRef {
        self.context
    }

    /// Component name.
    pub fn name(&self) -> String {
        self.context.component_name(self.cid)
    }

    /// Raw object pointer (for extension-specific interfaces obtained through `query`).
    pub fn object(&self) -> *mut c_void {
        self.obj
    }

    /// Whether the handle points at a component (false for `Handle::default()`, the value of a
    /// handle field before its parameter was read).
    pub fn is_set(&self) -> bool {
        !self.vtable.is_null()
    }

    #[inline]
    /// The interface's vtable, to call with [`object`](Self::object) (what the typed methods
    /// do; crates that define their own interfaces call through it). Panics on an unset handle.
    pub fn vtable(&self) -> &I::VTable {
        if self.vtable.is_null() {
            unset_handle::<I>();
        }
        // SAFETY: non-null vtables come from resolve and are 'static.
        unsafe { &*self.vtable }
    }
}

/// A handle used before it was set is a bug in the component: the panic becomes a failed call
/// (`GXF_FAILURE` with this message) at the ABI guard.
#[cold]
#[inline(never)]
fn unset_handle<I: Interface>() -> ! {
    panic!("a Handle<{}> was used before it was set (its parameter was never read)", I::NAME)
}

impl<I: Interface> Default for Handle<I> {
    /// An unset handle: pointing at nothing, [`Handle::is_set`] is false.
    fn default() -> Self {
        Handle {
            context: ContextRef::default(),
            cid: 0,
            eid: 0,
            tid: Tid::NULL,
            obj: std::ptr::null_mut(),
            vtable: std::ptr::null(),
            _marker: PhantomData,
        }
    }
}

/// Marker types naming the interfaces handles can point at (`Handle<iface::Transmitter>`).
pub mod iface {
    /// `nvidia::gxf::Codelet`.
    pub enum Codelet {}
    /// `nvidia::gxf::SchedulingTerm`.
    pub enum SchedulingTerm {}
    /// `nvidia::gxf::Transmitter`.
    pub enum Transmitter {}
    /// `nvidia::gxf::Receiver`.
    pub enum Receiver {}
    /// `nvidia::gxf::Clock`.
    pub enum Clock {}
    /// `nvidia::gxf::Allocator`.
    pub enum Allocator {}
    /// `nvidia::gxf::Scheduler`.
    pub enum Scheduler {}
    /// `nvidia::gxf::Monitor`.
    pub enum Monitor {}
    /// `nvidia::gxf::Component` (any component).
    pub enum Component {}
    /// `nvidia::gxf::TargetTimeSchedulingTerm`.
    pub enum TargetTimeSchedulingTerm {}
    /// `nvidia::gxf::AsynchronousSchedulingTerm`.
    pub enum AsynchronousSchedulingTerm {}
    /// `nvidia::gxf::BooleanSchedulingTerm`.
    pub enum BooleanSchedulingTerm {}
    /// `nvidia::gxf::BTSchedulingTerm`.
    pub enum BTSchedulingTerm {}
    /// `nvidia::gxf::PeriodicSchedulingTerm`.
    pub enum PeriodicSchedulingTerm {}
    /// `nvidia::gxf::Metric`.
    pub enum Metric {}
    /// `nvidia::gxf::Vault`.
    pub enum Vault {}
}

macro_rules! queried_interface {
    ($marker:ty, $vt:ty, $info:expr) => {
        // SAFETY: the object answers `query` with a vtable of this type or null.
        unsafe impl Interface for $marker {
            type VTable = $vt;
            const TID: Tid = $info.tid;
            const NAME: &'static str = $info.name;
            unsafe fn select(vtable: &ComponentVTable, obj: *mut c_void) -> *const $vt {
                // SAFETY: live object and its own vtable.
                unsafe { (vtable.query)(obj, Self::TID) as *const $vt }
            }
        }
    };
}

queried_interface!(iface::TargetTimeSchedulingTerm, abi::TargetTimeVTable, types::TARGET_TIME_SCHEDULING_TERM);
queried_interface!(iface::AsynchronousSchedulingTerm, abi::AsyncTermVTable, types::ASYNCHRONOUS_SCHEDULING_TERM);
queried_interface!(iface::BooleanSchedulingTerm, abi::BooleanTermVTable, types::BOOLEAN_SCHEDULING_TERM);
queried_interface!(iface::BTSchedulingTerm, abi::BtTermVTable, types::BT_SCHEDULING_TERM);
queried_interface!(iface::PeriodicSchedulingTerm, abi::PeriodicTermVTable, types::PERIODIC_SCHEDULING_TERM);
queried_interface!(iface::Vault, abi::VaultVTable, types::VAULT);
queried_interface!(iface::Metric, abi::MetricVTable, types::METRIC);

impl Handle<iface::TargetTimeSchedulingTerm> {
    /// Requests the next tick at `ns` (scheduler clock).
    pub fn set_next_target_time(&self, ns: i64) -> Result<()> {
        // SAFETY: live object and vtable.
        check_code(unsafe { (self.vtable().set_next_target_time)(self.obj, ns) })
    }
}

impl Handle<iface::AsynchronousSchedulingTerm> {
    /// Sets the event state (see [`crate::abi::AsyncTermVTable`]).
    pub fn set_event_state(&self, state: i32) -> Result<()> {
        // SAFETY: live object and vtable.
        check_code(unsafe { (self.vtable().set_event_state)(self.obj, state) })
    }

    /// The event state.
    pub fn event_state(&self) -> i32 {
        // SAFETY: live object and vtable.
        unsafe { (self.vtable().event_state)(self.obj) }
    }
}

impl Handle<iface::BooleanSchedulingTerm> {
    /// Enables or disables ticking.
    pub fn set_enabled(&self, enabled: bool) -> Result<()> {
        // SAFETY: live object and vtable.
        check_code(unsafe { (self.vtable().set_enabled)(self.obj, enabled) })
    }

    /// Whether ticking is enabled.
    pub fn is_enabled(&self) -> bool {
        // SAFETY: live object and vtable.
        unsafe { (self.vtable().is_enabled)(self.obj) }
    }
}

impl Handle<iface::BTSchedulingTerm> {
    /// Sets the condition (see [`crate::abi::BtTermVTable`]).
    pub fn set_condition(&self, condition: i32) -> Result<()> {
        // SAFETY: live object and vtable.
        check_code(unsafe { (self.vtable().set_condition)(self.obj, condition) })
    }
}

impl Handle<iface::PeriodicSchedulingTerm> {
    /// The period in ns.
    pub fn recess_period_ns(&self) -> i64 {
        // SAFETY: live object and vtable.
        unsafe { (self.vtable().recess_period_ns)(self.obj) }
    }

    /// Time of the last tick, if any.
    pub fn last_run(&self) -> Option<i64> {
        let mut out = 0;
        // SAFETY: live object and vtable.
        unsafe { (self.vtable().last_run)(self.obj, &mut out) }.then_some(out)
    }
}

impl Handle<iface::Vault> {
    /// Takes up to `max` waiting messages (kept alive by the vault until [`Self::free`]).
    pub fn store(&self, max: usize, wait: traits::VaultWait) -> Result<Vec<Message>> {
        let mut raw: Vec<MsgRef> = vec![std::ptr::null(); max];
        let mut n = max;
        // SAFETY: live object and vtable; raw has capacity n.
        check_code(unsafe { (self.vtable().store)(self.obj, max, wait.to_raw(), raw.as_mut_ptr(), &mut n) })?;
        // SAFETY: the vault handed over n references.
        Ok(raw[..n].iter().map(|&m| unsafe { Message::from_owned_raw(m) }).collect())
    }

    /// Releases messages previously taken, by entity id.
    pub fn free(&self, eids: &[i64]) -> Result<()> {
        // SAFETY: live object and vtable.
        check_code(unsafe { (self.vtable().free)(self.obj, eids.as_ptr(), eids.len()) })
    }
}

impl Handle<iface::Metric> {
    /// Folds a sample into the aggregate.
    pub fn record(&self, value: f64) -> Result<()> {
        // SAFETY: live object and vtable.
        check_code(unsafe { (self.vtable().record)(self.obj, value) })
    }

    /// The aggregate so far.
    pub fn value(&self) -> Result<f64> {
        let mut out = 0.0;
        // SAFETY: live object and vtable.
        check_code(unsafe { (self.vtable().value)(self.obj, &mut out) })?;
        Ok(out)
    }

    /// Whether the aggregate lies within the thresholds.
    pub fn evaluate_success(&self) -> Result<bool> {
        let mut out = false;
        // SAFETY: live object and vtable.
        check_code(unsafe { (self.vtable().evaluate_success)(self.obj, &mut out) })?;
        Ok(out)
    }
}

macro_rules! interface {
    ($dyn:ty, $vt:ty, $field:ident, $info:expr) => {
        // SAFETY: returns the matching vtable field.
        unsafe impl Interface for $dyn {
            type VTable = $vt;
            const TID: Tid = $info.tid;
            const NAME: &'static str = $info.name;
            unsafe fn select(vtable: &ComponentVTable, _obj: *mut c_void) -> *const $vt {
                vtable.$field
            }
        }
    };
}

interface!(iface::Codelet, abi::CodeletVTable, codelet, types::CODELET);
interface!(iface::SchedulingTerm, abi::TermVTable, term, types::SCHEDULING_TERM);
interface!(iface::Transmitter, abi::TransmitterVTable, transmitter, types::TRANSMITTER);
interface!(iface::Receiver, abi::ReceiverVTable, receiver, types::RECEIVER);
interface!(iface::Clock, abi::ClockVTable, clock, types::CLOCK);
interface!(iface::Allocator, abi::AllocatorVTable, allocator, types::ALLOCATOR);
interface!(iface::Scheduler, abi::SystemVTable, system, types::SCHEDULER);
interface!(iface::Monitor, abi::MonitorVTable, monitor, types::MONITOR);

// SAFETY: every component has a component vtable.
unsafe impl Interface for iface::Component {
    type VTable = ComponentVTable;
    const TID: Tid = types::COMPONENT.tid;
    const NAME: &'static str = types::COMPONENT.name;
    unsafe fn select(vtable: &ComponentVTable, _obj: *mut c_void) -> *const ComponentVTable {
        vtable
    }
}

/// Sets the `Timestamp` named "timestamp" (added if absent) to `acqtime = acq`, `pubtime = 0`.
fn stamp(msg: &mut Message, acq: i64) -> Result<()> {
    let ts = crate::vocab::Timestamp { pubtime: 0, acqtime: acq };
    match msg.get_mut::<crate::vocab::Timestamp>(Some("timestamp")) {
        Some(existing) => *existing = ts,
        None => {
            msg.add("timestamp", ts)?;
        }
    }
    Ok(())
}

fn out_msg(f: impl FnOnce(*mut MsgRef) -> i32) -> Result<Option<Message>> {
    let mut raw: MsgRef = std::ptr::null();
    check_code(f(&mut raw))?;
    // SAFETY: the callee transferred one reference to us.
    Ok((!raw.is_null()).then(|| unsafe { Message::from_owned_raw(raw) }))
}

impl Handle<iface::Transmitter> {
    /// Publishes a message as is.
    #[inline]
    pub fn publish(&self, msg: &Message) -> Result<()> {
        // SAFETY: live object and vtable; the queue takes its own reference.
        check_code(unsafe { (self.vtable().publish)(self.obj, msg.raw()) })
    }

    /// Publishes after setting the `Timestamp` named "timestamp" (added if absent) to
    /// `acqtime = acq`, `pubtime = 0`, as GXF's `publish(message, acq_time)` does.
    pub fn publish_at(&self, msg: &mut Message, acq: i64) -> Result<()> {
        stamp(msg, acq)?;
        self.publish(msg)
    }

    /// Publishes a message the caller no longer needs (hands over its reference: cheaper than
    /// [`Self::publish`]).
    #[inline]
    pub fn send(&self, msg: Message) -> Result<()> {
        // SAFETY: live object and vtable; the queue takes over our reference.
        check_code(unsafe { (self.vtable().publish_owned)(self.obj, msg.into_raw()) })
    }

    /// [`Self::send`] after stamping like [`Self::publish_at`].
    pub fn send_at(&self, mut msg: Message, acq: i64) -> Result<()> {
        stamp(&mut msg, acq)?;
        self.send(msg)
    }

    /// Moves staged messages to the main stage.
    pub fn sync(&self) -> Result<()> {
        // SAFETY: live object and vtable.
        check_code(unsafe { (self.vtable().sync)(self.obj) })
    }

    /// Pops the oldest main-stage message.
    pub fn pop(&self) -> Result<Option<Message>> {
        // SAFETY: live object and vtable.
        out_msg(|out| unsafe { (self.vtable().pop)(self.obj, out) })
    }

    /// Main-stage count.
    pub fn size(&self) -> usize {
        // SAFETY: live object and vtable.
        unsafe { (self.vtable().size)(self.obj) }
    }

    /// Staged count.
    pub fn back_size(&self) -> usize {
        // SAFETY: live object and vtable.
        unsafe { (self.vtable().back_size)(self.obj) }
    }

    /// Capacity.
    pub fn capacity(&self) -> usize {
        // SAFETY: live object and vtable.
        unsafe { (self.vtable().capacity)(self.obj) }
    }

    /// Receivers connected to this transmitter.
    pub fn connected_receivers(&self) -> Result<Vec<Handle<iface::Receiver>>> {
        // SAFETY: query_ids passes a buffer of capacity n.
        let cids = query_ids(|out, n| unsafe { (host().connected_receivers)(self.context.raw(), self.cid, out, n) })?;
        cids.into_iter().map(|cid| Handle::resolve(self.context, cid)).collect()
    }
}

impl Handle<iface::Receiver> {
    /// Takes the oldest main-stage message (`None` when empty).
    #[inline]
    pub fn receive(&self) -> Result<Option<Message>> {
        // SAFETY: live object and vtable.
        out_msg(|out| unsafe { (self.vtable().receive)(self.obj, out) })
    }

    /// Delivers a message into the back stage.
    pub fn push(&self, msg: &Message) -> Result<()> {
        // SAFETY: live object and vtable; the queue takes its own reference.
        check_code(unsafe { (self.vtable().push)(self.obj, msg.raw()) })
    }

    /// Moves the back stage to the main stage.
    pub fn sync(&self) -> Result<()> {
        // SAFETY: live object and vtable.
        check_code(unsafe { (self.vtable().sync)(self.obj) })
    }

    /// Main-stage item `index`.
    pub fn peek(&self, index: usize) -> Result<Option<Message>> {
        // SAFETY: live object and vtable.
        out_msg(|out| unsafe { (self.vtable().peek)(self.obj, index, out) })
    }

    /// Back-stage item `index`.
    pub fn peek_back(&self, index: usize) -> Result<Option<Message>> {
        // SAFETY: live object and vtable.
        out_msg(|out| unsafe { (self.vtable().peek_back)(self.obj, index, out) })
    }

    /// Main-stage count.
    #[inline]
    pub fn size(&self) -> usize {
        // SAFETY: live object and vtable.
        unsafe { (self.vtable().size)(self.obj) }
    }

    /// Back-stage count.
    #[inline]
    pub fn back_size(&self) -> usize {
        // SAFETY: live object and vtable.
        unsafe { (self.vtable().back_size)(self.obj) }
    }

    /// Capacity.
    #[inline]
    pub fn capacity(&self) -> usize {
        // SAFETY: live object and vtable.
        unsafe { (self.vtable().capacity)(self.obj) }
    }

    /// `[size, back_size, capacity]` in one call.
    #[inline]
    pub fn sizes(&self) -> [usize; 3] {
        let mut out = [0usize; 3];
        // SAFETY: live object and vtable.
        unsafe { (self.vtable().sizes)(self.obj, &mut out) };
        out
    }

    /// Transmitters connected to this receiver.
    pub fn connected_transmitters(&self) -> Result<Vec<i64>> {
        // SAFETY: query_ids passes a buffer of capacity n.
        query_ids(|out, n| unsafe { (host().connected_transmitters)(self.context.raw(), self.cid, out, n) })
    }
}

impl Handle<iface::Clock> {
    /// Current time in ns.
    #[inline]
    pub fn timestamp(&self) -> i64 {
        // SAFETY: live object and vtable.
        unsafe { (self.vtable().timestamp)(self.obj) }
    }

    /// Current time in seconds.
    pub fn time(&self) -> f64 {
        self.timestamp() as f64 / 1e9
    }

    /// Sleeps for `ns`.
    pub fn sleep_for(&self, ns: i64) -> Result<()> {
        // SAFETY: live object and vtable.
        check_code(unsafe { (self.vtable().sleep_for)(self.obj, ns) })
    }

    /// Sleeps until `ns`.
    pub fn sleep_until(&self, ns: i64) -> Result<()> {
        // SAFETY: live object and vtable.
        check_code(unsafe { (self.vtable().sleep_until)(self.obj, ns) })
    }
}

impl Handle<iface::Allocator> {
    /// A handle over a bare allocator object and vtable, for unit tests without a runtime.
    #[cfg(test)]
    pub(crate) fn for_test(obj: *mut c_void, vtable: &'static abi::AllocatorVTable) -> Self {
        Handle { context: ContextRef::default(), cid: 0, eid: 0, tid: Tid::NULL, obj, vtable, _marker: PhantomData }
    }

    /// Whether `size` bytes could be allocated now.
    pub fn is_available(&self, size: u64) -> bool {
        // SAFETY: live object and vtable.
        unsafe { (self.vtable().is_available)(self.obj, size) }
    }

    /// Allocates `size` bytes of a storage type.
    pub fn allocate(&self, size: u64, storage: i32) -> Result<*mut u8> {
        let mut out = std::ptr::null_mut();
        // SAFETY: live object and vtable.
        check_code(unsafe { (self.vtable().allocate)(self.obj, size, storage, &mut out) })?;
        Ok(out)
    }

    /// Frees memory from `allocate` (the allocator validates the pointer; it is not dereferenced here).
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    pub fn free(&self, ptr: *mut u8) -> Result<()> {
        // SAFETY: live object and vtable.
        check_code(unsafe { (self.vtable().free)(self.obj, ptr) })
    }

    /// Block size in bytes.
    pub fn block_size(&self) -> u64 {
        // SAFETY: live object and vtable.
        unsafe { (self.vtable().block_size)(self.obj) }
    }
}

impl Handle<iface::SchedulingTerm> {
    /// Evaluates the term.
    pub fn check(&self, now: i64) -> Result<traits::Condition> {
        let mut out = abi::ConditionC { kind: 0, target: 0 };
        // SAFETY: live object and vtable.
        check_code(unsafe { (self.vtable().check)(self.obj, now, &mut out) })?;
        Ok(out.into())
    }
}
