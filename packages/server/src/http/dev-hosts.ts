/**
 * Demo-only (`/dev/hosts/…`, mounted by devRoutes): the hosts' side that the host simulators
 * (`/examples/hosts/<framework>/`) cannot play in the browser — signing as Zendesk and as
 * Pipedrive with the demo installations' keys (seed/demo-hosts.ts), and the Pipedrive app's
 * own backend, which reads a deal's products and the user from Pipedrive's API (here: the
 * demo deal, in the shape of Pipedrive's `GET /api/v2/deals/{id}/products`).
 */
import { Hono } from 'hono';
import { importPKCS8, SignJWT } from 'jose';
import { toMajorString } from '@ledgerside/contract';
import { demoHosts } from '../seed/demo-hosts.js';
import { contacts, deal, products, users } from '../seed/fixtures.js';

/** The hosts' own people: each host's user id for the demo's firm users. */
export const demoHostUsers = {
  '9001': { ...users.agent, hostId: '9001' },
  '9002': { ...users.admin, hostId: '9002' },
} as const;

/** Pipedrive's numeric product ids for the demo catalogue's products. */
const pipedriveProductIds: Record<string, number> = { 'prod-setup': 501, 'prod-seat': 502, 'prod-support': 503, 'prod-training': 504, 'prod-hosting': 505 };
/** The demo deal as Pipedrive numbers it. */
export const PIPEDRIVE_DEAL_ID = 2001;

const PROOF_SECONDS = 300;

function hostUser(id: string | undefined) {
  return demoHostUsers[(id ?? '9001') as keyof typeof demoHostUsers] ?? null;
}

export function devHostRoutes(): Hono {
  const app = new Hono();
  const zendeskKey = importPKCS8(demoHosts.zendesk.privateKey, 'RS256');
  const noStore = { 'Cache-Control': 'no-store' };

  // What Zendesk POSTs as `token` to a signedUrls app's URL: RS256, audience the installation.
  app.get('/zendesk/jwt', async (c) => {
    const user = hostUser(c.req.query('user'));
    if (!user) return c.json({ error: { code: 'not_found', message: 'No such Zendesk user in the demo.' } }, 404);
    const { subdomain, installationId } = demoHosts.zendesk;
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ context: { product: 'support', location: 'ticket_sidebar' }, cnf: { jku: `https://${subdomain}.zendesk.com/api/v2/apps/installations/${installationId}/public_key.pem` } })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(`${subdomain}.zendesk.com`)
      .setAudience(`https://${subdomain}.zendesk.com/api/v2/apps/installations/${installationId}.json`)
      .setSubject(`https://${subdomain}.zendesk.com/api/v2/users/${user.hostId}.json`)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + PROOF_SECONDS)
      .sign(await zendeskKey);
    return c.json({ token, user: { id: Number(user.hostId), name: user.name, email: user.email } }, 200, noStore);
  });

  // What Pipedrive puts in the panel URL's `token` and answers GET_SIGNED_TOKEN with.
  app.get('/pipedrive/jwt', async (c) => {
    const user = hostUser(c.req.query('user'));
    if (!user) return c.json({ error: { code: 'not_found', message: 'No such Pipedrive user in the demo.' } }, 404);
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ userId: Number(user.hostId), companyId: Number(demoHosts.pipedrive.companyId) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(now)
      .setExpirationTime(now + PROOF_SECONDS)
      .sign(new TextEncoder().encode(demoHosts.pipedrive.secret));
    return c.json({ token }, 200, noStore);
  });

  // The Pipedrive app's backend: the user (Pipedrive's `GET /api/v1/users/{id}`) …
  app.get('/pipedrive/users/:id', (c) => {
    const user = hostUser(c.req.param('id'));
    if (!user) return c.json({ success: false, error: 'User not found' }, 404);
    return c.json({ success: true, data: { id: Number(user.hostId), name: user.name, email: user.email, active_flag: true } }, 200, noStore);
  });

  // … the deal's person (Pipedrive's `GET /api/v2/persons/{id}` of the deal's `person_id`) …
  app.get('/pipedrive/deals/:id/person', (c) => {
    if (c.req.param('id') !== String(PIPEDRIVE_DEAL_ID)) return c.json({ success: true, data: null }, 200, noStore);
    const ana = contacts.ana;
    return c.json(
      {
        success: true,
        data: {
          id: 301,
          name: ana.name,
          first_name: ana.firstName,
          last_name: ana.lastName,
          emails: [{ value: ana.email, primary: true, label: 'work' }],
          phones: [{ value: ana.phone, primary: true, label: 'work' }],
          org_name: ana.company,
        },
      },
      200,
      noStore,
    );
  });

  // … and a deal's products with their quantities (Pipedrive's `GET /api/v2/deals/{id}/products`).
  app.get('/pipedrive/deals/:id/products', (c) => {
    if (c.req.param('id') !== String(PIPEDRIVE_DEAL_ID)) return c.json({ success: true, data: [] }, 200, noStore);
    const byId = new Map(Object.values(products).map((p) => [p.id as string, p]));
    const data = deal.products.map((line, index) => {
      const product = byId.get(line.productId)!;
      const itemPrice = Number(toMajorString(product.unitPrice, product.currency));
      return {
        id: 80_000 + index,
        deal_id: PIPEDRIVE_DEAL_ID,
        product_id: pipedriveProductIds[product.id],
        product_variation_id: null,
        name: product.name,
        item_price: itemPrice,
        quantity: line.quantity,
        // The training days carry the deal's 10 % discount.
        discount: product.id === 'prod-training' ? 10 : 0,
        discount_type: 'percentage',
        tax: product.taxRatePercent,
        tax_method: 'exclusive',
        currency: product.currency,
        is_enabled: true,
        comments: product.description,
        sum: Math.round(itemPrice * line.quantity * 100) / 100,
      };
    });
    return c.json({ success: true, data, additional_data: { next_cursor: null } }, 200, noStore);
  });

  return app;
}
