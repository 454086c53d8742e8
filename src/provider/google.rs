//! Google: Gmail's MX hosts and Google Workspace. Gmail's table lists (reply code, status code,
//! phrase) as Google documents them in "SMTP error reference"
//! (https://support.google.com/a/answer/3726730); rows ported from Sisimai (go-sisimai
//! `rhost/for-google.go` and `rhost/for-gsuite.go`, BSD-2-Clause), each under the page Google
//! gives for it.

use super::{text_of, Provider};
use crate::facts::Facts;
use crate::reason::Reason;

pub const GMAIL: Provider = Provider {
    id: "gmail",
    hosts: &["aspmx.l.google.com", "gmail-smtp-in.l.google.com"],
    reason: gmail,
    support_url: Some("https://support.google.com/mail/contact/bulk_send_new"),
    source: "https://support.google.com/a/answer/3726730",
};

pub const WORKSPACE: Provider = Provider {
    id: "google_workspace",
    hosts: &["googlemail.com"],
    reason: workspace,
    support_url: Some("https://support.google.com/a/answer/3726730"),
    source: "https://support.google.com/a/answer/3726730",
};

/// Google Groups: a group address that refused the post (the group does not exist or the sender
/// may not post). Sisimai's `lhost/via-googlegroups.go` (BSD-2-Clause) calls every such bounce
/// `rejected`; Google's help: https://support.google.com/groups/answer/2464926
pub const GROUPS: Provider = Provider {
    id: "google_groups",
    hosts: &["googlegroups.com"],
    reason: groups,
    support_url: Some("https://support.google.com/groups/answer/2464926"),
    source: "https://support.google.com/groups/answer/2464926",
};

/// Google Groups' own refusal is `rejected`; a mail server's "no such address" (X.1.x) for a
/// group address that does not exist is not Groups speaking, and is classified as such.
fn groups(f: &Facts) -> Option<Reason> {
    let addressing = f
        .status
        .as_deref()
        .is_some_and(|s| s.get(1..3) == Some(".1") && !crate::smtp::is_generic_status(s));
    (!addressing).then_some(Reason::Rejected)
}

/// A Gmail row: SMTP reply code, enhanced status code, phrase (lower case).
struct Code {
    reply: &'static str,
    status: &'static str,
    phrase: &'static str,
    reason: Reason,
}

const fn c(
    reply: &'static str,
    status: &'static str,
    phrase: &'static str,
    reason: Reason,
) -> Code {
    Code {
        reply,
        status,
        phrase,
        reason,
    }
}

use Reason::{
    Authfailure as AUTH, Badreputation as REPU, Blocked as BLOC, Exceedlimit as LIMIT,
    Expired as TIME, Failedstarttls as TTLS, Mailboxfull as FULL, Mesgtoobig as SIZE,
    Networkerror as NETW, Norelaying as RELA, Notcompliantrfc as NRFC, Policyviolation as POLI,
    Rejected as FROM, Requireptr as QPTR, Securityerror as SECU, Spamdetected as SPAM,
    Speeding as FAST, Suspend as QUIT, Syntaxerror as COMM, Systemerror as SYSE,
    Toomanyconn as CONN, Userunknown as USER,
};

#[rustfmt::skip]
const CODES: &[Code] = &[
    // 451 4.7.24 / 550 5.7.24 The SPF record of the sending domain has one or more suspicious entries.
    // https://support.google.com/mail/answer/81126#authentication
    c("451", "4.7.24", "the spf record of the sending domain", AUTH),
    c("550", "5.7.24", "the spf record of the sending domain", AUTH),
    // 421 4.7.26 This mail has been rate limited because it is unauthenticated. Gmail requires all
    // senders to authenticate with either SPF or DKIM.
    c("421", "4.7.26", "senders to authenticate with either spf or dkim", AUTH),
    c("550", "5.7.26", "senders to authenticate with either spf or dkim", AUTH),
    // 550 5.7.26 This message fails to pass SPF checks for an SPF record with a hard fail policy (-all).
    // 550 5.7.26 The MAIL FROM domain [domain-name] has an SPF record with a hard fail policy (-all)...
    c("550", "5.7.26", "fails to pass spf checks for an spf record with a hard fail", AUTH),
    c("550", "5.7.26", "has an spf record with a hard fail policy", AUTH),
    // 451 4.7.26 / 550 5.7.26 Unauthenticated email from domain-name is not accepted due to domain's
    // DMARC policy. https://support.google.com/mail/?p=DmarcRejection
    c("451", "4.7.26", "is not accepted due to domain's dmarc policy", AUTH),
    c("550", "5.7.26", "is not accepted due to domain's dmarc policy", AUTH),
    // 550 5.7.26 This message does not have authentication information or fails to pass
    // authentication checks (SPF or DKIM). https://support.google.com/mail/answer/81126
    c("550", "5.7.1", "fails to pass authentication checks", AUTH),
    c("550", "5.7.26", "fails to pass authentication checks", AUTH),
    // 421 4.7.27 Your email has been rate limited because SPF authentication didn't pass.
    c("421", "4.7.27", "senders to authenticate with spf", AUTH),
    c("421", "4.7.27", "senders to authenticate their email with spf", AUTH),
    c("550", "5.7.27", "senders to authenticate with spf", AUTH),
    // (The 2025-2026 wording: "… Gmail requires bulk email senders to authenticate their email
    // with SPF.")
    c("550", "5.7.27", "senders to authenticate their email with spf", AUTH),
    // 421 4.7.30 / 550 5.7.30 ... DKIM authentication didn't pass.
    c("421", "4.7.30", "senders to authenticate their email with dkim", AUTH),
    c("421", "4.7.30", "senders to authenticate with dkim", AUTH),
    c("550", "5.7.30", "senders to authenticate with dkim", AUTH),
    c("550", "5.7.30", "senders to authenticate their email with dkim", AUTH),
    // 421 4.7.32 / 5.7.32 the From: header isn't aligned with either the authenticated SPF or DKIM
    // organizational domain.
    c("421", "4.7.32", "aligned with either the authenticated spf or dkim", AUTH),
    c("421", "5.7.32", "aligned with either the authenticated spf or dkim", AUTH),
    // 421 4.7.40 ... the sending domain doesn't have a DMARC record.
    c("421", "4.7.40", "to add a dmarc record to ", AUTH),
    // 421 4.7.0 This message is suspicious due to the very low reputation of the sending IP
    // address/domain. https://support.google.com/mail/answer/188131
    c("421", "4.7.0", "very low reputation of the sending ip address", REPU),
    c("421", "4.7.0", "very low reputation of the sending domain", REPU),
    c("550", "5.7.1", "due to the very low reputation of the sending ip address", REPU),
    c("550", "5.7.1", "due to the very low reputation of the sending domain", REPU),
    // 421 4.7.0 IP not in whitelist for RCPT domain, closing connection.
    // https://support.google.com/a/answer/60752
    c("421", "4.7.0", "ip not in whitelist for rcpt domain", BLOC),
    // 421 4.7.0 Try again later, closing connection. (DoS at the HELO stage)
    // https://support.google.com/a/answer/3221692
    c("421", "4.7.0", "try again later, closing connection.", BLOC),
    // 501 5.5.4 HELO/EHLO argument is invalid. https://support.google.com/mail/?p=helo
    c("501", "5.5.4", "empty helo/ehlo argument not allowed", BLOC),
    c("501", "5.5.4", "helo/ehlo argument is invalid", BLOC),
    // 421 4.7.28 / 550 5.7.28 Gmail has detected an unusual rate of (unsolicited) mail originating
    // from your IP address. https://support.google.com/mail/?p=UnsolicitedRateLimitError
    c("421", "4.7.0", "an unusual rate of unsolicited mail", BLOC),
    c("421", "4.7.28", "an unusual rate of mail", BLOC),
    c("421", "4.7.28", "an unusual rate of unsolicited mail", BLOC),
    c("550", "5.7.1", "an unusual rate of unsolicited mail", BLOC),
    c("550", "5.7.28", "an unusual rate of unsolicited mail", BLOC),
    // 552 5.2.3 Your message exceeded Google's message size limits.
    // https://support.google.com/mail/answer/6584
    c("552", "5.2.3", "exceeded google's message size limits", LIMIT),
    // 552 5.3.4 attachments / header size limits. https://support.google.com/a/answer/1366776
    c("552", "5.3.4", "exceeds google's limit of limit attachments.", LIMIT),
    c("552", "5.3.4", "your message exceeded google's message header size limits", LIMIT),
    c("552", "5.3.4", "bytes per individual header size", LIMIT),
    c("552", "5.3.4", "exceeds google's header name limit of", LIMIT),
    c("552", "5.3.4", "exceeds google's message header size limit", LIMIT),
    // 421 4.7.0 Connection expired, try reconnecting. https://support.google.com/a/answer/3221692
    c("421", "4.7.0", "connection expired", TIME),
    // 451 4.4.2 Timeout - closing connection.
    c("451", "4.4.2", "timeout - closing connection", TIME),
    // 530 5.7.0 Must issue a STARTTLS command first.
    c("530", "5.7.0", "must issue a starttls command first", TTLS),
    c("454", "5.5.1", "starttls may not be repeated", TTLS),
    // 421 4.7.0 TLS required for RCPT domain, closing connection.
    // https://support.google.com/mail/answer/6330403
    c("421", "4.7.0", "tls required for rcpt domain", TTLS),
    // 421 4.7.29 / 550 5.7.29 ... this message wasn't sent over a TLS connection.
    c("421", "4.7.29", "senders to use tls/ssl for smtp", TTLS),
    c("550", "5.7.29", "senders to use tls/ssl for smtp", TTLS),
    // 452 4.2.2 The recipient's inbox is out of storage space.
    // https://support.google.com/mail/?p=OverQuotaTemp / ?p=OverQuotaPerm
    c("452", "4.2.2", "inbox is out of storage space", FULL),
    c("552", "5.2.2", "inbox is out of storage space and inactive", FULL),
    // 452 4.2.2 The email account that you tried to reach is over quota.
    c("452", "4.2.2", "is over quota", FULL),
    c("552", "5.2.2", "is over quota", FULL),
    c("550", "5.7.1", "email quota exceeded", FULL),
    // 552 5.3.4 Your message exceeded Google's message size limits.
    // https://support.google.com/mail/?p=MaxSizeError
    c("552", "5.3.4", "exceeded google's message size limits", SIZE),
    c("552", "5.3.4", "exceeds google's message size limit of", SIZE),
    // 554 5.4.6 Message exceeded 50 hops, this may indicate a mail loop.
    // https://support.google.com/mail/?p=MailLoop
    c("554", "5.4.6", "message exceeded 50 hops", NETW),
    c("554", "5.6.0", "message exceeded 50 hops", NETW),
    // 550 5.7.0 Mail relay denied <ip-address>. https://support.google.com/a/answer/6140680#maildenied
    c("550", "5.7.0", "mail relay denied", RELA),
    // 550 5.7.1 Invalid credentials for relay <ip-address>.
    // https://support.google.com/a/answer/6140680#invalidcred
    c("550", "5.7.1", "invalid credentials for relay", RELA),
    // 550 5.7.1 The IP you're using to send mail is not authorized to send email directly to our
    // servers. https://support.google.com/mail/?p=NotAuthorizedError
    c("550", "5.7.1", "is not authorized to send email directly to our servers", RELA),
    // 550 5.7.1 Messages missing a valid address in the From: header ... are not accepted.
    // https://support.google.com/mail/?p=RfcMessageNonCompliant
    c("550", "5.7.1", "missing a valid address in the from: header", NRFC),
    c("550", "5.7.1", "multiple addresses in from: header are not accepted", NRFC),
    c("550", "5.7.1", "is not rfc 5322 compliant", NRFC),
    c("550", "5.7.1", "missing a valid message-id: header", NRFC),
    // 550 5.7.1 The message contains a unicode character in a disallowed header.
    // https://support.google.com/mail/?p=BlockedMessage
    c("550", "5.7.1", "contains a unicode character in a disallowed header", NRFC),
    c("550", "5.7.1", "encoded-word syntax is not permitted", NRFC),
    // 553 5.1.7 The sender address address is not a valid RFC 5321 address.
    c("553", "5.1.7", "is not a valid rfc 5321 address", NRFC),
    // 554 5.6.0 Mail message is malformed. Not accepted.
    c("554", "5.6.0", "mail message is malformed", NRFC),
    // 552 5.7.0 Our system detected an illegal attachment on your message.
    c("552", "5.7.0", "illegal attachment on your message", POLI),
    // 552 5.7.0 This message was blocked because its content presents a potential security issue.
    // https://support.google.com/mail/?p=BlockedMessage
    c("552", "5.7.0", "blocked because its content presents a potential security issue", POLI),
    // 550 5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited
    // the mail that you sent. https://support.google.com/a/answer/172179
    c("550", "5.7.1", "you are sending to (or from) has a policy that prohibited", POLI),
    // 421 4.7.28 ... exceeded its quota for sending messages with the same Message-ID:.
    c("421", "4.7.28", "sending messages with the same message-id:", POLI),
    // 550 5.7.0 Mail Sending denied. https://support.google.com/a/answer/6140680#maildenied
    c("550", "5.7.0", "mail sending denied", FROM),
    c("550", "5.7.1", "unauthenticated email is not accepted", FROM),
    // 421 4.7.0 / 4.7.23 / 550 5.7.25 The IP address sending this message does not have a PTR
    // record. https://support.google.com/mail/answer/81126#ip-practices
    c("421", "4.7.0", "does not have a ptr record", QPTR),
    c("421", "4.7.23", " have a ptr record, or the ptr record", QPTR),
    c("550", "5.7.1", "does not meet ipv6 sending guidelines regarding ptr records and authentication", QPTR),
    c("550", "5.7.25", "does not have a ptr record", QPTR),
    c("550", "5.7.25", "does not match the ip address of the hostname", QPTR),
    // 454 4.7.0 Too many login attempts. https://support.google.com/mail/answer/7126229
    c("454", "4.7.0", "too many login attempts", SECU),
    c("501", "5.5.2", "cannot decode response", SECU),
    c("503", "5.7.0", "no identity changes permitted", SECU),
    // 530 5.5.1 Authentication Required. https://support.google.com/mail/?p=WantAuthError
    c("530", "5.5.1", "authentication required.", SECU),
    c("530", "5.7.0", "authentication required.", SECU),
    // 535 5.7.1 Application-specific password required.
    // https://support.google.com/accounts/answer/185833
    c("535", "5.7.1", "application-specific password required", SECU),
    c("535", "5.7.9", "application-specific password required", SECU),
    c("535", "5.7.1", "please log in with your web browser", SECU),
    c("534", "5.7.9", "please log in with your web browser", SECU),
    c("534", "5.7.14", "please log in through your web browser", SECU),
    // 535 5.7.1 Username and Password not accepted.
    c("535", "5.7.1", "username and password not accepted", SECU),
    c("535", "5.7.8", "username and password not accepted", SECU),
    // 421 4.7.0 This message is suspicious due to the nature of the content or the links within.
    // https://support.google.com/mail/answer/188131
    c("421", "4.7.0", "due to the nature of the content or the links within", SPAM),
    // 550 5.7.1 Our system has detected that this message is likely unsolicited mail.
    // https://support.google.com/mail/?p=UnsolicitedMessageError
    c("550", "5.7.1", "likely unsolicited mail", SPAM),
    // 450 4.2.1 The user you are trying to contact is receiving mail too quickly / at a rate that
    // prevents additional messages from being delivered. https://support.google.com/mail/answer/22839
    c("450", "4.2.1", "is receiving mail too quickly", FAST),
    c("450", "4.2.1", "peak smtp relay limit exceeded for customer", FAST),
    c("450", "4.2.1", "rate that prevents additional messages from being delivered", FAST),
    c("550", "5.2.1", "rate that prevents additional messages from being delivered", FAST),
    // 550 5.4.5 Daily SMTP relay limit exceeded for user. https://support.google.com/a/answer/166852
    c("550", "5.4.5", "daily sending quota exceeded", FAST),
    c("550", "5.4.5", "daily user sending limit exceeded", FAST),
    c("550", "5.4.5", "daily smtp relay limit exceeded for", FAST),
    c("550", "5.7.1", "daily smtp relay limit exceeded for", FAST),
    c("550", "5.7.1", "daily smtp relay sending limit exceeded for", FAST),
    c("550", "5.7.1", "this mail has been rate limited", FAST),
    // 550 5.2.1 The email account that you tried to reach is inactive / disabled.
    // https://support.google.com/mail/?p=DisabledUser
    c("550", "5.2.1", "account that you tried to reach is disabled", QUIT),
    c("550", "5.2.1", "account that you tried to reach is inactive", QUIT),
    // 523 5.7.10 SMTP protocol violation, no commands allowed to pipeline after STARTTLS.
    c("451", "4.5.0", "smtp protocol violation", COMM),
    c("454", "4.5.0", "smtp protocol violation", COMM),
    c("525", "5.7.10", "smtp protocol violation", COMM),
    c("535", "5.5.4", "optional argument not permitted", COMM),
    // 501 5.5.2 Syntax error, cannot decode response. https://support.google.com/a/answer/3221692
    c("501", "5.7.11", "syntax error", COMM),
    c("501", "5.5.2", "syntax error", COMM),
    c("555", "5.5.2", "syntax error", COMM),
    // 503 5.5.1 Bad sequence of commands. https://support.google.com/mail/?p=helo
    c("502", "5.5.1", "too many unrecognized commands, goodbye", COMM),
    c("502", "5.5.1", "unimplemented command", COMM),
    c("502", "5.5.1", "unrecognized command", COMM),
    c("503", "5.5.1", "bad sequence of commands", COMM),
    c("503", "5.5.1", "ehlo/helo first", COMM),
    c("503", "5.5.1", "mail first", COMM),
    c("503", "5.5.1", "rcpt first", COMM),
    c("503", "5.5.1", "no data after bdat", COMM),
    c("504", "5.7.4", "unrecognized authentication type", COMM),
    c("504", "5.7.4", "xoauth is no longer supported", COMM),
    c("554", "5.7.0", "too many unauthenticated commands", COMM),
    // https://support.google.com/a/answer/3221692
    c("421", "4.3.0", "temporary system problem", SYSE),
    c("421", "4.7.0", "temporary system problem", SYSE),
    c("421", "4.4.5", "server busy", SYSE),
    c("451", "4.3.0", "multiple destination domains per transaction is unsupported", SYSE),
    c("451", "4.3.0", "mail server has temporarily rejected this message", SYSE),
    c("451", "4.3.0", "mail server temporarily rejected message", SYSE),
    // 452 4.5.3 Domain policy size per transaction exceeded. https://support.google.com/a/answer/7282433
    c("452", "4.5.3", "domain policy size per transaction exceeded", SYSE),
    c("454", "4.7.0", "cannot authenticate due to temporary system problem", SYSE),
    // 452 4.5.3 Your message has too many recipients. https://support.google.com/mail/answer/6592
    c("452", "4.5.3", "your message has too many recipients", CONN),
    c("550", "5.5.3", "too many recipients for this sender", CONN),
    // 550 5.1.1 The email account that you tried to reach does not exist.
    // https://support.google.com/mail/?p=NoSuchUser
    c("550", "5.1.1", "the email account that you tried to reach does not exist", USER),
    // 553 5.1.2 We weren't able to find the recipient domain. https://support.google.com/mail/?p=BadRcptDomain
    c("553", "5.1.2", "we weren't able to find the recipient domain", USER),
    c("553", "5.1.3", "is not a valid rfc 5321 address", USER),
];

/// Gmail: the phrase plus the reply and status codes without their class digit (Google uses
/// the same text with 4xx and 5xx), as Sisimai matches them.
pub fn gmail(facts: &Facts) -> Option<Reason> {
    let reply = facts.reply_code?.to_string();
    let status = facts.status.as_deref()?.trim();
    if reply.len() != 3 || status.len() < 5 {
        return None;
    }
    let text = text_of(facts);
    let pairs = crate::reason::Pairs::of(&text);
    CODES
        .iter()
        // The codes first, then the text's byte pairs: they rule out most rows without a search.
        .find(|c| {
            c.reply[1..] == reply[1..]
                && c.status[2..] == status[2..]
                && pairs.may_contain(c.phrase)
                && text.contains(c.phrase)
        })
        .map(|c| c.reason)
}

/// A DSN written by Google's MTA (Gmail or Workspace sending on the user's behalf).
pub fn is_google_dsn(facts: &Facts) -> bool {
    // Every marker holds a `*`, which `text_of` only ever copies from the reply: a reply
    // without one (most) is not tidied and searched.
    if !facts
        .diagnostic
        .as_deref()
        .is_some_and(|d| d.as_bytes().contains(&b'*'))
    {
        return false;
    }
    let text = text_of(facts);
    [
        "** address not found **",
        "** message not delivered **",
        "** message blocked **",
    ]
    .iter()
    .any(|m| text.contains(m))
}

/// Google Workspace: texts of Google's own DSNs (when Google's MTA reports the failure).
pub fn workspace(facts: &Facts) -> Option<Reason> {
    let text = text_of(facts);
    let class = |v: Option<String>| v.and_then(|s| s.chars().next());
    let status = class(facts.status.clone());
    let reply = class(facts.reply_code.map(|c| c.to_string()));
    let dns =
        text.contains(" responded with code nxdomain") || text.contains("domain name not found");
    if dns && status == Some('5') && reply == Some('5') {
        return Some(Reason::Hostunknown);
    }
    if (dns || text.contains(" had no relevant answers."))
        && status != Some('5')
        && reply != Some('5')
    {
        return Some(Reason::Networkerror);
    }
    if text.contains("null mx") {
        return Some(Reason::Notaccept);
    }
    if text.contains("because the address couldn't be found. check for typos or unnecessary spaces and try again.") {
        return Some(Reason::Userunknown);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_refusal_is_rejected_but_an_unknown_group_address_is_not_groups_speaking() {
        let post = Facts {
            diagnostic: Some("The group you tried to contact may not exist".into()),
            ..Facts::default()
        };
        assert_eq!(groups(&post), Some(Reason::Rejected));
        let generic = Facts {
            status: Some("5.0.0".into()),
            ..Facts::default()
        };
        assert_eq!(groups(&generic), Some(Reason::Rejected));
        let unknown = Facts {
            status: Some("5.1.1".into()),
            diagnostic: Some(
                "550 5.1.1 The email account that you tried to reach does not exist.".into(),
            ),
            ..Facts::default()
        };
        assert_eq!(groups(&unknown), None);
    }
}
