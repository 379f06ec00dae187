import { h } from './dom';

// Seconds always: calls, texts and closes of one order often fall within the same minute.
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const hourFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const timeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** The dash that stands in a table cell for "no value". */
export function none(): HTMLElement {
  return h('span', { class: 'muted' }, '—');
}

/** A date in the browser's locale, with the ISO value in `title` (and `datetime`). */
export function dateTime(iso: string | null | undefined): Node {
  if (!iso) return none();
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('span', null, iso);
  return h('time', { datetime: iso, title: iso }, dateTimeFormat.format(date));
}

/** An axis label: hours and minutes of an instant in milliseconds. */
export function hourLabel(ms: number): string {
  return hourFormat.format(new Date(ms));
}

/** A chart tooltip's instant, to the second. */
export function instantLabel(ms: number): string {
  return timeFormat.format(new Date(ms));
}

/** "in 3 days", "2 hours ago": a hint next to an absolute date. */
export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const diffSeconds = (new Date(iso).getTime() - now) / 1000;
  if (!Number.isFinite(diffSeconds)) return '';
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, seconds] of units) {
    if (Math.abs(diffSeconds) >= seconds) return relativeFormat.format(Math.round(diffSeconds / seconds), unit);
  }
  return relativeFormat.format(Math.round(diffSeconds), 'second');
}

/** `no_answer` → `No answer`. */
export function humanize(value: string | null | undefined): string {
  if (!value) return '—';
  const words = value.replace(/[_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function percent(share: number): string {
  if (!Number.isFinite(share)) return '—';
  return `${Math.round(share * 1000) / 10}%`;
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}

export function decimal(value: number, digits = 1): string {
  return value.toLocaleString(undefined, { maximumFractionDigits: digits });
}

/** `areaCode` → `Area code`, `apiKeyPrefix` → `Api key prefix`. */
export function fieldName(key: string): string {
  return humanize(key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase());
}

/** A detail's value as a reader says it: lists joined, absent values as a dash. */
export function fieldValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(fieldValue).join(', ') : '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function directionLabel(direction: string): string {
  switch (direction) {
    case 'to_buyer':
      return 'To buyer';
    case 'from_buyer':
      return 'From buyer';
    case 'none':
      return '—';
    default:
      return humanize(direction);
  }
}
