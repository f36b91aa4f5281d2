import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { BUCKETS, type Bucket, type Buckets } from './supervisionApi.ts';

export const BUCKET_COLORS: Record<Bucket, string> = {
  green: '#389e0d',
  yellow: '#d48806',
  red: '#cf1322',
  overdue: '#a8071a',
  paused: '#595959',
};

/** The five counts by light (and overdue, paused) as cards; a click picks that light for the list. */
export function LightCounts({
  total,
  selected,
  onSelect,
}: {
  total: Buckets | undefined;
  selected: Bucket | undefined;
  onSelect(bucket: Bucket | undefined): void;
}) {
  const { t } = useTranslation();
  return (
    <Row gutter={[12, 12]}>
      {BUCKETS.map((b) => (
        <Col key={b} xs={12} sm={8} md={8} lg={4} flex="1 1 0">
          <Card
            size="small"
            hoverable
            onClick={() => onSelect(selected === b ? undefined : b)}
            data-testid={`light-${b}`}
            data-count={total?.[b] ?? ''}
            style={{
              borderColor: selected === b ? BUCKET_COLORS[b] : undefined,
              borderWidth: selected === b ? 2 : 1,
            }}
          >
            <Statistic
              title={t(`supervision.bucket.${b}`)}
              value={total?.[b] ?? '—'}
              styles={{ content: { color: BUCKET_COLORS[b], fontWeight: 600 } }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
