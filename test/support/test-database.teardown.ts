import type { EmbeddedDatabase } from '../../src/database/embedded-database.js';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { veilTestServer?: EmbeddedDatabase }).veilTestServer?.stop();
}
