//! Codelets that GXF registers in more than one extension under a different name in each
//! (`nvidia::gxf::PingBatchRx` in the sample extension, `nvidia::gxf::test::PingBatchRx` in the
//! test extension): one implementation, generic over the identity, so that each extension keeps
//! depending on the SDK only and registers its own name.

use gxf_sdk::prelude::*;
use std::marker::PhantomData;

/// The GXF identity under which an extension registers a shared codelet.
pub trait Identity: Default + Send + Sync + 'static {
    /// Type name, uuid, base and description.
    const TYPE: TypeInfo;
}

/// Receives `batch_size` messages per tick; with `assert_full_batch`, a missing one fails the tick
/// with `GXF_CONTRACT_MESSAGE_NOT_AVAILABLE`.
#[derive(Default, Component)]
#[gxf(info = I::TYPE, kind = Codelet)]
pub struct PingBatchRx<I: Identity> {
    #[param]
    signal: Handle<iface::Receiver>,
    #[param]
    batch_size: i64,
    /// Assert if the batch is not fully populated.
    #[param(headline = "Assert Full Batch", default = true)]
    assert_full_batch: bool,
    identity: PhantomData<I>,
}

impl<I: Identity> Codelet for PingBatchRx<I> {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        for _ in 0..self.batch_size {
            let received = self.signal.receive();
            gxf_debug!("Message received in ping batch rx");
            if self.assert_full_batch && !matches!(received, Ok(Some(_))) {
                return fail(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, "batch is not fully populated");
            }
        }
        Ok(())
    }
}
