//! Building the application: policies, database, keys, then the HTTP server bound to its port.
//! `main` stays a few lines; the integration tests boot the real binary on a free port.

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::{HttpServer, web};

use crate::anonymise::Anonymiser;
use crate::config::Settings;
use crate::domain::time::Millis;
use crate::policies::{Policies, PolicyError};
use crate::service::Service;
use crate::store::{Store, StoreError};
use crate::vault::{ServiceSecret, VaultError, load_or_create_master_keys};

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
    #[error("{0}")]
    Other(String),
}

/// Opens everything a use case needs. With data present and the key missing or wrong this fails
/// before anything is written.
pub async fn open_service(settings: &Settings) -> Result<Service, StartupError> {
    let policies = Policies::load(&settings.policies_dir)?;
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
    let dummy_hash = crate::service::dummy_password_hash()
        .await
        .map_err(|e| StartupError::Other(e.to_string()))?;
    Ok(Service::new(
        store,
        master,
        secret,
        policies,
        Anonymiser::new(),
        dummy_hash,
    ))
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
    service: Service,
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
        let metrics = web::Data::new(crate::http::metrics::Metrics::default());
        let proxies = web::Data::new(crate::http::client_addr::TrustedProxies(
            settings.trusted_proxies.clone(),
        ));
        let server = HttpServer::new(move || {
            crate::http::app(data.clone(), metrics.clone()).app_data(proxies.clone())
        })
        .listen(listener)
        .map_err(|source| StartupError::Bind { addr, source })?
        // SIGTERM: stop accepting, let requests in flight finish.
        .shutdown_timeout(30)
        .run();
        Ok(Self {
            server,
            addr,
            service,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub async fn run(self) -> std::io::Result<()> {
        tracing::info!(addr = %self.addr, "listening");
        let sweeper = tokio::spawn(sweep_sessions(self.service.clone()));
        let result = self.server.await;
        sweeper.abort();
        self.service.store().close().await;
        result
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
