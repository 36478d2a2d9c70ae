//! netcheck: run a server at home and reach it from another network.
//!
//! The binary is a thin shell over this library so that integration tests and
//! fuzz targets can reach the parsers and the pure decision logic.

pub mod app;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod duration;
pub mod error;
pub mod exit;
pub mod help;
pub mod i18n;
pub mod lang;
pub mod net;
pub mod output;
pub mod portmap;
pub mod proto;
pub mod router;
pub mod sys;
