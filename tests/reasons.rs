//! Reason classification measured alone: every `expected.jsonl` row's own extraction (Sisimai's
//! `diagnosticcode`, `status`, `replycode`, `smtpcommand`, `rhost`) is fed to the provider tables
//! and the classifier, so the score does not depend on the format parsers. Prints a per-group
//! table; `REBOUND_SHOW_MISSES=1` lists the misses.

mod common;

use std::collections::BTreeMap;

use rebound::facts::{Bounce, Facts};
use rebound::reason::{self, Reason};
use rebound::{provider, smtp};
use serde_json::Value;

fn group_of(file: &str) -> String {
    let stem = file.trim_end_matches(".eml");
    match stem.rsplit_once('-') {
        Some((g, n)) if n.chars().all(|c| c.is_ascii_digit()) => g.to_string(),
        _ => stem.to_string(),
    }
}

fn text(row: &Value, key: &str) -> Option<String> {
    match &row[key] {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The facts a parser would hand over for this row: Sisimai's pseudo status codes are not in the
/// email, so they are left out (and the code in the text is used, as `analyze` does).
fn facts_of(row: &Value) -> Facts {
    let diagnostic = text(row, "diagnosticcode");
    let pseudo = row["status_is_pseudo"].as_bool().unwrap_or(false);
    let mut status = text(row, "status").filter(|_| !pseudo);
    if let Some(d) = diagnostic.as_deref() {
        let own = smtp::find_status(d);
        match (&status, own) {
            (None, Some(s)) => status = Some(s),
            (Some(s), Some(o)) if smtp::is_generic_status(s) => status = Some(o),
            _ => {}
        }
    }
    let reply_code = text(row, "replycode")
        .and_then(|r| r.parse().ok())
        .or_else(|| diagnostic.as_deref().and_then(smtp::find_reply_code));
    let file = row["file"].as_str().unwrap_or("");
    let reason_hint = if text(row, "feedbacktype").is_some() {
        Some(Reason::Feedback)
    } else if file.starts_with("rfc3834") {
        Some(Reason::Vacation)
    } else {
        None
    };
    Facts {
        recipient: text(row, "recipient"),
        status,
        reply_code,
        diagnostic,
        remote_mta: text(row, "rhost"),
        smtp_command: text(row, "smtpcommand"),
        reason_hint,
        ..Facts::default()
    }
}

#[test]
fn reasons_from_sisimai_extraction() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let expected = std::fs::read_to_string(shared.join("corpus/expected.jsonl")).unwrap();
    let mut groups: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    let bounce = Bounce::default();
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        let row: Value = serde_json::from_str(line).unwrap();
        let file = row["file"].as_str().unwrap_or("");
        let facts = facts_of(&row);
        let verdict = provider::judge(&facts, &bounce);
        let got = verdict.reason.unwrap_or_else(|| reason::classify(&facts));
        let hard = reason::hard_bounce(
            got,
            facts.reply_code,
            facts.status.as_deref(),
            facts.diagnostic.as_deref(),
        );
        let want = row["reason"].as_str().unwrap_or("");
        let want_hard = row["hardbounce"].as_bool().unwrap_or(false);
        let g = groups.entry(group_of(file)).or_default();
        g.0 += 1;
        if got.as_str() == want {
            g.1 += 1;
        } else {
            misses.push(format!(
                "{file}: {} want {want} [{} {:?} {:?} {:?}] {:?}",
                got.as_str(),
                facts.status.as_deref().unwrap_or("-"),
                facts.reply_code,
                facts.smtp_command,
                verdict.provider,
                facts
                    .diagnostic
                    .as_deref()
                    .map(|d| d.chars().take(160).collect::<String>())
            ));
        }
        if hard == want_hard {
            g.2 += 1;
        } else {
            misses.push(format!(
                "{file}: hard_bounce {hard} want {want_hard} ({})",
                got.as_str()
            ));
        }
    }
    let (mut rows, mut ok, mut hard) = (0, 0, 0);
    println!(
        "{:<28} {:>5} {:>9} {:>9}",
        "group", "rows", "reason", "hard"
    );
    for (name, (n, r, h)) in &groups {
        let pct = |x: usize| 100.0 * x as f64 / (*n).max(1) as f64;
        println!("{name:<28} {n:>5} {:>8.1}% {:>8.1}%", pct(*r), pct(*h));
        rows += n;
        ok += r;
        hard += h;
    }
    let pct = |x: usize| 100.0 * x as f64 / rows.max(1) as f64;
    println!(
        "{:<28} {rows:>5} {:>8.1}% {:>8.1}%",
        "TOTAL",
        pct(ok),
        pct(hard)
    );
    if std::env::var_os("REBOUND_SHOW_MISSES").is_some() {
        for m in &misses {
            println!("MISS {m}");
        }
    }
    assert!(rows > 0, "no corpus rows ran");
    assert!(pct(ok) >= 90.0, "reason {:.1}% < 90%", pct(ok));
    assert!(pct(hard) >= 90.0, "hard_bounce {:.1}% < 90%", pct(hard));
}
