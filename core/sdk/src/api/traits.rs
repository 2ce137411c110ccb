//! The traits component authors implement.

use super::context::{ComponentContext, EntityRef, Tick};
use super::message::Message;
use super::params::ParamRegistrar;
use crate::abi::types::TypeInfo;
use crate::abi::{condition, ComponentVTable, ConditionC};
use crate::result::Result;
use crate::tid::Tid;
use std::ffi::c_void;

/// Every component: its GXF identity, its parameters and its lifecycle hooks. Constructed with
/// `Default` when added to an entity; parameters are read in `initialize`.
///
/// Usually derived, with the identity on the type and one `#[param]` per parameter field:
///
/// ```
/// use gxf_sdk::prelude::*;
///
/// #[derive(Default, Component)]
/// #[gxf(name = "example::Greeter", uuid = "6d3c1e7f-2b4a-4c59-8e1d-9a7b5c3f2e10", kind = Codelet,
///       description = "Greets every tick")]
/// pub struct Greeter {
///     /// What to say each tick
///     #[param(default = "hello")]
///     greeting: String,
///     /// Where to announce each greeting (optional: an `Option` field)
///     #[param]
///     announce: Option<Handle<iface::Transmitter>>,
///     ticks: u64, // not a parameter: plain state
/// }
///
/// impl Codelet for Greeter {
///     fn tick(&mut self, _tick: &Tick) -> Result<()> {
///         self.ticks += 1;
///         gxf_info!("{} #{}", self.greeting, self.ticks);
///         Ok(())
///     }
/// }
/// # fn main() { assert_eq!(Greeter::TYPE.base, "nvidia::gxf::Codelet"); }
/// ```
///
/// `#[gxf(...)]` keys: `name`, `uuid` (checked at compile time) or `info = path` (a [`TypeInfo`]
/// constant such as `gxf_sdk::abi::types::CONNECTION` giving the whole identity), `kind` (`Component` (default),
/// `Codelet`, `SchedulingTerm`, `Transmitter`, `Receiver`, `Clock`, `Allocator`, `Scheduler`,
/// `Monitor`: picks the vtable and the default `base`), `base` (a GXF base type name), `description`,
/// `initialize = path` / `deinitialize = path` (hooks `fn(&mut Self, &ComponentContext) ->
/// Result<()>`, run after the parameters were read / at deactivation), `interfaces(iface::X, ..)`
/// (extra interfaces answered by `query_interface`, see [`Provides`](crate::api::Provides)) and `query = path` (a
/// `fn(Tid) -> *const c_void` asked for any other interface).
///
/// `#[param(...)]` keys: `key` (default: the field name), `headline`, `description` (default: the
/// field's doc comment), `default = value` or `default_yaml = "text"`, `optional` (an `Option<T>`
/// field is always optional and stays `None` when unset; another field keeps its `Default`), and
/// `dynamic` (may be set after the graph started).
///
/// Mistakes in the declaration fail the build, with the attribute underlined:
///
/// ```compile_fail
/// # use gxf_sdk::prelude::*;
/// #[derive(Default, Component)]
/// #[gxf(name = "example::Bad", uuid = "not-a-uuid")] // malformed uuid
/// struct Bad;
/// ```
///
/// ```compile_fail
/// # use gxf_sdk::prelude::*;
/// #[derive(Default, Component)]
/// #[gxf(name = "example::Bad", uuid = "6d3c1e7f-2b4a-4c59-8e1d-9a7b5c3f2e10", kind = Codelet)]
/// struct Bad; // kind = Codelet, but no `impl Codelet for Bad`
/// ```
///
/// ```compile_fail
/// # use gxf_sdk::prelude::*;
/// #[derive(Default, Component)]
/// #[gxf(name = "example::Bad", uuid = "6d3c1e7f-2b4a-4c59-8e1d-9a7b5c3f2e10")]
/// struct Bad {
///     #[param(defualt = 1)] // unknown key
///     rate: i64,
/// }
/// ```
pub trait Component: Default + Send + 'static {
    /// The GXF identity of this type.
    const TYPE: TypeInfo;
    /// The vtable exported for this type (which role it plays), e.g. `&Thunks::<Self>::CODELET`.
    const VTABLE: &'static ComponentVTable;

    /// Declares the parameters this type accepts.
    fn parameters(_registrar: &mut ParamRegistrar) {}

    /// Called when the owning entity is activated, after mandatory parameters were checked.
    fn initialize(&mut self, _ctx: &ComponentContext) -> Result<()> {
        Ok(())
    }

    /// Called when the owning entity is deactivated.
    fn deinitialize(&mut self, _ctx: &ComponentContext) -> Result<()> {
        Ok(())
    }

    /// Extra interface vtables by id (for interfaces beyond the built-in ones).
    fn query_interface(_iface: Tid) -> *const c_void {
        std::ptr::null()
    }
}

/// User code run by a scheduler: `start` once, `tick` while the terms allow, `stop` once.
pub trait Codelet: Component {
    /// Before the first tick.
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        Ok(())
    }
    /// One execution.
    fn tick(&mut self, tick: &Tick) -> Result<()>;
    /// After the last tick.
    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        Ok(())
    }
}

/// A scheduling condition (GXF's `SchedulingCondition`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    /// Will never be ready again.
    Never,
    /// Ready; the value is the time the condition became true.
    Ready(i64),
    /// Not ready; no time known.
    Wait,
    /// Ready at the given time.
    WaitTime(i64),
    /// Waiting for an event.
    WaitEvent,
}

impl From<ConditionC> for Condition {
    fn from(c: ConditionC) -> Condition {
        match c.kind {
            condition::NEVER => Condition::Never,
            condition::READY => Condition::Ready(c.target),
            condition::WAIT_TIME => Condition::WaitTime(c.target),
            condition::WAIT_EVENT => Condition::WaitEvent,
            _ => Condition::Wait,
        }
    }
}

impl From<Condition> for ConditionC {
    fn from(c: Condition) -> ConditionC {
        let (kind, target) = match c {
            Condition::Never => (condition::NEVER, 0),
            Condition::Ready(t) => (condition::READY, t),
            Condition::Wait => (condition::WAIT, 0),
            Condition::WaitTime(t) => (condition::WAIT_TIME, t),
            Condition::WaitEvent => (condition::WAIT_EVENT, 0),
        };
        ConditionC { kind, target }
    }
}

/// Decides when its entity may tick. Called only while the entity's execution lock is held,
/// but term-specific setters may be called from elsewhere, hence `&self`.
pub trait SchedulingTerm: Component + Sync {
    /// True for term combiners (their `combined_terms` are evaluated together).
    const IS_COMBINER: bool = false;
    /// Whether the executor calls [`Self::on_execute`] after each tick. A term that keeps the
    /// default no-op `on_execute` may set this to `false` to save the call per tick; a term that
    /// overrides `on_execute` must leave it `true`.
    const ON_EXECUTE: bool = true;
    /// Updates state and reports the condition at `now`.
    fn check(&self, now: i64) -> Result<Condition>;
    /// Called after the entity ticked at `now`.
    fn on_execute(&self, _now: i64) -> Result<()> {
        Ok(())
    }
    /// For combiners: the component ids of the combined terms.
    fn combined_terms(&self) -> Vec<i64> {
        Vec::new()
    }
}

/// Outbox of an entity (a two-stage queue).
pub trait Transmitter: Component + Sync {
    /// Stages a message.
    fn publish(&self, msg: Message) -> Result<()>;
    /// Moves staged messages to the main stage.
    fn sync(&self) -> Result<()>;
    /// Pops the oldest main-stage message.
    fn pop(&self) -> Option<Message>;
    /// Syncs, then pops the oldest main-stage message (override to do both in one critical
    /// section).
    fn sync_and_pop(&self) -> Result<Option<Message>> {
        self.sync()?;
        Ok(self.pop())
    }
    /// Main-stage count.
    fn size(&self) -> usize;
    /// Staged count.
    fn back_size(&self) -> usize;
    /// Capacity.
    fn capacity(&self) -> usize;
}

/// Inbox of an entity (a two-stage queue).
pub trait Receiver: Component + Sync {
    /// Delivers a message into the back stage.
    fn push(&self, msg: Message) -> Result<()>;
    /// Moves the back stage to the main stage.
    fn sync(&self) -> Result<()>;
    /// Takes the oldest main-stage message.
    fn receive(&self) -> Result<Option<Message>>;
    /// Main-stage item `index`.
    fn peek(&self, index: usize) -> Option<Message>;
    /// Back-stage item `index`.
    fn peek_back(&self, index: usize) -> Option<Message>;
    /// Main-stage count.
    fn size(&self) -> usize;
    /// Back-stage count.
    fn back_size(&self) -> usize;
    /// Capacity.
    fn capacity(&self) -> usize;
    /// `[size, back_size, capacity]` in one call (override when cheaper than three).
    fn sizes(&self) -> [usize; 3] {
        [self.size(), self.back_size(), self.capacity()]
    }
}

/// A time source.
pub trait Clock: Component + Sync {
    /// Current time in ns.
    fn timestamp(&self) -> i64;
    /// Sleeps for `ns`.
    fn sleep_for(&self, ns: i64) -> Result<()>;
    /// Sleeps until `ns`.
    fn sleep_until(&self, ns: i64) -> Result<()>;
}

/// A memory allocator.
pub trait Allocator: Component + Sync {
    /// Whether `size` bytes could be allocated now.
    fn is_available(&self, size: u64) -> bool;
    /// Allocates memory of a storage type (`MemoryStorageType` number).
    fn allocate(&self, size: u64, storage: i32) -> Result<*mut u8>;
    /// Frees memory from `allocate`.
    fn free(&self, ptr: *mut u8) -> Result<()>;
    /// Block size in bytes.
    fn block_size(&self) -> u64 {
        1
    }
}

/// A scheduler (GXF `System`).
pub trait Scheduler: Component + Sync {
    /// Bit `1 << event` for each `gxf_event_t` the scheduler reacts to (default: all).
    const EVENT_MASK: u32 = u32::MAX;
    /// Adds an entity.
    fn schedule(&self, entity: EntityRef) -> Result<()>;
    /// Removes an entity.
    fn unschedule(&self, eid: i64) -> Result<()>;
    /// Starts running in the background.
    fn run_async(&self) -> Result<()>;
    /// Asks the run to stop.
    fn stop(&self) -> Result<()>;
    /// Waits for the run to end and returns its result.
    fn wait(&self) -> Result<()>;
    /// Delivers an event for an entity.
    fn event_notify(&self, _eid: i64, _event: i32) -> Result<()> {
        Ok(())
    }
}

/// Observes every execution of every entity.
pub trait Monitor: Component + Sync {
    /// Called after each execution attempt.
    fn on_execute(&self, eid: i64, timestamp: i64, code: i32) -> Result<()>;
}

/// A term whose next tick time is chosen by a codelet (`TargetTimeSchedulingTerm`).
pub trait TargetTimeTerm: SchedulingTerm {
    /// Requests a tick at `ns`.
    fn set_next_target_time(&self, ns: i64) -> Result<()>;
}

/// A term driven by events from outside the scheduler (`AsynchronousSchedulingTerm`).
pub trait AsyncEventTerm: SchedulingTerm {
    /// Sets the event state (READY 0, WAIT 1, EVENT_WAITING 2, EVENT_DONE 3, EVENT_NEVER 4).
    fn set_event_state(&self, state: i32) -> Result<()>;
    /// The event state.
    fn event_state(&self) -> i32;
}

/// An on/off switch term (`BooleanSchedulingTerm`).
pub trait BooleanTerm: SchedulingTerm {
    /// Enables or disables ticking.
    fn set_enabled(&self, enabled: bool) -> Result<()>;
    /// Whether ticking is enabled.
    fn is_enabled(&self) -> bool;
}

/// A term whose condition a behaviour-tree codelet sets (`BTSchedulingTerm`).
pub trait BtTerm: SchedulingTerm {
    /// Sets the condition (`SchedulingConditionType`: NEVER 0, READY 1, WAIT 2, WAIT_TIME 3,
    /// WAIT_EVENT 4).
    fn set_condition(&self, condition: i32) -> Result<()>;
}

/// A periodic term (`PeriodicSchedulingTerm`).
pub trait PeriodicTerm: SchedulingTerm {
    /// The period in ns.
    fn recess_period_ns(&self) -> i64;
    /// Time of the last tick, if any.
    fn last_run(&self) -> Option<i64>;
}

/// How long a vault pickup may wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VaultWait {
    /// Take what is waiting now.
    Now,
    /// Wait until the requested count is waiting (or the vault shuts down).
    Forever,
    /// Wait at most this many ns, then take what is there.
    For(i64),
}

impl VaultWait {
    /// The ABI encoding (-2 now, -1 forever, ≥ 0 ns).
    pub fn to_raw(self) -> i64 {
        match self {
            VaultWait::Now => -2,
            VaultWait::Forever => -1,
            VaultWait::For(ns) => ns.max(0),
        }
    }

    /// Decodes the ABI encoding.
    pub fn from_raw(raw: i64) -> VaultWait {
        match raw {
            -2 => VaultWait::Now,
            r if r < 0 => VaultWait::Forever,
            r => VaultWait::For(r),
        }
    }
}

/// A sink whose messages host code picks up (`Vault`).
pub trait VaultComponent: Component + Sync {
    /// Takes up to `max` waiting messages; the vault keeps them alive until `free`.
    fn store(&self, max: usize, wait: VaultWait) -> Vec<Message>;
    /// Releases messages previously taken.
    fn free(&self, eids: &[i64]);
}

/// An aggregated metric (`Metric`).
pub trait MetricComponent: Component + Sync {
    /// Folds a sample into the aggregate.
    fn record(&self, value: f64) -> Result<()>;
    /// The aggregate so far.
    fn value(&self) -> Result<f64>;
    /// Whether the aggregate lies within the thresholds.
    fn evaluate_success(&self) -> Result<bool>;
}

#[cfg(test)]
mod derive_tests {
    use crate::abi::{param_flags, param_type, types};
    use crate::prelude::*;

    /// Every kind of parameter field the derive supports.
    #[derive(Default, Component)]
    #[gxf(name = "test::Sample", uuid = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", kind = Codelet, description = "A sample")]
    struct Sample {
        /// Where samples go
        #[param(headline = "Out")]
        out: Handle<iface::Transmitter>,
        #[param(key = "rate", default = 5i64, description = "Samples per second")]
        _rate_hz: i64,
        #[param(key = "clock")]
        _clock: Option<Handle<iface::Clock>>,
        #[param(key = "label", optional, dynamic)]
        _label: String,
        #[param(key = "list", default_yaml = "[1, 2]")]
        _list: Vec<i64>,
        _state: u32,
    }

    impl Codelet for Sample {
        fn tick(&mut self, _tick: &Tick) -> Result<()> {
            self.out.send(Message::new(_tick.context())?)
        }
    }

    /// A term answering for an extra interface.
    #[derive(Default, Component)]
    #[gxf(info = types::BOOLEAN_SCHEDULING_TERM, kind = SchedulingTerm, interfaces(iface::BooleanSchedulingTerm))]
    struct Switch;

    impl SchedulingTerm for Switch {
        fn check(&self, now: i64) -> Result<Condition> {
            Ok(Condition::Ready(now))
        }
    }

    impl BooleanTerm for Switch {
        fn set_enabled(&self, _enabled: bool) -> Result<()> {
            Ok(())
        }
        fn is_enabled(&self) -> bool {
            true
        }
    }

    #[test]
    fn the_derive_declares_identity_and_every_parameter() {
        assert_eq!(Sample::TYPE.name, "test::Sample");
        assert_eq!(Sample::TYPE.tid, Tid::from_uuid("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"));
        assert_eq!((Sample::TYPE.base, Sample::TYPE.description), ("nvidia::gxf::Codelet", "A sample"));
        assert!(!Sample::VTABLE.codelet.is_null() && Sample::VTABLE.term.is_null());

        let mut registrar = ParamRegistrar::default();
        Sample::parameters(&mut registrar);
        let specs = registrar.specs();
        let keys: Vec<&str> = specs.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["out", "rate", "clock", "label", "list"]);

        let out = &specs[0];
        assert_eq!((out.headline.as_str(), out.description.as_str()), ("Out", "Where samples go"));
        assert_eq!(
            (out.elem, out.handle_tid, out.flags),
            (param_type::HANDLE, <iface::Transmitter as Interface>::TID, 0)
        );
        assert_eq!(out.default_yaml, None);

        let rate = &specs[1];
        assert_eq!((rate.headline.as_str(), rate.description.as_str()), ("rate", "Samples per second"));
        assert_eq!((rate.elem, rate.default_yaml.as_deref()), (param_type::INT64, Some("5")));

        assert_eq!(specs[2].flags, param_flags::OPTIONAL, "an Option field is optional");
        assert_eq!(specs[2].handle_tid, <iface::Clock as Interface>::TID);
        assert_eq!(specs[3].flags, param_flags::OPTIONAL | param_flags::DYNAMIC);
        assert_eq!(specs[4].default_yaml.as_deref(), Some("[1, 2]"));
    }

    #[test]
    fn listed_interfaces_are_answered_by_query() {
        assert_eq!(Switch::TYPE, types::BOOLEAN_SCHEDULING_TERM);
        assert!(!Switch::query_interface(<iface::BooleanSchedulingTerm as Interface>::TID).is_null());
        assert!(Switch::query_interface(<iface::Vault as Interface>::TID).is_null());
        assert!(Sample::query_interface(<iface::BooleanSchedulingTerm as Interface>::TID).is_null());
    }

    #[test]
    fn an_unset_handle_says_so() {
        let handle = Handle::<iface::Receiver>::default();
        assert!(!handle.is_set());
        let panic = std::panic::catch_unwind(|| handle.size()).unwrap_err();
        let text = panic.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(text.contains("Handle<nvidia::gxf::Receiver> was used before it was set"), "{text}");
    }
}
