//! The human `decode` report, for a stressed admin: the headline first, then what it means, the
//! next step with its link and the form values it would fill, then the details. Styles are
//! plain ANSI; the caller's `anstream` writer drops them when stdout is not a terminal.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use rebound::report::{Recipient, Remedy, Report};

const WIDTH: usize = 78;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const HEAD_BAD: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
const HEAD_SOFT: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
const LINK: Style = Style::new()
    .underline()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
const VALUE: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));

/// Write the whole human report.
pub fn write_report(out: &mut impl Write, report: &Report) -> io::Result<()> {
    if !report.is_bounce {
        return write_not_a_bounce(out, report);
    }
    let temporary = report
        .recipients
        .iter()
        .all(|r| r.action.as_deref() == Some("delayed"));
    let head = if temporary { HEAD_SOFT } else { HEAD_BAD };
    writeln!(out, "{head}{}{head:#}", report.diagnosis.title)?;

    if !report.diagnosis.explanation.is_empty() {
        section(out, "What it means")?;
        wrap(out, &report.diagnosis.explanation, 2)?;
    }

    if !report.remedies.is_empty() {
        section(
            out,
            if report.remedies.len() == 1 {
                "Next step"
            } else {
                "Next steps"
            },
        )?;
        for (i, remedy) in report.remedies.iter().enumerate() {
            write_remedy(out, i + 1, remedy, report.remedies.len() > 1)?;
        }
    }

    section(out, "Details")?;
    let facts: [(&str, Option<String>); 4] = [
        ("sender", report.sender.clone()),
        ("sending domain", report.sending_domain.clone()),
        (
            "outbound IP",
            (!report.outbound_ips.is_empty()).then(|| report.outbound_ips.join(", ")),
        ),
        ("reporting MTA", report.reporting_mta.clone()),
    ];
    for (label, value) in facts {
        if let Some(v) = value {
            field(out, label, &v)?;
        }
    }
    field(out, "input", report.input_kind.as_str())?;
    for (i, r) in report.recipients.iter().enumerate() {
        write_recipient(out, i + 1, r, report.recipients.len())?;
    }

    write_warnings(out, report)?;
    if !report.diagnosis.sources.is_empty() {
        section(out, "Sources")?;
        for source in &report.diagnosis.sources {
            writeln!(out, "  {source}")?;
        }
    }
    Ok(())
}

fn write_not_a_bounce(out: &mut impl Write, report: &Report) -> io::Result<()> {
    writeln!(out, "{BOLD}{}{BOLD:#}", report.diagnosis.title)?;
    writeln!(out)?;
    wrap(
        out,
        "No bounced recipient was found. Rebound reads .eml files, DSNs, NDR text copied from a \
         mail client, mail.log lines and SMTP transcripts.",
        0,
    )?;
    section(out, "What it saw")?;
    field(out, "input", report.input_kind.as_str())?;
    if let Some(s) = &report.sender {
        field(out, "sender", s)?;
    }
    if let Some(m) = &report.reporting_mta {
        field(out, "reporting MTA", m)?;
    }
    let others: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.code != "not_a_bounce")
        .collect();
    if !others.is_empty() {
        section(out, "Warnings")?;
        for w in others {
            wrap(out, &format!("{} ({})", w.message, w.code), 2)?;
        }
    }
    Ok(())
}

fn write_remedy(out: &mut impl Write, n: usize, remedy: &Remedy, numbered: bool) -> io::Result<()> {
    // The section is already headed "Next step".
    let text = remedy
        .summary
        .strip_prefix("Next step:")
        .map_or(remedy.summary.as_str(), str::trim_start);
    let first = if numbered {
        format!("  {n}. ")
    } else {
        "  ".to_string()
    };
    hanging(out, &first, if numbered { 5 } else { 2 }, text, BOLD)?;
    let pad = if numbered { 5 } else { 4 };
    if let Some(url) = &remedy.url {
        writeln!(out, "{:pad$}{LINK}{url}{LINK:#}", "")?;
    }
    if let Some(mailto) = &remedy.mailto {
        let shown = mailto.strip_prefix("mailto:").unwrap_or(mailto);
        writeln!(out, "{:pad$}email {LINK}{shown}{LINK:#}", "")?;
    }
    if let Some(plan) = &remedy.fill_plan {
        let filled: Vec<_> = plan.fields.iter().filter(|f| !f.value.is_empty()).collect();
        let empty: Vec<_> = plan.fields.iter().filter(|f| f.value.is_empty()).collect();
        if !filled.is_empty() {
            writeln!(out, "\n{:pad$}{BOLD}Values for the form{BOLD:#} {DIM}(the browser extension fills these for you){DIM:#}",
                "")?;
            let width = filled
                .iter()
                .map(|f| f.label.chars().count())
                .max()
                .unwrap_or(0)
                .min(28);
            for f in filled {
                let first = format!("{:pad$}{:<width$}  ", "", f.label);
                hanging(out, &first, pad + width + 2, &f.value, VALUE)?;
            }
        }
        if !empty.is_empty() {
            let labels: Vec<&str> = empty.iter().map(|f| f.label.as_str()).collect();
            wrap(out, &format!("You fill in: {}.", labels.join(", ")), pad)?;
        }
    }
    Ok(())
}

fn write_recipient(out: &mut impl Write, n: usize, r: &Recipient, total: usize) -> io::Result<()> {
    let who = r.recipient.as_deref().unwrap_or("(recipient not named)");
    if total > 1 {
        writeln!(out, "\n  {BOLD}{n}. {who}{BOLD:#}")?;
    } else {
        writeln!(out, "\n  {BOLD}{who}{BOLD:#}")?;
    }
    let code = match (&r.reply_code, &r.status) {
        (Some(c), Some(s)) => Some(format!("{c} {s}")),
        (Some(c), None) => Some(c.to_string()),
        (None, Some(s)) => Some(s.clone()),
        (None, None) => None,
    };
    let hard = if r.hard_bounce {
        "yes: the address itself is bad"
    } else {
        "no"
    };
    let rows: [(&str, Option<String>); 8] = [
        ("code", code),
        ("reason", Some(r.reason.as_str().to_string())),
        ("hard bounce", Some(hard.to_string())),
        ("action", r.action.clone()),
        (
            "provider",
            r.provider.clone().map(|p| match &r.provider_code {
                Some(c) => format!("{p} ({c})"),
                None => p,
            }),
        ),
        ("remote MTA", r.remote_mta.clone()),
        ("outbound IP", r.outbound_ip.clone()),
        ("SMTP command", r.smtp_command.clone()),
    ];
    for (label, value) in rows {
        if let Some(v) = value {
            indented_field(out, 4, label, &v)?;
        }
    }
    if let Some(d) = &r.diagnostic {
        indented_field(out, 4, "server said", "")?;
        wrap(out, d, 6)?;
    }
    Ok(())
}

fn write_warnings(out: &mut impl Write, report: &Report) -> io::Result<()> {
    if report.warnings.is_empty() {
        return Ok(());
    }
    section(out, "Warnings")?;
    for w in &report.warnings {
        wrap(out, &format!("{} ({})", w.message, w.code), 2)?;
    }
    Ok(())
}

fn section(out: &mut impl Write, title: &str) -> io::Result<()> {
    writeln!(out, "\n{BOLD}{title}{BOLD:#}")
}

fn field(out: &mut impl Write, label: &str, value: &str) -> io::Result<()> {
    indented_field(out, 2, label, value)
}

fn indented_field(out: &mut impl Write, indent: usize, label: &str, value: &str) -> io::Result<()> {
    if value.is_empty() {
        return writeln!(out, "{:indent$}{DIM}{label}{DIM:#}", "");
    }
    writeln!(out, "{:indent$}{DIM}{label:<14}{DIM:#} {value}", "")
}

/// `first`, then `text` in `style`, word-wrapped at [`WIDTH`] with continuation lines indented
/// by `indent`. Line breaks in `text` are kept; a word longer than a line is not broken.
fn hanging(
    out: &mut impl Write,
    first: &str,
    indent: usize,
    text: &str,
    style: Style,
) -> io::Result<()> {
    let mut prefix = first.to_string();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let used = prefix.chars().count() + line.chars().count();
            if !line.is_empty() && used + 1 + word.chars().count() > WIDTH {
                writeln!(out, "{prefix}{style}{line}{style:#}")?;
                line.clear();
                prefix = " ".repeat(indent);
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        writeln!(out, "{prefix}{style}{line}{style:#}")?;
        prefix = " ".repeat(indent);
    }
    if text.is_empty() {
        writeln!(out, "{}", first.trim_end())?;
    }
    Ok(())
}

/// Word-wrap `text` at [`WIDTH`] columns, every line indented; long words are not broken.
fn wrap(out: &mut impl Write, text: &str, indent: usize) -> io::Result<()> {
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let len = line.chars().count();
            if len > 0 && indent + len + 1 + word.chars().count() > WIDTH {
                writeln!(out, "{:indent$}{line}", "")?;
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            writeln!(out, "{:indent$}{line}", "")?;
        }
    }
    Ok(())
}

/// Counts for the `scan` summary table.
#[derive(Default)]
pub struct Summary {
    pub files: usize,
    pub messages: usize,
    pub bounces: usize,
    pub not_bounces: usize,
    pub recipients: usize,
    pub unreadable: usize,
    pub by_reason: std::collections::BTreeMap<String, usize>,
    pub by_provider: std::collections::BTreeMap<String, usize>,
    pub by_remedy: std::collections::BTreeMap<String, usize>,
}

impl Summary {
    pub fn add(&mut self, report: &Report) {
        self.messages += 1;
        if !report.is_bounce {
            self.not_bounces += 1;
            return;
        }
        self.bounces += 1;
        for r in &report.recipients {
            self.recipients += 1;
            *self
                .by_reason
                .entry(r.reason.as_str().to_string())
                .or_default() += 1;
            let provider = r.provider.clone().unwrap_or_else(|| "(other)".to_string());
            *self.by_provider.entry(provider).or_default() += 1;
            *self
                .by_remedy
                .entry(r.remedy.as_str().to_string())
                .or_default() += 1;
        }
    }
}

/// The `scan` summary: totals, then recipients by reason, provider and remedy, most first.
pub fn write_summary(out: &mut impl Write, s: &Summary) -> io::Result<()> {
    writeln!(
        out,
        "{BOLD}Scanned {} file{}: {} message{}, {} bounce{} ({} recipient{}), {} non-bounce{}{}{BOLD:#}",
        s.files,
        plural(s.files),
        s.messages,
        plural(s.messages),
        s.bounces,
        plural(s.bounces),
        s.recipients,
        plural(s.recipients),
        s.not_bounces,
        plural(s.not_bounces),
        if s.unreadable > 0 { format!(", {} unreadable", s.unreadable) } else { String::new() },
    )?;
    for (title, counts) in [
        ("reason", &s.by_reason),
        ("provider", &s.by_provider),
        ("remedy", &s.by_remedy),
    ] {
        if counts.is_empty() {
            continue;
        }
        let mut rows: Vec<(&String, &usize)> = counts.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let width = rows
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0)
            .max(title.len() + 3);
        writeln!(
            out,
            "\n{BOLD}{:<width$}  recipients{BOLD:#}",
            format!("by {title}")
        )?;
        for (name, n) in rows {
            let pct = 100.0 * *n as f64 / s.recipients.max(1) as f64;
            writeln!(out, "{name:<width$}  {n:>10}  {DIM}{pct:>5.1}%{DIM:#}")?;
        }
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
