/**
 * @ledgerside/server: the reference backend. Start it with `startServer()`, or mount
 * `createApp()` yourself; host backends mint their users' tokens with `mintToken()`.
 */
export { startServer, DEFAULT_EXAMPLES_DIR, type ServerOptions, type RunningServer } from './server.js';
export { createApp, type AppOptions } from './app.js';
export { mintToken, verifyToken, AUDIENCE, type MintTokenOptions, type VerifiedClaims } from './auth.js';
export { seedDemo, demoIds, demoHostContacts, type SeedOptions } from './seed/demo.js';
export { createOrganization, rotateSecret, allowOrigins, type OrganizationInput } from './provision.js';
export { registerHostInstallation, unregisterHostInstallation, type HostInstallationInput } from './host-installations.js';
export { openDatabase, type Db, type Sql } from './db/db.js';
export { migrate } from './db/migrations.js';
export { EventHub } from './events/hub.js';
export { renderDocumentPdf } from './pdf/lazy.js';
export { nodeFontSource } from './pdf/fonts-node.js';
export { createCore, type Core, type CoreOptions } from './core.js';
