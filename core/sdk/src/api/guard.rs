//! The panic/error guard around every `extern "C"` entry point of an extension.

use super::host::set_error;
use crate::result::{Code, Result};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `f`, turning its error or panic into a raw GXF code (with the cause sent to the host).
/// Nothing unwinds past this function.
#[inline]
pub fn guard(f: impl FnOnce() -> Result<()>) -> i32 {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => report_error(e),
        Err(payload) => report_panic(payload),
    }
}

/// Sends an error's cause to the host and returns its code (out of the entry points' hot paths).
#[cold]
#[inline(never)]
fn report_error(e: crate::Error) -> i32 {
    if !e.message.is_empty() {
        set_error(&e.message);
    }
    e.code as i32
}

/// Sends a panic's text to the host and returns `GXF_FAILURE`.
#[cold]
#[inline(never)]
fn report_panic(payload: Box<dyn std::any::Any + Send>) -> i32 {
    set_error(&format!("panic: {}", panic_text(payload.as_ref())));
    Code::GXF_FAILURE as i32
}

/// Runs `f` for a value, returning `fallback` if it panics.
pub(crate) fn guard_value<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(fallback)
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    }
}
