//! GXF's StandardExtension: queues, scheduling terms, clocks, schedulers and data components.
//!
//! `register` is the extension's catalog, like GXF's `std.cpp`: every type it offers, in
//! registration order. The types live in folders by concern (queues, terms, clocks, schedulers,
//! codelets, memory, resources, statistics, graph wiring).

mod clocks;
// Public for the host-side API of the Vault (`Vault::set_callback`, `Vault::store_blocking`, ...).
pub mod codelets;
mod graph_wiring;
mod memory;
mod queues;
mod resources;
mod schedulers;
mod statistics;
mod terms;

use gxf_sdk::abi::types;
use gxf_sdk::prelude::*;

/// Registers the extension's metadata and every type it provides.
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
    // Interfaces and message payload types: bases and handle types, never created.
    for info in types::STD_INTERFACES.into_iter().chain(types::LITE_TYPES) {
        ext.interface(info);
    }
    ext.add::<terms::MultiMessageAvailableSchedulingTerm>()
        .add::<terms::ExpiringMessageAvailableSchedulingTerm>()
        .add::<terms::MessageAvailableFrequencyThrottler>()
        .add::<terms::TargetTimeSchedulingTerm>()
        .add::<terms::AsynchronousSchedulingTerm>()
        .add::<terms::MemoryAvailableSchedulingTerm>()
        .add::<terms::OrSchedulingTermCombiner>()
        .add::<codelets::Forward>()
        .add::<codelets::Gather>()
        .add::<codelets::Broadcast>()
        .add::<codelets::TimedThrottler>()
        .add::<codelets::Synchronization>()
        .add::<codelets::Vault>()
        .add::<statistics::Metric>()
        .add::<queues::AsyncBufferTransmitter>()
        .add::<queues::AsyncBufferReceiver>()
        .add::<memory::UnboundedAllocator>()
        .add::<memory::BlockMemoryPool>()
        .add::<memory::TensorCopier>()
        .add::<resources::ThreadPool>()
        .add::<resources::GpuDevice>()
        .add::<resources::CpuThread>()
        .add::<schedulers::MultiThreadScheduler>()
        .add::<schedulers::EventBasedScheduler>()
        .add::<schedulers::EpochScheduler>()
        .add::<clocks::RealtimeClock>()
        .add::<clocks::ManualClock>()
        .add::<queues::DoubleBufferTransmitter>()
        .add::<queues::DoubleBufferReceiver>()
        .add::<graph_wiring::Connection>()
        .add::<graph_wiring::Topic>()
        .add::<graph_wiring::Subgraph>()
        .add::<statistics::JobStatistics>()
        .add::<terms::PeriodicSchedulingTerm>()
        .add::<terms::CountSchedulingTerm>()
        .add::<terms::DownstreamReceptiveSchedulingTerm>()
        .add::<terms::MessageAvailableSchedulingTerm>()
        .add::<terms::BooleanSchedulingTerm>()
        .add::<terms::BTSchedulingTerm>()
        .add::<schedulers::GreedyScheduler>();
}

gxf_extension!(register);
