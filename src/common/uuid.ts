import { NotFoundError } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that is not a UUID names nothing we hold: 404, not a database error. */
export function parseUuid(id: string): string {
  if (!UUID.test(id)) throw new NotFoundError('Not found');
  return id.toLowerCase();
}
