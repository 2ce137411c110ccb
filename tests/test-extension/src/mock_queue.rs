//! `MockTransmitter` / `MockReceiver`: single-stage queues that fail `deinitialize` when
//! messages are left in them (GXF's test queues).

use gxf_sdk::prelude::*;
use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

/// A bounded FIFO with the counters the mock queues report.
#[derive(Debug)]
struct Fifo<T> {
    items: VecDeque<T>,
    capacity: usize,
    /// Items published (transmitter) or received (receiver).
    moved: usize,
    syncs: usize,
    peak: usize,
}

impl<T> Default for Fifo<T> {
    fn default() -> Self {
        Fifo::new(usize::MAX)
    }
}

impl<T> Fifo<T> {
    fn new(capacity: usize) -> Self {
        Fifo { items: VecDeque::new(), capacity, moved: 0, syncs: 0, peak: 0 }
    }

    fn push(&mut self, item: T) -> Result<()> {
        if self.items.len() >= self.capacity {
            return fail(
                Code::GXF_EXCEEDING_PREALLOCATED_SIZE,
                format!("queue is full (max_capacity {})", self.capacity),
            );
        }
        self.items.push_back(item);
        self.peak = self.peak.max(self.items.len());
        Ok(())
    }

    /// Error unless empty or `ignore`d; `what` names the leftovers ("unreceived", ...).
    fn check_empty(&self, what: &str, ignore: bool) -> Result<()> {
        let left = self.items.len();
        if left == 0 || ignore {
            return Ok(());
        }
        fail(Code::GXF_FAILURE, format!("{left} {what} message(s) left in the queue"))
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn forced_failure(what: &str) -> Error {
    Error::new(Code::GXF_FAILURE, format!("{what} is set: failing on purpose"))
}

/// Transmitter whose published messages are immediately poppable (no back stage).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::MockTransmitter",
    uuid = "9fa09605-8485-81ab-92c2-3096508cc4a1",
    kind = Transmitter,
    description = "Entity transmitter used to facilitate testing",
    initialize = Self::reset_queue,
    deinitialize = Self::check_drained
)]
pub struct MockTransmitter {
    /// Does not raise an error if there are unpublished entities in the buffer
    #[param(key = "ignore_unpublished_entities", headline = "Ignore Unpublished Entities", default = false)]
    ignore_unpublished: bool,
    /// Forces publish() to fail
    #[param(headline = "Fail On Publish", default = false)]
    fail_on_publish: bool,
    /// Forces sync() to fail
    #[param(headline = "Fail On Sync", default = false)]
    fail_on_sync: bool,
    /// Maximum number of entities that can be buffered at once
    #[param(headline = "Max Capacity", default = usize::MAX)]
    max_capacity: usize,
    queue: Mutex<Fifo<Message>>,
}

impl MockTransmitter {
    fn reset_queue(&mut self, _ctx: &ComponentContext) -> Result<()> {
        *lock(&self.queue) = Fifo::new(self.max_capacity);
        Ok(())
    }

    fn check_drained(&mut self, ctx: &ComponentContext) -> Result<()> {
        let mut q = lock(&self.queue);
        gxf_info!(
            "[{}/{}] Entities Published: {} {{ Syncs: {} | Peak: {} }}",
            ctx.entity_name(),
            ctx.name(),
            q.moved,
            q.syncs,
            q.peak
        );
        let result = q.check_empty("unpublished", self.ignore_unpublished);
        q.items.clear();
        result
    }
}

impl Transmitter for MockTransmitter {
    fn publish(&self, msg: Message) -> Result<()> {
        if self.fail_on_publish {
            return Err(forced_failure("fail_on_publish"));
        }
        let mut q = lock(&self.queue);
        q.push(msg)?;
        q.moved += 1;
        Ok(())
    }

    fn sync(&self) -> Result<()> {
        if self.fail_on_sync {
            return Err(forced_failure("fail_on_sync"));
        }
        lock(&self.queue).syncs += 1;
        Ok(())
    }

    fn pop(&self) -> Option<Message> {
        lock(&self.queue).items.pop_front()
    }

    fn size(&self) -> usize {
        lock(&self.queue).items.len()
    }

    fn back_size(&self) -> usize {
        0
    }

    fn capacity(&self) -> usize {
        lock(&self.queue).capacity
    }
}

/// Receiver whose delivered messages are immediately receivable (no back stage).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::MockReceiver",
    uuid = "e9c70ddb-f223-5546-bb7b-118048380c21",
    kind = Receiver,
    description = "Entity receiver used to facilitate testing",
    initialize = Self::reset_queue,
    deinitialize = Self::check_drained
)]
pub struct MockReceiver {
    /// Does not raise an error if there are unreceived entities in the buffer
    #[param(key = "ignore_unreceived_entities", headline = "Ignore Unreceived Entities", default = false)]
    ignore_unreceived: bool,
    /// Forces receive() to fail
    #[param(headline = "Fail On Receive", default = false)]
    fail_on_receive: bool,
    /// Forces sync() to fail
    #[param(headline = "Fail On Sync", default = false)]
    fail_on_sync: bool,
    /// Maximum number of entities that can be buffered at once
    #[param(headline = "Max Capacity", default = usize::MAX)]
    max_capacity: usize,
    queue: Mutex<Fifo<Message>>,
}

impl MockReceiver {
    fn reset_queue(&mut self, _ctx: &ComponentContext) -> Result<()> {
        *lock(&self.queue) = Fifo::new(self.max_capacity);
        Ok(())
    }

    fn check_drained(&mut self, ctx: &ComponentContext) -> Result<()> {
        let mut q = lock(&self.queue);
        gxf_info!(
            "[{}/{}] Entities Received: {} {{ Syncs: {} | Peak: {} }}",
            ctx.entity_name(),
            ctx.name(),
            q.moved,
            q.syncs,
            q.peak
        );
        let result = q.check_empty("unreceived", self.ignore_unreceived);
        q.items.clear();
        result
    }
}

impl Receiver for MockReceiver {
    fn push(&self, msg: Message) -> Result<()> {
        lock(&self.queue).push(msg)
    }

    fn sync(&self) -> Result<()> {
        if self.fail_on_sync {
            return Err(forced_failure("fail_on_sync"));
        }
        lock(&self.queue).syncs += 1;
        Ok(())
    }

    fn receive(&self) -> Result<Option<Message>> {
        if self.fail_on_receive {
            return Err(forced_failure("fail_on_receive"));
        }
        let mut q = lock(&self.queue);
        let msg = q.items.pop_front();
        q.moved += usize::from(msg.is_some());
        Ok(msg)
    }

    fn peek(&self, index: usize) -> Option<Message> {
        lock(&self.queue).items.get(index).cloned()
    }

    fn peek_back(&self, _index: usize) -> Option<Message> {
        None
    }

    fn size(&self) -> usize {
        lock(&self.queue).items.len()
    }

    fn back_size(&self) -> usize {
        0
    }

    fn capacity(&self) -> usize {
        lock(&self.queue).capacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_beyond_capacity_is_exceeding_preallocated_size() {
        let mut q = Fifo::new(2);
        q.push(1).unwrap();
        q.push(2).unwrap();
        assert_eq!(q.push(3).unwrap_err().code, Code::GXF_EXCEEDING_PREALLOCATED_SIZE);
        assert_eq!(q.items.pop_front(), Some(1));
        q.push(3).unwrap();
        assert_eq!(q.peak, 2);
    }

    #[test]
    fn leftovers_fail_unless_ignored() {
        let mut q = Fifo::default();
        assert!(q.check_empty("unreceived", false).is_ok());
        q.push(7).unwrap();
        let e = q.check_empty("unreceived", false).unwrap_err();
        assert_eq!(e.code, Code::GXF_FAILURE);
        assert_eq!(e.message, "1 unreceived message(s) left in the queue");
        assert!(q.check_empty("unreceived", true).is_ok());
    }
}
