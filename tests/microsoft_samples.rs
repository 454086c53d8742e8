//! The 30 synthetic Microsoft samples in `../shared/samples/microsoft` and our own in
//! `tests/fixtures/microsoft` (one folder per round): every key of every `NAME.expected.json` must match what
//! `rebound::decode` reports (for `warnings`, the expected ones must be present). The shared ones
//! skip with a message when `../shared` is absent.

mod common;

use serde_json::{json, Value};

/// The report reduced to the keys of an `expected.json`.
fn observed(report: &rebound::Report) -> Value {
    let head = report.recipients.first();
    json!({
        "not_a_bounce": !report.is_bounce,
        "recipients": report.recipients.iter().map(|r| json!({
            "recipient": r.recipient,
            // A pseudo status (X.0.0 derived from the reply code) is "no code in the input".
            "status": if r.status_derived { None } else { r.status.clone() },
            "reply_code": r.reply_code,
            "reason": r.reason.as_str(),
            "hard_bounce": r.hard_bounce,
            "action": r.action,
        })).collect::<Vec<_>>(),
        "provider": report.diagnosis.provider,
        "provider_code": report.diagnosis.provider_code,
        "outbound_ip": head.and_then(|r| r.outbound_ip.clone()).or_else(|| report.outbound_ip().map(str::to_string)),
        "sending_domain": report.sending_domain,
        "remedy": report.diagnosis.remedy.as_str(),
        "warnings": report.warnings.iter().map(|w| w.code.clone()).collect::<Vec<_>>(),
    })
}

/// The keys that differ, as human lines.
fn differences(want: &Value, got: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let Some(want) = want.as_object() else {
        return vec!["expected.json is not an object".into()];
    };
    for (key, w) in want {
        let g = &got[key];
        let ok = if key == "warnings" {
            let have: Vec<&str> = g
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            w.as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .all(|c| have.contains(&c))
        } else {
            w == g
        };
        if !ok {
            out.push(format!("  {key}: want {w}, got {g}"));
        }
    }
    out
}

/// Every sample of `dir`: (how many ran, the failures as text).
fn check_dir(dir: &std::path::Path) -> (usize, Vec<String>) {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    names.sort();
    let mut ran = 0;
    let mut failures = Vec::new();
    for expected_path in &names {
        let stem = expected_path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".expected.json", "");
        let input = ["eml", "txt", "log"]
            .iter()
            .map(|ext| dir.join(format!("{stem}.{ext}")))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("no input file for {stem}"));
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(expected_path).unwrap()).unwrap();
        let report = rebound::decode(&std::fs::read(&input).unwrap());
        let diff = differences(&want, &observed(&report));
        ran += 1;
        if !diff.is_empty() {
            failures.push(format!("{stem}\n{}", diff.join("\n")));
        }
    }
    println!(
        "{}: {}/{ran} fully right",
        dir.display(),
        ran - failures.len()
    );
    for f in &failures {
        println!("FAIL {f}");
    }
    assert!(ran > 0, "no samples ran in {}", dir.display());
    (ran, failures)
}

fn assert_all_right(dirs: &[std::path::PathBuf]) {
    let mut all = Vec::new();
    let mut total = 0;
    for dir in dirs {
        let (ran, failures) = check_dir(dir);
        total += ran;
        all.extend(failures);
    }
    assert!(
        all.is_empty(),
        "{} of {total} samples differ:\n{}",
        all.len(),
        all.join("\n")
    );
}

#[test]
fn microsoft_samples() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    assert_all_right(&[shared.join("samples/microsoft")]);
}

/// Our own Microsoft samples (`tests/fixtures/microsoft`, written without looking at the
/// decoder): they run everywhere.
#[test]
fn own_microsoft_samples() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/microsoft");
    assert_all_right(&[
        root.join("olc"),
        root.join("o365"),
        root.join("more"),
        root.join("paste"),
        root.join("codes"),
        root.join("hybrid"),
        root.join("y2026"),
        root.join("y2026b"),
        root.join("y2026c"),
        root.join("y2026d"),
        root.join("y2026e"),
        root.join("y2026f"),
        root.join("y2026g"),
        root.join("y2026h"),
        root.join("y2026i"),
        root.join("y2026j"),
        root.join("y2026k"),
    ]);
}
