//! GoDaddy (secureserver.net). Codes ported from Sisimai (go-sisimai `rhost/for-godaddy.go`,
//! BSD-2-Clause), from https://ca.godaddy.com/help/fix-rejected-email-with-a-bounce-error-40685

use super::{code_after, first_row, text_of, Provider, Row};
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "godaddy",
    hosts: &["smtp.secureserver.net", "mailstore1.secureserver.net"],
    reason,
    support_url: Some("https://ca.godaddy.com/help/fix-rejected-email-with-a-bounce-error-40685"),
    source: "https://ca.godaddy.com/help/fix-rejected-email-with-a-bounce-error-40685",
};

/// ` IBnnn` codes at the end of GoDaddy's rejections.
#[rustfmt::skip]
const CODES: &[(&str, Reason)] = &[
    ("IB401", Reason::Securityerror), // 535 Authentication not allowed on IBSMTP Servers.
    ("IB501", Reason::Notcompliantrfc), // 550 Blank From: addresses are not allowed.
    ("IB502", Reason::Notcompliantrfc), // 550 IP addresses are not allowed as a From: Address.
    ("IB506", Reason::Rejected),      // 550 From: Domain is invalid. Provide a valid From:
    ("IB508", Reason::Authfailure),   // 550 Invalid SPF record. Inspect your SPF settings.
    ("IB108", Reason::Requireptr),    // 421 Temporarily rejected. Reverse DNS for this IP failed.
    ("IB212", Reason::Spamdetected),  // 552 content judged to be spam by the internet community
    ("IB705", Reason::Virusdetected), // 552 Virus infected message rejected.
    ("IB605", Reason::Toomanyconn),   // 452 This message contains too many recipients.
    ("IB007", Reason::Toomanyconn),   // 421 Connection refused, too many sessions from This IP.
    ("IB101", Reason::Speeding),      // 421 Server temporarily unavailable. Try again later.
    ("IB110", Reason::Blocked),       // 554 This IP has been temporarily blocked ... spam
    ("IB111", Reason::Blocked),       // 554 This IP has been blocked for the day ... spam
    ("IB112", Reason::Blocked),       // 554 ... too many invalid recipients (an hour)
    ("IB113", Reason::Blocked),       // 554 ... too many invalid recipients (the day)
    ("IB504", Reason::Speeding),      // 550 This IP has sent too many messages this hour.
    ("IB510", Reason::Speeding),      // 550 exceeded the max number of messages per session
    ("IB607", Reason::Speeding),      // 550 This IP has sent too many to too many recipients
    ("IB103", Reason::Badreputation), // 554 poor reputation on Cloudmark Sender Intelligence
    ("IB104", Reason::Blocked),       // 554 listed on the Spamhaus Block List (SBL)
    ("IB105", Reason::Blocked),       // 554 listed on the Exploits Block List (XBL)
    ("IB106", Reason::Blocked),       // 554 listed on the Policy Block List (PBL)
];

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // 554 RBL Reject.
    Row { reason: Reason::Blocked, phrase: "rbl reject" },
    Row { reason: Reason::Blocked, phrase: "www.spamhaus.org/query/bl?ip=" },
    // 451 Sorry, I wasn't able to establish an SMTP connection ... in the queue too long.
    Row { reason: Reason::Expired, phrase: "has been in the queue too long" },
    Row { reason: Reason::Expired, phrase: "delivery timeout" },
    Row { reason: Reason::Mailboxfull, phrase: "account storage limit" },
    // 552 Message rejected for spam or virus content
    Row { reason: Reason::Spamdetected, phrase: "message rejected for spam or virus content" },
    Row { reason: Reason::Suspend, phrase: "account disabled" },
    // This message is looping: it already has my Delivered-To line. (#5.4.6)
    Row { reason: Reason::Systemerror, phrase: "message is looping" },
    // 550 Recipient not found
    Row { reason: Reason::Userunknown, phrase: "recipient not found" },
    Row { reason: Reason::Userunknown, phrase: "account does not exist" },
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    let raw = facts.diagnostic.as_deref().unwrap_or("");
    // The code is the word starting at "IB" ("… IB401 …").
    if let Some(r) = raw
        .find(" IB")
        .and_then(|i| code_after(&raw[i..], " ", CODES))
    {
        return Some(r);
    }
    first_row(ROWS, &text_of(facts))
}
