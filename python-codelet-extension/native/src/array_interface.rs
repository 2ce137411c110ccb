//! The array interfaces (version 3) in both directions: NumPy's `__array_interface__` for host
//! memory and `__cuda_array_interface__` for GPU memory, built over a tensor's memory and read
//! from other libraries' arrays (zero copy; the array stays alive as long as the tensor's memory).

use crate::stream_order::{cuda_error, interface_producer_stream, legacy_after_producer};
use crate::tensor::tensor_error;
use gxf_cuda_sdk::{pointer_location, Location};
use gxf_sdk::vocab::{self, MemoryStorageType, PrimitiveType, ReleaseFn, MAX_RANK};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

/// NumPy's type string of an element type (`|V<n>` for custom elements).
pub fn typestr(p: PrimitiveType, bytes_per_element: u64) -> String {
    let code = match p {
        PrimitiveType::Custom => return format!("|V{bytes_per_element}"),
        PrimitiveType::Int8 => "|i1",
        PrimitiveType::Unsigned8 => "|u1",
        PrimitiveType::Int16 => "<i2",
        PrimitiveType::Unsigned16 => "<u2",
        PrimitiveType::Int32 => "<i4",
        PrimitiveType::Unsigned32 => "<u4",
        PrimitiveType::Int64 => "<i8",
        PrimitiveType::Unsigned64 => "<u8",
        PrimitiveType::Float16 => "<f2",
        PrimitiveType::Float32 => "<f4",
        PrimitiveType::Float64 => "<f8",
        PrimitiveType::Complex64 => "<c8",
        PrimitiveType::Complex128 => "<c16",
    };
    code.to_string()
}

/// The element type of a NumPy type string (kind and size; byte order must be native).
pub fn primitive_of_typestr(typestr: &str) -> Option<PrimitiveType> {
    let body = typestr.strip_prefix(['<', '|', '=']).unwrap_or(typestr);
    Some(match body {
        "i1" => PrimitiveType::Int8,
        "u1" | "b1" => PrimitiveType::Unsigned8,
        "i2" => PrimitiveType::Int16,
        "u2" => PrimitiveType::Unsigned16,
        "i4" => PrimitiveType::Int32,
        "u4" => PrimitiveType::Unsigned32,
        "i8" => PrimitiveType::Int64,
        "u8" => PrimitiveType::Unsigned64,
        "f2" => PrimitiveType::Float16,
        "f4" => PrimitiveType::Float32,
        "f8" => PrimitiveType::Float64,
        "c8" => PrimitiveType::Complex64,
        "c16" => PrimitiveType::Complex128,
        _ => return None,
    })
}

/// The keys both interfaces share: shape, typestr, descr and version.
fn common_keys<'py>(py: Python<'py>, t: &vocab::Tensor) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("shape", PyTuple::new(py, t.shape().dims())?)?;
    let typestr = typestr(t.element_type(), t.bytes_per_element());
    dict.set_item("typestr", &typestr)?;
    dict.set_item("descr", PyList::new(py, [("", typestr.as_str())])?)?;
    dict.set_item("version", 3)?;
    Ok(dict)
}

/// NumPy's array interface over a host tensor's memory (byte strides always given).
pub fn host_interface<'py>(py: Python<'py>, t: &vocab::Tensor) -> PyResult<Bound<'py, PyDict>> {
    let dict = common_keys(py, t)?;
    // NumPy refuses a null pointer even for empty arrays.
    let ptr = if t.pointer().is_null() {
        std::ptr::NonNull::<u64>::dangling().as_ptr() as usize
    } else {
        t.pointer() as usize
    };
    dict.set_item("data", (ptr, false))?;
    dict.set_item("strides", PyTuple::new(py, t.strides())?)?;
    Ok(dict)
}

/// The CUDA array interface over a device tensor's memory: byte strides, or None when the tensor
/// is C-contiguous; `stream` 1 (the data is ordered on the legacy default stream, see
/// `stream_order`) and no mask.
pub fn cuda_interface<'py>(py: Python<'py>, t: &vocab::Tensor) -> PyResult<Bound<'py, PyDict>> {
    let dict = common_keys(py, t)?;
    dict.set_item("data", (t.pointer() as usize, false))?;
    if t.is_contiguous() {
        dict.set_item("strides", py.None())?;
    } else {
        dict.set_item("strides", PyTuple::new(py, t.strides())?)?;
    }
    dict.set_item("stream", 1)?;
    dict.set_item("mask", py.None())?;
    Ok(dict)
}

/// What an array interface describes.
struct Layout {
    data: usize,
    element_type: PrimitiveType,
    dims: Vec<i32>,
    strides: Option<[u64; MAX_RANK]>,
}

/// Reads shape, type string, data pointer and byte strides of interface `key` of `obj`.
fn read_layout(interface: &Bound<'_, PyAny>, key: &str) -> PyResult<Layout> {
    let typestr: String = interface.get_item("typestr")?.extract()?;
    let (data, _readonly): (usize, bool) = interface
        .get_item("data")?
        .extract()
        .map_err(|_| PyValueError::new_err(format!("{key}['data'] must be a (pointer, read-only) tuple")))?;
    let dims: Vec<i32> = interface.get_item("shape")?.extract()?;
    let strides: Option<Vec<i64>> = interface.get_item("strides").ok().and_then(|s| s.extract().ok());
    let element_type = primitive_of_typestr(&typestr)
        .ok_or_else(|| PyValueError::new_err(format!("array type '{typestr}' has no GXF element type")))?;
    if dims.len() > MAX_RANK {
        return Err(PyValueError::new_err(format!("arrays of more than {MAX_RANK} dimensions")));
    }
    let strides = match strides {
        Some(s) if s.iter().any(|&x| x < 0) => return Err(PyValueError::new_err("negative strides are not supported")),
        Some(s) => {
            let mut all = [0u64; MAX_RANK];
            for (slot, value) in all.iter_mut().zip(s) {
                *slot = value as u64;
            }
            Some(all)
        }
        None => None,
    };
    Ok(Layout { data, element_type, dims, strides })
}

/// The Python object a wrapped array belongs to, dropped (with the GIL) when the memory is released.
unsafe extern "C" fn release_owner(context: *mut std::ffi::c_void) {
    // SAFETY: made by `wrap` from a boxed reference, released once.
    let owner = unsafe { Box::from_raw(context as *mut Py<PyAny>) };
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| Python::attach(|_py| drop(owner))));
}

/// Points `tensor` at the memory `layout` describes, keeping `obj` alive until it is released.
fn wrap(
    obj: &Bound<'_, PyAny>,
    layout: Layout,
    storage: MemoryStorageType,
    tensor: &mut vocab::Tensor,
) -> PyResult<()> {
    let owner = Box::into_raw(Box::new(obj.clone().unbind())) as *mut std::ffi::c_void;
    let release = ReleaseFn { func: release_owner, context: owner };
    let Layout { data, element_type, dims, strides } = layout;
    let shape = vocab::Shape::new(&dims);
    tensor.wrap_memory(shape, element_type, element_type.size(), strides, storage, data as *mut u8, release).map_err(
        |e| {
            // SAFETY: not taken over, so released here.
            unsafe { release_owner(owner) };
            tensor_error(e)
        },
    )
}

/// Points `tensor` at the host memory `obj.__array_interface__` describes (storage System).
pub fn import_host(obj: &Bound<'_, PyAny>, tensor: &mut vocab::Tensor) -> PyResult<()> {
    let layout = read_layout(&obj.getattr("__array_interface__")?, "__array_interface__")?;
    wrap(obj, layout, MemoryStorageType::System, tensor)
}

/// Points `tensor` at the GPU memory `obj.__cuda_array_interface__` describes. The storage type
/// follows the pointer (device or managed memory: Device; pinned host memory: Host); work the
/// producer queued on the interface's `stream` is ordered before later work on the legacy default
/// stream. Needs the CUDA driver ("no CUDA driver" RuntimeError without one).
pub fn import_cuda(obj: &Bound<'_, PyAny>, tensor: &mut vocab::Tensor) -> PyResult<()> {
    const KEY: &str = "__cuda_array_interface__";
    let interface = obj.getattr(KEY)?;
    if interface.get_item("mask").is_ok_and(|mask| !mask.is_none()) {
        return Err(PyValueError::new_err(format!("{KEY}: masked arrays are not supported")));
    }
    let layout = read_layout(&interface, KEY)?;
    let producer = interface_producer_stream(interface.get_item("stream").ok().as_ref())?;
    gxf_cuda_sdk::driver::ensure_loaded().map_err(|e| cuda_error(KEY, e))?;
    let (storage, ordinal) = match pointer_location(layout.data as *const u8) {
        Location::Device(ordinal) | Location::Managed(ordinal) => (MemoryStorageType::Device, ordinal),
        Location::Pinned => (MemoryStorageType::Host, 0),
        // Empty arrays may have a null pointer; other addresses the driver does not know are
        // host memory that the GPU reaches through unified addressing.
        Location::System if layout.data == 0 => (MemoryStorageType::Device, 0),
        Location::System => (MemoryStorageType::System, 0),
    };
    legacy_after_producer(ordinal, producer).map_err(|e| cuda_error(KEY, e))?;
    wrap(obj, layout, storage, tensor)
}
