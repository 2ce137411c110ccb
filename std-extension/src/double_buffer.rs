//! DoubleBufferTransmitter and DoubleBufferReceiver: staging queues behind a mutex.

use crate::staging_queue::{Policy, StagingQueue};
use gxf_core::prelude::*;
use std::sync::{Mutex, MutexGuard};

fn queue_params(r: &mut ParamRegistrar) {
    r.param::<u64>("capacity")
        .default(1u64)
        .description("Messages per stage");
    r.param::<u64>("policy")
        .default(2u64)
        .description("Overflow policy: 0 pop, 1 reject, 2 fault");
}

fn make_queue(ctx: &ComponentContext) -> Result<StagingQueue<Message>> {
    let capacity: u64 = ctx.param("capacity")?;
    if capacity == 0 {
        return fail(
            Code::GXF_ARGUMENT_OUT_OF_RANGE,
            format!("queue '{}' has capacity 0", ctx.name()),
        );
    }
    Ok(StagingQueue::new(
        capacity as usize,
        Policy::from_raw(ctx.param("policy")?),
    ))
}

fn warn_leftovers(name: &str, q: &mut StagingQueue<Message>) {
    if q.size() > 0 {
        gxf_warn!("Unprocessed num of message: {} in queue '{name}'", q.size());
    }
    if q.dropped() > 0 {
        gxf_info!(
            "queue '{name}' dropped {} messages by its overflow policy",
            q.dropped()
        );
    }
    q.clear();
}

/// `nvidia::gxf::DoubleBufferTransmitter`.
#[derive(Default)]
pub struct DoubleBufferTransmitter {
    queue: Mutex<StagingQueue<Message>>,
    name: String,
}

impl DoubleBufferTransmitter {
    fn q(&self) -> MutexGuard<'_, StagingQueue<Message>> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Component for DoubleBufferTransmitter {
    fn parameters(r: &mut ParamRegistrar) {
        queue_params(r);
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.queue = Mutex::new(make_queue(ctx)?);
        self.name = ctx.name();
        Ok(())
    }

    fn deinitialize(&mut self, _ctx: &ComponentContext) -> Result<()> {
        warn_leftovers(&self.name, &mut self.q());
        Ok(())
    }
}

impl Transmitter for DoubleBufferTransmitter {
    fn publish(&self, msg: Message) -> Result<()> {
        self.q().push(msg)
    }
    fn sync(&self) -> Result<()> {
        self.q().sync()
    }
    fn pop(&self) -> Option<Message> {
        self.q().pop()
    }
    fn size(&self) -> usize {
        self.q().size()
    }
    fn back_size(&self) -> usize {
        self.q().back_size()
    }
    fn capacity(&self) -> usize {
        self.q().capacity()
    }
}

/// `nvidia::gxf::DoubleBufferReceiver`.
#[derive(Default)]
pub struct DoubleBufferReceiver {
    queue: Mutex<StagingQueue<Message>>,
    name: String,
}

impl DoubleBufferReceiver {
    fn q(&self) -> MutexGuard<'_, StagingQueue<Message>> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Component for DoubleBufferReceiver {
    fn parameters(r: &mut ParamRegistrar) {
        queue_params(r);
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.queue = Mutex::new(make_queue(ctx)?);
        self.name = ctx.name();
        Ok(())
    }

    fn deinitialize(&mut self, _ctx: &ComponentContext) -> Result<()> {
        warn_leftovers(&self.name, &mut self.q());
        Ok(())
    }
}

impl Receiver for DoubleBufferReceiver {
    fn push(&self, msg: Message) -> Result<()> {
        self.q().push(msg)
    }
    fn sync(&self) -> Result<()> {
        self.q().sync()
    }
    fn receive(&self) -> Result<Option<Message>> {
        Ok(self.q().pop())
    }
    fn peek(&self, index: usize) -> Option<Message> {
        self.q().peek(index).cloned()
    }
    fn peek_back(&self, index: usize) -> Option<Message> {
        self.q().peek_back(index).cloned()
    }
    fn size(&self) -> usize {
        self.q().size()
    }
    fn back_size(&self) -> usize {
        self.q().back_size()
    }
    fn capacity(&self) -> usize {
        self.q().capacity()
    }
}
