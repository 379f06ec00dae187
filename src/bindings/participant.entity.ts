import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CounterpartRole = 'merchant' | 'courier' | 'caller';
export type ParticipantRole = 'buyer' | CounterpartRole;
export const COUNTERPART_ROLES: CounterpartRole[] = ['merchant', 'courier', 'caller'];

/** A phone on a binding: the buyer or a counterpart. Real numbers only encrypted and hashed. */
@Entity('participant')
export class Participant {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'binding_id', type: 'uuid' })
  bindingId!: string;

  @Column({ name: 'relay_number_id', type: 'uuid' })
  relayNumberId!: string;

  @Column({ name: 'role', type: 'text' })
  role!: ParticipantRole;

  @Column({ name: 'phone_hash', type: 'bytea', nullable: true, select: false })
  phoneHash!: Buffer | null;

  @Column({ name: 'phone_enc', type: 'text', nullable: true, select: false })
  phoneEnc!: string | null;

  @Column({ name: 'pair_hash', type: 'bytea', nullable: true, select: false })
  pairHash!: Buffer | null;

  @Column({ name: 'phone_masked', type: 'text' })
  phoneMasked!: string;

  @Column({ name: 'active', type: 'boolean' })
  active!: boolean;

  @Column({ name: 'last_contact_at', type: 'timestamptz', nullable: true })
  lastContactAt!: Date | null;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
