//! The reason vocabulary (Sisimai 5's names, exactly) and the generic classifier that turns a
//! status code, reply code and the remote server's words into a reason.
//!
//! Provider tables (`crate::provider`) are consulted first; this module is the fallback that
//! knows RFC 3463 status codes and the phrases MTAs everywhere use.

use serde::{Deserialize, Serialize};

use crate::facts::Facts;

/// Sisimai 5's bounce reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    Authfailure,
    Badreputation,
    Blocked,
    Contenterror,
    Delivered,
    Emailtoolarge,
    Exceedlimit,
    Expired,
    Failedstarttls,
    Feedback,
    Filtered,
    Hasmoved,
    Hostunknown,
    Mailboxfull,
    Mailererror,
    Mesgtoobig,
    Networkerror,
    Norelaying,
    Notaccept,
    Notcompliantrfc,
    Onhold,
    Policyviolation,
    Ratelimited,
    Rejected,
    Requireptr,
    Securityerror,
    Spamdetected,
    Speeding,
    Suppressed,
    Suspend,
    Syntaxerror,
    Systemerror,
    Systemfull,
    Toomanyconn,
    #[default]
    Undefined,
    Userunknown,
    Vacation,
    Virusdetected,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Authfailure => "authfailure",
            Reason::Badreputation => "badreputation",
            Reason::Blocked => "blocked",
            Reason::Contenterror => "contenterror",
            Reason::Delivered => "delivered",
            Reason::Emailtoolarge => "emailtoolarge",
            Reason::Exceedlimit => "exceedlimit",
            Reason::Expired => "expired",
            Reason::Failedstarttls => "failedstarttls",
            Reason::Feedback => "feedback",
            Reason::Filtered => "filtered",
            Reason::Hasmoved => "hasmoved",
            Reason::Hostunknown => "hostunknown",
            Reason::Mailboxfull => "mailboxfull",
            Reason::Mailererror => "mailererror",
            Reason::Mesgtoobig => "mesgtoobig",
            Reason::Networkerror => "networkerror",
            Reason::Norelaying => "norelaying",
            Reason::Notaccept => "notaccept",
            Reason::Notcompliantrfc => "notcompliantrfc",
            Reason::Onhold => "onhold",
            Reason::Policyviolation => "policyviolation",
            Reason::Ratelimited => "ratelimited",
            Reason::Rejected => "rejected",
            Reason::Requireptr => "requireptr",
            Reason::Securityerror => "securityerror",
            Reason::Spamdetected => "spamdetected",
            Reason::Speeding => "speeding",
            Reason::Suppressed => "suppressed",
            Reason::Suspend => "suspend",
            Reason::Syntaxerror => "syntaxerror",
            Reason::Systemerror => "systemerror",
            Reason::Systemfull => "systemfull",
            Reason::Toomanyconn => "toomanyconn",
            Reason::Undefined => "undefined",
            Reason::Userunknown => "userunknown",
            Reason::Vacation => "vacation",
            Reason::Virusdetected => "virusdetected",
        }
    }

    /// A few plain words for the human report.
    pub fn describe(self) -> &'static str {
        match self {
            Reason::Authfailure => "SPF, DKIM or DMARC check failed",
            Reason::Badreputation => "sending IP or domain has a poor reputation",
            Reason::Blocked => "sending IP or host is blocked",
            Reason::Contenterror => "message headers were malformed",
            Reason::Delivered => "delivered",
            Reason::Emailtoolarge | Reason::Mesgtoobig => "message too large",
            Reason::Exceedlimit => "a size or count limit was exceeded",
            Reason::Expired => "delivery kept failing until the retry time ran out",
            Reason::Failedstarttls => "TLS negotiation failed",
            Reason::Feedback => "a spam complaint (feedback report)",
            Reason::Filtered => "refused by the recipient's filter",
            Reason::Hasmoved => "the mailbox has moved",
            Reason::Hostunknown => "the recipient's domain does not exist",
            Reason::Mailboxfull => "the recipient's mailbox is full",
            Reason::Mailererror => "a local mailer program failed",
            Reason::Networkerror => "a network or DNS problem",
            Reason::Norelaying => "relaying denied",
            Reason::Notaccept => "the domain accepts no mail",
            Reason::Notcompliantrfc => "message does not comply with RFC 5322",
            Reason::Onhold => "not enough information to decide",
            Reason::Policyviolation => "refused by the recipient's policy",
            Reason::Ratelimited | Reason::Speeding => "sending too fast (rate limited)",
            Reason::Rejected => "the sender address was refused",
            Reason::Requireptr => "the sending IP lacks valid reverse DNS (PTR)",
            Reason::Securityerror => "a security check failed",
            Reason::Spamdetected => "the message was judged to be spam",
            Reason::Suppressed => "the address is on a suppression list",
            Reason::Suspend => "the recipient's account is suspended",
            Reason::Syntaxerror => "an SMTP syntax error",
            Reason::Systemerror => "an error on the remote system",
            Reason::Systemfull => "the remote system is out of disk",
            Reason::Toomanyconn => "too many connections",
            Reason::Undefined => "reason not recognised",
            Reason::Userunknown => "the recipient address does not exist",
            Reason::Vacation => "an automatic (out-of-office) reply",
            Reason::Virusdetected => "a virus was detected",
        }
    }

    /// Sisimai's hard bounce: true only when the address itself is bad.
    pub fn is_hard_bounce(self, reply_code: Option<u16>, status: Option<&str>) -> bool {
        let temporary = reply_code.is_some_and(|c| (400..500).contains(&c))
            || status.is_some_and(|s| s.starts_with('4'));
        if temporary {
            return false;
        }
        match self {
            Reason::Userunknown | Reason::Hostunknown | Reason::Hasmoved => true,
            Reason::Notaccept => !status.is_some_and(|s| s.starts_with('4')),
            _ => false,
        }
    }
}

/// Generic classification: RFC 3463 codes and common MTA phrases.
pub fn classify(facts: &Facts) -> Reason {
    if let Some(hint) = facts.reason_hint {
        return hint;
    }
    let text = facts.diagnostic.as_deref().unwrap_or("").to_ascii_lowercase();
    if let Some(r) = by_phrase(&text) {
        return r;
    }
    if let Some(r) = facts.status.as_deref().and_then(by_status) {
        return r;
    }
    Reason::Undefined
}

/// Phrases that name the reason unambiguously, whatever the status code says.
fn by_phrase(text: &str) -> Option<Reason> {
    const TABLE: &[(&str, Reason)] = &[
        ("user unknown", Reason::Userunknown),
        ("unknown user", Reason::Userunknown),
        ("no such user", Reason::Userunknown),
        ("mailbox full", Reason::Mailboxfull),
        ("over quota", Reason::Mailboxfull),
        ("host not found", Reason::Hostunknown),
        ("relaying denied", Reason::Norelaying),
        ("relay access denied", Reason::Norelaying),
    ];
    TABLE.iter().find(|(p, _)| text.contains(p)).map(|&(_, r)| r)
}

/// RFC 3463 enhanced status codes whose meaning is specific enough to name a reason.
pub fn by_status(status: &str) -> Option<Reason> {
    let s = status.trim();
    let tail = s.get(2..)?;
    Some(match tail {
        "1.1" | "1.0" => Reason::Userunknown,
        "1.2" => Reason::Hostunknown,
        "1.6" => Reason::Hasmoved,
        "2.1" => Reason::Suspend,
        "2.2" => Reason::Mailboxfull,
        "2.3" => Reason::Exceedlimit,
        "3.4" => Reason::Mesgtoobig,
        "4.7" => Reason::Expired,
        "7.1" => Reason::Rejected,
        _ => return None,
    })
}
