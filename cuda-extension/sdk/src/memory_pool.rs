//! CUDA stream-ordered memory pools (`cuMemPoolCreate`, `cuMemAllocFromPoolAsync`).

use crate::device::Device;
use crate::driver::check;
use cudarc::driver::{result, sys};
use gxf_sdk::{gxf_warn, Result};
use std::ffi::c_void;

/// A pool of device memory on one GPU, from which memory is allocated and freed in stream order;
/// destroyed on drop.
pub struct MemoryPool {
    device: Device,
    raw: sys::CUmemoryPool,
}

// SAFETY: CUDA memory pools may be used from any thread.
unsafe impl Send for MemoryPool {}
unsafe impl Sync for MemoryPool {}

impl MemoryPool {
    /// A pool on `device` growing to at most `max_size` bytes, which keeps up to
    /// `release_threshold` unused bytes reserved rather than returning them to the driver.
    pub fn new(device: &Device, max_size: u64, release_threshold: u64) -> Result<MemoryPool> {
        device.bind()?;
        // SAFETY: all-zero is a valid value of this plain C struct (no handle types, no limits).
        let mut props: sys::CUmemPoolProps = unsafe { std::mem::zeroed() };
        props.allocType = sys::CUmemAllocationType::CU_MEM_ALLOCATION_TYPE_PINNED;
        props.handleTypes = sys::CUmemAllocationHandleType::CU_MEM_HANDLE_TYPE_NONE;
        props.location.type_ = sys::CUmemLocationType::CU_MEM_LOCATION_TYPE_DEVICE;
        props.location.id = device.ordinal();
        props.maxSize = max_size as usize;
        // SAFETY: `props` is a valid, fully initialised description.
        let raw = check(unsafe { result::mem_pool::create(&props) }, || {
            format!("creating a CUDA memory pool of up to {max_size} bytes on device {}", device.ordinal())
        })?;
        let pool = MemoryPool { device: device.clone(), raw };
        let mut threshold = release_threshold;
        // SAFETY: live pool; the attribute is a u64.
        let outcome = unsafe {
            result::mem_pool::set_attribute(
                raw,
                sys::CUmemPool_attribute::CU_MEMPOOL_ATTR_RELEASE_THRESHOLD,
                &mut threshold as *mut u64 as *mut c_void,
            )
        };
        check(outcome, || "setting a CUDA memory pool's release threshold")?;
        Ok(pool)
    }

    /// The pool's GPU.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// Allocates `size` bytes (at least one), usable by work queued on `stream` after this call.
    ///
    /// # Safety
    /// `stream` must be a live stream of the pool's device (or null, the legacy stream).
    pub unsafe fn allocate_async(&self, size: u64, stream: sys::CUstream) -> Result<*mut u8> {
        self.device.bind()?;
        // SAFETY: live pool; the caller's contract for the stream.
        let pointer = check(unsafe { result::mem_pool::alloc_async(self.raw, size.max(1) as usize, stream) }, || {
            format!("allocating {size} bytes from a CUDA memory pool")
        })?;
        Ok(pointer as *mut u8)
    }

    /// Frees `pointer` once the work queued on `stream` before this call is done.
    ///
    /// # Safety
    /// `pointer` must come from [`allocate_async`](Self::allocate_async) of this pool and not be
    /// used by work queued after this call.
    pub unsafe fn free_async(&self, pointer: *mut u8, stream: sys::CUstream) -> Result<()> {
        self.device.bind()?;
        // SAFETY: the caller's contract.
        check(unsafe { result::free_async(pointer as sys::CUdeviceptr, stream) }, || {
            format!("freeing {pointer:p} into a CUDA memory pool")
        })
    }

    fn attribute(&self, attribute: sys::CUmemPool_attribute) -> u64 {
        let mut value: u64 = 0;
        // SAFETY: live pool; the reserved/used attributes are u64 values.
        let outcome =
            unsafe { result::mem_pool::get_attribute(self.raw, attribute, &mut value as *mut u64 as *mut c_void) };
        outcome.map_or(0, |()| value)
    }

    /// Bytes the pool holds from the driver now.
    pub fn reserved(&self) -> u64 {
        self.attribute(sys::CUmemPool_attribute::CU_MEMPOOL_ATTR_RESERVED_MEM_CURRENT)
    }

    /// Bytes handed out and not yet freed.
    pub fn used(&self) -> u64 {
        self.attribute(sys::CUmemPool_attribute::CU_MEMPOOL_ATTR_USED_MEM_CURRENT)
    }
}

impl Drop for MemoryPool {
    fn drop(&mut self) {
        let destroyed = self.device.bind().and_then(|()| {
            // SAFETY: created by `new`, destroyed only here.
            check(unsafe { result::mem_pool::destroy(self.raw) }, || "destroying a CUDA memory pool")
        });
        if let Err(e) = destroyed {
            gxf_warn!("{e}");
        }
    }
}
