// The benchmark's tables (Markdown): the figures of this run with the issue's targets, and, when
// there is an earlier run of the same profile, the ratio of every figure to it.

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const num = (x) => Math.round(x).toLocaleString('en-US').replace(/,/g, ' ');
const mib = (kib) => kib / 1024;
const mb = (bytes) => bytes / 1e6;

/** Values of one figure: an array of samples, or one number; [] when not measured. */
function samples(value) {
  if (value === null || value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'number' && Number.isFinite(v));
}

const pick = (runs, f) => (runs ?? []).map(f).filter((v) => v !== undefined && v !== null);

/** Every row: how to read it from a result, its unit, and the issue's target when it has one. */
const ROWS = [
  { key: 'firstButton', label: 'launch → first button in the DOM', unit: 'ms', of: (r, w) => pick(r.runs[w], (x) => x.firstButtonMs) },
  { key: 'fcp', label: 'launch → first contentful paint (WebKit)', unit: 'ms', of: (r, w) => pick(r.runs[w], (x) => x.fcpMs) },
  { key: 'pinToGrid', label: 'PIN entered → product grid painted', unit: 'ms', of: (r, w) => pick(r.runs[w], (x) => x.pinToGridMs) },
  {
    key: 'usable',
    label: 'launch → usable checkout (first button + PIN → grid)',
    unit: 'ms',
    of: (r, w) => pick(r.runs[w], (x) => x.usableMs),
    target: (app, floor) => floor.firstButton === undefined ? null : { limit: floor.firstButton + 150, text: 'floor + 150 ms' },
  },
  { key: 'firstStart', label: 'first start on a new database → first button', unit: 'ms', of: (r, w) => (w === 'app' ? samples(r.firstStartButtonMs) : []) },
  {
    key: 'pssIdle',
    label: 'memory: process-tree PSS, idle on the checkout',
    unit: 'MiB',
    of: (r, w) => pick(r.runs[w], (x) => x.pssIdle && mib(x.pssIdle.totalKiB)),
    target: (app, floor) => floor.pssIdle === undefined ? null : { limit: floor.pssIdle + 30, text: 'floor + 30 MiB' },
  },
  ...['app', 'WebKitWebProcess', 'WebKitNetworkProcess'].map((kind) => ({
    key: `pssIdle.${kind}`,
    label: `  of which ${kind === 'app' ? 'the app process (Rust + GTK + WebKit UI side)' : kind}`,
    unit: 'MiB',
    of: (r, w) => pick(r.runs[w], (x) => x.pssIdle && mib(x.pssIdle.byKind[kind] ?? 0)),
  })),
  {
    key: 'pssTabs',
    label: 'memory: PSS after one QRIS sale and every tab opened',
    unit: 'MiB',
    of: (r, w) => pick(r.runs[w], (x) => x.pssTabs && mib(x.pssTabs.totalKiB)),
    target: (app, floor) => floor.pssIdle === undefined ? null : { limit: floor.pssIdle + 60, text: 'floor + 60 MiB' },
  },
  ...['app', 'WebKitWebProcess', 'WebKitNetworkProcess'].map((kind) => ({
    key: `pssTabs.${kind}`,
    label: `  of which ${kind === 'app' ? 'the app process' : kind}`,
    unit: 'MiB',
    of: (r, w) => pick(r.runs[w], (x) => x.pssTabs && mib(x.pssTabs.byKind[kind] ?? 0)),
  })),
  { key: 'binary', label: 'release binary as built', unit: 'MB', of: (r, w) => samples(r.sizes[w] && mb(r.sizes[w].binaryBytes)) },
  {
    key: 'stripped',
    label: 'binary stripped',
    unit: 'MB',
    of: (r, w) => samples(r.sizes[w] && mb(r.sizes[w].strippedBytes)),
    target: () => ({ limit: 12, text: '≤ 12 MB' }),
  },
  {
    key: 'deb',
    label: 'installer (.deb)',
    unit: 'MB',
    of: (r, w) => samples(r.sizes[w]?.debBytes != null ? mb(r.sizes[w].debBytes) : null),
    target: () => ({ limit: 6, text: '≤ 6 MB' }),
  },
  {
    key: 'qris',
    label: 'QRIS click → QR painted (Mode Demo)',
    unit: 'ms',
    of: (r, w) => pick(r.runs[w], (x) => x.qrisMs),
    target: () => ({ limit: 100, text: '≤ 100 ms' }),
  },
  {
    key: 'settle',
    label: 'settlement at the gateway → green check painted',
    unit: 'ms',
    of: (r, w) => pick(r.runs[w], (x) => x.settleMs),
    // The QR is polled: the worst case, not the median, is what the bound is about.
    target: (app, floor, r) => ({ limit: r.meta.qrisPollSeconds * 1000 + 250, text: 'poll + 250 ms, worst', worst: true }),
  },
  { key: 'tab.barang', label: 'Barang click → product list painted', unit: 'ms', of: (r, w) => pick(r.runs[w], (x) => x.tabs?.barang) },
  { key: 'tab.laporan', label: 'Laporan click → report painted', unit: 'ms', of: (r, w) => pick(r.runs[w], (x) => x.tabs?.laporan) },
  { key: 'tab.pengaturan', label: 'Pengaturan click → settings painted', unit: 'ms', of: (r, w) => pick(r.runs[w], (x) => x.tabs?.pengaturan) },
];

function show(values, unit) {
  if (values.length === 0) return '–';
  const digits = unit === 'MB' ? 1 : 0;
  const f = (v) => (digits ? v.toFixed(digits) : num(v));
  const m = median(values);
  if (values.length === 1) return `${f(m)} ${unit}`;
  return `${f(m)} ${unit} (${f(Math.min(...values))}–${f(Math.max(...values))})`;
}

/** Medians of every row for one result, by key and window. */
/** Medians of every row for one result, by key and window. */
export function medians(result) {
  const out = {};
  for (const w of Object.keys(result.runs)) {
    out[w] = {};
    for (const row of ROWS) {
      const v = row.of(result, w);
      if (v.length > 0) out[w][row.key] = median(v);
    }
  }
  return out;
}

const ratio = (a, b) => (a === undefined || b === undefined || b === 0 ? '–' : `${(a / b).toFixed(2)}×`);

export function report(result, previous) {
  const m = result.meta;
  const med = medians(result);
  const hasBefore = 'before' in result.runs;
  const lines = [
    `## Kasir Alpiant benchmark — ${m.profile}, ${m.date.slice(0, 16).replace('T', ' ')} UTC, commit ${m.commit}`,
    '',
    `${m.n} launches of each window, interleaved; memory on the first ${m.pssSamples} after ${m.idleSeconds} s idle; ` +
      `${m.cpus} × ${m.cpuModel}, load ${m.loadAvgStart ? `${m.loadAvgStart[0]} at the start, ` : ''}${m.loadAvg[0]} at the end (1-min); WebKitGTK ${m.webkit}; Xvfb, tauri-driver, ${m.sessionBus ? 'a D-Bus session' : 'no D-Bus session'}; ${m.seconds} s.`,
    'Figures: median (min–max). The floor is the empty Tauri window.' +
      (hasBefore ? ' "before" is the earlier build given with --before, measured in the same run.' : ''),
    ...(m.failedLaunches?.length
      ? [`Launches that failed and were done again (figures dropped): ${m.failedLaunches.join('; ')}.`]
      : []),
    '',
    hasBefore
      ? '| | empty Tauri window | before | Kasir Alpiant | ÷ before | target | holds |'
      : '| | empty Tauri window | Kasir Alpiant | target | holds |',
    hasBefore ? '|---|---|---|---|---|---|---|' : '|---|---|---|---|---|',
  ];
  for (const row of ROWS) {
    const app = row.of(result, 'app');
    const empty = row.of(result, 'empty');
    const before = hasBefore ? row.of(result, 'before') : [];
    if (app.length === 0 && empty.length === 0 && before.length === 0) continue;
    let target = '';
    let holds = '';
    const t = row.target ? row.target(med.app, med.empty, result) : null;
    if (t && app.length > 0) {
      const value = t.worst ? Math.max(...app) : median(app);
      target = `${t.text} = ${row.unit === 'MB' ? t.limit.toFixed(1) : num(t.limit)} ${row.unit}`;
      holds = value <= t.limit ? 'yes' : 'no';
    }
    const middle = hasBefore
      ? [show(before, row.unit), show(app, row.unit), ratio(med.app[row.key], med.before[row.key])]
      : [show(app, row.unit)];
    lines.push(`| ${[row.label, show(empty, row.unit), ...middle, target, holds].join(' | ')} |`);
  }
  if (previous) {
    const before = medians(previous);
    const p = previous.meta;
    lines.push(
      '',
      `### Against the previous run (${p.profile}, ${p.date.slice(0, 16).replace('T', ' ')} UTC, commit ${p.commit}, n=${p.n})`,
      '',
      'Ratio = this run ÷ previous run, medians; below 1 is better.',
      '',
      '| | empty: before → now | ratio | Kasir Alpiant: before → now | ratio |',
      '|---|---|---|---|---|',
    );
    const fmt = (v, unit) => (v === undefined ? '–' : unit === 'MB' ? v.toFixed(1) : num(v));
    for (const row of ROWS) {
      const cells = ['empty', 'app'].map((w) => {
        const a = med[w]?.[row.key];
        const b = before[w]?.[row.key];
        if (a === undefined && b === undefined) return null;
        return [`${fmt(b, row.unit)} → ${fmt(a, row.unit)} ${row.unit}`, ratio(a, b)];
      });
      if (cells.every((c) => c === null)) continue;
      const [e, a] = cells.map((c) => c ?? ['–', '–']);
      lines.push(`| ${row.label} | ${e[0]} | ${e[1]} | ${a[0]} | ${a[1]} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
