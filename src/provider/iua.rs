//! I.UA (Ukrainian mail service). Codes ported from Sisimai (go-sisimai `rhost/for-iua.go`,
//! BSD-2-Clause); each code has a page at https://mail.i.ua/err/$(CODE)/

use super::Provider;
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "i.ua",
    hosts: &[".email.ua"],
    reason,
    support_url: Some("https://mail.i.ua/"),
    source: "https://mail.i.ua/err/1/",
};

#[rustfmt::skip]
const CODES: &[(&str, Reason)] = &[
    ("1", Reason::Norelaying),  // The use of SMTP as mail gate is forbidden.
    ("2", Reason::Userunknown), // User is not found.
    ("3", Reason::Suspend),     // Mailbox was not used for more than 3 months
    ("4", Reason::Mailboxfull), // Mailbox is full.
    ("5", Reason::Toomanyconn), // Letter sending limit is exceeded.
    ("6", Reason::Norelaying),  // Use SMTP of your provider to send mail.
    ("7", Reason::Blocked),     // Wrong value if command HELO/EHLO parameter.
    ("8", Reason::Rejected),    // Couldn't check sender address.
    ("9", Reason::Blocked),     // IP-address of the sender is blacklisted.
    ("10", Reason::Filtered),   // Not in the list Mail address management.
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    let text = facts.diagnostic.as_deref()?.to_ascii_lowercase();
    let at = text.find(".i.ua/err/")?;
    let code = text[at + 10..].split('/').next()?;
    CODES.iter().find(|(c, _)| *c == code).map(|&(_, r)| r)
}
