import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sendWrite } from './reply';
import type { InstalmentState } from '../../domain/loans';
import { toJsonAmount, toMinorUnits } from '../../domain/money';
import { actorOf } from '../../plugins/app/authentication';
import type { Loan as LoanRecord } from '../../repositories/loans';
import { ERROR_RESPONSES, IdempotencyKeyHeader, Uuid } from '../../schemas/common';
import { Loan, LoanCreate, Repayment, RepaymentCreate } from '../../schemas/loans';
import { issueLoan, listLoans, loanDetails, repayLoan } from '../../services/loans';

const LoanParams = Type.Object({ id: Uuid });

const sum = (values: readonly bigint[]): bigint => values.reduce((total, value) => total + value, 0n);

/** A loan in JSON: the schedule with what is paid, and the totals paid and outstanding. */
function loanView(loan: LoanRecord, schedule: readonly InstalmentState[]) {
  const paid = { principal: sum(schedule.map((i) => i.paidPrincipal)), interest: sum(schedule.map((i) => i.paidInterest)) };
  const due = { principal: sum(schedule.map((i) => i.principal)), interest: sum(schedule.map((i) => i.interest)) };
  return {
    id: loan.id,
    accountId: loan.accountId,
    principal: toJsonAmount(loan.principal),
    annualInterestRateBps: loan.annualInterestRateBps,
    termMonths: loan.termMonths,
    currency: loan.currency,
    status: loan.status,
    paid: { principal: toJsonAmount(paid.principal), interest: toJsonAmount(paid.interest) },
    outstanding: { principal: toJsonAmount(due.principal - paid.principal), interest: toJsonAmount(due.interest - paid.interest) },
    schedule: schedule.map((i) => ({
      number: i.number,
      dueDate: i.dueDate,
      principal: toJsonAmount(i.principal),
      interest: toJsonAmount(i.interest),
      paidPrincipal: toJsonAmount(i.paidPrincipal),
      paidInterest: toJsonAmount(i.paidInterest),
    })),
    createdAt: loan.createdAt.toISOString(),
  };
}

const loanRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/v1/loans', {
    schema: {
      tags: ['loans'],
      summary: 'Take out a loan: the schedule is fixed and the principal paid into the account',
      headers: Type.Object({ 'idempotency-key': IdempotencyKeyHeader }),
      body: LoanCreate,
      response: { 201: Loan, ...ERROR_RESPONSES },
    },
  }, async (request, reply) => sendWrite(request, reply, request.headers['idempotency-key'], async (trx) => {
    const { loan, schedule } = await issueLoan(trx, actorOf(request), { ...request.body, principal: toMinorUnits(request.body.principal, 'principal') });
    return { status: 201, body: loanView(loan, schedule) };
  }));

  app.get('/v1/loans', {
    schema: {
      tags: ['loans'],
      summary: 'List loans (a customer\'s own; staff name the customer)',
      querystring: Type.Object({ customerId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 200: Type.Object({ data: Type.Array(Loan) }), ...ERROR_RESPONSES },
    },
  }, async (request) => ({
    data: (await listLoans(app.db, actorOf(request), request.query.customerId)).map(({ loan, schedule }) => loanView(loan, schedule)),
  }));

  app.get('/v1/loans/:id', {
    schema: { tags: ['loans'], summary: 'A loan with its schedule, what is paid and what is outstanding', params: LoanParams, response: { 200: Loan, ...ERROR_RESPONSES } },
  }, async (request) => {
    const { loan, schedule } = await loanDetails(app.db, actorOf(request), request.params.id);
    return loanView(loan, schedule);
  });

  app.post('/v1/loans/:id/repayments', {
    schema: {
      tags: ['loans'],
      summary: 'Repay: overdue interest first, then overdue principal, then the current instalment, then later ones',
      params: LoanParams,
      headers: Type.Object({ 'idempotency-key': IdempotencyKeyHeader }),
      body: RepaymentCreate,
      response: { 201: Repayment, ...ERROR_RESPONSES },
    },
  }, async (request, reply) => sendWrite(request, reply, request.headers['idempotency-key'], async (trx) => {
    const result = await repayLoan(trx, actorOf(request), { loanId: request.params.id, amount: toMinorUnits(request.body.amount) });
    return {
      status: 201,
      body: {
        id: result.repayment.id,
        amount: toJsonAmount(result.repayment.amount),
        allocations: result.repayment.allocations.map((a) => ({
          instalment: a.instalment,
          interest: toJsonAmount(a.interest),
          principal: toJsonAmount(a.principal),
        })),
        createdAt: result.repayment.createdAt.toISOString(),
        loan: loanView(result.loan, result.schedule),
      },
    };
  }));
};

export default loanRoutes;
