//! The words the renderer puts around a [`Report`]: the label of each remedy's button and the
//! diagnosis as Markdown or plain text ("Copy as …" on the offline page). Plain Rust, so the
//! wording is tested natively; `t` is the host's translator (English: [`super::strings::english`]).

use crate::remedy::RemedyKind;
use crate::report::{Remedy, Report};

use super::strings::fill;

/// The host's translator: key → localized string.
pub type Translate<'a> = &'a dyn Fn(&str) -> String;

/// The address of a `mailto:` URL, without the query.
pub fn mailto_address(mailto: &str) -> &str {
    let rest = mailto.strip_prefix("mailto:").unwrap_or(mailto);
    rest.split('?').next().unwrap_or(rest)
}

/// The host of an `http(s)` URL.
pub fn url_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// The visible (and accessible) name of a remedy: an action for the Microsoft forms and
/// e-mail routes ("Open the Outlook.com delisting form", "Email delist@microsoft.com"), the
/// concrete fix otherwise.
pub fn remedy_label(remedy: &Remedy, t: Translate) -> String {
    match remedy.kind {
        RemedyKind::OutlookDelistForm => t("remedy_outlook_delist_form"),
        RemedyKind::Office365DelistPortal => t("remedy_office365_delist_portal"),
        RemedyKind::SpamhausDelist if remedy.url.is_some() => t("remedy_spamhaus_delist"),
        RemedyKind::DelistEmail if remedy.mailto.is_some() => {
            let address = mailto_address(remedy.mailto.as_deref().unwrap_or_default());
            fill(&t("remedy_email"), &[("address", address)])
        }
        kind => t(&format!("remedy_{}", kind.as_str())),
    }
}

/// The link a remedy's button opens: the `mailto:` for the e-mail route, else the URL.
pub fn remedy_href(remedy: &Remedy) -> Option<&str> {
    let (first, second) = if remedy.kind == RemedyKind::DelistEmail {
        (&remedy.mailto, &remedy.url)
    } else {
        (&remedy.url, &remedy.mailto)
    };
    first
        .as_deref()
        .and_then(super::safe_href)
        .or_else(|| second.as_deref().and_then(super::safe_href))
}

/// Is the remedy itself the action of opening its link (a delisting form, portal or address),
/// so that its button carries the remedy's name?
pub fn remedy_is_delisting(remedy: &Remedy) -> bool {
    matches!(
        remedy.kind,
        RemedyKind::OutlookDelistForm
            | RemedyKind::Office365DelistPortal
            | RemedyKind::DelistEmail
            | RemedyKind::SpamhausDelist
    ) && remedy_is_action(remedy)
}

/// The label of a link that goes with advice: "Open learn.microsoft.com", "Email postmaster@…".
pub fn remedy_link_label(remedy: &Remedy, t: Translate) -> Option<String> {
    if let Some(url) = remedy.url.as_deref().and_then(super::safe_href) {
        return Some(fill(&t("remedy_open"), &[("host", url_host(url))]));
    }
    let mailto = remedy.mailto.as_deref().and_then(super::safe_href)?;
    Some(fill(
        &t("remedy_email"),
        &[("address", mailto_address(mailto))],
    ))
}

/// Is this remedy something to open (a link or an e-mail) rather than advice?
pub fn remedy_is_action(remedy: &Remedy) -> bool {
    remedy.url.as_deref().and_then(super::safe_href).is_some()
        || remedy
            .mailto
            .as_deref()
            .and_then(super::safe_href)
            .is_some()
}

/// `(label key, value)` facts of the diagnosis card, in display order; only known values.
pub fn facts(report: &Report, t: Translate) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let d = &report.diagnosis;
    let who = d
        .provider
        .as_deref()
        .map(|p| crate::analyze::provider_name(p).to_string());
    let remote = report.recipients.iter().find_map(|r| r.remote_mta.clone());
    match (who, remote) {
        (Some(w), Some(r)) => out.push((t("fact_refused_by"), format!("{w} ({r})"))),
        (Some(w), None) => out.push((t("fact_refused_by"), w)),
        (None, Some(r)) => out.push((t("fact_refused_by"), r)),
        (None, None) => {}
    }
    if !report.outbound_ips.is_empty() {
        out.push((t("fact_outbound_ip"), report.outbound_ips.join(", ")));
    }
    let head = report.recipients.first();
    let code: Vec<String> = [
        head.and_then(|r| r.reply_code).map(|c| c.to_string()),
        head.and_then(|r| r.status.clone()),
        d.provider_code.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !code.is_empty() {
        out.push((t("fact_code"), code.join(" ")));
    }
    if let Some(s) = &report.sender {
        out.push((t("fact_sender"), s.clone()));
    }
    if let Some(m) = &report.reporting_mta {
        out.push((t("fact_reporting_mta"), m.clone()));
    }
    out
}

/// The diagnosis as Markdown. Hostile text from the bounce is put in code spans, so nothing
/// in it turns into a link or markup where the Markdown is pasted.
pub fn markdown(report: &Report, t: Translate) -> String {
    let mut s = String::new();
    let title = if report.is_bounce {
        report.diagnosis.title.clone()
    } else {
        t("not_a_bounce")
    };
    s.push_str(&format!("## {}\n\n", one_line(&title)));
    if !report.diagnosis.explanation.is_empty() {
        s.push_str(&format!("{}\n\n", report.diagnosis.explanation.trim()));
    }
    for (k, v) in facts(report, t) {
        s.push_str(&format!("- **{k}:** {}\n", code_span(&v)));
    }
    if !report.remedies.is_empty() {
        s.push_str(&format!("\n### {}\n\n", t("next_step_heading")));
        for (i, r) in report.remedies.iter().enumerate() {
            let link = remedy_href(r);
            let label = remedy_label(r, t);
            match link {
                Some(l) => s.push_str(&format!(
                    "{}. [{label}](<{l}>): {}\n",
                    i + 1,
                    one_line(&r.summary)
                )),
                None => s.push_str(&format!(
                    "{}. **{label}**: {}\n",
                    i + 1,
                    one_line(&r.summary)
                )),
            }
        }
    }
    if !report.recipients.is_empty() {
        s.push_str(&format!("\n### {}\n\n", t("recipients_heading")));
        for r in &report.recipients {
            let who = r.recipient.as_deref().unwrap_or("?");
            let status = r.status.as_deref().unwrap_or("");
            s.push_str(&format!(
                "- {} {} {}\n",
                code_span(who),
                code_span(status),
                r.reason.as_str()
            ));
            if let Some(d) = &r.diagnostic {
                s.push_str(&format!("  > {}\n", code_span(d)));
            }
        }
    }
    if !report.warnings.is_empty() {
        s.push_str(&format!("\n### {}\n\n", t("warnings_heading")));
        for w in &report.warnings {
            s.push_str(&format!("- {}\n", one_line(&w.message)));
        }
    }
    if !report.diagnosis.sources.is_empty() {
        s.push_str(&format!("\n### {}\n\n", t("sources_heading")));
        for src in report
            .diagnosis
            .sources
            .iter()
            .filter_map(|u| super::safe_href(u))
        {
            s.push_str(&format!("- <{src}>\n"));
        }
    }
    s
}

/// The diagnosis as plain text.
pub fn plain(report: &Report, t: Translate) -> String {
    let mut s = String::new();
    let title = if report.is_bounce {
        report.diagnosis.title.clone()
    } else {
        t("not_a_bounce")
    };
    s.push_str(&format!("{}\n\n", one_line(&title)));
    if !report.diagnosis.explanation.is_empty() {
        s.push_str(&format!("{}\n\n", report.diagnosis.explanation.trim()));
    }
    for (k, v) in facts(report, t) {
        s.push_str(&format!("{k}: {v}\n"));
    }
    if !report.remedies.is_empty() {
        s.push_str(&format!("\n{}:\n", t("next_step_heading")));
        for (i, r) in report.remedies.iter().enumerate() {
            s.push_str(&format!(
                "{}. {}: {}\n",
                i + 1,
                remedy_label(r, t),
                one_line(&r.summary)
            ));
            if let Some(l) = remedy_href(r) {
                s.push_str(&format!("   {l}\n"));
            }
        }
    }
    if !report.recipients.is_empty() {
        s.push_str(&format!("\n{}:\n", t("recipients_heading")));
        for r in &report.recipients {
            let who = r.recipient.as_deref().unwrap_or("?");
            let status = r.status.as_deref().unwrap_or("");
            s.push_str(&format!("- {who} {status} {}\n", r.reason.as_str()));
            if let Some(d) = &r.diagnostic {
                s.push_str(&format!("  {}\n", one_line(d)));
            }
        }
    }
    if !report.warnings.is_empty() {
        s.push_str(&format!("\n{}:\n", t("warnings_heading")));
        for w in &report.warnings {
            s.push_str(&format!("- {}\n", one_line(&w.message)));
        }
    }
    if !report.diagnosis.sources.is_empty() {
        s.push_str(&format!("\n{}:\n", t("sources_heading")));
        for src in &report.diagnosis.sources {
            s.push_str(&format!("- {src}\n"));
        }
    }
    s
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A Markdown code span that holds any text (backtick fences longer than any run inside).
fn code_span(s: &str) -> String {
    let s = one_line(s);
    if s.is_empty() {
        return String::new();
    }
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::strings::english;

    fn t(k: &str) -> String {
        english(k).to_string()
    }

    fn remedy(kind: RemedyKind, url: Option<&str>, mailto: Option<&str>) -> Remedy {
        Remedy {
            kind,
            summary: "s".into(),
            url: url.map(Into::into),
            mailto: mailto.map(Into::into),
            fill_plan: None,
        }
    }

    #[test]
    fn remedy_buttons_are_named_for_the_action() {
        let o = remedy(
            RemedyKind::OutlookDelistForm,
            Some("https://go.microsoft.com/fwlink/?LinkID=614866"),
            None,
        );
        assert_eq!(remedy_label(&o, &t), "Open the Outlook.com delisting form");
        let p = remedy(
            RemedyKind::Office365DelistPortal,
            Some("https://sender.office.com/"),
            None,
        );
        assert_eq!(remedy_label(&p, &t), "Open the Office 365 delist portal");
        let e = remedy(
            RemedyKind::DelistEmail,
            Some("http://go.microsoft.com/fwlink/?LinkId=526653"),
            Some("mailto:delist@microsoft.com?subject=x"),
        );
        assert_eq!(remedy_label(&e, &t), "Email delist@microsoft.com");
        assert!(remedy_href(&e)
            .unwrap()
            .starts_with("mailto:delist@microsoft.com"));
        assert!(remedy_href(&p)
            .unwrap()
            .starts_with("https://sender.office.com"));
        let d = remedy(RemedyKind::FixDns, None, None);
        assert!(remedy_label(&d, &t).starts_with("Fix your DNS"));
        assert!(!remedy_is_action(&d));
        assert!(!remedy_is_action(&remedy(
            RemedyKind::Investigate,
            Some("javascript:alert(1)"),
            None
        )));
    }

    #[test]
    fn markdown_keeps_hostile_text_in_code_spans() {
        let mut r = crate::decode(
            b"550 5.7.1 <script>alert(1)</script> [203.0.113.5] `x` [a](javascript:y)",
        );
        r.is_bounce = true;
        let md = markdown(&r, &t);
        let line = md.lines().find(|l| l.contains("javascript")).unwrap();
        assert!(line.starts_with("  > ``") && line.ends_with("``"), "{md}");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a"), "`` `a ``");
        let txt = plain(&r, &t);
        assert!(!txt.is_empty());
    }
}
