import { Alert, App, Card, Col, Empty, Row, Spin, Tree, type TreeDataNode, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api.ts';
import { useMe } from '../shell/session.tsx';
import { OrgDetails } from './OrgDetails.tsx';
import { OrgSearch } from './OrgSearch.tsx';
import { OrgLabel } from './OrgTags.tsx';
import { fetchOrg } from './orgApi.ts';
import type { Org, OrgHit } from './types.ts';
import { type OrgTree, useOrgTree } from './useOrgTree.ts';

function buildTreeData(tree: Pick<OrgTree, 'roots' | 'orgs' | 'children'>): TreeDataNode[] {
  const build = (code: string): TreeDataNode => {
    const org = tree.orgs[code];
    const kids = tree.children[code];
    return {
      key: code,
      // A loaded node is a leaf when it came back empty; an unloaded one trusts the server's childCount.
      isLeaf: kids ? kids.length === 0 : (org?.childCount ?? 0) === 0,
      children: kids?.map(build),
    };
  };
  return tree.roots.map(build);
}

function scrollIntoView(code: string): void {
  requestAnimationFrame(() =>
    document
      .querySelector(`[data-testid="org-node-${CSS.escape(code)}"]`)
      ?.scrollIntoView({ block: 'nearest' }),
  );
}

export function OrgTreePage() {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const tree = useOrgTree(me);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const { roots, orgs, children } = tree;
  const treeData = useMemo(() => buildTreeData({ roots, orgs, children }), [roots, orgs, children]);
  const selectedOrg = selected ? tree.orgs[selected] : undefined;

  const expand = useCallback(
    (codes: string[]) => setExpanded((prev) => [...new Set([...prev, ...codes])]),
    [],
  );

  // Open the top level at once: a lone county root with nothing under it shown looks like an empty page.
  const { ensureChildren } = tree;
  const rootKey = roots.join(',');
  useEffect(() => {
    const codes = rootKey ? rootKey.split(',') : [];
    Promise.all(codes.map((code) => ensureChildren(code)))
      .then(() => expand(codes))
      .catch(() => undefined);
  }, [rootKey, ensureChildren, expand]);

  const select = useCallback(
    async (code: string) => {
      setSelected(code);
      try {
        // Selecting opens the node too: on a phone the small switcher arrow is hard to hit.
        let org = tree.latest.current.orgs[code];
        if (!org) {
          org = await fetchOrg(code);
          tree.upsert(org);
        }
        if (org.childCount > 0) {
          await tree.ensureChildren(code);
          expand([code]);
        }
      } catch (e) {
        message.error(errorText(e));
      }
    },
    [tree, expand, message],
  );

  /** Opens every node between the person's root and a search hit, loading each level on the way. */
  const revealHit = useCallback(
    async (hit: OrgHit) => {
      tree.learnNames(hit.ancestors);
      tree.upsert(hit);
      const chain = [...hit.ancestors.map((a) => a.code), hit.code];
      const start = chain.findIndex((code) => tree.roots.includes(code));
      if (start < 0) {
        setSelected(hit.code);
        return;
      }
      const opened = chain.slice(start, -1);
      try {
        for (const code of opened) await tree.ensureChildren(code);
        expand(opened);
        setSelected(hit.code);
        scrollIntoView(hit.code);
      } catch (e) {
        message.error(errorText(e));
      }
    },
    [tree, expand, message],
  );

  const onCreated = useCallback(
    async (org: Org) => {
      message.success(t('org.created', { name: org.name }));
      try {
        if (org.parentCode) {
          await tree.reloadChildren(org.parentCode);
          expand([org.parentCode]);
        }
        tree.upsert(org);
        setSelected(org.code);
        scrollIntoView(org.code);
      } catch (e) {
        message.error(errorText(e));
      }
    },
    [tree, expand, message, t],
  );

  const onRenamed = useCallback(
    (org: Org) => {
      message.success(t('org.saved'));
      tree.upsert(org);
    },
    [tree, message, t],
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10} xl={9}>
        <Card title={t('nav.org')} styles={{ body: { padding: 12 } }}>
          <OrgSearch onPick={(hit) => void revealHit(hit)} />
          <div style={{ marginTop: 12, overflowX: 'auto' }} data-testid="org-tree">
            {tree.loading && <Spin />}
            {tree.error && <Alert type="error" showIcon title={tree.error} />}
            {!tree.loading && !tree.error && tree.roots.length === 0 && (
              <Empty description={t('org.noRoots')} />
            )}
            <Tree
              blockNode
              showLine
              treeData={treeData}
              expandedKeys={expanded}
              selectedKeys={selected ? [selected] : []}
              onExpand={(keys) => setExpanded(keys.map(String))}
              onSelect={(_keys, info) => void select(String(info.node.key))}
              loadData={(node) =>
                tree.ensureChildren(String(node.key)).catch((e) => void message.error(errorText(e)))
              }
              titleRender={(node) => {
                const org = tree.orgs[String(node.key)];
                return (
                  <span data-testid={`org-node-${String(node.key)}`}>
                    {org ? <OrgLabel org={org} /> : String(node.key)}
                  </span>
                );
              }}
            />
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={14} xl={15}>
        {selectedOrg ? (
          <OrgDetails
            org={selectedOrg}
            nameOf={tree.nameOf}
            onNavigate={(code) => void select(code)}
            onCreated={(org) => void onCreated(org)}
            onRenamed={onRenamed}
          />
        ) : (
          <Card>
            <Typography.Text type="secondary">{t('org.pickHint')}</Typography.Text>
          </Card>
        )}
      </Col>
    </Row>
  );
}
