/**
 * Roles and what each may do (seed 002's agent / light agent, seed 004's client side).
 * Scoping by organization and, for clients, by their own customer is the server's job; this
 * table says which kinds of request a role may make at all.
 */
export const roles = ['admin', 'agent', 'light_agent', 'client'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'session.read',
  'customers.read',
  'customers.write',
  'links.read',
  'links.write',
  'timeEntries.read',
  'timeEntries.write',
  'products.read',
  'documents.read',
  'documents.write',
  'payments.write',
  'conversations.read',
  'messages.post',
  'integration.read',
  'integration.manage',
  'events.read',
] as const;
export type Permission = (typeof permissions)[number];

const readOnly: readonly Permission[] = [
  'session.read',
  'customers.read',
  'links.read',
  'timeEntries.read',
  'products.read',
  'documents.read',
  'conversations.read',
  'integration.read',
  'events.read',
];

export const rolePermissions: Readonly<Record<Role, readonly Permission[]>> = {
  admin: permissions,
  agent: permissions.filter((p) => p !== 'integration.manage'),
  // Seed 002: a light agent reads and comments, nothing else.
  light_agent: [...readOnly, 'messages.post'],
  // Seed 004: the client side sees its own transactions and talks about them.
  client: ['session.read', 'documents.read', 'conversations.read', 'messages.post', 'events.read'],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return rolePermissions[role];
}

export function can(role: Role, permission: Permission): boolean {
  return rolePermissions[role].includes(permission);
}

/** The roles that hold a permission (the route table's "roles allowed"). */
export function rolesWith(permission: Permission): Role[] {
  return roles.filter((r) => can(r, permission));
}

/** Which side of a conversation a role speaks for. */
export function sideOf(role: Role): 'firm' | 'client' {
  return role === 'client' ? 'client' : 'firm';
}
