//! Postfix's human-readable part: `<rcpt>: host mx.example[192.0.2.1] said: 550 … (in reply to
//! RCPT TO command)`, lines folded by Postfix at about 80 columns.

use crate::facts::Facts;
use crate::smtp;

/// Records from Postfix's notification text, or `None` when the text is not Postfix's.
pub fn parse(body: &str) -> Option<Vec<Facts>> {
    if !body.contains("This is the mail system at host") && !body.contains("The mail system") {
        return None;
    }
    let mut out: Vec<Facts> = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in body.lines() {
        if let Some(rest) = line.strip_prefix('<') {
            if let Some((addr, tail)) = rest.split_once(">:") {
                if let Some((a, t)) = current.take() {
                    out.push(record(a, &t));
                }
                current = Some((addr.to_string(), tail.trim().to_string()));
                continue;
            }
        }
        if let Some((_, t)) = current.as_mut() {
            if line.trim().is_empty() {
                let (a, t) = current.take().unwrap();
                out.push(record(a, &t));
            } else {
                t.push(' ');
                t.push_str(line.trim());
            }
        }
    }
    if let Some((a, t)) = current.take() {
        out.push(record(a, &t));
    }
    if out.is_empty() { None } else { Some(out) }
}

fn record(addr: String, text: &str) -> Facts {
    let mut f = Facts::with_recipient(addr);
    let (remote, said) = match text.split_once(" said: ") {
        Some((h, s)) => (h.trim_start_matches("host ").split('[').next().map(|s| s.trim().to_string()), s),
        None => (None, text),
    };
    let (said, command) = match said.rsplit_once("(in reply to ") {
        Some((s, c)) => (s.trim(), c.split_whitespace().next().map(|c| c.to_ascii_uppercase())),
        None => (said.trim(), None),
    };
    f.remote_mta = remote;
    f.smtp_command = command.map(|c| if c == "END" { "DATA".to_string() } else { c });
    f.reply_code = smtp::find_reply_code(said);
    f.status = smtp::find_status(said);
    f.diagnostic = Some(said.to_string());
    f
}
