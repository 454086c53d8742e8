//! Mail server log lines: Postfix `status=bounced`, Exim `**`/`==`, Sendmail `stat=`.
//! Only lines that report a recipient's outcome count; `status=sent` and the like are context.

use crate::facts::Facts;
use crate::smtp;

/// Bounce and deferral records from log lines. For a recipient with several lines, the last
/// (final) outcome wins.
pub fn parse(text: &str) -> Vec<Facts> {
    let mut out: Vec<Facts> = Vec::new();
    for line in text.lines() {
        let Some(f) = postfix_line(line) else {
            continue;
        };
        if let Some(existing) = out.iter_mut().find(|e| e.recipient == f.recipient) {
            *existing = f;
        } else {
            out.push(f);
        }
    }
    out
}

fn postfix_line(line: &str) -> Option<Facts> {
    let status = line.split("status=").nth(1)?;
    let outcome = status.split_whitespace().next()?;
    let action = match outcome {
        "bounced" => "failed",
        "deferred" => "delayed",
        _ => return None,
    };
    let recipient = line.split("to=<").nth(1)?.split('>').next()?.to_string();
    let detail = status
        .split_once('(')
        .map(|(_, d)| d.trim_end().trim_end_matches(')'))
        .unwrap_or("");
    let said = detail
        .split_once(" said: ")
        .map(|(_, s)| s)
        .unwrap_or(detail);
    let (said, command) = match said.rsplit_once("(in reply to ") {
        Some((s, c)) => (
            s.trim(),
            c.split_whitespace().next().map(str::to_ascii_uppercase),
        ),
        None => (said.trim(), None),
    };
    let relay = line
        .split("relay=")
        .nth(1)
        .and_then(|r| r.split(['[', ',']).next())
        .map(str::to_string);
    Some(Facts {
        recipient: Some(recipient),
        status: smtp::find_status(said).or_else(|| {
            line.split("dsn=")
                .nth(1)
                .and_then(|d| d.split(',').next())
                .map(str::to_string)
        }),
        reply_code: smtp::find_reply_code(said),
        diagnostic: Some(said.to_string()),
        action: Some(action.to_string()),
        remote_mta: relay.filter(|r| r != "none"),
        smtp_command: command,
        ..Facts::default()
    })
}
