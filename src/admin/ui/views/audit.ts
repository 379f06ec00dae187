import { api, isAbort } from '../api';
import { h, replace } from '../dom';
import { dateTime, fieldName, fieldValue, humanize, none } from '../format';
import { href, positiveInt, replaceQuery } from '../router';
import type { AuditEntry } from '../types';
import { badge, dataTable, empty, failed, loading, mono, pager, sectionHeader, showError } from '../ui';
import type { ViewContext } from './view';

const PAGE_SIZE = 25;

/** A tenant by name, with its id in the tooltip; the id alone when the tenant is unknown. */
function tenantName(id: string, names: Map<string, string>): HTMLElement {
  const name = names.get(id);
  return name ? h('span', { class: 'strong', title: id, 'data-testid': 'audit-tenant' }, name) : mono(id);
}

function target(entry: AuditEntry, names: Map<string, string>): HTMLElement {
  if (!entry.targetType && !entry.targetId) return none();
  const id = entry.targetId ?? '';
  const idNode =
    entry.targetType === 'binding' && id
      ? h('a', { href: href(['bindings', id]), class: 'mono' }, id)
      : entry.targetType === 'tenant' && id
        ? tenantName(id, names)
        : id
          ? mono(id)
          : null;
  return h(
    'span',
    { class: 'target' },
    entry.targetType ? h('span', { class: 'target-type' }, humanize(entry.targetType)) : null,
    idNode ? ' ' : null,
    idNode,
  );
}

/** What changed, one readable field per line; a tenant id reads as the tenant's name. */
function details(entry: AuditEntry, names: Map<string, string>): HTMLElement {
  const fields =
    entry.details && typeof entry.details === 'object' && !Array.isArray(entry.details)
      ? Object.entries(entry.details as Record<string, unknown>)
      : [];
  if (!fields.length) return none();
  return h(
    'dl',
    { class: 'audit-fields', 'data-testid': 'audit-details' },
    ...fields.flatMap(([key, value]) =>
      key === 'tenantId' && typeof value === 'string'
        ? [h('dt', null, 'Tenant'), h('dd', null, tenantName(value, names))]
        : [h('dt', null, fieldName(key)), h('dd', null, fieldValue(value))],
    ),
  );
}

export function auditView(root: HTMLElement, ctx: ViewContext): void {
  const state = { page: positiveInt(ctx.params.get('page'), 1) };
  const list = h('div', null, loading());
  replace(
    root,
    sectionHeader('Audit log', 'What admins changed, and the counterpart conflicts tenants met, newest first.'),
    h('section', { class: 'card' }, list),
  );

  async function load(): Promise<void> {
    replace(list, loading());
    try {
      const [page, tenants] = await Promise.all([
        api.audit({ page: state.page, pageSize: PAGE_SIZE }, ctx.signal),
        // Without the tenant list the log still shows, with ids instead of names.
        ctx.tenants().catch(() => []),
      ]);
      const names = new Map(tenants.map((t) => [t.id, t.name]));
      if (!page.items.length) {
        replace(
          list,
          empty('No audit entries yet', 'Provisioning, retiring numbers, creating tenants and closing bindings show up here.'),
        );
        if (page.total > 0) list.appendChild(pager(page, goTo));
        return;
      }
      replace(
        list,
        dataTable<AuditEntry>({
          caption: 'Audit log',
          rows: page.items,
          rowTestId: 'audit-row',
          columns: [
            { label: 'Time', cell: (e) => dateTime(e.at) },
            { label: 'Action', cell: (e) => badge('action', e.action) },
            { label: 'Target', cell: (e) => target(e, names) },
            { label: 'Details', className: 'details-cell', cell: (e) => details(e, names) },
          ],
        }),
        pager(page, goTo),
      );
    } catch (err) {
      if (isAbort(err) || ctx.signal.aborted) return;
      showError(err, 'Audit log');
      replace(list, failed(err));
    }
  }

  function goTo(page: number): void {
    state.page = page;
    replaceQuery(['audit'], state);
    void load();
  }

  void load();
}
