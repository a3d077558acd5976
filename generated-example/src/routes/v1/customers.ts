import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sendWrite } from './reply';
import { views } from './views';
import { actorOf } from '../../plugins/app/authentication';
import { Customer, CustomerCreate } from '../../schemas/banking';
import { ERROR_RESPONSES } from '../../schemas/common';
import { currentCustomer } from '../../services/access';
import { createCustomer } from '../../services/banking';

const customerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/v1/customers', {
    schema: { tags: ['customers'], summary: 'Onboard a customer (staff)', body: CustomerCreate, response: { 201: Customer, 409: ERROR_RESPONSES[422], ...ERROR_RESPONSES } },
  }, async (request, reply) => sendWrite(request, reply, undefined, async (trx) => ({
    status: 201,
    body: views.customer(await createCustomer(trx, actorOf(request), request.body)),
  })));

  app.get('/v1/customers/me', {
    schema: { tags: ['customers'], summary: 'The calling customer\'s record', response: { 200: Customer, ...ERROR_RESPONSES } },
  }, async (request) => views.customer(await currentCustomer(app.db, actorOf(request))));
};

export default customerRoutes;
