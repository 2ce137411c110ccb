//! Terms that tick at clock times: `PeriodicSchedulingTerm` (at most once per period) and
//! `TargetTimeSchedulingTerm` (at times chosen by a codelet).

use super::owner::Owner;
use super::period::parse_period;
use gxf_sdk::abi::events::Event;
use gxf_sdk::abi::types;
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use std::sync::Mutex;

/// GXF's `PeriodicSchedulingPolicy`: where the next period starts after a tick.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum PeriodicPolicy {
    /// `CatchUpMissedTicks`: one period after the previous target, so late ticks are made up.
    #[default]
    CatchUp,
    /// `MinTimeBetweenTicks`: one period after the tick.
    MinTime,
    /// `NoCatchUpMissedTicks`: the next period boundary after the tick.
    NoCatchUp,
}

/// `nvidia::gxf::PeriodicSchedulingTerm`: at most one tick per period.
#[derive(Default, Component)]
#[gxf(
    info = gxf_sdk::abi::types::PERIODIC_SCHEDULING_TERM,
    kind = SchedulingTerm,
    interfaces(iface::PeriodicSchedulingTerm),
    initialize = Self::parse_period_and_policy
)]
pub struct PeriodicSchedulingTerm {
    /// Period: '10Hz', '5ms', '1s' or ns
    #[param]
    recess_period: String,
    /// CatchUpMissedTicks, MinTimeBetweenTicks or NoCatchUpMissedTicks
    #[param(key = "policy", default = "CatchUpMissedTicks")]
    policy_name: String,
    period: i64,
    policy: PeriodicPolicy,
    next: Mutex<Option<i64>>,
    last_run: Mutex<Option<i64>>,
}

impl PeriodicSchedulingTerm {
    fn parse_period_and_policy(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.period = parse_period(&self.recess_period)?;
        self.policy = match self.policy_name.as_str() {
            "CatchUpMissedTicks" => PeriodicPolicy::CatchUp,
            "MinTimeBetweenTicks" => PeriodicPolicy::MinTime,
            "NoCatchUpMissedTicks" => PeriodicPolicy::NoCatchUp,
            other => return fail(Code::GXF_PARAMETER_OUT_OF_RANGE, format!("unknown periodic policy '{other}'")),
        };
        *lock(&self.next) = None;
        Ok(())
    }
}

impl PeriodicTerm for PeriodicSchedulingTerm {
    fn recess_period_ns(&self) -> i64 {
        self.period
    }

    fn last_run(&self) -> Option<i64> {
        *lock(&self.last_run)
    }
}

impl SchedulingTerm for PeriodicSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        Ok(match *lock(&self.next) {
            None => Condition::Ready(now),
            Some(next) if now > next => Condition::Ready(next),
            Some(next) => Condition::WaitTime(next),
        })
    }

    fn on_execute(&self, now: i64) -> Result<()> {
        *lock(&self.last_run) = Some(now);
        let mut next = lock(&self.next);
        let p = self.period;
        *next = Some(match (*next, self.policy) {
            (None, _) | (Some(_), PeriodicPolicy::MinTime) => now + p,
            (Some(n), PeriodicPolicy::NoCatchUp) if now >= n => n + ((now - n) / p + 1) * p,
            (Some(n), _) => n + p,
        });
        Ok(())
    }
}

/// Requested and locked-in target times of a [`TargetTimeSchedulingTerm`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Targets {
    requested: Option<i64>,
    locked: Option<i64>,
}

impl Targets {
    /// Stores a request; it may not precede the target currently locked in.
    fn request(&mut self, ns: i64) -> Result<()> {
        if let Some(locked) = self.locked.filter(|&l| l > ns) {
            return fail(
                Code::GXF_FAILURE,
                format!("Next target timestamp ({ns}) should be on or after the current target timestamp ({locked})"),
            );
        }
        self.requested = Some(ns);
        Ok(())
    }

    /// Locks in a pending request when nothing is locked, then reports the condition at `now`.
    fn check(&mut self, now: i64) -> Condition {
        if self.locked.is_none() {
            if let Some(t) = self.requested.take() {
                self.locked = Some(t);
            }
        }
        match self.locked {
            None => Condition::Wait,
            Some(t) if t > now => Condition::WaitTime(t),
            Some(t) => Condition::Ready(t),
        }
    }
}

/// `nvidia::gxf::TargetTimeSchedulingTerm`: ticks at times chosen by a codelet through
/// `set_next_target_time`; waits while none is pending.
#[derive(Default, Component)]
#[gxf(
    info = types::TARGET_TIME_SCHEDULING_TERM,
    kind = SchedulingTerm,
    interfaces(iface::TargetTimeSchedulingTerm),
    initialize = Self::request_first_tick
)]
pub struct TargetTimeSchedulingTerm {
    /// The clock used to define target time
    #[param]
    clock: Handle<iface::Clock>,
    owner: Owner,
    targets: Mutex<Targets>,
}

impl TargetTimeSchedulingTerm {
    fn request_first_tick(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.owner = Owner::of(ctx);
        // The first check is READY: the initial request is the clock's current time.
        *lock(&self.targets) = Targets { requested: Some(self.clock.timestamp()), locked: None };
        Ok(())
    }
}

impl TargetTimeTerm for TargetTimeSchedulingTerm {
    fn set_next_target_time(&self, ns: i64) -> Result<()> {
        lock(&self.targets).request(ns)?;
        self.owner.notify(Event::TimeUpdate);
        Ok(())
    }
}

impl SchedulingTerm for TargetTimeSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        Ok(lock(&self.targets).check(now))
    }

    fn on_execute(&self, _now: i64) -> Result<()> {
        lock(&self.targets).locked = None;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_time_locks_one_request_at_a_time() {
        let mut t = Targets::default();
        assert_eq!(t.check(0), Condition::Wait);
        t.request(100).unwrap();
        assert_eq!(t.check(50), Condition::WaitTime(100));
        // A later request waits until the locked one was executed.
        t.request(200).unwrap();
        assert_eq!(t.check(150), Condition::Ready(100));
        // Going back before the locked target is refused.
        assert_eq!(t.request(90).unwrap_err().code, Code::GXF_FAILURE);
        t.locked = None; // on_execute
        assert_eq!(t.check(150), Condition::WaitTime(200));
        assert_eq!(t.check(200), Condition::Ready(200));
    }
}
