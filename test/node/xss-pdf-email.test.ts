/**
 * XSS and injection through the server's own renderings: the hostile corpus
 * (test/node/xss/corpus.ts) in customer names, address, tax id, line descriptions, notes,
 * reference, email subject and message, message bodies, an author's and a contact's name.
 *
 * - The PDF shows each text as typed (as far as its embedded font can draw it: the server's own
 *   mapping) and carries no active content (JavaScript, actions, links, launches, forms).
 * - The emails (real SMTP on loopback) are plain text only, with the text as typed and no
 *   header injected by a CR/LF in a subject or a name.
 * - The demo mailbox page, the one place the outbox becomes HTML, escapes it: loaded in
 *   Chromium under a trap, nothing runs and the text reads as typed.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { constants, inflateSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { demoIds, mintToken } from '../../packages/server/src/index.js';
import { embedFonts } from '../../packages/server/src/pdf/fonts.js';
import { nodeFontSource } from '../../packages/server/src/pdf/fonts-node.js';
import { sanitize } from '../../packages/server/src/pdf/text.js';
import { client, expectStatus, today, type Client, type Json } from '../../packages/server/test/helpers/http.js';
import { decodeHeader, parseMail, type Mail } from '../../packages/server/test/helpers/mime.js';
import { pdfText } from '../../packages/server/test/helpers/pdf.js';
import { startTestServer, type TestServer } from '../../packages/server/test/helpers/server.js';
import { corpus } from './xss/corpus.js';
import { until } from './faults/support.js';

// The server's own dependencies, resolved from its package.
const serverRequire = createRequire(new URL('../../packages/server/package.json', import.meta.url));
const { SMTPServer } = serverRequire('smtp-server') as {
  SMTPServer: new (options: object) => { listen(port: number, host: string, cb: () => void): void; close(cb: () => void): void; server: { address(): AddressInfo } };
};
const pdfLib = serverRequire('pdf-lib') as { PDFDocument: { create(): Promise<Parameters<typeof embedFonts>[0]> } };

const CHROMIUM = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
const fits = (max: number) => corpus.filter((s) => s.length <= max);
const at = (i: number, max: number) => fits(max)[i % fits(max).length]!;
const spaced = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Every stream of a PDF, inflated where it is compressed: where dictionaries hide. */
function pdfBodies(pdf: Uint8Array): string {
  const text = Buffer.from(pdf).toString('latin1');
  let out = text;
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) continue;
    try {
      out += inflateSync(Buffer.from(pdf.subarray(start, end)), { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1');
    } catch {
      // not compressed
    }
  }
  return out;
}

describe('XSS and injection through the PDF and the emails', () => {
  let smtp: InstanceType<typeof SMTPServer>;
  const received: { mail: Mail; raw: string }[] = [];
  let server: TestServer;
  let api: Client;
  let agent: string;
  let customer: Json;
  let doc: Json;
  // The PDFs' own font: a text shows as the server maps it for that font.
  let font: Parameters<typeof sanitize>[1];
  const subject = `${at(4, 150)}\r\nX-Injected: 1`;
  const message = corpus.join('\n');
  const hostileName = `${at(5, 150)}\r\nBcc: victim@x.test`;

  before(async () => {
    font = (await embedFonts(await pdfLib.PDFDocument.create(), nodeFontSource)).regular;
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream: NodeJS.ReadableStream, _session: unknown, callback: () => void) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          received.push({ mail: parseMail(raw), raw: raw.toString('latin1') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    server = await startTestServer('pglite', { smtpUrl: `smtp://127.0.0.1:${smtp.server.address().port}`, mail: { pollMs: 100, backoffMs: 100, maxAttempts: 3 } });
    api = client(server.url);
    agent = await server.token('agent');

    const created = await api.post('/v1/customers', {
      token: agent,
      body: {
        displayName: at(7, 200),
        companyName: at(8, 200),
        firstName: at(9, 100),
        lastName: at(10, 100),
        email: 'billing@xss.test',
        phone: at(0, 40),
        taxId: at(1, 40),
        billingAddress: { line1: at(11, 200), line2: at(12, 200), city: at(13, 100), region: at(14, 100), postalCode: at(2, 20), country: 'US' },
        currency: 'USD',
        language: 'en',
        timeZone: 'UTC',
      },
    });
    expectStatus(created, 201);
    customer = created.body;
    const document = await api.post('/v1/documents', {
      token: agent,
      body: {
        kind: 'invoice',
        customerId: customer.id,
        currency: 'USD',
        issueDate: today(),
        reference: at(15, 100),
        notes: message,
        lines: corpus.map((description, i) => ({ description, quantity: i + 1, unitPrice: 100, taxRatePercent: 10 })),
      },
    });
    expectStatus(document, 201);
    doc = document.body;
  });
  after(async () => {
    await server?.destroy();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  });

  it('the PDF shows every text as its fonts can draw it, and nothing active', async () => {
    const reply = await api.get(`/v1/documents/${doc.id}/pdf`, { token: agent });
    expectStatus(reply, 200);
    const pdf = reply.body as Uint8Array;
    const shown = spaced(await pdfText(pdf));
    const texts = [
      ...corpus,
      customer.displayName,
      customer.companyName,
      customer.taxId,
      customer.billingAddress.line1,
      customer.billingAddress.line2,
      customer.billingAddress.city,
      doc.reference,
    ];
    const missing = texts.filter((t) => !shown.includes(spaced(sanitize(t, font))));
    assert.deepEqual(missing, [], `shown as typed (what the font has); the PDF says:\n${shown.slice(0, 3000)}`);
    const body = pdfBodies(pdf);
    for (const active of ['/JavaScript', '/JS', '/OpenAction', '/AA', '/Launch', '/URI', '/SubmitForm', '/RichMedia', '/EmbeddedFile', '/XFA']) {
      assert.ok(!new RegExp(`${active.replace('/', '\\/')}\\b`).test(body), `no ${active} in the PDF`);
    }
  });

  it('the document email: plain text as typed, no header injected by the subject', async () => {
    expectStatus(await api.post(`/v1/documents/${doc.id}/email`, { token: agent, body: { subject, message } }), 200);
    const { mail, raw } = await until('the email', () => received.find((r) => r.mail.text.includes(corpus[5]!) && r.mail.attachments.length > 0));
    const head = raw.slice(0, raw.search(/\r?\n\r?\n/));
    assert.ok(!/^x-injected:/im.test(head), 'no injected header');
    assert.equal(mail.headers['x-injected'], undefined);
    assert.ok(!/content-type:\s*text\/html/i.test(raw), 'no HTML part');
    assert.ok(mail.text.replace(/\r\n/g, '\n').includes(message), 'the message as typed');
    // The subject reads as typed, its line break shown as a space at most.
    assert.equal(spaced(decodeHeader(mail.headers.subject ?? '')), spaced(subject));
    const [stored] = await server.db.query<{ subject: string; body: string }>('SELECT subject, body FROM outbox WHERE document_id = $1', [doc.id]);
    assert.ok(stored!.body.includes(message), 'the outbox keeps text, not HTML');
    // The attached PDF is the document's, with the same texts.
    assert.equal(mail.attachments[0]!.contentType, 'application/pdf');
    assert.ok(spaced(await pdfText(new Uint8Array(mail.attachments[0]!.content))).includes(spaced(sanitize(customer.displayName, font))));
  });

  it('the message email: a hostile author and body, plain text as typed, no header injected by the name', async () => {
    const [org] = await server.db.query<{ jwt_secret: string }>('SELECT jwt_secret FROM organizations WHERE id = $1', [demoIds.organizationId]);
    const author = await mintToken({ organizationId: demoIds.organizationId, userId: 'u-xss-author', name: hostileName, email: 'author@northwind.test', role: 'agent', secret: org!.jwt_secret });
    expectStatus(await api.put('/v1/contact-links/contact-xss', { token: author, body: { contact: { id: 'contact-xss', name: at(16, 200), email: 'contact@xss.test' }, customerId: customer.id } }), 200);
    const conversation = await api.post('/v1/conversations', { token: author, body: { transactionType: 'invoice', transactionId: doc.id } });
    expectStatus(conversation, 200);
    const recipients = await api.get(`/v1/recipients?transactionType=invoice&transactionId=${doc.id}`, { token: author });
    const contact = recipients.body.items.find((r: Json) => r.id === 'contact-xss');
    assert.equal(contact.name, at(16, 200), 'the contact’s name as typed');
    const body = `${corpus.slice(3, 12).join('\n')}\nmessage-marker`;
    expectStatus(await api.post(`/v1/conversations/${conversation.body.id}/messages`, { token: author, body: { recipientIds: ['contact-xss'], body } }), 201);
    const { mail, raw } = await until('the notification', () => received.find((r) => r.mail.text.includes('message-marker')));
    const head = raw.slice(0, raw.search(/\r?\n\r?\n/));
    assert.ok(!/^bcc:/im.test(head) && !/victim@x\.test/.test(mail.headers.to ?? ''), 'no recipient injected by the name');
    assert.match(mail.headers.to ?? '', /contact@xss\.test/);
    assert.ok(!/content-type:\s*text\/html/i.test(raw), 'no HTML part');
    assert.ok(mail.text.replace(/\r\n/g, '\n').includes(body), 'the body as typed');
  });

  it('the demo mailbox page escapes every email: nothing runs in Chromium, the text reads as typed', { skip: CHROMIUM ? false : 'Chromium is not installed' }, async () => {
    await until('both emails in the outbox', async () => (await server.db.query('SELECT id FROM outbox')).length >= 2);
    const browser = await chromium.launch({
      executablePath: CHROMIUM!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const fired: string[] = [];
      await page.exposeFunction('__report', (what: string) => fired.push(what));
      await page.addInitScript(() => {
        const report = (what: string) => (window as unknown as { __report(w: string): void }).__report(what);
        (window as unknown as { __pwned(w: string): void }).__pwned = (what) => report(`ran: ${what}`);
        document.addEventListener('securitypolicyviolation', (e) => report(`csp: ${e.violatedDirective}`));
      });
      page.on('dialog', (dialog) => {
        fired.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      await page.goto(`${server.url}/dev/mailbox`);
      await page.waitForTimeout(300); // image errors and toggles fire on their own, or not at all
      const found = await page.evaluate(() => {
        const bad: string[] = [];
        for (const el of document.querySelectorAll('*')) {
          if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'IMG', 'SVG', 'STYLE'].includes(el.tagName) && el.parentElement?.tagName !== 'HEAD') bad.push(el.tagName);
          for (const a of el.attributes) {
            if (a.name.startsWith('on') || /^\s*javascript:/i.test(a.value)) bad.push(`${el.tagName}[${a.name}]`);
          }
        }
        return { bad, text: document.body.textContent ?? '', styles: document.querySelectorAll('style').length };
      });
      assert.deepEqual(found.bad, []);
      assert.equal(found.styles, 1, 'only the page’s own style');
      const missing = corpus.filter((s) => !found.text.includes(s));
      assert.deepEqual(missing, [], 'every string reads as typed');
      assert.deepEqual(fired, []);
    } finally {
      await browser.close();
    }
  });
});
