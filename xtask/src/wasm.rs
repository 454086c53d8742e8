//! The wasm build: `cargo build` for wasm32 (profile `small`, without the `cli` feature) →
//! `wasm-bindgen --target web` → npm binaryen's `wasm-opt -Oz` → a Node check that the output
//! instantiates and decodes. Output in `<target>/pkg/`: `rebound.js`, `rebound_bg.wasm` and
//! `messages.en.json` (the renderer's English strings, for the extension's `_locales`).
//!
//! Never Debian's `wasm-opt` (binaryen 108 silently breaks wasm-bindgen's externref table) and
//! never `--all-features` (the output then needs GC/stringref, which V8 rejects):
//! research/toolchain.md §1.4.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{cargo, cargo_bin, root, run, Result};

/// The cargo target dir (honours `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => root().join(d),
        None => root().join("target"),
    }
}

/// Where the bound, optimised package goes.
pub fn pkg_dir() -> PathBuf {
    target_dir().join("pkg")
}

/// The renderer's strings as `messages.json`, written by [`build`].
#[allow(dead_code)] // the extension build reads it from `pkg_dir()` directly
pub fn messages_json() -> PathBuf {
    pkg_dir().join("messages.en.json")
}

/// Build, bind, optimise and check the wasm; returns the package folder.
pub fn build() -> Result<PathBuf> {
    // Registry sources are compiled in with absolute paths (panic locations); map CARGO_HOME to a
    // fixed name so a reviewer with another CARGO_HOME rebuilds the same bytes (BUILDING.md).
    let cargo_home = cargo_bin()
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    run(cargo()
        .env(
            "RUSTFLAGS",
            format!("--remap-path-prefix={cargo_home}=/cargo"),
        )
        .args([
            "build",
            "--locked",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "small",
            "--no-default-features",
        ]))?;
    let wasm = target_dir().join("wasm32-unknown-unknown/small/rebound.wasm");
    let pkg = pkg_dir();
    let _ = std::fs::remove_dir_all(&pkg);
    let bindgen = cargo_bin().join("wasm-bindgen");
    let bindgen = if bindgen.exists() {
        bindgen
    } else {
        PathBuf::from("wasm-bindgen")
    };
    run(Command::new(bindgen)
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&pkg)
        .arg(&wasm))?;
    let bg = pkg.join("rebound_bg.wasm");
    // `--converge` repeats -Oz while it still shrinks the module; `--low-memory-unused` lets
    // small constant offsets fold into loads and stores (rustc's wasm32 puts the stack first,
    // so the lowest 1 KiB is never addressed); `--strip-producers` drops the toolchain note.
    run(Command::new("node")
        .arg(root().join("node_modules/binaryen/bin/wasm-opt"))
        .args([
            "-Oz",
            "--converge",
            "--low-memory-unused",
            "--strip-producers",
        ])
        .arg(&bg)
        .arg("-o")
        .arg(&bg))?;
    check(&pkg)?;
    Ok(pkg)
}

/// Instantiate the package in Node, decode a sample and odd input, write `messages.en.json`,
/// print the sizes.
fn check(pkg: &Path) -> Result {
    let script = target_dir().join("check-pkg.mjs");
    std::fs::write(&script, CHECK).map_err(|e| format!("{}: {e}", script.display()))?;
    run(Command::new("node")
        .arg(&script)
        .arg(pkg)
        .current_dir(root()))
}

const CHECK: &str = r#"
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
const pkg = process.argv[2];
const m = await import(pathToFileURL(`${pkg}/rebound.js`).href);
const wasm = readFileSync(`${pkg}/rebound_bg.wasm`);
m.initSync({ module: wasm });
const line = "550 5.7.1 Unfortunately, messages from [203.0.113.5] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).";
const r = m.decode(line);
if (r.schema_version !== 1 || !r.is_bounce || !r.outbound_ips.includes('203.0.113.5'))
  throw new Error('wasm check: unexpected report ' + JSON.stringify(r));
const rb = m.decode_bytes(new TextEncoder().encode(line));
if (JSON.stringify(rb) !== JSON.stringify(r)) throw new Error('wasm check: decode_bytes differs from decode');
// Odd input must not trap (a panic would abort the module).
for (const odd of ['', '\u0000', '\uffff\ud7ff', '5'.repeat(100000), 'Content-Type: multipart/report; boundary=', '550 5.7.1 [999.999.999.999]'])
  m.decode(odd);
m.decode_bytes(Uint8Array.from({ length: 65536 }, (_, i) => (i * 7919) & 255));
writeFileSync(`${pkg}/messages.en.json`, m.messages_json());
const js = readFileSync(`${pkg}/rebound.js`);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`wasm check ok: rebound_bg.wasm ${wasm.length} B (${kb(wasm.length)}), gzip -9 ${gzipSync(wasm, { level: 9 }).length} B (${kb(gzipSync(wasm, { level: 9 }).length)}); rebound.js ${js.length} B, gzip ${gzipSync(js, { level: 9 }).length} B`);
"#;

/// Clippy for wasm32, then `tests/web.rs` (wasm-bindgen-test) in headless Chromium and Firefox
/// (research/toolchain.md §6: name the driver explicitly; never `cargo test -q`).
pub fn browser_tests() -> Result {
    let bin = cargo_bin();
    let path = std::env::join_paths(std::iter::once(bin.clone()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .map_err(|e| e.to_string())?;
    let drivers = [
        ("CHROMEDRIVER", PathBuf::from("/usr/bin/chromedriver")),
        ("GECKODRIVER", bin.join("geckodriver")),
    ];
    // Lints for the wasm build too (the renderer and bindings only compile there).
    run(cargo().args([
        "clippy",
        "--locked",
        "--target",
        "wasm32-unknown-unknown",
        "--no-default-features",
        "--lib",
        "--tests",
        "--",
        "-D",
        "warnings",
    ]))?;
    for (var, driver) in drivers {
        let mut cmd = cargo();
        cmd.args([
            "test",
            "--locked",
            "--target",
            "wasm32-unknown-unknown",
            "--no-default-features",
            "--test",
            "web",
        ])
        .env("PATH", &path)
        .env("WASM_BINDGEN_USE_BROWSER", "1")
        .env_remove("CHROMEDRIVER")
        .env_remove("GECKODRIVER")
        .env(var, driver);
        run(&mut cmd)?;
    }
    Ok(())
}
