//! The browser extension packages: per-browser manifests from one source, the unpacked folders
//! `target/ext/{chrome,firefox}/`, and byte-identical zips in `dist/`:
//! `rebound-chrome-<v>.zip`, `rebound-firefox-<v>.zip` and `rebound-source-<v>.zip` (the
//! git-tracked sources AMO reviewers rebuild from).
//!
//! `extension/manifest.json` is the one manifest source; `extension/manifest.<browser>.json` are
//! the overlays that say what differs (Chrome: `background.service_worker` and the public `key`
//! that fixes the extension id; Firefox: `background.scripts` and `browser_specific_settings`).
//! The version always comes from the root Cargo.toml. Zips are deterministic: entries sorted,
//! one fixed timestamp, fixed permissions, deflate at a fixed level.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::util::{output, root, run, Result};

pub const BROWSERS: &[&str] = &["chrome", "firefox"];

/// Files in `extension/` that are build inputs, not package contents.
fn is_source_only(rel: &str) -> bool {
    rel.starts_with("manifest.") || rel.ends_with(".md")
}

/// Build both unpacked extensions and all three zips. `pkg` is the wasm-bindgen output folder
/// (`rebound.js` + `rebound_bg.wasm`), copied to `pkg/` in each package.
pub fn build(pkg: &Path) -> Result<Vec<PathBuf>> {
    let root = root();
    let version = crate_version(&root)?;
    let dist = root.join("dist");
    fs::create_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    let mut written = Vec::new();
    for browser in BROWSERS {
        let dir = root.join("target/ext").join(browser);
        assemble(&root.join("extension"), pkg, browser, &version, &dir)?;
        let zip = dist.join(format!("rebound-{browser}-{version}.zip"));
        write_zip(&zip, &tree(&dir)?)?;
        eprintln!("ext: {} and {}", dir.display(), zip.display());
        written.push(zip);
    }
    let src = dist.join(format!("rebound-source-{version}.zip"));
    write_zip(&src, &git_files(&root)?)?;
    eprintln!("ext: {}", src.display());
    written.push(src);
    Ok(written)
}

/// `web-ext lint --warnings-as-errors` on the unpacked Firefox package.
pub fn lint() -> Result {
    let root = root();
    run(Command::new("node")
        .current_dir(&root)
        .arg("node_modules/web-ext/bin/web-ext.js")
        .args([
            "lint",
            "--no-input",
            "--no-config-discovery",
            "--warnings-as-errors",
            "--source-dir",
        ])
        .arg(root.join("target/ext/firefox")))
}

/// The browser end-to-end tests on the built packages (tests/e2e/ext-*.mjs): lint, then the
/// filler on the form replicas, then the popup flows, in headless Chromium and Firefox ESR.
pub fn e2e() -> Result {
    lint()?;
    let root = root();
    // The browsers load the unpacked folders: prove they are exactly what the zips ship.
    let version = crate_version(&root)?;
    for browser in BROWSERS {
        let zip = root.join(format!("dist/rebound-{browser}-{version}.zip"));
        if read_zip(&zip)? != tree(&root.join("target/ext").join(browser))? {
            return Err(format!(
                "{} differs from target/ext/{browser}",
                zip.display()
            ));
        }
    }
    for script in ["tests/e2e/ext-filler.mjs", "tests/e2e/ext-popup.mjs"] {
        run(Command::new("node").current_dir(&root).arg(script))?;
    }
    Ok(())
}

/// The package version: `version` of `[package]` in the root Cargo.toml.
fn crate_version(root: &Path) -> Result<String> {
    let toml =
        fs::read_to_string(root.join("Cargo.toml")).map_err(|e| format!("Cargo.toml: {e}"))?;
    let mut in_package = false;
    for line in toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(v) = line
                .strip_prefix("version")
                .map(str::trim)
                .and_then(|r| r.strip_prefix('='))
            {
                return Ok(v.trim().trim_matches('"').to_string());
            }
        }
    }
    Err("no [package] version in Cargo.toml".into())
}

/// The manifest for one browser: the source, the version from Cargo.toml, the overlay merged in.
pub fn manifest(ext: &Path, browser: &str, version: &str) -> Result<Value> {
    let read = |p: PathBuf| -> Result<Value> {
        let text = fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))
    };
    let mut m = read(ext.join("manifest.json"))?;
    merge(&mut m, read(ext.join(format!("manifest.{browser}.json")))?);
    m["version"] = Value::String(version.to_string());
    Ok(m)
}

/// Deep-merge objects; anything else in `overlay` replaces what is in `base`.
fn merge(base: &mut Value, overlay: Value) {
    match (base, overlay) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                merge(b.entry(k).or_insert(Value::Null), v);
            }
        }
        (b, o) => *b = o,
    }
}

fn assemble(ext: &Path, pkg: &Path, browser: &str, version: &str, dir: &Path) -> Result {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut files = BTreeMap::new();
    for (rel, bytes) in tree(ext)? {
        if !is_source_only(&rel) {
            files.insert(rel, bytes);
        }
    }
    for name in ["rebound.js", "rebound_bg.wasm"] {
        let p = pkg.join(name);
        let bytes =
            fs::read(&p).map_err(|e| format!("{}: {e} (run the wasm build first)", p.display()))?;
        files.insert(format!("pkg/{name}"), bytes);
    }
    let messages = "_locales/en/messages.json";
    let own = files
        .get(messages)
        .ok_or("extension/_locales/en/messages.json is missing")?;
    let renderer = pkg.join("messages.en.json");
    let renderer = fs::read(&renderer)
        .map_err(|e| format!("{}: {e} (run the wasm build first)", renderer.display()))?;
    files.insert(messages.into(), merge_messages(own, &renderer)?);
    let mut json = serde_json::to_string_pretty(&manifest(ext, browser, version)?)
        .map_err(|e| e.to_string())?;
    json.push('\n');
    files.insert("manifest.json".into(), json.into_bytes());
    for (rel, bytes) in &files {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().unwrap()).map_err(|e| format!("{}: {e}", p.display()))?;
        fs::write(&p, bytes).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    Ok(())
}

/// `_locales/en/messages.json`: the extension's own keys (manifest, filler) plus the renderer's
/// (generated from `src/ui/strings.rs`). The extension may supply renderer keys the table lacks
/// (e.g. `field_<status>` for the filler's statuses); once the table has one, the table's wins.
fn merge_messages(own: &[u8], renderer: &[u8]) -> Result<Vec<u8>> {
    let parse = |b: &[u8], what: &str| -> Result<serde_json::Map<String, Value>> {
        match serde_json::from_slice(b).map_err(|e| format!("{what}: {e}"))? {
            Value::Object(m) => Ok(m),
            _ => Err(format!("{what}: not an object")),
        }
    };
    let mut all = parse(own, "extension/_locales/en/messages.json")?;
    for (k, v) in parse(renderer, "the renderer's messages.en.json")? {
        if all.insert(k.clone(), v).is_some() {
            eprintln!("ext: messages.json: {k} now comes from src/ui/strings.rs; drop it from extension/_locales");
        }
    }
    let sorted: BTreeMap<_, _> = all.into_iter().collect();
    let mut out = serde_json::to_string_pretty(&sorted).map_err(|e| e.to_string())?;
    out.push('\n');
    Ok(out.into_bytes())
}

/// Every file under `dir`, keyed by its `/`-separated relative path (sorted).
fn tree(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) -> Result {
        for entry in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                walk(base, &path, out)?;
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(
                    rel,
                    fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?,
                );
            }
        }
        Ok(())
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out)?;
    Ok(out)
}

/// The git-tracked files as they are on disk (what a reviewer gets to rebuild from).
fn git_files(root: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    let list = output(
        Command::new("git")
            .current_dir(root)
            .args(["ls-files", "-z"]),
    )
    .ok_or("git ls-files failed: the source zip needs a git checkout")?;
    let mut out = BTreeMap::new();
    for rel in list.split('\0').filter(|s| !s.is_empty()) {
        let p = root.join(rel);
        // A tracked file deleted in the working tree is not part of the sources.
        if let Ok(bytes) = fs::read(&p) {
            out.insert(rel.to_string(), bytes);
        }
    }
    Ok(out)
}

/// Every entry of a zip, by name.
fn read_zip(path: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    use std::io::Read;
    let err = |e: zip::result::ZipError| format!("{}: {e}", path.display());
    let file = fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut zip = zip::ZipArchive::new(file).map_err(err)?;
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(err)?;
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        out.insert(entry.name().map_err(err)?.to_string(), bytes);
    }
    Ok(out)
}

/// A deterministic zip: sorted entries, a fixed timestamp and mode, deflate level 9.
fn write_zip(path: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result {
    use zip::write::SimpleFileOptions;
    let err = |e: zip::result::ZipError| format!("{}: {e}", path.display());
    let file = fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let time = zip::DateTime::from_date_and_time(2024, 1, 1, 0, 0, 0).map_err(|e| e.to_string())?;
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(time)
        .unix_permissions(0o644);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), opts).map_err(err)?;
        zip.write_all(bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    zip.finish().map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlays_add_only_their_browser_keys() {
        let ext = root().join("extension");
        let c = manifest(&ext, "chrome", "9.9.9").unwrap();
        let f = manifest(&ext, "firefox", "9.9.9").unwrap();
        assert_eq!(c["version"], "9.9.9");
        assert!(
            c["background"]["service_worker"].is_string()
                && c["background"].get("scripts").is_none()
        );
        assert!(c.get("browser_specific_settings").is_none() && c["key"].is_string());
        assert!(
            f["background"]["scripts"].is_array()
                && f["background"].get("service_worker").is_none()
        );
        assert!(f.get("key").is_none());
        assert_eq!(
            f["browser_specific_settings"]["gecko"]["data_collection_permissions"]["required"][0],
            "none"
        );
        // wasm only in extension pages; the in-page filler never needs it.
        assert_eq!(c["content_security_policy"], f["content_security_policy"]);
    }

    #[test]
    fn zips_are_byte_identical() {
        let dir = std::env::temp_dir().join(format!("rebound-zip-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let files: BTreeMap<String, Vec<u8>> = [
            ("b.txt".to_string(), b"b".to_vec()),
            ("a/x.js".to_string(), vec![1; 5000]),
        ]
        .into();
        write_zip(&dir.join("1.zip"), &files).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        write_zip(&dir.join("2.zip"), &files).unwrap();
        assert_eq!(
            fs::read(dir.join("1.zip")).unwrap(),
            fs::read(dir.join("2.zip")).unwrap()
        );
        assert_eq!(read_zip(&dir.join("1.zip")).unwrap(), files);
        fs::remove_dir_all(&dir).unwrap();
    }
}
