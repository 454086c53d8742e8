//! SMTP session transcripts (swaks `->`/`<-`, `C:`/`S:`, `>>>`/`<<<`): the first 4xx/5xx reply
//! the server gave, the command it answered, and the recipient of the `RCPT TO`.

use crate::facts::Facts;
use crate::smtp;

pub fn parse(text: &str) -> Vec<Facts> {
    let mut recipient: Option<String> = None;
    let mut last_command: Option<String> = None;
    for line in text.lines() {
        let t = line.trim_start();
        let (is_client, body) = if let Some(b) = t
            .strip_prefix("-> ")
            .or_else(|| t.strip_prefix(">>> "))
            .or_else(|| t.strip_prefix("C: "))
        {
            (true, b)
        } else if let Some(b) = t
            .strip_prefix("<- ")
            .or_else(|| t.strip_prefix("<** "))
            .or_else(|| t.strip_prefix("<<< "))
            .or_else(|| t.strip_prefix("S: "))
        {
            (false, b)
        } else {
            continue;
        };
        if is_client {
            let upper = body.to_ascii_uppercase();
            let verb = upper.split([' ', ':']).next().unwrap_or("").to_string();
            if upper.starts_with("RCPT TO:") {
                recipient = crate::mta::generic::first_address(body);
            }
            last_command = Some(match verb.as_str() {
                "EHLO" | "HELO" | "MAIL" | "RCPT" | "DATA" | "STARTTLS" => verb,
                _ => "DATA".to_string(),
            });
        } else if let Some(code) = smtp::find_reply_code(body) {
            if code >= 400 {
                return vec![Facts {
                    recipient,
                    status: smtp::find_status(body),
                    reply_code: Some(code),
                    diagnostic: Some(body.trim().to_string()),
                    action: Some(if code < 500 { "delayed" } else { "failed" }.to_string()),
                    smtp_command: last_command,
                    ..Facts::default()
                }];
            }
        }
    }
    Vec::new()
}
