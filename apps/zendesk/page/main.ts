// The Zendesk ticket sidebar's page: Zendesk POSTs its signed JWT to it on first load (the
// server puts it in the page), ZAF's SDK speaks to Zendesk, the adapter does the rest.
import ZAFClient from 'zendesk_app_framework_sdk';
import { startZendeskApp } from '@ledgerside/hosts/zendesk.js';

void startZendeskApp({ client: ZAFClient.init() });
