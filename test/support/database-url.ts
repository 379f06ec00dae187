// Overridable so that two test runs on one server do not drop each other's database.
export const TEST_DATABASE_NAME = process.env.VEIL_TEST_DATABASE_NAME?.trim() || 'veil_test';
// Neither 5432 (a system server) nor the app's embedded default, so tests and `npm start` can run together.
export const EMBEDDED_TEST_PORT = 54321;

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function testDatabaseUrl(): string {
  const url = process.env.VEIL_TEST_DATABASE_URL;
  if (!url) throw new Error('VEIL_TEST_DATABASE_URL is unset: run the tests with `npm test` (the Jest global setup sets it)');
  return url;
}
