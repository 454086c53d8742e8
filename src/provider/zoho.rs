//! Zoho Mail. Table ported from Sisimai (go-sisimai `rhost/for-zoho.go`, BSD-2-Clause), from
//! https://www.zoho.com/mail/help/spam-reason.html and https://smtpfieldmanual.com/provider/zoho

use super::{first_row, text_of, Provider, Row};
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "zoho",
    hosts: &[".zoho.com", ".zoho.eu", ".zoho.in", ".zohomail.com"],
    reason,
    support_url: Some("https://www.zoho.com/mail/help/spam-reason.html"),
    source: "https://smtpfieldmanual.com/provider/zoho",
};

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // 550 5.7.1 Email rejected per DMARC policy for zoho.com
    Row { reason: Reason::Authfailure, phrase: "email rejected per dmarc policy" },
    // 451 4.7.1 Greylisted, try again after some time
    Row { reason: Reason::Blocked, phrase: "greylisted, try again after some time" },
    // 554 5.7.1 Email cannot be delivered. Reason: Email flagged as Spam.
    Row { reason: Reason::Rejected, phrase: "email cannot be delivered. reason: email flagged as spam" },
    // 541 5.4.1 Mail rejected by destination domain
    Row { reason: Reason::Rejected, phrase: "mail rejected by destination domain" },
    // 554 5.7.7 Email policy violation detected
    Row { reason: Reason::Policyviolation, phrase: "email policy violation detected" },
    Row { reason: Reason::Policyviolation, phrase: "mailbox delivery restricted by policy error" },
    // 452 4.3.1 Temporary System Error
    Row { reason: Reason::Systemerror, phrase: "temporary system error" },
    // 550 5.1.1 User does not exist - <***@zoho.com>
    Row { reason: Reason::Userunknown, phrase: "user does not exist" },
    // 552 5.7.1 virus **** detected by Zoho Mail
    Row { reason: Reason::Virusdetected, phrase: " detected by zoho mail" },
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    first_row(ROWS, &text_of(facts))
}
