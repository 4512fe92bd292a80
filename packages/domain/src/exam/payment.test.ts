import { describe, expect, it } from 'vitest';
import { fenToYuan, orderAmount, yuanToFen } from './payment';

describe('订单金额', () => {
  it('adds each chosen subject\'s fee in fen, never in floating point', () => {
    expect(orderAmount({ junior_practice: '56', economic_law_basics: '56.5' }, ['junior_practice', 'economic_law_basics'])).toBe('112.50');
    expect(orderAmount({ a: '0.1', b: '0.2' }, ['a', 'b'])).toBe('0.30');
    expect(orderAmount({ a: '80.00', b: '80.00', c: '80.00' }, ['a', 'c'])).toBe('160.00');
  });
  it('has no amount when a subject has no fee, or nothing is chosen', () => {
    expect(orderAmount({ a: '56' }, ['a', 'b'])).toBeNull();
    expect(orderAmount({ a: 'x' }, ['a'])).toBeNull();
    expect(orderAmount({ a: '56' }, [])).toBeNull();
  });
  it('reads and writes yuan as text', () => {
    expect(yuanToFen('56')).toBe(5600);
    expect(yuanToFen('56.5')).toBe(5650);
    expect(yuanToFen('0.01')).toBe(1);
    expect(yuanToFen('-1')).toBeNull();
    expect(yuanToFen('1.234')).toBeNull();
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(11250)).toBe('112.50');
  });
});
