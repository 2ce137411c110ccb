//! Ordering CUDA work across the streams the array protocols name (DLPack's `stream` argument,
//! the CUDA array interface's `stream` field).
//!
//! What this module does, as GXF's bindings do:
//! - exporting (`Tensor.__dlpack__(stream=s)`): the data of a tensor in a message is complete
//!   when the message is published (GXF's `CudaStreamSync`, or the producer's own synchronisation),
//!   and work queued from Python by CuPy and friends goes to the legacy default stream. So the
//!   consumer's stream waits, through an event, for everything queued on the legacy default
//!   stream so far; the default streams need no event (they are ordered with the legacy stream
//!   already) and -1 asks for no synchronisation.
//! - importing (`Tensor.as_tensor` over `__cuda_array_interface__`): work the producer queued on
//!   its stream is made to precede everything queued later on the legacy default stream (an event
//!   recorded on the producer's stream, waited for by the legacy stream).
//!
//! Both return at once: nothing waits on the host.

use gxf_cuda_sdk::driver::check;
use gxf_cuda_sdk::{sys, Device, Event};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

/// CUDA's `CU_STREAM_LEGACY` handle: the legacy default stream.
const LEGACY_STREAM: usize = 1;

/// A stream as the array protocols name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolStream {
    /// No synchronisation asked for.
    Unordered,
    /// A default stream (legacy or per-thread): ordered with the legacy stream by CUDA itself.
    Default,
    /// A stream handle (`CUstream`) of the consumer or the producer.
    Handle(usize),
}

/// The consumer's stream of `__dlpack__(stream=...)` for CUDA memory: None, 0 and 1 are the
/// legacy default stream, 2 the per-thread one, -1 no synchronisation, larger values a stream
/// handle. Anything but an int or None is a RuntimeError (GXF's rule).
pub fn dlpack_consumer_stream(stream: Option<&Bound<'_, PyAny>>) -> PyResult<ProtocolStream> {
    let Some(stream) = stream.filter(|s| !s.is_none()) else { return Ok(ProtocolStream::Default) };
    let value: i64 = stream.extract().map_err(|_| {
        PyRuntimeError::new_err(format!("__dlpack__: stream must be an int or None, not {}", type_name(stream)))
    })?;
    match value {
        -1 => Ok(ProtocolStream::Unordered),
        0..=2 => Ok(ProtocolStream::Default),
        v if v > 2 => Ok(ProtocolStream::Handle(v as usize)),
        v => Err(PyValueError::new_err(format!(
            "__dlpack__: stream {v} is not a CUDA stream (-1, None, 1, 2 or a handle)"
        ))),
    }
}

/// The producer's stream of a `__cuda_array_interface__` (version 3 `stream` field): absent or
/// None means no synchronisation, 1 and 2 the default streams, larger values a stream handle; 0
/// is refused, as the protocol says.
pub fn interface_producer_stream(stream: Option<&Bound<'_, PyAny>>) -> PyResult<ProtocolStream> {
    let Some(stream) = stream.filter(|s| !s.is_none()) else { return Ok(ProtocolStream::Unordered) };
    let value: i64 = stream.extract().map_err(|_| {
        PyValueError::new_err(format!(
            "__cuda_array_interface__['stream'] must be an int or None, not {}",
            type_name(stream)
        ))
    })?;
    match value {
        1 | 2 => Ok(ProtocolStream::Default),
        v if v > 2 => Ok(ProtocolStream::Handle(v as usize)),
        v => Err(PyValueError::new_err(format!(
            "__cuda_array_interface__['stream'] is {v}: the protocol allows None, 1, 2 or a stream handle"
        ))),
    }
}

/// A RuntimeError for a failed CUDA call made for `what` (the error's message names the cause,
/// such as "no CUDA driver").
pub fn cuda_error(what: &str, e: gxf_sdk::Error) -> PyErr {
    PyRuntimeError::new_err(format!("{what}: {}", e.message))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map_or_else(|_| "?".into(), |n| n.to_string())
}

/// Makes `consumer` wait for the work queued on the legacy default stream of GPU `ordinal`.
pub fn consumer_after_legacy(ordinal: i32, consumer: ProtocolStream) -> gxf_sdk::Result<()> {
    match consumer {
        ProtocolStream::Handle(handle) => order(ordinal, LEGACY_STREAM, handle),
        ProtocolStream::Unordered | ProtocolStream::Default => Ok(()),
    }
}

/// Makes later work on the legacy default stream of GPU `ordinal` wait for the work queued on
/// `producer`.
pub fn legacy_after_producer(ordinal: i32, producer: ProtocolStream) -> gxf_sdk::Result<()> {
    match producer {
        ProtocolStream::Handle(handle) => order(ordinal, handle, LEGACY_STREAM),
        ProtocolStream::Unordered | ProtocolStream::Default => Ok(()),
    }
}

/// Work queued on `then` from now on waits for the work queued on `first` so far (an event
/// recorded on `first`; its destruction is deferred by CUDA until the wait is done).
fn order(ordinal: i32, first: usize, then: usize) -> gxf_sdk::Result<()> {
    let event = Event::new(&Device::get(ordinal)?)?;
    // SAFETY: a live event of the current context; `first` is a stream handle the caller vouched
    // for (the protocols hand raw handles over; CUDA reports an invalid one as an error).
    let recorded = unsafe { sys::cuEventRecord(event.raw(), first as sys::CUstream) }.result();
    check(recorded, || format!("recording a CUDA event on stream {first:#x}"))?;
    // SAFETY: as above, for `then`.
    let waited = unsafe { sys::cuStreamWaitEvent(then as sys::CUstream, event.raw(), 0) }.result();
    check(waited, || format!("making CUDA stream {then:#x} wait for stream {first:#x}"))
}
