//! `cargo xtask fuzz [SECONDS] [TARGET|all]`: run the cargo-fuzz targets in `fuzz/`.
//!
//! Stable Rust only: cargo-fuzz (pinned in `pins.rs`) with `RUSTC_BOOTSTRAP=1` (it passes
//! nightly-only `-Z` flags) and `--sanitizer none` (no AddressSanitizer runtime on stable; the
//! crate forbids `unsafe`, so panics, overflows in debug assertions, timeouts and memory blow-ups
//! are what there is to find). The command it runs, for one target:
//!
//! ```sh
//! cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none -O decode corpus/decode \
//!     ../tests/fixtures [../../shared/corpus/emails] -- -max_total_time=600 -timeout=10 \
//!     -max_len=65536 -rss_limit_mb=2048
//! ```
//!
//! New corpus entries go to `fuzz/corpus/<target>` and crashes to `fuzz/artifacts/<target>`
//! (both git-ignored); keep a minimised crash under `fuzz/regressions/` with a test.

use std::path::PathBuf;
use std::process::Command;

use crate::pins;
use crate::util::{cargo, cargo_bin, output, root, run, Result};

/// Every target in `fuzz/Cargo.toml`.
const TARGETS: &[&str] = &["decode", "parsers"];

pub fn run_fuzz(args: &[String]) -> Result {
    let seconds: u64 = match args.first() {
        Some(s) => s
            .parse()
            .map_err(|_| format!("fuzz: SECONDS must be a number, got {s}"))?,
        None => 600,
    };
    let targets: Vec<&str> = match args.get(1).map(String::as_str) {
        None => vec!["decode"],
        Some("all") => TARGETS.to_vec(),
        Some(t) if TARGETS.contains(&t) => vec![t],
        Some(t) => {
            return Err(format!(
                "fuzz: unknown target {t}; one of {TARGETS:?} or all"
            ))
        }
    };
    install_cargo_fuzz()?;
    let fuzz_dir = root().join("fuzz");
    let mut seeds: Vec<PathBuf> = vec![root().join("tests/fixtures")];
    let shared = root().join("../shared/corpus/emails");
    if shared.is_dir() {
        seeds.push(shared);
    }
    for target in targets {
        let corpus = fuzz_dir.join("corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        let mut cmd = cargo();
        cmd.current_dir(&fuzz_dir)
            .env("RUSTC_BOOTSTRAP", "1")
            .args(["fuzz", "run", "--sanitizer", "none", "-O", target])
            .arg(&corpus)
            .args(seeds.iter().filter(|s| s.is_dir()))
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .args([
                "-timeout=10",
                "-max_len=65536",
                "-rss_limit_mb=2048",
                "-print_final_stats=1",
            ]);
        run(&mut cmd)?;
    }
    Ok(())
}

fn install_cargo_fuzz() -> Result {
    let have =
        output(Command::new(cargo_bin().join("cargo-fuzz")).arg("--version")).unwrap_or_default();
    if have.ends_with(pins::CARGO_FUZZ) {
        return Ok(());
    }
    run(cargo().args([
        "install",
        "cargo-fuzz",
        "--version",
        pins::CARGO_FUZZ,
        "--locked",
    ]))
}
