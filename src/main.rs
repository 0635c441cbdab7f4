use std::process::ExitCode;

#[actix_web::main]
async fn main() -> ExitCode {
    storyvault::cli::main().await
}
