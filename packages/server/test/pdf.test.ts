/**
 * Invoice and quote PDFs as a customer receives them, over real HTTP: every letter of the
 * customer's language prints (an embedded, subset font, not WinAnsi Helvetica), a line's
 * amount is the one the components show (net, before tax) and the column adds up to the
 * totals printed below it, and a quote's date reads "Valid until" in each language.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { formatMoney, parseMajor } from '@ledgerside/contract';
import { demoIds } from '../src/index.js';
import { client, expectStatus, invoiceBody, today, type Client, type Json } from './helpers/http.js';
import { pdfFonts, pdfItems, pdfText, type PdfItem } from './helpers/pdf.js';
import { backends, startTestServer, type TestServer } from './helpers/server.js';

const spaces = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ');
const require = createRequire(import.meta.url);
const fontFileSize = statSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf')).size;

/** A printed amount back to minor units ("1 250,00 Kč", "-$9.00"). */
function minor(text: string, currency: string): number {
  const value = parseMajor(text.replace(/[^\d.,-]/g, ''), currency);
  assert.notEqual(value, null, `"${text}" is an amount`);
  return value!;
}

/** The Amount column: right of the tax column, between the header and the first total. */
function amountColumn(items: PdfItem[], header: string, subtotal: string): PdfItem[] {
  const start = items.findIndex((i) => i.text === header);
  const end = items.findIndex((i, n) => n > start && i.text === subtotal);
  assert.ok(start >= 0 && end > start, `${header} … ${subtotal} in the PDF`);
  return items.slice(start + 1, end).filter((i) => i.x > 460 && i.text.trim());
}

/** The value printed on a totals row: the item right of the label, on the same line. */
function totalRow(items: PdfItem[], label: string): string {
  const at = items.findLast((i) => i.text === label);
  assert.ok(at, `${label} in the PDF`);
  return items.find((i) => i.page === at.page && Math.abs(i.y - at.y) < 0.5 && i.x > at.x)!.text;
}

for (const backend of backends()) {
  describe(`document PDFs on ${backend.name}`, { skip: backend.skip }, () => {
    let server: TestServer;
    let api: Client;
    let agent: string;

    before(async () => {
      server = await startTestServer(backend.name);
      api = client(server.url);
      agent = await server.token('agent');
    });
    after(() => server?.destroy());

    const pdfOf = async (doc: Json) => {
      const reply = await fetch(`${server.url}/v1/documents/${doc.id}/pdf`, { headers: { authorization: `Bearer ${agent}` } });
      assert.equal(reply.status, 200);
      return new Uint8Array(await reply.arrayBuffer());
    };

    it('a Czech customer’s invoice prints every Czech letter, in an embedded subset font', async () => {
      const created = await api.post('/v1/documents', {
        token: agent,
        body: invoiceBody(demoIds.customers.hradec, {
          currency: 'CZK',
          dueDate: today(14),
          lines: [{ description: 'Řešení účtů, přeúčtování', quantity: 2, unitPrice: 125_000, taxRatePercent: 21 }],
        }),
      });
      expectStatus(created, 201);
      const pdf = await pdfOf(created.body);
      const text = spaces(await pdfText(pdf));
      for (const word of ['Kč', 'DIČ', 'Odběratel', 'Mezisoučet', 'Číslo', 'Řešení účtů, přeúčtování', 'Datum splatnosti', 'Zbývá uhradit']) {
        assert.ok(text.includes(word), `"${word}" in the PDF:\n${text}`);
      }
      assert.ok(text.includes(spaces(formatMoney(created.body.totals.total, 'CZK', 'cs'))), 'the total as the components write it');
      const fonts = await pdfFonts(pdf);
      assert.equal(fonts.length, 2, 'regular and bold');
      for (const font of fonts) {
        assert.match(font.name, /DejaVuSansCondensed/);
        assert.ok(font.fontFile > 0, `${font.name} is embedded (FontFile2)`);
        assert.ok(font.fontFile < fontFileSize / 10, `${font.name} is subset: ${font.fontFile} of ${fontFileSize} bytes`);
      }
      assert.ok(pdf.length < 60_000, `a one-page invoice is small: ${pdf.length} bytes`);
    });

    it('a line’s amount is its net amount, as the components show, and the column adds up to the totals', async () => {
      // The lines: $180 and $90 at 8.25 % tax printed as $194.85 and $97.43.
      const plain = (
        await api.post('/v1/documents', {
          token: agent,
          body: invoiceBody(demoIds.customers.acme, {
            lines: [
              { description: 'Support, 1.5 h', quantity: 1.5, unitPrice: 12_000, taxRatePercent: 8.25 },
              { description: 'Setup', quantity: 1, unitPrice: 9_000, taxRatePercent: 8.25 },
            ],
          }),
        })
      ).body;
      const items = await pdfItems(await pdfOf(plain));
      const amounts = amountColumn(items, 'Amount', 'Subtotal').map((i) => i.text);
      assert.deepEqual(amounts, ['$180.00', '$90.00']);
      assert.deepEqual(amounts, plain.lines.map((l: Json) => formatMoney(l.amounts.net, 'USD', 'en')));
      const sum = amounts.reduce((s, a) => s + minor(a, 'USD'), 0);
      assert.equal(sum, minor(totalRow(items, 'Subtotal'), 'USD'), 'the lines add up to the subtotal');

      // With discounts, lines are net of them: they add up to the subtotal less the discount printed.
      const discounted = (
        await api.post('/v1/documents', {
          token: agent,
          body: invoiceBody(demoIds.customers.hradec, {
            currency: 'CZK',
            lines: [
              { description: 'Licence', quantity: 3, unitPrice: 33_333, discountPercent: 12.5, taxRatePercent: 21 },
              { description: 'Školení', quantity: 1, unitPrice: 1_999, discountPercent: 10, taxRatePercent: 12 },
              { description: 'Cestovné', quantity: 2.5, unitPrice: 1_001 },
            ],
          }),
        })
      ).body;
      const czech = await pdfItems(await pdfOf(discounted));
      const lines = amountColumn(czech, 'Částka', 'Mezisoučet').map((i) => minor(i.text, 'CZK'));
      assert.deepEqual(lines, discounted.lines.map((l: Json) => l.amounts.net));
      const subtotal = minor(totalRow(czech, 'Mezisoučet'), 'CZK');
      const discount = minor(totalRow(czech, 'Sleva'), 'CZK');
      assert.equal(discount, -discounted.totals.discount);
      assert.equal(lines.reduce((s, a) => s + a, 0), subtotal + discount);
      assert.equal(subtotal + discount + minor(totalRow(czech, 'DPH'), 'CZK'), minor(totalRow(czech, 'Celkem'), 'CZK'));
    });

    it('a quote’s date reads “Valid until” in each language, an invoice’s “Due date”', async () => {
      const spanish = await api.post('/v1/customers', {
        token: agent,
        body: {
          displayName: 'Óptica Peñalara',
          email: 'cuentas@penalara.example',
          currency: 'EUR',
          language: 'es',
          timeZone: 'Europe/Madrid',
          billingAddress: { line1: 'Calle de Alcalá 1', city: 'Madrid', postalCode: '28014', country: 'ES' },
        },
      });
      expectStatus(spanish, 201);
      const cases = [
        { customer: demoIds.customers.acme, currency: 'USD', validUntil: 'Valid until', dueDate: 'Due date', quote: 'QUOTE' },
        { customer: spanish.body.id, currency: 'EUR', validUntil: 'Válida hasta', dueDate: 'Vencimiento', quote: 'COTIZACIÓN' },
        { customer: demoIds.customers.hradec, currency: 'CZK', validUntil: 'Platná do', dueDate: 'Datum splatnosti', quote: 'NABÍDKA' },
      ];
      for (const c of cases) {
        const quote = await api.post('/v1/documents', {
          token: agent,
          body: { ...invoiceBody(c.customer, { currency: c.currency, dueDate: today(30) }), kind: 'quote' },
        });
        expectStatus(quote, 201);
        const text = await pdfText(await pdfOf(quote.body));
        assert.ok(text.includes(c.quote), `${c.quote} in\n${text}`);
        assert.match(text, new RegExp(`^${c.validUntil}: `, 'm'));
        assert.ok(!text.includes(c.dueDate), `no "${c.dueDate}" on a quote`);
        const invoice = await api.post('/v1/documents', { token: agent, body: invoiceBody(c.customer, { currency: c.currency, dueDate: today(30) }) });
        const invoiceText = await pdfText(await pdfOf(invoice.body));
        assert.match(invoiceText, new RegExp(`^${c.dueDate}: `, 'm'));
        assert.ok(!invoiceText.includes(c.validUntil));
      }
    });
  });
}
