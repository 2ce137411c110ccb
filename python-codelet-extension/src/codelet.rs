//! `nvidia::gxf::PyCodeletV0`, front half: parameters here, everything else in the backend.

use crate::backend::{self, Backend};
use crate::backend_abi::CodeletSpecC;
use gxf_core::abi::{AbiStr, ComponentCtxC, ExecInfoC};
use gxf_core::prelude::*;
use std::ffi::c_void;

/// A `PyCodeletV0` component; `state` is the backend's object once initialized.
#[derive(Default)]
pub struct PyCodeletV0 {
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

impl Component for PyCodeletV0 {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<String>("codelet_name").description("Name of the Python class (a CodeletAdapter subclass)");
        r.param::<String>("codelet_file")
            .description("Path of the Python file that defines the class; empty or None: look in __main__");
        r.param::<String>("codelet_params")
            .optional()
            .description("Parameters for the codelet (any YAML), returned by get_params()");
        r.param::<Vec<Handle<iface::Receiver>>>("receivers").optional().description("Receivers, for get_receivers()");
        r.param::<Vec<Handle<iface::Transmitter>>>("transmitters")
            .optional()
            .description("Transmitters, for get_transmitters()");
        r.param::<Vec<Handle<iface::Allocator>>>("allocators")
            .optional()
            .description("Allocators, for get_allocators()");
        r.param::<Vec<Handle<iface::Component>>>("cuda_stream_pools")
            .optional()
            .description("CUDA stream pools, for get_cuda_stream_pools() (needs the CUDA extension)");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        let name: String = ctx.param("codelet_name")?;
        let file: String = ctx.param("codelet_file")?;
        let params: Option<String> = ctx.try_param("codelet_params")?;
        let backend = backend::get()
            .map_err(|e| e.context(format!("PyCodeletV0 '{}' of entity '{}'", ctx.name(), ctx.entity_name())))?;
        let spec = CodeletSpecC {
            component: ComponentCtxC { context: ctx.context().raw(), eid: ctx.eid(), cid: ctx.cid() },
            codelet_name: AbiStr::new(&name),
            codelet_file: AbiStr::new(&file),
            codelet_params: AbiStr::new(params.as_deref().unwrap_or("")),
            has_params: params.is_some(),
        };
        self.release();
        let mut state = std::ptr::null_mut();
        // SAFETY: the spec's texts outlive the call; the backend copies them.
        check_code(unsafe { (backend.table.create)(&spec, &mut state) })?;
        self.backend = Some(backend);
        self.state = State(state);
        Ok(())
    }
}

impl PyCodeletV0 {
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
