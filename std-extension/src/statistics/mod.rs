//! Statistics: `JobStatistics` (execution counts per entity) and `Metric` (an aggregated sample
//! value checked against thresholds).

mod job_statistics;
mod metric;

pub use job_statistics::JobStatistics;
pub use metric::Metric;
