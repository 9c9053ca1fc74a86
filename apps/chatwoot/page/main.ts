// The Chatwoot dashboard app's page: Chatwoot posts the conversation's context; the token comes
// from your backend (`<meta name="ledgerside-token-url">`), which knows its signed-in agent.
import { backendToken, tokenUrlOf } from '@ledgerside/hosts';
import { startChatwootApp } from '@ledgerside/hosts/chatwoot.js';

startChatwootApp({ getToken: backendToken(tokenUrlOf()) });
