import {
  CheckOutlined,
  CopyOutlined,
  DiffOutlined,
  EyeOutlined,
  RollbackOutlined,
  SaveOutlined,
  SendOutlined,
  StopOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Grid,
  Input,
  Modal,
  Result,
  Row,
  Space,
  Spin,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, errorText } from '../api.ts';
import { formatTime } from '../i18n/index.ts';
import { GuideSections } from '../portal/GuideSections.tsx';
import { useLoad } from '../portal/useLoad.ts';
import { useMe } from '../shell/session.tsx';
import { StatusTag } from './CatalogPage.tsx';
import { CompareModal } from './CompareModal.tsx';
import {
  createDraft,
  editDraft,
  fetchItem,
  fetchVersion,
  fileUrl,
  transition,
  uploadMaterialFile,
  type Version,
  type VersionAction,
  type VersionSummary,
} from './catalogApi.ts';
import { EditorProblemAlert } from './EditorProblemAlert.tsx';
import { type EditorValues, fromForm, toForm } from './editorValues.ts';
import { loadDepartmentOptions } from './orgOptions.ts';
import { PlacementsCard } from './PlacementsCard.tsx';
import { useCanAt } from './scope.ts';
import { useTerms } from './terms.ts';
import { useEditorErrors } from './useEditorErrors.ts';
import { type FileKind, VersionEditor } from './VersionEditor.tsx';
import './catalog.css';

/** The version to open first: the one being worked on, else the published one, else the newest. */
function defaultVersion(versions: readonly VersionSummary[]): VersionSummary | undefined {
  return (
    versions.find((v) => v.status === 'draft' || v.status === 'review') ??
    versions.find((v) => v.status === 'published') ??
    versions[0]
  );
}

function VersionList({
  versions,
  selected,
  onSelect,
  onCompare,
}: {
  versions: VersionSummary[];
  selected: string | undefined;
  onSelect(id: string): void;
  onCompare(): void;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={t('catalog.versions.title')}
      extra={
        versions.length > 1 && (
          <Button size="small" icon={<DiffOutlined />} onClick={onCompare} data-testid="compare-open">
            {t('catalog.compare.open')}
          </Button>
        )
      }
      data-testid="version-list"
    >
      <div className="bm-version-list">
        {versions.map((v) => {
          const when = v.retiredAt ?? v.publishedAt ?? v.submittedAt ?? v.updatedAt;
          return (
            <button
              type="button"
              key={v.id}
              className={`bm-version${v.id === selected ? ' bm-version-active' : ''}`}
              onClick={() => onSelect(v.id)}
              data-testid={`version-row-${v.version}`}
              data-status={v.status}
              aria-current={v.id === selected ? 'true' : undefined}
            >
              <span className="bm-version-head">
                <strong>v{v.version}</strong>
                <StatusTag status={v.status} />
              </span>
              <span className="bm-version-name">{v.name}</span>
              <span className="bm-muted bm-version-when">{formatTime(when).slice(0, 16)}</span>
            </button>
          );
        })}
      </div>
    </Card>
  );
}

function StatusNote({ version, selfAuthored }: { version: Version; selfAuthored: boolean }) {
  const { t } = useTranslation();
  const at = (iso: string | null) => (iso ? formatTime(iso).slice(0, 16) : '');
  switch (version.status) {
    case 'draft':
      return version.returnedAt ? (
        <Alert
          type="warning"
          showIcon
          data-testid="status-note"
          title={t('catalog.status.returned', { by: version.returnedBy ?? '', at: at(version.returnedAt) })}
          description={version.returnReason ?? undefined}
        />
      ) : (
        <Alert type="info" showIcon data-testid="status-note" title={t('catalog.status.draft')} />
      );
    case 'review':
      return (
        <Alert
          type="warning"
          showIcon
          data-testid="status-note"
          title={t('catalog.status.review', { by: version.submittedBy ?? '', at: at(version.submittedAt) })}
          description={selfAuthored ? t('catalog.status.selfReview') : undefined}
        />
      );
    case 'published':
      return (
        <Alert
          type="success"
          showIcon
          data-testid="status-note"
          title={t('catalog.status.published', {
            by: version.publishedBy ?? '',
            at: at(version.publishedAt),
          })}
        />
      );
    default:
      return (
        <Alert
          type="info"
          showIcon
          data-testid="status-note"
          title={t('catalog.status.retired', { by: version.retiredBy ?? '', at: at(version.retiredAt) })}
        />
      );
  }
}

interface ReasonAsk {
  action: Extract<VersionAction, 'return' | 'retire'>;
}

/** /console/catalog/items/:itemId?version= — an item's versions, the selected one read or edited, its windows. */
export function ItemPage() {
  const { t } = useTranslation();
  const terms = useTerms();
  const { message } = App.useApp();
  const me = useMe();
  const canAt = useCanAt();
  const narrow = !Grid.useBreakpoint().lg;
  const { itemId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const item = useLoad((signal) => fetchItem(itemId, signal), [itemId]);
  const versions = item.data?.id === itemId ? item.data.versions : [];
  const selectedId = params.get('version') ?? defaultVersion(versions)?.id;

  const [version, setVersion] = useState<Version | null>(null);
  const [versionError, setVersionError] = useState<string | null>(null);
  const [form] = Form.useForm<EditorValues>();
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [fileNames, setFileNames] = useState<Record<string, string>>({});
  const [comparing, setComparing] = useState(false);
  const [asking, setAsking] = useState<ReasonAsk | null>(null);
  const [reason, setReason] = useState('');
  const errors = useEditorErrors(form);
  const departments = useLoad(
    () =>
      item.data
        ? loadDepartmentOptions(
            item.data.countyCode,
            me.roles.map((r) => r.orgCode),
          )
        : Promise.resolve([]),
    [item.data?.countyCode],
  );

  const loadVersion = useCallback(async (id: string, signal?: AbortSignal) => {
    try {
      const v = await fetchVersion(id, signal);
      if (signal?.aborted) return;
      setVersion(v);
      setVersionError(null);
      setDirty(false);
    } catch (e) {
      if (!signal?.aborted) setVersionError(errorText(e));
    }
  }, []);

  const clearErrors = errors.clear;
  useEffect(() => {
    if (!selectedId) return;
    const controller = new AbortController();
    clearErrors();
    void loadVersion(selectedId, controller.signal);
    return () => controller.abort();
  }, [selectedId, loadVersion, clearErrors]);

  const select = (id: string) => {
    if (dirty && !window.confirm(t('catalog.editor.discard'))) return;
    setParams({ version: id });
  };

  /** After a change: the item (versions, windows) and the version as stored. */
  const refresh = (versionId?: string) => {
    item.reload();
    if (versionId && versionId !== selectedId) setParams({ version: versionId });
    else if (selectedId) void loadVersion(selectedId);
  };

  const shown = version && version.id === selectedId ? version : null;
  // Authoring and review are decided at the item's department (a township admin cannot edit a bureau's item).
  const department = item.data?.departmentCode ?? '';
  const can = (permission: 'catalog.write' | 'catalog.review') =>
    Boolean(department) && canAt(permission, department);
  const editable = Boolean(shown && shown.status === 'draft' && can('catalog.write'));
  const selfAuthored = Boolean(shown?.authorIds.includes(me.id));
  const openVersion = versions.find((v) => v.status === 'draft' || v.status === 'review');
  const initialValues = useMemo(() => (shown ? toForm(shown) : null), [shown]);

  // A remounted form keeps the values it held; after a save or an upload it must show what is stored.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the stored version's identity and time are the trigger
  useEffect(() => {
    if (editable) form.resetFields();
  }, [shown?.id, shown?.updatedAt, editable]);

  const save = async (): Promise<boolean> => {
    if (!shown) return false;
    try {
      await form.validateFields();
    } catch {
      return false;
    }
    setBusy('save');
    try {
      const saved = await editDraft(shown.id, fromForm(form.getFieldsValue(true)) as never);
      errors.clear();
      setVersion(saved);
      setDirty(false);
      item.reload();
      message.success(t('catalog.editor.saved'));
      return true;
    } catch (e) {
      errors.show(e);
      return false;
    } finally {
      setBusy(null);
    }
  };

  const upload = async (index: number, kind: FileKind, file: File) => {
    if (!shown) return;
    // The server stores the file against the saved draft's material `index`: save the screen first.
    if (dirty && !(await save())) return;
    setBusy(`${index}-${kind}`);
    try {
      const stored = await uploadMaterialFile(shown.id, index, kind, file);
      setFileNames((names) => ({ ...names, [stored.id]: stored.name }));
      message.success(t('catalog.editor.uploaded', { name: stored.name }));
      await loadVersion(shown.id);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const act = async (action: VersionAction, why?: string) => {
    if (!shown) return;
    if (action === 'submit' && dirty && !(await save())) return;
    setBusy(action);
    try {
      await transition(shown.id, action, why);
      message.success(t(`catalog.actions.${action}Done`, { v: shown.version }));
      errors.clear();
      refresh();
    } catch (e) {
      if (e instanceof ApiError && e.errors.length > 0) errors.show(e);
      else message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const newDraft = async (from?: string) => {
    setBusy('draft');
    try {
      const draft = await createDraft(itemId, from);
      message.success(t('catalog.actions.draftDone', { v: draft.version }));
      refresh(draft.id);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  if (item.failure && !item.data) {
    const missing = item.failure instanceof ApiError && item.failure.status === 404;
    return (
      <Result
        status={missing ? '404' : 'warning'}
        title={missing ? t('catalog.itemMissing') : item.error}
        extra={<Link to="/console/catalog">{t('catalog.backToList')}</Link>}
      />
    );
  }
  if (!item.data || item.data.id !== itemId) {
    return (
      <div className="bm-center-pad">
        <Spin size="large" />
      </div>
    );
  }
  const detail = item.data;
  const title =
    openVersion?.name ?? versions.find((v) => v.status === 'published')?.name ?? versions[0]?.name;
  const published = versions.find((v) => v.status === 'published');
  const reviewBlocked = selfAuthored ? t('catalog.status.selfReview') : undefined;

  const actions = shown && (
    <Space wrap data-testid="version-actions">
      {editable && (
        <Button
          icon={<SaveOutlined />}
          onClick={() => void save()}
          loading={busy === 'save'}
          disabled={!dirty}
          data-testid="action-save"
        >
          {t('catalog.actions.save')}
        </Button>
      )}
      {shown.status === 'draft' && can('catalog.write') && (
        <Button
          type="primary"
          icon={<SendOutlined />}
          onClick={() => void act('submit')}
          loading={busy === 'submit'}
          data-testid="action-submit"
        >
          {t('catalog.actions.submit')}
        </Button>
      )}
      {shown.status === 'review' && can('catalog.review') && (
        <>
          <Tooltip title={reviewBlocked}>
            <Button
              type="primary"
              icon={<CheckOutlined />}
              disabled={selfAuthored}
              loading={busy === 'publish'}
              onClick={() => void act('publish')}
              data-testid="action-publish"
            >
              {t('catalog.actions.publish')}
            </Button>
          </Tooltip>
          <Tooltip title={reviewBlocked}>
            <Button
              icon={<RollbackOutlined />}
              disabled={selfAuthored}
              onClick={() => {
                setReason('');
                setAsking({ action: 'return' });
              }}
              data-testid="action-return"
            >
              {t('catalog.actions.return')}
            </Button>
          </Tooltip>
        </>
      )}
      {shown.status === 'published' && can('catalog.write') && !openVersion && (
        <Button
          type="primary"
          icon={<CopyOutlined />}
          loading={busy === 'draft'}
          onClick={() => void newDraft()}
          data-testid="action-new-draft"
        >
          {t('catalog.actions.newDraft')}
        </Button>
      )}
      {shown.status === 'retired' && can('catalog.write') && !openVersion && (
        <Button
          icon={<CopyOutlined />}
          loading={busy === 'draft'}
          onClick={() => void newDraft(shown.id)}
          data-testid="action-draft-from"
        >
          {t('catalog.actions.draftFrom', { v: shown.version })}
        </Button>
      )}
      {shown.status === 'published' && can('catalog.review') && (
        <Button
          danger
          icon={<StopOutlined />}
          onClick={() => {
            setReason('');
            setAsking({ action: 'retire' });
          }}
          data-testid="action-retire"
        >
          {t('catalog.actions.retire')}
        </Button>
      )}
      {shown.status === 'published' && (
        <Link to={`/guides/${detail.id}`} target="_blank" data-testid="action-portal">
          <EyeOutlined /> {t('catalog.actions.portal')}
        </Link>
      )}
    </Space>
  );

  const names = new Map((departments.data ?? []).map((d) => [d.value, d.label]));
  const fileLink = (id: string | null, fallback: string) =>
    id ? { id, name: fileNames[id] ?? fallback, contentType: '', size: 0, url: fileUrl(id) } : null;

  return (
    <div data-testid="item-page">
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[{ title: <Link to="/console/catalog">{t('catalog.title')}</Link> }, { title }]}
      />
      <Card size={narrow ? 'small' : undefined} style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="item-title">
          {title}
        </Typography.Title>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          style={{ marginTop: 8 }}
          items={[
            { key: 'department', label: t('catalog.field.department'), children: detail.departmentName },
            { key: 'level', label: t('catalog.field.level'), children: terms.label('levels', detail.level) },
            {
              key: 'implementationCode',
              label: t('catalog.field.implementationCode'),
              children: detail.implementationCode,
            },
            { key: 'basicCode', label: t('catalog.field.basicCode'), children: detail.basicCode },
          ]}
        />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={7} xl={6}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <VersionList
              versions={versions}
              selected={selectedId}
              onSelect={select}
              onCompare={() => setComparing(true)}
            />
            <PlacementsCard
              item={detail}
              proxyAllowed={Boolean((shown ?? version)?.proxyAllowed)}
              onChanged={item.reload}
            />
          </Space>
        </Col>
        <Col xs={24} lg={17} xl={18}>
          {versionError && <Alert type="error" showIcon title={versionError} />}
          {!shown && !versionError && (
            <div className="bm-center-pad">
              <Spin />
            </div>
          )}
          {shown && (
            <div data-testid="version-panel" data-version={shown.version} data-status={shown.status}>
              <div className="bm-version-bar">
                <Space wrap align="center">
                  <Typography.Text strong>v{shown.version}</Typography.Text>
                  <StatusTag status={shown.status} />
                  {dirty && <Typography.Text type="warning">{t('catalog.editor.unsaved')}</Typography.Text>}
                </Space>
                {actions}
              </div>
              <StatusNote version={shown} selfAuthored={selfAuthored && shown.status === 'review'} />
              <EditorProblemAlert problem={errors.problem} />
              {editable && initialValues ? (
                <VersionEditor
                  key={`${shown.id}-${shown.updatedAt}`}
                  form={form}
                  initialValues={initialValues}
                  mode="edit"
                  departments={departments.data ?? []}
                  sectionErrors={errors.sections}
                  onUpload={upload}
                  uploading={busy}
                  fileNames={fileNames}
                  onValuesChange={() => setDirty(true)}
                />
              ) : (
                <Card size="small" className="bm-version-view" data-testid="version-view">
                  <GuideSections
                    guide={{
                      ...shown,
                      materials: shown.materials.map((m) => ({
                        ...m,
                        blankFile: fileLink(m.blankFileId, t('portal.guide.blankForm')),
                        sampleFile: fileLink(m.sampleFileId, t('portal.guide.sample')),
                      })),
                    }}
                    departmentName={shown.departmentName}
                    level={shown.level}
                    leadName={shown.handling.lead ? (names.get(shown.handling.lead) ?? null) : null}
                    participantNames={shown.handling.participants.map((p) => names.get(p) ?? p)}
                    windows={shown.status === 'published' ? detail.windows : undefined}
                  />
                </Card>
              )}
            </div>
          )}
        </Col>
      </Row>
      {comparing && (
        <CompareModal
          open
          versions={versions}
          initialFrom={
            (published && published.id !== selectedId ? published : versions.find((v) => v.id !== selectedId))
              ?.id
          }
          initialTo={selectedId}
          onClose={() => setComparing(false)}
        />
      )}
      <Modal
        open={asking !== null}
        title={asking ? t(`catalog.actions.${asking.action}Title`, { v: shown?.version }) : ''}
        okText={asking ? t(`catalog.actions.${asking.action}`) : ''}
        okButtonProps={{ danger: asking?.action === 'retire', 'data-testid': 'reason-ok' } as never}
        onCancel={() => setAsking(null)}
        onOk={() => {
          const a = asking;
          setAsking(null);
          if (a) void act(a.action, reason.trim() || undefined);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          {asking ? t(`catalog.actions.${asking.action}Hint`) : ''}
        </Typography.Paragraph>
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 6 }}
          placeholder={t('catalog.actions.reason')}
          data-testid="reason-input"
        />
      </Modal>
    </div>
  );
}
