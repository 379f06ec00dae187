import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app.config.js';
import { NumberService } from '../numbers/number.service.js';
import { TenantService } from '../tenants/tenant.service.js';

const DEMO_TENANT = 'demo';
/** Extension mode serves thousands of orders per number: two are plenty to try it locally. */
const DEMO_EXTENSION_NUMBERS = 2;

/**
 * First start on the simulator: an empty pool gets 10 dedicated and 10 shared numbers, a pool with no
 * extension numbers (a first start, or a folder from before extension mode) gets two, and a `demo`
 * tenant is created. Its API key exists only now (we keep its hash), so the banner that shows it is
 * returned for printing this once, last, when Veil listens.
 */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly numbers: NumberService,
    private readonly tenants: TenantService,
  ) {}

  async seedIfEmpty(): Promise<string | null> {
    if (!this.config.demoSeed || this.config.telephonyProvider !== 'simulator' || this.config.nodeEnv === 'production') {
      return (await this.numbers.count()) === 0 ? emptyPoolNote(this.config.publicBaseUrl) : null;
    }
    const lines: string[] = [];
    if ((await this.numbers.count()) === 0) {
      const { added: dedicated } = await this.numbers.provision({ country: 'US', count: 10, pool: 'dedicated' });
      const { added: shared } = await this.numbers.provision({ country: 'US', count: 10, pool: 'shared' });
      lines.push(`Provisioned ${dedicated.length} dedicated and ${shared.length} shared simulator numbers.`);
    }
    if ((await this.numbers.countInPool('extension')) === 0) {
      const { added } = await this.numbers.provision({ country: 'US', count: DEMO_EXTENSION_NUMBERS, pool: 'extension' });
      lines.push(
        `Provisioned ${added.length} extension simulator numbers (mode "extension": one number, an extension per order).`,
      );
    }
    if (!(await this.tenants.findByName(DEMO_TENANT))) {
      const { apiKey } = await this.tenants.create(DEMO_TENANT);
      lines.push(`Demo tenant API key (shown once): ${apiKey}`);
      if (this.config.devSecretNames.includes('ADMIN_TOKEN')) {
        lines.push(`Admin token (kept in ${this.config.dataDir}/dev-secrets.json): ${this.config.adminToken}`);
      }
    }
    if (lines.length === 0) return null;
    this.logger.log('first start: demo data created');
    return ['  Veil first start (simulator, development)', ...lines.map((l) => `  ${l}`), ''].join('\n');
  }
}

/** Production starts with an empty pool, and every checkout would fail until numbers are added: say how. */
function emptyPoolNote(baseUrl: string): string {
  return [
    '  The relay number pool is empty: every checkout answers 422 no_pool_for_country until numbers are added.',
    '  Add numbers and a tenant with the admin token (docs/OPERATIONS.md, "First numbers and tenant"):',
    `    curl -X POST ${baseUrl}/v1/admin/numbers -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \\`,
    `      -d '{"country":"US","count":10,"pool":"dedicated"}'`,
    `    curl -X POST ${baseUrl}/v1/admin/tenants -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' -d '{"name":"shop"}'`,
    '',
  ].join('\n');
}
