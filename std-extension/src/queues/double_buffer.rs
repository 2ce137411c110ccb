//! `DoubleBufferTransmitter` and `DoubleBufferReceiver`: staging queues behind a spin lock.

use super::staging_queue::{Policy, StagingQueue};
use gxf_sdk::prelude::*;
use gxf_sdk::spin_lock::{SpinGuard, SpinLock};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Largest `capacity` of a double-buffer queue (each stage is allocated when the queue
/// initializes): a million messages per stage.
pub const MAX_QUEUE_CAPACITY: i64 = 1 << 20;

/// A staging queue behind a spin lock, with its stage sizes mirrored in atomics so that scheduling
/// terms can read them without taking the lock.
#[derive(Default)]
struct SharedQueue {
    queue: SpinLock<StagingQueue<Message>>,
    main: AtomicUsize,
    back: AtomicUsize,
    capacity: usize,
    /// The owning component's name, for messages.
    name: String,
}

impl SharedQueue {
    /// The queue of the component being initialized: `capacity` (> 0) messages per stage and the
    /// overflow policy numbered `policy`.
    fn open(capacity: u64, policy: u64, ctx: &ComponentContext) -> Result<SharedQueue> {
        if capacity == 0 {
            return fail(Code::GXF_ARGUMENT_OUT_OF_RANGE, format!("queue '{}' has capacity 0", ctx.name()));
        }
        let queue = StagingQueue::try_new(capacity as usize, Policy::from_raw(policy))
            .map_err(|e| e.context(format!("queue '{}'", ctx.name())))?;
        Ok(SharedQueue {
            capacity: queue.capacity(),
            queue: SpinLock::new(queue),
            main: AtomicUsize::new(0),
            back: AtomicUsize::new(0),
            name: ctx.name(),
        })
    }

    /// Empties the queue at deinitialize, reporting what was left in it.
    fn close(&self) {
        self.with(|q| {
            if q.size() > 0 {
                gxf_warn!("Unprocessed num of message: {} in queue '{}'", q.size(), self.name);
            }
            if q.dropped() > 0 {
                gxf_info!("queue '{}' dropped {} messages by its overflow policy", self.name, q.dropped());
            }
            q.clear();
        });
    }

    /// Runs `f` under the lock, then publishes the new stage sizes.
    fn with<R>(&self, f: impl FnOnce(&mut StagingQueue<Message>) -> R) -> R {
        let mut q = self.lock();
        let r = f(&mut q);
        self.main.store(q.size(), Ordering::Release);
        self.back.store(q.back_size(), Ordering::Release);
        r
    }

    fn lock(&self) -> SpinGuard<'_, StagingQueue<Message>> {
        self.queue.lock()
    }

    fn size(&self) -> usize {
        self.main.load(Ordering::Acquire)
    }

    fn back_size(&self) -> usize {
        self.back.load(Ordering::Acquire)
    }
}

/// `nvidia::gxf::DoubleBufferTransmitter`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::DoubleBufferTransmitter",
    uuid = "0c3c0ec7-77f1-4389-aef1-6bae85bddc13",
    kind = Transmitter,
    description = "Staged outbox",
    initialize = Self::open,
    deinitialize = Self::close
)]
pub struct DoubleBufferTransmitter {
    /// Messages per stage
    #[param(default = 1u64, max = MAX_QUEUE_CAPACITY)]
    capacity: u64,
    /// Overflow policy: 0 pop, 1 reject, 2 fault
    #[param(default = 2u64)]
    policy: u64,
    queue: SharedQueue,
}

impl DoubleBufferTransmitter {
    fn open(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.queue = SharedQueue::open(self.capacity, self.policy, ctx)?;
        Ok(())
    }

    fn close(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.queue.close();
        Ok(())
    }
}

/// `nvidia::gxf::DoubleBufferReceiver`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::DoubleBufferReceiver",
    uuid = "ee45883d-bf84-4f99-8419-7c5e9deac6a5",
    kind = Receiver,
    description = "Staged inbox",
    initialize = Self::open,
    deinitialize = Self::close
)]
pub struct DoubleBufferReceiver {
    /// Messages per stage
    #[param(default = 1u64, max = MAX_QUEUE_CAPACITY)]
    capacity: u64,
    /// Overflow policy: 0 pop, 1 reject, 2 fault
    #[param(default = 2u64)]
    policy: u64,
    queue: SharedQueue,
}

impl DoubleBufferReceiver {
    fn open(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.queue = SharedQueue::open(self.capacity, self.policy, ctx)?;
        Ok(())
    }

    fn close(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.queue.close();
        Ok(())
    }
}

impl Transmitter for DoubleBufferTransmitter {
    fn publish(&self, msg: Message) -> Result<()> {
        self.queue.with(|q| q.push(msg))
    }
    fn sync(&self) -> Result<()> {
        self.queue.with(|q| q.sync())
    }
    fn pop(&self) -> Option<Message> {
        self.queue.with(|q| q.pop())
    }
    fn sync_and_pop(&self) -> Result<Option<Message>> {
        self.queue.with(|q| {
            q.sync()?;
            Ok(q.pop())
        })
    }
    fn size(&self) -> usize {
        self.queue.size()
    }
    fn back_size(&self) -> usize {
        self.queue.back_size()
    }
    fn capacity(&self) -> usize {
        self.queue.capacity
    }
}

impl Receiver for DoubleBufferReceiver {
    fn push(&self, msg: Message) -> Result<()> {
        self.queue.with(|q| q.push(msg))
    }
    fn sync(&self) -> Result<()> {
        self.queue.with(|q| q.sync())
    }
    fn receive(&self) -> Result<Option<Message>> {
        Ok(self.queue.with(|q| q.pop()))
    }
    fn peek(&self, index: usize) -> Option<Message> {
        self.queue.lock().peek(index).cloned()
    }
    fn peek_back(&self, index: usize) -> Option<Message> {
        self.queue.lock().peek_back(index).cloned()
    }
    fn size(&self) -> usize {
        self.queue.size()
    }
    fn back_size(&self) -> usize {
        self.queue.back_size()
    }
    fn capacity(&self) -> usize {
        self.queue.capacity
    }
    fn sizes(&self) -> [usize; 3] {
        [self.queue.size(), self.queue.back_size(), self.queue.capacity]
    }
}
