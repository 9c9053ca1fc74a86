/**
 * Operating a deployment from the shell, against the same store the server uses
 * (DATABASE_URL, or the PGlite directory in LEDGERSIDE_DATA — stop the server first for PGlite):
 *
 *   tsx src/cli.ts create-organization --id org-acme --name "Acme Help" --currency USD \
 *       [--origin https://help.acme.example]… [--billing-app-url https://billing.example.com/acme]
 *   tsx src/cli.ts rotate-secret --id org-acme
 *   tsx src/cli.ts allow-origin --id org-acme --origin https://crm.acme.example
 *   tsx src/cli.ts register-host --framework zendesk --installation acme:360001234567 \
 *       --organization org-acme --key-file zendesk-public-key.pem [--role agent]
 *   tsx src/cli.ts register-host --framework pipedrive --installation 7001234 \
 *       --organization org-acme --key-file pipedrive-jwt-secret.txt
 *   tsx src/cli.ts unregister-host --framework zendesk --installation acme:360001234567
 *
 * Each prints one JSON line; the secret is what the host's backend passes to `mintToken()`.
 * A host installation's key (Zendesk's public key) or secret (Pipedrive's panel JWT secret) is
 * read from a file, never from the command line (where shell history and `ps` would keep it).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Role, SignedHostFramework } from '@ledgerside/contract';
import { openDatabase } from './db/db.js';
import { migrate } from './db/migrations.js';
import { allowOrigins, createOrganization, rotateSecret } from './provision.js';
import { registerHostInstallation, unregisterHostInstallation } from './host-installations.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    id: { type: 'string' },
    name: { type: 'string' },
    currency: { type: 'string' },
    origin: { type: 'string', multiple: true },
    'billing-app-url': { type: 'string' },
    framework: { type: 'string' },
    installation: { type: 'string' },
    organization: { type: 'string' },
    'key-file': { type: 'string' },
    role: { type: 'string' },
  },
});

const [command] = positionals;
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const need = (name: keyof typeof values): string => {
  const value = values[name];
  if (typeof value !== 'string' || !value) throw new Error(`--${name} is required`);
  return value;
};

const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.LEDGERSIDE_DATA || undefined });
try {
  await migrate(db);
  switch (command) {
    case 'create-organization': {
      const created = await createOrganization(db, {
        id: need('id'),
        name: need('name'),
        baseCurrency: need('currency'),
        allowedOrigins: values.origin ?? [],
        billingAppUrl: values['billing-app-url'] ?? null,
      });
      print(created);
      break;
    }
    case 'rotate-secret':
      print({ id: need('id'), secret: await rotateSecret(db, need('id')) });
      break;
    case 'allow-origin':
      await allowOrigins(db, need('id'), values.origin ?? []);
      print({ id: need('id'), added: values.origin ?? [] });
      break;
    case 'register-host': {
      const installation = await registerHostInstallation(db, {
        framework: need('framework') as SignedHostFramework,
        id: need('installation'),
        organizationId: need('organization'),
        key: readFileSync(need('key-file'), 'utf8'),
        ...(values.role ? { role: values.role as Role } : {}),
      });
      print({ framework: installation.framework, installation: installation.id, organization: installation.organizationId, role: installation.role });
      break;
    }
    case 'unregister-host': {
      const removed = await unregisterHostInstallation(db, need('framework') as SignedHostFramework, need('installation'));
      if (!removed) throw new Error(`No ${need('framework')} installation ${need('installation')}`);
      print({ framework: need('framework'), installation: need('installation'), removed });
      break;
    }
    default:
      throw new Error('Commands: create-organization, rotate-secret, allow-origin, register-host, unregister-host');
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
