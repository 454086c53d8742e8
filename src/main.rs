//! The `rebound` CLI: `decode` one input, `scan` many (directories, mbox files, Maildir folders).
//!
//! Contract: DESIGN.md "CLI". Exit codes: 0 a bounce was decoded (for `scan`: every file was
//! read), 3 the input is not a bounce, 2 usage or I/O error (with a message on stderr).
//!
//! The binary is thin: argument parsing here, the walk over files and mailboxes in
//! `cli/scan.rs`, the human rendering in `cli/human.rs`. All decoding is `rebound::decode`.

#[path = "cli/human.rs"]
mod human;
#[path = "cli/scan.rs"]
mod scan;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code: usage or I/O error.
const EXIT_ERROR: u8 = 2;
/// Exit code: the input is not a bounce.
const EXIT_NOT_A_BOUNCE: u8 = 3;

#[derive(Parser)]
#[command(
    name = "rebound",
    version,
    about = "Decode mail bounces offline: who refused the mail, why, and what to do",
    after_help = "Exit codes: 0 bounce decoded, 3 not a bounce, 2 usage or I/O error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode one input: an .eml, a DSN, NDR text, mail.log lines, an SMTP transcript.
    Decode {
        /// The input file; `-` or nothing reads stdin.
        file: Option<PathBuf>,
        /// Print the Report (schema version 1) as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Decode every file under each PATH (recursive), splitting mbox files and reading
    /// Maildir folders (cur/ and new/).
    Scan {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// One JSON object per line per recipient, instead of the summary table.
        #[arg(long)]
        jsonl: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            // `--help` and `--version` are not errors.
            return ExitCode::from(if e.use_stderr() { EXIT_ERROR } else { 0 });
        }
    };
    match cli.command {
        Command::Decode { file, json } => decode(file.as_deref(), json),
        Command::Scan { paths, jsonl } => scan::run(&paths, jsonl),
    }
}

fn decode(file: Option<&Path>, json: bool) -> ExitCode {
    let data = match read_input(file) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("rebound: {e}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let report = rebound::decode(&data);
    drop(data);
    let result = if json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &report)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
            .and_then(|()| out.flush())
    } else {
        // `anstream` drops the colours when stdout is not a terminal (or NO_COLOR is set).
        let mut out = anstream::stdout().lock();
        human::write_report(&mut out, &report).and_then(|()| out.flush())
    };
    if let Err(e) = result {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("rebound: writing the report: {e}");
            return ExitCode::from(EXIT_ERROR);
        }
    }
    if report.is_bounce {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NOT_A_BOUNCE)
    }
}

/// The whole input: `decode` needs all of it at once (a DSN's status part may come last).
fn read_input(file: Option<&Path>) -> std::io::Result<Vec<u8>> {
    match file {
        Some(p) if p.as_os_str() != "-" => {
            if p.is_dir() {
                return Err(std::io::Error::other(format!(
                    "{} is a directory; `rebound scan {}` decodes every file in it",
                    p.display(),
                    p.display()
                )));
            }
            std::fs::read(p)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display())))
        }
        _ => {
            let mut stdin = std::io::stdin().lock();
            if stdin.is_terminal() {
                eprintln!(
                    "rebound: reading the bounce from standard input (paste it, then Ctrl-D)"
                );
            }
            let mut buf = Vec::new();
            stdin
                .read_to_end(&mut buf)
                .map_err(|e| std::io::Error::new(e.kind(), format!("standard input: {e}")))?;
            Ok(buf)
        }
    }
}
