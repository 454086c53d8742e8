// The in-page filler on its own, on the replicas, before and independent of the popup: the
// background opens the form from a plan (as "Open … form" does), injects filler.js and fills it.
// Plans here are hand-written in the shape src/forms/ produces; ext-popup.mjs uses Rust's.
//   node tests/e2e/ext-filler.mjs [chrome|firefox]...
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, waitIn } from './lib/ext-browsers.mjs';
import { runInBrowsers } from './lib/run.mjs';
import { check, eq } from './lib/check.mjs';
import { replicaState, waitForSummary } from './lib/replica.mjs';

const loc = (id, label) => [{ by: 'id', value: id }, { by: 'name', value: id }, { by: 'label', value: label }];
const field = (key, id, label, value, control = 'text', options = [], keep_existing = false) =>
  ({ key, label, value, control, locators: loc(id, label), options, keep_existing });

const OUTLOOK = {
  form: 'outlook_sender_support',
  url: 'https://olcsupport.office.com/',
  matches: ['https://olcsupport.office.com/'],
  fields: [
    field('issue_title', 'IssueTitle', 'Issue Title', 'Delisting request for 198.51.100.31 (S3150)'),
    field('contact_name', 'ContactName', 'Contact Name', 'Lena Krause'),
    field('domain_to', 'DomainTo', 'What domain are you sending to?', 'outlook.com', 'select', ['outlook.com', 'other']),
    field('contact_email', 'ContactEmail', 'Contact e-mail address', 'postmaster@mail.example.org', 'email', [], true),
    field('time_zone', 'ddlTimezones', 'Time Zone', 'W. Europe Standard Time', 'select', ['(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna']),
    field('domain_from', 'DomainFrom', 'What domain are you sending from?', 'mail.example.org'),
    field('self_description', 'SelfDescription', 'How would you describe your company or yourself', 'Business (non-marketing)', 'select', ['Other']),
    field('ip_addresses', 'IpAddresses', 'Outgoing IP addresses', '198.51.100.31', 'textarea'),
    field('server_type', 'ServerType', 'Do you have a dedicated or shared server', 'Dedicated', 'select', ['Unknown']),
    field('error_messages', 'ErrorMessages', 'Copy and paste all error messages', '550 5.7.1 Unfortunately, messages from [198.51.100.31] weren\'t sent. (S3150)', 'textarea'),
    field('website_url', 'WebsiteUrl', 'Website URL', 'https://mail.example.org/'),
  ],
};
// With a field the page does not have: the filler waits its full 15 s for it, then reports it.
const OUTLOOK_PLUS_ABSENT = { ...OUTLOOK, fields: [...OUTLOOK.fields, field('not_on_form', 'NoSuchField', 'No such field', 'x')] };
const EXPECTED = {
  IssueTitle: 'Delisting request for 198.51.100.31 (S3150)',
  ContactName: 'Lena Krause',
  DomainTo: 'outlook.com',
  ContactEmail: 'signed.in.admin@outlook.com', // read-only: left alone
  ddlTimezones: 'W. Europe Standard Time',
  DomainFrom: 'mail.example.org',
  SelfDescription: 'Business (non-marketing)',
  IpAddresses: '198.51.100.31',
  ServerType: 'Dedicated',
  ErrorMessages: '550 5.7.1 Unfortunately, messages from [198.51.100.31] weren\'t sent. (S3150)',
  WebsiteUrl: 'https://mail.example.org/',
};

// Ask the background to open and fill, from an extension page (what the popup does).
const openViaBackground = (ext, extPage, plan) =>
  extPage.evaluate((p) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'open', plan: p }), plan);

async function run(kind, server) {
  console.log(`# filler, ${kind}`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), `rebound-${kind}-`));
  let ext = null;
  try {
    ext = await launch(kind, { userDataDir, proxyPort: server.proxyPort });
    const extPage = await ext.open(`${ext.origin}/popup.html`);
    const before = server.state.requests.length;

    // 1. Outlook.com form by id, late-rendered, strict CSP, React-controlled.
    server.state.outlookVariant = '';
    await openViaBackground(ext, extPage, OUTLOOK_PLUS_ABSENT);
    let page = await ext.findPage('https://olcsupport.office.com/');
    await waitForSummary(page);
    let st = await replicaState(page);
    eq(st.values, EXPECTED, `${kind}: Outlook.com replica state holds exactly the planned values`);
    eq(st.submits, 0, `${kind}: nothing was submitted`);
    check(await page.evaluate(() => document.documentElement.dataset.inlineScriptRan !== 'yes'), `${kind}: the replica's CSP blocks inline script`);
    const summary = await page.evaluate(() => {
      const root = document.getElementById('rebound-fill-summary').shadowRoot;
      return { text: Array.from(root.querySelectorAll('p')).map((p) => p.textContent), elements: root.querySelectorAll('*').length };
    });
    eq(summary, {
      text: ['10 of 12 fields filled — check them, sign in / solve the captcha, then press Submit yourself.', 'Not filled: No such field'],
      elements: 4,
    }, `${kind}: the in-page summary says what was filled and what to do (a box, two lines, a button)`);
    const result = await waitIn(extPage, (tabKey) => (globalThis.browser ?? globalThis.chrome).storage.session.get(null).then((all) => Object.entries(all).find(([k]) => k.startsWith('result:'))?.[1]), null, { what: 'the fill result' });
    eq([result.filled, result.total], [10, 12], `${kind}: filler reports 10 of 12 filled`);
    eq(result.fields.find((f) => f.key === 'contact_email').status, 'readonly', `${kind}: read-only ContactEmail reported as readonly`);
    eq(result.fields.find((f) => f.key === 'not_on_form').status, 'not_found', `${kind}: absent field reported as not_found`);
    await page.close();

    // 2. Same labels, other ids and names: fills by label.
    server.state.outlookVariant = 'labels';
    await openViaBackground(ext, extPage, OUTLOOK);
    page = await ext.findPage('https://olcsupport.office.com/');
    await waitForSummary(page);
    st = await replicaState(page);
    eq(st.values, EXPECTED, `${kind}: label-only replica (other ids) filled by label`);
    check(await page.evaluate(() => !document.getElementById('IssueTitle')), `${kind}: label replica really has other ids`);
    await page.close();
    server.state.outlookVariant = '';

    // 3. The redirect from go.microsoft.com (the plan's URL) is followed.
    await openViaBackground(ext, extPage, { ...OUTLOOK, url: 'https://go.microsoft.com/fwlink/?LinkID=614866' });
    page = await ext.findPage('https://olcsupport.office.com/');
    await waitForSummary(page);
    eq((await replicaState(page)).values.IssueTitle, EXPECTED.IssueTitle, `${kind}: filled after the go.microsoft.com redirect`);
    await page.close();

    // 4. A value the user typed is left alone ("Fill this page" on a form already open).
    page = await ext.open('https://olcsupport.office.com/');
    await replicaState(page);
    await page.type('#ContactName', 'Typed By User');
    await page.select('#ServerType', 'Shared');
    const res = await extPage.evaluate(async (p) => {
      const api = globalThis.browser ?? globalThis.chrome;
      const [tab] = await api.tabs.query({ url: 'https://olcsupport.office.com/*' });
      return api.runtime.sendMessage({ type: 'fill', tabId: tab.id, plan: p });
    }, OUTLOOK);
    st = await replicaState(page);
    eq([st.values.ContactName, st.values.IssueTitle], ['Typed By User', EXPECTED.IssueTitle], `${kind}: the user's own value stays, the rest is filled`);
    eq(res.fields?.find((f) => f.key === 'contact_name')?.status, 'kept', `${kind}: the user's value is reported as kept`);
    eq([st.values.ServerType, res.fields?.find((f) => f.key === 'server_type')?.status], ['Shared', 'kept'], `${kind}: the user's own choice in a select stays`);
    // 5. A second fill of the same page finds the same fields again (nothing left over).
    const again = await extPage.evaluate(async (p) => {
      const api = globalThis.browser ?? globalThis.chrome;
      const [tab] = await api.tabs.query({ url: 'https://olcsupport.office.com/*' });
      return api.runtime.sendMessage({ type: 'fill', tabId: tab.id, plan: p });
    }, OUTLOOK);
    eq([again.filled, again.total], [res.filled, res.total], `${kind}: filling twice gives the same result`);
    eq((await replicaState(page)).submits, 0, `${kind}: still nothing submitted`);
    await page.close();

    const foreign = server.foreignRequests(before);
    eq(foreign, [], `${kind}: no request left for any other host`);
  } finally {
    await ext?.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

await runInBrowsers('ext-filler', run);
