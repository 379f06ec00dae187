import { readFileSync } from 'node:fs';
import type { ReceivedEvent } from './event-receiver.js';

/** docs/API.md's table of event types: each type and the `data` fields its row names first. */
export function documentedEventFields(): Map<string, string[]> {
  const api = readFileSync('docs/API.md', 'utf8');
  const rows = [...api.matchAll(/^\| `([a-z_]+\.[a-z_]+)` \|[^|\n]*\| `([^`]*)`/gm)];
  return new Map(rows.map((m) => [m[1]!, m[2] === '{}' ? [] : m[2]!.split(',').map((field) => field.trim())]));
}

/** Each event's `data` has exactly the fields docs/API.md gives its type. Answers the types seen. */
export function expectDocumented(events: ReceivedEvent[]): string[] {
  const documented = documentedEventFields();
  for (const event of events) {
    expect([event.type, Object.keys(event.data).sort()]).toEqual([
      event.type,
      [...(documented.get(event.type) ?? ['undocumented'])].sort(),
    ]);
  }
  return [...new Set(events.map((e) => e.type))].sort();
}
