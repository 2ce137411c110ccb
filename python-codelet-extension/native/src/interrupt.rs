//! Interrupting Python code when the graph is interrupted: a codelet busy in `start`, `tick` or
//! `stop` gets a `KeyboardInterrupt` in its own thread (`PyThreadState_SetAsyncExc`), so one
//! Ctrl+C stops a graph whose Python codelet loops; the interrupted call then counts as a clean
//! end, not a failure. (A call blocked inside C, such as `time.sleep`, sees it when it returns.)

use gxf_sdk::api::ContextRef;
use gxf_sdk::gxf_warn;
use gxf_sdk::sync::lock;
use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;
use pyo3::PyTypeInfo;
use std::collections::BTreeSet;
use std::ffi::{c_ulong, c_void};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What one thread that calls codelets is running: the context of its codelet call in progress
/// (0 when none). Written by its own thread with plain atomic stores, so that a tick takes no lock.
struct ThreadSlot {
    thread: c_ulong,
    context: AtomicUsize,
}

/// Every thread that has called a codelet and is still alive.
static THREADS: Mutex<Vec<Arc<ThreadSlot>>> = Mutex::new(Vec::new());

/// This thread's entry in [`THREADS`], removed when the thread ends.
struct Registration(Arc<ThreadSlot>);

impl Registration {
    fn new() -> Registration {
        // SAFETY: reads the calling thread's id.
        let thread = unsafe { pyo3::ffi::PyThread_get_thread_ident() };
        let slot = Arc::new(ThreadSlot { thread, context: AtomicUsize::new(0) });
        lock(&THREADS).push(Arc::clone(&slot));
        Registration(slot)
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        lock(&THREADS).retain(|s| !Arc::ptr_eq(s, &self.0));
    }
}

thread_local! {
    static SLOT: Registration = Registration::new();
}
/// Contexts whose graph was interrupted since their codelets last started.
static INTERRUPTED: Mutex<BTreeSet<usize>> = Mutex::new(BTreeSet::new());

/// Asks the runtime of `context` to tell us about interrupts (once per context).
pub fn watch(context: ContextRef) {
    // SAFETY: on_interrupt only reads its data as a number and takes locks of this module.
    if let Err(e) = unsafe { context.watch_interrupts(on_interrupt, context.raw() as *mut c_void) } {
        gxf_warn!("Python codelets will not be interrupted with the graph: {e}");
    }
}

/// Runs a codelet call of `context` on this thread, known to [`on_interrupt`] while it runs.
pub fn call<T>(_gil: Python<'_>, context: ContextRef, f: impl FnOnce() -> T) -> T {
    // A call may run a graph of its own (nested): the outer call is current again afterwards.
    let outer = SLOT.with(|s| s.0.context.swap(context.raw() as usize, Ordering::SeqCst));
    let result = f();
    SLOT.with(|s| s.0.context.store(outer, Ordering::SeqCst));
    result
}

/// Whether `err` is the `KeyboardInterrupt` sent because the graph of `context` was interrupted.
pub fn is_graph_interrupt(py: Python<'_>, context: ContextRef, err: &PyErr) -> bool {
    err.is_instance_of::<PyKeyboardInterrupt>(py) && lock(&INTERRUPTED).contains(&(context.raw() as usize))
}

/// A new run of `context` starts: earlier interrupts are over.
pub fn run_starts(context: ContextRef) {
    lock(&INTERRUPTED).remove(&(context.raw() as usize));
}

/// The runtime's callback (on the interrupting thread, which must not block: the GIL is taken on
/// a thread of its own).
unsafe extern "C" fn on_interrupt(data: *mut c_void) {
    let context = data as usize;
    lock(&INTERRUPTED).insert(context);
    let threads: Vec<c_ulong> =
        lock(&THREADS).iter().filter(|s| s.context.load(Ordering::SeqCst) == context).map(|s| s.thread).collect();
    if threads.is_empty() {
        return;
    }
    let _ = std::thread::Builder::new().name("py_interrupt".into()).spawn(move || {
        Python::attach(|py| {
            let exception = PyKeyboardInterrupt::type_object(py);
            for thread in threads {
                // SAFETY: the GIL is held; the exception type is a live object.
                unsafe { pyo3::ffi::PyThreadState_SetAsyncExc(thread as _, exception.as_ptr()) };
            }
        })
    });
}
