//! Yahoo Inc. (Yahoo Mail, AOL's current infrastructure: *.yahoodns.net MX hosts). Table ported
//! from Sisimai (go-sisimai `rhost/for-yahooinc.go`, BSD-2-Clause), from Yahoo's
//! https://senders.yahooinc.com/smtp-error-codes/

use super::{first_row, text_of, Provider, Row};
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "yahoo",
    hosts: &[".yahoodns.net"],
    reason,
    support_url: Some("https://senders.yahooinc.com/contact/"),
    source: "https://senders.yahooinc.com/smtp-error-codes/",
};

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // 550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all
    // senders to authenticate with either SPF or DKIM.
    Row { reason: Reason::Authfailure, phrase: "yahoo requires all senders to authenticate with either spf or dkim" },
    // 553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.25, because the ip is in
    // Spamhaus's list; see http://postmaster.yahoo.com/550-bl23.html
    Row { reason: Reason::Blocked, phrase: " because the ip is in spamhaus's list;" },
    // 553 5.7.1 [BL23] Connections not accepted from IP addresses on Spamhaus XBL
    Row { reason: Reason::Blocked, phrase: "not accepted from ip addresses on spamhaus xbl" },
    // 550 relaying denied for <***@yahoo.com>
    Row { reason: Reason::Norelaying, phrase: "relaying denied for " },
    Row { reason: Reason::Notcompliantrfc, phrase: "headers are not rfc compliant" },
    // 554 Message not allowed - [PH01] Email not accepted for policy reasons.
    Row { reason: Reason::Policyviolation, phrase: "not accepted for policy reasons" },
    // 421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or
    // user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes
    Row { reason: Reason::Rejected, phrase: "temporarily deferred due to unexpected volume or user complaints" },
    // 451 Message temporarily deferred due to unresolvable RFC.5321 from domain.
    Row { reason: Reason::Rejected, phrase: "due to unresolvable rfc.5321 domain" },
    // 553 5.7.2 [TSS09] All messages from 192.0.2.25 will be permanently deferred
    Row { reason: Reason::Rejected, phrase: " will be permanently deferred" },
    // 450 User is receiving mail too quickly
    Row { reason: Reason::Speeding, phrase: "user is receiving mail too quickly" },
    // 554 delivery error: dd ****@yahoo.com is no longer valid.
    Row { reason: Reason::Suspend, phrase: " is no longer valid." },
    // 554 30 Sorry, your message to *****@aol.jp cannot be delivered. This mailbox is disabled
    Row { reason: Reason::Suspend, phrase: "this mailbox is disabled" },
    Row { reason: Reason::Syntaxerror, phrase: "syntax error in parameters or arguments" },
    // 421 Max message per connection reached, closing transmission channel
    Row { reason: Reason::Toomanyconn, phrase: "max message per connection reached" },
    // 554 delivery error: dd This user doesn't have a yahoo.com account (***@yahoo.com)
    Row { reason: Reason::Userunknown, phrase: "dd this user doesn't have a " },
    // 552 1 Requested mail action aborted, mailbox not found
    Row { reason: Reason::Userunknown, phrase: "mailbox not found" },
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    first_row(ROWS, &text_of(facts))
}
