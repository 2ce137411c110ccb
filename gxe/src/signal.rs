//! Ctrl+C (SIGINT, and SIGTERM/SIGHUP alike) while a graph runs: the first press interrupts the graph
//! (`Runtime::graph_interrupt`) so it winds down and tears down normally; the next one ends the
//! process at once with status 130 (the shell's code for SIGINT).
//!
//! Why the `ctrlc` crate: `graph_interrupt` takes locks and calls into schedulers, which must not
//! happen inside a signal handler. `ctrlc` runs our closure on its own ordinary thread (a
//! self-pipe fed by an async-signal-safe handler); std has no signal API, so the alternative is
//! the same mechanism hand-written in `unsafe` libc calls.

use gxf_runtime::Context;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Installs the handler (GXF does this right after `GxfGraphRunAsync`).
pub fn interrupt_on_ctrl_c(rt: &Context) {
    let rt = Arc::downgrade(rt);
    let presses = AtomicUsize::new(0);
    let installed = ctrlc::set_handler(move || {
        let runtime = rt.upgrade();
        if presses.fetch_add(1, Ordering::SeqCst) > 0 || runtime.is_none() {
            log_error!("Interrupted again: terminating immediately");
            std::process::exit(130);
        }
        log_info!("Interrupt received: stopping the graph (press Ctrl+C again to terminate immediately)");
        if let Some(Err(e)) = runtime.map(|rt| rt.graph_interrupt()) {
            log_error!("GxfGraphInterrupt Error: {}\n{}", e.code, e.message);
            log_error!("Send interrupt once more to terminate immediately");
        }
    });
    if let Err(e) = installed {
        log_warn!("Cannot handle Ctrl+C ({e}); an interrupt will end the process without teardown");
    }
}

/// Stops the graph when standard output is closed by its reader (`gxe ... | head`).
pub fn interrupt_when_stdout_closes(rt: &Context) {
    let rt = Arc::downgrade(rt);
    gxf_runtime::logging::on_stdout_closed(Box::new(move || {
        // The closed pipe is noticed inside whatever logged (often a codelet's tick): interrupt
        // from a thread of its own, as the Ctrl+C handler does.
        let rt = rt.clone();
        let _ = std::thread::Builder::new().name("stdout_closed".into()).spawn(move || {
            if let Some(rt) = rt.upgrade() {
                log_warn!("Standard output was closed: stopping the graph");
                let _ = rt.graph_interrupt();
            }
        });
    }));
}
