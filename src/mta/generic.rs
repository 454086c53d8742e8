//! Last-resort scanning: text with an address and an SMTP reply somewhere near it, and pasted
//! reply lines with no address at all.

use regex_lite::Regex;
use std::sync::OnceLock;

use crate::facts::Facts;
use crate::mail::Mail;
use crate::smtp;

fn address_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"[A-Za-z0-9._%+=/'&-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+").unwrap())
}

/// The first e-mail address in `text`.
pub fn first_address(text: &str) -> Option<String> {
    address_re().find(text).map(|m| m.as_str().trim_end_matches('.').to_string())
}

/// Find the first line carrying an SMTP reply (code + text), with the nearest address before it.
pub fn parse_text(text: &str) -> Vec<Facts> {
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(code) = smtp::find_reply_code(line) else { continue };
        if !(400..600).contains(&code) {
            continue;
        }
        let mut f = Facts {
            reply_code: Some(code),
            status: smtp::find_status(line),
            diagnostic: Some(line.trim().to_string()),
            ..Facts::default()
        };
        f.recipient = lines[..=i].iter().rev().find_map(|l| first_address(l));
        return vec![f];
    }
    Vec::new()
}

/// A message whose body carries the reply in free text.
pub fn parse_mail(mail: &Mail) -> Option<Vec<Facts>> {
    let found = parse_text(&mail.body);
    if found.is_empty() { None } else { Some(found) }
}
