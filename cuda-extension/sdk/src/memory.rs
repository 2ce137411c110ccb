//! Device memory, pinned host memory, copies between any two of device, pinned and system memory
//! (the driver's unified addressing tells them apart), and what kind of memory a pointer is.

use crate::device::Device;
use crate::driver::{self, check};
use crate::stream::Stream;
use cudarc::driver::{result, sys};
use gxf_sdk::{gxf_warn, Code, Error, Result};
use std::ffi::c_void;

/// Bytes of device memory on one GPU (`cuMemAlloc`), freed on drop.
pub struct DeviceMemory {
    device: Device,
    pointer: sys::CUdeviceptr,
    size: u64,
}

/// Bytes of page-locked host memory (`cuMemHostAlloc`, portable across devices), freed on drop.
pub struct PinnedMemory {
    device: Device,
    pointer: *mut c_void,
    size: u64,
}

// SAFETY: both own their block exclusively; the driver calls are thread-safe.
unsafe impl Send for DeviceMemory {}
unsafe impl Sync for DeviceMemory {}
unsafe impl Send for PinnedMemory {}
unsafe impl Sync for PinnedMemory {}

/// `size` as the driver's `usize`, at least one byte (GXF bumps empty requests to one).
fn byte_count(size: u64) -> Result<usize> {
    usize::try_from(size.max(1))
        .map_err(|_| Error::new(Code::GXF_OUT_OF_MEMORY, format!("{size} bytes do not fit in memory")))
}

impl DeviceMemory {
    /// Allocates `size` bytes (at least one) on `device`.
    pub fn new(device: &Device, size: u64) -> Result<DeviceMemory> {
        device.bind()?;
        // SAFETY: the device's context is current; the memory is only handed out as bytes.
        let pointer = check(unsafe { result::malloc_sync(byte_count(size)?) }, || {
            format!("allocating {size} bytes on CUDA device {}", device.ordinal())
        })?;
        Ok(DeviceMemory { device: device.clone(), pointer, size: size.max(1) })
    }

    /// The first byte, as a device address.
    pub fn as_ptr(&self) -> *mut u8 {
        self.pointer as *mut u8
    }

    /// Size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The GPU it lives on.
    pub fn device(&self) -> &Device {
        &self.device
    }
}

impl Drop for DeviceMemory {
    fn drop(&mut self) {
        let freed = self.device.bind().and_then(|()| {
            // SAFETY: allocated by `new` and freed only here.
            check(unsafe { result::free_sync(self.pointer) }, || "freeing device memory")
        });
        if let Err(e) = freed {
            gxf_warn!("{e}");
        }
    }
}

impl PinnedMemory {
    /// Allocates `size` bytes (at least one) of pinned host memory, reachable from every device.
    pub fn new(device: &Device, size: u64) -> Result<PinnedMemory> {
        device.bind()?;
        let flags = sys::CU_MEMHOSTALLOC_PORTABLE;
        // SAFETY: the device's context is current; the memory is only handed out as bytes.
        let pointer = check(unsafe { result::malloc_host(byte_count(size)?, flags) }, || {
            format!("allocating {size} bytes of pinned host memory")
        })?;
        Ok(PinnedMemory { device: device.clone(), pointer, size: size.max(1) })
    }

    /// The first byte.
    pub fn as_ptr(&self) -> *mut u8 {
        self.pointer as *mut u8
    }

    /// Size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }
}

impl Drop for PinnedMemory {
    fn drop(&mut self) {
        let freed = self.device.bind().and_then(|()| {
            // SAFETY: allocated by `new` and freed only here.
            check(unsafe { result::free_host(self.pointer) }, || "freeing pinned host memory")
        });
        if let Err(e) = freed {
            gxf_warn!("{e}");
        }
    }
}

/// Copies `bytes` from `src` to `dst` (device, pinned or system memory, in any combination) and
/// waits until the data has landed, with `device`'s context current.
///
/// `cuMemcpy` alone returns early for pageable-to-device and device-to-device copies (the DMA may
/// still be writing); waiting for the legacy stream it ran on means `dst` may be freed in another
/// stream's order, or reused, as soon as this returns.
///
/// # Safety
/// Both ranges must be valid for `bytes` bytes and must not overlap.
pub unsafe fn copy(device: &Device, dst: *mut u8, src: *const u8, bytes: usize) -> Result<()> {
    if bytes == 0 {
        return Ok(());
    }
    device.bind()?;
    // SAFETY: the caller's contract; unified addressing resolves both kinds of pointer.
    let copied = unsafe { sys::cuMemcpy(dst as sys::CUdeviceptr, src as sys::CUdeviceptr, bytes) }.result();
    // SAFETY: the null stream is the legacy stream, always valid with a context current.
    let outcome = copied.and_then(|()| unsafe { sys::cuStreamSynchronize(std::ptr::null_mut()) }.result());
    check(outcome, || format!("copying {bytes} bytes from {src:p} to {dst:p}"))
}

/// Queues a copy of `bytes` from `src` to `dst` on `stream` (returns at once for device and
/// pinned memory; the data is there once the stream has passed this point).
///
/// # Safety
/// Both ranges must be valid for `bytes` bytes, must not overlap, and must stay valid until the
/// stream has done the copy.
pub unsafe fn copy_async(stream: &Stream, dst: *mut u8, src: *const u8, bytes: usize) -> Result<()> {
    if bytes == 0 {
        return Ok(());
    }
    stream.bind()?;
    // SAFETY: the caller's contract.
    let outcome =
        unsafe { sys::cuMemcpyAsync(dst as sys::CUdeviceptr, src as sys::CUdeviceptr, bytes, stream.raw()) }.result();
    check(outcome, || format!("queueing a copy of {bytes} bytes from {src:p} to {dst:p}"))
}

/// What kind of memory an address is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// Ordinary (pageable) host memory, or no driver to ask.
    System,
    /// Page-locked host memory registered with the driver.
    Pinned,
    /// Device memory of the GPU with this ordinal.
    Device(i32),
    /// Managed (unified) memory.
    Managed(i32),
}

/// Asks the driver what `pointer` is (System when there is no driver or the driver does not know
/// the address).
pub fn pointer_location(pointer: *const u8) -> Location {
    if driver::ensure_loaded().is_err() || pointer.is_null() {
        return Location::System;
    }
    use sys::CUpointer_attribute as A;
    let mut attributes = [
        A::CU_POINTER_ATTRIBUTE_MEMORY_TYPE,
        A::CU_POINTER_ATTRIBUTE_IS_MANAGED,
        A::CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL,
    ];
    // Zeroed 64-bit slots: each answer (an enum, a bool, an int) reads correctly from the low
    // bytes on little-endian machines.
    let mut values = [0u64; 3];
    let mut slots = values.each_mut().map(|value| value as *mut u64 as *mut c_void);
    // SAFETY: three attributes, three writable slots of 8 bytes each. Unlike
    // cuPointerGetAttribute, this call answers "unknown" (zeroes) for memory CUDA did not
    // allocate or register, instead of failing (which memory checkers report as API errors).
    let status = unsafe {
        sys::cuPointerGetAttributes(3, attributes.as_mut_ptr(), slots.as_mut_ptr(), pointer as sys::CUdeviceptr)
    };
    let [memory_type, managed, ordinal] = values;
    let ordinal = ordinal as u32 as i32;
    if status != sys::CUresult::CUDA_SUCCESS {
        return Location::System;
    }
    if managed as u8 != 0 {
        return Location::Managed(ordinal);
    }
    match memory_type as u32 {
        t if t == sys::CUmemorytype::CU_MEMORYTYPE_DEVICE as u32 => Location::Device(ordinal),
        t if t == sys::CUmemorytype::CU_MEMORYTYPE_HOST as u32 => Location::Pinned,
        _ => Location::System,
    }
}

/// Copies `bytes` from `src` to `dst`, wherever each lives: a plain memory copy between host
/// addresses, a CUDA copy (waited for) when either is device or managed memory.
///
/// # Safety
/// Both ranges must be valid for `bytes` bytes and must not overlap.
pub unsafe fn copy_bytes(dst: *mut u8, src: *const u8, bytes: usize) -> Result<()> {
    let device_of = |location| match location {
        Location::Device(ordinal) | Location::Managed(ordinal) => Some(ordinal),
        Location::System | Location::Pinned => None,
    };
    match device_of(pointer_location(src)).or_else(|| device_of(pointer_location(dst))) {
        // SAFETY: the caller's contract.
        Some(ordinal) => unsafe { copy(&Device::get(ordinal)?, dst, src, bytes) },
        None => {
            // SAFETY: the caller's contract; both are host addresses.
            unsafe { std::ptr::copy_nonoverlapping(src, dst, bytes) };
            Ok(())
        }
    }
}
