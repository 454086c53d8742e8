//! Mimecast. (reply code, phrase) rows ported from Sisimai (go-sisimai `rhost/for-mimecast.go`,
//! BSD-2-Clause), from Mimecast's "SMTP Error Codes":
//! https://community.mimecast.com/s/article/email-security-cloud-gateway-mimecast-smtp-error-codes

use super::{text_of, Provider};
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "mimecast",
    hosts: &[".mimecast.com"],
    reason,
    support_url: Some("https://community.mimecast.com/s/article/email-security-cloud-gateway-mimecast-smtp-error-codes"),
    source: "https://community.mimecast.com/s/article/email-security-cloud-gateway-mimecast-smtp-error-codes",
};

#[rustfmt::skip]
const ROWS: &[(u16, &str, Reason)] = &[
    // The originating IP isn't in the sending domain's SPF record / broken DKIM / DMARC.
    (550, "spf sender invalid - envelope rejected", Reason::Authfailure),
    (550, "dkim sender invalid - envelope rejected", Reason::Authfailure),
    (550, "dmarc sender invalid - envelope rejected", Reason::Authfailure),
    // Greylisting, or the sender's IP address has a poor reputation.
    (451, "internal resources are temporarily unavailable", Reason::Badreputation),
    (550, "local ct ip reputation - (reject)", Reason::Badreputation),
    // "550 csi.mimecast.org Poor Reputation Sender. - https://community.mimecast.com/docs/DOC-1369#550"
    (550, "poor reputation sender", Reason::Badreputation),
    // Blocked Senders Policy; too many invalid connections; the server's limit.
    (421, "sender address blocked", Reason::Blocked),
    (451, "recipient temporarily unavailable", Reason::Blocked),
    (451, "ip temporarily blacklisted", Reason::Blocked),
    (550, "journal messages past the expiration", Reason::Expired),
    // TLS required by policy; TLS < 1.2; weak ciphers; certificate configuration.
    (553, "this route requires encryption (tls)", Reason::Failedstarttls),
    (553, "this route requires tls version 1.2 or greater", Reason::Failedstarttls),
    (553, "this route requires high-strength ciphers", Reason::Failedstarttls),
    (554, "configuration is invalid for this certificate", Reason::Failedstarttls),
    (554, "maximum email size exceeded", Reason::Mesgtoobig),
    // MX records point to outbound hostnames; more than 25 hops.
    (451, "the incorrect hostname used for inbounds", Reason::Networkerror),
    (550, "the incorrect hostname used for inbounds", Reason::Networkerror),
    (554, "mail loop detected", Reason::Networkerror),
    (451, "open relay not allowed", Reason::Norelaying),
    (451, "open relay is not allowed", Reason::Norelaying),
    (451, "account inbounds disabled", Reason::Notaccept),
    (451, "account outbounds disabled", Reason::Onhold),
    (451, "hostname is not authorized", Reason::Onhold),
    (550, "journal message past expiration", Reason::Onhold),
    // Anti-Spoofing, Content Examination and Geographical Restriction policies.
    (550, "anti-spoofing policy - inbound not allowed", Reason::Policyviolation),
    (550, "rejected by header-based anti-spoofing policy", Reason::Policyviolation),
    // (as the reply spells it)
    (550, "rejected by header based anti-spoofing policy", Reason::Policyviolation),
    (550, "message bounced due to content examination policy", Reason::Policyviolation),
    (554, "host network not allowed", Reason::Policyviolation),
    (554, "host network, not allowed", Reason::Policyviolation),
    // Blocked Senders Policy / Managed Senders list.
    (550, "administrative prohibition envelope blocked", Reason::Rejected),
    (550, "envelope blocked - user entry", Reason::Rejected),
    (550, "envelope blocked - user domain entry", Reason::Rejected),
    (550, "rejected by header-based manually blocked senders - block for manual block", Reason::Rejected),
    (550, "rejected by header-based blocked senders - block policy for header from", Reason::Rejected),
    // (as the reply spells it)
    (550, "rejected by header based blocked senders - block policy for header from", Reason::Rejected),
    (550, "envelope rejected - block policy for envelope from address", Reason::Rejected),
    (535, "incorrect authentication data", Reason::Securityerror),
    (550, "submitter failed to disabled", Reason::Securityerror),
    (550, "submitter failed to authenticate", Reason::Securityerror),
    (451, "unable to process connection at this time", Reason::Systemerror),
    (451, "message ended early", Reason::Systemerror),
    (451, "unable to process command", Reason::Systemerror),
    (451, "unable to process an email at this time", Reason::Systemerror),
    (451, "account service is temporarily unavailable", Reason::Toomanyconn),
    (452, "too many recipients", Reason::Toomanyconn),
    (550, "exceeding outbound thread limit", Reason::Toomanyconn),
    (501, "invalid address", Reason::Userunknown),
    (503, "user unknown", Reason::Userunknown),
    (550, "invalid recipient", Reason::Userunknown),
    // A virus signature, or a spam score over the maximum threshold.
    (554, "email rejected due to security policies", Reason::Virusdetected),
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    let reply = facts.reply_code?;
    let text = text_of(facts);
    ROWS.iter()
        .find(|(r, p, _)| *r == reply && text.contains(p))
        .map(|&(_, _, reason)| reason)
}
