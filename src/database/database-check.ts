import pg from 'pg';

/**
 * Connects once to the configured DATABASE_URL before anything else uses it, so that a wrong setting
 * fails in one sentence that names it, says why, and what to do (rather than TypeORM's retries and a
 * driver message).
 */
export async function checkDatabaseUrl(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined); // a failure is reported by connect() below
  try {
    await client.connect();
  } catch (error) {
    throw new Error(describeConnectionFailure(url, error));
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function describeConnectionFailure(url: string, error: unknown): string {
  const e = error as { code?: string; message?: string };
  let target: URL | null = null;
  try {
    target = new URL(url);
  } catch {
    // pg accepted what URL cannot parse; name the setting without it
  }
  const host = target ? `${target.hostname}:${target.port || '5432'}` : 'its host';
  const user = target ? decodeURIComponent(target.username) || 'the default user' : 'its user';
  const database = target ? decodeURIComponent(target.pathname.replace(/^\//, '')) || user : 'its database';
  const reasons: Record<string, string> = {
    ECONNREFUSED: `the connection was refused: nothing listens on ${host}`,
    ENOTFOUND: `the host is unknown: ${target?.hostname ?? 'its host'} does not resolve`,
    EAI_AGAIN: `the host is unknown for now: ${target?.hostname ?? 'its host'} does not resolve (DNS unavailable)`,
    ETIMEDOUT: `${host} did not answer in time`,
    EHOSTUNREACH: `${host} is unreachable`,
    '28P01': `bad credentials: the password for user "${user}" was refused`,
    '28000': `bad credentials: user "${user}" may not connect (pg_hba.conf or no such role)`,
    '3D000': `the database is missing: "${database}" does not exist on ${host} (create it, or name another)`,
  };
  const timedOut = /timeout/i.test(e?.message ?? '');
  const reason =
    (e?.code && reasons[e.code]) ??
    (timedOut ? `${host} did not answer within 5 s` : `${e?.code ?? 'error'}: ${e?.message ?? 'unknown'}`);
  return (
    `Cannot connect to the database in DATABASE_URL (${redact(url)}): ${reason}.\n` +
    'Fix DATABASE_URL, or unset it to use the built-in database (an embedded PostgreSQL kept in VEIL_DATA_DIR, ./.veil by default).'
  );
}

/** The URL without its password, fit for a message. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'unparsable URL';
  }
}
