// Hash routes: `#/bindings?status=active&page=2`, `#/bindings/<id>`. Filters live in the query so a reload,
// a shared link or the back button from a binding's detail returns to the same list.

export interface Route {
  segments: string[];
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  return { segments, params: new URLSearchParams(query) };
}

export function href(segments: string[], params: Record<string, string | number | undefined | null> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const qs = query.toString();
  return `#/${segments.map(encodeURIComponent).join('/')}${qs ? `?${qs}` : ''}`;
}

/** Records a view's filters in the URL without re-rendering the view. */
export function replaceQuery(segments: string[], params: Record<string, string | number | undefined | null>): void {
  history.replaceState(history.state, '', href(segments, params));
}

export function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
