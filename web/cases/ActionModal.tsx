import { Alert, App, Form, Modal, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_REMEDIES } from '../../core/cases/lifecycle.ts';
import type { Material } from '../../core/catalog/guide.ts';
import { ApiError, errorText } from '../api.ts';
import { type CaseView, newIdempotencyKey, runAction } from './casesApi.ts';
import { placeFieldErrors } from './formErrors.ts';
import { MaterialsChecklist } from './MaterialsChecklist.tsx';
import { fieldApplies, PayloadFieldItem, payloadOf } from './PayloadField.tsx';
import { payloadFields, useCaseTerms } from './terms.ts';

/** Actions that hand papers in: the form ticks what came with them. */
const RECEIVING_ACTIONS = new Set(['receive', 'supplement_received', 'accept']);

export interface ActionTarget {
  action: string;
  /** Values to start from, by payload field name (e.g. the missing list of a one-time notice). */
  initial?: Record<string, unknown>;
}

interface Props {
  caseId: string;
  target: ActionTarget | null;
  /** The checklist of the case's version and what is already ticked, for receiving actions. */
  checklist?: { materials: readonly Material[]; ticked: readonly string[] };
  onClose(): void;
  onDone(view: CaseView, action: string): void;
  /** The case moved under the form (409 case.concurrent_change): the page reloads it. */
  onConflict(): void;
}

/**
 * The form of one lifecycle action, generated from core's ACTION_SPECS: one control per payload field,
 * a field that applies only for a given choice (a denial's reason) shown only then. Sent with one
 * Idempotency-Key per opening, so a retry after a lost answer never acts twice.
 */
export function ActionModal({ caseId, target, checklist, onClose, onDone, onConflict }: Props) {
  const { t } = useTranslation();
  const terms = useCaseTerms();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ title: string; items: string[] } | null>(null);
  const key = useRef(newIdempotencyKey());
  const action = target?.action ?? '';
  const fields = payloadFields(action);
  const values = Form.useWatch('payload', form) as Record<string, unknown> | undefined;
  const receiving = RECEIVING_ACTIONS.has(action) && checklist !== undefined;

  // A fresh key for each opening; the form itself is rebuilt on opening (destroyOnHidden).
  useEffect(() => {
    if (!target) return;
    key.current = newIdempotencyKey();
    setProblem(null);
  }, [target]);

  const initialValues = useMemo(() => {
    const initial: Record<string, unknown> = { ...target?.initial };
    for (const f of payloadFields(target?.action ?? '')) {
      if (f.name === 'remedies' && initial.remedies === undefined) initial.remedies = DEFAULT_REMEDIES;
      if (f.kind === 'text_list' && initial[f.name] === undefined) initial[f.name] = [''];
    }
    return { payload: initial, materials: [] };
  }, [target]);

  const submit = async () => {
    await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      const materials = receiving ? (form.getFieldValue('materials') as string[]) : [];
      const view = await runAction(
        caseId,
        action,
        {
          payload: payloadOf(fields, form.getFieldValue('payload')),
          ...(materials.length > 0 ? { materials } : {}),
        },
        key.current,
      );
      message.success(t('cases.action.done', { action: terms.action(action) }));
      onDone(view, action);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'case.concurrent_change') {
        message.warning(t('cases.action.concurrent'));
        onConflict();
        onClose();
        return;
      }
      const applicable = fields.filter((f) => fieldApplies(f, values)).map((f) => `payload.${f.name}`);
      const rest = placeFieldErrors(form, error, {
        fields: [...applicable, ...(receiving ? ['materials'] : [])],
        aliases: Object.fromEntries(
          fields
            .filter((f) => f.kind === 'duration')
            .map((f) => [`payload.${f.name}`, `payload.${f.name}.value`]),
        ),
      });
      setProblem({ title: errorText(error), items: rest });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={target !== null}
      title={terms.action(action)}
      okText={t('cases.action.submit')}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'action-submit' } as never}
    >
      <div data-testid={`action-form-${action}`}>
        {problem && (
          <Alert
            type="error"
            showIcon
            title={problem.title}
            description={problem.items.length ? problem.items.join('；') : undefined}
            style={{ marginBottom: 12 }}
            data-testid="action-problem"
          />
        )}
        <Form form={form} layout="vertical" initialValues={initialValues} key={action}>
          {fields.length === 0 && !receiving && (
            <Typography.Paragraph type="secondary">{t('cases.action.noFields')}</Typography.Paragraph>
          )}
          {fields
            .filter((f) => fieldApplies(f, values))
            .map((f) => (
              <PayloadFieldItem key={f.name} action={action} field={f} />
            ))}
          {receiving && checklist && (
            <Form.Item name="materials" label={t('cases.materials.receivedNow')}>
              <MaterialsChecklist
                materials={checklist.materials}
                locked={checklist.ticked}
                testId="action-materials"
              />
            </Form.Item>
          )}
        </Form>
      </div>
    </Modal>
  );
}
