//! Mail server log lines: Postfix `status=bounced`, Exim `**` (failed) / `==` (deferred),
//! Sendmail `stat=`, OpenSMTPD `result="PermFail"`, qmail-send `delivery N: failure:` (the
//! recipient from its `starting delivery N: msg M to remote a@b` line), Exchange's message
//! tracking, PowerMTA's accounting file, and Postfix's queue listings (`mailq`, `postqueue -j`).
//! Only lines that report a recipient's outcome count; `status=sent` and the like are context.
//! When any recipient failed for good, only the failures are reported (an unrelated greylisting
//! deferral is context); a log of deferrals only reports them as delayed.

use crate::facts::Facts;
use crate::mta::text;
use crate::smtp;

/// Records and the sender (from the `from=<…>` / `<=` line of the same message).
pub fn parse(input: &str) -> (Vec<Facts>, Option<String>) {
    let rewritten = exim_msglog(input);
    let input = rewritten.as_deref().unwrap_or(input);
    let mut out: Vec<(String, Facts)> = Vec::new(); // (queue id, record)
    let mut senders: Vec<(String, String)> = Vec::new(); // (queue id, sender)
    let mut index = std::collections::HashMap::new();
    // Each recipient's last outcome line, with its line number.
    // (And, for Exim's give-up after retries, the deferral before it.)
    let mut last: Vec<(usize, &str, Option<&str>)> = Vec::new();
    for (n, line) in crate::input::lines(input).take(200_000).enumerate() {
        if line.len() > 20_000 {
            continue;
        }
        if let Some((qid, sender)) = sender_line(line) {
            if senders.len() < 10_000 {
                senders.push((qid, sender));
            }
            continue;
        }
        // (An OpenSMTPD outcome line names its sender too, and so does an Exim one whose
        // error came after `MAIL FROM:<a@b>`.)
        if let Some(found) = opensmtpd_sender(line).or_else(|| exim_mail_from(line)) {
            if senders.len() < 10_000 {
                senders.push(found);
            }
        }
        // Cheap first pass: which line is each recipient's last outcome line.
        let Some(key) = outcome_key(line) else {
            continue;
        };
        if let Some(&i) = index.get(&key) {
            // Exim's "retry time not reached" says only that it did not try: the attempt
            // before it has the remote's words.
            if !line.contains("retry time not reached") {
                // Exim's give-up ("** a@b: retry timeout exceeded") names no cause: the
                // deferral before it does.
                let (_, before, cause): (usize, &str, Option<&str>) = last[i];
                let gives_up = line.contains(" ** ") && line.ends_with(": retry timeout exceeded");
                last[i] = (n, line, if gives_up { Some(before) } else { cause });
            }
        } else if last.len() < crate::mta::MAX_RECORDS {
            index.insert(key, last.len());
            last.push((n, line, None));
        }
    }
    // Only those lines are parsed in full, in the order of the outcomes (a recipient handed
    // to a content filter first is listed where its delivery ended).
    last.sort_by_key(|(n, _, _)| *n);
    for (_, line, cause) in last {
        if let Some(mut found) = postfix_line(line)
            .or_else(|| exim_line(line))
            .or_else(|| sendmail_line(line))
            .or_else(|| opensmtpd_line(line))
        {
            if let Some((_, before)) = cause.and_then(exim_line) {
                let f = &mut found.1;
                if f.reply_code.is_none() && f.status.is_none() && before.diagnostic.is_some() {
                    f.diagnostic = before.diagnostic;
                    f.status = before.status;
                    f.reply_code = before.reply_code;
                    f.smtp_command = before.smtp_command;
                    f.remote_mta = before.remote_mta;
                }
            }
            out.push(found);
        }
    }
    // Postfix's queue manager gives up on a message with one line for all its recipients
    // ("7C1F: from=<a@b>, status=expired, returned to sender"): their last deferrals failed.
    if memchr::memmem::find(input.as_bytes(), b"status=expired").is_some() {
        let expired: Vec<String> = crate::input::lines(input)
            .filter(|l| l.contains("status=expired") && !l.contains(" to=<"))
            .map(postfix_qid)
            .collect();
        for (qid, f) in out.iter_mut() {
            if f.action.as_deref() == Some("delayed") && expired.contains(qid) {
                f.action = Some("failed".into());
            }
        }
    }
    // The whole-file formats, each read when one of its markers occurs.
    for (markers, read) in WHOLE_FILE_READERS {
        if markers
            .iter()
            .any(|m| memchr::memmem::find(input.as_bytes(), m).is_some())
        {
            let (found, sent_by) = read(input);
            out.extend(found);
            senders.extend(sent_by);
        }
    }
    if out
        .iter()
        .any(|(_, f)| f.action.as_deref() == Some("failed"))
    {
        out.retain(|(_, f)| f.action.as_deref() == Some("failed"));
    }
    let sender = out.first().and_then(|(qid, _)| {
        senders
            .iter()
            .find(|(q, s)| q == qid && !s.is_empty())
            .map(|(_, s)| s.clone())
    });
    (out.into_iter().map(|(_, f)| f).collect(), sender)
}

/// Exim's message log (`exim -Mvl ID`) writes a deferral as the main log does, without the
/// message id and the `==` flag ("2026-11-12 06:02:19 a@b R=dnslookup T=remote_smtp defer (-45)
/// H=…: SMTP error …"): the input with those lines written as main-log lines, or `None` when it
/// has none.
fn exim_msglog(input: &str) -> Option<String> {
    memchr::memmem::find(input.as_bytes(), b" defer (")?;
    let deferral = |line: &str| -> Option<usize> {
        let b = line.as_bytes();
        let stamped = b.len() > 20
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b' '
            && b[13] == b':'
            && b[19] == b' ';
        let rest = line.get(20..).filter(|_| stamped)?;
        let first = rest.split_whitespace().next()?;
        (first.contains('@')
            && rest.contains(" R=")
            && rest.contains(" defer (")
            && !rest.contains(" == "))
        .then_some(20)
    };
    if !crate::input::lines(input)
        .take(200_000)
        .any(|l| deferral(l).is_some())
    {
        return None;
    }
    let mut out = String::with_capacity(input.len() + 1024);
    for line in crate::input::lines(input).take(200_000) {
        match deferral(line) {
            Some(at) => {
                out.push_str(&line[..at]);
                out.push_str("msglog == ");
                out.push_str(&line[at..]);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    Some(out)
}

/// The recipient (lower case) an outcome line is about, found without parsing the line.
fn outcome_key(line: &str) -> Option<String> {
    let recipient = if line.contains("status=") || line.contains("stat=") {
        line.split("to=").nth(1)?.split([',', ' ']).next()?
    } else if let Some((_, after)) = line
        .split_once(" ** ")
        .or_else(|| line.split_once(" == "))
        // (Exim's deliveries: a later one ends the recipient's deferrals.)
        .or_else(|| line.split_once(" => "))
        .or_else(|| line.split_once(" -> "))
    {
        after.split_whitespace().next()?
    } else {
        return None;
    };
    let r = recipient
        .trim_end_matches(':')
        .trim_matches(['<', '>'])
        .to_ascii_lowercase();
    r.contains('@').then_some(r)
}

/// The queue id token after the syslog prefix (`postfix/smtp[123]: 7C1F21A0B4F:`).
fn postfix_qid(line: &str) -> String {
    line.split("]: ")
        .nth(1)
        .and_then(|r| r.split(':').next())
        .unwrap_or("")
        .trim()
        .to_string()
}

fn sender_line(line: &str) -> Option<(String, String)> {
    if line.contains("postfix/") || line.contains("sendmail[") || line.contains("sm-mta[") {
        if line.contains(" to=") {
            return None;
        }
        let from = line.split("from=<").nth(1)?.split('>').next()?.to_string();
        return Some((postfix_qid(line), from));
    }
    // Exim: "2026-02-05 11:20:44 1wJk3a-00B7cQ-2F <= sender@example.com H=…"
    let (before, after) = line.split_once(" <= ")?;
    let qid = before.split_whitespace().last()?.to_string();
    let sender = after
        .split_whitespace()
        .next()?
        .trim_matches(['<', '>'])
        .to_string();
    Some((
        qid,
        if sender == "<>" {
            String::new()
        } else {
            sender
        },
    ))
}

fn postfix_line(line: &str) -> Option<(String, Facts)> {
    let status = line.split("status=").nth(1)?;
    let outcome = status.split([' ', ',']).next()?;
    let action = match outcome {
        "bounced" | "expired" | "undeliverable" => "failed",
        "deferred" => "delayed",
        _ => return None,
    };
    let recipient = line.split("to=<").nth(1)?.split('>').next()?.to_string();
    let detail = status
        .split_once('(')
        .map(|(_, d)| d.trim_end().trim_end_matches(')'))
        .unwrap_or("");
    let said = detail
        .split_once(" said: ")
        .map(|(_, s)| s)
        .unwrap_or(detail);
    let (said, command) = match text::rsplit_once_str(said, "(in reply to ") {
        Some((s, c)) => (
            s.trim(),
            c.split_whitespace().next().map(str::to_ascii_uppercase),
        ),
        None => (said.trim(), None),
    };
    let relay = line
        .split("relay=")
        .nth(1)
        .and_then(|r| r.split(['[', ',']).next())
        .map(str::to_string);
    let dsn = line
        .split("dsn=")
        .nth(1)
        .and_then(|d| d.split(',').next())
        .map(str::to_string);
    let mut f = Facts {
        recipient: Some(recipient),
        status: smtp::find_remote_status(said).or(dsn),
        action: Some(action.to_string()),
        remote_mta: relay.filter(|r| r != "none" && r != "local"),
        smtp_command: command.map(|c| if c == "END" { "DATA".into() } else { c }),
        ..Facts::default()
    };
    text::fill(&mut f, said);
    if outcome == "expired" {
        f.reason_hint = Some(crate::reason::Reason::Expired);
    }
    Some((postfix_qid(line), f))
}

/// `… 1wJk3a-00B7cQ-2F ** a@b R=… T=…: SMTP error from remote mail server after RCPT TO:<a@b>: 550 …`
fn exim_line(line: &str) -> Option<(String, Facts)> {
    let (marker, action) = if line.contains(" ** ") {
        (" ** ", "failed")
    } else if line.contains(" == ") {
        (" == ", "delayed")
    } else {
        return None;
    };
    let (before, after) = line.split_once(marker)?;
    let qid = before.split_whitespace().last().unwrap_or("").to_string();
    // ("a@b: Unrouteable address": the colon ends the address when no field follows.)
    let recipient = after
        .split_whitespace()
        .next()?
        .trim_end_matches(':')
        .trim_matches(['<', '>'])
        .to_string();
    if !recipient.contains('@') {
        return None;
    }
    // The error follows the last "T=transport" field's colon, or "defer (-44):" for deferrals.
    // Exim writes a multi-line reply's line ends as "\n".
    let error = after.split_once(": ").map(|(_, e)| e).unwrap_or("").trim();
    let unescaped;
    let error = if error.contains("\\n") {
        unescaped = error.replace("\\n", " ");
        unescaped.as_str()
    } else {
        error
    };
    let mut f = Facts {
        recipient: Some(recipient),
        action: Some(action.into()),
        ..Facts::default()
    };
    f.smtp_command = text::command_in(error);
    f.remote_mta = after
        .split(" H=")
        .nth(1)
        .and_then(|h| h.split_whitespace().next())
        .map(str::to_string);
    let own = match error.to_ascii_lowercase().find("smtp error from remote") {
        Some(at) => {
            let e = &error[at..];
            // After "…after RCPT TO:<a@b>: " comes the remote's reply.
            e.find(">: ")
                .map(|i| &e[i + 3..])
                .or_else(|| e.split_once("DATA: ").map(|(_, r)| r))
                .unwrap_or(e)
        }
        None => error,
    };
    text::fill(&mut f, own);
    if error
        .to_ascii_lowercase()
        .contains("retry timeout exceeded")
    {
        f.reason_hint = Some(crate::reason::Reason::Expired);
    }
    Some((qid, f))
}

/// `sendmail[123]: qid: to=<a@b>, … dsn=5.1.1, stat=User unknown` (and `reply=` text).
fn sendmail_line(line: &str) -> Option<(String, Facts)> {
    if !(line.contains("sendmail[") || line.contains("sm-mta[")) {
        return None;
    }
    let stat = line.split("stat=").nth(1)?.trim();
    let dsn = line
        .split("dsn=")
        .nth(1)
        .and_then(|d| d.split(',').next())
        .map(str::to_string);
    let action = match dsn.as_deref().and_then(|d| d.chars().next()) {
        Some('5') => "failed",
        Some('4') => "delayed",
        _ if stat.starts_with("Deferred") => "delayed",
        _ => return None,
    };
    let to = line.split("to=").nth(1)?.split(',').next()?;
    let recipient = text::first_address(to)?;
    let mut f = Facts {
        recipient: Some(recipient),
        status: dsn,
        action: Some(action.into()),
        remote_mta: line
            .split("relay=")
            .nth(1)
            .and_then(|r| r.split([' ', ',', '[']).next())
            .map(str::to_string),
        ..Facts::default()
    };
    // sendmail 8.17+ logs the remote's reply (`reply=550 5.7.1 …`, cut at 200 characters with
    // "...") before its own `stat=` summary ("User unknown" for any 5xx at RCPT): the reply is
    // the remote's words.
    let reply = line
        .split_once(", reply=")
        .map(|(_, r)| r.rsplit_once(", stat=").map_or(r, |(r, _)| r).trim())
        .filter(|r| crate::smtp::find_reply_code(r).is_some());
    text::fill(&mut f, reply.unwrap_or(stat));
    Some((postfix_qid(line), f))
}

/// Exchange's message tracking log as `Get-MessageTrackingLog … | fl` prints it: one block of
/// `Name : value` lines per event, long values wrapped at the console's width (mid-word, the
/// rest indented to the values' column). A `FAIL` or `DEFER` event's `Recipients` (`{a@b, …}`)
/// and `RecipientStatus` (`{[{LED=550 5.7.1 …};{MSG=};{FQDN=host};{IP=…};…]}`, the remote's
/// reply and host).
fn exchange_tracking(input: &str) -> (Vec<Keyed>, Vec<QueuedSender>) {
    let mut out: Vec<Keyed> = Vec::new();
    // `Get-Queue | fl`: a queue's last error, for no recipient in particular — reported only
    // when nothing names the recipients.
    let mut queues: Vec<Keyed> = Vec::new();
    // The first `FromAddress` of a `Get-Message` listing: the sender of recipients listed
    // apart from their message (`-ExpandProperty Recipients | fl Address,Status,LastError`).
    let mut first_from: Option<String> = None;
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut column = 0;
    let mut flush = |fields: &mut Vec<(String, String)>, out: &mut Vec<Keyed>| {
        let get = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        // (Exchange Online's `Get-MessageTraceDetailV2 | fl` names the same facts `Event`,
        // `RecipientAddress` and `Detail`.)
        if first_from.is_none() {
            first_from = get("FromAddress").and_then(text::first_address);
        }
        // (`Get-Message | fl`: a queued message in `Retry` with its `LastError`.)
        let last_error = get("LastError").filter(|e| crate::smtp::find_reply_code(e).is_some());
        let action = match get("EventId").or_else(|| get("Event")).map(str::trim) {
            Some(e) if e.eq_ignore_ascii_case("FAIL") => "failed",
            Some(e) if e.eq_ignore_ascii_case("DEFER") => "delayed",
            None if last_error.is_some()
                && get("Status").is_some_and(|s| s.trim().eq_ignore_ascii_case("Retry")) =>
            {
                "delayed"
            }
            _ => {
                fields.clear();
                return;
            }
        };
        let status = get("RecipientStatus")
            .or_else(|| get("Detail"))
            .unwrap_or("");
        let part = |key: &str| {
            status
                .split_once(&format!("{{{key}="))
                .map(|(_, r)| {
                    r.split("};")
                        .next()
                        .unwrap_or(r)
                        .trim_end_matches(['}', ']'])
                })
                .filter(|v| !v.trim().is_empty())
                .map(|v| v.trim().to_string())
        };
        let reply = part("LED")
            .or_else(|| {
                // Older versions: `{550 5.1.1 …}` without keys.
                Some(status.trim_matches(['{', '}', '[', ']', ' ']).to_string())
                    .filter(|s| crate::smtp::find_reply_code(s).is_some())
            })
            .or_else(|| last_error.map(str::to_string));
        let sender = get("Sender")
            .or_else(|| get("FromAddress"))
            .unwrap_or("")
            .trim()
            .to_string();
        let recipients = get("Recipients")
            .or_else(|| get("RecipientAddress"))
            .or_else(|| get("Address"));
        if recipients.is_none() && queues.len() < 100 {
            if let Some(r) = reply.as_deref().filter(|_| get("NextHopDomain").is_some()) {
                let mut f = Facts {
                    action: Some(action.into()),
                    ..Facts::default()
                };
                text::fill(&mut f, r);
                if !queues.iter().any(|(_, q)| q.diagnostic == f.diagnostic) {
                    queues.push((sender.clone(), f));
                }
            }
        }
        for a in text::addresses(recipients.unwrap_or("")) {
            if out.len() >= crate::mta::MAX_RECORDS {
                break;
            }
            let mut f = Facts::with_recipient(a);
            f.action = Some(action.into());
            if let Some(r) = &reply {
                text::fill(&mut f, r);
            }
            f.remote_mta = part("FQDN");
            out.push((sender.clone(), f));
        }
        fields.clear();
    };
    for line in crate::input::lines(input).take(200_000) {
        if line.trim().is_empty() {
            flush(&mut fields, &mut out);
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        match line.split_once(" : ") {
            Some((name, value)) if indent == 0 && !name.trim().contains(' ') => {
                column = name.len() + 3;
                fields.push((name.trim().to_string(), value.to_string()));
            }
            _ if indent > 0 && indent == column => {
                // A wrapped value goes on exactly where the line was cut.
                if let Some((_, v)) = fields.last_mut() {
                    v.push_str(&line[indent..]);
                }
            }
            _ => {}
        }
    }
    flush(&mut fields, &mut out);
    if out.is_empty() {
        out = queues;
    }
    if let Some(from) = first_from {
        for (s, _) in out.iter_mut().filter(|(s, _)| s.is_empty()) {
            s.clone_from(&from);
        }
    }
    // (Each record is keyed by its event's sender, which is what the key finds.)
    let senders = out.iter().map(|(s, _)| (s.clone(), s.clone())).collect();
    (out, senders)
}

/// The fields of one CSV line (RFC 4180: quoted fields may hold commas and `""`).
pub(crate) fn csv_fields(line: &str) -> Vec<String> {
    let mut reader = csv_core::Reader::new();
    let mut output = vec![0u8; line.len() + 1];
    let mut ends = vec![0usize; line.len() + 1];
    let input = format!("{line}\n");
    let (_, _, nout, nend) = reader.read_record(input.as_bytes(), &mut output, &mut ends);
    let mut start = 0;
    ends[..nend]
        .iter()
        .map(|&end| {
            let field = String::from_utf8_lossy(&output[start..end.min(nout)]).into_owned();
            start = end;
            field
        })
        .collect()
}

/// PowerMTA's accounting file: a CSV header line (`type,timeLogged,…,orig,rcpt,…,dsnAction,
/// dsnStatus,dsnDiag,dsnMta,…`), then a line per event: `b` a bounce, `t` a transient failure
/// (`d` a delivery is context). Each recipient's last event counts; keyed by recipient.
fn powermta(input: &str) -> (Vec<Keyed>, Vec<QueuedSender>) {
    let mut lines = crate::input::lines(input).take(200_000);
    let Some(header) = lines.by_ref().find(|l| l.starts_with("type,timeLogged,")) else {
        return (Vec::new(), Vec::new());
    };
    let columns = csv_fields(header);
    let at = |name: &str| columns.iter().position(|c| c == name);
    let (Some(kind), Some(rcpt)) = (at("type"), at("rcpt")) else {
        return (Vec::new(), Vec::new());
    };
    let (orig, status, diag, mta) = (at("orig"), at("dsnStatus"), at("dsnDiag"), at("dsnMta"));
    // A record per recipient; a later delivery record empties its slot.
    let mut out: Vec<Option<Keyed>> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let mut senders = Vec::new();
    for line in lines {
        if line.len() > 20_000 {
            continue;
        }
        let f = csv_fields(line);
        let get = |i: Option<usize>| i.and_then(|i| f.get(i)).map(String::as_str).unwrap_or("");
        let action = match get(Some(kind)) {
            "b" => "failed",
            "t" => "delayed",
            "d" => "delivered",
            _ => continue,
        };
        let Some(recipient) = text::first_address(get(Some(rcpt))) else {
            continue;
        };
        // A delivery after deferrals: the recipient's mail went through after all.
        if action == "delivered" {
            if let Some(&i) = index.get(&recipient.to_ascii_lowercase()) {
                out[i] = None;
            }
            continue;
        }
        let mut facts = Facts::with_recipient(recipient.clone());
        facts.action = Some(action.into());
        let reply = get(diag);
        text::fill(
            &mut facts,
            reply.split_once(';').map_or(reply, |(_, r)| r).trim(),
        );
        if let Some(s) = get(status).split_whitespace().next() {
            if crate::smtp::is_status(s) && facts.status.is_none() {
                facts.status = Some(s.to_string());
            }
        }
        facts.remote_mta = get(mta)
            .split_whitespace()
            .next()
            .filter(|h| h.contains('.'))
            .map(str::to_string);
        let key = recipient.to_ascii_lowercase();
        if !get(orig).is_empty() && senders.len() < 10_000 {
            senders.push((key.clone(), get(orig).to_string()));
        }
        // The recipient's last event replaces an earlier one.
        if let Some(&i) = index.get(&key) {
            out[i] = Some((key, facts));
        } else if out.len() < crate::mta::MAX_RECORDS {
            index.insert(key.clone(), out.len());
            out.push(Some((key, facts)));
        }
    }
    (out.into_iter().flatten().collect(), senders)
}

/// A record and the key its sender is found by (a queue id).
type Keyed = (String, Facts);

/// A deferred recipient of a Postfix queue listing, with the reason Postfix gave.
fn queued(qid: &str, recipient: &str, reason: &str) -> Option<(String, Facts)> {
    let mut f = Facts::with_recipient(text::first_address(recipient)?);
    f.action = Some("delayed".into());
    text::fill(&mut f, reason.trim());
    f.remote_mta = f.remote_mta.take().or_else(|| text::remote_host(reason));
    Some((qid.to_string(), f))
}

/// `mailq` (Postfix, and Sendmail's): per message a line "QUEUEID[*!] size date sender", the
/// reason it is deferred in parentheses (if it is; Sendmail's after its flags: "8BITMIME
/// (Deferred: …)"), then its recipients, indented. Messages without a reason are being
/// delivered, not deferred.
fn mailq(input: &str) -> (Vec<Keyed>, Vec<QueuedSender>) {
    let mut out = Vec::new();
    let mut senders = Vec::new();
    let mut qid = String::new();
    let mut reason: Option<String> = None;
    for line in crate::input::lines(input).take(200_000) {
        let t = line.trim();
        let header = t.trim_start_matches('-');
        if t.is_empty()
            || header.starts_with("Queue ID-")
            || header.starts_with("Q-ID-")
            || t.starts_with("-- ")
        {
            reason = None;
            continue;
        }
        if !line.starts_with([' ', '\t']) && !t.starts_with('(') {
            // A message line: its queue id (without the `*` of the active queue or the `!` of
            // a held message), and its sender last.
            let mut words = t.split_whitespace();
            qid = words
                .next()
                .unwrap_or("")
                .trim_end_matches(['*', '!'])
                .to_string();
            if let Some(sender) = words.last().filter(|w| w.contains('@')) {
                if senders.len() < 10_000 {
                    senders.push((qid.clone(), sender.to_string()));
                }
            }
            reason = None;
            continue;
        }
        // (Sendmail's flags before it are capital words: "8BITMIME (…)".)
        let flagged = t.split_once(" (").filter(|(flags, _)| {
            flags.split_whitespace().all(|w| {
                w.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            })
        });
        if let Some(r) = t.strip_prefix('(').or(flagged.map(|(_, r)| r)) {
            let r = r.strip_suffix(')').unwrap_or(r);
            reason = Some(r.strip_prefix("Deferred: ").unwrap_or(r).to_string());
            continue;
        }
        if let Some(r) = &reason {
            if out.len() < crate::mta::MAX_RECORDS {
                out.extend(queued(&qid, t, r));
            }
        }
    }
    (out, senders)
}

/// `postqueue -j` (Postfix 3.1+): one JSON object per message; each recipient with a
/// `delay_reason` is deferred.
fn postqueue_json(input: &str) -> (Vec<Keyed>, Vec<QueuedSender>) {
    #[derive(serde::Deserialize)]
    struct Message {
        #[serde(default)]
        queue_id: String,
        #[serde(default)]
        sender: String,
        #[serde(default)]
        recipients: Vec<Recipient>,
    }
    #[derive(serde::Deserialize)]
    struct Recipient {
        address: String,
        delay_reason: Option<String>,
    }
    let mut out = Vec::new();
    let mut senders = Vec::new();
    for line in crate::input::lines(input).take(200_000) {
        let t = line.trim();
        if !t.starts_with("{\"queue_name\":") {
            continue;
        }
        let Ok(m) = serde_json::from_str::<Message>(t) else {
            continue;
        };
        if senders.len() < 10_000 {
            senders.push((m.queue_id.clone(), m.sender.clone()));
        }
        for r in m.recipients {
            if let Some(reason) = r
                .delay_reason
                .filter(|_| out.len() < crate::mta::MAX_RECORDS)
            {
                out.extend(queued(&m.queue_id, &r.address, &reason));
            }
        }
    }
    (out, senders)
}

/// OpenSMTPD's session id and sender on an outcome line:
/// `smtpd[123]: 7c1f2a0b3c4d5e6f mta delivery evpid=… from=<a@b> to=<c@d> … result="PermFail"`.
fn opensmtpd_sender(line: &str) -> Option<(String, String)> {
    if !line.contains(" delivery evpid=") {
        return None;
    }
    let from = line.split(" from=<").nth(1)?.split('>').next()?;
    Some((opensmtpd_session(line)?, from.to_string()))
}

/// Exim's queue id and the sender an outcome line quotes: `1wJk3a-00B7cQ-2F == a@b … SMTP error
/// from remote mail server after pipelined MAIL FROM:<s@example.net> SIZE=8411: 451 …`.
fn exim_mail_from(line: &str) -> Option<(String, String)> {
    let (before, after) = line
        .split_once(" ** ")
        .or_else(|| line.split_once(" == "))?;
    let from = after.split("MAIL FROM:<").nth(1)?.split('>').next()?;
    let qid = before.split_whitespace().last()?;
    from.contains('@')
        .then(|| (qid.to_string(), from.to_string()))
}

/// The session id after OpenSMTPD's syslog prefix (`smtpd[123]: 7c1f2a0b3c4d5e6f mta …`).
fn opensmtpd_session(line: &str) -> Option<String> {
    let (_, after) = line.split_once("]: ")?;
    after.split_whitespace().next().map(str::to_string)
}

/// The value of `name="…"` (OpenSMTPD quotes values that have spaces).
fn quoted_field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let at = line.find(name)? + name.len();
    let rest = line[at..].strip_prefix('"')?;
    // The value ends at the last quote before the next ` key=` field or the line's end.
    Some(match rest.find("\" ") {
        Some(end)
            if rest[end + 2..].split_once('=').is_some_and(|(k, _)| {
                !k.is_empty()
                    && k.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            }) =>
        {
            &rest[..end]
        }
        _ => rest.trim_end().trim_end_matches('"'),
    })
}

/// OpenSMTPD: `mta delivery … to=<a@b> … relay="IP (host)" … result="PermFail" stat="550 …"`.
fn opensmtpd_line(line: &str) -> Option<(String, Facts)> {
    // The queue gives up on an envelope: "smtpd[1]: relay: Expire for 2c7f…: from=<a@b>,
    // to=<c@d>, rcpt=<->, delay=4d, stat=Envelope expired".
    if let Some((_, rest)) = line.split_once("]: relay: Expire for ") {
        let recipient = rest.split(" to=<").nth(1)?.split('>').next()?;
        let stat = rest.split(" stat=").nth(1).unwrap_or("").trim();
        let mut f = Facts {
            recipient: Some(recipient.to_string()),
            action: Some("failed".into()),
            reason_hint: Some(crate::reason::Reason::Expired),
            ..Facts::default()
        };
        text::fill(&mut f, stat);
        let evpid = rest.split(':').next().unwrap_or("").trim();
        return Some((evpid.to_string(), f));
    }
    if !line.contains(" delivery evpid=") {
        return None;
    }
    let action = match quoted_field(line, " result=")? {
        "PermFail" | "Loop" => "failed",
        "TempFail" => "delayed",
        _ => return None,
    };
    let recipient = line.split(" to=<").nth(1)?.split('>').next()?;
    let mut f = Facts {
        recipient: Some(recipient.to_string()),
        action: Some(action.into()),
        // relay="104.47.55.161 (outlook-com.olc.protection.outlook.com)": the host name.
        remote_mta: quoted_field(line, " relay=").and_then(|r| {
            let host = r
                .split_once('(')
                .map_or(r, |(_, h)| h.trim_end_matches(')'));
            let host = host.trim();
            (!host.is_empty()).then(|| host.to_string())
        }),
        ..Facts::default()
    };
    if let Some(stat) = quoted_field(line, " stat=") {
        text::fill(&mut f, stat);
    }
    Some((opensmtpd_session(line).unwrap_or_default(), f))
}

/// A message's queue id and its sender.
type QueuedSender = (String, String);

/// A reader of a whole file: its records (keyed by message) and its (key, sender) pairs.
type WholeFileReader = fn(&str) -> (Vec<Keyed>, Vec<QueuedSender>);

/// The formats read as a whole (not line by line), and the markers that say a file has them.
const WHOLE_FILE_READERS: &[(&[&[u8]], WholeFileReader)] = &[
    (
        &[b"RecipientStatus", b"RecipientAddress : ", b"LastError "],
        exchange_tracking,
    ),
    (&[b"type,timeLogged,"], powermta),
    (&[b"-Queue ID-"], mailq),
    (&[b"-Q-ID-", b"-Q-Time-"], mailq),
    (&[b"{\"queue_name\":"], postqueue_json),
    (
        &[
            b"starting delivery ",
            b": failure: ",
            b": deferral: ",
            b" failure <",
            b" deferral <",
        ],
        qmail,
    ),
    (&[b"smtpstatus="], msmtp),
    (&[b"courieresmtp: id="], courier),
    (&[b"nullmailer["], nullmailer),
    (&[b"next try at:"], exinext),
    (&[b"|pending|"], smtpctl_queue),
];

/// `smtpctl show queue` (OpenSMTPD): an envelope per line, `|`-separated: id, family, type,
/// flags, sender, recipient, original recipient, times, retries, state, …, and last the error
/// of the last attempt. A relayed (`mta`) envelope with an error is deferred for it.
fn smtpctl_queue(input: &str) -> (Vec<Keyed>, Vec<QueuedSender>) {
    let mut out = Vec::new();
    let mut senders = Vec::new();
    for line in crate::input::lines(input).take(200_000) {
        let fields: Vec<&str> = line.trim().splitn(14, '|').collect();
        if fields.len() < 14 || !matches!(fields[2], "mta" | "mda") {
            continue;
        }
        let error = fields[13].trim();
        let Some(recipient) = text::as_address(fields[5].trim()) else {
            continue;
        };
        if error.is_empty() || out.len() >= crate::mta::MAX_RECORDS {
            continue;
        }
        let mut f = Facts::with_recipient(recipient);
        f.action = Some("delayed".into());
        text::fill(&mut f, error);
        let id = fields[0].get(..8).unwrap_or(fields[0]).to_string();
        senders.push((id.clone(), fields[4].trim().to_string()));
        out.push((id, f));
    }
    (out, senders)
}

/// `exinext a@b` (Exim's retry database): after the command, the host's or the address's retry
/// record, "Transport: mx.example [192.0.2.1] error 110: Connection timed out" or "Route:
/// a@b:<s@d> error -44: H=…: SMTP error … 452 …", then its times. Each address asked about
/// with an error is deferred for that error.
fn exinext(input: &str) -> (Vec<Keyed>, Vec<QueuedSender>) {
    let mut out = Vec::new();
    let mut senders = Vec::new();
    let mut asked: Option<String> = None;
    for line in crate::input::lines(input).take(200_000) {
        let t = line.trim();
        // `exim -bp`: "27h  212K 1tJb7Q-0004Xz-2M <a@b>" (age, size, id, sender).
        let words: Vec<&str> = t.split_whitespace().collect();
        if let [_, _, id, from, ..] = words.as_slice() {
            if id.matches('-').count() == 2 && from.starts_with('<') && senders.len() < 10_000 {
                if let Some(a) = text::first_address(from) {
                    senders.push((String::new(), a));
                }
            }
        }
        if let Some(at) = t.find("exinext ") {
            asked = text::first_address(&t[at + 8..]);
            continue;
        }
        let Some(record) = t
            .strip_prefix("Transport: ")
            .or_else(|| t.strip_prefix("Route: "))
        else {
            continue;
        };
        let Some((_, error)) = record.split_once(" error ") else {
            continue;
        };
        // "110: Connection timed out", "-44: H=host [ip]: SMTP error from …"
        let error = error.split_once(": ").map_or(error, |(_, e)| e);
        let error = error.replace("\\n", " ");
        let Some(recipient) = asked.take() else {
            continue;
        };
        let mut f = Facts::with_recipient(recipient);
        f.action = Some("delayed".into());
        text::fill(&mut f, &error);
        f.smtp_command = text::command_in(&error);
        f.remote_mta = error
            .strip_prefix("H=")
            .and_then(|h| h.split_whitespace().next())
            .map(str::to_string);
        if out.len() < crate::mta::MAX_RECORDS {
            out.push((String::new(), f));
        }
    }
    (out, senders)
}

/// qmail-send's log (multilog `@4000…` stamps or syslog): `info msg M: bytes B from <s> …`,
/// The value of `key` (`host=`, with its `=`) in a line of `key=value` words, up to the next
/// space; `None` when absent.
fn word_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let at = line
        .match_indices(key)
        .find(|(at, _)| *at == 0 || line.as_bytes()[at - 1] == b' ')?
        .0;
    line[at + key.len()..].split(' ').next()
}

/// msmtp's log file: a line per message, `… host=smtp.example.com … from=a@b recipients=c@d,e@f
/// … smtpstatus=550 smtpmsg='550 5.7.60 …' errormsg='…' exitcode=EX_UNAVAILABLE`. A refused
/// message is a record per recipient; its lines are its own (keyed by line number).
fn msmtp(input: &str) -> (Vec<Keyed>, Vec<QueuedSender>) {
    let (mut out, mut senders) = (Vec::new(), Vec::new());
    for (n, line) in crate::input::lines(input).take(200_000).enumerate() {
        let Some(code) = word_value(line, "smtpstatus=").and_then(|c| c.parse::<u16>().ok()) else {
            continue;
        };
        let key = format!("msmtp-{n}");
        if let Some(from) = word_value(line, "from=") {
            senders.push((key.clone(), from.to_string()));
        }
        if code < 400 {
            continue;
        }
        // smtpmsg='…' (a multi-line reply's line ends written as "\n").
        let reply = line
            .split_once(" smtpmsg='")
            .map(|(_, r)| {
                r.split_once("' ")
                    .map_or(r.trim_end_matches('\''), |(m, _)| m)
            })
            .unwrap_or("")
            .replace("\\n", " ");
        let recipients = word_value(line, "recipients=").unwrap_or("");
        for r in recipients.split(',').filter(|r| r.contains('@')) {
            if out.len() >= crate::mta::MAX_RECORDS {
                break;
            }
            let mut f = Facts {
                recipient: Some(r.to_string()),
                action: text::action(code < 500),
                ..Facts::default()
            };
            text::fill(&mut f, &reply);
            f.reply_code = f.reply_code.or(Some(code));
            f.remote_mta = word_value(line, "host=").map(str::to_string);
            out.push((key.clone(), f));
        }
    }
    (out, senders)
}

/// Courier-MTA's esmtp module: `courieresmtp: id=M,from=<a@b>,addr=<c@d>: 550 5.1.1 …` (a line
/// per line of the remote's reply), then `…,addr=<c@d>,size=N,status: failure` (or `deferral`,
/// `success`).
fn courier(input: &str) -> (Vec<Keyed>, Vec<QueuedSender>) {
    let (mut out, mut senders) = (Vec::new(), Vec::new());
    // (message id, recipient) → the reply so far.
    let mut replies: std::collections::HashMap<(String, String), String> = Default::default();
    for line in crate::input::lines(input).take(200_000) {
        let Some((_, rest)) = line.split_once("courieresmtp: id=") else {
            continue;
        };
        let Some((id, rest)) = rest.split_once(',') else {
            continue;
        };
        let from = rest
            .split_once("from=<")
            .and_then(|(_, f)| f.split_once('>'))
            .map(|(f, _)| f.to_string());
        let Some((_, after)) = rest.split_once("addr=<") else {
            continue;
        };
        let Some((addr, tail)) = after.split_once('>') else {
            continue;
        };
        let key = (id.to_string(), addr.to_ascii_lowercase());
        if let Some(reply) = tail.strip_prefix(": ") {
            if let Some(r) = replies.get_mut(&key) {
                if r.len() < text::MAX_DIAGNOSTIC {
                    r.push(' ');
                    r.push_str(reply.trim());
                }
            } else if replies.len() < 10_000 {
                replies.insert(key, reply.trim().to_string());
            }
            continue;
        }
        let action = if tail.ends_with("status: failure") {
            "failed"
        } else if tail.ends_with("status: deferral") {
            "delayed"
        } else {
            continue;
        };
        if out.len() >= crate::mta::MAX_RECORDS {
            break;
        }
        let mut f = Facts::with_recipient(addr.to_string());
        f.action = Some(action.into());
        if let Some(reply) = replies.get(&key) {
            text::fill(&mut f, reply);
        }
        if let Some(from) = from {
            senders.push((id.to_string(), from));
        }
        out.push((id.to_string(), f));
    }
    (out, senders)
}

/// nullmailer's syslog lines: `From: <a@b> to: <c@d>` for the message being sent, then
/// `smtp: Failed: 550 …` (or `smtp: Failed: 451 …`) when the relay refused it.
fn nullmailer(input: &str) -> (Vec<Keyed>, Vec<QueuedSender>) {
    let (mut out, mut senders) = (Vec::new(), Vec::new());
    let mut current: Option<(String, Vec<String>)> = None;
    for (n, line) in crate::input::lines(input).take(200_000).enumerate() {
        if !line.contains("nullmailer[") {
            continue;
        }
        if let Some((_, rest)) = line.split_once("]: From: ") {
            if let Some((from, to)) = rest.split_once(" to: ") {
                let key = format!("nullmailer-{n}");
                let from = text::first_address(from).unwrap_or_default();
                senders.push((key.clone(), from));
                current = Some((key, text::addresses(to)));
            }
            continue;
        }
        let Some((_, reply)) = line.split_once("smtp: Failed: ") else {
            continue;
        };
        let Some((key, recipients)) = current.take() else {
            continue;
        };
        for r in recipients {
            let mut f = Facts::with_recipient(r);
            text::fill(&mut f, reply);
            let temporary = f.reply_code.is_some_and(|c| c < 500);
            f.action = text::action(temporary);
            out.push((key.clone(), f));
        }
    }
    (out, senders)
}

/// `starting delivery N: msg M to remote a@b`, then `delivery N: failure: text` (or
/// `deferral:` / `success:`). The text has `_` for spaces and `/` for line ends. The last
/// outcome per recipient counts; records and (message id, sender) pairs.
fn qmail(input: &str) -> (Vec<Keyed>, Vec<QueuedSender>) {
    let mut senders: Vec<QueuedSender> = Vec::new();
    // delivery number → (message id, recipient)
    let mut deliveries: std::collections::HashMap<&str, (&str, &str)> =
        std::collections::HashMap::new();
    let mut out: Vec<(String, Facts)> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // qmHandle's listing: "14287 (19, R)" then "  Return-path: a@b".
    let mut listed: Option<&str> = None;
    for line in crate::input::lines(input).take(200_000) {
        let t = line.trim();
        if let Some((msg, _)) = t.split_once(" (").filter(|(m, r)| {
            !m.is_empty() && m.bytes().all(|b| b.is_ascii_digit()) && r.ends_with(')')
        }) {
            listed = Some(msg);
            continue;
        }
        if let (Some(msg), Some(from)) = (listed, t.strip_prefix("Return-path: ")) {
            if senders.len() < 10_000 {
                senders.push((msg.to_string(), from.trim().to_string()));
            }
            listed = None;
            continue;
        }
        if let Some(rest) = line.split_once("info msg ").map(|(_, r)| r) {
            // "123456: bytes 2345 from <alerts@example.com> qp 9876 uid 89"
            if let (Some((msg, _)), Some(from)) = (
                rest.split_once(':'),
                rest.split(" from <")
                    .nth(1)
                    .and_then(|r| r.split('>').next()),
            ) {
                if senders.len() < 10_000 {
                    senders.push((msg.trim().to_string(), from.to_string()));
                }
            }
            continue;
        }
        if let Some(rest) = line.split_once("starting delivery ").map(|(_, r)| r) {
            // "4321: msg 123456 to remote k.lee@hotmail.com"
            let Some((n, rest)) = rest.split_once(": msg ") else {
                continue;
            };
            let mut words = rest.split_whitespace();
            let (Some(msg), Some("to"), Some(_), Some(rcpt)) =
                (words.next(), words.next(), words.next(), words.next())
            else {
                continue;
            };
            if deliveries.len() < 100_000 {
                deliveries.insert(n.trim(), (msg, rcpt));
            }
            continue;
        }
        if let Some(found) = hvmail_line(line) {
            let key = found
                .recipient
                .clone()
                .unwrap_or_default()
                .to_ascii_lowercase();
            match seen.get(&key) {
                Some(&i) => out[i] = (String::new(), found),
                None if out.len() < crate::mta::MAX_RECORDS => {
                    seen.insert(key, out.len());
                    out.push((String::new(), found));
                }
                None => {}
            }
            continue;
        }
        let Some(rest) = line.split_once(" delivery ").map(|(_, r)| r) else {
            continue;
        };
        let Some((n, report)) = rest.split_once(": ") else {
            continue;
        };
        let (action, text) = if let Some(t) = report.strip_prefix("failure: ") {
            ("failed", t)
        } else if let Some(t) = report.strip_prefix("deferral: ") {
            ("delayed", t)
        } else if report.starts_with("success: ") {
            ("delivered", "")
        } else {
            continue;
        };
        // (A failure line pasted without its "starting delivery" line: no recipient, but the
        // remote's words still count.)
        let (msg, rcpt) = deliveries.get(n.trim()).copied().unwrap_or(("", ""));
        let text = text.replace('_', " ").replace('/', "\n");
        let mut f = super::qmail::finish((rcpt.to_string(), text));
        f.action = Some(action.into());
        let key = if rcpt.contains('@') {
            rcpt.to_ascii_lowercase()
        } else {
            f.recipient = None;
            format!("#{}", n.trim())
        };
        match seen.get(&key) {
            // A later outcome for the same recipient replaces the earlier one.
            Some(&i) => out[i] = (msg.to_string(), f),
            None if out.len() < crate::mta::MAX_RECORDS => {
                seen.insert(key, out.len());
                out.push((msg.to_string(), f));
            }
            None => {}
        }
    }
    // A success is context, as `status=sent` is.
    out.retain(|(_, f)| f.action.as_deref() != Some("delivered"));
    (out, senders)
}

/// GreenArrow's `hvmail_report` line: "DATE TIME failure <a@b> mtaid=<48> …: Connected to IP
/// but sender was rejected./Remote host said: 550 …/" (qmail's words; `deferral`, `success`).
fn hvmail_line(line: &str) -> Option<Facts> {
    let (action, rest) = [
        (" failure <", "failed"),
        (" deferral <", "delayed"),
        (" success <", "delivered"),
    ]
    .iter()
    .find_map(|(word, action)| Some((*action, line.split_once(word)?.1)))?;
    let (rcpt, rest) = rest.split_once('>')?;
    let text = rest.split_once(": ")?.1;
    if !rcpt.contains('@')
        || !crate::find::contains_ci(text, "remote host said") && action != "delivered"
    {
        return None;
    }
    let mut f = super::qmail::finish((rcpt.trim().to_string(), text.replace('/', "\n")));
    f.action = Some(action.into());
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greenarrow_report_lines() {
        let log = "2026-11-21 14:05:31.40 success <a@example.com> mtaid=<48>: 192.0.2.33 accepted message./Remote host said: 250 2.0.0 Ok/\n\
            2026-11-21 14:05:33.91 failure <b@hotmail.co.uk> mtaid=<48>: Connected to 52.101.68.14 but sender was rejected./Remote host said: 550 5.7.1 Service unavailable, Client host [198.51.100.188] blocked using Spamhaus./\n\
            2026-11-21 14:05:34.22 deferral <c@gmx.de> mtaid=<48>: Connected to 212.227.17.10 but greeting failed./Remote host said: 421 Service not available/\n\
            2026-11-21 14:35:40.51 success <c@gmx.de> mtaid=<48>: 212.227.17.10 accepted message./Remote host said: 250 OK/\n";
        assert_eq!(crate::input::detect(log), crate::report::InputKind::Log);
        let (r, _) = parse(log);
        // The deferral ended in a delivery; the success is context.
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].recipient.as_deref(), Some("b@hotmail.co.uk"));
        assert_eq!(r[0].status.as_deref(), Some("5.7.1"));
        assert_eq!(r[0].action.as_deref(), Some("failed"));
    }

    #[test]
    fn postfix_final_outcome_only() {
        let log = "Jun  3 14:22:07 mx2 postfix/qmgr[1190]: 7C1F: from=<info@club.example.com>, size=5214, nrcpt=3 (queue active)\nJun  3 14:22:09 mx2 postfix/smtp[21512]: 7C1F: to=<s@four.example>, relay=mx.four.example[52.101.8.47]:25, dsn=5.4.1, status=bounced (host mx.four.example[52.101.8.47] said: 550 5.4.1 Recipient address rejected: Access denied (in reply to RCPT TO command))\nJun  3 14:22:11 mx2 postfix/smtp[21513]: 7C1F: to=<r@example.org>, relay=mx1.example.org[203.0.113.250]:25, dsn=4.7.1, status=deferred (host mx1.example.org[203.0.113.250] said: 450 4.7.1 Greylisted (in reply to RCPT TO command))\n";
        let (r, sender) = parse(log);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].status.as_deref(), Some("5.4.1"));
        assert_eq!(r[0].smtp_command.as_deref(), Some("RCPT"));
        assert_eq!(sender.as_deref(), Some("info@club.example.com"));
    }

    #[test]
    fn exchange_tracking_log_wrapped_values() {
        let log = "Timestamp       : 11/18/2025 9:41:07 AM\nEventId         : FAIL\nSender          : a@example.com\nRecipients      : {b@hotmail.com}\nRecipientStatus : {[{LED=550 5.7.1 Unfortunately, messages from [198.51.100.60] weren't sent. Please contact your Intern\n                  et service provider (S3140).};{MSG=};{FQDN=hotmail-com.olc.protection.outlook.com};{IP=52.101.41.11}]}\n\nTimestamp       : 11/18/2025 9:42:00 AM\nEventId         : SEND\nSender          : a@example.com\nRecipients      : {c@example.org}\nRecipientStatus : {250 2.6.0 Queued mail for delivery}\n";
        assert_eq!(crate::input::detect(log), crate::report::InputKind::Log);
        let (r, sender) = parse(log);
        assert_eq!(r.len(), 1, "SEND is context: {r:?}");
        assert_eq!(r[0].recipient.as_deref(), Some("b@hotmail.com"));
        assert_eq!(r[0].status.as_deref(), Some("5.7.1"));
        assert!(r[0]
            .diagnostic
            .as_deref()
            .unwrap()
            .contains("Internet service provider (S3140)"));
        assert_eq!(
            r[0].remote_mta.as_deref(),
            Some("hotmail-com.olc.protection.outlook.com")
        );
        assert_eq!(sender.as_deref(), Some("a@example.com"));
    }

    #[test]
    fn powermta_accounting_file() {
        let log = "type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat\nd,2025-11-03 10:22:13+0000,x,b@news.example.net,ok@example.org,,relayed,2.0.0 (success),smtp;250 2.0.0 Ok,mx.example.org (192.0.2.1),\nt,2025-11-03 10:22:14+0000,x,b@news.example.net,c@hotmail.com,,delayed,4.7.650 (other),\"smtp;451 4.7.650 The mail server [198.51.100.9] has been temporarily rate limited, see (S775)\",hotmail-com.olc.protection.outlook.com (52.101.1.1),spam-related\nb,2025-11-03 11:07:48+0000,x,b@news.example.net,c@hotmail.com,,failed,5.7.1 (refused),\"smtp;550 5.7.1 Unfortunately, messages from [198.51.100.9] weren't sent (S3140).\",hotmail-com.olc.protection.outlook.com (52.101.1.1),policy-related\n";
        assert_eq!(crate::input::detect(log), crate::report::InputKind::Log);
        let (r, sender) = parse(log);
        assert_eq!(r.len(), 1, "one recipient, its last event: {r:?}");
        assert_eq!(r[0].recipient.as_deref(), Some("c@hotmail.com"));
        assert_eq!(r[0].action.as_deref(), Some("failed"));
        assert_eq!(r[0].reply_code, Some(550));
        assert!(r[0].diagnostic.as_deref().unwrap().contains("(S3140)"));
        assert_eq!(
            r[0].remote_mta.as_deref(),
            Some("hotmail-com.olc.protection.outlook.com")
        );
        assert_eq!(sender.as_deref(), Some("b@news.example.net"));
    }

    #[test]
    fn postfix_queue_listings() {
        let mailq = "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\nA13F22C0D51*   14820 Mon Dec  1 08:02:17  a@example.com\n                                         active@example.org\n\nC7E0A2C0B08     9211 Mon Dec  1 07:48:33  a@example.com\n(host mx.example.net[198.51.100.7] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command))\n                                         full@example.net\n                                         full2@example.net\n\n-- 24 Kbytes in 2 Requests.\n";
        assert_eq!(crate::input::detect(mailq), crate::report::InputKind::Log);
        let (r, _) = parse(mailq);
        let to: Vec<_> = r.iter().filter_map(|f| f.recipient.as_deref()).collect();
        assert_eq!(
            to,
            ["full@example.net", "full2@example.net"],
            "the active message is not deferred"
        );
        assert_eq!(r[0].status.as_deref(), Some("4.2.2"));
        assert_eq!(r[0].action.as_deref(), Some("delayed"));
        let json = "{\"queue_name\":\"deferred\",\"queue_id\":\"4F1C\",\"sender\":\"a@example.com\",\"recipients\":[{\"address\":\"b@hotmail.com\",\"delay_reason\":\"host x[52.101.68.10] said: 451 4.7.500 Server busy. (AS761) (in reply to MAIL FROM command)\"}]}\n{\"queue_name\":\"active\",\"queue_id\":\"9B02\",\"sender\":\"a@example.com\",\"recipients\":[{\"address\":\"c@example.org\"}]}\n";
        assert_eq!(crate::input::detect(json), crate::report::InputKind::Log);
        let (r, _) = parse(json);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].recipient.as_deref(), Some("b@hotmail.com"));
        assert_eq!(r[0].reply_code, Some(451));
    }

    #[test]
    fn opensmtpd_outcome_lines() {
        let log = "Nov 27 10:15:01 mail smtpd[4242]: 5e6f mta delivery evpid=01 from=<a@example.com> to=<ok@b.example> rcpt=<-> source=\"203.0.113.45\" relay=\"198.51.100.20 (mx.b.example)\" delay=1s result=\"Ok\" stat=\"250 2.0.0 Ok\"\nNov 27 10:15:02 mail smtpd[4242]: 3a4b mta delivery evpid=02 from=<a@example.com> to=<c@d.example> rcpt=<-> source=\"203.0.113.45\" relay=\"192.0.2.7 (mx.d.example)\" delay=2s result=\"TempFail\" stat=\"451 4.2.0 \"Try\" later\"\n";
        let (r, sender) = parse(log);
        assert_eq!(r.len(), 1, "the delivery is context: {r:?}");
        assert_eq!(r[0].recipient.as_deref(), Some("c@d.example"));
        assert_eq!(r[0].action.as_deref(), Some("delayed"));
        assert_eq!(r[0].reply_code, Some(451));
        assert_eq!(r[0].status.as_deref(), Some("4.2.0"));
        // A quote inside the value does not end it.
        assert_eq!(r[0].diagnostic.as_deref(), Some("451 4.2.0 \"Try\" later"));
        assert_eq!(r[0].remote_mta.as_deref(), Some("mx.d.example"));
        assert_eq!(sender.as_deref(), Some("a@example.com"));
    }

    #[test]
    fn qmail_send_last_outcome_per_recipient() {
        let log = "@4000 info msg 77: bytes 10 from <a@example.com> qp 1 uid 2\n@4000 starting delivery 5: msg 77 to remote u@d.example\n@4000 starting delivery 6: msg 77 to remote v@d.example\n@4000 delivery 6: success: 192.0.2.7_accepted_message./Remote_host_said:_250_ok/\n@4000 delivery 5: deferral: Connected_to_192.0.2.7_but_greeting_failed./Remote_host_said:_421_busy/\n@4000 starting delivery 9: msg 77 to remote u@d.example\n@4000 delivery 9: failure: 192.0.2.7_does_not_like_recipient./Remote_host_said:_550_5.1.1_<u@d.example>_no_such_user/Giving_up_on_192.0.2.7./\n";
        let (r, sender) = parse(log);
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].recipient.as_deref(), Some("u@d.example"));
        assert_eq!(r[0].action.as_deref(), Some("failed"));
        assert_eq!(r[0].status.as_deref(), Some("5.1.1"));
        assert_eq!(r[0].smtp_command.as_deref(), Some("RCPT"));
        assert_eq!(
            r[0].diagnostic.as_deref(),
            Some("550 5.1.1 <u@d.example> no such user")
        );
        assert_eq!(sender.as_deref(), Some("a@example.com"));
        // The failure line alone: no recipient, the remote's words all the same.
        let (r, _) = parse("@4000 delivery 9: failure: Remote_host_said:_550_5.7.1_blocked/\n");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].recipient, None);
        assert_eq!(r[0].reply_code, Some(550));
    }

    #[test]
    fn exim_failure() {
        let log = "2026-02-05 11:20:44 1wJk3a-00B7cQ-2F <= news@example.com H=x\n2026-02-05 11:20:45 1wJk3a-00B7cQ-2F ** m@l.example R=dnslookup T=remote_smtp H=mx.l.example [2a01:111:f403:c90c::3]: SMTP error from remote mail server after RCPT TO:<m@l.example>: 550 5.7.25 Access denied\n";
        let (r, sender) = parse(log);
        assert_eq!(r[0].recipient.as_deref(), Some("m@l.example"));
        assert_eq!(r[0].diagnostic.as_deref(), Some("550 5.7.25 Access denied"));
        assert_eq!(r[0].reply_code, Some(550));
        assert_eq!(sender.as_deref(), Some("news@example.com"));
    }
}
