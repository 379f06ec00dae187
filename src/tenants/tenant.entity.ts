import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('tenant')
export class Tenant {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'api_key_hash', type: 'bytea', select: false })
  apiKeyHash!: Buffer;

  /** The key's first characters, enough for an admin to tell keys apart. */
  @Column({ name: 'api_key_prefix', type: 'text' })
  apiKeyPrefix!: string;

  /** The language of call screening and keyword answers; null: by the buyer's number. */
  @Column({ name: 'locale', type: 'text', nullable: true })
  locale!: 'en' | 'zh' | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
