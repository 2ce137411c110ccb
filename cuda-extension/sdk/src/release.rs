//! Dropping values off CUDA's callback threads. A host function must not call CUDA, and dropping
//! a message may (its memory goes back to an allocator), so host functions hand such work to one
//! releasing thread per process. [`CudaStream::sync_stream`](crate::CudaStream::sync_stream)
//! waits for that thread to catch up ([`wait_for_stream_releases`]), so after GXF's `syncStream`
//! whatever was kept for the stream's work has been released, as in GXF (whose streams keep such
//! messages until then).

use crate::stream::Stream;
use gxf_sdk::{Code, Error, Result};
use std::sync::mpsc::{self, Sender};
use std::sync::OnceLock;
use std::time::Duration;

type Job = Box<dyn FnOnce() + Send>;

/// The releasing thread's queue, once started (or why it could not be).
static QUEUE: OnceLock<std::result::Result<Sender<Job>, String>> = OnceLock::new();

/// A handle on the releasing thread: jobs run there one at a time, in the order given.
#[derive(Clone)]
pub struct Releaser(Sender<Job>);

impl Releaser {
    /// The process's releasing thread, started on first use (not from a host function).
    pub fn get() -> Result<Releaser> {
        let started = QUEUE.get_or_init(|| {
            let (sender, receiver) = mpsc::channel::<Job>();
            // A job that panics (a drop that panics) must not end the thread.
            let run_each = move || {
                for job in receiver {
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                }
            };
            let thread = std::thread::Builder::new().name("gxf-cuda-release".into()).spawn(run_each);
            thread.map(|_| sender).map_err(|e| e.to_string())
        });
        match started {
            Ok(sender) => Ok(Releaser(sender.clone())),
            Err(e) => Err(Error::new(Code::GXF_FAILURE, format!("starting the CUDA release thread: {e}"))),
        }
    }

    /// Queues `job`; never blocks, so host functions may call it. Should the thread be gone
    /// (process exit), the job and what it owns are left to the OS rather than dropped here.
    pub fn run(&self, job: impl FnOnce() + Send + 'static) {
        if let Err(mpsc::SendError(job)) = self.0.send(Box::new(job)) {
            std::mem::forget(job);
        }
    }
}

/// Waits until every job queued so far has run, at most `limit`: whether it caught up.
pub fn wait_for_releases(limit: Duration) -> bool {
    let Some(Ok(sender)) = QUEUE.get() else { return true };
    let (done, caught_up) = mpsc::channel();
    let barrier: Job = Box::new(move || {
        let _ = done.send(());
    });
    sender.send(barrier).is_ok() && caught_up.recv_timeout(limit).is_ok()
}

/// Waits until the host functions queued on `stream` so far have run, then until the jobs they
/// handed over have run (at most `limit` for each): whether both happened.
///
/// `cuStreamSynchronize` alone does not promise it: CUDA counts a stream as idle while a host
/// function runs, and a sync may return before the host functions at the stream's end have handed
/// their values over. A last host function runs only after them (each blocks later work on its
/// stream).
/// On a stream with a sticky error no host function runs, and this gives up after `limit`.
pub fn wait_for_stream_releases(stream: &Stream, limit: Duration) -> Result<bool> {
    let (reached, was_reached) = mpsc::channel();
    stream.then(move || {
        let _ = reached.send(());
    })?;
    Ok(was_reached.recv_timeout(limit).is_ok() && wait_for_releases(limit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn jobs_run_in_order_and_waiting_catches_up() {
        let releaser = Releaser::get().unwrap();
        let order = Arc::new(std::sync::Mutex::new(Vec::new()));
        for i in 0..100 {
            let order = order.clone();
            releaser.run(move || {
                std::thread::sleep(Duration::from_micros(50));
                order.lock().unwrap().push(i);
            });
        }
        assert!(wait_for_releases(Duration::from_secs(10)));
        assert_eq!(*order.lock().unwrap(), (0..100).collect::<Vec<_>>(), "all ran, in the order given");
    }

    #[test]
    fn a_panicking_job_does_not_stop_the_thread() {
        let releaser = Releaser::get().unwrap();
        releaser.run(|| panic!("a drop that panics"));
        let ran = Arc::new(AtomicUsize::new(0));
        let counter = ran.clone();
        releaser.run(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        assert!(wait_for_releases(Duration::from_secs(10)));
        assert_eq!(ran.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn waiting_gives_up_after_its_limit() {
        let releaser = Releaser::get().unwrap();
        let (release, blocked) = mpsc::channel::<()>();
        releaser.run(move || {
            let _ = blocked.recv();
        });
        assert!(!wait_for_releases(Duration::from_millis(50)));
        release.send(()).unwrap();
        assert!(wait_for_releases(Duration::from_secs(10)));
    }
}
