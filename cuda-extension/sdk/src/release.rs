//! Dropping values off CUDA's callback threads. A host function must not call CUDA, and dropping
//! a message may (its memory goes back to an allocator), so host functions hand such values to a
//! releasing thread. [`CudaStream::sync_stream`](crate::CudaStream::sync_stream) waits for that
//! thread to catch up, so after GXF's `syncStream` whatever was kept for the stream's work has
//! been released, as in GXF (whose streams keep such messages until then).
//!
//! Every library that links this crate has its own copy of it, and so its own releasing thread.
//! Holding a value and waiting for its release must use the same thread even when two libraries
//! do them (a test codelet holds, `CudaStreamSync` of the CUDA extension waits), so a
//! [`Releaser`] is a pair of C functions of one library's copy, and each `CudaStream` carries the
//! releaser of the library that made it.

use gxf_sdk::{Code, Error, Result};
use std::ffi::c_void;
use std::sync::mpsc::{self, Sender};
use std::sync::OnceLock;
use std::time::Duration;

/// A value to drop, as plain C data: the library that made it supplies the function that drops
/// it, so any library's releasing thread can run it. Dropping a `Job` without running it leaks
/// the value (what the process does at exit).
#[repr(C)]
struct Job {
    value: *mut c_void,
    drop_value: unsafe extern "C" fn(*mut c_void),
}

// SAFETY: made only from `Send` values.
unsafe impl Send for Job {}

impl Job {
    fn new<T: Send + 'static>(value: T) -> Job {
        unsafe extern "C" fn drop_boxed<T>(value: *mut c_void) {
            // SAFETY: the box leaked in `new`, dropped once; a drop that panics stops here.
            let _ = std::panic::catch_unwind(|| drop(unsafe { Box::from_raw(value as *mut T) }));
        }
        Job { value: Box::into_raw(Box::new(value)) as *mut c_void, drop_value: drop_boxed::<T> }
    }

    fn run(self) {
        // SAFETY: the pair made in `new`, run once.
        unsafe { (self.drop_value)(self.value) }
    }
}

/// This library's releasing thread's queue, once started (or why it could not be).
static QUEUE: OnceLock<std::result::Result<Sender<Job>, String>> = OnceLock::new();

fn start() -> Result<()> {
    let started = QUEUE.get_or_init(|| {
        let (sender, receiver) = mpsc::channel::<Job>();
        let run_each = move || receiver.into_iter().for_each(Job::run);
        let thread = std::thread::Builder::new().name("gxf-cuda-release".into()).spawn(run_each);
        thread.map(|_| sender).map_err(|e| e.to_string())
    });
    match started {
        Ok(_) => Ok(()),
        Err(e) => Err(Error::new(Code::GXF_FAILURE, format!("starting the CUDA release thread: {e}"))),
    }
}

/// Queues `job` on this library's thread; false (the job's value leaked) when it is not running.
unsafe extern "C" fn queue_job(job: Job) -> bool {
    match QUEUE.get() {
        Some(Ok(sender)) => sender.send(job).is_ok(),
        _ => false,
    }
}

/// Waits until every job queued on this library's thread so far has run, at most `limit_ms`.
unsafe extern "C" fn wait_for_queued(limit_ms: u64) -> bool {
    struct SignalOnDrop(Sender<()>);
    impl Drop for SignalOnDrop {
        fn drop(&mut self) {
            let _ = self.0.send(());
        }
    }
    let (done, caught_up) = mpsc::channel();
    // SAFETY: this library's own function.
    let queued = unsafe { queue_job(Job::new(SignalOnDrop(done))) };
    queued && caught_up.recv_timeout(Duration::from_millis(limit_ms)).is_ok()
}

/// One library's releasing thread, callable from any library: values handed over are dropped
/// there one at a time, in the order given.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Releaser {
    queue: unsafe extern "C" fn(Job) -> bool,
    wait: unsafe extern "C" fn(u64) -> bool,
}

impl Releaser {
    /// The releasing thread of the library this is compiled into, started on first use (not
    /// from a host function).
    pub fn get() -> Result<Releaser> {
        start()?;
        Ok(Releaser { queue: queue_job, wait: wait_for_queued })
    }

    /// Hands `value` over to be dropped on the releasing thread; never blocks, so host functions
    /// may call it. Should the thread be gone (process exit), the value is left to the OS
    /// rather than dropped here.
    pub fn hand_over<T: Send + 'static>(&self, value: T) {
        // SAFETY: a function of the library whose thread this is; it takes the job either way.
        let _ = unsafe { (self.queue)(Job::new(value)) };
    }

    /// Waits until every value handed over so far has been dropped, at most `limit`: whether it
    /// caught up.
    pub fn wait(&self, limit: Duration) -> bool {
        let limit_ms = u64::try_from(limit.as_millis()).unwrap_or(u64::MAX);
        // SAFETY: a function of the library whose thread this is.
        unsafe { (self.wait)(limit_ms) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    /// Records its number when dropped, after a pause.
    struct Numbered(usize, Arc<Mutex<Vec<usize>>>);
    impl Drop for Numbered {
        fn drop(&mut self) {
            std::thread::sleep(Duration::from_micros(50));
            self.1.lock().unwrap().push(self.0);
        }
    }

    #[test]
    fn values_are_dropped_in_order_and_waiting_catches_up() {
        let releaser = Releaser::get().unwrap();
        let order = Arc::new(Mutex::new(Vec::new()));
        for i in 0..100 {
            releaser.hand_over(Numbered(i, order.clone()));
        }
        assert!(releaser.wait(Duration::from_secs(10)));
        assert_eq!(*order.lock().unwrap(), (0..100).collect::<Vec<_>>(), "all dropped, in the order given");
    }

    #[test]
    fn a_drop_that_panics_does_not_stop_the_thread() {
        struct Panics;
        impl Drop for Panics {
            fn drop(&mut self) {
                panic!("a drop that panics");
            }
        }
        struct Counts(Arc<AtomicUsize>);
        impl Drop for Counts {
            fn drop(&mut self) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        let releaser = Releaser::get().unwrap();
        releaser.hand_over(Panics);
        let dropped = Arc::new(AtomicUsize::new(0));
        releaser.hand_over(Counts(dropped.clone()));
        assert!(releaser.wait(Duration::from_secs(10)));
        assert_eq!(dropped.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn waiting_gives_up_after_its_limit() {
        struct Blocks(mpsc::Receiver<()>);
        impl Drop for Blocks {
            fn drop(&mut self) {
                let _ = self.0.recv();
            }
        }
        let releaser = Releaser::get().unwrap();
        let (release, blocked) = mpsc::channel::<()>();
        releaser.hand_over(Blocks(blocked));
        assert!(!releaser.wait(Duration::from_millis(50)));
        release.send(()).unwrap();
        assert!(releaser.wait(Duration::from_secs(10)));
    }
}
