import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Permission, useSession } from './session.tsx';

/** Hides a page the person may not use; the server refuses the data anyway, this just says so kindly. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const { can } = useSession();
  if (!can(permission)) return <Result status="403" title="403" subTitle={t('forbidden.text')} />;
  return <>{children}</>;
}
