//! Input an attacker or a careless user produces: each case ends with exit status 1, a GXF result
//! code and a message that says what and where — never an abort, a segfault, a stack overflow, a
//! panic or a silently dropped setting. One test (or more) per finding of the hardening issue.

use gxf_tests::harness::{gxe, profile_dir, run_in_scratch};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs gxe in a fresh directory holding `files`; returns (exit status, output).
fn run(files: &[(&str, &str)], args: &[&str]) -> (i32, String) {
    run_in_scratch(&gxe(), files, args, &[])
}

/// Exit status 1, no panic or abort, and every needle in the output.
fn assert_refused((exit, out): (i32, String), needles: &[&str]) {
    assert_eq!(exit, 1, "exit status 1 expected:\n{out}");
    for bad in ["panicked", "memory allocation of", "stack overflow", "RUST_BACKTRACE"] {
        assert!(!out.contains(bad), "no '{bad}':\n{out}");
    }
    for needle in needles {
        assert!(out.contains(needle), "mentions '{needle}':\n{out}");
    }
}

const SCHEDULER: &str = "---\nname: sched\ncomponents:\n- name: clock\n  type: nvidia::gxf::ManualClock\n\
                         - type: nvidia::gxf::GreedyScheduler\n  parameters:\n    clock: clock\n";

fn queue_graph(capacity: &str) -> String {
    format!(
        "name: tx\ncomponents:\n- name: signal\n  type: nvidia::gxf::DoubleBufferTransmitter\n  parameters:\n    \
         capacity: {capacity}\n{SCHEDULER}"
    )
}

// 1. Queue capacities.

#[test]
fn a_huge_queue_capacity_is_out_of_range_before_anything_is_allocated() {
    for capacity in ["2147483648", "18446744073709551615"] {
        assert_refused(
            run(&[("g.yaml", &queue_graph(capacity))], &["--app", "g.yaml", "--check"]),
            &["GXF_PARAMETER_OUT_OF_RANGE", "g.yaml:6:15", "'capacity'", "must be at most 1048576"],
        );
    }
}

#[test]
fn a_negative_queue_capacity_says_it_wrapped() {
    assert_refused(
        run(&[("g.yaml", &queue_graph("-1"))], &["--app", "g.yaml", "--check"]),
        &["GXF_PARAMETER_OUT_OF_RANGE", "g.yaml:6:15", "18446744073709551615", "wraps around"],
    );
}

// 2. and 3. Thread pools and worker threads.

#[test]
fn thread_counts_are_bounded_when_the_graph_loads() {
    let pool =
        "name: pool\ncomponents:\n- type: nvidia::gxf::ThreadPool\n  parameters:\n    initial_size: 2147483648\n";
    assert_refused(
        run(&[("g.yaml", &format!("{pool}{SCHEDULER}"))], &["--app", "g.yaml", "--check"]),
        &["GXF_PARAMETER_OUT_OF_RANGE", "g.yaml:5:19", "'initial_size'", "at most 1024"],
    );
    for scheduler in ["MultiThreadScheduler", "EventBasedScheduler"] {
        let graph = format!(
            "name: sched\ncomponents:\n- name: clock\n  type: nvidia::gxf::RealtimeClock\n- type: nvidia::gxf::{scheduler}\n  \
             parameters:\n    clock: clock\n    worker_thread_number: 4294967296\n"
        );
        assert_refused(
            run(&[("g.yaml", &graph)], &["--app", "g.yaml", "--check"]),
            &["GXF_PARAMETER_OUT_OF_RANGE", "g.yaml:8:27", "'worker_thread_number'"],
        );
    }
}

#[test]
fn a_block_pool_beyond_memory_is_refused_not_an_abort() {
    let pool = |block_size: &str, num_blocks: &str| {
        format!(
            "name: a\ncomponents:\n- type: nvidia::gxf::BlockMemoryPool\n  parameters:\n    storage_type: 0\n    \
             block_size: {block_size}\n    num_blocks: {num_blocks}\n{SCHEDULER}"
        )
    };
    assert_refused(
        run(&[("g.yaml", &pool("1", "2147483648"))], &["--app", "g.yaml", "--check"]),
        &["GXF_PARAMETER_OUT_OF_RANGE", "g.yaml:7:17", "'num_blocks'"],
    );
    assert_refused(
        run(&[("g.yaml", &pool("1099511627776", "16777216"))], &["--app", "g.yaml", "--check"]),
        &["GXF_OUT_OF_MEMORY", "BlockMemoryPool", "too many"],
    );
}

// 4. Subgraphs.

fn subgraph_doc(entity: &str, location: &str) -> String {
    format!("name: {entity}\ncomponents:\n- type: nvidia::gxf::Subgraph\n  parameters:\n    location: {location}\n")
}

#[test]
fn a_subgraph_that_includes_itself_is_a_named_cycle() {
    assert_refused(
        run(&[("self.yaml", &subgraph_doc("s", "self.yaml"))], &["--app", "self.yaml", "--check"]),
        &["GXF_ARGUMENT_INVALID", "self.yaml:5:15", "subgraph cycle", "self.yaml -> ", "self.yaml (a subgraph"],
    );
    let (a, b) = (subgraph_doc("outer", "b.yaml"), subgraph_doc("inner", "a.yaml"));
    assert_refused(
        run(&[("a.yaml", &a), ("b.yaml", &b)], &["--app", "a.yaml", "--check"]),
        &["subgraph cycle", "a.yaml -> ", "b.yaml -> ", "(in a subgraph included from a.yaml:5:15)"],
    );
}

#[test]
fn a_subgraph_fan_out_stops_at_the_entity_limit() {
    let levels = 40;
    let files: Vec<(String, String)> = (0..levels)
        .map(|i| {
            let next = format!("f{}.yaml", i + 1);
            (format!("f{i}.yaml"), format!("{}---\n{}", subgraph_doc("l", &next), subgraph_doc("r", &next)))
        })
        .chain([(format!("f{levels}.yaml"), "name: leaf\ncomponents: []\n".to_string())])
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let started = Instant::now();
    assert_refused(
        run(&files, &["--app", "f0.yaml", "--check"]),
        &["GXF_EXCEEDING_PREALLOCATED_SIZE", "more than 65536 entities", "(in a subgraph included from"],
    );
    assert!(started.elapsed() < Duration::from_secs(60), "stopped early, not after 2^40 entities");
}

// 7. --param overrides.

const PING: &str = "name: tx\ncomponents:\n- name: signal\n  type: nvidia::gxf::DoubleBufferTransmitter\n\
                    - type: nvidia::gxf::PingTx\n  parameters:\n    signal: signal\n\
                    - type: nvidia::gxf::CountSchedulingTerm\n  parameters:\n    count: 3\n";

fn ping_with_scheduler() -> String {
    format!("{PING}{SCHEDULER}")
}

#[test]
fn an_override_of_a_missing_entity_or_component_is_an_error_naming_the_flag() {
    let graph = ping_with_scheduler();
    assert_refused(
        run(&[("g.yaml", &graph)], &["--app", "g.yaml", "--check", "--param=nosuch/x/y=1"]),
        &["GXF_ENTITY_NOT_FOUND", "--param 'nosuch/x/y=1'", "no entity named 'nosuch'"],
    );
    assert_refused(
        run(&[("g.yaml", &graph)], &["--app", "g.yaml", "--check", "--param=tx/nosuch/capacity=2"]),
        &["GXF_ENTITY_COMPONENT_NOT_FOUND", "--param 'tx/nosuch/capacity=2'", "entity 'tx' has no component"],
    );
    assert_refused(
        run(&[("g.yaml", &graph)], &["--app", "g.yaml", "--param=tx//capacity=1"]),
        &["--param 'tx//capacity=1'", "must all be named"],
    );
}

#[test]
fn an_override_reaches_a_component_without_a_parameters_map_and_is_blamed_on_the_flag() {
    let graph = ping_with_scheduler();
    assert_refused(
        run(&[("g.yaml", &graph)], &["--app", "g.yaml", "--check", "--param=tx/signal/capacity=abc"]),
        &["--param 'tx/signal/capacity=abc'", "capacity"],
    );
    let (exit, out) =
        run(&[("g.yaml", &graph)], &["--app", "g.yaml", "--check", "--param=tx/signal/capacity=2147483648"]);
    assert_refused((exit, out.clone()), &["GXF_PARAMETER_OUT_OF_RANGE", "--param 'tx/signal/capacity=2147483648'"]);
    assert!(!out.contains("g.yaml:1:1"), "not blamed on the graph file:\n{out}");
}

// 8. Duplicate names.

#[test]
fn loading_a_file_twice_is_refused_at_the_repeated_component() {
    assert_refused(
        run(&[("a.yaml", &ping_with_scheduler())], &["--app", "a.yaml,a.yaml", "--check"]),
        &["GXF_ARGUMENT_INVALID", "a.yaml:3:3", "entity 'tx' already has a component named 'signal'"],
    );
}

#[test]
fn two_components_of_one_name_in_an_entity_are_refused() {
    let graph = format!("{PING}- name: signal\n  type: nvidia::gxf::DoubleBufferReceiver\n{SCHEDULER}");
    assert_refused(
        run(&[("g.yaml", &graph)], &["--app", "g.yaml", "--check"]),
        &["GXF_ARGUMENT_INVALID", "g.yaml:11:3", "already has a component named 'signal' (at g.yaml:4:3)"],
    );
}

// 9. Hand-made libraries with a lying header.

/// Compiles C `source` into a shared library in `dir`; `None` when no C compiler is installed.
fn c_library(dir: &Path, name: &str, source: &str) -> Option<String> {
    let src = dir.join(format!("{name}.c"));
    let lib = dir.join(format!("lib{name}.so"));
    std::fs::write(&src, source).unwrap();
    let status = Command::new("cc").args(["-shared", "-fPIC", "-o"]).arg(&lib).arg(&src).status().ok()?;
    assert!(status.success(), "cc builds {name}");
    Some(lib.to_string_lossy().into_owned())
}

/// A header with the right magic, version and size, and the given layout and entry pointers.
fn header_source(layout: &str, entry: &str) -> String {
    format!(
        "#include <stdint.h>\nstruct header {{ uint64_t magic; uint32_t major, minor; uint64_t size; const void *layout; \
         const void *entry; }};\nstatic const char garbage[64];\n\
         const struct header gxf_rs_extension_header = {{ 0x{:016x}ull, {}, {}, sizeof(struct header), {layout}, {entry} }};\n",
        gxf_sdk::abi::HEADER_MAGIC,
        gxf_sdk::abi::ABI_MAJOR,
        gxf_sdk::abi::ABI_MINOR,
    )
}

#[test]
fn a_header_with_bad_pointers_is_refused_without_calling_anything() {
    let dir = std::env::temp_dir().join(format!("gxf_bad_headers_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        ("null_layout", "0", "garbage", "layout pointer 0x0"),
        ("wild_layout", "(const void*)0xdeadbeef", "garbage", "layout pointer 0xdeadbeef"),
        ("null_entry", "garbage", "0", "entry function 0x0"),
        ("wild_entry", "garbage", "(const void*)0x10", "entry function 0x10"),
    ];
    for (name, layout, entry, needle) in cases {
        let Some(lib) = c_library(&dir, name, &header_source(layout, entry)) else {
            eprintln!("skipping: no C compiler (cc) to build hand-made libraries");
            return;
        };
        let manifest = format!("extensions:\n- {}\n- {lib}\n", profile_dir().join("libgxf_std.so").display());
        assert_refused(
            run(
                &[("g.yaml", &ping_with_scheduler()), ("m.yaml", &manifest)],
                &["--app", "g.yaml", "--manifest", "m.yaml"],
            ),
            &["GXF_FACTORY_INCOMPATIBLE", "malformed extension header", needle],
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// 10. What the loader says.

fn manifest_of(lib: &str) -> String {
    format!("extensions:\n- {}\n- {lib}\n", profile_dir().join("libgxf_std.so").display())
}

#[test]
fn load_errors_name_their_cause() {
    let graph = ping_with_scheduler();
    let with = |lib: &str, extra: &[(&str, &str)]| {
        let manifest = manifest_of(lib);
        let mut files = vec![("g.yaml", graph.as_str()), ("m.yaml", manifest.as_str())];
        files.extend_from_slice(extra);
        run(&files, &["--app", "g.yaml", "--manifest", "m.yaml"])
    };
    let text = "plain text, not a library\n".repeat(10);
    assert_refused(
        with("not_elf.so", &[("not_elf.so", &text)]),
        &["cannot load extension", "not_elf.so", "invalid ELF header"],
    );
    assert_refused(with("/tmp", &[]), &["GXF_EXTENSION_FILE_NOT_FOUND", "'/tmp' is a directory"]);
    assert_refused(with("/dev/zero", &[]), &["'/dev/zero' is not a regular file"]);
    assert_refused(
        run(&[], &["--app", "/dev/zero"]),
        &["cannot read graph file '/dev/zero': it is not a regular file"],
    );
}

#[test]
fn a_second_library_with_a_used_uuid_names_both() {
    let copy = std::env::temp_dir().join(format!("gxf_copy_{}/libgxf_sample_copy.so", std::process::id()));
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(profile_dir().join("libgxf_sample.so"), &copy).unwrap();
    let manifest = format!(
        "extensions:\n- {}\n- {}\n- {}\n",
        profile_dir().join("libgxf_std.so").display(),
        profile_dir().join("libgxf_sample.so").display(),
        copy.display()
    );
    assert_refused(
        run(&[("g.yaml", &ping_with_scheduler()), ("m.yaml", &manifest)], &["--app", "g.yaml", "--manifest", "m.yaml"]),
        &[
            "GXF_FACTORY_DUPLICATE_TID",
            "libgxf_sample_copy.so",
            "already used by extension 'SampleExtension' loaded from",
        ],
    );
    std::fs::remove_dir_all(copy.parent().unwrap()).unwrap();
}

// 11. Smaller ones.

#[test]
fn a_long_unknown_type_name_is_quoted_once_and_clipped() {
    let name = "X".repeat(1_000_000);
    let graph = format!("name: a\ncomponents:\n- type: {name}\n");
    let (exit, out) = run(&[("g.yaml", &graph)], &["--app", "g.yaml", "--check"]);
    assert_refused((exit, out.clone()), &["GXF_FACTORY_UNKNOWN_CLASS_NAME", "(999840 more characters)"]);
    assert!(out.len() < 2_000, "{} bytes of output", out.len());
}

#[test]
fn an_unwritable_log_file_is_reported_and_fails_the_run() {
    let (exit, out) = run(&[("g.yaml", &ping_with_scheduler())], &["--app", "g.yaml", "--log_file_path", "/dev/full"]);
    assert_eq!(exit, 1, "{out}");
    assert!(out.contains("cannot write the log file") && out.contains("No space left on device"), "{out}");
}

/// An endless ping that logs every message.
const ENDLESS: &str = "name: tx\ncomponents:\n- name: signal\n  type: nvidia::gxf::DoubleBufferTransmitter\n\
                       - type: nvidia::gxf::DownstreamReceptiveSchedulingTerm\n  parameters: {transmitter: signal, min_size: 1}\n\
                       - type: nvidia::gxf::PingTx\n  parameters: {signal: signal}\n---\nname: rx\ncomponents:\n\
                       - name: signal\n  type: nvidia::gxf::DoubleBufferReceiver\n\
                       - type: nvidia::gxf::MessageAvailableSchedulingTerm\n  parameters: {receiver: signal, min_size: 1}\n\
                       - type: nvidia::gxf::PingRx\n  parameters: {signal: signal}\n---\ncomponents:\n\
                       - type: nvidia::gxf::Connection\n  parameters: {source: tx/signal, target: rx/signal}\n---\n\
                       name: sched\ncomponents:\n- name: clock\n  type: nvidia::gxf::RealtimeClock\n\
                       - type: nvidia::gxf::GreedyScheduler\n  parameters: {clock: clock, stop_on_deadlock: false}\n";

/// Starts gxe on the endless ping in a fresh directory, with stdout piped.
fn start_endless() -> (std::process::Child, std::path::PathBuf) {
    let dir =
        std::env::temp_dir().join(format!("gxf_endless_{}_{:?}", std::process::id(), std::thread::current().id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("g.yaml"), ENDLESS).unwrap();
    let child = Command::new(gxe())
        .args(["--app", "g.yaml"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("gxe starts");
    (child, dir)
}

/// Waits at most 20 s for the process to end by itself.
fn wait_briefly(child: &mut std::process::Child) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    None
}

#[test]
fn closing_the_reading_end_of_stdout_stops_the_graph() {
    use std::io::Read;
    let (mut child, dir) = start_endless();
    let mut first = [0u8; 64];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take()); // `| head` exits
    let status = wait_briefly(&mut child).expect("gxe ends once nobody reads its output");
    assert!(matches!(status.code(), Some(0 | 1)), "{status}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn sigterm_tears_the_graph_down_like_ctrl_c() {
    let (mut child, dir) = start_endless();
    std::thread::sleep(Duration::from_millis(500));
    // SAFETY: plain kill(2) on our own child.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
    let mut out = String::new();
    let reader = std::thread::spawn({
        let mut stdout = child.stdout.take().unwrap();
        move || {
            use std::io::Read;
            let _ = stdout.read_to_string(&mut out);
            out
        }
    });
    let status = wait_briefly(&mut child).expect("gxe ends after SIGTERM");
    let out = reader.join().unwrap();
    assert_eq!(status.code(), Some(0), "a clean stop:\n{}", &out[out.len().saturating_sub(2000)..]);
    assert!(out.contains("Context destroyed."), "teardown ran");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn one_ctrl_c_stops_a_python_codelet_that_never_returns() {
    use std::io::{BufRead, BufReader};
    let dir = std::env::temp_dir().join(format!("gxf_spin_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let code =
        "from gxf.python_codelet import CodeletAdapter\n\nclass Spin(CodeletAdapter):\n    def tick(self):\n        \
                print('spinning', flush=True)\n        while True:\n            pass\n";
    let graph = "name: py\ncomponents:\n- name: spin\n  type: nvidia::gxf::PyCodeletV0\n  parameters:\n    \
                 codelet_name: Spin\n    codelet_file: spin.py\n    codelet_params: {}\n---\nname: sched\ncomponents:\n\
                 - name: clock\n  type: nvidia::gxf::RealtimeClock\n- type: nvidia::gxf::MultiThreadScheduler\n  \
                 parameters: {clock: clock, worker_thread_number: 2}\n";
    std::fs::write(dir.join("spin.py"), code).unwrap();
    std::fs::write(dir.join("g.yaml"), graph).unwrap();
    let mut child = Command::new(gxe())
        .args(["--app", "g.yaml"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("gxe starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(lines.by_ref().map_while(Result::ok).any(|l| l == "spinning"), "the codelet started spinning");
    // SAFETY: plain kill(2) on our own child.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    let rest = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>().join("\n"));
    let status = wait_briefly(&mut child).expect("one Ctrl+C ends the run");
    let out = rest.join().unwrap();
    assert_eq!(status.code(), Some(0), "a clean stop:\n{out}");
    assert!(out.contains("stopped by the graph interrupt") && out.contains("Context destroyed."), "{out}");
    std::fs::remove_dir_all(dir).unwrap();
}
