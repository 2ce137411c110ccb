//! Tensors from Python (`gxf.std.Tensor`, `TensorDescription`, `Shape`, `PrimitiveType`,
//! `MemoryStorageType`). Host tensors reach NumPy without a copy through `__array_interface__`
//! and the buffer protocol; device tensors reach CuPy and friends through
//! `__cuda_array_interface__` and DLPack.

use crate::array_interface::{cuda_interface, host_interface, primitive_of_typestr, typestr};
use crate::dlpack::{device_of, export_device, is_cuda};
use crate::messaging::MessageEntity;
use crate::stream_order::{consumer_after_legacy, cuda_error, dlpack_consumer_stream};
use crate::terms::Allocator;
use gxf_sdk::prelude::*;
use gxf_sdk::vocab::{self, MemoryStorageType as CoreStorage, PrimitiveType as CorePrimitive, MAX_RANK};
use pyo3::exceptions::{PyAttributeError, PyBufferError, PyIndexError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

/// The instance attribute GXF sets on device tensors it hands to Python.
const CUDA_INTERFACE: &str = "__cuda_array_interface__";

/// Why device memory cannot be read as host memory.
const DEVICE_MEMORY: &str = "the tensor's data is in CUDA device memory, which the CPU cannot read: view it on the \
                             GPU (cupy.from_dlpack(t), or cupy.asarray(t) on tensors taken from a message) or copy \
                             it to host memory first";

/// `gxf.std.PrimitiveType` (GXF's numbering).
#[pyclass(name = "PrimitiveType", module = "gxf.std", eq, eq_int, frozen, from_py_object)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PrimitiveType {
    #[pyo3(name = "kCustom")]
    Custom = 0,
    #[pyo3(name = "kInt8")]
    Int8 = 1,
    #[pyo3(name = "kUnsigned8")]
    Unsigned8 = 2,
    #[pyo3(name = "kInt16")]
    Int16 = 3,
    #[pyo3(name = "kUnsigned16")]
    Unsigned16 = 4,
    #[pyo3(name = "kInt32")]
    Int32 = 5,
    #[pyo3(name = "kUnsigned32")]
    Unsigned32 = 6,
    #[pyo3(name = "kInt64")]
    Int64 = 7,
    #[pyo3(name = "kUnsigned64")]
    Unsigned64 = 8,
    #[pyo3(name = "kFloat32")]
    Float32 = 9,
    #[pyo3(name = "kFloat64")]
    Float64 = 10,
    #[pyo3(name = "kComplex64")]
    Complex64 = 11,
    #[pyo3(name = "kComplex128")]
    Complex128 = 12,
    #[pyo3(name = "kFloat16")]
    Float16 = 13,
}

impl PrimitiveType {
    fn core(self) -> CorePrimitive {
        CorePrimitive::ALL[self as usize]
    }

    fn from_core(p: CorePrimitive) -> PrimitiveType {
        use PrimitiveType::*;
        [
            Custom, Int8, Unsigned8, Int16, Unsigned16, Int32, Unsigned32, Int64, Unsigned64, Float32, Float64,
            Complex64, Complex128, Float16,
        ][p as usize]
    }
}

/// `gxf.std.MemoryStorageType`.
#[pyclass(name = "MemoryStorageType", module = "gxf.std", eq, eq_int, frozen, from_py_object)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MemoryStorageType {
    #[pyo3(name = "kHost")]
    Host = 0,
    #[pyo3(name = "kDevice")]
    Device = 1,
    #[pyo3(name = "kSystem")]
    System = 2,
}

hash_like_int!(PrimitiveType, MemoryStorageType);

impl MemoryStorageType {
    fn core(self) -> CoreStorage {
        match self {
            Self::Host => CoreStorage::Host,
            Self::Device => CoreStorage::Device,
            Self::System => CoreStorage::System,
        }
    }

    fn from_core(s: CoreStorage) -> Self {
        match s {
            CoreStorage::Host => Self::Host,
            CoreStorage::Device => Self::Device,
            CoreStorage::System => Self::System,
        }
    }
}

/// `gxf.std.Shape`: up to 8 dimensions.
#[pyclass(name = "Shape", module = "gxf.std", eq, frozen, from_py_object)]
#[derive(Clone, Copy, PartialEq)]
pub struct Shape {
    shape: vocab::Shape,
}

#[pymethods]
impl Shape {
    #[new]
    #[pyo3(signature = (dims = None))]
    fn new(dims: Option<Vec<i32>>) -> PyResult<Shape> {
        let dims = dims.unwrap_or_default();
        if dims.len() > MAX_RANK {
            return Err(PyValueError::new_err(format!("a shape has at most {MAX_RANK} dimensions")));
        }
        Ok(Shape { shape: vocab::Shape::new(&dims) })
    }

    /// Number of dimensions.
    fn rank(&self) -> u32 {
        self.shape.rank()
    }

    /// Number of elements.
    fn size(&self) -> u64 {
        self.shape.size()
    }

    /// Extent of dimension `index`.
    fn dimension(&self, index: u32) -> PyResult<i32> {
        if index >= self.shape.rank() {
            return Err(PyIndexError::new_err(format!("dimension {index} of a rank-{} shape", self.shape.rank())));
        }
        Ok(self.shape.dimension(index))
    }

    fn __repr__(&self) -> String {
        format!("Shape({:?})", self.shape.dims())
    }
}

/// `gxf.std.TensorDescription`: what `Tensor.reshape` allocates.
#[pyclass(name = "TensorDescription", module = "gxf.std")]
#[derive(Clone)]
pub struct TensorDescription {
    #[pyo3(get, set)]
    name: String,
    #[pyo3(get, set)]
    storage_type: MemoryStorageType,
    #[pyo3(get, set)]
    shape: Shape,
    #[pyo3(get, set)]
    element_type: PrimitiveType,
    #[pyo3(get, set)]
    bytes_per_element: u64,
    strides_given: Option<Vec<u64>>,
}

#[pymethods]
impl TensorDescription {
    #[new]
    #[pyo3(signature = (name, storage_type, shape, element_type, bytes_per_element, strides = None))]
    fn new(
        name: String,
        storage_type: MemoryStorageType,
        shape: Shape,
        element_type: PrimitiveType,
        bytes_per_element: u64,
        strides: Option<Vec<u64>>,
    ) -> PyResult<Self> {
        let strides = strides.filter(|s| !s.is_empty());
        if strides.as_ref().is_some_and(|s| s.len() > MAX_RANK) {
            return Err(PyValueError::new_err(format!("at most {MAX_RANK} strides")));
        }
        Ok(TensorDescription { name, storage_type, shape, element_type, bytes_per_element, strides_given: strides })
    }

    /// The byte strides, always 8 values (zeros where unset).
    #[getter]
    fn strides(&self) -> Vec<u64> {
        let mut all = self.strides_given.clone().unwrap_or_default();
        all.resize(MAX_RANK, 0);
        all
    }

    #[setter(strides)]
    fn set_strides(&mut self, _value: Vec<u64>) -> PyResult<()> {
        Err(PyValueError::new_err("setting strides is not supported yet"))
    }
}

/// Where a Python tensor's data lives.
enum Store {
    /// Not in any message (`Tensor()`); emptied when moved into a message.
    Detached(Box<vocab::Tensor>),
    /// A component of a message, kept alive by the reference held here.
    InMessage { _message: Message, tensor: TensorPtr },
}

/// Address of a tensor component; stable while its message lives (slot storage never moves).
struct TensorPtr(*mut vocab::Tensor);

// SAFETY: the message it points into is reference counted and outlives this pointer; access is
// serialised by the GIL, as in GXF's bindings.
unsafe impl Send for TensorPtr {}
unsafe impl Sync for TensorPtr {}

/// `gxf.std.Tensor`.
///
/// Like GXF's class it takes instance attributes: tensors handed out by `get_from_entity`,
/// `find_all_from_entity`, `as_tensor` and `from_dlpack` carry `__cuda_array_interface__` when
/// their memory is on the GPU.
#[pyclass(name = "Tensor", module = "gxf.std", subclass, dict)]
pub struct Tensor {
    store: Store,
}

impl Tensor {
    fn in_message(message: &Message, tensor: &mut vocab::Tensor) -> Tensor {
        Tensor { store: Store::InMessage { _message: message.clone(), tensor: TensorPtr(tensor) } }
    }

    fn get(&self) -> &vocab::Tensor {
        match &self.store {
            Store::Detached(t) => t,
            // SAFETY: see TensorPtr.
            Store::InMessage { tensor, .. } => unsafe { &*tensor.0 },
        }
    }

    fn get_mut(&mut self) -> &mut vocab::Tensor {
        match &mut self.store {
            Store::Detached(t) => t,
            // SAFETY: see TensorPtr.
            Store::InMessage { tensor, .. } => unsafe { &mut *tensor.0 },
        }
    }

    /// The tensor, when the CPU can read its memory; `error` (given the reason) otherwise.
    fn host_data(&self, error: fn(String) -> PyErr) -> PyResult<&vocab::Tensor> {
        let t = self.get();
        if t.storage_type() == CoreStorage::Device {
            return Err(error(DEVICE_MEMORY.to_string()));
        }
        Ok(t)
    }

    /// The tensor as a Python object, with `__cuda_array_interface__` set when its memory is on
    /// the GPU (as GXF does for the tensors it hands out).
    fn hand_out(py: Python<'_>, tensor: Tensor) -> PyResult<Bound<'_, Tensor>> {
        let obj = Bound::new(py, tensor)?;
        set_cuda_interface(&obj)?;
        Ok(obj)
    }

    /// A detached tensor imported from another library's array.
    fn imported(py: Python<'_>, tensor: vocab::Tensor) -> PyResult<Bound<'_, Tensor>> {
        Self::hand_out(py, Tensor { store: Store::Detached(Box::new(tensor)) })
    }
}

/// Sets `__cuda_array_interface__` on a device tensor (over its current memory) and removes it
/// from any other.
fn set_cuda_interface(obj: &Bound<'_, Tensor>) -> PyResult<()> {
    let interface = {
        let tensor = obj.try_borrow()?;
        let t = tensor.get();
        (t.storage_type() == CoreStorage::Device).then(|| cuda_interface(obj.py(), t)).transpose()?
    };
    match interface {
        Some(interface) => obj.setattr(CUDA_INTERFACE, interface),
        None if obj.hasattr(CUDA_INTERFACE)? => obj.delattr(CUDA_INTERFACE),
        None => Ok(()),
    }
}

/// Keeps a tensor's `__cuda_array_interface__`, if it has one, describing its current memory.
fn refresh_cuda_interface(obj: &Bound<'_, Tensor>) -> PyResult<()> {
    if obj.hasattr(CUDA_INTERFACE)? {
        set_cuda_interface(obj)?;
    }
    Ok(())
}

/// `ValueError(<GXF result name>)` for a failed tensor call, the cause logged.
pub fn tensor_error(e: Error) -> PyErr {
    gxf_error!("{e}");
    PyValueError::new_err(e.code.name())
}

#[pymethods]
impl Tensor {
    /// An empty tensor (no memory), or (deprecated, as in GXF) a tensor over a NumPy array's
    /// memory: use `Tensor.as_tensor` instead.
    #[new]
    #[pyo3(signature = (array = None))]
    fn new(py: Python<'_>, array: Option<&Bound<'_, PyAny>>) -> PyResult<Tensor> {
        let Some(array) = array else { return Ok(Tensor { store: Store::Detached(Box::default()) }) };
        if array.is_instance(&py.import("numpy")?.getattr("ndarray")?)? {
            let warnings = py.import("warnings")?;
            let category = py.import("builtins")?.getattr("DeprecationWarning")?;
            warnings.call_method1("warn", ("Tensor(array) is deprecated: use Tensor.as_tensor(array)", category, 2))?;
            let mut tensor = vocab::Tensor::default();
            crate::array_interface::import_host(array, &mut tensor)?;
            return Ok(Tensor { store: Store::Detached(Box::new(tensor)) });
        }
        let interop = ["__cuda_array_interface__", "__array_interface__", "__dlpack__"];
        if interop.iter().any(|a| array.hasattr(*a).unwrap_or(false)) {
            return Err(PyValueError::new_err(
                "the Tensor constructor takes only NumPy arrays; use Tensor.as_tensor(obj) or Tensor.from_dlpack(obj)",
            ));
        }
        Err(PyValueError::new_err(
            "the Tensor constructor can only create a tensor from a NumPy array (see Tensor.as_tensor)",
        ))
    }

    /// A tensor over the memory of `obj` without a copy, through `__cuda_array_interface__`
    /// (GPU memory; its `stream` is honoured), `__array_interface__` (host memory) or DLPack, in
    /// that order; `obj` stays alive as long as the tensor's memory.
    #[staticmethod]
    fn as_tensor<'py>(py: Python<'py>, obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, Tensor>> {
        let mut tensor = vocab::Tensor::default();
        if obj.hasattr(CUDA_INTERFACE)? {
            crate::array_interface::import_cuda(obj, &mut tensor)?;
        } else if obj.hasattr("__array_interface__")? {
            crate::array_interface::import_host(obj, &mut tensor)?;
        } else if obj.hasattr("__dlpack__")? {
            crate::dlpack::import(py, obj, &mut tensor)?;
        } else {
            return Err(PyRuntimeError::new_err("Unsupported Python object type"));
        }
        Self::imported(py, tensor)
    }

    /// A tensor over the memory of `obj` without a copy, through `obj.__dlpack__()` (asked for
    /// with `stream=1` for GPU memory): CPU memory becomes System storage, pinned host memory
    /// Host, CUDA device or managed memory Device.
    #[staticmethod]
    fn from_dlpack<'py>(py: Python<'py>, obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, Tensor>> {
        let mut tensor = vocab::Tensor::default();
        crate::dlpack::import(py, obj, &mut tensor)?;
        Self::imported(py, tensor)
    }

    /// A DLPack capsule over the tensor's memory (`np.from_dlpack(t)`, `cupy.from_dlpack(t)`): a
    /// writable DLPack 1.0 one when the consumer's `max_version` allows, else a legacy one. The
    /// tensor stays alive until the consumer releases it. For GPU memory `stream` is the
    /// consumer's stream (None or 1: legacy default, 2: per-thread default, -1: no
    /// synchronisation, else a stream handle), made to wait for the work queued on the legacy
    /// default stream (see `stream_order`); it is ignored for host memory.
    #[pyo3(signature = (stream = None, max_version = None, dl_device = None, copy = None))]
    fn __dlpack__<'py>(
        slf: &Bound<'py, Self>,
        stream: Option<&Bound<'py, PyAny>>,
        max_version: Option<(u32, u32)>,
        dl_device: Option<(i32, i32)>,
        copy: Option<bool>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if copy == Some(true) {
            return Err(PyBufferError::new_err("copy=True is not supported: tensors export their memory"));
        }
        let tensor = slf.try_borrow()?;
        let device = export_device(device_of(tensor.get()), dl_device)?;
        if is_cuda(device.0) {
            let consumer = dlpack_consumer_stream(stream)?;
            consumer_after_legacy(device.1, consumer).map_err(|e| cuda_error("__dlpack__", e))?;
        }
        let owner = slf.clone().into_any().unbind();
        let versioned = max_version.is_some_and(|(major, _)| major >= 1);
        crate::dlpack::export(slf.py(), tensor.get(), owner, versioned, device)
    }

    /// `(device type, device id)` for DLPack, from what the CUDA driver says of the data
    /// pointer: `(2, id)` device memory, `(13, id)` managed memory, `(3, 0)` pinned host memory,
    /// `(1, 0)` other host memory.
    fn __dlpack_device__(&self) -> (i32, i32) {
        device_of(self.get())
    }

    /// Adds a tensor component named `name`: an empty one, or `tensor` moved in (left empty).
    #[staticmethod]
    #[pyo3(signature = (msg, tensor_or_name = None, name = None))]
    fn add_to_entity(
        mut msg: PyRefMut<'_, MessageEntity>,
        tensor_or_name: Option<&Bound<'_, PyAny>>,
        name: Option<String>,
    ) -> PyResult<Tensor> {
        let (value, name) = match tensor_or_name {
            Some(obj) if obj.is_instance_of::<Tensor>() => {
                let source = obj.cast::<Tensor>()?;
                let value = std::mem::take(source.try_borrow_mut()?.get_mut());
                refresh_cuda_interface(source)?;
                (value, name.unwrap_or_default())
            }
            Some(obj) => (vocab::Tensor::default(), obj.extract::<String>()?),
            None => (vocab::Tensor::default(), name.unwrap_or_default()),
        };
        let message = msg.message_mut()?;
        let tensor = message.add(&name, value).map_err(tensor_error)?;
        let ptr: *mut vocab::Tensor = tensor;
        // SAFETY: just added to the message we reference.
        Ok(Tensor::in_message(message, unsafe { &mut *ptr }))
    }

    /// The first tensor of `msg` (or the one named `name`), sharing its memory.
    #[staticmethod]
    #[pyo3(signature = (msg, name = None))]
    fn get_from_entity<'py>(
        py: Python<'py>,
        msg: PyRef<'py, MessageEntity>,
        name: Option<&str>,
    ) -> PyResult<Bound<'py, Tensor>> {
        let mut message = msg.message()?.clone();
        let tensor = message
            .get_mut::<vocab::Tensor>(name)
            .map(|t| t as *mut vocab::Tensor)
            .ok_or_else(|| PyValueError::new_err("error getting tensor"))?;
        // SAFETY: a component of the message we reference.
        Tensor::hand_out(py, Tensor::in_message(&message, unsafe { &mut *tensor }))
    }

    /// Every tensor of `msg`, in insertion order.
    #[staticmethod]
    fn find_all_from_entity<'py>(py: Python<'py>, msg: PyRef<'py, MessageEntity>) -> PyResult<Vec<Bound<'py, Tensor>>> {
        let mut message = msg.message()?.clone();
        let mut pointers = Vec::new();
        message
            .for_each_mut::<vocab::Tensor>(|_, t| {
                pointers.push(t as *mut vocab::Tensor);
                Ok(())
            })
            .map_err(tensor_error)?;
        // SAFETY: components of the message we reference.
        pointers.into_iter().map(|p| Tensor::hand_out(py, Tensor::in_message(&message, unsafe { &mut *p }))).collect()
    }

    /// Adds tensor `name` holding a copy of `array` in memory from `allocator` (host storage).
    #[staticmethod]
    fn add_np_array_as_tensor_to_entity(
        py: Python<'_>,
        mut msg: PyRefMut<'_, MessageEntity>,
        name: String,
        array: &Bound<'_, PyAny>,
        allocator: PyRef<'_, Allocator>,
    ) -> PyResult<Tensor> {
        let array = py.import("numpy")?.call_method1("ascontiguousarray", (array,))?;
        let interface = array.getattr("__array_interface__")?;
        let typestr: String = interface.get_item("typestr")?.extract()?;
        let dims: Vec<i32> = interface.get_item("shape")?.extract()?;
        let (data, _readonly): (usize, bool) = interface.get_item("data")?.extract()?;
        let element_type = primitive_of_typestr(&typestr)
            .ok_or_else(|| PyValueError::new_err(format!("NumPy dtype '{typestr}' has no GXF element type")))?;
        if dims.len() > MAX_RANK {
            return Err(PyValueError::new_err(format!("arrays of more than {MAX_RANK} dimensions")));
        }
        let message = msg.message_mut()?;
        let desc = vocab::TensorDescription::new(&name, CoreStorage::Host, vocab::Shape::new(&dims), element_type);
        let tensor = vocab::add_tensor(message, allocator.handle, &desc).map_err(tensor_error)?;
        let bytes = tensor.size() as usize;
        if bytes > 0 {
            // SAFETY: a contiguous array of exactly `bytes` bytes (same shape and element size)
            // into fresh host memory of that size.
            unsafe { std::ptr::copy_nonoverlapping(data as *const u8, tensor.pointer(), bytes) };
        }
        let ptr: *mut vocab::Tensor = tensor;
        // SAFETY: just added to the message we reference.
        Ok(Tensor::in_message(message, unsafe { &mut *ptr }))
    }

    /// Allocates memory for `description` from `allocator` (dense strides when it has none).
    fn reshape(
        slf: &Bound<'_, Self>,
        description: PyRef<'_, TensorDescription>,
        allocator: PyRef<'_, Allocator>,
    ) -> PyResult<()> {
        let strides = description.strides_given.as_ref().map(|s| {
            let mut all = [0u64; MAX_RANK];
            all[..s.len()].copy_from_slice(s);
            all
        });
        let element_type = description.element_type.core();
        let bytes_per_element = match element_type {
            CorePrimitive::Custom => description.bytes_per_element,
            other => other.size(),
        };
        slf.try_borrow_mut()?
            .get_mut()
            .reshape_custom(
                description.shape.shape,
                element_type,
                bytes_per_element,
                strides,
                description.storage_type.core(),
                allocator.handle,
            )
            .map_err(tensor_error)?;
        refresh_cuda_interface(slf)
    }

    /// Allocates memory with explicit layout; `strides` (8 byte strides) are used as given.
    fn reshape_custom(
        slf: &Bound<'_, Self>,
        shape: PyRef<'_, Shape>,
        element_type: PrimitiveType,
        bytes_per_element: u64,
        strides: Vec<u64>,
        storage_type: MemoryStorageType,
        allocator: PyRef<'_, Allocator>,
    ) -> PyResult<()> {
        if strides.len() > MAX_RANK {
            return Err(PyValueError::new_err(format!("at most {MAX_RANK} strides")));
        }
        let mut all = [0u64; MAX_RANK];
        all[..strides.len()].copy_from_slice(&strides);
        slf.try_borrow_mut()?
            .get_mut()
            .reshape_custom(
                shape.shape,
                element_type.core(),
                bytes_per_element,
                Some(all),
                storage_type.core(),
                allocator.handle,
            )
            .map_err(tensor_error)?;
        refresh_cuda_interface(slf)
    }

    /// The shape.
    fn shape(&self) -> Shape {
        Shape { shape: *self.get().shape() }
    }

    /// Number of dimensions.
    fn rank(&self) -> u32 {
        self.get().rank()
    }

    /// The element type.
    fn element_type(&self) -> PrimitiveType {
        PrimitiveType::from_core(self.get().element_type())
    }

    /// Where the data lives.
    fn storage_type(&self) -> MemoryStorageType {
        MemoryStorageType::from_core(self.get().storage_type())
    }

    /// Bytes per element.
    fn bytes_per_element(&self) -> u64 {
        self.get().bytes_per_element()
    }

    /// Number of elements.
    fn element_count(&self) -> u64 {
        self.get().element_count()
    }

    /// Bytes of memory held.
    fn size(&self) -> u64 {
        self.get().size()
    }

    /// Byte strides, one per dimension.
    fn strides(&self) -> Vec<u64> {
        self.get().strides().to_vec()
    }

    /// `(data pointer capsule, size in bytes, numpy dtype, rank, dims, byte strides)`.
    fn get_tensor_info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let t = self.get();
        // SAFETY: a capsule around the raw data pointer without destructor (GXF's layout).
        let capsule = unsafe {
            let raw = pyo3::ffi::PyCapsule_New(t.pointer() as *mut std::ffi::c_void, std::ptr::null(), None);
            Bound::from_owned_ptr_or_err(py, raw)?
        };
        let dtype = py.import("numpy")?.call_method1("dtype", (typestr(t.element_type(), t.bytes_per_element()),))?;
        let dims: Vec<i32> = t.shape().dims().to_vec();
        let strides: Vec<u64> = t.strides().to_vec();
        (capsule, t.size(), dtype, t.rank(), dims, strides).into_pyobject(py)
    }

    /// The shape, element type, bytes per element and storage type (name empty, no strides).
    fn get_tensor_description(&self) -> TensorDescription {
        let t = self.get();
        TensorDescription {
            name: String::new(),
            storage_type: MemoryStorageType::from_core(t.storage_type()),
            shape: Shape { shape: *t.shape() },
            element_type: PrimitiveType::from_core(t.element_type()),
            bytes_per_element: t.bytes_per_element(),
            strides_given: None,
        }
    }

    /// NumPy's array interface over the tensor's memory (host storage only): `np.asarray(t)`
    /// is a writable view, `np.array(t)` a copy.
    #[getter]
    fn __array_interface__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        host_interface(py, self.host_data(PyAttributeError::new_err)?)
    }

    /// NumPy's last resort (after the buffer protocol and `__array_interface__`): a view of
    /// host memory (converted to `dtype`, copied when `copy` says so); for device memory a
    /// RuntimeError saying that the CPU cannot read it, so `np.asarray(t)` fails clearly.
    #[pyo3(signature = (dtype = None, copy = None))]
    fn __array__<'py>(
        &self,
        py: Python<'py>,
        dtype: Option<&Bound<'py, PyAny>>,
        copy: Option<bool>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let view = host_view(py, self.host_data(PyRuntimeError::new_err)?)?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("dtype", dtype)?;
        kwargs.set_item("copy", copy)?;
        py.import("numpy")?.getattr("array")?.call((view,), Some(&kwargs))
    }

    /// The buffer protocol over host memory (`memoryview(t)`, `np.asarray(t)`): writable, with
    /// the tensor's byte strides; the view keeps the tensor alive.
    unsafe fn __getbuffer__(
        slf: Bound<'_, Self>,
        view: *mut pyo3::ffi::Py_buffer,
        flags: std::ffi::c_int,
    ) -> PyResult<()> {
        let tensor = slf.borrow();
        let t = tensor.host_data(PyBufferError::new_err)?;
        let wants = |flag: std::ffi::c_int| flags & flag == flag;
        let Some(format) = buffer_format(t.element_type()) else {
            return Err(pyo3::exceptions::PyBufferError::new_err("custom elements have no buffer format"));
        };
        if !t.is_contiguous() && !wants(pyo3::ffi::PyBUF_STRIDES) {
            return Err(pyo3::exceptions::PyBufferError::new_err("the tensor is strided: ask for strides"));
        }
        let layout = Box::new(BufferLayout {
            shape: t.shape().dims().iter().map(|&d| d as isize).collect(),
            strides: t.strides().iter().map(|&s| s as isize).collect(),
        });
        let itemsize = t.bytes_per_element() as isize;
        // SAFETY: `view` is the caller's buffer struct; the data and the layout arrays stay valid
        // until `__releasebuffer__` (the view holds a reference to the tensor, which holds its memory).
        unsafe {
            (*view).buf = t.pointer() as *mut std::ffi::c_void;
            (*view).len = layout.shape.iter().product::<isize>() * itemsize;
            (*view).itemsize = itemsize;
            (*view).readonly = 0;
            (*view).ndim = t.rank() as std::ffi::c_int;
            (*view).format =
                if wants(pyo3::ffi::PyBUF_FORMAT) { format.as_ptr() as *mut _ } else { std::ptr::null_mut() };
            (*view).shape =
                if wants(pyo3::ffi::PyBUF_ND) { layout.shape.as_ptr() as *mut isize } else { std::ptr::null_mut() };
            (*view).strides = if wants(pyo3::ffi::PyBUF_STRIDES) {
                layout.strides.as_ptr() as *mut isize
            } else {
                std::ptr::null_mut()
            };
            (*view).suboffsets = std::ptr::null_mut();
            (*view).internal = Box::into_raw(layout) as *mut std::ffi::c_void;
            drop(tensor);
            (*view).obj = slf.into_any().into_ptr();
        }
        Ok(())
    }

    unsafe fn __releasebuffer__(&self, view: *mut pyo3::ffi::Py_buffer) {
        // SAFETY: `internal` was set by `__getbuffer__` from a boxed layout, released once.
        unsafe {
            let internal = (*view).internal as *mut BufferLayout;
            if !internal.is_null() {
                drop(Box::from_raw(internal));
                (*view).internal = std::ptr::null_mut();
            }
        }
    }

    fn __repr__(&self) -> String {
        let t = self.get();
        format!(
            "Tensor(shape={:?}, element_type={}, storage={:?}, bytes={})",
            t.shape().dims(),
            t.element_type().name(),
            t.storage_type(),
            t.size()
        )
    }
}

/// The shape and byte strides a buffer view points at, kept until the view is released.
struct BufferLayout {
    shape: Vec<isize>,
    strides: Vec<isize>,
}

/// The `struct` module format of an element type (`None` for custom elements).
fn buffer_format(p: CorePrimitive) -> Option<&'static std::ffi::CStr> {
    Some(match p {
        CorePrimitive::Int8 => c"b",
        CorePrimitive::Unsigned8 => c"B",
        CorePrimitive::Int16 => c"h",
        CorePrimitive::Unsigned16 => c"H",
        CorePrimitive::Int32 => c"i",
        CorePrimitive::Unsigned32 => c"I",
        CorePrimitive::Int64 => c"q",
        CorePrimitive::Unsigned64 => c"Q",
        CorePrimitive::Float16 => c"e",
        CorePrimitive::Float32 => c"f",
        CorePrimitive::Float64 => c"d",
        CorePrimitive::Complex64 => c"Zf",
        CorePrimitive::Complex128 => c"Zd",
        CorePrimitive::Custom => return None,
    })
}

/// An object whose `__array_interface__` describes a host tensor's memory.
fn host_view<'py>(py: Python<'py>, t: &vocab::Tensor) -> PyResult<Bound<'py, PyAny>> {
    let holder = PyDict::new(py);
    holder.set_item("__array_interface__", host_interface(py, t)?)?;
    py.import("types")?.getattr("SimpleNamespace")?.call((), Some(&holder))
}

/// A NumPy array holding a copy of a host tensor's data.
pub fn copy_to_numpy(py: Python<'_>, t: &vocab::Tensor) -> PyResult<Py<PyAny>> {
    t.storage_type().require_cpu().map_err(tensor_error)?;
    Ok(py.import("numpy")?.call_method1("array", (host_view(py, t)?,))?.unbind())
}

/// `gxf.core.get_gxf_primitive_type(dtype)`: GXF's name for a NumPy dtype.
#[pyfunction]
fn get_gxf_primitive_type(dtype: &Bound<'_, PyAny>) -> PyResult<String> {
    let typestr: String = dtype.getattr("str")?.extract()?;
    let name = match primitive_of_typestr(&typestr) {
        Some(CorePrimitive::Int8) => "kInt8",
        Some(CorePrimitive::Unsigned8) => "kUInt8",
        Some(CorePrimitive::Int16) => "kInt16",
        Some(CorePrimitive::Unsigned16) => "kUInt16",
        Some(CorePrimitive::Int32) => "kInt32",
        Some(CorePrimitive::Unsigned32) => "kUInt32",
        Some(CorePrimitive::Int64) => "kInt64",
        Some(CorePrimitive::Unsigned64) => "kUInt64",
        Some(CorePrimitive::Float16) => "kFloat16",
        Some(CorePrimitive::Float32) => "kFloat32",
        Some(CorePrimitive::Float64) => "kFloat64",
        _ => "kCustom",
    };
    Ok(format!("nvidia::gxf::PrimitiveType::{name}"))
}

/// Adds the tensor classes to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PrimitiveType>()?;
    m.add_class::<MemoryStorageType>()?;
    m.add_class::<Shape>()?;
    m.add_class::<TensorDescription>()?;
    m.add_class::<Tensor>()?;
    m.add_function(wrap_pyfunction!(get_gxf_primitive_type, m)?)
}
