//! Bad input around CUDA: each case gives a GXF result code and one line naming the cause, and
//! the graph stops cleanly (exit status 1, no panic). Cases that need a GPU skip without one.

use gxf_tests::harness::{gxe, run_in_scratch};

/// A generator of one float32 tensor of `storage` from `allocator`, StepCount-free: the run's
/// outcome is all that matters.
fn tensor_graph(allocator: &str, storage: i32, device: Option<i32>) -> String {
    let gpu = device.map_or(String::new(), |dev_id| {
        format!("---\nname: gpu\ncomponents:\n- name: gpu\n  type: nvidia::gxf::GPUDevice\n  parameters: {{dev_id: {dev_id}}}\n")
    });
    format!(
        r#"name: generator
components:
- name: output
  type: nvidia::gxf::test::MockTransmitter
- name: pool
{allocator}
- type: nvidia::gxf::test::TensorGenerator
  parameters: {{output: output, allocator: pool, shape: [4, 4], storage_type: {storage}, enable_timestamps: false}}
- type: nvidia::gxf::CountSchedulingTerm
  parameters: {{count: 1}}
---
components:
- name: clock
  type: nvidia::gxf::ManualClock
- type: nvidia::gxf::GreedyScheduler
  parameters: {{clock: clock}}
{gpu}"#
    )
}

fn run(graph: &str) -> (i32, String) {
    run_in_scratch(&gxe(), &[("graph.yaml", graph)], &["--app", "graph.yaml"], &[])
}

fn assert_clean_failure(code: i32, output: &str, wanted: &[&str]) {
    assert_eq!(code, 1, "{output}");
    assert!(!output.contains("panicked"), "{output}");
    for text in wanted {
        assert!(output.contains(text), "missing {text:?} in:\n{output}");
    }
}

#[test]
fn a_device_tensor_asked_of_a_host_only_pool_is_refused_naming_both() {
    let pool = "  type: nvidia::gxf::BlockMemoryPool\n  parameters: {storage_type: 0, block_size: 1024, num_blocks: 2}";
    let (code, output) = run(&tensor_graph(pool, 1, None));
    assert_clean_failure(
        code,
        &output,
        &["GXF_ARGUMENT_INVALID", "BlockMemoryPool 'pool' serves storage type 0, not 1"],
    );
}

#[test]
fn a_gpu_that_does_not_exist_is_named() {
    let pool = "  type: nvidia::gxf::UnboundedAllocator";
    let (code, output) = run(&tensor_graph(pool, 1, Some(64)));
    let why = if gxf_cuda_sdk::cuda_available() { "no CUDA device 64" } else { "no CUDA driver" };
    assert_clean_failure(code, &output, &[why]);
}

#[test]
fn an_exhausted_stream_pool_is_out_of_memory() {
    if !gxf_cuda_sdk::cuda_available() {
        return eprintln!("skipping: needs a GPU");
    }
    // Python allocates streams from a pool of at most two until it fails.
    let graph = r#"name: pool
components:
- name: pool
  type: nvidia::gxf::CudaStreamPool
  parameters: {max_size: 2, reserved_size: 1}
---
name: taker
components:
- type: nvidia::gxf::PyCodeletV0
  parameters:
    codelet_name: TakeStreams
    codelet_file: take_streams.py
    codelet_params: {pool: pool/pool}
- type: nvidia::gxf::CountSchedulingTerm
  parameters: {count: 1}
---
components:
- name: clock
  type: nvidia::gxf::ManualClock
- type: nvidia::gxf::GreedyScheduler
  parameters: {clock: clock}
"#;
    let codelet = r#"from gxf.core import MessageEntity
from gxf.cuda import CudaStreamPool
from gxf.python_codelet import CodeletAdapter


class TakeStreams(CodeletAdapter):
    def start(self):
        self.params = self.get_params()

    def tick(self):
        pool = CudaStreamPool.get(self.context(), self.cid(), self.params["pool"])
        taken = [pool.allocate_stream() for _ in range(3)]
"#;
    let (code, output) =
        run_in_scratch(&gxe(), &[("graph.yaml", graph), ("take_streams.py", codelet)], &["--app", "graph.yaml"], &[]);
    assert_clean_failure(code, &output, &["GXF_OUT_OF_MEMORY", "all 2 streams are in use (max_size 2)"]);
}

/// A kernel that faults on a pool's stream (CuPy, from a Python codelet) leaves a sticky CUDA
/// error: CudaStreamSync downstream names it, and the graph stops with exit status 1 within its
/// time budget instead of hanging.
#[test]
fn a_faulting_kernel_stops_the_graph_naming_the_cuda_error() {
    if !gxf_cuda_sdk::cuda_available() {
        return eprintln!("skipping: needs a GPU");
    }
    let graph = r#"name: pool
components:
- name: pool
  type: nvidia::gxf::CudaStreamPool
---
name: faulter
components:
- name: out
  type: nvidia::gxf::DoubleBufferTransmitter
- type: nvidia::gxf::PyCodeletV0
  parameters:
    codelet_name: Faulter
    codelet_file: faulter.py
    codelet_params: {pool: pool/pool, transmitter: out}
- type: nvidia::gxf::CountSchedulingTerm
  parameters: {count: 1}
---
name: sync
components:
- name: in
  type: nvidia::gxf::DoubleBufferReceiver
- type: nvidia::gxf::MessageAvailableSchedulingTerm
  parameters: {receiver: in, min_size: 1}
- type: nvidia::gxf::CudaStreamSync
  parameters: {rx: in}
---
components:
- type: nvidia::gxf::Connection
  parameters: {source: faulter/out, target: sync/in}
---
components:
- name: clock
  type: nvidia::gxf::RealtimeClock
- type: nvidia::gxf::GreedyScheduler
  parameters: {clock: clock, max_duration_ms: 20000}
"#;
    let codelet = r#"import cupy as cp
from gxf.core import MessageEntity
from gxf.cuda import CudaStreamId, CudaStreamPool
from gxf.python_codelet import CodeletAdapter
from gxf.std import Transmitter

WRITE_TO_NULL = cp.RawKernel(r'extern "C" __global__ void fault() { *(volatile int*)0 = 1; }', "fault")


class Faulter(CodeletAdapter):
    def start(self):
        params = self.get_params()
        self.pool = CudaStreamPool.get(self.context(), self.cid(), params["pool"])
        self.tx = Transmitter.get(self.context(), self.cid(), params["transmitter"])
        self.stream_cid, self.stream = self.pool.allocate_stream()

    def tick(self):
        with cp.cuda.ExternalStream(self.stream.ptr):
            WRITE_TO_NULL((1,), (1,), ())
        msg = MessageEntity(self.context())
        CudaStreamId.add_to_entity(msg).stream_cid = self.stream_cid
        self.tx.publish(msg)
"#;
    let started = std::time::Instant::now();
    let (code, output) =
        run_in_scratch(&gxe(), &[("graph.yaml", graph), ("faulter.py", codelet)], &["--app", "graph.yaml"], &[]);
    assert!(started.elapsed() < std::time::Duration::from_secs(60), "the graph stopped in time");
    assert_clean_failure(code, &output, &["named 'sync'", "CUDA_ERROR_ILLEGAL_ADDRESS"]);
}
