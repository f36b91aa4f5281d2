import type { FacilityType, OrgKind } from '../../core/org/codes.ts';

export type { FacilityType, OrgKind, UnitKind } from '../../core/org/codes.ts';

export interface ListResult<T> {
  items: T[];
  total: number;
}

export interface Org {
  code: string;
  name: string;
  kind: OrgKind;
  level: number;
  depth: number;
  parentCode: string | null;
  path: string;
  status: 'active' | 'removed';
  facilityType: FacilityType | null;
  childCount: number;
}

export interface OrgRef {
  code: string;
  name: string;
}

export interface OrgHit extends Org {
  ancestors: OrgRef[];
}

export interface PersonRole {
  id: string;
  role: string;
  orgCode: string;
  orgName: string;
}

export interface Person {
  id: string;
  username: string;
  displayName: string;
  orgCode: string;
  orgName: string;
  phone: string | null;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  roles: PersonRole[];
}

export interface AuditEntry {
  id: number;
  at: string;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  orgCode: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}
