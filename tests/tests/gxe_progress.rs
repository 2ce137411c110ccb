//! Progress on long runs: on a terminal gxe rewrites one line a second with ticks, messages and
//! their rates; with stderr redirected it prints nothing of the kind.

use gxf_tests::harness::{gxe, run_in_scratch};
use std::process::Command;

/// A ping that runs for about 2.5 seconds (a message every millisecond).
const TIMED_PING: &str = r#"name: tx
components:
- name: signal
  type: nvidia::gxf::DoubleBufferTransmitter
- type: nvidia::gxf::DownstreamReceptiveSchedulingTerm
  parameters: {transmitter: signal, min_size: 1}
- type: nvidia::gxf::PeriodicSchedulingTerm
  parameters: {recess_period: 1ms}
- type: nvidia::gxf::CountSchedulingTerm
  parameters: {count: 2500}
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
components:
- name: clock
  type: nvidia::gxf::RealtimeClock
- type: nvidia::gxf::GreedyScheduler
  parameters: {clock: clock}
"#;

#[test]
fn a_long_run_on_a_terminal_shows_its_progress_and_a_redirected_one_does_not() {
    let (code, text) = run_in_scratch(&gxe(), &[("g.yaml", TIMED_PING)], &["--app", "g.yaml", "--severity", "1"], &[]);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("[gxe]"), "no progress without a terminal:\n{text}");

    if Command::new("script").arg("--version").output().is_err() {
        return eprintln!("skipping the terminal half: `script` (util-linux) is not installed");
    }
    let dir = std::env::temp_dir().join(format!("gxe_progress_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("g.yaml"), TIMED_PING).unwrap();
    let line = format!("{} --app g.yaml --severity 1", gxe().display());
    let out =
        Command::new("script").args(["-qec", &line, "/dev/null"]).current_dir(&dir).output().expect("script runs");
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("[gxe] 1 s:") && text.contains("ticks (") && text.contains("messages ("), "{text}");
}
