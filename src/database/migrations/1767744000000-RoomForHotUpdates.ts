import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every routed call or text rewrites its party row (`last_contact_at`, the text counters). None of those
 * columns is indexed, so the update can stay on its page (HOT: no index entries, less WAL, no bloat)
 * if the page has room; full pages force a new tuple elsewhere and an entry in every index. Pages
 * written from now on keep a fifth free. Existing pages get the room when the table is next rewritten
 * (VACUUM FULL or pg_repack); until then they behave as before.
 */
export class RoomForHotUpdates1767744000000 implements MigrationInterface {
  name = 'RoomForHotUpdates1767744000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE participant SET (fillfactor = 80)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE participant RESET (fillfactor)`);
  }
}
