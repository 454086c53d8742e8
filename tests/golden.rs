//! Golden tests over our own synthetic samples in `tests/fixtures/eml/` (provenance in its
//! README). Each `NAME.eml|txt|log` has a `NAME.json` with the part of the Report we pin. On a
//! mismatch the test writes `NAME.failed` beside the sample and panics with its path;
//! `REBOUND_BLESS=1` rewrites the `.json` files instead. Needs nothing outside this repository.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

/// The pinned subset of a Report.
fn pinned(report: &rebound::Report) -> Value {
    json!({
        "input_kind": report.input_kind.as_str(),
        "is_bounce": report.is_bounce,
        "sending_domain": report.sending_domain,
        "outbound_ips": report.outbound_ips,
        "recipients": report.recipients.iter().map(|r| json!({
            "recipient": r.recipient,
            "status": r.status,
            "reply_code": r.reply_code,
            "reason": r.reason.as_str(),
            "hard_bounce": r.hard_bounce,
            "action": r.action,
            "provider": r.provider,
            "provider_code": r.provider_code,
            "outbound_ip": r.outbound_ip,
            "remedy": r.remedy.as_str(),
        })).collect::<Vec<_>>(),
        "diagnosis": {
            "provider": report.diagnosis.provider,
            "provider_code": report.diagnosis.provider_code,
            "title": report.diagnosis.title,
            "remedy": report.diagnosis.remedy.as_str(),
        },
        "remedies": report.remedies.iter().map(|m| json!({
            "kind": m.kind.as_str(),
            "url": m.url,
            "mailto": m.mailto,
            "fill_plan": m.fill_plan.as_ref().map(|p| json!({
                "form": p.form,
                "url": p.url,
                "values": p.fields.iter().filter(|f| !f.value.is_empty())
                    .map(|f| (f.key.clone(), Value::String(f.value.clone())))
                    .collect::<serde_json::Map<String, Value>>(),
            })),
        })).collect::<Vec<_>>(),
        "warnings": report.warnings.iter().map(|w| w.code.clone()).collect::<Vec<_>>(),
    })
}

fn samples(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("eml" | "txt" | "log")
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn golden() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eml");
    let bless = std::env::var_os("REBOUND_BLESS").is_some();
    let mut ran = 0;
    let mut failed: Vec<String> = Vec::new();
    for sample in samples(&dir) {
        let report = rebound::decode(&std::fs::read(&sample).unwrap());
        let got = pinned(&report);
        let golden = sample.with_extension("json");
        let failed_path = sample.with_extension("failed");
        let pretty = serde_json::to_string_pretty(&got).unwrap() + "\n";
        ran += 1;
        if bless {
            std::fs::write(&golden, &pretty).unwrap();
            let _ = std::fs::remove_file(&failed_path);
            continue;
        }
        let want: Option<Value> = std::fs::read_to_string(&golden)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok());
        if want.as_ref() == Some(&got) {
            let _ = std::fs::remove_file(&failed_path);
        } else {
            std::fs::write(&failed_path, &pretty).unwrap();
            failed.push(failed_path.display().to_string());
        }
    }
    assert!(ran > 0, "no golden samples found in {}", dir.display());
    assert!(
        failed.is_empty(),
        "golden mismatch; compare with the .json beside each:\n{}",
        failed.join("\n")
    );
}

/// The demo sample (`cargo xtask demo`) must stay the headline case.
#[test]
fn demo_sample_is_an_outlook_block() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eml/olc-s3150-postfix.eml");
    let report = rebound::decode(&std::fs::read(path).unwrap());
    assert_eq!(report.diagnosis.provider.as_deref(), Some("outlook.com"));
    assert_eq!(report.outbound_ip(), Some("203.0.113.45"));
    let plan = report.remedies[0].fill_plan.as_ref().expect("fill plan");
    assert_eq!(plan.url, "https://go.microsoft.com/fwlink/?LinkID=614866");
    let title = plan.fields.iter().find(|f| f.key == "issue_title").unwrap();
    assert_eq!(
        title.value,
        "Delisting request: 203.0.113.45 blocked by Outlook.com (550 5.7.1 S3150)"
    );
}
