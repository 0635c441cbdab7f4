// A newly added migration file must rebuild the crate: `sqlx::migrate!` embeds the folders.
// Cargo reads its instructions from a build script's stdout, so printing is the interface here.
#[allow(clippy::disallowed_macros)]
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
