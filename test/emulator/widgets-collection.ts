/** A test-only collection for documents.http.test.ts; imports only contract modules that do not read the contract's list. */
import { z } from 'zod';
import { collection } from '../../src/client/contract/collection';
import { Id, IsoTimestamp, OptionalText, SuccessBody } from '../../src/client/contract/common';
import { RULES, route } from '../../src/client/contract/route';

const Widget = z.object({ id: Id, name: z.string(), colour: OptionalText, workspaceId: Id, apiKeyId: OptionalText, createdAt: IsoTimestamp });
export const mockWidgets = collection({
  one: 'Widget',
  many: 'Widgets',
  what: 'widget',
  list: route({ method: 'GET', path: '/widget', summary: 'List widgets', query: z.strictObject({ workspaceId: Id.optional() }), response: SuccessBody.extend({ widgets: z.array(Widget) }), access: 'read', rules: [RULES.read] }),
  create: route({ method: 'POST', path: '/widget', summary: 'Create a widget', body: z.strictObject({ workspaceId: Id, apiKeyUuid: Id, name: z.string().min(1), colour: z.string().optional() }), response: SuccessBody.extend({ widgetId: Id }), access: 'write', rules: [RULES.write, RULES.keyRef] }),
  update: route({ method: 'PUT', path: '/widget/:id', summary: 'Update a widget', body: z.strictObject({ apiKeyUuid: Id.optional(), name: z.string().min(1).optional(), colour: z.string().nullable().optional() }), response: SuccessBody, access: 'write', rules: [RULES.found, RULES.write, RULES.keyRef] }),
  delete: route({ method: 'DELETE', path: '/widget/:id', summary: 'Delete a widget', response: SuccessBody, access: 'write', rules: [RULES.found, RULES.write] }),
});

