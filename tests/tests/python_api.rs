//! The whole GXF Python API, from the spec's tables (gxf-python-spec.md §3-6): codelet files
//! loaded by path, the component classes made from registered types, graph building with every
//! kind of node, subgraphs at several levels, ComputeEntity / PyComputeEntity / StandardGraph
//! graphs that run, save-load-run, the exception and crash handlers, the functional API's error
//! strings, and the type stubs. The Python side of each test is a script in `tests/python/api`,
//! run with this build's native library in a fresh directory, with no user site-packages.

use gxf_tests::harness::{gxe, run_in_scratch};
use std::path::{Path, PathBuf};

fn api_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("python/api")
}

fn package_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../python-codelet-extension/python")
}

fn python() -> PathBuf {
    PathBuf::from(std::env::var("GXF_PYTHON").unwrap_or_else(|_| "python3".into()))
}

/// The environment of every run: this build's package and native library, nothing from the
/// user's site-packages, no bytecode files.
fn python_env() -> Vec<(&'static str, String)> {
    let native = gxe().with_file_name("libpygxf_native.so");
    vec![
        ("PYTHONPATH", package_dir().to_string_lossy().into_owned()),
        ("GXF_PYTHON_NATIVE", native.to_string_lossy().into_owned()),
        ("PYTHONNOUSERSITE", "1".into()),
        ("PYTHONDONTWRITEBYTECODE", "1".into()),
    ]
}

/// `(name in the scratch directory, text of tests/python/api/<path>)` for each pair.
fn api_files(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(name, path)| {
            let text = std::fs::read_to_string(api_dir().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
            (name.to_string(), text)
        })
        .collect()
}

/// Runs `program args` in a fresh directory holding `files`, with [`python_env`].
fn run(program: &Path, files: &[(String, String)], args: &[&str]) -> (i32, String) {
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let env = python_env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    run_in_scratch(program, &files, args, &env)
}

/// Runs the API script `script` (with `checks.py` and the `extra` files beside it).
fn run_script(script: &str, args: &[&str], extra: &[(&str, &str)]) -> (i32, String) {
    let mut files = vec![(script, script), ("checks.py", "checks.py")];
    files.extend_from_slice(extra);
    let mut call = vec![script];
    call.extend_from_slice(args);
    run(&python(), &api_files(&files), &call)
}

fn assert_ok((exit, out): (i32, String), needles: &[&str]) -> String {
    assert_eq!(exit, 0, "exit 0 expected:\n{out}");
    for n in needles {
        assert!(out.contains(n), "output mentions '{n}':\n{out}");
    }
    out
}

/// A graph with one entity per `(entity, class, file)`, each ticked twice, under a ManualClock.
fn codelets_graph(codelets: &[(&str, &str, &str)]) -> String {
    let mut graph = String::new();
    for (entity, class, file) in codelets {
        graph.push_str(&format!(
            "---\nname: {entity}\ncomponents:\n- type: nvidia::gxf::PyCodeletV0\n  parameters:\n    codelet_name: {class}\n    \
             codelet_file: {file}\n    codelet_params: {{}}\n- type: nvidia::gxf::CountSchedulingTerm\n  parameters: {{count: 2}}\n"
        ));
    }
    graph.push_str(
        "---\nname: scheduler\ncomponents:\n- name: clock\n  type: nvidia::gxf::ManualClock\n\
         - type: nvidia::gxf::GreedyScheduler\n  parameters: {clock: clock}\n",
    );
    graph
}

/// `codelet_file` names the file to load, whatever is installed: files named like installed
/// modules (`json.py`, pytest's `py.py`), two `step.py` in different folders, and a codelet that
/// imports a module beside it. Under gxe (files at the top, no folder) and under
/// `python3 -m gxf.gxe` (files in a folder: there the working directory comes first on sys.path).
#[test]
fn codelet_files_are_loaded_by_path_not_by_module_name() {
    let sources = [
        ("json.py", "shadow/json.py"),
        ("py.py", "shadow/py.py"),
        ("a/step.py", "shadow/a/step.py"),
        ("b/step.py", "shadow/b/step.py"),
        ("lib/uses_sibling.py", "shadow/lib/uses_sibling.py"),
        ("lib/sibling_helper.py", "shadow/lib/sibling_helper.py"),
    ];
    let expected =
        ["JSON-NAMED 2 {\"std\": true}", "PY-NAMED 2", "STEP-FROM a", "STEP-FROM b", "SIBLING hello from the sibling"];
    for folder in ["", "codelets/"] {
        let codelets: Vec<(String, &str, String)> = [
            ("json", "JsonNamed", "json.py"),
            ("py", "PyNamed", "py.py"),
            ("step_a", "Step", "a/step.py"),
            ("step_b", "Step", "b/step.py"),
            ("sibling", "UsesSibling", "lib/uses_sibling.py"),
        ]
        .iter()
        .map(|(entity, class, file)| (entity.to_string(), *class, format!("{folder}{file}")))
        .collect();
        let refs: Vec<(&str, &str, &str)> = codelets.iter().map(|(e, c, f)| (e.as_str(), *c, f.as_str())).collect();
        let placed: Vec<(String, &str)> =
            sources.iter().map(|(name, path)| (format!("{folder}{name}"), *path)).collect();
        let placed: Vec<(&str, &str)> = placed.iter().map(|(n, p)| (n.as_str(), *p)).collect();
        let mut files = api_files(&placed);
        files.push(("g.yaml".into(), codelets_graph(&refs)));
        let out = if folder.is_empty() {
            run(&gxe(), &files, &["--app", "g.yaml"])
        } else {
            run(&python(), &files, &["-m", "gxf.gxe", "--app", "g.yaml"])
        };
        assert_ok(out, &expected);
    }
}

/// EndOfStream travels on a message (both forms of add_to_entity, get by type and by name);
/// BTSchedulingTerm conditions set from one codelet decide when another entity ticks.
#[test]
fn end_of_stream_and_behaviour_tree_terms_work_from_python() {
    assert_ok(run_script("eos_bt.py", &[], &[]), &["EOS [7, 7]", "CHILD-TICKS 3", "EOS-BT-OK"]);
}

#[test]
fn every_name_of_the_spec_tables_exists() {
    assert_ok(run_script("spec_names.py", &[], &[]), &["SPEC-NAMES-OK"]);
}

/// gxf.std / gxf.sample / gxf.test / gxf.cuda classes match the registered types; unknown
/// parameters are refused; a third-party package gets classes from its library; the generator
/// writes an equivalent Components.py.
#[test]
fn component_classes_are_made_from_the_registered_types() {
    assert_ok(run_script("component_classes.py", &[], &[]), &["CLASSES-OK"]);
}

#[test]
fn graphs_are_built_with_every_kind_of_node() {
    let out = assert_ok(run_script("graph_nodes.py", &[], &[]), &["NODES-OK", "TX-TICKS 6", "Message Received: 6"]);
    assert!(!out.contains("Message Received: 7"), "{out}");
}

#[test]
fn python_subgraphs_nest_at_several_levels() {
    assert_ok(run_script("subgraphs.py", &[], &[]), &["SINK 5", "SUBGRAPHS-OK"]);
}

#[test]
fn legacy_subgraph_components_load_with_prerequisites_and_override_params() {
    let out = assert_ok(
        run_script("legacy_subgraph.py", &[], &[("legacy_sub.yaml", "legacy_sub.yaml")]),
        &[
            "Message Received: 3",
            "==== GXF Python Exception Handler ====",
            "GXF_ENTITY_COMPONENT_NOT_FOUND: override_params names 'missing'",
            "LEGACY-OK",
        ],
    );
    assert!(!out.contains("Message Received: 4"), "override_params set the count to 3:\n{out}");
}

#[test]
fn compute_entity_py_compute_entity_and_standard_graph_graphs_run() {
    let out = assert_ok(
        run_script("standard_graphs.py", &[], &[]),
        &[
            "STANDARD-GRAPH-DONE",
            "Message Received: 4",
            "COMPUTE-ENTITY-DONE",
            "PYRX 7",
            "PARAMS",
            "STANDARD-GRAPHS-OK",
        ],
    );
    assert_eq!(out.matches("Message Received at [receivers_2]").count(), 2, "{out}");
}

#[test]
fn a_saved_graph_loads_and_runs_with_the_same_result() {
    let out = assert_ok(run_script("save_load.py", &[], &[]), &["FIRST-RUN-DONE", "SAVE-LOAD-OK"]);
    assert_eq!(out.matches("COUNT count 5").count(), 2, "both runs count 5:\n{out}");
    assert_eq!(out.matches("Message Received: 3").count(), 2, "both runs receive 3:\n{out}");
}

/// GXF's test_python_crash_handling.py cases: the exception handler (a decorated method, and a
/// real GXF error), and the crash handler for a signal; each exits 1.
#[test]
fn the_exception_and_crash_handlers_log_and_exit_1() {
    let cases = [
        (
            "decorator",
            vec!["==== GXF Python Exception Handler ====", "Caught exception in run: ValueError: Mock exception"],
        ),
        (
            "real",
            vec![
                "==== GXF Python Exception Handler ====",
                "Caught exception in run: ValueError: GXF_ENTITY_COMPONENT_NOT_FOUND",
            ],
        ),
        (
            "crash",
            vec![
                "==== GXF Python Crash Handler ====",
                "Caught signal 6 (SIGABRT)",
                "==== Crash Handler Backtrace ====",
            ],
        ),
    ];
    for (mode, needles) in cases {
        let (exit, out) = run_script("handlers.py", &[mode], &[]);
        assert_eq!(exit, 1, "{mode}: exit 1 expected:\n{out}");
        assert!(!out.contains("NOT-REACHED") && !out.contains("panicked"), "{mode}:\n{out}");
        for n in needles {
            assert!(out.contains(n), "{mode}: output mentions '{n}':\n{out}");
        }
        if mode == "crash" {
            assert!(!out.contains("Exception Handler"), "a signal is not an exception:\n{out}");
        } else {
            assert!(out.contains("==== Exception Handler Backtrace ====") && out.contains("Traceback"), "{out}");
        }
    }
}

#[test]
fn the_functional_api_has_gxf_names_and_error_strings() {
    assert_ok(run_script("functional_api.py", &[], &[]), &["FUNCTIONAL-OK"]);
}

#[test]
fn the_python_built_ping_example_runs() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/python/ping_graph.py");
    let files = [("ping_graph.py".to_string(), std::fs::read_to_string(example).expect("read the example"))];
    assert_ok(run(&python(), &files, &["ping_graph.py", "12"]), &["PingRx received 12 messages"]);
}

/// The `.pyi` stubs type-check the examples (mypy, when installed: `python3 -m pip install
/// mypy==2.4.1`), and mistakes against them are reported.
#[test]
fn the_stubs_type_check_the_examples() {
    if run(&python(), &[], &["-m", "mypy", "--version"]).0 != 0 {
        return eprintln!("skipping: mypy is not installed (python3 -m pip install mypy==2.4.1)");
    }
    let examples_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/python");
    let mut examples: Vec<String> = std::fs::read_dir(&examples_dir)
        .expect("examples/python")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    examples.sort();
    let mypy = |files: &[(String, String)], targets: &[&str]| {
        let mut args = vec!["-m", "mypy", "--check-untyped-defs", "--no-incremental", "--no-error-summary"];
        args.extend_from_slice(targets);
        let env_path = package_dir().to_string_lossy().into_owned();
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        let mut env = python_env();
        env.push(("MYPYPATH", env_path));
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        run_in_scratch(&python(), &files, &args, &env)
    };
    let targets: Vec<&str> = examples.iter().map(String::as_str).collect();
    let (exit, out) = mypy(&[], &targets);
    assert_eq!(exit, 0, "mypy over {targets:?}:\n{out}");
    let wrong =
        "from gxf.core import Graph\nfrom gxf.std import Transmitter\nTransmitter.get(1, 2)\nGraph('g').run(5)\n";
    let (exit, out) = mypy(&[("wrong.py".into(), wrong.into())], &["wrong.py"]);
    assert_eq!(exit, 1, "{out}");
    assert!(out.contains("Missing positional argument \"name\" in call to \"get\" of \"Transmitter\""), "{out}");
    assert!(out.contains("Too many arguments for \"run\" of \"Graph\""), "{out}");
}
