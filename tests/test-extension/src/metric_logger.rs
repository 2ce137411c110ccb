//! `TestMetricLogger` (records tick numbers into nine Metric components and checks their
//! aggregates) and `TestConfigurationSet` (logs its parameters each tick).

use gxf_sdk::prelude::*;

/// Each metric parameter with what it must hold after ticks 0..=99: the sign of the recorded
/// samples, the expected aggregate and whether it lies within its thresholds.
const METRICS: [(&str, f64, f64, bool); 9] = [
    ("sample_metric_parameter", 1.0, 49.5, true),
    ("sample_metric_mean", 1.0, 49.5, true),
    ("sample_metric_rms", 1.0, 57.301832, true),
    ("sample_metric_abs_max", -1.0, 99.0, true),
    ("sample_metric_max", 1.0, 99.0, true),
    ("sample_metric_min", 1.0, 0.0, true),
    ("sample_metric_sum", 1.0, 4950.0, true),
    ("sample_metric_fixed", 1.0, 99.0, true),
    ("sample_metric_fail_threshold", 1.0, 4950.0, false),
];

/// Records the tick number (negated for `abs_max`) into each metric and checks the aggregates
/// at stop. GXF's logger also installs aggregation functions in `start`; the Metric interface has
/// no such call, so the metrics must name their `aggregation_policy` (as the corpus does, which
/// makes GXF's calls no-ops).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::TestMetricLogger",
    uuid = "557d6478-5a86-4052-a2ac-f94edb0341ca",
    kind = Codelet,
    description = "Tests Metric component"
)]
pub struct TestMetricLogger {
    #[param]
    sample_metric_parameter: Handle<iface::Metric>,
    #[param]
    sample_metric_mean: Handle<iface::Metric>,
    #[param]
    sample_metric_rms: Handle<iface::Metric>,
    #[param]
    sample_metric_abs_max: Handle<iface::Metric>,
    #[param]
    sample_metric_max: Handle<iface::Metric>,
    #[param]
    sample_metric_min: Handle<iface::Metric>,
    #[param]
    sample_metric_sum: Handle<iface::Metric>,
    #[param]
    sample_metric_fixed: Handle<iface::Metric>,
    #[param]
    sample_metric_fail_threshold: Handle<iface::Metric>,
    tick_count: f64,
}

impl TestMetricLogger {
    /// The metric handles in [`METRICS`] order.
    fn metrics(&self) -> [Handle<iface::Metric>; 9] {
        [
            self.sample_metric_parameter,
            self.sample_metric_mean,
            self.sample_metric_rms,
            self.sample_metric_abs_max,
            self.sample_metric_max,
            self.sample_metric_min,
            self.sample_metric_sum,
            self.sample_metric_fixed,
            self.sample_metric_fail_threshold,
        ]
    }
}

impl Codelet for TestMetricLogger {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        self.tick_count = 0.0;
        Ok(())
    }

    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        for (metric, (_, sign, ..)) in self.metrics().iter().zip(METRICS) {
            // GXF ignores the record result.
            let _ = metric.record(sign * self.tick_count);
        }
        self.tick_count += 1.0;
        Ok(())
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        for (metric, (key, _, expected, success)) in self.metrics().iter().zip(METRICS) {
            let value = metric.value().map_err(|e| e.context(format!("metric '{key}'")))?;
            if (value - expected).abs() > 1e-4 {
                return fail(Code::GXF_FAILURE, format!("metric '{key}' aggregated {value}, expected {expected}"));
            }
            let within = metric.evaluate_success().map_err(|e| e.context(format!("metric '{key}'")))?;
            if within != success {
                return fail(Code::GXF_FAILURE, format!("metric '{key}' success is {within}, expected {success}"));
            }
        }
        Ok(())
    }
}

/// Logs its configuration values each tick, read anew so that runtime changes show (GXF's
/// runtime-configuration test codelet).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::TestConfigurationSet",
    uuid = "85ed3ce3-0611-4314-94df-da4f507f75a0",
    kind = Codelet,
    description = "Tests that verifies the runtime parameter change",
    initialize = Self::check_configuration
)]
pub struct TestConfigurationSet {
    // Read here for the mandatory checks; each tick reads the current values anew.
    #[param(key = "bool_value", headline = "Bool type value for configuration", default = false)]
    _bool_value: bool,
    #[param(key = "uint64_value", headline = "unsigned int64 for configuration")]
    _uint64_value: u64,
    #[param(key = "string_value", headline = "string value for configuration")]
    _string_value: String,
    #[param(key = "string_5_value", headline = "fixed string value with maximum length of 5")]
    _string_5_value: String,
    #[param(key = "int_vector_4_value", headline = "fixed vector of integer value with maximum length of 4")]
    _int_vector_4_value: FixedVector<i32, 4>,
    me: (ContextRef, i64),
}

impl TestConfigurationSet {
    fn check_configuration(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.me = (ctx.context(), ctx.cid());
        self.summary().map(drop)
    }

    fn value<T: ParamValue>(&self, key: &str) -> Result<T> {
        self.me
            .0
            .component_param(self.me.1, key)?
            .ok_or_else(|| Error::new(Code::GXF_PARAMETER_MANDATORY_NOT_SET, format!("parameter '{key}' is not set")))
    }

    fn summary(&self) -> Result<String> {
        let string_5: String = self.value("string_5_value")?;
        if string_5.len() > 5 {
            return fail(Code::GXF_PARAMETER_OUT_OF_RANGE, format!("string_5_value '{string_5}' is longer than 5"));
        }
        Ok(format!(
            "bool_value: {}, uint64_value: {}, string_value: {}, string_5_value: {string_5}, int_vector_4_value: {:?}",
            self.value::<bool>("bool_value")?,
            self.value::<u64>("uint64_value")?,
            self.value::<String>("string_value")?,
            self.value::<FixedVector<i32, 4>>("int_vector_4_value")?.0,
        ))
    }
}

impl Codelet for TestConfigurationSet {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        gxf_info!("TestConfigurationSet ticking: {}", self.summary()?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `metrics()` pairs each handle with its row of `METRICS`: both follow the parameters.
    #[test]
    fn metrics_follow_the_parameter_order() {
        let mut registrar = ParamRegistrar::default();
        TestMetricLogger::parameters(&mut registrar);
        let keys: Vec<&str> = registrar.specs().iter().map(|s| s.key.as_str()).collect();
        let expected: Vec<&str> = METRICS.iter().map(|(key, ..)| *key).collect();
        assert_eq!(keys, expected);
    }
}
