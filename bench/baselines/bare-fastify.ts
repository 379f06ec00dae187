import { createHmac } from 'node:crypto';
import { parse } from 'node:querystring';
import Fastify from 'fastify';
import pg from 'pg';

/**
 * The baselines Veil is measured against, started by the benchmark beside Veil on the same machine:
 *   MODE=twiml   (a) a bare Fastify server answering a fixed TwiML string to the carrier's form posts;
 *   MODE=lookup  (b) the same plus one indexed lookup per request on Veil's database (the caller's keyed
 *                hash on the relay number, the routing key; for an extension prompt's answer, the binding
 *                (X, E) names and the caller's row on it) before the answer;
 *   MODE=insert  the checkout baseline: a JSON POST answered after one INSERT.
 */
const mode = process.env.MODE ?? 'twiml';
const port = Number(process.env.PORT ?? 3102);

const VOICE_TWIML =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Dial callerId="+12015550000" answerOnBridge="true" timeout="30">' +
  '<Number>+12195550000</Number></Dial></Response>';
const SMS_TWIML =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Message to="+12195550000" from="+12015550000">' +
  'At your door now, pickup code 4821</Message></Response>';
const NOT_FOUND_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Reject reason="rejected"/></Response>';

const app = Fastify({ logger: false });
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
  done(null, parse(body as string));
});

const pool =
  mode === 'twiml' ? null : new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
const hashKey = Buffer.from(process.env.LOOKUP_HASH_KEY ?? '', 'utf8');
const stats = { hits: 0, misses: 0 };

const LOOKUP = {
  name: 'bench_lookup',
  text: `SELECT p.id, p.binding_id, p.role, p.phone_enc FROM participant p JOIN relay_number n ON n.id = p.relay_number_id
          WHERE n.e164 = $1 AND p.phone_hash = $2 AND p.active`,
};
// Extension mode's answer to the prompt: the binding (X, E) names and the caller's row on it, one statement.
const EXTENSION_LOOKUP = {
  name: 'bench_extension_lookup',
  text: `SELECT b.id, p.id AS party_id, p.role FROM relay_number n
           JOIN binding b ON b.relay_number_id = n.id AND b.extension = $2 AND b.extension_held
           LEFT JOIN participant p ON p.binding_id = b.id AND p.phone_hash = $3 AND p.active
          WHERE n.e164 = $1`,
};
const INSERT = {
  name: 'bench_insert',
  text: `INSERT INTO bench_baseline_order (order_id, buyer_phone, payload) VALUES ($1, $2, $3) RETURNING id, created_at`,
};

type Form = Record<string, string | undefined>;

async function webhook(body: Form, twiml: string): Promise<string> {
  if (!pool) return twiml;
  const callerHash = createHmac('sha256', hashKey)
    .update(`phone:${body.From ?? ''}`)
    .digest();
  const { rows } = await pool.query({ ...LOOKUP, values: [body.To ?? '', callerHash] });
  if (rows.length === 0) {
    stats.misses++;
    return NOT_FOUND_TWIML;
  }
  stats.hits++;
  return twiml;
}

app.post('/webhooks/twilio/voice', async (request, reply) => {
  reply.type('text/xml');
  return webhook(request.body as Form, VOICE_TWIML);
});
app.post('/webhooks/twilio/voice/extension', async (request, reply) => {
  reply.type('text/xml');
  const body = request.body as Form;
  if (!pool) return VOICE_TWIML;
  const callerHash = createHmac('sha256', hashKey)
    .update(`phone:${body.From ?? ''}`)
    .digest();
  const { rows } = await pool.query({ ...EXTENSION_LOOKUP, values: [body.To ?? '', body.Digits ?? '', callerHash] });
  if (rows.length === 0) {
    stats.misses++;
    return NOT_FOUND_TWIML;
  }
  stats.hits++;
  return VOICE_TWIML;
});
app.post('/webhooks/twilio/sms', async (request, reply) => {
  reply.type('text/xml');
  return webhook(request.body as Form, SMS_TWIML);
});
app.post('/v1/bindings', async (request, reply) => {
  const body = request.body as { orderId: string; buyerPhone: string };
  const { rows } = await pool!.query({ ...INSERT, values: [body.orderId, body.buyerPhone, body] });
  reply.status(201);
  return { id: rows[0].id, orderId: body.orderId, status: 'active', createdAt: rows[0].created_at };
});
app.get('/ready', async () => ({ ok: true }));
app.get('/stats', async () => stats);

const shutdown = () => {
  void app.close().then(async () => {
    await pool?.end();
    process.exit(0);
  });
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ port, host: '127.0.0.1' });
