//! Bounce formats: one module per MTA/provider text format, plus log lines, SMTP transcripts
//! and single reply lines. `extract` picks the parsers for an input and returns the records.
//!
//! Order matters: a `message/delivery-status` part (RFC 3464) is the most reliable source of
//! recipients and codes, and MTA text formats add what the DSN lacks (the remote's own words).

pub mod generic;
pub mod maillog;
pub mod postfix;
pub mod transcript;

use crate::dsn;
use crate::facts::{Bounce, Facts};
use crate::mail::Mail;
use crate::report::InputKind;

/// Run the parsers that fit `kind` over `text` (LF line ends) and collect what they find.
pub fn extract(raw: &[u8], text: &str, kind: InputKind) -> Bounce {
    let mut bounce = Bounce { text: text.to_string(), ..Bounce::default() };
    match kind {
        InputKind::Log => bounce.records = maillog::parse(text),
        InputKind::Transcript => bounce.records = transcript::parse(text),
        InputKind::ReplyLine | InputKind::NdrText => bounce.records = generic::parse_text(text),
        _ => {
            if let Some(mail) = Mail::parse(raw) {
                from_mail(&mut bounce, &mail);
                bounce.mail = Some(mail);
            }
        }
    }
    bounce
}

fn from_mail(bounce: &mut Bounce, mail: &Mail) {
    let mut records: Vec<Facts> = Vec::new();
    for part in &mail.delivery_status {
        let (per_message, mut found) = dsn::parse(part);
        if bounce.reporting_mta.is_none() {
            bounce.reporting_mta = per_message.reporting_mta;
        }
        if bounce.sender.is_none() {
            bounce.sender = per_message.original_envelope_sender.map(|s| dsn::clean_address(&s));
        }
        records.append(&mut found);
    }
    // Text formats: fill what the DSN lacks, or find the records when there is no DSN.
    let text_records = postfix::parse(&mail.body).or_else(|| generic::parse_mail(mail));
    match (records.is_empty(), text_records) {
        (true, Some(found)) => records = found,
        (false, Some(found)) => merge(&mut records, &found),
        _ => {}
    }
    bounce.records = records;
    if bounce.sender.is_none() {
        bounce.sender = mail
            .original_header("return-path")
            .or_else(|| mail.original_header("from"))
            .and_then(crate::mta::generic::first_address);
    }
}

/// Complete DSN records with the text format's findings for the same recipient.
fn merge(records: &mut [Facts], text: &[Facts]) {
    for r in records.iter_mut() {
        let same = text.iter().find(|t| {
            t.recipient.as_deref().map(str::to_ascii_lowercase) == r.recipient.as_deref().map(str::to_ascii_lowercase)
        });
        if let Some(t) = same {
            if r.diagnostic.is_none() {
                r.diagnostic = t.diagnostic.clone();
            }
            if r.reply_code.is_none() {
                r.reply_code = t.reply_code;
            }
            if r.remote_mta.is_none() {
                r.remote_mta = t.remote_mta.clone();
            }
            if r.smtp_command.is_none() {
                r.smtp_command = t.smtp_command.clone();
            }
        }
    }
}
