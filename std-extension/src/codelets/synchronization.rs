//! `nvidia::gxf::Synchronization`: forwards messages of N inputs whose acquisition times agree.

use gxf_sdk::prelude::*;

/// What to do with the next main-stage message of one input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Receive it and drop it (stale).
    Drop,
    /// Receive it and publish it on the paired output.
    Send,
}

/// GXF's synchronization plan. `acq[i]` lists the acquisition times of input `i`'s main stage,
/// oldest first (each non-empty). The candidate is the latest of the inputs' oldest times; a sync
/// point exists when every input has a time inside the window that grows around it (searched
/// newest first). Per input, oldest first: times before `candidate - threshold` are dropped; with
/// a sync point, the first time up to `candidate + threshold` is sent, and the input stops there.
fn plan(acq: &[Vec<i64>], threshold: i64) -> Vec<Vec<Step>> {
    let latest = acq.iter().filter_map(|times| times.first().copied()).fold(0, i64::max);
    let (mut lower, mut upper) = (latest, latest);
    let mut synchronized = 0;
    for times in acq {
        if let Some(&t) = times.iter().rev().find(|&&t| lower + threshold >= t && t >= upper - threshold) {
            synchronized += 1;
            lower = lower.min(t);
            upper = upper.max(t);
        }
    }
    let can_send = synchronized == acq.len();
    acq.iter()
        .map(|times| {
            let mut steps = Vec::new();
            for &t in times {
                if t < latest - threshold {
                    steps.push(Step::Drop);
                } else if can_send && t <= latest + threshold {
                    steps.push(Step::Send);
                    break;
                }
            }
            steps
        })
        .collect()
}

/// `nvidia::gxf::Synchronization`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::Synchronization",
    uuid = "f1cb80d6-e5ec-4dba-9f9e-b06b0def4443",
    kind = Codelet,
    description = "Aligns N inputs by acquisition time"
)]
pub struct Synchronization {
    /// Inputs to synchronize (as many as outputs)
    #[param]
    inputs: Vec<Handle<iface::Receiver>>,
    /// Outputs (as many as inputs)
    #[param]
    outputs: Vec<Handle<iface::Transmitter>>,
    /// Acquisition time tolerance (ns)
    #[param(key = "sync_threshold", default = 0i64)]
    threshold: i64,
}

impl Synchronization {
    fn acquisition_times(rx: &Handle<iface::Receiver>) -> Result<Vec<i64>> {
        (0..rx.size())
            .filter_map(|i| rx.peek(i).ok().flatten())
            .map(|msg| {
                msg.get::<Timestamp>(None).map(|ts| ts.acqtime).ok_or_else(|| {
                    Error::new(Code::GXF_ENTITY_COMPONENT_NOT_FOUND, "No timestamp found from the input message")
                })
            })
            .collect()
    }
}

impl Codelet for Synchronization {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        if self.inputs.len() != self.outputs.len() {
            return fail(Code::GXF_FAILURE, "Number of inputs for synchronization must match the number of outputs");
        }
        if self.inputs.len() <= 1 {
            return fail(Code::GXF_FAILURE, "Number of inputs/outputs should be more than 1");
        }
        Ok(())
    }

    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        if self.inputs.iter().any(|rx| rx.size() == 0) {
            return fail(
                Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE,
                "Not all the inputs have messages for synchronization!",
            );
        }
        let acq = self.inputs.iter().map(Self::acquisition_times).collect::<Result<Vec<_>>>()?;
        for ((rx, tx), steps) in self.inputs.iter().zip(&self.outputs).zip(plan(&acq, self.threshold)) {
            for step in steps {
                let received = rx.receive();
                if step == Step::Send {
                    let Ok(Some(msg)) = received else {
                        return fail(
                            Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE,
                            "Receiver queue corrupted, message not found",
                        );
                    };
                    // GXF ignores the publish result.
                    let _ = tx.publish(&msg);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{plan, Step::*};

    #[test]
    fn aligned_inputs_send_one_message_each() {
        let acq = [vec![10, 20], vec![10, 15, 20], vec![10]];
        assert_eq!(plan(&acq, 0), [vec![Send], vec![Send], vec![Send]]);
    }

    #[test]
    fn stale_messages_are_dropped_before_the_sync_point() {
        // Latest oldest time is 20; input 1 and 2 drop their older messages, then all send 20.
        let acq = [vec![20, 40], vec![5, 10, 20], vec![15, 20]];
        assert_eq!(plan(&acq, 0), [vec![Send], vec![Drop, Drop, Send], vec![Drop, Send]]);
    }

    #[test]
    fn without_a_sync_point_only_stale_messages_go() {
        let acq = [vec![20], vec![5, 25], vec![20]];
        assert_eq!(plan(&acq, 0), [vec![], vec![Drop], vec![]]);
    }

    #[test]
    fn threshold_widens_the_window() {
        let acq = [vec![100], vec![103], vec![98, 120]];
        assert_eq!(plan(&acq, 0), [vec![Drop], vec![], vec![Drop]]);
        assert_eq!(plan(&acq, 5), [vec![Send], vec![Send], vec![Send]]);
    }
}
