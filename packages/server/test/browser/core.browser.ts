/**
 * The server core in a browser tab: the same app, services, migrations and seed as the Node
 * server, on in-memory PGlite, answering through its fetch handler — no Node anywhere.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { PDFDocument } from 'pdf-lib';
import { runSequence, type Step } from '../parity/sequence.js';
import { createCore, demoIds, fetchedFontSource, type Core } from '@ledgerside/server/core';

const fonts = fetchedFontSource(new URL('/__fonts/', location.href));
const origin = 'http://core.test';

async function tokenOf(core: Core, userId: string): Promise<string> {
  const response = await core.fetch(new Request(`${origin}/dev/token?user=${userId}`));
  return ((await response.json()) as { token: string }).token;
}

describe('the server core in a browser tab', () => {
  let core: Core;
  before(async function () {
    this.timeout(60_000);
    core = await createCore({ demo: true, fonts, maintenance: false });
  });
  after(() => core?.close());

  it('serves the seeded demo to a signed token, and refuses a missing one', async () => {
    const token = await tokenOf(core, demoIds.users.agent);
    const session = await core.fetch(new Request(`${origin}/v1/session`, { headers: { authorization: `Bearer ${token}` } }));
    expect(session.status).to.equal(200);
    expect(((await session.json()) as { user: { id: string } }).user.id).to.equal(demoIds.users.agent);
    const anonymous = await core.fetch(new Request(`${origin}/v1/session`));
    expect(anonymous.status).to.equal(401);
  });

  it('keeps the server’s rules: a client never sees a draft', async () => {
    const token = await tokenOf(core, demoIds.users.client);
    const list = await core.fetch(new Request(`${origin}/v1/documents?limit=100`, { headers: { authorization: `Bearer ${token}` } }));
    const { items } = (await list.json()) as { items: { id: string; status: string }[] };
    expect(items.length).to.be.greaterThan(0);
    expect(items.map((d) => d.status)).not.to.include('draft');
    const draft = await core.fetch(new Request(`${origin}/v1/documents/${demoIds.invoices.draft}`, { headers: { authorization: `Bearer ${token}` } }));
    expect(draft.status).to.equal(404);
  });

  it('renders a PDF with the embedded fonts fetched in the tab', async function () {
    this.timeout(30_000);
    const token = await tokenOf(core, demoIds.users.agent);
    const pdf = await core.fetch(new Request(`${origin}/v1/documents/${demoIds.invoices.otherCurrency}/pdf`, { headers: { authorization: `Bearer ${token}` } }));
    expect(pdf.status).to.equal(200);
    expect(pdf.headers.get('content-type')).to.equal('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).to.equal('%PDF-');
    // The font is embedded (a FontFile2 stream of DejaVu), not a standard WinAnsi font.
    const objects = (await PDFDocument.load(bytes)).context.enumerateIndirectObjects().map(([, o]) => o.toString());
    expect(objects.some((o) => o.includes('/BaseFont') && o.includes('DejaVuSansCondensed')), 'DejaVu is the font').to.equal(true);
    expect(objects.some((o) => o.includes('/FontFile2')), 'the font file is embedded').to.equal(true);
  });

  it('starts again from a dump of its database, seeded already', async function () {
    this.timeout(60_000);
    const dump = await core.dump();
    const again = await createCore({ demo: true, loadDataDir: dump, fonts, maintenance: false });
    try {
      const token = await tokenOf(again, demoIds.users.agent);
      const doc = await again.fetch(new Request(`${origin}/v1/documents/${demoIds.invoices.sent}`, { headers: { authorization: `Bearer ${token}` } }));
      expect(doc.status).to.equal(200);
    } finally {
      await again.close();
    }
  });
});

describe('one backend: the same requests, the same answers in Node and in the tab', () => {
  it('a sequence of reads, bad input, a create, its replay, a stale edit, a send and a client’s reads', async function () {
    this.timeout(120_000);
    const inNode = (await executeServerCommand('node-core-transcript')) as Step[];
    const core = await createCore({ demo: true, fonts, maintenance: false });
    try {
      const inTab = await runSequence(core.fetch);
      expect(inTab.length).to.equal(inNode.length);
      inTab.forEach((step, i) => expect(step, `step ${i + 1}`).to.deep.equal(inNode[i]));
      // The sequence did meet the rules it is meant to compare.
      expect(inTab.map((s) => s.status)).to.include.members([400, 401, 404, 412, 201]);
    } finally {
      await core.close();
    }
  });
});
