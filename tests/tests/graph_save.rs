//! `GxfGraphSaveToFile` (`gxf_runtime::save_graph`): a saved graph loads back into a fresh
//! context as the same graph, saves to the same text, and runs as the original does.

use gxf_runtime::{graph_to_yaml, save_graph, Context, ParamValue, Runtime};
use gxf_sdk::Code;
use gxf_tests::conformance::corpus_dir;
use gxf_tests::harness::runtime_with;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

const EXTENSIONS: &[&str] = &["std", "sample", "test"];

/// A fresh file path in the temp directory.
fn scratch_file(stem: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("gxf_graph_save_{}_{stem}_{n}.yaml", std::process::id()))
}

/// A context with the corpus files of `apps` (`a.yaml,b.yaml`) loaded in order, as gxe does.
fn load_corpus(apps: &str) -> Context {
    let rt = runtime_with(EXTENSIONS);
    let root = corpus_dir();
    for app in apps.split(',') {
        gxf_runtime::load_file(&rt, app, &root.to_string_lossy(), &[]).unwrap_or_else(|e| panic!("{app}: {e}"));
    }
    rt
}

fn load_text(text: &str) -> Context {
    let rt = runtime_with(EXTENSIONS);
    gxf_runtime::load_str(&rt, "<test>", text, &[]).unwrap_or_else(|e| panic!("loading the graph: {e}\n{text}"));
    rt
}

/// Saves `rt` to a file, loads that file into a fresh context and checks that it is the same
/// graph and saves to the same text; returns the reloaded context and the text.
fn round_trip(rt: &Runtime, what: &str) -> (Context, String) {
    let path = scratch_file("saved");
    let path = path.to_str().expect("utf-8 temp path");
    save_graph(rt, path).unwrap_or_else(|e| panic!("{what}: saving: {e}"));
    let text = std::fs::read_to_string(path).expect("saved file");
    assert_eq!(graph_to_yaml(rt).unwrap(), text, "{what}: graph_to_yaml is what save_graph writes");
    let again = runtime_with(EXTENSIONS);
    gxf_runtime::load_file(&again, path, "", &[]).unwrap_or_else(|e| panic!("{what}: reloading: {e}\n{text}"));
    std::fs::remove_file(path).expect("remove the saved file");
    assert_eq!(describe(rt), describe(&again), "{what}: the reloaded graph differs\n{text}");
    assert_eq!(graph_to_yaml(&again).unwrap(), text, "{what}: saving the reloaded graph gives other text");
    (again, text)
}

/// The graph of a context without its ids: entities in order (auto names as `#<index>`) with
/// their group, interface map and components (type, name, parameters by key, handles as
/// `entity[index]`).
fn describe(rt: &Runtime) -> String {
    let ids = rt.entity_ids();
    let entity_label = |eid: i64| {
        let name = rt.entity_name(eid);
        if name.starts_with("__") {
            format!("#{}", ids.iter().position(|e| *e == eid).unwrap())
        } else {
            name
        }
    };
    let component_label = |cid: i64| {
        let slot = rt.component(cid).unwrap();
        let index = rt.entity(slot.eid).unwrap().components().iter().position(|c| c.cid == cid).unwrap();
        format!("{}[{index}]", entity_label(slot.eid))
    };
    fn value(v: &ParamValue, label: &dyn Fn(i64) -> String) -> String {
        match v {
            ParamValue::Handle(cid) => format!("-> {}", label(*cid)),
            ParamValue::Seq(items) => {
                format!("[{}]", items.iter().map(|v| value(v, label)).collect::<Vec<_>>().join(", "))
            }
            ParamValue::Map(entries) => {
                format!(
                    "{{{}}}",
                    entries.iter().map(|(k, v)| format!("{k}: {}", value(v, label))).collect::<Vec<_>>().join(", ")
                )
            }
            other => format!("{other:?}"),
        }
    }
    let mut groups: Vec<i64> = Vec::new();
    let mut out = String::new();
    for &eid in &ids {
        let entity = rt.entity(eid).unwrap();
        let gid = rt.entity_group(eid).unwrap();
        let group = match rt.entity_group_name(gid) {
            None => "default".to_string(),
            Some(name) => {
                if !groups.contains(&gid) {
                    groups.push(gid);
                }
                format!("{name}#{}", groups.iter().position(|g| *g == gid).unwrap())
            }
        };
        let interfaces: Vec<String> = entity
            .interfaces
            .lock()
            .unwrap()
            .iter()
            .map(|(n, cid)| format!("{n} -> {}", component_label(*cid)))
            .collect();
        out += &format!("entity {} group {group} interfaces {interfaces:?}\n", entity_label(eid));
        for slot in entity.components() {
            out += &format!("  {} '{}'\n", slot.ty.name, slot.name());
            let params: BTreeMap<String, ParamValue> = slot.params.read().unwrap().iter().cloned().collect();
            for (key, v) in params {
                out += &format!("    {key} = {}\n", value(&v, &component_label));
            }
        }
    }
    out
}

/// Activates, runs and deactivates a graph.
fn run(rt: &Runtime) -> Result<(), gxf_sdk::Error> {
    rt.graph_activate()?;
    rt.graph_run()?;
    rt.graph_deactivate()
}

#[test]
fn corpus_graphs_load_back_the_same_and_save_to_the_same_text() {
    let apps = [
        "gxf/test/apps/test_ping.yaml",
        "gxf/test/apps/test_ping_unnamed_entities.yaml",
        "gxf/test/apps/test_handle_parameter.yaml",
        "gxf/test/apps/test_fixed_vector_parameter.yaml",
        "gxf/test/apps/test_register_parameter_interface.yaml",
        "gxf/test/apps/test_load_parameter_from_yaml.yaml",
        "gxf/test/apps/test_load_order.yaml",
        "gxf/test/apps/test_periodic.yaml",
        "gxf/test/apps/multiple_tx_rx_memory_available_st.yaml",
        "gxf/test/apps/test_ping_graph.yaml",
        "gxf/test/apps/test_ping_graph.yaml,gxf/test/apps/test_ping_graph_parameters.yaml",
        "gxf/test/apps/test_subgraph.yaml",
        "gxf/test/apps/test_subgraph_global_parameter_app.yaml",
        "gxf/test/apps/test_subgraph_split.yaml,gxf/test/apps/test_subgraph_split.param2.yaml",
        "gxf/test/apps/test_entity_group_users.yaml",
        "gxf/test/apps/test_entity_group_root_and_subgraph.yaml",
        "gxf/python/tests/test_vector_params.yaml",
        "gxf/core/tests/apps/test_app_GxfGraphLoadFile_unregistered_params.yaml",
    ];
    for app in apps {
        let rt = load_corpus(app);
        round_trip(&rt, app);
    }
}

#[test]
fn reloaded_graphs_run_as_the_originals_do() {
    for app in [
        "gxf/test/apps/test_ping.yaml",
        "gxf/test/apps/test_subgraph.yaml",
        "gxf/test/apps/test_ping_graph.yaml,gxf/test/apps/test_ping_graph_parameters.yaml",
        "gxf/test/apps/test_register_parameter_interface.yaml",
        "gxf/test/apps/test_load_parameter_from_yaml.yaml",
    ] {
        let original = load_corpus(app);
        let (reloaded, _) = round_trip(&original, app);
        run(&original).unwrap_or_else(|e| panic!("{app}: original: {e}"));
        run(&reloaded).unwrap_or_else(|e| panic!("{app}: reloaded: {e}"));
        reloaded.destroy().unwrap();
        original.destroy().unwrap();
    }
    // `<Unspecified>` handles stay unset: activation fails in both.
    let original = load_corpus("gxf/test/apps/test_ping_graph.yaml");
    let (reloaded, text) = round_trip(&original, "test_ping_graph.yaml");
    assert!(text.contains("signal: <Unspecified>"), "{text}");
    for rt in [original, reloaded] {
        assert_eq!(rt.graph_activate().unwrap_err().code, Code::GXF_PARAMETER_MANDATORY_NOT_SET);
    }
}

#[test]
fn a_saved_subgraph_is_not_loaded_twice_and_keeps_its_interfaces() {
    let rt = load_corpus("gxf/test/apps/test_subgraph.yaml");
    let (reloaded, text) = round_trip(&rt, "test_subgraph.yaml");
    assert!(
        text.contains(
            "  - name: gather_subgraph\n    type: nvidia::gxf::Subgraph\n    expanded: true\n    parameters:\n      \
             location: gxf/test/apps/gather_subgraph.yaml\n      prerequisites:\n        monitored_rx: rx/signal\n"
        ),
        "{text}"
    );
    assert!(text.contains("interface_map:\n  - name: input1\n    target: gather_subgraph.i1/input\n"), "{text}");
    // Handles through interfaces are written as the components they reach.
    assert!(text.contains("source: gather_subgraph.gather/output\n      target: rx/signal\n"), "{text}");
    assert_eq!(rt.entity_count(), reloaded.entity_count());
    let host = reloaded.find_entity("gather_subgraph").unwrap();
    let output = reloaded.find_component(host, None, Some("output")).unwrap();
    let gather = reloaded.find_entity("gather_subgraph.gather").unwrap();
    assert_eq!(reloaded.component(output).unwrap().eid, gather, "interface names still find inner components");
}

#[test]
fn entity_groups_are_saved_with_their_names() {
    let rt = load_corpus("gxf/test/apps/test_entity_group_users.yaml");
    let (_, text) = round_trip(&rt, "test_entity_group_users.yaml");
    let groups = &text[text.find("---\nEntityGroups:").expect("an EntityGroups document")..];
    assert_eq!(
        groups,
        "---\nEntityGroups:\n  - name: EG_0\n    target:\n      - tx0\n      - tx1\n      - GPU_1\n      - CPU_1\n  \
         - name: EG_1\n    target:\n      - rx0\n      - rx1\n      - GPU_2\n      - CPU_2\n"
    );
}

/// GXF's own save test (`test_entity.cpp`, `Entity.GxfGraphSaveToFile`): an entity built through
/// the API, a component with parameters set and one without.
#[test]
fn the_output_has_gxf_shape() {
    let rt = runtime_with(EXTENSIONS);
    let eid = rt.create_entity(Some("test entity"), false).unwrap();
    let pool = rt.add_component(eid, "nvidia::gxf::BlockMemoryPool", "test comp 1").unwrap();
    rt.set_param(pool, "storage_type", ParamValue::Int(0)).unwrap();
    rt.set_param(pool, "block_size", ParamValue::UInt(96)).unwrap();
    rt.set_param(pool, "num_blocks", ParamValue::UInt(3)).unwrap();
    rt.add_component(eid, "nvidia::gxf::BlockMemoryPool", "test comp 2").unwrap();
    let other = rt.create_entity(None, false).unwrap();
    rt.add_component(other, "nvidia::gxf::ManualClock", "").unwrap();
    let (_, text) = round_trip(&rt, "API graph");
    assert_eq!(
        text,
        "---\nname: test entity\ncomponents:\n  - name: test comp 1\n    type: nvidia::gxf::BlockMemoryPool\n    \
         parameters:\n      storage_type: 0\n      block_size: 96\n      num_blocks: 3\n  - name: test comp 2\n    \
         type: nvidia::gxf::BlockMemoryPool\n    parameters:\n      storage_type: 0\n---\ncomponents:\n  - type: \
         nvidia::gxf::ManualClock\n    parameters:\n      initial_timestamp: 0\n"
    );
}

/// Containers, maps, complex numbers and handle lists (`StdParameterTest` checks the values
/// when it is initialised).
const STD_PARAMETERS: &str = r#"
name: pools
components:
- name: a
  type: nvidia::gxf::test::MockAllocator
- name: b
  type: nvidia::gxf::test::MockAllocator
---
name: params
components:
- name: local
  type: nvidia::gxf::test::MockAllocator
- type: nvidia::gxf::test::StdParameterTest
  parameters:
    integers: [2, 3, 5, 7, 11]
    my_unsigned_int8: [133, 100, 1, 3]
    strings: ["Hello", "world,", GXF]
    my_doubles: [[4.2, -5.2, 0.0], [], [100.0]]
    segments: [[[-100.0, 0.0], [100.0, 0.0]], [[0.0, 0.0], [20.0, 2.0]]]
    rank_2_vector: [[1, 2], [3]]
    rank_3_vector: [[[1], [2, 3]], []]
    vector_of_float: [0.1, 1e-300, -2.5]
    vector_of_handles: [local, pools/a, pools/b]
    rank_2_array: [[1, 2]]
    array_of_two_handles: [pools/b, local]
    string_to_int_map: {hello: 1, world: 2}
    string_to_vector_map: {a: [1, 2], b: []}
    complex64: 2.0 + 1.5j
    complex128: -2.102-3i
"#;

#[test]
fn containers_maps_complex_numbers_and_handle_lists_round_trip() {
    let rt = load_text(STD_PARAMETERS);
    let (reloaded, text) = round_trip(&rt, "StdParameterTest");
    assert!(
        text.contains("      vector_of_handles:\n        - local\n        - pools/a\n        - pools/b\n"),
        "{text}"
    );
    assert!(text.contains("      complex128: -2.102-3.0j\n"), "{text}");
    assert!(text.contains("      string_to_int_map:\n        hello: 1\n        world: 2\n"), "{text}");
    reloaded.graph_activate().expect("StdParameterTest accepts the reloaded values");
    reloaded.graph_deactivate().unwrap();
}

/// Text that needs quoting, a map given to a string parameter, unregistered parameters, handles
/// to other entities and to a nameless component.
const TEXTS_AND_HANDLES: &str = r##"
name: "odd: name"
components:
- name: "#signal"
  type: nvidia::gxf::DoubleBufferTransmitter
---
name: rx
components:
- type: nvidia::gxf::DoubleBufferReceiver
- type: nvidia::gxf::MessageAvailableSchedulingTerm
  parameters: {receiver: "", min_size: 2}
- type: nvidia::gxf::test::LoadParameterFromYamlTest
  parameters:
    fact: true
    rumor: false
    forty_two: 42
    minus_one: -1
    some_text: "yes: quoted"
    more: {nested: [1, {deeper: x}]}
    unregistered_bool: on
    unregistered_int: 0x10
    unregistered_float: 2.0
    unregistered_text: some words
    unregistered_ms: !ms 3
---
components:
- type: nvidia::gxf::Connection
  parameters: {source: "odd: name/#signal", target: rx/}
"##;

#[test]
fn quoted_texts_unregistered_parameters_and_handles_round_trip() {
    let rt = load_text(TEXTS_AND_HANDLES);
    let (reloaded, text) = round_trip(&rt, "texts and handles");
    for line in [
        "name: \"odd: name\"\n",
        "  - name: \"#signal\"\n",
        "      receiver: \"\"\n",
        // The loader stores yaml-cpp's emission (`"yes: quoted"`, quotes included), which is
        // written so that it reads back as that text, not quoted once more.
        "      some_text: \"yes: quoted\"\n",
        "      more: {nested: [1, {deeper: x}]}\n",
        "      unregistered_bool: true\n      unregistered_int: 16\n      unregistered_float: 2.0\n      \
         unregistered_text: some words\n      unregistered_ms: 3000000\n",
        "      source: \"odd: name/#signal\"\n      target: rx/\n",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
    let cid = reloaded.find_component(reloaded.find_entity("rx").unwrap(), None, None).unwrap();
    assert_eq!(reloaded.component(cid).unwrap().ty.name, "nvidia::gxf::DoubleBufferReceiver");
}

#[test]
fn an_unregistered_value_no_yaml_gives_back_is_left_out() {
    let rt = load_text("name: e\ncomponents:\n- name: c\n  type: nvidia::gxf::ManualClock\n");
    let cid = rt.find_component(rt.find_entity("e").unwrap(), None, Some("c")).unwrap();
    rt.set_param(cid, "looks_like_a_number", ParamValue::Str("12".into())).unwrap();
    rt.set_param(cid, "a_list", ParamValue::Seq(vec![ParamValue::Int(1)])).unwrap();
    rt.set_param(cid, "kept", ParamValue::Str("twelve".into())).unwrap();
    let text = graph_to_yaml(&rt).unwrap();
    assert!(text.contains("      kept: twelve\n"), "{text}");
    assert!(!text.contains("looks_like_a_number") && !text.contains("a_list"), "{text}");
}

#[test]
fn what_a_graph_file_cannot_name_is_an_error_and_writes_nothing() {
    // A handle from a named entity to a component of an unnamed one.
    let rt = runtime_with(EXTENSIONS);
    let unnamed = rt.create_entity(None, true).unwrap();
    let clock = rt.add_component(unnamed, "nvidia::gxf::ManualClock", "clock").unwrap();
    let named = rt.create_entity(Some("sched"), true).unwrap();
    let greedy = rt.add_component(named, "nvidia::gxf::GreedyScheduler", "").unwrap();
    rt.set_param(greedy, "clock", ParamValue::Handle(clock)).unwrap();
    let path = scratch_file("unnamed");
    let e = save_graph(&rt, path.to_str().unwrap()).unwrap_err();
    assert_eq!(e.code, Code::GXF_FAILURE);
    assert!(e.message.contains("parameter 'clock' of 'sched/nvidia::gxf::GreedyScheduler'"), "{e}");
    assert!(e.message.contains("has no name a graph file can use"), "{e}");
    assert!(!path.exists(), "nothing is written");

    // An unnamed entity in an entity group.
    let rt = runtime_with(EXTENSIONS);
    let unnamed = rt.create_entity(None, true).unwrap();
    let gid = rt.create_entity_group("EG");
    rt.set_entity_group(unnamed, gid).unwrap();
    let e = graph_to_yaml(&rt).unwrap_err();
    assert!(e.message.contains("is in entity group 'EG'"), "{e}");

    // Two components of one name: the loader refuses the second.
    let rt = runtime_with(EXTENSIONS);
    let eid = rt.create_entity(Some("e"), true).unwrap();
    rt.add_component(eid, "nvidia::gxf::ManualClock", "clock").unwrap();
    let second = rt.add_component(eid, "nvidia::gxf::ManualClock", "clock").unwrap();
    let greedy = rt.add_component(eid, "nvidia::gxf::GreedyScheduler", "").unwrap();
    rt.set_param(greedy, "clock", ParamValue::Handle(second)).unwrap();
    let e = graph_to_yaml(&rt).unwrap_err();
    assert!(e.message.contains("entity 'e' has two components named 'clock'"), "{e}");

    // A handle to a nameless component where another nameless one of its type comes first.
    let rt = runtime_with(EXTENSIONS);
    let eid = rt.create_entity(Some("e"), true).unwrap();
    rt.add_component(eid, "nvidia::gxf::ManualClock", "").unwrap();
    let second = rt.add_component(eid, "nvidia::gxf::ManualClock", "").unwrap();
    let greedy = rt.add_component(eid, "nvidia::gxf::GreedyScheduler", "").unwrap();
    rt.set_param(greedy, "clock", ParamValue::Handle(second)).unwrap();
    let e = graph_to_yaml(&rt).unwrap_err();
    assert!(e.message.contains("'' and 'e/' would find another component or none"), "{e}");
}

#[test]
fn saving_to_a_path_that_cannot_be_written_is_gxf_failure_naming_it() {
    let rt = load_corpus("gxf/test/apps/test_ping.yaml");
    for path in ["/nonexistent-dir/graph.yaml", std::env::temp_dir().to_str().unwrap()] {
        let e = save_graph(&rt, path).unwrap_err();
        assert_eq!(e.code, Code::GXF_FAILURE, "{path}: {e}");
        assert!(e.message.contains(&format!("'{path}'")), "{e}");
    }
    assert_eq!(save_graph(&rt, "").unwrap_err().code, Code::GXF_ARGUMENT_INVALID);
}

#[test]
fn a_saved_split_subgraph_is_still_completed_by_its_overlay() {
    let base = load_corpus("gxf/test/apps/test_subgraph_split.yaml");
    let (reloaded, text) = round_trip(&base, "test_subgraph_split.yaml");
    assert!(
        text.contains("    type: nvidia::gxf::Subgraph\n    expanded: true\n    parameters:\n      {}\n"),
        "{text}"
    );
    let root = corpus_dir();
    let overlay = "gxf/test/apps/test_subgraph_split.param1.yaml";
    gxf_runtime::load_file(&reloaded, overlay, &root.to_string_lossy(), &[]).expect("the overlay loads the subgraph");
    let whole = load_corpus(&format!("gxf/test/apps/test_subgraph_split.yaml,{overlay}"));
    assert_eq!(describe(&reloaded), describe(&whole));
    run(&reloaded).expect("the completed graph runs");
}

#[test]
fn an_expanded_subgraph_entry_is_created_in_place_without_loading_its_files() {
    let text = "name: host\ncomponents:\n- name: clock\n  type: nvidia::gxf::ManualClock\n- name: sub\n  type: \
                nvidia::gxf::Subgraph\n  expanded: true\n  parameters: {location: \"no/such: file.yaml\"}\n- name: \
                after\n  type: nvidia::gxf::ManualClock\n";
    let rt = load_text(text);
    let host = rt.find_entity("host").unwrap();
    let names: Vec<String> = rt.entity(host).unwrap().components().iter().map(|c| c.name()).collect();
    assert_eq!(names, ["clock", "sub", "after"], "created in document order, next to other components");
    let sub = rt.find_component(host, None, Some("sub")).unwrap();
    assert_eq!(rt.param(sub, "location").unwrap(), ParamValue::Str("no/such: file.yaml".into()));
    let (_, saved) = round_trip(&rt, "expanded subgraph");
    assert!(saved.contains("      location: \"no/such: file.yaml\"\n"), "{saved}");
}
