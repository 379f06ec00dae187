import { DataSource, type DataSourceOptions } from 'typeorm';
import { Binding } from '../bindings/binding.entity.js';
import { Participant } from '../bindings/participant.entity.js';
import { RelayNumber } from '../numbers/relay-number.entity.js';
import { Tenant } from '../tenants/tenant.entity.js';
import { CreateCoreSchema1767225600000 } from './migrations/1767225600000-CreateCoreSchema.js';
import { CreateRecords1767312000000 } from './migrations/1767312000000-CreateRecords.js';
import { AddBuyerProtection1767398400000 } from './migrations/1767398400000-AddBuyerProtection.js';
import { CreateAuditLog1767484800000 } from './migrations/1767484800000-CreateAuditLog.js';
import { AddSharedPickIndexes1767571200000 } from './migrations/1767571200000-AddSharedPickIndexes.js';
import { NarrowBindingRelayNumberIndex1767657600000 } from './migrations/1767657600000-NarrowBindingRelayNumberIndex.js';
import { RoomForHotUpdates1767744000000 } from './migrations/1767744000000-RoomForHotUpdates.js';
import { AddBindingEndedIndex1768000000000 } from './migrations/1768000000000-AddBindingEndedIndex.js';
import { AddInboundRealism1768200000000 } from './migrations/1768200000000-AddInboundRealism.js';
import { LightenWebhookDeliveryIndexes1768200000001 } from './migrations/1768200000001-LightenWebhookDeliveryIndexes.js';
import { AddDeliveryErrorCode1768300000000 } from './migrations/1768300000000-AddDeliveryErrorCode.js';
import { CreateReminder1768300100000 } from './migrations/1768300100000-CreateReminder.js';
import { CreateCarrierBlock1768300200000 } from './migrations/1768300200000-CreateCarrierBlock.js';
import { AddCarrierReleasedAt1768300300000 } from './migrations/1768300300000-AddCarrierReleasedAt.js';
import { CreateCarrierErasure1768300400000 } from './migrations/1768300400000-CreateCarrierErasure.js';
import { AddKeywordOutcome1768500000000 } from './migrations/1768500000000-AddKeywordOutcome.js';
import { CreateCampaignTracking1768600000000 } from './migrations/1768600000000-CreateCampaignTracking.js';
import { CreateEventOutbox1768700000000 } from './migrations/1768700000000-CreateEventOutbox.js';
import { CreateTenantApiKey1768700000001 } from './migrations/1768700000001-CreateTenantApiKey.js';
import { AddExtensionMode1768800000000 } from './migrations/1768800000000-AddExtensionMode.js';
import { CreateExtensionHint1768800100000 } from './migrations/1768800100000-CreateExtensionHint.js';
import { CreateExtensionGuard1768800200000 } from './migrations/1768800200000-CreateExtensionGuard.js';
import { AllowSenderReports1768900500000 } from './migrations/1768900500000-AllowSenderReports.js';
import { LightenTextFingerprint1768900600000 } from './migrations/1768900600000-LightenTextFingerprint.js';

export const ENTITIES = [Tenant, RelayNumber, Binding, Participant];
export const MIGRATIONS = [
  CreateCoreSchema1767225600000,
  CreateRecords1767312000000,
  AddBuyerProtection1767398400000,
  CreateAuditLog1767484800000,
  AddSharedPickIndexes1767571200000,
  NarrowBindingRelayNumberIndex1767657600000,
  RoomForHotUpdates1767744000000,
  AddBindingEndedIndex1768000000000,
  AddInboundRealism1768200000000,
  LightenWebhookDeliveryIndexes1768200000001,
  AddDeliveryErrorCode1768300000000,
  CreateReminder1768300100000,
  CreateCarrierBlock1768300200000,
  AddCarrierReleasedAt1768300300000,
  CreateCarrierErasure1768300400000,
  AddKeywordOutcome1768500000000,
  CreateCampaignTracking1768600000000,
  CreateEventOutbox1768700000000,
  CreateTenantApiKey1768700000001,
  AddExtensionMode1768800000000,
  CreateExtensionHint1768800100000,
  CreateExtensionGuard1768800200000,
  AllowSenderReports1768900500000,
  LightenTextFingerprint1768900600000,
];

/** One definition for the app, the migration command and the tests. `synchronize` is off everywhere. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: 20,
      connectionTimeoutMillis: 5000,
      // Fail fast instead of queueing forever when PostgreSQL is gone.
      query_timeout: 15000,
      application_name: 'veil',
    },
  };
}

export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

export async function revertLastMigration(url: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    await dataSource.undoLastMigration({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
