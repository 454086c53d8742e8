//! Mail server log lines: Postfix `status=bounced`, Exim `**` (failed) / `==` (deferred),
//! Sendmail `stat=`. Only lines that report a recipient's outcome count; `status=sent` and the
//! like are context. When any recipient failed for good, only the failures are reported (an
//! unrelated greylisting deferral is context); a log of deferrals only reports them as delayed.

use crate::facts::Facts;
use crate::mta::text;
use crate::smtp;

/// Records and the sender (from the `from=<…>` / `<=` line of the same message).
pub fn parse(input: &str) -> (Vec<Facts>, Option<String>) {
    let mut out: Vec<(String, Facts)> = Vec::new(); // (queue id, record)
    let mut senders: Vec<(String, String)> = Vec::new(); // (queue id, sender)
    let mut index = std::collections::HashMap::new();
    let mut last: Vec<&str> = Vec::new();
    for line in crate::input::lines(input).take(200_000) {
        if line.len() > 20_000 {
            continue;
        }
        if let Some((qid, sender)) = sender_line(line) {
            if senders.len() < 10_000 {
                senders.push((qid, sender));
            }
            continue;
        }
        // Cheap first pass: which line is each recipient's last outcome line.
        let Some(key) = outcome_key(line) else {
            continue;
        };
        if let Some(&i) = index.get(&key) {
            last[i] = line;
        } else if last.len() < crate::mta::MAX_RECORDS {
            index.insert(key, last.len());
            last.push(line);
        }
    }
    // Only those lines are parsed in full.
    for line in last {
        if let Some(found) = postfix_line(line)
            .or_else(|| exim_line(line))
            .or_else(|| sendmail_line(line))
        {
            out.push(found);
        }
    }
    if out
        .iter()
        .any(|(_, f)| f.action.as_deref() == Some("failed"))
    {
        out.retain(|(_, f)| f.action.as_deref() == Some("failed"));
    }
    let sender = out.first().and_then(|(qid, _)| {
        senders
            .iter()
            .find(|(q, s)| q == qid && !s.is_empty())
            .map(|(_, s)| s.clone())
    });
    (out.into_iter().map(|(_, f)| f).collect(), sender)
}

/// The recipient (lower case) an outcome line is about, found without parsing the line.
fn outcome_key(line: &str) -> Option<String> {
    let recipient = if line.contains("status=") || line.contains("stat=") {
        line.split("to=").nth(1)?.split([',', ' ']).next()?
    } else if let Some((_, after)) = line.split_once(" ** ").or_else(|| line.split_once(" == ")) {
        after.split_whitespace().next()?
    } else {
        return None;
    };
    let r = recipient.trim_matches(['<', '>']).to_ascii_lowercase();
    r.contains('@').then_some(r)
}

/// The queue id token after the syslog prefix (`postfix/smtp[123]: 7C1F21A0B4F:`).
fn postfix_qid(line: &str) -> String {
    line.split("]: ")
        .nth(1)
        .and_then(|r| r.split(':').next())
        .unwrap_or("")
        .trim()
        .to_string()
}

fn sender_line(line: &str) -> Option<(String, String)> {
    if line.contains("postfix/") || line.contains("sendmail[") || line.contains("sm-mta[") {
        if line.contains(" to=") {
            return None;
        }
        let from = line.split("from=<").nth(1)?.split('>').next()?.to_string();
        return Some((postfix_qid(line), from));
    }
    // Exim: "2026-02-05 11:20:44 1wJk3a-00B7cQ-2F <= sender@example.com H=…"
    let (before, after) = line.split_once(" <= ")?;
    let qid = before.split_whitespace().last()?.to_string();
    let sender = after
        .split_whitespace()
        .next()?
        .trim_matches(['<', '>'])
        .to_string();
    Some((
        qid,
        if sender == "<>" {
            String::new()
        } else {
            sender
        },
    ))
}

fn postfix_line(line: &str) -> Option<(String, Facts)> {
    let status = line.split("status=").nth(1)?;
    let outcome = status.split([' ', ',']).next()?;
    let action = match outcome {
        "bounced" | "expired" | "undeliverable" => "failed",
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
    let (said, command) = match text::rsplit_once_str(said, "(in reply to ") {
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
    let dsn = line
        .split("dsn=")
        .nth(1)
        .and_then(|d| d.split(',').next())
        .map(str::to_string);
    let mut f = Facts {
        recipient: Some(recipient),
        status: smtp::find_remote_status(said).or(dsn),
        action: Some(action.to_string()),
        remote_mta: relay.filter(|r| r != "none" && r != "local"),
        smtp_command: command.map(|c| if c == "END" { "DATA".into() } else { c }),
        ..Facts::default()
    };
    text::fill(&mut f, said);
    if outcome == "expired" {
        f.reason_hint = Some(crate::reason::Reason::Expired);
    }
    Some((postfix_qid(line), f))
}

/// `… 1wJk3a-00B7cQ-2F ** a@b R=… T=…: SMTP error from remote mail server after RCPT TO:<a@b>: 550 …`
fn exim_line(line: &str) -> Option<(String, Facts)> {
    let (marker, action) = if line.contains(" ** ") {
        (" ** ", "failed")
    } else if line.contains(" == ") {
        (" == ", "delayed")
    } else {
        return None;
    };
    let (before, after) = line.split_once(marker)?;
    let qid = before.split_whitespace().last().unwrap_or("").to_string();
    let recipient = after
        .split_whitespace()
        .next()?
        .trim_matches(['<', '>'])
        .to_string();
    if !recipient.contains('@') {
        return None;
    }
    // The error follows the last "T=transport" field's colon, or "defer (-44):" for deferrals.
    let error = after.split_once(": ").map(|(_, e)| e).unwrap_or("").trim();
    let mut f = Facts {
        recipient: Some(recipient),
        action: Some(action.into()),
        ..Facts::default()
    };
    f.smtp_command = text::command_in(error);
    f.remote_mta = after
        .split(" H=")
        .nth(1)
        .and_then(|h| h.split_whitespace().next())
        .map(str::to_string);
    let own = match error.to_ascii_lowercase().find("smtp error from remote") {
        Some(at) => {
            let e = &error[at..];
            // After "…after RCPT TO:<a@b>: " comes the remote's reply.
            e.find(">: ")
                .map(|i| &e[i + 3..])
                .or_else(|| e.split_once("DATA: ").map(|(_, r)| r))
                .unwrap_or(e)
        }
        None => error,
    };
    text::fill(&mut f, own);
    if error
        .to_ascii_lowercase()
        .contains("retry timeout exceeded")
    {
        f.reason_hint = Some(crate::reason::Reason::Expired);
    }
    Some((qid, f))
}

/// `sendmail[123]: qid: to=<a@b>, … dsn=5.1.1, stat=User unknown` (and `reply=` text).
fn sendmail_line(line: &str) -> Option<(String, Facts)> {
    if !(line.contains("sendmail[") || line.contains("sm-mta[")) {
        return None;
    }
    let stat = line.split("stat=").nth(1)?.trim();
    let dsn = line
        .split("dsn=")
        .nth(1)
        .and_then(|d| d.split(',').next())
        .map(str::to_string);
    let action = match dsn.as_deref().and_then(|d| d.chars().next()) {
        Some('5') => "failed",
        Some('4') => "delayed",
        _ if stat.starts_with("Deferred") => "delayed",
        _ => return None,
    };
    let to = line.split("to=").nth(1)?.split(',').next()?;
    let recipient = text::first_address(to)?;
    let mut f = Facts {
        recipient: Some(recipient),
        status: dsn,
        action: Some(action.into()),
        remote_mta: line
            .split("relay=")
            .nth(1)
            .and_then(|r| r.split([' ', ',', '[']).next())
            .map(str::to_string),
        ..Facts::default()
    };
    text::fill(&mut f, stat);
    Some((postfix_qid(line), f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postfix_final_outcome_only() {
        let log = "Jun  3 14:22:07 mx2 postfix/qmgr[1190]: 7C1F: from=<info@club.example.com>, size=5214, nrcpt=3 (queue active)\nJun  3 14:22:09 mx2 postfix/smtp[21512]: 7C1F: to=<s@four.example>, relay=mx.four.example[52.101.8.47]:25, dsn=5.4.1, status=bounced (host mx.four.example[52.101.8.47] said: 550 5.4.1 Recipient address rejected: Access denied (in reply to RCPT TO command))\nJun  3 14:22:11 mx2 postfix/smtp[21513]: 7C1F: to=<r@example.org>, relay=mx1.example.org[203.0.113.250]:25, dsn=4.7.1, status=deferred (host mx1.example.org[203.0.113.250] said: 450 4.7.1 Greylisted (in reply to RCPT TO command))\n";
        let (r, sender) = parse(log);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].status.as_deref(), Some("5.4.1"));
        assert_eq!(r[0].smtp_command.as_deref(), Some("RCPT"));
        assert_eq!(sender.as_deref(), Some("info@club.example.com"));
    }

    #[test]
    fn exim_failure() {
        let log = "2026-02-05 11:20:44 1wJk3a-00B7cQ-2F <= news@example.com H=x\n2026-02-05 11:20:45 1wJk3a-00B7cQ-2F ** m@l.example R=dnslookup T=remote_smtp H=mx.l.example [2a01:111:f403:c90c::3]: SMTP error from remote mail server after RCPT TO:<m@l.example>: 550 5.7.25 Access denied\n";
        let (r, sender) = parse(log);
        assert_eq!(r[0].recipient.as_deref(), Some("m@l.example"));
        assert_eq!(r[0].diagnostic.as_deref(), Some("550 5.7.25 Access denied"));
        assert_eq!(r[0].reply_code, Some(550));
        assert_eq!(sender.as_deref(), Some("news@example.com"));
    }
}
