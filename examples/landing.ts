// The landing page's user switcher: every seeded user of the demo organization, one per role
// and more; the example links carry the choice.
interface DemoUser {
  id: string;
  name: string;
  role: string;
  organization: { id: string; name: string };
}

const roleNames: Record<string, string> = { admin: 'admin', agent: 'agent', light_agent: 'light agent', client: 'client (customer side)' };
const box = document.getElementById('users')!;
const params = new URLSearchParams(location.search);
let current = params.get('user') ?? 'u-agent';
// The components' language and theme, carried by the links like the user (the CRM page has no controls of its own).
const settings = ['locale', 'theme'].map((id) => {
  const select = document.getElementById(id) as HTMLSelectElement;
  select.value = params.get(id) ?? select.value;
  select.addEventListener('change', () => updateLinks());
  return select;
});

function updateLinks() {
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[data-page]')) {
    const url = new URL(a.href);
    url.searchParams.set('user', current);
    for (const select of settings) url.searchParams.set(select.id, select.value);
    a.href = url.toString();
  }
}

const response = await fetch('/dev/users');
const { items } = (await response.json()) as { items: DemoUser[] };
for (const user of items) {
  const label = document.createElement('label');
  const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'user', value: user.id, checked: user.id === current });
  input.addEventListener('change', () => {
    current = user.id;
    updateLinks();
  });
  const role = Object.assign(document.createElement('span'), { className: 'role', textContent: `${roleNames[user.role] ?? user.role} · ${user.organization.name}` });
  label.append(input, document.createTextNode(user.name), role);
  box.append(label);
}
updateLinks();
export {};
