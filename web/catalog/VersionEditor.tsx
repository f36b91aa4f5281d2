import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  PaperClipOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { OrgSelect } from '../org/OrgSelect.tsx';
import { fileUrl, MAX_FILE_BYTES, UPLOAD_ACCEPT } from './catalogApi.ts';
import { type EditorValues, NEW_MATERIAL } from './editorValues.ts';
import type { DepartmentOption } from './orgOptions.ts';
import { useTerms } from './terms.ts';

export type FileKind = 'blank' | 'sample';

interface Props {
  form: FormInstance<EditorValues>;
  initialValues: EditorValues;
  /** create: the identity fields (department, level, codes) are asked too; edit: they are fixed. */
  mode: 'create' | 'edit';
  departments: DepartmentOption[];
  /** Complaints that belong to a whole section (e.g. steps adding up to more than the promise). */
  sectionErrors: Record<string, string[]>;
  /** Uploads a blank form or sample for material `index`; absent when files cannot be attached yet. */
  onUpload?(index: number, kind: FileKind, file: File): Promise<void>;
  uploading?: string | null;
  fileNames: Record<string, string>;
  onValuesChange?(): void;
}

function SectionErrors({ errors, testId }: { errors?: string[]; testId: string }) {
  if (!errors?.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid={testId}
      title={errors.length === 1 ? errors[0] : undefined}
      description={
        errors.length > 1 ? (
          <ul className="bm-error-list">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

function LimitInput({
  name,
  label,
  optional,
  testId,
}: {
  name: (string | number)[];
  label: ReactNode;
  optional?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const terms = useTerms();
  return (
    <Form.Item label={label} required={!optional} style={{ marginBottom: 12 }}>
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item
          name={[...name, 'value']}
          noStyle
          rules={optional ? [] : [{ required: true, message: t('catalog.editor.limitRequired') }]}
        >
          <InputNumber
            min={0}
            max={3650}
            precision={0}
            placeholder={optional ? t('catalog.editor.noLimit') : undefined}
            style={{ width: '45%' }}
            data-testid={`${testId}-value`}
          />
        </Form.Item>
        <Form.Item name={[...name, 'unit']} noStyle>
          <Select
            options={terms.options('limitUnits')}
            style={{ width: '55%' }}
            popupMatchSelectWidth={false}
            data-testid={`${testId}-unit`}
          />
        </Form.Item>
      </Space.Compact>
    </Form.Item>
  );
}

function MoveButtons({
  index,
  count,
  move,
  remove,
  testId,
}: {
  index: number;
  count: number;
  move(from: number, to: number): void;
  remove(index: number): void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Space size={0}>
      <Button
        type="text"
        size="small"
        icon={<ArrowUpOutlined />}
        disabled={index === 0}
        onClick={() => move(index, index - 1)}
        aria-label={t('catalog.editor.up')}
      />
      <Button
        type="text"
        size="small"
        icon={<ArrowDownOutlined />}
        disabled={index === count - 1}
        onClick={() => move(index, index + 1)}
        aria-label={t('catalog.editor.down')}
      />
      <Button
        type="text"
        size="small"
        danger
        icon={<DeleteOutlined />}
        onClick={() => remove(index)}
        aria-label={t('catalog.editor.remove')}
        data-testid={`${testId}-remove`}
      />
    </Space>
  );
}

function FileSlot({
  form,
  index,
  kind,
  fileNames,
  onUpload,
  uploading,
}: {
  form: FormInstance<EditorValues>;
  index: number;
  kind: FileKind;
  fileNames: Record<string, string>;
  onUpload?: Props['onUpload'];
  uploading?: string | null;
}) {
  const { t } = useTranslation();
  const key = kind === 'blank' ? 'blankFileId' : 'sampleFileId';
  const id = Form.useWatch(['materials', index, key], form) as string | null | undefined;
  const label = kind === 'blank' ? t('portal.guide.blankForm') : t('portal.guide.sample');
  const busy = uploading === `${index}-${kind}`;
  return (
    <Space size={4} wrap className="bm-file-slot" data-testid={`material-${index}-${kind}-slot`}>
      <Typography.Text type="secondary">{label}:</Typography.Text>
      {id ? (
        <>
          <a
            href={fileUrl(id)}
            target="_blank"
            rel="noreferrer"
            data-testid={`material-${index}-${kind}-file`}
          >
            <PaperClipOutlined /> {fileNames[id] ?? t('catalog.editor.fileStored')}
          </a>
          <Button
            type="link"
            size="small"
            danger
            onClick={() => form.setFieldValue(['materials', index, key], null)}
          >
            {t('catalog.editor.removeFile')}
          </Button>
        </>
      ) : (
        <Typography.Text type="secondary">{t('catalog.editor.noFile')}</Typography.Text>
      )}
      {onUpload ? (
        <Upload
          accept={UPLOAD_ACCEPT}
          showUploadList={false}
          beforeUpload={(file) => {
            if (file.size > MAX_FILE_BYTES) {
              form.setFields([
                { name: ['materials', index, 'name'], errors: [t('catalog.editor.fileTooBig')] },
              ]);
            } else void onUpload(index, kind, file);
            return Upload.LIST_IGNORE;
          }}
        >
          <Button
            size="small"
            icon={<UploadOutlined />}
            loading={busy}
            data-testid={`material-${index}-${kind}-upload`}
          >
            {id ? t('catalog.editor.replaceFile') : t('catalog.editor.uploadFile')}
          </Button>
        </Upload>
      ) : (
        <Tooltip title={t('catalog.editor.uploadAfterCreate')}>
          <Button size="small" icon={<UploadOutlined />} disabled>
            {t('catalog.editor.uploadFile')}
          </Button>
        </Tooltip>
      )}
    </Space>
  );
}

/**
 * The form for a draft version: every field of the guide, laid out in the order of the five publics. The
 * server checks everything (one set of rules for the API and spreadsheets); its complaints come back into
 * this form next to the fields they name.
 */
export function VersionEditor({
  form,
  initialValues,
  mode,
  departments,
  sectionErrors,
  onUpload,
  uploading,
  fileNames,
  onValuesChange,
}: Props) {
  const { t } = useTranslation();
  const terms = useTerms();
  const kind = Form.useWatch(['handling', 'kind'], form) ?? initialValues.handling.kind;
  const charged = Form.useWatch('charged', form) ?? initialValues.charged;
  const lead = Form.useWatch(['handling', 'lead'], form);
  const f = (key: string) => t(`catalog.field.${key}`);

  return (
    <Form<EditorValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onValuesChange={onValuesChange}
      scrollToFirstError
      data-testid="version-editor"
      className="bm-editor"
    >
      <Card size="small" title={t('catalog.editor.basics')} className="bm-editor-card">
        {mode === 'create' && (
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item
                name="departmentCode"
                label={f('department')}
                required
                tooltip={t('catalog.editor.departmentHint')}
              >
                <OrgSelect testId="editor-department" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="level" label={f('level')} required>
                <Radio.Group
                  options={terms.options('levels')}
                  optionType="button"
                  data-testid="editor-level"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="implementationCode" label={f('implementationCode')} required>
                <Input maxLength={64} data-testid="editor-implementation-code" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="basicCode" label={f('basicCode')} required>
                <Input maxLength={64} data-testid="editor-basic-code" />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Row gutter={12}>
          <Col xs={24} md={14}>
            <Form.Item
              name="name"
              label={f('name')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <Input maxLength={100} showCount data-testid="editor-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="type" label={f('type')} required>
              <Select options={terms.options('itemTypes')} data-testid="editor-type" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="conditions" label={f('conditions')} required>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={4000}
            data-testid="editor-conditions"
          />
        </Form.Item>
        <Form.Item name="legalBasis" label={f('legalBasis')} required>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={4000}
            data-testid="editor-legal-basis"
          />
        </Form.Item>
      </Card>

      <Card size="small" title={f('materials')} className="bm-editor-card" data-testid="editor-materials">
        <SectionErrors errors={sectionErrors.materials} testId="editor-materials-errors" />
        <Form.List name="materials">
          {(fields, { add, remove, move }) => (
            <>
              {fields.map((field, index) => (
                <div key={field.key} className="bm-editor-row" data-testid={`editor-material-${index}`}>
                  <div className="bm-editor-row-head">
                    <Typography.Text strong>
                      {t('catalog.editor.materialNo', { n: index + 1 })}
                    </Typography.Text>
                    <MoveButtons
                      index={index}
                      count={fields.length}
                      move={move}
                      remove={remove}
                      testId={`editor-material-${index}`}
                    />
                  </div>
                  <Row gutter={8}>
                    <Col xs={24} lg={12}>
                      <Form.Item name={[field.name, 'name']} label={f('materialName')} required>
                        <Input maxLength={200} data-testid={`editor-material-${index}-name`} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} sm={6} lg={4}>
                      <Form.Item
                        name={[field.name, 'required']}
                        label={f('materialRequired')}
                        valuePropName="checked"
                      >
                        <Switch data-testid={`editor-material-${index}-required`} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} sm={6} lg={4}>
                      <Form.Item name={[field.name, 'copies']} label={f('materialCopies')}>
                        <InputNumber
                          min={1}
                          max={99}
                          precision={0}
                          style={{ width: '100%' }}
                          data-testid={`editor-material-${index}-copies`}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={12} sm={6} lg={4}>
                      <Form.Item name={[field.name, 'form']} label={f('materialForm')}>
                        <Select options={terms.options('materialForms')} popupMatchSelectWidth={false} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} sm={6} lg={6}>
                      <Form.Item name={[field.name, 'source']} label={f('materialSource')}>
                        <Select options={terms.options('materialSources')} popupMatchSelectWidth={false} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} lg={18}>
                      <Form.Item name={[field.name, 'note']} label={f('materialNote')}>
                        <Input maxLength={200} />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Form.Item name={[field.name, 'blankFileId']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[field.name, 'sampleFileId']} hidden>
                    <Input />
                  </Form.Item>
                  <Space wrap size={[16, 4]}>
                    <FileSlot
                      form={form}
                      index={index}
                      kind="blank"
                      fileNames={fileNames}
                      onUpload={onUpload}
                      uploading={uploading}
                    />
                    <FileSlot
                      form={form}
                      index={index}
                      kind="sample"
                      fileNames={fileNames}
                      onUpload={onUpload}
                      uploading={uploading}
                    />
                  </Space>
                </div>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ ...NEW_MATERIAL })}
                data-testid="editor-material-add"
              >
                {t('catalog.editor.addMaterial')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>

      <Card size="small" title={f('steps')} className="bm-editor-card" data-testid="editor-steps">
        <SectionErrors errors={sectionErrors.steps} testId="editor-steps-errors" />
        <Form.List name="steps">
          {(fields, { add, remove, move }) => (
            <>
              {fields.map((field, index) => (
                <div key={field.key} className="bm-editor-row" data-testid={`editor-step-${index}`}>
                  <div className="bm-editor-row-head">
                    <Typography.Text strong>{t('catalog.editor.stepNo', { n: index + 1 })}</Typography.Text>
                    <MoveButtons
                      index={index}
                      count={fields.length}
                      move={move}
                      remove={remove}
                      testId={`editor-step-${index}`}
                    />
                  </div>
                  <Row gutter={8}>
                    <Col xs={24} sm={8}>
                      <Form.Item name={[field.name, 'name']} label={f('stepName')} required>
                        <Input maxLength={200} data-testid={`editor-step-${index}-name`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={8}>
                      <Form.Item name={[field.name, 'role']} label={f('stepRole')} required>
                        <Input maxLength={200} data-testid={`editor-step-${index}-role`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={8}>
                      <LimitInput
                        name={[field.name, 'limit']}
                        label={f('stepLimit')}
                        optional
                        testId={`editor-step-${index}-limit`}
                      />
                    </Col>
                  </Row>
                </div>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ name: '', role: '', limit: { value: null, unit: 'working_days' } })}
                data-testid="editor-step-add"
              >
                {t('catalog.editor.addStep')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>

      <Card size="small" title={t('catalog.editor.timeAndHandling')} className="bm-editor-card">
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <LimitInput name={['legalLimit']} label={f('legalLimit')} optional testId="editor-legal-limit" />
          </Col>
          <Col xs={24} md={12}>
            <LimitInput name={['promisedLimit']} label={f('promisedLimit')} testId="editor-promised-limit" />
          </Col>
        </Row>
        <Form.Item
          name={['handling', 'kind']}
          label={f('handlingKind')}
          required
          tooltip={t('catalog.editor.handlingHint')}
        >
          <Radio.Group
            options={terms.options('handlingKinds')}
            optionType="button"
            data-testid="editor-handling-kind"
          />
        </Form.Item>
        {kind === 'joint' && (
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name={['handling', 'lead']} label={f('lead')} required>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={departments}
                  allowClear
                  data-testid="editor-handling-lead"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['handling', 'participants']} label={f('participants')} required>
                <Select
                  mode="multiple"
                  showSearch={{ optionFilterProp: 'label' }}
                  options={departments.filter((d) => d.value !== lead)}
                  data-testid="editor-handling-participants"
                />
              </Form.Item>
            </Col>
          </Row>
        )}
        {kind === 'escalated' && (
          <Form.Item name={['handling', 'targetLevel']} label={f('targetLevel')} required>
            <Radio.Group
              options={terms.options('escalationLevels')}
              optionType="button"
              data-testid="editor-handling-target"
            />
          </Form.Item>
        )}
        <Form.Item name="maxVisits" label={f('maxVisits')} tooltip={t('catalog.editor.visitsHint')}>
          <InputNumber min={0} max={10} precision={0} data-testid="editor-max-visits" />
        </Form.Item>
      </Card>

      <Card size="small" title={f('fees')} className="bm-editor-card" data-testid="editor-fees">
        <SectionErrors errors={sectionErrors.fees} testId="editor-fees-errors" />
        <Form.Item name="charged" label={f('charged')} valuePropName="checked">
          <Switch
            checkedChildren={t('portal.yes')}
            unCheckedChildren={t('portal.no')}
            data-testid="editor-charged"
          />
        </Form.Item>
        {charged && (
          <Form.List name="fees">
            {(fields, { add, remove, move }) => (
              <>
                {fields.map((field, index) => (
                  <div key={field.key} className="bm-editor-row">
                    <div className="bm-editor-row-head">
                      <Typography.Text strong>{t('catalog.editor.feeNo', { n: index + 1 })}</Typography.Text>
                      <MoveButtons
                        index={index}
                        count={fields.length}
                        move={move}
                        remove={remove}
                        testId={`editor-fee-${index}`}
                      />
                    </div>
                    <Row gutter={8}>
                      <Col xs={24} md={8}>
                        <Form.Item name={[field.name, 'name']} label={f('feeName')} required>
                          <Input maxLength={200} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={8}>
                        <Form.Item name={[field.name, 'standard']} label={f('feeStandard')} required>
                          <Input maxLength={200} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={8}>
                        <Form.Item name={[field.name, 'basis']} label={f('feeBasis')} required>
                          <Input maxLength={400} />
                        </Form.Item>
                      </Col>
                    </Row>
                  </div>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ name: '', standard: '', basis: '' })}>
                  {t('catalog.editor.addFee')}
                </Button>
              </>
            )}
          </Form.List>
        )}
      </Card>

      <Card size="small" title={t('catalog.editor.service')} className="bm-editor-card">
        <Form.Item name="place" label={f('place')} required>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={400} data-testid="editor-place" />
        </Form.Item>
        <Form.Item name="hours" label={f('hours')} required>
          <Input maxLength={200} data-testid="editor-hours" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="consultPhone" label={f('consultPhone')} required>
              <Input maxLength={20} inputMode="tel" data-testid="editor-consult-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="complaintPhone" label={f('complaintPhone')} required>
              <Input maxLength={20} inputMode="tel" data-testid="editor-complaint-phone" />
            </Form.Item>
          </Col>
        </Row>
        <Space wrap size={[24, 0]}>
          <Form.Item name="onlineApply" label={f('onlineApply')} valuePropName="checked">
            <Switch data-testid="editor-online" />
          </Form.Item>
          <Form.Item name="appointment" label={f('appointment')} valuePropName="checked">
            <Switch data-testid="editor-appointment" />
          </Form.Item>
          <Form.Item name="proxyAllowed" label={f('proxyAllowed')} valuePropName="checked">
            <Switch data-testid="editor-proxy" />
          </Form.Item>
        </Space>
        <Form.Item name="themes" label={f('themes')}>
          <Checkbox.Group options={terms.options('themes')} data-testid="editor-themes" />
        </Form.Item>
      </Card>

      <Card size="small" title={f('faq')} className="bm-editor-card">
        <SectionErrors errors={sectionErrors.faq} testId="editor-faq-errors" />
        <Form.List name="faq">
          {(fields, { add, remove, move }) => (
            <>
              {fields.map((field, index) => (
                <div key={field.key} className="bm-editor-row">
                  <div className="bm-editor-row-head">
                    <Typography.Text strong>{t('catalog.editor.faqNo', { n: index + 1 })}</Typography.Text>
                    <MoveButtons
                      index={index}
                      count={fields.length}
                      move={move}
                      remove={remove}
                      testId={`editor-faq-${index}`}
                    />
                  </div>
                  <Form.Item name={[field.name, 'question']} label={f('question')} required>
                    <Input maxLength={400} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'answer']} label={f('answer')} required>
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
                  </Form.Item>
                </div>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ question: '', answer: '' })}>
                {t('catalog.editor.addFaq')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
    </Form>
  );
}
