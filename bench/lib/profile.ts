import { readFileSync } from 'node:fs';
import { DIST, ROOT } from './veil.js';

interface CpuProfile {
  startTime: number;
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by function, largest first. */
  functions: { name: string; where: string; selfMs: number; pct: number }[];
  /** Self time by where the code lives: Veil, a package, Node itself, V8 (GC, builtins), idle. */
  areas: { area: string; selfMs: number; pct: number }[];
}

/** Self time of a V8 `.cpuprofile` (node --cpu-prof), by function and by package. */
export function summariseProfile(file: string, top = 20, window?: { from: number; to: number }): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const selfUs = new Map<number, number>();
  // The time until the next sample belongs to this sample's function; only samples inside the window count.
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.from || at > window.to)) continue;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + delta);
  }
  const functions = new Map<string, { name: string; where: string; selfUs: number }>();
  const areas = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!;
    total += us;
    const where = shortUrl(frame.url, frame.lineNumber);
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${where}`;
    const entry = functions.get(key) ?? { name, where, selfUs: 0 };
    entry.selfUs += us;
    functions.set(key, entry);
    const area = areaOf(frame.url, name);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const pct = (us: number) => (100 * us) / Math.max(1, total);
  return {
    totalMs: total / 1000,
    functions: [...functions.values()]
      .sort((a, b) => b.selfUs - a.selfUs)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, selfMs: f.selfUs / 1000, pct: pct(f.selfUs) })),
    areas: [...areas.entries()].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, selfMs: us / 1000, pct: pct(us) })),
  };
}

function shortUrl(url: string, line: number): string {
  if (!url) return '';
  const path = url
    .replace(/^file:\/\//, '')
    .replace(DIST, 'dist')
    .replace(ROOT, '');
  const inModules = path.lastIndexOf('node_modules/');
  return `${inModules >= 0 ? path.slice(inModules + 'node_modules/'.length) : path}:${line + 1}`;
}

function areaOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : 'V8 builtins and native';
  if (url.startsWith('node:')) return 'Node.js core';
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  if (path.startsWith(DIST)) return 'Veil (dist)';
  if (inModules >= 0) {
    const parts = path.slice(inModules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return 'other';
}
