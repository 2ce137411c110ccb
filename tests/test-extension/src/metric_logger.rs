//! `TestMetricLogger` (records tick numbers into nine Metric components and checks their
//! aggregates) and `TestConfigurationSet` (logs its parameters each tick).

use gxf_core::prelude::*;

const TEST_METRIC_LOGGER: &str = "557d6478-5a86-4052-a2ac-f94edb0341ca";
const TEST_CONFIGURATION_SET: &str = "85ed3ce3-0611-4314-94df-da4f507f75a0";

/// Registers the codelets of this module.
pub(crate) fn register(ext: &mut ExtensionBuilder) {
    ext.codelet::<TestMetricLogger>(
        "nvidia::gxf::test::TestMetricLogger",
        TEST_METRIC_LOGGER,
        "Tests Metric component",
    )
    .codelet::<TestConfigurationSet>(
        "nvidia::gxf::test::TestConfigurationSet",
        TEST_CONFIGURATION_SET,
        "Tests that verifies the runtime parameter change",
    );
}

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
#[derive(Default)]
pub struct TestMetricLogger {
    metrics: Vec<Handle<iface::Metric>>,
    tick_count: f64,
}

impl Component for TestMetricLogger {
    fn parameters(r: &mut ParamRegistrar) {
        for (key, ..) in METRICS {
            r.param::<Handle<iface::Metric>>(key);
        }
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.metrics = METRICS.iter().map(|(key, ..)| ctx.param(key)).collect::<Result<_>>()?;
        Ok(())
    }
}

impl Codelet for TestMetricLogger {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        self.tick_count = 0.0;
        Ok(())
    }

    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        for (metric, (_, sign, ..)) in self.metrics.iter().zip(METRICS) {
            // GXF ignores the record result.
            let _ = metric.record(sign * self.tick_count);
        }
        self.tick_count += 1.0;
        Ok(())
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        for (metric, (key, _, expected, success)) in self.metrics.iter().zip(METRICS) {
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
#[derive(Default)]
pub struct TestConfigurationSet {
    me: (ContextRef, i64),
}

impl TestConfigurationSet {
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

impl Component for TestConfigurationSet {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<bool>("bool_value").headline("Bool type value for configuration").default(false);
        r.param::<u64>("uint64_value").headline("unsigned int64 for configuration");
        r.param::<String>("string_value").headline("string value for configuration");
        r.param::<String>("string_5_value").headline("fixed string value with maximum length of 5");
        r.param::<FixedVector<i32, 4>>("int_vector_4_value")
            .headline("fixed vector of integer value with maximum length of 4");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.me = (ctx.context(), ctx.cid());
        self.summary().map(drop)
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

    /// Each text matches the `(hash1, hash2)` words of GXF's `test.cpp`.
    #[test]
    fn uuids_match_gxf_factory_words() {
        let words = [
            (TEST_METRIC_LOGGER, 0x557d64785a864052, 0xa2acf94edb0341ca),
            (TEST_CONFIGURATION_SET, 0x85ed3ce306114314, 0x94dfda4f507f75a0),
        ];
        for (text, hash1, hash2) in words {
            assert_eq!(Tid::parse(text), Some(Tid { hash1, hash2 }), "{text}");
        }
    }
}
