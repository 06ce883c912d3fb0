// Reads a V8 CPU profile (what `node --cpu-prof` writes) and tells where the busy time went: self time by
// package (a node_modules package, a folder of Billfold's dist/, Node's own internals, the garbage collector)
// and by function, over the samples taken in a window given as milliseconds before the profile's end.

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives, as a reader names it: `fastify`, `billfold src/http`, `node internals`, `(gc)`. */
export function packageOf(frame: CallFrame): string {
  if (frame.url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (inModules) return inModules[1] as string;
  const inBillfold = /\/dist\/([^/]+(?:\/[^/]+)?)\//.exec(frame.url) ?? /\/dist\/([^/]+)$/.exec(frame.url);
  if (inBillfold) return `billfold ${inBillfold[1]}`;
  if (frame.url.startsWith('node:')) return 'node internals';
  return frame.url;
}

/**
 * Self time by package and by function, as text. `window` keeps the samples taken between `fromEndMs` and
 * `toEndMs` milliseconds before the profile ended (the load, not the start-up or the shutdown).
 */
export function summarizeProfile(
  profile: CpuProfile,
  options: { top: number; window?: { fromEndMs: number; toEndMs: number } },
): string {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busyMicros = 0;
  let idleMicros = 0;
  let at = profile.startTime;
  const from = options.window ? profile.endTime - options.window.fromEndMs * 1000 : -Infinity;
  const to = options.window ? profile.endTime - options.window.toEndMs * 1000 : Infinity;
  profile.samples.forEach((nodeId, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < from || at > to) return;
    const frame = frames.get(nodeId);
    if (!frame) return;
    if (frame.functionName === '(idle)') {
      idleMicros += delta;
      return;
    }
    busyMicros += delta;
    const where = packageOf(frame);
    byPackage.set(where, (byPackage.get(where) ?? 0) + delta);
    const name = `${frame.functionName || '(anonymous)'}  ${where}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
  });
  const share = (micros: number) => `${(micros / 1000).toFixed(0).padStart(7)} ms ${pct(micros).padStart(6)}`;
  const pct = (micros: number) => `${((100 * micros) / Math.max(1, busyMicros)).toFixed(1)}%`;
  const ranked = (totals: Map<string, number>) =>
    [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, options.top)
      .map(([name, micros]) => `  ${share(micros)}  ${name}`);
  return [
    `busy ${(busyMicros / 1000).toFixed(0)} ms, idle ${(idleMicros / 1000).toFixed(0)} ms in the window`,
    'self time by package:',
    ...ranked(byPackage),
    'self time by function:',
    ...ranked(byFunction),
  ].join('\n');
}
