//! GXF's driver-style tests written against the project's API: graph lifecycle sequences and
//! interrupting a running graph.

use gxf_core::runtime::GraphState;
use gxf_core::Code;
use gxf_tests::harness::{load_str, runtime_with};
use std::time::{Duration, Instant};

/// A ping that never ends by itself: PingTx every millisecond, no count.
const ENDLESS_PING: &str = r#"
name: tx
components:
- name: signal
  type: nvidia::gxf::DoubleBufferTransmitter
- type: nvidia::gxf::DownstreamReceptiveSchedulingTerm
  parameters: {transmitter: signal, min_size: 1}
- type: nvidia::gxf::PeriodicSchedulingTerm
  parameters: {recess_period: 1ms}
- type: nvidia::gxf::PingTx
  parameters: {signal: signal}
---
name: rx
components:
- name: signal
  type: nvidia::gxf::DoubleBufferReceiver
- type: nvidia::gxf::MessageAvailableSchedulingTerm
  parameters: {receiver: signal, min_size: 1}
- type: nvidia::gxf::PingRx
  parameters: {signal: signal}
---
components:
- type: nvidia::gxf::Connection
  parameters: {source: tx/signal, target: rx/signal}
---
name: scheduler
components:
- name: clock
  type: nvidia::gxf::RealtimeClock
- type: nvidia::gxf::GreedyScheduler
  parameters: {clock: clock, stop_on_deadlock: false}
"#;

/// A ping of ten messages that ends on its own.
const SHORT_PING: &str = r#"
name: tx
components:
- name: signal
  type: nvidia::gxf::DoubleBufferTransmitter
- type: nvidia::gxf::DownstreamReceptiveSchedulingTerm
  parameters: {transmitter: signal, min_size: 1}
- type: nvidia::gxf::CountSchedulingTerm
  parameters: {count: 10}
- type: nvidia::gxf::PingTx
  parameters: {signal: signal}
---
name: rx
components:
- name: signal
  type: nvidia::gxf::DoubleBufferReceiver
- type: nvidia::gxf::MessageAvailableSchedulingTerm
  parameters: {receiver: signal, min_size: 1}
- type: nvidia::gxf::PingRx
  parameters: {signal: signal}
- type: nvidia::gxf::test::StepCount
  parameters: {expected_count: 10}
---
components:
- type: nvidia::gxf::Connection
  parameters: {source: tx/signal, target: rx/signal}
---
name: scheduler
components:
- name: clock
  type: nvidia::gxf::ManualClock
- type: nvidia::gxf::GreedyScheduler
  parameters: {clock: clock}
"#;

#[test]
fn interrupting_a_running_graph_stops_it_cleanly() {
    let rt = runtime_with(&["std", "sample", "test"]);
    load_str(&rt, ENDLESS_PING);
    rt.graph_activate().unwrap();
    rt.graph_run_async().unwrap();
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(rt.graph_state(), GraphState::Running);
    let asked = Instant::now();
    rt.graph_interrupt().expect("interrupt while running");
    rt.graph_wait().expect("a clean wind-down");
    assert!(asked.elapsed() < Duration::from_secs(2), "the scheduler stops promptly");
    assert_eq!(rt.graph_interrupt().unwrap_err().code, Code::GXF_INVALID_EXECUTION_SEQUENCE);
    rt.graph_deactivate().unwrap();
    rt.destroy().unwrap();
}

#[test]
fn graph_calls_out_of_order_give_gxf_codes() {
    let rt = runtime_with(&["std", "sample", "test"]);
    load_str(&rt, SHORT_PING);
    assert_eq!(rt.graph_run().unwrap_err().code, Code::GXF_INVALID_EXECUTION_SEQUENCE, "run before activate");
    assert_eq!(rt.graph_interrupt().unwrap_err().code, Code::GXF_INVALID_EXECUTION_SEQUENCE);
    rt.graph_activate().unwrap();
    assert_eq!(rt.graph_activate().unwrap_err().code, Code::GXF_INVALID_EXECUTION_SEQUENCE, "activate twice");
    rt.graph_run().unwrap();
    assert_eq!(rt.graph_run().unwrap_err().code, Code::GXF_INVALID_LIFECYCLE_STAGE, "the scheduler refuses a rerun");
    rt.graph_deactivate().unwrap();
    assert_eq!(rt.graph_run().unwrap_err().code, Code::GXF_INVALID_EXECUTION_SEQUENCE, "run after deactivate");
    rt.graph_activate().unwrap();
    rt.graph_run().expect("a full deactivate/activate allows a second run");
    rt.graph_deactivate().expect("StepCount saw exactly 10 ticks in the second run");
    rt.destroy().unwrap();
}

#[test]
fn an_empty_context_activates_runs_and_deactivates() {
    let rt = runtime_with(&["std"]);
    rt.graph_activate().unwrap();
    rt.graph_run().unwrap();
    rt.graph_deactivate().unwrap();
    rt.graph_activate().unwrap();
    rt.destroy().unwrap();
}

#[test]
fn runs_on_a_manual_clock_are_deterministic() {
    for _ in 0..20 {
        let rt = runtime_with(&["std", "sample", "test"]);
        load_str(&rt, SHORT_PING);
        rt.graph_activate().unwrap();
        rt.graph_run().unwrap();
        rt.graph_deactivate().expect("exactly 10 ticks every time");
        rt.destroy().unwrap();
    }
}
