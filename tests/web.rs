//! wasm-bindgen-test smoke tests in a real browser (`cargo xtask test` runs them in headless
//! Chromium and Firefox): the bindings return the Report, odd input does not trap, and the
//! renderer mounts, decodes a paste and shows hostile text as text.
#![cfg(target_arch = "wasm32")]

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const S3150: &str = "550 5.7.1 Unfortunately, messages from [203.0.113.5] weren't sent. Please contact \
    your Internet service provider since part of their network is on our block list (S3150). You can also \
    refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.";

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
fn decode_returns_the_report() {
    let r = rebound::wasm::decode(S3150);
    assert_eq!(get(&r, "schema_version").as_f64(), Some(1.0));
    assert_eq!(get(&r, "is_bounce").as_bool(), Some(true));
    let ips = js_sys::Array::from(&get(&r, "outbound_ips"));
    assert_eq!(ips.get(0).as_string().as_deref(), Some("203.0.113.5"));
    // Same object as the JSON the CLI prints: plain objects, null for None.
    let native = serde_json::to_string(&rebound::decode_str(S3150)).unwrap();
    let js = js_sys::JSON::stringify(&r).unwrap().as_string().unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&native).unwrap(),
        serde_json::from_str::<serde_json::Value>(&js).unwrap()
    );
}

#[wasm_bindgen_test]
fn odd_input_does_not_trap() {
    for odd in [
        "",
        "\0",
        "\u{feff}\u{10ffff}",
        "Content-Type: multipart/report; boundary=\"",
        "550 [999.1.1.1]",
    ] {
        let r = rebound::wasm::decode(odd);
        assert!(r.is_object());
    }
    let noise: Vec<u8> = (0..70_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    assert!(rebound::wasm::decode_bytes(&noise).is_object());
}

#[wasm_bindgen_test]
async fn renderer_decodes_a_paste_and_keeps_hostile_text_inert() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let host = Object::new();
    Reflect::set(&host, &"mode".into(), &"www".into()).unwrap();
    rebound::ui::mount(root.clone(), host.into());

    let textarea: web_sys::HtmlTextAreaElement = root
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let label = root
        .query_selector("label[for=rb-bounce]")
        .unwrap()
        .unwrap();
    assert_eq!(label.text_content().as_deref(), Some("Bounce message"));

    let hostile = format!("{S3150}\n<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"> javascript:alert(1)");
    textarea.set_value(&hostile);
    textarea
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    sleep(400).await;

    let title = root
        .query_selector(".rb-title")
        .unwrap()
        .expect("a diagnosis title");
    assert!(!title.text_content().unwrap_or_default().is_empty());
    assert!(root
        .query_selector("#rb-result script, #rb-result img")
        .unwrap()
        .is_none());
    assert!(root
        .query_selector("a[href^='javascript'], a[href^='JAVASCRIPT']")
        .unwrap()
        .is_none());
    assert!(get(&web_sys::window().unwrap().into(), "__pwned").is_undefined());
    // The hostile text is there, as text.
    let html = root.inner_html();
    assert!(html.contains("&lt;script&gt;") || !html.contains("window.__pwned"));
    root.remove();
}

/// The host contract as the popup uses it: restored paste, profile section, "Fill this page"
/// with its per-field result, and `openRemedy` with the profile merged into the plan.
#[wasm_bindgen_test]
async fn renderer_follows_the_host_contract() {
    const EML: &str = include_str!("fixtures/eml/olc-s3150-postfix.eml");
    let report = rebound::decode_str(EML);
    let Some(plan) = report.remedies.first().and_then(|r| r.fill_plan.clone()) else {
        panic!("the S3150 sample should come with a fill plan");
    };
    let make = js_sys::Function::new_with_args(
        "bounce, form",
        "const calls = [];
         return { calls, mode: 'popup',
           t: (k) => (k === 'fill_this_page' ? 'FILL-NOW' : undefined),
           openRemedy(r) { calls.push(['open', r]); },
           activeTabForm: () => Promise.resolve(form),
           fillActiveTab(p) { calls.push(['fill', p]);
             return Promise.resolve({ filled: 2, total: 3, fields: [{ key: 'ip_addresses', status: 'filled' }, { key: 'x', status: 'not_found' }] }); },
           loadProfile: () => Promise.resolve({ contact_name: 'Ada Admin', extra: 1 }),
           saveProfile(p) { calls.push(['save', p]); },
           loadBounce: () => Promise.resolve(bounce),
           saveBounce(t) { calls.push(['bounce', t]); } };",
    );
    let host = make
        .call2(&JsValue::NULL, &EML.into(), &plan.form.clone().into())
        .unwrap();
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    rebound::ui::mount(root.clone(), host.clone());
    sleep(300).await;

    let textarea: web_sys::HtmlTextAreaElement = root
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(textarea.value(), EML, "the saved paste is restored");
    assert!(
        root.query_selector(".rb-title").unwrap().is_some(),
        "and decoded"
    );
    let name: web_sys::HtmlInputElement = root
        .query_selector("#rb-p-contact_name")
        .unwrap()
        .expect("profile section")
        .unchecked_into();
    assert_eq!(name.value(), "Ada Admin");
    assert!(root.query_selector("#rb-p-timezone").unwrap().is_some());
    assert!(
        root.query_selector(".rb-export").unwrap().is_none(),
        "no www exports in the popup"
    );

    let fill: web_sys::HtmlElement = root
        .query_selector("[data-action=fill]")
        .unwrap()
        .expect("a Fill this page button")
        .unchecked_into();
    assert_eq!(
        fill.text_content().as_deref(),
        Some("FILL-NOW"),
        "strings come from host.t"
    );
    fill.click();
    sleep(200).await;
    let result = root
        .query_selector(".rb-fill-result")
        .unwrap()
        .expect("the fill result");
    assert!(result
        .text_content()
        .unwrap_or_default()
        .contains("Filled 2 of 3"));

    let open: web_sys::HtmlElement = root
        .query_selector(".rb-next [data-action=remedy]")
        .unwrap()
        .expect("the remedy button")
        .unchecked_into();
    assert!(open
        .text_content()
        .unwrap_or_default()
        .starts_with("Open the Outlook.com delisting form"));
    open.click();
    let calls = js_sys::Array::from(&get(&host, "calls"));
    let kinds: Vec<String> = calls
        .iter()
        .map(|c| js_sys::Array::from(&c).get(0).as_string().unwrap())
        .collect();
    assert!(
        kinds.contains(&"fill".to_string()) && kinds.contains(&"open".to_string()),
        "{kinds:?}"
    );
    let opened = calls
        .iter()
        .map(|c| js_sys::Array::from(&c))
        .find(|c| c.get(0) == "open")
        .unwrap()
        .get(1);
    assert_eq!(
        get(&opened, "kind").as_string().as_deref(),
        Some("outlook_delist_form")
    );
    let fields = js_sys::Array::from(&get(&get(&opened, "fill_plan"), "fields"));
    for f in fields.iter() {
        if get(&f, "key").as_string().as_deref() == Some("contact_name") {
            assert_eq!(
                get(&f, "value").as_string().as_deref(),
                Some("Ada Admin"),
                "profile merged"
            );
        }
    }
    root.remove();
}
