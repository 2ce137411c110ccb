//! Keeping what queued GPU work reads or writes alive until a stream has done that work, without
//! waiting for it (`CudaStream::hold_until_done`): memory goes back to its allocator as soon as
//! the GPU is done with it, and at the latest when the stream is synchronised (`CudaStreamSync`),
//! as GXF's `CudaStream::record` keeps input messages. GXF's tight-pool apps rely on that
//! (test_python_entity_delete.yaml has a 2-block pool).

use gxf_cuda_sdk::StreamRef;
use gxf_sdk::gxf_warn;
use gxf_sdk::Result;

/// Values (messages, host staging data) that work queued on CUDA streams still uses.
#[derive(Default)]
pub struct InFlight {
    /// The streams work was queued on since the last `release_all`.
    streams: Vec<StreamRef>,
}

impl InFlight {
    /// Keeps `value` until `stream` has done everything queued on it so far, then drops it on the
    /// stream's releasing thread. If the stream refuses the host function, drops `value` now and
    /// returns the error.
    pub fn hold(&mut self, value: impl Send + 'static, stream: &StreamRef) -> Result<()> {
        if !self.streams.iter().any(|known| known.cid() == stream.cid()) {
            self.streams.push(stream.clone());
        }
        stream.cuda_stream().hold_until_done(value)
    }

    /// Waits until every held value is dropped: GXF's `syncStream` on each stream used, which
    /// waits for the stream and then for the releasing thread. A stream that fails (a sticky
    /// error) keeps its values.
    pub fn release_all(&mut self) {
        for stream in self.streams.drain(..) {
            if let Err(e) = stream.cuda_stream().sync_stream() {
                gxf_warn!("waiting for a CUDA stream before releasing data it uses: {e}");
            }
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.release_all();
    }
}
