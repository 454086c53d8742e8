//! Accuracy over `../shared/corpus` (Sisimai's public samples with expected answers). Prints a
//! per-group table like Sisimai's ANALYTICAL-PRECISION and fails below the thresholds.

mod common;

use std::collections::BTreeMap;

use serde_json::Value;

#[derive(Default)]
struct Score {
    rows: usize,
    found: usize,
    reason: usize,
    status: usize,
    hard: usize,
}

fn group_of(file: &str) -> String {
    let stem = file.trim_end_matches(".eml");
    match stem.rsplit_once('-') {
        Some((g, n)) if n.chars().all(|c| c.is_ascii_digit()) => g.to_string(),
        _ => stem.to_string(),
    }
}

#[test]
fn corpus_accuracy() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let corpus = shared.join("corpus");
    let expected = std::fs::read_to_string(corpus.join("expected.jsonl")).unwrap();
    let mut by_file: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).unwrap();
        by_file
            .entry(v["file"].as_str().unwrap().to_string())
            .or_default()
            .push(v);
    }
    let mut groups: BTreeMap<String, Score> = BTreeMap::new();
    let mut misses: Vec<String> = Vec::new();
    for (file, rows) in &by_file {
        let data = std::fs::read(corpus.join("emails").join(file)).unwrap();
        let report = rebound::decode(&data);
        let g = groups.entry(group_of(file)).or_default();
        for row in rows {
            g.rows += 1;
            let want = row["recipient"].as_str().unwrap_or("").to_ascii_lowercase();
            let idx = row["index"].as_u64().unwrap_or(1) as usize - 1;
            let got = report
                .recipients
                .iter()
                .find(|r| {
                    r.recipient
                        .as_deref()
                        .map(str::to_ascii_lowercase)
                        .as_deref()
                        == Some(want.as_str())
                })
                .or_else(|| {
                    if want.is_empty() {
                        report.recipients.get(idx)
                    } else {
                        None
                    }
                });
            let Some(got) = got else {
                misses.push(format!(
                    "{file}: recipient {want} not found (got {:?})",
                    report
                        .recipients
                        .iter()
                        .map(|r| r.recipient.clone())
                        .collect::<Vec<_>>()
                ));
                continue;
            };
            g.found += 1;
            let want_reason = row["reason"].as_str().unwrap_or("");
            if got.reason.as_str() == want_reason {
                g.reason += 1;
            } else {
                misses.push(format!(
                    "{file}: reason {} want {want_reason} [{}] {:?}",
                    got.reason.as_str(),
                    got.status.as_deref().unwrap_or("-"),
                    got.diagnostic
                        .as_deref()
                        .map(|d| d.chars().take(120).collect::<String>())
                ));
            }
            let want_status = row["status"].as_str().unwrap_or("");
            let pseudo = row["status_is_pseudo"].as_bool().unwrap_or(false);
            let got_status = got.status.as_deref().unwrap_or("");
            let status_ok = if pseudo {
                got_status.chars().next() == want_status.chars().next()
            } else {
                got_status == want_status
            };
            if status_ok {
                g.status += 1;
            } else {
                misses.push(format!(
                    "{file}: status {got_status:?} want {want_status:?}"
                ));
            }
            if got.hard_bounce == row["hardbounce"].as_bool().unwrap_or(false) {
                g.hard += 1;
            } else {
                misses.push(format!(
                    "{file}: hard_bounce {} want {}",
                    got.hard_bounce, !got.hard_bounce
                ));
            }
        }
    }
    // Negatives must not be bounces.
    let negatives = std::fs::read_to_string(corpus.join("negatives.txt")).unwrap();
    let mut neg_ok = true;
    for file in negatives.lines().filter(|l| !l.trim().is_empty()) {
        let report =
            rebound::decode(&std::fs::read(corpus.join("emails").join(file.trim())).unwrap());
        if report.is_bounce || !report.has_warning("not_a_bounce") {
            neg_ok = false;
            misses.push(format!("{file}: negative decoded as a bounce"));
        }
    }

    let mut total = Score::default();
    println!(
        "{:<28} {:>5} {:>9} {:>9} {:>9} {:>9}",
        "group", "rows", "found", "reason", "status", "hard"
    );
    for (name, s) in &groups {
        let pct = |n: usize| 100.0 * n as f64 / s.rows.max(1) as f64;
        println!(
            "{name:<28} {:>5} {:>8.1}% {:>8.1}% {:>8.1}% {:>8.1}%",
            s.rows,
            pct(s.found),
            pct(s.reason),
            pct(s.status),
            pct(s.hard)
        );
        total.rows += s.rows;
        total.found += s.found;
        total.reason += s.reason;
        total.status += s.status;
        total.hard += s.hard;
    }
    let pct = |n: usize| 100.0 * n as f64 / total.rows.max(1) as f64;
    println!(
        "{:<28} {:>5} {:>8.1}% {:>8.1}% {:>8.1}% {:>8.1}%",
        "TOTAL",
        total.rows,
        pct(total.found),
        pct(total.reason),
        pct(total.status),
        pct(total.hard)
    );
    if std::env::var_os("REBOUND_SHOW_MISSES").is_some() {
        for m in &misses {
            println!("MISS {m}");
        }
    }
    assert!(total.rows > 0, "no corpus rows ran");
    assert!(neg_ok, "a negative control was decoded as a bounce");
    assert!(
        pct(total.found) >= 98.0,
        "recipients found {:.1}% < 98%",
        pct(total.found)
    );
    assert!(
        pct(total.reason) >= 95.0,
        "reason {:.1}% < 95%",
        pct(total.reason)
    );
    assert!(
        pct(total.status) >= 95.0,
        "status {:.1}% < 95%",
        pct(total.status)
    );
    assert!(
        pct(total.hard) >= 95.0,
        "hard_bounce {:.1}% < 95%",
        pct(total.hard)
    );
}
