//! Running graphs in-process against the project's own API (for GXF's "driver" tests).

use gxf_core::runtime::{Context, Runtime};
use std::path::{Path, PathBuf};

/// `<target>/<profile>` of the running test binary (where the extension libraries are built).
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent().and_then(Path::parent).expect("target/<profile>/deps/<test>").to_path_buf()
}

/// A context with the named extensions (`std`, `sample`, `test`, ...) loaded in order.
pub fn runtime_with(extensions: &[&str]) -> Context {
    let rt = Runtime::new();
    for name in extensions {
        let lib = profile_dir().join(format!("libgxf_{name}.so"));
        rt.load_extension(&lib.to_string_lossy()).unwrap_or_else(|e| panic!("loading {name}: {e} (run cargo build)"));
    }
    rt
}

/// Loads graph YAML text into the context.
pub fn load_str(rt: &Runtime, text: &str) {
    gxf_core::graph::load_str(rt, "<test>", text, &[]).unwrap_or_else(|e| panic!("loading the graph: {e}"));
}
