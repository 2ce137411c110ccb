//! GXF's event numbers and asynchronous-term states, as they cross the ABI (plain `i32`s).

/// GXF's `gxf_event_t`: what a scheduler is told about an entity (`HostTable::entity_notify`).
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// `GXF_EVENT_CUSTOM`.
    Custom = 0,
    /// `GXF_EVENT_EXTERNAL`: something outside the scheduler changed the entity's state.
    External = 1,
    /// `GXF_EVENT_MEMORY_FREE`: an allocator released memory.
    MemoryFree = 2,
    /// `GXF_EVENT_MESSAGE_SYNC`: messages moved between connected queues.
    MessageSync = 3,
    /// `GXF_EVENT_TIME_UPDATE`: a target time changed.
    TimeUpdate = 4,
    /// `GXF_EVENT_STATE_UPDATE`: a term's state changed.
    StateUpdate = 5,
}

impl Event {
    /// The event's bit in a scheduler's `EVENT_MASK`.
    pub const fn mask(self) -> u32 {
        1 << self as i32
    }

    /// The event with this raw number, if any.
    pub const fn from_raw(raw: i32) -> Option<Event> {
        Some(match raw {
            0 => Event::Custom,
            1 => Event::External,
            2 => Event::MemoryFree,
            3 => Event::MessageSync,
            4 => Event::TimeUpdate,
            5 => Event::StateUpdate,
            _ => return None,
        })
    }
}

/// GXF's `AsynchronousEventState`: the state of an `AsynchronousSchedulingTerm`.
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AsyncEventState {
    /// Ready to tick.
    Ready = 0,
    /// Waiting, with no event pending.
    Wait = 1,
    /// An event was requested and has not happened yet.
    EventWaiting = 2,
    /// The awaited event happened: ready to tick.
    EventDone = 3,
    /// No event will ever come: never tick again.
    EventNever = 4,
}

impl AsyncEventState {
    /// The state with this raw number, if any.
    pub const fn from_raw(raw: i32) -> Option<AsyncEventState> {
        Some(match raw {
            0 => AsyncEventState::Ready,
            1 => AsyncEventState::Wait,
            2 => AsyncEventState::EventWaiting,
            3 => AsyncEventState::EventDone,
            4 => AsyncEventState::EventNever,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_numbers_round_trip_like_gxf() {
        for raw in 0..6 {
            assert_eq!(Event::from_raw(raw).map(|e| e as i32), Some(raw));
        }
        assert_eq!(Event::from_raw(6), None);
        assert_eq!(Event::MessageSync.mask(), 0b1000);
        for raw in 0..5 {
            assert_eq!(AsyncEventState::from_raw(raw).map(|s| s as i32), Some(raw));
        }
        assert_eq!(AsyncEventState::from_raw(-1), None);
    }
}
