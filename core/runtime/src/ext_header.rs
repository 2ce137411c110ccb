//! Reading an extension library's header without trusting it: every pointer in it must lie in
//! the library itself and be aligned, and the magic, size and ABI version must match, before the
//! layout is compared and the entry function is called.
//!
//! What remains trusted: a library whose header passes these checks is called like any shared
//! library (loading it already ran its initialisers).

use crate::abi::{self, ExtensionHeader, ExtensionTable, HostTable};
use crate::result::{fail, Code, Error, Result};
use std::ffi::c_void;
use std::mem::{align_of, size_of};

/// [`ExtensionHeader`] as raw words: its `entry` is a non-null function pointer in Rust, which a
/// malformed library could violate, so nothing is read as an `ExtensionHeader` until checked.
#[repr(C)]
#[derive(Clone, Copy)]
struct RawHeader {
    magic: u64,
    abi_major: u32,
    abi_minor: u32,
    header_size: u64,
    layout: *const c_void,
    entry: *const c_void,
}

const _: () = assert!(size_of::<RawHeader>() == size_of::<ExtensionHeader>());
const _: () = assert!(align_of::<RawHeader>() == align_of::<ExtensionHeader>());

/// The entry function of a checked header.
pub type Entry = unsafe extern "C" fn(host: *const HostTable) -> *const ExtensionTable;

/// The base address of the loaded object that contains `addr`, if any.
fn object_of(addr: *const c_void) -> Option<usize> {
    if addr.is_null() {
        return None;
    }
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    // SAFETY: dladdr only inspects the loader's tables; info is a valid out-pointer.
    let found = unsafe { libc::dladdr(addr, &mut info) } != 0;
    (found && !info.dli_fbase.is_null()).then_some(info.dli_fbase as usize)
}

/// Checks the header at `symbol` (the address of `gxf_rs_extension_header` in the library at
/// `path`) and returns its entry function once everything it points at is safe to use.
pub fn check(path: &str, symbol: *const c_void) -> Result<Entry> {
    let malformed = |why: &str| {
        Error::new(Code::GXF_FACTORY_INCOMPATIBLE, format!("'{path}' has a malformed extension header: {why}"))
    };
    let object = object_of(symbol).ok_or_else(|| malformed("its address is not in a loaded library"))?;
    if !(symbol as usize).is_multiple_of(align_of::<RawHeader>()) {
        return Err(malformed("it is misaligned"));
    }
    let last_byte = (symbol as usize + size_of::<RawHeader>() - 1) as *const c_void;
    if object_of(last_byte) != Some(object) {
        return Err(malformed("it runs past the end of the library"));
    }
    // SAFETY: aligned, and every byte lies in the mapped library.
    let raw = unsafe { std::ptr::read(symbol as *const RawHeader) };
    if raw.magic != abi::HEADER_MAGIC || raw.header_size != size_of::<ExtensionHeader>() as u64 {
        return Err(malformed("wrong magic number or size"));
    }
    if (raw.abi_major, raw.abi_minor) != (abi::ABI_MAJOR, abi::ABI_MINOR) {
        return fail(
            Code::GXF_FACTORY_INCOMPATIBLE,
            format!(
                "'{path}' was built for extension ABI {}.{} but this runtime requires {}.{}; rebuild it against this gxf-sdk",
                raw.abi_major,
                raw.abi_minor,
                abi::ABI_MAJOR,
                abi::ABI_MINOR
            ),
        );
    }
    let in_library =
        |p: *const c_void, align: usize| object_of(p) == Some(object) && (p as usize).is_multiple_of(align);
    if !in_library(raw.layout, align_of::<abi_stable::type_layout::TypeLayout>()) {
        return Err(malformed(&format!("its layout pointer {:p} does not point into the library", raw.layout)));
    }
    if !in_library(raw.entry, 1) {
        return Err(malformed(&format!("its entry function {:p} does not point into the library", raw.entry)));
    }
    check_layout(path, raw.layout)?;
    // SAFETY: a non-null code address inside the library, declared by the header as the entry.
    Ok(unsafe { std::mem::transmute::<*const c_void, Entry>(raw.entry) })
}

/// Compares the library's table layout with the runtime's (abi_stable).
fn check_layout(path: &str, layout: *const c_void) -> Result<()> {
    // SAFETY: magic and version match and the pointer is an aligned address inside the library,
    // so it is the TypeLayout that library's gxf-abi exported.
    let found = unsafe { &*(layout as *const abi_stable::type_layout::TypeLayout) };
    abi_stable::abi_stability::abi_checking::check_layout_compatibility(abi::expected_layout(), found).map_err(|e| {
        Error::new(
            Code::GXF_FACTORY_INCOMPATIBLE,
            format!("'{path}' has an incompatible ABI layout: {}", summarize_layout_error(&e.to_string())),
        )
    })
}

fn summarize_layout_error(text: &str) -> String {
    // abi_stable prints both full layouts, then "Error:<kind>" with "Expected:"/"Found:" values.
    let tail = text.find("Error:").map_or(text, |i| &text[i..]);
    let words: Vec<&str> = tail.lines().map(str::trim).filter(|l| !l.is_empty()).take(8).collect();
    words.join(" ")
}
