import type { FacilityType, OrgKind } from './codes.ts';

/** The org, person and audit shapes of the API: what the server returns and the web reads. */

export interface Org {
  code: string;
  name: string;
  kind: OrgKind;
  /** 1 province … 5 village: the administrative level of the region the org sits in. */
  level: number;
  depth: number;
  parentCode: string | null;
  path: string;
  status: 'active' | 'removed';
  facilityType: FacilityType | string | null;
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
  /** Masked unless explicitly unmasked (and then audited). */
  phone: string | null;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  roles: PersonRole[];
}

/** 'staff' for the service network's people, 'resident' for an online applicant's own account. */
export type PersonKind = 'staff' | 'resident';

/** A resident's own account as /api/my/profile shows it. */
export interface ResidentProfile {
  name: string;
  /** Masked: 511723********1234. */
  idNumber: string;
  /** The mobile number the resident signs in with, in full: it is their own. */
  phone: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  orgCode: string;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface ListResult<T> {
  items: T[];
  total: number;
}
