//! The command line: `serve`, `create-admin`, `anonymise`.

use std::io::BufRead;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::error::AppError;
use crate::startup::{Application, open_service};

#[derive(Parser)]
#[command(
    name = "storyvault",
    version,
    about = "Stories of young people in youth care, encrypted and shared only with consent"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP service.
    Serve,
    /// Create an admin account; the password is read from standard input.
    CreateAdmin {
        #[arg(long)]
        username: String,
    },
    /// JSONL {"id","text"} on stdin to {"id","spans":[...]} on stdout (the anonymiser alone).
    Anonymise,
    /// Re-wrap every participant key to a new master identity (content is not re-encrypted).
    /// Safe to interrupt and rerun.
    RotateKey {
        /// The new age identity file.
        #[arg(long)]
        new_key_file: std::path::PathBuf,
    },
}

pub async fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Anonymise => anonymise(),
        Command::Serve => with_settings(serve).await,
        Command::CreateAdmin { username } => with_settings(|s| create_admin(s, username)).await,
        Command::RotateKey { new_key_file } => with_settings(|s| rotate_key(s, new_key_file)).await,
    }
}

async fn with_settings<F, Fut>(run: F) -> ExitCode
where
    F: FnOnce(Settings) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string()),
    };
    crate::telemetry::init(settings.log_format);
    match run(settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    tracing::error!(problem = %message, "storyvault stopped");
    eprintln!("storyvault: {message}");
    ExitCode::FAILURE
}

async fn serve(settings: Settings) -> Result<(), String> {
    let app = Application::build(&settings)
        .await
        .map_err(|e| e.to_string())?;
    app.run().await.map_err(|e| format!("server: {e}"))
}

async fn create_admin(settings: Settings, username: String) -> Result<(), String> {
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .map_err(|e| format!("reading the password: {}", e.kind()))?;
    let password = password.trim_end_matches(['\n', '\r']).to_string();
    let service = open_service(&settings).await.map_err(|e| e.to_string())?;
    let result = service
        .create_account(None, username, password, "admin".into())
        .await;
    service.store().close().await;
    match result {
        Ok(account) => {
            tracing::info!(account_id = %account.id, "admin account created");
            Ok(())
        }
        Err(AppError::Validation(problems)) => Err(format!(
            "invalid input: {}",
            problems
                .iter()
                .map(|p| format!("{}: {}", p.field, p.code))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Err(AppError::Conflict { message, .. }) => Err(message.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

async fn rotate_key(settings: Settings, new_key_file: std::path::PathBuf) -> Result<(), String> {
    let report = crate::rotation::rotate_master_key(&settings, &new_key_file, |done, total| {
        eprintln!("rotate-key: {done}/{total} participant keys checked");
    })
    .await
    .map_err(|e| e.to_string())?;
    eprintln!(
        "rotate-key: done; {} re-wrapped, {} already on the new key, {} erased meanwhile",
        report.rewrapped, report.already_new, report.vanished
    );
    Ok(())
}

fn anonymise() -> ExitCode {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    match crate::anonymise::cli::run(stdin.lock(), stdout.lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("storyvault anonymise: {}", e.kind());
            ExitCode::FAILURE
        }
    }
}
