//! How many messages a set of receivers must hold: GXF's `SamplingMode` (`SumOfAll` or
//! `PerReceiver`) with its thresholds, shared by the multi-receiver terms.

use super::MAX_COMPONENTS;
use gxf_sdk::prelude::*;

/// The `receivers` parameter of the multi-receiver terms.
pub type ReceiverList = FixedVector<Handle<iface::Receiver>, MAX_COMPONENTS>;
/// The `min_sizes` parameter of the multi-receiver terms.
pub type SizeList = FixedVector<u64, MAX_COMPONENTS>;

/// How many messages a set of receivers must hold (GXF's `SamplingMode` with its thresholds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Threshold {
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
    pub fn new(mode: &str, min_sum: Option<u64>, min_sizes: Option<&[u64]>, receivers: usize) -> Result<Threshold> {
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
                Some(sizes) => Ok(Threshold::PerReceiver(sizes.iter().map(|&s| s as usize).collect())),
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

    /// Whether the receivers' messages (main plus back stage) satisfy the threshold.
    pub fn met_by(&self, receivers: &[Handle<iface::Receiver>]) -> bool {
        self.met(receivers.iter().map(|rx| rx.size() + rx.back_size()))
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
        let per = Threshold::new("PerReceiver", None, Some(&[1, 2]), 2).unwrap();
        assert!(!per.met([5, 1].into_iter()));
        assert!(per.met([1, 2].into_iter()));
    }

    #[test]
    fn threshold_initialize_errors_follow_gxf() {
        let code = |r: Result<Threshold>| r.unwrap_err().code;
        assert_eq!(code(Threshold::new("SumOfAll", None, None, 1)), Code::GXF_PARAMETER_NOT_INITIALIZED);
        assert_eq!(code(Threshold::new("PerReceiver", Some(1), None, 1)), Code::GXF_PARAMETER_NOT_INITIALIZED);
        assert_eq!(code(Threshold::new("PerReceiver", None, Some(&[1]), 2)), Code::GXF_PARAMETER_OUT_OF_RANGE);
        assert_eq!(code(Threshold::new("Any", Some(1), None, 1)), Code::GXF_PARAMETER_OUT_OF_RANGE);
    }
}
