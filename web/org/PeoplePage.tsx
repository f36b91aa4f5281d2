import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Input,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api.ts';
import { roleAtLabel } from '../shell/roleLabel.ts';
import { useSession } from '../shell/session.tsx';
import { tablePagination } from '../shell/tablePagination.ts';
import { OrgSelect } from './OrgSelect.tsx';
import { CreatePersonModal, EditPersonModal, GrantRoleModal, ResetPasswordModal } from './PersonModals.tsx';
import { fetchUnmaskedPhone, listPeople, revokeRole } from './peopleApi.ts';
import type { Person, PersonRole } from './types.ts';
import { useDebounced } from './useDebounced.ts';

type Dialog = { kind: 'create' } | { kind: 'edit' | 'grant' | 'reset'; person: Person } | null;

function PhoneCell({ person, canUnmask }: { person: Person; canUnmask: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [full, setFull] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!person.phone) return <Typography.Text type="secondary">—</Typography.Text>;
  const reveal = async () => {
    setBusy(true);
    try {
      setFull(await fetchUnmaskedPhone(person.id));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space size={4}>
      <span data-testid={`phone-${person.username}`}>{full ?? person.phone}</span>
      {canUnmask && !full && (
        <Tooltip title={t('people.unmaskHint')}>
          <Button
            size="small"
            type="text"
            icon={<EyeOutlined />}
            loading={busy}
            onClick={() => void reveal()}
            aria-label={t('people.unmask')}
            data-testid={`unmask-${person.username}`}
          />
        </Tooltip>
      )}
    </Space>
  );
}

export function PeoplePage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const writable = can('people.write');
  const [org, setOrg] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 300);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [rows, setRows] = useState<Person[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);
  const [dialog, setDialog] = useState<Dialog>(null);

  // `reload` is part of the request so that saving something fetches the same page again.
  const request = useMemo(
    () => ({ query: { org, q: query || undefined, page, pageSize }, reload }),
    [org, query, page, pageSize, reload],
  );

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listPeople(request.query, controller.signal)
      .then((res) => {
        setRows(res.items);
        setTotal(res.total);
      })
      .catch((e) => controller.signal.aborted || message.error(errorText(e)))
      .finally(() => controller.signal.aborted || setLoading(false));
    return () => controller.abort();
  }, [request, message]);

  const done = useCallback(
    (text: string) => {
      setDialog(null);
      message.success(text);
      setReload((n) => n + 1);
    },
    [message],
  );

  const confirmRevoke = (person: Person, grant: PersonRole) =>
    modal.confirm({
      title: t('people.revokeConfirm', {
        role: roleAtLabel(t, grant.role, grant.orgName),
        name: person.displayName,
      }),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await revokeRole(person.id, grant.id);
          done(t('people.revoked'));
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });

  const columns: TableColumnsType<Person> = [
    { key: 'username', title: t('people.username'), dataIndex: 'username' },
    {
      key: 'displayName',
      title: t('people.displayName'),
      render: (_, p) => (
        <Space size={4} wrap>
          {p.displayName}
          {p.mustChangePassword && <Tag color="gold">{t('people.mustChange')}</Tag>}
        </Space>
      ),
    },
    { key: 'org', title: t('people.org'), dataIndex: 'orgName' },
    {
      key: 'phone',
      title: t('people.phone'),
      render: (_, p) => <PhoneCell person={p} canUnmask={writable} />,
    },
    {
      key: 'roles',
      title: t('people.roles'),
      width: 300,
      render: (_, p) => (
        <Space size={[0, 4]} wrap>
          {p.roles.map((grant) => (
            <Tag
              key={grant.id}
              color="blue"
              closable={writable}
              onClose={(e) => {
                // The tag must stay until the server agrees; the list reload removes it.
                e.preventDefault();
                confirmRevoke(p, grant);
              }}
            >
              {roleAtLabel(t, grant.role, grant.orgName)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('people.status'),
      render: (_, p) =>
        p.status === 'active' ? (
          <Tag color="green">{t('people.active')}</Tag>
        ) : (
          <Tag>{t('people.disabled')}</Tag>
        ),
    },
    ...(writable
      ? [
          {
            key: 'actions',
            title: t('table.actions'),
            render: (_: unknown, p: Person) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', person: p })}>
                  {t('people.edit')}
                </Button>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'grant', person: p })}>
                  {t('people.grantRole')}
                </Button>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'reset', person: p })}>
                  {t('people.resetPassword')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const personOf = (kind: 'edit' | 'grant' | 'reset') =>
    dialog && dialog.kind === kind ? dialog.person : null;

  return (
    <Card
      title={t('nav.people')}
      extra={
        writable && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ kind: 'create' })}
            data-testid="person-new"
          >
            {t('people.create')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <OrgSelect
          value={org}
          onChange={(code) => {
            setOrg(code);
            setPage(1);
          }}
          allowClear
          placeholder={t('people.filterOrg')}
          style={{ width: 260 }}
          testId="people-org-filter"
        />
        <Input.Search
          allowClear
          placeholder={t('people.searchPlaceholder')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
          }}
          style={{ width: 240 }}
          data-testid="people-search"
        />
      </Space>
      <Table<Person>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        scroll={{ x: 'max-content' }}
        pagination={tablePagination(t, { page, pageSize, total }, (p, s) => {
          setPage(p);
          setPageSize(s);
        })}
      />
      <CreatePersonModal
        open={dialog?.kind === 'create'}
        defaultOrg={org}
        onClose={() => setDialog(null)}
        onDone={() => done(t('people.created'))}
      />
      <EditPersonModal
        person={personOf('edit')}
        onClose={() => setDialog(null)}
        onDone={() => done(t('form.saved'))}
      />
      <GrantRoleModal
        person={personOf('grant')}
        onClose={() => setDialog(null)}
        onDone={() => done(t('people.granted'))}
      />
      <ResetPasswordModal
        person={personOf('reset')}
        onClose={() => setDialog(null)}
        onDone={() => done(t('people.passwordReset'))}
      />
    </Card>
  );
}
