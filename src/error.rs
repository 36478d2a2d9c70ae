//! The one error type a command returns when it cannot produce its report.

use crate::exit::Exit;
use crate::lang::Lang;
use crate::net::cause::Failure;
use serde::Serialize;
use std::sync::Arc;

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

/// A sentence for people, made when the error is shown, in the language
/// it is shown in: English for `--json`, the user's for people.
type Sentence = Arc<dyn Fn(Lang) -> String + Send + Sync>;

/// An error with a message for people and an optional hint naming the next
/// step. Both are worded when shown ([`AppError::message`]), so the `--json`
/// error document is English whatever `--lang` says, as every other report.
#[derive(Clone)]
pub struct AppError {
    pub kind: ErrorKind,
    message: Sentence,
    hint: Option<Sentence>,
    /// Set when the error was made below the catalogue (in `sys/`): the
    /// output layer words it in the user's language; the message is English.
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
    /// An error whose message is worded in the language asked for
    /// (`|lang| Tr(lang).some_sentence(…)` at the place it is raised).
    pub fn worded(
        kind: ErrorKind,
        message: impl Fn(Lang) -> String + Send + Sync + 'static,
    ) -> Self {
        AppError {
            kind,
            message: Arc::new(message),
            hint: None,
            setup: None,
        }
    }

    /// An error whose message is the same in every language (a clap usage
    /// line, an OS's own words).
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::worded(kind, move |_| message.clone())
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

    /// A hint worded in the language asked for.
    pub fn with_hint(mut self, hint: impl Fn(Lang) -> String + Send + Sync + 'static) -> Self {
        self.hint = Some(Arc::new(hint));
        self
    }

    /// A [`ErrorKind::BadInput`] error worded in the language asked for.
    pub fn bad_input(message: impl Fn(Lang) -> String + Send + Sync + 'static) -> Self {
        Self::worded(ErrorKind::BadInput, message)
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        (self.message)(lang)
    }

    /// The hint in `lang`, if there is one.
    pub fn hint(&self, lang: Lang) -> Option<String> {
        self.hint.as_ref().map(|h| h(lang))
    }
}

impl std::fmt::Debug for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppError")
            .field("kind", &self.kind)
            .field("message", &self.message(Lang::En))
            .field("hint", &self.hint(Lang::En))
            .field("setup", &self.setup)
            .finish()
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for AppError {}
