// The Zoho CRM widget's page: Zoho's SDK (from Zoho's CDN) speaks to Zoho CRM; the token comes
// from your backend, which knows its signed-in user.
import { backendToken, tokenUrlOf } from '@ledgerside/hosts';
import { startZohoCrmApp } from '@ledgerside/hosts/zoho-crm.js';

void startZohoCrmApp({ getToken: backendToken(tokenUrlOf()) });
