//! `mount(root, host)`: builds the UI in `root` and keeps it in step with the paste.
//! The contract with the host is documented in the module above.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use super::dom::{
    add, add_text, attr, clear, document, el, link, method, string_member, text, then, warn,
};
use super::profile::{self, Profile};
use super::strings::{english, fill};
use super::text as words;
use crate::forms::timezones;
use crate::report::{Remedy, Report};

/// Milliseconds of quiet typing before the paste is decoded.
const DEBOUNCE_MS: u32 = 150;
/// Recipients shown in the table; the rest are counted.
const MAX_RECIPIENT_ROWS: usize = 200;

struct App {
    root: Element,
    host: JsValue,
    www: bool,
    textarea: HtmlTextAreaElement,
    result: Element,
    status: Element,
    report: RefCell<Option<Report>>,
    /// The profile, and the host's object it came from (so unknown members survive a save).
    profile: RefCell<Option<(Profile, JsValue)>>,
    active_form: RefCell<Option<String>>,
    /// `(remedy index, host's fill result)` of the last "Fill this page".
    fill_result: RefCell<Option<(usize, JsValue)>>,
    debounce: RefCell<Option<Timeout>>,
    reader: RefCell<Option<FileReader>>,
}

/// Build the UI inside `root`, adapted to `host` (see the module docs for its members).
#[wasm_bindgen]
pub fn mount(root: Element, host: JsValue) {
    let doc = document();
    clear(&root);
    let mode = string_member(&host, "mode").unwrap_or_else(|| "www".into());
    let www = mode != "popup";
    root.class_list().add_1("rebound").ok();
    attr(&root, "data-mode", if www { "www" } else { "popup" });

    // The paste area: a labelled textarea, a file picker, and the whole input section as a drop zone.
    let input = add(&root, el(&doc, "section", "rb-input"));
    let label = add_text(&input, "label", "rb-label", "");
    attr(&label, "for", "rb-bounce");
    let textarea: HtmlTextAreaElement =
        add(&input, el(&doc, "textarea", "rb-bounce")).unchecked_into();
    textarea.set_id("rb-bounce");
    attr(&textarea, "spellcheck", "false");
    attr(&textarea, "autocomplete", "off");
    attr(&textarea, "rows", if www { "10" } else { "6" });
    let hint = add(&input, el(&doc, "p", "rb-hint"));
    let hint_text = add_text(&hint, "span", "", "");
    text(&hint, " ");
    let file_label = add_text(&hint, "label", "rb-file", "");
    let file: HtmlInputElement = add(&file_label, el(&doc, "input", "")).unchecked_into();
    file.set_type("file");
    file.set_id("rb-file");
    attr(&file, "accept", ".eml,.txt,.msg,message/rfc822,text/plain");

    let result = add(&root, el(&doc, "section", "rb-result"));
    result.set_id("rb-result");
    attr(&result, "aria-live", "polite");
    let status = add(&root, el(&doc, "p", "rb-status"));
    attr(&status, "role", "status");

    let app = Rc::new(App {
        root: root.clone(),
        host,
        www,
        textarea: textarea.clone(),
        result,
        status,
        report: RefCell::new(None),
        profile: RefCell::new(None),
        active_form: RefCell::new(None),
        fill_result: RefCell::new(None),
        debounce: RefCell::new(None),
        reader: RefCell::new(None),
    });
    text(&label, &app.t("bounce_label"));
    attr(&textarea, "placeholder", &app.t("bounce_placeholder"));
    text(&hint_text, &app.t("bounce_hint"));
    let pick = add_text(&file_label, "span", "", &app.t("pick_file"));
    let _ = file_label.insert_before(&pick, Some(&file));

    // Live decode, debounced.
    {
        let a = app.clone();
        EventListener::new(&textarea, "input", move |_| {
            let b = a.clone();
            *a.debounce.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || b.decode_text()));
        })
        .forget();
    }
    {
        let a = app.clone();
        let f = file.clone();
        EventListener::new(&file, "change", move |_| {
            if let Some(file) = f.files().and_then(|l| l.get(0)) {
                a.read_file(file);
            }
        })
        .forget();
    }
    for ev in ["dragenter", "dragover"] {
        let i = input.clone();
        EventListener::new_with_options(&input, ev, prevent(), move |e| {
            e.prevent_default();
            i.class_list().add_1("rb-drag").ok();
        })
        .forget();
    }
    {
        let i = input.clone();
        EventListener::new(&input, "dragleave", move |_| {
            i.class_list().remove_1("rb-drag").ok();
        })
        .forget();
    }
    {
        let a = app.clone();
        let i = input.clone();
        EventListener::new_with_options(&input, "drop", prevent(), move |e| {
            e.prevent_default();
            i.class_list().remove_1("rb-drag").ok();
            let file = e
                .dyn_ref::<web_sys::DragEvent>()
                .and_then(|d| d.data_transfer())
                .and_then(|d| d.files())
                .and_then(|l| l.get(0));
            if let Some(file) = file {
                a.read_file(file);
            }
        })
        .forget();
    }
    // Every button in the result is handled here, by its data-action.
    {
        let a = app.clone();
        EventListener::new(&app.result, "click", move |e| a.on_click(e)).forget();
    }

    app.render();
    app.restore();
}

fn prevent() -> gloo::events::EventListenerOptions {
    gloo::events::EventListenerOptions::enable_prevent_default()
}

impl App {
    /// The localized string for `key` (the host's `t`, else English).
    fn t(&self, key: &str) -> String {
        method(&self.host, "t")
            .and_then(|f| f.call1(&self.host, &JsValue::from_str(key)).ok())
            .and_then(|v| v.as_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| english(key).to_string())
    }

    /// Call a host method if it exists; `None` when absent or when it threw.
    fn call(&self, name: &str, args: &[&JsValue]) -> Option<JsValue> {
        let f = method(&self.host, name)?;
        let r = match args {
            [] => f.call0(&self.host),
            [a] => f.call1(&self.host, a),
            [a, b, ..] => f.call2(&self.host, a, b),
        };
        r.map_err(|e| warn(name, &e)).ok()
    }

    /// Ask the host for the saved paste, the profile and the active tab's form.
    fn restore(self: &Rc<Self>) {
        if let Some(v) = self.call("loadBounce", &[]) {
            let a = self.clone();
            then(
                v,
                move |text| {
                    if let Some(text) = text.as_string().filter(|t| !t.is_empty()) {
                        if a.textarea.value().is_empty() {
                            a.textarea.set_value(&text);
                            a.decode(text.as_bytes(), false);
                        }
                    }
                },
                |e| warn("loadBounce", &e),
            );
        }
        if method(&self.host, "loadProfile").is_some()
            && method(&self.host, "saveProfile").is_some()
        {
            let a = self.clone();
            let v = self.call("loadProfile", &[]).unwrap_or(JsValue::NULL);
            then(
                v,
                move |obj| a.show_profile(obj),
                |e| warn("loadProfile", &e),
            );
        }
        if let Some(v) = self.call("activeTabForm", &[]) {
            let a = self.clone();
            then(
                v,
                move |form| {
                    *a.active_form.borrow_mut() = form.as_string().filter(|f| !f.is_empty());
                    a.render();
                },
                |e| warn("activeTabForm", &e),
            );
        }
    }

    fn decode_text(self: &Rc<Self>) {
        let text = self.textarea.value();
        self.decode(text.as_bytes(), true);
    }

    /// Decode, remember, render; `save` passes the paste to the host.
    fn decode(self: &Rc<Self>, bytes: &[u8], save: bool) {
        let perf = web_sys::window().and_then(|w| w.performance());
        let t0 = perf.as_ref().map_or(0.0, |p| p.now());
        let report = if bytes.iter().all(u8::is_ascii_whitespace) {
            None
        } else {
            Some(crate::decode(bytes))
        };
        let ms = perf.as_ref().map_or(0.0, |p| p.now()) - t0;
        *self.report.borrow_mut() = report;
        *self.fill_result.borrow_mut() = None;
        self.render();
        // For tests and the curious: how long the decode took.
        // Tenths of a millisecond as an integer: float formatting would add ~15 KB of wasm.
        let tenths = (ms * 10.0).round().max(0.0) as u64;
        attr(
            &self.root,
            "data-decode-ms",
            &format!("{}.{}", tenths / 10, tenths % 10),
        );
        attr(&self.root, "data-decoded", &bytes.len().to_string());
        if save {
            let text = String::from_utf8_lossy(bytes);
            self.call("saveBounce", &[&JsValue::from_str(&text)]);
        }
    }

    fn read_file(self: &Rc<Self>, file: web_sys::File) {
        let a = self.clone();
        let reader =
            gloo::file::callbacks::read_as_bytes(&gloo::file::Blob::from(file), move |bytes| {
                match bytes {
                    Ok(bytes) => {
                        a.textarea.set_value(&String::from_utf8_lossy(&bytes));
                        a.decode(&bytes, true);
                        a.reader.borrow_mut().take();
                    }
                    Err(_) => a.announce(&a.t("file_read_error")),
                }
            });
        *self.reader.borrow_mut() = Some(reader);
    }

    fn announce(&self, msg: &str) {
        clear(&self.status);
        text(&self.status, msg);
    }

    /// The remedy with the profile merged into its fill plan.
    fn merged(&self, remedy: &Remedy) -> Remedy {
        let mut r = remedy.clone();
        if let (Some(plan), Some((p, _))) = (&remedy.fill_plan, &*self.profile.borrow()) {
            r.fill_plan = Some(profile::merge(plan, p));
        }
        r
    }

    /// Rebuild the result section from the current report.
    fn render(self: &Rc<Self>) {
        let doc = document();
        let out = &self.result;
        clear(out);
        let report = self.report.borrow();
        let Some(report) = report.as_ref() else {
            add_text(out, "p", "rb-empty", &self.t("empty_state"));
            return;
        };
        let t = |k: &str| self.t(k);

        let card = add(out, el(&doc, "article", "rb-card"));
        if !report.is_bounce {
            card.class_list().add_1("rb-unknown").ok();
            add_text(&card, "h2", "rb-title", &self.t("not_a_bounce"));
            add_text(&card, "p", "", &self.t("not_a_bounce_help"));
        } else {
            add_text(&card, "h2", "rb-title", &report.diagnosis.title);
        }
        let facts = words::facts(report, &t);
        if !facts.is_empty() {
            let dl = add(&card, el(&doc, "dl", "rb-facts"));
            for (k, v) in facts {
                add_text(&dl, "dt", "", &k);
                add_text(&dl, "dd", "", &v);
            }
        }
        if !report.diagnosis.explanation.is_empty() {
            add_text(&card, "h3", "", &self.t("meaning_heading"));
            add_text(&card, "p", "rb-explanation", &report.diagnosis.explanation);
        }
        if !report.diagnosis.sources.is_empty() {
            add_text(&card, "h3", "", &self.t("sources_heading"));
            let ul = add(&card, el(&doc, "ul", "rb-sources"));
            for s in &report.diagnosis.sources {
                let li = add(&ul, el(&doc, "li", ""));
                link(&li, s, s, "");
            }
        }

        self.render_steps(out, report);
        self.render_form_values(out, report);
        self.render_recipients(out, report);
        if !report.warnings.is_empty() {
            let sec = add(out, el(&doc, "section", "rb-warnings"));
            add_text(&sec, "h3", "", &self.t("warnings_heading"));
            let ul = add(&sec, el(&doc, "ul", ""));
            for w in &report.warnings {
                let li = add_text(&ul, "li", "", &w.message);
                attr(&li, "data-code", &w.code);
            }
        }
        if self.www {
            let sec = add(out, el(&doc, "section", "rb-export"));
            add_text(&sec, "h3", "", &self.t("export_heading"));
            for (action, key) in [
                ("copy-md", "copy_markdown"),
                ("copy-text", "copy_plain"),
                ("download", "download_json"),
            ] {
                button(&sec, &self.t(key), action, "");
            }
        }
    }

    fn render_steps(&self, out: &Element, report: &Report) {
        if report.remedies.is_empty() {
            return;
        }
        let doc = document();
        let t = |k: &str| self.t(k);
        let sec = add(out, el(&doc, "section", "rb-steps"));
        add_text(&sec, "h3", "", &self.t("next_step_heading"));
        let active = self.active_form.borrow().clone();
        for (i, remedy) in report.remedies.iter().enumerate() {
            let holder = if i == 0 {
                add(&sec, el(&doc, "div", "rb-step rb-next"))
            } else {
                if i == 1 {
                    add_text(&sec, "h3", "", &self.t("other_steps_heading"));
                }
                let list = match sec.last_element_child().filter(|e| e.tag_name() == "UL") {
                    Some(ul) => ul,
                    None => add(&sec, el(&doc, "ul", "rb-other")),
                };
                add(&list, el(&doc, "li", "rb-step"))
            };
            let label = words::remedy_label(remedy, &t);
            let summary_id = format!("rb-remedy-{i}-summary");
            // A delisting remedy is its own button; advice is a heading with an optional link.
            let (button_label, class) = if words::remedy_is_delisting(remedy) {
                (Some(label), if i == 0 { "rb-primary" } else { "" })
            } else {
                add_text(&holder, "strong", "rb-fix", &label);
                (words::remedy_link_label(remedy, &t), "")
            };
            if let Some(button_label) = button_label {
                let b = if method(&self.host, "openRemedy").is_some() {
                    let b = button(&holder, &button_label, "remedy", class);
                    attr(&b, "data-remedy", &i.to_string());
                    b
                } else {
                    let url = words::remedy_href(remedy).unwrap_or_default();
                    link(&holder, url, &button_label, &format!("rb-button {class}"))
                };
                attr(&b, "aria-describedby", &summary_id);
            }
            let p = add_text(&holder, "p", "rb-summary", &remedy.summary);
            p.set_id(&summary_id);
            // "Fill this page": the active tab holds this remedy's form.
            let form = remedy.fill_plan.as_ref().map(|p| p.form.as_str());
            if active.is_some()
                && form == active.as_deref()
                && method(&self.host, "fillActiveTab").is_some()
            {
                let b = button(&holder, &self.t("fill_this_page"), "fill", "rb-fill");
                attr(&b, "data-remedy", &i.to_string());
                if let Some((j, res)) = &*self.fill_result.borrow() {
                    if *j == i {
                        self.render_fill_result(&holder, res);
                    }
                }
            }
        }
    }

    fn render_fill_result(&self, parent: &Element, res: &JsValue) {
        let doc = document();
        let num = |k: &str| {
            let n = Reflect::get(res, &k.into())
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0);
            // An integer count; float formatting would add ~15 KB of wasm.
            (n.max(0.0) as u64).to_string()
        };
        if !res.is_object() {
            add_text(parent, "p", "rb-fill-result", &self.t("fill_failed"));
            return;
        }
        let filled = num("filled");
        let total = num("total");
        let msg = fill(
            &self.t("fill_result"),
            &[("filled", &filled), ("total", &total)],
        );
        let box_ = add(parent, el(&doc, "div", "rb-fill-result"));
        add_text(&box_, "p", "", &msg);
        let ul = add(&box_, el(&doc, "ul", ""));
        let fields = Reflect::get(res, &"fields".into()).unwrap_or(JsValue::UNDEFINED);
        for f in js_sys::Array::from(&fields).iter() {
            let key = string_member(&f, "key").unwrap_or_default();
            let status = string_member(&f, "status").unwrap_or_default();
            let shown = match self.t(&format!("field_{status}")) {
                s if s.starts_with("field_") => status.clone(),
                s => s,
            };
            let li = add_text(&ul, "li", "", &format!("{key}: {shown}"));
            attr(&li, "data-status", &status);
        }
    }

    fn render_form_values(&self, out: &Element, report: &Report) {
        let doc = document();
        let mut seen: Vec<&str> = Vec::new();
        for (i, remedy) in report.remedies.iter().enumerate() {
            let Some(plan) = &remedy.fill_plan else {
                continue;
            };
            if seen.contains(&plan.form.as_str()) || plan.fields.is_empty() {
                continue;
            }
            seen.push(&plan.form);
            let plan = self
                .merged(remedy)
                .fill_plan
                .unwrap_or_else(|| plan.clone());
            let sec = add(out, el(&doc, "section", "rb-values"));
            add_text(&sec, "h3", "", &self.t("form_values_heading"));
            add_text(
                &sec,
                "p",
                "rb-values-for",
                &words::remedy_label(remedy, &|k: &str| self.t(k)),
            );
            let dl = add(&sec, el(&doc, "dl", ""));
            for (j, f) in plan.fields.iter().enumerate() {
                if f.value.is_empty() {
                    continue;
                }
                add_text(&dl, "dt", "", &f.label);
                let dd = add(&dl, el(&doc, "dd", ""));
                let v = add_text(&dd, "output", "rb-value", &f.value);
                attr(&v, "data-key", &f.key);
                let b = button(&dd, &self.t("copy"), "copy", "rb-copy");
                attr(
                    &b,
                    "aria-label",
                    &fill(&self.t("copy_value"), &[("label", &f.label)]),
                );
                attr(&b, "data-remedy", &i.to_string());
                attr(&b, "data-field", &j.to_string());
            }
        }
    }

    fn render_recipients(&self, out: &Element, report: &Report) {
        if report.recipients.is_empty() {
            return;
        }
        let doc = document();
        let sec = add(out, el(&doc, "section", "rb-recipients"));
        add_text(&sec, "h3", "", &self.t("recipients_heading"));
        let table = add(&sec, el(&doc, "table", ""));
        let head = add(&table, el(&doc, "tr", ""));
        for k in [
            "col_recipient",
            "col_status",
            "col_reason",
            "col_remote_mta",
            "col_diagnostic",
        ] {
            let th = add_text(&head, "th", "", &self.t(k));
            attr(&th, "scope", "col");
        }
        // A bulk bounce may list thousands; the JSON export has them all.
        for r in report.recipients.iter().take(MAX_RECIPIENT_ROWS) {
            let tr = add(&table, el(&doc, "tr", ""));
            add_text(&tr, "td", "rb-addr", r.recipient.as_deref().unwrap_or("?"));
            let code = [r.reply_code.map(|c| c.to_string()), r.status.clone()]
                .into_iter()
                .flatten();
            add_text(&tr, "td", "", &code.collect::<Vec<_>>().join(" "));
            add_text(&tr, "td", "", r.reason.as_str());
            add_text(&tr, "td", "", r.remote_mta.as_deref().unwrap_or(""));
            add_text(&tr, "td", "rb-diag", r.diagnostic.as_deref().unwrap_or(""));
        }
        let more = report.recipients.len().saturating_sub(MAX_RECIPIENT_ROWS);
        if more > 0 {
            let n = more.to_string();
            add_text(
                &sec,
                "p",
                "rb-more",
                &fill(&self.t("recipients_more"), &[("count", &n)]),
            );
        }
    }

    fn on_click(self: &Rc<Self>, e: &web_sys::Event) {
        let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(b)) = target.closest("[data-action]") else {
            return;
        };
        let action = b.get_attribute("data-action").unwrap_or_default();
        let index = |name: &str| b.get_attribute(name).and_then(|v| v.parse::<usize>().ok());
        let report = self.report.borrow().clone();
        let Some(report) = report else { return };
        let t = |k: &str| self.t(k);
        match action.as_str() {
            "remedy" => {
                if let Some(r) = index("data-remedy").and_then(|i| report.remedies.get(i)) {
                    self.call("openRemedy", &[&crate::wasm::to_js(&self.merged(r))]);
                }
            }
            "fill" => {
                let Some(i) = index("data-remedy") else {
                    return;
                };
                let Some(plan) = report
                    .remedies
                    .get(i)
                    .and_then(|r| self.merged(r).fill_plan)
                else {
                    return;
                };
                if let Some(v) = self.call("fillActiveTab", &[&crate::wasm::to_js(&plan)]) {
                    let (a, b) = (self.clone(), self.clone());
                    then(
                        v,
                        move |res| {
                            *a.fill_result.borrow_mut() = Some((i, res));
                            a.render();
                        },
                        move |err| {
                            warn("fillActiveTab", &err);
                            *b.fill_result.borrow_mut() = Some((i, JsValue::NULL));
                            b.render();
                        },
                    );
                }
            }
            "copy" => {
                let field = index("data-remedy")
                    .and_then(|i| report.remedies.get(i))
                    .and_then(|r| self.merged(r).fill_plan)
                    .and_then(|p| index("data-field").and_then(|j| p.fields.get(j).cloned()));
                if let Some(f) = field {
                    let done = fill(&self.t("copied"), &[("label", &f.label)]);
                    self.copy(&f.value, done);
                }
            }
            "copy-md" => self.copy(&words::markdown(&report, &t), self.t("copied_report")),
            "copy-text" => self.copy(&words::plain(&report, &t), self.t("copied_report")),
            "download" => download_json(&report),
            _ => {}
        }
    }

    /// Copy to the clipboard and announce the outcome.
    fn copy(self: &Rc<Self>, value: &str, done: String) {
        let clipboard = web_sys::window()
            .map(|w| w.navigator())
            .and_then(|n| Reflect::get(&n, &"clipboard".into()).ok())
            .filter(JsValue::is_object)
            .map(JsCast::unchecked_into::<web_sys::Clipboard>);
        let Some(clipboard) = clipboard else {
            self.announce(&self.t("copy_failed"));
            return;
        };
        let (a, b) = (self.clone(), self.clone());
        let failed = self.t("copy_failed");
        then(
            clipboard.write_text(value).into(),
            move |_| a.announce(&done),
            move |_| b.announce(&failed),
        );
    }

    /// Show the profile section (the host has load/saveProfile).
    fn show_profile(self: &Rc<Self>, obj: JsValue) {
        let doc = document();
        let obj = if obj.is_object() {
            obj
        } else {
            js_sys::Object::new().into()
        };
        let mut p = profile_from_js(&obj);
        if p.timezone.is_empty() {
            p.timezone = browser_timezone()
                .and_then(|z| timezones::windows_id(&z))
                .unwrap_or_default()
                .to_string();
        }
        let sec = add(&self.root, el(&doc, "details", "rb-profile"));
        let _ = self.root.insert_before(&sec, Some(&self.status));
        add_text(&sec, "summary", "", &self.t("profile_heading"));
        let form = add(&sec, el(&doc, "div", "rb-profile-fields"));
        for (key, value) in p.entries() {
            let id = format!("rb-p-{key}");
            let row = add(&form, el(&doc, "div", "rb-row"));
            let label = add_text(&row, "label", "", &self.t(&format!("profile_{key}")));
            attr(&label, "for", &id);
            let control: Element = match key {
                "self_description" => select(
                    &row,
                    &self.t("profile_choose"),
                    value,
                    profile::SELF_DESCRIPTIONS
                        .iter()
                        .map(|s| (*s, s.to_string())),
                ),
                "server_type" => select(
                    &row,
                    &self.t("profile_choose"),
                    value,
                    profile::SERVER_TYPES.iter().map(|(v, k)| (*v, self.t(k))),
                ),
                "timezone" => select(
                    &row,
                    &self.t("profile_choose"),
                    value,
                    timezones::windows_ids().map(|(id, z)| (id, format!("{id} ({z})"))),
                ),
                _ => {
                    let i: HtmlInputElement = add(&row, el(&doc, "input", "")).unchecked_into();
                    i.set_type(match key {
                        "contact_email" => "email",
                        "website_url" => "url",
                        _ => "text",
                    });
                    i.set_value(value);
                    attr(
                        &i,
                        "autocomplete",
                        if key == "contact_email" {
                            "email"
                        } else if key == "contact_name" {
                            "name"
                        } else {
                            "url"
                        },
                    );
                    i.into()
                }
            };
            control.set_id(&id);
            attr(&control, "name", key);
            let a = self.clone();
            let o = obj.clone();
            let c = control.clone();
            EventListener::new(&control, "change", move |_| a.profile_changed(&o, key, &c))
                .forget();
        }
        *self.profile.borrow_mut() = Some((p, obj));
        self.render();
    }

    fn profile_changed(self: &Rc<Self>, obj: &JsValue, key: &str, control: &Element) {
        let value = if let Some(s) = control.dyn_ref::<HtmlSelectElement>() {
            s.value()
        } else {
            control.unchecked_ref::<HtmlInputElement>().value()
        };
        let _ = Reflect::set(obj, &key.into(), &JsValue::from_str(&value));
        let save = {
            let mut guard = self.profile.borrow_mut();
            let Some((p, _)) = guard.as_mut() else { return };
            p.set(key, value);
            // The time zone preselected from the browser is saved with the first change.
            let tz = p.timezone.clone();
            let _ = Reflect::set(obj, &"timezone".into(), &JsValue::from_str(&tz));
            obj.clone()
        };
        if let Some(v) = self.call("saveProfile", &[&save]) {
            let a = self.clone();
            then(
                v,
                move |_| a.announce(&a.t("profile_saved")),
                |e| warn("saveProfile", &e),
            );
        }
        self.render();
    }
}

/// A `<button type=button data-action=…>`.
fn button(parent: &Element, label: &str, action: &str, class: &str) -> Element {
    let b = add_text(parent, "button", class, label);
    attr(&b, "type", "button");
    attr(&b, "data-action", action);
    b
}

/// A `<select>` with a "Choose…" option and `(value, text)` options; `current` selected.
fn select(
    parent: &Element,
    choose: &str,
    current: &str,
    options: impl Iterator<Item = (&'static str, String)>,
) -> Element {
    let doc = document();
    let s = add(parent, el(&doc, "select", ""));
    let o = add_text(&s, "option", "", choose);
    attr(&o, "value", "");
    for (value, label) in options {
        let o = add_text(&s, "option", "", &label);
        attr(&o, "value", value);
        if value == current {
            attr(&o, "selected", "");
        }
    }
    s
}

/// The profile the host stored, read as `serde_wasm_bindgen::from_value` did (without its
/// deserializer, about 27 KB of wasm): a member that is absent stays empty, and a member that
/// is present but not a string empties the whole profile.
fn profile_from_js(obj: &JsValue) -> Profile {
    let mut p = Profile::default();
    for (key, _) in Profile::default().entries() {
        let k = JsValue::from_str(key);
        let v = Reflect::get(obj, &k).unwrap_or(JsValue::UNDEFINED);
        if v.is_undefined() && !Reflect::has(obj, &k).unwrap_or(false) {
            continue;
        }
        match v.as_string() {
            Some(s) => {
                p.set(key, s);
            }
            None => return Profile::default(),
        }
    }
    p
}

/// The browser's IANA time zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`).
fn browser_timezone() -> Option<String> {
    let f = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    Reflect::get(&f.resolved_options(), &"timeZone".into())
        .ok()?
        .as_string()
}

/// Offer the Report as `rebound-report.json` (a Blob URL; nothing leaves the device).
fn download_json(report: &Report) {
    // JSON.stringify: the wasm then needs no JSON serializer of its own.
    let json = crate::wasm::pretty_json(&crate::wasm::to_js(report));
    let parts = js_sys::Array::of1(&JsValue::from_str(&json));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let doc = document();
    let a: web_sys::HtmlAnchorElement = el(&doc, "a", "").unchecked_into();
    a.set_href(&url);
    a.set_download("rebound-report.json");
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
