//! Bad input as a new user produces it: every case must exit 1 with the GXF result code, a
//! one-line cause with its location, and never a panic.

use gxf_tests::harness::{gxe, profile_dir, run_in_scratch};
use std::path::Path;

/// Writes `files` into a fresh directory and runs gxe there with `args`; returns (exit code, output).
fn run_in(files: &[(&str, &str)], args: &[&str]) -> (i32, String) {
    run_in_scratch(&gxe(), files, args, &[])
}

fn assert_failure(files: &[(&str, &str)], args: &[&str], code: &str, cause: &[&str]) {
    let (exit, text) = run_in(files, args);
    assert_eq!(exit, 1, "exit status 1 expected:\n{text}");
    assert!(!text.contains("panicked"), "no panic:\n{text}");
    assert!(text.contains(&format!("Error: {code}")), "names {code}:\n{text}");
    for c in cause {
        assert!(text.contains(c), "mentions '{c}':\n{text}");
    }
}

const PING: &str = "name: a\ncomponents:\n- name: s\n  type: nvidia::gxf::DoubleBufferTransmitter\n- type: nvidia::gxf::PingTx\n  parameters:\n    signal: s\n";

#[test]
fn missing_graph_file() {
    assert_failure(&[], &["--app", "nope.yaml"], "GXF_FAILURE", &["cannot read graph file 'nope.yaml'"]);
}

#[test]
fn yaml_syntax_error_points_at_file_line_column() {
    let text = "name: a\ncomponents:\n- type: nvidia::gxf::PingTx\n  parameters: {signal: [s\n";
    assert_failure(&[("g.yaml", text)], &["--app", "g.yaml"], "GXF_FAILURE", &["g.yaml:", "YAML syntax error"]);
}

#[test]
fn unknown_component_type_shows_the_line() {
    let text = "name: a\ncomponents:\n- type: nvidia::gxf::PingTxx\n";
    assert_failure(
        &[("g.yaml", text)],
        &["--app", "g.yaml"],
        "GXF_FACTORY_UNKNOWN_CLASS_NAME",
        &["g.yaml:3:9: unknown component type 'nvidia::gxf::PingTxx'", "3 | - type: nvidia::gxf::PingTxx"],
    );
}

#[test]
fn unknown_handle_names_entity_and_component() {
    let text = PING.replace("signal: s", "signal: nosuch");
    assert_failure(
        &[("g.yaml", &text)],
        &["--app", "g.yaml"],
        "GXF_ENTITY_COMPONENT_NOT_FOUND",
        &["g.yaml:7:13", "entity 'a' has no component named 'nosuch'"],
    );
}

#[test]
fn unknown_entity_in_handle() {
    let text = PING.replace("signal: s", "signal: b/s");
    assert_failure(
        &[("g.yaml", &text)],
        &["--app", "g.yaml"],
        "GXF_ENTITY_NOT_FOUND",
        &["g.yaml:7", "no entity named 'b'"],
    );
}

#[test]
fn wrong_parameter_type() {
    let text = "name: a\ncomponents:\n- name: s\n  type: nvidia::gxf::DoubleBufferTransmitter\n  parameters:\n    capacity: lots\n";
    assert_failure(
        &[("g.yaml", text)],
        &["--app", "g.yaml"],
        "GXF_PARAMETER_PARSER_ERROR",
        &["g.yaml:6:15: parameter 'capacity' expects an unsigned integer, got 'lots'"],
    );
}

#[test]
fn missing_mandatory_parameter_names_component_and_declaration() {
    let text = "name: a\ncomponents:\n- type: nvidia::gxf::PingTx\n";
    assert_failure(
        &[("g.yaml", text)],
        &["--app", "g.yaml"],
        "GXF_PARAMETER_MANDATORY_NOT_SET",
        &["g.yaml:3:3: mandatory parameter 'signal' of component <unnamed #0> (nvidia::gxf::PingTx) in entity 'a' \
             is not set\n    3 | - type: nvidia::gxf::PingTx"],
    );
}

/// The place is the component's `type:` line, also when its entry starts with `name:`, and the
/// line is echoed as other located errors echo theirs.
#[test]
fn missing_mandatory_parameter_points_at_the_type_line_of_a_named_component() {
    let text = "name: a\ncomponents:\n- name: tx\n  type: nvidia::gxf::PingTx\n";
    assert_failure(
        &[("g.yaml", text)],
        &["--app", "g.yaml", "--check"],
        "GXF_PARAMETER_MANDATORY_NOT_SET",
        &[
            "g.yaml:4:3: mandatory parameter 'signal' of component 'tx' (nvidia::gxf::PingTx) in entity 'a' is not set",
            "\n    4 |   type: nvidia::gxf::PingTx",
        ],
    );
}

#[test]
fn manifest_naming_a_missing_library() {
    let manifest = "extensions:\n- /nonexistent/libfoo.so\n";
    assert_failure(
        &[("g.yaml", PING), ("m.yaml", manifest)],
        &["--app", "g.yaml", "--manifest", "m.yaml"],
        "GXF_EXTENSION_FILE_NOT_FOUND",
        &["m.yaml:2", "'/nonexistent/libfoo.so' not found"],
    );
}

#[test]
fn manifest_naming_a_library_that_is_not_an_extension() {
    let libm = ["/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6", "/lib64/libm.so.6"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("libm present");
    let manifest = format!("extensions:\n- {libm}\n");
    assert_failure(
        &[("g.yaml", PING), ("m.yaml", &manifest)],
        &["--app", "g.yaml", "--manifest", "m.yaml"],
        "GXF_EXTENSION_NO_FACTORY",
        &["is not a GXF extension"],
    );
}

#[test]
fn a_failing_codelet_stops_the_graph_with_its_message() {
    // PingRx without any sender: its first tick finds no message.
    let text = "name: rx\ncomponents:\n- name: s\n  type: nvidia::gxf::DoubleBufferReceiver\n- type: nvidia::gxf::PingRx\n  parameters:\n    signal: s\n---\nname: sched\ncomponents:\n- name: clock\n  type: nvidia::gxf::ManualClock\n- type: nvidia::gxf::GreedyScheduler\n  parameters:\n    clock: clock\n";
    assert_failure(
        &[("g.yaml", text)],
        &["--app", "g.yaml"],
        "GXF_CONTRACT_MESSAGE_NOT_AVAILABLE",
        &["entity 'rx'", "failed to tick"],
    );
}

fn panic_manifest() -> String {
    let dir = profile_dir();
    format!(
        "extensions:\n- {}\n- {}\n",
        dir.join("libgxf_std.so").display(),
        dir.join("libpanic_extension.so").display()
    )
}

#[test]
fn a_panic_in_tick_becomes_gxf_failure_with_the_panic_message() {
    let text = "name: p\ncomponents:\n- name: boom\n  type: fixture::PanicOnTick\n  parameters:\n    panic_at: 3\n- type: nvidia::gxf::CountSchedulingTerm\n  parameters:\n    count: 10\n---\nname: sched\ncomponents:\n- name: clock\n  type: nvidia::gxf::ManualClock\n- type: nvidia::gxf::GreedyScheduler\n  parameters:\n    clock: clock\n";
    let (exit, out) =
        run_in(&[("g.yaml", text), ("m.yaml", &panic_manifest())], &["--app", "g.yaml", "--manifest", "m.yaml"]);
    assert_eq!(exit, 1, "{out}");
    assert!(out.contains("GxfGraphWait Error: GXF_FAILURE"), "{out}");
    assert!(out.contains("panic: boom at tick 3") && out.contains("codelet 'boom' of entity 'p'"), "{out}");
}

#[test]
fn a_panic_in_initialize_fails_activation_cleanly() {
    let text = "name: p\ncomponents:\n- type: fixture::PanicOnInit\n";
    let (exit, out) =
        run_in(&[("g.yaml", text), ("m.yaml", &panic_manifest())], &["--app", "g.yaml", "--manifest", "m.yaml"]);
    assert_eq!(exit, 1, "{out}");
    assert!(out.contains("GxfGraphActivate Error: GXF_FAILURE"), "{out}");
    assert!(out.contains("panic: cannot initialize") && out.contains("g.yaml:3"), "{out}");
}

#[test]
fn a_panic_under_the_multithread_scheduler_stops_the_graph() {
    let text = "name: p\ncomponents:\n- name: boom\n  type: fixture::PanicOnTick\n  parameters:\n    panic_at: 2\n- type: nvidia::gxf::CountSchedulingTerm\n  parameters:\n    count: 10\n---\nname: sched\ncomponents:\n- name: clock\n  type: nvidia::gxf::RealtimeClock\n- type: nvidia::gxf::MultiThreadScheduler\n  parameters:\n    clock: clock\n    worker_thread_number: 2\n";
    let (exit, out) =
        run_in(&[("g.yaml", text), ("m.yaml", &panic_manifest())], &["--app", "g.yaml", "--manifest", "m.yaml"]);
    assert_eq!(exit, 1, "{out}");
    assert!(out.contains("GxfGraphWait Error: GXF_FAILURE") && out.contains("panic: boom at tick 2"), "{out}");
}

/// GXF accepts unregistered parameters, so a misspelled key still loads; the warning says where
/// it was written and which registered key was probably meant.
#[test]
fn a_misspelled_parameter_key_is_located_and_corrected() {
    let graph = "name: tx\ncomponents:\n- name: signal\n  type: nvidia::gxf::DoubleBufferTransmitter\n\
                 - type: nvidia::gxf::DownstreamReceptiveSchedulingTerm\n  parameters:\n    transmitter: signal\n    min_sise: 1\n";
    let (exit, text) = run_in(&[("g.yaml", graph)], &["--app", "g.yaml", "--check"]);
    assert_eq!(exit, 0, "GXF loads unregistered parameters:\n{text}");
    assert!(
        text.contains("Using unregistered parameter 'min_sise'")
            && text.contains("at g.yaml:8:5: did you mean 'min_size'?"),
        "{text}"
    );
}

/// GXF ignores keys it does not know; a likely typo of a document or component key is reported
/// with its place and the key meant, and `--strict` turns every such hint into a failure.
#[test]
fn misspelled_graph_keys_are_hinted_and_strict_refuses_them() {
    let graph = "nme: tx\ncomponents:\n- name: signal\n  typ: x\n  type: nvidia::gxf::DoubleBufferTransmitter\n";
    let (exit, text) = run_in(&[("g.yaml", graph)], &["--app", "g.yaml", "--check"]);
    assert_eq!(exit, 0, "GXF ignores unknown keys:\n{text}");
    assert!(text.contains("unknown key 'nme' of a graph document at g.yaml:1:1: did you mean 'name'?"), "{text}");
    assert!(text.contains("unknown key 'typ' of a component at g.yaml:4:3: did you mean 'type'?"), "{text}");
    assert_failure(
        &[("g.yaml", graph)],
        &["--app", "g.yaml", "--check", "--strict"],
        "GXF_FAILURE",
        &["--strict: 2 likely mistake(s) in the graph", "g.yaml:1:1"],
    );
    let (exit, text) = run_in(&[("p.yaml", PING)], &["--app", "p.yaml", "--strict", "--run=false"]);
    assert_eq!(exit, 0, "a graph without mistakes passes --strict:\n{text}");
}

/// A misspelled type name, a type without its namespace, and a handle to a misspelled
/// component or entity fail (as in GXF) with the name probably meant.
#[test]
fn misspelled_type_and_handle_names_are_corrected() {
    let graph = |ty: &str, handle: &str| {
        format!("name: tx\ncomponents:\n- name: signal\n  type: {ty}\n- type: nvidia::gxf::PingTx\n  parameters:\n    signal: {handle}\n")
    };
    let cases = [
        ("nvidia::gxf::DoubleBufferTransmiter", "signal", "GXF_FACTORY_UNKNOWN_CLASS_NAME",
         "g.yaml:4:9: unknown component type 'nvidia::gxf::DoubleBufferTransmiter': did you mean 'nvidia::gxf::DoubleBufferTransmitter'?"),
        ("DoubleBufferTransmitter", "signal", "GXF_FACTORY_UNKNOWN_CLASS_NAME",
         "unknown component type 'DoubleBufferTransmitter': did you mean 'nvidia::gxf::DoubleBufferTransmitter'?"),
        ("nvidia::gxf::DoubleBufferTransmitter", "signl", "GXF_ENTITY_COMPONENT_NOT_FOUND",
         "g.yaml:7:13: parameter 'signal': entity 'tx' has no component named 'signl': did you mean 'signal'?"),
        ("nvidia::gxf::DoubleBufferTransmitter", "tc/signal", "GXF_ENTITY_NOT_FOUND",
         "g.yaml:7:13: no entity named 'tc': did you mean 'tx'?"),
    ];
    for (ty, handle, code, hint) in cases {
        assert_failure(&[("g.yaml", &graph(ty, handle))], &["--app", "g.yaml", "--check"], code, &[hint]);
    }
}

/// An unnamed component is named by its place in its entity, with its type.
#[test]
fn an_unnamed_component_is_named_by_its_position() {
    let graph =
        "name: a\ncomponents:\n- name: s\n  type: nvidia::gxf::DoubleBufferTransmitter\n- type: nvidia::gxf::PingTx\n";
    assert_failure(
        &[("g.yaml", graph)],
        &["--app", "g.yaml", "--check"],
        "GXF_PARAMETER_MANDATORY_NOT_SET",
        &["g.yaml:5:3: mandatory parameter 'signal' of component <unnamed #1> (nvidia::gxf::PingTx) in entity 'a' \
             is not set"],
    );
}

/// A handle naming a component of the wrong interface names both types.
#[test]
fn a_handle_of_the_wrong_interface_names_both_types() {
    let graph = "name: a\ncomponents:\n- name: r\n  type: nvidia::gxf::DoubleBufferReceiver\n- type: nvidia::gxf::PingTx\n  parameters:\n    signal: r\n";
    assert_failure(
        &[("g.yaml", graph)],
        &["--app", "g.yaml", "--check"],
        "GXF_ENTITY_COMPONENT_NOT_FOUND",
        &[
            "g.yaml:7:13",
            "component 'r' of entity 'a' is a nvidia::gxf::DoubleBufferReceiver, not a nvidia::gxf::Transmitter",
        ],
    );
}

/// `min_size: -1` for an unsigned parameter: GXF (yaml-cpp's stream extraction) turns it into
/// 2^64 - 1 without a word. The value is kept, so the graph runs as in GXF, with a warning at
/// the value; `--strict` refuses it like the other likely mistakes.
#[test]
fn a_negative_value_for_an_unsigned_parameter_wraps_with_a_warning() {
    let graph = "name: a\ncomponents:\n- name: r\n  type: nvidia::gxf::DoubleBufferReceiver\n\
                 - type: nvidia::gxf::MessageAvailableSchedulingTerm\n  parameters:\n    receiver: r\n    min_size: -1\n";
    let warning = "g.yaml:8:15: negative value -1 for unsigned parameter 'min_size' of component <unnamed #1> \
                   (nvidia::gxf::MessageAvailableSchedulingTerm) in entity 'a' wraps to 18446744073709551615 (as GXF does)";
    let (exit, text) = run_in(&[("g.yaml", graph)], &["--app", "g.yaml", "--check"]);
    assert_eq!(exit, 0, "GXF accepts the graph:\n{text}");
    assert!(text.contains("WARN") && text.contains(warning), "warns at the value:\n{text}");
    assert_failure(
        &[("g.yaml", graph)],
        &["--app", "g.yaml", "--check", "--strict"],
        "GXF_FAILURE",
        &["--strict: 1 likely mistake(s) in the graph", warning],
    );
}
