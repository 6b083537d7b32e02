//! Progress on stderr while waiting: a live line on a terminal (indicatif), plain
//! timestamped lines otherwise (only when the phase changes, so a log stays short), nothing
//! with `-q`.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

enum Mode {
    /// Drawn from the first update on.
    Live(std::sync::OnceLock<ProgressBar>),
    Lines,
    Quiet,
}

/// Where progress goes.
pub struct Progress {
    mode: Mode,
    last: Mutex<String>,
}

impl Progress {
    /// A live line when stderr is a terminal, else timestamped lines; `quiet` silences both.
    pub fn new(quiet: bool) -> Progress {
        let mode = if quiet {
            Mode::Quiet
        } else if std::io::stderr().is_terminal() {
            Mode::Live(std::sync::OnceLock::new())
        } else {
            Mode::Lines
        };
        Progress {
            mode,
            last: Mutex::new(String::new()),
        }
    }

    /// Nothing shown (library callers, tests).
    pub fn hidden() -> Progress {
        Progress {
            mode: Mode::Quiet,
            last: Mutex::new(String::new()),
        }
    }

    /// The current phase of `component` (replaces the live line; a line only when it changed).
    pub fn update(&self, component: &str, text: &str) {
        let message = format!("{component}: {text}");
        match &self.mode {
            Mode::Quiet => {}
            Mode::Live(bar) => bar.get_or_init(live_bar).set_message(message),
            Mode::Lines => {
                let Ok(mut last) = self.last.lock() else {
                    return;
                };
                if *last != message {
                    print_line(&message);
                    *last = message;
                }
            }
        }
    }

    /// A line that stays (a component's end: healthy, timed out, put back).
    pub fn finish(&self, component: &str, text: &str) {
        let message = format!("{component}: {text}");
        match &self.mode {
            Mode::Quiet => {}
            Mode::Live(bar) => bar
                .get_or_init(live_bar)
                .println(format!("staticpod: {message}")),
            Mode::Lines => {
                print_line(&message);
                if let Ok(mut last) = self.last.lock() {
                    last.clear();
                }
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Mode::Live(bar) = &self.mode {
            if let Some(bar) = bar.get() {
                bar.finish_and_clear();
            }
        }
    }
}

fn live_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} [{elapsed}]") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn print_line(message: &str) {
    let now = time::OffsetDateTime::now_utc();
    let stamp = now
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{stamp} staticpod: {message}");
}
