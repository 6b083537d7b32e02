//! One probe, run the way the kubelet runs it (pkg/probe/http, pkg/probe/tcp):
//! `httpGet` is a GET with `User-Agent: kube-probe/…` and `Accept: */*`, no proxy, HTTPS
//! **without** certificate verification; success is a status from 200 to 399. Redirects are
//! followed as the kubelet's `RedirectChecker(false)` does: to the same host name, at most 10;
//! a redirect to another host is not followed and its 3xx counts as success (the kubelet's
//! "Warning" result, which it treats as success). `tcpSocket` (and
//! `grpc`, whose health service staticpod does not speak) succeeds when a TCP connection
//! opens. `exec` runs inside the container, which staticpod does not enter: the process being
//! up is taken as success, and reports say so.

use std::fmt;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

/// What a probe does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// An HTTP(S) `GET` (`httpGet`): a status from 200 to 399 is a success.
    Http {
        /// `http` or `https`.
        scheme: &'static str,
        /// The probe's `host`, else the pod IP (for a hostNetwork static pod, the node's
        /// advertised address, else 127.0.0.1).
        host: String,
        /// The port, a named container port already resolved.
        port: u16,
        /// The request path, as written (may be empty).
        path: String,
    },
    /// A TCP connect (`tcpSocket`, and `grpc` taken as one): connecting is a success.
    Tcp {
        /// The probe's `host`, else the pod IP (as for [`Check::Http`]); always the pod IP
        /// for a `grpc` probe.
        host: String,
        /// The port, a named container port already resolved.
        port: u16,
    },
    /// Not run: process-up only.
    Exec,
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Check::Http { .. } => write!(f, "GET {}", self.url().unwrap_or_default()),
            Check::Tcp { host, port } => write!(f, "TCP {}", join_host_port(host, *port)),
            Check::Exec => f.write_str("exec (not run: process up is taken as healthy)"),
        }
    }
}

/// One probe's result: success or failure, with what was seen (`200`, `500`, `connection
/// refused`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeResult {
    /// Whether the kubelet would count it as a success.
    pub success: bool,
    /// What was seen: the status code, or the connection error.
    pub detail: String,
}

impl Check {
    /// The URL of an HTTP check.
    pub fn url(&self) -> Option<String> {
        let Check::Http {
            scheme,
            host,
            port,
            path,
        } = self
        else {
            return None;
        };
        let path = if path.starts_with('/') {
            path.clone()
        } else {
            format!("/{path}")
        };
        Some(format!("{scheme}://{}{path}", join_host_port(host, *port)))
    }

    /// Run the check once, giving up after `timeout`.
    pub fn run(&self, timeout: Duration) -> ProbeResult {
        match self {
            Check::Exec => ProbeResult {
                success: true,
                detail: "process up (exec probes are not run)".into(),
            },
            Check::Tcp { host, port } => tcp(host, *port, timeout),
            Check::Http { .. } => http(&self.url().unwrap_or_default(), timeout),
        }
    }
}

fn join_host_port(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

fn tcp(host: &str, port: u16, timeout: Duration) -> ProbeResult {
    let addrs: Vec<SocketAddr> = match (host, port).to_socket_addrs() {
        Ok(addrs) => addrs.collect(),
        Err(e) => {
            return ProbeResult {
                success: false,
                detail: format!("cannot resolve {host}: {e}"),
            }
        }
    };
    let mut last = format!("no address for {host}");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(_) => {
                return ProbeResult {
                    success: true,
                    detail: "connected".into(),
                }
            }
            Err(e) => last = io_reason(&e),
        }
    }
    ProbeResult {
        success: false,
        detail: last,
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => "timed out".into(),
        _ => e.to_string(),
    }
}

/// The kubelet's limit on same-host redirects.
const MAX_REDIRECTS: usize = 10;

fn http(url: &str, timeout: Duration) -> ProbeResult {
    let tls = ureq::tls::TlsConfig::builder()
        .disable_verification(true)
        .build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(tls)
        .proxy(None)
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .user_agent(concat!("kube-probe/staticpod-", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut url = url.to_string();
    for _ in 0..=MAX_REDIRECTS {
        let response = match agent.get(&url).header("Accept", "*/*").call() {
            Ok(response) => response,
            Err(ureq::Error::Io(e)) => return failure(io_reason(&e)),
            Err(ureq::Error::Timeout(_)) => return failure("timed out".into()),
            Err(e) => return failure(e.to_string()),
        };
        let code = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        match (code, location) {
            (300..=399, Some(location)) => match same_host_redirect(&url, &location) {
                Some(next) => url = next,
                None => {
                    return ProbeResult {
                        success: true,
                        detail: format!("{code} (redirect to another host, not followed)"),
                    }
                }
            },
            _ => {
                return ProbeResult {
                    success: (200..400).contains(&code),
                    detail: code.to_string(),
                }
            }
        }
    }
    failure(format!("stopped after {MAX_REDIRECTS} redirects"))
}

fn failure(detail: String) -> ProbeResult {
    ProbeResult {
        success: false,
        detail,
    }
}

/// Where a redirect from `url` to `location` goes, when it stays on the same host name.
fn same_host_redirect(url: &str, location: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split('/').next().unwrap_or(rest);
    if location.starts_with('/') && !location.starts_with("//") {
        return Some(format!("{scheme}://{authority}{location}"));
    }
    let (_, target_rest) = location.split_once("://")?;
    let target_authority = target_rest.split('/').next().unwrap_or(target_rest);
    let host = |a: &str| {
        crate::render::inputs::split_host_port(a)
            .0
            .to_ascii_lowercase()
    };
    (host(authority) == host(target_authority)).then(|| location.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// A one-shot HTTP server answering `status` to the first request; returns its port.
    fn serve_once(status: u16) -> (u16, std::thread::JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let handle = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = vec![0u8; 4096];
            let n = stream.read(&mut request).unwrap();
            let reply =
                format!("HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
            stream.write_all(reply.as_bytes()).unwrap();
            String::from_utf8_lossy(&request[..n]).into_owned()
        });
        (port, handle)
    }

    /// Answer `replies` in turn, one per connection (status, Location header).
    fn serve_seq(replies: Vec<(u16, String)>) -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for (status, location) in replies {
                let (mut stream, _) = listener.accept().unwrap();
                let mut request = vec![0u8; 4096];
                let _ = stream.read(&mut request).unwrap();
                let location = if location.is_empty() {
                    String::new()
                } else {
                    format!("Location: {location}\r\n")
                };
                let reply = format!("HTTP/1.1 {status} X\r\n{location}Content-Length: 0\r\nConnection: close\r\n\r\n");
                stream.write_all(reply.as_bytes()).unwrap();
            }
        });
        port
    }

    #[test]
    fn redirects_are_followed_on_the_same_host_only() {
        let port = serve_seq(vec![(302, "/login".into()), (500, String::new())]);
        let result = check(port, "/livez").run(Duration::from_secs(2));
        assert_eq!((result.success, result.detail.as_str()), (false, "500"));
        let port = serve_seq(vec![(301, "https://elsewhere.example/livez".into())]);
        let result = check(port, "/livez").run(Duration::from_secs(2));
        assert!(result.success, "{result:?}");
        assert!(result.detail.contains("another host"), "{result:?}");
        let port = serve_seq(vec![(307, String::new())]);
        let result = check(port, "/livez").run(Duration::from_secs(2));
        assert_eq!((result.success, result.detail.as_str()), (true, "307"));
        assert_eq!(
            same_host_redirect("https://127.0.0.1:6443/livez", "https://127.0.0.1:8443/x"),
            Some("https://127.0.0.1:8443/x".to_string())
        );
    }

    fn check(port: u16, path: &str) -> Check {
        Check::Http {
            scheme: "http",
            host: "127.0.0.1".into(),
            port,
            path: path.into(),
        }
    }

    #[test]
    fn http_2xx_and_3xx_succeed_4xx_5xx_fail() {
        for (status, success) in [
            (200, true),
            (204, true),
            (399, true),
            (400, false),
            (500, false),
        ] {
            let (port, server) = serve_once(status);
            let result = check(port, "/livez").run(Duration::from_secs(2));
            assert_eq!(result.success, success, "{status}");
            assert_eq!(result.detail, status.to_string());
            let request = server.join().unwrap();
            assert!(request.starts_with("GET /livez HTTP/1.1\r\n"), "{request}");
            assert!(request
                .to_ascii_lowercase()
                .contains("user-agent: kube-probe/"));
        }
    }

    #[test]
    fn refused_and_tcp() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let tcp = Check::Tcp {
            host: "127.0.0.1".into(),
            port,
        };
        assert!(tcp.run(Duration::from_secs(1)).success);
        drop(listener);
        let result = check(port, "healthz").run(Duration::from_secs(1));
        assert_eq!(result.detail, "connection refused");
        assert!(!tcp.run(Duration::from_secs(1)).success);
        assert_eq!(
            check(port, "healthz").url().unwrap(),
            format!("http://127.0.0.1:{port}/healthz")
        );
    }

    #[test]
    fn ipv6_hosts_are_bracketed() {
        let c = Check::Tcp {
            host: "fd00::1".into(),
            port: 6443,
        };
        assert_eq!(c.to_string(), "TCP [fd00::1]:6443");
    }
}
