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
use std::sync::Mutex;

/// (context, Python thread id) of every codelet call in progress.
static CALLS: Mutex<Vec<(usize, c_ulong)>> = Mutex::new(Vec::new());
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
    // SAFETY: reads the calling thread's id.
    let thread = unsafe { pyo3::ffi::PyThread_get_thread_ident() };
    let key = (context.raw() as usize, thread);
    lock(&CALLS).push(key);
    let result = f();
    let mut calls = lock(&CALLS);
    if let Some(i) = calls.iter().position(|c| *c == key) {
        calls.swap_remove(i);
    }
    drop(calls);
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
    let threads: Vec<c_ulong> = lock(&CALLS).iter().filter(|(c, _)| *c == context).map(|(_, t)| *t).collect();
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
