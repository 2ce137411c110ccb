//! Terms that wait for messages in receivers: `MessageAvailableSchedulingTerm`,
//! `MultiMessageAvailableSchedulingTerm`, `ExpiringMessageAvailableSchedulingTerm` and
//! `MessageAvailableFrequencyThrottler`.

use super::message_thresholds::{ReceiverList, SizeList, Threshold};
use super::period::parse_period;
use super::readiness::StateClock;
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use std::sync::Mutex;

/// `nvidia::gxf::MessageAvailableSchedulingTerm`: ready when the receiver holds enough messages
/// (main plus back stage).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::MessageAvailableSchedulingTerm",
    uuid = "fe799e65-f78b-48eb-beb6-e73083a12d5b",
    kind = SchedulingTerm,
    description = "Input gating"
)]
pub struct MessageAvailableSchedulingTerm {
    /// The watched inbox
    #[param]
    receiver: Handle<iface::Receiver>,
    /// Messages needed
    #[param(default = 1usize)]
    min_size: usize,
    /// Upper bound of the main stage
    #[param]
    front_stage_max_size: Option<usize>,
    state: StateClock,
}

impl SchedulingTerm for MessageAvailableSchedulingTerm {
    const ON_EXECUTE: bool = false;

    fn check(&self, now: i64) -> Result<Condition> {
        let [size, back, _] = self.receiver.sizes();
        let ready = size + back >= self.min_size && self.front_stage_max_size.is_none_or(|m| size <= m);
        Ok(self.state.update(ready, now))
    }
}

/// `nvidia::gxf::MultiMessageAvailableSchedulingTerm`: ready when its receivers together (or each
/// of them) hold enough messages.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::MultiMessageAvailableSchedulingTerm",
    uuid = "f15dbeaa-afd6-47a6-9ffc-7afd7e1b4c52",
    kind = SchedulingTerm,
    description = "Multi-input gating",
    initialize = Self::build_threshold
)]
pub struct MultiMessageAvailableSchedulingTerm {
    /// The watched inboxes
    #[param]
    receivers: ReceiverList,
    /// Deprecated total (overrides min_sum)
    #[param(default = 1u64)]
    min_size: Option<u64>,
    /// SumOfAll or PerReceiver
    #[param(default = "SumOfAll")]
    sampling_mode: String,
    /// Per-receiver minima (PerReceiver)
    #[param]
    min_sizes: Option<SizeList>,
    /// Minimum total (SumOfAll)
    #[param]
    min_sum: Option<u64>,
    threshold: Threshold,
    state: StateClock,
}

impl MultiMessageAvailableSchedulingTerm {
    fn build_threshold(&mut self, ctx: &ComponentContext) -> Result<()> {
        let mut min_sum = self.min_sum;
        // GXF's quirk: in SumOfAll mode `min_size` (always set, default 1) replaces `min_sum`.
        if self.sampling_mode == "SumOfAll" {
            if let Some(min_size) = self.min_size {
                gxf_warn!(
                    "'min_size' parameter in MultiMessageAvailableSchedulingTerm is deprecated. Use 'min_sum' with SumOfAll sampling mode instead"
                );
                min_sum = Some(min_size);
            }
        }
        let min_sizes = self.min_sizes.as_ref().map(|v| v.0.as_slice());
        self.threshold = Threshold::new(&self.sampling_mode, min_sum, min_sizes, self.receivers.0.len())
            .map_err(|e| e.context(format!("term '{}'", ctx.name())))?;
        Ok(())
    }
}

impl SchedulingTerm for MultiMessageAvailableSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        Ok(self.state.update(self.threshold.met_by(&self.receivers.0), now))
    }

    fn on_execute(&self, now: i64) -> Result<()> {
        self.check(now).map(drop)
    }
}

/// The decision of [`ExpiringMessageAvailableSchedulingTerm`] from the queue length and the
/// acquisition time of the oldest message.
fn expiring_condition(
    queued: usize,
    max_batch: i64,
    oldest_acqtime: Option<i64>,
    max_delay: i64,
    now: i64,
) -> Condition {
    if queued == 0 {
        return Condition::Wait;
    }
    if queued as i64 >= max_batch {
        return Condition::Ready(now);
    }
    match oldest_acqtime {
        None => Condition::Wait,
        Some(acq) => {
            let expiry = acq.saturating_add(max_delay);
            if expiry <= now {
                Condition::Ready(expiry)
            } else {
                Condition::WaitTime(expiry)
            }
        }
    }
}

/// `nvidia::gxf::ExpiringMessageAvailableSchedulingTerm`: ready when `max_batch_size` messages are
/// queued or the oldest one is `max_delay_ns` old (by its Timestamp's acqtime).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::ExpiringMessageAvailableSchedulingTerm",
    uuid = "eb22280c-76ff-11eb-b341-cf6b417c95c9",
    kind = SchedulingTerm,
    description = "Batch or timeout"
)]
pub struct ExpiringMessageAvailableSchedulingTerm {
    /// Ready when this many messages are queued
    #[param]
    max_batch_size: i64,
    /// Ready when the oldest message is this old
    #[param]
    max_delay_ns: i64,
    /// The watched inbox
    #[param]
    receiver: Handle<iface::Receiver>,
    /// Clock (not consulted by the check)
    #[param(key = "clock")]
    _clock: Handle<iface::Clock>,
}

impl SchedulingTerm for ExpiringMessageAvailableSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        let rx = &self.receiver;
        let queued = rx.size() + rx.back_size();
        let oldest = if queued == 0 || queued as i64 >= self.max_batch_size {
            None
        } else if rx.size() == 0 {
            rx.peek_back(0)?
        } else {
            rx.peek(0)?
        };
        let acqtime = match &oldest {
            Some(msg) => match msg.get::<Timestamp>(None) {
                Some(ts) => Some(ts.acqtime),
                None => return fail(Code::GXF_FAILURE, "Message carries no Timestamp."),
            },
            None => None,
        };
        Ok(expiring_condition(queued, self.max_batch_size, acqtime, self.max_delay_ns, now))
    }
}

/// `nvidia::gxf::MessageAvailableFrequencyThrottler`: ready once per `execution_frequency` period,
/// or earlier when the receivers hold enough messages.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::MessageAvailableFrequencyThrottler",
    uuid = "5ae1d56c-a196-11ed-8759-ef34a33d45a6",
    kind = SchedulingTerm,
    description = "Minimum rate or messages",
    initialize = Self::build_threshold
)]
pub struct MessageAvailableFrequencyThrottler {
    /// Period: '10Hz', '5ms', '1s' or ns
    #[param]
    execution_frequency: String,
    /// The watched inboxes
    #[param]
    receivers: ReceiverList,
    /// SumOfAll or PerReceiver
    #[param]
    sampling_mode: String,
    /// Per-receiver minima (PerReceiver)
    #[param]
    min_sizes: Option<SizeList>,
    /// Minimum total (SumOfAll)
    #[param]
    min_sum: Option<u64>,
    threshold: Threshold,
    period: i64,
    last_run: Mutex<Option<i64>>,
    state: StateClock,
}

impl MessageAvailableFrequencyThrottler {
    fn build_threshold(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.period = parse_period(&self.execution_frequency)?;
        let min_sizes = self.min_sizes.as_ref().map(|v| v.0.as_slice());
        self.threshold = Threshold::new(&self.sampling_mode, self.min_sum, min_sizes, self.receivers.0.len())
            .map_err(|e| e.context(format!("term '{}'", ctx.name())))?;
        *lock(&self.last_run) = None;
        Ok(())
    }
}

impl SchedulingTerm for MessageAvailableFrequencyThrottler {
    fn check(&self, now: i64) -> Result<Condition> {
        let last_run = *lock(&self.last_run);
        // Before the first run GXF compares `now` with the bare period.
        let target = last_run.map_or(self.period, |t| t.saturating_add(self.period));
        let ready = target <= now || self.threshold.met_by(&self.receivers.0);
        Ok(self.state.update(ready, now))
    }

    fn on_execute(&self, now: i64) -> Result<()> {
        *lock(&self.last_run) = Some(now);
        self.check(now).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiring_batches() {
        // Empty: wait; full batch: ready now.
        assert_eq!(expiring_condition(0, 5, None, 100, 1000), Condition::Wait);
        assert_eq!(expiring_condition(5, 5, None, 100, 1000), Condition::Ready(1000));
        // Partial batch: wait for the oldest message to expire, then ready at its expiry.
        assert_eq!(expiring_condition(2, 5, Some(950), 100, 1000), Condition::WaitTime(1050));
        assert_eq!(expiring_condition(2, 5, Some(900), 100, 1000), Condition::Ready(1000));
        assert_eq!(expiring_condition(2, 5, Some(850), 100, 1000), Condition::Ready(950));
    }
}
