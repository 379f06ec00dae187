/**
 * The small template language the corpus generators are written in, so that hand-written phrase lists
 * combine into many different texts:
 *   {slot}   a random entry of that slot (entries are templates themselves; a slot may be a function)
 *   {slot?}  the same, or nothing half of the time
 *   [a|b|c]  one of the alternatives (no nesting of brackets; slots inside are fine)
 * Every random choice comes from one seeded generator, so the corpus is the same on every run.
 */
export type Rng = () => number;

export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type SlotValue = readonly string[] | ((rng: Rng) => string);
export type Slots = Record<string, SlotValue>;

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

export function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function expand(template: string, slots: Slots, rng: Rng, depth = 0): string {
  if (depth > 8) throw new Error(`template nests too deep: ${template}`);
  let text = template.replace(/\[([^[\]]*)\]/gu, (_, body: string) => pick(rng, body.split('|')));
  text = text.replace(/\{(\w+)(\?)?\}/gu, (_, name: string, optional?: string) => {
    const slot = slots[name];
    if (!slot) throw new Error(`unknown slot {${name}} in: ${template}`);
    if (optional && rng() < 0.5) return '';
    const value = typeof slot === 'function' ? slot(rng) : pick(rng, slot);
    return expand(value, slots, rng, depth + 1);
  });
  return text;
}

/** One template family: its texts share wording, so they always land in the same split. */
export interface Family {
  kind: string;
  templates: readonly string[];
  /** How many texts to draw from the family (duplicates are dropped). */
  count?: number;
}

export interface CorpusRow {
  label: 'marketing' | 'legitimate';
  kind: string;
  language: 'en' | 'zh-hans' | 'zh-hant';
  group: string;
  text: string;
}
