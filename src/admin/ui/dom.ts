// A tiny element builder: text always goes in as text nodes, never as HTML (texts come from strangers).

export type Child = Node | string | number | null | undefined | false | Child[];
type AttrValue = string | number | boolean | null | undefined;
type Handler = (event: never) => void;
export type Attrs = Record<string, AttrValue | Handler>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (typeof value === 'function') {
        el.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
      } else if (key === 'style' && typeof value === 'string') {
        // Through the CSSOM: a style attribute would be refused by the page's CSP (style-src 'self').
        el.style.cssText = value;
      } else if (key === 'value' && 'value' in el) {
        (el as HTMLInputElement).value = value === null || value === undefined ? '' : String(value);
      } else if (value === true) {
        el.setAttribute(key === 'className' ? 'class' : key, '');
      } else if (value !== false && value !== null && value !== undefined) {
        el.setAttribute(key === 'className' ? 'class' : key, String(value));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else
      parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}
