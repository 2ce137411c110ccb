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

use gxf_sdk::prelude::*;

fn register(ext: &mut ExtensionBuilder) {
    ext.info(ExtensionMeta {
        name: "TestHelperExtension",
        uuid: "1b99ffeb-c250-4ced-8117-62ac05969a50",
        version: "2.6.0",
        description: "Helper extension with components used to test std components",
        author: "NVIDIA",
        license: "NVIDIA",
        display_name: "Test Helper Extension",
        category: "Test",
        brief: "GXF Test Helper Extension",
    });
    ext.add::<params::LoadParameterFromYamlTest>()
        .add::<params::RegisterParameterInterfaceTest>()
        .add::<params::FixedVectorParameterTest>()
        .add::<params::StdParameterTest>()
        .add::<params::TestHandleParameter>()
        .add::<step_count::StepCount>()
        .add::<step_count::StepRangeCount>()
        .add::<ping::PingPollRx>()
        .add::<ping::PingBatchRx>()
        .add::<monitor::EntityMonitor>()
        .add::<mock_queue::MockTransmitter>()
        .add::<mock_queue::MockReceiver>()
        .add::<monitor::WaitSchedulingTerm>()
        .add::<mock_failure::MockFailure>()
        .add::<mock_codelet::MockCodelet>()
        .add::<mock_codelet::Frame>()
        .add::<misc::VectorParameterTest>()
        .add::<misc::TestLogger>()
        .add::<scheduled::ScheduledPingTx>()
        .add::<scheduled::TestTimestampTx>()
        .add::<scheduled::TestTimestampRx>()
        .add::<async_ping::AsyncPingTx>()
        .add::<async_ping::AsyncPingRx>()
        .add::<delayed_periodic::PeriodicSchedulingTermWithDelay>()
        .add::<metric_logger::TestMetricLogger>()
        .add::<metric_logger::TestConfigurationSet>()
        .add::<tensor_sources::Generator>()
        .add::<tensor_sources::ArbitraryPrecisionFactorial>()
        .add::<tensor_sources::IntegerSinSum>()
        .add::<tensor_sources::TensorGenerator>()
        .add::<tensor_sinks::Pop>()
        .add::<tensor_sinks::Print>()
        .add::<tensor_sinks::PrintTensor>()
        .add::<tensor_checks::TensorComparator>()
        .add::<tensor_checks::TestTensorStrides>()
        .add::<mock_allocator::MockAllocator>();
}

gxf_extension!(register);

#[cfg(test)]
mod tests {
    use super::*;

    /// Each uuid matches the `(hash1, hash2)` words of GXF's `test.cpp`.
    #[test]
    fn uuids_match_gxf_factory_words() {
        let words = [
            (params::LoadParameterFromYamlTest::TYPE, 0x77d3cb561ddb4656, 0x828a3955ad78fb27),
            (params::RegisterParameterInterfaceTest::TYPE, 0xe9234c1ad5f8445c, 0xae9118bcda197032),
            (params::FixedVectorParameterTest::TYPE, 0xf6a9bda17a0d1642, 0xc2d06c87c645218f),
            (params::StdParameterTest::TYPE, 0x405d8e062d3f45f1, 0x84c492ac9ef3c67c),
            (params::TestHandleParameter::TYPE, 0x92f49e50aded48a8, 0x8b97a274e227875f),
            (step_count::StepCount::TYPE, 0xc076cb7155ca4687, 0x8c84c789818f5cf7),
            (step_count::StepRangeCount::TYPE, 0x947e3c3d122142d5, 0x92f1fe6c7fd95a8a),
            (ping::PingPollRx::TYPE, 0x64866edc725b11eb, 0x9dfa37dfe2305968),
            (ping::PingBatchRx::TYPE, 0x85058d3a553911eb, 0xbe0b873d2618d774),
            (monitor::EntityMonitor::TYPE, 0xd3f52056b8a0974d, 0xf8d3c321bdf247ee),
            (mock_queue::MockTransmitter::TYPE, 0x9fa09605848581ab, 0x92c23096508cc4a1),
            (mock_queue::MockReceiver::TYPE, 0xe9c70ddbf2235546, 0xbb7b118048380c21),
            (monitor::WaitSchedulingTerm::TYPE, 0xa055fbf8758811ed, 0xa423331e2d38b116),
            (mock_failure::MockFailure::TYPE, 0x263ba11abf9d11ed, 0xa3ed8f40163997e9),
            (mock_codelet::MockCodelet::TYPE, 0x01401bae1cf64e91, 0xadd00c88b988b04c),
            (mock_codelet::Frame::TYPE, 0xcd944caff32f46cc, 0xa8a744977a4805a6),
            (misc::VectorParameterTest::TYPE, 0xb6c6697a3b2d79fa, 0x0bb8c8d6ad0f92ac),
            (misc::TestLogger::TYPE, 0x121178a5ee024251, 0xb2d30663306bf3c3),
            (scheduled::ScheduledPingTx::TYPE, 0x8b2e8b0f02364d5f, 0x3e572048949a43ef),
            (scheduled::TestTimestampTx::TYPE, 0x4f7b92fcfb4d1096, 0xeebf2cf958e74c45),
            (scheduled::TestTimestampRx::TYPE, 0xa0204781cabf69d7, 0x56153ac8398984ca),
            (async_ping::AsyncPingTx::TYPE, 0x1c211f155e5a4efc, 0x8daa19f351d19ad6),
            (async_ping::AsyncPingRx::TYPE, 0xa4f26a81a7dc4cdb, 0x8ad9c638c2de48f8),
            (delayed_periodic::PeriodicSchedulingTermWithDelay::TYPE, 0xbb138e69066aba28, 0xd392c98a9b0849b4),
            (metric_logger::TestMetricLogger::TYPE, 0x557d64785a864052, 0xa2acf94edb0341ca),
            (metric_logger::TestConfigurationSet::TYPE, 0x85ed3ce306114314, 0x94dfda4f507f75a0),
            (tensor_sources::Generator::TYPE, 0xebe83f933e8e4c09, 0x8c124ab7390ac565),
            (tensor_sources::ArbitraryPrecisionFactorial::TYPE, 0x2ca901d00d384a06, 0x951edc0d655ac5a6),
            (tensor_sources::IntegerSinSum::TYPE, 0x2ed6049cc6ad4d89, 0x8e28078be6776adf),
            (tensor_sources::TensorGenerator::TYPE, 0xd2abde61ff76ea8b, 0xfdc74e01d70259af),
            (tensor_sinks::Pop::TYPE, 0x6019517f60844d1b, 0x9eff178d6891e9e8),
            (tensor_sinks::Print::TYPE, 0x15ac607f553942e0, 0xb1f09b841e1f9ecd),
            (tensor_sinks::PrintTensor::TYPE, 0xc73d835ebf5b4a54, 0x9cd5370e1256b650),
            (tensor_checks::TensorComparator::TYPE, 0xe99f8fe0c7ab9674, 0xc4ef5778874b7c3f),
            (tensor_checks::TestTensorStrides::TYPE, 0x92002082602311eb, 0xaeea03cedbfc916f),
            (mock_allocator::MockAllocator::TYPE, 0x93585693d816b6c5, 0xcb06ba6ec534dfd4),
        ];
        for (info, hash1, hash2) in words {
            assert_eq!(info.tid, Tid { hash1, hash2 }, "{}", info.name);
        }
        assert_eq!(
            Tid::parse("1b99ffeb-c250-4ced-8117-62ac05969a50"),
            Some(Tid { hash1: 0x1b99ffebc2504ced, hash2: 0x811762ac05969a50 })
        );
    }
}
