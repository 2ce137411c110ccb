//! The deadlock-stop decision of the multi-threaded schedulers (`stop_on_deadlock` with
//! `stop_on_deadlock_timeout`): stop once the graph stayed idle — nothing ready or running, no
//! timed wait, nobody waiting for an external event — for the whole grace period.

/// What the scheduler should do about an idle graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Keep running (not idle, or deadlock stops are off).
    Run,
    /// Idle: stop at this time unless something happens before.
    StopAt(i64),
    /// Idle for the whole grace period: stop now.
    Stop,
}

/// Tracks how long the graph has been idle.
#[derive(Clone, Copy, Debug)]
pub struct DeadlockWatch {
    /// Grace period in ns; `None` never stops.
    timeout: Option<i64>,
    idle_since: Option<i64>,
    epoch: u64,
}

impl DeadlockWatch {
    /// A watch with a grace period (`None`: never stop on deadlock).
    pub fn new(timeout: Option<i64>) -> DeadlockWatch {
        DeadlockWatch { timeout: timeout.map(|t| t.max(0)), idle_since: None, epoch: 0 }
    }

    /// Judges the graph at `now`. `epoch` counts the times the graph went from idle to busy, so
    /// activity between two idle observations restarts the grace period.
    pub fn observe(&mut self, now: i64, idle: bool, epoch: u64) -> Verdict {
        if !idle {
            self.idle_since = None;
            return Verdict::Run;
        }
        let since = match self.idle_since {
            Some(since) if self.epoch == epoch => since,
            _ => {
                self.epoch = epoch;
                self.idle_since = Some(now);
                now
            }
        };
        match self.timeout {
            None => Verdict::Run,
            Some(t) if now.saturating_sub(since) >= t => Verdict::Stop,
            Some(t) => Verdict::StopAt(since.saturating_add(t)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_timeout_stops_at_the_first_idle_observation() {
        let mut w = DeadlockWatch::new(Some(0));
        assert_eq!(w.observe(5, false, 1), Verdict::Run);
        assert_eq!(w.observe(6, true, 1), Verdict::Stop);
    }

    #[test]
    fn grace_period_runs_from_the_start_of_idleness() {
        let mut w = DeadlockWatch::new(Some(100));
        assert_eq!(w.observe(1000, true, 1), Verdict::StopAt(1100));
        assert_eq!(w.observe(1050, true, 1), Verdict::StopAt(1100));
        assert_eq!(w.observe(1100, true, 1), Verdict::Stop);
    }

    #[test]
    fn activity_restarts_the_grace_period() {
        let mut w = DeadlockWatch::new(Some(100));
        assert_eq!(w.observe(1000, true, 1), Verdict::StopAt(1100));
        assert_eq!(w.observe(1050, false, 1), Verdict::Run);
        assert_eq!(w.observe(1060, true, 2), Verdict::StopAt(1160));
        // Busy and idle again between two observations: only the epoch tells.
        assert_eq!(w.observe(1150, true, 3), Verdict::StopAt(1250));
        assert_eq!(w.observe(1250, true, 3), Verdict::Stop);
    }

    #[test]
    fn no_timeout_never_stops_and_negative_acts_as_zero() {
        let mut never = DeadlockWatch::new(None);
        assert_eq!(never.observe(0, true, 1), Verdict::Run);
        assert_eq!(never.observe(i64::MAX, true, 1), Verdict::Run);
        let mut negative = DeadlockWatch::new(Some(-5));
        assert_eq!(negative.observe(7, true, 1), Verdict::Stop);
    }
}
