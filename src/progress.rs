//! What a long job tells its user as it goes. The pipeline and the writer announce each stage
//! (with its number of steps when known) and count the steps done; the command line draws a bar
//! per stage on a terminal and one line per stage otherwise. The library and tests pass `Silent`.

/// Receives the stages of a run. Steps may be counted from several threads at once.
pub trait Progress: Sync {
    /// A stage begins: `name` is what it does ("comparing clusters"), `steps` how many units of
    /// `unit` it will count, if known.
    fn begin(&self, name: &str, unit: &str, steps: Option<u64>);
    /// `n` more steps of the current stage are done.
    fn advance(&self, n: u64);
    /// The current stage is over.
    fn end(&self);
}

/// Shows nothing.
pub struct Silent;

impl Progress for Silent {
    fn begin(&self, _: &str, _: &str, _: Option<u64>) {}
    fn advance(&self, _: u64) {}
    fn end(&self) {}
}
