//! The tokio runtime a command's network work runs on.

use crate::error::{AppError, SetupError};

/// A tokio runtime for a command's network work.
pub fn runtime() -> Result<tokio::runtime::Runtime, AppError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| AppError::setup(SetupError::Runtime(crate::sys::io_failure(&e))))
}
