// The Pipedrive deal panel's page: Pipedrive's SDK speaks to Pipedrive; the app's backend
// (`<meta name="ledgerside-pipedrive-backend">`) reads the user, the deal's person and products.
import AppExtensionsSDK from '@pipedrive/app-extensions-sdk';
import { pipedriveBackend, startPipedriveApp } from '@ledgerside/hosts/pipedrive.js';

function sdk() {
  try {
    return new AppExtensionsSDK();
  } catch {
    return null; // no `id` in the URL: not opened by Pipedrive
  }
}

const backend = document.querySelector<HTMLMetaElement>('meta[name="ledgerside-pipedrive-backend"]')?.content ?? '';
void startPipedriveApp({ sdk: sdk(), backend: pipedriveBackend(backend) });
