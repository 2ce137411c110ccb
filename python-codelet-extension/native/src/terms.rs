//! Clocks, allocators and the scheduling terms codelets drive from Python (`gxf.std`).

use crate::context::{context_arg, lookup, value_error};
use gxf_sdk::prelude::*;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

/// `gxf.std.SchedulingConditionType`.
#[pyclass(name = "SchedulingConditionType", module = "gxf.std", eq, eq_int, frozen, from_py_object)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[allow(clippy::upper_case_acronyms, non_camel_case_types)]
pub enum SchedulingConditionType {
    NEVER = 0,
    READY = 1,
    WAIT = 2,
    WAIT_TIME = 3,
    WAIT_EVENT = 4,
}

hash_like_int!(SchedulingConditionType);

impl From<Condition> for SchedulingConditionType {
    fn from(c: Condition) -> Self {
        match c {
            Condition::Never => Self::NEVER,
            Condition::Ready(_) => Self::READY,
            Condition::Wait => Self::WAIT,
            Condition::WaitTime(_) => Self::WAIT_TIME,
            Condition::WaitEvent => Self::WAIT_EVENT,
        }
    }
}

/// `gxf.std.Clock`: any clock component.
#[pyclass(name = "Clock", module = "gxf.std", subclass, frozen)]
pub struct Clock {
    pub(crate) handle: Handle<iface::Clock>,
}

#[pymethods]
impl Clock {
    /// Resolves a clock by name relative to component `cid`.
    #[staticmethod]
    fn get(context: &Bound<'_, PyAny>, cid: i64, name: &str) -> PyResult<Clock> {
        Ok(Clock { handle: lookup(context_arg(context)?, cid, name)? })
    }

    /// Current time in seconds.
    fn time(&self) -> f64 {
        self.handle.time()
    }

    /// Current time in ns.
    fn timestamp(&self) -> i64 {
        self.handle.timestamp()
    }
}

/// `gxf.std.Allocator`: any allocator component (used by `Tensor.reshape*`).
#[pyclass(name = "Allocator", module = "gxf.std", subclass, frozen)]
pub struct Allocator {
    pub(crate) handle: Handle<iface::Allocator>,
}

#[pymethods]
impl Allocator {
    /// Resolves an allocator by name relative to component `cid`.
    #[staticmethod]
    fn get(context: &Bound<'_, PyAny>, cid: i64, name: &str) -> PyResult<Allocator> {
        Ok(Allocator { handle: lookup(context_arg(context)?, cid, name)? })
    }

    /// Whether `size` bytes can be allocated now.
    fn is_available(&self, size: u64) -> bool {
        self.handle.is_available(size)
    }

    /// Block size (0 for allocators without blocks).
    fn block_size(&self) -> u64 {
        self.handle.block_size()
    }
}

/// A scheduling term of exactly the GXF type `type_name` (or a derived one).
fn term_of_type(
    context: &Bound<'_, PyAny>,
    cid: i64,
    name: &str,
    expected: TypeInfo,
) -> PyResult<Handle<iface::SchedulingTerm>> {
    let context = context_arg(context)?;
    let handle: Handle<iface::SchedulingTerm> = lookup(context, cid, name)?;
    if !context.is_a(handle.tid(), expected.tid) {
        gxf_error!("component '{name}' is not a {}", expected.name);
        return Err(PyRuntimeError::new_err("GXF_PARAMETER_NOT_INITIALIZED"));
    }
    Ok(handle)
}

fn check(term: &Handle<iface::SchedulingTerm>, timestamp: i64) -> PyResult<SchedulingConditionType> {
    term.check(timestamp).map(Into::into).map_err(value_error)
}

/// `gxf.std.CountSchedulingTerm`.
#[pyclass(name = "CountSchedulingTerm", module = "gxf.std", subclass, frozen)]
pub struct CountSchedulingTerm {
    term: Handle<iface::SchedulingTerm>,
}

#[pymethods]
impl CountSchedulingTerm {
    /// Resolves the term by name relative to component `cid`.
    #[staticmethod]
    fn get(context: &Bound<'_, PyAny>, cid: i64, name: &str) -> PyResult<Self> {
        let term = term_of_type(context, cid, name, gxf_sdk::abi::types::COUNT_SCHEDULING_TERM)?;
        Ok(Self { term })
    }

    /// The condition, evaluated at timestamp 0 as GXF's binding does.
    fn check(&self) -> PyResult<SchedulingConditionType> {
        check(&self.term, 0)
    }
}

/// `gxf.std.PeriodicSchedulingTerm`.
#[pyclass(name = "PeriodicSchedulingTerm", module = "gxf.std", subclass, frozen)]
pub struct PeriodicSchedulingTerm {
    term: Handle<iface::SchedulingTerm>,
    periodic: Handle<iface::PeriodicSchedulingTerm>,
}

#[pymethods]
impl PeriodicSchedulingTerm {
    /// Resolves the term by name relative to component `cid`.
    #[staticmethod]
    fn get(context: &Bound<'_, PyAny>, cid: i64, name: &str) -> PyResult<Self> {
        let context = context_arg(context)?;
        let periodic: Handle<iface::PeriodicSchedulingTerm> = lookup(context, cid, name)?;
        let term = lookup(context, cid, name)?;
        Ok(Self { term, periodic })
    }

    /// The condition at `timestamp` (ns).
    fn check(&self, timestamp: i64) -> PyResult<SchedulingConditionType> {
        check(&self.term, timestamp)
    }

    /// The period in ns.
    fn recess_period_ns(&self) -> i64 {
        self.periodic.recess_period_ns()
    }

    /// When the entity last ran (ns); RuntimeError before the first run.
    fn last_run_timestamp(&self) -> PyResult<i64> {
        self.periodic.last_run().ok_or_else(|| PyRuntimeError::new_err("GXF_UNINITIALIZED_VALUE"))
    }
}

/// `gxf.std.TargetTimeSchedulingTerm`.
#[pyclass(name = "TargetTimeSchedulingTerm", module = "gxf.std", subclass, frozen)]
pub struct TargetTimeSchedulingTerm {
    term: Handle<iface::SchedulingTerm>,
    target: Handle<iface::TargetTimeSchedulingTerm>,
}

#[pymethods]
impl TargetTimeSchedulingTerm {
    /// Resolves the term by name relative to component `cid`.
    #[staticmethod]
    fn get(context: &Bound<'_, PyAny>, cid: i64, name: &str) -> PyResult<Self> {
        let context = context_arg(context)?;
        let target: Handle<iface::TargetTimeSchedulingTerm> = lookup(context, cid, name)?;
        let term = lookup(context, cid, name)?;
        Ok(Self { term, target })
    }

    /// The condition at `timestamp` (ns).
    fn check(&self, timestamp: i64) -> PyResult<SchedulingConditionType> {
        check(&self.term, timestamp)
    }

    /// Lets the entity tick at `target_time_ns` (clock time).
    fn set_next_target_time(&self, target_time_ns: i64) -> PyResult<()> {
        self.target.set_next_target_time(target_time_ns).map_err(|e| PyRuntimeError::new_err(e.code.name()))
    }
}

/// `gxf.std.BooleanSchedulingTerm`.
#[pyclass(name = "BooleanSchedulingTerm", module = "gxf.std", subclass, frozen)]
pub struct BooleanSchedulingTerm {
    term: Handle<iface::BooleanSchedulingTerm>,
}

#[pymethods]
impl BooleanSchedulingTerm {
    /// Resolves the term by name relative to component `cid`.
    #[staticmethod]
    fn get(context: &Bound<'_, PyAny>, cid: i64, name: &str) -> PyResult<Self> {
        Ok(Self { term: lookup(context_arg(context)?, cid, name)? })
    }

    /// Allows ticking.
    fn make_enable_tick(&self) -> PyResult<()> {
        self.term.set_enabled(true).map_err(|e| PyValueError::new_err(e.code.name()))
    }

    /// Stops the entity from ticking (its condition becomes NEVER).
    fn make_disable_tick(&self) -> PyResult<()> {
        self.term.set_enabled(false).map_err(|e| PyValueError::new_err(e.code.name()))
    }

    /// Whether ticking is enabled.
    fn check_tick_enable(&self) -> bool {
        self.term.is_enabled()
    }
}

/// `gxf.std.BTSchedulingTerm`: the behaviour-tree term, driven by the parent node's codelet.
#[pyclass(name = "BTSchedulingTerm", module = "gxf.std", subclass, frozen)]
pub struct BTSchedulingTerm {
    term: Handle<iface::SchedulingTerm>,
    bt: Handle<iface::BTSchedulingTerm>,
}

#[pymethods]
impl BTSchedulingTerm {
    /// Resolves the term by name relative to component `cid`.
    #[staticmethod]
    fn get(context: &Bound<'_, PyAny>, cid: i64, name: &str) -> PyResult<Self> {
        let term = term_of_type(context, cid, name, gxf_sdk::abi::types::BT_SCHEDULING_TERM)?;
        Ok(Self { term, bt: lookup(context_arg(context)?, cid, name)? })
    }

    /// The condition, evaluated at timestamp 0 (READY, NEVER, or WAIT for anything else).
    fn check(&self) -> PyResult<SchedulingConditionType> {
        check(&self.term, 0)
    }

    /// Sets the condition the term reports from now on.
    fn set_condition(&self, condition: SchedulingConditionType) -> PyResult<()> {
        self.bt.set_condition(condition as i32).map_err(value_error)
    }
}

/// Adds the clock, allocator and term classes to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<SchedulingConditionType>()?;
    m.add_class::<Clock>()?;
    m.add_class::<Allocator>()?;
    m.add_class::<CountSchedulingTerm>()?;
    m.add_class::<PeriodicSchedulingTerm>()?;
    m.add_class::<TargetTimeSchedulingTerm>()?;
    m.add_class::<BooleanSchedulingTerm>()?;
    m.add_class::<BTSchedulingTerm>()
}
