import { PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Table,
  type TableColumnsType,
} from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api.ts';
import { formatTime } from '../i18n/index.ts';
import { addFee, documentUrl, type Fee, newIdempotencyKey } from './casesApi.ts';
import { placeFieldErrors } from './formErrors.ts';

/** ¥ with two decimals from an amount in fen (分), the unit the server keeps money in. */
export function yuan(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`;
}

interface Props {
  caseId: string;
  fees: { items: Fee[]; totalFen: number } | undefined;
  error: string | null;
  canAdd: boolean;
  onChanged(): void;
}

/** 一票制 fees: what was charged, a receipt to print for each, and (for the window) a new charge. */
export function FeesCard({ caseId, fees, error, canAdd, onChanged }: Props) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const columns: TableColumnsType<Fee> = [
    { key: 'name', title: t('cases.fees.name'), dataIndex: 'name' },
    { key: 'amount', title: t('cases.fees.amount'), render: (_, f) => yuan(f.amountFen), align: 'right' },
    { key: 'payer', title: t('cases.fees.payer'), responsive: ['xxl'], render: (_, f) => f.payer || '—' },
    {
      key: 'receipt',
      title: t('cases.fees.receiptNumber'),
      responsive: ['sm'],
      render: (_, f) => f.receiptNumber || '—',
    },
    {
      key: 'paidAt',
      title: t('cases.fees.paidAt'),
      responsive: ['xxl'],
      render: (_, f) => (f.paidAt ? formatTime(f.paidAt) : '—'),
    },
    {
      key: 'print',
      title: t('table.actions'),
      render: (_, f) => (
        <Button
          size="small"
          icon={<PrinterOutlined />}
          href={documentUrl(caseId, 'fee_receipt', f.id)}
          target="_blank"
          rel="noopener"
          data-testid={`fee-print-${f.id}`}
        >
          {t('cases.docs.print.fee_receipt')}
        </Button>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={t('cases.detail.fees')}
      data-testid="fees-card"
      extra={
        canAdd && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="fee-add">
            {t('cases.fees.add')}
          </Button>
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Table<Fee>
        rowKey="id"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={fees?.items ?? []}
        locale={{ emptyText: t('cases.fees.none') }}
        summary={() =>
          fees && fees.items.length > 0 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('cases.fees.total')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <span data-testid="fees-total">{yuan(fees.totalFen)}</span>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
      <AddFeeModal
        caseId={caseId}
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={() => {
          setAdding(false);
          onChanged();
        }}
      />
    </Card>
  );
}

interface FeeValues {
  name: string;
  amount: number;
  payer?: string;
}

function AddFeeModal({
  caseId,
  open,
  onClose,
  onAdded,
}: {
  caseId: string;
  open: boolean;
  onClose(): void;
  onAdded(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FeeValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      await addFee(
        caseId,
        {
          name: v.name.trim(),
          amountFen: Math.round(v.amount * 100),
          ...(v.payer?.trim() ? { payer: v.payer.trim() } : {}),
        },
        key.current,
      );
      key.current = newIdempotencyKey();
      message.success(t('cases.fees.added'));
      form.resetFields();
      onAdded();
    } catch (e) {
      placeFieldErrors(form, e, { fields: ['name', 'payer'], aliases: {} });
      setProblem(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('cases.fees.add')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'fee-submit' } as never}
      destroyOnHidden
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item
          name="name"
          label={t('cases.fees.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={200} data-testid="fee-name" />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('cases.fees.amountYuan')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <InputNumber min={0.01} precision={2} style={{ width: 180 }} data-testid="fee-amount" />
        </Form.Item>
        <Form.Item name="payer" label={t('cases.fees.payer')}>
          <Input maxLength={200} data-testid="fee-payer" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
