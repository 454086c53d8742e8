//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// `../shared` beside the checkout (CI has it there); `REBOUND_SHARED` overrides. `None` when it
/// is absent (a user's fresh clone): the tests that need it say so and skip.
#[allow(dead_code)]
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("REBOUND_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if dir.join("corpus").is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIP: {} not found (set REBOUND_SHARED); shared corpus tests skipped",
            dir.display()
        );
        None
    }
}
