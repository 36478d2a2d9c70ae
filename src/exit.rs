//! Exit statuses: a small documented enum shared by every command.

use std::process::ExitCode;

/// What the process exit status means. Listed in `--help` and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The check passed.
    Ok,
    /// The command ran and found a problem (no answer, disagreement, blocked port …).
    Problem,
    /// Bad usage or bad input: a clear message names the bad value.
    Usage,
    /// The command could not run: no usable interface, no permission, no runtime.
    CannotRun,
}

impl Exit {
    pub const fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Problem => 1,
            Exit::Usage => 2,
            Exit::CannotRun => 3,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e.code())
    }
}

/// The text appended to `--help`.
pub const EXIT_HELP: &str = "\
Exit status:
  0  the check passed
  1  it ran and found a problem
  2  bad usage or bad input (the message names the bad value)
  3  it could not run (no usable interface, no permission)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        for (e, c) in [
            (Exit::Ok, 0),
            (Exit::Problem, 1),
            (Exit::Usage, 2),
            (Exit::CannotRun, 3),
        ] {
            assert_eq!(e.code(), c);
        }
    }
}
