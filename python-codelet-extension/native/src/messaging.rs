//! Message entities, transmitters, receivers and timestamps (`gxf.core.MessageEntity`,
//! `gxf.std.Transmitter`/`Receiver`/`Timestamp`).

use crate::context::{context_arg, lookup, value_error};
use gxf_sdk::prelude::*;
use gxf_sdk::vocab::{EndOfStream as CoreEndOfStream, Timestamp as CoreTimestamp};
use pyo3::exceptions::PyValueError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyString;

/// `gxf.core.MessageEntity`: a message (an entity holding components) owned by Python.
#[pyclass(name = "MessageEntity", module = "gxf.core", freelist = 32)]
pub struct MessageEntity {
    message: Option<Message>,
}

impl MessageEntity {
    /// Wraps a message (`None`: GXF's null entity, returned by `receive()` on an empty queue).
    pub fn wrap(message: Option<Message>) -> MessageEntity {
        MessageEntity { message }
    }

    /// The message, or `ValueError("GXF_ENTITY_NOT_FOUND")` for a null entity.
    pub fn message(&self) -> PyResult<&Message> {
        self.message.as_ref().ok_or_else(|| PyValueError::new_err("GXF_ENTITY_NOT_FOUND"))
    }

    /// Mutable access to the message.
    pub fn message_mut(&mut self) -> PyResult<&mut Message> {
        self.message.as_mut().ok_or_else(|| PyValueError::new_err("GXF_ENTITY_NOT_FOUND"))
    }
}

#[pymethods]
impl MessageEntity {
    /// A new, empty message in `context`.
    #[new]
    fn new(context: &Bound<'_, PyAny>) -> PyResult<MessageEntity> {
        let message = Message::new(context_arg(context)?).map_err(value_error)?;
        Ok(MessageEntity { message: Some(message) })
    }

    /// The entity id (0 for a null entity).
    fn eid(&self) -> i64 {
        self.message.as_ref().map_or(0, Message::eid)
    }

    fn __repr__(&self) -> String {
        match &self.message {
            Some(m) => format!("MessageEntity(eid={}, components={})", m.eid(), m.len()),
            None => "MessageEntity(null)".into(),
        }
    }
}

/// `gxf.std.Transmitter`: an outbox of the codelet's entity (or any entity).
#[pyclass(name = "Transmitter", module = "gxf.std", subclass, frozen)]
pub struct Transmitter {
    handle: Handle<iface::Transmitter>,
}

impl Transmitter {
    /// Wraps a resolved handle.
    pub fn from_handle(handle: Handle<iface::Transmitter>) -> Transmitter {
        Transmitter { handle }
    }
}

#[pymethods]
impl Transmitter {
    /// Resolves `name` (`component` or `entity/component`) relative to component `cid`.
    #[staticmethod]
    fn get(context: &Bound<'_, PyAny>, cid: i64, name: &str) -> PyResult<Transmitter> {
        Ok(Transmitter { handle: lookup(context_arg(context)?, cid, name)? })
    }

    /// Stamps `msg` (Timestamp "timestamp": acqtime, pubtime 0) and stages it. Returns the GXF
    /// result name (`"GXF_SUCCESS"`); failures are returned, not raised, as in GXF.
    #[pyo3(signature = (msg, acq_timestamp = 0))]
    fn publish<'py>(
        &self,
        py: Python<'py>,
        mut msg: PyRefMut<'py, MessageEntity>,
        acq_timestamp: i64,
    ) -> PyResult<Bound<'py, PyString>> {
        let message = msg.message_mut()?;
        Ok(match self.handle.publish_at(message, acq_timestamp) {
            // Interned: the common answer costs no new string per message.
            Ok(()) => intern!(py, "GXF_SUCCESS").clone(),
            Err(e) => {
                gxf_error!("publish on '{}' failed: {}", self.handle.name(), e);
                PyString::new(py, e.code.name())
            }
        })
    }

    /// Staged (not yet synced) messages.
    fn back_size(&self) -> usize {
        self.handle.back_size()
    }

    /// Messages in the main stage.
    fn size(&self) -> usize {
        self.handle.size()
    }

    /// Capacity of the queue.
    fn capacity(&self) -> usize {
        self.handle.capacity()
    }

    /// Component id.
    fn cid(&self) -> i64 {
        self.handle.cid()
    }
}

/// `gxf.std.Receiver`: an inbox of the codelet's entity (or any entity).
#[pyclass(name = "Receiver", module = "gxf.std", subclass, frozen)]
pub struct Receiver {
    handle: Handle<iface::Receiver>,
}

impl Receiver {
    /// Wraps a resolved handle.
    pub fn from_handle(handle: Handle<iface::Receiver>) -> Receiver {
        Receiver { handle }
    }
}

#[pymethods]
impl Receiver {
    /// Resolves `name` (`component` or `entity/component`) relative to component `cid`.
    #[staticmethod]
    fn get(context: &Bound<'_, PyAny>, cid: i64, name: &str) -> PyResult<Receiver> {
        Ok(Receiver { handle: lookup(context_arg(context)?, cid, name)? })
    }

    /// Pops the next message; on an empty queue logs an error and returns a null entity (as GXF).
    fn receive(&self) -> MessageEntity {
        match self.handle.receive() {
            Ok(Some(message)) => MessageEntity::wrap(Some(message)),
            Ok(None) => {
                gxf_error!("No Message in receiver '{}'", self.handle.name());
                MessageEntity::wrap(None)
            }
            Err(e) => {
                gxf_error!("receive on '{}' failed: {e}", self.handle.name());
                MessageEntity::wrap(None)
            }
        }
    }

    /// Moves staged messages to the main stage (failures are only logged, as in GXF).
    fn sync(&self) {
        if let Err(e) = self.handle.sync() {
            gxf_error!("sync of '{}' failed: {e}", self.handle.name());
        }
    }

    /// Staged (not yet synced) messages.
    fn back_size(&self) -> usize {
        self.handle.back_size()
    }

    /// Messages in the main stage.
    fn size(&self) -> usize {
        self.handle.size()
    }

    /// Capacity of the queue.
    fn capacity(&self) -> usize {
        self.handle.capacity()
    }

    /// Component id.
    fn cid(&self) -> i64 {
        self.handle.cid()
    }
}

/// `gxf.std.Timestamp`: the acquisition and publication times of a message.
#[pyclass(name = "Timestamp", module = "gxf.std", frozen)]
pub struct Timestamp;

#[pymethods]
impl Timestamp {
    /// Adds a Timestamp component (named `name`, default "timestamp").
    #[staticmethod]
    #[pyo3(signature = (entity, acqtime, pubtime, name = None))]
    fn add_to_entity(
        mut entity: PyRefMut<'_, MessageEntity>,
        acqtime: i64,
        pubtime: i64,
        name: Option<&str>,
    ) -> PyResult<Timestamp> {
        let message = entity.message_mut()?;
        message.add(name.unwrap_or("timestamp"), CoreTimestamp { pubtime, acqtime }).map_err(value_error)?;
        Ok(Timestamp)
    }

    /// `(acqtime, pubtime)` of the first (or the named) Timestamp.
    #[staticmethod]
    #[pyo3(signature = (entity, name = None))]
    fn get_from_entity(entity: PyRef<'_, MessageEntity>, name: Option<&str>) -> PyResult<(i64, i64)> {
        let ts = entity
            .message()?
            .get::<CoreTimestamp>(name)
            .ok_or_else(|| PyValueError::new_err("Field with matching name does not exist"))?;
        Ok((ts.acqtime, ts.pubtime))
    }
}

/// `gxf.std.EndOfStream`: the end-of-stream marker of a message (a negative `stream_id` means
/// the whole pipeline).
#[pyclass(name = "EndOfStream", module = "gxf.std", frozen)]
pub struct EndOfStream {
    stream_id: i64,
}

#[pymethods]
impl EndOfStream {
    /// Adds an EndOfStream to `entity` for `stream_id` (an int, or an EndOfStream whose id is
    /// copied).
    #[staticmethod]
    #[pyo3(signature = (entity, stream_id, name = None))]
    fn add_to_entity(
        mut entity: PyRefMut<'_, MessageEntity>,
        stream_id: &Bound<'_, PyAny>,
        name: Option<&str>,
    ) -> PyResult<EndOfStream> {
        let stream_id = match stream_id.cast::<EndOfStream>() {
            Ok(eos) => eos.get().stream_id,
            Err(_) => stream_id.extract::<i64>()?,
        };
        if stream_id < 0 {
            gxf_info!("EndOfStream for the whole pipeline (stream_id {stream_id})");
        }
        entity.message_mut()?.add(name.unwrap_or(""), CoreEndOfStream { stream_id }).map_err(value_error)?;
        Ok(EndOfStream { stream_id })
    }

    /// The first (or the named) EndOfStream of `entity`.
    #[staticmethod]
    #[pyo3(signature = (entity, name = None))]
    fn get_from_entity(entity: PyRef<'_, MessageEntity>, name: Option<&str>) -> PyResult<EndOfStream> {
        let eos = entity
            .message()?
            .get::<CoreEndOfStream>(name)
            .ok_or_else(|| PyValueError::new_err("Field with matching name does not exist"))?;
        Ok(EndOfStream { stream_id: eos.stream_id })
    }

    /// The stream that ended (negative: every stream).
    fn stream_id(&self) -> i64 {
        self.stream_id
    }

    fn __repr__(&self) -> String {
        format!("EndOfStream(stream_id={})", self.stream_id)
    }
}

/// Adds the messaging classes to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<MessageEntity>()?;
    m.add_class::<Transmitter>()?;
    m.add_class::<Receiver>()?;
    m.add_class::<Timestamp>()?;
    m.add_class::<EndOfStream>()
}
