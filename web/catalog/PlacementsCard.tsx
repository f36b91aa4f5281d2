import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api.ts';
import { useLoad } from '../portal/useLoad.ts';
import { useMe, useSession } from '../shell/session.tsx';
import { assignWindow, type ItemDetail, type Placement, setProxies, unassignWindow } from './catalogApi.ts';
import { loadPlaceTree, loadWindowOptions, type PlaceNode, regionCodeOf } from './orgOptions.ts';
import { useCanAt } from './scope.ts';

const placeName = (p: Placement) => (p.parentName ? `${p.parentName} · ${p.name}` : p.name);

interface Props {
  item: ItemDetail;
  /** Whether the current guide lets village proxies file the item (the server refuses proxies otherwise). */
  proxyAllowed: boolean;
  onChanged(): void;
}

/** Which windows accept the item (综合窗口 included) and which villages may proxy it. */
export function PlacementsCard({ item, proxyAllowed, onChanged }: Props) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { can } = useSession();
  const me = useMe();
  const canAt = useCanAt();
  // Adding is offered to anyone who authors somewhere (the picker lists only their windows and villages).
  const canWrite = can('catalog.write');
  const region = regionCodeOf(item.departmentCode);
  const roleOrgs = me.roles.map((r) => r.orgCode);
  const [adding, setAdding] = useState(false);
  const [windowCode, setWindowCode] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [editingProxies, setEditingProxies] = useState(false);
  const [proxyCodes, setProxyCodes] = useState<string[]>(item.proxies.map((p) => p.code));

  useEffect(() => setProxyCodes(item.proxies.map((p) => p.code)), [item.proxies]);

  const windowOptions = useLoad(
    () => (adding ? loadWindowOptions(region, roleOrgs) : Promise.resolve(undefined)),
    [adding, region, roleOrgs.join(',')],
  );
  const placeTree = useLoad(
    () => (editingProxies ? loadPlaceTree(region, roleOrgs) : Promise.resolve(undefined)),
    [editingProxies, region, roleOrgs.join(',')],
  );

  const assigned = new Set(item.windows.map((w) => w.code));
  // Proxy places outside the person's reach stay as they are (the server keeps them); only the rest is edited.
  const inTree = new Set<string>();
  const walk = (nodes: readonly PlaceNode[]) => {
    for (const n of nodes) {
      inTree.add(n.value);
      if (n.children) walk(n.children);
    }
  };
  walk(placeTree.data ?? []);
  const others = item.proxies.filter((p) => !inTree.has(p.code));

  const add = async () => {
    if (!windowCode) return;
    setBusy(true);
    try {
      await assignWindow(item.id, windowCode);
      message.success(t('catalog.placements.windowAdded'));
      setWindowCode(undefined);
      setAdding(false);
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = (w: Placement) => {
    modal.confirm({
      title: t('catalog.placements.removeConfirm', { name: placeName(w) }),
      okButtonProps: { danger: true, 'data-testid': 'window-remove-ok' } as never,
      onOk: async () => {
        try {
          await unassignWindow(item.id, w.code);
          onChanged();
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  };

  const saveProxies = async () => {
    setBusy(true);
    try {
      await setProxies(
        item.id,
        proxyCodes.filter((c) => inTree.has(c)),
      );
      message.success(t('catalog.placements.proxiesSaved'));
      setEditingProxies(false);
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('catalog.placements.title')} data-testid="placements-card">
      <Typography.Text strong>{t('catalog.placements.windows')}</Typography.Text>
      <div className="bm-placements" data-testid="item-windows">
        {item.windows.length === 0 && (
          <Typography.Text type="secondary">{t('catalog.placements.none')}</Typography.Text>
        )}
        {item.windows.map((w) => (
          <Tag
            key={w.code}
            closable={canAt('catalog.write', w.code)}
            onClose={(e) => {
              e.preventDefault();
              remove(w);
            }}
            data-testid={`window-${w.code}`}
          >
            {placeName(w)}
          </Tag>
        ))}
      </div>
      {canWrite && !adding && (
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => setAdding(true)}
          data-testid="window-add-open"
        >
          {t('catalog.placements.addWindow')}
        </Button>
      )}
      {canWrite && adding && (
        <Space.Compact style={{ width: '100%' }}>
          <Select<string>
            value={windowCode}
            onChange={setWindowCode}
            loading={windowOptions.loading}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('catalog.placements.pickWindow')}
            options={(windowOptions.data ?? []).map((w) => ({
              value: w.code,
              label: w.label,
              disabled: assigned.has(w.code),
            }))}
            style={{ flex: 1, minWidth: 0 }}
            notFoundContent={
              windowOptions.loading ? undefined : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.placements.noWindows')} />
              )
            }
            data-testid="window-select"
            popupMatchSelectWidth={false}
          />
          <Button
            type="primary"
            onClick={() => void add()}
            loading={busy}
            disabled={!windowCode}
            data-testid="window-add"
          >
            {t('catalog.placements.add')}
          </Button>
          <Button onClick={() => setAdding(false)}>{t('catalog.cancel')}</Button>
        </Space.Compact>
      )}
      {windowOptions.error && adding && (
        <Alert type="error" showIcon title={windowOptions.error} style={{ marginTop: 8 }} />
      )}

      <div style={{ marginTop: 16 }}>
        <Typography.Text strong>{t('catalog.placements.proxies')}</Typography.Text>
      </div>
      {!proxyAllowed && item.proxies.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} data-testid="proxy-not-allowed">
          {t('catalog.placements.proxyNotAllowed')}
        </Typography.Paragraph>
      ) : editingProxies ? (
        <>
          {others.length > 0 && !placeTree.loading && (
            <div className="bm-placements" data-testid="proxy-others">
              <Typography.Text type="secondary">{t('catalog.placements.othersKept')}</Typography.Text>
              {others.map((p) => (
                <Tag key={p.code}>{placeName(p)}</Tag>
              ))}
            </div>
          )}
          <TreeSelect
            treeData={placeTree.data ?? []}
            value={placeTree.data ? proxyCodes.filter((c) => inTree.has(c)) : []}
            onChange={(v) => setProxyCodes(v as string[])}
            treeCheckable
            showCheckedStrategy={TreeSelect.SHOW_PARENT}
            loading={placeTree.loading}
            placeholder={t('catalog.placements.pickVillages')}
            style={{ width: '100%', margin: '4px 0 8px' }}
            maxTagCount={8}
            showSearch={{ treeNodeFilterProp: 'title' }}
            data-testid="proxy-select"
          />
          {placeTree.error && (
            <Alert type="error" showIcon title={placeTree.error} style={{ marginBottom: 8 }} />
          )}
          <Space>
            <Button
              type="primary"
              size="small"
              loading={busy}
              onClick={() => void saveProxies()}
              data-testid="proxy-save"
            >
              {t('catalog.save')}
            </Button>
            <Button size="small" onClick={() => setEditingProxies(false)}>
              {t('catalog.cancel')}
            </Button>
          </Space>
        </>
      ) : (
        <>
          <div className="bm-placements" data-testid="item-proxies">
            {item.proxies.length === 0 && (
              <Typography.Text type="secondary">{t('catalog.placements.none')}</Typography.Text>
            )}
            {item.proxies.map((p) => (
              <Tag key={p.code}>{placeName(p)}</Tag>
            ))}
          </div>
          {canWrite && proxyAllowed && (
            <Button size="small" onClick={() => setEditingProxies(true)} data-testid="proxy-edit">
              {t('catalog.placements.editProxies')}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}
