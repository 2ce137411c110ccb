//! Interfaces of the CUDA extension's components that other extensions call through handles:
//! `CudaStreamPool` (hand out and take back streams) and `CudaAllocator` (stream-ordered memory).
//! Each is a `repr(C)` vtable that the component answers through `ComponentVTable::query`.

use crate::components::StreamRef;
use crate::types;
use gxf_sdk::abi::{ComponentVTable, MsgRef};
use gxf_sdk::api::{check_code, Handle, Interface, Message};
use gxf_sdk::vocab::MemoryStorageType;
use gxf_sdk::{Result, Tid};
use std::ffi::c_void;

/// Marker: `Handle<CudaStreamPool>` points at a `nvidia::gxf::CudaStreamPool`.
pub enum CudaStreamPool {}

/// Marker: `Handle<CudaAllocator>` points at a `nvidia::gxf::CudaAllocator` (for example a
/// `StreamOrderedAllocator`).
pub enum CudaAllocator {}

/// The vtable of [`CudaStreamPool`]. Functions return GXF result codes.
#[repr(C)]
pub struct CudaStreamPoolVTable {
    /// Hands out a stream: writes an owned reference to its stream entity into `out`.
    pub allocate_stream: unsafe extern "C" fn(obj: *mut c_void, out: *mut MsgRef) -> i32,
    /// Takes a stream back (`stream` is borrowed).
    pub release_stream: unsafe extern "C" fn(obj: *mut c_void, stream: MsgRef) -> i32,
}

/// The vtable of [`CudaAllocator`]. Functions return GXF result codes.
#[repr(C)]
pub struct CudaAllocatorVTable {
    /// Allocates `size` bytes of device memory ordered on `stream`.
    pub allocate_async:
        unsafe extern "C" fn(obj: *mut c_void, size: u64, stream: *mut c_void, out: *mut *mut u8) -> i32,
    /// Frees memory from `allocate_async` ordered on `stream`.
    pub free_async: unsafe extern "C" fn(obj: *mut c_void, ptr: *mut u8, stream: *mut c_void) -> i32,
    /// Bytes the pool holds for a storage type.
    pub pool_size: unsafe extern "C" fn(obj: *mut c_void, storage: i32, out: *mut u64) -> i32,
}

// SAFETY: the component answers `query` with a `CudaStreamPoolVTable` or null.
unsafe impl Interface for CudaStreamPool {
    type VTable = CudaStreamPoolVTable;
    const TID: Tid = types::CUDA_STREAM_POOL.tid;
    const NAME: &'static str = types::CUDA_STREAM_POOL.name;
    unsafe fn select(vtable: &ComponentVTable, obj: *mut c_void) -> *const CudaStreamPoolVTable {
        // SAFETY: live object and its own vtable.
        unsafe { (vtable.query)(obj, Self::TID) as *const CudaStreamPoolVTable }
    }
}

// SAFETY: the component answers `query` with a `CudaAllocatorVTable` or null.
unsafe impl Interface for CudaAllocator {
    type VTable = CudaAllocatorVTable;
    const TID: Tid = types::CUDA_ALLOCATOR.tid;
    const NAME: &'static str = types::CUDA_ALLOCATOR.name;
    unsafe fn select(vtable: &ComponentVTable, obj: *mut c_void) -> *const CudaAllocatorVTable {
        // SAFETY: live object and its own vtable.
        unsafe { (vtable.query)(obj, Self::TID) as *const CudaAllocatorVTable }
    }
}

/// Calls on a stream pool.
pub trait StreamPoolHandle {
    /// Hands out a stream (`GXF_OUT_OF_MEMORY` when `max_size` streams are out).
    fn allocate_stream(&self) -> Result<StreamRef>;
    /// Takes a stream back into the reserve.
    fn release_stream(&self, stream: &StreamRef) -> Result<()>;
}

impl StreamPoolHandle for Handle<CudaStreamPool> {
    fn allocate_stream(&self) -> Result<StreamRef> {
        let mut out: MsgRef = std::ptr::null();
        // SAFETY: live object and vtable; `out` is a valid local.
        check_code(unsafe { (self.vtable().allocate_stream)(self.object(), &mut out) })?;
        // SAFETY: the pool hands over an owned reference.
        StreamRef::new(unsafe { Message::from_owned_raw(out) })
    }

    fn release_stream(&self, stream: &StreamRef) -> Result<()> {
        // SAFETY: live object and vtable; the reference is borrowed for the call.
        check_code(unsafe { (self.vtable().release_stream)(self.object(), stream.entity().raw()) })
    }
}

/// Calls on a CUDA allocator.
pub trait CudaAllocatorHandle {
    /// Allocates `size` bytes of device memory, usable by work queued on `stream` after this.
    fn allocate_async(&self, size: u64, stream: crate::sys::CUstream) -> Result<*mut u8>;
    /// Frees `ptr` once the work queued on `stream` before this is done.
    fn free_async(&self, ptr: *mut u8, stream: crate::sys::CUstream) -> Result<()>;
    /// Bytes the pool holds for `storage` (GXF's `get_pool_size`).
    fn pool_size(&self, storage: MemoryStorageType) -> Result<u64>;
}

impl CudaAllocatorHandle for Handle<CudaAllocator> {
    fn allocate_async(&self, size: u64, stream: crate::sys::CUstream) -> Result<*mut u8> {
        let mut out = std::ptr::null_mut();
        // SAFETY: live object and vtable; `out` is a valid local.
        check_code(unsafe { (self.vtable().allocate_async)(self.object(), size, stream as *mut c_void, &mut out) })?;
        Ok(out)
    }

    // The allocator validates the pointer; it is not dereferenced here.
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    fn free_async(&self, ptr: *mut u8, stream: crate::sys::CUstream) -> Result<()> {
        // SAFETY: live object and vtable; the allocator validates the pointer.
        check_code(unsafe { (self.vtable().free_async)(self.object(), ptr, stream as *mut c_void) })
    }

    fn pool_size(&self, storage: MemoryStorageType) -> Result<u64> {
        let mut out = 0;
        // SAFETY: live object and vtable; `out` is a valid local.
        check_code(unsafe { (self.vtable().pool_size)(self.object(), storage as i32, &mut out) })?;
        Ok(out)
    }
}

/// What a component offering the [`CudaAllocator`] interface implements; [`cuda_allocator_query`]
/// turns it into the interface's vtable.
pub trait CudaAllocatorComponent: Sync + 'static {
    /// Allocates `size` bytes of device memory ordered on `stream`.
    fn allocate_async(&self, size: u64, stream: crate::sys::CUstream) -> Result<*mut u8>;
    /// Frees `ptr` (from `allocate_async` or a synchronous allocation) ordered on `stream`.
    fn free_async(&self, ptr: *mut u8, stream: crate::sys::CUstream) -> Result<()>;
    /// Bytes the pool holds for a storage type number.
    fn pool_size(&self, storage: i32) -> Result<u64>;
}

/// # Safety
/// `obj` must be a live `T` (the vtable is handed out for `T` objects only).
unsafe fn component<'a, T>(obj: *mut c_void) -> &'a T {
    // SAFETY: the caller's contract.
    unsafe { &*(obj as *const T) }
}

unsafe extern "C" fn allocate_async_thunk<T: CudaAllocatorComponent>(
    obj: *mut c_void,
    size: u64,
    stream: *mut c_void,
    out: *mut *mut u8,
) -> i32 {
    // SAFETY: see `component`; `out` is the caller's valid out-pointer.
    gxf_sdk::api::guard(|| unsafe {
        *out = component::<T>(obj).allocate_async(size, stream as crate::sys::CUstream)?;
        Ok(())
    })
}

unsafe extern "C" fn free_async_thunk<T: CudaAllocatorComponent>(
    obj: *mut c_void,
    ptr: *mut u8,
    stream: *mut c_void,
) -> i32 {
    // SAFETY: see `component`.
    gxf_sdk::api::guard(|| unsafe { component::<T>(obj).free_async(ptr, stream as crate::sys::CUstream) })
}

unsafe extern "C" fn pool_size_thunk<T: CudaAllocatorComponent>(obj: *mut c_void, storage: i32, out: *mut u64) -> i32 {
    // SAFETY: see `component`; `out` is the caller's valid out-pointer.
    gxf_sdk::api::guard(|| unsafe {
        *out = component::<T>(obj).pool_size(storage)?;
        Ok(())
    })
}

/// The `CudaAllocator` vtable of `T`.
struct CudaAllocatorThunks<T>(std::marker::PhantomData<T>);

impl<T: CudaAllocatorComponent> CudaAllocatorThunks<T> {
    const VTABLE: CudaAllocatorVTable = CudaAllocatorVTable {
        allocate_async: allocate_async_thunk::<T>,
        free_async: free_async_thunk::<T>,
        pool_size: pool_size_thunk::<T>,
    };
}

/// A component's `query` answer for the `CudaAllocator` interface (use it as
/// `#[gxf(query = cuda_allocator_query::<Self>)]`).
pub fn cuda_allocator_query<T: CudaAllocatorComponent>(iface: Tid) -> *const c_void {
    if iface == types::CUDA_ALLOCATOR.tid {
        let vtable: &'static CudaAllocatorVTable = &CudaAllocatorThunks::<T>::VTABLE;
        vtable as *const CudaAllocatorVTable as *const c_void
    } else {
        std::ptr::null()
    }
}
