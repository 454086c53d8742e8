//! The reason vocabulary (Sisimai 5's names, exactly) and the generic classifier that turns a
//! status code, reply code and the remote server's words into a reason.
//!
//! Provider tables (`crate::provider`) are consulted first; this module is the fallback that
//! knows RFC 3463 status codes and the phrases MTAs everywhere use.

use std::cell::{Cell, RefCell};

use serde::{Deserialize, Serialize};

use crate::facts::Facts;
use crate::find::{contains, find};

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
            Reason::Delivered => "delivered: a delivery notice, not a failure",
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

    /// Sisimai's hard bounce: true only when the address itself is bad (`userunknown`,
    /// `hostunknown`, `hasmoved` whatever the code, as Sisimai's `failure.IsHardBounce`;
    /// `notaccept` unless the code says temporary). `diagnostic` is the remote's text, read for a code when `status`/`reply_code` are missing.
    pub fn is_hard_bounce(self, reply_code: Option<u16>, status: Option<&str>) -> bool {
        hard_bounce(self, reply_code, status, None)
    }

    /// Reasons Sisimai decides again even when a format already implied them (its
    /// `GetRetried` list): a parser's guess of these is only a default.
    pub fn should_be_retried(self) -> bool {
        matches!(
            self,
            Reason::Undefined
                | Reason::Onhold
                | Reason::Systemerror
                | Reason::Securityerror
                | Reason::Expired
                | Reason::Networkerror
                | Reason::Hostunknown
                | Reason::Userunknown
        )
    }

    /// Not `undefined` nor `onhold` (Sisimai's `IsExplicit`).
    pub fn is_explicit(self) -> bool {
        !matches!(self, Reason::Undefined | Reason::Onhold)
    }
}

/// [`Reason::is_hard_bounce`] with the remote's text (Sisimai's `failure.IsHardBounce`).
pub fn hard_bounce(
    reason: Reason,
    reply_code: Option<u16>,
    status: Option<&str>,
    diagnostic: Option<&str>,
) -> bool {
    match reason {
        Reason::Userunknown | Reason::Hostunknown | Reason::Hasmoved => true,
        Reason::Notaccept => {
            // 5xx (or no code at all) is permanent; a text that says "temporar…" is not.
            let text = diagnostic.unwrap_or("").to_ascii_lowercase();
            let class = status
                .and_then(|s| s.chars().next())
                .or_else(|| reply_code.and_then(|c| c.to_string().chars().next()))
                .or_else(|| crate::smtp::find_status(&text).and_then(|s| s.chars().next()))
                .or_else(|| {
                    crate::smtp::find_reply_code(&text).and_then(|c| c.to_string().chars().next())
                });
            class == Some('5')
                || !(class == Some('4')
                    || text.contains(" temporar")
                    || text.contains(" persistent"))
        }
        _ => false,
    }
}

// ------------------------------------------------------------------------------------------------
// The classifier: a port of Sisimai 5's `reason.Find` (go-sisimai v5.2, BSD-2-Clause,
// Copyright (C) 2014 azumakuniyuki and the sisimai development team,
// https://github.com/sisimai/go-sisimai/blob/main/reason/find.go). Order:
//   1. a reason the format implied (`reason_hint`) that is not in the retry list stands;
//   2. a 2.x.x status is `delivered`;
//   3. each reason's "probe" in `PROBE_ORDER` (status code name, SMTP command, message patterns);
//   4. `another_one`: message patterns in `MATCH_ORDER`, then the status code's name, the status
//      subject (X.6 content, X.7 security), syntax-error reply codes, Action: delayed;
//   5. `vacation` phrases, `onhold` when there is text, else `undefined`.
// ------------------------------------------------------------------------------------------------

/// Generic classification of one record (no provider table knew it).
pub fn classify(facts: &Facts) -> Reason {
    let mut text = tidy(
        facts.diagnostic.as_deref().unwrap_or(""),
        facts.reply_code,
        facts.status.as_deref(),
    );
    // The text's byte pairs, made once for every phrase look-up below.
    let mut pairs = Pairs::of(&text);
    if says_nothing(&text, &pairs) {
        text.clear();
        pairs = Pairs::of("");
    }
    if let Some(&last) = text.as_bytes().last() {
        // Sisimai's texts go on after the remote's words ("554 Transaction failed (in reply to
        // MAIL FROM command)"), and phrases such as "transaction failed " rely on it.
        text.push(' ');
        pairs.add(last, b' ');
    }
    // An MTA's own wording of the cause is more specific than a parser's `expired`.
    let gmail = gmail_state(&text, &pairs);
    let mta = gmail.or_else(|| mta_text_in(&text, &pairs));
    let hint = match (facts.reason_hint, mta) {
        // Gmail's "(state N)" guess yields to an explicit status code (as Sisimai's Gmail module).
        (None, Some(_)) if gmail.is_some() => {
            let named = facts
                .status
                .as_deref()
                .filter(|s| !s.contains(".0"))
                .and_then(by_status);
            named.or(gmail)
        }
        (Some(Reason::Expired), Some(m)) => Some(m),
        (Some(h), _) => Some(h),
        (None, m) => m,
    };
    if let Some(h) = hint {
        if !h.should_be_retried() {
            return h;
        }
    }
    // Greylisting ("451 4.7.1 Greylisted, please come back later"): a first attempt deferred on
    // purpose; the retry gets through. Not a block, whatever the status says.
    let temporary = facts.reply_code.is_some_and(|c| (400..500).contains(&c))
        || facts.status.as_deref().is_some_and(|s| s.starts_with('4'));
    if temporary
        && ((pairs.may_contain("greylist") && contains(&text, "greylist"))
            || (pairs.may_contain("graylist") && contains(&text, "graylist")))
    {
        return Reason::Expired;
    }
    // A status the parsers derived (X.0.0 from the reply code) was not in the bounce: Sisimai
    // classifies such records with no status at all.
    let status = facts
        .status
        .as_deref()
        .filter(|_| !facts.status_derived)
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if status.is_some_and(|s| s.starts_with("2.")) {
        return Reason::Delivered;
    }
    // `X-Unix; 255`, `X-Notes; …`: not a remote server's reply, so the probes (which read
    // SMTP commands and replies) are skipped, as in Sisimai. Postfix's `X-Postfix` texts quote
    // the remote ("host mx said: 550 …"); Sisimai's Postfix module reads them as SMTP.
    let diagnostic_type = facts
        .diagnostic_type
        .as_deref()
        .map(str::to_ascii_uppercase)
        .filter(|t| t != "SMTP" && t != "X-POSTFIX");
    let probe = Probe {
        hint,
        status,
        name: status.and_then(by_status),
        reply: facts.reply_code,
        command: facts
            .smtp_command
            .as_deref()
            .map(str::to_ascii_uppercase)
            .or_else(|| find_command(facts.diagnostic.as_deref().unwrap_or("")))
            // Postfix: "host mx[ip] refused to talk to me: 554 …" is the reply to the greeting.
            .or_else(|| {
                let refused = "refused to talk to me";
                (pairs.may_contain(refused) && contains(&text, refused)).then(|| "HELO".to_string())
            }),
        action: facts.action.as_deref().map(str::to_ascii_lowercase),
        diagnostic_type,
        text: &text,
        pairs,
        known: Cell::new(0),
        found: Cell::new(0),
    };
    if probe.diagnostic_type.is_none() {
        if let Some(r) = PROBE_ORDER.iter().copied().find(|&r| probe.probes_into(r)) {
            return r;
        }
    }
    match probe.another_one() {
        Some(r) if r != Reason::Undefined => return r,
        _ => {}
    }
    if probe.action.as_deref() == Some("delayed") {
        return Reason::Expired;
    }
    if probe.included(Reason::Vacation) {
        Reason::Vacation
    } else if !text.trim().is_empty() {
        Reason::Onhold
    } else {
        hint.unwrap_or(Reason::Undefined)
    }
}

/// Sentences of a bounce's own preamble (lower case): they announce a failure without naming
/// it, so a "diagnostic" made only of them is no diagnostic (Sisimai finds none there and says
/// `undefined`, not `onhold`).
const PREAMBLE: &[&str] = &[
    "this is the mail system at host ",
    "i'm sorry to have to inform you that your message could not be delivered to one or more recipients.",
    "it's attached below.",
    "for further assistance, please send mail to postmaster.",
    "this is an automatically generated delivery status notification.",
    "delivery to the following recipients failed permanently:",
    "delivery to the following recipient failed permanently:",
    "this is the mailer-daemon, please do not reply to this email.",
    "this message was created automatically by mail delivery software.",
    "a message that you sent could not be delivered to one or more of its recipients.",
    "the following address(es) failed:",
    "unable to deliver message to the following address(es).",
    "i'm afraid i wasn't able to deliver your message to the following addresses.",
];

/// The text (lower case) is only preamble sentences ([`PREAMBLE`]), codes and punctuation.
fn says_nothing(text: &str, pairs: &Pairs) -> bool {
    if !PREAMBLE
        .iter()
        .any(|p| pairs.may_contain(p) && contains(text, p))
    {
        return false;
    }
    let mut rest = text.to_string();
    for p in PREAMBLE {
        rest = rest.replace(p, " ");
    }
    !rest.chars().any(|c| c.is_alphabetic())
}

/// The remote's text, lower case, without the reply-code prefixes of continuation lines
/// ("550-5.7.1 ... 550-5.7.1 ... 550 5.7.1 ...": Sisimai's `fact.Rise` does the same), so that
/// phrases split over lines match.
pub fn tidy(diagnostic: &str, reply_code: Option<u16>, status: Option<&str>) -> String {
    let lower = diagnostic.to_ascii_lowercase();
    let Some(code) = reply_code else {
        return lower;
    };
    // Most replies have no continuation line: "{code}-" is looked for without formatting it.
    let mut buf = [0; 6];
    if !contains(&lower, code_dash(code, &mut buf)) {
        return lower;
    }
    let code = code.to_string();
    let mut out = lower;
    for sep in ["-", " "] {
        if let Some(s) = status.filter(|s| !s.is_empty()) {
            out = out.replace(&format!("{code}{sep}{s} "), "");
        }
        out = out.replace(&format!("{code}{sep}"), "");
    }
    squash_lower(&out)
}

/// [`tidy`], squashed (white space runs made one space) whether or not it had continuation
/// lines: [`squash_lower`] of a reply without any.
pub fn tidy_squashed(diagnostic: &str, reply_code: Option<u16>, status: Option<&str>) -> String {
    let mut buf = [0; 6];
    match reply_code {
        Some(code) if contains(diagnostic, code_dash(code, &mut buf)) => {
            tidy(diagnostic, reply_code, status)
        }
        _ => squash_lower(diagnostic),
    }
}

/// `format!("{code}-")` in `buf`.
fn code_dash(code: u16, buf: &mut [u8; 6]) -> &str {
    let mut digits = [0u8; 5];
    let mut n = 0;
    let mut c = code;
    loop {
        digits[n] = b'0' + (c % 10) as u8;
        n += 1;
        c /= 10;
        if c == 0 {
            break;
        }
    }
    for (i, d) in digits[..n].iter().rev().enumerate() {
        buf[i] = *d;
    }
    buf[n] = b'-';
    std::str::from_utf8(&buf[..=n]).expect("ASCII digits")
}

/// `text` in ASCII lower case with each run of white space (Unicode's, as `split_whitespace`)
/// made one space and none at either end: `text.to_ascii_lowercase().split_whitespace()
/// .collect::<Vec<_>>().join(" ")` in one pass over the bytes. Text between irregular runs (not
/// a single ` ` between words) is copied whole.
pub fn squash_lower(text: &str) -> String {
    let len = text.len();
    let mut out = String::with_capacity(len);
    let mut i = 0;
    // Leading white space.
    loop {
        let n = if i < len { space_len(text, i) } else { 0 };
        if n == 0 {
            break;
        }
        i += n;
    }
    // Start of the text not yet copied.
    let mut from = i;
    let bytes = text.as_bytes();
    while i < len {
        // Most bytes start no white space: one table look-up each.
        if SPACE_START[usize::from(bytes[i])] == 0 {
            i += 1;
            continue;
        }
        let n = space_len(text, i);
        if n == 0 {
            i += 1;
            continue;
        }
        let mut end = i + n;
        loop {
            let m = if end < len { space_len(text, end) } else { 0 };
            if m == 0 {
                break;
            }
            end += m;
        }
        if end == len {
            // Trailing white space.
            out.push_str(&text[from..i]);
            from = len;
        } else if end != i + 1 || bytes[i] != b' ' {
            out.push_str(&text[from..i]);
            out.push(' ');
            from = end;
        }
        i = end;
    }
    out.push_str(&text[from..]);
    out.make_ascii_lowercase();
    out
}

/// Bytes that may start a white-space character: 1 for ASCII's (U+0009–U+000D, space), 2 for
/// the lead bytes of the others (U+0085, U+00A0: C2; U+1680: E1; U+2000–U+205F: E2; U+3000: E3).
const SPACE_START: [u8; 256] = {
    let mut t = [0; 256];
    let mut b = 0x09;
    while b <= 0x0d {
        t[b] = 1;
        b += 1;
    }
    t[0x20] = 1;
    t[0xc2] = 2;
    t[0xe1] = 2;
    t[0xe2] = 2;
    t[0xe3] = 2;
    t
};

/// The length of the white-space character (`char::is_whitespace`) that starts at byte `i` of
/// `text`, or 0 (a UTF-8 continuation byte never starts one).
fn space_len(text: &str, i: usize) -> usize {
    match SPACE_START[usize::from(text.as_bytes()[i])] {
        0 => 0,
        1 => 1,
        _ => text[i..]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
    }
}

/// The SMTP command words [`find_command`] looks for, in session order.
const COMMAND_WORDS: &[&str] = &[
    "HELO",
    "EHLO",
    "STARTTLS",
    "AUTH PLAIN",
    "AUTH LOGIN",
    "AUTH CRAM-",
    "AUTH DIGEST-",
    "MAIL F",
    "RCPT",
    "RCPT T",
    "DATA",
    "QUIT",
    "XFORWARD",
];

/// Whether a command word between these bytes stands alone: not inside a word, an address or a
/// host name.
fn stands_alone(before: u8, after: u8) -> bool {
    !(before.is_ascii_alphanumeric()
        || after.is_ascii_alphanumeric()
        || before == b'@'
        || after == b'@')
}

/// The SMTP command named in the remote's text ("in reply to RCPT TO command", ">>> DATA"), for
/// records whose parser found none: Sisimai's `smtp/command.Find` (upper-case words only, not
/// inside an address or host name; the latest stage of the session wins).
pub fn find_command(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    // The text's byte pairs (case kept) rule most words out without a search.
    let pairs = Pairs::of(text);
    let mut found: Option<&str> = None;
    for word in COMMAND_WORDS {
        if !pairs.may_contain(word) {
            continue;
        }
        let Some(at) = find(text, word) else { continue };
        if !word.contains(' ') {
            // The characters around the word (a space beyond either end of the text).
            let before = at.checked_sub(1).map_or(b' ', |i| bytes[i]);
            let after = bytes.get(at + word.len()).copied().unwrap_or(b' ');
            if !stands_alone(before, after) {
                continue;
            }
        }
        found = Some(match &word[..4] {
            "STAR" => "STARTTLS",
            "XFOR" => "XFORWARD",
            w => w,
        });
    }
    found.map(str::to_string)
}

/// Texts that only one MTA or service writes and that name the reason by themselves: what
/// Sisimai's per-MTA modules ("lhost", go-sisimai `lhost/via-*.go`, BSD-2-Clause) decide before
/// the generic classifier runs. Used as the format's reason when the parser gave none.
#[rustfmt::skip]
const MTA_TEXTS: &[(&[&str], Reason)] = &[
    // qmail (qmail-remote.c, qmail-local.c, qmail-ldap patch; notqmail for null MX)
    (&["sorry, i couldn't find any host "], Reason::Hostunknown),
    (&["sorry, i wasn't able to establish an smtp connection"], Reason::Networkerror),
    (&["sorry. although i'm listed as a best-preference mx or a for that host"], Reason::Networkerror),
    (&["sorry, i couldn't find a mail exchanger or ip address"], Reason::Notaccept),
    (&["requested action not taken: mailbox unavailable (not enough free space)"], Reason::Systemfull),
    (&["the message exeeded the maximum size the user accepts"], Reason::Exceedlimit),
    (&["mailaddress is administrativ", " disabled"], Reason::Suspend),
    (&["unable to contact ldap server"], Reason::Systemerror),
    (&["temporary failure in ldap lookup"], Reason::Systemerror),
    (&["timeout while performing search on ldap server"], Reason::Systemerror),
    (&["unable to login into ldap server"], Reason::Systemerror),
    (&["automatic homedir creator crashed"], Reason::Systemerror),
    (&["temporary error in automatic homedir creation"], Reason::Systemerror),
    (&["error while executing qmail-forward"], Reason::Systemerror),
    (&["bad interpreter: no such file or directory"], Reason::Systemerror),
    // OpenSMTPD (smtpd/queue.c, smtpd/mta.c)
    (&["envelope expired"], Reason::Expired),
    (&["could not retrieve credentials"], Reason::Securityerror),
    (&["invalid domain name"], Reason::Hostunknown),
    (&["address family mismatch on destination mxs"], Reason::Networkerror),
    (&["all routes to destination blocked"], Reason::Networkerror),
    (&["bad dns lookup error code"], Reason::Networkerror),
    (&["could not retrieve source address"], Reason::Networkerror),
    (&["network error on destination mxs"], Reason::Networkerror),
    (&["no valid route to remote mx"], Reason::Networkerror),
    (&["no valid route to destination"], Reason::Networkerror),
    (&["temporary failure in mx lookup"], Reason::Networkerror),
    (&["destination seem to reject all mails"], Reason::Notaccept),
    (&["no mx found for domain"], Reason::Notaccept),
    (&["no mx found for destination"], Reason::Notaccept),
    // Exim (route.c, transports/appendfile.c, transports/smtp.c, routers/dnslookup.c, parser.c,
    // deliver.c, retry.c)
    (&["all host address lookups failed permanently"], Reason::Hostunknown),
    (&["all relevant mx records point to non-existent hosts"], Reason::Hostunknown),
    (&["mailbox is full"], Reason::Mailboxfull),
    (&["error: quota exceed"], Reason::Mailboxfull),
    (&["an mx or srv record indicated no smtp service"], Reason::Notaccept),
    (&["no host found for existing smtp connection"], Reason::Notaccept),
    (&["angle-brackets nested too deep"], Reason::Syntaxerror),
    (&["expected word or \"<\""], Reason::Syntaxerror),
    (&["domain missing in source-routed address"], Reason::Syntaxerror),
    (&["malformed address:"], Reason::Syntaxerror),
    (&["delivery to file forbidden"], Reason::Systemerror),
    (&["delivery to pipe forbidden"], Reason::Systemerror),
    (&["local delivery failed"], Reason::Systemerror),
    (&["lmtp error after "], Reason::Systemerror),
    (&["too many \"received\" headers"], Reason::Contenterror),
    (&["retry timeout exceeded"], Reason::Expired),
    (&["retry time not reached for any host after a long failure period"], Reason::Expired),
    (&["all hosts have been failing for a long time and were last tried"], Reason::Expired),
    (&["has been frozen"], Reason::Expired),
    (&["was frozen on arrival by "], Reason::Expired),
    // DragonFly Mail Agent
    (&["dns lookup failure: host ", " not found"], Reason::Hostunknown),
    (&["could not deliver for the last ", " seconds"], Reason::Expired),
    // Gmail's own DSN text (lhost/via-gmail.go)
    (&["the recipient server did not accept our requests to connect"], Reason::Expired),
    (&["dns error: could not contact dns servers"], Reason::Expired),
    (&["delivery to the following recipient has been delayed"], Reason::Expired),
    (&["dns error: domain name not found"], Reason::Hostunknown),
    (&["dns error: dns server returned answer with no data"], Reason::Hostunknown),
    // Google Groups
    (&["the group you tried to contact", "may not exist, or you may not have permission to post"], Reason::Rejected),
    // IMail Server
    (&["delivery failed ", " attempts"], Reason::Expired),
    // Zoho (lhost/zoho: "[Status: Error, Address: <a@b>, ResponseCode 421, , Host not
    // reachable.]")
    (&[", host not reachable"], Reason::Expired),
    // KDDI's au one net (lhost/kddi: "Could not be delivered to: <a@b> / As the remote domain
    // doesnt exist.")
    (&["as the remote domain doesnt exist"], Reason::Hostunknown),
    // Exchange 2007 and later: the NDR's code names the reason (lhost/exchange2007
    // `NDRSubject`, rhost/microsoft `messagesof`): "#550 5.1.4 RESOLVER.ADR.Ambiguous;
    // ambiguous address ##". (RESOLVER.RST.RecipSizeLimit is left to its status, 5.2.3:
    // go-sisimai answers `exceedlimit`, as lhost-exchange2007-03 shows.)
    (&["smtpsend.dns.nonexistentdomain"], Reason::Hostunknown),
    (&["smtpsend.dns.mxloopback"], Reason::Networkerror),
    (&["resolver.adr.badprimary"], Reason::Systemerror),
    (&["resolver.adr.recipnotfound"], Reason::Userunknown),
    (&["resolver.adr.recipientnotfound"], Reason::Userunknown),
    (&["resolver.adr.exrecipnotfound"], Reason::Userunknown),
    (&["resolver.adr.reciplimit"], Reason::Toomanyconn),
    (&["resolver.adr.invalidinsmtp"], Reason::Systemerror),
    (&["resolver.adr.ambiguous"], Reason::Systemerror),
    (&["resolver.fwd.notfound"], Reason::Systemerror),
    (&["resolver.rst.authrequired"], Reason::Securityerror),
    (&["resolver.rst.notauthorized"], Reason::Rejected),
    (&["queue.expired"], Reason::Expired),
    // (Ours, not Sisimai's: a mail-flow rule's reject action, "550 5.7.999
    // TRANSPORT.RULES.RejectMessage; <the rule's own text>".)
    (&["transport.rules.rejectmessage"], Reason::Policyviolation),
    // Exchange 2000/2003 X.400-style NDRs: "MSEXCH:IMS:... 0 (000C05A6) Unknown Recipient"
    (&["msexch:", "(000c05a6)"], Reason::Userunknown),
    (&["msexch:", "(000c0595)"], Reason::Filtered),
    (&["msexch:", "(00010256)"], Reason::Systemerror),
    (&["msexch:", "(000d06b5)"], Reason::Systemerror),
    (&["msexch:", "(00120270)"], Reason::Networkerror),
    (&["msexch:", "(00050311)"], Reason::Contenterror),
    (&["msexch:", "(000502cc)"], Reason::Contenterror),
    (&["msexch:", "(000b0981)"], Reason::Securityerror),
    (&["the recipient name is not recognized"], Reason::Userunknown),
    (&["unknown recipient"], Reason::Userunknown),
    // Oracle Communications Messaging Server
    (&["illegal host/domain name found"], Reason::Hostunknown),
    // BIGLOBE (and the Japanese cable ISPs sharing its system)
    (&["mail delivery failed... user unknown"], Reason::Filtered),
    (&["the number of messages in recipient's mailbox exceeded the local limit."], Reason::Mailboxfull),
    // HCL/IBM Notes
    (&["message has exceeded maximum hop count"], Reason::Networkerror),
    (&["ディレクトリのリストにありません"], Reason::Userunknown),
    // 1&1 (IONOS)
    (&["mail size limit exceeded"], Reason::Mesgtoobig),
    // Courier (module.esmtp/esmtpclient.c)
    (&["no such domain."], Reason::Hostunknown),
    (&["this domain's dns violates rfc 1035."], Reason::Systemerror),
    (&["dns lookup failed."], Reason::Networkerror),
    // HCL/IBM Domino
    (&["cannot route mail to user"], Reason::Filtered),
    (&["several matches found in domino directory"], Reason::Systemerror),
    (&["not listed in domino directory"], Reason::Userunknown),
    (&["not listed in public name & address book"], Reason::Userunknown),
    (&["no se encuentra en el directorio de domino"], Reason::Userunknown),
    (&["ist nicht im domino-verzeichnis"], Reason::Userunknown),
    (&["non r", "pertori", "dans l'annuaire domino"], Reason::Userunknown),
    (&["domino ディレクトリには見つかりません"], Reason::Userunknown),
    // Progress IMail Server
    (&["invalid final delivery userid"], Reason::Userunknown),
    (&["user mailbox exceeds allowed size"], Reason::Mailboxfull),
    (&["requested action not taken: virus detected"], Reason::Virusdetected),
    // au by KDDI (EZweb)
    (&["the user(s) account is disabled"], Reason::Suspend),
    (&["the user(s) account is temporarily limited."], Reason::Suspend),
    (&["the user(s) account is temporarily over quota"], Reason::Mailboxfull),
    // (go-sisimai calls it `onhold`: the remote's reply below it decides)
    (&["each of the following recipients was rejected by a remote mail server"], Reason::Onhold),
    (&["your message was not delivered within ", " days and "], Reason::Expired),
    // Trend Micro InterScan
    (&["reason: unable to deliver message to <"], Reason::Userunknown),
    (&["unable to deliver message to <", "please check if address is correct"], Reason::Userunknown),
    // fml mailing list manager
    (&["you are not a member of this mailing list"], Reason::Rejected),
];

/// PowerMTA's `X-PowerMTA-BounceCategory` DSN field → reason (Sisimai's `Lhost::PowerMTA`
/// table, BSD-2-Clause; the categories are PowerMTA's documented bounce classes).
pub fn by_powermta_category(category: &str) -> Option<Reason> {
    Some(match category.trim().to_ascii_lowercase().as_str() {
        "bad-domain" => Reason::Hostunknown,
        "bad-mailbox" => Reason::Userunknown,
        "inactive-mailbox" => Reason::Suspend,
        "message-expired" => Reason::Expired,
        "no-answer-from-host" => Reason::Networkerror,
        "policy-related" => Reason::Policyviolation,
        "quota-issues" => Reason::Mailboxfull,
        "routing-errors" => Reason::Systemerror,
        "spam-related" => Reason::Spamdetected,
        _ => return None,
    })
}

/// A failure a program names in its own words: the reason and its phrases (lower case).
type Failure = (Reason, &'static [&'static str]);

/// Local delivery agents (the programs that write into the mailbox) and the failures they name
/// in their own words: Sisimai's `lda.Find` (go-sisimai `lda/lib.go`, BSD-2-Clause), which runs
/// before the provider tables and the classifier. An agent's error that names no known failure
/// is `mailererror` ("procmail: Couldn't create \"/var/mail/…\"").
#[rustfmt::skip]
const LOCAL_AGENTS: &[(&[&str], &[Failure])] = &[
    // dovecot/src/deliver/deliver.c: "Your message to <%t> was automatically rejected:%n%r"
    // (only the second half: "your message to <" alone is every MTA's wording)
    (&["> was automatically rejected:"], &[
        (Reason::Mailboxfull, &["not enough disk space", "quota exceeded"]),
        (Reason::Userunknown, &["mailbox doesn't exist: "]),
    ]),
    (&["mail.local: "], &[
        (Reason::Mailboxfull, &["disc quota exceeded", "mailbox full or quota exceeded"]),
        (Reason::Systemerror, &["temporary file write error"]),
        (Reason::Userunknown, &[": invalid mailbox path", ": unknown user:", ": user missing home directory", ": user unknown"]),
    ]),
    (&["procmail: ", "/procmail "], &[
        (Reason::Mailboxfull, &["quota exceeded while writing", "user over quota"]),
        (Reason::Systemerror, &["service unavailable"]),
        (Reason::Systemfull, &["no space left to finish writing"]),
    ]),
    (&["maildrop: "], &[
        (Reason::Mailboxfull, &["maildir over quota."]),
        (Reason::Userunknown, &["cannot find system user", "invalid user specified."]),
    ]),
    (&["vdelivermail: "], &[
        (Reason::Filtered, &["user does not exist, but will deliver to "]),
        (Reason::Mailboxfull, &["domain is over quota", "user is over quota"]),
        (Reason::Suspend, &["account is locked email bounced"]),
        (Reason::Userunknown, &["sorry, no mailbox here by that name."]),
    ]),
    (&["vdeliver: "], &[
        (Reason::Mailboxfull, &["delivery failed due to system quota violation"]),
        (Reason::Userunknown, &["invalid or unknown base user or domain", "invalid or unknown virtual user", "user name does not refer to a virtual user"]),
    ]),
];

/// The reason a local delivery agent's own message gives ([`LOCAL_AGENTS`]), for a record whose
/// error did not come from a remote server's reply to an SMTP command before DATA.
pub fn by_local_agent(facts: &Facts) -> Option<Reason> {
    by_local_agent_in(facts.diagnostic.as_deref()?, facts)
}

/// [`by_local_agent`] for another text about the record (the bounce's own explanation).
pub fn by_local_agent_in(text: &str, facts: &Facts) -> Option<Reason> {
    if text.is_empty() {
        return None;
    }
    if facts
        .smtp_command
        .as_deref()
        .is_some_and(|c| !c.eq_ignore_ascii_case("DATA"))
    {
        return None;
    }
    let text = text.to_ascii_lowercase();
    // Most marks and phrases are ruled out by the text's byte pairs without a search.
    let pairs = Pairs::of(&text);
    let has = |p: &str| pairs.may_contain(p) && contains(&text, p);
    let (_, failures) = LOCAL_AGENTS
        .iter()
        .find(|(marks, _)| marks.iter().any(|m| has(m)))?;
    Some(
        failures
            .iter()
            .find(|(_, phrases)| phrases.iter().any(|p| has(p)))
            .map_or(Reason::Mailererror, |&(r, _)| r),
    )
}

/// Whether [`by_local_agent_in`] may find a local agent's mark in a text whose ASCII lower case
/// (or a longer text holding it) has the byte pairs `pairs`: false when no mark can occur, so
/// that a caller with those pairs at hand need not copy and scan the text.
pub(crate) fn local_agent_may_match(pairs: &Pairs) -> bool {
    LOCAL_AGENTS
        .iter()
        .any(|(marks, _)| marks.iter().any(|m| pairs.may_contain(m)))
}

/// [`local_agent_may_match`] for `pairs` the byte pairs of the [`squash_lower`] of the text
/// ([`Pairs::may_contain_squashed`]).
pub(crate) fn local_agent_may_match_squashed(pairs: &Pairs) -> bool {
    LOCAL_AGENTS
        .iter()
        .any(|(marks, _)| marks.iter().any(|m| pairs.may_contain_squashed(m)))
}

/// The reason one of [`MTA_TEXTS`] names in `text` (lower case, whitespace squashed).
pub fn mta_text(text: &str) -> Option<Reason> {
    mta_text_in(text, &Pairs::of(text))
}

/// Whether [`mta_text`] of [`squash_lower`]`(text)` may name a reason that `wanted` accepts,
/// judged from `pairs`: the byte pairs of `text`'s ASCII lower case (or of a longer text
/// holding it), without squashing the text. False when every row of [`MTA_TEXTS`] with such a
/// reason has a pair that cannot occur in the squashed text: a pair without a space byte in
/// its fold that `pairs` lacks (squashing copies the text between white-space runs as it is,
/// and only adds pairs with a space). (When only rows with other reasons may match, `mta_text`
/// names one of those or none.)
pub(crate) fn mta_text_may_match(pairs: &Pairs, wanted: impl Fn(Reason) -> bool) -> bool {
    // A folded pair `a b` is `a & 0x3f | (b & 0x7f) << 8`; `a` or `b` a space folds to these.
    let surely_absent = |bit: u16| bit & 0x3f != 0x20 && bit >> 8 != 0x20 && !pairs.has(bit);
    // Most rows are ruled out by their rarest pair, read from one small array.
    let plans = &MTA_PLANS;
    plans
        .rarest
        .iter()
        .zip(MTA_TEXTS)
        .enumerate()
        .any(|(i, (&r, &(_, reason)))| {
            wanted(reason)
                && !surely_absent(r)
                && !plans.plan(i).iter().any(|&bit| surely_absent(bit))
        })
}

/// Each [`MTA_TEXTS`] row's byte pairs, rarest first ([`Pairs::plan`]), compiled into one
/// array (no table is built at run time): `pairs[spans[i].0..][..spans[i].1]` is row `i`'s plan,
/// and `rarest[i]` its first pair, in an array of their own for the tight loop.
struct MtaPlans {
    rarest: [u16; MTA_TEXTS.len()],
    spans: [(u16, u16); MTA_TEXTS.len()],
    pairs: [u16; mta_pair_count()],
}

impl MtaPlans {
    fn plan(&self, row: usize) -> &[u16] {
        let (start, len) = self.spans[row];
        &self.pairs[usize::from(start)..][..usize::from(len)]
    }
}

/// The byte pairs of all [`MTA_TEXTS`] rows, duplicates included (an upper bound of the plans'
/// total).
const fn mta_pair_count() -> usize {
    let mut n = 0;
    let mut row = 0;
    while row < MTA_TEXTS.len() {
        let parts = MTA_TEXTS[row].0;
        let mut p = 0;
        while p < parts.len() {
            n += parts[p].len().saturating_sub(1);
            p += 1;
        }
        row += 1;
    }
    n
}

static MTA_PLANS: MtaPlans = {
    let mut out = MtaPlans {
        rarest: [0; MTA_TEXTS.len()],
        spans: [(0, 0); MTA_TEXTS.len()],
        pairs: [0; mta_pair_count()],
    };
    // Each row's (frequency product << 16 | pair) keys, as `Pairs::plan` sorts them.
    let mut keys = [0u32; mta_pair_count()];
    let mut end = 0;
    let mut row = 0;
    while row < MTA_TEXTS.len() {
        let start = end;
        let parts = MTA_TEXTS[row].0;
        let mut p = 0;
        while p < parts.len() {
            let b = parts[p].as_bytes();
            let mut j = 1;
            while j < b.len() {
                let key = (Pairs::frequency(b[j - 1]) * Pairs::frequency(b[j])) << 16
                    | (u16::from_le_bytes([b[j - 1], b[j]]) & PAIR_MASK) as u32;
                // Insertion sort, dropping a key already there.
                let mut k = start;
                while k < end && keys[k] < key {
                    k += 1;
                }
                if k == end || keys[k] != key {
                    let mut m = end;
                    while m > k {
                        keys[m] = keys[m - 1];
                        m -= 1;
                    }
                    keys[k] = key;
                    end += 1;
                }
                j += 1;
            }
            p += 1;
        }
        // Every row has a pair (its phrases are longer than one byte).
        assert!(end > start && end <= u16::MAX as usize);
        let mut k = start;
        while k < end {
            out.pairs[k] = keys[k] as u16;
            k += 1;
        }
        out.spans[row] = (start as u16, (end - start) as u16);
        out.rarest[row] = keys[start] as u16;
        row += 1;
    }
    out
};

/// [`mta_text`] with the text's byte pairs.
fn mta_text_in(text: &str, pairs: &Pairs) -> Option<Reason> {
    // Each row's byte pairs, rarest first: on a long explanation (many pairs occur) a row is
    // then mostly ruled out by its first look-up. The rarest pairs sit in one array so that
    // the rows are ruled out in a tight loop.
    let plans = &MTA_PLANS;
    plans
        .rarest
        .iter()
        .enumerate()
        .filter(|&(_, &bit)| pairs.has(bit))
        .find(|&(i, _)| pairs.has_all(plans.plan(i)) && aligned(text, MTA_TEXTS[i].0))
        .map(|(i, _)| MTA_TEXTS[i].1)
}

/// The byte pairs that occur in a text (folded: the first byte's low 6 bits, the second's low
/// 7, so a pair may alias another): one pass, then most phrases of a table are ruled out
/// without searching the text for them.
///
/// The pass over long texts (a bounce's whole explanation) is most of the cost, so an entry is
/// a whole byte indexed by the pair read as one `u16` (a load, a mask and a store per byte, not a
/// read-modify-write of a bit), holding the stamp of the text that set it. A table is reused
/// for the next text without clearing it: the thread keeps the tables of dropped sets and
/// clears one only when its stamp wraps.
pub(crate) struct Pairs {
    /// `PAIRS` entries; an entry is set when it holds `stamp`.
    seen: Box<[u8]>,
    stamp: u8,
}

/// The folded pair `a b` is `u16::from_le_bytes([a, b]) & PAIR_MASK`.
const PAIR_MASK: u16 = 0x7f3f;
const PAIRS: usize = PAIR_MASK as usize + 1;

thread_local! {
    /// Tables of dropped sets, with the stamp each last used.
    static SPARE: RefCell<Vec<(Box<[u8]>, u8)>> = const { RefCell::new(Vec::new()) };
}

impl Pairs {
    fn bit(a: u8, b: u8) -> usize {
        usize::from(u16::from_le_bytes([a, b]) & PAIR_MASK)
    }

    pub(crate) fn of(text: &str) -> Self {
        let (mut seen, last) = SPARE
            .with(|s| s.borrow_mut().pop())
            .unwrap_or_else(|| (vec![0; PAIRS].into_boxed_slice(), 0));
        // Entries hold stamps of earlier texts, all below the new one until it wraps.
        let stamp = last.checked_add(1).unwrap_or_else(|| {
            seen.fill(0);
            1
        });
        let table: &mut [u8; PAIRS] = (&mut *seen).try_into().expect("a pair table");
        for w in text.as_bytes().windows(2) {
            table[Self::bit(w[0], w[1])] = stamp;
        }
        Pairs { seen, stamp }
    }

    /// Add the pair `a b` (the text grew by one byte `b` after its last byte `a`).
    pub(crate) fn add(&mut self, a: u8, b: u8) {
        self.seen[Self::bit(a, b)] = self.stamp;
    }

    /// How often the byte `c` occurs in English text, per mille, roughly (space is the most
    /// common); other bytes are rare. `mta::text::Phrases` picks its anchors by it too.
    pub(crate) const fn frequency(c: u8) -> u32 {
        match c {
            b' ' => 180,
            b'e' => 127,
            b't' => 91,
            b'a' => 82,
            b'o' => 75,
            b'i' => 70,
            b'n' => 67,
            b's' => 63,
            b'h' => 61,
            b'r' => 60,
            b'd' => 43,
            b'l' => 40,
            b'c' | b'u' => 28,
            b'm' | b'w' => 24,
            b'f' => 22,
            b'g' | b'y' => 20,
            b'p' => 19,
            b'b' => 15,
            b'v' => 10,
            b'k' => 8,
            _ => 2,
        }
    }

    /// The folded byte pairs of `needles` for [`Pairs::has_all`], those of the rarest letters
    /// first (by their frequency in English text; space is the most common).
    pub(crate) fn plan(needles: &[&str]) -> Vec<u16> {
        // The phrase tables are planned on first use, hundreds of phrases per run: each pair is
        // one `u32` (the frequency product, below 2^15, above the pair), sorted as the
        // (frequency, pair) tuples it stands for, and `frequency` is looked up in a table.
        const FREQUENCY: [u32; 256] = {
            let mut table = [0; 256];
            let mut c = 0;
            while c < 256 {
                table[c] = Pairs::frequency(c as u8);
                c += 1;
            }
            table
        };
        let mut plan: Vec<u32> = needles
            .iter()
            .flat_map(|n| n.as_bytes().windows(2))
            .map(|w| {
                let bit = u32::from(u16::from_le_bytes([w[0], w[1]]) & PAIR_MASK);
                (FREQUENCY[usize::from(w[0])] * FREQUENCY[usize::from(w[1])]) << 16 | bit
            })
            .collect();
        plan.sort_unstable();
        plan.dedup();
        plan.into_iter().map(|key| key as u16).collect()
    }

    /// The first pair of the [`Pairs::plan`] of `needles` (`None` when none is two bytes or
    /// longer), without building the plan. A `const fn`, so that tables of phrases can hold
    /// their rarest pairs as compiled data.
    pub(crate) const fn rarest(needles: &[&str]) -> Option<u16> {
        // The least (frequency product, pair), as `plan`'s sort puts first.
        let mut best: Option<(u32, u16)> = None;
        let mut i = 0;
        while i < needles.len() {
            let n = needles[i].as_bytes();
            let mut j = 1;
            while j < n.len() {
                let (a, b) = (n[j - 1], n[j]);
                let key = Self::frequency(a) * Self::frequency(b);
                let bit = u16::from_le_bytes([a, b]) & PAIR_MASK;
                best = match best {
                    Some((k, p)) if k < key || (k == key && p <= bit) => Some((k, p)),
                    _ => Some((key, bit)),
                };
                j += 1;
            }
            i += 1;
        }
        match best {
            Some((_, bit)) => Some(bit),
            None => None,
        }
    }

    /// Whether the pair `bit` ([`Pairs::rarest`]) occurs; `None` (no pair) may.
    pub(crate) fn may_have(&self, bit: Option<u16>) -> bool {
        bit.is_none_or(|b| self.has(b))
    }

    /// Whether the folded pair `bit` (from a [`Pairs::plan`]) occurs.
    pub(crate) fn has(&self, bit: u16) -> bool {
        self.seen[usize::from(bit)] == self.stamp
    }

    /// Whether every pair of a [`Pairs::plan`] occurs: `needles.iter().all(|n| self.may_contain(n))`.
    pub(crate) fn has_all(&self, plan: &[u16]) -> bool {
        plan.iter().all(|&bit| self.has(bit))
    }

    /// For the pairs of a [`squash_lower`]ed text: false when `needle` (ASCII, lower case)
    /// cannot occur in the ASCII lower case of the text as it was, before squashing. Squashing
    /// keeps every byte that is not white space next to the same bytes (it only replaces runs
    /// of white space), so the needle's pairs of two such bytes occur; its pairs with white
    /// space are not looked up.
    pub(crate) fn may_contain_squashed(&self, needle: &str) -> bool {
        needle.as_bytes().windows(2).all(|w| {
            w.iter().any(|&c| char::from(c).is_whitespace())
                || self.seen[Self::bit(w[0], w[1])] == self.stamp
        })
    }

    /// False when `needle` cannot occur in the text (one of its byte pairs does not).
    pub(crate) fn may_contain(&self, needle: &str) -> bool {
        needle
            .as_bytes()
            .windows(2)
            .all(|w| self.seen[Self::bit(w[0], w[1])] == self.stamp)
    }
}

impl Drop for Pairs {
    fn drop(&mut self) {
        let seen = std::mem::take(&mut self.seen);
        let stamp = self.stamp;
        // A few spare tables cover the sets alive at once; none when the thread is ending.
        let _ = SPARE.try_with(|s| {
            let mut spare = s.borrow_mut();
            if spare.len() < 4 {
                spare.push((seen, stamp));
            }
        });
    }
}

/// Gmail's relay DSNs end the remote's reply with "(state N)", the SMTP state Gmail was in
/// (Sisimai's `lhost/via-gmail.go` table, from Google's forum answers it cites).
fn gmail_state(text: &str, pairs: &Pairs) -> Option<Reason> {
    let marker = "google tried to deliver your message";
    if !(pairs.may_contain(marker) && contains(text, marker)) {
        return None;
    }
    let at = text.rfind(" (state ")?;
    let n = text[at + 8..].split(')').next()?;
    Some(match n {
        "6" | "9" => Reason::Failedstarttls, // 500 Remote server does not support TLS / TLS missing certificate
        "8" => Reason::Systemerror,          // 535 SMTP AUTH failed with the remote server
        "12" => Reason::Norelaying, // 500 Remote server does not support SMTP Authenticated Relay
        "13" => Reason::Blocked,    // 550 5.7.1 <...>... Access denied (at EHLO)
        "14" => Reason::Userunknown, // 550 5.1.1 <...>... User Unknown (at RCPT)
        "15" | "17" | "18" => Reason::Filtered, // refused at DATA
        _ => return None,
    })
}

/// The first phrase table that matches `text` (lower case), in Sisimai's order for message
/// patterns; for callers that only have text.
pub fn by_phrase(text: &str) -> Option<Reason> {
    MATCH_ORDER.iter().copied().find(|&r| included_in(r, text))
}

/// Sisimai's `ClassOrder[0]`: reasons whose probe is tried first, in this order.
const PROBE_ORDER: &[Reason] = &[
    Reason::Mailboxfull,
    Reason::Mesgtoobig,
    Reason::Exceedlimit,
    Reason::Suspend,
    Reason::Hasmoved,
    Reason::Norelaying,
    Reason::Authfailure,
    Reason::Userunknown,
    Reason::Filtered,
    Reason::Requireptr,
    Reason::Notcompliantrfc,
    Reason::Badreputation,
    Reason::Rejected,
    Reason::Contenterror,
    Reason::Hostunknown,
    Reason::Spamdetected,
    Reason::Speeding,
    Reason::Toomanyconn,
    Reason::Blocked,
];

/// Sisimai's `ClassOrder[1]`: message patterns tried when no probe answered.
const MATCH_ORDER: &[Reason] = &[
    Reason::Mailboxfull,
    Reason::Authfailure,
    Reason::Badreputation,
    Reason::Speeding,
    Reason::Spamdetected,
    Reason::Virusdetected,
    Reason::Policyviolation,
    Reason::Norelaying,
    Reason::Systemerror,
    Reason::Networkerror,
    Reason::Suspend,
    Reason::Contenterror,
    Reason::Systemfull,
    Reason::Notaccept,
    Reason::Expired,
    Reason::Failedstarttls,
    Reason::Securityerror,
    Reason::Suppressed,
    Reason::Mailererror,
];

/// SMTP commands sent before DATA: a refusal there is not about the message's content.
const EXCEPT_DATA: &[&str] = &["CONN", "EHLO", "HELO", "MAIL", "RCPT"];

struct Probe<'a> {
    hint: Option<Reason>,
    status: Option<&'a str>,
    /// The reason the status code names ([`by_status`]).
    name: Option<Reason>,
    reply: Option<u16>,
    command: Option<String>,
    action: Option<String>,
    /// The Diagnostic-Code type when it is not `SMTP` (`X-UNIX`, `X-POSTFIX` …).
    diagnostic_type: Option<String>,
    text: &'a str,
    /// `text`'s byte pairs, for the many phrase-table look-ups.
    pairs: Pairs,
    /// The reasons (bit `reason as u32`) whose phrase table was read for `text`, and of those
    /// the ones found: the probes and the fallback ask for many tables more than once.
    known: Cell<u64>,
    found: Cell<u64>,
}

impl Probe<'_> {
    /// [`included`] for `text`, each table read once.
    fn included(&self, reason: Reason) -> bool {
        const _: () = assert!((Reason::Virusdetected as u32) < 64);
        let bit = 1u64 << (reason as u32);
        if self.known.get() & bit != 0 {
            return self.found.get() & bit != 0;
        }
        let found = included(reason, self.text, Some(&self.pairs));
        self.known.set(self.known.get() | bit);
        if found {
            self.found.set(self.found.get() | bit);
        }
        found
    }

    /// [`by_phrase`] for `text`, with its byte pairs and the tables read once.
    fn phrase(&self) -> Option<Reason> {
        MATCH_ORDER.iter().copied().find(|&r| self.included(r))
    }

    fn before_data(&self) -> bool {
        self.command
            .as_deref()
            .is_some_and(|c| EXCEPT_DATA.contains(&c))
    }

    fn command_is(&self, c: &str) -> bool {
        self.command.as_deref() == Some(c)
    }

    /// Sisimai's `ProbesInto[reason]`: is this record `reason`?
    fn probes_into(&self, reason: Reason) -> bool {
        if self.hint == Some(reason) {
            return true;
        }
        let t = self.text;
        let named = self.name == Some(reason);
        match reason {
            Reason::Mailboxfull
            | Reason::Exceedlimit
            | Reason::Authfailure
            | Reason::Requireptr
            | Reason::Toomanyconn => named || self.included(reason),
            // A server that refuses the client in its greeting refuses the client itself
            // (Sisimai's phrase for Exim: "SMTP error from remote mail server after initial
            // connection:"); a connection that failed without a reply is no such refusal.
            Reason::Blocked => {
                named
                    || self.included(reason)
                    || (self.command_is("CONN") && self.reply.is_some_and(|r| r >= 400))
            }
            Reason::Mesgtoobig => {
                if named {
                    return true;
                }
                if self.name == Some(Reason::Exceedlimit) || self.status == Some("5.2.3") {
                    return false;
                }
                self.included(reason)
            }
            Reason::Suspend => self.reply == Some(525) || self.included(reason),
            Reason::Hasmoved
            | Reason::Notcompliantrfc
            | Reason::Badreputation
            | Reason::Speeding => self.included(reason),
            Reason::Norelaying => {
                if matches!(
                    self.hint,
                    Some(Reason::Securityerror | Reason::Systemerror | Reason::Undefined)
                ) {
                    return false;
                }
                if self.command_is("CONN") || self.command_is("EHLO") || self.command_is("HELO") {
                    return false;
                }
                self.included(reason)
            }
            Reason::Userunknown => {
                if self.name == Some(Reason::Suspend) {
                    return false;
                }
                if named {
                    // 5.1.1 but the text says something more specific.
                    const OTHERS: &[Reason] = &[
                        Reason::Norelaying,
                        Reason::Blocked,
                        Reason::Mailboxfull,
                        Reason::Hasmoved,
                        Reason::Rejected,
                        Reason::Notaccept,
                    ];
                    return !OTHERS.iter().any(|&o| self.included(o));
                }
                self.command_is("RCPT") && self.included(reason)
            }
            Reason::Filtered => {
                if self.name == Some(Reason::Suspend) {
                    return false;
                }
                if named {
                    return self.included(Reason::Userunknown) || self.included(Reason::Filtered);
                }
                if self.before_data() {
                    return false;
                }
                self.included(Reason::Filtered) || self.included(Reason::Userunknown)
            }
            Reason::Rejected => {
                if named {
                    return true;
                }
                let temp = self.name.unwrap_or(Reason::Undefined);
                if self.command_is("MAIL") {
                    // "Access denied" in reply to MAIL FROM denies the sender (Sisimai's phrase
                    // "access denied (in reply to mail from command)", whoever wrote the reply).
                    self.included(reason) || t.contains("access denied")
                } else if self.command_is("DATA") {
                    temp != Reason::Userunknown && self.included(reason)
                } else if !temp.is_explicit()
                    || matches!(temp, Reason::Securityerror | Reason::Systemerror)
                {
                    self.included(reason)
                } else {
                    false
                }
            }
            Reason::Contenterror => {
                if self.probes_into(Reason::Spamdetected) {
                    return false;
                }
                named || self.included(reason)
            }
            Reason::Hostunknown => {
                if named {
                    !self.included(Reason::Networkerror)
                } else {
                    self.included(reason)
                }
            }
            Reason::Spamdetected => {
                if self.status.is_none() {
                    return false;
                }
                if named {
                    return true;
                }
                if self.before_data() {
                    return false;
                }
                self.included(reason)
            }
            Reason::Virusdetected => !self.before_data() && self.included(reason),
            Reason::Failedstarttls => {
                self.command_is("STARTTLS")
                    || matches!(self.reply, Some(523 | 524 | 538))
                    || self.included(reason)
            }
            Reason::Notaccept => matches!(self.reply, Some(521 | 556)) || self.included(reason),
            Reason::Syntaxerror => self
                .reply
                .is_some_and(|r| (401..408).contains(&r) || (501..508).contains(&r)),
            Reason::Onhold => named,
            _ => false,
        }
    }

    /// Sisimai's `anotherone`: the fallback when no probe answered.
    fn another_one(&self) -> Option<Reason> {
        // A parser's `expired` is a guess from the message as a whole ("could not be delivered
        // for 5 days"); the remote's own words or status code, when they name a cause, win.
        if self.hint == Some(Reason::Expired) {
            return self.phrase().or(self.name).or(self.hint);
        }
        if let Some(h) = self.hint.filter(|h| h.is_explicit()) {
            return Some(h);
        }
        // A status code that names a final reason stands for an SMTP reply (Sisimai reads the
        // text only when the code names none, or one it decides again).
        if let Some(n) = self.name.filter(|n| !n.should_be_retried()) {
            if self.diagnostic_type.is_none() {
                return Some(n);
            }
        }
        if let Some(r) = self.phrase() {
            return Some(r);
        }
        if let Some(r) = self.name {
            return Some(r);
        }
        if let Some(s) = self.status {
            if s.get(1..3) == Some(".6") {
                return Some(Reason::Contenterror);
            }
            if s.get(1..3) == Some(".7") {
                return Some(Reason::Securityerror);
            }
        }
        // A local mailer (a pipe, procmail …) exited with an error.
        if self.diagnostic_type.as_deref() == Some("X-UNIX") {
            return Some(Reason::Mailererror);
        }
        if self.probes_into(Reason::Syntaxerror) {
            return Some(Reason::Syntaxerror);
        }
        if matches!(self.action.as_deref(), Some("delayed" | "expired")) {
            return Some(Reason::Expired);
        }
        if self.command_is("EHLO")
            || self.command_is("HELO")
            || (self.command_is("CONN") && self.reply.is_some_and(|r| r >= 400))
        {
            return Some(Reason::Blocked);
        }
        None
    }
}

/// RFC 3463 enhanced status codes → reason (Sisimai's `status.Name`, same source and licence as
/// above; https://github.com/sisimai/go-sisimai/blob/main/smtp/status/lib.go). Codes that do not
/// name a reason (X.0.0, 4.4.0, 4.7.0 …) give `None`.
pub fn by_status(status: &str) -> Option<Reason> {
    use Reason as R;
    Some(match status.trim() {
        "2.1.5" => R::Delivered,
        "4.1.6" | "5.1.6" | "5.7.17" | "5.7.18" => R::Hasmoved,
        "4.1.7" | "4.1.8" | "5.1.7" | "5.1.8" => R::Rejected,
        "4.1.9" | "4.3.3" | "4.3.5" | "4.4.3" | "4.5.3" | "4.5.5" | "5.1.9" | "5.3.0" | "5.3.3"
        | "5.3.5" | "5.4.3" | "5.5.4" | "5.5.5" => R::Systemerror,
        "4.2.1" | "4.7.1" | "4.7.2" => R::Blocked,
        "4.2.2" | "5.2.2" => R::Mailboxfull,
        "4.2.3" | "5.2.3" => R::Exceedlimit,
        "4.2.4" | "5.1.4" | "5.2.0" | "5.2.1" | "5.2.4" => R::Filtered,
        "4.3.1" | "4.4.5" | "5.3.1" => R::Systemfull,
        "4.3.2" | "5.1.10" | "5.3.2" | "5.7.27" => R::Notaccept,
        "4.4.1" | "4.4.7" => R::Expired,
        "4.4.2" | "4.4.4" | "4.4.6" | "4.4.8" | "5.4.0" => R::Networkerror,
        "4.6.0" | "4.6.2" | "4.6.5" | "5.6.0" | "5.6.1" | "5.6.2" | "5.6.3" | "5.6.5" | "5.6.6"
        | "5.6.7" | "5.6.8" | "5.6.9" => R::Contenterror,
        "4.7.5" | "4.7.6" | "4.7.7" | "4.7.12" | "4.7.15" | "5.7.0" | "5.7.1" | "5.7.2"
        | "5.7.3" | "5.7.4" | "5.7.5" | "5.7.6" | "5.7.7" | "5.7.8" | "5.7.9" | "5.7.10"
        | "5.7.11" | "5.7.14" | "5.7.15" | "5.7.19" => R::Securityerror,
        "4.7.16" | "5.3.4" | "5.7.16" => R::Mesgtoobig,
        "4.7.24" | "4.7.26" | "5.7.20" | "5.7.21" | "5.7.22" | "5.7.23" | "5.7.24" | "5.7.26"
        | "5.7.29" => R::Authfailure,
        "4.7.25" | "5.7.25" => R::Requireptr,
        "5.1.0" | "5.1.1" | "5.1.3" => R::Userunknown,
        "5.1.2" | "5.4.4" => R::Hostunknown,
        "5.5.2" | "5.5.6" => R::Syntaxerror,
        "5.5.3" => R::Toomanyconn,
        "5.7.13" => R::Suspend,
        "5.7.28" => R::Spamdetected,
        "5.7.30" => R::Failedstarttls,
        other => return pseudo_status(other),
    })
}

/// Sisimai's own pseudo codes (`5.0.911` userunknown …), should a parser pass one through.
fn pseudo_status(status: &str) -> Option<Reason> {
    use Reason as R;
    let tail = status
        .get(1..)
        .filter(|t| t.starts_with(".0.9") && t.len() == 6)?;
    Some(match &tail[3..] {
        "926" => R::Authfailure,
        "975" => R::Badreputation,
        "971" => R::Blocked,
        "960" => R::Contenterror,
        "923" => R::Exceedlimit,
        "947" => R::Expired,
        "976" => R::Failedstarttls,
        "910" | "924" => R::Filtered,
        "916" => R::Hasmoved,
        "912" => R::Hostunknown,
        "922" => R::Mailboxfull,
        "939" => R::Mailererror,
        "934" => R::Mesgtoobig,
        "944" => R::Networkerror,
        "909" => R::Norelaying,
        "932" => R::Notaccept,
        "974" => R::Notcompliantrfc,
        "901" => R::Onhold,
        "972" => R::Policyviolation,
        "918" => R::Rejected,
        "973" => R::Requireptr,
        "970" => R::Securityerror,
        "980" => R::Spamdetected,
        "946" => R::Speeding,
        "903" => R::Suppressed,
        "921" => R::Suspend,
        "930" => R::Systemerror,
        "931" => R::Systemfull,
        "902" => R::Syntaxerror,
        "945" => R::Toomanyconn,
        "911" => R::Userunknown,
        "981" => R::Virusdetected,
        _ => return None,
    })
}

/// Does `text` (lower case) contain one of `reason`'s phrases (Sisimai's `IncludedIn`)?
pub fn included_in(reason: Reason, text: &str) -> bool {
    included(reason, text, None)
}

/// [`included_in`]; phrases with a byte pair not in `pairs` (the text's) are skipped unsearched.
fn included(reason: Reason, text: &str, pairs: Option<&Pairs>) -> bool {
    if text.is_empty() {
        return false;
    }
    let Some(p) = patterns(reason) else {
        return false;
    };
    let Some(ps) = pairs else {
        let has = |n: &&str| contains(text, n);
        return !p.isnot.iter().any(has)
            && (p.index.iter().any(has) || p.pairs.iter().any(|parts| aligned(text, parts)));
    };
    let rarest = Rarest::of(reason);
    // Whether a phrase of the table occurs: the result does not depend on the order the phrases
    // are tried in, so those whose rarest pair is in the text are picked out in a tight loop.
    let has = |bits: &[u16], phrases: &[&str]| {
        bits.iter()
            .zip(phrases)
            .any(|(&bit, n)| ps.has(bit) && ps.may_contain(n) && contains(text, n))
    };
    if has(rarest.isnot, p.isnot) {
        return false;
    }
    has(rarest.index, p.index)
        || rarest.pairs.iter().zip(p.pairs).any(|(&bit, parts)| {
            ps.has(bit) && parts.iter().all(|n| ps.may_contain(n)) && aligned(text, parts)
        })
}

/// The rarest byte pair ([`Pairs::rarest`]) of each of a reason's [`Patterns`] rows, in the
/// rows' order: most rows a text's pairs rule out are ruled out by that one look-up (the
/// phrases' first pairs are often common ones such as `e `).
///
/// Every row has a pair (its phrases are two bytes or longer: the build fails otherwise), so a
/// row is one `u16`. Compiled data (no table is built at run time, and each is one small array
/// in the binary).
struct Rarest {
    index: &'static [u16],
    /// Of all the parts of a sequence.
    pairs: &'static [u16],
    isnot: &'static [u16],
}

/// [`Pairs::rarest`] of a row, which has a pair.
const fn rarest_pair(needles: &[&str]) -> u16 {
    match Pairs::rarest(needles) {
        Some(bit) => bit,
        None => panic!("a phrase shorter than two bytes"),
    }
}

/// Each phrase's [`Pairs::rarest`].
const fn rarest_each<const N: usize>(phrases: &[&str]) -> [u16; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = rarest_pair(&[phrases[i]]);
        i += 1;
    }
    out
}

/// Each sequence's [`Pairs::rarest`] (of all its parts).
const fn rarest_seqs<const N: usize>(seqs: &[&[&str]]) -> [u16; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = rarest_pair(seqs[i]);
        i += 1;
    }
    out
}

/// The [`Rarest`] of a [`Patterns`] constant.
macro_rules! rarest_of {
    ($p:ident) => {{
        const R: Rarest = Rarest {
            index: &rarest_each::<{ $p.index.len() }>($p.index),
            pairs: &rarest_seqs::<{ $p.pairs.len() }>($p.pairs),
            isnot: &rarest_each::<{ $p.isnot.len() }>($p.isnot),
        };
        &R
    }};
}

impl Rarest {
    /// `reason`'s table (empty without [`patterns`]); the same reasons as [`patterns`].
    fn of(reason: Reason) -> &'static Rarest {
        use Reason as R;
        match reason {
            R::Authfailure => rarest_of!(AUTHFAILURE),
            R::Badreputation => rarest_of!(BADREPUTATION),
            R::Blocked => rarest_of!(BLOCKED),
            R::Contenterror => rarest_of!(CONTENTERROR),
            R::Exceedlimit => rarest_of!(EXCEEDLIMIT),
            R::Expired => rarest_of!(EXPIRED),
            R::Failedstarttls => rarest_of!(FAILEDSTARTTLS),
            R::Filtered => rarest_of!(FILTERED),
            R::Hasmoved => rarest_of!(HASMOVED),
            R::Hostunknown => rarest_of!(HOSTUNKNOWN),
            R::Mailboxfull => rarest_of!(MAILBOXFULL),
            R::Mailererror => rarest_of!(MAILERERROR),
            R::Mesgtoobig => rarest_of!(MESGTOOBIG),
            R::Networkerror => rarest_of!(NETWORKERROR),
            R::Norelaying => rarest_of!(NORELAYING),
            R::Notaccept => rarest_of!(NOTACCEPT),
            R::Notcompliantrfc => rarest_of!(NOTCOMPLIANTRFC),
            R::Policyviolation => rarest_of!(POLICYVIOLATION),
            R::Rejected => rarest_of!(REJECTED),
            R::Requireptr => rarest_of!(REQUIREPTR),
            R::Securityerror => rarest_of!(SECURITYERROR),
            R::Spamdetected => rarest_of!(SPAMDETECTED),
            R::Speeding => rarest_of!(SPEEDING),
            R::Suspend => rarest_of!(SUSPEND),
            R::Systemerror => rarest_of!(SYSTEMERROR),
            R::Systemfull => rarest_of!(SYSTEMFULL),
            R::Toomanyconn => rarest_of!(TOOMANYCONN),
            R::Userunknown => rarest_of!(USERUNKNOWN),
            R::Vacation => rarest_of!(VACATION),
            R::Virusdetected => rarest_of!(VIRUSDETECTED),
            _ => rarest_of!(NO_PATTERNS),
        }
    }
}

const NO_PATTERNS: Patterns = Patterns {
    index: NONE,
    pairs: NO_PAIRS,
    isnot: NONE,
};

/// All `parts` occur in `text`, in this order (Sisimai's `moji.Aligned`).
pub fn aligned(text: &str, parts: &[&str]) -> bool {
    let mut rest = text;
    for p in parts {
        match find(rest, p) {
            Some(i) => rest = &rest[i + p.len()..],
            None => return false,
        }
    }
    true
}

/// A reason's message patterns, lower case.
struct Patterns {
    /// Any of these phrases alone.
    index: &'static [&'static str],
    /// Phrase sequences that must occur in order.
    pairs: &'static [&'static [&'static str]],
    /// Phrases that rule the reason out.
    isnot: &'static [&'static str],
}

const NONE: &[&str] = &[];
const NO_PAIRS: &[&[&str]] = &[];

fn patterns(reason: Reason) -> Option<&'static Patterns> {
    use Reason as R;
    Some(match reason {
        R::Authfailure => &AUTHFAILURE,
        R::Badreputation => &BADREPUTATION,
        R::Blocked => &BLOCKED,
        R::Contenterror => &CONTENTERROR,
        R::Exceedlimit => &EXCEEDLIMIT,
        R::Expired => &EXPIRED,
        R::Failedstarttls => &FAILEDSTARTTLS,
        R::Filtered => &FILTERED,
        R::Hasmoved => &HASMOVED,
        R::Hostunknown => &HOSTUNKNOWN,
        R::Mailboxfull => &MAILBOXFULL,
        R::Mailererror => &MAILERERROR,
        R::Mesgtoobig => &MESGTOOBIG,
        R::Networkerror => &NETWORKERROR,
        R::Norelaying => &NORELAYING,
        R::Notaccept => &NOTACCEPT,
        R::Notcompliantrfc => &NOTCOMPLIANTRFC,
        R::Policyviolation => &POLICYVIOLATION,
        R::Rejected => &REJECTED,
        R::Requireptr => &REQUIREPTR,
        R::Securityerror => &SECURITYERROR,
        R::Spamdetected => &SPAMDETECTED,
        R::Speeding => &SPEEDING,
        R::Suspend => &SUSPEND,
        R::Systemerror => &SYSTEMERROR,
        R::Systemfull => &SYSTEMFULL,
        R::Toomanyconn => &TOOMANYCONN,
        R::Userunknown => &USERUNKNOWN,
        R::Vacation => &VACATION,
        R::Virusdetected => &VIRUSDETECTED,
        _ => return None,
    })
}

// The phrase tables below are Sisimai 5's (reason/why-*.go in go-sisimai, BSD-2-Clause,
// https://github.com/sisimai/go-sisimai/tree/main/reason); comments name the MTA or provider
// where Sisimai records one.

#[rustfmt::skip]
const AUTHFAILURE: Patterns = Patterns {
    index: &[
        "//spf.pobox.com",
        "bad spf records for",
        "dmarc policy",
        "doesn't meet the required authentication level",
        "please inspect your spf settings",
        "sender policy framework (spf) fail",
        "sender policy framework violation",
        "spf (sender policy framework) domain authentication fail",
        "spf check: fail",
        // policyd-spf (Postfix): "Message rejected due to: SPF fail - not authorized."
        "spf fail - not authorized",
        // Cisco Secure Email (IronPort): "550 #5.7.1 SPF unauthorized mail is prohibited."
        "spf unauthorized mail is prohibited",
        "the 5322.from address doesn't meet the authentication requirements defined for the sender",
    ],
    pairs: &[
        // The SPF verdict as receivers quote it (RFC 7208's `Received-SPF` wording): "… does
        // not designate 192.0.2.1 as permitted sender"
        &["does not designate ", " as permitted sender"],
        &[" is not allowed to send mail.", "_401"],
        &["is not allowed to send from <", " per it's spf record"],
    ],
    isnot: NONE,
};

#[rustfmt::skip]
const BADREPUTATION: Patterns = Patterns {
    index: &[
        "a poor email reputation score",
        "has been temporarily rate limited due to ip reputation",
        "ip/domain reputation problems",
        "likely suspicious due to the very low reputation",
        "none/bad reputation", // t-online.de
        "temporarily deferred due to unexpected volume or user complaints", // Yahoo Inc.
        "[tss04] messages from ", // the same, cut short (Sendmail's `mailq`)
        "the sending mta's poor reputation",
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const BLOCKED: Patterns = Patterns {
    index: &[
        " said: 550 blocked",
        "//www.spamcop.net/bl.",
        "bad sender ip address",
        "banned sending ip", // Office365
        "blacklisted by",
        // T-Online's refusal of a client IP: "554 IP=192.0.2.1 - A problem occurred. (Ask your
        // postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL)"
        "to contact tosa@rx.t-online.de to clarify",
        "blocked using ",
        "blocked - see http",
        "dnsbl:attrbl",
        // Trend Micro Email Security: "550 5.7.1 Your email messages have been blocked by the
        // recipient OR by Trend Micro Email Reputation Service."
        "by trend micro email reputation service",
        "client host rejected: abus detecte gu_eib_02", // SFR
        "client host rejected: abus detecte gu_eib_04", // SFR
        "client host rejected: may not be mail exchanger",
        "client host rejected: was not authenticated", // Microsoft
        "confirm this mail server",
        "connection dropped",
        "connection refused by",
        "connection reset by peer",
        "connection was dropped by remote host",
        "connections not accepted from ip addresses on spamhaus xbl",
        "currently sending spam see: ",
        "domain does not exist:",
        "dynamic/zombied/spam ips blocked",
        "error: no valid recipients from ",
        "esmtp not accepting connections", // icloud.com
        "extreme bad ip profile",
        "go away",
        "helo command rejected:",
        "host network not allowed",
        "hosts with dynamic ip",
        "invalid ip for sending mail of domain",
        "is in a black list",
        "is not allowed to send mail from",
        "mailfrom domain is listed in spamhaus",
        "no access from mail server",
        "no matches to nameserver query",
        "not currently accepting mail from your ip", // Microsoft
        "part of their network is on our block list",
        "please use the smtp server of your isp",
        "refused - see http",
        "rejected - multi-blacklist", // junkemailfilter.com
        "rejected because the sending mta or the sender has not passed validation",
        "rejecting open proxy", // Sendmail(srvrsmtp.c)
        "sender ip address rejected",
        "server access forbidden by your ip ",
        "service not available, closing transmission channel",
        "smtp error from remote mail server after initial connection:", // Exim
        "sorry, that domain isn't in my list of allowed rcpthosts",
        "sorry, your remotehost looks suspiciously like spammer",
        "temporarily deferred due to unexpected volume or user complaints",
        "to submit messages to this e-mail system has been rejected",
        "too many spams from your ip", // free.fr
        "too many unwanted messages have been sent from the following ip address above",
        "was blocked by ",
        "we do not accept mail from dynamic ips", // @mail.ru
        "you are not allowed to connect",
        "you are sending spam",
        "your ip address is listed in the rbl",
        "is listed on rbl", // wp.pl: "Rejected: IP 192.0.2.9 is listed on RBL"
        "your network is temporary blacklisted",
        "your server requires confirmation",
    ],
    pairs: &[
        // "Client host rejected: [192.0.2.1] is listed in the FREEMAIL blacklist" (ukr.net),
        // "Your IP: 192.0.2.1 is blacklisted" (KPN)
        &["is listed in the ", " blacklist"],
        &["your ip", " is blacklisted"],
        &["(", "@", ":blocked)"],
        &["access from ip address ", " blocked"],
        &["client host ", " blocked using"],
        &[
            "connections will not be accepted from ",
            " because the ip is in spamhaus's list",
        ],
        &["dnsbl:rbl ", ">_is_blocked"],
        &["email blocked by ", ".barracudacentral.org"],
        &["email blocked by ", "spamhaus"],
        &["host ", " refused to talk to me: ", " blocked"],
        &["ip ", " is blocked by earthlink"], // Earthlink
        &["is in an ", "rbl on "],
        &["mail server at ", " is blocked"],
        &["mail from ", " refused:"],
        &["mail from ", " refused, see ", "orbs"],
        &["message from ", " rejected based on blacklist"],
        &[
            "messages from ",
            " temporarily deferred due to user complaints",
        ], // Yahoo!
        &["server ip ", " listed as abusive"],
        &["sorry! your ip address", " is blocked by rbl"], // junkemailfilter.com
        &["the domain ", " is blacklisted"],
        &["the email ", " is blacklisted"],
        &["the ip", " is blacklisted"],
        &[
            "veuillez essayer plus tard. service refused, please try later. ",
            "103",
        ],
        &[
            "veuillez essayer plus tard. service refused, please try later. ",
            "510",
        ],
        &["your access ip", " has been rejected"],
        &["your sender's ip address is listed at ", ".abuseat.org"],
    ],
    isnot: NONE,
};

#[rustfmt::skip]
const CONTENTERROR: Patterns = Patterns {
    index: &[
        "duplicate header",
        "header size exceeds maximum permitted",
        "improper use of 8-bit data in message header",
        "message header size, or recipient list, exceeds policy limit",
        "message mime complexity exceeds the policy maximum",
        "routing loop detected -- too many received: headers",
        "this message contain invalid mime headers",
        "this message contain improperly-formatted binary content",
        "this message contain text that uses unnecessary base64 encoding",
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const EXCEEDLIMIT: Patterns = Patterns {
    index: &["message header size exceeds limit", "message too large"],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const EXPIRED: Patterns = Patterns {
    index: &[
        "connection timed out",
        "could not find a gateway for",
        "delivery attempts will continue to be",
        "delivery expired",
        "delivery time expired",
        "failed to deliver to domain ",
        "giving up on",
        "have been failing for a long time",
        "has been delayed",
        "it has not been collected after",
        "message expired after sitting in queue for",
        "message expired, cannot connect to remote server",
        "message expired, connection refulsed",
        "message timed out",
        "retry time not reached for any host after a long failure period",
        "server did not respond",
        "this message has been in the queue too long",
        "unable to deliver message after multiple retries",
        "was not reachable within the allowed queue period",
        "your message could not be delivered for more than",
    ],
    pairs: &[&["could not be delivered for", " days"]],
    isnot: NONE,
};

#[rustfmt::skip]
const FAILEDSTARTTLS: Patterns = Patterns {
    index: &[
        "starttls is required to send mail",
        "tls required but not supported", // SendGrid
        // Postfix's own words when its TLS policy cannot be met
        "tls is required, but was not offered",
        "refused to start tls", // "TLS is required, but host mx[…] refused to start TLS: 454 …"
        "cannot start tls", // "Cannot start TLS: handshake failure"
        "tls connect failed", // qmail's TLS patch ("TLS_connect_failed: …", underscores read as spaces)
        "starttls failed",
        "tls handshake failed", // Sendmail's own "403 4.7.0 TLS handshake failed."
        "tls 1.0 and 1.1 are not supported", // Exchange Online's 421 4.7.66
        "server certificate not trusted",
        "server certificate not verified",
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const FILTERED: Patterns = Patterns {
    index: &[
        "account is protected by",
        "bounced address", // SendGrid: a message to an address has previously been bounced
        "has restricted sms e-mail", // AT&T
        "is not accepting any mail",
        "message filtered",
        "message rejected due to user rules",
        "not found recipient account",
        "recipient id refuse to receive mail", // Willcom
        "recipient is only accepting mail from specific email addresses", // AOL Phoenix
        "refused due to recipient preferences", // Facebook
        "user not found",                      // Filter on MAIL.RU
        "user refuses to receive this mail",
        "user reject",
        "you have been blocked by the recipient",
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const HASMOVED: Patterns = Patterns {
    index: &[
        " has been replaced by ",
        // RFC 5321's 551 reply: "User not local; please try <forward-path>".
        "user not local; please try",
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const HOSTUNKNOWN: Patterns = Patterns {
    index: &[
        "domain does not exist",
        "domain is not reachable",
        "domain must exist",
        "host or domain name not found",
        "host unknown",
        "host unreachable",
        "mail domain mentioned in email address is unknown",
        "name or service not known",
        "no such domain",
        "recipient address rejected: unknown domain name",
        "recipient domain must exist",
        "the account or domain may not exist",
        "unknown host",
        "unroutable address",
        "unrouteable address",
        "no mx records were found", // SmarterMail
        "there are no dns entries for the hostname", // Apache James
        // Exchange Online: "550 5.4.310 DNS domain shop.example does not exist
        // [Message=InfoDomainNonexistent]"
        "infodomainnonexistent",
    ],
    pairs: &[&["553 ", " does not exist"], &["dns domain ", " does not exist"]],
    // Postfix's temporary DNS failure ("Host or domain name not found. … Host not found, try
    // again"): the name server failed, the domain may well exist (NETWORKERROR has it).
    isnot: &["host not found, try again"],
};

#[rustfmt::skip]
const MAILBOXFULL: Patterns = Patterns {
    index: &[
        "452 insufficient disk space",
        "account disabled temporarly for exceeding receiving limits",
        "boite du destinataire pleine",
        "exceeded storage allocation",
        "full mailbox",
        "mailbox exceeds allowed size",
        "mailbox size limit exceeded",
        "mailbox would exceed maximum allowed storage",
        "mailfolder is full",
        "no space left on device",
        "not sufficient disk space",
        "quota violation for",
        "too much mail data", // @docomo.ne.jp
        "user has exceeded quota, bouncing mail",
        "user has too many messages on the server",
        "user's space has been used up",
    ],
    pairs: &[
        &["account is ", " quota"],
        &["disk", "quota"],
        &["enough ", " space"],
        &["mailbox ", "exceeded", " limit"],
        &["mailbox ", "full"],
        &["mailbox ", "quota"],
        &["maildir ", "quota"],
        &["over ", "quota"],
        &["quota ", "exceeded"],
    ],
    isnot: NONE,
};

#[rustfmt::skip]
const MAILERERROR: Patterns = Patterns {
    index: &[
        " || exit ",
        "procmail: ",
        "bin/procmail",
        "bin/maidrop",
        "command failed: ",
        "command died with status ",
        "command output:",
        "mailer error",
        "pipe to |/",
        "x-unix; ",
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const MESGTOOBIG: Patterns = Patterns {
    index: &[
        "exceeded maximum inbound message size",
        "exceeded the maximum incoming message size",
        "line limit exceeded",
        "max message size exceeded",
        "message file too big",
        "message length exceeds administrative limit",
        "message size exceeds fixed limit",
        "message size exceeds fixed maximum message size",
        "message size exceeds maximum value",
        // Exim's `message_size_limit` refusal ("552 Message size exceeds maximum permitted")
        "message size exceeds maximum permitted",
        "message too big",
        "message too large for this ",
        "size limit",
        "taille limite du message atteinte",
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const NETWORKERROR: Patterns = Patterns {
    index: &[
        "could not connect and send the mail to",
        "dns records for the destination computer could not be found",
        "hop count exceeded - possible mail loop",
        "host is unreachable",
        "dns query failed", // Exchange: "451 4.4.0 DNS query failed. The error was: …"
        "host map: lookup (", // Sendmail: "host map: lookup (example.org): deferred"
        "host name lookup failure",
        "host not found, try again",
        "lost connection with ", // Postfix: "lost connection with mx[…] while sending …"
        "mail forwarding loop for ",
        "malformed name server reply",
        "malformed or unexpected name server reply",
        "maximum forwarding loop count exceeded",
        "message looping",
        "message probably in a routing loop",
        "no route to host",
        "too many hops",
        "unable to resolve route ",
        "unrouteable mail domain",
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const NORELAYING: Patterns = Patterns {
    index: &[
        "as a relay",
        "email address is not verified.",
        "insecure mail relay",
        "is not permitted to relay through this server without authentication",
        "mail server requires authentication when attempting to send to a non-local e-mail address", // MailEnable
        "no relaying",
        "not a gateway",
        "not allowed to relay through this machine",
        "not an open relay, so get lost",
        "not local host",
        "relay access denied",
        "relay denied",
        "relay not permitted",
        "relaying denied", // Sendmail
        "relaying mail to ",
        "specified domain is not allowed",
        "that domain isn't in my list of allowed rcpthost",
        "this system is not configured to relay mail",
        "unable to relay ",
        "we don't handle mail for",
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const NOTACCEPT: Patterns = Patterns {
    index: &[
        "does not accept mail (nullmx)",
        "host/domain does not accept mail", // iCloud
        "host does not accept mail",        // Sendmail
        "mail receiving disabled",
        "name server: .: host not found", // Sendmail
        "no mx record found for domain=", // Oath(Yahoo!)
        "no route for current request",
        "smtp protocol returned a permanent error",
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const NOTCOMPLIANTRFC: Patterns = Patterns {
    index: &[
        "duplicate header",
        "this message is not rfc 5322 compliant",
        "https://support.google.com/mail/?p=rfcmessagenoncompliant",
    ],
    pairs: &[&[" multiple ", " header"]],
    isnot: NONE,
};

#[rustfmt::skip]
const POLICYVIOLATION: Patterns = Patterns {
    index: &[
        "an illegal attachment on your message",
        "because the recipient is not accepting mail with ", // AOL Phoenix
        "by non-member to a members-only list",
        "closed mailing list",
        "denied by policy",
        "email not accepted for policy reasons",
        // http://kb.mimecast.com/Mimecast_Knowledge_Base/Administration_Console/Monitoring/Mimecast_SMTP_Error_Codes#554
        "email rejected due to security policies",
        "header are not accepted",
        "header error",
        "local policy violation",
        "message bounced due to organizational settings",
        "message given low priority",
        "message not accepted for policy reasons",
        "message rejected due to local policy",
        "messages with multiple addresses",
        "rejected for policy reasons",
        "protocol violation",
        "the email address used to send your message is not subscribed to this group",
        "the message was rejected by organization policy",
        "this message was blocked because its content presents a potential",
        "we do not accept messages containing images or other attachments",
        "you're using a mass mailer",
    ],
    pairs: &[&[
        "you have exceeded the",
        "allowable number of posts without solving a captcha",
    ]],
    isnot: NONE,
};

#[rustfmt::skip]
const REJECTED: Patterns = Patterns {
    index: &[
        "access denied (in reply to mail from command)",
        "access denied (sender blacklisted)",
        "address rejected",
        "administrative prohibition",
        "batv failed to verify",   // SonicWall
        "mailfrom domain is listed in spamhaus", // Outlook.com S8002
        "batv validation failure", // SonicWall
        "backscatter protection detected an invalid or expired email address", // MDaemon
        "because the sender isn't on the recipient's list of senders to accept mail from",
        "bogus mail from", // IMail - block empty sender
        "can't determine purported responsible address",
        "connections not accepted from servers without a valid sender domain",
        "denied [bouncedeny]", // McAfee
        "denied by secumail valid-address-filter",
        "delivery not authorized, message refused",
        "does not exist e2110",
        "domain of sender address ",
        "email address is on senderfilterconfig list",
        "emetteur invalide",
        "empty envelope senders not allowed",
        "envelope blocked - ",
        "error: no third-party dsns", // SpamWall - block empty sender
        "from: domain is invalid. please provide a valid from:",
        "fully qualified email address required", // McAfee
        "invalid domain, see <url:",
        "invalid sender",
        "is not a registered gateway user",
        "mail from not owned by user",
        "message rejected: email address is not verified",
        "mx records for ",
        "null sender is not allowed",
        "recipient addresses rejected : access denied",
        "recipient not accepted. (batv: no tag",
        "returned mail not accepted here",
        "rfc 1035 violation: recursive cname records for",
        "rule imposed mailbox access for", // MailMarshal
        "sending this from a different address or alias using the ",
        "sender address has been blacklisted",
        "sender email address rejected",
        "sender is in my black list",
        "sender is spammer",
        "sender not pre-approved",
        "sender rejected",
        "sender domain is empty",
        "sender verify failed",   // Exim callout
        "sender was rejected",    // qmail
        "spam reporting address", // SendGrid: previously marked as spam by the recipient
        "syntax error: empty email address",
        "the message has been rejected by batv defense",
        "this server does not accept mail from",
        "transaction failed unsigned dsn for",
        "unroutable sender address",
        "you are not allowed to post to this mailing list",
        "you are sending to/from an address that has been blacklisted",
        "your access to submit messages to this e-mail system has been rejected",
        "your email address has been blacklisted", // MessageLabs
    ],
    pairs: NO_PAIRS,
    isnot: &[
        "5.1.0 address rejected",
        "recipient address rejected",
        "sender ip address rejected",
    ],
};

#[rustfmt::skip]
const REQUIREPTR: Patterns = Patterns {
    index: &[
        "access denied. ip name lookup failed",
        "all mail servers must have a ptr record with a valid reverse dns entry",
        "bad dns ptr resource record",
        "invalid dns ptr resource record", // GMX
        "cannot find your hostname",
        // Exchange Online, 2014: "554 5.7.1 Service unavailable, sending IPv6 address [2001:db8::1]
        // must have reverse DNS record"
        "must have reverse dns record",
        "cannot resolve your address.",
        "client host rejected: cannot find your hostname", // Yahoo!
        // Postfix's reject_unknown_reverse_client_hostname (smtpd_check.c)
        "client host rejected: cannot find your reverse hostname",
        "fix reverse dns for ",
        "ips with missing ptr records",
        "no ptr record found.",
        "please get a custom reverse dns name from your isp for your host",
        "ptr record setup",
        "reverse dns failed",
        "reverse dns required",
        "sender ip reverse lookup rejected",
        "the ip address sending this message does not have a ptr record setup", // Google
        "the corresponding forward dns entry does not point to the sending ip", // Google
        "this system will not accept messages from servers/devices with no reverse dns",
        "unresolvable relay host name",
        "we do not accept mail from hosts with dynamic ip or generic dns ptr-records",
    ],
    pairs: &[
        &["domain ", " mismatches client ip"],
        &["dns lookup failure: ", " try again later"],
        &["reverse dns lookup for host ", " failed permanently"],
        &[
            "server access ",
            " forbidden by invalid rdns record of your mail server",
        ],
        &["service permits ", " unverifyable sending ips"],
    ],
    isnot: NONE,
};

#[rustfmt::skip]
const SECURITYERROR: Patterns = Patterns {
    index: &[
        "account not subscribed to ses",
        "authentication credentials invalid",
        "authentication failure",
        "authentication required",
        "authentication turned on in your email client",
        "executable files are not allowed in compressed files",
        "insecure mail relay",
        "recipient address rejected: access denied",
        "sorry, you don't authenticate or the domain isn't in my list of allowed rcpthosts",
        "unauthenticated senders not allowed",
        "verification failure",
        "you are not authorized to send mail, authentication is required",
    ],
    pairs: &[
        &["authentication failed; server ", " said: "], // Postfix
        &["authentification invalide", "305"],
        &["authentification requise", "402"],
        &["domain ", " is a dead domain"],
        &[
            "user ",
            " is not authorized to perform ses:sendrawemail on resource",
        ],
    ],
    isnot: NONE,
};

#[rustfmt::skip]
const SPAMDETECTED: Patterns = Patterns {
    index: &[
        " - spam",
        "//www.spamhaus.org/help/help_spam_16.htm",
        "//dsbl.org/help/help_spam_16.htm",
        "//mail.163.com/help/help_spam_16.htm",
        "554 5.7.0 reject, id=",
        "appears to be unsolicited",
        "blacklisted url in message",
        "block for spam",
        "blocked by policy: no spam please",
        "blocked by spamassassin", // rejected by SpamAssassin
        "blocked for abuse. see http://att.net/blocks", // AT&T
        "cannot be forwarded because it was detected as spam",
        "considered unsolicited bulk e-mail (spam) by our mail filters",
        "content filter rejection",
        "cyberoam anti spam engine has identified this email as a bulk email",
        "denied due to spam list",
        "high probability of spam",
        "is classified as spam and is rejected",
        "listed in work.drbl.imedia.ru",
        "the mail server detected your message as spam and has prevented delivery.", // cPanel/Exim with SA
        "mail appears to be unsolicited",
        "mail content denied", // http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726
        "may consider spam",
        "message considered as spam or virus",
        "message contains spam or virus",
        "message content rejected",
        "message detected as spam",
        "message filtered",
        "message filtered. please see the faqs section on spam",
        "message filtered. refer to the troubleshooting page at ",
        "message looks like spam",
        "message is being rejected as it seems to be a spam",
        "message refused by mailmarshal spamprofiler",
        "message refused by trustwave seg spamprofiler",
        "message rejected as spam",
        "message rejected because of unacceptable content",
        "message rejected due to suspected spam content",
        "message rejected for policy reasons",
        "message was rejected for possible spam/virus content",
        "our email server thinks this email is spam",
        "our system has detected that this message is ",
        "probable spam",
        "rejected under suspicion of spam", // Yandex: "554 5.7.1 [2] Message rejected under suspicion of SPAM"
        "reject bulk.advertising",
        "rejected: spamassassin score ",
        "rejected - bulk email",
        "rejecting banned content",
        "rejecting mail content",
        "related to content with spam-like characteristics",
        "sender domain listed at ",
        "sending address not accepted due to spam filter",
        "spam blocked",
        "spam check",
        "spam content matched",
        "spam detected",
        "spam email",
        "spam email not accepted",
        "spam message rejected", // mail.ru ("… rejected."), Rspamd
        "spam not accepted",
        "spam refused",
        "spam rejection",
        "spam score ",
        "spambouncer identified spam", // SpamBouncer identified SPAM
        "spamming not allowed",
        "too many spam complaints",
        "too much spam.", // Earthlink
        "the email message was detected as spam",
        "the message has been rejected by spam filtering engine",
        "the message was rejected due to classification as bulk mail",
        "the content of this message looked like spam", // SendGrid
        "this message appears to be spam",
        "this message has been identified as spam",
        "this message has been scored as spam with a probability",
        "this message was classified as spam",
        "this message was rejected by recurrent pattern detection system",
        "transaction failed spam message not queued", // SendGrid
        "we dont accept spam",
        "your email appears similar to spam we have received before",
        "your email breaches local uribl policy",
        "your email had spam-like ",
        "your email is considered spam",
        "your email is probably spam",
        "your email was detected as spam",
        "your message as spam and has prevented delivery",
        "your message has been temporarily blocked by our filter",
        "your message has been rejected because it appears to be spam",
        "your message has triggered a spam block",
        "your message may contain the spam contents",
        "your message failed several antispam checks",
    ],
    pairs: &[
        &["greylisted", " please try again in"],
        &["mail score (", " over "],
        &["mail rejete. mail rejected. ", "506"],
        &[
            "our filters rate at and above ",
            " percent probability of being spam",
        ],
        &["rejected by ", " (spam)"],
        &["rejected due to spam ", "classification"],
        &["rejected due to spam ", "content"],
        &["rule imposed as ", " is blacklisted on"],
        &["spam ", " exceeded"],
        &["this message scored ", " spam points"],
    ],
    isnot: NONE,
};

#[rustfmt::skip]
const SPEEDING: Patterns = Patterns {
    index: &[
        "mail sent from your ip address has been temporarily rate limited",
        "please try again slower",
        "receiving mail at a rate that prevents additional messages from being delivered",
        // Gmail's own notice to a sender over its sending limits ("You have reached a limit
        // for sending mail. Your message was not sent.")
        "you have reached a limit for sending mail",
        // Comcast's "421 4.1.0 192.0.2.1 Throttled - try again later. Please see
        // https://postmaster.comcast.net/smtp-error-codes.php#RL000003"
        "throttled - try again later",
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const SUSPEND: Patterns = Patterns {
    index: &[
        " is currently suspended",
        " temporary locked",
        "archived recipient",
        "boite du destinataire archivee",
        "email account that you tried to reach is disabled",
        "has been suspended",
        "inactive account",
        "invalid/inactive user",
        "is a deactivated mailbox", // http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000742
        "is unavailable: user is terminated",
        "is unavailable: account is disabled", // mail.ru (Exim's local_scan)
        "mailbox currently suspended",
        "mailbox disabled",
        "mailbox is frozen",
        "mailbox unavailable or access denied",
        "recipient rejected: temporarily inactive",
        "recipient suspend the service",
        "the email account that you tried to reach is inactive",
        "this account has been disabled or discontinued",
        "this account has been temporarily suspended",
        "this address no longer accepts mail",
        "this mailbox is disabled",
        "user or domain is disabled",
        "user suspended", // http://mail.163.com/help/help_spam_16.htm
        "vdelivermail: account is locked email bounced",
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const SYSTEMERROR: Patterns = Patterns {
    index: &[
        "aliasing/forwarding loop broken",
        "can't create user output file",
        "could not load drd for domain",
        "internal error reading data",                      // Microsoft
        "internal server error: operation now in progress", // Microsoft
        "interrupted system call",
        "it encountered an error while being processed",
        "it would create a mail loop",
        "local configuration error",
        "local error in processing",
        "loop was found in the mail exchanger",
        "loops back to myself",
        "mail system configuration error",
        "queue file write error",
        "recipient deferred because there is no mdb",
        "remote server is misconfigured",
        "server configuration error",
        "service currently unavailable",
        "system config error",
        "temporary local problem",
        "timeout waiting for input",
        "transaction failed ",
    ],
    pairs: &[&["unable to connect ", "daemon"]],
    isnot: NONE,
};

#[rustfmt::skip]
const SYSTEMFULL: Patterns = Patterns {
    index: &[
        "mail system full",
        "requested mail action aborted: exceeded storage allocation", // MS Exchange
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const TOOMANYCONN: Patterns = Patterns {
    index: &[
        "all available ips are at maximum connection limit", // SendGrid
        "connection rate limit exceeded",
        "exceeds per-domain connection limit for",
        "has exceeded the max emails per hour ",
        "throttling failure: daily message quota exceeded",
        "throttling failure: maximum sending rate exceeded",
        "too many connections",
        "too many connections from your host.", // Microsoft
        "too many concurrent smtp connections", // Microsoft
        "too many errors from your ip",         // Free.fr
        "too many recipients",                  // NTT docomo
        "too many smtp sessions for this host", // Sendmail(daemon.c)
        "trop de connexions, ",
        "we have already made numerous attempts to deliver this message",
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const USERUNKNOWN: Patterns = Patterns {
    index: &[
        "#5.1.1 bad address",
        "550 address invalid",
        "5.1.0 address rejected.",
        "address does not exist",
        "address not present in directory",
        "address unknown",
        "can't accept user",
        "does not exist.",
        "destination addresses were unknown",
        "destination server rejected recipients",
        "email address does not exist",
        "email address could not be found",
        "invalid address",
        "invalid mailbox",
        "invalid mailbox path",
        "invalid recipient",
        "is not a known user",
        "is not a valid mailbox",
        "is not an active address at this host",
        "mailbox does not exist",
        "mailbox invalid",
        "mailbox is inactive",
        "mailbox is unavailable",
        "mailbox not present",
        "mailbox not found",
        "mailbox unavaiable",
        "nessun utente simile in questo indirizzo",
        "no account by that name here",
        "no existe dicha persona",
        "no existe ese usuario ",
        "no mail box available for this user",
        "no mailbox by that name is currently available",
        "no mailbox found",
        "no such address here",
        "no such mailbox",
        "no such person at this address",
        "no such recipient",
        "no such user",
        "no thank you rejected: account unavailable",
        "no valid recipients, bye",
        "not a valid recipient",
        "not a valid user here",
        "not a local address",
        "not email addresses",
        "recipient address rejected. (in reply to rcpt to command)",
        // (the same reply once the parser has taken "(in reply to RCPT TO command)" off it)
        "recipient address rejected. ",
        "recipient address rejected: access denied",
        "recipient address rejected: invalid user",
        "recipient address rejected: invalid-recipient",
        "recipient address rejected: unknown user",
        "recipient address rejected: userunknown",
        "recipient does not exist",
        "recipient is not accepted",
        "recipient is not local",
        "recipient not exist",
        "recipient not found",
        "recipient not ok",
        "recipient refuses to accept your mail",
        "recipient unknown",
        "requested action not taken: mailbox unavailable",
        "resolver.adr.recipient notfound",
        "sorry, user unknown",
        "sorry, badrcptto",
        "sorry, no mailbox here by that name",
        "sorry, your envelope recipient has been denied",
        "that domain or user isn't in my list of allowed rcpthosts",
        "the email account that you tried to reach does not exist",
        "the following recipients was undeliverable",
        "the user's email name is not found",
        "there is no one at this address",
        "this address no longer accepts mail",
        "this email address is wrong or no longer valid",
        "this recipient is in my badrecipientto list",
        "this recipient is not in my validrcptto list",
        "this spectator does not exist",
        "unknown mailbox",
        "unknown recipient",
        "unknown user",
        "user does not exist",
        "user missing home directory",
        "user not active",
        "user not exist",
        "user not found",
        "user not known",
        "user unknown",
        "utilisateur inconnu !",
        "vdeliver: invalid or unknown virtual user",
        "weil die adresse nicht gefunden wurde oder keine e-mails empfangen kann",
        "your envelope recipient is in my badrcptto list",
    ],
    pairs: &[
        &["<", "> not found"],
        &["<", ">... blocked by "],
        &["account ", " does not exist at the organization"],
        &[
            "adresse d au moins un destinataire invalide. invalid recipient.",
            "416",
        ],
        &[
            "adresse d au moins un destinataire invalide. invalid recipient.",
            "418",
        ],
        &["bad", "recipient"],
        &["mailbox ", "does not exist"],
        &["mailbox ", "unavailable or access denied"],
        &["no ", " in name directory"],
        &["non", "existent user"],
        &["rcpt <", " does not exist"],
        &["rcpt (", "t exist "],
        &["recipient ", " was not found in"],
        &["recipient address rejected: user ", "  does not exist"],
        &["recipient address rejected: user unknown in ", "  table"],
        &["said: 550", "5.1.1 ", " user unknown "],
        &["this user doesn't have a ", " account"],
        &["unknown e", "mail address"],
        &["unknown local", "part"],
        &["user ", " was not found"],
        &["user ", " does not exist"],
        &["user (", ") unknown"],
    ],
    isnot: NONE,
};

#[rustfmt::skip]
const VACATION: Patterns = Patterns {
    index: &[
        "i am away on vacation",
        "i am away until",
        "i am out of the office",
        "i will be traveling for work on",
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[rustfmt::skip]
const VIRUSDETECTED: Patterns = Patterns {
    index: &[
        "it has a potentially executable attachment",
        // Exim's malware ACL as its documentation writes it ("This message contains a virus
        // ($malware_name)") and as ClamAV setups often word it
        "this message contains a virus",
        "this message contains malware",
        "the message was rejected because it contains prohibited virus or spam content",
        "this form of attachment has been used by recent viruses or other malware",
        "virus detected",
        "virus phishing/malicious_url detected",
        "your message was infected with a virus",
    ],
    pairs: NO_PAIRS,
    isnot: NONE,
};

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn facts(status: &str, reply: Option<u16>, command: Option<&str>, text: &str) -> Facts {
        Facts {
            status: (!status.is_empty()).then(|| status.to_string()),
            reply_code: reply,
            smtp_command: command.map(str::to_string),
            diagnostic: Some(text.to_string()),
            ..Facts::default()
        }
    }

    #[test]
    fn status_codes_and_phrases() {
        assert_eq!(
            classify(&facts(
                "5.1.1",
                Some(550),
                Some("RCPT"),
                "550 5.1.1 User unknown"
            )),
            Reason::Userunknown
        );
        assert_eq!(
            classify(&facts("5.2.2", Some(552), None, "Mailbox full")),
            Reason::Mailboxfull
        );
        assert_eq!(
            classify(&facts(
                "5.0.0",
                Some(554),
                Some("RCPT"),
                "Relay access denied"
            )),
            Reason::Norelaying
        );
        assert_eq!(
            classify(&facts(
                "5.7.1",
                Some(554),
                None,
                "Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org"
            )),
            Reason::Blocked
        );
        assert_eq!(
            classify(&facts("5.7.1", Some(550), None, "rejected")),
            Reason::Securityerror
        );
        assert_eq!(classify(&facts("", None, None, "")), Reason::Undefined);
        assert_eq!(
            classify(&facts("", None, None, "something odd")),
            Reason::Onhold
        );
    }

    #[test]
    fn mta_own_words_without_a_command() {
        // Courier's "No such domain." (its DSN says `Diagnostic-Code: unknown; …`).
        let mut f = facts("5.0.0", None, None, "No such domain.");
        f.diagnostic_type = Some("unknown".into());
        assert_eq!(classify(&f), Reason::Hostunknown);
        // Trend Micro InterScan's notice.
        let f = facts(
            "",
            None,
            None,
            "Unable to deliver message to <a@b.example> (and other recipients in the same domain). Please check if address is correct.",
        );
        assert_eq!(classify(&f), Reason::Userunknown);
        // Postfix's text without its "(in reply to RCPT TO command)": the command is known.
        let f = facts(
            "5.0.0",
            Some(550),
            Some("RCPT"),
            "550 <a@b.example>: Recipient address rejected.",
        );
        assert_eq!(classify(&f), Reason::Userunknown);
    }

    #[test]
    fn hints() {
        let mut f = facts("", None, None, "I am out of the office");
        f.reason_hint = Some(Reason::Vacation);
        assert_eq!(classify(&f), Reason::Vacation);
        let mut f = facts("5.1.1", None, Some("RCPT"), "user unknown");
        f.reason_hint = Some(Reason::Expired);
        assert_eq!(classify(&f), Reason::Userunknown);
    }

    #[test]
    fn hard_bounces() {
        assert!(hard_bounce(
            Reason::Userunknown,
            Some(550),
            Some("5.1.1"),
            None
        ));
        // Sisimai: the address is bad whatever the class of the code.
        assert!(hard_bounce(
            Reason::Userunknown,
            Some(450),
            Some("4.1.1"),
            None
        ));
        assert!(hard_bounce(
            Reason::Notaccept,
            None,
            None,
            Some("no mx record found")
        ));
        assert!(!hard_bounce(Reason::Notaccept, None, Some("4.0.0"), None));
        assert!(!hard_bounce(
            Reason::Mailboxfull,
            Some(552),
            Some("5.2.2"),
            None
        ));
    }

    /// Sisimai's own examples for each reason's phrase table (go-sisimai
    /// `reason/02-includedin_test.go`, BSD-2-Clause).
    #[test]
    fn sisimai_phrase_examples() {
        const CASES: &[(&str, &str)] = &[
        ("authfailure", "550 5.1.0 192.0.2.222 is not allowed to send from <example.net> per it's SPF Record"),
        ("authfailure", "Unauthenticated email from libsisimai.org is not accepted due to domain's DMARC policy"),
        ("badreputation", "451 4.7.650 The mail server [192.0.2.2] has been temporarily rate limited due to IP reputation."),
        ("badreputation", "550 Connections from mx.example.jp (192.0.2.2) are being rejected due to a poor email reputation score."),
        ("badreputation", "421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints"),
        ("blocked", "550 Access from ip address 192.0.2.1 blocked."),
        ("blocked", "Remote host said: 554 INVALID IP FOR SENDING MAIL OF DOMAIN amazonses.com [RCPT_TO]"),
        ("blocked", "551 Server access forbidden by your IP 192.0.2.2 websites spamcop.net, mailspike.net for removal"),
        ("blocked", "blocked using dnsbl.sorbs.net Please see http://support.mailhostbox.com/email-administrators-guide-error-codes/"),
        ("contenterror", "550 5.6.0 the headers in this message contain improperly-formatted binary content"),
        ("exceedlimit", "5.2.3 Message too large"),
        ("exceedlimit", "permanent failure 5.3.0 - Other mail system problem #5.3.4 message header size exceeds limit"),
        ("expired", "421 4.4.7 Delivery time expired"),
        ("expired", "Delivery to the following recipient has been delayed: Message will be retried for 2 more day(s)"),
        ("failedstarttls", "538 5.7.10 STARTTLS is required to send mail"),
        ("filtered", "550 5.1.2 User reject"),
        ("filtered", "You have been blocked by the recipient"),
        ("hasmoved", "550 5.1.6 address neko@cat.cat has been replaced by neko@example.jp"),
        ("hostunknown", "550 5.2.1 Host Unknown"),
        ("hostunknown", "kijitora@neko.example.jp: Domain does not exist"),
        ("hostunknown", "554 The mail could not be delivered to the recipient because the domain is not reachable."),
        ("hostunknown", "550 5.1.7 No such domain neko.example.com"),
        ("mailboxfull", "450 4.2.2 Mailbox full"),
        ("mailboxfull", "452 Insufficient disk space; try again later"),
        ("mailboxfull", "5.2.2 <pseudo-local-part-of-apple-icloud-mail@icloud.com>: user is over quota (in reply to RCPT TO)"),
        ("mailboxfull", "550 5.2.2 <kijitora@example.co.jp>... Mailbox Full"),
        ("mailboxfull", "save to /mail/spool/q002.kijitora.gol.com/gol.com/22r/cat/n2.nyaan mailbox is full: retry timeout exceeded"),
        ("mailererror", "X-Unix; 255"),
        ("mailererror", "554 \"|IFS=' ' && exec /usr/local/bin/procmail -f- || exit 75 #kijitora\"... Service unavailable"),
        ("mailererror", "pipe to |/usr/local/neko/bin/cat kijitora@example.com /home/neko/.cat"),
        ("mesgtoobig", "400 4.2.3 Message too big"),
        ("mesgtoobig", "#550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient ##"),
        ("mesgtoobig", "552 5.2.3 Message size exceeds fixed maximum message size (10485760)"),
        ("networkerror", "554 5.4.6 Too many hops"),
        ("networkerror", "554 5.4.6 Hop count exceeded - possible mail loop"),
        ("networkerror", "neko.example.com[192.0.2.2]:25: No route to host"),
        ("networkerror", "Error transferring to neko22.example.org; Maximum hop count exceeded. Message probably in a routing loop."),
        ("norelaying", "550 5.0.0 Relaying Denied"),
        ("norelaying", "550 relay not permitted"),
        ("norelaying", "550 5.7.1 Unable to relay for neko@example.com"),
        ("notaccept", "556 SMTP protocol returned a permanent error"),
        ("notaccept", "550 5.1.2 <nekochan@libsisimai.org>... Host unknown (Name server: .: host not found)"),
        ("notcompliantrfc", "550 5.7.1 This message is not RFC 5322 compliant. There are multiple Subject headers."),
        ("notcompliantrfc", "There are multiple Subject headers. Please visit https://support.google.com/mail/?p=RfcMessageNonCompliant"),
        ("notcompliantrfc", "554 Transaction failed: Duplicate header 'DKIM-Signature'. (in reply to end of DATA command)"),
        ("policyviolation", "570 5.7.7 Email not accepted for policy reasons"),
        ("policyviolation", "550 Denied by policy"),
        ("policyviolation", "554 email rejected due to security policies - MCSpamSignature.sa.2.2 (in reply to end of DATA command)"),
        ("rejected", "550 5.1.8 Domain of sender address example.org does not exist"),
        ("rejected", "5.7.1 Access denied (in reply to MAIL FROM command)"),
        ("requireptr", "550 5.7.25 [192.0.2.25] The IP address sending this message does not have a PTR record setup"),
        ("requireptr", "571 No PTR Record found. Reverse DNS required:"),
        ("requireptr", "550 5.7.1 Connections not accepted from servers without a valid sender domain. Fix reverse DNS for 203.0.113.2"),
        ("securityerror", "570 5.7.0 Authentication failure"),
        ("securityerror", "#550 5.7.1 RESOLVER.RST.AuthRequired; authentication required ##rfc822;neko-nyaan@cat.example.jp"),
        ("spamdetected", "570 5.7.7 Spam Detected"),
        ("spamdetected", "554 5.7.1 Mail Score (59) over MessageScoringUpperLimit (50) - send error reports to postmaster@example.net"),
        ("spamdetected", "554 5.7.1 [2] Message rejected under suspicion of SPAM; https://ya.cc/1IrBc 1732702502-AbCdEf12"),
        ("speeding", "451 4.7.1 <smtp.example.jp[192.0.2.3]>: Client host rejected: Please try again slower"),
        ("suspend", "550 5.0.0 Recipient suspend the service"),
        ("suspend", "550 The domain meangel.net is currently suspended. Try later."),
        ("suspend", "550 5.7.1 <kijitora@example.com>: Recipient address rejected: User kijitora@example.com temporary locked. Please try again later!"),
        ("systemerror", "500 5.3.5 System config error"),
        ("systemerror", "554 5.3.5 Local configuration error"),
        ("systemerror", "X-Postfix; mail for example.jp loops back to myself"),
        ("systemfull", "550 5.0.0 Mail system full"),
        ("toomanyconn", "421 Too many connections"),
        ("toomanyconn", "452 4.3.2 Connection rate limit exceeded. (in reply to MAIL FROM command)"),
        ("userunknown", "550 5.1.1 Unknown User"),
        ("userunknown", "550 kijitora@example.com... No such user"),
        ("userunknown", "5.1.0 - Unknown address error 550-'No Such User Here\"' (delivery attempts: 0)"),
        ("userunknown", ": 550 5.1.1 <kijitora@example.jp>: Recipient address rejected: User unknown in local recipient table"),
        ("userunknown", "554 delivery error: dd This user doesn't have a yahoo.com account (this-local-part-does-not-exist@yahoo.com)"),
        ("userunknown", "procmail: Couldn't create \"/var/spool/mail/neko\" id: r.example.org: No such user"),
        ("vacation", "I am away on vacation until December 20th and will return email at that time"),
        ("vacation", "I am out of the office until 02/02/2018"),
        ("virusdetected", "550 5.7.9 The message was rejected because it contains prohibited virus or spam content"),
        ];
        let mut wrong = Vec::new();
        for (want, text) in CASES {
            let reason: Reason =
                serde_json::from_value(serde_json::Value::String(want.to_string())).unwrap();
            if !included_in(reason, &text.to_ascii_lowercase()) {
                wrong.push(format!("{want}: {text}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "phrases not matched:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn greylisting_is_a_deferral() {
        let grey = "451 4.7.1 Greylisting in action, please come back in 00:25:00";
        assert_eq!(
            classify(&facts("4.7.1", Some(451), Some("RCPT"), grey)),
            Reason::Expired
        );
        // (A permanent refusal that mentions greylisting is not one.)
        let hard = "550 5.7.1 Greylisting failed too often, blocked";
        assert_ne!(
            classify(&facts("5.7.1", Some(550), Some("RCPT"), hard)),
            Reason::Expired
        );
    }

    #[test]
    fn sisimai_find_rules() {
        // A local mailer's exit code: no probes, `mailererror`.
        let mut f = facts("5.0.0", None, None, "255");
        f.diagnostic_type = Some("X-UNIX".into());
        assert_eq!(classify(&f), Reason::Mailererror);
        // A refusal in the greeting is a block; a connection that got no reply is not.
        assert_eq!(
            classify(&facts(
                "5.7.1",
                Some(554),
                Some("CONN"),
                "554 5.7.1 [C14] Missing reverse DNS for 203.0.113.2"
            )),
            Reason::Blocked
        );
        // "Access denied" to MAIL FROM refuses the sender.
        assert_eq!(
            classify(&facts(
                "5.7.1",
                Some(550),
                Some("MAIL"),
                "550 5.7.1 <root@example.jp>... Access denied"
            )),
            Reason::Rejected
        );
        // A status code naming a final reason stands over phrases for other reasons.
        assert_eq!(
            classify(&facts("4.7.1", Some(451), None, "please try later")),
            Reason::Blocked
        );
        // Only a bounce's preamble: nothing to go on.
        assert_eq!(
            classify(&facts(
                "",
                None,
                None,
                "Delivery to the following recipients failed permanently:"
            )),
            Reason::Undefined
        );
        assert_eq!(
            by_powermta_category("bad-mailbox"),
            Some(Reason::Userunknown)
        );
    }

    #[test]
    fn local_agents() {
        let f = facts(
            "5.1.1",
            None,
            None,
            "procmail: Couldn't create \"/var/spool/mail/neko\"",
        );
        assert_eq!(by_local_agent(&f), Some(Reason::Mailererror));
        let f = facts(
            "5.5.0",
            Some(554),
            None,
            "mail.local: unknown user: kijitora",
        );
        assert_eq!(by_local_agent(&f), Some(Reason::Userunknown));
        let f = facts(
            "5.1.1",
            Some(550),
            None,
            "Your message to <neko> was automatically rejected: Not enough disk space",
        );
        assert_eq!(by_local_agent(&f), Some(Reason::Mailboxfull));
        // A remote's reply to RCPT is no local agent's word.
        let f = facts("5.1.1", Some(550), Some("RCPT"), "procmail: no such user");
        assert_eq!(by_local_agent(&f), None);
    }

    #[test]
    fn pairs_rule_out_only_absent_phrases() {
        let pairs = Pairs::of("mailbox is full");
        assert!(pairs.may_contain("box is"));
        assert!(pairs.may_contain("x"));
        assert!(!pairs.may_contain("quota"));
    }

    #[test]
    fn find_command_as_before() {
        // The padded-copy version it replaced.
        fn before(text: &str) -> Option<String> {
            let padded = format!(" {text} ");
            let bytes = padded.as_bytes();
            let mut found: Option<&str> = None;
            for word in COMMAND_WORDS {
                let Some(at) = text.find(word) else { continue };
                if !word.contains(' ') {
                    let before = bytes[at];
                    let after = bytes.get(at + 1 + word.len()).copied().unwrap_or(b' ');
                    if !stands_alone(before, after) {
                        continue;
                    }
                }
                found = Some(match &word[..4] {
                    "STAR" => "STARTTLS",
                    "XFOR" => "XFORWARD",
                    w => w,
                });
            }
            found.map(str::to_string)
        }
        let texts = [
            "",
            "DATA",
            "RCPT",
            "DATAX",
            "XDATA",
            "@DATA",
            "DATA@",
            "550 5.1.1 <a@b>... User unknown (in reply to RCPT TO command)",
            "in reply to end of DATA command",
            "MAIL FROM:<a@b> 550 rejected",
            "RCPTDATA QUIT",
            "helo HELO EHLO",
            "AUTH PLAIN failed; STARTTLS required",
            "é DATA é",
            "XFORWARD",
            "the data was rejected",
        ];
        for t in texts {
            assert_eq!(find_command(t), before(t), "{t:?}");
        }
    }

    #[test]
    fn mta_text_equals_the_plain_search() {
        let texts = [
            "",
            "mailbox is full",
            "sorry, i couldn't find any host named example.org",
            "msexch:ims:contoso 0 (000c05a6) unknown recipient",
            "dns lookup failure: host mx.example.org not found",
            "the group you tried to contact (x) may not exist, or you may not have permission to post",
            "your message was not delivered within 5 days and 2 hours",
            "non rxxpertoire dans l'annuaire domino",
            "ディレクトリのリストにありません",
            "nothing to see here",
        ];
        for t in texts {
            let plain = MTA_TEXTS
                .iter()
                .find(|(parts, _)| aligned(t, parts))
                .map(|&(_, r)| r);
            assert_eq!(mta_text(t), plain, "{t:?}");
        }
        for (parts, _) in MTA_TEXTS {
            assert!(!Pairs::plan(parts).is_empty(), "{parts:?}");
        }
    }

    /// Every reason with a phrase table ([`patterns`]), and two without.
    const TABLED: [Reason; 32] = [
        Reason::Authfailure,
        Reason::Badreputation,
        Reason::Blocked,
        Reason::Contenterror,
        Reason::Exceedlimit,
        Reason::Expired,
        Reason::Failedstarttls,
        Reason::Filtered,
        Reason::Hasmoved,
        Reason::Hostunknown,
        Reason::Mailboxfull,
        Reason::Mailererror,
        Reason::Mesgtoobig,
        Reason::Networkerror,
        Reason::Norelaying,
        Reason::Notaccept,
        Reason::Notcompliantrfc,
        Reason::Policyviolation,
        Reason::Rejected,
        Reason::Requireptr,
        Reason::Securityerror,
        Reason::Spamdetected,
        Reason::Speeding,
        Reason::Suspend,
        Reason::Systemerror,
        Reason::Systemfull,
        Reason::Toomanyconn,
        Reason::Userunknown,
        Reason::Vacation,
        Reason::Virusdetected,
        Reason::Delivered,
        Reason::Undefined,
    ];

    #[test]
    fn compiled_rarest_pairs_are_each_rows() {
        for r in TABLED {
            let p = patterns(r).unwrap_or(&NO_PATTERNS);
            let t = Rarest::of(r);
            let each = |ns: &[&str]| {
                ns.iter()
                    .map(|&n| Pairs::rarest(&[n]).unwrap())
                    .collect::<Vec<_>>()
            };
            assert_eq!(t.index, each(p.index), "{r:?}");
            assert_eq!(t.isnot, each(p.isnot), "{r:?}");
            let seqs: Vec<_> = p
                .pairs
                .iter()
                .map(|parts| Pairs::rarest(parts).unwrap())
                .collect();
            assert_eq!(t.pairs, seqs, "{r:?}");
        }
        assert_eq!(
            TABLED.iter().filter(|&&r| patterns(r).is_some()).count(),
            TABLED.len() - 2
        );
    }

    #[test]
    fn code_dash_as_format() {
        let mut buf = [0; 6];
        for c in 0..=u16::MAX {
            assert_eq!(code_dash(c, &mut buf), format!("{c}-"));
        }
    }

    #[test]
    fn plans_as_the_tuple_sort() {
        // The version it replaced.
        let before = |needles: &[&str]| -> Vec<u16> {
            let mut plan: Vec<(u32, u16)> = needles
                .iter()
                .flat_map(|n| n.as_bytes().windows(2))
                .map(|w| {
                    let bit = u16::try_from(Pairs::bit(w[0], w[1])).expect("15 bits");
                    (Pairs::frequency(w[0]) * Pairs::frequency(w[1]), bit)
                })
                .collect();
            plan.sort_unstable();
            plan.dedup();
            plan.into_iter().map(|(_, bit)| bit).collect()
        };
        let mut sets: Vec<Vec<&str>> = MTA_TEXTS.iter().map(|(p, _)| p.to_vec()).collect();
        for r in TABLED {
            let p = patterns(r).unwrap_or(&NO_PATTERNS);
            sets.extend(p.index.iter().chain(p.isnot).map(|&n| vec![n]));
            sets.extend(p.pairs.iter().map(|parts| parts.to_vec()));
        }
        sets.extend([
            vec![],
            vec![""],
            vec!["x"],
            vec!["\u{ff}\u{7f}é ディ", "~~ \t"],
        ]);
        for set in &sets {
            assert_eq!(Pairs::plan(set), before(set), "{set:?}");
        }
    }

    #[test]
    fn compiled_mta_plans_are_the_rows_plans() {
        for (i, (parts, _)) in MTA_TEXTS.iter().enumerate() {
            let plan = Pairs::plan(parts);
            assert_eq!(MTA_PLANS.plan(i), plan, "{parts:?}");
            assert_eq!(MTA_PLANS.rarest[i], plan[0], "{parts:?}");
        }
    }

    #[test]
    fn plans_hold_the_same_pairs() {
        let texts = [
            "",
            "mailbox is full",
            "sorry, i couldn't find any host named example.org",
            "msexch:ims:contoso 0 (000c05a6) unknown recipient",
            "qxz 0123 !?",
        ];
        for t in texts {
            let pairs = Pairs::of(t);
            for (parts, _) in MTA_TEXTS {
                assert_eq!(
                    pairs.has_all(&Pairs::plan(parts)),
                    parts.iter().all(|p| pairs.may_contain(p)),
                    "{t:?} {parts:?}"
                );
            }
        }
    }

    /// Texts built at random from `pieces` (with every kind of white space between them).
    pub(crate) fn random_texts(pieces: &[&str], n: usize) -> Vec<String> {
        let spaces = [
            " ", "  ", "\n", "\t", " \r\n ", "\u{a0}", "\u{2003}", "\u{b}", "",
        ];
        texts_from(pieces, n, &spaces)
    }

    /// `n` texts of up to 7 pieces picked at random (a fixed xorshift sequence), each followed
    /// by one of `between`.
    pub(crate) fn texts_from(pieces: &[&str], n: usize, between: &[&str]) -> Vec<String> {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut texts = Vec::new();
        for _ in 0..n {
            let mut t = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 8) {
                let r = seed.rotate_left(11 * k as u32) ^ k;
                t.push_str(pieces[(r % pieces.len() as u64) as usize]);
                t.push_str(between[((r >> 20) % between.len() as u64) as usize]);
            }
            texts.push(t);
        }
        texts
    }

    #[test]
    fn squashed_pairs_keep_every_needle() {
        let mut needles: Vec<&str> = LOCAL_AGENTS
            .iter()
            .flat_map(|(marks, _)| marks.iter().copied())
            .collect();
        needles.extend(["hello world", "a b", " x ", "250", "ab"]);
        for n in &needles {
            assert!(n.is_ascii() && n.to_ascii_lowercase() == *n, "{n:?}");
        }
        let mut pieces = needles.clone();
        pieces.extend([
            "Mail.Local:",
            "PROCMAIL:",
            "x",
            "hello",
            "World",
            "a",
            "b",
            "250",
            "é",
            "maildrop",
        ]);
        let mut seen = 0;
        for t in random_texts(&pieces, 20_000) {
            let lower = t.to_ascii_lowercase();
            let pairs = Pairs::of(&squash_lower(&t));
            for n in &needles {
                if lower.contains(n) {
                    seen += 1;
                    assert!(pairs.may_contain_squashed(n), "{t:?} {n:?}");
                }
            }
            // The gate before `by_local_agent`.
            let f = Facts {
                diagnostic: Some(t.clone()),
                ..Facts::default()
            };
            if by_local_agent(&f).is_some() {
                assert!(local_agent_may_match_squashed(&pairs), "{t:?}");
            }
        }
        assert!(seen > 1_000, "{seen}");
        // It does rule out.
        let pairs = Pairs::of(&squash_lower("Mail . local"));
        assert!(!pairs.may_contain_squashed("mail.local: "));
        assert!(!local_agent_may_match_squashed(&pairs));
    }

    #[test]
    fn reused_pair_tables_forget_earlier_texts() {
        // Sets alive at once, and tables reused (stamps wrapping too) after others were dropped.
        for round in 0..1_000 {
            let a = Pairs::of("over quota");
            let mut b = Pairs::of("mailbox is full");
            assert!(a.may_contain("quota") && !a.may_contain("mailbox"));
            assert!(b.may_contain("mailbox") && !b.may_contain("quota"));
            assert!(!b.may_contain("l!"));
            b.add(b'l', b'!');
            assert!(b.may_contain("ll!"));
            if round % 100 == 0 {
                let c = Pairs::of("");
                assert!(!c.may_contain("over") && c.may_contain("o"));
            }
        }
    }

    #[test]
    fn find_equals_str_find() {
        let texts = [
            "",
            "a",
            "ab",
            "aab",
            "mailbox is over the quota",
            "é quota é",
            "quota",
        ];
        let needles = [
            "",
            "a",
            "b",
            "ab",
            "quota",
            "é",
            " é",
            "mailbox is over the quota!",
        ];
        // Texts on both sides of `find::LONG_TEXT`.
        let long = [
            "x".repeat(crate::find::LONG_TEXT - 1),
            "é".repeat(crate::find::LONG_TEXT),
        ];
        let long: Vec<String> = long
            .iter()
            .flat_map(|pad| {
                [
                    format!("{pad}mailbox is over the quota"),
                    format!("mailbox is over the quota{pad}quota"),
                    format!("{pad}a"),
                ]
            })
            .collect();
        for t in texts.iter().copied().chain(long.iter().map(String::as_str)) {
            for n in needles {
                assert_eq!(find(t, n), t.find(n), "{t:?} {n:?}");
            }
        }
    }

    #[test]
    fn space_len_knows_every_white_space_char() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = format!("{c}x");
            let want = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(space_len(&s, 0), want, "{c:?}");
        }
    }

    #[test]
    fn squash_lower_equals_split_whitespace_join() {
        let texts = [
            "",
            " ",
            "  \t\r\n ",
            "550 5.1.1 User Unknown",
            "  550-5.7.1  Access\tDENIED\r\n550 5.7.1 more  ",
            "a\u{0b}b\u{0c}c\u{85}d\u{a0}e\u{3000}f\u{2028}g\u{200b}h",
            "Zustellung fehlgeschlagen: Empfänger UNBEKANNT \u{a0}",
            "ディレクトリのリストにありません\u{3000}ÄÖÜ",
            "\u{a0}\u{a0}x",
            "\u{1680}a\u{2000}b\u{200a}c\u{202f}d\u{205f}e\u{2029}\u{1681}\u{e000}\u{3001}",
            "x \u{85}",
            "a b",
            " a b ",
            "a  b",
            "a \nb c\td  e ",
            "\u{a0}a b\u{a0}",
            "a\u{a0} b",
            "é é  é\u{3000}",
        ];
        for t in texts {
            assert_eq!(
                squash_lower(t),
                t.to_ascii_lowercase()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                "{t:?}"
            );
        }
    }

    /// `Rarest`'s look-ups rule out exactly what `may_contain` rules out: a text's pairs never
    /// change whether a reason's phrases are included.
    #[test]
    fn included_with_pairs_is_included_without() {
        let all_reasons = || {
            MATCH_ORDER
                .iter()
                .copied()
                .chain([Reason::Suspend, Reason::Delivered])
        };
        let mut texts: Vec<String> = vec![
            String::new(),
            "x".into(),
            "550 5.1.1 user unknown".into(),
            "mailbox is over the quota".into(),
            "quota mailbox is".into(),
        ];
        for r in all_reasons() {
            let Some(p) = patterns(r) else { continue };
            for n in p
                .index
                .iter()
                .chain(p.isnot.iter())
                .chain(p.pairs.iter().copied().flatten())
            {
                assert_eq!(
                    Pairs::rarest(&[n]),
                    Pairs::plan(&[n]).first().copied(),
                    "{n:?}"
                );
                assert!(n.len() > 1, "{n:?}");
                texts.push(format!("550 {n} here"));
                texts.push(n.chars().take(n.chars().count() / 2).collect());
            }
            for parts in p.pairs {
                assert_eq!(Pairs::rarest(parts), Pairs::plan(parts).first().copied());
                texts.push(parts.join(" "));
                texts.push(parts.iter().rev().copied().collect::<Vec<_>>().join(""));
            }
        }
        let all: String = texts.concat();
        texts.push(all);
        for t in &texts {
            let pairs = Pairs::of(t);
            for r in all_reasons() {
                assert_eq!(
                    included(r, t, Some(&pairs)),
                    included(r, t, None),
                    "{r:?} in {t:?}"
                );
            }
        }
    }

    #[test]
    fn aligned_parts() {
        assert!(aligned("mailbox is over the quota", &["mailbox ", "quota"]));
        assert!(!aligned("quota mailbox ", &["mailbox ", "quota"]));
    }
}
