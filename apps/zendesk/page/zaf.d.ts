// zendesk_app_framework_sdk ships no types: the part the page uses.
declare module 'zendesk_app_framework_sdk' {
  const ZAFClient: { init(callback?: (context: unknown) => void): import('@ledgerside/hosts/zendesk.js').ZafClient | false };
  export default ZAFClient;
}
