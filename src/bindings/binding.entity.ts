import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { NumberPool } from '../numbers/relay-number.entity.js';

export type BindingMode = NumberPool;
export type BindingStatus = 'active' | 'expired' | 'closed';

@Entity('binding')
export class Binding {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'order_id', type: 'text' })
  orderId!: string;

  @Column({ name: 'mode', type: 'text' })
  mode!: BindingMode;

  @Column({ name: 'status', type: 'text' })
  status!: BindingStatus;

  @Column({ name: 'relay_number_id', type: 'uuid' })
  relayNumberId!: string;

  /** Extension mode: E, the digits that name this binding on its relay number. */
  @Column({ name: 'extension', type: 'text', nullable: true })
  extension!: string | null;

  @Column({ name: 'marketing_consent', type: 'boolean' })
  marketingConsent!: boolean;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** The latest `expiresAt` extensions may reach: creation plus MAX_WINDOW_DAYS. */
  @Column({ name: 'window_cap_at', type: 'timestamptz' })
  windowCapAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'purged_at', type: 'timestamptz', nullable: true })
  purgedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
