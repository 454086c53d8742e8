//! `cargo xtask bench-compare [--rounds N] [--copies N] [CORPUS_DIR]`: whole-process speed of
//! `rebound scan --jsonl` (release build) against the anchors, Sisimai 4.25 (Debian
//! `libsisimai-perl`) and flufl.bounce 4.0 (Debian `python3-flufl.bounce`), on the same files,
//! in one run with interleaved rounds so that machine noise hits every tool alike.
//!
//! Two sets: the corpus as it is (startup included, as a user runs it), and the corpus copied
//! `--copies` times (steady state). Each tool's stdout goes to a pipe that is read and counted,
//! like a user's `| jq`. Prints medians, emails/s and rebound's ratio to each anchor, then the
//! whole-process time of `rebound decode --json` on a 10 MB bounce.
//!
//! The anchors' drivers are `benches/anchors/sisimai425.pl` and `benches/anchors/flufl_bounce.py`.
//! A fourth row, `examples/mime_floor.rs`, is not a decoder: it only reads the files and has
//! mail-parser parse them as rebound does, the floor under rebound's own time.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::pins;
use crate::setup;
use crate::util::{cargo, root, run, Result};

/// `program before… DIR… after…`
struct Tool {
    name: &'static str,
    program: PathBuf,
    before: Vec<PathBuf>,
    after: Vec<&'static str>,
    /// Not a decoder: a floor shown beside rebound, left out of the ratios.
    floor: bool,
}

impl Tool {
    fn command(&self, dirs: &[PathBuf]) -> Command {
        let mut c = Command::new(&self.program);
        c.args(&self.before).args(dirs).args(&self.after);
        c
    }
}

pub fn compare(args: &[String]) -> Result {
    let mut rounds = 10usize;
    let mut copies = 10usize;
    let mut corpus: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--rounds" => rounds = number(it.next())?,
            "--copies" => copies = number(it.next())?,
            other if !other.starts_with('-') => corpus = Some(PathBuf::from(other)),
            other => return Err(format!("bench-compare: unknown option {other}")),
        }
    }
    let corpus = match corpus.or_else(default_corpus) {
        Some(c) => c,
        None => return Err("bench-compare: no corpus; pass a directory of bounce emails".into()),
    };
    let emails = count_files(&corpus);
    if emails == 0 {
        return Err(format!(
            "bench-compare: no files under {}",
            corpus.display()
        ));
    }

    setup::apt(pins::APT_BENCH)?;
    run(cargo().args(["build", "--release", "--locked", "--bin", "rebound"]))?;
    run(cargo().args(["build", "--release", "--locked", "--example", "mime_floor"]))?;
    let rebound = target_dir().join("release/rebound");
    let floor = target_dir().join("release/examples/mime_floor");
    let anchors = root().join("benches/anchors");

    let work = target_dir().join("bench-compare");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let copies_dirs = replicate(&corpus, &work, copies)?;

    let tools = [
        Tool {
            name: "rebound scan --jsonl",
            program: rebound.clone(),
            before: vec!["scan".into()],
            after: vec!["--jsonl"],
            floor: false,
        },
        Tool {
            name: "Sisimai 4.25 (perl)",
            program: "/usr/bin/perl".into(),
            before: vec![anchors.join("sisimai425.pl")],
            after: vec![],
            floor: false,
        },
        Tool {
            name: "flufl.bounce 4.0 (python3)",
            // Debian's python3: the package is installed for it, not for a pyenv one.
            program: "/usr/bin/python3".into(),
            before: vec![anchors.join("flufl_bounce.py")],
            after: vec![],
            floor: false,
        },
        // What the MIME library alone costs, whole process (examples/mime_floor.rs).
        Tool {
            name: "floor: mail-parser alone",
            program: floor,
            before: vec![],
            after: vec![],
            floor: true,
        },
    ];

    println!(
        "corpus: {} ({emails} files); rounds: {rounds}; steady-state set: {copies} copies",
        corpus.display()
    );
    let whole = measure(&tools, std::slice::from_ref(&corpus), rounds)?;
    report(
        &format!("whole process, {emails} emails (startup included)"),
        &tools,
        &whole,
        emails,
    );
    if copies > 1 {
        let steady_rounds = rounds.div_ceil(2).max(3);
        let steady = measure(&tools, &copies_dirs, steady_rounds)?;
        report(
            &format!("steady state, {} emails ({copies} copies)", emails * copies),
            &tools,
            &steady,
            emails * copies,
        );
    }

    big_input(&rebound, &work, rounds)?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

fn number(arg: Option<&String>) -> Result<usize> {
    arg.and_then(|a| a.parse().ok())
        .filter(|n| *n > 0)
        .ok_or_else(|| "bench-compare: expected a positive number".into())
}

fn default_corpus() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("REBOUND_CORPUS").map(PathBuf::from),
        Some(root().join("../shared/corpus/emails")),
        Some(PathBuf::from("/work/shared/corpus/emails")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_dir())
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn count_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                count_files(&p)
            } else {
                usize::from(p.is_file())
            }
        })
        .sum()
}

/// `copies` directories, each a copy of the (flat) corpus, under `work`.
fn replicate(corpus: &Path, work: &Path, copies: usize) -> Result<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    for i in 0..copies {
        let dir = work.join(format!("copy-{i:02}"));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let entries =
            std::fs::read_dir(corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        for e in entries.flatten() {
            if e.path().is_file() {
                std::fs::copy(e.path(), dir.join(e.file_name())).map_err(|e| e.to_string())?;
            }
        }
        dirs.push(dir);
    }
    Ok(dirs)
}

/// Interleaved rounds: every tool once per round, in the same order; the runs of each tool.
fn measure(tools: &[Tool], dirs: &[PathBuf], rounds: usize) -> Result<Vec<Vec<Run>>> {
    let mut results: Vec<Vec<Run>> = tools.iter().map(|_| Vec::new()).collect();
    // One untimed warm-up round fills the page cache for every tool alike.
    for tool in tools {
        time_one(&mut tool.command(dirs))?;
    }
    for _ in 0..rounds {
        for (tool, runs) in tools.iter().zip(&mut results) {
            runs.push(time_one(&mut tool.command(dirs))?);
        }
    }
    Ok(results)
}

/// One run: wall time, CPU time (user + system) and the number of lines printed.
#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    cpu: Duration,
    lines: usize,
}

/// CPU time of this process's waited-for children (`cutime + cstime` in /proc/self/stat, in
/// clock ticks of 10 ms). CPU time stays honest when other work shares the machine; wall time
/// does not.
fn children_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the `(comm)`: state is field 3; cutime and cstime are fields 16 and 17.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<u64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    let ticks = fields.get(13).copied().unwrap_or(0) + fields.get(14).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// Run to completion with stdout read through a pipe.
fn time_one(cmd: &mut Command) -> Result<Run> {
    let cpu_before = children_cpu();
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{cmd:?}: {e}"))?;
    let mut out = child.stdout.take().unwrap();
    let mut buf = vec![0u8; 1 << 16];
    let mut lines = 0usize;
    loop {
        match out.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => lines += buf[..n].iter().filter(|b| **b == b'\n').count(),
            Err(e) => return Err(format!("{cmd:?}: {e}")),
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let wall = start.elapsed();
    let cpu = children_cpu().saturating_sub(cpu_before);
    // rebound exits 2 when a file was unreadable; the anchors may exit non-zero on odd input.
    // Timing stands either way, but a crash that printed nothing would be a useless number.
    if !status.success() && lines == 0 {
        return Err(format!("{cmd:?} failed: {status}"));
    }
    Ok(Run { wall, cpu, lines })
}

fn median(runs: &[Run], what: fn(&Run) -> Duration) -> f64 {
    let mut t: Vec<Duration> = runs.iter().map(what).collect();
    t.sort();
    t[t.len() / 2].as_secs_f64()
}

fn report(title: &str, tools: &[Tool], results: &[Vec<Run>], emails: usize) {
    println!("\n{title}");
    println!(
        "  {:<28} {:>9} {:>9} {:>9} {:>10} {:>9} {:>10} {:>7}",
        "tool", "wall med", "wall min", "wall max", "emails/s", "CPU med", "emails/s", "lines"
    );
    let wall: Vec<f64> = results.iter().map(|r| median(r, |r| r.wall)).collect();
    let cpu: Vec<f64> = results.iter().map(|r| median(r, |r| r.cpu)).collect();
    for (i, (tool, runs)) in tools.iter().zip(results).enumerate() {
        let min = runs
            .iter()
            .map(|r| r.wall)
            .min()
            .unwrap_or_default()
            .as_secs_f64();
        let max = runs
            .iter()
            .map(|r| r.wall)
            .max()
            .unwrap_or_default()
            .as_secs_f64();
        let lines = runs.last().map_or(0, |r| r.lines);
        let per_cpu = if cpu[i] > 0.0 {
            format!("{:.0}", emails as f64 / cpu[i])
        } else {
            "-".into()
        };
        println!(
            "  {:<28} {:>9.3} {min:>9.3} {max:>9.3} {:>10.0} {:>9.2} {per_cpu:>10} {lines:>7}",
            tool.name,
            wall[i],
            emails as f64 / wall[i],
            cpu[i],
        );
    }
    for (i, tool) in tools.iter().enumerate().skip(1) {
        if tool.floor {
            println!(
                "  {}: {:.0} % of rebound's wall-clock median, {} of its CPU time",
                tool.name,
                100.0 * wall[i] / wall[0],
                if cpu[0] > 0.0 {
                    format!("{:.0} %", 100.0 * cpu[i] / cpu[0])
                } else {
                    "n/a".into()
                }
            );
            continue;
        }
        let by_cpu = if cpu[0] > 0.0 {
            format!("{:.1}x", cpu[i] / cpu[0])
        } else {
            "n/a (under 10 ms)".into()
        };
        println!(
            "  rebound vs {}: {:.1}x by wall-clock median, {by_cpu} by CPU time",
            tool.name,
            wall[i] / wall[0]
        );
        if i == 1 {
            println!(
                "  (50x {} would be a wall-clock median of {:.3} s)",
                tool.name,
                wall[i] / 50.0
            );
        }
    }
}

/// `rebound decode --json` on a 10 MB bounce (a DSN quoting a large attachment), whole process.
fn big_input(rebound: &Path, work: &Path, rounds: usize) -> Result {
    let path = work.join("big-10mb.eml");
    let head = "From: MAILER-DAEMON@mail.example.org\nTo: alice@example.org\n\
Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n--B\n\
Content-Type: text/plain\n\n<bob@hotmail.com>: host hotmail-com.olc.protection.outlook.com said: \
550 5.7.1 Unfortunately, messages from [203.0.113.45] weren't sent. Please contact your Internet \
service provider since part of their network is on our block list (S3150).\n\n--B\n\
Content-Type: message/delivery-status\n\nReporting-MTA: dns; mail.example.org\n\n\
Final-Recipient: rfc822; bob@hotmail.com\nAction: failed\nStatus: 5.7.1\n\
Diagnostic-Code: smtp; 550 5.7.1 Unfortunately, messages from [203.0.113.45] weren't sent (S3150).\n\n\
--B\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n";
    let mut big = head.as_bytes().to_vec();
    while big.len() < 10 << 20 {
        big.extend_from_slice(
            b"QmlnIGF0dGFjaG1lbnQgdGhhdCB0aGUgYm91bmNlIHF1b3RlZCBiYWNrIHRvIHRoZSBzZW5kZXIu\n",
        );
    }
    big.extend_from_slice(b"\n--B--\n");
    std::fs::write(&path, &big).map_err(|e| e.to_string())?;
    let mut runs = Vec::new();
    for _ in 0..rounds.max(3) {
        runs.push(time_one(
            Command::new(rebound).args(["decode", "--json"]).arg(&path),
        )?);
    }
    let wall = median(&runs, |r| r.wall);
    let cpu = median(&runs, |r| r.cpu);
    let mib = big.len() as f64 / (1024.0 * 1024.0);
    println!(
        "\n10 MB input: rebound decode --json on {mib:.1} MiB, whole process: median {wall:.3} s wall \
         ({:.0} MiB/s), {cpu:.2} s CPU",
        mib / wall
    );
    Ok(())
}
