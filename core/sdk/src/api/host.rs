//! Access to the host table the core installed in this dylib.

use crate::abi::{AbiStr, HostTable};
use std::sync::OnceLock;

static HOST: OnceLock<&'static HostTable> = OnceLock::new();

/// Installs the host table (first call wins; every dylib has its own copy of this static).
pub fn install(table: &'static HostTable) {
    let _ = HOST.set(table);
}

/// Whether the core installed its host table in this dylib (false in plain unit tests).
pub fn is_installed() -> bool {
    HOST.get().is_some()
}

/// The host table. Panics if the extension was never entered through the loader.
#[inline]
pub fn host() -> &'static HostTable {
    HOST.get().expect("gxf host table not installed: extension used outside a GXF runtime")
}

/// Records the cause of a failure about to be returned across the boundary.
pub fn set_error(message: &str) {
    // SAFETY: the host copies the text before returning.
    unsafe { (host().set_error)(AbiStr::new(message)) }
}
