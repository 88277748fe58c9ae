//! Raw TCP driver (port 9100): connect with a timeout on every `send`, write everything
//! within the write timeout, then shut the write half down so the printer starts printing.

use std::io::Write;
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Instant;

use super::{PrinterDriver, Timeouts};
use crate::error::{PrinterError, Result};

/// Bytes written per `write` call, so the deadline is checked regularly.
const CHUNK: usize = 16 * 1024;

/// Network printer at `host:port`.
#[derive(Debug, Clone)]
pub struct TcpDriver {
    host: String,
    port: u16,
    timeouts: Timeouts,
}

impl TcpDriver {
    /// Creates the driver; no connection is made until `send`.
    pub fn new(host: String, port: u16, timeouts: Timeouts) -> Result<Self> {
        if host.trim().is_empty() {
            return Err(PrinterError::NotFound("empty printer host".into()));
        }
        Ok(TcpDriver {
            host,
            port,
            timeouts,
        })
    }

    fn target(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    fn connect(&self) -> Result<TcpStream> {
        let addrs: Vec<SocketAddr> = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|e| PrinterError::NotFound(format!("{}: {e}", self.target())))?
            .collect();
        let mut last: Option<std::io::Error> = None;
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, self.timeouts.connect) {
                Ok(s) => return Ok(s),
                Err(e) => last = Some(e),
            }
        }
        Err(match last {
            Some(e) => PrinterError::from_io(&e, "connect", &self.target()),
            None => PrinterError::NotFound(format!("{}: no address", self.target())),
        })
    }
}

impl PrinterDriver for TcpDriver {
    fn send(&mut self, bytes: &[u8]) -> Result<()> {
        let mut stream = self.connect()?;
        let _ = stream.set_nodelay(true);
        let deadline = Instant::now() + self.timeouts.write;
        let target = self.target();
        let mut rest = bytes;
        while !rest.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(PrinterError::Timeout {
                    phase: "write",
                    detail: format!("{target}: {} bytes not sent", rest.len()),
                });
            }
            stream
                .set_write_timeout(Some(left))
                .map_err(|e| PrinterError::from_io(&e, "write", &target))?;
            let n = rest.len().min(CHUNK);
            match stream.write(&rest[..n]) {
                Ok(0) => {
                    return Err(PrinterError::WriteFailed(format!(
                        "{target}: connection closed"
                    )))
                }
                Ok(written) => rest = &rest[written..],
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(PrinterError::from_io(&e, "write", &target)),
            }
        }
        stream
            .flush()
            .map_err(|e| PrinterError::from_io(&e, "write", &target))?;
        let _ = stream.shutdown(Shutdown::Write);
        Ok(())
    }

    fn describe(&self) -> String {
        format!("Jaringan {}", self.target())
    }
}
