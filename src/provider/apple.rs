//! Apple iCloud Mail (icloud.com, me.com, mac.com). Table ported from Sisimai (go-sisimai
//! `rhost/for-apple.go`, BSD-2-Clause); Apple's postmaster page:
//! https://support.apple.com/en-us/102322

use super::{first_row, text_of, Provider, Row};
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "apple",
    hosts: &[".mail.icloud.com", ".apple.com", ".me.com"],
    reason,
    support_url: Some("https://support.apple.com/en-us/102322"),
    source: "https://support.apple.com/en-us/102322",
};

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // 554 5.7.1 Your message was rejected due to example.jp's DMARC policy.
    //   See https://support.apple.com/en-us/HT204137 for
    Row { reason: Reason::Authfailure, phrase: "s dmarc policy" },
    // 554 5.7.1 [HME1] This message was blocked for failing both SPF and DKIM authentication checks.
    Row { reason: Reason::Authfailure, phrase: "blocked for failing both spf and dkim aut" },
    // 550 5.7.1 Your email was rejected due to having a domain present in the Spamhaus DBL
    Row { reason: Reason::Blocked, phrase: "rejected due to having a domain present in the spamhaus" },
    // 550 5.7.1 Mail from IP 192.0.2.1 was rejected due to listing in Spamhaus SBL.
    Row { reason: Reason::Blocked, phrase: "rejected due to listing in spamhaus" },
    // 550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.1.2
    Row { reason: Reason::Blocked, phrase: "blocked - see https://support.proofpoint.com/dnsbl-lookup" },
    // 554 ****-smtpin001.me.com ESMTP not accepting connections
    Row { reason: Reason::Blocked, phrase: "not accepting connections" },
    // 550 5.1.6 recipient no longer on server: *****@icloud.com
    Row { reason: Reason::Hasmoved, phrase: "recipient no longer on server" },
    // 552 5.2.2 <****@icloud.com>: user is over quota (in reply to RCPT TO command)
    Row { reason: Reason::Mailboxfull, phrase: "user is over quota" },
    // 554 5.7.1 <*****@icloud.com>: Relay access denied
    Row { reason: Reason::Norelaying, phrase: "relay access denied" },
    Row { reason: Reason::Notaccept, phrase: "host/domain does not accept mail" },
    // 550 5.7.1 [CS01] Message rejected due to local policy.
    Row { reason: Reason::Policyviolation, phrase: "due to local policy" },
    // 450 4.1.8 <kijitora@example.jp>: Sender address rejected: Domain not found
    Row { reason: Reason::Rejected, phrase: "sender address rejected" },
    // 421 4.7.1 Messages to ****@icloud.com deferred due to excessive volume.
    Row { reason: Reason::Speeding, phrase: "due to excessive volume" },
    // 550 5.1.1 <****@icloud.com>: inactive email address (in reply to RCPT TO command)
    Row { reason: Reason::Userunknown, phrase: "inactive email address" },
    Row { reason: Reason::Userunknown, phrase: "user does not exist" },
    // 550 5.1.1 unknown or illegal alias: ****@icloud.com
    Row { reason: Reason::Userunknown, phrase: "unknown or illegal alias" },
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    first_row(ROWS, &text_of(facts))
}
