// The Pipedrive deal panel's page: Pipedrive's SDK speaks to Pipedrive; the app's backend
// (`<meta name="ledgerside-pipedrive-backend">`) reads the user, the deal's person and products.
import * as sdkModule from '@pipedrive/app-extensions-sdk';
import { pipedriveBackend, startPipedriveApp, type PipedriveSdk } from '@ledgerside/hosts/pipedrive.js';

// The package is CommonJS with `exports.default`: bundlers hand its class over one or two `default`s deep.
type SdkClass = new () => PipedriveSdk;
const unwrap = (value: unknown): SdkClass => (typeof value === 'function' ? (value as SdkClass) : unwrap((value as { default: unknown }).default));

function sdk(): PipedriveSdk | null {
  try {
    return new (unwrap(sdkModule))();
  } catch (error) {
    console.warn('Ledgerside: not opened by Pipedrive', error); // no `id` in the URL
    return null;
  }
}

const backend = document.querySelector<HTMLMetaElement>('meta[name="ledgerside-pipedrive-backend"]')?.content ?? '';
void startPipedriveApp({ sdk: sdk(), backend: pipedriveBackend(backend) });
