//! Symantec / Broadcom Email Security.cloud (MessageLabs). Table ported from Sisimai (go-sisimai
//! `rhost/for-messagelabs.go`, BSD-2-Clause), from Broadcom's knowledge base:
//! https://knowledge.broadcom.com/external/article/169652/email-error-and-bounce-codes-for-email-s.html

use super::{first_row, text_of, Provider, Row};
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "messagelabs",
    hosts: &[".messagelabs.com"],
    reason,
    support_url: Some("https://ipremoval.sms.symantec.com/"),
    source: "https://knowledge.broadcom.com/external/article/169652/email-error-and-bounce-codes-for-email-s.html",
};

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // 553 DMARC domain authentication fail / 553-SPF (Sender Policy Framework) domain
    // authentication fail. https://knowledge.broadcom.com/external/article/175407
    Row { reason: Reason::Authfailure, phrase: "domain authentication fail" },
    // 501 Connection rejected by policy [7.7] 20805 (negative IP reputation).
    // https://knowledge.broadcom.com/external/article/164955
    Row { reason: Reason::Badreputation, phrase: "connection rejected by policy" },
    // 553-mail rejected because your IP is in the PBL. https://knowledge.broadcom.com/external/article/165165
    Row { reason: Reason::Blocked, phrase: "mail rejected because your ip is in the pbl" },
    Row { reason: Reason::Blocked, phrase: "your ip address has been " },
    Row { reason: Reason::Blocked, phrase: "your ip address (ip-addr) has been blocked" },
    Row { reason: Reason::Blocked, phrase: "your email address (addr) has been blocked" },
    // 553 Stray linefeeds in message (#5.6.2)
    Row { reason: Reason::Contenterror, phrase: "stray linefeeds in message" },
    // 451 TLS/SSLv3 Connection required. (#4.7.1) https://knowledge.broadcom.com/external/article/162152
    Row { reason: Reason::Failedstarttls, phrase: "tls/sslv3 connection required" },
    // You are trying to use me [server-X.tower-x.messagelabs.com] as a relay, but I have not been
    // configured to let you do this. https://knowledge.broadcom.com/external/article/162137
    Row { reason: Reason::Norelaying, phrase: " as a relay, " },
    // 550 [XX.XX.XX.XX] has detected that this message is not RFC 5322
    Row { reason: Reason::Notcompliantrfc, phrase: "550 requested action aborted [4]" },
    Row { reason: Reason::Notcompliantrfc, phrase: "has detected that this message is not rfc 5322" },
    // 550 sender envelope domain not allowed for sender IP address (#5.1.8); 553 Sorry, your
    // domain / email address has been blocked or blacklisted; badmailfrom list.
    // https://knowledge.broadcom.com/external/article/162232, .../173082
    Row { reason: Reason::Rejected, phrase: "sender envelope domain not allowed for sender ip address" },
    Row { reason: Reason::Rejected, phrase: "your domain has been blocked" },
    Row { reason: Reason::Rejected, phrase: "your email address has been blocked" },
    Row { reason: Reason::Rejected, phrase: "your envelope sender is in my badmailfrom list" },
    Row { reason: Reason::Rejected, phrase: "your email address has been blacklisted" },
    Row { reason: Reason::Rejected, phrase: "your domain has been blacklisted" },
    Row { reason: Reason::Securityerror, phrase: "please turn on smtp authentication in your mail client" },
    // 553 - Message Filtered. https://knowledge.broadcom.com/external/article/173867
    Row { reason: Reason::Spamdetected, phrase: "message filtered" },
    Row { reason: Reason::Spamdetected, phrase: "filtered by outbound scanning" },
    // 452 Too many recipients received this hour; 460 too many messages (#4.3.0)
    Row { reason: Reason::Toomanyconn, phrase: "too many recipients received this hour" },
    Row { reason: Reason::Toomanyconn, phrase: "too many messages" },
    // 550-Invalid recipient <username@example.com> 550 (#5.1.1); 553 Recipient mailbox is not allowed
    // https://knowledge.broadcom.com/external/article/165163
    Row { reason: Reason::Userunknown, phrase: "no such user" },
    Row { reason: Reason::Userunknown, phrase: "invalid recipient" },
    Row { reason: Reason::Userunknown, phrase: "mailbox is not allowed" },
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    first_row(ROWS, &text_of(facts))
}
