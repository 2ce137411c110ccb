//! `gxf.python_codelet.PyData`: any Python object carried in a message between Python codelets
//! of one process (the object itself travels, not a copy).

use crate::context::value_error;
use crate::messaging::MessageEntity;
use gxf_sdk::prelude::*;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// The message component: a reference to a Python object, released with the GIL.
struct PyDataComponent {
    object: Option<Py<PyAny>>,
}

// SAFETY: GXF's PyData type id; this layout is only ever read by this library.
unsafe impl MessageComponent for PyDataComponent {
    const TID: Tid = Tid::from_uuid("890b6e9c-5bd3-11ee-8c99-0242ac120002");
    const TYPE_NAME: &'static str = "nvidia::gxf::PyData";
}

impl Drop for PyDataComponent {
    fn drop(&mut self) {
        // Messages die on whatever thread releases them last: take the GIL to drop the object.
        if let Some(object) = self.object.take() {
            Python::attach(|_py| drop(object));
        }
    }
}

/// `gxf.python_codelet.PyData`.
#[pyclass(name = "PyData", module = "gxf.python_codelet", frozen)]
pub struct PyData;

#[pymethods]
impl PyData {
    /// Adds a PyData component (named `name`) holding `data` to the message.
    #[staticmethod]
    #[pyo3(signature = (entity, data, name = None))]
    fn add_to_entity(mut entity: PyRefMut<'_, MessageEntity>, data: Py<PyAny>, name: Option<&str>) -> PyResult<()> {
        let message = entity.message_mut()?;
        message.add(name.unwrap_or(""), PyDataComponent { object: Some(data) }).map_err(value_error)?;
        Ok(())
    }

    /// The object stored in the first (or the named) PyData component: the same object.
    #[staticmethod]
    #[pyo3(signature = (entity, name = None))]
    fn get_from_entity(py: Python<'_>, entity: PyRef<'_, MessageEntity>, name: Option<&str>) -> PyResult<Py<PyAny>> {
        let found = entity.message()?.get::<PyDataComponent>(name).and_then(|c| c.object.as_ref());
        found.map(|o| o.clone_ref(py)).ok_or_else(|| PyValueError::new_err("error getting pydata"))
    }
}

/// Adds `PyData` to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyData>()
}
