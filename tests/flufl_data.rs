//! Recipients on flufl.bounce's test data: 113 real bounces collected by GNU Mailman's bounce
//! processor over twenty years (Debian `python3-flufl.bounce`, read in place, Apache-2.0), with
//! the addresses flufl.bounce's own tests expect (`testing/helpers.py`, `DATA`). Every file must
//! give exactly that set of recipients (case-insensitive), except the few listed in
//! [`DIFFERENT`], where flufl's convention differs from Sisimai's or the bounce does not name a
//! full address; those must give the answer written there, so a change to them is seen too.
//! `REBOUND_FLUFL` overrides where the package is; without it the test says so and skips, except
//! under `cargo xtask test`, which installs it and sets `REBOUND_REQUIRE_FLUFL`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// (file, the recipients Rebound reports, why that is not flufl's set).
const DIFFERENT: &[(&str, &[&str], &str)] = &[
    ("sendmail_01.txt", &["zzzzz@shaft.coal.nl"], "flufl adds the alias the failed address was expanded from; Sisimai reports the address that failed"),
    ("simple_14.txt", &["usery@example.com"], "the notice names usery, the quoted reply userx; Rebound takes the notice's recipient"),
    ("dsn_04.txt", &["haasm@yogi.urz.example.ch"], "flufl takes Original-Recipient, Sisimai (and Rebound) Final-Recipient"),
    ("dsn_17.txt", &["xxx@example.fi"], "flufl takes Original-Recipient, Sisimai (and Rebound) Final-Recipient"),
    ("simple_42.txt", &["david...@gmail.com"], "a real Exim bounce for a Google Groups-masked address; flufl drops the masked address"),
    ("qmail_08.txt", &["contact@example.com"], "an auto-reply: flufl reports nothing, Sisimai (and Rebound) a `vacation` record"),
    ("yale_01.txt", &["mike.fox@yale.edu"], "KNOWN WRONG: the bounce names a bare local part; the address is the example in its help text"),
    ("llnl_01.txt", &["user4@example.gov"], "KNOWN WRONG: a directory-lookup notice; the address is a suggested alternative, not the failed one"),
    ("simple_43.txt", &["some.name.16565@some.domain"], "the notice names no address; Rebound takes the envelope recipient of the returned message's top Received (a list member), flufl reports none"),
    ("aol_01.txt", &[], "the bounce names a bare AOL screen name, no address"),
    ("yahoo_12.txt", &[], "the only address is the returned copy's To, and the notice's own text names none"),
];

fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("REBOUND_FLUFL")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/lib/python3/dist-packages/flufl/bounce"));
    if dir.join("tests/data").is_dir() && dir.join("testing/helpers.py").is_file() {
        Some(dir)
    } else if std::env::var_os("REBOUND_REQUIRE_FLUFL").is_some() {
        // `cargo xtask test` installs the package: there, a missing one is a broken set-up.
        panic!("flufl.bounce's test data not found at {}", dir.display());
    } else {
        eprintln!(
            "SKIP: flufl.bounce's test data not found at {} (apt install python3-flufl.bounce, \
             or set REBOUND_FLUFL)",
            dir.display()
        );
        None
    }
}

/// `DATA` of flufl's helpers.py: each `('detector', 'file.txt', [b'addr', …]…)` row; a file's
/// expected set is the union of its rows (one file is checked by two detectors).
fn expected(helpers: &str) -> BTreeMap<String, BTreeSet<String>> {
    let data = &helpers[helpers.find("DATA = (").expect("DATA in helpers.py")..];
    let row = regex_lite::Regex::new(r"\(\s*'\w+',\s*'([^']+)',\s*\[([^\]]*)\]").unwrap();
    let addr = regex_lite::Regex::new(r"b'([^']*)'").unwrap();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in row.captures_iter(data) {
        out.entry(c[1].to_string())
            .or_default()
            .extend(addr.captures_iter(&c[2]).map(|a| a[1].to_ascii_lowercase()));
    }
    out
}

#[test]
fn flufl_bounce_test_data() {
    let Some(dir) = data_dir() else {
        return;
    };
    let want = expected(&std::fs::read_to_string(dir.join("testing/helpers.py")).unwrap());
    assert!(
        want.len() >= 100,
        "only {} files in flufl's DATA",
        want.len()
    );
    let mut failures = Vec::new();
    let mut exact = 0;
    for (file, flufl) in &want {
        let report = rebound::decode(&std::fs::read(dir.join("tests/data").join(file)).unwrap());
        let got: BTreeSet<String> = report
            .recipients
            .iter()
            .filter_map(|r| r.recipient.as_deref())
            .map(str::to_ascii_lowercase)
            .collect();
        let expected: BTreeSet<String> = match DIFFERENT.iter().find(|d| d.0 == file) {
            Some((_, ours, _)) => ours.iter().map(|a| a.to_string()).collect(),
            None => flufl.clone(),
        };
        if &got == flufl {
            exact += 1;
        }
        if got != expected {
            failures.push(format!(
                "{file}: got {got:?}, want {expected:?} (flufl: {flufl:?})"
            ));
        }
    }
    println!(
        "flufl.bounce test data: {exact}/{} files give flufl's recipient set exactly; {} differ \
         by convention or are known misses",
        want.len(),
        DIFFERENT.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
