//! `nvidia::gxf::Metric`: an aggregated sample value checked against optional thresholds.

use gxf_sdk::abi::types;
use gxf_sdk::prelude::*;
use gxf_sdk::sync::{lock, unpoisoned};
use std::sync::Mutex;

/// GXF's built-in aggregation functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Policy {
    Mean,
    RootMeanSquare,
    AbsMax,
    Max,
    Min,
    Sum,
    Fixed,
}

impl Policy {
    fn parse(name: &str) -> Option<Policy> {
        Some(match name {
            "mean" => Policy::Mean,
            "root_mean_square" => Policy::RootMeanSquare,
            "abs_max" => Policy::AbsMax,
            "max" => Policy::Max,
            "min" => Policy::Min,
            "sum" => Policy::Sum,
            "fixed" => Policy::Fixed,
            _ => return None,
        })
    }
}

/// A running aggregate: the policy plus what it needs to fold the next sample.
#[derive(Clone, Copy, Debug)]
struct Aggregate {
    policy: Policy,
    count: f64,
    acc: f64,
    value: Option<f64>,
}

impl Aggregate {
    fn new(policy: Policy) -> Aggregate {
        let acc = match policy {
            Policy::AbsMax | Policy::Max => f64::MIN,
            Policy::Min => f64::MAX,
            _ => 0.0,
        };
        Aggregate { policy, count: 0.0, acc, value: None }
    }

    fn record(&mut self, x: f64) -> f64 {
        self.count += 1.0;
        let value = match self.policy {
            Policy::Mean => {
                self.acc += x;
                self.acc / self.count
            }
            Policy::RootMeanSquare => {
                self.acc += x * x;
                (self.acc / self.count).sqrt()
            }
            Policy::AbsMax => {
                self.acc = self.acc.max(x.abs());
                self.acc
            }
            Policy::Max => {
                self.acc = self.acc.max(x);
                self.acc
            }
            Policy::Min => {
                self.acc = self.acc.min(x);
                self.acc
            }
            Policy::Sum => {
                self.acc += x;
                self.acc
            }
            Policy::Fixed => x,
        };
        self.value = Some(value);
        value
    }
}

/// Whether `value` lies within the thresholds that are set (inclusive).
fn within(value: f64, lower: Option<f64>, upper: Option<f64>) -> Result<bool> {
    if let (Some(l), Some(u)) = (lower, upper) {
        if l > u {
            return fail(
                Code::GXF_PARAMETER_OUT_OF_RANGE,
                "Lower threshold must be less than or equal to the upper threshold.",
            );
        }
    }
    Ok(lower.is_none_or(|l| value >= l) && upper.is_none_or(|u| value <= u))
}

/// `nvidia::gxf::Metric`. The aggregation comes from `aggregation_policy` (GXF's
/// `set*AggregationFunction` calls have no counterpart in the Metric interface).
#[derive(Default, Component)]
#[gxf(
    info = types::METRIC,
    interfaces(iface::Metric),
    initialize = Self::choose_aggregation
)]
pub struct Metric {
    /// mean, root_mean_square, abs_max, max, min, sum or fixed
    #[param]
    aggregation_policy: Option<String>,
    /// Lower bound of the expected range
    #[param(key = "lower_threshold")]
    lower: Option<f64>,
    /// Upper bound of the expected range
    #[param(key = "upper_threshold")]
    upper: Option<f64>,
    aggregate: Mutex<Option<Aggregate>>,
}

impl Metric {
    fn choose_aggregation(&mut self, _ctx: &ComponentContext) -> Result<()> {
        *unpoisoned(self.aggregate.get_mut()) = None;
        if let Some(name) = &self.aggregation_policy {
            let Some(policy) = Policy::parse(name) else {
                return fail(
                    Code::GXF_PARAMETER_OUT_OF_RANGE,
                    format!("Invalid aggregation policy '{name}'. Choices are {{mean, root_mean_square, abs_max, max, min, sum, fixed}}."),
                );
            };
            *unpoisoned(self.aggregate.get_mut()) = Some(Aggregate::new(policy));
        }
        Ok(())
    }
}

impl MetricComponent for Metric {
    fn record(&self, value: f64) -> Result<()> {
        match lock(&self.aggregate).as_mut() {
            Some(aggregate) => {
                aggregate.record(value);
                Ok(())
            }
            None => {
                fail(Code::GXF_FAILURE, "Aggregation function must be set in order to record a sample to this metric.")
            }
        }
    }

    fn value(&self) -> Result<f64> {
        lock(&self.aggregate)
            .and_then(|a| a.value)
            .ok_or_else(|| Error::new(Code::GXF_FAILURE, "the metric has no samples"))
    }

    fn evaluate_success(&self) -> Result<bool> {
        within(self.value()?, self.lower, self.upper)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aggregate(policy: &str, samples: impl Iterator<Item = f64>) -> f64 {
        let mut a = Aggregate::new(Policy::parse(policy).unwrap());
        samples.fold(0.0, |_, x| a.record(x))
    }

    #[test]
    fn aggregates_match_gxf_test_metric_logger() {
        let ticks = || (0..100).map(f64::from);
        assert_eq!(aggregate("mean", ticks()), 49.5);
        assert!((aggregate("root_mean_square", ticks()) - 57.301832).abs() < 1e-4);
        assert_eq!(aggregate("abs_max", ticks().map(|x| -x)), 99.0);
        assert_eq!(aggregate("max", ticks()), 99.0);
        assert_eq!(aggregate("min", ticks()), 0.0);
        assert_eq!(aggregate("sum", ticks()), 4950.0);
        assert_eq!(aggregate("fixed", ticks()), 99.0);
    }

    #[test]
    fn thresholds_are_inclusive() {
        assert!(within(5.0, None, None).unwrap());
        assert!(within(5.0, Some(5.0), Some(5.0)).unwrap());
        assert!(!within(5.0, Some(6.0), None).unwrap());
        assert!(!within(5.0, None, Some(4.0)).unwrap());
        assert_eq!(within(5.0, Some(6.0), Some(4.0)).unwrap_err().code, Code::GXF_PARAMETER_OUT_OF_RANGE);
    }
}
