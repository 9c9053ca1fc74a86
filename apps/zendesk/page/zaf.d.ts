// zendesk_app_framework_sdk ships no types: the part the page uses.
declare module 'zendesk_app_framework_sdk' {
  import type { ZafClient } from '@ledgerside/hosts/zendesk.js';

  const ZAFClient: { init(callback?: (context: unknown) => void): ZafClient | false };
  export default ZAFClient;
}
