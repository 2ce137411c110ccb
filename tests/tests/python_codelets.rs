//! Python codelets as users write them: errors that name what failed, GXF's parameter and
//! timing semantics, the multi-threaded schedulers, zero-copy tensors and `python3 -m gxf.gxe`.
//! Every graph runs through gxe (or python3) in a fresh directory holding its codelet files.

use gxf_tests::harness::{gxe, run_in_scratch};
use std::path::{Path, PathBuf};

/// A graph with one entity `py` running class `class` of `py.py` (`params` is the YAML block
/// under `codelet_params`, indented by 6), ticked `count` times on a ManualClock.
fn one_codelet(class: &str, params: &str, count: u32, extra_components: &str) -> String {
    format!(
        "name: py\ncomponents:\n- name: codelet\n  type: nvidia::gxf::PyCodeletV0\n  parameters:\n    \
         codelet_name: {class}\n    codelet_file: py.py\n    codelet_params:\n{params}\n\
         - type: nvidia::gxf::CountSchedulingTerm\n  parameters:\n    count: {count}\n{extra_components}---\n\
         name: scheduler\ncomponents:\n- name: clock\n  type: nvidia::gxf::ManualClock\n\
         - type: nvidia::gxf::GreedyScheduler\n  parameters:\n    clock: clock\n"
    )
}

fn run_gxe(graph: &str, code: &str) -> (i32, String) {
    run_in_scratch(&gxe(), &[("g.yaml", graph), ("py.py", code)], &["--app", "g.yaml"], &[])
}

fn assert_ok((exit, out): (i32, String)) -> String {
    assert_eq!(exit, 0, "exit 0 expected:\n{out}");
    out
}

fn assert_fails_with((exit, out): (i32, String), needles: &[&str]) {
    assert_eq!(exit, 1, "exit 1 expected:\n{out}");
    assert!(!out.contains("panicked"), "no panic:\n{out}");
    for n in needles {
        assert!(out.contains(n), "output mentions '{n}':\n{out}");
    }
}

const BOOM: &str = "from gxf.python_codelet import CodeletAdapter\n\n\
class Boom(CodeletAdapter):\n    def tick(self):\n        if self.get_execution_count() == 3:\n            \
raise ValueError('bad value 42')\n";

#[test]
fn an_exception_in_tick_stops_the_graph_with_the_traceback() {
    let graph = one_codelet("Boom", "      {}", 10, "");
    assert_fails_with(
        run_gxe(&graph, BOOM),
        &[
            "GxfGraphWait Error: GXF_FAILURE",
            "entity 'py'",
            "Boom",
            "Traceback",
            "py.py\", line 6, in tick",
            "ValueError: bad value 42",
        ],
    );
}

#[test]
fn an_int_that_is_not_a_context_is_refused_not_followed() {
    for call in ["MessageEntity(123456789)", "Transmitter.get(0xdeadbeef, self.cid(), 'signal')"] {
        let code = format!(
            "from gxf.core import MessageEntity\nfrom gxf.python_codelet import CodeletAdapter\n\
             from gxf.std import Transmitter\n\nclass Wild(CodeletAdapter):\n    def tick(self):\n        {call}\n"
        );
        let graph = one_codelet("Wild", "      {}", 1, "");
        assert_fails_with(run_gxe(&graph, &code), &["GXF_CONTEXT_INVALID", "is not a GXF context", "Wild"]);
    }
}

#[test]
fn an_exception_under_a_threaded_scheduler_is_reported_once() {
    for scheduler in ["MultiThreadScheduler", "EventBasedScheduler"] {
        let graph = one_codelet("Boom", "      {}", 10, "").replace("ManualClock", "RealtimeClock").replace(
            "GreedyScheduler\n  parameters:\n    clock: clock\n",
            &format!("{scheduler}\n  parameters:\n    clock: clock\n    worker_thread_number: 2\n"),
        );
        let (exit, out) = run_gxe(&graph, BOOM);
        assert_fails_with((exit, out.clone()), &["GxfGraphWait Error: GXF_FAILURE", "ValueError: bad value 42"]);
        assert_eq!(out.matches("ValueError: bad value 42").count(), 1, "{scheduler}: one report:\n{out}");
    }
}

#[test]
fn a_missing_class_names_the_file_and_the_class() {
    let graph = one_codelet("Nope", "      {}", 1, "");
    assert_fails_with(run_gxe(&graph, BOOM), &["GXF_FAILURE", "'py.py'", "defines no 'Nope' (its classes: Boom)"]);
}

/// `gxe --check` reports a wrong codelet file, a syntax error or a misspelled class without
/// running any Python code of the graph.
#[test]
fn check_finds_python_load_errors_without_running_the_codelet() {
    let check = |graph: &str, code: &str| {
        run_in_scratch(&gxe(), &[("g.yaml", graph), ("py.py", code)], &["--app", "g.yaml", "--check"], &[])
    };
    let graph = one_codelet("Boom", "      {}", 1, "");
    let side_effect = "print('the module ran')\n";
    let out = assert_ok(check(&graph, &format!("{side_effect}{BOOM}")));
    assert!(!out.contains("the module ran"), "--check runs no code of the codelet file:\n{out}");
    assert_fails_with(check(&one_codelet("Bom", "      {}", 1, ""), BOOM), &["defines no 'Bom' (its classes: Boom)"]);
    assert_fails_with(check(&graph, "class Boom(:\n"), &["invalid syntax", "py.py, line 1"]);
    let missing = graph.replace("codelet_file: py.py", "codelet_file: sub/gone.py");
    assert_fails_with(check(&missing, BOOM), &["codelet file 'sub/gone.py' not found"]);
}

#[test]
fn a_missing_file_names_the_module() {
    let graph = one_codelet("Boom", "      {}", 1, "").replace("codelet_file: py.py", "codelet_file: gone.py");
    assert_fails_with(run_gxe(&graph, BOOM), &["GXF_FAILURE", "'gone.py'", "No module named 'gone'"]);
}

#[test]
fn a_class_that_is_not_a_codelet_adapter_is_refused() {
    let code = "class Plain:\n    def tick(self):\n        pass\n";
    let graph = one_codelet("Plain", "      {}", 1, "");
    assert_fails_with(run_gxe(&graph, code), &["'Plain' is not a subclass of gxf.python_codelet.CodeletAdapter"]);
}

/// `codelet_params` travels as the text yaml-cpp re-emits (quotes dropped where a plain scalar
/// is valid, as in GXF, so `'12'` arrives as 12) and is typed like PyYAML's `safe_load`.
#[test]
fn get_params_types_values_like_yaml_safe_load() {
    let params =
        "      n: 5\n      hex: 0x1f\n      ratio: 2.5\n      sci: 1e3\n      flag: yes\n      disabled: off\n      \
                  name: scheduler/clock\n      quoted: '12'\n      nothing: ~\n      items: [1, two, 3.0]\n      \
                  nested: {a: {b: [true]}}";
    let code = "from gxf.python_codelet import CodeletAdapter\n\n\
class Params(CodeletAdapter):\n    def start(self):\n        p = self.get_params()\n        \
expected = {'n': 5, 'hex': 31, 'ratio': 2.5, 'sci': '1e3', 'flag': True, 'disabled': False, \
'name': 'scheduler/clock', 'quoted': 12, 'nothing': None, 'items': [1, 'two', 3.0], 'nested': {'a': {'b': [True]}}}\n        \
if p != expected:\n            raise AssertionError(f'{p!r} != {expected!r}')\n        \
if type(p['n']) is not int or type(p['flag']) is not bool:\n            raise AssertionError('types')\n";
    assert_ok(run_gxe(&one_codelet("Params", params, 1, ""), code));
    let wrong = params.replace("n: 5", "n: 6");
    assert_fails_with(run_gxe(&one_codelet("Params", &wrong, 1, ""), code), &["AssertionError", "'n': 6"]);
}

#[test]
fn unset_codelet_params_fail_start_like_gxf() {
    let graph = one_codelet("Boom", "", 1, "").replace("    codelet_params:\n\n", "\n");
    assert_fails_with(
        run_gxe(&graph, BOOM),
        &[
            "GXF_PARAMETER_NOT_INITIALIZED",
            "set_bridge() raised",
            "no 'codelet_params' parameter",
            "codelet_params: {}",
        ],
    );
}

#[test]
fn execution_counters_and_timestamps_follow_gxf() {
    let periodic =
        "- name: period\n  type: nvidia::gxf::PeriodicSchedulingTerm\n  parameters:\n    recess_period: 1000\n";
    let code = "from gxf.python_codelet import CodeletAdapter\nfrom gxf.std import PeriodicSchedulingTerm\n\n\
class Timing(CodeletAdapter):\n    def start(self):\n        assert self.get_execution_count() == 0\n        \
self.term = PeriodicSchedulingTerm.get(self.context(), self.cid(), 'period')\n        \
assert self.term.recess_period_ns() == 1000\n        self.seen = []\n    \
def tick(self):\n        n = self.get_execution_count()\n        assert self.is_first_tick() == (n == 1)\n        \
t = self.get_execution_timestamp()\n        assert abs(self.get_execution_time() - t / 1e9) < 1e-12\n        \
if self.seen:\n            assert t - self.seen[-1] == 1000, (t, self.seen)\n            \
assert abs(self.get_delta_time() - 1e-6) < 1e-12, self.get_delta_time()\n        else:\n            \
assert self.get_delta_time() == 0.0\n        self.seen.append(t)\n        assert len(self.seen) == n\n    \
def stop(self):\n        assert self.get_execution_count() == 4, self.get_execution_count()\n        \
assert self.get_execution_timestamp() == self.seen[-1]\n        print('TIMING-OK', self.name(), self.eid() > 0, self.cid() > 0, flush=True)\n";
    let out = assert_ok(run_gxe(&one_codelet("Timing", "      {}", 4, periodic), code));
    assert!(out.contains("TIMING-OK codelet True True"), "{out}");
}

#[test]
fn lookups_and_empty_receives_behave_like_gxf() {
    let rx = "- name: inbox\n  type: nvidia::gxf::DoubleBufferReceiver\n";
    let code = "from gxf.python_codelet import CodeletAdapter\nfrom gxf.std import Receiver, Transmitter, Clock\n\n\
class Lookups(CodeletAdapter):\n    def tick(self):\n        for cls, name in [(Receiver, 'nope'), (Transmitter, 'inbox'), (Clock, 'nobody/clock')]:\n            \
try:\n                cls.get(self.context(), self.cid(), name)\n            except RuntimeError as e:\n                \
assert str(e) == 'GXF_PARAMETER_NOT_INITIALIZED', str(e)\n            else:\n                \
raise AssertionError(f'{cls.__name__}.get({name!r}) should fail')\n        \
rx = Receiver.get(self.context(), self.cid(), 'inbox')\n        assert (rx.size(), rx.back_size(), rx.capacity()) == (0, 0, 1)\n        \
assert rx.receive().eid() == 0\n        \
clock = Clock.get(self.context(), self.cid(), 'scheduler/clock')\n        assert clock.timestamp() >= 0\n        print('LOOKUPS-OK', flush=True)\n";
    let out = assert_ok(run_gxe(&one_codelet("Lookups", "      {}", 1, rx), code));
    assert!(out.contains("LOOKUPS-OK") && out.contains("No Message in receiver 'inbox'"), "{out}");
}

/// Python PingTx → Python PingRx under `scheduler` (its YAML parameters included); each side
/// checks that it saw 50 messages.
fn ping_graph(scheduler: &str) -> String {
    let side = |name: &str, queue: &str, term: &str, class: &str| {
        format!(
            "---\nname: {name}\ncomponents:\n- name: q\n  type: nvidia::gxf::{queue}\n- type: nvidia::gxf::{term}\n  \
             parameters:\n    {}: q\n    min_size: 1\n- type: nvidia::gxf::PyCodeletV0\n  parameters:\n    \
             codelet_name: {class}\n    codelet_file: py.py\n    codelet_params:\n      queue: q\n",
            if term.starts_with("Down") { "transmitter" } else { "receiver" }
        )
    };
    format!(
        "{}- type: nvidia::gxf::CountSchedulingTerm\n  parameters:\n    count: 50\n{}---\ncomponents:\n\
         - type: nvidia::gxf::Connection\n  parameters:\n    source: tx/q\n    target: rx/q\n---\nname: scheduler\n\
         components:\n- name: clock\n  type: nvidia::gxf::RealtimeClock\n- type: nvidia::gxf::{scheduler}\n",
        side("tx", "DoubleBufferTransmitter", "DownstreamReceptiveSchedulingTerm", "Tx"),
        side("rx", "DoubleBufferReceiver", "MessageAvailableSchedulingTerm", "Rx"),
    )
}

const PING: &str = "from gxf.core import MessageEntity\nfrom gxf.python_codelet import CodeletAdapter\n\
from gxf.std import Receiver, Timestamp, Transmitter\n\n\
class Tx(CodeletAdapter):\n    def start(self):\n        self.q = Transmitter.get(self.context(), self.cid(), self.get_params()['queue'])\n    \
def tick(self):\n        assert self.q.publish(MessageEntity(self.context()), self.get_execution_count()) == 'GXF_SUCCESS'\n\n\
class Rx(CodeletAdapter):\n    def start(self):\n        self.q = Receiver.get(self.context(), self.cid(), self.get_params()['queue'])\n        \
self.acq = []\n    def tick(self):\n        msg = self.q.receive()\n        assert msg.eid() != 0\n        \
self.acq.append(Timestamp.get_from_entity(msg)[0])\n    def stop(self):\n        \
assert self.acq == list(range(1, 51)), self.acq\n        print('RX-OK', len(self.acq), flush=True)\n";

#[test]
fn python_codelets_run_under_every_scheduler() {
    for scheduler in [
        "GreedyScheduler\n  parameters:\n    clock: clock\n    stop_on_deadlock: true\n",
        "MultiThreadScheduler\n  parameters:\n    clock: clock\n    worker_thread_number: 2\n    stop_on_deadlock: true\n    check_recession_period_ms: 0\n",
        "EventBasedScheduler\n  parameters:\n    clock: clock\n    worker_thread_number: 2\n    stop_on_deadlock: true\n    stop_on_deadlock_timeout: 50\n",
    ] {
        let out = assert_ok(run_gxe(&ping_graph(scheduler), PING));
        assert!(out.contains("RX-OK 50"), "{scheduler}:\n{out}");
    }
}

#[test]
fn host_tensors_reach_numpy_without_a_copy() {
    let pool = "- name: pool\n  type: nvidia::gxf::UnboundedAllocator\n";
    let code = "import numpy as np\nfrom gxf.core import MessageEntity\nfrom gxf.python_codelet import CodeletAdapter\n\
from gxf.std import Allocator, MemoryStorageType, PrimitiveType, Shape, Tensor, TensorDescription\n\n\
class Tensors(CodeletAdapter):\n    def tick(self):\n        pool = Allocator.get(self.context(), self.cid(), 'pool')\n        \
msg = MessageEntity(self.context())\n        t = Tensor.add_to_entity(msg, 'big')\n        \
t.reshape(TensorDescription('big', MemoryStorageType.kHost, Shape([1000, 3]), PrimitiveType.kFloat64, 8), pool)\n        \
view = np.asarray(t)\n        assert view.shape == (1000, 3) and view.dtype == np.float64\n        view[:] = 2.5\n        \
mv = memoryview(t)\n        assert (mv.format, mv.shape, mv.strides, mv.readonly) == ('d', (1000, 3), (24, 8), False)\n        \
assert mv[999, 2] == 2.5\n        mv.release()\n        \
again = Tensor.get_from_entity(msg, 'big')\n        assert np.shares_memory(np.asarray(again), view)\n        \
assert np.asarray(again).sum() == 7500.0\n        copy = np.array(again)\n        copy[:] = 0\n        \
assert np.asarray(again).sum() == 7500.0\n        \
small = Tensor.add_np_array_as_tensor_to_entity(msg, 'small', np.arange(6, dtype=np.int16).reshape(2, 3), pool)\n        \
assert small.element_type() == PrimitiveType.kInt16 and small.strides() == [6, 2]\n        \
names = [x.shape().dimension(0) for x in Tensor.find_all_from_entity(msg)]\n        assert names == [1000, 2], names\n        \
del msg, t, again\n        assert view.sum() == 7500.0  # the view keeps the tensor's memory alive\n        \
print('TENSORS-OK', flush=True)\n";
    let out = assert_ok(run_gxe(&one_codelet("Tensors", "      {}", 1, pool), code));
    assert!(out.contains("TENSORS-OK"), "{out}");
}

fn package_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../python-codelet-extension/python")
}

/// Runs `python3 args` (or `$GXF_PYTHON`) in a fresh directory holding `files`, with the `gxf`
/// package and this build's native library.
fn run_python(files: &[(&str, &str)], args: &[&str]) -> (i32, String) {
    let (native, package) = (gxe().with_file_name("libpygxf_native.so"), package_dir());
    let env = [("PYTHONPATH", package.to_str().unwrap()), ("GXF_PYTHON_NATIVE", native.to_str().unwrap())];
    let python = PathBuf::from(std::env::var("GXF_PYTHON").unwrap_or_else(|_| "python3".into()));
    run_in_scratch(&python, files, args, &env)
}

fn run_python_gxe(graph: &str, code: &str) -> (i32, String) {
    run_python(&[("g.yaml", graph), ("py.py", code)], &["-m", "gxf.gxe", "--app", "g.yaml"])
}

#[test]
fn python_gxe_runs_graphs_in_the_calling_interpreter() {
    let scheduler = "GreedyScheduler\n  parameters:\n    clock: clock\n    stop_on_deadlock: true\n";
    let out = assert_ok(run_python_gxe(&ping_graph(scheduler), PING));
    assert!(out.contains("RX-OK 50") && out.contains("Running..."), "{out}");
    let (exit, out) = run_python_gxe(&one_codelet("Boom", "      {}", 5, ""), BOOM);
    assert_eq!(exit, 1, "{out}");
    assert!(out.contains("graph_run Error: GXF_FAILURE") && out.contains("ValueError: bad value 42"), "{out}");
}

#[test]
fn handle_list_parameters_reach_the_codelet() {
    let extra = "- name: inbox\n  type: nvidia::gxf::DoubleBufferReceiver\n- name: outbox\n  type: nvidia::gxf::DoubleBufferTransmitter\n\
                 - name: pool\n  type: nvidia::gxf::UnboundedAllocator\n";
    let graph = one_codelet("Handles", "      {}", 1, extra).replace(
        "    codelet_file: py.py\n",
        "    codelet_file: py.py\n    receivers: [inbox]\n    transmitters: [outbox]\n    allocators: [pool]\n",
    );
    let code = "from gxf.python_codelet import CodeletAdapter\nfrom gxf.std import Receiver, Transmitter\n\n\
class Handles(CodeletAdapter):\n    def tick(self):\n        rxs, txs, pools = self.get_receivers(), self.get_transmitters(), self.get_allocators()\n        \
assert len(rxs) == 1 and len(txs) == 1 and len(pools) == 1\n        \
assert rxs[0].cid() == Receiver.get(self.context(), self.cid(), 'inbox').cid()\n        \
assert txs[0].cid() == Transmitter.get(self.context(), self.cid(), 'outbox').cid()\n        \
assert pools[0].is_available(1024)\n        assert self.get_clock('scheduler/clock').timestamp() >= 0\n        \
assert self.get_cuda_stream_pools() == []\n        print('HANDLES-OK', flush=True)\n";
    let out = assert_ok(run_gxe(&graph, code));
    assert!(out.contains("HANDLES-OK"), "{out}");
}

#[test]
fn the_functional_api_builds_and_runs_a_graph_from_a_script() {
    let script = "import glob, os, gxf._native as native\nfrom gxf import core\nfrom gxf.python_codelet import CodeletAdapter\n\n\
class MainTicker(CodeletAdapter):  # found in __main__ because codelet_file is None\n    def stop(self):\n        \
print('MAIN-TICKS', self.get_execution_count(), flush=True)\n\n\
libs = sorted((p for p in glob.glob(os.path.join(os.path.dirname(native.__file__), 'libgxf_*.so')) if 'libgxf_macros' not in p), key=lambda p: 'libgxf_std' not in p)\n\
ctx = core.context_create()\ncore.load_extensions(ctx, extension_filenames=libs)\n\
core.graph_load_file(ctx, 'g.yaml')\n\
eid = core.entity_create(ctx, 'made_here')\ntid = core.component_type_id(ctx, 'nvidia::gxf::PyCodeletV0')\n\
assert core.component_type_name(ctx, tid) == 'nvidia::gxf::PyCodeletV0'\n\
cid = core.component_add(ctx, eid, tid, 'step')\n\
core.parameter_set_str(ctx, cid, 'codelet_name', 'Counter')\ncore.parameter_set_str(ctx, cid, 'codelet_file', 'py.py')\n\
core.parameter_set_from_yaml_node(ctx, cid, 'codelet_params', '{expected: 3}')\n\
assert core.parameter_get_str(ctx, cid, 'codelet_name') == 'Counter'\n\
count = core.component_add(ctx, eid, core.component_type_id(ctx, 'nvidia::gxf::CountSchedulingTerm'), 'count')\n\
core.parameter_set_int64(ctx, count, 'count', 3)\nassert core.parameter_get_int64(ctx, count, 'count') == 3\n\
try:\n    core.parameter_get_int64(ctx, count, 'nope')\nexcept ValueError as e:\n    assert str(e) == 'GXF_PARAMETER_NOT_FOUND', e\n\
else:\n    raise AssertionError('unset parameter read')\n\
assert core.entity_find(ctx, 'made_here') == eid and core.entity_get_name(ctx, eid) == 'made_here'\n\
assert core.component_find(ctx, eid, component_name='step') == [cid]\n\
gid = core.entity_group_create(ctx, 'group')\ncore.entity_group_add(ctx, gid, eid)\n\
try:\n    core.entity_group_add(ctx, gid, eid)\nexcept ValueError as e:\n    assert str(e) == 'GXF_FAILURE', e\n\
else:\n    raise AssertionError('added to the same group twice')\n\
try:\n    core.entity_find(ctx, 'missing')\nexcept ValueError as e:\n    assert str(e) == 'GXF_ENTITY_NOT_FOUND', e\n\
main = core.component_add(ctx, eid, tid, 'from_main')\ncore.parameter_set_str(ctx, main, 'codelet_name', 'MainTicker')\n\
core.parameter_set_str(ctx, main, 'codelet_file', 'None')\ncore.parameter_set_from_yaml_node(ctx, main, 'codelet_params', '{}')\n\
core.graph_activate(ctx)\ncore.graph_run(ctx)\ncore.graph_deactivate(ctx)\ncore.context_destroy(ctx)\nprint('SCRIPT-OK', flush=True)\n";
    let code = "from gxf.python_codelet import CodeletAdapter\n\nclass Counter(CodeletAdapter):\n    \
def start(self):\n        self.n = 0\n    def tick(self):\n        self.n += 1\n    def stop(self):\n        \
assert self.n == self.get_params()['expected'], self.n\n        print('COUNTER', self.n, flush=True)\n";
    let graph = "name: scheduler\ncomponents:\n- name: clock\n  type: nvidia::gxf::ManualClock\n\
                 - type: nvidia::gxf::GreedyScheduler\n  parameters:\n    clock: clock\n";
    let files = [("g.yaml", graph), ("py.py", code), ("script.py", script)];
    let out = assert_ok(run_python(&files, &["script.py"]));
    assert!(out.contains("COUNTER 3") && out.contains("MAIN-TICKS 3") && out.contains("SCRIPT-OK"), "{out}");
}

/// The corpus file `app` (under `../shared/conformance`), or `None` after saying it is absent.
fn corpus_app(app: &str) -> Option<PathBuf> {
    let path = gxf_tests::conformance::corpus_dir().join(app);
    if !path.is_file() {
        eprintln!("skipping: {} not found (../shared/conformance absent)", path.display());
        return None;
    }
    Some(path)
}

/// What GXF's test program does for the driver row `gxf/python/tests/test_std_tensor.yaml`:
/// pull 10 × 100 messages out of the running graph through its Vault and read their tensors
/// and timestamps by entity id. The graph's own `StepCount` of 10 on `rx` is left out: the vault
/// entity stays ready while its waiting list is full, so how often it ticks depends on how fast
/// the script drains it (in GXF too, which runs that test alone); the 1000 ticks of `tx`, the
/// script's pulls and a clean deactivation are checked.
#[test]
fn driver_test_std_tensor_pulls_tensors_through_a_vault() {
    let Some(app) = corpus_app("gxf/python/tests/test_std_tensor.yaml") else { return };
    let corpus = std::fs::read_to_string(&app).expect("read the corpus graph");
    let rx_step_count = "- type: nvidia::gxf::test::StepCount\n  parameters:\n    expected_count: 10\n";
    assert!(corpus.contains(rx_step_count), "the corpus graph changed: {app:?}");
    let graph = corpus.replace(rx_step_count, "");
    let app = "g.yaml";
    let script = format!(
        "import glob, os, gxf._native as native\nfrom gxf import core\nfrom gxf.std import vault_pybind, tensor_pybind, timestamp_pybind\n\
libs = sorted((p for p in glob.glob(os.path.join(os.path.dirname(native.__file__), 'libgxf_*.so')) if 'libgxf_macros' not in p), key=lambda p: 'libgxf_std' not in p)\n\
ctx = core.context_create()\ncore.load_extensions(ctx, extension_filenames=libs)\ncore.graph_load_file(ctx, {app:?})\n\
core.graph_activate(ctx)\ncore.graph_run_async(ctx)\n\
vault = core.component_find(ctx, core.entity_find(ctx, 'rx'), component_name='vault')[0]\n\
pulled = 0\nfor _ in range(10):\n    eids = vault_pybind.store_blocking(ctx, vault, 100)\n    assert len(eids) == 100, len(eids)\n    \
for eid in eids:\n        tensor = tensor_pybind.get_from_entity_context(ctx, eid, 'tensor')\n        \
assert tensor.shape == (2, 2, 2), tensor.shape\n        acq, pub = timestamp_pybind.as_timestamp(ctx, eid, 'timestamp')\n        \
assert pub >= acq > 0, (acq, pub)\n    vault_pybind.free(ctx, vault, eids)\n    pulled += len(eids)\n\
core.graph_wait(ctx)\ncore.graph_deactivate(ctx)\ncore.context_destroy(ctx)\nprint('PULLED', pulled, flush=True)\n"
    );
    let out = assert_ok(run_python(&[("script.py", &script), ("g.yaml", &graph)], &["script.py"]));
    assert!(out.contains("PULLED 1000"), "{out}");
}

/// What GXF's test program does for `gxf/python/tests/test_std_vault.yaml`: find the vault by
/// type id, take full batches with `store_blocking`, see `store_blocking_for` time out on an
/// empty vault, then interrupt the graph (it would otherwise run until max_duration_ms).
#[test]
fn driver_test_std_vault_takes_batches_and_times_out() {
    let Some(app) = corpus_app("gxf/python/tests/test_std_vault.yaml") else { return };
    let script = format!(
        "import glob, os, time, gxf._native as native\nfrom gxf import core\nfrom gxf.std import Vault, vault_pybind\n\
libs = sorted((p for p in glob.glob(os.path.join(os.path.dirname(native.__file__), 'libgxf_*.so')) if 'libgxf_macros' not in p), key=lambda p: 'libgxf_std' not in p)\n\
ctx = core.context_create()\ncore.load_extensions(ctx, extension_filenames=libs)\ncore.graph_load_file(ctx, {app:?})\n\
core.graph_activate(ctx)\ncore.graph_run_async(ctx)\nrx = core.entity_find(ctx, 'rx')\n\
tid = core.component_type_id(ctx, 'nvidia::gxf::Vault')\nvault = core.component_find(ctx, rx, tid)[0]\n\
assert core.component_find(ctx, rx, component_name='vault') == [vault]\n\
for _ in range(10):\n    eids = vault_pybind.store_blocking(ctx, vault, 100)\n    assert len(eids) == 100, len(eids)\n    \
vault_pybind.free(ctx, vault, eids)\n\
started = time.monotonic()\nassert vault_pybind.store_blocking_for(ctx, vault, 100, 200_000_000) == []\n\
waited = time.monotonic() - started\nassert 0.15 < waited < 5, waited\n\
v = Vault.get(ctx, vault, 'vault')\nassert v.cid() == vault and v.store(100) == []\n\
assert v.store_blocking_for(1, 1_000_000) == []\n\
core.graph_interrupt(ctx)\ncore.graph_wait(ctx)\ncore.graph_deactivate(ctx)\ncore.context_destroy(ctx)\nprint('VAULT-OK', flush=True)\n"
    );
    let out = assert_ok(run_python(&[("script.py", &script)], &["script.py"]));
    assert!(out.contains("VAULT-OK"), "{out}");
}

/// Runs `program args` from the repository root (the examples name their codelet files
/// relative to it); returns (exit code, output).
fn run_from_repo_root(program: &Path, args: &[&str]) -> (i32, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (native, package) = (gxe().with_file_name("libpygxf_native.so"), package_dir());
    let out = std::process::Command::new(program)
        .args(args)
        .env("PYTHONPATH", package)
        .env("GXF_PYTHON_NATIVE", native)
        .current_dir(root)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn the_examples_run_with_gxe_and_with_python_gxe() {
    let python = PathBuf::from(std::env::var("GXF_PYTHON").unwrap_or_else(|_| "python3".into()));
    for (app, says) in [
        ("examples/python/ping.yaml", "PingRx received 10 messages"),
        ("examples/python/stream.yaml", "VerifyEqual: 100 message pairs equal"),
    ] {
        let out = assert_ok(run_from_repo_root(&gxe(), &["--app", app]));
        assert!(out.contains(says), "gxe {app}:\n{out}");
        let out = assert_ok(run_from_repo_root(&python, &["-m", "gxf.gxe", "--app", app]));
        assert!(out.contains(says), "python3 -m gxf.gxe {app}:\n{out}");
    }
}

/// GXF's test runs the CPU FFT app a second time with `use_dlpack: 1`: the codelets then pass
/// the tensors to NumPy through DLPack instead of the array interface.
#[test]
fn the_cpu_fft_app_also_runs_through_dlpack() {
    let Some(app) = corpus_app("gxf/python/tests/complex/cpu_fft/test_cpu_fft.yaml") else { return };
    let corpus = std::fs::read_to_string(&app).expect("read the corpus graph");
    assert_eq!(corpus.matches("use_dlpack: 0").count(), 2, "the corpus graph changed: {app:?}");
    let graph = corpus.replace("use_dlpack: 0", "use_dlpack: 1");
    let codelets = gxf_tests::conformance::python_codelets_dir();
    let read = |p: &str| std::fs::read_to_string(codelets.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let names = [
        "gxf/python/tests/StepCount.py",
        "gxf/python/tests/complex/cpu_fft/CreateTensor.py",
        "gxf/python/tests/complex/cpu_fft/RunFFT.py",
        "gxf/python/tests/complex/cpu_fft/VerifyTensor.py",
    ];
    let texts: Vec<String> = names.iter().map(|p| read(p)).collect();
    let mut files: Vec<(&str, &str)> = names.iter().copied().zip(texts.iter().map(String::as_str)).collect();
    files.push(("g.yaml", &graph));
    assert_ok(run_in_scratch(&gxe(), &files, &["--app", "g.yaml"], &[]));
}

#[test]
fn numpy_arrays_become_tensors_without_a_copy() {
    let pool = "- name: pool\n  type: nvidia::gxf::UnboundedAllocator\n";
    let code = "import gc, sys, warnings\nimport numpy as np\nfrom gxf.core import MessageEntity\n\
from gxf.python_codelet import CodeletAdapter\nfrom gxf.std import PrimitiveType, Tensor\n\n\
class Interop(CodeletAdapter):\n    def tick(self):\n        x = np.arange(12, dtype=np.float32).reshape(3, 4)\n        \
t = Tensor.as_tensor(x)\n        assert t.element_type() == PrimitiveType.kFloat32 and t.shape().dimension(1) == 4\n        \
assert np.shares_memory(np.asarray(t), x) and np.shares_memory(np.from_dlpack(t), x)\n        \
msg = MessageEntity(self.context())\n        Tensor.add_to_entity(msg, t, 'wrapped')\n        \
x[1, 1] = 99.0\n        assert np.asarray(Tensor.get_from_entity(msg, 'wrapped'))[1, 1] == 99.0\n        \
d = Tensor.from_dlpack(np.arange(5, dtype=np.int16))\n        assert np.asarray(d).tolist() == [0, 1, 2, 3, 4]\n        \
half = Tensor.from_dlpack(np.arange(4, dtype=np.float16))\n        assert np.from_dlpack(half).dtype == np.float16\n        \
cols = x[:, ::2]\n        assert np.array_equal(np.asarray(Tensor.as_tensor(cols)), cols)\n        \
refs = sys.getrefcount(x)\n        del t, msg, cols\n        gc.collect()\n        \
assert sys.getrefcount(x) < refs, 'the message released the array'\n        \
with warnings.catch_warnings(record=True) as caught:\n            warnings.simplefilter('always')\n            \
Tensor(np.ones(3))\n        assert any('deprecated' in str(w.message) for w in caught)\n        \
for bad, text in [([1, 2], 'can only create a tensor from a NumPy array'), (np.ones(2).__array_interface__, 'NumPy array')]:\n            \
try:\n                Tensor(bad)\n            except ValueError as e:\n                assert text in str(e), str(e)\n            \
else:\n                raise AssertionError('Tensor(%r) accepted' % (bad,))\n        \
try:\n            Tensor.as_tensor(5)\n        except RuntimeError as e:\n            assert str(e) == 'Unsupported Python object type'\n        \
print('INTEROP-OK', flush=True)\n";
    let out = assert_ok(run_gxe(&one_codelet("Interop", "      {}", 1, pool), code));
    assert!(out.contains("INTEROP-OK"), "{out}");
}

#[test]
fn pydata_carries_the_python_object_itself_and_releases_it() {
    let code = "import gc, weakref\nfrom gxf.core import MessageEntity\nfrom gxf.python_codelet import CodeletAdapter, PyData\n\
from gxf.std import Receiver, Transmitter\n\nclass Payload:\n    def __init__(self, n):\n        self.n = n\n\n\
SENT = {}\n\nclass Tx(CodeletAdapter):\n    def start(self):\n        self.q = Transmitter.get(self.context(), self.cid(), self.get_params()['queue'])\n    \
def tick(self):\n        n = self.get_execution_count()\n        payload = Payload(n)\n        SENT[n] = weakref.ref(payload)\n        \
msg = MessageEntity(self.context())\n        PyData.add_to_entity(msg, payload, 'data')\n        self.q.publish(msg, n)\n\n\
class Rx(CodeletAdapter):\n    def start(self):\n        self.q = Receiver.get(self.context(), self.cid(), self.get_params()['queue'])\n        \
self.acq = []\n    def tick(self):\n        msg = self.q.receive()\n        n = self.get_execution_count()\n        \
payload = PyData.get_from_entity(msg, 'data')\n        assert payload is SENT[n](), (n, payload)\n        \
assert PyData.get_from_entity(msg) is payload\n        try:\n            PyData.get_from_entity(msg, 'other')\n        \
except ValueError as e:\n            assert str(e) == 'error getting pydata'\n        self.acq.append(n)\n    def stop(self):\n        \
gc.collect()\n        alive = [n for n, ref in SENT.items() if ref() is not None]\n        assert alive == [], alive\n        \
print('PYDATA-OK', len(self.acq), flush=True)\n";
    let scheduler = "GreedyScheduler\n  parameters:\n    clock: clock\n    stop_on_deadlock: true\n";
    let out = assert_ok(run_gxe(&ping_graph(scheduler), code));
    assert!(out.contains("PYDATA-OK 50"), "{out}");
}

#[test]
fn graphs_built_in_python_run_with_python_and_native_codelets() {
    let script = r#"from gxf.core import Graph, Entity, EntityGroup, MessageEntity
from gxf.std import connect, set_scheduler, Transmitter
from gxf.std.Components import (DoubleBufferTransmitter, DoubleBufferReceiver, DownstreamReceptiveSchedulingTerm,
    MessageAvailableSchedulingTerm, CountSchedulingTerm, GreedyScheduler, ManualClock, PingRx)
from gxf.python_codelet import CodeletAdapter, PyCodeletV0

class Tx(CodeletAdapter):
    def start(self):
        self.tx = Transmitter.get(self.context(), self.cid(), self.get_params()["transmitter"])
    def tick(self):
        self.tx.publish(MessageEntity(self.context()), 1)
    def stop(self):
        print("TX-TICKS", self.get_execution_count(), flush=True)

g = Graph("app")
tx = g.add(Entity("tx"))
out = tx.add(DoubleBufferTransmitter(name="out"))
tx.add(DownstreamReceptiveSchedulingTerm(name="drst", transmitter=out, min_size=1))
tx.add(PyCodeletV0(name="py_tx", codelet=Tx, transmitter="out"))
tx.add(CountSchedulingTerm(name="count", count=7))
rx = g.add(Entity("rx"))
inbox = rx.add(DoubleBufferReceiver(name="in"))
rx.add(MessageAvailableSchedulingTerm(name="mast", receiver=inbox, min_size=1))
rx.add(PingRx(name="ping_rx", signal=inbox))
connect(out, inbox)
group = g.add(EntityGroup("pair"))
group.add([tx, rx])
set_scheduler(g, GreedyScheduler(name="sched", clock=ManualClock(name="clock")))
g.load_extensions()
g.run()
assert group.gid is not None and g.pair is group
g.destroy()
print("GRAPH-OK")
"#;
    let out = assert_ok(run_python(&[("script.py", script)], &["script.py"]));
    assert!(out.contains("TX-TICKS 7") && out.contains("Message Received: 7") && out.contains("GRAPH-OK"), "{out}");
}

/// GXF's Python test for `gxf/python/tests/test_vector_params.yaml`: 1-D and 2-D vector
/// parameters set through the functional API read back the same, and the graph runs with them.
#[test]
fn vector_parameters_round_trip_through_the_functional_api() {
    let Some(app) = corpus_app("gxf/python/tests/test_vector_params.yaml") else { return };
    let script = format!(
        r#"import glob, os, gxf._native as native
from gxf import core
libs = sorted((p for p in glob.glob(os.path.join(os.path.dirname(native.__file__), 'libgxf_*.so')) if 'libgxf_macros' not in p), key=lambda p: 'libgxf_std' not in p)
ctx = core.context_create()
core.load_extensions(ctx, extension_filenames=libs)
core.graph_load_file(ctx, {app:?})
[cid] = core.component_find(ctx, core.entity_find(ctx, 'parameter_test'), component_name='parameter_test')
cases = [
    ('float64', 'five_64_bit_floats', [1.5, 2.0, -3.25, 4.0, 5.0], 'six_64_bit_float_2d', [[1.0, 2.5, 3.0], [4.0, 5.0, -6.0]]),
    ('int64', 'five_64_bit_ints', [2, -4, 6, -8, 1 << 40], 'six_64_bit_int_2d', [[1, -2, 3], [4, 5, -6]]),
    ('uint64', 'five_64_bit_unsigned_ints', [1, 1, 2, 3, 1 << 63], 'six_64_bit_uint_2d', [[1, 2, 3], [4, 5, 6]]),
    ('int32', 'five_32_bit_ints', [-1, 5, -25, 125, -625], 'six_32_bit_int_2d', [[-1, 2, -3], [-4, -5, 6]]),
]
for kind, key1, values1, key2, values2 in cases:
    getattr(core, f'parameter_set_1d_{{kind}}_vector')(ctx, cid, key1, values1, 5)
    assert getattr(core, f'parameter_get_1d_{{kind}}_vector')(ctx, cid, key1, 5) == values1, kind
    assert getattr(core, f'parameter_get_1d_{{kind}}_vector')(ctx, cid, key1, 3) == values1[:3], kind
    getattr(core, f'parameter_set_2d_{{kind}}_vector')(ctx, cid, key2, values2, 2, 3)
    assert getattr(core, f'parameter_get_2d_{{kind}}_vector')(ctx, cid, key2, 2, 3) == values2, kind
try:
    core.parameter_set_1d_int32_vector(ctx, cid, 'five_32_bit_ints', [1, 2], 5)
except ValueError as e:
    assert str(e) == 'GXF_ARGUMENT_OUT_OF_RANGE', e
else:
    raise AssertionError('a short vector was accepted')
core.graph_activate(ctx)
core.graph_run(ctx)
core.graph_deactivate(ctx)
core.context_destroy(ctx)
print('VECTORS-OK', flush=True)
"#
    );
    let out = assert_ok(run_python(&[("script.py", &script)], &["script.py"]));
    assert!(out.contains("VECTORS-OK"), "{out}");
}

#[test]
fn extensions_and_component_types_can_be_inspected() {
    let script = r#"import glob, os, gxf._native as native
from gxf import core
libs = sorted((p for p in glob.glob(os.path.join(os.path.dirname(native.__file__), 'libgxf_*.so')) if 'libgxf_macros' not in p), key=lambda p: 'libgxf_std' not in p)
ctx = core.context_create()
core.load_extensions(ctx, extension_filenames=libs)
uuids = core.get_extension_list(ctx)
infos = {core.get_extension_info(ctx, u)['name']: u for u in uuids}
assert infos['StandardExtension'] == '8ec2d5d6-b5df-48bf-8dee-0252606fdd7e', infos
assert infos['PythonCodeletExtension'] == '787daddc-1c34-11ec-9621-0242ac130002', infos
types = {core.get_component_info(ctx, c)['typename']: c for c in core.get_component_list(ctx, infos['PythonCodeletExtension'])}
py = types['nvidia::gxf::PyCodeletV0']
assert py == 'cd8b08c2-f643-483f-f33b-02bfa75c23fb', py
info = core.get_component_info(ctx, py)
assert info['base_typename'] == 'nvidia::gxf::Codelet' and not info['is_abstract'], info
keys = core.get_param_list(ctx, py)
assert keys[:3] == ['codelet_name', 'codelet_file', 'codelet_params'], keys
assert core.get_param_info(ctx, py, 'receivers')['handle_type'] == 'nvidia::gxf::Receiver'
try:
    core.get_param_info(ctx, py, 'nope')
except ValueError as e:
    assert str(e) == 'GXF_PARAMETER_NOT_FOUND'
print('INSPECT-OK', flush=True)
"#;
    let out = assert_ok(run_python(&[("script.py", script)], &["script.py"]));
    assert!(out.contains("INSPECT-OK"), "{out}");
}

#[test]
fn tensor_descriptions_are_readable_and_writable_like_gxf() {
    let script = r#"from gxf.std import MemoryStorageType, PrimitiveType, Shape, TensorDescription
d = TensorDescription('t', MemoryStorageType.kHost, Shape([2, 3]), PrimitiveType.kFloat32, 4)
assert (d.name, d.storage_type, d.element_type, d.bytes_per_element) == ('t', MemoryStorageType.kHost, PrimitiveType.kFloat32, 4)
assert d.shape.size() == 6 and d.strides == [0] * 8, (d.shape, d.strides)
d.name, d.storage_type, d.element_type, d.bytes_per_element = 'u', MemoryStorageType.kSystem, PrimitiveType.kInt32, 8
d.shape = Shape([5])
assert (d.name, d.storage_type, d.element_type, d.bytes_per_element) == ('u', MemoryStorageType.kSystem, PrimitiveType.kInt32, 8)
assert d.shape.size() == 5 and d.shape.rank() == 1
try:
    d.bytes_per_element = 'eight'
    raise SystemExit('a str was accepted as bytes_per_element')
except TypeError:
    pass
print('DESCRIPTION-OK', flush=True)
"#;
    let out = assert_ok(run_python(&[("script.py", script)], &["script.py"]));
    assert!(out.contains("DESCRIPTION-OK"), "{out}");
}

/// A producer (ctypes) of DLPack capsules of DLPack device `device_type`, so device-tensor paths
/// run without a GPU: "device memory" is an address nothing maps (never read), CUDA-host memory
/// a NumPy array.
const FAKE_CUDA_PRODUCER: &str = r#"import ctypes
import numpy as np

class DLDevice(ctypes.Structure):
    _fields_ = [("device_type", ctypes.c_int32), ("device_id", ctypes.c_int32)]
class DLDataType(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint8), ("bits", ctypes.c_uint8), ("lanes", ctypes.c_uint16)]
class DLTensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("device", DLDevice), ("ndim", ctypes.c_int32), ("dtype", DLDataType),
                ("shape", ctypes.POINTER(ctypes.c_int64)), ("strides", ctypes.POINTER(ctypes.c_int64)),
                ("byte_offset", ctypes.c_uint64)]
class DLManagedTensor(ctypes.Structure):
    pass
DELETER = ctypes.CFUNCTYPE(None, ctypes.POINTER(DLManagedTensor))
DLManagedTensor._fields_ = [("dl_tensor", DLTensor), ("manager_ctx", ctypes.c_void_p), ("deleter", DELETER)]
capsule_new = ctypes.pythonapi.PyCapsule_New
capsule_new.restype, capsule_new.argtypes = ctypes.py_object, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]

class FakeCudaArray:
    """A 2x3 float32 array on DLPack device `device_type` (host ones hold 0 to 5)."""
    def __init__(self, device_type):
        self.host = np.arange(6, dtype=np.float32).reshape(2, 3)
        self.address = 0x10000 if device_type == 2 else self.host.ctypes.data
        self.shape = (ctypes.c_int64 * 2)(2, 3)
        self.device_type, self.streams, self.deleted = device_type, [], 0
        self.deleter = DELETER(lambda _: setattr(self, "deleted", self.deleted + 1))
    def __dlpack_device__(self):
        return (self.device_type, 0)
    def __dlpack__(self, stream=None, max_version=None):
        self.streams.append(stream)
        dl = DLTensor(self.address, DLDevice(self.device_type, 0), 2, DLDataType(2, 32, 1), self.shape, None, 0)
        self.managed = DLManagedTensor(dl, None, self.deleter)
        return capsule_new(ctypes.addressof(self.managed), b"dltensor", None)

def expect_error(kinds, text, call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except kinds as e:
        assert text in str(e), (text, str(e))
    else:
        raise AssertionError(f"{call} did not raise")
"#;

/// Device tensors from Python on any machine: `__cuda_array_interface__` is an instance
/// attribute of the tensors GXF hands out (and of no moved-out tensor), NumPy and the buffer
/// protocol refuse device memory clearly, DLPack asks CUDA producers for stream 1 and labels the
/// memory by what it is, CUDA-host memory becomes Host storage, `CudaStreamId` names only streams
/// Python holds, and without a driver a CUDA array or a consumer stream is a RuntimeError naming it.
#[test]
fn device_tensors_are_first_class_and_fail_clearly_without_a_gpu() {
    let has_gpu = if gxf_cuda_sdk::cuda_available() { "True" } else { "False" };
    let script = format!(
        "HAS_GPU = {has_gpu}\n{FAKE_CUDA_PRODUCER}{}",
        r#"import gc
from gxf import core
from gxf.core import MessageEntity
from gxf.cuda import CudaStreamId
from gxf.cuda.Components import CudaStreamSync
from gxf.std import MemoryStorageType, Tensor

CAI = "__cuda_array_interface__"
gpu = FakeCudaArray(2)
t = Tensor.from_dlpack(gpu)
assert gpu.streams == [1], gpu.streams
assert t.storage_type() == MemoryStorageType.kDevice and t.__dlpack_device__() == (2, 0)
cai = getattr(t, CAI)
assert cai == {"shape": (2, 3), "typestr": "<f4", "descr": [("", "<f4")], "version": 3,
               "data": (0x10000, False), "strides": None, "stream": 1, "mask": None}, cai
assert CAI in vars(t) and not hasattr(t, "__array_interface__")
expect_error(RuntimeError, "CUDA device memory, which the CPU cannot read", np.asarray, t)
expect_error(RuntimeError, "CUDA device memory, which the CPU cannot read", np.array, t)
expect_error(BufferError, "CUDA device memory, which the CPU cannot read", memoryview, t)
expect_error((RuntimeError, BufferError), "", np.from_dlpack, t)
expect_error(RuntimeError, "stream must be an int or None", t.__dlpack__, stream="default")
expect_error(ValueError, "is not a CUDA stream", t.__dlpack__, stream=-7)
expect_error(BufferError, "needs a copy", t.__dlpack__, dl_device=(1, 0))
if not HAS_GPU:
    expect_error(RuntimeError, "no CUDA driver", t.__dlpack__, stream=12345)
again = Tensor.from_dlpack(t)
assert again.storage_type() == MemoryStorageType.kDevice and getattr(again, CAI)["data"] == cai["data"]
class FakeInterface:
    __cuda_array_interface__ = {"shape": (3,), "typestr": "<f4", "data": (0, False), "version": 3, "stream": 0}
expect_error(ValueError, "the protocol allows None, 1, 2 or a stream handle", Tensor.as_tensor, FakeInterface())
if not HAS_GPU:
    FakeInterface.__cuda_array_interface__["stream"] = None
    expect_error(RuntimeError, "no CUDA driver", Tensor.as_tensor, FakeInterface())
ctx = core.context_create()
msg = MessageEntity(ctx)
Tensor.add_to_entity(msg, t, "gpu")
assert not hasattr(t, CAI), "a moved-out tensor keeps no stale interface"
assert getattr(Tensor.get_from_entity(msg, "gpu"), CAI)["data"] == cai["data"]
assert [getattr(x, CAI)["shape"] for x in Tensor.find_all_from_entity(msg)] == [(2, 3)]
sid = CudaStreamId.add_to_entity(msg, "stream")
assert sid.stream_cid == 0 and sid.stream() is None
sid.stream_cid = 0
expect_error(ValueError, "no CUDA stream with stream_cid 424242", setattr, sid, "stream_cid", 424242)
assert CudaStreamId.get_from_entity(msg).stream_cid == 0
expect_error(ValueError, "GXF_ENTITY_COMPONENT_NOT_FOUND", CudaStreamId.get_from_entity, msg, "nope")
del msg, again, sid
gc.collect()
assert gpu.deleted == 1, "the message gave the memory back to its producer"
pinned = FakeCudaArray(3)
h = Tensor.from_dlpack(pinned)
assert pinned.streams == [None] and h.storage_type() == MemoryStorageType.kHost
assert not hasattr(h, CAI) and np.asarray(h).sum() == 15
assert CudaStreamSync.gxf_native_type == "nvidia::gxf::CudaStreamSync"
core.context_destroy(ctx)
print("DEVICE-TENSORS-OK", flush=True)
"#
    );
    let out = assert_ok(run_python(&[("script.py", &script)], &["script.py"]));
    assert!(out.contains("DEVICE-TENSORS-OK"), "{out}");
}

/// The GPU test's own codelets: `GpuChecks` (streams and device tensors from Python, with CuPy),
/// `Sink` (checks what StreamGenerator / EntityDelete publish) and `Pairs` (equal tensors for
/// VerifyEqual: the first in device or host memory, the second in host memory).
const GPU_CODELETS: &str = r#"import ctypes, os
import numpy as np
os.environ.setdefault("CUPY_CACHE_IN_MEMORY", "1")
import cupy
from gxf.core import MessageEntity
from gxf.cuda import CudaStreamId, CudaStreamPool
from gxf.python_codelet import CodeletAdapter
from gxf.std import Allocator, MemoryStorageType, PrimitiveType, Receiver, Shape, Tensor, TensorDescription, Transmitter

CAI = "__cuda_array_interface__"
DEVICE, HOST = MemoryStorageType.kDevice, MemoryStorageType.kHost
_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_pointer.restype, _pointer.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]

def expect_error(kinds, text, call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except kinds as e:
        assert text in str(e), (text, str(e))
    else:
        raise AssertionError(f"{call} did not raise")

def description(name, storage, dims, element_type=PrimitiveType.kFloat32, size=4):
    return TensorDescription(name, storage, Shape(dims), element_type, size)

def torch_checks(d, data):
    """PyTorch reads a device tensor and hands its own in, without copies (when it is installed)."""
    try:
        import torch
    except ImportError:
        return
    seen = torch.from_dlpack(d)  # asks with torch's current stream
    assert seen.data_ptr() == data and seen.is_cuda and float(seen.sum()) == 190.0, seen
    mine = torch.arange(6, dtype=torch.float32, device="cuda").reshape(2, 3)
    for imported in (Tensor.from_dlpack(mine), Tensor.as_tensor(mine)):
        assert imported.storage_type() == DEVICE and getattr(imported, CAI)["data"][0] == mine.data_ptr()
        assert torch.equal(torch.from_dlpack(imported), mine)
    print("GPU-TORCH-OK", flush=True)

class GpuChecks(CodeletAdapter):
    def tick(self):
        ctx, cid = self.context(), self.cid()
        dev, host = Allocator.get(ctx, cid, "global/dev"), Allocator.get(ctx, cid, "global/host")
        pool = CudaStreamPool.get(ctx, cid, "global/streams")
        assert [p.cid() for p in self.get_cuda_stream_pools()] == [pool.cid()]
        expect_error(RuntimeError, "GXF_PARAMETER_NOT_INITIALIZED", CudaStreamPool.get, ctx, cid, "nope")
        stream_cid, stream = pool.allocate_stream()
        assert stream.stream_cid == stream_cid and stream.device_id == 0 and stream.ptr != 0, stream
        assert stream.__cuda_stream__() == (0, stream.ptr)
        stream.sync_stream()
        ext = cupy.cuda.ExternalStream(stream.ptr)
        msg = MessageEntity(ctx)
        sid = CudaStreamId.add_to_entity(msg, "stream")
        sid.stream_cid = stream_cid
        assert CudaStreamId.get_from_entity(msg).stream_cid == stream_cid and sid.stream().ptr == stream.ptr
        expect_error(ValueError, str(stream_cid + 999999), setattr, sid, "stream_cid", stream_cid + 999999)
        t = Tensor.add_to_entity(msg, "d")
        t.reshape(description("d", DEVICE, [4, 5]), dev)
        assert not hasattr(t, CAI) and t.__dlpack_device__() == (2, 0), t.__dlpack_device__()
        d = Tensor.get_from_entity(msg, "d")
        data = _pointer(d.get_tensor_info()[0], None)
        cai = getattr(d, CAI)
        assert cai["data"] == (data, False) and cai["strides"] is None and cai["stream"] == 1, cai
        assert cai["shape"] == (4, 5) and cai["typestr"] == "<f4" and cai["mask"] is None and CAI in vars(d)
        with ext:
            view = cupy.asarray(d)
            assert view.data.ptr == data
            view[:] = cupy.arange(20, dtype=cupy.float32).reshape(4, 5)
        with ext:
            shared = cupy.from_dlpack(d)  # asks with ext's handle: ext waits for the legacy stream
            assert shared.data.ptr == data and float(shared.sum()) == 190.0
        for s in (None, 0, 1, 2, -1, stream.ptr):
            d.__dlpack__(stream=s)
            d.__dlpack__(stream=s, max_version=(1, 0))
        expect_error(BufferError, "needs a copy", d.__dlpack__, dl_device=(1, 0))
        expect_error(RuntimeError, "the CPU cannot read", np.asarray, d)
        expect_error(BufferError, "the CPU cannot read", memoryview, d)
        expect_error((RuntimeError, BufferError), "", np.from_dlpack, d)
        torch_checks(d, data)
        again = Tensor.from_dlpack(d)
        assert again.storage_type() == DEVICE and getattr(again, CAI)["data"][0] == data
        side = cupy.cuda.Stream(non_blocking=True)
        with side:
            a = cupy.full((3, 3), 7, dtype=cupy.int32)
            imported = Tensor.as_tensor(a)  # the interface names `side`: the legacy stream waits for it
        assert imported.storage_type() == DEVICE and getattr(imported, CAI)["data"][0] == a.data.ptr
        assert int(cupy.asarray(imported).sum()) == 63
        b = cupy.arange(10, dtype=cupy.float64)[::2]
        strided = Tensor.from_dlpack(b)
        assert strided.storage_type() == DEVICE and strided.strides() == [16] and getattr(strided, CAI)["strides"] == (16,)
        assert cupy.array_equal(cupy.asarray(strided), b)
        Tensor.add_to_entity(msg, imported, "imported")
        assert not hasattr(imported, CAI) and int(cupy.asarray(Tensor.get_from_entity(msg, "imported")).sum()) == 63
        h = Tensor.add_to_entity(msg, "h")
        h.reshape(description("h", HOST, [6], PrimitiveType.kInt32), host)
        assert h.__dlpack_device__() == (3, 0), h.__dlpack_device__()
        np.asarray(h)[:] = 2
        assert np.from_dlpack(h).sum() == 12 and not hasattr(Tensor.get_from_entity(msg, "h"), CAI)
        sid.stream_cid = 0
        assert sid.stream() is None
        pool.release_stream(stream_cid)
        expect_error(ValueError, str(stream_cid), pool.release_stream, stream_cid)
        print("GPU-CHECKS-OK", flush=True)

class Sink(CodeletAdapter):
    def start(self):
        params = self.get_params()
        self.rx = Receiver.get(self.context(), self.cid(), params["receiver"])
        self.storage = DEVICE if params["device"] else HOST
        self.count = 0

    def tick(self):
        msg = self.rx.receive()
        tensors = Tensor.find_all_from_entity(msg)
        assert len(tensors) == 2 and all(t.storage_type() == self.storage for t in tensors), tensors
        if self.storage == DEVICE:
            sid = CudaStreamId.get_from_entity(msg, "CudaStream0")
            assert sid.stream_cid != 0 and sid.stream().ptr != 0
            assert all(hasattr(t, CAI) for t in tensors)
        self.count += 1

    def stop(self):
        print("SINK", "device" if self.storage == DEVICE else "host", self.count, flush=True)

class Pairs(CodeletAdapter):
    def start(self):
        params = self.get_params()
        ctx, cid = self.context(), self.cid()
        self.txs = [Transmitter.get(ctx, cid, params[f"tx{i}"]) for i in range(2)]
        self.pools = {DEVICE: Allocator.get(ctx, cid, "global/dev"), HOST: Allocator.get(ctx, cid, "global/host")}
        self.first = DEVICE if params["device"] else HOST

    def tick(self):
        values = np.arange(12, dtype=np.float32).reshape(3, 4) * self.get_execution_count()
        for tx, storage in zip(self.txs, (self.first, HOST)):
            msg = MessageEntity(self.context())
            t = Tensor.add_to_entity(msg, "t")
            t.reshape(description("t", storage, [3, 4]), self.pools[storage])
            if storage == DEVICE:
                cupy.from_dlpack(t)[:] = cupy.asarray(values)
                cupy.cuda.Device().synchronize()
            else:
                np.asarray(t)[:] = values
            tx.publish(msg, 1)
"#;

/// The GPU graphs' pools: entity `global` with CudaStreamPool `streams` and BlockMemoryPools
/// `dev` (device, `blocks` of `block` bytes) and `host` (pinned host).
fn gpu_pools(block: u64, blocks: u32) -> String {
    format!(
        "name: global\ncomponents:\n- name: streams\n  type: nvidia::gxf::CudaStreamPool\n  \
         parameters: {{stream_flags: 0, reserved_size: 1, max_size: 5}}\n- name: dev\n  type: nvidia::gxf::BlockMemoryPool\n  \
         parameters: {{storage_type: 1, block_size: {block}, num_blocks: {blocks}}}\n- name: host\n  \
         type: nvidia::gxf::BlockMemoryPool\n  parameters: {{storage_type: 0, block_size: 8388608, num_blocks: 5}}\n"
    )
}

/// Entity `name`: `queues` (from `gpu_queue`), then a PyCodeletV0 running `class` of `file` with
/// `params` (a YAML flow map, more parameters in `extra`), ticked at most `count` times.
fn gpu_codelet(name: &str, queues: &str, class: &str, file: &str, params: &str, extra: &str, count: u32) -> String {
    format!(
        "---\nname: {name}\ncomponents:\n{queues}- type: nvidia::gxf::PyCodeletV0\n  parameters:\n    codelet_name: {class}\n    \
         codelet_file: {file}\n{extra}    codelet_params: {params}\n- type: nvidia::gxf::CountSchedulingTerm\n  \
         parameters: {{count: {count}}}\n"
    )
}

/// A transmitter (`tx: true`) or receiver named `name` with the term that gates its entity on it.
fn gpu_queue(name: &str, tx: bool) -> String {
    let (queue, term, key) = if tx {
        ("DoubleBufferTransmitter", "DownstreamReceptiveSchedulingTerm", "transmitter")
    } else {
        ("DoubleBufferReceiver", "MessageAvailableSchedulingTerm", "receiver")
    };
    format!("- name: {name}\n  type: nvidia::gxf::{queue}\n- type: nvidia::gxf::{term}\n  parameters: {{{key}: {name}, min_size: 1}}\n")
}

fn gpu_connection(source: &str, target: &str) -> String {
    format!("---\ncomponents:\n- type: nvidia::gxf::Connection\n  parameters: {{source: {source}, target: {target}}}\n")
}

const GPU_SCHEDULER: &str = "---\nname: scheduler\ncomponents:\n- name: clock\n  type: nvidia::gxf::ManualClock\n\
                             - type: nvidia::gxf::GreedyScheduler\n  parameters: {clock: clock, max_duration_ms: 30000}\n";

/// StreamGenerator or EntityDelete (50 ticks) feeding a host and a device `Sink`.
fn generator_graph(class: &str, block: u64, blocks: u32) -> String {
    let params = "{clock: scheduler/clock, transmitter0: host_out, transmitter1: cuda_out, allocator0: global/host, \
                  allocator1: global/dev, cuda_stream_pool: global/streams}";
    let queues = gpu_queue("host_out", true) + &gpu_queue("cuda_out", true);
    let file = format!("gxf/python/tests/{class}.py");
    [
        gpu_pools(block, blocks),
        gpu_codelet("generator", &queues, class, &file, params, "", 50),
        gpu_codelet("host_sink", &gpu_queue("rx", false), "Sink", "gpu.py", "{receiver: rx, device: 0}", "", 50),
        gpu_codelet("dev_sink", &gpu_queue("rx", false), "Sink", "gpu.py", "{receiver: rx, device: 1}", "", 50),
        gpu_connection("generator/host_out", "host_sink/rx"),
        gpu_connection("generator/cuda_out", "dev_sink/rx"),
        GPU_SCHEDULER.to_string(),
    ]
    .concat()
}

/// `Pairs` (20 ticks; first tensor on the device when `device`) feeding class VerifyEqual of `file`.
fn verify_graph(file: &str, device: bool) -> String {
    let queues = gpu_queue("t0", true) + &gpu_queue("t1", true);
    let params = format!("{{tx0: t0, tx1: t1, device: {}}}", u8::from(device));
    let verify = "{clock: scheduler/clock, receiver0: r0, receiver1: r1}";
    [
        gpu_pools(8388608, 5),
        gpu_codelet("pairs", &queues, "Pairs", "gpu.py", &params, "", 20),
        gpu_codelet("verify", &(gpu_queue("r0", false) + &gpu_queue("r1", false)), "VerifyEqual", file, verify, "", 20),
        gpu_connection("pairs/t0", "verify/r0"),
        gpu_connection("pairs/t1", "verify/r1"),
        GPU_SCHEDULER.to_string(),
    ]
    .concat()
}

/// On a GPU with CuPy (tests/gpu/run.sh): streams and device tensors from Python (`GpuChecks`),
/// the group-3 codelets in graphs of their own (the corpus graphs also need the CUDA test
/// extension: gpu_conformance runs those), and the GPU FFT app once more through DLPack.
#[test]
fn python_reaches_cuda_streams_and_device_tensors_on_a_gpu() {
    if !gxf_cuda_sdk::cuda_available() {
        return eprintln!("skipping: needs a GPU");
    }
    if run_python(&[], &["-c", "import cupy"]).0 != 0 {
        return eprintln!("skipping: needs CuPy");
    }
    let codelets = gxf_tests::conformance::python_codelets_dir();
    let read = |p: &str| std::fs::read_to_string(codelets.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let names = [
        "gxf/python/tests/StreamGenerator.py",
        "gxf/python/tests/EntityDelete.py",
        "gxf/python/tests/VerifyEqual.py",
        "gxf/python/tests/VerifyEqualOnDevice.py",
        "gxf/python/tests/StepCount.py",
        "gxf/python/tests/complex/gpu_fft/CreateTensor.py",
        "gxf/python/tests/complex/gpu_fft/RunFFT.py",
        "gxf/python/tests/complex/gpu_fft/VerifyTensor.py",
    ];
    let texts: Vec<String> = names.iter().map(|p| read(p)).collect();
    let extra = "    cuda_stream_pools: [global/streams]\n";
    let mut gpu_checks = vec!["GPU-CHECKS-OK"];
    if run_python(&[], &["-c", "import torch"]).0 == 0 {
        gpu_checks.push("GPU-TORCH-OK");
    } else {
        eprintln!("PyTorch is not installed: its DLPack exchange is not checked");
    }
    let mut cases = vec![
        (
            "GpuChecks",
            gpu_pools(8388608, 5) + &gpu_codelet("py", "", "GpuChecks", "gpu.py", "{}", extra, 1) + GPU_SCHEDULER,
            0,
            gpu_checks,
        ),
        ("StreamGenerator", generator_graph("StreamGenerator", 8388608, 5), 0, vec!["SINK host 50", "SINK device 50"]),
        ("EntityDelete", generator_graph("EntityDelete", 32768, 2), 0, vec!["SINK host 50", "SINK device 50"]),
        ("VerifyEqual", verify_graph("gxf/python/tests/VerifyEqual.py", true), 0, vec![]),
        ("VerifyEqualOnDevice", verify_graph("gxf/python/tests/VerifyEqualOnDevice.py", false), 0, vec![]),
        (
            "VerifyEqualOnDevice, device",
            verify_graph("gxf/python/tests/VerifyEqualOnDevice.py", true),
            1,
            vec!["copy device data to the host first"],
        ),
    ];
    if let Some(app) = corpus_app("gxf/python/tests/complex/gpu_fft/test_gpu_fft.yaml") {
        let corpus = std::fs::read_to_string(&app).expect("read the corpus graph");
        assert_eq!(corpus.matches("use_dlpack: 0").count(), 2, "the corpus graph changed: {app:?}");
        cases.push(("gpu_fft through DLPack", corpus.replace("use_dlpack: 0", "use_dlpack: 1"), 0, vec![]));
    }
    for (name, graph, exit, needles) in &cases {
        let mut files: Vec<(&str, &str)> = names.iter().copied().zip(texts.iter().map(String::as_str)).collect();
        files.extend([("gpu.py", GPU_CODELETS), ("g.yaml", graph.as_str())]);
        let (code, out) = run_in_scratch(&gxe(), &files, &["--app", "g.yaml"], &[]);
        assert_eq!(code, *exit, "{name}: exit {exit} expected:\n{out}");
        assert!(!out.contains("panicked"), "{name}: no panic:\n{out}");
        for needle in needles {
            assert!(out.contains(needle), "{name}: output mentions '{needle}':\n{out}");
        }
    }
}
