//! The build driver: `cargo xtask <command>`.
//!
//! - `demo`  — build the CLI and show the main job on a bundled sample (the README's first command)
//! - `test`  — install what is missing, build everything, run every test (the README's second
//!   command; `.ci/run` calls it)
//! - `setup` — install what is missing (apt packages, wasm tools, npm packages)
//! - `build` — build the CLI, the wasm core, the extension packages and the offline page
//! - `bench-compare` — time rebound, Sisimai 4.25 and flufl.bounce (and the mail-parser floor) over the same corpus
//! - `fuzz [SECONDS] [TARGET|all]` — run the cargo-fuzz targets (stable Rust, see fuzz.rs)

mod bench;
mod ext;
mod fuzz;
mod pins;
mod setup;
mod util;
mod wasm;
mod www;

use std::process::ExitCode;

use util::{cargo, run, Result};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::all(),
        Some("demo") => demo(),
        Some("test") => test(),
        Some("build") => build(),
        Some("bench-compare") => bench::compare(&args[1..]),
        Some("fuzz") => fuzz::run_fuzz(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <demo|test|setup|build|bench-compare|fuzz>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn build() -> Result {
    run(cargo().args(["build", "--release", "--locked", "--bin", "rebound"]))?;
    let pkg = wasm::build()?;
    ext::build(&pkg)?;
    www::build(&pkg)?;
    Ok(())
}

fn demo() -> Result {
    // The build needs the wasm tools and npm packages (not the browsers): install what is missing.
    setup::rust_tools()?;
    setup::npm()?;
    build()?;
    let sample = util::root().join("tests/fixtures/eml/olc-s3150-postfix.eml");
    run(cargo()
        .args([
            "run",
            "--release",
            "--locked",
            "--quiet",
            "--bin",
            "rebound",
            "--",
            "decode",
        ])
        .arg(&sample))
}

fn test() -> Result {
    setup::all()?;
    run(cargo().args(["fmt", "--all", "--check"]))?;
    run(cargo().args([
        "clippy",
        "--locked",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // (The flufl.bounce data `setup` installed must be there: its test may not skip.)
    run(cargo()
        .env("REBOUND_REQUIRE_FLUFL", "1")
        .args(["test", "--locked", "--workspace"]))?;
    // e2e: the built packages in headless Chromium and Firefox ESR (tests/e2e/ext-*.mjs).
    build()?;
    ext::e2e()?;
    // The wasm core in both browsers (wasm-bindgen-test), then the offline page's E2E.
    wasm::browser_tests()?;
    www::test()
}
