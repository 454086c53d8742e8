//! AOL Mail (now Yahoo Inc.'s infrastructure; AOL's own MX hosts keep their own texts).
//! Table ported from Sisimai (go-sisimai `rhost/for-aol.go`, BSD-2-Clause).

use super::{first_row, text_of, Provider, Row};
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "aol",
    hosts: &[".mail.aol.com", ".mx.aol.com"],
    reason,
    support_url: Some("https://senders.yahooinc.com/contact/"),
    source: "https://senders.yahooinc.com/smtp-error-codes/",
};

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // 550 5.1.2 ... Host or domain name not found. Name service error for name=... type=A
    Row { reason: Reason::Hostunknown, phrase: "host or domain name not found" },
    // ... type=MX: Malformed or unexpected name server reply
    Row { reason: Reason::Notaccept, phrase: "type=mx: malformed or unexpected name server reply" },
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    first_row(ROWS, &text_of(facts))
}
