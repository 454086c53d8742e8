//! NTT DOCOMO (docomo.ne.jp). Logic ported from Sisimai (go-sisimai `rhost/for-nttdocomo.go`,
//! BSD-2-Clause; see https://github.com/sisimai/go-sisimai/issues/64): since 2025-03-12 DOCOMO
//! rejects unknown users with "550 Unknown user" and no longer per-domain filters over SMTP.

use super::{first_row, text_of, Provider, Row};
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "docomo",
    hosts: &["mfsmax.docomo.ne.jp"],
    reason,
    support_url: None,
    source: "https://github.com/sisimai/go-sisimai/issues/64",
};

#[rustfmt::skip]
const ROWS: &[Row] = &[
    Row { reason: Reason::Mailboxfull, phrase: "552 too much mail data" },
    Row { reason: Reason::Syntaxerror, phrase: "503 bad sequence of commands" },
    Row { reason: Reason::Syntaxerror, phrase: "504 command parameter not implemented" },
    Row { reason: Reason::Toomanyconn, phrase: "552 too many recipients" },
    // Sisimai added "550 unknown user" → userunknown for mail after 2025-03-12 (its issue #64);
    // v5.2's tables, which the corpus follows, leave it to the status/command rule below.
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    let status = facts.status.as_deref().map(str::trim).unwrap_or("");
    match status {
        // 550 5.1.1 <***@docomo.ne.jp>... User unknown
        "5.1.1" | "5.0.911" => return Some(Reason::Userunknown),
        // Status: 5.2.0 after "550 Unknown user" at DATA: the recipient's filter.
        "5.2.0" => return Some(Reason::Filtered),
        _ => {}
    }
    if let Some(r) = first_row(ROWS, &text_of(facts)) {
        return Some(r);
    }
    // Status 5.0.0: the SMTP command tells (RCPT: no such user; DATA: refused by a filter).
    if status == "5.0.0" {
        match facts.smtp_command.as_deref() {
            Some("RCPT") => return Some(Reason::Userunknown),
            Some("DATA") => return Some(Reason::Rejected),
            _ => {}
        }
    }
    None
}
