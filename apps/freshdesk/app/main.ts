// The Freshdesk ticket sidebar's page: the Freshworks app client (from the host page) speaks
// to Freshdesk; the token comes from your backend through the `ledgersideToken` request template.
import { startFreshdeskApp } from '@ledgerside/hosts/freshdesk.js';

void startFreshdeskApp();
