//! The service under test: a child process with its own data directory and captured logs.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use reqwest::Method;
use reqwest::blocking::{Client, Response};
use serde_json::Value;
use tempfile::TempDir;

use super::{ADMIN_USERNAME, Backend, PASSWORD, TestDatabase};

const START_TIMEOUT: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(20);
/// Every line the service (and `create-admin`) wrote to stdout or stderr.
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<String>>>);

impl Logs {
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().expect("log buffer").clone()
    }

    pub fn len(&self) -> usize {
        self.0.lock().expect("log buffer").len()
    }

    pub fn contains(&self, needle: &str) -> bool {
        self.lines().iter().any(|line| line.contains(needle))
    }

    fn push(&self, line: String) {
        self.0.lock().expect("log buffer").push(line);
    }

    fn collect_from(&self, stream: impl Read + Send + 'static) {
        let logs = self.clone();
        thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut line = Vec::new();
            while matches!(reader.read_until(b'\n', &mut line), Ok(n) if n > 0) {
                logs.push(String::from_utf8_lossy(&line).trim_end().to_owned());
                line.clear();
            }
        });
    }
}

/// Why `serve` did not come up.
#[derive(Debug)]
pub struct StartFailure {
    pub status: ExitStatus,
    pub output: Vec<String>,
}

pub struct TestApp {
    pub address: String,
    pub client: Client,
    pub logs: Logs,
    pub admin_token: String,
    /// Second-factor secrets of the staff accounts the helpers enrolled.
    pub totp: super::TotpBook,
    root: TempDir,
    env: Vec<(String, String)>,
    /// The PostgreSQL database of this test, when the binary runs on PostgreSQL.
    database: Option<TestDatabase>,
    child: Option<Child>,
}

impl TestApp {
    /// A fresh service: new data directory, an admin account, `serve` listening on a free port.
    pub fn spawn() -> TestApp {
        TestApp::spawn_with_env(&[])
    }

    /// A fresh service whose environment has `vars` from the very first command on.
    pub fn spawn_with_env(vars: &[(&str, &str)]) -> TestApp {
        let mut app = TestApp::prepare();
        for (key, value) in vars {
            app.set_env(key, value);
        }
        app.create_admin();
        app.start().expect("the service starts");
        app.admin_token = app.login(ADMIN_USERNAME, PASSWORD);
        app
    }

    /// A fresh service whose environment lacks `removed` (e.g. `STORYVAULT_POLICIES_DIR`, to run
    /// on the built-in policies), from the very first command on.
    pub fn spawn_without_env(removed: &[&str]) -> TestApp {
        let mut app = TestApp::prepare();
        app.env.retain(|(key, _)| !removed.contains(&key.as_str()));
        app.create_admin();
        app.start().expect("the service starts");
        app.admin_token = app.login(ADMIN_USERNAME, PASSWORD);
        app
    }

    /// Another `serve` process on the same database and master key (its own port and logs), as a
    /// second instance behind a load balancer. Drop it before `self`, which owns the database.
    pub fn second_instance(&self) -> TestApp {
        let mut other = TestApp::prepare_empty();
        other.env = self.env.clone();
        other.admin_token = self.admin_token.clone();
        other.totp = self.totp.clone();
        other.start().expect("the second instance starts");
        other
    }

    /// A data directory and environment, with nothing run yet.
    fn prepare() -> TestApp {
        TestApp::prepare_with(crate::BACKEND == Backend::Postgres)
    }

    /// Like `prepare`, but never creates a database of its own.
    fn prepare_empty() -> TestApp {
        TestApp::prepare_with(false)
    }

    fn prepare_with(with_database: bool) -> TestApp {
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(root.path().join("data")).expect("data dir");
        std::fs::create_dir(root.path().join("tmp")).expect("tmp dir");
        let policies = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let mut env: Vec<(String, String)> = vec![
            ("STORYVAULT_ADDR".into(), "127.0.0.1:0".into()),
            (
                "STORYVAULT_DATA_DIR".into(),
                path_string(&root.path().join("data")),
            ),
            ("STORYVAULT_LOG_FORMAT".into(), "json".into()),
            ("STORYVAULT_POLICIES_DIR".into(), path_string(&policies)),
            ("RUST_LOG".into(), "info".into()),
            // SQLite and anything else that spills to disk writes here, so canary tests see it.
            ("TMPDIR".into(), path_string(&root.path().join("tmp"))),
        ];
        // On PostgreSQL every test gets a database of its own, dropped with the app.
        let database = with_database.then(TestDatabase::create);
        if let Some(db) = &database {
            env.push(("STORYVAULT_DATABASE_URL".into(), db.url.clone()));
        }
        let client = Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("http client");
        TestApp {
            address: String::new(),
            client,
            logs: Logs::default(),
            admin_token: String::new(),
            totp: super::TotpBook::default(),
            root,
            env,
            child: None,
            database,
        }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_storyvault"));
        command
            .args(args)
            .env_remove("STORYVAULT_DATABASE_URL")
            .env_remove("STORYVAULT_KEY_FILE")
            .current_dir(self.root.path());
        for (key, value) in &self.env {
            command.env(key, value);
        }
        command
    }

    /// Runs a one-off command (backup, restore, copy-data) with this app's environment and waits
    /// for it; what it wrote joins the logs, so tests that scan the logs see it too.
    pub fn run_command(&self, args: &[&str]) -> std::process::Output {
        let output = self
            .command(args)
            .stdin(Stdio::null())
            .output()
            .expect("run storyvault");
        for stream in [&output.stdout, &output.stderr] {
            for line in String::from_utf8_lossy(stream).lines() {
                self.logs.push(line.to_owned());
            }
        }
        output
    }

    fn create_admin(&self) {
        self.totp.must_enrol(ADMIN_USERNAME);
        let mut child = self
            .command(&["create-admin", "--username", ADMIN_USERNAME])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run create-admin");
        let mut stdin = child.stdin.take().expect("stdin");
        writeln!(stdin, "{PASSWORD}").expect("write password");
        drop(stdin);
        let output = child.wait_with_output().expect("create-admin finishes");
        for stream in [&output.stdout, &output.stderr] {
            for line in String::from_utf8_lossy(stream).lines() {
                self.logs.push(line.to_owned());
            }
        }
        assert!(
            output.status.success(),
            "create-admin failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Runs `serve`, waits for the `listening` line and a healthy `/healthz`. If the process
    /// exits first, returns its status and what it wrote.
    pub fn start(&mut self) -> Result<(), StartFailure> {
        assert!(self.child.is_none(), "the service is already running");
        let first_line = self.logs.len();
        let mut child = self
            .command(&["serve"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run serve");
        self.logs.collect_from(child.stdout.take().expect("stdout"));
        self.logs.collect_from(child.stderr.take().expect("stderr"));
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(status) = child.try_wait().expect("poll serve") {
                thread::sleep(Duration::from_millis(50)); // let the readers drain the pipes
                let output = self.logs.lines().split_off(first_line);
                return Err(StartFailure { status, output });
            }
            if let Some(addr) = listening_address(&self.logs.lines()[first_line..]) {
                self.address = format!("http://{addr}");
                self.child = Some(child);
                self.wait_until_healthy(deadline);
                return Ok(());
            }
            assert!(Instant::now() < deadline, "serve never logged `listening`");
            thread::sleep(POLL);
        }
    }

    fn wait_until_healthy(&self, deadline: Instant) {
        loop {
            let healthy = self
                .client
                .get(self.url("/healthz"))
                .send()
                .is_ok_and(|r| r.status() == 200);
            if healthy {
                return;
            }
            assert!(Instant::now() < deadline, "/healthz never answered 200");
            thread::sleep(POLL);
        }
    }

    /// Stops `serve` (SIGTERM, then SIGKILL after a grace period) and waits for it to exit.
    pub fn stop(&mut self) {
        self.terminate();
    }

    /// Sends SIGTERM without waiting for the process to exit.
    pub fn send_sigterm(&self) {
        if let Some(child) = &self.child {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
        }
    }

    /// Sends SIGTERM and waits (up to 10 s, then SIGKILL); the exit status if it exited by itself.
    pub fn terminate(&mut self) -> Option<ExitStatus> {
        let mut child = self.child.take()?;
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = child.try_wait() {
                return Some(status);
            }
            thread::sleep(POLL);
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    }

    /// Sends SIGKILL (a crash: no clean stop) without waiting; `kill` then reaps the process.
    pub fn send_sigkill(&self) {
        if let Some(child) = &self.child {
            let _ = Command::new("kill")
                .args(["-KILL", &child.id().to_string()])
                .status();
        }
    }

    /// Kills the service with SIGKILL (no clean stop: a crash) and waits for it to be gone.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Stops and starts the service on the same data directory.
    pub fn restart(&mut self) {
        self.stop();
        self.start().expect("the service starts again");
    }

    pub fn set_env(&mut self, key: &str, value: &str) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_owned(), value.to_owned()));
    }

    /// The value of one of the service's environment settings.
    pub fn env_value(&self, key: &str) -> Option<String> {
        self.env
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// The process id of the running `serve`, e.g. to read its memory use.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    pub fn root_dir(&self) -> &Path {
        self.root.path()
    }

    /// The PostgreSQL URL of this test's database, when the binary runs on PostgreSQL.
    pub fn postgres_url(&self) -> Option<&str> {
        self.database.as_ref().map(|db| db.url.as_str())
    }

    pub fn data_dir(&self) -> PathBuf {
        self.root.path().join("data")
    }

    pub fn database_file(&self) -> PathBuf {
        self.data_dir().join("storyvault.db")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// The `addr` of the first log event with this message (e.g. `metrics listening`).
    pub fn logged_address(&self, message: &str) -> Option<String> {
        self.logs.lines().iter().find_map(|line| {
            let event: Value = serde_json::from_str(line).ok()?;
            let fields = &event["fields"];
            (fields["message"] == message)
                .then(|| fields["addr"].as_str().map(str::to_owned))
                .flatten()
        })
    }

    // ---- raw HTTP -------------------------------------------------------------------------

    pub fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Response {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().expect("request reaches the service")
    }

    /// A request with a raw body and content type, for malformed input.
    pub fn send_raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: impl Into<reqwest::blocking::Body>,
    ) -> Response {
        let mut request = self
            .client
            .request(method, self.url(path))
            .header("content-type", content_type)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().expect("request reaches the service")
    }

    pub fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path, Some(token), None)
    }

    pub fn post(&self, path: &str, token: &str, body: &Value) -> Response {
        self.request(Method::POST, path, Some(token), Some(body))
    }

    /// A POST without a body (disable, invite).
    pub fn post_empty(&self, path: &str, token: &str) -> Response {
        self.request(Method::POST, path, Some(token), None)
    }

    pub fn put(&self, path: &str, token: &str, body: &Value) -> Response {
        self.request(Method::PUT, path, Some(token), Some(body))
    }

    pub fn delete(&self, path: &str, token: &str) -> Response {
        self.request(Method::DELETE, path, Some(token), None)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        // The service is gone; now its database may be dropped.
        self.database.take();
    }
}
fn listening_address(lines: &[String]) -> Option<String> {
    lines.iter().find_map(|line| {
        let event: Value = serde_json::from_str(line).ok()?;
        let fields = &event["fields"];
        if fields["message"] == "listening" {
            fields["addr"].as_str().map(str::to_owned)
        } else {
            None
        }
    })
}

fn path_string(path: &Path) -> String {
    path.to_str().expect("utf-8 path").to_owned()
}
