//! Install what is missing on a fresh Debian/Ubuntu machine (root, apt works, rustup present).
//! Idempotent: every step checks first.

use std::process::Command;

use crate::pins;
use crate::util::{cargo, cargo_bin, have, output, root, run, Result};

/// Everything the tests need: browsers, test data, wasm target and tools, npm packages.
pub fn all() -> Result {
    apt(pins::APT_BROWSERS)?;
    apt(pins::APT_TEST_DATA)?;
    rust_tools()?;
    npm()
}

/// Install Debian packages that are not installed yet.
pub fn apt(packages: &[&str]) -> Result {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            output(Command::new("dpkg-query").args(["-W", "-f=${Status}", p]))
                .is_none_or(|s| !s.contains("install ok installed"))
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let sudo = output(Command::new("id").arg("-u")).as_deref() != Some("0");
    let mut update = Command::new(if sudo { "sudo" } else { "apt-get" });
    if sudo {
        update.arg("apt-get");
    }
    run(update.args(["update", "-q"]))?;
    let mut install = Command::new(if sudo { "sudo" } else { "apt-get" });
    if sudo {
        install.arg("apt-get");
    }
    install.env("DEBIAN_FRONTEND", "noninteractive").args([
        "install",
        "-y",
        "-q",
        "--no-install-recommends",
    ]);
    run(install.args(&missing))
}

/// The wasm target, wasm-bindgen-cli (same version as the crate) and geckodriver.
pub fn rust_tools() -> Result {
    let targets =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !targets.lines().any(|t| t == "wasm32-unknown-unknown") {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let bin = cargo_bin();
    let wb = output(Command::new(bin.join("wasm-bindgen")).arg("--version")).unwrap_or_default();
    if !wb.ends_with(pins::WASM_BINDGEN) {
        // Not `--locked`: its lockfile pins a webpki-roots the registry mirror lacks (toolchain.md §1.1).
        run(cargo().args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            pins::WASM_BINDGEN,
        ]))?;
    }
    let gd = output(Command::new(bin.join("geckodriver")).arg("--version")).unwrap_or_default();
    if !gd.contains(pins::GECKODRIVER) {
        run(cargo().args([
            "install",
            "geckodriver",
            "--version",
            pins::GECKODRIVER,
            "--locked",
        ]))?;
    }
    Ok(())
}

/// `npm ci` when node_modules is missing or older than the lockfile.
pub fn npm() -> Result {
    let root = root();
    if !root.join("package-lock.json").exists() {
        return Ok(());
    }
    if !have("npm") {
        return Err("npm is missing: install Node.js 20 and npm".into());
    }
    let stamp = root.join("node_modules/.package-lock.json");
    let fresh = match (
        std::fs::metadata(&stamp),
        std::fs::metadata(root.join("package-lock.json")),
    ) {
        (Ok(a), Ok(b)) => a.modified().ok() >= b.modified().ok(),
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    run(Command::new("npm")
        .current_dir(&root)
        .args(["ci", "--no-audit", "--no-fund"]))
}
