export type { FacilityType, OrgKind, UnitKind } from '../../core/org/codes.ts';
export type {
  AuditEntry,
  ListResult,
  Org,
  OrgHit,
  OrgRef,
  Person,
  PersonRole,
} from '../../core/org/views.ts';
