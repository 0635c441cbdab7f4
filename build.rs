// A newly added migration file must rebuild the crate: `sqlx::migrate!` embeds the folders.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
