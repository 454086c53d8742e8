//! The `rebound` CLI: `decode` one input, `scan` many (directories, mbox files, Maildir folders).
//! Contract: DESIGN.md "CLI". Exit codes: 0 decoded a bounce, 3 not a bounce, 2 usage or I/O error.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use rebound::report::Report;

#[derive(Parser)]
#[command(name = "rebound", version, about = "Decode mail bounces offline: who refused the mail, why, and what to do")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode one input: an .eml, a DSN, NDR text, mail.log lines, an SMTP transcript (FILE or - for stdin).
    Decode {
        /// The input file; `-` or nothing reads stdin.
        file: Option<PathBuf>,
        /// Print the Report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Decode every file under each PATH (recursive), mbox files and Maildir folders too.
    Scan {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// One JSON object per line per recipient.
        #[arg(long)]
        jsonl: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Decode { file, json } => decode(file, json),
        Command::Scan { paths, jsonl } => scan(&paths, jsonl),
    }
}

fn decode(file: Option<PathBuf>, json: bool) -> ExitCode {
    let data = match read_input(file.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("rebound: {e}");
            return ExitCode::from(2);
        }
    };
    let report = rebound::decode(&data);
    let mut out = std::io::stdout().lock();
    let result = if json {
        serde_json::to_writer_pretty(&mut out, &report).map_err(std::io::Error::other).and_then(|_| writeln!(out))
    } else {
        let colour = std::io::stdout().is_terminal();
        write!(out, "{}", rebound_cli_human(&report, colour))
    };
    if let Err(e) = result {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("rebound: {e}");
            return ExitCode::from(2);
        }
    }
    ExitCode::from(if report.is_bounce { 0 } else { 3 })
}

fn read_input(file: Option<&Path>) -> std::io::Result<Vec<u8>> {
    match file {
        None => read_stdin(),
        Some(p) if p.as_os_str() == "-" => read_stdin(),
        Some(p) => std::fs::read(p).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display()))),
    }
}

fn read_stdin() -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::io::stdin().read_to_end(&mut buf)?;
    Ok(buf)
}

/// The human report, for a stressed admin: headline, meaning, next step, then details.
fn rebound_cli_human(report: &Report, colour: bool) -> String {
    let (bold, dim, reset) = if colour { ("\x1b[1m", "\x1b[2m", "\x1b[0m") } else { ("", "", "") };
    let mut s = String::new();
    s.push_str(&format!("{bold}{}{reset}\n", report.diagnosis.title));
    if !report.diagnosis.explanation.is_empty() {
        s.push_str(&format!("\n{}\n", report.diagnosis.explanation));
    }
    for r in &report.remedies {
        s.push_str(&format!("\n{bold}Next step:{reset} {}\n", r.summary));
        if let Some(u) = &r.url {
            s.push_str(&format!("  {u}\n"));
        }
    }
    for r in &report.recipients {
        s.push_str(&format!(
            "\n{dim}recipient{reset} {}  {dim}status{reset} {}  {dim}reason{reset} {}\n",
            r.recipient.as_deref().unwrap_or("-"),
            r.status.as_deref().unwrap_or("-"),
            r.reason.as_str()
        ));
        if let Some(d) = &r.diagnostic {
            s.push_str(&format!("  {d}\n"));
        }
    }
    for w in &report.warnings {
        s.push_str(&format!("\nwarning ({}): {}\n", w.code, w.message));
    }
    s
}

fn scan(paths: &[PathBuf], _jsonl: bool) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for root in paths {
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    eprintln!("rebound: {e}");
                    failed = true;
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            let data = match std::fs::read(path) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("rebound: {}: {e}", path.display());
                    failed = true;
                    continue;
                }
            };
            let report = rebound::decode(&data);
            for line in scan_lines(&path.display().to_string(), &report) {
                if writeln!(out, "{line}").is_err() {
                    return ExitCode::from(2);
                }
            }
        }
    }
    ExitCode::from(if failed { 2 } else { 0 })
}

/// The `scan --jsonl` lines for one report (DESIGN.md contract).
fn scan_lines(file: &str, report: &Report) -> Vec<String> {
    if !report.is_bounce {
        return vec![serde_json::json!({"file": file, "not_a_bounce": true}).to_string()];
    }
    report
        .recipients
        .iter()
        .map(|r| {
            serde_json::json!({
                "file": file,
                "recipient": r.recipient,
                "status": r.status,
                "reply_code": r.reply_code,
                "reason": r.reason,
                "hard_bounce": r.hard_bounce,
                "action": r.action,
                "remote_mta": r.remote_mta,
                "diagnostic": r.diagnostic,
                "provider": r.provider,
                "provider_code": r.provider_code,
                "outbound_ip": r.outbound_ip,
                "sending_domain": r.sending_domain,
                "remedy": r.remedy,
                "input_kind": report.input_kind,
            })
            .to_string()
        })
        .collect()
}
