//! The object a `CodeletAdapter` receives in `set_bridge` (GXF's pybind `PyCodeletV0`).

use crate::codelet::Spec;
use crate::context::lookup;
use crate::cuda::CudaStreamPool;
use crate::messaging::{Receiver, Transmitter};
use crate::terms::{Allocator, Clock};
use gxf_sdk::abi::ExecInfoC;
use gxf_sdk::api::Handle;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use std::sync::atomic::{AtomicI64, Ordering::Relaxed};
use std::sync::Arc;

/// Timing of the current call, written before each start/tick/stop.
#[derive(Default)]
pub struct Timing {
    timestamp: AtomicI64,
    delta: AtomicI64,
    count: AtomicI64,
}

impl Timing {
    /// Records the executor's timing for the call about to be made.
    pub fn set(&self, info: &ExecInfoC) {
        self.timestamp.store(info.timestamp, Relaxed);
        self.delta.store(info.delta, Relaxed);
        self.count.store(info.count, Relaxed);
    }
}

/// `gxf.python_codelet.pycodelet.PyCodeletV0`: the live component as seen from Python.
#[pyclass(name = "PyCodeletV0", module = "gxf.python_codelet.pycodelet", frozen)]
pub struct Bridge {
    spec: Arc<Spec>,
    timing: Arc<Timing>,
    /// The context as a Python int, made once: `context()` is called on many ticks.
    context: Py<PyAny>,
}

impl Bridge {
    /// A bridge for one codelet.
    pub fn new(py: Python<'_>, spec: Arc<Spec>, timing: Arc<Timing>) -> PyResult<Bridge> {
        let context = (spec.context.raw() as usize).into_pyobject(py)?.into_any().unbind();
        Ok(Bridge { spec, timing, context })
    }
}

#[pymethods]
impl Bridge {
    /// The runtime context (pass it to `Receiver.get`, `MessageEntity`, ...).
    fn context(&self, py: Python<'_>) -> Py<PyAny> {
        self.context.clone_ref(py)
    }

    /// Id of the entity that owns the codelet.
    fn eid(&self) -> i64 {
        self.spec.eid
    }

    /// Id of the `PyCodeletV0` component.
    fn cid(&self) -> i64 {
        self.spec.cid
    }

    /// The component's name.
    fn name(&self) -> String {
        self.spec.context.component_name(self.spec.cid)
    }

    /// The raw `codelet_params` text (YAML).
    fn get_params(&self) -> PyResult<String> {
        self.spec.codelet_params.clone().ok_or_else(|| PyRuntimeError::new_err("GXF_PARAMETER_NOT_INITIALIZED"))
    }

    /// The handles of the `receivers` parameter.
    fn get_receivers(&self) -> Vec<Receiver> {
        self.spec.receivers.iter().map(|h| Receiver::from_handle(*h)).collect()
    }

    /// The handles of the `transmitters` parameter.
    fn get_transmitters(&self) -> Vec<Transmitter> {
        self.spec.transmitters.iter().map(|h| Transmitter::from_handle(*h)).collect()
    }

    /// The handles of the `allocators` parameter.
    fn get_allocators(&self) -> Vec<Allocator> {
        self.spec.allocators.iter().map(|h| Allocator { handle: *h }).collect()
    }

    /// The clock named `name` (`component` or `entity/component`).
    fn get_clock(&self, name: &str) -> PyResult<Clock> {
        Ok(Clock { handle: lookup(self.spec.context, self.spec.cid, name)? })
    }

    /// The stream pools of the `cuda_stream_pools` parameter, in order
    /// (`RuntimeError("GXF_PARAMETER_NOT_INITIALIZED")` for a component that is not one).
    fn get_cuda_stream_pools(&self) -> PyResult<Vec<CudaStreamPool>> {
        let resolve = |cid: i64| {
            Handle::resolve(self.spec.context, cid).map(CudaStreamPool::from_handle).map_err(|e| {
                gxf_sdk::gxf_error!("cuda_stream_pools: {e}");
                PyRuntimeError::new_err("GXF_PARAMETER_NOT_INITIALIZED")
            })
        };
        self.spec.cuda_stream_pools.iter().map(|pool| resolve(pool.cid())).collect()
    }

    /// Timestamp of the current tick in ns.
    fn get_execution_timestamp(&self) -> i64 {
        self.timing.timestamp.load(Relaxed)
    }

    /// Timestamp of the current tick in seconds.
    fn get_execution_time(&self) -> f64 {
        self.timing.timestamp.load(Relaxed) as f64 / 1e9
    }

    /// Seconds since the previous tick.
    fn get_delta_time(&self) -> f64 {
        self.timing.delta.load(Relaxed) as f64 / 1e9
    }

    /// Ticks so far, including the current one.
    fn get_execution_count(&self) -> i64 {
        self.timing.count.load(Relaxed)
    }

    /// Whether this is the first tick.
    fn is_first_tick(&self) -> bool {
        self.timing.count.load(Relaxed) == 1
    }
}

/// Adds the bridge class to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Bridge>()
}
