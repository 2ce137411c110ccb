//! Keeping what queued GPU work reads or writes alive until a stream has done that work, without
//! waiting for it. A host function on the stream hands each held value, once the stream reaches
//! it, to the releasing thread (`gxf_cuda_sdk::release`), so memory goes back to its allocator as
//! soon as the GPU is done with it, and at the latest when the stream is synchronised
//! (`CudaStreamSync`), as GXF's `CudaStream::record` keeps input messages. GXF's tight-pool apps
//! rely on that (test_python_entity_delete.yaml has a 2-block pool).

use gxf_cuda_sdk::release::Releaser;
use gxf_cuda_sdk::StreamRef;
use gxf_sdk::gxf_warn;
use gxf_sdk::sync::lock;
use gxf_sdk::Result;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// How long `release_all` waits for the releasing thread once the streams are done.
const RELEASE_WAIT: Duration = Duration::from_secs(10);

/// How many held values of one `InFlight` have not been dropped yet.
#[derive(Default)]
struct Pending {
    count: Mutex<usize>,
    changed: Condvar,
}

impl Pending {
    fn start_one(&self) {
        *lock(&self.count) += 1;
    }

    fn finish_one(&self) {
        *lock(&self.count) -= 1;
        self.changed.notify_all();
    }

    /// Waits until every value is dropped or `limit` passed; the values left.
    fn wait_all(&self, limit: Duration) -> usize {
        let count = lock(&self.count);
        let (count, _) =
            self.changed.wait_timeout_while(count, limit, |count| *count > 0).unwrap_or_else(|e| e.into_inner());
        *count
    }
}

/// Values (messages, host staging data) that work queued on CUDA streams still uses.
pub struct InFlight<T: Send + 'static> {
    pending: Arc<Pending>,
    /// The streams work was queued on since the last `release_all`.
    streams: Vec<StreamRef>,
    _values: std::marker::PhantomData<fn(T)>,
}

impl<T: Send + 'static> Default for InFlight<T> {
    fn default() -> Self {
        InFlight { pending: Arc::default(), streams: Vec::new(), _values: std::marker::PhantomData }
    }
}

impl<T: Send + 'static> InFlight<T> {
    /// Keeps `value` until `stream` has done everything queued on it so far, then drops it on the
    /// releasing thread. If the stream refuses the host function, drops `value` now and returns
    /// the error.
    pub fn hold(&mut self, value: T, stream: &StreamRef) -> Result<()> {
        let releaser = Releaser::get()?;
        if !self.streams.iter().any(|known| known.cid() == stream.cid()) {
            self.streams.push(stream.clone());
        }
        self.pending.start_one();
        let pending = self.pending.clone();
        let queued = stream.stream().then(move || {
            releaser.run(move || {
                drop(value);
                pending.finish_one();
            })
        });
        if queued.is_err() {
            // The host function, and the value with it, was dropped right here.
            self.pending.finish_one();
        }
        queued
    }

    /// Waits until every held value is dropped: the streams first, then the releasing thread.
    /// A stream that fails (a sticky error) keeps its values, so then nothing more is waited for.
    pub fn release_all(&mut self) {
        let mut healthy = true;
        for stream in self.streams.drain(..) {
            if let Err(e) = stream.stream().synchronize() {
                gxf_warn!("waiting for a CUDA stream before releasing data it uses: {e}");
                healthy = false;
            }
        }
        if healthy {
            let left = self.pending.wait_all(RELEASE_WAIT);
            if left > 0 {
                gxf_warn!("{left} values used by CUDA work were not released within {RELEASE_WAIT:?}");
            }
        }
    }
}

impl<T: Send + 'static> Drop for InFlight<T> {
    fn drop(&mut self) {
        self.release_all();
    }
}
