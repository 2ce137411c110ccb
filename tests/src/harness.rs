//! Running graphs in-process against the project's own API (for GXF's "driver" tests), and
//! running gxe (or python3) on inputs written to a fresh directory.

use gxf_runtime::{Context, Runtime};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

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
    gxf_runtime::load_str(rt, "<test>", text, &[]).unwrap_or_else(|e| panic!("loading the graph: {e}"));
}

/// The gxe binary of this build.
pub fn gxe() -> PathBuf {
    let gxe = profile_dir().join("gxe");
    assert!(gxe.exists(), "build gxe first (cargo build)");
    gxe
}

/// Writes `files` (paths relative to it) into a fresh directory and runs `program args` there with the extra
/// environment `env`; returns (exit code, stdout then stderr).
pub fn run_in_scratch(program: &Path, files: &[(&str, &str)], args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "gxf_scratch_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("a file in the directory")).expect("input folders");
        std::fs::write(path, text).expect("write input");
    }
    let out = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    let _ = std::fs::remove_dir_all(&dir);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}
