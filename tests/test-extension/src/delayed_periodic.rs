//! `PeriodicSchedulingTermWithDelay`: a periodic term whose target wanders by a pseudo-random
//! delay (GXF's `rand_r` seeded from the check time), so schedulers must tolerate late ticks.

use gxf_sdk::prelude::*;
use gxf_sdk::sync::{lock, unpoisoned};
use std::sync::Mutex;

/// glibc's `rand_r`: three steps of its linear congruential generator, 31 bits of output.
fn rand_r(seed: &mut u32) -> u32 {
    let mut step = || {
        *seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        *seed / 65_536
    };
    let mut result = step() % 2048;
    result = (result << 10) ^ (step() % 1024);
    (result << 10) ^ (step() % 1024)
}

/// The condition at `now` after the last run at `last_run` (GXF's `check_abi` override).
fn delayed_condition(period: i64, last_run: Option<i64>, now: i64) -> Condition {
    let Some(last) = last_run else {
        return Condition::Ready(now);
    };
    let mut seed = now as u32;
    let target = period + last + i64::from(rand_r(&mut seed) % 100);
    if now - i64::from(rand_r(&mut seed) % 10) > target {
        Condition::Ready(target)
    } else {
        Condition::WaitTime(target)
    }
}

/// Parses a GXF period text (number with an optional `Hz`, `ms` or `s` suffix; none = ns).
fn parse_period(text: &str) -> Result<i64> {
    let lower = text.trim().to_ascii_lowercase();
    let (number, unit) = ["hz", "ms", "s"]
        .iter()
        .find_map(|u| lower.strip_suffix(u).map(|n| (n.trim_end(), *u)))
        .unwrap_or((lower.as_str(), ""));
    let value: f64 =
        number.parse().map_err(|_| Error::new(Code::GXF_ARGUMENT_INVALID, format!("bad period '{text}'")))?;
    if !value.is_finite() || value <= 0.0 {
        return fail(Code::GXF_ARGUMENT_INVALID, format!("period '{text}' must be positive"));
    }
    Ok(match unit {
        "hz" => 1e9 / value,
        "ms" => value * 1e6,
        "s" => value * 1e9,
        _ => value,
    } as i64)
}

/// GXF's periodic term with a pseudo-random delay added to each target time; its base is std's
/// `PeriodicSchedulingTerm`, and it answers for that interface.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::PeriodicSchedulingTermWithDelay",
    uuid = "bb138e69-066a-ba28-d392-c98a9b0849b4",
    kind = SchedulingTerm,
    base = "nvidia::gxf::PeriodicSchedulingTerm",
    description = "Adds a random delay to the periodic scheduling term",
    interfaces(iface::PeriodicSchedulingTerm),
    initialize = Self::check_settings
)]
pub struct PeriodicSchedulingTermWithDelay {
    /// Period: '10Hz', '5ms', '1s' or ns
    #[param]
    recess_period: String,
    /// CatchUpMissedTicks, MinTimeBetweenTicks or NoCatchUpMissedTicks (the delayed check ignores it)
    #[param(default = "CatchUpMissedTicks")]
    policy: String,
    period: i64,
    last_run: Mutex<Option<i64>>,
}

impl PeriodicSchedulingTermWithDelay {
    fn check_settings(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.period = parse_period(&self.recess_period)?;
        let policy = self.policy.as_str();
        if !["CatchUpMissedTicks", "MinTimeBetweenTicks", "NoCatchUpMissedTicks"].contains(&policy) {
            return fail(Code::GXF_PARAMETER_OUT_OF_RANGE, format!("unknown periodic policy '{policy}'"));
        }
        *unpoisoned(self.last_run.get_mut()) = None;
        Ok(())
    }
}

impl PeriodicTerm for PeriodicSchedulingTermWithDelay {
    fn recess_period_ns(&self) -> i64 {
        self.period
    }

    fn last_run(&self) -> Option<i64> {
        *lock(&self.last_run)
    }
}

impl SchedulingTerm for PeriodicSchedulingTermWithDelay {
    fn check(&self, now: i64) -> Result<Condition> {
        Ok(delayed_condition(self.period, self.last_run(), now))
    }

    fn on_execute(&self, now: i64) -> Result<()> {
        *lock(&self.last_run) = Some(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rand_r_matches_glibc() {
        // Values printed by glibc's rand_r for these seeds.
        let mut seed = 1;
        assert_eq!(rand_r(&mut seed), 476_707_713);
        assert_eq!(rand_r(&mut seed), 1_186_278_907);
        let mut seed = 123_456_789;
        assert_eq!(rand_r(&mut seed), 1_561_111_752);
        assert_eq!(rand_r(&mut seed), 731_231_783);
    }

    #[test]
    fn delay_stays_within_a_hundred_ns() {
        assert_eq!(delayed_condition(1000, None, 5), Condition::Ready(5));
        for now in [0, 999, 1500, 2100] {
            let target = match delayed_condition(1000, Some(0), now) {
                Condition::Ready(t) | Condition::WaitTime(t) => t,
                other => panic!("{other:?}"),
            };
            assert!((1000..1100).contains(&target), "{target}");
        }
        assert!(matches!(delayed_condition(1000, Some(0), 2000), Condition::Ready(_)));
        assert!(matches!(delayed_condition(1000, Some(0), 500), Condition::WaitTime(_)));
    }

    #[test]
    fn answers_for_the_periodic_term_interface() {
        let vtable = PeriodicSchedulingTermWithDelay::query_interface(iface::PeriodicSchedulingTerm::TID);
        assert!(!vtable.is_null());
        assert!(PeriodicSchedulingTermWithDelay::query_interface(iface::BooleanSchedulingTerm::TID).is_null());
    }

    #[test]
    fn periods() {
        assert_eq!(parse_period("10Hz").unwrap(), 100_000_000);
        assert_eq!(parse_period("2 ms").unwrap(), 2_000_000);
        assert_eq!(parse_period("1s").unwrap(), 1_000_000_000);
        assert_eq!(parse_period("500000").unwrap(), 500_000);
        assert!(parse_period("0").is_err());
        assert!(parse_period("5us").is_err());
    }
}
