export { diffValues, type FieldChange } from './diff.ts';
export { type FivePublics, fivePublics, visitBadge } from './five-publics.ts';
export {
  type Faq,
  type Fee,
  GUIDE_FIELDS,
  type Guide,
  guideOf,
  type Handling,
  IDENTITY_FIELDS,
  type ItemDraft,
  type ItemIdentity,
  type Limit,
  type Material,
  type Step,
} from './guide.ts';
export {
  ACTION_NAMES,
  canEdit,
  checkTransition,
  draftSource,
  isOpen,
  planPublication,
  type TransitionCheck,
  VERSION_ACTIONS,
  type VersionAction,
} from './lifecycle.ts';
export {
  expectedCompletion,
  formatLimit,
  limitDeadline,
  parseLimit,
  promisedWithinLegal,
  SAME_DAY,
} from './limits.ts';
export {
  CODE_PATTERN,
  HANDLING_UNIT_KINDS,
  LIMITS,
  type OrgRef,
  orgCodesNamed,
  type ValidationEnv,
  type ValidationError,
  type ValidationResult,
  validateItemDraft,
} from './validate.ts';
export * from './vocabulary.ts';
