//! GXF's StandardExtension: queues, scheduling terms, clocks, schedulers and data components.

mod allocators;
mod async_buffer;
mod clocks;
mod codelets;
mod components;
mod deadlock;
mod double_buffer;
mod epoch;
mod event_based;
mod greedy;
mod job_queue;
mod metric;
mod multi_thread;
mod resources;
mod staging_queue;
mod synchronization;
mod tensor_copier;
mod terms;
mod terms_message;
mod terms_more;
mod threaded;
mod threaded_host;
pub mod vault;

use gxf_core::prelude::*;

fn register_interfaces(ext: &mut ExtensionBuilder) {
    let c = "nvidia::gxf::Component";
    ext.interface("nvidia::gxf::Codelet", "5c6166fa-6eed-41e7-bbf0-bd48cd6e1014", c, "User code: start/tick/stop")
        .interface("nvidia::gxf::Clock", "779e61c2-ae70-441d-a26c-8ca64b39f8e7", c, "Time source")
        .interface("nvidia::gxf::System", "d1febca1-80df-454e-a3f2-715f2b3c6e69", c, "Runs entities")
        .interface("nvidia::gxf::Queue", "792151bf-3138-4603-a912-5ca91828dea8", c, "Message queue")
        .interface("nvidia::gxf::Transmitter", "c30cc60f-0db2-409d-92b6-b2db92e02cce", "nvidia::gxf::Queue", "Outbox")
        .interface("nvidia::gxf::Receiver", "a47d2f62-245f-40fc-90b7-5dc78ff2437e", "nvidia::gxf::Queue", "Inbox")
        .interface("nvidia::gxf::ResourceBase", "76b9234d-5eac-4c65-b1a1-0306d3f354e5", c, "Resource marker")
        .interface("nvidia::gxf::Allocator", "3cdd82d0-2326-4867-8de2-d565dbe28e03", c, "Memory allocator")
        .interface("nvidia::gxf::Scheduler", "f0103b75-d2e1-4d70-9b13-3fe5b40209be", "nvidia::gxf::System", "Scheduler")
        .interface(
            "nvidia::gxf::SchedulingTerm",
            "184d8e4e-086c-475a-903a-69d723f95d19",
            c,
            "Decides when an entity may tick",
        )
        .interface("nvidia::gxf::Monitor", "9ccf9421-b35b-8c79-e1f0-97dc23bd38ea", c, "Observes executions")
        .interface("nvidia::gxf::SchedulingTermCombiner", "4c3f39b0-42ed-11ef-a7d5-dbe22043a6f1", c, "Combines terms")
        .interface(
            "nvidia::gxf::Timestamp",
            "d1095b10-5c90-4bbc-bc89-601134cb4e03",
            "",
            "Message timing {pubtime, acqtime}",
        )
        .interface(
            "nvidia::gxf::Tensor",
            "377501d6-9abf-447c-a617-0114d4f33ab8",
            "",
            "N-dimensional array in a message",
        )
        .interface("nvidia::gxf::Shape", "469cc839-a6ab-470b-9d09-b8bf978c13cd", "", "Tensor dimensions");
    for (name, uuid) in gxf_core::vocab::LITE_TYPES {
        ext.interface(name, uuid, "", "Primitive message payload");
    }
}

fn register(ext: &mut ExtensionBuilder) {
    ext.info(ExtensionMeta {
        name: "StandardExtension",
        uuid: "8ec2d5d6-b5df-48bf-8dee-0252606fdd7e",
        version: "2.6.0",
        description: "Most commonly used interfaces and components",
        author: "GXF-rs developers",
        license: "Apache-2.0",
        display_name: "Standard Extension",
        category: "Core",
        brief: "Queues, terms, clocks and schedulers",
    });
    register_interfaces(ext);
    terms_message::register(ext);
    terms_more::register(ext);
    codelets::register(ext);
    synchronization::register(ext);
    vault::register(ext);
    metric::register(ext);
    async_buffer::register(ext);
    allocators::register(ext);
    tensor_copier::register(ext);
    resources::register(ext);
    multi_thread::register(ext);
    event_based::register(ext);
    epoch::register(ext);
    ext.clock::<clocks::RealtimeClock>(
        "nvidia::gxf::RealtimeClock",
        "7b170b7b-cf1a-4f3f-997c-bfea25342381",
        "nvidia::gxf::Clock",
        "Steady clock, scalable",
    )
    .clock::<clocks::ManualClock>(
        "nvidia::gxf::ManualClock",
        "52fa1f97-eba8-472a-a8ca-4cff1a2c440f",
        "nvidia::gxf::Clock",
        "Virtual time advanced by sleeping",
    )
    .transmitter::<double_buffer::DoubleBufferTransmitter>(
        "nvidia::gxf::DoubleBufferTransmitter",
        "0c3c0ec7-77f1-4389-aef1-6bae85bddc13",
        "nvidia::gxf::Transmitter",
        "Staged outbox",
    )
    .receiver::<double_buffer::DoubleBufferReceiver>(
        "nvidia::gxf::DoubleBufferReceiver",
        "ee45883d-bf84-4f99-8419-7c5e9deac6a5",
        "nvidia::gxf::Receiver",
        "Staged inbox",
    )
    .component::<components::Connection>(
        "nvidia::gxf::Connection",
        "cc71afae-5ede-47e9-b267-60a5c750a89a",
        "nvidia::gxf::Component",
        "Edge from a transmitter to a receiver",
    )
    .component::<components::Topic>(
        "nvidia::gxf::Topic",
        "70529494-8bca-49ef-51bf-44b08ecf460b",
        "nvidia::gxf::Component",
        "Named publish/subscribe routes",
    )
    .component::<components::Subgraph>(
        "nvidia::gxf::Subgraph",
        "576eedd7-7c3f-4d2f-8c38-8baa79a3d231",
        "nvidia::gxf::Component",
        "Loads a subgraph file",
    )
    .monitor::<components::JobStatistics>(
        "nvidia::gxf::JobStatistics",
        "2093b91a-7c82-11eb-a92b-3f1304ecc959",
        "nvidia::gxf::Component",
        "Execution statistics",
    )
    .term::<terms::PeriodicSchedulingTerm>(
        "nvidia::gxf::PeriodicSchedulingTerm",
        "d392c98a-9b08-49b4-a422-d5fe6cd72e3e",
        "nvidia::gxf::SchedulingTerm",
        "Rate limit",
    )
    .term::<terms::CountSchedulingTerm>(
        "nvidia::gxf::CountSchedulingTerm",
        "f89da2e4-fddf-4aa2-9a80-1119ba3fde05",
        "nvidia::gxf::SchedulingTerm",
        "Tick N times",
    )
    .term::<terms::DownstreamReceptiveSchedulingTerm>(
        "nvidia::gxf::DownstreamReceptiveSchedulingTerm",
        "9de75119-8d0f-4819-9a71-2aeaefd23f71",
        "nvidia::gxf::SchedulingTerm",
        "Back-pressure",
    )
    .term::<terms::MessageAvailableSchedulingTerm>(
        "nvidia::gxf::MessageAvailableSchedulingTerm",
        "fe799e65-f78b-48eb-beb6-e73083a12d5b",
        "nvidia::gxf::SchedulingTerm",
        "Input gating",
    )
    .term::<terms::BooleanSchedulingTerm>(
        "nvidia::gxf::BooleanSchedulingTerm",
        "e07a0dc4-3908-4df8-8134-7ce38e60fbef",
        "nvidia::gxf::SchedulingTerm",
        "On/off switch",
    )
    .scheduler::<greedy::GreedyScheduler>(
        "nvidia::gxf::GreedyScheduler",
        "869d30ca-a443-4619-b988-7a52e657f39b",
        "nvidia::gxf::Scheduler",
        "Single-thread scheduler",
    );
}

gxf_extension!(register);
