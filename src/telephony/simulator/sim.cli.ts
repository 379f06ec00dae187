import { parseArgs } from 'node:util';
import { loadConfig, loadDotEnv } from '../../config/app.config.js';
import { CarrierSimulator, type DialOutcome } from './carrier-simulator.js';

const USAGE = `Plays the carrier against a running Veil (simulator mode).

  npm run sim -- call --from +14155550111 --to <relay number> [--answer completed|busy|no-answer|failed] [--duration 42]
  npm run sim -- sms  --from +14155550111 --to <relay number> --body "Your parcel is at the door"

Signs with TWILIO_AUTH_TOKEN (from .env or .veil/dev-secrets.json) over PUBLIC_BASE_URL, and posts to
SIM_TARGET_URL (default http://127.0.0.1:$PORT).`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      body: { type: 'string' },
      answer: { type: 'string', default: 'completed' },
      duration: { type: 'string', default: '42' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command || !values.from || !values.to || !['call', 'sms'].includes(command)) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  loadDotEnv();
  const config = loadConfig(process.env, { persistDevSecrets: false });
  const simulator = new CarrierSimulator({
    targetUrl: process.env.SIM_TARGET_URL?.trim() || `http://127.0.0.1:${config.port}`,
    publicBaseUrl: config.publicBaseUrl,
    authToken: config.twilioAuthToken,
  });
  const answer = values.answer as DialOutcome;
  if (!['completed', 'busy', 'no-answer', 'failed'].includes(answer))
    throw new Error('--answer must be completed, busy, no-answer or failed');
  const lines =
    command === 'call'
      ? await simulator.call(values.from, values.to, answer, Number(values.duration))
      : await simulator.sms(values.from, values.to, values.body ?? '');
  for (const line of lines) console.log(line);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
