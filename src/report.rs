//! The `Report`: the one serialised shape shared by the CLI (`--json`), the popup and `www/`.
//!
//! Schema version 1 (DESIGN.md "Report"). Changes must be additive: new optional fields only.

use serde::{Deserialize, Serialize};

use crate::forms::FillPlan;
use crate::reason::Reason;
use crate::remedy::RemedyKind;

pub const SCHEMA_VERSION: u32 = 1;

/// What kind of paste the input was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// An RFC 5322 message carrying a `multipart/report` delivery-status part.
    Dsn,
    /// An RFC 5322 message whose bounce is plain text written by an MTA or provider.
    Eml,
    /// NDR text without mail headers (copied out of a webmail UI or a mail client).
    NdrText,
    /// Mail server log lines (Postfix, Exim, Sendmail).
    Log,
    /// An SMTP session transcript (swaks and the like).
    Transcript,
    /// A single pasted SMTP reply line.
    ReplyLine,
    /// A user's forward of a bounce (`Fwd:` inline or attached).
    Forwarded,
    /// An RFC 5965 feedback (abuse) report.
    Feedback,
    /// An RFC 3834 auto-reply (vacation).
    AutoReply,
    /// Anything else.
    Unknown,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Dsn => "dsn",
            InputKind::Eml => "eml",
            InputKind::NdrText => "ndr_text",
            InputKind::Log => "log",
            InputKind::Transcript => "transcript",
            InputKind::ReplyLine => "reply_line",
            InputKind::Forwarded => "forwarded",
            InputKind::Feedback => "feedback",
            InputKind::AutoReply => "auto_reply",
            InputKind::Unknown => "unknown",
        }
    }
}

/// The decoded bounce.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub input_kind: InputKind,
    pub is_bounce: bool,
    /// The MTA that wrote the bounce (`Reporting-MTA`, or the host in its `Received`).
    pub reporting_mta: Option<String>,
    /// The original sender (envelope sender or `From` of the bounced message).
    pub sender: Option<String>,
    pub sending_domain: Option<String>,
    /// Outbound IPs of the sending side, most authoritative first (the one the rejecting
    /// server quoted, then `CIP`, then the sender host in the receiver's `Received`).
    pub outbound_ips: Vec<String>,
    pub recipients: Vec<Recipient>,
    pub diagnosis: Diagnosis,
    pub remedies: Vec<Remedy>,
    pub warnings: Vec<Warning>,
}

/// One bounced (or delayed) recipient. The field names are the `scan --jsonl` contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recipient {
    pub recipient: Option<String>,
    /// Enhanced status code (RFC 3463) of the remote server's reply, e.g. "5.7.1".
    pub status: Option<String>,
    pub reply_code: Option<u16>,
    pub reason: Reason,
    /// Sisimai's meaning: true only when the address itself is bad.
    pub hard_bounce: bool,
    /// "failed", "delayed", "delivered", "relayed", "expanded" (RFC 3464), or null.
    pub action: Option<String>,
    pub remote_mta: Option<String>,
    /// The remote server's own words, unfolded.
    pub diagnostic: Option<String>,
    pub provider: Option<String>,
    pub provider_code: Option<String>,
    pub outbound_ip: Option<String>,
    pub sending_domain: Option<String>,
    pub remedy: RemedyKind,
    /// SMTP command after which the error came (`CONN`, `HELO`, `MAIL`, `RCPT`, `DATA`).
    pub smtp_command: Option<String>,
    /// RFC 5965 Feedback-Type for `feedback` reports.
    pub feedback_type: Option<String>,
    /// `status` is not in the input: derived `X.0.0` from the reply code (Sisimai's pseudo
    /// status). Front ends that show only codes the bounce printed treat it as null.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub status_derived: bool,
}

/// The headline diagnosis: who refused, why, what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Diagnosis {
    pub provider: Option<String>,
    pub provider_code: Option<String>,
    /// One line for a stressed admin: "Outlook.com refuses mail from 203.0.113.45 — IP blocklisted (S3150)".
    pub title: String,
    /// What it means, in plain words.
    pub explanation: String,
    pub remedy: RemedyKind,
    /// Where the explanation comes from (documentation URLs).
    pub sources: Vec<String>,
}

/// One thing the admin can do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Remedy {
    pub kind: RemedyKind,
    pub summary: String,
    pub url: Option<String>,
    pub mailto: Option<String>,
    pub fill_plan: Option<FillPlan>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub code: String,
    pub message: String,
}

impl Warning {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Warning {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl Report {
    /// Whether a warning with this code is present.
    pub fn has_warning(&self, code: &str) -> bool {
        self.warnings.iter().any(|w| w.code == code)
    }

    /// The first recipient's outbound IP, else the report's most authoritative one.
    pub fn outbound_ip(&self) -> Option<&str> {
        self.outbound_ips.first().map(String::as_str)
    }
}
