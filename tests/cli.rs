//! The `rebound` binary as a user runs it: exit codes, `--json`, `scan --jsonl` over a directory,
//! an mbox and a Maildir, stdin, errors. Fixtures are our own synthetic messages in
//! `tests/fixtures/cli/` (see the README there).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The keys of a `scan --jsonl` recipient line (DESIGN.md "CLI"), in order.
const CONTRACT_KEYS: [&str; 15] = [
    "file",
    "recipient",
    "status",
    "reply_code",
    "reason",
    "hard_bounce",
    "action",
    "remote_mta",
    "diagnostic",
    "provider",
    "provider_code",
    "outbound_ip",
    "sending_domain",
    "remedy",
    "input_kind",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli")
}

fn fixture(name: &str) -> PathBuf {
    fixtures().join(name)
}

fn rebound(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rebound"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run rebound")
}

fn rebound_path(args: &[&str], path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rebound"))
        .args(args)
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .expect("run rebound")
}

fn rebound_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rebound"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rebound");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Write from another thread so a large input cannot deadlock against a full stdout pipe.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("wait for rebound");
    writer.join().unwrap().expect("write stdin");
    out
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json_lines(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn file_name(line: &Value) -> String {
    let file = line["file"].as_str().expect("file is a string");
    Path::new(file)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// A recipient line has exactly the contract keys (plus `message` inside an mbox).
fn assert_recipient_line(line: &Value) {
    let keys: Vec<&str> = line
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let expected: Vec<&str> = CONTRACT_KEYS
        .iter()
        .copied()
        .filter(|k| *k != "file")
        .collect();
    let got: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| *k != "file" && *k != "message")
        .collect();
    let mut got_sorted = got.clone();
    got_sorted.sort_unstable();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort_unstable();
    assert_eq!(got_sorted, expected_sorted, "keys of {line}");
    assert!(
        line["reason"].is_string() && line["remedy"].is_string() && line["input_kind"].is_string(),
        "{line}"
    );
    assert!(line["hard_bounce"].is_boolean(), "{line}");
}

#[test]
fn decode_bounce_exits_0_and_names_recipient_and_code() {
    let out = rebound_path(&["decode"], &fixture("files/outlook-s3150.eml"));
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("bob@hotmail.com"), "{text}");
    assert!(text.contains("5.7.1"), "{text}");
    assert!(
        text.contains("S3150"),
        "the server's own words are shown: {text}"
    );
    assert!(
        !text.contains('\x1b'),
        "no colour codes when stdout is not a terminal: {text:?}"
    );
}

#[test]
fn decode_json_is_the_report_schema_1() {
    let out = rebound_path(&["decode", "--json"], &fixture("files/outlook-s3150.eml"));
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("--json prints JSON");
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["is_bounce"], true);
    let rcpt = &report["recipients"][0];
    assert_eq!(rcpt["recipient"], "bob@hotmail.com");
    assert_eq!(rcpt["status"], "5.7.1");
    assert_eq!(rcpt["reply_code"], 550);
    for key in [
        "input_kind",
        "diagnosis",
        "remedies",
        "warnings",
        "outbound_ips",
    ] {
        assert!(report.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn decode_two_recipients_lists_both() {
    let out = rebound_path(
        &["decode", "--json"],
        &fixture("files/two-unknown-users.eml"),
    );
    assert_eq!(code(&out), 0);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rcpts: Vec<&str> = report["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["recipient"].as_str().unwrap())
        .collect();
    assert_eq!(rcpts, ["carol@example.com", "dave@example.com"]);
}

#[test]
fn decode_mail_log_line() {
    let out = rebound_path(&["decode", "--json"], &fixture("files/mail.log"));
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["recipients"][0]["recipient"], "bob@hotmail.com");
}

#[test]
fn decode_not_a_bounce_exits_3() {
    let out = rebound_path(&["decode"], &fixture("files/not-a-bounce.eml"));
    assert_eq!(code(&out), 3);
    assert!(
        stdout(&out).to_lowercase().contains("not a bounce"),
        "{}",
        stdout(&out)
    );

    let out = rebound_path(&["decode", "--json"], &fixture("files/not-a-bounce.eml"));
    assert_eq!(code(&out), 3);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["is_bounce"], false);
}

#[test]
fn decode_dash_and_no_file_read_stdin() {
    let bounce = std::fs::read(fixture("files/outlook-s3150.eml")).unwrap();
    for args in [&["decode", "-", "--json"][..], &["decode", "--json"][..]] {
        let out = rebound_stdin(args, &bounce);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(report["recipients"][0]["recipient"], "bob@hotmail.com");
    }
    let out = rebound_stdin(&["decode", "-"], b"");
    assert_eq!(code(&out), 3, "empty stdin is not a bounce");
}

#[test]
fn decode_missing_file_exits_2_with_message() {
    let out = rebound(&["decode", "/nonexistent/rebound-test/bounce.eml"]);
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("/nonexistent/rebound-test/bounce.eml"),
        "names the file: {err}"
    );
}

#[test]
fn decode_directory_exits_2_and_suggests_scan() {
    let out = rebound_path(&["decode"], &fixture("files"));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("rebound scan"), "{}", stderr(&out));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["frobnicate"][..],
        &["scan"][..],
        &["decode", "--bogus"][..],
        &[][..],
    ] {
        let out = rebound(args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?} explains on stderr");
    }
    assert_eq!(code(&rebound(&["--help"])), 0);
    assert_eq!(code(&rebound(&["--version"])), 0);
}

#[test]
fn scan_directory_one_line_per_recipient() {
    let out = rebound_path(&["scan", "--jsonl"], &fixture("files"));
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let lines = json_lines(&out);
    let files: Vec<String> = lines.iter().map(file_name).collect();
    // mail.log: 1 recipient; not-a-bounce: 1 line; outlook-s3150: 1; two-unknown-users: 2.
    assert_eq!(
        files,
        [
            "mail.log",
            "not-a-bounce.eml",
            "outlook-s3150.eml",
            "two-unknown-users.eml",
            "two-unknown-users.eml"
        ]
    );
    for line in &lines {
        if line.get("not_a_bounce").is_some() {
            assert_eq!(line["not_a_bounce"], true);
            assert_eq!(line.as_object().unwrap().len(), 2, "{line}");
        } else {
            assert_recipient_line(line);
            assert!(
                line.get("message").is_none(),
                "plain files have no message index: {line}"
            );
        }
    }
    let s3150 = &lines[2];
    assert_eq!(s3150["recipient"], "bob@hotmail.com");
    assert_eq!(s3150["status"], "5.7.1");
    assert_eq!(s3150["reply_code"], 550);
    // `file` is the path as found: the argument joined with the name.
    assert_eq!(
        Path::new(s3150["file"].as_str().unwrap()),
        fixture("files/outlook-s3150.eml")
    );
}

#[test]
fn scan_mbox_splits_messages() {
    let out = rebound_path(&["scan", "--jsonl"], &fixture("mbox/bounces.mbox"));
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let lines = json_lines(&out);
    let index: Vec<u64> = lines
        .iter()
        .map(|l| l["message"].as_u64().expect("message index"))
        .collect();
    assert_eq!(index, [1, 2, 3, 3]);
    assert_eq!(lines[0]["recipient"], "bob@hotmail.com");
    assert_eq!(lines[1]["not_a_bounce"], true);
    assert_eq!(lines[2]["recipient"], "carol@example.com");
    assert_eq!(lines[3]["recipient"], "dave@example.com");
    for l in [&lines[0], &lines[2], &lines[3]] {
        assert_recipient_line(l);
        assert_eq!(file_name(l), "bounces.mbox");
    }
}

#[test]
fn scan_maildir_reads_cur_and_new_not_tmp() {
    let out = rebound_path(&["scan", "--jsonl"], &fixture("maildir"));
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let lines = json_lines(&out);
    let got: Vec<(String, String)> = lines
        .iter()
        .map(|l| {
            let file = l["file"].as_str().unwrap();
            let rel = Path::new(file)
                .strip_prefix(fixture("maildir"))
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let what = l["recipient"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| "not_a_bounce".into());
            (rel, what)
        })
        .collect();
    let want = [
        (
            ".Archive/cur/1794300000.M4P4.mail.example.org",
            "carol@example.com",
        ),
        (
            ".Archive/cur/1794300000.M4P4.mail.example.org",
            "dave@example.com",
        ),
        ("cur/1794301243.M1P1.mail.example.org", "bob@hotmail.com"),
        ("new/1794400000.M2P2.mail.example.org", "not_a_bounce"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(
        got, want,
        "tmp/, dovecot-uidlist, maildirfolder and dotfiles are not messages"
    );
}

#[test]
fn scan_many_paths_and_summary_table() {
    let out = Command::new(env!("CARGO_BIN_EXE_rebound"))
        .arg("scan")
        .args([fixture("files"), fixture("mbox"), fixture("maildir")])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("8 files"), "{text}");
    assert!(text.contains("10 messages"), "{text}");
    assert!(text.contains("10 recipients"), "{text}");
    assert!(text.contains("3 non-bounces"), "{text}");
    let row = |name: &str| {
        text.lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .map(str::to_string)
    };
    let userunknown = row("userunknown").expect("a userunknown row");
    assert_eq!(userunknown.split_whitespace().nth(1), Some("6"), "{text}");
    assert!(row("blocked").is_some(), "{text}");
    assert!(!text.contains('\x1b'), "no colour when not a terminal");
    assert!(
        out.stderr.is_empty(),
        "no progress line when stderr is not a terminal: {}",
        stderr(&out)
    );
}

#[test]
fn scan_skips_unreadable_entries_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("files/outlook-s3150.eml"), dir.path().join("a.eml")).unwrap();
    std::fs::copy(fixture("files/not-a-bounce.eml"), dir.path().join("c.eml")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("gone.eml"),
        dir.path().join("b-dangling.eml"),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rebound"))
        .args(["scan", "--jsonl"])
        .arg(dir.path())
        .arg(dir.path().join("missing"))
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    let lines = json_lines(&out);
    let files: Vec<String> = lines.iter().map(file_name).collect();
    assert_eq!(
        files,
        ["a.eml", "c.eml"],
        "the readable files are still scanned"
    );
    let err = stderr(&out);
    assert!(err.contains("missing"), "{err}");
    #[cfg(unix)]
    assert!(err.contains("b-dangling.eml"), "{err}");
}

#[test]
fn scan_eml_with_quoted_from_line_is_one_message() {
    // Saved .eml files often keep the envelope `From ` line and may quote another one.
    let dir = tempfile::tempdir().unwrap();
    let bounce = std::fs::read_to_string(fixture("files/outlook-s3150.eml")).unwrap();
    let text = format!("From MAILER-DAEMON Tue Nov 10 09:14:03 2026\n{bounce}\nFrom alice@example.org Tue Nov 10 09:14:01 2026\nquoted\n");
    std::fs::write(dir.path().join("saved.eml"), &text).unwrap();
    let out = rebound_path(&["scan", "--jsonl"], dir.path());
    assert_eq!(code(&out), 0);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].get("message").is_none());
    assert_eq!(lines[0]["recipient"], "bob@hotmail.com");
}

#[test]
fn scan_eml_quoting_the_returned_envelope_line_is_one_message() {
    // A plain-text bounce that pastes the returned message with its own `From ` line and
    // header fields: one message, not two.
    let text = "From MAILER-DAEMON  Sat Nov  7 08:00:09 2026\nFrom: postmaster@example.de\nTo: news@example.net\nSubject: email bounce notification\n\nYour message was rejected.\n\nreject reason: Mailbox full\ntarget mail address: reader@example.de\n\nbounced E-Mail:\n\nFrom news@example.net  Sat Nov  7 08:00:07 2026\nDate: Sat, 07 Nov 2026 06:00:03 +0000\nFrom: News <news@example.net>\nTo: reader@example.de\nSubject: Weekly\n\nHello\n";
    let lines = scan_one_file("quoting.eml", text);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].get("message").is_none(), "{lines:?}");
}

#[test]
fn scan_eml_holding_two_mbox_messages_reads_both() {
    // An mbox excerpt saved under a `.eml` name: a second envelope line and its header fields.
    let bounce = std::fs::read_to_string(fixture("files/outlook-s3150.eml")).unwrap();
    let other = std::fs::read_to_string(fixture("files/two-unknown-users.eml")).unwrap();
    let text = format!("From MAILER-DAEMON Tue Nov 10 09:14:03 2026\n{bounce}\nFrom MAILER-DAEMON  Wed Nov 11 10:00:00 2026\n{other}");
    // With LF and with CRLF line ends.
    for text in [text.clone(), text.replace('\n', "\r\n")] {
        let lines = scan_one_file("two.eml", &text);
        let messages: Vec<_> = lines.iter().map(|l| l["message"].as_u64()).collect();
        assert_eq!(messages, [Some(1), Some(2), Some(2)], "{lines:?}");
        assert_eq!(lines[0]["recipient"], "bob@hotmail.com");
    }
}

/// `scan --jsonl` over a directory holding one file NAME with TEXT; it must exit 0.
fn scan_one_file(name: &str, text: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let out = rebound_path(&["scan", "--jsonl"], dir.path());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    json_lines(&out)
}

#[test]
fn decode_10_mb_input() {
    // A bounce that quotes a large original message: 10 MB through stdin.
    let bounce = std::fs::read_to_string(fixture("files/outlook-s3150.eml")).unwrap();
    let line = "QmlnIGF0dGFjaG1lbnQgdGhhdCB0aGUgYm91bmNlIHF1b3RlZCBiYWNrIHRvIHRoZSBzZW5kZXIu\n";
    let mut big = bounce.replace(
        "--4F1A2B3C4D.1794301243/mail.example.org--",
        "--4F1A2B3C4D.1794301243/mail.example.org\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n",
    );
    while big.len() < 10 << 20 {
        big.push_str(line);
    }
    big.push_str("\n--4F1A2B3C4D.1794301243/mail.example.org--\n");
    let out = rebound_stdin(&["decode", "--json"], big.as_bytes());
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["recipients"][0]["recipient"], "bob@hotmail.com");
}

/// Every saved fuzz finding (`fuzz/regressions/`) and a few hostile shapes decode without a
/// panic: exit 0 or 3, never 101.
#[test]
fn fuzz_regressions_decode_cleanly() {
    let mut inputs: Vec<(String, Vec<u8>)> = vec![
        ("empty".into(), Vec::new()),
        ("nul bytes".into(), vec![0u8; 4096]),
        (
            "invalid utf-8".into(),
            (0..=255u8).cycle().take(70_000).collect(),
        ),
        ("mbox separator only".into(), b"From \n".to_vec()),
        // 200 KB: a 2 MB line takes 5 s even in release (regex scans of the whole diagnostic
        // in analyze/provider/ip; reported), and this test runs in debug builds.
        ("one long line".into(), b"550 5.7.1 ".repeat(20_000)),
        ("nested multipart".into(), nested_multipart(200)),
        (
            "headers only".into(),
            b"Content-Type: multipart/report; boundary=\"x\"\r\n".repeat(5_000),
        ),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut saved = 0;
    for entry in std::fs::read_dir(&dir)
        .expect("fuzz/regressions exists")
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "md") || !path.is_file() {
            continue;
        }
        inputs.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        saved += 1;
    }
    eprintln!("{saved} saved fuzz regressions");
    for (name, input) in &inputs {
        let out = rebound_stdin(&["decode", "--json"], input);
        assert!(
            matches!(code(&out), 0 | 3),
            "{name}: exit {:?}, stderr {}",
            out.status,
            stderr(&out)
        );
        let report: Value =
            serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(report["schema_version"], 1, "{name}");
    }
}

fn nested_multipart(depth: usize) -> Vec<u8> {
    let mut s = String::from("From: a@example.org\r\nMIME-Version: 1.0\r\n");
    for i in 0..depth {
        s.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n"
        ));
    }
    s.push_str("Content-Type: text/plain\r\n\r\n550 5.1.1 <x@example.com>: User unknown\r\n");
    for i in (0..depth).rev() {
        s.push_str(&format!("--b{i}--\r\n"));
    }
    s.into_bytes()
}
