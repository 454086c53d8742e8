//! Bounce formats: one module per MTA/provider text format, plus log lines, SMTP transcripts
//! and single reply lines. `extract` picks the parsers for an input and returns the records.
//!
//! For a message the order is: a feedback report ([`arf`]); the `message/delivery-status`
//! parts (RFC 3464, [`crate::dsn`]), the most reliable source of recipients and codes; the MTA
//! text formats in [`TEXT_FORMATS`], which add the remote's own words to the DSN records or find
//! the records when there is no DSN; DSN fields written into the text; an auto-reply
//! ([`rfc3834`]); and last the generic [`scan`]. A user's forward of a bounce is unwrapped
//! first ([`forward`]).
//!
//! The formats: [`postfix`], [`exim`], [`qmail`] (and its many derivatives), [`sendmail`]
//! (V5/V8 and derivatives, transcripts), [`exchange`] (2003, 2007+, Exchange Online, localized),
//! [`gmail`] (Gmail, Google Workspace, Google Groups), [`amazonses`] (SES JSON notifications),
//! [`fml`] (mailing-list manager), [`arf`] (feedback reports), [`rfc3834`] (auto-replies);
//! other inputs: [`maillog`] (Postfix/Exim/Sendmail log lines), [`transcript`] (SMTP sessions),
//! [`generic`] (a pasted reply line). [`text`] holds what they share. Everything else (Courier,
//! Domino, OpenSMTPD, DragonFly, MessagingServer, the "X" MTAs …) is read by the DSN parser and
//! [`scan`], which recognise how a bounce *presents* a recipient rather than one MTA's wording.
//!
//! Work is bounded: every parser stops at [`MAX_RECORDS`], diagnostics are at most
//! [`text::MAX_DIAGNOSTIC`] bytes, message text at 4 MB, and no step rescans the text per line.

pub mod amazonses;
pub mod arf;
pub mod exchange;
pub mod exim;
pub mod fml;
pub mod forward;
pub mod generic;
pub mod gmail;
pub mod maillog;
pub mod postfix;
pub mod qmail;
pub mod rfc3834;
pub mod scan;
pub mod sendmail;
pub mod text;
pub mod transcript;

use std::sync::LazyLock;

use crate::dsn;
use crate::facts::{Bounce, Facts};
use crate::find;
use crate::mail::Mail;
use crate::reason::Reason;
use crate::report::InputKind;
use crate::smtp;
use text::Needles;

/// A text-format parser: records from a message's text, or `None` when the format is not its.
pub type TextFormat = fn(&Mail) -> Option<Vec<Facts>>;

/// Text formats, most specific markers first. Each one checks its own markers.
pub const TEXT_FORMATS: &[(&str, TextFormat)] = &[
    ("amazonses", amazonses::parse),
    ("fml", fml::parse),
    ("gmail", gmail::parse),
    ("postfix", postfix::parse),
    ("exim", exim::parse),
    ("qmail", qmail::parse),
    ("sendmail", sendmail::parse),
    ("exchange", exchange::parse),
];

/// At most this many records are kept from one input; every parser stops there.
pub const MAX_RECORDS: usize = 10_000;

/// Run the parsers that fit `kind` over `text` (LF line ends) and collect what they find.
pub fn extract(raw: &[u8], text: &str, kind: InputKind) -> Bounce {
    extract_cow(raw, std::borrow::Cow::Borrowed(text), kind)
}

/// [`extract`] taking the text as it comes out of [`crate::mail::newlines_normalized`]: an
/// owned text (CRLF input, most mail) becomes [`Bounce::text`] without another copy.
pub fn extract_cow(raw: &[u8], owned: std::borrow::Cow<'_, str>, kind: InputKind) -> Bounce {
    let mut bounce = Bounce::default();
    let text: &str = &owned;
    match kind {
        InputKind::Log => {
            (bounce.records, bounce.sender) = maillog::parse(text);
            bounce.kind = Some(InputKind::Log);
        }
        InputKind::Transcript => {
            // A bounce's text quotes its SMTP session (">>> DATA", "<<< 550"); read it as the
            // bounce it is when an MTA format claims it, or when the session names no recipient
            // but the text around it does (Courier).
            let mail = Mail::from_text(text);
            let (session, sender) = transcript::parse(text);
            let named = session.iter().any(|f| f.recipient.is_some());
            let claimed = || TEXT_FORMATS.iter().any(|(_, parse)| parse(&mail).is_some());
            // (A session that names the refused recipients is read as the session, whatever
            // words a tool's log prints around it.)
            if !named || claimed() {
                decode_mail(&mut bounce, mail, 0);
            }
            if bounce.records.is_empty() {
                bounce.records = session;
                bounce.kind = Some(InputKind::Transcript);
            }
            // A session the server accepted throughout (a test after a delisting) is no bounce.
            let accepted = |f: &Facts| {
                f.action.as_deref() == Some("delivered")
                    || f.reply_code
                        .or_else(|| f.diagnostic.as_deref().and_then(smtp::find_reply_code))
                        .is_some_and(|c| (200..400).contains(&c))
            };
            if bounce.records.iter().all(accepted) {
                bounce.records.clear();
            }
            bounce.sender = bounce.sender.take().or(sender);
        }
        InputKind::ReplyLine => bounce.records = generic::parse_reply_line(text),
        InputKind::NdrText => {
            if let Some((found, sender)) = generic::parse_smtplib(text)
                .or_else(|| generic::parse_json(text))
                .or_else(|| generic::parse_csv(text).map(|f| (f, None)))
                .or_else(|| generic::parse_dotnet(text))
            {
                // A Python traceback, a sending service's or an app's JSON events, a bounce
                // list exported as CSV, or .NET's SmtpException: the exception, the events or
                // the rows hold the replies, each its own delivery (as a log's lines).
                bounce.records = found;
                bounce.sender = sender;
                bounce.kind = Some(InputKind::Log);
            } else {
                decode_mail(&mut bounce, Mail::from_text(text), 0);
                // A sending service's page, copied: labelled fields.
                if bounce.records.is_empty() {
                    if let Some((f, sender)) = generic::parse_labelled(text) {
                        // (Its `To` is the recipient, not a webmail header block's.)
                        let top = bounce
                            .sender
                            .take()
                            .filter(|s| f.recipient.as_ref() != Some(s));
                        bounce.sender = sender.or(top);
                        bounce.records.push(f);
                    }
                }
                // An application's log of a failed send: its SMTP library's errors.
                if bounce.records.is_empty() {
                    if let Some((found, sender)) = generic::parse_app_log(text) {
                        bounce.records = found;
                        bounce.sender = bounce.sender.take().or(sender);
                        bounce.kind = Some(InputKind::Log);
                    }
                }
                // A reply pasted with a few words around it.
                if bounce.records.is_empty()
                    && text.lines().filter(|l| !l.trim().is_empty()).count() <= 3
                {
                    bounce.records = generic::parse_reply_line(text);
                }
            }
        }
        _ => {
            let mended = lone_cr_to_lf(raw);
            if let Some(mail) = Mail::parse(&mended) {
                decode_mail(&mut bounce, mail, 0);
            }
        }
    }
    finish(&mut bounce);
    // (Nothing above reads `bounce.text`.)
    bounce.text = owned.into_owned();
    bounce
}

/// mail-parser reads LF and CRLF; old Mac files end lines with a lone CR, and a CRLF file
/// copied once more in text mode ends them with CR CR LF (one line end, as
/// [`crate::mail::newlines_normalized`] reads it).
fn lone_cr_to_lf(raw: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    // Jump between CRs (most inputs have none, or only CRLF).
    let lone = memchr::memchr_iter(b'\r', raw).any(|i| raw.get(i + 1) != Some(&b'\n'));
    if !lone {
        return std::borrow::Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    for (i, &b) in raw.iter().enumerate() {
        if b == b'\r' {
            if raw.get(i + 1) == Some(&b'\r') && raw.get(i + 2) == Some(&b'\n') {
                // CR CR LF: the LF ends the line.
            } else if raw.get(i + 1) != Some(&b'\n') {
                out.push(b'\n');
            }
        } else {
            out.push(b);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Decode a message, unwrapping a user's forward of a bounce first.
fn decode_mail(bounce: &mut Bounce, mail: Mail, depth: usize) {
    if depth < 3 {
        if let Some(inner) = forward::unwrap(&mail) {
            let mut inner_bounce = Bounce::default();
            decode_mail(&mut inner_bounce, inner, depth + 1);
            if !inner_bounce.records.is_empty() {
                bounce.records = inner_bounce.records;
                bounce.reporting_mta = inner_bounce.reporting_mta;
                bounce.sender = inner_bounce.sender;
                bounce.localized |= inner_bounce.localized;
                bounce.mail = inner_bounce.mail;
                bounce.kind = inner_bounce.kind;
                bounce.forwarded = true;
                return;
            }
        }
    }
    from_mail(bounce, &mail);
    if bounce.records.is_empty() && depth < 3 && !(mail.has_headers && list_post_quoting(&mail)) {
        if let Some(inner) = forward::embedded(&mail) {
            decode_mail(bounce, inner, depth + 1);
            return;
        }
    }
    bounce.mail = Some(mail);
}

fn from_mail(bounce: &mut Bounce, mail: &Mail) {
    if let Some((found, sender)) = arf::parse(mail) {
        bounce.records = found;
        bounce.kind = Some(InputKind::Feedback);
        bounce.sender = bounce.sender.take().or(sender);
        return;
    }
    let mut records: Vec<Facts> = Vec::new();
    for part in &mail.delivery_status {
        let (per_message, mut found) = dsn::parse(part);
        if bounce.reporting_mta.is_none() {
            bounce.reporting_mta = per_message.reporting_mta;
        }
        if bounce.sender.is_none() {
            bounce.sender = per_message
                .original_envelope_sender
                .map(|s| dsn::clean_address(&s));
        }
        records.append(&mut found);
    }
    if records.is_empty() {
        // DSN fields written into the text (a report without its MIME structure). Without a
        // recipient field (any case) the text yields no record: skip reading it.
        static RECIPIENT_FIELDS: LazyLock<Needles> = LazyLock::new(|| {
            Needles::new(&[
                "final-recipient",
                "original-recipient",
                "x-actual-recipient",
            ])
        });
        // (A field the whole body lacks, its first part lacks too: most bodies have none, and
        // are spared finding where that part ends.)
        let keep_dsn = RECIPIENT_FIELDS
            .any_in_body(mail, &mail.body_lower)
            .then(|| text::error_part_keep_dsn_of(mail))
            .filter(|keep_dsn| {
                RECIPIENT_FIELDS.any_in_body(mail, &mail.body_lower[..keep_dsn.len()])
            });
        if let Some(keep_dsn) = keep_dsn {
            let (per_message, found) = dsn::parse(keep_dsn);
            if !found.is_empty() {
                bounce.reporting_mta = bounce.reporting_mta.take().or(per_message.reporting_mta);
                if bounce.sender.is_none() {
                    bounce.sender = per_message
                        .original_envelope_sender
                        .map(|s| dsn::clean_address(&s));
                }
                records = found;
            }
        }
    }
    // Text formats: fill what the DSN lacks, or find the records when there is no DSN.
    let text_records = TEXT_FORMATS.iter().find_map(|(_, parse)| parse(mail));
    // A DSN without the remote's words: the text may still have them in a layout no module
    // claims.
    let text_records = match text_records {
        None if !records.is_empty() && records.iter().all(|r| r.diagnostic.is_none()) => {
            scan::parse(mail)
        }
        other => other,
    };
    // The error part is a prefix of the body, so of `body_lower` too (same byte offsets).
    let error_part = mail.error_part();
    if bounce.reporting_mta.is_none() && text_records.is_some() {
        // An Exchange NDR copied without its DSN still names its writer.
        bounce.reporting_mta = exchange::generating_server(error_part);
    }
    bounce.localized |= exchange::is_localized(mail, &mail.body_lower[..error_part.len()]);
    // The session transcript in the error part, read once for the two steps that want it.
    let session_cell = std::cell::OnceCell::new();
    let session = || session_cell.get_or_init(|| transcript::parse(error_part).0);
    if let Some(found) = &text_records {
        if records.is_empty() {
            records = found.clone();
        } else {
            merge(&mut records, found);
        }
    }
    // Stalwart's text names each recipient's command ("<a@b> (host 'mx.example' rejected
    // command 'RCPT TO:<a@b>' with code 550 (0.0.0) '…')"), its DSN does not.
    if !records.is_empty() && find::contains(&mail.body_lower, "rejected command '") {
        for r in records.iter_mut().filter(|r| r.smtp_command.is_none()) {
            let Some(addr) = r.recipient.as_deref() else {
                continue;
            };
            r.smtp_command = crate::input::lines(error_part)
                .filter(|l| l.contains(addr))
                .find_map(|l| l.find("rejected command '").map(|at| &l[at..]))
                .and_then(text::command_in);
        }
    }
    if records.is_empty() && !looks_like_bounce(mail) {
        if let Some(found) = rfc3834::parse(mail) {
            bounce.records = found;
            bounce.kind = Some(InputKind::AutoReply);
            bounce.sender = bounce.sender.take().or_else(|| replied_to(mail));
            return;
        }
    }
    if records.is_empty() && looks_like_bounce(mail) {
        // Exim, Gmail and others name the failed addresses in a header.
        if let Some(failed) = mail.header("x-failed-recipients") {
            let listed = text::addresses(failed);
            // Unless the text lists at least as many addresses, each with a reply of its own
            // ("<a@b>" then "552 5.2.2 <a@b> Quota exceeded"): those are the remote's words per
            // recipient, where the header only names them (and a relay may have rewritten it).
            if let Some(found) = scan::parse(mail).filter(|found| {
                found.len() >= listed.len()
                    && found
                        .iter()
                        .all(|f| f.reply_code.is_some() && f.status.is_some())
            }) {
                records = found;
            } else {
                records = scan::with_error_paragraph(listed, &mail.body);
            }
        }
    }
    if records.is_empty()
        && mail.has_headers
        && mail.delivery_status.is_empty()
        && !from_a_daemon(mail)
        && crate::input::detect(&mail.body) == InputKind::Log
    {
        // A mail log or a queue listing in a person's or a monitor's message (a colleague's
        // paste, a "mail queue too large" alert): its lines, read as a log's.
        let (found, sender) = maillog::parse(&mail.body);
        if !found.is_empty() {
            bounce.records = found;
            bounce.sender = sender;
            bounce.kind = Some(InputKind::Log);
            return;
        }
    }
    if records.is_empty()
        && (looks_like_bounce(mail) || !mail.has_headers || says_bounce(error_part))
    {
        if let Some(found) = scan::parse(mail) {
            records = found;
        }
    }
    if records.is_empty()
        && crate::reason::aligned(&mail.from_lower(), &["sysadmin@", ".vzwpix.com"])
    {
        // Verizon's MMS gateway: "Error: No valid recipients for this MM", then the message's
        // own `To:` under "Original Message:" (Sisimai's `lhost/via-verizon.go`).
        let error = mail
            .body
            .lines()
            .find(|l| l.trim_start().starts_with("Error:"));
        let to = mail.body.lines().find_map(|l| {
            l.trim_start()
                .strip_prefix("To:")
                .and_then(text::first_address)
        });
        if let (Some(error), Some(to)) = (error, to) {
            let mut f = Facts::with_recipient(to);
            text::fill(&mut f, error.trim());
            records.push(f);
            if bounce.sender.is_none() {
                bounce.sender = mail.body.lines().find_map(|l| {
                    l.trim_start()
                        .strip_prefix("From:")
                        .and_then(text::first_address)
                });
            }
        }
    }
    if records.is_empty() && looks_like_bounce(mail) {
        // The bounce attached a DSN of its own (a relay's report inside the notice).
        for raw in &mail.attached {
            if let Some(inner) = Mail::parse(raw) {
                for part in &inner.delivery_status {
                    records.extend(dsn::parse(part).1);
                }
            }
        }
    }
    if records.is_empty()
        && looks_like_bounce(mail)
        && !mail.original_headers.is_empty()
        && forward::embedded(mail).is_none()
    {
        // A bounce that names no recipient in its text: the returned message knows it.
        if let Some(r) = text::original_recipient(mail) {
            let mut f = Facts::with_recipient(r);
            if let Some(p) = scan::error_text(&mail.body) {
                text::fill(&mut f, &p);
            }
            records.push(f);
        }
    }
    if !records.is_empty()
        && records.iter().all(|r| {
            r.reply_code.is_none()
                && r.diagnostic
                    .as_deref()
                    .is_none_or(|d| smtp::find_reply_code(d).is_none())
        })
    {
        // A session transcript inside the bounce (MDaemon, Kerio …) has the remote's reply.
        if let Some(t) = session().first() {
            for r in records.iter_mut().filter(|r| {
                r.recipient.is_none() || t.recipient.is_none() || r.recipient == t.recipient
            }) {
                r.diagnostic = t.diagnostic.clone();
                r.reply_code = t.reply_code;
                r.status = t.status.clone().or(r.status.take());
                r.smtp_command = t.smtp_command.clone();
            }
        }
    }
    if records.iter().any(|r| r.smtp_command.is_none()) {
        // ">>> DATA" / "<<< 550 …" in the text names the command the error answered.
        if let Some(t) = session()
            .first()
            .filter(|t| t.smtp_command.as_deref() != Some("CONN"))
        {
            let lone = records.len() == 1;
            for r in records.iter_mut().filter(|r| r.smtp_command.is_none()) {
                if lone || t.recipient.is_none() || r.recipient == t.recipient {
                    r.smtp_command = t.smtp_command.clone();
                }
            }
        }
    }
    if mail.delivery_status.is_empty()
        && records.iter().any(|r| r.action.is_none())
        && DELAY_PHRASES.any_in_body(mail, &mail.body_lower[..error_part.len()])
    {
        // A warning that delivery is still being tried ("has not yet been delivered … we will
        // continue to attempt delivery"), with no DSN to say so: the mail is delayed, unless
        // the remote's own words for a recipient are permanent.
        for r in records.iter_mut().filter(|r| {
            r.action.is_none()
                && r.reply_code.is_none_or(|c| c < 500)
                && r.status.as_deref().is_none_or(|s| !s.starts_with('5'))
        }) {
            r.action = Some("delayed".into());
        }
    } else if mail.delivery_status.is_empty() && mail.has_headers && looks_like_bounce(mail) {
        // A returned message that is no delay warning: its sender gave up, whatever the class
        // of the last reply ("Could not be delivered because of 452 4.3.1 …").
        // (A complaint or an auto-reply inside it reports delivered mail.)
        for r in records.iter_mut().filter(|r| {
            r.action.is_none()
                && !matches!(r.reason_hint, Some(Reason::Feedback | Reason::Vacation))
        }) {
            r.action = Some("failed".into());
        }
    }
    if records.is_empty()
        && mail
            .header("auto-submitted")
            .is_some_and(|v| text::starts_with_ci(v.trim(), "auto-replied"))
        && mail
            .header("from")
            .and_then(text::first_address)
            .is_some_and(|a| !text::is_system_address(&a))
    {
        // A person's auto-reply whose subject happens to look like a bounce's ("Auto:
        // Delivery schedule"): its header says what it is. (Not a postmaster's notice.)
        if let Some(found) = rfc3834::parse(mail) {
            bounce.records = found;
            bounce.kind = Some(InputKind::AutoReply);
            bounce.sender = bounce.sender.take().or_else(|| replied_to(mail));
            return;
        }
    }
    records.retain(|r| r.recipient.is_some() || r.reply_code.is_some() || r.status.is_some());
    if mail.has_headers && !records.is_empty() && list_post_quoting(mail) {
        // A newsletter or a list's post (an article on bounces, an issue-tracker notification)
        // that quotes a bounce in its own text: mail about a bounce, not one.
        records.clear();
    }
    if mail.has_headers && !records.is_empty() && about_the_reader(mail, &records) {
        // A notice about the reader's own mailbox, sent from an ordinary address ("incoming
        // messages held for you: click to release", a phishing staple): a bounce goes back to
        // the sender from a null or daemon envelope sender, about someone else's address.
        records.clear();
    }
    bounce.records = records;
    if bounce.sender.is_none() {
        bounce.sender = mail
            .original_header("return-path")
            .and_then(text::first_address)
            // A sending service's bounce address (VERP) is not the sender's domain: the
            // returned From is.
            .filter(|a| !is_esp_bounce_address(a))
            .or_else(|| mail.original_header("from").and_then(text::first_address))
            .or_else(|| text::labelled_sender_of(mail))
            // A person's message quoting the bounce of their mail (a reply, "why did this
            // bounce?"): its `From`, whose mail failed.
            .or_else(|| {
                let subject = mail.subject.trim_start();
                let reply_or_forward = ["re:", "aw:", "sv:", "fwd:", "fw:", "wg:", "tr:"]
                    .iter()
                    .any(|p| text::starts_with_ci(subject, p));
                let by_a_person = reply_or_forward
                    && !from_a_daemon(mail)
                    && mail
                        .header("return-path")
                        .is_some_and(|r| text::first_address(r).is_some());
                (by_a_person && !bounce.records.is_empty())
                    .then(|| mail.header("from").and_then(text::first_address))
                    .flatten()
                    .filter(|a| !text::is_system_address(a))
            })
            // A bounce goes back to the envelope sender: its own `To`.
            .or_else(|| {
                mail.header("to")
                    .and_then(text::first_address)
                    .filter(|_| !bounce.records.is_empty())
            });
    }
}

/// Whether a message presents itself as a bounce (report type, daemon sender, subject).
pub fn looks_like_bounce(mail: &Mail) -> bool {
    if !mail.delivery_status.is_empty() || mail.report_type.as_deref() == Some("delivery-status") {
        return true;
    }
    if from_a_daemon(mail) {
        return true;
    }
    find::contains_any_ci(
        &mail.subject,
        &[
            "undeliver",
            "delivery",
            "returned",
            "failure",
            "failed",
            "not delivered",
            "could not",
            "bounce",
            "rejected",
            "nondeliver",
            "non-deliver",
            "non deliver",
            "delayed",
            "error",
            "unable to deliver",
            "problem",
            "warning",
            "unzustellbar",
            "エラー",
            "不達",
            "未達",
            "返送",
            "no entregado",
            "non remis",
            "mancata consegna",
            "notification",
            "unknown",
        ],
    )
}

/// The bounce (envelope) address of a sending service: Amazon SES, SendGrid, Mailchimp/Mandrill,
/// Mailgun, SparkPost, Postmark, Mailjet, Brevo.
pub(crate) fn is_esp_bounce_address(address: &str) -> bool {
    const DOMAINS: &[&str] = &[
        "amazonses.com",
        "sendgrid.net",
        "mcsv.net",
        "rsgsv.net",
        "mandrillapp.com",
        "mailgun.org",
        "sparkpostmail.com",
        "pmbounces.com",
        "mailjet.com",
        "sendinblue.com",
        "brevosend.com",
    ];
    let (local, domain) = address.rsplit_once('@').unwrap_or(("", address));
    let domain = domain.to_ascii_lowercase();
    // A VERP address on the sender's own (branded) return-path domain encodes the recipient
    // after a `+`: "bounces+5512094-0f3b-r.osei=example.org@em1234.example.com".
    let verp = local
        .split_once('+')
        .and_then(|(_, tag)| tag.rsplit_once('='))
        .is_some_and(|(_, encoded)| encoded.contains('.'));
    verp || DOMAINS
        .iter()
        .any(|d| domain == *d || domain.ends_with(&format!(".{d}")))
}

/// Whether the message's `From` is a mail system's (mailer-daemon, postmaster, "Mail Delivery
/// System" …).
fn from_a_daemon(mail: &Mail) -> bool {
    find::contains_any_ci(
        mail.header("from").unwrap_or(""),
        &[
            "mailer-daemon",
            "postmaster",
            "mail delivery",
            "mail administrator",
            "mailer_daemon",
            "mail system",
            "maildelivery",
            "mail.delivery",
            "post_master",
            "mailerdaemon",
        ],
    )
}

/// A list's or a newsletter's post (`List-Id`/`List-Unsubscribe`) that carries no report of its
/// own — no `message/delivery-status` part, no attached message — and does not come from a
/// mail system. (Its subject may well speak of bounces, a person wrote it; but one that opens
/// as a notice is a notice, whose list headers came from the returned message.)
fn list_post_quoting(mail: &Mail) -> bool {
    const NOTICE: &[&str] = &[
        "non-delivery",
        "nondeliverable",
        "undeliverable",
        "undelivered",
        "delivery status notification",
        "delivery failure",
        "delivery notification",
        "returned mail",
        "mail delivery failed",
        "failure notice",
    ];
    let subject = mail.subject.trim_start();
    (mail.header("list-unsubscribe").is_some() || mail.header("list-id").is_some())
        && mail.delivery_status.is_empty()
        && mail.report_type.is_none()
        && mail.attached.is_empty()
        && !from_a_daemon(mail)
        && !NOTICE.iter().any(|n| text::starts_with_ci(subject, n))
}

/// Every record is about the address the message was sent to, and its envelope sender is an
/// ordinary mailbox (not `<>`, not a mailer daemon or postmaster).
fn about_the_reader(mail: &Mail, records: &[Facts]) -> bool {
    let Some(return_path) = mail.header("return-path") else {
        return false;
    };
    let Some(sender) = text::first_address(return_path) else {
        return false;
    };
    // (A bounce-handling or no-reply address is a system's too.)
    if text::is_system_address(&sender)
        || ["bounce", "noreply"]
            .iter()
            .any(|d| text::starts_with_ci(&sender, d))
    {
        return false;
    }
    let Some(reader) = mail.header("to").and_then(text::first_address) else {
        return false;
    };
    records.iter().all(|r| {
        r.recipient
            .as_deref()
            .is_some_and(|a| a.eq_ignore_ascii_case(&reader))
    })
}

/// Phrases of a notice that delivery has not failed yet, only been delayed (lower case).
static DELAY_PHRASES: LazyLock<Needles> = LazyLock::new(|| {
    Needles::new(&[
        "has not yet been delivered",
        "have not yet been delivered",
        "has not been delivered yet",
        "will continue to attempt",
        "will continue to try",
        "delivery attempts will continue",
        "will keep trying",
        "will be retried",
        "has been postponed",
        "this is just a warning",
        "this is only a warning",
    ])
});

/// Phrases only a bounce's own text uses (lower case).
const BOUNCE_PHRASES: &[&str] = &[
    "could not be delivered to",
    "undeliverable to",
    "delivery to the following recipient",
    "delivery has failed",
    "permanent fatal errors",
    "message could not be delivered",
    "was not delivered to",
    "wasn't delivered to",
    "delivery failed",
    // An MTA's own per-recipient report line, quoted (a ticket, a colleague's mail): Postfix's
    // "host mx[192.0.2.1] said: 550 …", Exim's, Exchange's
    "] said: 5",
    "] said: 4",
    "smtp error from remote mail server after",
    "remote server returned '",
];

/// Whether a bounce's own text (its error part) says it is a bounce, whatever its headers say.
fn says_bounce(error_part: &str) -> bool {
    find::contains_any_ci(error_part, BOUNCE_PHRASES)
}

/// Complete DSN records with the text format's findings for the same recipient.
fn merge(records: &mut [Facts], text: &[Facts]) {
    let lone = records.len() == 1 && text.len() == 1;
    let mut index = std::collections::HashMap::new();
    for (i, t) in text.iter().enumerate() {
        index
            .entry(t.recipient.as_deref().map(str::to_ascii_lowercase))
            .or_insert(i);
    }
    // Same number of records on both sides: pair the unmatched ones by position — but not a
    // delivery with a failure, nor with a text record that names another DSN recipient.
    let paired = records.len() == text.len();
    let named: std::collections::HashSet<String> = records
        .iter()
        .filter_map(|r| r.recipient.as_deref().map(str::to_ascii_lowercase))
        .collect();
    for (n, r) in records.iter_mut().enumerate() {
        let key = r.recipient.as_deref().map(str::to_ascii_lowercase);
        let delivered = r.action.as_deref() == Some("delivered");
        let same = index.get(&key).map(|&i| &text[i]).or_else(|| {
            (lone || paired)
                .then(|| &text[n])
                .filter(|t| !delivered || t.diagnostic.is_none())
                .filter(|t| {
                    t.recipient
                        .as_deref()
                        .is_none_or(|a| !named.contains(&a.to_ascii_lowercase()))
                })
        });
        let Some(t) = same else { continue };
        // A DSN recipient that is no address (Exim's pipe) takes the text's address.
        let is_address = |a: &str| a.contains('@') && !a.contains(' ');
        if !r.recipient.as_deref().is_some_and(is_address)
            && t.recipient.as_deref().is_some_and(is_address)
        {
            r.recipient = t.recipient.clone();
        }
        // The text carries the remote's own words; a DSN's bare "smtp; 550" carries less.
        let dsn_words = r.diagnostic.as_deref().map_or(0, |d| d.len());
        let text_words = t.diagnostic.as_deref().map_or(0, |d| d.len());
        // …nor does a DSN that kept only the first line of a reply the text has in full.
        let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let first_line_only = matches!(
            (r.diagnostic.as_deref(), t.diagnostic.as_deref()),
            (Some(d), Some(w)) if text_words > dsn_words && flat(w).starts_with(&flat(d))
        );
        // Exchange's delay notices put its own summary in the DSN ("400 4.4.7 Message
        // delayed") and the remote's reply in the text: the reply is the cause.
        let summary = r.diagnostic.as_deref().is_some_and(|d| {
            d.split_whitespace().count() <= 4 && find::contains_ci(d, "4.4.7 message delayed")
        }) && t.reply_code.is_some();
        if summary {
            r.diagnostic = t.diagnostic.clone();
            r.reply_code = t.reply_code;
            r.status = t.status.clone().or(r.status.take());
        }
        if r.diagnostic.is_none()
            || first_line_only
            || (text_words > dsn_words && smtp_thin(r.diagnostic.as_deref()))
        {
            r.diagnostic = t.diagnostic.clone();
        }
        if r.reply_code.is_none() {
            r.reply_code = t.reply_code;
        }
        if r.status.as_deref().is_none_or(smtp::is_generic_status) {
            if let Some(s) = &t.status {
                if r.status
                    .as_deref()
                    .is_none_or(|g| g.as_bytes()[0] == s.as_bytes()[0])
                {
                    r.status = Some(s.clone());
                }
            }
        }
        if r.remote_mta.is_none() {
            r.remote_mta = t.remote_mta.clone();
        }
        if r.smtp_command.is_none() {
            r.smtp_command = t.smtp_command.clone();
        }
        if r.reason_hint.is_none() {
            r.reason_hint = t.reason_hint;
        }
    }
}

/// A DSN diagnostic that says little (no text besides the codes).
fn smtp_thin(diagnostic: Option<&str>) -> bool {
    let Some(d) = diagnostic else { return true };
    d.split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .count()
        < 2
}

/// Last touches on every record: clean addresses, codes from the text, the format's implied
/// reason, a status class when the bounce gives no code, no duplicates.
fn finish(bounce: &mut Bounce) {
    bounce.records.truncate(MAX_RECORDS);
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<Facts> = Vec::with_capacity(bounce.records.len());
    for mut f in std::mem::take(&mut bounce.records) {
        if let Some(r) = f.recipient.take() {
            let r = dsn::clean_address(&r);
            let r = r
                .strip_prefix("mailto:")
                .unwrap_or(&r)
                .trim_end_matches('.')
                .to_string();
            f.recipient = (!r.is_empty()).then_some(r);
        }
        // A record without a recipient: the one its reply names, if any (a pasted reply, a
        // log fragment without `to=`).
        if f.recipient.is_none() {
            f.recipient = f
                .diagnostic
                .as_deref()
                .and_then(generic::recipient_in_reply);
        }
        if let Some(d) = f.diagnostic.take() {
            let cut = crate::input::floor_char_boundary(&d, text::MAX_DIAGNOSTIC);
            // (Most are squashed already, by `text::fill`: kept as they are.)
            let d = if cut == d.len() && text::is_squashed(&d) {
                d
            } else {
                text::squash(&d[..cut])
            };
            f.diagnostic = (!d.is_empty()).then_some(d);
        }
        // (Borrowed: only the other fields change.)
        // (An auto-reply's or a complaint's text is a person's words: "+1 555 0100" is a phone
        // number, not a reply code.)
        let prose = matches!(f.reason_hint, Some(Reason::Feedback | Reason::Vacation));
        if let Some(d) = f.diagnostic.as_deref().filter(|_| !prose) {
            if f.reply_code.is_none() {
                f.reply_code = smtp::find_reply_code(d).filter(|c| *c >= 400);
            }
            // The remote's own code (right after its reply code) is the status; an MTA's
            // summary code in the DSN is not (README of samples/microsoft, `status`).
            if let Some((code, remote)) =
                smtp::find_remote_reply(d).filter(|(_, s)| !s.starts_with('2'))
            {
                // …unless it is the generic X.0.0 and the DSN's Status of the same class names
                // more (Sisimai's `status.Prefer`).
                let dsn_names_more = f.status.as_deref().is_some_and(|g| {
                    !smtp::is_generic_status(g) && g.as_bytes().first() == remote.as_bytes().first()
                });
                // …nor when the MTA kept the remote's code in another class (Postfix's soft
                // bounce: the remote's 5.7.8 as 4.7.8, still being retried).
                let reclassed = f.action.as_deref() == Some("delayed")
                    && f.status.as_deref().is_some_and(|g| {
                        g.starts_with('4') && g.len() > 1 && g != remote && g[1..] == remote[1..]
                    });
                if !(reclassed || smtp::is_generic_status(&remote) && dsn_names_more) {
                    f.status = Some(remote);
                }
                f.reply_code = Some(code);
            }
            let own = smtp::find_status(d).filter(|s| !s.starts_with('2'));
            match (&f.status, own) {
                (None, Some(s)) => f.status = Some(s),
                (Some(s), Some(o))
                    if smtp::is_generic_status(s) && s.as_bytes()[0] == o.as_bytes()[0] =>
                {
                    f.status = Some(o)
                }
                _ => {}
            }
            if f.reason_hint.is_none() {
                f.reason_hint = implied_reason(d);
            }
            if f.remote_mta.is_none() {
                f.remote_mta = last_attempted_server(d);
            }
        }
        if f.status.is_none() && !matches!(f.reason_hint, Some(Reason::Feedback | Reason::Vacation))
        {
            // No enhanced code in the bounce: the class follows the reply code or the action,
            // as RFC 3463's "other or undefined status" (X.0.0), like Sisimai's pseudo codes.
            // `status_derived` tells the report it was not written in the bounce.
            f.status_derived = true;
            let temporary = f
                .reply_code
                .map(|c| c < 500)
                .unwrap_or_else(|| f.action.as_deref() == Some("delayed"));
            f.status = Some(if temporary { "4.0.0" } else { "5.0.0" }.to_string());
        }
        if let Some(r) = &f.recipient {
            let key = r.to_ascii_lowercase();
            if !seen.insert(key) {
                continue;
            }
        }
        out.push(f);
    }
    bounce.records = out;
}

/// Whom an auto-reply answers: its `To`, who wrote the mail it replies to.
fn replied_to(mail: &Mail) -> Option<String> {
    mail.header("to").and_then(text::first_address)
}

/// The server Exchange Online last tried, as its diagnostic names it: "550 5.4.310 DNS domain
/// shop.example does not exist [Message=InfoDomainNonexistent]
/// [LastAttemptedServerName=shop.example]" — the remote side, when no other field names it.
fn last_attempted_server(diagnostic: &str) -> Option<String> {
    const FIELD: &str = "[lastattemptedservername=";
    let at = crate::find::find_ci(diagnostic, FIELD)? + FIELD.len();
    let host = diagnostic[at..]
        .split(']')
        .next()?
        .trim()
        .trim_end_matches('.');
    text::is_host_name(host).then(|| host.to_ascii_lowercase())
}

/// Reasons the bounce text itself implies, whatever the code (lower-case substrings).
const IMPLIED: &[(&str, Reason)] = &[
    ("retry timeout exceeded", Reason::Expired),
    ("retry time not reached", Reason::Expired),
    ("could not be delivered for", Reason::Expired),
    ("message expired", Reason::Expired),
    ("envelope expired", Reason::Expired),
    ("delivery time expired", Reason::Expired),
    ("could not deliver for the last", Reason::Expired),
    ("was not delivered within", Reason::Expired),
    ("message has been in the queue too long", Reason::Expired),
    ("too long in queue", Reason::Expired),
    ("delivery expired", Reason::Expired),
];

fn implied_reason(diagnostic: &str) -> Option<Reason> {
    const LIST: [&str; IMPLIED.len()] = text::phrases_of!(IMPLIED);
    // (Found by their rarest byte pairs in the text as it is, no lower-case copy.)
    static PHRASES: text::Phrases = text::Phrases::new(&LIST);
    PHRASES.first_in(diagnostic).map(|i| IMPLIED[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_software_notices_carry_their_bounce() {
        // ezmlm's warning to a subscriber encloses the first bounce inline.
        let ezmlm = "From: users-help@lists.example.org\nTo: k@gmail.example\nSubject: ezmlm warning\n\n\
            Hi! This is the ezmlm program. I'm managing the\nusers@lists.example.org mailing list.\n\n\
            Messages to you from the users mailing list seem to\nhave been bouncing.\n\n\
            --- Enclosed is a copy of the bounce message I received.\n\n\
            Return-Path: <>\nFrom: MAILER-DAEMON@lists.example.org\nSubject: failure notice\n\n\
            Hi. This is the qmail-send program at lists.example.org.\n\
            I'm afraid I wasn't able to deliver your message to the following addresses.\n\
            This is a permanent error; I've given up. Sorry it didn't work out.\n\n\
            <k@gmail.example>:\nRemote host said: 550 5.7.1 This message is likely unsolicited mail\n\n\
            --- Below this line is a copy of the message.\n";
        let r = crate::decode_str(ezmlm);
        assert_eq!(r.recipients.len(), 1, "{:?}", r.recipients);
        assert_eq!(
            r.recipients[0].recipient.as_deref(),
            Some("k@gmail.example")
        );
        assert_eq!(r.recipients[0].status.as_deref(), Some("5.7.1"));
    }

    fn decode(input: &[u8]) -> Bounce {
        let text = crate::mail::normalize_newlines(&String::from_utf8_lossy(input));
        extract(input, &text, crate::input::detect(&text))
    }

    #[test]
    fn exim_giving_up_after_retries_has_a_temporary_class() {
        let b = decode(b"From: Mail Delivery System <Mailer-Daemon@mx.example.net>\nTo: a@example.net\nSubject: Mail delivery failed: returning message to sender\n\nThis message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  b@example.org\n    retry timeout exceeded\n\n------ This is a copy of the message, including all the headers. ------\n\nTo: b@example.org\nFrom: a@example.net\nSubject: hi\n");
        let r = &b.records[0];
        assert_eq!(r.recipient.as_deref(), Some("b@example.org"));
        assert_eq!(r.status.as_deref(), Some("4.0.0"));
        assert!(r.status_derived);
        assert_eq!(r.action.as_deref(), Some("failed"));
    }

    #[test]
    fn exim_giving_up_on_a_full_mailbox_is_not_a_delay() {
        // "mailbox is full: retry timeout exceeded": the retries ended on a full mailbox; the
        // sender should reach the recipient another way, not wait and resend.
        let raw = b"From: Mail Delivery System <Mailer-Daemon@mx.example.net>\nTo: a@example.net\nSubject: Mail delivery failed: returning message to sender\n\nThis message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  b@example.org\n    mailbox is full: retry timeout exceeded\n\n------ This is a copy of the message, including all the headers. ------\n\nTo: b@example.org\nFrom: a@example.net\nSubject: hi\n";
        let report = crate::decode(raw);
        let r = &report.recipients[0];
        assert_eq!(r.recipient.as_deref(), Some("b@example.org"));
        assert_eq!(r.reason, Reason::Mailboxfull);
        assert_eq!(r.status.as_deref(), Some("5.0.0"));
        assert_eq!(r.remedy, crate::remedy::RemedyKind::ContactRecipient);
    }

    #[test]
    fn implied_reason_equals_the_lowercasing_version() {
        // What `implied_reason` did before looking in the text as it is.
        fn old(diagnostic: &str) -> Option<Reason> {
            let p: Vec<&str> = IMPLIED.iter().map(|(p, _)| *p).collect();
            Needles::new(&p)
                .first_in(&diagnostic.to_ascii_lowercase())
                .map(|(i, _)| IMPLIED[i].1)
        }
        let mut texts: Vec<String> = [
            "",
            "x",
            "451 4.4.7 Retry timeout exceeded",
            "RETRY TIME NOT REACHED for any host",
            "Message could not be delivered for 5 days",
            "message expire",
            "Envelope EXPIRED",
            "delivery time expired; too long in queue",
            "could not deliver for the last 3 days",
            "was not delivered within 72 hours",
            "The message has been in the queue too long.",
            "delivery expired (message too old)",
            "retry timeout exceede",
            "etry timeout exceeded",
            "\u{212a}elvin message expired \u{130}",
            "ſtill envelope eXpIrEd",
            "550 5.1.1 <a@b.example>: Recipient address rejected: User unknown",
        ]
        .map(String::from)
        .to_vec();
        for (p, _) in IMPLIED {
            texts.push(format!("A {} B", p.to_uppercase()));
            texts.push(p[1..].to_string());
            texts.push(p[..p.len() - 1].to_string());
        }
        for t in &texts {
            assert_eq!(implied_reason(t), old(t), "{t:?}");
        }
    }

    #[test]
    fn bad_input_never_panics() {
        for input in [
            &b""[..],
            b"\0\0\0\xff\xfe\x80garbage\x01\x02",
            b"\xc3\x28 invalid utf-8 \xa0\xa1 550 5.1.1 <a@b.example>: no such user",
            b"From: MAILER-DAEMON@x.example\nSubject: Undelivered Mail\nContent-Type: multipart/report; boundary=\"zz\"\n\n--zz\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; a@b.example\nStatus: 5.1.1\n",
            b"From: MAILER-DAEMON@x.example\nSubject: failure\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n!!!@@@not*base64===\n",
            b"\r\r\r\n\n\r",
            b"<",
            b"550",
            b"a@b",
        ] {
            let _ = decode(input);
            let _ = crate::decode(input);
        }
    }

    #[test]
    fn line_endings_alike() {
        let lf = "From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\n\nThis is the mail system at host mx.example.org.\n\n<a@b.example>: host mx.b.example[192.0.2.1] said: 550 5.1.1 no such\n    user (in reply to RCPT TO command)\n";
        let want = decode(lf.as_bytes()).records;
        assert_eq!(want.len(), 1);
        assert_eq!(want[0].status.as_deref(), Some("5.1.1"));
        for nl in ["\r\n", "\r"] {
            let other = lf.replace('\n', nl);
            assert_eq!(decode(other.as_bytes()).records, want, "line ending {nl:?}");
        }
    }

    #[test]
    fn deep_mime_nesting() {
        let mut raw = String::from("From: MAILER-DAEMON@x.example\nSubject: Undelivered Mail\n");
        for i in 0..1000 {
            raw.push_str(&format!(
                "Content-Type: multipart/mixed; boundary=\"b{i}\"\n\n--b{i}\n"
            ));
        }
        raw.push_str("Content-Type: text/plain\n\n<a@b.example>: 550 5.1.1 unknown user\n");
        let _ = decode(raw.as_bytes());
    }

    #[test]
    fn ten_thousand_recipients() {
        let mut raw = String::from("From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\n\nThis is the mail system at host mx.example.org.\n\n");
        for i in 0..10_000 {
            raw.push_str(&format!("<user{i}@b.example>: host mx.b.example[192.0.2.1] said: 550 5.1.1 no such user (in reply to RCPT TO command)\n\n"));
        }
        let b = decode(raw.as_bytes());
        assert_eq!(b.records.len(), 10_000);
    }

    #[test]
    fn ten_megabytes_is_linear() {
        // Every parser caps or streams; this only has to finish (timing is benches/' job).
        let line =
            "<a@b.example>: host mx.b.example[192.0.2.1] said: 550 5.1.1 no such user here\n";
        let mut raw = String::from("From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\n\nThis is the mail system at host mx.example.org.\n\n");
        while raw.len() < 10 << 20 {
            raw.push_str(line);
        }
        let _ = decode(raw.as_bytes());
        let log = "Jun  3 14:22:09 mx2 postfix/smtp[1]: 7C1F: to=<s@f.example>, relay=mx[192.0.2.1]:25, dsn=5.4.1, status=bounced (host mx[192.0.2.1] said: 550 5.4.1 denied (in reply to RCPT TO command))\n".repeat(60_000);
        assert_eq!(decode(log.as_bytes()).records.len(), 1);
        let junk = "x".repeat(10 << 20);
        let _ = decode(junk.as_bytes());
    }

    #[test]
    fn not_a_bounce() {
        let mail = b"From: Tom <t@example.net>\nTo: team@example.net\nSubject: Re: server move\n\nlast spring some of our messages came back with 550 errors. Budget 550 EUR.\n";
        assert!(decode(mail).records.is_empty());
    }

    #[test]
    fn stalwart_names_each_recipients_command_in_its_text() {
        let mail = "From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.net>\nTo: s@example.net\nSubject: Failed to deliver message\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nYour message could not be delivered:\n\n    ----- Delivery to the following addresses failed -----\n<a@mx.example.org> (host 'mx.example.org' rejected command 'RCPT TO:<a@mx.example.org>' with code 550 (0.0.0) 'Requested action not taken: mailbox unavailable')\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns;mail.example.net\n\nFinal-Recipient: rfc822;a@mx.example.org\nAction: failed\nStatus: 5.5.0\nDiagnostic-Code: smtp;550 Requested action not taken: mailbox unavailable\n\n--b--\n";
        let b = decode(mail.as_bytes());
        assert_eq!(b.records.len(), 1);
        assert_eq!(b.records[0].smtp_command.as_deref(), Some("RCPT"));
    }

    #[test]
    fn forwarded_inline() {
        let mail = "From: Maria <m@example.net>\nTo: it@example.net\nSubject: Fwd: Undelivered Mail Returned to Sender\n\nsee below\n\n-------- Forwarded Message --------\nSubject: \tUndelivered Mail Returned to Sender\nFrom: \tMail Delivery System <MAILER-DAEMON@mail.example.net>\nTo: \tm@example.net\n\nThis is the mail system at host mail.example.net.\n\n<d@f.example>: host f-example.mail.protection.outlook.com[52.101.8.40] said: 550\n     5.7.641 Access denied, banned sending IP [192.0.2.141]. (in reply to RCPT TO command)\n";
        let b = decode(mail.as_bytes());
        assert!(b.forwarded);
        assert_eq!(b.records[0].recipient.as_deref(), Some("d@f.example"));
        assert_eq!(b.records[0].status.as_deref(), Some("5.7.641"));
        assert_eq!(b.records[0].smtp_command.as_deref(), Some("RCPT"));
    }

    #[test]
    fn forwarded_attached() {
        let inner = "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nTo: a@example.net\nSubject: Undelivered Mail Returned to Sender\n\nThis is the mail system at host mx.example.net.\n\n<b@c.example>: host mx.c.example[192.0.2.9] said: 550 5.1.1 <b@c.example>: Recipient address rejected: User unknown (in reply to RCPT TO command)\n";
        let outer = format!("From: A <a@example.net>\nTo: it@example.net\nSubject: Fw: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"xx\"\n\n--xx\nContent-Type: text/plain\n\nwhat is this?\n\n--xx\nContent-Type: message/rfc822\n\n{inner}\n--xx--\n");
        let b = decode(outer.as_bytes());
        assert!(b.forwarded);
        assert_eq!(b.records.len(), 1);
        assert_eq!(b.records[0].recipient.as_deref(), Some("b@c.example"));
        assert_eq!(b.records[0].status.as_deref(), Some("5.1.1"));
        assert_eq!(b.sender.as_deref(), Some("a@example.net"));
    }

    #[test]
    fn logs_deferral_only_is_delayed() {
        let exim = "2026-02-05 11:20:44 1wJk3a-00B7cQ-2F <= news@example.com H=x\n2026-02-05 11:21:45 1wJk3a-00B7cQ-2F == m@l.example R=dnslookup T=remote_smtp defer (-44) H=mx.l.example [192.0.2.7]: SMTP error from remote mail server after RCPT TO:<m@l.example>: 451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.\n";
        let b = decode(exim.as_bytes());
        assert_eq!(b.records.len(), 1);
        assert_eq!(b.records[0].action.as_deref(), Some("delayed"));
        assert_eq!(b.records[0].status.as_deref(), Some("4.7.650"));
        let sendmail = "Jun  3 14:22:09 mx sendmail[123]: x53CM9: to=<u@h.example>, delay=00:00:01, mailer=esmtp, pri=1, relay=mx.h.example. [192.0.2.3], dsn=5.7.1, stat=Service unavailable\n";
        let b = decode(sendmail.as_bytes());
        assert_eq!(b.records[0].recipient.as_deref(), Some("u@h.example"));
        assert_eq!(b.records[0].status.as_deref(), Some("5.7.1"));
        assert_eq!(b.records[0].action.as_deref(), Some("failed"));
    }

    #[test]
    fn pasted_sendmail_bounce_is_not_a_transcript() {
        let t = "   ----- The following addresses had permanent fatal errors -----\n<u@h.example>\n    (reason: 550 5.1.1 <u@h.example>... User Unknown)\n\n   ----- Transcript of session follows -----\n... while talking to mx.h.example.:\n>>> RCPT To:<u@h.example>\n<<< 550 5.1.1 <u@h.example>... User Unknown\n550 5.1.1 <u@h.example>... User unknown\n";
        let b = decode(t.as_bytes());
        assert_eq!(b.records.len(), 1);
        assert_eq!(b.records[0].smtp_command.as_deref(), Some("RCPT"));
        assert_eq!(b.records[0].remote_mta.as_deref(), Some("mx.h.example"));
        let words =
            decode(b"The server said: 550 5.7.606 Access denied, banned sending IP [192.0.2.1]");
        assert_eq!(words.records[0].status.as_deref(), Some("5.7.606"));
    }

    /// Prints how long 10 MB inputs of several shapes take (`--ignored --nocapture`; run it in
    /// release to see real figures). Doubling the size must roughly double the time.
    #[test]
    #[ignore]
    fn timing_10mb() {
        let shapes: Vec<(&str, String)> = vec![
            ("postfix", format!("From: MAILER-DAEMON@m.example\nSubject: Undelivered Mail Returned to Sender\n\nThis is the mail system at host m.example.\n\n{}", "<a@b.example>: host mx.b.example[192.0.2.1] said: 550 5.1.1 no such user\n\n".repeat(130_000))),
            ("one line", "x".repeat(10 << 20)),
            ("words", "550 5.7.1 Unfortunately messages from a@b.example were not sent\n".repeat(160_000)),
            ("exim log", "2026-02-05 11:20:45 1wJk3a-00B7cQ-2F ** m@l.example R=d T=r: SMTP error from remote mail server after RCPT TO:<m@l.example>: 550 5.7.25 Access denied\n".repeat(70_000)),
            ("headers", format!("From: a@b.example\nSubject: x\n{}\n\nbody", "X-Junk: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n".repeat(200_000))),
        ];
        for (name, input) in &shapes[..3] {
            let m = Mail::from_text(input);
            let mut steps: Vec<(&str, std::time::Duration)> = Vec::new();
            for (fname, parse) in TEXT_FORMATS {
                let t = std::time::Instant::now();
                let _ = parse(&m);
                steps.push((fname, t.elapsed()));
            }
            let t = std::time::Instant::now();
            let _ = scan::parse(&m);
            steps.push(("scan", t.elapsed()));
            let t = std::time::Instant::now();
            let _ = forward::unwrap(&m);
            let _ = forward::embedded(&m);
            steps.push(("forward", t.elapsed()));
            let t = std::time::Instant::now();
            let _ = transcript::parse(&m.body);
            steps.push(("transcript", t.elapsed()));
            let t = std::time::Instant::now();
            let _ = says_bounce(text::error_part(&m.body));
            let _ = exchange::is_localized(&m, &m.body_lower);
            let _ = scan::error_text(&m.body);
            steps.push(("misc", t.elapsed()));
            println!("{name:>10} steps: {steps:?}");
        }
        for (name, input) in shapes {
            let t = std::time::Instant::now();
            let m = Mail::parse(input.as_bytes());
            println!("{name:>10} mail-parser alone: {:?}", t.elapsed());
            if let Some(m) = m {
                let t = std::time::Instant::now();
                let mut b = Bounce::default();
                from_mail(&mut b, &m);
                println!("{name:>10} from_mail alone: {:?}", t.elapsed());
            }
            for size in [input.len() / 2, input.len()] {
                let slice = &input.as_bytes()[..size];
                let t = std::time::Instant::now();
                let n = decode(slice).records.len();
                let parse = t.elapsed();
                let t = std::time::Instant::now();
                let b = crate::decode(slice);
                println!("{name:>10} {size:>9} bytes: parsers {parse:?} ({n} records), whole decode {:?} ({} records)", t.elapsed(), b.recipients.len());
            }
        }
    }

    /// Truncations and byte flips of every corpus email: no panic anywhere.
    /// `cargo test --lib mta::tests::mangled_corpus -- --ignored`
    #[test]
    #[ignore]
    fn mangled_corpus() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/emails");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let raw = std::fs::read(e.path()).unwrap();
            for cut in [
                raw.len() / 3,
                raw.len() / 2,
                raw.len() * 2 / 3,
                raw.len().saturating_sub(7),
            ] {
                let _ = crate::decode(&raw[..cut]);
            }
            let mut flipped = raw.clone();
            for i in (0..flipped.len()).step_by(97) {
                flipped[i] = flipped[i].wrapping_add(0x80);
            }
            let _ = crate::decode(&flipped);
            let _ = crate::decode(raw.replace_crlf().as_slice());
        }
    }

    /// CRLF and CR copies of every corpus email decode like the LF original.
    #[test]
    #[ignore]
    fn corpus_line_endings() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/emails");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let key = |b: &Bounce| {
            b.records
                .iter()
                .map(|f| (f.recipient.clone(), f.status.clone(), f.reply_code))
                .collect::<Vec<_>>()
        };
        let mut bad = Vec::new();
        for e in entries.flatten() {
            let raw = std::fs::read(e.path()).unwrap();
            let want = key(&decode(&raw));
            let crlf = raw.replace_crlf();
            let cr: Vec<u8> = crlf.iter().filter(|&&b| b != b'\n').copied().collect();
            for (name, other) in [("crlf", crlf), ("cr", cr)] {
                let got = key(&decode(&other));
                if got != want {
                    bad.push(format!(
                        "{} {name}: {got:?} != {want:?}",
                        e.path().display()
                    ));
                }
            }
        }
        assert!(bad.is_empty(), "{bad:#?}");
    }

    trait Crlf {
        fn replace_crlf(&self) -> Vec<u8>;
    }
    impl Crlf for Vec<u8> {
        fn replace_crlf(&self) -> Vec<u8> {
            // LF → CRLF, leaving existing CRLF alone.
            let mut out = Vec::with_capacity(self.len() + self.len() / 20);
            for (i, &b) in self.iter().enumerate() {
                if b == b'\n' && (i == 0 || self[i - 1] != b'\r') {
                    out.push(b'\r');
                }
                out.push(b);
            }
            out
        }
    }

    /// `REBOUND_DEBUG=path cargo test --lib mta::tests::debug -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn debug() {
        let Some(path) = std::env::var_os("REBOUND_DEBUG") else {
            return;
        };
        let raw = std::fs::read(path).unwrap();
        let text = crate::mail::normalize_newlines(&String::from_utf8_lossy(&raw));
        let kind = crate::input::detect(&text);
        if let Some(mail) = Mail::parse(&raw) {
            println!(
                "subject={:?} report={:?} dsn_parts={} attached={}",
                mail.subject,
                mail.report_type,
                mail.delivery_status.len(),
                mail.attached.len()
            );
            println!("forward={:?}", forward::unwrap(&mail).map(|m| m.subject));
            for (name, parse) in TEXT_FORMATS {
                if let Some(r) = parse(&mail) {
                    println!("format {name}: {r:?}");
                    break;
                }
            }
            println!("BODY<<{}>>", &mail.body[..mail.body.len().min(3000)]);
        }
        let b = extract(&raw, &text, kind);
        println!(
            "kind={kind:?} forwarded={} records={:#?}",
            b.forwarded, b.records
        );
    }
}
