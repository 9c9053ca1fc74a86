// The Zoho Desk ticket panel's page: Zoho's SDK (from Zoho's CDN) speaks to Zoho Desk; the
// token comes from your backend through Zoho's Request API.
import { tokenUrlOf } from '@ledgerside/hosts';
import { startZohoDeskApp } from '@ledgerside/hosts/zoho-desk.js';

void startZohoDeskApp({ tokenUrl: tokenUrlOf() });
