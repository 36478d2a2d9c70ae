//! The one error type a command returns when it cannot produce its report.

use crate::exit::Exit;
use crate::net::cause::Failure;
use serde::Serialize;

/// Machine-readable error kinds, used as `error.kind` in `--json` output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Bad command-line usage.
    Usage,
    /// A value given by the user is not valid.
    BadInput,
    /// No usable network interface / default route.
    NoInterface,
    /// The OS refused (permissions).
    Permission,
    /// Anything else that stopped the command from running.
    Internal,
}

impl ErrorKind {
    pub fn exit(self) -> Exit {
        match self {
            ErrorKind::Usage | ErrorKind::BadInput => Exit::Usage,
            ErrorKind::NoInterface | ErrorKind::Permission | ErrorKind::Internal => Exit::CannotRun,
        }
    }
}

/// An error with a message for people (already in the user's language) and
/// an optional hint naming the next step.
#[derive(Debug, Clone)]
pub struct AppError {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
    /// Set when the error was made below the catalogue (in `sys/`): the
    /// output layer words it in the user's language; `message` is English.
    pub setup: Option<SetupError>,
}

/// A failure to set up what every command needs, made where no catalogue
/// is at hand; worded at output time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupError {
    /// The async runtime did not start.
    Runtime(Failure),
    /// The Ctrl+C / SIGTERM handlers could not be installed.
    SignalHandler(Failure),
}

impl AppError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        AppError {
            kind,
            message: message.into(),
            hint: None,
            setup: None,
        }
    }

    /// A set-up failure, with English words until the output layer words it.
    pub fn setup(e: SetupError) -> Self {
        let message = match &e {
            SetupError::Runtime(f) => format!("cannot start the async runtime: {f}"),
            SetupError::SignalHandler(f) => format!("could not run: signal handler: {f}"),
        };
        AppError {
            setup: Some(e),
            ..Self::new(ErrorKind::Internal, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadInput, message)
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}
