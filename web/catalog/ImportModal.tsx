import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, errorText } from '../api.ts';
import { download, type ImportError, type ImportResult, importCatalog, TEMPLATE_URL } from './catalogApi.ts';

interface Props {
  open: boolean;
  onClose(): void;
  /** Called after a successful import, so the list can show the new drafts. */
  onImported(): void;
}

/** The row-by-row report of a refused import: nothing was stored, every wrong cell is named. */
function ErrorReport({ errors }: { errors: ImportError[] }) {
  const { t } = useTranslation();
  return (
    <Table<ImportError & { key: number }>
      size="small"
      data-testid="import-errors"
      rowKey="key"
      dataSource={errors.map((e, key) => ({ ...e, key }))}
      pagination={errors.length > 10 ? { pageSize: 10, size: 'small' } : false}
      scroll={{ x: 560 }}
      onRow={(e) => ({ 'data-testid': `import-error-${e.key}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { key: 'row', title: t('catalog.import.row'), width: 70, render: (_, e) => e.row ?? '—' },
        {
          key: 'column',
          title: t('catalog.import.column'),
          width: 130,
          render: (_, e) => e.column ?? e.field,
        },
        { key: 'message', title: t('catalog.import.problem'), render: (_, e) => e.message },
      ]}
    />
  );
}

export function ImportModal({ open, onClose, onImported }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [submit, setSubmit] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [errors, setErrors] = useState<ImportError[]>([]);
  const [result, setResult] = useState<ImportResult | null>(null);

  const reset = () => {
    setFile(null);
    setProblem(null);
    setErrors([]);
    setResult(null);
  };

  const run = async () => {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    setErrors([]);
    try {
      const res = await importCatalog(file, submit);
      setResult(res);
      onImported();
      message.success(t('catalog.import.done', { created: res.created, updated: res.updated }));
    } catch (e) {
      setProblem(errorText(e));
      if (e instanceof ApiError) setErrors((e.problem.errors as ImportError[] | undefined) ?? []);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('catalog.import.title')}
      onCancel={() => {
        reset();
        onClose();
      }}
      footer={null}
      width={760}
      destroyOnHidden
      data-testid="import-modal"
    >
      <div data-testid="catalog-import-modal">
        <Typography.Paragraph type="secondary">{t('catalog.import.hint')}</Typography.Paragraph>
        <Button
          icon={<DownloadOutlined />}
          onClick={() => download(TEMPLATE_URL, 'template.xlsx').catch((e) => message.error(errorText(e)))}
          data-testid="import-template"
          style={{ marginBottom: 12 }}
        >
          {t('catalog.template')}
        </Button>
        {!result && (
          <>
            <Upload.Dragger
              accept=".xlsx"
              multiple={false}
              showUploadList={false}
              beforeUpload={(f) => {
                setFile(f);
                setProblem(null);
                setErrors([]);
                return Upload.LIST_IGNORE;
              }}
              data-testid="import-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('catalog.import.drop')}</p>
            </Upload.Dragger>
            {file && (
              <Typography.Paragraph style={{ marginTop: 8 }} data-testid="import-file-name">
                {t('catalog.import.chosen', { name: file.name })}
              </Typography.Paragraph>
            )}
            <Checkbox
              checked={submit}
              onChange={(e) => setSubmit(e.target.checked)}
              style={{ margin: '8px 0' }}
              data-testid="import-submit-review"
            >
              {t('catalog.import.submitForReview')}
            </Checkbox>
          </>
        )}
        {problem && (
          <Alert
            type="error"
            showIcon
            title={problem}
            description={
              errors.length > 0 ? t('catalog.import.nothingStored', { n: errors.length }) : undefined
            }
            style={{ margin: '12px 0' }}
            data-testid="import-problem"
          />
        )}
        {errors.length > 0 && <ErrorReport errors={errors} />}
        {result && (
          <div data-testid="import-result">
            <Alert
              type="success"
              showIcon
              title={t('catalog.import.done', { created: result.created, updated: result.updated })}
              style={{ marginBottom: 12 }}
            />
            <Table
              size="small"
              rowKey="versionId"
              dataSource={result.items}
              pagination={result.items.length > 10 ? { pageSize: 10, size: 'small' } : false}
              columns={[
                { key: 'row', title: t('catalog.import.row'), width: 70, dataIndex: 'row' },
                {
                  key: 'code',
                  title: t('catalog.field.implementationCode'),
                  render: (_, r) => (
                    <Link to={`/console/catalog/items/${r.itemId}`}>{r.implementationCode}</Link>
                  ),
                },
                {
                  key: 'what',
                  title: t('catalog.import.what'),
                  render: (_, r) => (r.created ? t('catalog.import.created') : t('catalog.import.updated')),
                },
              ]}
            />
          </div>
        )}
        <Space style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 12 }}>
          {result ? (
            <Button onClick={reset}>{t('catalog.import.again')}</Button>
          ) : (
            <Button
              type="primary"
              disabled={!file}
              loading={busy}
              onClick={() => void run()}
              data-testid="import-run"
            >
              {t('catalog.import.run')}
            </Button>
          )}
        </Space>
      </div>
    </Modal>
  );
}
