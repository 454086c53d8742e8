//! Every string the renderer shows, with its canonical English: the one source for the
//! extension's `_locales/en/messages.json` ([`messages_json`]) and the fallback when the host
//! has no `t()` (the offline page).
//!
//! Placeholders are `{name}` (not `$1`: `$` is special in `messages.json`) and are replaced by
//! the renderer after translation ([`fill`]). Keys use only `[a-z0-9_]`, as `chrome.i18n` wants.

/// `(key, English)`.
pub const STRINGS: &[(&str, &str)] = &[
    // The paste area.
    ("bounce_label", "Bounce message"),
    (
        "bounce_placeholder",
        "Paste the bounce you got back: the whole message, or just the error line.",
    ),
    ("bounce_hint", "Or drop an .eml file here."),
    ("pick_file", "Open an .eml file…"),
    ("file_read_error", "Could not read that file."),
    (
        "empty_state",
        "Paste a bounce to see who refused the mail, why, and what to do.",
    ),
    ("not_a_bounce", "Not a bounce I recognise"),
    (
        "not_a_bounce_help",
        "Paste the whole bounce message (or the error line from it), or drop the .eml file.",
    ),
    // The diagnosis card.
    ("diagnosis_heading", "Diagnosis"),
    ("fact_refused_by", "Refused by"),
    ("fact_outbound_ip", "Your server's IP"),
    ("fact_code", "Code"),
    ("fact_sender", "Sender"),
    ("fact_reporting_mta", "Bounce written by"),
    ("fact_input_kind", "Input"),
    ("meaning_heading", "What it means"),
    ("sources_heading", "Sources"),
    ("provider_unknown", "The receiving server"),
    // Next steps.
    ("next_step_heading", "Do this next"),
    ("other_steps_heading", "Other steps"),
    (
        "remedy_outlook_delist_form",
        "Open the Outlook.com delisting form",
    ),
    (
        "remedy_office365_delist_portal",
        "Open the Office 365 delist portal",
    ),
    ("remedy_spamhaus_delist", "Open the Spamhaus removal page"),
    ("remedy_email", "Email {address}"),
    ("remedy_open", "Open {host}"),
    (
        "remedy_fix_authentication",
        "Fix your authentication (SPF, DKIM, DMARC)",
    ),
    ("remedy_fix_dns", "Fix your DNS (reverse DNS, HELO name)"),
    ("remedy_fix_message", "Change the message"),
    ("remedy_wait_and_retry", "Wait: your server will retry"),
    ("remedy_fix_recipient", "Check the recipient's address"),
    (
        "remedy_contact_recipient",
        "Reach the recipient another way",
    ),
    (
        "remedy_contact_microsoft_support",
        "Contact Microsoft support",
    ),
    (
        "remedy_provider_support",
        "Contact the receiving provider's support",
    ),
    ("remedy_delist_email", "Ask for delisting by email"),
    ("remedy_investigate", "Look closer at the bounce"),
    ("remedy_none", "Nothing to do"),
    // Form values and filling.
    ("form_values_heading", "Values for the form"),
    ("copy", "Copy"),
    ("copy_value", "Copy {label}"),
    ("copied", "Copied {label}."),
    (
        "copy_failed",
        "Could not copy; select the text and copy it by hand.",
    ),
    ("fill_this_page", "Fill this page"),
    (
        "fill_result",
        "Filled {filled} of {total} fields. Check them, then submit the form yourself.",
    ),
    ("fill_failed", "Could not fill this page."),
    ("field_filled", "filled"),
    ("field_not_found", "not found"),
    ("field_kept", "kept (it already had a value)"),
    // Recipients and warnings.
    ("recipients_heading", "Recipients"),
    ("col_recipient", "Address"),
    ("col_status", "Status"),
    ("col_reason", "Reason"),
    ("col_remote_mta", "Remote server"),
    ("col_diagnostic", "The server said"),
    ("recipients_more", "…and {count} more."),
    ("warnings_heading", "Warnings"),
    // The profile.
    (
        "profile_heading",
        "Your details for Microsoft's form (kept on this device)",
    ),
    ("profile_contact_name", "Contact name"),
    ("profile_contact_email", "Contact email"),
    ("profile_self_description", "Which describes you best"),
    ("profile_timezone", "Time zone"),
    ("profile_website_url", "Website"),
    ("profile_server_type", "Server type"),
    ("profile_choose", "Choose…"),
    ("server_dedicated", "Dedicated"),
    ("server_shared", "Shared"),
    ("server_unknown", "Unknown"),
    ("profile_saved", "Saved."),
    // The offline page's exports.
    ("export_heading", "Export"),
    ("copy_markdown", "Copy as Markdown"),
    ("copy_plain", "Copy as plain text"),
    ("download_json", "Download JSON"),
    ("copied_report", "Copied the diagnosis."),
];

/// The English for `key` (the key itself when unknown, so a missing string is visible).
pub fn english(key: &str) -> &str {
    STRINGS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, v)| v)
}

/// Replace `{name}` placeholders.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// `_locales/en/messages.json` for the extension, from [`STRINGS`].
pub fn messages_json() -> String {
    let mut map = serde_json::Map::new();
    for (key, message) in STRINGS {
        // `$` starts a placeholder in messages.json; none of ours is one.
        map.insert(
            (*key).to_string(),
            serde_json::json!({ "message": message.replace('$', "$$") }),
        );
    }
    let mut s = serde_json::to_string_pretty(&serde_json::Value::Object(map)).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_valid_for_chrome_i18n() {
        let mut keys: Vec<_> = STRINGS.iter().map(|(k, _)| *k).collect();
        assert!(keys.iter().all(|k| k
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')));
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len(), "duplicate key");
    }

    #[test]
    fn messages_json_has_every_key() {
        let v: serde_json::Value = serde_json::from_str(&messages_json()).unwrap();
        assert_eq!(v["bounce_label"]["message"], "Bounce message");
        assert_eq!(v.as_object().unwrap().len(), STRINGS.len());
    }

    #[test]
    fn placeholders() {
        assert_eq!(
            fill(
                english("remedy_email"),
                &[("address", "delist@microsoft.com")]
            ),
            "Email delist@microsoft.com"
        );
        assert_eq!(english("no_such_key"), "no_such_key");
    }
}
