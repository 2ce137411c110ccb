//! Graph (program) state and the registered schedulers.

use super::executor::Obj;
use crate::abi::SystemVTable;

/// GXF's program states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum GraphState {
    /// Loaded, not activated.
    #[default]
    Origin,
    /// Activated, not running.
    Activated,
    /// Running.
    Running,
    /// Interrupt requested.
    Interrupting,
}

/// A scheduler (`System`) component.
pub type SystemRef = Obj<SystemVTable>;

/// The program: state plus activation order.
#[derive(Default)]
pub struct Program {
    /// Current state.
    pub state: GraphState,
    /// Entities activated by graph activation, in order.
    pub activated: Vec<i64>,
}
