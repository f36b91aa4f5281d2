import { Col, Form, Input, Radio, Row } from 'antd';
import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  type ValidationResult,
  validateCreditCode,
  validateIdNumber,
  validatePhone,
} from '../../core/validators/index.ts';

/** The applicant's form names, as the server reports them in field errors. */
export const APPLICANT_FIELDS = [
  'applicant.kind',
  'applicant.name',
  'applicant.idNumber',
  'applicant.creditCode',
  'applicant.phone',
] as const;

/**
 * A rule running core/validators, the same check the server makes: every problem is listed, each under
 * its code's text (in Chinese the validator's own, which says e.g. which check digit was expected).
 */
function coreRule(check: (value: string) => ValidationResult<unknown>, t: TFunction): Rule {
  return {
    validator: async (_, value: unknown) => {
      if (typeof value !== 'string' || value.trim() === '') return;
      const result = check(value);
      if (result.ok) return;
      throw new Error(
        result.errors
          .map((e) => t(`cases.validation.${e.code}`, { message: e.message, defaultValue: e.message }))
          .join('；'),
      );
    },
  };
}

export function ApplicantFields({ testPrefix = 'applicant' }: { testPrefix?: string }) {
  const { t } = useTranslation();
  const kind = Form.useWatch(['applicant', 'kind']) as 'person' | 'enterprise' | undefined;
  const required = { required: true, message: t('form.required') };
  return (
    <>
      <Form.Item name={['applicant', 'kind']} label={t('cases.applicant.kind')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'person', label: t('cases.applicant.person') },
            { value: 'enterprise', label: t('cases.applicant.enterprise') },
          ]}
          data-testid={`${testPrefix}-kind`}
        />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item
            name={['applicant', 'name']}
            label={kind === 'enterprise' ? t('cases.applicant.enterpriseName') : t('cases.applicant.name')}
            rules={[required, { max: 200, message: t('form.tooLong', { max: 200 }) }]}
          >
            <Input data-testid={`${testPrefix}-name`} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          {kind === 'enterprise' ? (
            <Form.Item
              name={['applicant', 'creditCode']}
              label={t('cases.applicant.creditCode')}
              rules={[required, coreRule((v) => validateCreditCode(v), t)]}
              validateTrigger="onBlur"
            >
              <Input data-testid={`${testPrefix}-credit-code`} autoComplete="off" maxLength={40} />
            </Form.Item>
          ) : (
            <Form.Item
              name={['applicant', 'idNumber']}
              label={t('cases.applicant.idNumber')}
              rules={[required, coreRule((v) => validateIdNumber(v, { today: new Date() }), t)]}
              validateTrigger="onBlur"
            >
              <Input data-testid={`${testPrefix}-id-number`} autoComplete="off" maxLength={40} />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={['applicant', 'phone']}
            label={t('cases.applicant.phone')}
            rules={[required, coreRule((v) => validatePhone(v), t)]}
            validateTrigger="onBlur"
          >
            <Input data-testid={`${testPrefix}-phone`} autoComplete="off" inputMode="tel" maxLength={30} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
