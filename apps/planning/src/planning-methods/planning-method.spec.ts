import { HttpException } from '@nestjs/common';
import { refuseSecondMethod, type PlanningMethod } from './planning-method.js';

/** The 409 refuseSecondMethod throws, as its body reads. */
function refusal(present: PlanningMethod[], wanted: PlanningMethod): { code?: string; message?: string } | null {
  try {
    refuseSecondMethod(present, wanted, 'P1', 'WH1');
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(HttpException);
    expect((e as HttpException).getStatus()).toBe(409);
    return (e as HttpException).getResponse() as { code?: string; message?: string };
  }
}

describe('one planning method per product-site', () => {
  it('lets a product-site nothing plans take any method, and the method it has take it again', () => {
    for (const m of ['reorderingRule', 'mrp', 'mps'] as const) {
      expect(refusal([], m)).toBeNull();
      expect(refusal([m], m)).toBeNull();
    }
  });

  it('refuses a second method with a code and a message naming the first', () => {
    expect(refusal(['reorderingRule'], 'mrp')).toMatchObject({ code: 'RULE_EXISTS', message: expect.stringContaining('planned by a reordering rule at warehouse WH1') });
    expect(refusal(['mrp'], 'mps')).toMatchObject({ code: 'MRP_PLANNED', message: expect.stringContaining('planned by MRP (a reorder policy)') });
    expect(refusal(['mps'], 'reorderingRule')).toMatchObject({ code: 'MPS_PLANNED', message: expect.stringContaining('planned by the MPS') });
  });
});
