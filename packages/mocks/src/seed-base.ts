/** What every non-empty scenario shares: customers, catalogue, the mapped contact, the ticket's time. */
import { addDays, atTime } from './dates.js';
import { contacts, customers, HOURLY_RATE, products, ticket, users } from './fixtures.js';
import type { MockStore } from './store.js';

export const timeEntryIds = {
  /** Billable and not invoiced: what the create form prefills. */
  billable: ['te-1', 'te-2'],
  nonBillable: 'te-3',
  /** Already invoiced by the paid invoice (demo). */
  invoiced: 'te-4',
} as const;

export function seedBase(store: MockStore): void {
  const today = store.today();
  for (const customer of Object.values(customers)) store.addCustomer(customer);
  for (const product of Object.values(products)) store.addProduct(product);
  const entry = (hostId: string, days: number, minutes: number, description: string, billable: boolean, by: { id: string; name: string }) => ({
    hostId,
    userId: by.id,
    userName: by.name,
    date: addDays(today, days),
    minutes,
    description,
    billable,
    hourlyRate: HOURLY_RATE,
    currency: 'USD',
  });
  store.addTimeEntries(ticket.id, [
    entry('te-1', -3, 90, 'Diagnosed the sync failure', true, users.agent),
    entry('te-2', -2, 45, 'Patched the connector configuration', true, users.agent),
    entry('te-3', -2, 30, 'Internal handover notes', false, users.lightAgent),
    entry('te-4', -61, 60, 'Initial setup call', true, users.agent),
  ]);
  store.pinClock(atTime(addDays(today, -90)));
  store.addLink(contacts.ana, customers.acme.id, users.agent.id);
}
