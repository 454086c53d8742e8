//! Our own bounce sets, each written without looking at the decoder (provenance in each set's
//! README): `tests/fixtures/bounces` (non-Microsoft providers), `logs` (mail logs, queue
//! listings, SMTP sessions), `intl` (localized NDRs and company mail servers), `relays` (who
//! really refused when several parties are involved, and look-alikes that are not bounces),
//! `negatives` (ordinary mail that looks like a bounce, and auto-replies), `dsn` (RFC
//! 3464/6533 reports at their edges), `providers` (big mailbox providers and mail-security
//! gateways), `damaged` (truncated, mislabelled, re-encoded, forwarded and hostile inputs),
//! `charsets` (non-Latin scripts and legacy charsets), `tools` (other MTAs' logs and tools'
//! SMTP sessions), `feedback` (complaint reports, auto-replies, receipts, success DSNs), `esp`
//! (sending services' bounces and events), `servers` (mail-server products' own NDRs),
//! `rarefmt` (Sisimai's rarer formats), `queue` (queue listings, retry data, delay notices),
//! `inbox` (an admin's inbox: look-alikes and bounces in awkward wrappers), `intl2` (more
//! languages: localized Exchange, Gmail and Postfix templates, PEC), `fwd` (bounces forwarded
//! by people and ticket systems, in many clients and languages), `apps` (applications' logs of
//! a failed send), `mslogs` (Microsoft's refusals in sending platforms' logs and events),
//! `lists` (mailing-list software around bounces), `paste` (bounces mangled by copying),
//! `mtas2` (classic MTAs' bounces with new texts) and `providers2` (regional mailbox providers),
//! and the later rounds' sets (each described in its README: `mtas3` … `sendmail3`). A set's
//! `expected.todo.jsonl` lists known gaps and is not checked.
//! Every row of a set's `expected.jsonl` — recipient, status, reply code, reason, hard bounce,
//! action, and where the row gives them whether Microsoft refused (`microsoft`), the
//! outbound IP and the sending domain — must be what `rebound::decode` reports for that file, in that order; no file
//! may give more records than it has rows; a `not_a_bounce` row means no record at all. Needs
//! nothing outside this repository.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

/// The sets, and how many files each must have at least.
const SETS: &[(&str, usize)] = &[
    ("bounces", 20),
    ("logs", 20),
    ("intl", 20),
    ("relays", 20),
    ("negatives", 20),
    ("dsn", 20),
    ("providers", 20),
    ("damaged", 20),
    ("charsets", 20),
    ("tools", 20),
    ("feedback", 20),
    ("esp", 19),
    ("servers", 20),
    ("rarefmt", 20),
    ("queue", 20),
    ("inbox", 20),
    ("intl2", 20),
    ("fwd", 20),
    ("apps", 9),
    ("mslogs", 17),
    ("lists", 17),
    ("paste", 15),
    ("mtas2", 20),
    ("providers2", 9),
    ("mtas3", 20),
    ("dsn2", 20),
    ("rhost3", 20),
    ("lhost3", 18),
    ("big4", 20),
    ("asia5", 17),
    ("lhost4", 20),
    ("vintage", 17),
    ("reasons6", 20),
    ("rhost4", 20),
    ("pastes5", 15),
    ("negatives2", 20),
    ("gateways", 20),
    ("mtas5", 20),
    ("dmases", 18),
    ("google2", 20),
    ("arf2", 20),
    ("rfc3464b", 20),
    ("sendmail3", 20),
];

#[test]
fn own_bounces() {
    let mut failures = Vec::new();
    let mut total = 0;
    for (set, at_least) in SETS {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(set);
        let mut rows: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for line in std::fs::read_to_string(dir.join("expected.jsonl"))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            let row: Value = serde_json::from_str(line).unwrap();
            rows.entry(row["file"].as_str().unwrap().to_string())
                .or_default()
                .push(row);
        }
        assert!(rows.len() >= *at_least, "{set}: only {} files", rows.len());
        let before = failures.len();
        let mut count: usize = 0;
        for (file, want) in &rows {
            let report = rebound::decode(&std::fs::read(dir.join(file)).unwrap());
            let name = format!("{set}/{file}");
            if want[0]["not_a_bounce"].as_bool() == Some(true) {
                count += 1;
                if report.is_bounce || !report.recipients.is_empty() {
                    failures.push(format!(
                        "{name}: want not a bounce, got {:?}",
                        report
                            .recipients
                            .iter()
                            .map(|r| (&r.recipient, r.reason.as_str()))
                            .collect::<Vec<_>>()
                    ));
                }
                continue;
            }
            if report.recipients.len() != want.len() {
                failures.push(format!(
                    "{name}: {} records, want {}",
                    report.recipients.len(),
                    want.len()
                ));
            }
            for w in want {
                count += 1;
                let i = w["index"].as_u64().unwrap() as usize - 1;
                let Some(r) = report.recipients.get(i) else {
                    continue;
                };
                let status = if r.status_derived {
                    String::new()
                } else {
                    r.status.clone().unwrap_or_default()
                };
                let got = (
                    r.recipient.clone().unwrap_or_default().to_ascii_lowercase(),
                    status,
                    r.reply_code.map(|c| c.to_string()).unwrap_or_default(),
                    r.reason.as_str().to_string(),
                    r.hard_bounce,
                    r.action.clone(),
                );
                let expected = (
                    w["recipient"].as_str().unwrap().to_ascii_lowercase(),
                    w["status"].as_str().unwrap().to_string(),
                    w["replycode"].as_str().unwrap().to_string(),
                    w["reason"].as_str().unwrap().to_string(),
                    w["hardbounce"].as_bool().unwrap(),
                    w["action"].as_str().map(str::to_string),
                );
                if got != expected {
                    failures.push(format!("{name}#{}: got {got:?}, want {expected:?}", i + 1));
                }
                // Optional keys: who refused (Microsoft's services or not), the feedback type,
                // the sending domain and the outbound IP.
                let microsoft = r
                    .provider
                    .as_deref()
                    .filter(|p| matches!(*p, "outlook.com" | "office365"));
                for (key, got) in [
                    ("microsoft", microsoft),
                    ("feedbacktype", r.feedback_type.as_deref()),
                    ("sending_domain", r.sending_domain.as_deref()),
                    ("outbound_ip", r.outbound_ip.as_deref()),
                ] {
                    if let Some(want) = w.get(key).filter(|want| got != want.as_str()) {
                        failures.push(format!("{name}#{}: {key} {got:?}, want {want}", i + 1));
                    }
                }
            }
        }
        total += count;
        println!(
            "{set}: {}/{count} rows right",
            count.saturating_sub(failures.len() - before)
        );
    }
    println!("own bounce sets: {total} rows");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
