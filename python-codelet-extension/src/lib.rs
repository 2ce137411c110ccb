//! GXF's `PythonCodeletExtension`: registers `nvidia::gxf::PyCodeletV0`.
//!
//! This library has no Python symbols, so it loads (and `gxe` lists its component types) on any
//! machine. The first `PyCodeletV0` to initialize makes libpython global, loads the backend
//! (`libpygxf_native.so`, pyo3) beside this file and starts the interpreter there; every call
//! of the codelet is forwarded to the backend. See `backend_abi.rs` for that boundary.

mod backend;
mod backend_abi;
mod codelet;

use gxf_sdk::prelude::*;

fn register(ext: &mut ExtensionBuilder) {
    ext.info(ExtensionMeta {
        name: "PythonCodeletExtension",
        uuid: "787daddc-1c34-11ec-9621-0242ac130002",
        version: "0.6.0",
        description: "Codelets written in Python (CodeletAdapter subclasses) run by PyCodeletV0",
        author: "gxf-rs",
        license: "Apache-2.0",
        ..ExtensionMeta::default()
    });
    ext.add::<codelet::PyCodeletV0>();
}

gxf_extension!(register);
