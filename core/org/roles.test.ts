import { describe, expect, it } from 'vitest';
import { canAt, permissionsOf, type RoleGrant, scopeRoots } from './roles.ts';

const township: RoleGrant = { role: 'admin', orgCode: '511723100', orgPath: '/511723/511723100/' };
const center: RoleGrant = {
  role: 'window_staff',
  orgCode: '511723100-1',
  orgPath: '/511723/511723100/511723100-1/',
};
const proxy: RoleGrant = {
  role: 'village_proxy',
  orgCode: '511723101001',
  orgPath: '/511723/511723101/511723101001/',
};

describe('roles at an org subtree', () => {
  it('reaches the whole subtree and nothing else', () => {
    expect(canAt([township], 'org.write', '/511723/511723100/511723100-1/511723100-1-1/')).toBe(true);
    expect(canAt([township], 'org.read', '/511723/')).toBe(false);
    expect(canAt([township], 'org.read', '/511723/511723101/')).toBe(false);
    // A path that merely starts with the same digits is a sibling, not a child.
    expect(canAt([township], 'org.read', '/511723/5117231001/')).toBe(false);
  });

  it('grants only the permissions of the role', () => {
    expect(canAt([center], 'org.read', center.orgPath)).toBe(true);
    expect(canAt([center], 'org.write', center.orgPath)).toBe(false);
    expect(permissionsOf([center, proxy])).toEqual(['org.read', 'people.read', 'case.handle', 'case.read']);
    expect(canAt([center], 'case.handle', center.orgPath)).toBe(true);
    expect(canAt([{ ...center, role: 'leader' }], 'case.handle', center.orgPath)).toBe(false);
    expect(canAt([{ ...center, role: 'leader' }], 'case.read', center.orgPath)).toBe(true);
  });

  it('counts root-only permissions at a root org only', () => {
    const countyAdmin: RoleGrant = { role: 'admin', orgCode: '511723', orgPath: '/511723/' };
    expect(permissionsOf([township])).not.toContain('calendar.write');
    expect(permissionsOf([countyAdmin])).toContain('calendar.write');
  });

  it('scopes lists to the topmost non-overlapping roots holding the permission', () => {
    expect(scopeRoots([center, township, proxy], 'org.read')).toEqual([township.orgPath, proxy.orgPath]);
    expect(scopeRoots([center, proxy], 'people.read')).toEqual([center.orgPath]);
    expect(scopeRoots([proxy], 'audit.read')).toEqual([]);
  });
});
