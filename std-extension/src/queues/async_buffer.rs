//! `AsyncBufferTransmitter` and `AsyncBufferReceiver`: single-slot queues with latest-value semantics
//! for producers and consumers running at different rates.

use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use std::sync::{Mutex, MutexGuard};

/// One message slot.
#[derive(Default)]
struct Slot(Mutex<Option<Message>>);

impl Slot {
    fn lock(&self) -> MutexGuard<'_, Option<Message>> {
        lock(&self.0)
    }

    fn is_full(&self) -> bool {
        self.lock().is_some()
    }

    fn clear(&self) {
        *self.lock() = None;
    }
}

/// `nvidia::gxf::AsyncBufferTransmitter`: `publish` overwrites the slot; `size()` is 1 until the
/// message is popped and `capacity()` is always one more than `size()` (so back-pressure terms
/// with `min_size: 0` never block).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::AsyncBufferTransmitter",
    uuid = "784f5837-ffc9-4605-86ff-c448875673e4",
    kind = Transmitter,
    description = "Latest-value outbox",
    initialize = Self::clear,
    deinitialize = Self::clear
)]
pub struct AsyncBufferTransmitter {
    slot: Slot,
}

impl AsyncBufferTransmitter {
    /// Empties the slot (at initialize and deinitialize).
    fn clear(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.slot.clear();
        Ok(())
    }
}

impl Transmitter for AsyncBufferTransmitter {
    fn publish(&self, msg: Message) -> Result<()> {
        *self.slot.lock() = Some(msg);
        Ok(())
    }
    fn sync(&self) -> Result<()> {
        Ok(())
    }
    fn pop(&self) -> Option<Message> {
        self.slot.lock().take()
    }
    fn size(&self) -> usize {
        usize::from(self.slot.is_full())
    }
    fn back_size(&self) -> usize {
        0
    }
    fn capacity(&self) -> usize {
        self.size() + 1
    }
}

/// `nvidia::gxf::AsyncBufferReceiver`: `push` always succeeds and replaces the freshest message;
/// `receive` returns the freshest message without consuming it (nothing before the first push).
/// `size()` is always 1 and `capacity()` 2; peeking is unsupported.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::AsyncBufferReceiver",
    uuid = "f518ff98-c360-4223-b93f-5d485d7eb17c",
    kind = Receiver,
    description = "Latest-value inbox",
    initialize = Self::clear,
    deinitialize = Self::clear
)]
pub struct AsyncBufferReceiver {
    slot: Slot,
}

impl AsyncBufferReceiver {
    /// Empties the slot (at initialize and deinitialize).
    fn clear(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.slot.clear();
        Ok(())
    }
}

impl Receiver for AsyncBufferReceiver {
    fn push(&self, msg: Message) -> Result<()> {
        *self.slot.lock() = Some(msg);
        Ok(())
    }
    fn sync(&self) -> Result<()> {
        Ok(())
    }
    fn receive(&self) -> Result<Option<Message>> {
        Ok(self.slot.lock().clone())
    }
    fn peek(&self, _index: usize) -> Option<Message> {
        None
    }
    fn peek_back(&self, _index: usize) -> Option<Message> {
        None
    }
    fn size(&self) -> usize {
        1
    }
    fn back_size(&self) -> usize {
        0
    }
    fn capacity(&self) -> usize {
        2
    }
}
