//! The stable extension ABI: `#[repr(C)]` tables shared by the core and extension dylibs.
//!
//! Every extension exports one [`ExtensionHeader`] under [`HEADER_SYMBOL`]. The loader reads the
//! header, checks the magic and ABI version, compares the layout of [`ExtensionTable`] recorded
//! by the extension with the core's own (abi_stable), and only then calls `entry`. Everything
//! reachable from `ExtensionTable` (component descriptors, vtables, the host table) is part of
//! that layout, so any drift is caught before a single call crosses the boundary.
//!
//! Conventions: every fallible function returns a raw GXF result code (`0` = success); the cause
//! of a failure is passed through [`HostTable::set_error`] before returning. No memory is freed
//! across the boundary except through a vtable `destroy`/drop function of its owner.

pub mod events;
mod id_query;
pub mod result;
pub mod tid;
pub mod types;

use abi_stable::StableAbi;
pub use id_query::query_ids;
pub use result::{fail, Code, Error, Result};
use std::ffi::c_void;
pub use tid::Tid;

/// ABI major version: a different major is always refused.
pub const ABI_MAJOR: u32 = 1;
/// ABI minor version: GXF's rule, the same major.minor is required.
pub const ABI_MINOR: u32 = 4;
/// Magic number at the start of every header (`"GXFRSEXT"`).
pub const HEADER_MAGIC: u64 = u64::from_le_bytes(*b"GXFRSEXT");
/// Name of the exported header symbol.
pub const HEADER_SYMBOL: &[u8] = b"gxf_rs_extension_header\0";

/// Borrowed UTF-8 text crossing the boundary.
#[repr(C)]
#[derive(Clone, Copy, StableAbi)]
pub struct AbiStr {
    /// First byte.
    pub ptr: *const u8,
    /// Length in bytes.
    pub len: usize,
}

// SAFETY: AbiStr only ever points at immutable, 'static or call-scoped UTF-8 data.
unsafe impl Send for AbiStr {}
unsafe impl Sync for AbiStr {}

impl AbiStr {
    /// Borrows a Rust string.
    pub const fn new(s: &str) -> AbiStr {
        AbiStr { ptr: s.as_ptr(), len: s.len() }
    }

    /// The empty string.
    pub const EMPTY: AbiStr = AbiStr::new("");

    /// Views the text.
    ///
    /// # Safety
    /// The pointer must reference `len` valid UTF-8 bytes that outlive `'a`.
    pub unsafe fn as_str<'a>(self) -> &'a str {
        if self.len == 0 {
            return "";
        }
        // SAFETY: guaranteed by the caller.
        unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(self.ptr, self.len)) }
    }
}

/// The fixed header every extension exports. Its layout never changes across ABI versions.
#[repr(C)]
pub struct ExtensionHeader {
    /// [`HEADER_MAGIC`].
    pub magic: u64,
    /// ABI major version the extension was built with.
    pub abi_major: u32,
    /// ABI minor version the extension was built with.
    pub abi_minor: u32,
    /// `size_of::<ExtensionHeader>()` as built.
    pub header_size: u64,
    /// `&'static abi_stable::type_layout::TypeLayout` of the extension's [`ExtensionTable`].
    pub layout: *const c_void,
    /// Returns the extension's table; called only after all checks passed.
    pub entry: unsafe extern "C" fn(host: *const HostTable) -> *const ExtensionTable,
}

// SAFETY: the header is immutable static data.
unsafe impl Sync for ExtensionHeader {}

/// Everything an extension declares: its identity and its component types.
#[repr(C)]
#[derive(StableAbi)]
pub struct ExtensionTable {
    /// Extension metadata.
    pub info: ExtensionInfoC,
    /// Component descriptors, in registration order (bases before derived types).
    pub components: *const ComponentDescC,
    /// Number of descriptors.
    pub n_components: usize,
    /// The host table the extension was given (part of the checked layout).
    pub host: *const HostTable,
    /// Always null: anchors the layouts of the query-based interfaces in the checked layout.
    pub known_interfaces: *const KnownInterfaces,
}

/// `TargetTimeSchedulingTerm`: the codelet chooses the next tick time.
#[repr(C)]
#[derive(StableAbi)]
pub struct TargetTimeVTable {
    /// Requests a tick at `ns` (scheduler clock).
    pub set_next_target_time: unsafe extern "C" fn(obj: *mut c_void, ns: i64) -> i32,
}

/// `AsynchronousSchedulingTerm`: readiness signalled from outside the scheduler.
#[repr(C)]
#[derive(StableAbi)]
pub struct AsyncTermVTable {
    /// Sets the event state (GXF's `AsynchronousEventState`: READY 0, WAIT 1, EVENT_WAITING 2,
    /// EVENT_DONE 3, EVENT_NEVER 4).
    pub set_event_state: unsafe extern "C" fn(obj: *mut c_void, state: i32) -> i32,
    /// The current event state.
    pub event_state: unsafe extern "C" fn(obj: *mut c_void) -> i32,
}

/// `BooleanSchedulingTerm`: an on/off switch.
#[repr(C)]
#[derive(StableAbi)]
pub struct BooleanTermVTable {
    /// Enables or disables ticking.
    pub set_enabled: unsafe extern "C" fn(obj: *mut c_void, enabled: bool) -> i32,
    /// Whether ticking is enabled.
    pub is_enabled: unsafe extern "C" fn(obj: *mut c_void) -> bool,
}

/// `BTSchedulingTerm`: the condition a behaviour-tree codelet sets.
#[repr(C)]
#[derive(StableAbi)]
pub struct BtTermVTable {
    /// Sets the condition (GXF's `SchedulingConditionType`: NEVER 0, READY 1, WAIT 2,
    /// WAIT_TIME 3, WAIT_EVENT 4).
    pub set_condition: unsafe extern "C" fn(obj: *mut c_void, condition: i32) -> i32,
}

/// `PeriodicSchedulingTerm`: period and last run.
#[repr(C)]
#[derive(StableAbi)]
pub struct PeriodicTermVTable {
    /// The period in ns.
    pub recess_period_ns: unsafe extern "C" fn(obj: *mut c_void) -> i64,
    /// Time of the last tick in ns; false before the first.
    pub last_run: unsafe extern "C" fn(obj: *mut c_void, out: *mut i64) -> bool,
}

/// `Metric`: an aggregated value with thresholds.
#[repr(C)]
#[derive(StableAbi)]
pub struct MetricVTable {
    /// Folds a sample into the aggregate.
    pub record: unsafe extern "C" fn(obj: *mut c_void, value: f64) -> i32,
    /// The aggregate so far.
    pub value: unsafe extern "C" fn(obj: *mut c_void, out: *mut f64) -> i32,
    /// Whether the aggregate lies within the thresholds.
    pub evaluate_success: unsafe extern "C" fn(obj: *mut c_void, out: *mut bool) -> i32,
}

/// `Vault`: messages collected by a sink codelet, picked up by host code from any thread.
#[repr(C)]
#[derive(StableAbi)]
pub struct VaultVTable {
    /// Takes up to `max` waiting messages. `timeout_ns`: -2 returns at once, -1 waits until
    /// `max` are waiting, ≥ 0 waits at most that long. Writes new references into `out`
    /// (capacity in/out `n`); the vault keeps its own until `free`.
    pub store:
        unsafe extern "C" fn(obj: *mut c_void, max: usize, timeout_ns: i64, out: *mut MsgRef, n: *mut usize) -> i32,
    /// Releases the vault's references to the given message entity ids.
    pub free: unsafe extern "C" fn(obj: *mut c_void, eids: *const i64, n: usize) -> i32,
}

/// The layouts of interfaces reached through `ComponentVTable::query` (see `known_interfaces`).
#[repr(C)]
#[derive(StableAbi)]
pub struct KnownInterfaces {
    /// Target-time terms.
    pub target_time: *const TargetTimeVTable,
    /// Asynchronous terms.
    pub async_term: *const AsyncTermVTable,
    /// Boolean terms.
    pub boolean_term: *const BooleanTermVTable,
    /// Periodic terms.
    pub periodic_term: *const PeriodicTermVTable,
    /// Behaviour-tree terms.
    pub bt_term: *const BtTermVTable,
    /// Metrics.
    pub metric: *const MetricVTable,
    /// Vaults.
    pub vault: *const VaultVTable,
}

// SAFETY: the table is built once and leaked; it is never mutated afterwards.
unsafe impl Sync for ExtensionTable {}
unsafe impl Send for ExtensionTable {}

/// Extension metadata (GXF's `gxf_extension_info_t`, plus dependencies).
#[repr(C)]
#[derive(StableAbi)]
pub struct ExtensionInfoC {
    /// Extension type id.
    pub tid: Tid,
    /// Name, e.g. `StandardExtension`.
    pub name: AbiStr,
    /// Description.
    pub description: AbiStr,
    /// Author.
    pub author: AbiStr,
    /// Semantic version.
    pub version: AbiStr,
    /// License.
    pub license: AbiStr,
    /// Display name.
    pub display_name: AbiStr,
    /// Category.
    pub category: AbiStr,
    /// Short description.
    pub brief: AbiStr,
}

/// One component type.
#[repr(C)]
#[derive(StableAbi)]
pub struct ComponentDescC {
    /// Fully qualified GXF type name, e.g. `nvidia::gxf::PingTx`.
    pub type_name: AbiStr,
    /// Type id.
    pub tid: Tid,
    /// Base type name; empty for none.
    pub base_name: AbiStr,
    /// Description.
    pub description: AbiStr,
    /// Parameter specifications.
    pub params: *const ParamSpecC,
    /// Number of parameters.
    pub n_params: usize,
    /// Implementation; null for abstract (interface) types.
    pub vtable: *const ComponentVTable,
}

/// Element kinds of a parameter (GXF's `gxf_parameter_type_t` numbers).
pub mod param_type {
    /// Anything else (parsed by container rules).
    pub const CUSTOM: u32 = 0;
    /// `Handle<T>`.
    pub const HANDLE: u32 = 1;
    /// `std::string`.
    pub const STRING: u32 = 2;
    /// `int64_t`.
    pub const INT64: u32 = 3;
    /// `uint64_t`.
    pub const UINT64: u32 = 4;
    /// `double`.
    pub const FLOAT64: u32 = 5;
    /// `bool`.
    pub const BOOL: u32 = 6;
    /// `int32_t`.
    pub const INT32: u32 = 7;
    /// `FilePath`.
    pub const FILE: u32 = 8;
    /// `int8_t`.
    pub const INT8: u32 = 9;
    /// `int16_t`.
    pub const INT16: u32 = 10;
    /// `uint8_t`.
    pub const UINT8: u32 = 11;
    /// `uint16_t`.
    pub const UINT16: u32 = 12;
    /// `uint32_t`.
    pub const UINT32: u32 = 13;
    /// `float`.
    pub const FLOAT32: u32 = 14;
    /// `std::complex<float>`.
    pub const COMPLEX64: u32 = 15;
    /// `std::complex<double>`.
    pub const COMPLEX128: u32 = 16;
}

/// Container shapes around a parameter's element type.
pub mod container {
    /// A single value.
    pub const SCALAR: u32 = 0;
    /// `std::vector<T>`.
    pub const VECTOR: u32 = 1;
    /// `std::vector<std::vector<T>>`.
    pub const VECTOR2: u32 = 2;
    /// `std::array<T, N>` (exactly `len` items).
    pub const ARRAY: u32 = 3;
    /// `FixedVector<T, N>` (at most `len` items).
    pub const FIXED_VECTOR: u32 = 4;
    /// `std::map<std::string, T>`.
    pub const MAP: u32 = 5;
    /// `std::map<std::string, std::vector<T>>`.
    pub const MAP_OF_VECTORS: u32 = 6;
}

/// GXF's `gxf_parameter_type_t` name of a parameter (`GXF_PARAMETER_TYPE_INT32`, ...), as its
/// metadata and `GxfGetParameterInfo` report it: maps count as `GXF_PARAMETER_TYPE_CUSTOM`, as GXF
/// registers them.
pub fn gxf_parameter_type_name(elem: u32, container: u32) -> &'static str {
    if matches!(container, container::MAP | container::MAP_OF_VECTORS) {
        return "GXF_PARAMETER_TYPE_CUSTOM";
    }
    match elem {
        param_type::HANDLE => "GXF_PARAMETER_TYPE_HANDLE",
        param_type::STRING => "GXF_PARAMETER_TYPE_STRING",
        param_type::INT64 => "GXF_PARAMETER_TYPE_INT64",
        param_type::UINT64 => "GXF_PARAMETER_TYPE_UINT64",
        param_type::FLOAT64 => "GXF_PARAMETER_TYPE_FLOAT64",
        param_type::BOOL => "GXF_PARAMETER_TYPE_BOOL",
        param_type::INT32 => "GXF_PARAMETER_TYPE_INT32",
        param_type::FILE => "GXF_PARAMETER_TYPE_FILE",
        param_type::INT8 => "GXF_PARAMETER_TYPE_INT8",
        param_type::INT16 => "GXF_PARAMETER_TYPE_INT16",
        param_type::UINT8 => "GXF_PARAMETER_TYPE_UINT8",
        param_type::UINT16 => "GXF_PARAMETER_TYPE_UINT16",
        param_type::UINT32 => "GXF_PARAMETER_TYPE_UINT32",
        param_type::FLOAT32 => "GXF_PARAMETER_TYPE_FLOAT32",
        param_type::COMPLEX64 => "GXF_PARAMETER_TYPE_COMPLEX64",
        param_type::COMPLEX128 => "GXF_PARAMETER_TYPE_COMPLEX128",
        _ => "GXF_PARAMETER_TYPE_CUSTOM",
    }
}

/// GXF's rank and shape of a parameter: `[1]` for a scalar, `-1` for each dimension of any
/// length (vectors, fixed vectors), `[N]` for an array of N.
pub fn gxf_rank_and_shape(container: u32, len: u32) -> (u32, Vec<i64>) {
    match container {
        container::VECTOR | container::FIXED_VECTOR => (1, vec![-1]),
        container::VECTOR2 => (2, vec![-1, -1]),
        container::ARRAY => (1, vec![i64::from(len)]),
        _ => (0, vec![1]),
    }
}

/// Parameter flags (GXF's `gxf_parameter_flags_t`).
pub mod param_flags {
    /// Mandatory unless a default exists.
    pub const NONE: u32 = 0;
    /// May stay unset.
    pub const OPTIONAL: u32 = 1;
    /// May change after initialization.
    pub const DYNAMIC: u32 = 2;
    /// Integer values must lie within `ParamSpecC::min..=ParamSpecC::max`.
    pub const BOUNDED: u32 = 4;
}

/// One registered parameter.
#[repr(C)]
#[derive(StableAbi)]
pub struct ParamSpecC {
    /// YAML key.
    pub key: AbiStr,
    /// Short title.
    pub headline: AbiStr,
    /// Description.
    pub description: AbiStr,
    /// Element type ([`param_type`]).
    pub elem: u32,
    /// Container ([`container`]).
    pub container: u32,
    /// Length for arrays / maximum for fixed vectors.
    pub len: u32,
    /// Flags ([`param_flags`]).
    pub flags: u32,
    /// For handles: the required base type.
    pub handle_tid: Tid,
    /// Default value as YAML text; empty when there is none.
    pub default_yaml: AbiStr,
    /// Smallest value of an integer parameter (with [`param_flags::BOUNDED`]).
    pub min: i64,
    /// Largest value of an integer parameter (with [`param_flags::BOUNDED`]).
    pub max: i64,
}

/// Implementation of a concrete component type.
#[repr(C)]
#[derive(StableAbi)]
pub struct ComponentVTable {
    /// Allocates a new instance in the extension.
    pub create: unsafe extern "C" fn() -> *mut c_void,
    /// Drops an instance created by `create`.
    pub destroy: unsafe extern "C" fn(obj: *mut c_void),
    /// `initialize()`.
    pub initialize: unsafe extern "C" fn(obj: *mut c_void, ctx: *const ComponentCtxC) -> i32,
    /// `deinitialize()`.
    pub deinitialize: unsafe extern "C" fn(obj: *mut c_void, ctx: *const ComponentCtxC) -> i32,
    /// Codelet interface, or null.
    pub codelet: *const CodeletVTable,
    /// Scheduling-term interface, or null.
    pub term: *const TermVTable,
    /// Transmitter interface, or null.
    pub transmitter: *const TransmitterVTable,
    /// Receiver interface, or null.
    pub receiver: *const ReceiverVTable,
    /// Clock interface, or null.
    pub clock: *const ClockVTable,
    /// Allocator interface, or null.
    pub allocator: *const AllocatorVTable,
    /// System (scheduler) interface, or null.
    pub system: *const SystemVTable,
    /// Monitor interface, or null.
    pub monitor: *const MonitorVTable,
    /// Further interfaces by id (e.g. target-time or boolean terms); null when unsupported.
    pub query: unsafe extern "C" fn(obj: *mut c_void, iface: Tid) -> *const c_void,
}

/// Identity of a component instance, handed to lifecycle calls.
#[repr(C)]
#[derive(Clone, Copy, StableAbi)]
pub struct ComponentCtxC {
    /// Opaque runtime context.
    pub context: *const c_void,
    /// Owning entity.
    pub eid: i64,
    /// The component itself.
    pub cid: i64,
}

/// Timing of the current start/tick/stop call.
#[repr(C)]
#[derive(Clone, Copy, Debug, StableAbi)]
pub struct ExecInfoC {
    /// Opaque runtime context.
    pub context: *const c_void,
    /// Execution timestamp in ns (scheduler clock).
    pub timestamp: i64,
    /// Time since the previous tick in ns (0 in start).
    pub delta: i64,
    /// Number of ticks so far including this one (0 in start).
    pub count: i64,
}

/// `Codelet`: start/tick/stop.
#[repr(C)]
#[derive(StableAbi)]
pub struct CodeletVTable {
    /// `start()`.
    pub start: unsafe extern "C" fn(obj: *mut c_void, info: *const ExecInfoC) -> i32,
    /// `tick()`.
    pub tick: unsafe extern "C" fn(obj: *mut c_void, info: *const ExecInfoC) -> i32,
    /// `stop()`.
    pub stop: unsafe extern "C" fn(obj: *mut c_void, info: *const ExecInfoC) -> i32,
}

/// Scheduling condition kinds (GXF's `SchedulingConditionType`).
pub mod condition {
    /// Will never tick again.
    pub const NEVER: i32 = 0;
    /// Ready now.
    pub const READY: i32 = 1;
    /// Waiting on something unspecified.
    pub const WAIT: i32 = 2;
    /// Waiting until `target`.
    pub const WAIT_TIME: i32 = 3;
    /// Waiting for an event.
    pub const WAIT_EVENT: i32 = 4;
}

/// A scheduling condition.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, StableAbi)]
pub struct ConditionC {
    /// One of [`condition`].
    pub kind: i32,
    /// Target time in ns (for READY and WAIT_TIME).
    pub target: i64,
}

/// `SchedulingTerm`.
#[repr(C)]
#[derive(StableAbi)]
pub struct TermVTable {
    /// `update_state` + `check` at time `now`.
    pub check: unsafe extern "C" fn(obj: *mut c_void, now: i64, out: *mut ConditionC) -> i32,
    /// `onExecute` after the entity ticked at `now`; `None` for terms without one (the executor
    /// then skips the call).
    pub on_execute: Option<unsafe extern "C" fn(obj: *mut c_void, now: i64) -> i32>,
    /// True for `SchedulingTermCombiner`s.
    pub is_combiner: bool,
    /// For combiners: writes the term cids it combines (capacity in/out).
    pub combined_terms: unsafe extern "C" fn(obj: *mut c_void, out: *mut i64, n: *mut usize) -> i32,
}

/// Opaque reference to a message entity (owned by the core).
pub type MsgRef = *const c_void;

/// `Transmitter` (a `Queue`).
#[repr(C)]
#[derive(StableAbi)]
pub struct TransmitterVTable {
    /// Publishes a message (the queue takes its own reference).
    pub publish: unsafe extern "C" fn(obj: *mut c_void, msg: MsgRef) -> i32,
    /// Publishes a message, taking over the caller's reference (also on failure).
    pub publish_owned: unsafe extern "C" fn(obj: *mut c_void, msg: MsgRef) -> i32,
    /// Moves staged messages to the main stage.
    pub sync: unsafe extern "C" fn(obj: *mut c_void) -> i32,
    /// Pops the oldest main-stage message; the caller receives its reference; null when empty.
    pub pop: unsafe extern "C" fn(obj: *mut c_void, out: *mut MsgRef) -> i32,
    /// Syncs, then pops the oldest main-stage message like `pop` (the executor's outbox step in
    /// one call).
    pub sync_and_pop: unsafe extern "C" fn(obj: *mut c_void, out: *mut MsgRef) -> i32,
    /// Main-stage count.
    pub size: unsafe extern "C" fn(obj: *mut c_void) -> usize,
    /// Staged count.
    pub back_size: unsafe extern "C" fn(obj: *mut c_void) -> usize,
    /// Capacity.
    pub capacity: unsafe extern "C" fn(obj: *mut c_void) -> usize,
}

/// `Receiver` (a `Queue`).
#[repr(C)]
#[derive(StableAbi)]
pub struct ReceiverVTable {
    /// Delivers a message into the back stage (the queue takes its own reference).
    pub push: unsafe extern "C" fn(obj: *mut c_void, msg: MsgRef) -> i32,
    /// Delivers a message, taking over the caller's reference (also on failure).
    pub push_owned: unsafe extern "C" fn(obj: *mut c_void, msg: MsgRef) -> i32,
    /// Moves the back stage to the main stage.
    pub sync: unsafe extern "C" fn(obj: *mut c_void) -> i32,
    /// Receives the oldest main-stage message; the caller gets its reference.
    pub receive: unsafe extern "C" fn(obj: *mut c_void, out: *mut MsgRef) -> i32,
    /// Borrows main-stage item `index` (a new reference) or null.
    pub peek: unsafe extern "C" fn(obj: *mut c_void, index: usize, out: *mut MsgRef) -> i32,
    /// Borrows back-stage item `index` (a new reference) or null.
    pub peek_back: unsafe extern "C" fn(obj: *mut c_void, index: usize, out: *mut MsgRef) -> i32,
    /// Main-stage count.
    pub size: unsafe extern "C" fn(obj: *mut c_void) -> usize,
    /// Back-stage count.
    pub back_size: unsafe extern "C" fn(obj: *mut c_void) -> usize,
    /// Capacity.
    pub capacity: unsafe extern "C" fn(obj: *mut c_void) -> usize,
    /// Main-stage count, back-stage count and capacity in one call (what terms read).
    pub sizes: unsafe extern "C" fn(obj: *mut c_void, out: *mut [usize; 3]),
}

/// `Clock`.
#[repr(C)]
#[derive(StableAbi)]
pub struct ClockVTable {
    /// Current time in ns.
    pub timestamp: unsafe extern "C" fn(obj: *mut c_void) -> i64,
    /// Sleeps for a duration in ns.
    pub sleep_for: unsafe extern "C" fn(obj: *mut c_void, ns: i64) -> i32,
    /// Sleeps until a time in ns.
    pub sleep_until: unsafe extern "C" fn(obj: *mut c_void, ns: i64) -> i32,
}

/// `Allocator`.
#[repr(C)]
#[derive(StableAbi)]
pub struct AllocatorVTable {
    /// Whether `size` bytes could be allocated now.
    pub is_available: unsafe extern "C" fn(obj: *mut c_void, size: u64) -> bool,
    /// Allocates `size` bytes of storage type `storage`.
    pub allocate: unsafe extern "C" fn(obj: *mut c_void, size: u64, storage: i32, out: *mut *mut u8) -> i32,
    /// Frees memory returned by `allocate`.
    pub free: unsafe extern "C" fn(obj: *mut c_void, ptr: *mut u8) -> i32,
    /// Block size in bytes (1 for byte allocators).
    pub block_size: unsafe extern "C" fn(obj: *mut c_void) -> u64,
}

/// A schedulable entity handed to a system.
#[repr(C)]
#[derive(Clone, Copy, StableAbi)]
pub struct EntityRefC {
    /// Opaque runtime context.
    pub context: *const c_void,
    /// Entity id.
    pub eid: i64,
    /// Opaque executor item, valid until the entity is unscheduled.
    pub item: *const c_void,
}

// SAFETY: the item is a shared, internally synchronised executor record.
unsafe impl Send for EntityRefC {}
unsafe impl Sync for EntityRefC {}

/// `System` (schedulers).
#[repr(C)]
#[derive(StableAbi)]
pub struct SystemVTable {
    /// Adds an entity.
    pub schedule: unsafe extern "C" fn(obj: *mut c_void, entity: EntityRefC) -> i32,
    /// Removes an entity.
    pub unschedule: unsafe extern "C" fn(obj: *mut c_void, eid: i64) -> i32,
    /// Starts running in the background.
    pub run_async: unsafe extern "C" fn(obj: *mut c_void) -> i32,
    /// Asks the run to stop.
    pub stop: unsafe extern "C" fn(obj: *mut c_void) -> i32,
    /// Waits for the run to finish; returns its result.
    pub wait: unsafe extern "C" fn(obj: *mut c_void) -> i32,
    /// Delivers an event (`gxf_event_t`) for an entity.
    pub event_notify: unsafe extern "C" fn(obj: *mut c_void, eid: i64, event: i32) -> i32,
    /// Bit `1 << event` set for every event type this system wants delivered.
    pub event_mask: u32,
}

/// `Monitor`.
#[repr(C)]
#[derive(StableAbi)]
pub struct MonitorVTable {
    /// Called after each execution attempt of an entity.
    pub on_execute: unsafe extern "C" fn(obj: *mut c_void, eid: i64, timestamp: i64, code: i32) -> i32,
}

/// A resolved component: its object and implementation.
#[repr(C)]
#[derive(Clone, Copy, StableAbi)]
pub struct ComponentRefC {
    /// Component id.
    pub cid: i64,
    /// Owning entity id.
    pub eid: i64,
    /// Concrete type id.
    pub tid: Tid,
    /// The object.
    pub obj: *mut c_void,
    /// Its implementation (null for abstract or data-only types).
    pub vtable: *const ComponentVTable,
}

/// Kinds of a parameter value node.
pub mod node_kind {
    /// Boolean (`b`).
    pub const BOOL: u32 = 0;
    /// Signed integer (`i`).
    pub const INT: u32 = 1;
    /// Unsigned integer (`u`).
    pub const UINT: u32 = 2;
    /// Floating point (`f`).
    pub const FLOAT: u32 = 3;
    /// Text (`s`).
    pub const STR: u32 = 4;
    /// Component handle (`i` = cid).
    pub const HANDLE: u32 = 5;
    /// Complex number (`f` real, `f2` imaginary).
    pub const COMPLEX: u32 = 6;
    /// Sequence (`len` items).
    pub const SEQ: u32 = 7;
    /// Map (`len` entries).
    pub const MAP: u32 = 8;
    /// The `<Unspecified>` handle.
    pub const UNSPECIFIED: u32 = 9;
}

/// One node of a parameter value, read by path.
#[repr(C)]
#[derive(Clone, Copy, StableAbi)]
pub struct ParamNodeC {
    /// One of [`node_kind`].
    pub kind: u32,
    /// Boolean value.
    pub b: bool,
    /// Signed value or handle cid.
    pub i: i64,
    /// Unsigned value.
    pub u: u64,
    /// Float value or real part.
    pub f: f64,
    /// Imaginary part.
    pub f2: f64,
    /// Text, valid until the parameter changes.
    pub s: AbiStr,
    /// Item count of sequences and maps.
    pub len: u64,
}

/// Destructor run on a message component's value when its message dies (`None`: plain data).
#[repr(transparent)]
#[derive(Clone, Copy, StableAbi)]
pub struct DropFn {
    /// The destructor.
    pub func: Option<unsafe extern "C" fn(value: *mut c_void)>,
}

/// A callback of `HostTable::interrupt_watch`, called with the data pointer it was registered with.
#[repr(transparent)]
#[derive(Clone, Copy, StableAbi)]
pub struct InterruptCallback {
    /// The function.
    pub func: unsafe extern "C" fn(data: *mut c_void),
}

/// Services the core offers to extensions. Every component reaches the runtime through this.
#[repr(C)]
#[derive(StableAbi)]
pub struct HostTable {
    /// Writes a log line (severity as `gxf_severity_t`).
    pub log: unsafe extern "C" fn(severity: i32, file: AbiStr, line: u32, msg: AbiStr),
    /// Current log severity threshold.
    pub severity: unsafe extern "C" fn() -> i32,
    /// Records the cause of the failure about to be returned on this thread.
    pub set_error: unsafe extern "C" fn(msg: AbiStr),
    /// Takes the cause recorded for the last failure on this thread (text valid until the next
    /// call on this thread); false when none was recorded.
    pub take_error: unsafe extern "C" fn(out: *mut AbiStr) -> bool,

    /// Reads a parameter node: `path` indexes into sequences/maps.
    pub param_node: unsafe extern "C" fn(
        ctx: *const c_void,
        cid: i64,
        key: AbiStr,
        path: *const u64,
        path_len: usize,
        out: *mut ParamNodeC,
    ) -> i32,
    /// Reads the key of map entry `index` at `path`.
    pub param_map_key: unsafe extern "C" fn(
        ctx: *const c_void,
        cid: i64,
        key: AbiStr,
        path: *const u64,
        path_len: usize,
        index: u64,
        out: *mut AbiStr,
    ) -> i32,
    /// Sets a parameter from YAML text, parsed with its registered type.
    pub param_set_yaml: unsafe extern "C" fn(ctx: *const c_void, cid: i64, key: AbiStr, yaml: AbiStr) -> i32,

    /// Resolves a component id.
    pub component_ref: unsafe extern "C" fn(ctx: *const c_void, cid: i64, out: *mut ComponentRefC) -> i32,
    /// Finds the first component of `eid` at index ≥ `start` whose type is (derived from) `tid`
    /// (null = any) and, if `use_name`, whose name is `name`.
    pub component_find: unsafe extern "C" fn(
        ctx: *const c_void,
        eid: i64,
        tid: Tid,
        name: AbiStr,
        use_name: bool,
        start: u64,
        out_cid: *mut i64,
        out_index: *mut u64,
    ) -> i32,
    /// Name of a component.
    pub component_name: unsafe extern "C" fn(ctx: *const c_void, cid: i64, out: *mut AbiStr) -> i32,
    /// Name of an entity.
    pub entity_name: unsafe extern "C" fn(ctx: *const c_void, eid: i64, out: *mut AbiStr) -> i32,
    /// Whether type `derived` is `base` or derives from it.
    pub type_is_a: unsafe extern "C" fn(ctx: *const c_void, derived: Tid, base: Tid) -> bool,
    /// Receivers connected to a transmitter (capacity in/out).
    pub connected_receivers: unsafe extern "C" fn(ctx: *const c_void, tx_cid: i64, out: *mut i64, n: *mut usize) -> i32,
    /// Transmitters connected to a receiver (capacity in/out).
    pub connected_transmitters:
        unsafe extern "C" fn(ctx: *const c_void, rx_cid: i64, out: *mut i64, n: *mut usize) -> i32,
    /// Sends an event to the schedulers for an entity.
    pub entity_notify: unsafe extern "C" fn(ctx: *const c_void, eid: i64, event: i32) -> i32,
    /// `GxfGraphInterrupt`.
    pub graph_interrupt: unsafe extern "C" fn(ctx: *const c_void) -> i32,
    /// Has `callback(data)` called (on the interrupting thread, which it must not block) whenever
    /// the graph of `ctx` is interrupted: for libraries whose user code must be interrupted too
    /// (a Python codelet busy in `tick`).
    pub interrupt_watch:
        unsafe extern "C" fn(ctx: *const c_void, callback: InterruptCallback, data: *mut c_void) -> i32,

    /// Creates a message entity with one reference.
    pub msg_new: unsafe extern "C" fn(ctx: *const c_void, out: *mut MsgRef) -> i32,
    /// Adds a reference.
    pub msg_acquire: unsafe extern "C" fn(msg: MsgRef),
    /// Drops a reference; the last one recycles the message.
    pub msg_release: unsafe extern "C" fn(msg: MsgRef),
    /// Entity id of a message.
    pub msg_eid: unsafe extern "C" fn(msg: MsgRef) -> i64,
    /// Adds a component: the core provides `size` bytes aligned to `align` (≤ 16) at `*out`,
    /// the caller writes the value there; `drop` (if any) runs when the message dies.
    pub msg_add: unsafe extern "C" fn(
        msg: MsgRef,
        tid: Tid,
        name: AbiStr,
        size: usize,
        align: usize,
        drop: DropFn,
        out: *mut *mut c_void,
    ) -> i32,
    /// Finds the first component at index ≥ `start` with type `tid` (null = any) and, if
    /// `use_name`, name `name`.
    pub msg_find: unsafe extern "C" fn(
        msg: MsgRef,
        tid: Tid,
        name: AbiStr,
        use_name: bool,
        start: usize,
        out_value: *mut *mut c_void,
        out_index: *mut usize,
    ) -> i32,
    /// Type and name of component `index`.
    pub msg_component_at: unsafe extern "C" fn(msg: MsgRef, index: usize, tid: *mut Tid, name: *mut AbiStr) -> i32,
    /// Number of components.
    pub msg_len: unsafe extern "C" fn(msg: MsgRef) -> usize,

    /// Executes an entity once (start, tick or stop, as its terms decide).
    pub exec_execute:
        unsafe extern "C" fn(ctx: *const c_void, entity: EntityRefC, now: i64, out: *mut ConditionC) -> i32,
    /// Evaluates an entity's combined condition without executing it.
    pub exec_check: unsafe extern "C" fn(ctx: *const c_void, entity: EntityRefC, now: i64, out: *mut ConditionC) -> i32,
    /// Stops an entity's codelets if they were started.
    pub exec_stop: unsafe extern "C" fn(ctx: *const c_void, entity: EntityRefC) -> i32,
    /// Entity group id of an entity.
    pub entity_group: unsafe extern "C" fn(ctx: *const c_void, eid: i64, out: *mut i64) -> i32,
    /// Finds a resource (component deriving from `ResourceBase`) of exactly type `tid` in the
    /// entity group of `eid`, optionally by name (GXF's `Resource<Handle<T>>` lookup).
    pub resource_find: unsafe extern "C" fn(
        ctx: *const c_void,
        eid: i64,
        tid: Tid,
        name: AbiStr,
        use_name: bool,
        out_cid: *mut i64,
    ) -> i32,
    /// Component ids of every entity in the context (capacity in/out), in creation order.
    pub entities: unsafe extern "C" fn(ctx: *const c_void, out: *mut i64, n: *mut usize) -> i32,
    /// The codelet tick timing the runtime measured (for `JobStatistics`), one line per codelet:
    /// `eid cid ticks total_ns max_ns p90_ns intervals interval_total_ns`; empty when timing is
    /// off. The text is valid until the next call on this thread.
    pub codelet_statistics: unsafe extern "C" fn(ctx: *const c_void, out: *mut AbiStr) -> i32,
    /// The entity execution timing the runtime measured (for `JobStatistics`: GXF's
    /// `preJob`/`postJob` numbers), one line per entity executed while started:
    /// `eid ticks exec_total_ns exec_median_ns exec_p90_ns exec_max_ns idle_total_ns
    /// variation_median_ns variation_p90_ns variation_max_ns variation_total_ns`; empty when
    /// timing is off. The text is valid until the next call on this thread.
    pub entity_statistics: unsafe extern "C" fn(ctx: *const c_void, out: *mut AbiStr) -> i32,
}

// SAFETY: the host table is immutable static data.
unsafe impl Sync for HostTable {}
unsafe impl Send for HostTable {}

/// The layout of [`ExtensionTable`] as a raw pointer, for [`ExtensionHeader::layout`].
pub const fn table_layout_ptr() -> *const c_void {
    <ExtensionTable as StableAbi>::LAYOUT as *const abi_stable::type_layout::TypeLayout as *const c_void
}

/// The layout the core expects from every extension.
pub fn expected_layout() -> &'static abi_stable::type_layout::TypeLayout {
    <ExtensionTable as StableAbi>::LAYOUT
}
