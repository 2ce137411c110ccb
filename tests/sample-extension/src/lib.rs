//! GXF's `SampleExtension`: ping transmitters/receivers and a hello-world codelet.

mod async_ping;
mod hello_world;
mod ping;

use gxf_core::prelude::*;

/// Type ids, as GXF's `sample/sample.cpp` registers them (`GXF_EXT_FACTORY_ADD` words).
mod uuids {
    pub const EXTENSION: &str = "a6ad78b6-1682-11ec-9621-0242ac130002";
    pub const PING_TX: &str = "568ba758-1688-11ec-9621-0242ac130002";
    pub const PING_TX_ASYNC: &str = "986417b4-4f15-46b3-bb24-26382858d1db";
    pub const PING_BATCH_RX: &str = "75acc5ca-eaaa-11ed-a05b-0242ac120003";
    pub const PING_RX: &str = "a7fc439a-1688-11ec-9621-0242ac130002";
    pub const PING_RX_ASYNC: &str = "7720a88e-28f8-4a84-b6d0-8c39e8014ef4";
    pub const MULTI_PING_RX: &str = "d7a53484-a1a7-11ed-b686-138d2bc637ee";
    pub const HELLO_WORLD: &str = "3d1e58fc-74fa-11ed-a7ee-f7e728cd4c11";
}

fn register(ext: &mut ExtensionBuilder) {
    ext.info(ExtensionMeta {
        name: "SampleExtension",
        uuid: uuids::EXTENSION,
        version: "1.6.0",
        description: "Sample extension to demonstrate the use of GXF features",
        author: "NVIDIA",
        license: "NVIDIA",
        display_name: "Sample Extension",
        category: "Sample",
        brief: "GXF Sample Extension",
    });
    ext.codelet::<ping::PingTx>(
        "nvidia::gxf::PingTx",
        uuids::PING_TX,
        "Sends an empty message entity via a Transmitter",
    );
    ext.codelet::<async_ping::PingTxAsync>(
        "nvidia::gxf::PingTxAsync",
        uuids::PING_TX_ASYNC,
        "Sends an empty message entity via a Async Transmitter",
    );
    ext.codelet::<ping::PingBatchRx>(
        "nvidia::gxf::PingBatchRx",
        uuids::PING_BATCH_RX,
        "Receives a message entity from a Receiver of specified batch size",
    );
    ext.codelet::<ping::PingRx>("nvidia::gxf::PingRx", uuids::PING_RX, "Receives a message entity from a Receiver");
    ext.codelet::<async_ping::PingRxAsync>(
        "nvidia::gxf::PingRxAsync",
        uuids::PING_RX_ASYNC,
        "Receives a message entity from a Async Receiver",
    );
    ext.codelet::<ping::MultiPingRx>(
        "nvidia::gxf::MultiPingRx",
        uuids::MULTI_PING_RX,
        "Receives message entities from multiple receivers",
    );
    ext.codelet::<hello_world::HelloWorld>(
        "nvidia::gxf::HelloWorld",
        uuids::HELLO_WORLD,
        "Prints a 'Hello world' string on execution",
    );
}

gxf_extension!(register);

/// The handle read in `initialize`, or an error when the component was never initialized.
fn ready<I: Interface>(handle: Option<Handle<I>>, key: &str) -> Result<Handle<I>> {
    handle.ok_or_else(|| {
        Error::new(
            Code::GXF_CONTRACT_INVALID_SEQUENCE,
            format!("parameter '{key}' is not available: the component was not initialized"),
        )
    })
}

/// GXF's receive contract: an error or a missing message both mean "message not available".
fn expect_message(received: Result<Option<Message>>) -> Result<Message> {
    match received {
        Ok(Some(msg)) => Ok(msg),
        Ok(None) => fail(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, "no message available to receive"),
        Err(e) => fail(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, format!("receive failed: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::uuids::*;
    use gxf_core::Tid;

    /// Each text matches the `(hash1, hash2)` words of `sample.cpp`.
    #[test]
    fn uuids_match_gxf_factory_words() {
        let words = [
            (EXTENSION, 0xa6ad78b6168211ec, 0x96210242ac130002),
            (PING_TX, 0x568ba758168811ec, 0x96210242ac130002),
            (PING_TX_ASYNC, 0x986417b44f1546b3, 0xbb2426382858d1db),
            (PING_BATCH_RX, 0x75acc5caeaaa11ed, 0xa05b0242ac120003),
            (PING_RX, 0xa7fc439a168811ec, 0x96210242ac130002),
            (PING_RX_ASYNC, 0x7720a88e28f84a84, 0xb6d08c39e8014ef4),
            (MULTI_PING_RX, 0xd7a53484a1a711ed, 0xb686138d2bc637ee),
            (HELLO_WORLD, 0x3d1e58fc74fa11ed, 0xa7eef7e728cd4c11),
        ];
        for (text, hash1, hash2) in words {
            assert_eq!(Tid::parse(text), Some(Tid { hash1, hash2 }), "{text}");
        }
    }
}
