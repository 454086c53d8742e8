//! From extracted records to the `Report`: classify each recipient, decide provider, outbound
//! IP, warnings, the diagnosis and the remedies.

use crate::facts::{Bounce, Facts};
use crate::provider;
use crate::reason::{self, Reason};
use crate::remedy::{self, RemedyKind};
use crate::report::{Diagnosis, InputKind, Recipient, Remedy, Report, Warning, SCHEMA_VERSION};
use crate::smtp;

/// Build the report for what the parsers found.
pub fn report(kind: InputKind, bounce: &Bounce) -> Report {
    let sending_domain = bounce.sender.as_deref().and_then(domain_of);
    let mut warnings: Vec<Warning> = Vec::new();
    let mut recipients: Vec<Recipient> = Vec::new();
    let mut verdicts = Vec::new();
    for facts in &bounce.records {
        let facts = normalise(facts);
        let verdict = provider::judge(&facts, bounce);
        let reason = verdict.reason.unwrap_or_else(|| reason::classify(&facts));
        let temporary = facts.reply_code.is_some_and(|c| c < 500)
            || facts.status.as_deref().is_some_and(|s| s.starts_with('4'));
        let remedy = verdict.remedy.unwrap_or_else(|| remedy::for_reason(reason, temporary));
        recipients.push(Recipient {
            recipient: facts.recipient.clone(),
            status: facts.status.clone(),
            reply_code: facts.reply_code,
            reason,
            hard_bounce: reason.is_hard_bounce(facts.reply_code, facts.status.as_deref()),
            action: facts.action.clone().or_else(|| Some(if temporary { "delayed" } else { "failed" }.into())),
            remote_mta: facts.remote_mta.clone(),
            diagnostic: facts.diagnostic.clone(),
            provider: verdict.provider.map(str::to_string),
            provider_code: verdict.provider_code.clone(),
            outbound_ip: None,
            sending_domain: sending_domain.clone(),
            remedy,
            smtp_command: facts.smtp_command.clone(),
            feedback_type: facts.feedback_type.clone(),
        });
        verdicts.push(verdict);
    }
    let is_bounce = !recipients.is_empty();
    if !is_bounce {
        warnings.push(Warning::new("not_a_bounce", "This does not look like a bounce I recognise."));
    }
    let first = verdicts.first().cloned().unwrap_or_default();
    let head = recipients.first();
    let diagnosis = Diagnosis {
        provider: first.provider.map(str::to_string),
        provider_code: first.provider_code.clone(),
        title: headline(head, &first),
        explanation: first
            .explanation
            .map(str::to_string)
            .or_else(|| head.map(|r| capitalise(r.reason.describe())))
            .unwrap_or_default(),
        remedy: head.map(|r| r.remedy).unwrap_or(RemedyKind::None),
        sources: first.sources.iter().map(|s| s.to_string()).collect(),
    };
    let remedies: Vec<Remedy> = match head {
        Some(r) if r.remedy != RemedyKind::None => vec![Remedy {
            kind: r.remedy,
            summary: format!("Next step: {}", r.remedy.as_str()),
            url: first.support_url.map(str::to_string),
            mailto: None,
            fill_plan: None,
        }],
        _ => Vec::new(),
    };
    Report {
        schema_version: SCHEMA_VERSION,
        input_kind: if bounce.forwarded { InputKind::Forwarded } else { kind },
        is_bounce,
        reporting_mta: bounce.reporting_mta.clone(),
        sender: bounce.sender.clone(),
        sending_domain,
        outbound_ips: Vec::new(),
        recipients,
        diagnosis,
        remedies,
        warnings,
    }
}

/// Replace a generic DSN status (Exim's 5.0.0) with the code in the remote's own text, and fill
/// the reply code from the text.
fn normalise(facts: &Facts) -> Facts {
    let mut f = facts.clone();
    if let Some(d) = f.diagnostic.as_deref() {
        let own = smtp::find_status(d);
        match (&f.status, own) {
            (None, Some(s)) => f.status = Some(s),
            (Some(s), Some(o)) if smtp::is_generic_status(s) => f.status = Some(o),
            _ => {}
        }
        if f.reply_code.is_none() {
            f.reply_code = smtp::find_reply_code(d);
        }
    }
    f
}

fn headline(head: Option<&Recipient>, verdict: &provider::Verdict) -> String {
    let Some(r) = head else { return "Not a bounce I recognise".to_string() };
    let who = verdict.provider.map(provider_name).unwrap_or("The receiving server");
    let why = verdict.title.unwrap_or(r.reason.describe());
    match &r.recipient {
        Some(rcpt) => format!("{who} refused mail to {rcpt} — {why}"),
        None => format!("{who} refused the mail — {why}"),
    }
}

/// Display name of a provider id.
pub fn provider_name(id: &str) -> &str {
    match id {
        "outlook.com" => "Outlook.com",
        "office365" => "Microsoft 365",
        "gmail" => "Gmail",
        "yahoo" => "Yahoo",
        "apple" => "Apple iCloud",
        other => other,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Lower-case domain of an address.
pub fn domain_of(address: &str) -> Option<String> {
    let a = address.trim().trim_matches(['<', '>']);
    let (_, d) = a.rsplit_once('@')?;
    let d = d.trim().trim_end_matches('.').to_ascii_lowercase();
    if d.is_empty() { None } else { Some(d) }
}

#[allow(dead_code)]
fn is_reason(r: &Recipient, reason: Reason) -> bool {
    r.reason == reason
}
