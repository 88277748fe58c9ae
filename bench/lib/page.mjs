// Timing inside the window, so no WebDriver round trip is in the figures: the benchmark installs
// a small observer once the first screen is up (the app itself carries no benchmark code).
// - every click is stamped when the page starts handling it (capture phase);
// - each watched selector is stamped at its first appearance, after the image decoded and no
//   animation moves or fades it any more (for an <img>), and after the frame that shows it:
//   requestAnimationFrame, then a task, i.e. once the browser painted. A stamp is also a User
//   Timing mark (`bench:<name>`), visible in a trace.
// Stamps hold `at` (performance.now(), ms since the page's time origin) and `wall` (Date.now(),
// comparable with the benchmark's own clock for events outside the page, e.g. a settlement).

import { ANIMATIONS_MOVING } from '../../e2e/lib/webdriver.mjs';

const INSTALL = `
if (!window.__bench) {
  const b = (window.__bench = { clicks: [], stamps: {}, watch: {} });
  const stamp = (name) => {
    b.stamps[name] = null;
    requestAnimationFrame(() =>
      setTimeout(() => {
        performance.mark('bench:' + name);
        b.stamps[name] = { at: performance.now(), wall: Date.now() };
      }, 0),
    );
  };
  const check = () => {
    for (const [name, css] of Object.entries(b.watch)) {
      if (name in b.stamps) continue;
      const el = document.querySelector(css);
      if (!el) continue;
      if (el instanceof HTMLImageElement) {
        b.stamps[name] = null;
        // Decoded, and no finite animation running on it or on what holds it (a dialog that
        // still fades or grows in): a QR is shown when a phone can read it.
        const still = () => Promise.all((${ANIMATIONS_MOVING})(el).map((a) => a.finished.catch(() => {})));
        el.decode().catch(() => {}).then(still).then(() => { delete b.stamps[name]; stamp(name); });
      } else {
        stamp(name);
      }
    }
  };
  b.arm = (name, css) => { b.watch[name] = css; check(); };
  document.addEventListener('click', (e) => {
    const el = e.target instanceof Element ? e.target.closest('[data-testid]') : null;
    b.clicks.push({ id: el ? el.getAttribute('data-testid') : '', at: performance.now() });
  }, true);
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
}
return true;
`;

/** Install the observer (idempotent) and watch `watch` = { name: css, … }. */
export async function instrument(session, watch = {}) {
  await session.execute(INSTALL);
  for (const [name, css] of Object.entries(watch)) await arm(session, name, css);
}

export function arm(session, name, css) {
  return session.execute('window.__bench.arm(arguments[0], arguments[1]); return true;', [name, css]);
}

/** Wait (polling the page, not the figure) for stamp `name`; resolves to `{ at, wall }`. */
export async function stampOf(session, name, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await session.execute('return window.__bench.stamps[arguments[0]] || null;', [name]);
    if (s) return s;
    if (Date.now() > deadline) throw new Error(`bench: "${name}" never appeared in the window`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The last click on `testId` (or on a test id starting with `prefix*`) as page time. */
export async function lastClick(session, testId) {
  const clicks = await session.execute('return window.__bench.clicks;');
  const match = testId.endsWith('*')
    ? (c) => c.id.startsWith(testId.slice(0, -1))
    : (c) => c.id === testId;
  const hit = clicks.filter(match).pop();
  if (!hit) throw new Error(`bench: no click on ${testId} was seen by the window`);
  return hit.at;
}

/** First contentful paint as WebKit recorded it (ms since the time origin), or null. */
export function paintTiming(session) {
  return session.execute(
    `const fcp = performance.getEntriesByName('first-contentful-paint')[0];
     return { fcp: fcp ? fcp.startTime : null, origin: performance.timeOrigin };`,
  );
}
