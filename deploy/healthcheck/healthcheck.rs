//! `storyvault-healthcheck`: the container image's HEALTHCHECK, so the runtime image needs no shell
//! and no curl. Standard library only; built with plain `rustc` in the Dockerfile's builder stage.
//!
//! Usage: `storyvault-healthcheck [PATH]` (default `/healthz`). It connects to the port in
//! `STORYVAULT_ADDR` (default `127.0.0.1:8080`; an unspecified address such as `0.0.0.0` is reached
//! on loopback), sends `GET PATH`, and exits 0 only on an HTTP 200 within three seconds, 1 otherwise.
//! It prints one short line on failure and nothing else: no response body ever reaches the log.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(3);

fn target() -> Result<SocketAddr, String> {
    let text = std::env::var("STORYVAULT_ADDR")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "127.0.0.1:8080".to_string());
    let mut addr: SocketAddr = text
        .parse()
        .map_err(|_| format!("STORYVAULT_ADDR is not an address and port: {text}"))?;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr.ip() {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
        });
    }
    Ok(addr)
}

fn probe(addr: SocketAddr, path: &str) -> Result<(), String> {
    let mut stream =
        TcpStream::connect_timeout(&addr, TIMEOUT).map_err(|e| format!("connect {addr}: {e}"))?;
    stream
        .set_read_timeout(Some(TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(TIMEOUT)))
        .map_err(|e| format!("socket: {e}"))?;
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nUser-Agent: storyvault-healthcheck\r\nConnection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("send: {e}"))?;
    // The status line is all that matters: read at most a small head of the response.
    let mut head = [0u8; 64];
    let mut len = 0;
    while len < head.len() {
        match stream.read(&mut head[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) => return Err(format!("receive: {e}")),
        }
        if head[..len].contains(&b'\n') {
            break;
        }
    }
    let status_line = String::from_utf8_lossy(&head[..len]);
    let status = status_line.split_whitespace().nth(1).unwrap_or("none");
    if status_line.starts_with("HTTP/1.") && status == "200" {
        Ok(())
    } else {
        Err(format!("GET {path}: status {status}"))
    }
}

fn main() -> ExitCode {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/healthz".to_string());
    if !path.starts_with('/') || path.contains(char::is_whitespace) {
        eprintln!("storyvault-healthcheck: the path must start with / and hold no spaces");
        return ExitCode::FAILURE;
    }
    match target().and_then(|addr| probe(addr, &path)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("storyvault-healthcheck: unhealthy: {problem}");
            ExitCode::FAILURE
        }
    }
}
