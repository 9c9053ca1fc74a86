/**
 * Email through a real SMTP server on loopback (the `smtp-server` package): the invoice email
 * carries the PDF whose text holds the number and the total; a refused delivery is retried and
 * the email still arrives once; message notifications link to the transaction. And PDFs of
 * any text: unicode the standard fonts cannot draw never breaks rendering.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { formatMoney } from '@ledgerside/contract';
import { demoIds } from '../src/index.js';
import { client, expectStatus, invoiceBody, today, type Client } from './helpers/http.js';
import { decodeHeader, parseMail, type Mail } from './helpers/mime.js';
import { pdfText } from './helpers/pdf.js';
import { backends, startTestServer, type TestServer } from './helpers/server.js';

/** A reply in the 2xx range. */
function expect2xx(reply: { status: number }) {
  assert.ok(reply.status >= 200 && reply.status < 300, `status ${reply.status}`);
}

/** Normalizes the spaces Intl puts in amounts, for comparing text. */
const spaces = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ');

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const backend of backends()) {
  describe(`email and PDF on ${backend.name}`, { skip: backend.skip }, () => {
    let smtp: SMTPServer;
    let server: TestServer;
    let api: Client;
    let agent: string;
    const received: Mail[] = [];
    let refuseNext = 0;
    let refused = 0;

    before(async () => {
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onData(stream, _session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            if (refuseNext > 0) {
              refuseNext--;
              refused++;
              const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
              return callback(error);
            }
            received.push(parseMail(Buffer.concat(chunks)));
            callback();
          });
        },
      });
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      const port = (smtp.server.address() as AddressInfo).port;
      server = await startTestServer(backend.name, {
        smtpUrl: `smtp://127.0.0.1:${port}`,
        mail: { pollMs: 100, backoffMs: 100, maxAttempts: 5 },
      });
      api = client(server.url);
      agent = await server.token('agent');
    });
    after(async () => {
      await server?.destroy();
      await new Promise<void>((resolve) => smtp?.close(() => resolve()));
    });

    it('delivers the invoice with its PDF, retrying a refused delivery, exactly once', async () => {
      const doc = (
        await api.post('/v1/documents', {
          token: agent,
          body: invoiceBody(demoIds.customers.acme, {
            lines: [
              { description: 'Consulting', quantity: 3, unitPrice: 12_500, taxRatePercent: 8.5 },
              { description: 'Setup', quantity: 1, unitPrice: 99_900 },
            ],
          }),
        })
      ).body;
      refuseNext = 1;
      const emailed = await api.post(`/v1/documents/${doc.id}/email`, {
        token: agent,
        body: { to: ['ap@acme.example'], message: 'Here is your invoice.' },
      });
      expectStatus(emailed, 200);

      const mail = await waitFor('the invoice email', () => received.find((m) => (m.headers.subject ?? '').includes(doc.number)));
      assert.equal(refused, 1, 'the first attempt was refused');
      assert.match(mail.headers.to ?? '', /ap@acme\.example/);
      assert.match(mail.headers.from ?? '', /Northwind Support/);
      assert.match(mail.text, /Here is your invoice\./);
      assert.equal(mail.attachments.length, 1);
      const [pdf] = mail.attachments;
      assert.equal(pdf!.filename, `${doc.number}.pdf`);
      assert.equal(pdf!.contentType, 'application/pdf');
      const text = spaces(await pdfText(pdf!.content));
      assert.ok(text.includes(doc.number), text);
      assert.ok(text.includes(spaces(formatMoney(doc.totals.total, 'USD', 'en'))), `total ${formatMoney(doc.totals.total, 'USD', 'en')} in ${text}`);
      assert.ok(text.includes('Acme Corp'));
      assert.ok(text.includes('Northwind Support'));

      // Marked sent right after the SMTP server accepted it.
      const row = await waitFor('the outbox row to be sent', async () => {
        const [r] = await server.db.query<{ status: string; attempts: number }>('SELECT status, attempts FROM outbox WHERE document_id = $1', [doc.id]);
        return r?.status === 'sent' ? r : undefined;
      });
      assert.equal(Number(row.attempts), 2);
      // Nothing is sent twice, even after more delivery passes.
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(received.filter((m) => (m.headers.subject ?? '').includes(doc.number)).length, 1);
    });

    it('notifies message recipients with a link to the transaction', async () => {
      const [conversation] = await server.db.query<{ id: string; transaction_id: string }>(
        'SELECT id, transaction_id FROM conversations WHERE organization_id = $1',
        [demoIds.organizationId],
      );
      const posted = await api.post(`/v1/conversations/${conversation!.id}/messages`, {
        token: agent,
        body: { recipientIds: [demoIds.users.client, demoIds.users.admin], body: 'We added the PO number.' },
      });
      expectStatus(posted, 201);
      const mails = await waitFor('both notifications', () => {
        const found = received.filter((m) => m.text.includes('We added the PO number.'));
        return found.length === 2 ? found : undefined;
      });
      // Each recipient's link opens the transaction signed in as that recipient.
      for (const [address, user] of [[/billing@acme\.test/, demoIds.users.client], [/ada@northwind\.test/, demoIds.users.admin]] as const) {
        const mail = mails.find((m) => address.test(m.headers.to ?? ''));
        assert.ok(mail, `a mail to ${address}`);
        const link = `${server.url}/transactions/invoice/${conversation!.transaction_id}?user=${user}`;
        assert.ok(mail.text.includes(link), mail.text);
        assert.equal(mail.attachments.length, 0);
      }
    });

    /** The sentences of a text, for finding one said twice. */
    const sentences = (text: string) =>
      text.split(/(?<=[.!?:])\s+|\n+/).map((s) => s.trim().toLowerCase()).filter((s) => s.length > 3);
    const emailOf = async (documentId: string, body: object) => {
      const before = received.length;
      expectStatus(await api.post(`/v1/documents/${documentId}/email`, { token: agent, body }), 200);
      return waitFor('the document email', () => received.slice(before).find((m) => m.attachments.length > 0));
    };

    it('a document email is written whole in the customer’s language, each sentence once', async () => {
      const spanish = await api.post('/v1/customers', {
        token: agent,
        body: {
          displayName: 'Óptica Peñalara', email: 'cuentas@penalara.example', currency: 'EUR', language: 'es', timeZone: 'Europe/Madrid',
          billingAddress: { line1: 'Calle de Alcalá 1', city: 'Madrid', postalCode: '28014', country: 'ES' },
        },
      });
      expectStatus(spanish, 201);
      const cases = [
        {
          customer: demoIds.customers.hradec, currency: 'CZK', language: 'cs',
          subject: (n: string) => `Faktura ${n} od Northwind Support`,
          lines: ['Dobrý den,', 'v příloze zasíláme fakturu', 'Splatnost:', 'S pozdravem'],
        },
        {
          customer: spanish.body.id, currency: 'EUR', language: 'es',
          subject: (n: string) => `Factura ${n} de Northwind Support`,
          lines: ['Hola:', 'Adjuntamos la factura', 'Vence el', 'Saludos cordiales,'],
        },
        {
          customer: demoIds.customers.acme, currency: 'USD', language: 'en',
          subject: (n: string) => `Invoice ${n} from Northwind Support`,
          lines: ['Hello,', 'Please find attached invoice', 'It is due on', 'Kind regards,'],
        },
      ];
      const english = /\b(please|find|attached|invoice|from|due|hello|regards)\b/i;
      for (const c of cases) {
        const doc = (await api.post('/v1/documents', { token: agent, body: invoiceBody(c.customer, { currency: c.currency, dueDate: today(14) }) })).body;
        // What the email dialog sends when the agent changes nothing: no subject, no note.
        const mail = await emailOf(doc.id, { subject: '', message: '' });
        const subject = decodeHeader(mail.headers.subject ?? '');
        assert.equal(subject, c.subject(doc.number), `${c.language} subject`);
        const text = spaces(mail.text);
        for (const line of c.lines) assert.ok(text.includes(line), `"${line}" in the ${c.language} email:\n${mail.text}`);
        assert.ok(text.includes(spaces(formatMoney(doc.balance, c.currency, c.language))), 'the amount in the customer’s format');
        if (c.language !== 'en') assert.doesNotMatch(`${subject}\n${mail.text}`, english, `no English in the ${c.language} email`);
        const said = sentences(mail.text);
        assert.deepEqual(said.filter((s, i) => said.indexOf(s) !== i), [], `no sentence twice:\n${mail.text}`);

        // The agent's own note goes in as typed, once, inside the customer's-language text.
        const note = 'Thanks for the quick PO — Alex';
        const withNote = await emailOf(doc.id, { message: note, subject: 'Your invoice' });
        assert.equal(decodeHeader(withNote.headers.subject ?? ''), 'Your invoice', 'a subject the agent typed is kept');
        assert.equal(withNote.text.split(note).length - 1, 1, 'the note once');
        for (const line of c.lines) assert.ok(spaces(withNote.text).includes(line));
      }
    });

    it('a quote email says how long the quote stands, in the customer’s language', async () => {
      const quote = (await api.post('/v1/documents', { token: agent, body: { ...invoiceBody(demoIds.customers.hradec, { currency: 'CZK', dueDate: today(30) }), kind: 'quote' } })).body;
      const mail = await emailOf(quote.id, {});
      assert.equal(decodeHeader(mail.headers.subject ?? ''), `Nabídka ${quote.number} od Northwind Support`);
      assert.ok(spaces(mail.text).includes(`v příloze zasíláme nabídku ${quote.number} na částku ${spaces(formatMoney(quote.totals.total, 'CZK', 'cs'))}. Nabídka platí do `), mail.text);
    });

    it('a notification subject names the transaction in the reader’s language', async () => {
      const invoice = (await api.post('/v1/documents', { token: agent, body: invoiceBody(demoIds.customers.hradec, { currency: 'CZK' }) })).body;
      // The customer's people are addressed about documents sent to them only.
      expectStatus(await api.post(`/v1/documents/${invoice.id}/mark-sent`, { token: agent, ifMatch: 1 }), 200);
      const opened = await api.post('/v1/conversations', { token: agent, body: { transactionType: 'invoice', transactionId: invoice.id } });
      expect2xx(opened);
      const posted = await api.post(`/v1/conversations/${opened.body.id}/messages`, {
        token: agent,
        body: { recipientIds: [demoIds.users.otherClient], body: 'Posíláme opravenou fakturu.' },
      });
      expectStatus(posted, 201);
      const mail = await waitFor('the Czech notification', () => received.find((m) => m.text.includes('Posíláme opravenou fakturu.')));
      assert.equal(decodeHeader(mail.headers.subject ?? ''), `Alex Agent napsal(a) k faktuře ${invoice.number}`);
      assert.ok(mail.text.includes('Otevřít transakci'));
    });

    it('renders any unicode, in the customer’s language and currency, over several pages', async () => {
      const description = 'Řešení 🚀 problému — 東京 オフィス; naïve café “quoted” ‎עברית‎ \u0007 tab\there ' + 'x'.repeat(300);
      const lines = Array.from({ length: 45 }, (_, i) => ({ description: i === 0 ? description : `Položka ${i + 1}`, quantity: 1, unitPrice: 10_000, taxRatePercent: 21 }));
      const created = await api.post('/v1/documents', {
        token: agent,
        body: { ...invoiceBody(demoIds.customers.hradec, { currency: 'CZK', lines }), notes: 'Děkujeme! 🙏\nSplatnost 14 dní.', reference: 'Obj. č. 42' },
      });
      expectStatus(created, 201);
      const doc = created.body;
      // The one character PostgreSQL text cannot hold is refused as bad input.
      const nul = await api.post('/v1/documents', { token: agent, body: invoiceBody(demoIds.customers.hradec, { notes: 'a\u0000b' }) });
      expectStatus(nul, 400);
      assert.deepEqual(nul.body.error.issues[0].path, ['notes']);
      const reply = await fetch(`${server.url}/v1/documents/${doc.id}/pdf`, { headers: { authorization: `Bearer ${agent}` } });
      assert.equal(reply.status, 200);
      const text = spaces(await pdfText(new Uint8Array(await reply.arrayBuffer())));
      assert.ok(text.includes(doc.number));
      assert.ok(text.includes('Faktura'), 'Czech labels');
      assert.ok(text.includes('Celkem'));
      assert.ok(text.includes('Řešení ? problému'), 'Czech letters print; what the font has no glyph for becomes ?');
      assert.ok(text.includes('naïve café “quoted”'));
      const total = spaces(formatMoney(doc.totals.total, 'CZK', 'cs'));
      assert.ok(text.includes(total), `${total} in the PDF`);
      assert.match(text, /Strana 2\/2/);
    });
  });
}
