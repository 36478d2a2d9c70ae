//! Trust for every HTTPS connection netcheck makes — `public-ip`'s echo
//! sources and UPnP descriptions (`sys::http`) and `probe`'s step-by-step client use this one
//! configuration.
//!
//! The OS's verifier and trust store (rustls-platform-verifier), plus the
//! certificates named by `SSL_CERT_FILE` (a PEM file) and `SSL_CERT_DIR`
//! (directories of PEM files, separated by `:`; `;` on Windows), as curl and
//! OpenSSL read them — what users behind a company's TLS inspection set.
//! On Linux the OS store itself is read by rustls-native-certs, which, like
//! OpenSSL, takes these variables *instead of* the distribution's bundle; on
//! macOS and Windows they are trusted in addition to the OS store.
//!
//! A variable that is set but names nothing readable, or a file without a
//! single certificate, is an error that names the variable and the path —
//! never a silent fallback.

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The environment variables read, in this order.
pub const ENV_FILE: &str = "SSL_CERT_FILE";
pub const ENV_DIR: &str = "SSL_CERT_DIR";

/// Roots from `SSL_CERT_FILE` / `SSL_CERT_DIR` (empty when neither is set).
pub fn extra_roots() -> Result<Vec<CertificateDer<'static>>, String> {
    let file = std::env::var_os(ENV_FILE).filter(|v| !v.is_empty());
    let dirs = std::env::var_os(ENV_DIR).filter(|v| !v.is_empty());
    let mut roots = Vec::new();
    if let Some(file) = file {
        let path = PathBuf::from(file);
        let certs = read_pem(&path).map_err(|e| format!("{ENV_FILE}={}: {e}", path.display()))?;
        if certs.is_empty() {
            return Err(format!(
                "{ENV_FILE}={}: no PEM certificate in the file",
                path.display()
            ));
        }
        roots.extend(certs);
    }
    if let Some(dirs) = dirs {
        for dir in std::env::split_paths(&dirs) {
            let entries = std::fs::read_dir(&dir).map_err(|e| {
                format!("{ENV_DIR}: {}: {}", dir.display(), crate::sys::io_words(&e))
            })?;
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for path in paths.into_iter().filter(|p| p.is_file()) {
                // Directories like /etc/ssl/certs also hold non-PEM files: skip them.
                if let Ok(certs) = read_pem(&path) {
                    roots.extend(certs);
                }
            }
        }
    }
    Ok(roots)
}

fn read_pem(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let bytes = std::fs::read(path).map_err(|e| crate::sys::io_words(&e))?;
    CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("not a PEM certificate file ({e})"))
}

/// The client configuration (no ALPN set) for both HTTP stacks.
pub fn client_config() -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let extra = extra_roots()?;
    let verifier =
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider.clone())
            .map_err(|e| format!("trust store: {e}"))?;
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth())
}

/// A server's TLS configuration (opaque outside this adapter).
#[derive(Clone)]
pub struct ServerTls(pub(super) Arc<rustls::ServerConfig>);

/// The server configuration for `reflector --tls-cert/--tls-key`: the PEM
/// certificate chain (leaf first) and its private key, HTTP/1.1 by ALPN.
/// Errors name the file and what is wrong with it.
pub fn server_config(cert: &Path, key: &Path) -> Result<ServerTls, String> {
    use rustls::pki_types::PrivateKeyDer;
    let chain = read_pem(cert).map_err(|e| format!("{}: {e}", cert.display()))?;
    if chain.is_empty() {
        return Err(format!(
            "{}: no PEM certificate in the file",
            cert.display()
        ));
    }
    let bytes = std::fs::read(key)
        .map_err(|e| format!("{}: {}", key.display(), crate::sys::io_words(&e)))?;
    let key_der = PrivateKeyDer::from_pem_slice(&bytes)
        .map_err(|_| format!("{}: no PEM private key in the file", key.display()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(chain, key_der)
        .map_err(|e| format!("{} and {}: {e}", cert.display(), key.display()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(ServerTls(Arc::new(config)))
}
