//! Progress on stderr: on a terminal a bar per stage with its counts and an estimate of the time
//! left (a spinner when the count is unknown); otherwise, as in a log or CI, one line per stage
//! when it ends. `--quiet` shows nothing.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use parallax::progress::Progress;

pub struct Stages {
    mode: Mode,
    current: Mutex<Option<Stage>>,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Quiet,
    Bars,
    Lines,
}

struct Stage {
    name: String,
    unit: String,
    started: Instant,
    bar: ProgressBar,
}

impl Stages {
    pub fn new(quiet: bool) -> Stages {
        let mode = if quiet {
            Mode::Quiet
        } else if std::io::stderr().is_terminal() {
            Mode::Bars
        } else {
            Mode::Lines
        };
        Stages {
            mode,
            current: Mutex::new(None),
        }
    }

    fn current(&self) -> std::sync::MutexGuard<'_, Option<Stage>> {
        // A poisoned lock only means another thread panicked while drawing; keep drawing.
        self.current.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Progress for Stages {
    fn begin(&self, name: &str, unit: &str, steps: Option<u64>) {
        self.end();
        let bar = match (self.mode, steps) {
            (Mode::Bars, Some(n)) => {
                let bar = ProgressBar::new(n);
                bar.set_style(
                    ProgressStyle::with_template(
                        "{msg:24} [{bar:30}] {human_pos}/{human_len} {prefix} ({eta} left)",
                    )
                    .expect("valid progress template")
                    .progress_chars("=> "),
                );
                bar
            }
            (Mode::Bars, None) => {
                let bar = ProgressBar::new_spinner();
                bar.enable_steady_tick(Duration::from_millis(120));
                bar
            }
            _ => ProgressBar::hidden(),
        };
        bar.set_message(name.to_string());
        bar.set_prefix(unit.to_string());
        *self.current() = Some(Stage {
            name: name.to_string(),
            unit: unit.to_string(),
            started: Instant::now(),
            bar,
        });
    }

    fn advance(&self, n: u64) {
        if let Some(stage) = self.current().as_ref() {
            stage.bar.inc(n);
        }
    }

    fn end(&self) {
        let Some(stage) = self.current().take() else {
            return;
        };
        stage.bar.finish_and_clear();
        if self.mode == Mode::Quiet {
            return;
        }
        let seconds = stage.started.elapsed().as_secs_f64();
        let done = stage.bar.position();
        if done > 0 {
            eprintln!("{}: {done} {} in {seconds:.1} s", stage.name, stage.unit);
        } else {
            eprintln!("{}: {seconds:.1} s", stage.name);
        }
    }
}
