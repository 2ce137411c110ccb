//! Schedulers: `GreedyScheduler` (one thread), `MultiThreadScheduler` and `EventBasedScheduler`
//! (worker threads over a shared engine), and `EpochScheduler` (driven from outside).

mod epoch;
mod event_based;
mod greedy;
mod multi_thread;
mod threaded;

pub use epoch::EpochScheduler;
pub use event_based::EventBasedScheduler;
pub use greedy::GreedyScheduler;
pub use multi_thread::MultiThreadScheduler;
