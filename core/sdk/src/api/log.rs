//! Logging through the host (each dylib has its own statics, so logs go through the core).

use super::host::host;
use crate::abi::AbiStr;

/// Severities (GXF's `gxf_severity_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(i32)]
pub enum Severity {
    /// Nothing.
    None = 0,
    /// Errors.
    Error = 1,
    /// Warnings.
    Warning = 2,
    /// Information.
    Info = 3,
    /// Debugging.
    Debug = 4,
    /// Everything.
    Verbose = 5,
}

/// Whether messages of `severity` are currently shown.
#[inline]
pub fn enabled(severity: Severity) -> bool {
    // SAFETY: plain call into the host.
    (severity as i32) <= unsafe { (host().severity)() }
}

/// Writes one log line.
pub fn write(severity: Severity, file: &str, line: u32, message: &str) {
    // SAFETY: the host copies the text.
    unsafe { (host().log)(severity as i32, AbiStr::new(file), line, AbiStr::new(message)) }
}

/// Logs at a given severity with `format!` arguments, formatting only when enabled.
#[macro_export]
macro_rules! gxf_log {
    ($sev:expr, $($arg:tt)*) => {{
        let sev = $sev;
        if $crate::api::log::enabled(sev) {
            $crate::api::log::write(sev, file!(), line!(), &format!($($arg)*));
        }
    }};
}

/// Logs an error.
#[macro_export]
macro_rules! gxf_error { ($($arg:tt)*) => { $crate::gxf_log!($crate::api::log::Severity::Error, $($arg)*) }; }
/// Logs a warning.
#[macro_export]
macro_rules! gxf_warn { ($($arg:tt)*) => { $crate::gxf_log!($crate::api::log::Severity::Warning, $($arg)*) }; }
/// Logs information.
#[macro_export]
macro_rules! gxf_info { ($($arg:tt)*) => { $crate::gxf_log!($crate::api::log::Severity::Info, $($arg)*) }; }
/// Logs a debug message.
#[macro_export]
macro_rules! gxf_debug { ($($arg:tt)*) => { $crate::gxf_log!($crate::api::log::Severity::Debug, $($arg)*) }; }
/// Logs a verbose message.
#[macro_export]
macro_rules! gxf_verbose { ($($arg:tt)*) => { $crate::gxf_log!($crate::api::log::Severity::Verbose, $($arg)*) }; }
