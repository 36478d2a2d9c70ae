//! The one error type a command returns when it cannot produce its report.

use crate::exit::Exit;
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
}

impl AppError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        AppError {
            kind,
            message: message.into(),
            hint: None,
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
