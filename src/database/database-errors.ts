const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Cannot use a pool after calling end',
  'the database system is shutting down',
  'the database system is starting up',
];

/** True when the error means PostgreSQL cannot be reached (as opposed to a query that failed). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const candidate = e as { code?: string; message?: string; driverError?: unknown; cause?: unknown };
    if (candidate.code && (UNAVAILABLE_SQLSTATES.has(candidate.code) || UNAVAILABLE_NODE_CODES.has(candidate.code))) {
      return true;
    }
    if (candidate.message && UNAVAILABLE_MESSAGES.some((m) => candidate.message!.includes(m))) return true;
    e = candidate.driverError ?? candidate.cause;
  }
  return false;
}
