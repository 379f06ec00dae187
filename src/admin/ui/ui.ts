import { ApiError, isAbort } from './api';
import { h, replace, type Child } from './dom';
import type { Page } from './types';

// ---- error banner (one per page, under the header) ----

let bannerEl: HTMLElement | null = null;

export function mountBanner(el: HTMLElement): void {
  bannerEl = el;
}

/** Readable lines from an error's `details` (validation errors come as a list). */
export function detailLines(details: unknown): string[] {
  if (details === null || details === undefined) return [];
  const items = Array.isArray(details) ? details : [details];
  return items
    .map((item) => {
      if (typeof item === 'string') return item;
      if (item && typeof item === 'object') {
        const record = item as Record<string, unknown>;
        if (typeof record.message === 'string') return record.message;
        if (record.constraints && typeof record.constraints === 'object') {
          return Object.values(record.constraints as Record<string, string>).join('; ');
        }
        return Object.keys(record).length ? JSON.stringify(record) : '';
      }
      return String(item);
    })
    .filter((line) => line !== '');
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

export function showError(err: unknown, context?: string): void {
  if (isAbort(err) || !bannerEl) return;
  // A 401 sends the user back to the login form, which says why.
  if (err instanceof ApiError && err.status === 401) return;
  const code = err instanceof ApiError && err.status > 0 ? `${err.status} ${err.code}` : null;
  const lines = err instanceof ApiError ? detailLines(err.details) : [];
  replace(
    bannerEl,
    h(
      'div',
      { class: 'banner-body' },
      h('strong', null, context ? `${context}: ` : 'Error: '),
      h('span', { 'data-testid': 'error-message' }, errorText(err)),
      code ? h('span', { class: 'banner-code' }, code) : null,
      lines.length ? h('ul', { class: 'banner-details' }, ...lines.map((line) => h('li', null, line))) : null,
    ),
    h('button', { type: 'button', class: 'banner-close', 'aria-label': 'Dismiss', onclick: () => clearBanner() }, '×'),
  );
  bannerEl.hidden = false;
}

export function clearBanner(): void {
  if (!bannerEl) return;
  bannerEl.hidden = true;
  bannerEl.replaceChildren();
}

// ---- states ----

export function loading(text = 'Loading…'): HTMLElement {
  return h(
    'div',
    { class: 'state state-loading', role: 'status', 'aria-live': 'polite' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    text,
  );
}

export function empty(text: string, hint?: string): HTMLElement {
  return h(
    'div',
    { class: 'state state-empty', 'data-testid': 'empty-state' },
    h('p', { class: 'state-title' }, text),
    hint ? h('p', { class: 'muted' }, hint) : null,
  );
}

export function failed(err: unknown): HTMLElement {
  return h(
    'div',
    { class: 'state state-error' },
    h('p', { class: 'state-title' }, 'Could not load this.'),
    h('p', { class: 'muted' }, errorText(err)),
  );
}

export type NoticeKind = 'success' | 'error' | 'info';

/** An inline message next to a form or an action (the result of provisioning, a 409, …). */
export function setNotice(el: HTMLElement, kind: NoticeKind, text: string, extra: string[] = []): void {
  el.className = `notice notice-${kind}`;
  el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  replace(el, h('span', null, text), extra.length ? h('ul', null, ...extra.map((line) => h('li', null, line))) : null);
  el.hidden = false;
}

export function clearNotice(el: HTMLElement): void {
  el.hidden = true;
  el.replaceChildren();
}

export function noticeSlot(testId?: string): HTMLElement {
  const el = h('div', { class: 'notice', 'data-testid': testId });
  el.hidden = true;
  return el;
}

// ---- small pieces ----

export function badge(value: string, label?: string): HTMLElement {
  return h('span', { class: `badge badge-${value.replace(/[^a-z0-9_-]/gi, '')}` }, label ?? value.replace(/_/g, ' '));
}

export function chip(text: string): HTMLElement {
  return h('span', { class: 'chip' }, text);
}

export function mono(text: string | null | undefined): HTMLElement {
  return h('span', { class: 'mono' }, text ?? '—');
}

export function sectionHeader(title: string, subtitle?: string, ...actions: Child[]): HTMLElement {
  return h(
    'div',
    { class: 'section-header' },
    h('div', null, h('h1', null, title), subtitle ? h('p', { class: 'muted' }, subtitle) : null),
    actions.length ? h('div', { class: 'section-actions' }, ...actions) : null,
  );
}

export function selectField(
  label: string,
  name: string,
  options: [value: string, label: string][],
  value: string,
  extra: Record<string, string> = {},
): { field: HTMLElement; select: HTMLSelectElement } {
  const id = `f-${name}`;
  const select = h(
    'select',
    { id, name, ...extra },
    ...options.map(([v, l]) => h('option', { value: v, selected: v === value }, l)),
  );
  return { field: h('div', { class: 'field' }, h('label', { for: id }, label), select), select };
}

// ---- tables ----

export interface Column<T> {
  label: string;
  cell: (row: T) => Child;
  className?: string;
}

export function dataTable<T>(options: {
  columns: Column<T>[];
  rows: T[];
  rowTestId?: string;
  caption?: string;
  onRowClick?: (row: T) => void;
  rowLabel?: (row: T) => string;
}): HTMLElement {
  const { columns, rows, rowTestId, onRowClick } = options;
  const body = h('tbody');
  for (const row of rows) {
    const tr = h('tr', { 'data-testid': rowTestId });
    for (const column of columns) {
      tr.appendChild(h('td', { 'data-label': column.label, class: column.className }, column.cell(row)));
    }
    if (onRowClick) {
      tr.classList.add('clickable');
      tr.tabIndex = 0;
      if (options.rowLabel) tr.setAttribute('aria-label', options.rowLabel(row));
      tr.addEventListener('click', (event) => {
        const target = event.target as HTMLElement;
        if (target.closest('a, button, input, select, label')) return;
        if (window.getSelection()?.toString()) return;
        onRowClick(row);
      });
      tr.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && event.target === tr) onRowClick(row);
      });
    }
    body.appendChild(tr);
  }
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data' },
      options.caption ? h('caption', { class: 'sr-only' }, options.caption) : null,
      h('thead', null, h('tr', null, ...columns.map((c) => h('th', { scope: 'col', class: c.className }, c.label)))),
      body,
    ),
  );
}

export function pager(page: Page<unknown>, onPage: (page: number) => void): HTMLElement {
  const pages = Math.max(1, Math.ceil(page.total / Math.max(1, page.pageSize)));
  const first = page.total === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  const last = Math.min(page.total, (page.page - 1) * page.pageSize + page.items.length);
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pagination', 'data-testid': 'pager' },
    h('span', { class: 'muted' }, `${first}–${last} of ${page.total}`),
    h(
      'div',
      { class: 'pager-buttons' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-secondary',
          disabled: page.page <= 1,
          'data-testid': 'page-prev',
          onclick: () => onPage(page.page - 1),
        },
        '‹ Previous',
      ),
      h('span', { class: 'pager-page' }, `Page ${page.page} of ${pages}`),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-secondary',
          disabled: page.page >= pages,
          'data-testid': 'page-next',
          onclick: () => onPage(page.page + 1),
        },
        'Next ›',
      ),
    ),
  );
}
