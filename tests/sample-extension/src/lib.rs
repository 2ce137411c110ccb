//! GXF's `SampleExtension`: ping transmitters/receivers and a hello-world codelet.

mod async_ping;
mod hello_world;
mod ping;

use gxf_sdk::prelude::*;

fn register(ext: &mut ExtensionBuilder) {
    ext.info(ExtensionMeta {
        name: "SampleExtension",
        uuid: "a6ad78b6-1682-11ec-9621-0242ac130002",
        version: "1.6.0",
        description: "Sample extension to demonstrate the use of GXF features",
        author: "NVIDIA",
        license: "NVIDIA",
        display_name: "Sample Extension",
        category: "Sample",
        brief: "GXF Sample Extension",
    });
    ext.add::<ping::PingTx>()
        .add::<async_ping::PingTxAsync>()
        .add::<ping::PingBatchRx>()
        .add::<ping::PingRx>()
        .add::<async_ping::PingRxAsync>()
        .add::<ping::MultiPingRx>()
        .add::<hello_world::HelloWorld>();
}

gxf_extension!(register);

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
    use super::*;

    /// Each uuid matches the `(hash1, hash2)` words of GXF's `sample.cpp`.
    #[test]
    fn uuids_match_gxf_factory_words() {
        let words = [
            (ping::PingTx::TYPE, 0x568ba758168811ec, 0x96210242ac130002),
            (async_ping::PingTxAsync::TYPE, 0x986417b44f1546b3, 0xbb2426382858d1db),
            (ping::PingBatchRx::TYPE, 0x75acc5caeaaa11ed, 0xa05b0242ac120003),
            (ping::PingRx::TYPE, 0xa7fc439a168811ec, 0x96210242ac130002),
            (async_ping::PingRxAsync::TYPE, 0x7720a88e28f84a84, 0xb6d08c39e8014ef4),
            (ping::MultiPingRx::TYPE, 0xd7a53484a1a711ed, 0xb686138d2bc637ee),
            (hello_world::HelloWorld::TYPE, 0x3d1e58fc74fa11ed, 0xa7eef7e728cd4c11),
        ];
        for (info, hash1, hash2) in words {
            assert_eq!(info.tid, Tid { hash1, hash2 }, "{}", info.name);
        }
        assert_eq!(
            Tid::parse("a6ad78b6-1682-11ec-9621-0242ac130002"),
            Some(Tid { hash1: 0xa6ad78b6168211ec, hash2: 0x96210242ac130002 })
        );
    }
}
