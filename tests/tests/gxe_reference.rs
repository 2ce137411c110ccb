//! `gxe --list` and `gxe --describe TYPE`: the component reference, read from the extensions
//! gxe loads (the same libraries a graph would get).

use gxf_tests::harness::gxe;
use std::process::{Command, Stdio};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(gxe()).args(args).output().expect("gxe runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn list_names_every_extension_and_its_types() {
    let (code, out, err) = run(&["--list"]);
    assert_eq!(code, 0, "{err}");
    for wanted in ["StandardExtension 2.6.0", "SampleExtension", "nvidia::gxf::PingTx", "nvidia::gxf::GreedyScheduler"]
    {
        assert!(out.contains(wanted), "missing {wanted} in:\n{out}");
    }
    assert!(out.lines().any(|l| l.contains("nvidia::gxf::Transmitter") && l.contains("[abstract]")), "{out}");
}

#[test]
fn describe_shows_parameters_with_types_defaults_flags_and_handle_interfaces() {
    let (code, out, err) = run(&["--describe", "nvidia::gxf::DownstreamReceptiveSchedulingTerm"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("transmitter: Handle<nvidia::gxf::Transmitter>  (mandatory)"), "{out}");
    assert!(out.contains("min_size: uint64 = 1"), "{out}");
    assert!(out.contains("base: nvidia::gxf::SchedulingTerm -> nvidia::gxf::Component"), "{out}");
    let (_, out, _) = run(&["-describe=nvidia::gxf::test::StepCount"]);
    assert!(out.contains("expected_count: uint64 = 0"), "{out}");
}

#[test]
fn a_mistyped_type_is_an_error_with_a_suggestion() {
    let (code, _, err) = run(&["--describe", "nvidia::gxf::PingTX"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("GXF_FACTORY_UNKNOWN_CLASS_NAME") && err.contains("did you mean 'nvidia::gxf::PingTx'"),
        "{err}"
    );
}

#[test]
fn a_listing_cut_short_by_its_reader_ends_quietly() {
    let mut child = Command::new(gxe()).arg("--list").stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !err.contains("panicked"), "{err}");
}

/// `docs/components.md` is the Markdown reference gxe generates from the extensions built beside
/// it: it must match what this build registers.
#[test]
fn the_checked_in_component_reference_is_current() {
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/components.md");
    let fresh = std::env::temp_dir().join(format!("gxf_components_{}.md", std::process::id()));
    let (code, _, err) = run(&["--reference", fresh.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let generated = std::fs::read_to_string(&fresh).unwrap();
    let _ = std::fs::remove_file(&fresh);
    assert!(generated.contains("### `nvidia::gxf::PingTx`") && generated.contains("| `signal` |"), "{generated}");
    let checked_in = std::fs::read_to_string(&docs).unwrap_or_default();
    assert!(
        generated == checked_in,
        "docs/components.md is out of date: regenerate it with `cargo build && target/debug/gxe --reference docs/components.md`"
    );
}
