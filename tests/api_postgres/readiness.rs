//! `/readyz` follows the database: it fails while PostgreSQL is unreachable and recovers by
//! itself, without a restart. The database is reached through a TCP proxy the test can cut.

use std::io::copy;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::helpers::TestApp;

/// Forwards to the local PostgreSQL while up; when cut, closes every connection and refuses new ones.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Proxy {
    fn start(target: &'static str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let port = listener.local_addr().expect("addr").port();
        let up = Arc::new(AtomicBool::new(true));
        let open = Arc::new(Mutex::new(Vec::new()));
        let (up_flag, open_list) = (up.clone(), open.clone());
        thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if !up_flag.load(Ordering::SeqCst) {
                    continue; // dropped: the connection is refused
                }
                let Ok(server) = TcpStream::connect(target) else {
                    continue;
                };
                let mut list = open_list.lock().expect("list");
                for stream in [&client, &server] {
                    list.push(stream.try_clone().expect("clone"));
                }
                let (mut c_read, mut s_write) = (
                    client.try_clone().expect("c"),
                    server.try_clone().expect("s"),
                );
                thread::spawn(move || copy(&mut c_read, &mut s_write));
                let (mut s_read, mut c_write) = (server, client);
                thread::spawn(move || copy(&mut s_read, &mut c_write));
            }
        });
        Proxy { port, up, open }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for stream in self.open.lock().expect("list").drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

fn wait_for_status(app: &TestApp, path: &str, want: u16, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if app
            .client
            .get(app.url(path))
            .send()
            .is_ok_and(|r| r.status() == want)
        {
            return true;
        }
        thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn readiness_fails_while_the_database_is_unreachable_and_recovers_without_a_restart() {
    // Arrange: the service reaches its database only through the proxy
    let proxy = Proxy::start("127.0.0.1:5432");
    let mut app = TestApp::spawn();
    app.stop();
    let direct = app
        .env_value("STORYVAULT_DATABASE_URL")
        .expect("database url");
    let proxied = direct.replace("127.0.0.1:5432", &format!("127.0.0.1:{}", proxy.port));
    assert_ne!(
        direct, proxied,
        "the test database is not on 127.0.0.1:5432"
    );
    app.set_env("STORYVAULT_DATABASE_URL", &proxied);
    app.start().expect("serve starts through the proxy");
    assert!(wait_for_status(
        &app,
        "/readyz",
        200,
        Duration::from_secs(5)
    ));

    // Act 1: the database goes away
    proxy.cut();

    // Assert 1: not ready, but alive
    assert!(
        wait_for_status(&app, "/readyz", 503, Duration::from_secs(15)),
        "readyz stayed 200"
    );
    assert!(wait_for_status(
        &app,
        "/healthz",
        200,
        Duration::from_secs(1)
    ));

    // Act 2 and assert 2: the database comes back; ready again, same process
    proxy.restore();
    assert!(
        wait_for_status(&app, "/readyz", 200, Duration::from_secs(20)),
        "readyz never recovered"
    );
    let token = app.login(crate::helpers::ADMIN_USERNAME, crate::helpers::PASSWORD);
    assert!(!token.is_empty());
}
