//! Our own non-Microsoft bounces (`tests/fixtures/bounces`, written without looking at the
//! decoder; provenance in its README): every row of `expected.jsonl` — recipient, status, reply
//! code, reason, hard bounce, action — must be what `rebound::decode` reports for that file, in
//! that order, and no file may give more records than it has rows. Needs nothing outside this
//! repository.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

#[test]
fn own_bounces() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bounces");
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
    assert!(rows.len() >= 20, "only {} files", rows.len());
    let mut failures = Vec::new();
    let mut total = 0;
    for (file, want) in &rows {
        let report = rebound::decode(&std::fs::read(dir.join(file)).unwrap());
        if report.recipients.len() != want.len() {
            failures.push(format!(
                "{file}: {} records, want {}",
                report.recipients.len(),
                want.len()
            ));
        }
        for w in want {
            total += 1;
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
                r.action.clone().unwrap_or_default(),
            );
            let expected = (
                w["recipient"].as_str().unwrap().to_ascii_lowercase(),
                w["status"].as_str().unwrap().to_string(),
                w["replycode"].as_str().unwrap().to_string(),
                w["reason"].as_str().unwrap().to_string(),
                w["hardbounce"].as_bool().unwrap(),
                w["action"].as_str().unwrap().to_string(),
            );
            if got != expected {
                failures.push(format!("{file}#{}: got {got:?}, want {expected:?}", i + 1));
            }
        }
    }
    println!("own bounces: {}/{total} rows right", total - failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
