import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A buyer's keyword (HELP, EXTEND, STOP…) answered by Veil is not a blocked text: it gets an outcome of
 * its own, so that "blocked" counts only what the message policy stopped. Earlier keyword records,
 * stored as `blocked` with reason `keyword`, move to the new outcome.
 */
export class AddKeywordOutcome1768500000000 implements MigrationInterface {
  name = 'AddKeywordOutcome1768500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE message_record DROP CONSTRAINT ck_message_record_outcome`);
    await q.query(
      `ALTER TABLE message_record ADD CONSTRAINT ck_message_record_outcome
         CHECK (outcome IN ('connected', 'failed', 'not_in_service', 'refused', 'blocked', 'rate_limited', 'keyword'))`,
    );
    await q.query(`UPDATE message_record SET outcome = 'keyword' WHERE outcome = 'blocked' AND reason = 'keyword'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE message_record SET outcome = 'blocked', reason = 'keyword' WHERE outcome = 'keyword'`);
    await q.query(`ALTER TABLE message_record DROP CONSTRAINT ck_message_record_outcome`);
    await q.query(
      `ALTER TABLE message_record ADD CONSTRAINT ck_message_record_outcome
         CHECK (outcome IN ('connected', 'failed', 'not_in_service', 'refused', 'blocked', 'rate_limited'))`,
    );
  }
}
