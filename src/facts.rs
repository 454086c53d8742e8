//! `Facts`: what a format parser found about one bounced recipient, before classification.

use crate::reason::Reason;

/// One bounce record as a format parser (RFC 3464, an MTA text format, a log line …) found it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub recipient: Option<String>,
    /// Enhanced status code as written by the reporting MTA (may be generic, e.g. Exim's 5.0.0).
    pub status: Option<String>,
    pub reply_code: Option<u16>,
    /// The remote server's text (or the MTA's error text), unfolded to one line.
    pub diagnostic: Option<String>,
    /// The type of the Diagnostic-Code field, upper case (`SMTP`, `X-UNIX`, `X-POSTFIX` …);
    /// `None` when the bounce has no such field. A local mailer's exit code (`X-Unix; 255`) is
    /// not an SMTP reply, and the classifier reads it differently (as Sisimai does).
    pub diagnostic_type: Option<String>,
    /// RFC 3464 Action, lower case.
    pub action: Option<String>,
    pub remote_mta: Option<String>,
    /// `CONN`, `EHLO`, `HELO`, `MAIL`, `RCPT`, `DATA`, `STARTTLS`.
    pub smtp_command: Option<String>,
    /// A reason the format itself implies (an auto-reply is `vacation`, ARF is `feedback`,
    /// "retry time exceeded" is `expired` …). Provider rules and the classifier respect it.
    pub reason_hint: Option<Reason>,
    pub feedback_type: Option<String>,
    /// `status` was not written in the bounce: the parsers derived `X.0.0` from the reply
    /// code's class (or the action) because the bounce carries no enhanced code. A front end
    /// that must show only codes seen in the input can drop it.
    pub status_derived: bool,
}

impl Facts {
    pub fn with_recipient(recipient: impl Into<String>) -> Self {
        Facts {
            recipient: Some(recipient.into()),
            ..Facts::default()
        }
    }
}

/// Everything the format parsers extracted from one input.
#[derive(Debug, Clone, Default)]
pub struct Bounce {
    pub records: Vec<Facts>,
    /// The MTA that wrote the bounce.
    pub reporting_mta: Option<String>,
    /// The original sender's address (envelope sender or `From` of the returned message).
    pub sender: Option<String>,
    /// The parsed message, when the input was one.
    pub mail: Option<crate::mail::Mail>,
    /// The whole input as text (LF line ends).
    pub text: String,
    /// The bounce came inside a user's forward.
    pub forwarded: bool,
    /// Non-English NDR section markers were seen.
    pub localized: bool,
    /// What parsing learned about the input beyond [`crate::input::detect`]'s first look: a
    /// `Feedback` (ARF) or `AutoReply` (RFC 3834) message.
    pub kind: Option<crate::report::InputKind>,
    /// Who wrote the NDR as far as Microsoft's context goes, worked out once per bounce on first
    /// use by `provider::microsoft` (a bounce with 10,000 recipients asks for every one). Left
    /// empty by the parsers.
    pub(crate) microsoft_context: std::cell::OnceCell<Option<&'static str>>,
}
