//! The std scheduling terms: Count, DownstreamReceptive, MessageAvailable, Periodic, Boolean.

use gxf_core::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Mutex;

/// `nvidia::gxf::CountSchedulingTerm`: tick `count` times, then NEVER.
#[derive(Default)]
pub struct CountSchedulingTerm {
    remaining: AtomicI64,
    last: AtomicI64,
}

impl Component for CountSchedulingTerm {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<i64>("count").description("Number of permitted ticks (negative: unlimited)");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.remaining = AtomicI64::new(ctx.param("count")?);
        self.last = AtomicI64::new(0);
        Ok(())
    }
}

impl SchedulingTerm for CountSchedulingTerm {
    fn check(&self, _now: i64) -> Result<Condition> {
        Ok(match self.remaining.load(Ordering::Relaxed) {
            0 => Condition::Never,
            _ => Condition::Ready(self.last.load(Ordering::Relaxed)),
        })
    }

    fn on_execute(&self, now: i64) -> Result<()> {
        let remaining = self.remaining.load(Ordering::Relaxed);
        if remaining > 0 {
            self.remaining.store(remaining - 1, Ordering::Relaxed);
        }
        self.last.store(now, Ordering::Relaxed);
        Ok(())
    }
}

/// Tracks when a ready/not-ready state last changed (the target time GXF reports).
#[derive(Default)]
pub(crate) struct StateClock {
    ready: AtomicBool,
    changed_at: AtomicI64,
}

impl StateClock {
    /// Records the new state at `now`; READY carries the time of the last change.
    pub(crate) fn update(&self, ready: bool, now: i64) -> Condition {
        // A load and a store, not a swap: a term is checked by one thread at a time (the one
        // executing its entity), and a swap is a locked read-modify-write on every check.
        if self.ready.load(Ordering::Relaxed) != ready {
            self.ready.store(ready, Ordering::Relaxed);
            self.changed_at.store(now, Ordering::Relaxed);
        }
        if ready {
            Condition::Ready(self.changed_at.load(Ordering::Relaxed))
        } else {
            Condition::Wait
        }
    }
}

/// `nvidia::gxf::DownstreamReceptiveSchedulingTerm`: ready while every connected receiver has
/// room for `min_size` more messages; NEVER when the transmitter is connected to nothing.
#[derive(Default)]
pub struct DownstreamReceptiveSchedulingTerm {
    receivers: Vec<Handle<iface::Receiver>>,
    min_size: usize,
    state: StateClock,
}

impl Component for DownstreamReceptiveSchedulingTerm {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Transmitter>>("transmitter").description("The watched outbox");
        r.param::<u64>("min_size").default(1u64).description("Free slots required in each receiver");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        let tx: Handle<iface::Transmitter> = ctx.param("transmitter")?;
        self.min_size = ctx.param::<u64>("min_size")? as usize;
        self.receivers = tx.connected_receivers()?;
        if self.receivers.is_empty() {
            gxf_error!(
                "DownstreamReceptiveSchedulingTerm '{}' of entity '{}': transmitter '{}' has no connected receivers, the entity will never tick",
                ctx.name(),
                ctx.entity_name(),
                tx.name()
            );
        }
        Ok(())
    }
}

impl SchedulingTerm for DownstreamReceptiveSchedulingTerm {
    const ON_EXECUTE: bool = false;

    fn check(&self, now: i64) -> Result<Condition> {
        if self.receivers.is_empty() {
            return Ok(Condition::Never);
        }
        let ready = self.receivers.iter().all(|rx| {
            let [size, back, capacity] = rx.sizes();
            back + self.min_size <= capacity.saturating_sub(size)
        });
        Ok(self.state.update(ready, now))
    }
}

/// `nvidia::gxf::MessageAvailableSchedulingTerm`: ready when the receiver holds enough messages
/// (main plus back stage).
#[derive(Default)]
pub struct MessageAvailableSchedulingTerm {
    receiver: Option<Handle<iface::Receiver>>,
    min_size: usize,
    front_stage_max_size: Option<usize>,
    state: StateClock,
}

impl Component for MessageAvailableSchedulingTerm {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Receiver>>("receiver").description("The watched inbox");
        r.param::<u64>("min_size").default(1u64).description("Messages needed");
        r.param::<u64>("front_stage_max_size").optional().description("Upper bound of the main stage");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.receiver = Some(ctx.param("receiver")?);
        self.min_size = ctx.param::<u64>("min_size")? as usize;
        self.front_stage_max_size = ctx.try_param::<u64>("front_stage_max_size")?.map(|v| v as usize);
        Ok(())
    }
}

impl SchedulingTerm for MessageAvailableSchedulingTerm {
    const ON_EXECUTE: bool = false;

    fn check(&self, now: i64) -> Result<Condition> {
        let rx = self.receiver.as_ref().ok_or(Code::GXF_UNINITIALIZED_VALUE)?;
        let [size, back, _] = rx.sizes();
        let ready = size + back >= self.min_size && self.front_stage_max_size.is_none_or(|m| size <= m);
        Ok(self.state.update(ready, now))
    }
}

/// Parses GXF period text: a positive number with an optional `Hz`, `ms` or `s` suffix
/// (none = ns).
pub fn parse_period(text: &str) -> Result<i64> {
    let lower = text.trim().to_ascii_lowercase();
    let split =
        lower.find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e'))).unwrap_or(lower.len());
    let split = if lower[..split].ends_with('e') && split < lower.len() { split - 1 } else { split };
    let value: f64 =
        lower[..split].parse().map_err(|_| Error::new(Code::GXF_ARGUMENT_INVALID, format!("bad period '{text}'")))?;
    if !value.is_finite() || value <= 0.0 {
        return fail(Code::GXF_ARGUMENT_INVALID, format!("period '{text}' must be positive"));
    }
    let unit = lower[split..].strip_prefix(' ').unwrap_or(&lower[split..]);
    let ns = match unit {
        "" => value,
        "hz" => 1e9 / value,
        "ms" => value * 1e6,
        "s" => value * 1e9,
        _ => {
            return fail(
                Code::GXF_ARGUMENT_INVALID,
                format!("period '{text}' has an unknown unit (use Hz, ms, s or none for ns)"),
            )
        }
    };
    Ok(ns as i64)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PeriodicPolicy {
    CatchUp,
    MinTime,
    NoCatchUp,
}

/// `nvidia::gxf::PeriodicSchedulingTerm`: at most one tick per period.
#[derive(Default)]
pub struct PeriodicSchedulingTerm {
    period: i64,
    policy: Option<PeriodicPolicy>,
    next: Mutex<Option<i64>>,
    last_run: Mutex<Option<i64>>,
}

impl PeriodicTerm for PeriodicSchedulingTerm {
    fn recess_period_ns(&self) -> i64 {
        self.period
    }

    fn last_run(&self) -> Option<i64> {
        *self.last_run.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Component for PeriodicSchedulingTerm {
    fn query_interface(iface: Tid) -> *const std::ffi::c_void {
        gxf_core::gxf_interfaces!(iface; PERIODIC_TERM => iface::PeriodicSchedulingTerm)
    }

    fn parameters(r: &mut ParamRegistrar) {
        r.param::<String>("recess_period").description("Period: '10Hz', '5ms', '1s' or ns");
        r.param::<String>("policy")
            .default("CatchUpMissedTicks")
            .description("CatchUpMissedTicks, MinTimeBetweenTicks or NoCatchUpMissedTicks");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.period = parse_period(&ctx.param::<String>("recess_period")?)?;
        self.policy = Some(match ctx.param::<String>("policy")?.as_str() {
            "CatchUpMissedTicks" => PeriodicPolicy::CatchUp,
            "MinTimeBetweenTicks" => PeriodicPolicy::MinTime,
            "NoCatchUpMissedTicks" => PeriodicPolicy::NoCatchUp,
            other => return fail(Code::GXF_PARAMETER_OUT_OF_RANGE, format!("unknown periodic policy '{other}'")),
        });
        *self.next.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(())
    }
}

impl SchedulingTerm for PeriodicSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        Ok(match *self.next.lock().unwrap_or_else(|e| e.into_inner()) {
            None => Condition::Ready(now),
            Some(next) if now > next => Condition::Ready(next),
            Some(next) => Condition::WaitTime(next),
        })
    }

    fn on_execute(&self, now: i64) -> Result<()> {
        *self.last_run.lock().unwrap_or_else(|e| e.into_inner()) = Some(now);
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let p = self.period;
        *next = Some(match (*next, self.policy) {
            (None, _) | (Some(_), Some(PeriodicPolicy::MinTime)) => now + p,
            (Some(n), Some(PeriodicPolicy::NoCatchUp)) if now >= n => n + ((now - n) / p + 1) * p,
            (Some(n), _) => n + p,
        });
        Ok(())
    }
}

/// `nvidia::gxf::BooleanSchedulingTerm`: READY while enabled, NEVER once disabled.
#[derive(Default)]
pub struct BooleanSchedulingTerm {
    enabled: AtomicBool,
}

impl BooleanTerm for BooleanSchedulingTerm {
    fn set_enabled(&self, enabled: bool) -> Result<()> {
        self.enabled.store(enabled, Ordering::Relaxed);
        Ok(())
    }

    fn is_enabled(&self) -> bool {
        self.enabled.load(Ordering::Relaxed)
    }
}

impl Component for BooleanSchedulingTerm {
    fn query_interface(iface: Tid) -> *const std::ffi::c_void {
        gxf_core::gxf_interfaces!(iface; BOOLEAN_TERM => iface::BooleanSchedulingTerm)
    }

    fn parameters(r: &mut ParamRegistrar) {
        r.param::<bool>("enable_tick").default(true).dynamic().description("false stops the entity for good");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.set_enabled(ctx.param("enable_tick")?)
    }
}

impl SchedulingTerm for BooleanSchedulingTerm {
    const ON_EXECUTE: bool = false;

    fn check(&self, now: i64) -> Result<Condition> {
        Ok(if self.enabled.load(Ordering::Relaxed) { Condition::Ready(now) } else { Condition::Never })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_like_gxf() {
        assert_eq!(parse_period("10Hz").unwrap(), 100_000_000);
        assert_eq!(parse_period("5ms").unwrap(), 5_000_000);
        assert_eq!(parse_period("1s").unwrap(), 1_000_000_000);
        assert_eq!(parse_period("50000000").unwrap(), 50_000_000);
        assert_eq!(parse_period("2 ms").unwrap(), 2_000_000);
        assert_eq!(parse_period("1e3").unwrap(), 1000);
        for bad in ["0", "-5ms", "10us", "abc", ""] {
            assert_eq!(parse_period(bad).unwrap_err().code, Code::GXF_ARGUMENT_INVALID, "{bad}");
        }
    }
}
