//! `nvidia::gxf::CudaStreamSync`: waits for the streams a message names, then forwards it.

use gxf_cuda_sdk::{types, CudaStreamId};
use gxf_sdk::prelude::*;

/// `nvidia::gxf::CudaStreamSync`.
#[derive(Default, Component)]
#[gxf(info = types::CUDA_STREAM_SYNC, kind = Codelet)]
pub struct CudaStreamSync {
    /// Messages whose CUDA streams to wait for
    #[param(headline = "Receiver")]
    rx: Handle<iface::Receiver>,
    /// Where the messages go once their streams are done
    #[param(headline = "Transmitter")]
    tx: Option<Handle<iface::Transmitter>>,
}

impl Codelet for CudaStreamSync {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let Some(message) = self.rx.receive()? else {
            return fail(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, "CudaStreamSync: no message to synchronise");
        };
        for (name, id) in message.iter::<CudaStreamId>() {
            match id.stream() {
                Some(stream) => {
                    stream.cuda_stream().sync_stream().map_err(|e| e.context(format!("stream id '{name}'")))?
                }
                None => gxf_warn!("CudaStreamSync: CudaStreamId '{name}' names no stream; skipped"),
            }
        }
        match self.tx {
            Some(tx) => tx.publish(&message),
            None => Ok(()),
        }
    }
}
