// Chatwoot's side of a dashboard app (app/javascript/dashboard/components/widgets/DashboardApp/
// Frame.vue): when the frame loads, and whenever the app posts
// `chatwoot-dashboard-app:fetch-info`, the dashboard posts a JSON string
// `{ event: 'appContext', data: { conversation, contact, currentAgent } }` to the frame, to any
// origin. "Context arrives late" holds the answers back, to show the app's waiting state.
const frame = document.querySelector('iframe.app');
const params = new URLSearchParams(location.search);
const log = (text) => {
  const li = document.createElement('li');
  li.textContent = text;
  document.getElementById('log').prepend(li);
};
window.chatwoot = { asks: 0, sent: 0 };

const { contacts } = await (await fetch('/dev/fixtures', { cache: 'no-store' })).json();
const people = Object.values(contacts).map((c, index) => ({
  id: 41 + index,
  name: c.name,
  email: c.email,
  phone_number: c.phone ?? null,
  additional_attributes: c.company ? { company_name: c.company } : {},
}));
let contact = people.find((p) => String(p.id) === params.get('contact')) ?? people[0];
const late = document.getElementById('late');
late.checked = params.has('late');
let held = late.checked;

function context() {
  return JSON.stringify({
    event: 'appContext',
    data: {
      conversation: { id: Number(params.get('conversation') ?? 1001), inbox_id: 1, status: 'open', meta: { sender: contact } },
      contact,
      currentAgent: { id: 1, name: 'Alex Agent', email: 'alex@northwind.test' },
    },
  });
}
function post() {
  if (held) return log('(context held back)');
  frame.contentWindow.postMessage(context(), '*');
  window.chatwoot.sent += 1;
  log(`appContext → ${contact.name}`);
}

window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow) return;
  if (event.data === 'chatwoot-dashboard-app:fetch-info') {
    window.chatwoot.asks += 1;
    log('fetch-info');
    post();
  }
});
frame.addEventListener('load', post);

const select = document.getElementById('contact');
for (const p of people) select.append(new Option(`${p.name} <${p.email}>`, String(p.id)));
select.value = String(contact.id);
const show = () => (document.getElementById('contact-line').textContent = `${contact.name} <${contact.email}>`);
show();
select.addEventListener('change', () => {
  contact = people.find((p) => String(p.id) === select.value) ?? contact;
  show();
  post();
});
late.addEventListener('change', () => {
  held = late.checked;
  if (!held) post();
});
// Releases held-back context after a while when asked to (`?late=ms`).
if (held && Number(params.get('late'))) setTimeout(() => ((held = false), (late.checked = false), post()), Number(params.get('late')));
frame.src = '/apps/chatwoot/';
