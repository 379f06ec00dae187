import { parseArgs } from 'node:util';
import { loadConfig, loadDotEnv, simulatorTarget, type SimulatorTarget } from '../../config/app.config.js';
import { CarrierSimulator, type DialActionTiming, type DialOutcome } from './carrier-simulator.js';

const USAGE = `Plays the carrier against a running Veil (simulator mode).

  npm run sim -- call --from +14155550111 --to <relay number> [--answer completed|voicemail|busy|no-answer|failed]
                      [--duration 42] [--dial-action on-time|late|never] [--redeliver N] [--digits 48210]...
  npm run sim -- sms  --from +14155550111 --to <relay number> --body "Your parcel is at the door"
                      [--media <url>]... [--redeliver N]
  npm run sim -- enumerate --from +12125550199 --to <extension number> [--calls 5] [--start 10000]

Extension numbers (mode "extension"):
  --digits 48210 [--digits 48211]                   the extension pressed at the prompt (a second --digits
                                                    answers the one retry); --redeliver redelivers each answer
  sms --body "48210 I'm at the door"                a text starts with the extension (also #48210 or 48210#)
  enumerate                                         a caller guessing extensions, counting up from --start,
                                                    two guesses a call: shows the guessing limits refusing it

What the real network sends, too:
  --from anonymous | Restricted | "" | +266696687   a withheld caller (or one of the carrier's placeholders)
  --from SHOPNOW | 12345                            an alphanumeric sender ID or a short code
  --media https://…/Media/ME…                       an MMS photo (up to 10; --body may be empty)
  --answer voicemail                                a voicemail answers the buyer's leg and presses no key
  --dial-action late | never                        the Dial action after the number's status callback, or never
  --redeliver 2                                     the same webhook again (same id and idempotency token)
  --from +8613800135678 --to +8617005550123         a +86 buyer on a +86 relay number (add them with
                                                    POST /v1/admin/numbers {"country": "CN", ...})

Finds Veil as the server was told to listen: VEIL_URL if set, else http://127.0.0.1:$PORT (3000), reading
.env like the server. Signs with TWILIO_AUTH_TOKEN (from .env or .veil/dev-secrets.json) over
PUBLIC_BASE_URL, whose default is Veil's own (http://localhost:<port>). Run it from Veil's folder.`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      body: { type: 'string' },
      answer: { type: 'string', default: 'completed' },
      duration: { type: 'string', default: '42' },
      media: { type: 'string', multiple: true },
      'dial-action': { type: 'string', default: 'on-time' },
      redeliver: { type: 'string', default: '0' },
      digits: { type: 'string', multiple: true },
      calls: { type: 'string', default: '5' },
      start: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  // An empty --from is a withheld caller, as the carrier sends it.
  if (values.help || !command || values.from === undefined || !values.to || !['call', 'sms', 'enumerate'].includes(command)) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  loadDotEnv();
  const config = loadConfig(process.env, { persistDevSecrets: false });
  const target = simulatorTarget(config);
  const simulator = new CarrierSimulator({
    targetUrl: target.targetUrl,
    publicBaseUrl: target.publicBaseUrl,
    authToken: config.twilioAuthToken,
  });
  const answer = values.answer as DialOutcome;
  if (!['completed', 'voicemail', 'busy', 'no-answer', 'failed'].includes(answer))
    throw new Error('--answer must be completed, voicemail, busy, no-answer or failed');
  const dialAction = values['dial-action'] as DialActionTiming;
  if (!['on-time', 'late', 'never'].includes(dialAction)) throw new Error('--dial-action must be on-time, late or never');
  const redeliver = Number(values.redeliver);
  if (!Number.isInteger(redeliver) || redeliver < 0 || redeliver > 10) throw new Error('--redeliver must be 0 to 10');
  const digits = values.digits ?? [];
  if (digits.some((d) => !/^\d{1,10}$/.test(d))) throw new Error('--digits must be the digits pressed, e.g. 48210');
  const calls = Number(values.calls);
  if (!Number.isInteger(calls) || calls < 1 || calls > 100) throw new Error('--calls must be 1 to 100');
  const start = values.start === undefined ? undefined : Number(values.start);
  if (start !== undefined && !(Number.isInteger(start) && start >= 0))
    throw new Error('--start must be an extension, e.g. 10000');
  const lines = await (
    command === 'call'
      ? simulator.call(values.from, values.to, answer, Number(values.duration), { dialAction, redeliver, digits })
      : command === 'enumerate'
        ? simulator.enumerate(values.from, values.to, { calls, start })
        : simulator.sms(values.from, values.to, values.body ?? '', { media: values.media ?? [], redeliver })
  ).catch((error: unknown) => {
    throw new Error(explain(error, target));
  });
  for (const line of lines) console.log(line);
}

/** What went wrong between the simulator and Veil, with what it tried and what to set. */
function explain(error: unknown, target: SimulatorTarget): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TypeError && message === 'fetch failed') {
    const cause = (error.cause as { code?: string } | undefined)?.code ?? 'no answer';
    return (
      `Could not reach Veil at ${target.targetUrl} (${cause}); that address comes from ${target.targetFrom}.\n` +
      'Is Veil running (npm start)? If it listens elsewhere, tell the simulator where, as you told the server: ' +
      'PORT=3001 npm run sim -- …, or VEIL_URL=http://127.0.0.1:3001 npm run sim -- …'
    );
  }
  const status = /^Veil answered (\d{3})/.exec(message)?.[1];
  if (status === '403') {
    return (
      `Veil at ${target.targetUrl} refused the simulator's signature (403 invalid_signature).\n` +
      `The simulator signed over ${target.publicBaseUrl} (from ${target.publicFrom}) with TWILIO_AUTH_TOKEN from ${target.authTokenFrom}; ` +
      'Veil checks with its own PUBLIC_BASE_URL and TWILIO_AUTH_TOKEN.\n' +
      "Run the simulator with that Veil's settings: the same PUBLIC_BASE_URL, and the same TWILIO_AUTH_TOKEN " +
      '(or the same VEIL_DATA_DIR, whose dev-secrets.json holds it). Running it from the folder where you ran npm start does that.'
    );
  }
  if (status === '404') {
    return `${target.targetUrl} answered 404 to a Twilio webhook: it does not look like Veil. Check VEIL_URL or PORT (now from ${target.targetFrom}).`;
  }
  return message;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
