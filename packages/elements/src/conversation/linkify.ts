/**
 * Splits a message body into plain text and http/https links. Pure: no DOM, no HTML. The
 * component renders each piece as a text node or an `<a>` whose text is a text node, so
 * nothing in a message can ever become markup.
 */
export type Segment = { readonly text: string; readonly href?: undefined } | { readonly text: string; readonly href: string };

// A candidate starts at "http://" or "https://" (any case) and runs to whitespace or a
// character that cannot appear unencoded in a URL people paste into chat.
const candidate = /\bhttps?:\/\/[^\s\p{Cc}<>"'`{}|\\^]+/giu;

// Punctuation that usually ends a sentence rather than a URL.
const trailing = /[.,;:!?*\u2019\u201d\u00bb]+$/u;

/** The link text people meant: without sentence punctuation and unbalanced closing brackets. */
function trimUrl(raw: string): string {
  let url = raw;
  for (;;) {
    const before = url;
    url = url.replace(trailing, '');
    for (const [open, close] of [['(', ')'], ['[', ']']] as const) {
      if (url.endsWith(close) && count(url, close) > count(url, open)) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

/** The URL if it parses and is http(s) with a host; otherwise null. */
export function safeHref(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return null;
  return url.href;
}

/**
 * The body as segments in order; joining their `text` gives back the body exactly. Line
 * breaks stay inside text segments (the thread shows them with `white-space: pre-wrap`).
 */
export function linkify(body: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  const pushText = (text: string) => {
    if (!text) return;
    const previous = out[out.length - 1];
    if (previous && previous.href === undefined) out[out.length - 1] = { text: previous.text + text };
    else out.push({ text });
  };
  for (const match of body.matchAll(candidate)) {
    const start = match.index;
    const text = trimUrl(match[0]);
    const href = safeHref(text);
    if (!href) continue;
    pushText(body.slice(last, start));
    out.push({ text, href });
    last = start + text.length;
  }
  pushText(body.slice(last));
  return out;
}
