//! One Python codelet: importing the user's class, and its start/tick/stop with the GIL taken
//! once per call.

use crate::backend_abi::CodeletSpecC;
use crate::bridge::{Bridge, Timing};
use crate::context::remember_context;
use crate::entity_state::{self, ExecutingGuard};
use crate::interpreter::keep_thread_state;
use crate::interrupt;
use gxf_sdk::abi::ExecInfoC;
use gxf_sdk::prelude::*;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyString;
use std::sync::Arc;

/// `gxf_entity_status_t` values while a hook runs.
const STATUS_START_PENDING: i32 = 1;
const STATUS_TICKING: i32 = 4;
const STATUS_STOP_PENDING: i32 = 6;
/// `entity_state_t` values.
const BEHAVIOR_INIT: i32 = 0;
const BEHAVIOR_SUCCESS: i32 = 1;

/// What the component was declared with.
pub struct Spec {
    pub context: ContextRef,
    pub eid: i64,
    pub cid: i64,
    pub codelet_name: String,
    pub codelet_file: String,
    pub codelet_params: Option<String>,
    pub receivers: Vec<Handle<iface::Receiver>>,
    pub transmitters: Vec<Handle<iface::Transmitter>>,
    pub allocators: Vec<Handle<iface::Allocator>>,
    pub cuda_stream_pools: Vec<Handle<iface::Component>>,
}

/// The state of one `PyCodeletV0`.
pub struct CodeletState {
    spec: Arc<Spec>,
    timing: Arc<Timing>,
    instance: Option<Py<PyAny>>,
}

/// Checks the codelet file without running it (exists, compiles, defines the class), so that a
/// wrong path, a syntax error or a misspelled class is reported at activation (and by
/// `gxe --check`) rather than when the graph starts. No file (`__main__`) is not checked.
fn check_file(spec: &Spec) -> Result<()> {
    let file = spec.codelet_file.as_str();
    if file.is_empty() || file == "None" {
        return Ok(());
    }
    Python::attach(|py| {
        py.import("gxf.python_codelet.codelet_file")
            .and_then(|m| m.call_method1("check", (file, spec.codelet_name.as_str())))
            .map(|_| ())
            .map_err(|e| {
                Error::new(
                    Code::GXF_FAILURE,
                    format!("PyCodeletV0 '{}' (codelet_file '{file}'): {}", spec.codelet_name, e.value(py)),
                )
            })
    })
}

impl CodeletState {
    /// Copies the declaration; nothing is imported before `start` (as in GXF).
    pub fn new(spec: &CodeletSpecC) -> Result<CodeletState> {
        // SAFETY: the front's texts are valid for the duration of `create`; they are copied.
        let text = |s: &gxf_sdk::abi::AbiStr| unsafe { s.as_str().to_string() };
        let component = ComponentContext::from_raw(spec.component);
        remember_context(component.context());
        let spec = Spec {
            receivers: component.try_param("receivers")?.unwrap_or_default(),
            transmitters: component.try_param("transmitters")?.unwrap_or_default(),
            allocators: component.try_param("allocators")?.unwrap_or_default(),
            cuda_stream_pools: component.try_param("cuda_stream_pools")?.unwrap_or_default(),
            context: ContextRef::from_raw(spec.component.context),
            eid: spec.component.eid,
            cid: spec.component.cid,
            codelet_name: text(&spec.codelet_name),
            codelet_file: text(&spec.codelet_file),
            codelet_params: spec.has_params.then(|| text(&spec.codelet_params)),
        };
        check_file(&spec)?;
        Ok(CodeletState { spec: Arc::new(spec), timing: Arc::default(), instance: None })
    }

    /// Imports the class, instantiates it, hands it the bridge and calls `start()`.
    pub fn start(&mut self, info: &ExecInfoC) -> Result<()> {
        keep_thread_state();
        interrupt::run_starts(self.spec.context);
        self.timing.set(info);
        let _executing = self.executing(STATUS_START_PENDING, BEHAVIOR_INIT);
        Python::attach(|py| {
            let instance = self.instantiate(py).map_err(|e| self.error(py, "cannot load the codelet class", e))?;
            let bridge = Bridge::new(py, self.spec.clone(), self.timing.clone())
                .map_err(|e| self.error(py, "cannot make the codelet's bridge", e))?;
            instance.call_method1(py, "set_bridge", (bridge,)).map_err(|e| {
                let what = match self.spec.codelet_params {
                    // GXF fails the same way (its adapter reads the parameters in set_bridge).
                    None => {
                        "set_bridge() raised because the PyCodeletV0 has no 'codelet_params' parameter \
                             (GXF requires one; write `codelet_params: {}` when the codelet takes none)"
                    }
                    Some(_) => "set_bridge() raised",
                };
                self.error(py, what, e)
            })?;
            self.instance = Some(instance);
            self.call_hook(py, Hook::Start)
        })
    }

    /// Calls `tick()`.
    pub fn tick(&mut self, info: &ExecInfoC) -> Result<()> {
        keep_thread_state();
        self.timing.set(info);
        // GXF records the behaviour status after a tick: the first one still sees INIT.
        let state = if info.count > 1 { BEHAVIOR_SUCCESS } else { BEHAVIOR_INIT };
        let _executing = self.executing(STATUS_TICKING, state);
        Python::attach(|py| self.call_hook(py, Hook::Tick))
    }

    /// Calls `stop()`; the instance is kept (GXF drops it only with the component).
    pub fn stop(&mut self, info: &ExecInfoC) -> Result<()> {
        keep_thread_state();
        self.timing.set(info);
        let state = if info.count > 0 { BEHAVIOR_SUCCESS } else { BEHAVIOR_INIT };
        let _executing = self.executing(STATUS_STOP_PENDING, state);
        Python::attach(|py| self.call_hook(py, Hook::Stop))
    }

    /// Marks this thread as running the codelet's entity (see `entity_state::executing`).
    fn executing(&self, status: i32, state: i32) -> ExecutingGuard {
        entity_state::executing(self.spec.context.raw() as usize, self.spec.eid, status, state)
    }

    fn call_hook(&self, py: Python<'_>, hook: Hook) -> Result<()> {
        let Some(instance) = &self.instance else {
            return fail(Code::GXF_INVALID_LIFECYCLE_STAGE, format!("{hook}() called before start()"));
        };
        match interrupt::call(py, self.spec.context, || call_method0(instance.bind(py), hook.name(py))) {
            Ok(_) => Ok(()),
            Err(e) if interrupt::is_graph_interrupt(py, self.spec.context, &e) => {
                gxf_info!("{hook}() of Python codelet {} stopped by the graph interrupt", self.spec.codelet_name);
                Ok(())
            }
            Err(e) => Err(self.error(py, &format!("{hook}() raised"), e)),
        }
    }

    /// An empty or `None` file means `__main__` (as in GXF); otherwise the named file itself is
    /// loaded (`gxf.python_codelet.codelet_file.load`), so that no installed module of the same
    /// name can shadow it.
    fn instantiate(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let file = self.spec.codelet_file.as_str();
        let module = if file.is_empty() || file == "None" {
            py.import("__main__")?.into_any()
        } else {
            py.import("gxf.python_codelet.codelet_file")?.call_method1("load", (file,))?
        };
        let class = module.getattr(self.spec.codelet_name.as_str())?;
        let adapter = py.import("gxf.python_codelet")?.getattr("CodeletAdapter")?;
        let is_adapter = class.is_instance_of::<pyo3::types::PyType>()
            && class.cast::<pyo3::types::PyType>()?.is_subclass(&adapter)?;
        if !is_adapter {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "'{}' is not a subclass of gxf.python_codelet.CodeletAdapter",
                self.spec.codelet_name
            )));
        }
        Ok(class.call0()?.unbind())
    }

    /// An error naming the class, file, component and entity, with the Python traceback.
    fn error(&self, py: Python<'_>, what: &str, err: PyErr) -> Error {
        let spec = &self.spec;
        let component = spec.context.component_name(spec.cid);
        let entity = spec.context.entity_name(spec.eid);
        Error::new(
            Code::GXF_FAILURE,
            format!(
                "Python codelet {} ('{}') of component '{component}' in entity '{entity}': {what}:\n{}",
                spec.codelet_name,
                spec.codelet_file,
                format_exception(py, &err)
            ),
        )
    }
}

/// The traceback as Python prints it, or the exception text when formatting fails.
pub fn format_exception(py: Python<'_>, err: &PyErr) -> String {
    let formatted = py
        .import("traceback")
        .and_then(|tb| tb.call_method1("format_exception", (err.get_type(py), err.value(py), err.traceback(py))))
        .and_then(|lines| lines.extract::<Vec<String>>());
    match formatted {
        Ok(lines) => lines.concat().trim_end().to_string(),
        Err(_) => err.to_string(),
    }
}

impl Drop for CodeletState {
    fn drop(&mut self) {
        if let Some(instance) = self.instance.take() {
            keep_thread_state();
            Python::attach(|_py| drop(instance));
        }
    }
}

/// The codelet methods the bridge calls.
#[derive(Clone, Copy)]
enum Hook {
    Start,
    Tick,
    Stop,
}

impl Hook {
    /// The method's name as an interned string (looked up with its cached hash on every tick).
    fn name<'py>(self, py: Python<'py>) -> &'py Bound<'py, PyString> {
        match self {
            Hook::Start => intern!(py, "start"),
            Hook::Tick => intern!(py, "tick"),
            Hook::Stop => intern!(py, "stop"),
        }
    }
}

impl std::fmt::Display for Hook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Hook::Start => "start",
            Hook::Tick => "tick",
            Hook::Stop => "stop",
        })
    }
}

extern "C" {
    /// CPython's `PyObject_VectorcallMethod`: public and exported since 3.9, in the limited API
    /// from 3.12 with the same signature, so safe to call on every CPython this package supports
    /// (3.11+). pyo3's abi3-py311 build does not declare it and falls back to the slower
    /// `PyObject_CallMethodObjArgs` (varargs); a tick is cheaper this way.
    fn PyObject_VectorcallMethod(
        name: *mut pyo3::ffi::PyObject,
        args: *const *mut pyo3::ffi::PyObject,
        nargsf: usize,
        kwnames: *mut pyo3::ffi::PyObject,
    ) -> *mut pyo3::ffi::PyObject;
}

/// `obj.name()`, looked up on every call as GXF does (a codelet may rebind its methods).
fn call_method0<'py>(obj: &Bound<'py, PyAny>, name: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyAny>> {
    /// `PY_VECTORCALL_ARGUMENTS_OFFSET`: the callee may borrow the slot before the arguments
    /// (`slots[0]` here) to prepend the bound object without copying.
    const ARGUMENTS_OFFSET: usize = 1 << (usize::BITS - 1);
    let mut slots = [std::ptr::null_mut(), obj.as_ptr()];
    // SAFETY: the GIL is held (`obj` is bound); `slots[1]` is one borrowed reference (self) and
    // `slots[0]` the scratch slot the offset flag allows the callee to use; both outlive the call.
    // The result is a new reference, or null with an exception set.
    unsafe {
        let args = slots.as_mut_ptr().add(1);
        let result = PyObject_VectorcallMethod(name.as_ptr(), args, 1 | ARGUMENTS_OFFSET, std::ptr::null_mut());
        Bound::from_owned_ptr_or_err(obj.py(), result)
    }
}
