//! Building the application: policies, database, keys, then the HTTP server bound to its port.
//! `main` stays a few lines; the integration tests boot the real binary on a free port.

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::{HttpServer, web};

use crate::anonymise::Anonymiser;
use crate::config::Settings;
use crate::domain::time::Millis;
use crate::journal::Journal;
use crate::policies::{Policies, PolicyError};
use crate::service::Service;
use crate::store::{Store, StoreError};
use crate::vault::{MasterKeys, ReceiptKey, ServiceSecret, VaultError, load_or_create_master_keys};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Policy(#[from] PolicyError),
    #[error("data directory {path}: {problem}")]
    DataDir { path: String, problem: String },
    #[error("database: {0}")]
    Store(#[from] StoreError),
    #[error("master key: {0}")]
    Key(#[from] VaultError),
    #[error(
        "master key: the configured key does not open this database (wrong key file?); refusing to start"
    )]
    WrongKey,
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Journal(#[from] crate::journal::JournalError),
    #[error("{0}")]
    Other(String),
}

/// Opens everything a use case needs. With data present and the key missing or wrong this fails
/// before anything is written.
pub async fn open_service(settings: &Settings) -> Result<Service, StartupError> {
    let policies = Policies::load(settings.policies_dir.as_deref())?;
    create_data_dir(settings)?;
    let store = Store::connect(&settings.database_url).await?;
    let data_present = store.holds_data().await?;
    let (master, generated) = load_or_create_master_keys(&settings.key_source(), data_present)?;
    if generated {
        tracing::warn!(
            "generated a new master key in the data directory; for production set STORYVAULT_KEY_FILE to a key \
             kept apart from the database and its backups"
        );
    }
    let secret = match store.service_secret().await? {
        Some(sealed) => {
            ServiceSecret::open(&master, &sealed).map_err(|_| StartupError::WrongKey)?
        }
        None if data_present => return Err(StartupError::WrongKey),
        None => {
            let secret = ServiceSecret::generate();
            store.put_service_secret(&secret.seal(&master)?).await?;
            secret
        }
    };
    let journal = Journal::new(settings.journal_file.clone(), &master)?;
    apply_journal(&store, &journal).await?;
    let receipt_key = open_receipt_key(&store, &master).await?;
    let dummy_hash = crate::service::dummy_password_hash()
        .await
        .map_err(|e| StartupError::Other(e.to_string()))?;
    Ok(Service::new(
        store,
        master,
        secret,
        receipt_key,
        policies,
        Anonymiser::new(),
        dummy_hash,
        journal,
    ))
}

/// Applies the erasure journal again (before anything is served): after a restore of an older
/// backup or snapshot, erased participants and deleted stories go again and withdrawn consents
/// stay withdrawn. On a database that reflects the journal already, nothing changes.
pub async fn apply_journal(store: &Store, journal: &Journal) -> Result<(), StartupError> {
    let entries = journal.read()?;
    let applied = store.apply_journal(&entries).await?;
    if applied.changed_anything() {
        tracing::warn!(
            participants_erased = applied.participants_erased,
            stories_deleted = applied.stories_deleted,
            consents_withdrawn = applied.consents_withdrawn,
            "erasure journal applied: the database held data erased or withdrawn since"
        );
    }
    Ok(())
}

/// The key that signs consent receipts: generated on first start, sealed to the master key.
async fn open_receipt_key(store: &Store, master: &MasterKeys) -> Result<ReceiptKey, StartupError> {
    if let Some(sealed) = store.receipt_key().await? {
        return ReceiptKey::open(master, &sealed).map_err(|_| StartupError::WrongKey);
    }
    let key = ReceiptKey::generate();
    if store.put_receipt_key(&key.seal(master)?).await? {
        return Ok(key);
    }
    // Another instance stored one first: use that.
    let sealed = store
        .receipt_key()
        .await?
        .ok_or_else(|| StartupError::Other("receipt key vanished".into()))?;
    ReceiptKey::open(master, &sealed).map_err(|_| StartupError::WrongKey)
}

/// The data directory holds the database (and the first-run key): owner-only.
fn create_data_dir(settings: &Settings) -> Result<(), StartupError> {
    let path = &settings.data_dir;
    let fail = |problem: String| StartupError::DataDir {
        path: path.display().to_string(),
        problem,
    };
    if !path.exists() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder
            .create(path)
            .map_err(|e| fail(format!("cannot be created ({})", e.kind())))?;
    }
    Ok(())
}

pub struct Application {
    server: Server,
    addr: SocketAddr,
    /// The separate `/metrics` listener, when `STORYVAULT_METRICS_ADDR` is set.
    metrics: Option<(Server, SocketAddr)>,
    service: Service,
    retention_interval: Duration,
}

impl Application {
    pub async fn build(settings: &Settings) -> Result<Self, StartupError> {
        let service = open_service(settings).await?;
        let listener = TcpListener::bind(settings.addr).map_err(|source| StartupError::Bind {
            addr: settings.addr,
            source,
        })?;
        let addr = listener.local_addr().map_err(|source| StartupError::Bind {
            addr: settings.addr,
            source,
        })?;
        let data = web::Data::new(service.clone());
        // One registry for all workers of this process.
        let metrics = web::Data::new(crate::http::metrics::Metrics::for_service(service.clone()));
        let proxies = web::Data::new(crate::http::client_addr::TrustedProxies(
            settings.trusted_proxies.clone(),
        ));
        let cookies = web::Data::new(crate::web::CookiePolicy {
            secure: settings.behind_tls,
        });
        let metrics_server = match settings.metrics_addr {
            Some(wanted) => Some(metrics_listener(wanted, metrics.clone())?),
            None => None,
        };
        let server = HttpServer::new(move || {
            crate::http::app(data.clone(), metrics.clone())
                .app_data(proxies.clone())
                .app_data(cookies.clone())
        })
        .listen(listener)
        .map_err(|source| StartupError::Bind { addr, source })?
        // SIGTERM: stop accepting, let requests in flight finish.
        .shutdown_timeout(30)
        .run();
        Ok(Self {
            server,
            addr,
            metrics: metrics_server,
            service,
            retention_interval: settings.retention_interval,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub async fn run(self) -> std::io::Result<()> {
        let metrics = self.metrics.map(|(server, addr)| {
            tracing::info!(addr = %addr, "metrics listening");
            let handle = server.handle();
            (tokio::spawn(server), handle)
        });
        tracing::info!(addr = %self.addr, "listening");
        let sweeper = tokio::spawn(sweep_sessions(self.service.clone()));
        let reads = tokio::spawn(crate::service::flush_audience_reads_forever(
            self.service.clone(),
        ));
        let retention = tokio::spawn(enforce_retention(
            self.service.clone(),
            self.retention_interval,
        ));
        let result = self.server.await;
        sweeper.abort();
        retention.abort();
        if let Err(e) = self.service.stop_audience_reads_flusher(reads).await {
            tracing::warn!(cause = %e, "audience read counts could not be written at shutdown");
        }
        if let Some((task, handle)) = metrics {
            handle.stop(true).await;
            let _ = task.await;
        }
        self.service.store().close().await;
        result
    }
}

fn metrics_listener(
    wanted: SocketAddr,
    metrics: web::Data<crate::http::metrics::Metrics>,
) -> Result<(Server, SocketAddr), StartupError> {
    let bind_error = |source| StartupError::Bind {
        addr: wanted,
        source,
    };
    let listener = TcpListener::bind(wanted).map_err(bind_error)?;
    let addr = listener.local_addr().map_err(bind_error)?;
    let server = crate::http::metrics::server(listener, metrics).map_err(bind_error)?;
    Ok((server, addr))
}

/// Enforces `[retention]` at start and then every `period`; a failed run is logged and retried
/// at the next tick.
async fn enforce_retention(service: Service, period: Duration) {
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = service.enforce_retention().await {
            tracing::warn!(cause = %e, "retention run failed");
        }
    }
}

/// Removes dead sessions now and then; checks on each request make them unusable already.
async fn sweep_sessions(service: Service) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        let now = Millis::now();
        let idle_cutoff = now.plus_minutes(-service.policies().rules.session_idle_minutes);
        match service
            .store()
            .delete_stale_sessions(now, idle_cutoff)
            .await
        {
            Ok(n) if n > 0 => tracing::info!(removed = n, "stale sessions removed"),
            Ok(_) => {}
            Err(e) => tracing::warn!(cause = %e, "stale session sweep failed"),
        }
    }
}
