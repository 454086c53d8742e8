//! Every pinned tool version, in one place. npm packages are pinned in `package.json` /
//! `package-lock.json`; crates in `Cargo.lock`.

/// Must equal the `wasm-bindgen` crate version in Cargo.toml (checked by `xtask setup`).
pub const WASM_BINDGEN: &str = "0.2.130";
pub const GECKODRIVER: &str = "0.37.1";
pub const CARGO_FUZZ: &str = "0.13.1";
/// Debian packages the browser tests and the comparison benchmark need.
pub const APT_BROWSERS: &[&str] = &["chromium", "chromium-driver", "firefox-esr"];
pub const APT_BENCH: &[&str] = &["libsisimai-perl", "python3-flufl.bounce"];
/// Test data read in place by `tests/flufl_data.rs` (flufl.bounce's 113 real bounces).
pub const APT_TEST_DATA: &[&str] = &["python3-flufl.bounce"];
