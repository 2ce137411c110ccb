//! Message-driven std terms over several receivers: MultiMessageAvailable, ExpiringMessageAvailable
//! and MessageAvailableFrequencyThrottler.

use crate::terms::{parse_period, StateClock};
use gxf_core::prelude::*;
use std::sync::Mutex;

/// Registers the terms of this module.
pub(crate) fn register(ext: &mut ExtensionBuilder) {
    let base = "nvidia::gxf::SchedulingTerm";
    ext.term::<MultiMessageAvailableSchedulingTerm>(
        "nvidia::gxf::MultiMessageAvailableSchedulingTerm",
        "f15dbeaa-afd6-47a6-9ffc-7afd7e1b4c52",
        base,
        "Multi-input gating",
    )
    .term::<ExpiringMessageAvailableSchedulingTerm>(
        "nvidia::gxf::ExpiringMessageAvailableSchedulingTerm",
        "eb22280c-76ff-11eb-b341-cf6b417c95c9",
        base,
        "Batch or timeout",
    )
    .term::<MessageAvailableFrequencyThrottler>(
        "nvidia::gxf::MessageAvailableFrequencyThrottler",
        "5ae1d56c-a196-11ed-8759-ef34a33d45a6",
        base,
        "Minimum rate or messages",
    );
}

/// GXF's `kMaxComponents`: the bound of the `FixedVector` parameters below.
const MAX_COMPONENTS: usize = 1024;

type ReceiverList = FixedVector<Handle<iface::Receiver>, MAX_COMPONENTS>;
type SizeList = FixedVector<u64, MAX_COMPONENTS>;

/// How many messages a set of receivers must hold (GXF's `SamplingMode` with its thresholds).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Threshold {
    /// `SumOfAll`: the sum over all receivers reaches the value.
    Sum(usize),
    /// `PerReceiver`: receiver `i` holds at least `minima[i]`.
    PerReceiver(Vec<usize>),
}

impl Default for Threshold {
    fn default() -> Threshold {
        Threshold::Sum(1)
    }
}

impl Threshold {
    /// Builds the threshold from `sampling_mode` and the minima, with GXF's initialize checks.
    fn new(mode: &str, min_sum: Option<u64>, min_sizes: Option<Vec<u64>>, receivers: usize) -> Result<Threshold> {
        match mode {
            "SumOfAll" => match min_sum {
                Some(sum) => Ok(Threshold::Sum(sum as usize)),
                None => fail(
                    Code::GXF_PARAMETER_NOT_INITIALIZED,
                    "'min_sum' parameter for throttler must be set when using 'SumOfAll' throttling mode",
                ),
            },
            "PerReceiver" => match min_sizes {
                None => fail(
                    Code::GXF_PARAMETER_NOT_INITIALIZED,
                    "'min_sizes' parameter for throttler must be set when using 'PerReceiver' throttling mode",
                ),
                Some(sizes) if sizes.len() != receivers => fail(
                    Code::GXF_PARAMETER_OUT_OF_RANGE,
                    format!(
                        "'min_sizes' size ({}) must be the same as 'receivers' ({receivers}) for 'PerReceiver' throttling mode",
                        sizes.len()
                    ),
                ),
                Some(sizes) => Ok(Threshold::PerReceiver(sizes.into_iter().map(|s| s as usize).collect())),
            },
            other => fail(
                Code::GXF_PARAMETER_OUT_OF_RANGE,
                format!("unknown sampling_mode '{other}' (use SumOfAll or PerReceiver)"),
            ),
        }
    }

    /// Whether message counts (main plus back stage, one per receiver) satisfy the threshold.
    fn met(&self, counts: impl Iterator<Item = usize>) -> bool {
        match self {
            Threshold::Sum(min) => counts.sum::<usize>() >= *min,
            Threshold::PerReceiver(minima) => counts.zip(minima).all(|(n, min)| n >= *min),
        }
    }

    fn met_by(&self, receivers: &[Handle<iface::Receiver>]) -> bool {
        self.met(receivers.iter().map(|rx| rx.size() + rx.back_size()))
    }
}

fn register_sampling(r: &mut ParamRegistrar) {
    r.param::<SizeList>("min_sizes").optional().description("Per-receiver minima (PerReceiver)");
    r.param::<u64>("min_sum").optional().description("Minimum total (SumOfAll)");
}

/// `nvidia::gxf::MultiMessageAvailableSchedulingTerm`: ready when its receivers together (or each
/// of them) hold enough messages.
#[derive(Default)]
pub struct MultiMessageAvailableSchedulingTerm {
    receivers: Vec<Handle<iface::Receiver>>,
    threshold: Threshold,
    state: StateClock,
}

impl Component for MultiMessageAvailableSchedulingTerm {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<ReceiverList>("receivers").description("The watched inboxes");
        r.param::<u64>("min_size").default(1u64).optional().description("Deprecated total (overrides min_sum)");
        r.param::<String>("sampling_mode").default("SumOfAll").description("SumOfAll or PerReceiver");
        register_sampling(r);
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.receivers = ctx.param::<ReceiverList>("receivers")?.0;
        let mode: String = ctx.param("sampling_mode")?;
        let mut min_sum = ctx.try_param::<u64>("min_sum")?;
        // GXF's quirk: in SumOfAll mode `min_size` (always set, default 1) replaces `min_sum`.
        if mode == "SumOfAll" {
            if let Some(min_size) = ctx.try_param::<u64>("min_size")? {
                gxf_warn!(
                    "'min_size' parameter in MultiMessageAvailableSchedulingTerm is deprecated. Use 'min_sum' with SumOfAll sampling mode instead"
                );
                min_sum = Some(min_size);
            }
        }
        let min_sizes = ctx.try_param::<SizeList>("min_sizes")?.map(|v| v.0);
        self.threshold = Threshold::new(&mode, min_sum, min_sizes, self.receivers.len())
            .map_err(|e| e.context(format!("term '{}'", ctx.name())))?;
        Ok(())
    }
}

impl SchedulingTerm for MultiMessageAvailableSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        Ok(self.state.update(self.threshold.met_by(&self.receivers), now))
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
#[derive(Default)]
pub struct ExpiringMessageAvailableSchedulingTerm {
    receiver: Option<Handle<iface::Receiver>>,
    max_batch_size: i64,
    max_delay_ns: i64,
}

impl Component for ExpiringMessageAvailableSchedulingTerm {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<i64>("max_batch_size").description("Ready when this many messages are queued");
        r.param::<i64>("max_delay_ns").description("Ready when the oldest message is this old");
        r.param::<Handle<iface::Receiver>>("receiver").description("The watched inbox");
        r.param::<Handle<iface::Clock>>("clock").description("Clock (not consulted by the check)");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.receiver = Some(ctx.param("receiver")?);
        self.max_batch_size = ctx.param("max_batch_size")?;
        self.max_delay_ns = ctx.param("max_delay_ns")?;
        Ok(())
    }
}

impl SchedulingTerm for ExpiringMessageAvailableSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        let rx = self.receiver.as_ref().ok_or(Code::GXF_UNINITIALIZED_VALUE)?;
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
#[derive(Default)]
pub struct MessageAvailableFrequencyThrottler {
    receivers: Vec<Handle<iface::Receiver>>,
    threshold: Threshold,
    period: i64,
    last_run: Mutex<Option<i64>>,
    state: StateClock,
}

impl Component for MessageAvailableFrequencyThrottler {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<String>("execution_frequency").description("Period: '10Hz', '5ms', '1s' or ns");
        r.param::<ReceiverList>("receivers").description("The watched inboxes");
        r.param::<String>("sampling_mode").description("SumOfAll or PerReceiver");
        register_sampling(r);
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.period = parse_period(&ctx.param::<String>("execution_frequency")?)?;
        self.receivers = ctx.param::<ReceiverList>("receivers")?.0;
        let min_sizes = ctx.try_param::<SizeList>("min_sizes")?.map(|v| v.0);
        self.threshold = Threshold::new(
            &ctx.param::<String>("sampling_mode")?,
            ctx.try_param("min_sum")?,
            min_sizes,
            self.receivers.len(),
        )
        .map_err(|e| e.context(format!("term '{}'", ctx.name())))?;
        *self.last_run.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(())
    }
}

impl SchedulingTerm for MessageAvailableFrequencyThrottler {
    fn check(&self, now: i64) -> Result<Condition> {
        let last_run = *self.last_run.lock().unwrap_or_else(|e| e.into_inner());
        // Before the first run GXF compares `now` with the bare period.
        let target = last_run.map_or(self.period, |t| t.saturating_add(self.period));
        let ready = target <= now || self.threshold.met_by(&self.receivers);
        Ok(self.state.update(ready, now))
    }

    fn on_execute(&self, now: i64) -> Result<()> {
        *self.last_run.lock().unwrap_or_else(|e| e.into_inner()) = Some(now);
        self.check(now).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_and_per_receiver_thresholds() {
        let sum = Threshold::new("SumOfAll", Some(3), None, 2).unwrap();
        assert!(!sum.met([1, 1].into_iter()));
        assert!(sum.met([0, 3].into_iter()));
        let per = Threshold::new("PerReceiver", None, Some(vec![1, 2]), 2).unwrap();
        assert!(!per.met([5, 1].into_iter()));
        assert!(per.met([1, 2].into_iter()));
    }

    #[test]
    fn threshold_initialize_errors_follow_gxf() {
        let code = |r: Result<Threshold>| r.unwrap_err().code;
        assert_eq!(code(Threshold::new("SumOfAll", None, None, 1)), Code::GXF_PARAMETER_NOT_INITIALIZED);
        assert_eq!(code(Threshold::new("PerReceiver", Some(1), None, 1)), Code::GXF_PARAMETER_NOT_INITIALIZED);
        assert_eq!(code(Threshold::new("PerReceiver", None, Some(vec![1]), 2)), Code::GXF_PARAMETER_OUT_OF_RANGE);
        assert_eq!(code(Threshold::new("Any", Some(1), None, 1)), Code::GXF_PARAMETER_OUT_OF_RANGE);
    }

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
