import type { DataSource } from 'typeorm';

/**
 * Row count and an md5 over the rows' text of every table: two equal fingerprints mean nothing was
 * inserted, updated or deleted in between. Cheap on test-sized tables; used to prove that a rejected
 * request wrote nothing.
 */
export async function databaseFingerprint(dataSource: DataSource): Promise<Record<string, string>> {
  const tables = await dataSource.query<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migration' ORDER BY tablename`,
  );
  const rows = await dataSource.query<{ name: string; n: number; sum: string }[]>(
    tables
      .map(
        ({ tablename }) =>
          `SELECT '${tablename}' AS name, count(*)::int AS n, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS sum FROM "${tablename}" t`,
      )
      .join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.name, `${r.n}:${r.sum}`]));
}
