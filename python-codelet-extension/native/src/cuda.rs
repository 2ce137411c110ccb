//! `gxf.cuda`: `CudaStreamPool`, `CudaStream` and `CudaStreamId`, as GXF's `cuda_pybind` has them.
//!
//! A stream id (`stream_cid`) is what [`StreamRef::cid`] says: the id of the stream's entity.
//! Python names streams by that int, so the streams `allocate_stream` hands out are kept in a
//! registry until `release_stream`, and `CudaStreamId.stream_cid = cid` finds its stream there.

use crate::context::{context_arg, lookup};
use crate::messaging::MessageEntity;
use gxf_cuda_sdk::interfaces::CudaStreamPool as PoolInterface;
use gxf_cuda_sdk::{CudaStreamId as StreamIdComponent, StreamPoolHandle, StreamRef};
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// A stream handed to Python by `allocate_stream`, until `release_stream`.
struct Lent {
    /// The pool it came from (and goes back to).
    pool: i64,
    /// The context of that pool (entries are dropped when Python destroys it).
    context: usize,
    stream: StreamRef,
}

/// The streams Python holds, by stream id.
static LENT: Mutex<BTreeMap<i64, Lent>> = Mutex::new(BTreeMap::new());

/// The stream Python holds under `stream_cid`; a ValueError naming the id otherwise.
fn lent_stream(stream_cid: i64) -> PyResult<StreamRef> {
    lock(&LENT).get(&stream_cid).map(|lent| lent.stream.clone()).ok_or_else(|| unknown_stream(stream_cid))
}

fn unknown_stream(stream_cid: i64) -> PyErr {
    PyValueError::new_err(format!(
        "GXF_ENTITY_NOT_FOUND: no CUDA stream with stream_cid {stream_cid} (stream ids come from \
         CudaStreamPool.allocate_stream() and are valid until release_stream())"
    ))
}

/// Drops the streams Python holds from pools of `context` (called before it is destroyed).
pub fn forget_streams(context: ContextRef) {
    let context = context.raw() as usize;
    lock(&LENT).retain(|_, lent| lent.context != context);
}

/// `ValueError("<GXF result>: <cause>")` for a failed CUDA call.
fn cuda_value_error(e: Error) -> PyErr {
    PyValueError::new_err(format!("{}: {}", e.code.name(), e.message))
}

/// `gxf.cuda.CudaStreamPool`: a `nvidia::gxf::CudaStreamPool` component.
#[pyclass(name = "CudaStreamPool", module = "gxf.cuda", subclass, frozen)]
pub struct CudaStreamPool {
    handle: Handle<PoolInterface>,
}

impl CudaStreamPool {
    /// Wraps a resolved handle.
    pub fn from_handle(handle: Handle<PoolInterface>) -> CudaStreamPool {
        CudaStreamPool { handle }
    }
}

#[pymethods]
impl CudaStreamPool {
    /// Resolves `name` (`component` or `entity/component`) relative to component `cid`.
    #[staticmethod]
    fn get(context: &Bound<'_, PyAny>, cid: i64, name: &str) -> PyResult<CudaStreamPool> {
        Ok(CudaStreamPool { handle: lookup(context_arg(context)?, cid, name)? })
    }

    /// Takes a stream from the pool: `(stream_cid, CudaStream)`. The stream is Python's until
    /// `release_stream(stream_cid)`.
    fn allocate_stream(&self) -> PyResult<(i64, CudaStream)> {
        let stream = self.handle.allocate_stream().map_err(cuda_value_error)?;
        let lent =
            Lent { pool: self.handle.cid(), context: self.handle.context().raw() as usize, stream: stream.clone() };
        lock(&LENT).insert(stream.cid(), lent);
        Ok((stream.cid(), CudaStream { stream }))
    }

    /// Gives the stream `stream_cid` back to the pool (ValueError for a stream Python does not
    /// hold from this pool).
    fn release_stream(&self, stream_cid: i64) -> PyResult<()> {
        let stream = {
            let mut lent = lock(&LENT);
            match lent.get(&stream_cid).map(|l| l.pool) {
                Some(pool) if pool == self.handle.cid() => lent.remove(&stream_cid).map(|l| l.stream),
                Some(pool) => {
                    return Err(PyValueError::new_err(format!(
                        "GXF_ARGUMENT_INVALID: stream {stream_cid} came from another CudaStreamPool (component {pool})"
                    )))
                }
                None => None,
            }
        };
        let stream = stream.ok_or_else(|| unknown_stream(stream_cid))?;
        self.handle.release_stream(&stream).map_err(cuda_value_error)
    }

    /// Component id.
    fn cid(&self) -> i64 {
        self.handle.cid()
    }
}

/// `gxf.cuda.CudaStream`: a stream of a pool. `ptr` is the driver's handle, for
/// `cupy.cuda.ExternalStream(s.ptr)` and other libraries; the stream lives while this object does.
#[pyclass(name = "CudaStream", module = "gxf.cuda", frozen)]
pub struct CudaStream {
    stream: StreamRef,
}

#[pymethods]
impl CudaStream {
    /// The stream's handle (`cudaStream_t`) as an int.
    #[getter]
    fn ptr(&self) -> usize {
        self.stream.stream().raw() as usize
    }

    /// The ordinal of the stream's GPU.
    #[getter]
    fn device_id(&self) -> i32 {
        self.stream.stream().device_ordinal()
    }

    /// The stream id (`stream_cid`).
    #[getter]
    fn stream_cid(&self) -> i64 {
        self.stream.cid()
    }

    /// The CUDA stream protocol: `(0, handle)`.
    fn __cuda_stream__(&self) -> (i32, usize) {
        (0, self.ptr())
    }

    /// Waits (without the GIL) until all work queued on the stream so far is done.
    fn sync_stream(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| self.stream.cuda_stream().sync_stream()).map_err(cuda_value_error)
    }

    fn __repr__(&self) -> String {
        format!("CudaStream(stream_cid={}, device_id={}, ptr={:#x})", self.stream_cid(), self.device_id(), self.ptr())
    }
}

/// Address of a `CudaStreamId` component; stable while its message lives.
struct StreamIdPtr(*mut StreamIdComponent);

// SAFETY: the message it points into is reference counted and outlives this pointer; access is
// serialised by the GIL, as in GXF's bindings.
unsafe impl Send for StreamIdPtr {}
unsafe impl Sync for StreamIdPtr {}

/// `gxf.cuda.CudaStreamId`: the component of a message naming the stream its work was queued on.
#[pyclass(name = "CudaStreamId", module = "gxf.cuda")]
pub struct CudaStreamId {
    _message: Message,
    id: StreamIdPtr,
}

impl CudaStreamId {
    fn component(&self) -> &StreamIdComponent {
        // SAFETY: see StreamIdPtr.
        unsafe { &*self.id.0 }
    }

    fn component_mut(&mut self) -> &mut StreamIdComponent {
        // SAFETY: see StreamIdPtr.
        unsafe { &mut *self.id.0 }
    }

    fn in_message(message: &Message, id: &mut StreamIdComponent) -> CudaStreamId {
        CudaStreamId { _message: message.clone(), id: StreamIdPtr(id) }
    }
}

#[pymethods]
impl CudaStreamId {
    /// Adds a `CudaStreamId` (naming no stream) to `msg`.
    #[staticmethod]
    #[pyo3(signature = (msg, name = None))]
    fn add_to_entity(mut msg: PyRefMut<'_, MessageEntity>, name: Option<&str>) -> PyResult<CudaStreamId> {
        let message = msg.message_mut()?;
        let id = message
            .add(name.unwrap_or(""), StreamIdComponent::default())
            .map(|id| id as *mut StreamIdComponent)
            .map_err(|e| PyValueError::new_err(e.code.name()))?;
        // SAFETY: just added to the message we reference.
        Ok(CudaStreamId::in_message(message, unsafe { &mut *id }))
    }

    /// The first (or the named) `CudaStreamId` of `msg`.
    #[staticmethod]
    #[pyo3(signature = (msg, name = None))]
    fn get_from_entity(msg: PyRef<'_, MessageEntity>, name: Option<&str>) -> PyResult<CudaStreamId> {
        let mut message = msg.message()?.clone();
        let id = message
            .get_mut::<StreamIdComponent>(name)
            .map(|id| id as *mut StreamIdComponent)
            .ok_or_else(|| PyValueError::new_err(Code::GXF_ENTITY_COMPONENT_NOT_FOUND.name()))?;
        // SAFETY: a component of the message we reference.
        Ok(CudaStreamId::in_message(&message, unsafe { &mut *id }))
    }

    /// The id of the stream named (0: none).
    #[getter]
    fn stream_cid(&self) -> i64 {
        self.component().stream_cid
    }

    /// Names stream `stream_cid` (one Python holds from `allocate_stream`), or none with 0.
    #[setter]
    fn set_stream_cid(&mut self, stream_cid: i64) -> PyResult<()> {
        if stream_cid == self.stream_cid() {
            return Ok(());
        }
        let stream = (stream_cid != 0).then(|| lent_stream(stream_cid)).transpose()?;
        self.component_mut().set(stream.as_ref());
        Ok(())
    }

    /// The stream named, if any.
    fn stream(&self) -> Option<CudaStream> {
        self.component().stream().map(|stream| CudaStream { stream })
    }

    fn __repr__(&self) -> String {
        format!("CudaStreamId(stream_cid={})", self.stream_cid())
    }
}

/// Adds the CUDA classes to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<CudaStreamPool>()?;
    m.add_class::<CudaStream>()?;
    m.add_class::<CudaStreamId>()
}
