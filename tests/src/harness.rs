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

/// Lines of the log shown with a failing test.
const LOG_TAIL_LINES: usize = 60;

/// The file the runtime's log goes to in this test process: `<target>/tmp/test-logs/<test
/// binary>.log` (a ping graph logs every message; thousands of lines per test would bury the
/// test results).
pub fn log_path() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let stem = exe.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    // `driver-0123abcd` → `driver`.
    let name = stem.rsplit_once('-').map_or(stem.as_str(), |(name, _)| name).to_string();
    let target = profile_dir().parent().map(Path::to_path_buf).unwrap_or_else(std::env::temp_dir);
    target.join("tmp").join("test-logs").join(format!("{name}.log"))
}

/// Sends the runtime's log of this test process to [`log_path`] (once per process; the file
/// starts empty), and shows its last lines with any failing test.
pub fn quiet_log() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let path = log_path();
        let file = std::fs::create_dir_all(path.parent().expect("a folder")).and_then(|_| std::fs::File::create(&path));
        let Ok(file) = file else { return };
        gxf_runtime::logging::redirect(file);
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            previous(info);
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            let tail = &lines[lines.len().saturating_sub(LOG_TAIL_LINES)..];
            // Into the failing test's captured output (the log is shared by the tests running
            // at the same time, so their lines may be in it too).
            eprintln!("--- last {} lines of the runtime log ({}) ---\n{}", tail.len(), path.display(), tail.join("\n"));
        }));
    });
}

/// A context with the named extensions (`std`, `sample`, `test`, ...) loaded in order; the
/// runtime's log goes to a file ([`quiet_log`]).
pub fn runtime_with(extensions: &[&str]) -> Context {
    quiet_log();
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
