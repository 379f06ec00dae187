import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { PhoneCipher } from '../common/phone-cipher.service.js';
import { HotPathPool } from '../database/hot-path-pool.js';
import type { DeliveryClaim } from '../routing/routing.repository.js';

// Answers are written in batches off the answer's path; a redelivery arriving meanwhile waits for it.
const BATCH_DELAY_MS = 10;
const POLL_MS = 25;
const WAIT_MS = 5000;
// A claim this old with no answer belongs to an instance that died mid-request: a redelivery takes it over.
const ABANDONED_SECONDS = 10;

const STORE_ANSWERS = {
  name: 'veil_store_webhook_answers_v1',
  text: `UPDATE webhook_delivery d SET answer_enc = a.answer
           FROM unnest($1::text[], $2::text[]) AS a(sid, answer) WHERE d.sid = a.sid`,
};

const FIND_ANSWER = {
  name: 'veil_find_webhook_answer_v1',
  text: `SELECT sid, answer_enc, claimed_at <= $3::timestamptz - make_interval(secs => $4) AS abandoned
           FROM webhook_delivery WHERE sid = $1 OR token = $2 LIMIT 1`,
};

const TAKE_OVER = {
  name: 'veil_take_over_webhook_v1',
  text: `UPDATE webhook_delivery SET claimed_at = $2
          WHERE sid = $1 AND answer_enc IS NULL AND claimed_at <= $2::timestamptz - make_interval(secs => $3)
          RETURNING sid`,
};

export type Replay = { kind: 'answer'; twiml: string } | { kind: 'take_over' } | { kind: 'unanswered' };

/**
 * Redelivery of a carrier webhook (same CallSid / MessageSid or I-Twilio-Idempotency-Token), on any
 * instance: the routing lookup claims the id under a primary key (the database decides who is first),
 * the first delivery's answer is kept here, encrypted since it names real numbers, and every later
 * delivery gets that answer and changes nothing. The sweeper forgets them after a day.
 */
@Injectable()
export class WebhookDeliveryRepository implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryRepository.name);
  private pending: { sid: string; answer: string }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: HotPathPool,
    private readonly cipher: PhoneCipher,
  ) {}

  /** The answer the first delivery of `sid` got, for its redeliveries. */
  remember(sid: string, twiml: string): void {
    if (!sid) return;
    this.pending.push({ sid, answer: this.cipher.encrypt(twiml) });
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), BATCH_DELAY_MS);
      this.timer.unref();
    }
  }

  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.writing = this.writing.then(async () => {
      const batch = this.pending;
      this.pending = [];
      if (batch.length === 0) return;
      try {
        await this.pool.query(STORE_ANSWERS, [batch.map((b) => b.sid), batch.map((b) => b.answer)]);
      } catch (error) {
        // A redelivery then finds the claim unanswered and, once it is old, takes it over.
        const e = error as { name?: string; code?: string };
        this.logger.error(`storing ${batch.length} webhook answers failed: ${e.name ?? 'Error'} ${e.code ?? ''}`.trim());
      }
    });
    return this.writing;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  /** A redelivery: the first delivery's answer, waiting for it while the first is still being answered. */
  async replay(claim: DeliveryClaim, now: Date): Promise<Replay> {
    await this.flush(); // the first delivery may have been answered by this instance a moment ago
    for (let waited = 0; ; waited += POLL_MS) {
      const [row] = await this.pool.query<{ sid: string; answer_enc: string | null; abandoned: boolean }>(FIND_ANSWER, [
        claim.sid,
        claim.token,
        now,
        ABANDONED_SECONDS,
      ]);
      if (row?.answer_enc) return { kind: 'answer', twiml: this.cipher.decrypt(row.answer_enc) };
      if (row?.abandoned) {
        const taken = await this.pool.query(TAKE_OVER, [row.sid, now, ABANDONED_SECONDS]);
        if (taken.length > 0) return { kind: 'take_over' };
      }
      if (waited >= WAIT_MS) return { kind: 'unanswered' };
      await sleep(POLL_MS);
    }
  }
}
