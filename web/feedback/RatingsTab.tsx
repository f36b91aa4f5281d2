import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Flex,
  Input,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RATING_CHANNELS, RATING_LEVELS } from '../../core/feedback/index.ts';
import { errorText } from '../api.ts';
import { download } from '../catalog/catalogApi.ts';
import { formatTime } from '../i18n/index.ts';
import { useDebounced } from '../org/useDebounced.ts';
import { useLoad } from '../portal/useLoad.ts';
import { tablePagination } from '../shell/tablePagination.ts';
import { exportUrl, feedbackApi, type RatingView } from './feedbackApi.ts';

export const LEVEL_COLOR: Record<string, string> = {
  very_satisfied: 'green',
  satisfied: 'green',
  basically_satisfied: 'blue',
  dissatisfied: 'orange',
  very_dissatisfied: 'red',
};

/** 评价列表: every rating in the caller's subtree, with filters and an Excel export. */
export function RatingsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [level, setLevel] = useState<string | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [channel, setChannel] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const query = {
    level,
    kind,
    channel,
    q: q || undefined,
    from: range?.[0]?.format('YYYY-MM-DD'),
    to: range?.[1]?.format('YYYY-MM-DD'),
  };
  const list = useLoad(
    (signal) => feedbackApi.ratings({ ...query, page, pageSize }, signal),
    [JSON.stringify(query), page, pageSize],
  );
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };

  const columns: TableColumnsType<RatingView> = [
    { key: 'at', title: t('feedback.col.time'), render: (_, r) => formatTime(r.createdAt), width: 170 },
    {
      key: 'subject',
      title: t('feedback.col.subject'),
      render: (_, r) =>
        r.kind === 'case' ? (
          <div>
            <div className="bm-case-number">{r.caseNumber}</div>
            <Typography.Text type="secondary">{r.itemName}</Typography.Text>
          </div>
        ) : (
          <div>
            <Tag>{t('feedback.kind.visit')}</Tag>
            {r.visitDate} {r.staffName ?? ''}
          </div>
        ),
    },
    { key: 'org', title: t('feedback.col.unit'), render: (_, r) => r.orgName },
    {
      key: 'level',
      title: t('feedback.col.level'),
      render: (_, r) => (
        <Tag color={LEVEL_COLOR[r.level]} data-testid={`rating-level-${r.id}`}>
          {t(`feedback.level.${r.level}`)}
        </Tag>
      ),
    },
    {
      key: 'overall',
      title: t('feedback.dimension.overall'),
      render: (_, r) => r.scores.overall ?? '—',
      width: 70,
    },
    {
      key: 'comment',
      title: t('feedback.col.comment'),
      render: (_, r) =>
        r.comment ? (
          <Typography.Paragraph
            style={{ maxWidth: 280, marginBottom: 0 }}
            ellipsis={{ rows: 2, tooltip: r.comment }}
          >
            {r.comment}
          </Typography.Paragraph>
        ) : (
          '—'
        ),
    },
    {
      key: 'channel',
      title: t('feedback.col.channel'),
      render: (_, r) => t(`feedback.channel.${r.channel}`),
    },
    {
      key: 'rater',
      title: t('feedback.col.rater'),
      render: (_, r) => (r.named ? `${r.raterName ?? ''} ${r.raterPhone ?? ''}` : t('feedback.anonymous')),
    },
    {
      key: 'order',
      title: t('feedback.col.rectification'),
      render: (_, r) =>
        r.invalid ? (
          <Tag>{t('feedback.status.invalid')}</Tag>
        ) : r.orderStatus ? (
          <Tag color="orange">{t(`feedback.status.${r.orderStatus}`)}</Tag>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <div data-testid="ratings-tab">
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setPage(1);
          }}
          placeholder={t('feedback.filter.caseNumber')}
          style={{ width: 220 }}
        />
        <Select<string>
          allowClear
          value={level}
          onChange={reset(setLevel)}
          placeholder={t('feedback.col.level')}
          options={RATING_LEVELS.map((l) => ({ value: l, label: t(`feedback.level.${l}`) }))}
          style={{ width: 140 }}
          data-testid="ratings-filter-level"
        />
        <Select<string>
          allowClear
          value={kind}
          onChange={reset(setKind)}
          placeholder={t('feedback.filter.kind')}
          options={(['case', 'visit'] as const).map((k) => ({ value: k, label: t(`feedback.kind.${k}`) }))}
          style={{ width: 130 }}
        />
        <Select<string>
          allowClear
          value={channel}
          onChange={reset(setChannel)}
          placeholder={t('feedback.col.channel')}
          options={RATING_CHANNELS.map((c) => ({ value: c, label: t(`feedback.channel.${c}`) }))}
          style={{ width: 140 }}
        />
        <DatePicker.RangePicker value={range} onChange={(v) => reset(setRange)(v)} />
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            download(exportUrl('ratings', query), 'ratings.xlsx').catch((e) => message.error(errorText(e)))
          }
          data-testid="ratings-export"
        >
          {t('feedback.export')}
        </Button>
      </Flex>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 12 }} />}
      <Table<RatingView>
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={tablePagination(t, { page, pageSize, total: list.data?.total ?? 0 }, (p, s) => {
          setPage(p);
          setPageSize(s);
        })}
      />
    </div>
  );
}
