// Pipedrive's side of @pipedrive/app-extensions-sdk, as the SDK speaks it: the panel's iframe
// URL carries `id`, `resource`, `selectedIds`, `userId`, `companyId`, `theme` and a signed
// `token`; the SDK posts `{ id, payload: { type, command, args } }` to this window with a
// MessagePort, and this page answers on the port with `{ data }` or `{ error }`:
// INITIALIZE, RESIZE (100–750 px), GET_SIGNED_TOKEN (signed by the demo with the demo
// installation's panel secret). A `user_settings_change` listener hears theme changes.
const frame = document.querySelector('iframe.app');
const params = new URLSearchParams(location.search);
const DEAL_ID = 2001;
const USER_ID = 9001;
let theme = params.get('theme') === 'dark' ? 'dark' : 'light';
const log = (text) => {
  const li = document.createElement('li');
  li.textContent = text;
  document.getElementById('log').prepend(li);
};
/** What the page heard, for people (the log) and for tests. */
window.pipedrive = { resizes: [], commands: [] };
const settingsPorts = [];

const signedToken = async () => (await (await fetch(`/dev/hosts/pipedrive/jwt?user=${USER_ID}`, { cache: 'no-store' })).json()).token;

// The deal's products, as the app's backend reads them from Pipedrive's API.
const { data: products } = await (await fetch(`/dev/hosts/pipedrive/deals/${DEAL_ID}/products`, { cache: 'no-store' })).json();
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
for (const p of products) {
  const row = document.getElementById('products').insertRow();
  for (const [text, cls] of [[p.name, ''], [String(p.quantity), 'num'], [money.format(p.item_price), 'num'], [p.discount ? `${p.discount} %` : '—', 'num']]) {
    const cell = row.insertCell();
    cell.textContent = text;
    if (cls) cell.className = cls;
  }
}

window.addEventListener('message', async (event) => {
  if (event.source !== frame.contentWindow) return;
  const { payload } = event.data ?? {};
  const [port] = event.ports;
  if (!payload || !port) return;
  if (payload.type === 'listener') {
    if (payload.event === 'user_settings_change') settingsPorts.push(port);
    log(`listen ${payload.event}`);
    return;
  }
  if (payload.type !== 'command') return;
  window.pipedrive.commands.push(payload.command);
  switch (payload.command) {
    case 'initialize':
      log('initialize');
      port.postMessage({ data: undefined });
      break;
    case 'resize': {
      const height = Math.min(750, Math.max(100, Math.round(payload.args?.height ?? 0)));
      frame.style.height = `${height}px`;
      window.pipedrive.resizes.push(payload.args?.height);
      log(`resize ${payload.args?.height}px`);
      port.postMessage({ data: undefined });
      break;
    }
    case 'get_signed_token':
      log('get_signed_token');
      port.postMessage({ data: { token: await signedToken() } });
      break;
    default:
      log(`${payload.command} (not in this simulator)`);
      port.postMessage({ error: `${payload.command} is not simulated` });
  }
});

const themeSelect = document.getElementById('theme');
themeSelect.value = theme;
document.body.classList.toggle('dark', theme === 'dark');
themeSelect.addEventListener('change', () => {
  theme = themeSelect.value;
  document.body.classList.toggle('dark', theme === 'dark');
  for (const port of settingsPorts) port.postMessage({ data: { theme } });
  log(`user_settings_change → ${theme}`);
});

const query = new URLSearchParams({
  id: crypto.randomUUID(),
  resource: 'deal',
  view: 'details',
  selectedIds: String(DEAL_ID),
  userId: String(USER_ID),
  companyId: '7001',
  theme,
  token: await signedToken(),
});
frame.src = `/apps/pipedrive/?${query}`;
