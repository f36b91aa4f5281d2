import { EditOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Descriptions, Divider, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../shell/session.tsx';
import { allowedChildKinds, NewUnitForm } from './NewUnitForm.tsx';
import { OrgKindTag, RemovedTag } from './OrgTags.tsx';
import { pathCodes } from './orgApi.ts';
import { RenameOrgModal } from './RenameOrgModal.tsx';
import type { Org } from './types.ts';

interface Props {
  org: Org;
  nameOf(code: string): string;
  onNavigate(code: string): void;
  onCreated(org: Org): void;
  onRenamed(org: Org): void;
}

export function OrgDetails({ org, nameOf, onNavigate, onCreated, onRenamed }: Props) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [renaming, setRenaming] = useState(false);
  const writable = can('org.write') && org.status === 'active';
  const codes = pathCodes(org.path);

  return (
    <Card
      data-testid="org-details"
      title={
        <span data-testid="org-details-name" className={org.status === 'removed' ? 'bm-removed' : undefined}>
          {org.name}
        </span>
      }
      extra={
        writable && (
          <Button icon={<EditOutlined />} onClick={() => setRenaming(true)} data-testid="org-rename">
            {t('org.rename')}
          </Button>
        )
      }
    >
      <Breadcrumb
        style={{ marginBottom: 16 }}
        items={codes.map((code) => ({
          key: code,
          title:
            code === org.code ? (
              nameOf(code)
            ) : (
              <Typography.Link onClick={() => onNavigate(code)}>{nameOf(code)}</Typography.Link>
            ),
        }))}
      />
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        bordered
        items={[
          { key: 'name', label: t('org.name'), children: org.name },
          {
            key: 'code',
            label: t('org.code'),
            children: <span data-testid="org-details-code">{org.code}</span>,
          },
          { key: 'kind', label: t('org.kind'), children: <OrgKindTag kind={org.kind} /> },
          {
            key: 'level',
            label: t('org.level'),
            children: t(`orgLevel.${org.level}`, { defaultValue: String(org.level) }),
          },
          {
            key: 'status',
            label: t('org.status'),
            children: org.status === 'removed' ? <RemovedTag /> : t('org.active'),
          },
          ...(org.facilityType
            ? [
                {
                  key: 'facility',
                  label: t('org.facilityType'),
                  children: t(`facilityType.${org.facilityType}`),
                },
              ]
            : []),
          { key: 'children', label: t('org.childCount'), children: org.childCount },
        ]}
      />
      {writable && allowedChildKinds(org).length > 0 && (
        <>
          <Divider titlePlacement="start">{t('org.newUnit')}</Divider>
          <NewUnitForm parent={org} onCreated={onCreated} />
        </>
      )}
      <RenameOrgModal
        org={org}
        open={renaming}
        onClose={() => setRenaming(false)}
        onSaved={(saved) => {
          setRenaming(false);
          onRenamed(saved);
        }}
      />
    </Card>
  );
}
