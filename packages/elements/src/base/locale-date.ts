/**
 * Dates as a person reads and types them in the active locale ("03/12/2026" in es,
 * "3. 12. 2026" in cs), always kept as the contract's ISO text ("2026-12-03"). ISO typing
 * is accepted in every locale.
 */

type Part = 'day' | 'month' | 'year';

interface DateShape {
  format: Intl.DateTimeFormat;
  order: Part[];
}

const shapes = new Map<string, DateShape>();

function shapeOf(locale: string): DateShape {
  let shape = shapes.get(locale);
  if (!shape) {
    // Spanish writes day and month with two digits; others (en, cs) as Intl's numeric form.
    const digits = new Intl.Locale(locale).language === 'es' ? '2-digit' : 'numeric';
    const format = new Intl.DateTimeFormat(locale, { day: digits, month: digits, year: 'numeric', timeZone: 'UTC' });
    const order = format
      .formatToParts(Date.UTC(2026, 11, 3))
      .map((p) => p.type)
      .filter((t): t is Part => t === 'day' || t === 'month' || t === 'year');
    shape = { format, order };
    shapes.set(locale, shape);
  }
  return shape;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO date as an input shows it: ("2026-12-03", es) → "03/12/2026"; '' stays ''. */
export function formatDateInput(iso: string, locale: string): string {
  const m = ISO.exec(iso);
  if (!m) return iso;
  const date = new Date(0);
  date.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return shapeOf(locale).format.format(date);
}

/** Typed text to an ISO date ('' when empty), or null when it is no real date in the locale's order. */
export function parseDateInput(text: string, locale: string): string | null {
  const t = text.trim();
  if (t === '') return '';
  let y: number;
  let mo: number;
  let d: number;
  const iso = ISO.exec(t);
  if (iso) [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else {
    if (!/^\d{1,4}(?:\s*[./-]\s*|\s+)\d{1,4}(?:\s*[./-]\s*|\s+)\d{1,4}\.?$/.test(t)) return null;
    const numbers = t.match(/\d+/g)!;
    const { order } = shapeOf(locale);
    const at = (part: Part) => numbers[order.indexOf(part)]!;
    if (at('year').length !== 4 || at('day').length > 2 || at('month').length > 2) return null;
    [y, mo, d] = [Number(at('year')), Number(at('month')), Number(at('day'))];
  }
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 1) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
