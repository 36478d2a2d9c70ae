//! The only module tree that depends on `hyper`, `hyper-util`, `http-body-util`,
//! `socket2`, `rustls` and `tokio-rustls`: the HTTP server behind
//! `netcheck serve` and the step-by-step HTTP client behind `netcheck probe`.
//!
//! Both sides trade plain netcheck types ([`server::Request`],
//! [`server::Response`], [`client::Answer`], [`client::NetError`]) so the
//! commands never see a hyper type, and the decisions stay pure.

pub mod client;
pub mod server;
pub mod tls;
