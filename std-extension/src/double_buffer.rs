//! DoubleBufferTransmitter and DoubleBufferReceiver: staging queues behind a spin lock.

use crate::staging_queue::{Policy, StagingQueue};
use gxf_core::prelude::*;
use gxf_core::spin_lock::{SpinGuard, SpinLock};
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A staging queue behind a spin lock, with its stage sizes mirrored in atomics so that scheduling
/// terms can read them without taking the lock.
#[derive(Default)]
struct SharedQueue {
    queue: SpinLock<StagingQueue<Message>>,
    main: AtomicUsize,
    back: AtomicUsize,
    capacity: usize,
}

impl SharedQueue {
    fn new(queue: StagingQueue<Message>) -> SharedQueue {
        let capacity = queue.capacity();
        SharedQueue { queue: SpinLock::new(queue), main: AtomicUsize::new(0), back: AtomicUsize::new(0), capacity }
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

fn queue_params(r: &mut ParamRegistrar) {
    r.param::<u64>("capacity").default(1u64).description("Messages per stage");
    r.param::<u64>("policy").default(2u64).description("Overflow policy: 0 pop, 1 reject, 2 fault");
}

fn make_queue(ctx: &ComponentContext) -> Result<StagingQueue<Message>> {
    let capacity: u64 = ctx.param("capacity")?;
    if capacity == 0 {
        return fail(Code::GXF_ARGUMENT_OUT_OF_RANGE, format!("queue '{}' has capacity 0", ctx.name()));
    }
    Ok(StagingQueue::new(capacity as usize, Policy::from_raw(ctx.param("policy")?)))
}

fn warn_leftovers(name: &str, q: &mut StagingQueue<Message>) {
    if q.size() > 0 {
        gxf_warn!("Unprocessed num of message: {} in queue '{name}'", q.size());
    }
    if q.dropped() > 0 {
        gxf_info!("queue '{name}' dropped {} messages by its overflow policy", q.dropped());
    }
    q.clear();
}

/// Marks the transmitting side of a double buffer.
pub enum Outbox {}
/// Marks the receiving side of a double buffer.
pub enum Inbox {}

/// A staging-queue component; the role parameter picks the interface it implements.
pub struct DoubleBuffer<Role> {
    queue: SharedQueue,
    name: String,
    _role: PhantomData<fn() -> Role>,
}

impl<Role> Default for DoubleBuffer<Role> {
    fn default() -> Self {
        DoubleBuffer { queue: SharedQueue::default(), name: String::new(), _role: PhantomData }
    }
}

/// `nvidia::gxf::DoubleBufferTransmitter`.
pub type DoubleBufferTransmitter = DoubleBuffer<Outbox>;
/// `nvidia::gxf::DoubleBufferReceiver`.
pub type DoubleBufferReceiver = DoubleBuffer<Inbox>;

impl<Role: 'static> Component for DoubleBuffer<Role> {
    fn parameters(r: &mut ParamRegistrar) {
        queue_params(r);
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.queue = SharedQueue::new(make_queue(ctx)?);
        self.name = ctx.name();
        Ok(())
    }

    fn deinitialize(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.queue.with(|q| warn_leftovers(&self.name, q));
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
