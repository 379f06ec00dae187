import { api, isAbort } from '../api';
import { h, replace } from '../dom';
import { compactJson, dateTime, none } from '../format';
import { href, positiveInt, replaceQuery } from '../router';
import type { AuditEntry } from '../types';
import { badge, dataTable, empty, failed, loading, mono, pager, sectionHeader, showError } from '../ui';
import type { ViewContext } from './view';

const PAGE_SIZE = 25;

function target(entry: AuditEntry): HTMLElement {
  if (!entry.targetType && !entry.targetId) return none();
  const id = entry.targetId ?? '';
  const idNode = entry.targetType === 'binding' && id ? h('a', { href: href(['bindings', id]), class: 'mono' }, id) : mono(id);
  return h(
    'span',
    { class: 'target' },
    entry.targetType ? h('span', { class: 'target-type' }, entry.targetType) : null,
    ' ',
    idNode,
  );
}

export function auditView(root: HTMLElement, ctx: ViewContext): void {
  const state = { page: positiveInt(ctx.params.get('page'), 1) };
  const list = h('div', null, loading());
  replace(root, sectionHeader('Audit log', 'What admins changed, newest first.'), h('section', { class: 'card' }, list));

  async function load(): Promise<void> {
    replace(list, loading());
    try {
      const page = await api.audit({ page: state.page, pageSize: PAGE_SIZE }, ctx.signal);
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
            { label: 'Target', cell: target },
            {
              label: 'Details',
              className: 'details-cell',
              cell: (e) => {
                const text = compactJson(e.details);
                return text === '—'
                  ? h('span', { class: 'muted' }, text)
                  : h('code', { class: 'json', title: JSON.stringify(e.details, null, 2) }, text);
              },
            },
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
