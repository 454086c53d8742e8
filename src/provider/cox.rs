//! Cox Communications (cox.net). Codes and phrases ported from Sisimai (go-sisimai
//! `rhost/for-cox.go`, BSD-2-Clause), from Cox's postmaster page:
//! https://www.cox.com/residential/support/cox-postmaster-email-administration.html

use super::{code_after, first_row, text_of, Provider, Row};
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "cox",
    hosts: &["cox.net"],
    reason,
    support_url: Some(
        "https://www.cox.com/residential/support/cox-postmaster-email-administration.html",
    ),
    source: "https://www.cox.com/residential/support/cox-postmaster-email-administration.html",
};

/// `AUP#CODE` labels printed in Cox's rejections.
#[rustfmt::skip]
const CODES: &[(&str, Reason)] = &[
    // The sending IP address has been blocked by Cox due to exhibiting spam-like behavior.
    ("CXBL", Reason::Blocked),
    // The Reverse DNS (rDNS) lookup for your IP address is failing.
    ("CXDNS", Reason::Requireptr),
    // Your email failed authentication checks against your sending domain's SPF, DomainKeys, or DKIM.
    ("CXSNDR", Reason::Authfailure),
    // Cox was unable to verify that it came from a legitimate email sender.
    ("CXSMTP", Reason::Rejected),
    // Too many concurrent SMTP connections per IP address.
    ("CXCNCT", Reason::Toomanyconn),
    // The sender has sent email to too many recipients and needs to wait.
    ("CXMXRT", Reason::Toomanyconn),
    // The sending IP address has been temporarily blocked (spam-like behaviour), up to 24 hours.
    ("CDRBL", Reason::Blocked),
    // Email sending limited / blocked due to suspicious account activity.
    ("CXTHRT", Reason::Securityerror),
    ("CXMJ", Reason::Securityerror),
    // The sending IP address is listed in Spamhaus Zen / Return Path / Invaluement / Cloudmark CSI.
    ("IPBL0001", Reason::Blocked),
    ("IPBL0010", Reason::Blocked),
    ("IPBL0100", Reason::Blocked),
    ("IPBL0011", Reason::Blocked),
    ("IPBL0101", Reason::Blocked),
    ("IPBL0110", Reason::Blocked),
    ("IPBL0111", Reason::Blocked),
    ("IPBL1000", Reason::Blocked),
    ("IPBL1001", Reason::Blocked),
    ("IPBL1010", Reason::Blocked),
    ("IPBL1011", Reason::Blocked),
    ("IPBL1100", Reason::Blocked),
    ("IPBL1101", Reason::Blocked),
    ("IPBL1110", Reason::Blocked),
    ("IPBL1111", Reason::Blocked),
    ("IPBL00001", Reason::Blocked),
    // A URL within the body of the message was found on blocklists (SURBL, Spamhaus DBL, ivmURI).
    ("URLBL011", Reason::Spamdetected),
    ("URLBL101", Reason::Spamdetected),
    ("URLBL110", Reason::Spamdetected),
    ("URLBL1001", Reason::Spamdetected),
];

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // Repeated bad commands or invalid passwords: a three-hour block of the client's IP.
    Row { reason: Reason::Blocked, phrase: "cox too many bad commands from" },
    Row { reason: Reason::Blocked, phrase: "too many invalid recipients" },
    // Cox requires valid reverse DNS PTR records.
    Row { reason: Reason::Requireptr, phrase: "dns check failure - try again later" },
    Row { reason: Reason::Requireptr, phrase: "rejected - no rdns" },
    // Talking too soon; prohibited attachment types.
    Row { reason: Reason::Policyviolation, phrase: "esmtp no data before greeting" },
    Row { reason: Reason::Policyviolation, phrase: "attachment extension is forbidden" },
    // Sender domains must resolve to a valid MX or A record.
    Row { reason: Reason::Rejected, phrase: "sender rejected" },
    Row { reason: Reason::Systemerror, phrase: "esmtp server temporarily not available" },
    Row { reason: Reason::Toomanyconn, phrase: "too many sessions from" },
    Row { reason: Reason::Toomanyconn, phrase: "requested action aborted: try again later" },
    Row { reason: Reason::Toomanyconn, phrase: "message threshold exceeded" },
    // The intended recipient is not a valid Cox Email account.
    Row { reason: Reason::Userunknown, phrase: "recipient rejected" },
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    let raw = facts.diagnostic.as_deref().unwrap_or("");
    if let Some(r) = code_after(raw, "AUP#", CODES) {
        return Some(r);
    }
    first_row(ROWS, &text_of(facts))
}
