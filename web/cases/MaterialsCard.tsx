import {
  CheckCircleTwoTone,
  ClockCircleOutlined,
  PaperClipOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Material } from '../../core/catalog/guide.ts';
import { errorText } from '../api.ts';
import { formatTime } from '../i18n/index.ts';
import { type CaseFile, fileUrl, uploadFile } from './casesApi.ts';

/** What the server stores for a case (cases-api contract): PDF and photos, 10 MiB at most. */
const FILE_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};
const ACCEPT = Object.keys(FILE_TYPES)
  .map((e) => `.${e}`)
  .join(',');
export const MAX_CASE_FILE_BYTES = 10 * 1024 * 1024;

function typeOf(file: File): string | null {
  return FILE_TYPES[file.name.split('.').pop()?.toLowerCase() ?? ''] ?? null;
}

function sizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

interface Props {
  caseId: string;
  /** The checklist of the version the case was filed under; null while loading or when unreadable. */
  checklist: readonly Material[] | null;
  ticked: readonly string[];
  files: CaseFile[];
  canUpload: boolean;
  onUploaded(): void;
}

/** Each material of the checklist: received or not, and the scans on file for it (upload, download). */
export function MaterialsCard({ caseId, checklist, ticked, files, canUpload, onUploaded }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState<string | null>(null);
  // Names ticked but missing from the checklist (a name the item later dropped) are still shown.
  const names = [
    ...(checklist ?? []).map((m) => ({ name: m.name, required: m.required })),
    ...ticked.filter((n) => !checklist?.some((m) => m.name === n)).map((name) => ({ name, required: false })),
  ];

  const upload = async (material: string, file: File) => {
    const type = typeOf(file);
    if (!type) {
      message.error(t('cases.files.badType'));
      return;
    }
    if (file.size > MAX_CASE_FILE_BYTES) {
      message.error(t('cases.files.tooBig', { max: '10 MB' }));
      return;
    }
    setUploading(material);
    try {
      await uploadFile(caseId, material, file, type);
      message.success(t('cases.files.uploaded', { name: file.name }));
      onUploaded();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setUploading(null);
    }
  };

  return (
    <Card size="small" title={t('cases.detail.materials')} data-testid="materials-card">
      {names.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.materials.none')} />
      )}
      <Flex vertical gap={10}>
        {names.map((m, i) => {
          const received = ticked.includes(m.name);
          const own = files.filter((f) => f.material === m.name);
          return (
            <div key={m.name} data-testid={`material-${i}`} data-name={m.name} data-received={received}>
              <Flex wrap gap={6} align="center" justify="space-between">
                <Space size={6} wrap>
                  {received ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <ClockCircleOutlined />}
                  <span>{m.name}</span>
                  {m.required && <Tag color="red">{t('cases.materials.required')}</Tag>}
                  <Typography.Text type={received ? 'success' : 'secondary'} style={{ fontSize: 12 }}>
                    {received ? t('cases.materials.received') : t('cases.materials.notReceived')}
                  </Typography.Text>
                </Space>
                {canUpload && (
                  <Upload
                    accept={ACCEPT}
                    showUploadList={false}
                    beforeUpload={(file) => {
                      void upload(m.name, file);
                      return false;
                    }}
                  >
                    <Button
                      size="small"
                      icon={<UploadOutlined />}
                      loading={uploading === m.name}
                      data-testid={`material-${i}-upload`}
                    >
                      {t('cases.files.upload')}
                    </Button>
                  </Upload>
                )}
              </Flex>
              {own.map((f) => (
                <div key={f.id} style={{ paddingInlineStart: 22, fontSize: 12 }} data-testid={`file-${f.id}`}>
                  <a href={fileUrl(caseId, f.id)} target="_blank" rel="noopener">
                    <PaperClipOutlined /> {f.name}
                  </a>
                  <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
                    {sizeText(f.size)} · {formatTime(f.uploadedAt)}
                    {f.uploadedBy ? ` · ${f.uploadedBy}` : ''}
                  </Typography.Text>
                </div>
              ))}
            </div>
          );
        })}
      </Flex>
    </Card>
  );
}
