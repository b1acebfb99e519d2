//! A minimal client of the Chrome DevTools Protocol for the browser test: starts headless
//! Chromium with a fresh profile, talks to it over its local WebSocket, and ends it when dropped.
//! Only what the test needs: open a page, navigate, wait for events, evaluate, screenshot.

use std::collections::VecDeque;
use std::io::ErrorKind;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

/// How long any one step may take before the test gives up (a cold Chromium start on a busy
/// two-core machine takes a few seconds).
pub const STEP_TIMEOUT: Duration = Duration::from_secs(60);

/// A running headless Chromium and the page session the test drives.
pub struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    next_id: u64,
    session: String,
    /// Events received and not yet taken, in arrival order.
    events: VecDeque<Value>,
    /// Every event of the page session seen so far (for console and network checks).
    pub log: Vec<Value>,
    profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium and opens one blank page with the Page, Runtime, Log and Network
    /// domains enabled.
    pub fn launch(executable: &Path) -> Result<Browser, String> {
        let profile = tempfile::tempdir().map_err(|e| format!("profile dir: {e}"))?;
        let stderr_path = profile.path().join("chromium-stderr.log");
        let stderr = std::fs::File::create(&stderr_path).map_err(|e| e.to_string())?;
        let child = Command::new(executable)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-breakpad",
                "--disable-crash-reporter",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                "--window-size=1360,900",
            ])
            .arg(format!(
                "--user-data-dir={}",
                profile.path().join("profile").display()
            ))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(stderr))
            .spawn()
            .map_err(|e| format!("{}: {e}", executable.display()))?;
        let mut launching = Launching { child: Some(child) };
        let (port, path) = wait_for_port(
            &profile.path().join("profile").join("DevToolsActivePort"),
            &stderr_path,
            launching.child.as_mut().ok_or("no child")?,
        )?;
        let stream =
            TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
        // The handshake may wait as long as a step (a busy machine answers slowly); reads after
        // it wake up often, to look at the clock.
        stream
            .set_read_timeout(Some(STEP_TIMEOUT))
            .map_err(|e| e.to_string())?;
        let url = format!("ws://127.0.0.1:{port}{path}");
        let (socket, _) = tungstenite::client(url.as_str(), stream)
            .map_err(|e| format!("WebSocket handshake with {url}: {e}"))?;
        socket
            .get_ref()
            .set_read_timeout(Some(Duration::from_millis(500)))
            .map_err(|e| e.to_string())?;
        let mut browser = Browser {
            child: launching.child.take().ok_or("no child")?,
            socket,
            next_id: 0,
            session: String::new(),
            events: VecDeque::new(),
            log: Vec::new(),
            profile,
        };
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}))?;
        let target_id = target["targetId"]
            .as_str()
            .ok_or("no targetId")?
            .to_string();
        let attached = browser.call(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        )?;
        browser.session = attached["sessionId"]
            .as_str()
            .ok_or("no sessionId")?
            .to_string();
        for domain in ["Page", "Runtime", "Log", "Network"] {
            browser.page_call(&format!("{domain}.enable"), json!({}))?;
        }
        Ok(browser)
    }

    /// The profile folder (a scratch directory that lives as long as the browser).
    pub fn scratch(&self) -> PathBuf {
        self.profile.path().to_path_buf()
    }

    /// Sends a browser-level command and waits for its result.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.send(method, params, None)
    }

    /// Sends a command to the page session and waits for its result.
    pub fn page_call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        let session = self.session.clone();
        self.send(method, params, Some(&session))
    }

    fn send(
        &mut self,
        method: &str,
        params: Value,
        session: Option<&str>,
    ) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .map_err(|e| format!("{method}: {e}"))?;
        let deadline = Instant::now() + STEP_TIMEOUT;
        loop {
            let Some(value) = self.receive(deadline)? else {
                return Err(format!("{method}: no answer within {STEP_TIMEOUT:?}"));
            };
            if value["id"].as_u64() == Some(id) {
                if let Some(error) = value.get("error") {
                    return Err(format!("{method}: {error}"));
                }
                return Ok(value["result"].clone());
            }
            if value.get("method").is_some() {
                self.events.push_back(value);
            }
        }
    }

    /// One message, or None when the deadline passes first.
    fn receive(&mut self, deadline: Instant) -> Result<Option<Value>, String> {
        loop {
            if Instant::now() > deadline {
                return Ok(None);
            }
            match self.socket.read() {
                Ok(Message::Text(text)) => {
                    let value: Value =
                        serde_json::from_str(text.as_str()).map_err(|e| e.to_string())?;
                    if value.get("method").is_some()
                        && value["sessionId"].as_str() == Some(self.session.as_str())
                    {
                        self.log.push(value.clone());
                    }
                    return Ok(Some(value));
                }
                Ok(_) => continue,
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                {
                    continue
                }
                Err(e) => return Err(format!("DevTools connection: {e}")),
            }
        }
    }

    /// Forgets the events received so far (they stay in `log`).
    pub fn clear_events(&mut self) {
        self.events.clear();
    }

    /// Waits for an event of the page session, taking it and the events before it.
    pub fn wait_for(&mut self, method: &str) -> Result<Value, String> {
        let deadline = Instant::now() + STEP_TIMEOUT;
        loop {
            while let Some(event) = self.events.pop_front() {
                if event["method"] == method && event["sessionId"] == json!(self.session) {
                    return Ok(event);
                }
            }
            match self.receive(deadline)? {
                Some(value) if value.get("method").is_some() => self.events.push_back(value),
                Some(_) => {}
                None => return Err(format!("no {method} within {STEP_TIMEOUT:?}")),
            }
        }
    }

    /// Navigates the page and waits until it has loaded.
    pub fn navigate(&mut self, url: &str) -> Result<(), String> {
        self.clear_events();
        let result = self.page_call("Page.navigate", json!({"url": url}))?;
        if let Some(error) = result.get("errorText") {
            return Err(format!("{url}: {error}"));
        }
        self.wait_for("Page.loadEventFired").map(|_| ())
    }

    /// Evaluates a JavaScript expression in the page and returns its value.
    pub fn evaluate(&mut self, expression: &str) -> Result<Value, String> {
        let result = self.page_call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        )?;
        if let Some(exception) = result.get("exceptionDetails") {
            return Err(format!("{expression}: {exception}"));
        }
        Ok(result["result"]["value"].clone())
    }

    /// A PNG of the page's top `height` CSS pixels (the whole page when shorter), `width` wide.
    pub fn screenshot(&mut self, width: u32, max_height: u32) -> Result<Vec<u8>, String> {
        let metrics = self.page_call("Page.getLayoutMetrics", json!({}))?;
        let content_height = metrics["cssContentSize"]["height"]
            .as_f64()
            .unwrap_or(900.0);
        let height = content_height.min(f64::from(max_height)).ceil();
        let shot = self.page_call(
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "captureBeyondViewport": true,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
            }),
        )?;
        let data = shot["data"].as_str().ok_or("no screenshot data")?;
        decode_base64(data)
    }

    /// Errors the page reported: uncaught exceptions, console.error/assert calls and browser log
    /// entries of level error (a file that failed to load, a blocked request).
    pub fn console_errors(&self) -> Vec<String> {
        self.log
            .iter()
            .filter_map(|event| {
                let params = &event["params"];
                match event["method"].as_str()? {
                    "Runtime.exceptionThrown" => Some(format!(
                        "exception: {}",
                        params["exceptionDetails"]["exception"]["description"]
                            .as_str()
                            .or(params["exceptionDetails"]["text"].as_str())
                            .unwrap_or("?")
                    )),
                    "Runtime.consoleAPICalled"
                        if matches!(params["type"].as_str(), Some("error" | "assert")) =>
                    {
                        Some(format!("console.{}: {}", params["type"], params["args"]))
                    }
                    "Log.entryAdded" if params["entry"]["level"] == "error" => Some(format!(
                        "log: {} {}",
                        params["entry"]["text"].as_str().unwrap_or(""),
                        params["entry"]["url"].as_str().unwrap_or("")
                    )),
                    _ => None,
                }
            })
            .collect()
    }

    /// Every URL the page requested.
    pub fn requested_urls(&self) -> Vec<String> {
        self.log
            .iter()
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .filter_map(|e| e["params"]["request"]["url"].as_str().map(str::to_string))
            .collect()
    }
}

impl Drop for Browser {
    /// Asks Chromium to close (so it ends its own helper processes), then ends it if it has not
    /// exited within a few seconds.
    fn drop(&mut self) {
        self.next_id += 1;
        let close = json!({"id": self.next_id, "method": "Browser.close"});
        let _ = self.socket.send(Message::text(close.to_string()));
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Ends Chromium when launching fails half-way.
struct Launching {
    child: Option<Child>,
}

impl Drop for Launching {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Chromium writes its DevTools port and browser path into the profile once it listens.
fn wait_for_port(file: &Path, stderr: &Path, child: &mut Child) -> Result<(u16, String), String> {
    let deadline = Instant::now() + STEP_TIMEOUT;
    while Instant::now() < deadline {
        if let Ok(text) = std::fs::read_to_string(file) {
            let mut lines = text.lines();
            if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                if let Ok(port) = port.trim().parse() {
                    return Ok((port, path.trim().to_string()));
                }
            }
        }
        if let Ok(Some(status)) = child.try_wait() {
            let log = std::fs::read_to_string(stderr).unwrap_or_default();
            return Err(format!(
                "chromium exited ({status}) before listening:\n{log}"
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = std::fs::read_to_string(stderr).unwrap_or_default();
    Err(format!(
        "chromium did not listen within {STEP_TIMEOUT:?}:\n{log}"
    ))
}

/// Standard base64 (the protocol's encoding of binary results).
fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        buffer = (buffer << 6) | value(c).ok_or("not base64")?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Ok(out)
}
