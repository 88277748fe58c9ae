//! A scripted [`Transport`] for tests of client logic: replies (or transport failures) are
//! queued in order and every request is recorded, so a test can assert how many were sent and
//! with which headers and bodies. No network, no clock.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;

use super::{Request, Response, Transport, TransportError};

#[derive(Debug, Default)]
pub struct FakeTransport {
    script: Mutex<VecDeque<std::result::Result<Response, TransportError>>>,
    seen: Mutex<Vec<Request>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl FakeTransport {
    pub fn new() -> FakeTransport {
        FakeTransport::default()
    }

    /// Queue a reply with a JSON body.
    pub fn reply(&self, status: u16, body: &serde_json::Value) -> &Self {
        self.reply_raw(status, body.to_string())
    }

    /// Queue a reply with any body (broken JSON, HTML from a proxy, nothing).
    pub fn reply_raw(&self, status: u16, body: impl Into<Vec<u8>>) -> &Self {
        lock(&self.script).push_back(Ok(Response::new(status, body)));
        self
    }

    /// Queue a JSON reply carrying these headers (e.g. `date`).
    pub fn reply_with_headers(
        &self,
        status: u16,
        body: &serde_json::Value,
        headers: &[(&str, &str)],
    ) -> &Self {
        let mut r = Response::new(status, body.to_string());
        r.headers = headers
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect();
        lock(&self.script).push_back(Ok(r));
        self
    }

    /// Queue a transport failure.
    pub fn fail(&self, e: TransportError) -> &Self {
        lock(&self.script).push_back(Err(e));
        self
    }

    /// Every request sent so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.seen).clone()
    }

    /// Scripted answers not used yet.
    pub fn remaining(&self) -> usize {
        lock(&self.script).len()
    }
}

#[async_trait]
impl Transport for FakeTransport {
    /// The next scripted answer; once the script is used up, a connect failure (so a test that
    /// sends more than it scripted fails loudly, and never charges anything).
    async fn send(&self, req: &Request) -> std::result::Result<Response, TransportError> {
        lock(&self.seen).push(req.clone());
        lock(&self.script).pop_front().unwrap_or_else(|| {
            Err(TransportError::Connect {
                detail: "fake transport: no scripted reply left".into(),
            })
        })
    }
}
