//! `nvidia::gxf::PyCodeletV0`, front half: parameters here, everything else in the backend.

use crate::backend::{self, Backend};
use crate::backend_abi::CodeletSpecC;
use gxf_sdk::abi::{AbiStr, ComponentCtxC, ExecInfoC};
use gxf_sdk::prelude::*;
use std::ffi::c_void;

/// A `PyCodeletV0` component; `state` is the backend's object once initialized.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::PyCodeletV0",
    uuid = "cd8b08c2-f643-483f-f33b-02bfa75c23fb",
    kind = Codelet,
    description = "Runs a Python codelet: a CodeletAdapter subclass imported from codelet_file",
    initialize = Self::create_backend_object
)]
pub struct PyCodeletV0 {
    /// Name of the Python class (a CodeletAdapter subclass)
    #[param]
    codelet_name: String,
    /// Path of the Python file that defines the class; empty or None: look in __main__
    #[param]
    codelet_file: String,
    /// Parameters for the codelet (any YAML), returned by get_params()
    #[param]
    codelet_params: Option<String>,
    /// Receivers, for get_receivers()
    #[param(key = "receivers")]
    _receivers: Option<Vec<Handle<iface::Receiver>>>,
    /// Transmitters, for get_transmitters()
    #[param(key = "transmitters")]
    _transmitters: Option<Vec<Handle<iface::Transmitter>>>,
    /// Allocators, for get_allocators()
    #[param(key = "allocators")]
    _allocators: Option<Vec<Handle<iface::Allocator>>>,
    /// CUDA stream pools, for get_cuda_stream_pools() (needs the CUDA extension)
    #[param(key = "cuda_stream_pools")]
    _cuda_stream_pools: Option<Vec<Handle<iface::Component>>>,
    backend: Option<&'static Backend>,
    state: State,
}

/// The backend's per-codelet object.
struct State(*mut c_void);

impl Default for State {
    fn default() -> Self {
        State(std::ptr::null_mut())
    }
}

// SAFETY: the backend object is only used by the thread that runs the codelet, one call at a time
// (the executor serialises start/tick/stop), and takes the GIL itself.
unsafe impl Send for State {}

impl PyCodeletV0 {
    /// Loads the backend (first codelet only) and has it create this codelet's Python object.
    fn create_backend_object(&mut self, ctx: &ComponentContext) -> Result<()> {
        let backend = backend::get()
            .map_err(|e| e.context(format!("PyCodeletV0 '{}' of entity '{}'", ctx.name(), ctx.entity_name())))?;
        let spec = CodeletSpecC {
            component: ComponentCtxC { context: ctx.context().raw(), eid: ctx.eid(), cid: ctx.cid() },
            codelet_name: AbiStr::new(&self.codelet_name),
            codelet_file: AbiStr::new(&self.codelet_file),
            codelet_params: AbiStr::new(self.codelet_params.as_deref().unwrap_or("")),
            has_params: self.codelet_params.is_some(),
        };
        self.release();
        let mut state = std::ptr::null_mut();
        // SAFETY: the spec's texts outlive the call; the backend copies them.
        check_code(unsafe { (backend.table.create)(&spec, &mut state) })?;
        self.backend = Some(backend);
        self.state = State(state);
        Ok(())
    }

    fn call(
        &mut self,
        f: impl FnOnce(&Backend) -> unsafe extern "C" fn(*mut c_void, *const ExecInfoC) -> i32,
        tick: &Tick,
    ) -> Result<()> {
        let (Some(backend), false) = (self.backend, self.state.0.is_null()) else {
            return fail(Code::GXF_INVALID_LIFECYCLE_STAGE, "PyCodeletV0 used before initialize");
        };
        let info = tick.raw();
        // SAFETY: live backend object; `info` outlives the call.
        check_code(unsafe { f(backend)(self.state.0, &info) })
    }

    fn release(&mut self) {
        if let (Some(backend), false) = (self.backend, self.state.0.is_null()) {
            // SAFETY: the object came from this backend's `create` and is dropped once.
            unsafe { (backend.table.destroy)(self.state.0) };
        }
        self.state = State::default();
    }
}

impl Codelet for PyCodeletV0 {
    fn start(&mut self, tick: &Tick) -> Result<()> {
        self.call(|b| b.table.start, tick)
    }

    fn tick(&mut self, tick: &Tick) -> Result<()> {
        self.call(|b| b.table.tick, tick)
    }

    fn stop(&mut self, tick: &Tick) -> Result<()> {
        self.call(|b| b.table.stop, tick)
    }
}

impl Drop for PyCodeletV0 {
    fn drop(&mut self) {
        self.release();
    }
}
