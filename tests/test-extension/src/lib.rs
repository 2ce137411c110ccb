//! GXF's `TestHelperExtension` (`nvidia::gxf::test::*`): step counters, mock queues and codelets,
//! and parameter-plumbing checks used by GXF's test graphs.

mod async_ping;
mod delayed_periodic;
mod metric_logger;
mod misc;
mod mock_allocator;
mod mock_codelet;
mod mock_failure;
mod mock_queue;
mod monitor;
mod params;
mod ping;
mod scheduled;
mod step_count;
mod tensor_checks;
mod tensor_sinks;
mod tensor_sources;
mod yaml_param;

use gxf_core::prelude::*;

/// Type ids, as GXF's `test/extensions/test.cpp` registers them (`GXF_EXT_FACTORY_ADD` words).
mod uuids {
    pub const EXTENSION: &str = "1b99ffeb-c250-4ced-8117-62ac05969a50";
    pub const LOAD_PARAMETER_FROM_YAML_TEST: &str = "77d3cb56-1ddb-4656-828a-3955ad78fb27";
    pub const REGISTER_PARAMETER_INTERFACE_TEST: &str = "e9234c1a-d5f8-445c-ae91-18bcda197032";
    pub const FIXED_VECTOR_PARAMETER_TEST: &str = "f6a9bda1-7a0d-1642-c2d0-6c87c645218f";
    pub const STD_PARAMETER_TEST: &str = "405d8e06-2d3f-45f1-84c4-92ac9ef3c67c";
    pub const TEST_HANDLE_PARAMETER: &str = "92f49e50-aded-48a8-8b97-a274e227875f";
    pub const STEP_COUNT: &str = "c076cb71-55ca-4687-8c84-c789818f5cf7";
    pub const STEP_RANGE_COUNT: &str = "947e3c3d-1221-42d5-92f1-fe6c7fd95a8a";
    pub const PING_POLL_RX: &str = "64866edc-725b-11eb-9dfa-37dfe2305968";
    pub const PING_BATCH_RX: &str = "85058d3a-5539-11eb-be0b-873d2618d774";
    pub const ENTITY_MONITOR: &str = "d3f52056-b8a0-974d-f8d3-c321bdf247ee";
    pub const MOCK_TRANSMITTER: &str = "9fa09605-8485-81ab-92c2-3096508cc4a1";
    pub const MOCK_RECEIVER: &str = "e9c70ddb-f223-5546-bb7b-118048380c21";
    pub const WAIT_SCHEDULING_TERM: &str = "a055fbf8-7588-11ed-a423-331e2d38b116";
    pub const MOCK_FAILURE: &str = "263ba11a-bf9d-11ed-a3ed-8f40163997e9";
    pub const MOCK_CODELET: &str = "01401bae-1cf6-4e91-add0-0c88b988b04c";
    pub const FRAME: &str = "cd944caf-f32f-46cc-a8a7-44977a4805a6";
    pub const VECTOR_PARAMETER_TEST: &str = "b6c6697a-3b2d-79fa-0bb8-c8d6ad0f92ac";
    pub const TEST_LOGGER: &str = "121178a5-ee02-4251-b2d3-0663306bf3c3";
}

fn register(ext: &mut ExtensionBuilder) {
    use uuids::*;
    const COMPONENT: &str = "nvidia::gxf::Component";
    ext.info(ExtensionMeta {
        name: "TestHelperExtension",
        uuid: EXTENSION,
        version: "2.6.0",
        description: "Helper extension with components used to test std components",
        author: "NVIDIA",
        license: "NVIDIA",
        display_name: "Test Helper Extension",
        category: "Test",
        brief: "GXF Test Helper Extension",
    });
    ext.component::<params::LoadParameterFromYamlTest>(
        "nvidia::gxf::test::LoadParameterFromYamlTest",
        LOAD_PARAMETER_FROM_YAML_TEST,
        COMPONENT,
        "Tests that parameters are loaded correctly from yaml",
    );
    ext.component::<params::RegisterParameterInterfaceTest>(
        "nvidia::gxf::test::RegisterParameterInterfaceTest",
        REGISTER_PARAMETER_INTERFACE_TEST,
        COMPONENT,
        "Tests all variations of the parameter interface",
    );
    ext.component::<params::FixedVectorParameterTest>(
        "nvidia::gxf::test::FixedVectorParameterTest",
        FIXED_VECTOR_PARAMETER_TEST,
        COMPONENT,
        "Tests parameter support for nvidia::FixedVector",
    );
    ext.component::<params::StdParameterTest>(
        "nvidia::gxf::test::StdParameterTest",
        STD_PARAMETER_TEST,
        COMPONENT,
        "Tests parameter support for STD types like std::vector",
    );
    ext.component::<params::TestHandleParameter>(
        "nvidia::gxf::test::TestHandleParameter",
        TEST_HANDLE_PARAMETER,
        COMPONENT,
        "Tests getting parameters using try_get",
    );
    ext.codelet::<step_count::StepCount>(
        "nvidia::gxf::test::StepCount",
        STEP_COUNT,
        "Tests that the codelet was stepped a certain number of times",
    );
    ext.codelet::<step_count::StepRangeCount>(
        "nvidia::gxf::test::StepRangeCount",
        STEP_RANGE_COUNT,
        "Tests that the codelet was stepped a certain number of times within a given range",
    );
    ext.codelet::<ping::PingPollRx>(
        "nvidia::gxf::test::PingPollRx",
        PING_POLL_RX,
        "Polls and receives an entity and check counter on stop",
    );
    ext.codelet::<ping::PingBatchRx>("nvidia::gxf::test::PingBatchRx", PING_BATCH_RX, "Receives an entity");
    ext.monitor::<monitor::EntityMonitor>(
        "nvidia::gxf::test::EntityMonitor",
        ENTITY_MONITOR,
        "nvidia::gxf::Monitor",
        "Monitors entities during runtime and logs status to console.",
    );
    ext.transmitter::<mock_queue::MockTransmitter>(
        "nvidia::gxf::test::MockTransmitter",
        MOCK_TRANSMITTER,
        "nvidia::gxf::Transmitter",
        "Entity transmitter used to facilitate testing",
    );
    ext.receiver::<mock_queue::MockReceiver>(
        "nvidia::gxf::test::MockReceiver",
        MOCK_RECEIVER,
        "nvidia::gxf::Receiver",
        "Entity receiver used to facilitate testing",
    );
    ext.term::<monitor::WaitSchedulingTerm>(
        "nvidia::gxf::test::WaitSchedulingTerm",
        WAIT_SCHEDULING_TERM,
        "nvidia::gxf::SchedulingTerm",
        "Scheduling term that is always in WAIT state",
    );
    ext.codelet::<mock_failure::MockFailure>(
        "nvidia::gxf::test::MockFailure",
        MOCK_FAILURE,
        "A component that will return failure if ticked more than expected",
    );
    ext.codelet::<mock_codelet::MockCodelet>(
        "nvidia::gxf::test::MockCodelet",
        MOCK_CODELET,
        "Mock generic codelet that receives message, execute, then transmit message",
    );
    ext.component::<mock_codelet::Frame>(
        "nvidia::gxf::test::Frame",
        FRAME,
        COMPONENT,
        "Test frame that contains timestamp and frame index",
    );
    ext.component::<misc::VectorParameterTest>(
        "nvidia::gxf::test::VectorParameterTest",
        VECTOR_PARAMETER_TEST,
        COMPONENT,
        "Tests that vector params are loaded correctly from yaml and get/set works",
    );
    ext.codelet::<misc::TestLogger>(
        "nvidia::gxf::test::TestLogger",
        TEST_LOGGER,
        "Prints sample logs for various log levels",
    );
    scheduled::register(ext);
    async_ping::register(ext);
    delayed_periodic::register(ext);
    metric_logger::register(ext);
    tensor_sources::register(ext);
    tensor_sinks::register(ext);
    tensor_checks::register(ext);
    mock_allocator::register(ext);
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

#[cfg(test)]
mod tests {
    use super::uuids::*;
    use gxf_core::Tid;

    /// Each text matches the `(hash1, hash2)` words of `test.cpp`.
    #[test]
    fn uuids_match_gxf_factory_words() {
        let words = [
            (EXTENSION, 0x1b99ffebc2504ced, 0x811762ac05969a50),
            (LOAD_PARAMETER_FROM_YAML_TEST, 0x77d3cb561ddb4656, 0x828a3955ad78fb27),
            (REGISTER_PARAMETER_INTERFACE_TEST, 0xe9234c1ad5f8445c, 0xae9118bcda197032),
            (FIXED_VECTOR_PARAMETER_TEST, 0xf6a9bda17a0d1642, 0xc2d06c87c645218f),
            (STD_PARAMETER_TEST, 0x405d8e062d3f45f1, 0x84c492ac9ef3c67c),
            (TEST_HANDLE_PARAMETER, 0x92f49e50aded48a8, 0x8b97a274e227875f),
            (STEP_COUNT, 0xc076cb7155ca4687, 0x8c84c789818f5cf7),
            (STEP_RANGE_COUNT, 0x947e3c3d122142d5, 0x92f1fe6c7fd95a8a),
            (PING_POLL_RX, 0x64866edc725b11eb, 0x9dfa37dfe2305968),
            (PING_BATCH_RX, 0x85058d3a553911eb, 0xbe0b873d2618d774),
            (ENTITY_MONITOR, 0xd3f52056b8a0974d, 0xf8d3c321bdf247ee),
            (MOCK_TRANSMITTER, 0x9fa09605848581ab, 0x92c23096508cc4a1),
            (MOCK_RECEIVER, 0xe9c70ddbf2235546, 0xbb7b118048380c21),
            (WAIT_SCHEDULING_TERM, 0xa055fbf8758811ed, 0xa423331e2d38b116),
            (MOCK_FAILURE, 0x263ba11abf9d11ed, 0xa3ed8f40163997e9),
            (MOCK_CODELET, 0x01401bae1cf64e91, 0xadd00c88b988b04c),
            (FRAME, 0xcd944caff32f46cc, 0xa8a744977a4805a6),
            (VECTOR_PARAMETER_TEST, 0xb6c6697a3b2d79fa, 0x0bb8c8d6ad0f92ac),
            (TEST_LOGGER, 0x121178a5ee024251, 0xb2d30663306bf3c3),
        ];
        for (text, hash1, hash2) in words {
            assert_eq!(Tid::parse(text), Some(Tid { hash1, hash2 }), "{text}");
        }
    }
}
