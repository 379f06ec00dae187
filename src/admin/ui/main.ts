import { api, ApiError, session, UNAUTHORIZED_EVENT } from './api';
import { h, replace } from './dom';
import { currentRoute } from './router';
import type { Tenant } from './types';
import { clearBanner, errorText, mountBanner } from './ui';
import { auditView } from './views/audit';
import { bindingsView } from './views/bindings';
import { blockedView } from './views/blocked';
import { numbersView } from './views/numbers';
import { overviewView } from './views/overview';
import { tenantsView } from './views/tenants';
import type { View } from './views/view';

interface Section {
  path: string;
  title: string;
  /** The tab's label on a phone, where five full titles do not fit. */
  short?: string;
  view: View;
}

const SECTIONS: Section[] = [
  { path: 'overview', title: 'Overview', view: overviewView },
  { path: 'numbers', title: 'Numbers', view: numbersView },
  { path: 'bindings', title: 'Bindings', view: bindingsView },
  { path: 'blocked', title: 'Blocked texts', short: 'Blocked', view: blockedView },
  { path: 'tenants', title: 'Tenants', view: tenantsView },
  { path: 'audit', title: 'Audit log', short: 'Audit', view: auditView },
];

const app = document.getElementById('app')!;

let shell: { main: HTMLElement; links: Map<string, HTMLAnchorElement> } | null = null;
let current: AbortController | null = null;
let tenantsCache: Promise<Tenant[]> | null = null;

function tenants(): Promise<Tenant[]> {
  tenantsCache ??= api.tenants().then((r) => r.tenants);
  tenantsCache.catch(() => (tenantsCache = null));
  return tenantsCache;
}

function signOut(message?: string): void {
  session.signOut();
  tenantsCache = null;
  current?.abort();
  current = null;
  shell = null;
  renderLogin(message);
}

function renderLogin(error?: string): void {
  document.title = 'Sign in · Veil admin';
  const token = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
    'data-testid': 'token-input',
    'aria-describedby': 'token-help login-error',
  });
  const errorEl = h('p', { id: 'login-error', class: 'login-error', role: 'alert', 'data-testid': 'login-error' }, error ?? '');
  errorEl.hidden = !error;
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'sign-in' }, 'Sign in');
  const form = h(
    'form',
    { class: 'login-card', 'aria-labelledby': 'login-title' },
    h(
      'div',
      { class: 'brand brand-large' },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'V'),
      h('span', null, 'Veil admin'),
    ),
    h('h1', { id: 'login-title', class: 'sr-only' }, 'Sign in to Veil admin'),
    h('div', { class: 'field' }, h('label', { for: 'token' }, 'Admin token'), token),
    h('p', { id: 'token-help', class: 'muted small' }, 'Kept in this browser tab only, until you sign out or close it.'),
    errorEl,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = token.value.trim();
    if (!value) return;
    submit.disabled = true;
    submit.textContent = 'Checking…';
    errorEl.hidden = true;
    try {
      const result = await api.tenants(undefined, value);
      session.signIn(value);
      tenantsCache = Promise.resolve(result.tenants);
      route();
    } catch (err) {
      errorEl.textContent = err instanceof ApiError && err.status === 401 ? 'Wrong admin token' : errorText(err);
      errorEl.hidden = false;
      token.select();
    } finally {
      submit.disabled = false;
      submit.textContent = 'Sign in';
    }
  });
  replace(app, h('main', { class: 'login' }, form));
  token.focus();
}

function renderShell(): NonNullable<typeof shell> {
  const links = new Map<string, HTMLAnchorElement>();
  const nav = h(
    'nav',
    { class: 'nav', 'aria-label': 'Sections' },
    ...SECTIONS.map((s) => {
      const label = s.short
        ? [h('span', { class: 'label-long' }, s.title), h('span', { class: 'label-short', 'aria-hidden': 'true' }, s.short)]
        : [s.title];
      const link = h('a', { href: `#/${s.path}`, 'data-testid': `nav-${s.path}` }, ...label);
      links.set(s.path, link);
      return link;
    }),
  );
  const banner = h('div', { class: 'banner', role: 'alert', 'data-testid': 'error-banner' });
  banner.hidden = true;
  mountBanner(banner);
  const main = h('main', { id: 'content', class: 'content', tabindex: -1 });
  replace(
    app,
    h(
      'a',
      { href: '#content', class: 'skip-link', onclick: (e: MouseEvent) => (e.preventDefault(), main.focus()) },
      'Skip to content',
    ),
    h(
      'header',
      { class: 'topbar' },
      h(
        'div',
        { class: 'topbar-inner' },
        h(
          'a',
          { href: '#/overview', class: 'brand' },
          h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'V'),
          h('span', null, 'Veil admin'),
        ),
        nav,
        h(
          'button',
          { type: 'button', class: 'btn btn-ghost sign-out', 'data-testid': 'sign-out', onclick: () => signOut() },
          'Sign out',
        ),
      ),
    ),
    h('div', { class: 'page' }, banner, main),
  );
  return { main, links };
}

function route(): void {
  if (!session.token) {
    if (shell || !app.querySelector('.login')) signOut();
    return;
  }
  const { segments, params } = currentRoute();
  const section = SECTIONS.find((s) => s.path === segments[0]);
  if (!section) {
    history.replaceState(null, '', '#/overview');
    route();
    return;
  }
  shell ??= renderShell();
  current?.abort();
  current = new AbortController();
  clearBanner();
  for (const [path, link] of shell.links) {
    if (path === section.path) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${section.title} · Veil admin`;
  const view = h('div', { class: 'view' });
  replace(shell.main, view);
  window.scrollTo(0, 0);
  section.view(view, { segments, params, signal: current.signal, tenants });
}

window.addEventListener('hashchange', route);
window.addEventListener(UNAUTHORIZED_EVENT, () => signOut('Wrong admin token'));
route();
