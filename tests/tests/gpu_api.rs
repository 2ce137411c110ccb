//! GXF's CUDA "driver" tests (`gxf/cuda/tests/test_cuda_unit.cpp` and the driver rows of
//! expect.tsv), written against the project's API: the test process hosts the runtime and calls
//! the CUDA extension's components through handles, as GXF's gtests do; and the CUDA SDK's
//! promises that only a GPU can check. Each test skips, saying why, on a machine without a GPU;
//! `tests/gpu/run.sh` runs them on the GPU machine.

use gxf_cuda_sdk::{
    CudaAllocator, CudaBuffer, CudaEvent, CudaStreamId, CudaStreamPool, Device, DeviceMemory, MemoryPool, Stream,
    StreamPoolHandle,
};
use gxf_runtime::{Context, Runtime};
use gxf_sdk::api::{iface, ContextRef, Handle, Message};
use gxf_tests::conformance::corpus_dir;
use gxf_tests::harness::{load_str, runtime_with};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Whether to run: a GPU is there (else says why not).
fn have_gpu() -> bool {
    let available = gxf_cuda_sdk::cuda_available();
    if !available {
        eprintln!("skipping: no CUDA driver or device");
    }
    available
}

/// The runtime hosting this test: its host table installed for the SDK calls the test makes.
fn runtime() -> Context {
    gxf_sdk::api::host::install(gxf_runtime::host_table());
    runtime_with(&["std", "cuda"])
}

fn context(rt: &Runtime) -> ContextRef {
    ContextRef::from_raw(rt.raw())
}

/// The id of the component named `component` of the entity named `entity`.
fn component_id(rt: &Runtime, entity: &str, component: &str) -> i64 {
    let eid = rt.find_entity(entity).unwrap();
    rt.find_component(eid, None, Some(component)).unwrap()
}

/// `CudaUnit.CudaStreamEvent`: a pool made by hand hands out a stream of device 0 that records
/// an event and synchronises.
#[test]
fn a_pool_made_by_hand_hands_out_a_working_stream() {
    if !have_gpu() {
        return;
    }
    let rt = runtime();
    let eid = rt.create_entity(Some("pool"), false).unwrap();
    let cid = rt.add_component(eid, "nvidia::gxf::CudaStreamPool", "cudastreampool").unwrap();
    rt.activate_entity(eid).unwrap();
    let pool = Handle::<CudaStreamPool>::resolve(context(&rt), cid).unwrap();
    let stream = pool.allocate_stream().unwrap();
    assert!(!stream.stream().raw().is_null());
    assert_eq!(stream.stream().device_ordinal(), 0);
    let event = CudaEvent::recorded_on(stream.stream()).unwrap();
    stream.cuda_stream().sync_stream().unwrap();
    assert!(event.event().is_complete().unwrap(), "the event was recorded before the sync");
    pool.release_stream(&stream).unwrap();
    rt.deactivate_entity(eid).unwrap();
}

/// The pool, the sync receiver and the GPU of `test_cuda_unit.yaml`, running.
struct UnitGraph {
    rt: Context,
    pool: Handle<CudaStreamPool>,
    sync_rx: Handle<iface::Receiver>,
    dev_id: i32,
}

impl UnitGraph {
    fn start() -> UnitGraph {
        let rt = runtime();
        let app = corpus_dir().join("gxf/cuda/tests/test_cuda_unit.yaml");
        gxf_runtime::load_file(&rt, &app.to_string_lossy(), "", &[]).unwrap();
        rt.graph_activate().unwrap();
        rt.graph_run_async().unwrap();
        std::thread::sleep(Duration::from_millis(50));
        let find = |entity: &str, component: &str| component_id(&rt, entity, component);
        let pool = Handle::resolve(context(&rt), find("cuda_stream_pool", "stream_pool")).unwrap();
        let sync_rx = Handle::resolve(context(&rt), find("sync", "rx1")).unwrap();
        let gpu = find("GPU_0", "GPU_0");
        let dev_id = context(&rt).component_param::<i32>(gpu, "dev_id").unwrap().unwrap();
        UnitGraph { rt, pool, sync_rx, dev_id }
    }

    /// A message with an event recorded on `stream` and the stream's id, pushed to the sync
    /// receiver.
    fn push(&self, stream: &gxf_cuda_sdk::StreamRef) {
        let mut message = Message::new(context(&self.rt)).unwrap();
        let event = CudaEvent::new(&Device::get(self.dev_id).unwrap()).unwrap();
        event.event().record(stream.stream()).unwrap();
        message.add("event", event).unwrap();
        message.add("stream", CudaStreamId::new(stream)).unwrap();
        self.sync_rx.push(&message).unwrap();
        self.sync_rx.sync().unwrap();
    }

    fn stop(self) {
        std::thread::sleep(Duration::from_millis(50));
        self.rt.graph_interrupt().unwrap();
        self.rt.graph_wait().unwrap();
        self.rt.graph_deactivate().unwrap();
    }
}

/// `TestCudaStream.TestSingleStreamEvent`: ten stream-tagged messages through CudaStreamSync.
#[test]
fn ten_messages_on_one_stream_pass_cuda_stream_sync() {
    if !have_gpu() {
        return;
    }
    let graph = UnitGraph::start();
    let stream = graph.pool.allocate_stream().unwrap();
    assert!(!stream.stream().raw().is_null());
    for _ in 0..10 {
        graph.push(&stream);
    }
    let pool = graph.pool;
    graph.stop();
    stream.cuda_stream().sync_stream().unwrap();
    pool.release_stream(&stream).unwrap();
}

/// `TestCudaStream.TestMultipleStreamEvent`: five streams, one message each; the pool's
/// `max_size` of 5 allows exactly that.
#[test]
fn five_streams_each_tag_a_message() {
    if !have_gpu() {
        return;
    }
    let graph = UnitGraph::start();
    let streams: Vec<_> =
        (0..5).map(|i| graph.pool.allocate_stream().unwrap_or_else(|e| panic!("stream {i}: {e}"))).collect();
    for stream in &streams {
        graph.push(stream);
    }
    let sixth = graph.pool.allocate_stream().err().expect("max_size is 5");
    assert_eq!(sixth.code, gxf_sdk::Code::GXF_OUT_OF_MEMORY);
    graph.stop();
}

/// The `driver` rows that run a dot-product or ping app under each scheduler overlay: loaded and
/// run in-process, each must end successfully.
#[test]
fn the_driver_row_apps_run_under_every_scheduler() {
    if !have_gpu() {
        return;
    }
    let apps =
        ["test_cuda_event_st_dotproduct", "test_cuda_stream_st_dotproduct", "test_cuda_stream_st_ping_no_callback"];
    for app in apps {
        for overlay in ["greedy", "multithread", "ebs"] {
            gxf_sdk::api::host::install(gxf_runtime::host_table());
            let rt = runtime_with(&["std", "sample", "test", "cuda", "test_cuda"]);
            for file in [format!("{app}.yaml"), format!("test_cuda_st_{overlay}_param.yaml")] {
                let path = corpus_dir().join("gxf/cuda/tests").join(file);
                gxf_runtime::load_file(&rt, &path.to_string_lossy(), "", &[]).unwrap();
            }
            rt.graph_activate().unwrap_or_else(|e| panic!("{app} ({overlay}): {e}"));
            rt.graph_run().unwrap_or_else(|e| panic!("{app} ({overlay}): {e}"));
            rt.graph_deactivate().unwrap_or_else(|e| panic!("{app} ({overlay}): {e}"));
        }
    }
}

/// Both CUDA allocators answer the `CudaAllocator` interface through their handles (no GPU
/// needed: the components are only created, not initialized).
#[test]
fn the_cuda_allocators_answer_the_cuda_allocator_interface() {
    gxf_sdk::api::host::install(gxf_runtime::host_table());
    let rt = runtime_with(&["std", "cuda", "rmm"]);
    let eid = rt.create_entity(Some("allocators"), false).unwrap();
    for type_name in ["nvidia::gxf::StreamOrderedAllocator", "nvidia::gxf::RMMAllocator"] {
        let cid = rt.add_component(eid, type_name, "").unwrap();
        assert!(Handle::<gxf_cuda_sdk::CudaAllocator>::resolve(context(&rt), cid).is_ok(), "{type_name}");
        assert!(Handle::<CudaStreamPool>::resolve(context(&rt), cid).is_err(), "{type_name} is no stream pool");
    }
}

/// A stream pool with a single stream and a stream-ordered allocator.
const BUFFER_CHAIN: &str = r#"
name: buffers
components:
- name: pool
  type: nvidia::gxf::CudaStreamPool
  parameters: {reserved_size: 1, max_size: 1}
- name: allocator
  type: nvidia::gxf::StreamOrderedAllocator
"#;

/// GXF's `CudaBuffer` stream ownership: a buffer owns its stream, also one it was given, and
/// returns it to its pool on release unless it handed the stream on (`transferStreamOwnership`),
/// so a chain of buffers on one stream holds one pool stream until its last buffer is released.
#[test]
fn a_stream_handed_along_a_chain_of_buffers_returns_to_its_pool_with_the_last_buffer() {
    if !have_gpu() {
        return;
    }
    let rt = runtime();
    load_str(&rt, BUFFER_CHAIN);
    rt.graph_activate().unwrap();
    let find = |component: &str| component_id(&rt, "buffers", component);
    let pool = Handle::<CudaStreamPool>::resolve(context(&rt), find("pool")).unwrap();
    let allocator = Handle::<CudaAllocator>::resolve(context(&rt), find("allocator")).unwrap();
    let exhausted = |pool: &Handle<CudaStreamPool>| match pool.allocate_stream() {
        Ok(stream) => {
            pool.release_stream(&stream).unwrap();
            false
        }
        Err(e) => {
            assert_eq!(e.code, gxf_sdk::Code::GXF_OUT_OF_MEMORY, "{e}");
            true
        }
    };

    let mut first = CudaBuffer::default();
    first.resize_async(allocator, pool, 4096, None).unwrap();
    assert!(exhausted(&pool), "the first buffer holds the pool's only stream");
    let stream = first.transfer_stream_ownership().expect("the buffer has a stream");
    let mut second = CudaBuffer::default();
    second.resize_async(allocator, first.stream_pool(), 4096, Some(stream)).unwrap();
    drop(first);
    assert!(exhausted(&pool), "the stream went back to the pool while the second buffer owns it");
    second.release().unwrap();
    assert!(!exhausted(&pool), "releasing the last buffer of the chain returns the stream");
    let stream = pool.allocate_stream().unwrap();
    pool.release_stream(&stream).unwrap();
    pool.release_stream(&stream).unwrap();
    let _only = pool.allocate_stream().unwrap();
    assert!(exhausted(&pool), "a stream released twice was handed out twice");
    rt.graph_deactivate().unwrap();
}

/// `gxf_cuda_sdk::copy` returns only once the data has landed, so the target may be freed in
/// another stream's order at once: here into a pool that keeps nothing (release threshold 0) and
/// is then destroyed, so a copy still running would write to unmapped memory and leave a sticky
/// error. Device-to-device copies are the ones `cuMemcpy` alone returns early from.
#[test]
fn a_copy_has_landed_when_it_returns_so_its_target_can_be_freed_at_once() {
    if !have_gpu() {
        return;
    }
    const SIZE: u64 = 256 << 20;
    let device = Device::get(0).unwrap();
    let source = DeviceMemory::new(&device, SIZE).unwrap();
    let stream = Stream::new(&device, Stream::NON_BLOCKING, 0).unwrap();
    for round in 0..10 {
        let pool = MemoryPool::new(&device, 2 * SIZE, 0).unwrap();
        // SAFETY: the test's live stream of this device.
        let target = unsafe { pool.allocate_async(SIZE, stream.raw()) }.unwrap();
        stream.synchronize().unwrap();
        // SAFETY: two distinct live allocations of SIZE bytes.
        unsafe { gxf_cuda_sdk::copy(&device, target, source.as_ptr(), SIZE as usize) }.unwrap();
        // SAFETY: from this pool; nothing queued after uses it.
        unsafe { pool.free_async(target, stream.raw()) }.unwrap();
        stream.synchronize().unwrap_or_else(|e| panic!("round {round}: {e}"));
    }
    device.synchronize().expect("no copy may still be running into freed memory");
}

/// A graph where `CudaStreamSync` (of the CUDA extension) forwards what it synchronised to a
/// receiver with no codelet, which the test reads.
const SYNC_TO_SINK: &str = r#"
name: pool
components:
- name: stream_pool
  type: nvidia::gxf::CudaStreamPool
  parameters: {reserved_size: 1, max_size: 2}
---
name: sync
components:
- name: rx
  type: nvidia::gxf::DoubleBufferReceiver
  parameters: {capacity: 10}
- name: tx
  type: nvidia::gxf::DoubleBufferTransmitter
  parameters: {capacity: 10}
- type: nvidia::gxf::MessageAvailableSchedulingTerm
  parameters: {receiver: rx, min_size: 1}
- type: nvidia::gxf::CudaStreamSync
  parameters: {rx: rx, tx: tx}
---
name: sink
components:
- name: rx
  type: nvidia::gxf::DoubleBufferReceiver
  parameters: {capacity: 10}
---
components:
- type: nvidia::gxf::Connection
  parameters: {source: sync/tx, target: sink/rx}
---
components:
- name: clock
  type: nvidia::gxf::RealtimeClock
- type: nvidia::gxf::GreedyScheduler
  parameters: {clock: clock, max_duration_ms: 20000, stop_on_deadlock: false}
"#;

/// What one library holds for a stream's work is dropped before `CudaStreamSync` of another
/// library (the CUDA extension) passes the stream's message on: GXF's `syncStream` contract,
/// which tight pools rely on (test_python_entity_delete.yaml). Here the test binary, with its own
/// copy of the CUDA SDK, holds a value that is slow to drop.
#[test]
fn cuda_stream_sync_passes_a_message_on_only_after_what_was_held_for_its_stream_is_dropped() {
    if !have_gpu() {
        return;
    }
    /// Slow to drop, and says when it has been.
    struct SlowDrop(Arc<AtomicBool>);
    impl Drop for SlowDrop {
        fn drop(&mut self) {
            std::thread::sleep(Duration::from_millis(100));
            self.0.store(true, Ordering::SeqCst);
        }
    }
    let rt = runtime();
    load_str(&rt, SYNC_TO_SINK);
    rt.graph_activate().unwrap();
    rt.graph_run_async().unwrap();
    let find = |entity: &str, component: &str| component_id(&rt, entity, component);
    let pool = Handle::<CudaStreamPool>::resolve(context(&rt), find("pool", "stream_pool")).unwrap();
    let sync_rx = Handle::<iface::Receiver>::resolve(context(&rt), find("sync", "rx")).unwrap();
    let sink_rx = Handle::<iface::Receiver>::resolve(context(&rt), find("sink", "rx")).unwrap();
    let stream = pool.allocate_stream().unwrap();
    for round in 0..5 {
        let dropped = Arc::new(AtomicBool::new(false));
        stream.cuda_stream().hold_until_done(SlowDrop(dropped.clone())).unwrap();
        let mut message = Message::new(context(&rt)).unwrap();
        message.add("stream", CudaStreamId::new(&stream)).unwrap();
        sync_rx.push(&message).unwrap();
        sync_rx.sync().unwrap();
        let started = std::time::Instant::now();
        let passed_on = loop {
            sink_rx.sync().unwrap();
            if let Some(message) = sink_rx.receive().unwrap() {
                break message;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "round {round}: CudaStreamSync passed nothing on");
            std::thread::sleep(Duration::from_millis(1));
        };
        assert!(dropped.load(Ordering::SeqCst), "round {round}: passed on before the held value was dropped");
        drop(passed_on);
    }
    pool.release_stream(&stream).unwrap();
    rt.graph_interrupt().unwrap();
    rt.graph_wait().unwrap();
    rt.graph_deactivate().unwrap();
}
