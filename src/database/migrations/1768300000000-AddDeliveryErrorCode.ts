import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The carrier's error code on a text that was not delivered (Twilio's ErrorCode: 21610, 30003, 30034…). */
export class AddDeliveryErrorCode1768300000000 implements MigrationInterface {
  name = 'AddDeliveryErrorCode1768300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE message_record ADD COLUMN delivery_error_code integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE message_record DROP COLUMN delivery_error_code`);
  }
}
