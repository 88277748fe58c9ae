// A minimal W3C WebDriver client over fetch. Every call has a client-side timeout: a hung
// endpoint must fail the test, not wait for Node's 300 s default.
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriverError extends Error {}

/**
 * In-page JavaScript: a function of an element giving the finite CSS animations still running on
 * it or on an element that holds it (a dialog fading in, a pop-in), i.e. what still moves or
 * fades it. Shared by the e2e waits and the benchmark's stamps.
 */
export const ANIMATIONS_MOVING = `(el) => document.getAnimations().filter((a) => {
  const t = a.effect && a.effect.target;
  const finite = a.effect && a.effect.getComputedTiming().iterations !== Infinity;
  return finite && a.playState === 'running' && t instanceof Element && t.contains(el);
})`;

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async create(base, capabilities, timeoutMs = 60_000) {
    const res = await request(base, 'POST', '/session', { capabilities }, timeoutMs);
    return new Session(base, res.sessionId ?? res.value?.sessionId);
  }

  cmd(method, path, body, timeoutMs = 20_000) {
    return request(this.base, method, `/session/${this.id}${path}`, body, timeoutMs).then(
      (r) => r.value,
    );
  }

  async find(css) {
    const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return v[ELEMENT];
  }

  async findAll(css) {
    const v = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return v.map((e) => e[ELEMENT]);
  }

  /** Poll until `css` exists (and `predicate(text)` holds, when given). */
  async waitFor(css, { timeoutMs = 15_000, text } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      try {
        const el = await this.find(css);
        if (!text) return el;
        last = await this.text(el);
        if (typeof text === 'string' ? last.includes(text) : text(last)) return el;
      } catch (e) {
        if (!(e instanceof WebDriverError)) throw e;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${css}${text ? ` with text ${text} (last: "${last}")` : ''}`);
      }
      await sleep(100);
    }
  }

  /**
   * Wait until `css` exists and nothing that moves it is still running: no finite CSS animation
   * on the element or on an ancestor (a pop-in scales every button inside it, and a click
   * computed mid-scale can land beside the button on a busy machine; a dialog fading in takes
   * no clicks until it is shown).
   */
  async waitSettled(css, { timeoutMs = 15_000 } = {}) {
    const el = await this.waitFor(css, { timeoutMs });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const moving = await this.execute(
        `const el = document.querySelector(arguments[0]);
         if (!el) return -1;
         return (${ANIMATIONS_MOVING})(el).length;`,
        [css],
      );
      if (moving === 0) return el;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${css} to stop moving`);
      await sleep(30);
    }
  }

  /** Click `css` once it is enabled and settled, as a person would. */
  async clickReady(css, { timeoutMs = 15_000 } = {}) {
    await this.waitFor(`${css}:not([disabled])`, { timeoutMs });
    await this.click(await this.waitSettled(css, { timeoutMs }));
  }

  /** The page's visible text (failure reports). */
  pageText() {
    return this.execute('return document.body ? document.body.innerText : "";');
  }

  async waitGone(css, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        if ((await this.findAll(css)).length === 0) return;
      } catch (e) {
        // WebKitWebDriver may report a stale element while the node is being removed.
        if (!(e instanceof WebDriverError)) throw e;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${css} to disappear`);
      await sleep(50);
    }
  }

  click(el) {
    return this.cmd('POST', `/element/${el}/click`, {});
  }

  text(el) {
    return this.cmd('GET', `/element/${el}/text`);
  }

  type(el, text) {
    return this.cmd('POST', `/element/${el}/value`, { text });
  }

  attribute(el, name) {
    return this.cmd('GET', `/element/${el}/attribute/${name}`);
  }

  execute(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /**
   * Run an async script: it gets a callback as its last argument and the call resolves to what
   * it passes to that callback (the W3C script timeout, 30 s by default, applies).
   */
  executeAsync(script, args = [], timeoutMs = 35_000) {
    return this.cmd('POST', '/execute/async', { script, args }, timeoutMs);
  }

  /**
   * Call a Tauri command straight over IPC from the page, as a hostile or buggy page could,
   * bypassing the UI: resolves to `{ ok: true, value }` or `{ ok: false, rejection }` (the
   * rejection as the window receives it, e.g. `{ kind, message }`). (Not `error`: a script
   * result with an `error` key reads as a WebDriver error reply.)
   */
  invoke(command, args = {}) {
    return this.executeAsync(
      `const done = arguments[arguments.length - 1];
       window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(
         (value) => done({ ok: true, value }),
         (rejection) => done({ ok: false, rejection }),
       );`,
      [command, args],
    );
  }

  /** Real key events, one after the other, as a keyboard-wedge scanner sends them. */
  keys(sequence) {
    const actions = [];
    for (const key of sequence) {
      actions.push({ type: 'keyDown', value: key }, { type: 'keyUp', value: key });
    }
    return this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'scanner', actions }] });
  }

  async screenshot() {
    return Buffer.from(await this.cmd('GET', '/screenshot', undefined, 30_000), 'base64');
  }

  delete() {
    return request(this.base, 'DELETE', `/session/${this.id}`, undefined, 15_000).catch(() => {});
  }
}

async function request(base, method, path, body, timeoutMs) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || json.value?.error) {
    const v = json.value ?? {};
    throw new WebDriverError(`${method} ${path}: ${v.error ?? res.status} ${v.message ?? ''}`);
  }
  return json;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export const ENTER = '\uE007';
