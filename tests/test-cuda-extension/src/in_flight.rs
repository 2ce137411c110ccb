//! Keeping what queued GPU work reads or writes alive until a stream has done that work, without
//! waiting for it: a host function on the stream flags each held value as finished, and the
//! codelet drops finished values on its own thread (a host function must not call CUDA, and
//! dropping a message may).

use gxf_cuda_sdk::StreamRef;
use gxf_sdk::gxf_warn;
use gxf_sdk::Result;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// One held value and the point on its stream it waits for.
struct Held<T> {
    value: T,
    stream: StreamRef,
    finished: Arc<AtomicBool>,
}

impl<T> Held<T> {
    fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Acquire)
    }

    /// Drops the value once its stream has done the work (waiting for it if needed).
    fn release(self) {
        if !self.is_finished() {
            if let Err(e) = self.stream.stream().synchronize() {
                gxf_warn!("waiting for a CUDA stream before releasing data it uses: {e}");
            }
        }
        drop(self.value);
    }
}

/// Values (messages, host staging data) that work queued on CUDA streams still uses.
pub struct InFlight<T: Send + 'static> {
    held: Vec<Held<T>>,
}

impl<T: Send + 'static> Default for InFlight<T> {
    fn default() -> Self {
        InFlight { held: Vec::new() }
    }
}

impl<T: Send + 'static> InFlight<T> {
    /// Keeps `value` until `stream` has done everything queued on it so far; drops the values
    /// held earlier whose work is done. If the stream refuses the host function, waits for the
    /// stream, drops `value` and returns the error.
    pub fn hold(&mut self, value: T, stream: &StreamRef) -> Result<()> {
        self.release_finished();
        let finished = Arc::new(AtomicBool::new(false));
        let flag = finished.clone();
        let queued = stream.stream().then(move || flag.store(true, Ordering::Release));
        let held = Held { value, stream: stream.clone(), finished };
        match queued {
            Ok(()) => {
                self.held.push(held);
                Ok(())
            }
            Err(e) => {
                held.release();
                Err(e)
            }
        }
    }

    /// Drops the values whose work is done.
    pub fn release_finished(&mut self) {
        self.held.retain(|held| !held.is_finished());
    }

    /// Drops every value, waiting for the streams whose work is not done yet.
    pub fn release_all(&mut self) {
        self.held.drain(..).for_each(Held::release);
    }
}

impl<T: Send + 'static> Drop for InFlight<T> {
    fn drop(&mut self) {
        self.release_all();
    }
}
