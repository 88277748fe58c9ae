// Memory of a process tree, read from /proc: the app (or the empty window) and every process it
// started (WebKit's web and network processes), each process's PSS from smaps_rollup. PSS
// splits shared pages between the processes that map them, so the sum is what the tree costs.
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';

/** pid → { ppid, comm } for every process now. */
function processTable() {
  const table = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces and parentheses.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      table.set(Number(name), { ppid, comm });
    } catch {
      // The process ended while the table was read.
    }
  }
  return table;
}

function descendants(table, root) {
  const out = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift();
    for (const [child, { ppid }] of table) {
      if (ppid === pid) {
        out.push(child);
        queue.push(child);
      }
    }
  }
  return out;
}

/** The pid of `binary` started (at any depth) under `ancestor`, or null. */
export function findUnder(ancestor, binary) {
  const want = realpathSync(binary);
  const table = processTable();
  for (const pid of descendants(table, ancestor)) {
    try {
      if (readlinkSync(`/proc/${pid}/exe`) === want) return pid;
    } catch {
      // Gone, or not ours to read.
    }
  }
  return null;
}

export function alive(pid) {
  try {
    readFileSync(`/proc/${pid}/stat`);
    return true;
  } catch {
    return false;
  }
}

/** WebKit's helpers by their (15-character) comm; the root is "app". */
function kindOf(comm, isRoot) {
  if (isRoot) return 'app';
  if (comm.startsWith('WebKitWebProces')) return 'WebKitWebProcess';
  if (comm.startsWith('WebKitNetworkPr')) return 'WebKitNetworkProcess';
  if (comm.startsWith('WebKitGPUProces')) return 'WebKitGPUProcess';
  return comm;
}

/**
 * PSS of `root` and all its descendants: `{ totalKiB, byKind: { app, WebKitWebProcess, … } }`
 * (KiB as the kernel reports them).
 */
export function treePss(root) {
  const table = processTable();
  const byKind = {};
  let totalKiB = 0;
  for (const pid of [root, ...descendants(table, root)]) {
    let text;
    try {
      text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    } catch {
      continue;
    }
    const kib = Number(/^Pss:\s+(\d+) kB/m.exec(text)?.[1] ?? 0);
    const kind = kindOf(table.get(pid)?.comm ?? '?', pid === root);
    byKind[kind] = (byKind[kind] ?? 0) + kib;
    totalKiB += kib;
  }
  return { totalKiB, byKind };
}
