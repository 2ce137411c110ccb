//! Time sources: `RealtimeClock` (steady time, scalable) and `ManualClock` (time moves only when
//! slept).

mod manual;
mod realtime;

pub use manual::ManualClock;
pub use realtime::RealtimeClock;
