//! The reference for `scripts/bench-speed`: the smallest reasonable hyper 1
//! JSON server (tokio's default runtime, HTTP/1.1 keep-alive, one small JSON
//! document per request built with serde_json). No limits, no log: what
//! `netcheck serve` is measured against. Loopback only.
//!
//! cargo run --release --example minimal_hyper -- 127.0.0.1:5003

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::net::SocketAddr;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr: SocketAddr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:5003".into())
        .parse()
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    loop {
        let (stream, peer) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let service = service_fn(move |req: Request<hyper::body::Incoming>| async move {
                let doc = serde_json::json!({
                    "ok": true,
                    "method": req.method().as_str(),
                    "path": req.uri().path(),
                    "client_ip": peer.ip().to_string(),
                    "client_port": peer.port(),
                });
                let mut body = serde_json::to_vec(&doc).unwrap_or_default();
                body.push(b'\n');
                let mut resp = Response::new(Full::new(Bytes::from(body)));
                resp.headers_mut().insert(
                    hyper::header::CONTENT_TYPE,
                    hyper::header::HeaderValue::from_static("application/json"),
                );
                Ok::<_, Infallible>(resp)
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
