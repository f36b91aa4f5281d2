import { describe, expect, it } from 'vitest';
import {
  adminLevelOfCode,
  canHoldUnit,
  isOrgCode,
  isRootPath,
  orgSortKey,
  regionLevelOfCode,
} from './codes.ts';

describe('org codes', () => {
  it('accepts division codes and unit codes under them', () => {
    for (const code of ['511723', '511723100', '511723100001', '511723-1', '511723100-1-12']) {
      expect(isOrgCode(code), code).toBe(true);
    }
    for (const code of ['51172', '5117231', '51x723', '511723-', '511723--1', '511723-a', '']) {
      expect(isOrgCode(code), code).toBe(false);
    }
  });

  it('tells the region level and the administrative level', () => {
    expect(regionLevelOfCode('511723')).toBe('county');
    expect(regionLevelOfCode('511723100')).toBe('township');
    expect(regionLevelOfCode('511723100001')).toBe('village');
    expect(regionLevelOfCode('511723-1')).toBeNull();
    expect([
      adminLevelOfCode('511723'),
      adminLevelOfCode('511723100-1-2'),
      adminLevelOfCode('511723100001-1'),
    ]).toEqual([3, 4, 5]);
  });

  it('orders siblings: units first, in creation order, then sub-regions', () => {
    const codes = ['511723001', '511723-10', '511723-2', '511723100', '511723-1'];
    expect(codes.sort((a, b) => orgSortKey(a).localeCompare(orgSortKey(b)))).toEqual([
      '511723-1',
      '511723-2',
      '511723-10',
      '511723001',
      '511723100',
    ]);
  });

  it('knows which units may hang where', () => {
    expect(canHoldUnit('center', 'window')).toBe(true);
    expect(canHoldUnit('village', 'station')).toBe(true);
    expect(canHoldUnit('window', 'window')).toBe(false);
    expect(canHoldUnit('village', 'center')).toBe(false);
    expect(isRootPath('/511723/')).toBe(true);
    expect(isRootPath('/511723/511723100/')).toBe(false);
  });
});
