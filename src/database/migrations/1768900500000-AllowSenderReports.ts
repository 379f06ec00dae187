import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A buyer's SPAM/举报 after a text from an unreachable sender (a sender ID, a short code, a withheld
 * number) is recorded too: `sender_role` 'sender', no participant, `sender_hash` the keyed hash of
 * (relay number, sender string) that `unreachable_sender` is keyed by, and no bands (no campaign is
 * tracked for such senders, so the report never counts against other buyers' texts).
 */
export class AllowSenderReports1768900500000 implements MigrationInterface {
  name = 'AllowSenderReports1768900500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE buyer_report DROP CONSTRAINT ck_buyer_report_role`);
    await q.query(
      `ALTER TABLE buyer_report ADD CONSTRAINT ck_buyer_report_role CHECK (sender_role IN ('merchant', 'courier', 'caller', 'sender'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM buyer_report WHERE sender_role = 'sender'`);
    await q.query(`ALTER TABLE buyer_report DROP CONSTRAINT ck_buyer_report_role`);
    await q.query(
      `ALTER TABLE buyer_report ADD CONSTRAINT ck_buyer_report_role CHECK (sender_role IN ('merchant', 'courier', 'caller'))`,
    );
  }
}
