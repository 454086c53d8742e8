//! fml (fml.org) mailing-list manager's error replies: `X-MLServer` header, sender
//! `…-admin@`, and lines naming the list address in `<…>` ("You are not a member of this
//! mailing list <ml@example.org>."). The list address is the recipient; the error kind comes
//! from fml's fixed phrases.

use crate::facts::Facts;
use crate::mail::Mail;
use crate::mta::text;
use crate::reason::Reason;

/// fml's phrases and what they mean.
const PHRASES: &[(&str, Reason)] = &[
    (" header may cause mail loop", Reason::Rejected),
    ("not member article from ", Reason::Rejected),
    ("reject mail from ", Reason::Rejected),
    ("reject spammers:", Reason::Rejected),
    (
        "you are not a member of this mailing list",
        Reason::Rejected,
    ),
    (
        " has detected a loop condition so that",
        Reason::Systemerror,
    ),
    ("duplicated message-id", Reason::Systemerror),
    ("loop back warning:", Reason::Systemerror),
    ("security alert:", Reason::Securityerror),
];

/// Records from an fml error reply, or `None` when the message is not one.
pub fn parse(mail: &Mail) -> Option<Vec<Facts>> {
    mail.header("x-mlserver")?;
    if !mail.from_lower().contains("-admin@") {
        return None;
    }
    let lower = &mail.body_lower;
    let end = lower
        .find("original mail as follows:")
        .unwrap_or(mail.body.len());
    let mut out: Vec<Facts> = Vec::new();
    for line in crate::input::lines(&mail.body[..end]) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let bracketed = t.find('<').zip(t.rfind('>')).filter(|(a, b)| a < b);
        if let Some(a) = bracketed.and_then(|(a, b)| text::as_address(&t[a + 1..b])) {
            let mut f = Facts::with_recipient(a);
            f.diagnostic = Some(t.to_string());
            out.push(f);
        } else if let Some(f) = out.last_mut() {
            let d = f.diagnostic.get_or_insert_with(String::new);
            d.push(' ');
            d.push_str(t);
        }
    }
    for f in out.iter_mut() {
        let d = f.diagnostic.as_deref().unwrap_or("").to_ascii_lowercase();
        f.reason_hint = PHRASES.iter().find(|(p, _)| d.contains(p)).map(|(_, r)| *r);
    }
    (!out.is_empty()).then_some(out)
}
