import { parseArgs } from 'node:util';
import { loadConfig, loadDotEnv } from '../config/app.config.js';

const USAGE = `The tenants of a running Veil, through its admin API.

  npm run tenants -- create <name>   a new tenant; its API key (shown this once) is printed alone on
                                     stdout, so that  KEY=$(npm run -s tenants -- create my-shop)  keeps it
  npm run tenants -- list            the tenants: name, id, key prefix

It talks to the Veil on http://127.0.0.1:$PORT (PORT as the server's, default 3000) with the admin
token from ADMIN_TOKEN, .env or .veil/dev-secrets.json: start Veil first (npm start).`;

/** `npm run tenants`: a tenant (and its API key) without writing the admin API call by hand. */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  const [command, ...rest] = positionals;
  const name = rest.join(' ').trim();
  if (values.help || !((command === 'create' && name) || (command === 'list' && !name))) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  loadDotEnv();
  const config = loadConfig(process.env, { persistDevSecrets: false });
  const target = `http://127.0.0.1:${config.port}`;
  const tokenSource = config.devSecretNames.includes('ADMIN_TOKEN')
    ? `${config.dataDir}/dev-secrets.json`
    : 'the ADMIN_TOKEN setting';

  const call = async (method: string, path: string, body?: unknown) => {
    let response: Response;
    try {
      response = await fetch(`${target}${path}`, {
        method,
        headers: { authorization: `Bearer ${config.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new Error(
        `No Veil answers on ${target} (${cause}). Start it with \`npm start\`, or set PORT to the port it listens on, then run this again.`,
      );
    }
    const answer = (await response.json().catch(() => ({}))) as Record<string, any>;
    if (response.status === 401) {
      throw new Error(
        `The Veil on ${target} refused the admin token from ${tokenSource}: set ADMIN_TOKEN to that Veil's token ` +
          '(or run this from its folder, so that it reads the same .veil/dev-secrets.json).',
      );
    }
    if (!response.ok)
      throw new Error(`${method} ${path} answered ${response.status} ${answer.error ?? ''}: ${answer.message ?? ''}`);
    return answer;
  };

  if (command === 'create') {
    const tenant = await call('POST', '/v1/admin/tenants', { name });
    // The key alone on stdout (for `KEY=$(…)`); what it is, on stderr.
    console.error(`Tenant "${tenant.name}" created (id ${tenant.id}). Its API key, shown this once:`);
    console.log(tenant.apiKey);
    return;
  }
  const { tenants } = await call('GET', '/v1/admin/tenants');
  for (const t of tenants as { id: string; name: string; apiKeyPrefix: string; createdAt: string }[]) {
    console.log(`${t.name}\t${t.id}\t${t.apiKeyPrefix}…\t${t.createdAt}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
