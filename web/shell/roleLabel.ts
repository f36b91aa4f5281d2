import type { TFunction } from 'i18next';

/** "系统管理员@开江县": how a role held at an org reads everywhere in the console. */
export function roleAtLabel(t: TFunction, role: string, orgName: string): string {
  return t('roleAt', { role: t(`roles.${role}`, { defaultValue: role }), org: orgName });
}
