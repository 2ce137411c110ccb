//! GXF's `std/tests/test_epoch_scheduler.cpp`: an `EpochScheduler` runs nothing by itself; the test
//! drives it epoch by epoch through the entry point its `query` hands out, then interrupts.

use gxf_runtime::logging::take_last_error;
use gxf_runtime::Runtime;
use gxf_sdk::Tid;
use gxf_tests::conformance::corpus_dir;
use gxf_tests::harness::runtime_with;
use std::ffi::c_void;
use std::time::Duration;

/// `EpochScheduler::runEpoch(budget_ms)` as the std extension exports it.
type RunEpoch = unsafe extern "C" fn(*mut c_void, f32) -> i32;

/// `nvidia::gxf::EpochScheduler`; `query` with this id answers the `RunEpoch` entry point.
const EPOCH_SCHEDULER: Tid = Tid::from_uuid("3d175ab4-2e0d-11ec-8d3d-0242ac130003");

/// The `epoch` component of the `scheduler` entity.
struct Epoch {
    obj: *mut c_void,
    entry: RunEpoch,
}

impl Epoch {
    fn find(rt: &Runtime) -> Epoch {
        let eid = rt.find_entity("scheduler").expect("scheduler entity");
        let cid = rt.find_component(eid, None, Some("epoch")).expect("epoch component");
        let slot = rt.component(cid).expect("component slot");
        let vtable = slot.ty.vtable.expect("EpochScheduler is a concrete type");
        // SAFETY: live object with its own vtable.
        let entry = unsafe { (vtable.query)(slot.obj, EPOCH_SCHEDULER) };
        assert!(!entry.is_null(), "EpochScheduler answers query with its run_epoch entry point");
        // SAFETY: the std extension documents the entry point's signature.
        let entry = unsafe { std::mem::transmute::<*const c_void, RunEpoch>(entry) };
        Epoch { obj: slot.obj, entry }
    }

    fn run(&self, budget_ms: f32) -> Result<(), String> {
        // SAFETY: the object is the EpochScheduler the entry point belongs to.
        match unsafe { (self.entry)(self.obj, budget_ms) } {
            0 => Ok(()),
            code => Err(format!("code {code}: {}", take_last_error().unwrap_or_default())),
        }
    }
}

/// A running context with the corpus' epoch graph, or `None` when the corpus is absent.
fn start() -> Option<gxf_runtime::Context> {
    let path = corpus_dir().join("gxf/std/tests/test_epoch_scheduler_app.yaml");
    if !path.exists() {
        eprintln!("skipping: {} not found", path.display());
        return None;
    }
    let rt = runtime_with(&["std", "sample", "test"]);
    gxf_runtime::load_file(&rt, &path.to_string_lossy(), "", &[]).expect("load the epoch graph");
    rt.graph_activate().expect("activate");
    rt.graph_run_async().expect("run async");
    std::thread::sleep(Duration::from_millis(5));
    Some(rt)
}

/// Interrupts, waits and deactivates; StepCount checks its counts at deactivation.
fn finish(rt: &Runtime) {
    rt.graph_interrupt().expect("interrupt");
    rt.graph_wait().expect("wait");
    rt.graph_deactivate().expect("deactivate: StepCount expects 10 ticks of tx and rx");
    rt.destroy().expect("destroy");
}

#[test]
fn stepping_twelve_short_epochs_delivers_all_ten_messages() {
    let Some(rt) = start() else { return };
    let epoch = Epoch::find(&rt);
    // One epoch starts the entities, then each one moves at least one message.
    for i in 0..12 {
        epoch.run(0.1).unwrap_or_else(|e| panic!("epoch {i}: {e}"));
    }
    finish(&rt);
}

#[test]
fn one_epoch_with_a_time_budget_runs_until_nothing_is_ready() {
    let Some(rt) = start() else { return };
    Epoch::find(&rt).run(20.0).expect("epoch");
    finish(&rt);
}

#[test]
fn wait_blocks_until_the_graph_is_interrupted() {
    let Some(rt) = start() else { return };
    let epoch = Epoch::find(&rt);
    for _ in 0..12 {
        epoch.run(0.0).expect("a single pass per epoch");
    }
    let waiter = {
        let rt = rt.clone();
        std::thread::spawn(move || rt.graph_wait())
    };
    std::thread::sleep(Duration::from_millis(50));
    assert!(!waiter.is_finished(), "an epoch scheduler runs until interrupted");
    rt.graph_interrupt().expect("interrupt");
    waiter.join().expect("waiter thread").expect("wait");
    rt.graph_deactivate().expect("deactivate: StepCount expects 10 ticks of tx and rx");
    rt.destroy().expect("destroy");
}
