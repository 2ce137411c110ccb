//! GXF's built-in types, each named once: type name, uuid, base type and a line on its role.
//!
//! The interfaces every extension shares (Codelet, Transmitter, ...), the components the runtime
//! treats specially (Connection, Subgraph, ...) and the message payload types. The uuids are GXF's
//! own, so metadata, manifests and tools agree with NVIDIA's GXF.

use crate::tid::Tid;

/// A type's GXF identity: what `GXF_EXT_FACTORY_ADD` states about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeInfo {
    /// GXF type name, e.g. `nvidia::gxf::PingTx`.
    pub name: &'static str,
    /// GXF type id (the UUID of the type).
    pub tid: Tid,
    /// Name of the base type, e.g. `nvidia::gxf::Codelet` (empty for root and payload types).
    pub base: &'static str,
    /// One line on what the type does.
    pub description: &'static str,
}

impl TypeInfo {
    /// An identity from its parts (`uuid` in GXF's 8-4-4-4-12 form, checked at compile time
    /// where used in a constant).
    pub const fn new(name: &'static str, uuid: &str, base: &'static str, description: &'static str) -> TypeInfo {
        TypeInfo { name, tid: Tid::from_uuid(uuid), base, description }
    }
}

const COMPONENT_NAME: &str = "nvidia::gxf::Component";

/// `nvidia::gxf::Component`: the root of every component type.
pub const COMPONENT: TypeInfo =
    TypeInfo::new(COMPONENT_NAME, "75bf23d5-1998-43b7-baaf-16853d783bd1", "", "Base of all components");
/// `nvidia::gxf::Codelet`.
pub const CODELET: TypeInfo = TypeInfo::new(
    "nvidia::gxf::Codelet",
    "5c6166fa-6eed-41e7-bbf0-bd48cd6e1014",
    COMPONENT_NAME,
    "User code: start/tick/stop",
);
/// `nvidia::gxf::Clock`.
pub const CLOCK: TypeInfo =
    TypeInfo::new("nvidia::gxf::Clock", "779e61c2-ae70-441d-a26c-8ca64b39f8e7", COMPONENT_NAME, "Time source");
/// `nvidia::gxf::System`.
pub const SYSTEM: TypeInfo =
    TypeInfo::new("nvidia::gxf::System", "d1febca1-80df-454e-a3f2-715f2b3c6e69", COMPONENT_NAME, "Runs entities");
/// `nvidia::gxf::Queue`.
pub const QUEUE: TypeInfo =
    TypeInfo::new("nvidia::gxf::Queue", "792151bf-3138-4603-a912-5ca91828dea8", COMPONENT_NAME, "Message queue");
/// `nvidia::gxf::Transmitter`.
pub const TRANSMITTER: TypeInfo =
    TypeInfo::new("nvidia::gxf::Transmitter", "c30cc60f-0db2-409d-92b6-b2db92e02cce", QUEUE.name, "Outbox");
/// `nvidia::gxf::Receiver`.
pub const RECEIVER: TypeInfo =
    TypeInfo::new("nvidia::gxf::Receiver", "a47d2f62-245f-40fc-90b7-5dc78ff2437e", QUEUE.name, "Inbox");
/// `nvidia::gxf::ResourceBase`.
pub const RESOURCE_BASE: TypeInfo = TypeInfo::new(
    "nvidia::gxf::ResourceBase",
    "76b9234d-5eac-4c65-b1a1-0306d3f354e5",
    COMPONENT_NAME,
    "Resource marker",
);
/// `nvidia::gxf::Allocator`.
pub const ALLOCATOR: TypeInfo =
    TypeInfo::new("nvidia::gxf::Allocator", "3cdd82d0-2326-4867-8de2-d565dbe28e03", COMPONENT_NAME, "Memory allocator");
/// `nvidia::gxf::Scheduler`.
pub const SCHEDULER: TypeInfo =
    TypeInfo::new("nvidia::gxf::Scheduler", "f0103b75-d2e1-4d70-9b13-3fe5b40209be", SYSTEM.name, "Scheduler");
/// `nvidia::gxf::SchedulingTerm`.
pub const SCHEDULING_TERM: TypeInfo = TypeInfo::new(
    "nvidia::gxf::SchedulingTerm",
    "184d8e4e-086c-475a-903a-69d723f95d19",
    COMPONENT_NAME,
    "Decides when an entity may tick",
);
/// `nvidia::gxf::Monitor`.
pub const MONITOR: TypeInfo = TypeInfo::new(
    "nvidia::gxf::Monitor",
    "9ccf9421-b35b-8c79-e1f0-97dc23bd38ea",
    COMPONENT_NAME,
    "Observes executions",
);
/// `nvidia::gxf::SchedulingTermCombiner`.
pub const SCHEDULING_TERM_COMBINER: TypeInfo = TypeInfo::new(
    "nvidia::gxf::SchedulingTermCombiner",
    "4c3f39b0-42ed-11ef-a7d5-dbe22043a6f1",
    COMPONENT_NAME,
    "Combines terms",
);

/// `nvidia::gxf::TargetTimeSchedulingTerm` (reached through `query`).
pub const TARGET_TIME_SCHEDULING_TERM: TypeInfo = TypeInfo::new(
    "nvidia::gxf::TargetTimeSchedulingTerm",
    "e4aaf5c3-2b10-4c9a-c463-ebf6084149bf",
    SCHEDULING_TERM.name,
    "Tick at a codelet-chosen time",
);
/// `nvidia::gxf::AsynchronousSchedulingTerm` (reached through `query`).
pub const ASYNCHRONOUS_SCHEDULING_TERM: TypeInfo = TypeInfo::new(
    "nvidia::gxf::AsynchronousSchedulingTerm",
    "56be1662-ff63-4179-9200-3fcd8dc38673",
    SCHEDULING_TERM.name,
    "Externally signalled",
);
/// `nvidia::gxf::BooleanSchedulingTerm` (reached through `query`).
pub const BOOLEAN_SCHEDULING_TERM: TypeInfo = TypeInfo::new(
    "nvidia::gxf::BooleanSchedulingTerm",
    "e07a0dc4-3908-4df8-8134-7ce38e60fbef",
    SCHEDULING_TERM.name,
    "On/off switch",
);
/// `nvidia::gxf::BTSchedulingTerm` (reached through `query`).
pub const BT_SCHEDULING_TERM: TypeInfo = TypeInfo::new(
    "nvidia::gxf::BTSchedulingTerm",
    "0161ca51-2fed-4a8c-8f24-67cf1b5e330a",
    SCHEDULING_TERM.name,
    "Behaviour-tree control: the condition a behaviour-tree codelet sets",
);
/// `nvidia::gxf::PeriodicSchedulingTerm` (reached through `query`).
pub const PERIODIC_SCHEDULING_TERM: TypeInfo = TypeInfo::new(
    "nvidia::gxf::PeriodicSchedulingTerm",
    "d392c98a-9b08-49b4-a422-d5fe6cd72e3e",
    SCHEDULING_TERM.name,
    "Rate limit",
);
/// `nvidia::gxf::CountSchedulingTerm` (bound by the Python API's `gxf.std.CountSchedulingTerm`).
pub const COUNT_SCHEDULING_TERM: TypeInfo = TypeInfo::new(
    "nvidia::gxf::CountSchedulingTerm",
    "f89da2e4-fddf-4aa2-9a80-1119ba3fde05",
    SCHEDULING_TERM.name,
    "Tick N times",
);
/// `nvidia::gxf::Vault` (reached through `query`).
pub const VAULT: TypeInfo = TypeInfo::new(
    "nvidia::gxf::Vault",
    "1108cb8d-85e4-4303-ba02-d27406ee9e65",
    "nvidia::gxf::Codelet",
    "Sink with thread-safe pickup",
);
/// `nvidia::gxf::Metric` (reached through `query`).
pub const METRIC: TypeInfo = TypeInfo::new(
    "nvidia::gxf::Metric",
    "f7cef803-5beb-46f1-186a-05d3919842ac",
    COMPONENT_NAME,
    "Aggregated metric with thresholds",
);

/// `nvidia::gxf::GPUDevice`: the CUDA device of an entity group (a resource, read by CUDA
/// components of another extension).
pub const GPU_DEVICE: TypeInfo = TypeInfo::new(
    "nvidia::gxf::GPUDevice",
    "2036939f-a32a-43ee-83f8-826576d8f170",
    RESOURCE_BASE.name,
    "CUDA device id",
);
/// `nvidia::gxf::Connection`: wired by the runtime's router.
pub const CONNECTION: TypeInfo = TypeInfo::new(
    "nvidia::gxf::Connection",
    "cc71afae-5ede-47e9-b267-60a5c750a89a",
    COMPONENT_NAME,
    "Edge from a transmitter to a receiver",
);
/// `nvidia::gxf::Topic`: named routes resolved by the runtime.
pub const TOPIC: TypeInfo = TypeInfo::new(
    "nvidia::gxf::Topic",
    "70529494-8bca-49ef-51bf-44b08ecf460b",
    COMPONENT_NAME,
    "Named publish/subscribe routes",
);
/// `nvidia::gxf::Subgraph`: expanded by the graph loader.
pub const SUBGRAPH: TypeInfo = TypeInfo::new(
    "nvidia::gxf::Subgraph",
    "576eedd7-7c3f-4d2f-8c38-8baa79a3d231",
    COMPONENT_NAME,
    "Loads a subgraph file",
);

/// `nvidia::gxf::Timestamp` (message payload).
pub const TIMESTAMP: TypeInfo = TypeInfo::new(
    "nvidia::gxf::Timestamp",
    "d1095b10-5c90-4bbc-bc89-601134cb4e03",
    "",
    "Message timing {pubtime, acqtime}",
);
/// `nvidia::gxf::EndOfStream` (message payload).
pub const END_OF_STREAM: TypeInfo = TypeInfo::new(
    "nvidia::gxf::EndOfStream",
    "8c42f7bf-7041-4626-9792-9eb20ce33cce",
    "",
    "End-of-stream marker {stream_id}; a negative id means the whole pipeline",
);
/// `nvidia::gxf::Tensor` (message payload).
pub const TENSOR: TypeInfo = TypeInfo::new(
    "nvidia::gxf::Tensor",
    "377501d6-9abf-447c-a617-0114d4f33ab8",
    "",
    "N-dimensional array in a message",
);
/// `nvidia::gxf::Shape` (message payload).
pub const SHAPE: TypeInfo =
    TypeInfo::new("nvidia::gxf::Shape", "469cc839-a6ab-470b-9d09-b8bf978c13cd", "", "Tensor dimensions");

const fn lite(name: &'static str, uuid: &str) -> TypeInfo {
    TypeInfo::new(name, uuid, "", "Primitive message payload")
}

/// GXF's "lite" primitive payload types (`int8_t` ... `bool`), as GXF's std extension registers them.
pub const LITE_TYPES: [TypeInfo; 11] = [
    lite("int8_t", "83905c6a-ca34-4f40-b474-cf2cde8274de"),
    lite("uint8_t", "d4299e15-0006-d0bf-8cbd-9b743575e155"),
    lite("int16_t", "9e1dde79-3550-307d-e81a-b864890b3685"),
    lite("uint16_t", "958cbdef-b505-bcc7-8a43-dc4b23f8cead"),
    lite("int32_t", "b557ec7f-49a5-08f7-a35e-086e9d1ea767"),
    lite("uint32_t", "d5506b68-5c86-fedb-a2a2-a7bae38ff3ef"),
    lite("int64_t", "c611627b-6393-365f-d234-1f26bfa8d28f"),
    lite("uint64_t", "c4385f5b-6e25-01d9-d7b5-6e7cadc704e8"),
    lite("float", "a81bf295-421f-49ef-f24a-f59e9ea0d5d6"),
    lite("double", "d57cee59-686f-e26d-95be-659c126b02ea"),
    lite("bool", "c02f9e93-d01b-1d29-f523-78d2a9195128"),
];

/// The abstract types GXF's std extension registers (interfaces and payload types): bases and
/// handle types, never created.
pub const STD_INTERFACES: [TypeInfo; 16] = [
    CODELET,
    CLOCK,
    SYSTEM,
    QUEUE,
    TRANSMITTER,
    RECEIVER,
    RESOURCE_BASE,
    ALLOCATOR,
    SCHEDULER,
    SCHEDULING_TERM,
    MONITOR,
    SCHEDULING_TERM_COMBINER,
    TIMESTAMP,
    END_OF_STREAM,
    TENSOR,
    SHAPE,
];
