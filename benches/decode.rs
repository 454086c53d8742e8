//! `rebound::decode` throughput on the shared corpus (`../shared/corpus/emails`, or
//! `$REBOUND_CORPUS`), falling back to our own fixtures when the corpus is absent.
//! In-process: this measures the decoder alone; `cargo xtask bench-compare` measures whole
//! processes against Sisimai and flufl.bounce.
//!
//! Run: `cargo bench --bench decode`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn corpus_dir() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("REBOUND_CORPUS").map(PathBuf::from),
        Some(root.join("../shared/corpus/emails")),
        Some(PathBuf::from("/work/shared/corpus/emails")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_dir())
}

/// Every regular file under `dir`, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.is_file() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn load() -> (String, Vec<Vec<u8>>) {
    let (label, files) = match corpus_dir() {
        Some(dir) => (format!("corpus {}", dir.display()), files_under(&dir)),
        None => {
            eprintln!(
                "decode bench: shared corpus not found (set REBOUND_CORPUS); using tests/fixtures"
            );
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
            ("tests/fixtures".to_string(), files_under(&dir))
        }
    };
    let inputs: Vec<Vec<u8>> = files.iter().filter_map(|f| std::fs::read(f).ok()).collect();
    (label, inputs)
}

/// A 10 MB bounce: a DSN quoting a large attachment (DESIGN.md: decodes in ≤ 1 s).
fn big_input() -> Vec<u8> {
    let dsn = "From: MAILER-DAEMON@mail.example.org\r\nTo: alice@example.org\r\n\
Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n--B\r\n\
Content-Type: text/plain\r\n\r\n<bob@hotmail.com>: host hotmail-com.olc.protection.outlook.com said: \
550 5.7.1 Unfortunately, messages from [203.0.113.45] weren't sent. Please contact your Internet \
service provider since part of their network is on our block list (S3150).\r\n\r\n--B\r\n\
Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mail.example.org\r\n\r\n\
Final-Recipient: rfc822; bob@hotmail.com\r\nAction: failed\r\nStatus: 5.7.1\r\n\
Diagnostic-Code: smtp; 550 5.7.1 Unfortunately, messages from [203.0.113.45] weren't sent (S3150).\r\n\r\n\
--B\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    let mut big = dsn.as_bytes().to_vec();
    while big.len() < 10 << 20 {
        big.extend_from_slice(
            b"QmlnIGF0dGFjaG1lbnQgdGhhdCB0aGUgYm91bmNlIHF1b3RlZCBiYWNrIHRvIHRoZSBzZW5kZXIu\r\n",
        );
    }
    big.extend_from_slice(b"\r\n--B--\r\n");
    big
}

fn bench(c: &mut Criterion) {
    let (label, inputs) = load();
    if inputs.is_empty() {
        eprintln!("decode bench: no input files found; nothing to measure");
        return;
    }
    let bytes: usize = inputs.iter().map(Vec::len).sum();
    eprintln!(
        "decode bench: {} files, {} bytes from {label}",
        inputs.len(),
        bytes
    );

    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Elements(inputs.len() as u64));
    group.bench_function("corpus (per email)", |b| {
        b.iter(|| {
            for input in &inputs {
                std::hint::black_box(rebound::decode(std::hint::black_box(input)));
            }
        })
    });
    group.finish();

    let big = big_input();
    let mut group = c.benchmark_group("decode_10mb");
    group.throughput(Throughput::Bytes(big.len() as u64));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("dsn with 10 MB attachment", |b| {
        b.iter(|| std::hint::black_box(rebound::decode(std::hint::black_box(&big))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
