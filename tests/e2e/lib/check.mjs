// Tiny check/report helpers for the E2E scripts: every check prints one line; the script exits
// non-zero when any failed.
let failures = 0;
let passes = 0;
export function check(ok, what, detail) {
  if (ok) passes++;
  else failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail !== undefined ? ` — ${typeof detail === 'string' ? detail : JSON.stringify(detail)}` : ''}`);
  return ok;
}
export function eq(actual, expected, what) {
  return check(JSON.stringify(actual) === JSON.stringify(expected), what, { actual, expected });
}
export function summary(name) {
  console.log(`${name}: ${passes} passed, ${failures} failed`);
  return failures === 0 && passes > 0;
}
