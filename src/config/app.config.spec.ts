import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app.config.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'veil-config-'));

describe('loadConfig', () => {
  it('starts with nothing set: simulator, embedded database, generated secrets kept in the data folder', () => {
    const dataDir = tempDir();
    const config = loadConfig({ VEIL_DATA_DIR: dataDir });
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: null,
      telephonyProvider: 'simulator',
      defaultWindowDays: 15,
      maxWindowDays: 90,
    });
    expect(config.devSecretNames).toEqual(expect.arrayContaining(['ADMIN_TOKEN', 'DATA_ENCRYPTION_KEY', 'LOOKUP_HASH_KEY']));
    expect(existsSync(join(dataDir, 'dev-secrets.json'))).toBe(true);
    const again = loadConfig({ VEIL_DATA_DIR: dataDir });
    expect(again.adminToken).toBe(config.adminToken);
    expect(again.dataEncryptionKey.key.equals(config.dataEncryptionKey.key)).toBe(true);
    expect(JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8')).ADMIN_TOKEN).toBe(config.adminToken);
  });

  it('extension mode: EXTENSION_DIGITS 4-6 (default 5), EXTENSION_OCCUPANCY 0.0001-0.5 (default 0.1), EXTENSION_REACH_PER_DAY (default 20)', () => {
    const defaults = loadConfig({ VEIL_DATA_DIR: tempDir() }, { persistDevSecrets: false });
    expect(defaults).toMatchObject({ extensionDigits: 5, extensionOccupancy: 0.1, extensionReachPerDay: 20 });
    const set = loadConfig(
      { VEIL_DATA_DIR: tempDir(), EXTENSION_DIGITS: '6', EXTENSION_OCCUPANCY: '0.05', EXTENSION_REACH_PER_DAY: '40' },
      { persistDevSecrets: false },
    );
    expect(set).toMatchObject({ extensionDigits: 6, extensionOccupancy: 0.05, extensionReachPerDay: 40 });
    for (const [name, value] of [
      ['EXTENSION_DIGITS', '3'],
      ['EXTENSION_DIGITS', '7'],
      ['EXTENSION_OCCUPANCY', '0.6'],
      ['EXTENSION_OCCUPANCY', '0'],
      ['EXTENSION_REACH_PER_DAY', '0'],
    ] as const) {
      const attempt = () => loadConfig({ VEIL_DATA_DIR: tempDir(), [name]: value }, { persistDevSecrets: false });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(name);
    }
  });

  it('names every bad variable at once', () => {
    const attempt = () =>
      loadConfig(
        {
          VEIL_DATA_DIR: tempDir(),
          PORT: 'eighty',
          DATABASE_URL: 'mysql://x',
          DATA_ENCRYPTION_KEY: 'short',
          TELEPHONY_PROVIDER: 'carrier-pigeon',
          MAX_WINDOW_DAYS: '0',
          SWEEPER_ENABLED: 'maybe',
        },
        { persistDevSecrets: false },
      );
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of [
        'PORT',
        'DATABASE_URL',
        'DATA_ENCRYPTION_KEY',
        'TELEPHONY_PROVIDER',
        'MAX_WINDOW_DAYS',
        'SWEEPER_ENABLED',
      ]) {
        expect(problems).toContain(name);
      }
    }
  });

  it('requires the secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/veil' })).toThrow(
      /ADMIN_TOKEN is required[\s\S]*DATA_ENCRYPTION_KEY is required[\s\S]*LOOKUP_HASH_KEY is required/,
    );
  });

  it('requires an https PUBLIC_BASE_URL with Twilio or in production', () => {
    const sid = `AC${'a'.repeat(32)}`;
    const twilio = { VEIL_DATA_DIR: tempDir(), TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'token' };
    expect(() => loadConfig(twilio, { persistDevSecrets: false })).toThrow(
      'PUBLIC_BASE_URL is required when TELEPHONY_PROVIDER=twilio',
    );
    expect(() => loadConfig({ ...twilio, PUBLIC_BASE_URL: 'http://relay.example.com' }, { persistDevSecrets: false })).toThrow(
      'PUBLIC_BASE_URL must be https when TELEPHONY_PROVIDER=twilio, got "http://relay.example.com"',
    );
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/veil' })).toThrow(
      'PUBLIC_BASE_URL is required when NODE_ENV=production',
    );
    expect(
      loadConfig({ ...twilio, PUBLIC_BASE_URL: 'https://relay.example.com/' }, { persistDevSecrets: false }).publicBaseUrl,
    ).toBe('https://relay.example.com');
    // Local trials on the simulator keep the localhost default.
    expect(loadConfig({ VEIL_DATA_DIR: tempDir() }, { persistDevSecrets: false }).publicBaseUrl).toBe('http://localhost:3000');
  });

  it('chooses Twilio when an account is configured, and then needs its auth token', () => {
    const sid = `AC${'a'.repeat(32)}`;
    const base = { VEIL_DATA_DIR: tempDir(), TWILIO_ACCOUNT_SID: sid, PUBLIC_BASE_URL: 'https://relay.example.com' };
    expect(() => loadConfig(base, { persistDevSecrets: false })).toThrow('TWILIO_AUTH_TOKEN is required');
    const config = loadConfig({ ...base, TWILIO_AUTH_TOKEN: 'token' }, { persistDevSecrets: false });
    expect(config.telephonyProvider).toBe('twilio');
  });

  it('reads the rate limits and which proxies to trust', () => {
    const load = (env: Record<string, string>) => loadConfig({ VEIL_DATA_DIR: tempDir(), ...env }, { persistDevSecrets: false });
    expect(load({})).toMatchObject({
      tenantRatePerMinute: 6000,
      adminRatePerMinute: 600,
      failedAuthPerMinute: 20,
      trustProxy: false,
    });
    expect(load({ ADMIN_RATE_PER_MINUTE: '60', FAILED_AUTH_PER_MINUTE: '5' })).toMatchObject({
      adminRatePerMinute: 60,
      failedAuthPerMinute: 5,
    });
    expect(load({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(load({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(load({ TRUST_PROXY: '10.0.0.0/8, loopback,::1' }).trustProxy).toEqual(['10.0.0.0/8', 'loopback', '::1']);
    expect(() => load({ TRUST_PROXY: 'the load balancer' })).toThrow('TRUST_PROXY');
    expect(() => load({ TRUST_PROXY: '0' })).toThrow('TRUST_PROXY');
    expect(() => load({ FAILED_AUTH_PER_MINUTE: '0' })).toThrow('FAILED_AUTH_PER_MINUTE');
  });

  it('locks out per credential under a much higher per-address ceiling, and limits counterpart conflicts per hour', () => {
    const load = (env: Record<string, string>) => loadConfig({ VEIL_DATA_DIR: tempDir(), ...env }, { persistDevSecrets: false });
    expect(load({})).toMatchObject({
      failedAuthPerMinute: 20,
      failedAuthPerSourcePerMinute: 1000,
      counterpartConflictsPerHour: 30,
    });
    expect(load({ FAILED_AUTH_PER_SOURCE_PER_MINUTE: '50', COUNTERPART_CONFLICTS_PER_HOUR: '5' })).toMatchObject({
      failedAuthPerSourcePerMinute: 50,
      counterpartConflictsPerHour: 5,
    });
    // The ceiling over every credential cannot be lower than the limit of one.
    expect(() => load({ FAILED_AUTH_PER_MINUTE: '30', FAILED_AUTH_PER_SOURCE_PER_MINUTE: '29' })).toThrow(
      'FAILED_AUTH_PER_SOURCE_PER_MINUTE must be at least FAILED_AUTH_PER_MINUTE',
    );
    expect(() => load({ COUNTERPART_CONFLICTS_PER_HOUR: '0' })).toThrow('COUNTERPART_CONFLICTS_PER_HOUR');
  });

  it('generates the embedded database password as a development secret, and checks one that is given', () => {
    const load = (env: Record<string, string>) => loadConfig({ VEIL_DATA_DIR: tempDir(), ...env }, { persistDevSecrets: false });
    const dataDir = tempDir();
    const config = loadConfig({ VEIL_DATA_DIR: dataDir });
    expect(config.devSecretNames).toContain('EMBEDDED_DB_PASSWORD');
    expect(JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8')).EMBEDDED_DB_PASSWORD).toBe(
      config.embeddedDbPassword,
    );
    expect(load({ EMBEDDED_DB_PASSWORD: 'a-given-password-0123' }).embeddedDbPassword).toBe('a-given-password-0123');
    expect(() => load({ EMBEDDED_DB_PASSWORD: 'short' })).toThrow('EMBEDDED_DB_PASSWORD');
    expect(() => load({ EMBEDDED_DB_PASSWORD: "quote'in-the-password" })).toThrow('EMBEDDED_DB_PASSWORD');
    // In production it is a secret like the others, needed only when there is no DATABASE_URL.
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('EMBEDDED_DB_PASSWORD is required');
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/veil' })).not.toThrow('EMBEDDED_DB_PASSWORD');
  });

  it('never lets the embedded database take 5432', () => {
    expect(() => loadConfig({ VEIL_DATA_DIR: tempDir(), EMBEDDED_DB_PORT: '5432' }, { persistDevSecrets: false })).toThrow(
      'EMBEDDED_DB_PORT',
    );
  });
});

describe('loadConfig: the lifecycle periods', () => {
  const load = (env: Record<string, string>) => loadConfig({ VEIL_DATA_DIR: tempDir(), ...env }, { persistDevSecrets: false });

  it('keeps former parties 180 days and records 180 days by default', () => {
    expect(load({})).toMatchObject({ formerPartyDays: 180, recordRetentionDays: 180, quarantineDays: 30, retentionDays: 30 });
    expect(load({ RETENTION_DAYS: '0', FORMER_PARTY_DAYS: '121' })).toMatchObject({ retentionDays: 0, formerPartyDays: 121 });
  });

  it('refuses former-party memory that ends before the next order on the number can', () => {
    // Quarantine 30 + the longest window 90: a former courier must be known until day 120 after the end.
    expect(() => load({ FORMER_PARTY_DAYS: '120' })).toThrow(
      'FORMER_PARTY_DAYS (120) must exceed QUARANTINE_DAYS + MAX_WINDOW_DAYS (30 + 90)',
    );
    expect(() => load({ QUARANTINE_DAYS: '100' })).toThrow(
      'FORMER_PARTY_DAYS (180) must exceed QUARANTINE_DAYS + MAX_WINDOW_DAYS (100 + 90)',
    );
    expect(() => load({ MAX_WINDOW_DAYS: '200' })).toThrow('MAX_WINDOW_DAYS (30 + 200)');
  });

  it('refuses records that would go before the real numbers are purged', () => {
    expect(() => load({ RETENTION_DAYS: '60', RECORD_RETENTION_DAYS: '59' })).toThrow(
      'RECORD_RETENTION_DAYS (59) must be at least RETENTION_DAYS (60)',
    );
    expect(load({ RETENTION_DAYS: '60', RECORD_RETENTION_DAYS: '60' }).recordRetentionDays).toBe(60);
  });
});
