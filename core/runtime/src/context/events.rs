//! Events to schedulers and execution reports to monitors.

use super::*;
use std::sync::atomic::Ordering;

impl Runtime {
    /// Delivers a `gxf_event_t` for an entity to every scheduler.
    #[inline]
    pub fn notify_event(&self, eid: i64, event: i32) {
        let bit = 1u32.checked_shl(event as u32).unwrap_or(0);
        if self.wanted_events.load(Ordering::Relaxed) & bit != 0 {
            self.deliver_event(eid, event, bit);
        }
    }

    pub(super) fn deliver_event(&self, eid: i64, event: i32, bit: u32) {
        for sys in read(&self.systems).iter().filter(|s| s.vt.event_mask & bit != 0) {
            // SAFETY: live system object.
            if unsafe { (sys.vt.event_notify)(sys.obj, eid, event) } != 0 {
                let _ = crate::logging::take_last_error();
            }
        }
    }

    pub(crate) fn notify_monitors(&self, eid: i64, now: i64, code: i32) {
        if !self.has_monitors.load(Ordering::Relaxed) {
            return;
        }
        for m in read(&self.monitors).iter() {
            // SAFETY: live monitor object.
            if unsafe { (m.vt.on_execute)(m.obj, eid, now, code) } != 0 {
                let _ = crate::logging::take_last_error();
            }
        }
    }
}
