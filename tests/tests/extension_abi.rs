//! The stable extension ABI as a user meets it: a third-party extension builds outside the
//! workspace and runs; incompatible or foreign libraries are refused with a clear message.

use gxf_runtime::Runtime;
use gxf_sdk::Code;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `target/<profile>` of the current test build.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent().and_then(Path::parent).expect("target/<profile>/deps/<test>").to_path_buf()
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn lib(name: &str) -> String {
    profile_dir().join(format!("lib{name}.so")).to_string_lossy().into_owned()
}

fn load_error(path: &str) -> gxf_sdk::Error {
    let rt = Runtime::new();
    rt.load_extension(path).expect_err("the library must be refused")
}

#[test]
fn a_different_abi_version_is_refused_before_anything_is_called() {
    let path = lib("abi_version_mismatch");
    let e = load_error(&path);
    assert_eq!(e.code, Code::GXF_FACTORY_INCOMPATIBLE);
    assert!(e.message.contains(&path), "names the file: {e}");
    let (major, minor) = (gxf_sdk::abi::ABI_MAJOR, gxf_sdk::abi::ABI_MINOR);
    let (found, required) = (format!("ABI {}.{minor}", major + 1), format!("requires {major}.{minor}"));
    assert!(e.message.contains(&found) && e.message.contains(&required), "says why: {e}");
}

#[test]
fn a_drifted_abi_layout_is_refused_by_the_layout_check() {
    let path = lib("abi_layout_mismatch");
    let e = load_error(&path);
    assert_eq!(e.code, Code::GXF_FACTORY_INCOMPATIBLE);
    assert!(e.message.contains(&path) && e.message.contains("incompatible ABI layout"), "says why: {e}");
}

#[test]
fn a_library_that_is_not_an_extension_is_refused() {
    let libm = ["/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6", "/lib64/libm.so.6"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("libm present");
    let e = load_error(libm);
    assert_eq!(e.code, Code::GXF_EXTENSION_NO_FACTORY);
    assert!(e.message.contains("is not a GXF extension"), "{e}");
}

#[test]
fn a_missing_library_is_reported_as_file_not_found() {
    let e = load_error("/nonexistent/libgxf_nothing.so");
    assert_eq!(e.code, Code::GXF_EXTENSION_FILE_NOT_FOUND);
    assert!(e.message.contains("/nonexistent/libgxf_nothing.so"), "{e}");
}

#[test]
fn loading_the_same_extension_twice_is_a_duplicate() {
    let rt = Runtime::new();
    rt.load_extension(&lib("gxf_std")).expect("std loads");
    let e = rt.load_extension(&lib("gxf_std")).expect_err("second load");
    assert_eq!(e.code, Code::GXF_FACTORY_DUPLICATE_TID);
}

/// Builds the example third-party extension (its own crate, outside the workspace) and runs its
/// codelet in a graph through gxe with a manifest.
#[test]
fn a_third_party_extension_builds_and_runs_in_gxe() {
    let example = workspace_root().join("examples/hello-extension");
    let target = profile_dir().parent().expect("target dir").to_path_buf();
    let release = profile_dir().ends_with("release");
    let mut build = Command::new(env!("CARGO"));
    build.arg("build").arg("--manifest-path").arg(example.join("Cargo.toml")).env("CARGO_TARGET_DIR", &target);
    if release {
        build.arg("--release");
    }
    let status = build.status().expect("cargo runs");
    assert!(status.success(), "the example extension builds");
    let gxe = profile_dir().join("gxe");
    assert!(gxe.exists(), "build gxe first (cargo build)");
    let manifest = std::env::temp_dir().join(format!("hello_manifest_{}.yaml", std::process::id()));
    std::fs::write(&manifest, format!("extensions:\n- {}\n- {}\n", lib("gxf_std"), lib("hello_extension"))).unwrap();
    let out = Command::new(&gxe)
        .arg("--app")
        .arg(example.join("greeter.yaml"))
        .arg("--manifest")
        .arg(&manifest)
        .output()
        .expect("gxe runs");
    let _ = std::fs::remove_file(&manifest);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "gxe succeeds:\n{text}");
    assert!(text.contains("Greeter ticked 5 times"), "the codelet ran 5 times:\n{text}");
}
