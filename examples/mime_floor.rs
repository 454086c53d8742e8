//! The floor under `rebound scan --jsonl`: read every file under the given directories (sorted,
//! on every core, as `scan` does) and have mail-parser parse it the way `rebound::decode` does,
//! printing one line per file — and nothing else: no format parsers, no provider tables, no
//! Report. `cargo xtask bench-compare` times it beside the decoder to show how much of a
//! whole-process run the MIME library alone takes.
//!
//! `cargo run --release --example mime_floor -- DIR...`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files(&p, out);
        } else if p.is_file() {
            out.push(p);
        }
    }
}

fn main() {
    let mut all = Vec::new();
    for dir in std::env::args_os().skip(1) {
        files(Path::new(&dir), &mut all);
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    let lines = Mutex::new(vec![String::new(); all.len()]);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = all.get(i) else { break };
                let parts = std::fs::read(path).map_or(0, |d| rebound::mail::mime_parts(&d));
                let line = format!("{{\"file\":{:?},\"parts\":{parts}}}\n", path.display());
                lines.lock().unwrap()[i] = line;
            });
        }
    });
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in lines.into_inner().unwrap() {
        let _ = out.write_all(line.as_bytes());
    }
}
