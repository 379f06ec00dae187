import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type TelephonyProviderKind = 'twilio' | 'simulator';

/** Fastify's `trustProxy`: off, every hop, the number of hops in front of Veil, or the proxies' addresses. */
export type TrustProxy = boolean | number | string[];

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/** The whole validated configuration. Only this folder reads `process.env`. */
export class AppConfig {
  nodeEnv!: string;
  port!: number;
  host!: string;
  /** Unset: the embedded PostgreSQL in `dataDir` is started. */
  databaseUrl!: string | null;
  dataDir!: string;
  embeddedDbPort!: number;
  /** The embedded server's superuser password (a development secret); null with DATABASE_URL. */
  embeddedDbPassword!: string | null;
  migrationsRun!: boolean;
  publicBaseUrl!: string;
  adminToken!: string;
  dataEncryptionKey!: EncryptionKey;
  /** Keys that still decrypt old rows after a rotation. */
  previousEncryptionKeys!: EncryptionKey[];
  lookupHashKey!: Buffer;
  telephonyProvider!: TelephonyProviderKind;
  twilioAccountSid!: string | null;
  twilioAuthToken!: string;
  /** The A2P 10DLC Messaging Service relay numbers join and reminders go out through (MG…); optional. */
  twilioMessagingServiceSid!: string | null;
  /** Per country (ISO alpha-2): the Address (AD…) and regulatory Bundle (BU…) numbers there are bought with. */
  twilioAddressSids!: Record<string, string>;
  twilioBundleSids!: Record<string, string>;
  defaultWindowDays!: number;
  maxWindowDays!: number;
  extensionStepDays!: number;
  quarantineDays!: number;
  retentionDays!: number;
  /** How long after a binding ends its (masked) records, party rows and the binding itself are kept. */
  recordRetentionDays!: number;
  /** How long after a binding ends its parties' keyed (number, phone) hashes tell them from strangers. */
  formerPartyDays!: number;
  reminderDaysBefore!: number;
  smsRatePerHour!: number;
  /** Distinct buyers one sender's text (near-duplicates included) must reach to be a campaign. */
  campaignMinBuyers!: number;
  /** How long text fingerprints are kept, and how far back copies and reports are matched. */
  campaignWindowDays!: number;
  /** Distinct buyers whose reports block a sender's text for everyone, promotional or not. */
  reportMinBuyers!: number;
  tenantRatePerMinute!: number;
  /** Admin API requests per source address per minute. */
  adminRatePerMinute!: number;
  /** Failed attempts with one credential from one source address per minute before that pair is refused. */
  failedAuthPerMinute!: number;
  /** Wrong credentials of any kind per source address per minute before every attempt from it is refused. */
  failedAuthPerSourcePerMinute!: number;
  /** `counterpart_conflict` answers per tenant per hour before adding counterparts is refused (429). */
  counterpartConflictsPerHour!: number;
  /** Which proxies may set X-Forwarded-For (the source address the per-address limits count). */
  trustProxy!: TrustProxy;
  /** `keypress`: a forwarded call reaches the buyer only after a key press (no voicemail greeting reaches the caller). */
  callScreening!: 'keypress' | 'off';
  /** `timeLimit` of every forwarded call. */
  maxCallMinutes!: number;
  /** Digits of an extension-mode extension (4–6). */
  extensionDigits!: number;
  /** The share of an extension number's code space live at once: bounds live bindings per number and guessing. */
  extensionOccupancy!: number;
  /** Distinct extensions one caller may reach on one number in a day without being a named counterpart. */
  extensionReachPerDay!: number;
  /** The screening announcement per language; `{order}` is replaced by the order id. */
  screeningPrompt!: { en: string; zh: string };
  sweeperEnabled!: boolean;
  /** First start on the simulator: provision demo numbers and a demo tenant. */
  demoSeed!: boolean;
  sweepIntervalSeconds!: number;
  /** Events to the platform: the delivery worker runs on every instance unless this is false. */
  eventDeliveryEnabled!: boolean;
  /** How often an idle worker looks for due events. */
  eventPollMs!: number;
  /** One POST to an endpoint may take this long. */
  eventTimeoutMs!: number;
  /** The first retry waits this long, then twice as long each time (with jitter), up to an hour. */
  eventRetryBaseMs!: number;
  /** An event still undelivered this long after it happened is marked failed. */
  eventRetryHours!: number;
  /** Requests in flight at once to one tenant's endpoint, from the instance that holds its lease. */
  eventTenantConcurrency!: number;
  /** Tenants one instance delivers to at once. */
  eventWorkerTenants!: number;
  /** Endpoints may use plain http and private or loopback addresses (development, tests, benchmarks). */
  eventAllowPrivateEndpoints!: boolean;
  logLevel!: string;
  /** The built dashboard (index.html and assets/). */
  adminUiDir!: string;
  /** Secrets that come from the development secrets file rather than the environment. */
  devSecretNames!: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const DEV_SECRET_NAMES = [
  'ADMIN_TOKEN',
  'DATA_ENCRYPTION_KEY',
  'LOOKUP_HASH_KEY',
  'TWILIO_AUTH_TOKEN',
  'EMBEDDED_DB_PASSWORD',
] as const;
type DevSecretName = (typeof DEV_SECRET_NAMES)[number];

/**
 * Reads and validates the environment. Every bad variable is collected so that one start names them
 * all. Outside production, missing secrets are generated once and kept in the data folder.
 */
export function loadConfig(env: Env = process.env, options: { persistDevSecrets?: boolean } = {}): AppConfig {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  const production = nodeEnv === 'production';
  const dataDir = resolve(env.VEIL_DATA_DIR?.trim() || '.veil');

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (!/^-?\d+$/.test(raw)) {
      problems.push(`${name} must be an integer, got "${raw}"`);
      return fallback;
    }
    const value = Number(raw);
    if (value < min || value > max) problems.push(`${name} must be between ${min} and ${max}, got ${value}`);
    return value;
  };
  const ratio = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d*\.?\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be a number between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  };

  const port = int('PORT', 3000, 0, 65535);
  const embeddedDbPort = int('EMBEDDED_DB_PORT', 54320, 1024, 65535);
  if (embeddedDbPort === 5432) problems.push('EMBEDDED_DB_PORT must not be 5432, which a system PostgreSQL may hold');

  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }


  const twilioAccountSid = env.TWILIO_ACCOUNT_SID?.trim() || null;
  if (twilioAccountSid && !/^AC[0-9a-fA-F]{32}$/.test(twilioAccountSid)) {
    problems.push('TWILIO_ACCOUNT_SID must look like AC followed by 32 hex digits');
  }
  const twilioMessagingServiceSid = env.TWILIO_MESSAGING_SERVICE_SID?.trim() || null;
  if (twilioMessagingServiceSid && !/^MG[0-9a-fA-F]{32}$/.test(twilioMessagingServiceSid)) {
    problems.push('TWILIO_MESSAGING_SERVICE_SID must look like MG followed by 32 hex digits');
  }
  const twilioAddressSids = parseCountrySids('TWILIO_ADDRESS_SIDS', 'AD', env.TWILIO_ADDRESS_SIDS, problems);
  const twilioBundleSids = parseCountrySids('TWILIO_BUNDLE_SIDS', 'BU', env.TWILIO_BUNDLE_SIDS, problems);
  const providerRaw = env.TELEPHONY_PROVIDER?.trim() || (twilioAccountSid ? 'twilio' : 'simulator');
  let telephonyProvider: TelephonyProviderKind = 'simulator';
  if (providerRaw === 'twilio' || providerRaw === 'simulator') telephonyProvider = providerRaw;
  else problems.push(`TELEPHONY_PROVIDER must be twilio or simulator, got "${providerRaw}"`);
  if (telephonyProvider === 'twilio' && !twilioAccountSid) {
    problems.push('TWILIO_ACCOUNT_SID is required when TELEPHONY_PROVIDER=twilio');
  }

  // A real carrier (or production) must never be handed localhost webhooks or plain-http signatures.
  const publicUrlRequired = production || telephonyProvider === 'twilio';
  const publicBaseUrl = (env.PUBLIC_BASE_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  const publicWhy = production ? 'NODE_ENV=production' : 'TELEPHONY_PROVIDER=twilio';
  if (publicUrlRequired && !env.PUBLIC_BASE_URL?.trim()) {
    problems.push(`PUBLIC_BASE_URL is required when ${publicWhy}: the https address Twilio reaches Veil at`);
  } else {
    try {
      const url = new URL(publicBaseUrl);
      if (!['http:', 'https:'].includes(url.protocol)) problems.push('PUBLIC_BASE_URL must be an http(s) URL');
      else if (publicUrlRequired && url.protocol !== 'https:') {
        problems.push(`PUBLIC_BASE_URL must be https when ${publicWhy}, got "${publicBaseUrl}"`);
      }
    } catch {
      problems.push(`PUBLIC_BASE_URL must be an absolute URL, got "${publicBaseUrl}"`);
    }
  }

  // Secrets: required in production; in development generated once and kept beside the data.
  const generatedSecrets: string[] = [];
  const devSecretNames: string[] = [];
  let devSecrets: Partial<Record<DevSecretName, string>> = {};
  if (!production) {
    try {
      devSecrets = readDevSecrets(dataDir);
    } catch {
      problems.push(`${devSecretsPath(dataDir)} is not valid JSON: fix it or delete it to generate new development secrets`);
    }
  }
  const secret = (name: DevSecretName, generate: () => string): string | null => {
    const raw = env[name]?.trim();
    if (raw) return raw;
    if (production) {
      // TWILIO_AUTH_TOKEN too: with the simulator it still signs webhooks, and an empty key would accept anyone's.
      problems.push(`${name} is required when NODE_ENV=production`);
      return null;
    }
    if (!devSecrets[name]) {
      devSecrets[name] = generate();
      generatedSecrets.push(name);
    }
    devSecretNames.push(name);
    return devSecrets[name]!;
  };
  const adminToken = secret('ADMIN_TOKEN', () => `veil_admin_${randomBytes(24).toString('base64url')}`) ?? '';
  if (adminToken && adminToken.length < 16) problems.push('ADMIN_TOKEN must be at least 16 characters');
  const encryptionRaw = secret('DATA_ENCRYPTION_KEY', () => `k1:${randomBytes(32).toString('base64')}`);
  const dataEncryptionKey = encryptionRaw ? parseEncryptionKey('DATA_ENCRYPTION_KEY', encryptionRaw, problems) : null;
  const previousEncryptionKeys = (env.DATA_ENCRYPTION_PREVIOUS_KEYS?.trim() || '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => parseEncryptionKey('DATA_ENCRYPTION_PREVIOUS_KEYS', part, problems))
    .filter((key): key is EncryptionKey => key !== null);
  const lookupRaw = secret('LOOKUP_HASH_KEY', () => randomBytes(32).toString('base64'));
  let lookupHashKey = Buffer.alloc(0);
  if (lookupRaw) {
    lookupHashKey = Buffer.from(lookupRaw, 'utf8');
    if (lookupHashKey.length < 32) problems.push('LOOKUP_HASH_KEY must be at least 32 characters');
  }
  const twilioAuthToken = secret('TWILIO_AUTH_TOKEN', () => randomBytes(16).toString('hex')) ?? '';
  if (telephonyProvider === 'twilio' && !env.TWILIO_AUTH_TOKEN?.trim()) {
    problems.push('TWILIO_AUTH_TOKEN is required when TELEPHONY_PROVIDER=twilio');
  }

  // Only the embedded server needs it: with DATABASE_URL the password is in the URL.
  const embeddedDbPassword = databaseUrl ? null : secret('EMBEDDED_DB_PASSWORD', () => randomBytes(24).toString('base64url'));
  if (embeddedDbPassword !== null && !/^[A-Za-z0-9_-]{16,}$/.test(embeddedDbPassword)) {
    problems.push('EMBEDDED_DB_PASSWORD must be at least 16 letters, digits, "-" or "_"');
  }

  const defaultWindowDays = int('DEFAULT_WINDOW_DAYS', 15, 1, 3650);
  const maxWindowDays = int('MAX_WINDOW_DAYS', 90, 1, 3650);
  if (defaultWindowDays > maxWindowDays) problems.push('DEFAULT_WINDOW_DAYS must not exceed MAX_WINDOW_DAYS');

  // Combinations that cannot keep the lifecycle's promises (DESIGN.md, Lifecycle 4 and 5).
  const quarantineDays = int('QUARANTINE_DAYS', 30, 0, 3650);
  const retentionDays = int('RETENTION_DAYS', 30, 0, 3650);
  const recordRetentionDays = int('RECORD_RETENTION_DAYS', 180, 0, 36500);
  const formerPartyDays = int('FORMER_PARTY_DAYS', 180, 1, 36500);
  if (formerPartyDays <= quarantineDays + maxWindowDays) {
    problems.push(
      `FORMER_PARTY_DAYS (${formerPartyDays}) must exceed QUARANTINE_DAYS + MAX_WINDOW_DAYS (${quarantineDays} + ${maxWindowDays}): ` +
        'a former party must hear "not in service" for the whole window of the next order on their number',
    );
  }
  if (recordRetentionDays < retentionDays) {
    problems.push(
      `RECORD_RETENTION_DAYS (${recordRetentionDays}) must be at least RETENTION_DAYS (${retentionDays}): ` +
        'records (masked) stay after the real numbers are purged, not the other way round',
    );
  }

  const failedAuthPerMinute = int('FAILED_AUTH_PER_MINUTE', 20, 1, 10000000);
  const failedAuthPerSourcePerMinute = int('FAILED_AUTH_PER_SOURCE_PER_MINUTE', 1000, 1, 10000000);
  if (failedAuthPerSourcePerMinute < failedAuthPerMinute) {
    problems.push(
      'FAILED_AUTH_PER_SOURCE_PER_MINUTE must be at least FAILED_AUTH_PER_MINUTE (it is the ceiling over all credentials)',
    );
  }

  const callScreening = env.CALL_SCREENING?.trim().toLowerCase() || 'keypress';
  if (callScreening !== 'keypress' && callScreening !== 'off') {
    problems.push(`CALL_SCREENING must be keypress or off, got "${callScreening}"`);
  }
  const prompt = (name: string, fallback: string): string => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    if (raw.length > 300) problems.push(`${name} must be at most 300 characters`);
    return raw;
  };

  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}"`);
  }

  const config: AppConfig = Object.assign(new AppConfig(), {
    nodeEnv,
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    dataDir,
    embeddedDbPort,
    embeddedDbPassword,
    migrationsRun: bool('MIGRATIONS_RUN', true),
    publicBaseUrl,
    adminToken,
    dataEncryptionKey: dataEncryptionKey ?? { id: 'invalid', key: Buffer.alloc(32) },
    previousEncryptionKeys,
    lookupHashKey,
    telephonyProvider,
    twilioAccountSid,
    twilioAuthToken,
    twilioMessagingServiceSid,
    twilioAddressSids,
    twilioBundleSids,
    defaultWindowDays,
    maxWindowDays,
    extensionStepDays: int('EXTENSION_STEP_DAYS', 7, 1, 3650),
    quarantineDays,
    retentionDays,
    recordRetentionDays,
    formerPartyDays,
    reminderDaysBefore: int('REMINDER_DAYS_BEFORE', 3, 0, 3650),
    smsRatePerHour: int('SMS_RATE_PER_HOUR', 30, 1, 100000),
    campaignMinBuyers: int('CAMPAIGN_MIN_BUYERS', 5, 2, 100000),
    campaignWindowDays: int('CAMPAIGN_WINDOW_DAYS', 3, 1, 30),
    reportMinBuyers: int('REPORT_MIN_BUYERS', 3, 1, 100000),
    tenantRatePerMinute: int('TENANT_RATE_PER_MINUTE', 6000, 1, 10000000),
    adminRatePerMinute: int('ADMIN_RATE_PER_MINUTE', 600, 1, 10000000),
    failedAuthPerMinute,
    failedAuthPerSourcePerMinute,
    counterpartConflictsPerHour: int('COUNTERPART_CONFLICTS_PER_HOUR', 30, 1, 10000000),
    trustProxy: parseTrustProxy(env.TRUST_PROXY, problems),
    callScreening: callScreening === 'off' ? 'off' : 'keypress',
    // Twilio's own ceiling is 240 minutes (14,400 s).
    maxCallMinutes: int('MAX_CALL_MINUTES', 60, 1, 240),
    extensionDigits: int('EXTENSION_DIGITS', 5, 4, 6),
    // Above a half, a random guess reaches a live buyer more often than not.
    extensionOccupancy: ratio('EXTENSION_OCCUPANCY', 0.1, 0.0001, 0.5),
    extensionReachPerDay: int('EXTENSION_REACH_PER_DAY', 20, 1, 100000),
    screeningPrompt: {
      en: prompt('SCREENING_PROMPT_EN', 'Delivery call about your order {order}. Press any key to accept.'),
      zh: prompt('SCREENING_PROMPT_ZH', '您的订单 {order} 有配送来电，请按任意键接听。'),
    },
    sweeperEnabled: bool('SWEEPER_ENABLED', true),
    demoSeed: bool('DEMO_SEED', true),
    sweepIntervalSeconds: int('SWEEP_INTERVAL_SECONDS', 60, 1, 86400),
    eventDeliveryEnabled: bool('EVENT_DELIVERY_ENABLED', true),
    eventPollMs: int('EVENT_POLL_MS', 500, 10, 60000),
    eventTimeoutMs: int('EVENT_TIMEOUT_MS', 10000, 50, 60000),
    eventRetryBaseMs: int('EVENT_RETRY_BASE_MS', 10000, 1, 3600000),
    eventRetryHours: int('EVENT_RETRY_HOURS', 24, 1, 720),
    eventTenantConcurrency: int('EVENT_TENANT_CONCURRENCY', 4, 1, 64),
    eventWorkerTenants: int('EVENT_WORKER_TENANTS', 16, 1, 256),
    eventAllowPrivateEndpoints: bool('EVENT_ALLOW_PRIVATE_ENDPOINTS', !production),
    logLevel,
    adminUiDir: resolve(env.ADMIN_UI_DIR?.trim() || 'dist/admin-ui'),
    devSecretNames,
  });

  if (problems.length > 0) throw new ConfigError(problems);
  if (generatedSecrets.length > 0 && options.persistDevSecrets !== false) writeDevSecrets(dataDir, devSecrets);
  return config;
}

/**
 * TRUST_PROXY: unset or false, nobody (the source address is the peer's); true, every hop (only when
 * the one proxy in front strips a client's X-Forwarded-For); a number of hops; or proxy addresses and
 * CIDRs, comma-separated (also loopback, linklocal, uniquelocal).
 */
function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops < 1 || hops > 10) problems.push(`TRUST_PROXY hops must be between 1 and 10, got ${hops}`);
    return hops;
  }
  const entries = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !/^(loopback|linklocal|uniquelocal|[0-9a-f:.]+(\/\d{1,3})?)$/.test(e));
  if (bad.length > 0 || entries.length === 0) {
    problems.push(`TRUST_PROXY must be true, false, a hop count or addresses/CIDRs, got "${raw?.trim()}"`);
    return false;
  }
  return entries;
}

/** `GB:AD0123…,DE:AD4567…`: one SID per country, for the countries whose numbers need one to be bought. */
function parseCountrySids(name: string, prefix: string, raw: string | undefined, problems: string[]): Record<string, string> {
  const sids: Record<string, string> = {};
  for (const entry of (raw ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const match = new RegExp(`^([A-Za-z]{2}):(${prefix}[0-9a-fA-F]{32})$`).exec(entry);
    if (!match) {
      problems.push(`${name} must be a comma-separated list of <country>:${prefix}<32 hex digits>, got "${entry}"`);
      continue;
    }
    sids[match[1]!.toUpperCase()] = match[2]!;
  }
  return sids;
}

/** `<key id>:<base64 of 32 bytes>`; the id travels with every ciphertext so old rows still decrypt. */
function parseEncryptionKey(name: string, raw: string, problems: string[]): EncryptionKey | null {
  const match = /^([A-Za-z0-9_-]{1,16}):([A-Za-z0-9+/=_-]+)$/.exec(raw);
  if (!match) {
    problems.push(`${name} must be "<key id>:<base64 of 32 bytes>", e.g. k1:${'A'.repeat(43)}=`);
    return null;
  }
  const key = Buffer.from(match[2]!, 'base64');
  if (key.length !== 32) {
    problems.push(`${name} key "${match[1]}" must decode to 32 bytes, got ${key.length}`);
    return null;
  }
  return { id: match[1]!, key };
}

function devSecretsPath(dataDir: string): string {
  return join(dataDir, 'dev-secrets.json');
}

function readDevSecrets(dataDir: string): Partial<Record<DevSecretName, string>> {
  const path = devSecretsPath(dataDir);
  if (!existsSync(path)) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as Partial<Record<DevSecretName, string>>;
}

function writeDevSecrets(dataDir: string, secrets: Partial<Record<DevSecretName, string>>): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(devSecretsPath(dataDir), `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
}

/** Loads `.env` from the working directory when present, without overriding the real environment. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** The test database URL for the Jest setup (CI sets it to the local server). */
export function testDatabaseUrlFromEnv(): string | null {
  return process.env.TEST_DATABASE_URL?.trim() || null;
}

/** Where `npm run sim` finds Veil, the URL it signs over, and where each came from (its messages name them). */
export interface SimulatorTarget {
  targetUrl: string;
  targetFrom: string;
  publicBaseUrl: string;
  publicFrom: string;
  authTokenFrom: string;
}

/**
 * The simulator follows the server's settings: VEIL_URL (or the older SIM_TARGET_URL) when set, else
 * 127.0.0.1 on PORT. It signs over PUBLIC_BASE_URL when set, else over what Veil itself would use by
 * default for that address (`http://localhost:<port>`), so that setting only VEIL_URL is enough locally.
 */
export function simulatorTarget(config: AppConfig, env: Env = process.env): SimulatorTarget {
  const given = env.VEIL_URL?.trim() ? 'VEIL_URL' : env.SIM_TARGET_URL?.trim() ? 'SIM_TARGET_URL' : null;
  const targetUrl = (given ? env[given]!.trim() : `http://127.0.0.1:${config.port}`).replace(/\/+$/, '');
  let target: URL;
  try {
    target = new URL(targetUrl);
  } catch {
    throw new ConfigError([`${given} must be an absolute URL such as http://127.0.0.1:3000, got "${targetUrl}"`]);
  }
  const targetFrom = given ?? (env.PORT?.trim() ? `PORT=${config.port}` : `the default PORT ${config.port}`);
  let publicBaseUrl = config.publicBaseUrl;
  let publicFrom = 'PUBLIC_BASE_URL';
  if (!env.PUBLIC_BASE_URL?.trim()) {
    const port = target.port || (target.protocol === 'https:' ? '443' : '80');
    const local = ['127.0.0.1', 'localhost', '[::1]', '0.0.0.0'].includes(target.hostname);
    publicBaseUrl = local ? `http://localhost:${port}` : target.origin;
    publicFrom = local ? `Veil's default PUBLIC_BASE_URL for port ${port}` : `the origin of ${given}`;
  }
  const secrets = devSecretsPath(config.dataDir);
  const authTokenFrom = !config.devSecretNames.includes('TWILIO_AUTH_TOKEN')
    ? 'TWILIO_AUTH_TOKEN'
    : existsSync(secrets)
      ? secrets
      : `nowhere: ${secrets} does not exist, so it is a random one no Veil knows`;
  return { targetUrl, targetFrom, publicBaseUrl, publicFrom, authTokenFrom };
}
