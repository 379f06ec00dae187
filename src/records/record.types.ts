export type RecordDirection = 'to_buyer' | 'from_buyer' | 'none';
/** Who a number belongs to, as far as the relay can tell; `relay` is Veil itself (reminders). */
export type RecordRole = 'buyer' | 'merchant' | 'courier' | 'caller' | 'stranger' | 'relay';
export type CallOutcome = 'connected' | 'no_answer' | 'busy' | 'failed' | 'not_in_service' | 'refused';
/** `keyword`: a buyer's keyword (HELP, EXTEND…) or a carrier keyword, answered by Veil or the carrier, never forwarded. */
export type MessageOutcome = 'connected' | 'failed' | 'not_in_service' | 'refused' | 'blocked' | 'rate_limited' | 'keyword';

export interface NewCallRecord {
  providerSid: string;
  bindingId: string | null;
  tenantId: string | null;
  relayNumber: string;
  direction: RecordDirection;
  fromRole: RecordRole;
  toRole: RecordRole | null;
  fromMasked: string;
  toMasked: string | null;
  outcome: CallOutcome;
  reason: string | null;
  at: Date;
}

export interface NewMessageRecord extends Omit<NewCallRecord, 'outcome'> {
  outcome: MessageOutcome;
  reasons: string[];
  /** Kept only for blocked texts, so admins can review the filter, until the purge. */
  body: string | null;
  /** MMS: how many media items came with the text (their URLs are never kept). */
  mediaCount?: number;
}
