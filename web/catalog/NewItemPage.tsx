import { SaveOutlined } from '@ant-design/icons';
import { App, Breadcrumb, Button, Form, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useLoad } from '../portal/useLoad.ts';
import { useMe } from '../shell/session.tsx';
import { createItem } from './catalogApi.ts';
import { EditorProblemAlert } from './EditorProblemAlert.tsx';
import { type EditorValues, EMPTY_GUIDE, fromForm } from './editorValues.ts';
import { loadDepartmentOptions } from './orgOptions.ts';
import { useEditorErrors } from './useEditorErrors.ts';
import { VersionEditor } from './VersionEditor.tsx';
import './catalog.css';

/** /console/catalog/new — a new item and its draft v1; files can be attached once the draft exists. */
export function NewItemPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useMe();
  const [form] = Form.useForm<EditorValues>();
  const [busy, setBusy] = useState(false);
  const errors = useEditorErrors(form);
  const county = me.orgCode.slice(0, 6);
  const roleOrgs = me.roles.map((r) => r.orgCode);
  const departments = useLoad(() => loadDepartmentOptions(county, roleOrgs), [county, roleOrgs.join(',')]);

  const save = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const values = form.getFieldsValue(true);
      const draft = await createItem({
        departmentCode: values.departmentCode,
        level: values.level,
        basicCode: values.basicCode?.trim(),
        implementationCode: values.implementationCode?.trim(),
        ...fromForm(values),
      });
      message.success(t('catalog.created', { name: draft.name }));
      navigate(`/console/catalog/items/${draft.itemId}?version=${draft.id}`);
    } catch (e) {
      errors.show(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="new-item-page">
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to="/console/catalog">{t('catalog.title')}</Link> },
          { title: t('catalog.newItem') },
        ]}
      />
      <div className="bm-version-bar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('catalog.newItem')}
        </Typography.Title>
        <Space>
          <Button onClick={() => navigate('/console/catalog')}>{t('catalog.cancel')}</Button>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            loading={busy}
            onClick={() => void save()}
            data-testid="new-item-save"
          >
            {t('catalog.createDraft')}
          </Button>
        </Space>
      </div>
      <EditorProblemAlert problem={errors.problem} />
      <VersionEditor
        form={form}
        initialValues={{ ...EMPTY_GUIDE, level: 'county' }}
        mode="create"
        departments={departments.data ?? []}
        sectionErrors={errors.sections}
        fileNames={{}}
      />
    </div>
  );
}
