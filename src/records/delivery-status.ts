/**
 * Twilio's message statuses in the order a text moves through them. Callbacks arrive out of order, so a
 * status is taken only when it ranks above the one recorded: a late `sent` never undoes `delivered`, and
 * the final states (delivered, undelivered, failed, canceled) never replace one another.
 */
export const DELIVERY_RANK: Readonly<Record<string, number>> = {
  accepted: 1,
  scheduled: 1,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  // WhatsApp and RCS report reading after delivery.
  read: 5,
};

export const FAILED_DELIVERY = new Set(['undelivered', 'failed']);

/** The carrier's error codes Veil names; any other code is `carrier_error`. */
export const DELIVERY_FAILURE_REASONS: Readonly<Record<number, DeliveryFailureReason>> = {
  21610: 'carrier_opt_out',
  21614: 'landline',
  30003: 'unreachable',
  30005: 'unknown_destination',
  30006: 'landline',
  30007: 'carrier_filtered',
  30034: 'unregistered_10dlc',
};

export const DELIVERY_FAILURE_REASON_NAMES = [
  'carrier_opt_out',
  'landline',
  'unreachable',
  'unknown_destination',
  'carrier_filtered',
  'unregistered_10dlc',
  'carrier_error',
] as const;
export type DeliveryFailureReason = (typeof DELIVERY_FAILURE_REASON_NAMES)[number];

export function deliveryFailureReason(errorCode: number | null | undefined): DeliveryFailureReason | null {
  if (errorCode === null || errorCode === undefined) return null;
  return DELIVERY_FAILURE_REASONS[errorCode] ?? 'carrier_error';
}

/** Twilio's ErrorCode form field: digits, or absent/empty. */
export function parseErrorCode(raw: string): number | null {
  return /^\d{1,6}$/.test(raw) ? Number(raw) : null;
}

/** The SQL CASE that ranks a recorded status, built from the one table above. */
export function deliveryRankSql(column: string): string {
  const whens = Object.entries(DELIVERY_RANK)
    .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
    .join(' ');
  return `(CASE ${column} ${whens} ELSE 0 END)`;
}
