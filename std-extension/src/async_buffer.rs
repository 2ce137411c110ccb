//! AsyncBufferTransmitter and AsyncBufferReceiver: single-slot queues with latest-value semantics
//! for producers and consumers running at different rates.

use gxf_core::prelude::*;
use std::sync::{Mutex, MutexGuard};

/// Registers the async buffer queues.
pub(crate) fn register(ext: &mut ExtensionBuilder) {
    ext.transmitter::<AsyncBufferTransmitter>(
        "nvidia::gxf::AsyncBufferTransmitter",
        "784f5837-ffc9-4605-86ff-c448875673e4",
        "nvidia::gxf::Transmitter",
        "Latest-value outbox",
    )
    .receiver::<AsyncBufferReceiver>(
        "nvidia::gxf::AsyncBufferReceiver",
        "f518ff98-c360-4223-b93f-5d485d7eb17c",
        "nvidia::gxf::Receiver",
        "Latest-value inbox",
    );
}

/// One message slot.
#[derive(Default)]
struct Slot(Mutex<Option<Message>>);

impl Slot {
    fn lock(&self) -> MutexGuard<'_, Option<Message>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn is_full(&self) -> bool {
        self.lock().is_some()
    }
}

/// `nvidia::gxf::AsyncBufferTransmitter`: `publish` overwrites the slot; `size()` is 1 until the
/// message is popped and `capacity()` is always one more than `size()` (so back-pressure terms
/// with `min_size: 0` never block).
#[derive(Default)]
pub struct AsyncBufferTransmitter {
    slot: Slot,
}

impl Component for AsyncBufferTransmitter {
    fn initialize(&mut self, _ctx: &ComponentContext) -> Result<()> {
        *self.slot.lock() = None;
        Ok(())
    }

    fn deinitialize(&mut self, _ctx: &ComponentContext) -> Result<()> {
        *self.slot.lock() = None;
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
#[derive(Default)]
pub struct AsyncBufferReceiver {
    slot: Slot,
}

impl Component for AsyncBufferReceiver {
    fn initialize(&mut self, _ctx: &ComponentContext) -> Result<()> {
        *self.slot.lock() = None;
        Ok(())
    }

    fn deinitialize(&mut self, _ctx: &ComponentContext) -> Result<()> {
        *self.slot.lock() = None;
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
