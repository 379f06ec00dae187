import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type NumberPool = 'dedicated' | 'shared' | 'extension';
export type NumberStatus = 'available' | 'in_use' | 'quarantined' | 'retired';
export const NUMBER_POOLS: NumberPool[] = ['dedicated', 'shared', 'extension'];

@Entity('relay_number')
export class RelayNumber {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'e164', type: 'text' })
  e164!: string;

  @Column({ name: 'calling_code', type: 'text' })
  callingCode!: string;

  @Column({ name: 'country', type: 'text' })
  country!: string;

  @Column({ name: 'area_code', type: 'text', nullable: true })
  areaCode!: string | null;

  @Column({ name: 'pool', type: 'text' })
  pool!: NumberPool;

  @Column({ name: 'status', type: 'text' })
  status!: NumberStatus;

  @Column({ name: 'capabilities', type: 'text', array: true })
  capabilities!: string[];

  @Column({ name: 'provider', type: 'text' })
  provider!: string;

  @Column({ name: 'provider_sid', type: 'text', nullable: true })
  providerSid!: string | null;

  /** Extension pool: the active bindings on this number. */
  @Column({ name: 'extension_live', type: 'integer' })
  extensionLive!: number;

  @Column({ name: 'quarantine_until', type: 'timestamptz', nullable: true })
  quarantineUntil!: Date | null;

  @Column({ name: 'available_since', type: 'timestamptz' })
  availableSince!: Date;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  /** Retired and confirmed released at the carrier; null while the carrier still bills it. */
  @Column({ name: 'carrier_released_at', type: 'timestamptz', nullable: true })
  carrierReleasedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
