//! DLPack (the protocol NumPy, CuPy and PyTorch speak): exporting tensors
//! (`Tensor.__dlpack__`, versioned when the consumer asks for DLPack 1.x, so that it may write)
//! and importing other libraries' arrays (`Tensor.from_dlpack`), both without copying, for CPU,
//! pinned host, CUDA device and CUDA managed memory.

use gxf_cuda_sdk::{pointer_location, Location};
use gxf_sdk::vocab::{self, MemoryStorageType, PrimitiveType, ReleaseFn, MAX_RANK};
use pyo3::exceptions::{PyBufferError, PyValueError};
use pyo3::prelude::*;
use std::ffi::{c_void, CStr};

const DLTENSOR: &CStr = c"dltensor";
const USED_DLTENSOR: &CStr = c"used_dltensor";
const DLTENSOR_VERSIONED: &CStr = c"dltensor_versioned";
const USED_DLTENSOR_VERSIONED: &CStr = c"used_dltensor_versioned";
/// `kDLCPU`.
pub const DEVICE_CPU: i32 = 1;
/// `kDLCUDA`: device memory.
pub const DEVICE_CUDA: i32 = 2;
/// `kDLCUDAHost`: pinned host memory.
pub const DEVICE_CUDA_HOST: i32 = 3;
/// `kDLCUDAManaged`: managed (unified) memory.
pub const DEVICE_CUDA_MANAGED: i32 = 13;

/// Whether memory of a DLPack device type is GPU memory (the consumer's stream matters).
pub fn is_cuda(device_type: i32) -> bool {
    matches!(device_type, DEVICE_CUDA | DEVICE_CUDA_MANAGED)
}

/// `(device type, device id)` of a tensor's memory, from what the driver says of its pointer
/// (CPU without a driver); a device tensor without memory yet is CUDA device 0.
pub fn device_of(t: &vocab::Tensor) -> (i32, i32) {
    match pointer_location(t.pointer()) {
        Location::Device(ordinal) => (DEVICE_CUDA, ordinal),
        Location::Managed(ordinal) => (DEVICE_CUDA_MANAGED, ordinal),
        Location::Pinned => (DEVICE_CUDA_HOST, 0),
        Location::System if t.storage_type() == MemoryStorageType::Device => (DEVICE_CUDA, 0),
        Location::System => (DEVICE_CPU, 0),
    }
}

/// The device a tensor whose memory is on `own` is exported as when the consumer asks for
/// `requested`: its own, or the CPU for host memory the CPU reaches (pinned or managed); anything
/// else would need a copy, which is refused.
pub fn export_device(own: (i32, i32), requested: Option<(i32, i32)>) -> PyResult<(i32, i32)> {
    match requested {
        None => Ok(own),
        Some(requested) if requested == own => Ok(own),
        Some((DEVICE_CPU, _)) if matches!(own.0, DEVICE_CUDA_HOST | DEVICE_CUDA_MANAGED) => Ok((DEVICE_CPU, 0)),
        Some(requested) => Err(PyBufferError::new_err(format!(
            "the tensor's memory is on DLPack device {own:?}: exporting it to {requested:?} needs a copy, which is not supported"
        ))),
    }
}

/// The storage type of memory of a DLPack device type (`None` for devices GXF has no storage
/// type for).
fn storage_of(device_type: i32) -> Option<MemoryStorageType> {
    match device_type {
        DEVICE_CPU => Some(MemoryStorageType::System),
        DEVICE_CUDA_HOST => Some(MemoryStorageType::Host),
        DEVICE_CUDA | DEVICE_CUDA_MANAGED => Some(MemoryStorageType::Device),
        _ => None,
    }
}

#[repr(C)]
#[derive(Clone, Copy)]
struct DLDevice {
    device_type: i32,
    device_id: i32,
}

#[repr(C)]
#[derive(Clone, Copy)]
struct DLDataType {
    code: u8,
    bits: u8,
    lanes: u16,
}

#[repr(C)]
struct DLTensor {
    data: *mut c_void,
    device: DLDevice,
    ndim: i32,
    dtype: DLDataType,
    shape: *mut i64,
    strides: *mut i64,
    byte_offset: u64,
}

#[repr(C)]
struct DLManagedTensor {
    dl_tensor: DLTensor,
    manager_ctx: *mut c_void,
    deleter: Option<unsafe extern "C" fn(*mut DLManagedTensor)>,
}

#[repr(C)]
#[derive(Clone, Copy)]
struct DLPackVersion {
    major: u32,
    minor: u32,
}

#[repr(C)]
struct DLManagedTensorVersioned {
    version: DLPackVersion,
    manager_ctx: *mut c_void,
    deleter: Option<unsafe extern "C" fn(*mut DLManagedTensorVersioned)>,
    flags: u64,
    dl_tensor: DLTensor,
}

/// DLPack's (type code, bits) of an element type (`kDLInt` 0, `kDLUInt` 1, `kDLFloat` 2,
/// `kDLComplex` 5).
fn dl_dtype(p: PrimitiveType) -> Option<DLDataType> {
    let (code, bits) = match p {
        PrimitiveType::Int8 => (0, 8),
        PrimitiveType::Int16 => (0, 16),
        PrimitiveType::Int32 => (0, 32),
        PrimitiveType::Int64 => (0, 64),
        PrimitiveType::Unsigned8 => (1, 8),
        PrimitiveType::Unsigned16 => (1, 16),
        PrimitiveType::Unsigned32 => (1, 32),
        PrimitiveType::Unsigned64 => (1, 64),
        PrimitiveType::Float16 => (2, 16),
        PrimitiveType::Float32 => (2, 32),
        PrimitiveType::Float64 => (2, 64),
        PrimitiveType::Complex64 => (5, 64),
        PrimitiveType::Complex128 => (5, 128),
        PrimitiveType::Custom => return None,
    };
    Some(DLDataType { code, bits, lanes: 1 })
}

fn primitive_of(dtype: DLDataType) -> Option<PrimitiveType> {
    if dtype.lanes != 1 {
        return None;
    }
    if (dtype.code, dtype.bits) == (6, 8) {
        return Some(PrimitiveType::Unsigned8); // kDLBool
    }
    PrimitiveType::ALL.into_iter().find(|&p| dl_dtype(p).is_some_and(|d| (d.code, d.bits) == (dtype.code, dtype.bits)))
}

/// What an exported tensor keeps alive: its shape and strides arrays and the Python object
/// that owns the memory. `repr(C)` with the managed tensor first: deleters get a pointer to it.
#[repr(C)]
struct Export<M> {
    managed: M,
    shape: Vec<i64>,
    strides: Vec<i64>,
    owner: Option<Py<PyAny>>,
}

/// Drops an export (and the owner, with the GIL).
///
/// # Safety
/// `managed` must be the first field of a boxed `Export<M>` made by `export`, dropped once.
unsafe fn drop_export<M>(managed: *mut M) {
    // SAFETY: guaranteed by the caller.
    let mut export = unsafe { Box::from_raw(managed as *mut Export<M>) };
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if let Some(owner) = export.owner.take() {
            Python::attach(|_py| drop(owner));
        }
    }));
}

unsafe extern "C" fn delete_export(managed: *mut DLManagedTensor) {
    // SAFETY: the deleter of tensors made by `export`.
    unsafe { drop_export(managed) }
}

unsafe extern "C" fn delete_export_versioned(managed: *mut DLManagedTensorVersioned) {
    // SAFETY: the deleter of tensors made by `export`.
    unsafe { drop_export(managed) }
}

unsafe extern "C" fn capsule_destructor(capsule: *mut pyo3::ffi::PyObject) {
    // SAFETY: called by Python with the GIL on a capsule made by `export`. A consumer renames it
    // ("used_...") and becomes responsible for calling the deleter.
    unsafe {
        if pyo3::ffi::PyCapsule_IsValid(capsule, DLTENSOR.as_ptr()) == 1 {
            let managed = pyo3::ffi::PyCapsule_GetPointer(capsule, DLTENSOR.as_ptr()) as *mut DLManagedTensor;
            delete_export(managed);
        } else if pyo3::ffi::PyCapsule_IsValid(capsule, DLTENSOR_VERSIONED.as_ptr()) == 1 {
            let managed =
                pyo3::ffi::PyCapsule_GetPointer(capsule, DLTENSOR_VERSIONED.as_ptr()) as *mut DLManagedTensorVersioned;
            delete_export_versioned(managed);
        }
    }
}

/// A DLPack capsule over a tensor's memory, labelled as on `device` (`versioned`: a writable
/// DLPack 1.0 `dltensor_versioned`, else a legacy `dltensor`); `owner` (the Python tensor) stays
/// alive until the consumer lets go.
pub fn export<'py>(
    py: Python<'py>,
    t: &vocab::Tensor,
    owner: Py<PyAny>,
    versioned: bool,
    device: (i32, i32),
) -> PyResult<Bound<'py, PyAny>> {
    let dtype = dl_dtype(t.element_type())
        .ok_or_else(|| PyBufferError::new_err(format!("{} elements have no DLPack type", t.element_type().name())))?;
    let bpe = t.bytes_per_element().max(1);
    let strides = t
        .strides()
        .iter()
        .map(|&s| if s % bpe == 0 { Ok((s / bpe) as i64) } else { Err(s) })
        .collect::<Result<Vec<i64>, u64>>()
        .map_err(|s| PyBufferError::new_err(format!("byte stride {s} is not a multiple of the element size {bpe}")))?;
    let shape: Vec<i64> = t.shape().dims().iter().map(|&d| d as i64).collect();
    let dl_tensor = DLTensor {
        data: t.pointer() as *mut c_void,
        device: DLDevice { device_type: device.0, device_id: device.1 },
        ndim: t.rank() as i32,
        dtype,
        shape: std::ptr::null_mut(),
        strides: std::ptr::null_mut(),
        byte_offset: 0,
    };
    let (managed, name) = if versioned {
        let managed = DLManagedTensorVersioned {
            version: DLPackVersion { major: 1, minor: 0 },
            manager_ctx: std::ptr::null_mut(),
            deleter: Some(delete_export_versioned),
            flags: 0,
            dl_tensor,
        };
        let mut export = Box::new(Export { managed, shape, strides, owner: Some(owner) });
        export.managed.dl_tensor.shape = export.shape.as_mut_ptr();
        export.managed.dl_tensor.strides = export.strides.as_mut_ptr();
        (Box::into_raw(export) as *mut c_void, DLTENSOR_VERSIONED)
    } else {
        let managed = DLManagedTensor { dl_tensor, manager_ctx: std::ptr::null_mut(), deleter: Some(delete_export) };
        let mut export = Box::new(Export { managed, shape, strides, owner: Some(owner) });
        export.managed.dl_tensor.shape = export.shape.as_mut_ptr();
        export.managed.dl_tensor.strides = export.strides.as_mut_ptr();
        (Box::into_raw(export) as *mut c_void, DLTENSOR)
    };
    // SAFETY: a capsule around the managed tensor, destroyed by `capsule_destructor`.
    unsafe {
        let raw = pyo3::ffi::PyCapsule_New(managed, name.as_ptr(), Some(capsule_destructor));
        if raw.is_null() {
            if versioned {
                delete_export_versioned(managed as *mut DLManagedTensorVersioned);
            } else {
                delete_export(managed as *mut DLManagedTensor);
            }
        }
        Bound::from_owned_ptr_or_err(py, raw)
    }
}

/// A producer's tensor taken over by `import`.
enum Imported {
    Legacy(*mut DLManagedTensor),
    Versioned(*mut DLManagedTensorVersioned),
}

impl Imported {
    /// The tensor description.
    ///
    /// # Safety
    /// The producer's tensor must not have been deleted.
    unsafe fn tensor<'a>(&self) -> &'a DLTensor {
        // SAFETY: guaranteed by the caller.
        unsafe {
            match *self {
                Imported::Legacy(m) => &(*m).dl_tensor,
                Imported::Versioned(m) => &(*m).dl_tensor,
            }
        }
    }
}

unsafe extern "C" fn release_import(context: *mut c_void) {
    // SAFETY: made by `import` from a boxed `Imported`, released once.
    let imported = unsafe { Box::from_raw(context as *mut Imported) };
    let _ = std::panic::catch_unwind(|| {
        Python::attach(|_py| {
            // SAFETY: the producer's managed tensor, deleted once, here.
            unsafe {
                match *imported {
                    Imported::Legacy(m) => {
                        if let Some(deleter) = (*m).deleter {
                            deleter(m)
                        }
                    }
                    Imported::Versioned(m) => {
                        if let Some(deleter) = (*m).deleter {
                            deleter(m)
                        }
                    }
                }
            }
        })
    });
}

/// Takes the capsule's tensor over (renaming the capsule to `used_...`).
fn take_capsule(py: Python<'_>, capsule: &Bound<'_, PyAny>) -> PyResult<Imported> {
    let raw = capsule.as_ptr();
    // SAFETY: plain capsule queries and renames on a live object, with the GIL.
    unsafe {
        if pyo3::ffi::PyCapsule_IsValid(raw, DLTENSOR_VERSIONED.as_ptr()) == 1 {
            let m = pyo3::ffi::PyCapsule_GetPointer(raw, DLTENSOR_VERSIONED.as_ptr()) as *mut DLManagedTensorVersioned;
            if (*m).version.major != 1 {
                return Err(PyBufferError::new_err(format!("DLPack version {} is not supported", (*m).version.major)));
            }
            if pyo3::ffi::PyCapsule_SetName(raw, USED_DLTENSOR_VERSIONED.as_ptr()) != 0 {
                return Err(PyErr::fetch(py));
            }
            return Ok(Imported::Versioned(m));
        }
        let m = pyo3::ffi::PyCapsule_GetPointer(raw, DLTENSOR.as_ptr()) as *mut DLManagedTensor;
        if m.is_null() {
            return Err(PyErr::fetch(py));
        }
        if pyo3::ffi::PyCapsule_SetName(raw, USED_DLTENSOR.as_ptr()) != 0 {
            return Err(PyErr::fetch(py));
        }
        Ok(Imported::Legacy(m))
    }
}

/// Calls `obj.__dlpack__` as the protocol asks for memory of `device_type`: with `stream=1`
/// (the legacy default stream, which this side orders its work on) for GPU memory, and asking for
/// a DLPack 1.0 capsule (older producers, which do not take `max_version`, are asked again
/// without it).
fn call_dlpack<'py>(py: Python<'py>, obj: &Bound<'py, PyAny>, device_type: i32) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = pyo3::types::PyDict::new(py);
    if is_cuda(device_type) {
        kwargs.set_item("stream", 1)?;
    }
    let plain = kwargs.copy()?;
    kwargs.set_item("max_version", (1, 0))?;
    match obj.call_method("__dlpack__", (), Some(&kwargs)) {
        Err(e) if e.is_instance_of::<pyo3::exceptions::PyTypeError>(py) => {
            obj.call_method("__dlpack__", (), Some(&plain))
        }
        outcome => outcome,
    }
}

/// Takes over the array behind `obj.__dlpack__()` into `tensor`, without a copy: CPU memory
/// (storage System), pinned host memory (Host), CUDA device or managed memory (Device).
pub fn import(py: Python<'_>, obj: &Bound<'_, PyAny>, tensor: &mut vocab::Tensor) -> PyResult<()> {
    let (device_type, _): (i32, i32) = obj.call_method0("__dlpack_device__")?.extract()?;
    if storage_of(device_type).is_none() {
        return Err(PyBufferError::new_err(format!(
            "DLPack device type {device_type} is not supported (CPU 1, CUDA 2, CUDA host 3 or CUDA managed 13)"
        )));
    }
    let capsule = call_dlpack(py, obj, device_type)?;
    let imported = Box::into_raw(Box::new(take_capsule(py, &capsule)?));
    // SAFETY: just taken over; valid until `release_import` runs.
    let dl = unsafe { (*imported).tensor() };
    let context = imported as *mut c_void;
    let release = ReleaseFn { func: release_import, context };
    let fail = |message: String| {
        // SAFETY: not taken over by a tensor: give it back to its producer.
        unsafe { release_import(context) };
        Err(PyValueError::new_err(message))
    };
    let Some(storage) = storage_of(dl.device.device_type) else {
        return fail(format!("DLPack device type {} is not supported", dl.device.device_type));
    };
    let Some(element_type) = primitive_of(dl.dtype) else {
        return fail(format!(
            "DLPack type (code {}, {} bits, {} lanes) is not supported",
            dl.dtype.code, dl.dtype.bits, dl.dtype.lanes
        ));
    };
    let rank = dl.ndim.max(0) as usize;
    if rank > MAX_RANK {
        return fail(format!("arrays of more than {MAX_RANK} dimensions"));
    }
    // SAFETY: `shape` (and `strides` when set) hold `ndim` values.
    let dims: Vec<i32> = (0..rank).map(|i| unsafe { *dl.shape.add(i) } as i32).collect();
    let bpe = element_type.size();
    let strides = (!dl.strides.is_null()).then(|| {
        let mut all = [0u64; MAX_RANK];
        for (i, s) in all.iter_mut().enumerate().take(rank) {
            // SAFETY: as above.
            *s = unsafe { *dl.strides.add(i) } as u64 * bpe;
        }
        all
    });
    let data = (dl.data as *mut u8).wrapping_add(dl.byte_offset as usize);
    let shape = vocab::Shape::new(&dims);
    match tensor.wrap_memory(shape, element_type, bpe, strides, storage, data, release) {
        Ok(()) => Ok(()),
        Err(e) => fail(e.to_string()),
    }
}
